#include "tracebuffer.h"

#include <QMutexLocker>

#include <algorithm>

namespace portico::mock {
namespace {

// A JSON tree's values and text. Only error trees are measured, so this runs only for requests that failed
// validation, and costs what validating them did.
qsizetype jsonFootprint(const core::Json &value, int depth = 0)
{
    constexpr qsizetype node = 48;
    if (depth > 256)
        return node;
    if (value.isString())
        return node + 2 * value.toString().size();
    qsizetype bytes = node;
    if (value.isArray()) {
        for (const core::Json &item : value.toArray())
            bytes += jsonFootprint(item, depth + 1);
    } else if (value.isObject()) {
        for (const auto &[key, member] : value.toObject())
            bytes += 2 * key.size() + jsonFootprint(member, depth + 1);
    }
    return bytes;
}

} // namespace

TraceBuffer::TraceBuffer(qsizetype capacity, qsizetype byteBudget)
    : m_capacity(std::max<qsizetype>(capacity, 1)), m_byteBudget(std::max<qsizetype>(byteBudget, 0))
{
}

qsizetype TraceBuffer::footprint(const TraceRecord &record)
{
    // Per string or byte array: its characters plus a heap block's header.
    constexpr qsizetype overhead = 32;
    qsizetype bytes = record.requestBody.size() + record.responseBody.size() + record.target.size()
        + record.method.size() + 2 * (record.client.size() + record.operationId.size() + record.operationPointer.size()
                                      + record.rule.size() + record.fault.size())
        + 8 * overhead;
    for (const HeaderList *headers : {&record.requestHeaders, &record.responseHeaders}) {
        for (const auto &[name, value] : *headers)
            bytes += name.size() + value.size() + 2 * overhead;
    }
    // Validation errors are JSON trees, and an error's `input` may be a whole request body.
    return bytes + jsonFootprint(record.requestErrors) + jsonFootprint(record.responseErrors);
}

quint64 TraceBuffer::append(TraceRecord record)
{
    const qsizetype bytes = footprint(record);
    QMutexLocker locker(&m_mutex);
    if (record.id == 0)
        record.id = ++m_lastId;
    else
        m_lastId = std::max(m_lastId, record.id);
    const quint64 id = record.id;
    m_records.push_back({std::move(record), bytes});
    m_bytes += bytes;
    trim();
    return id;
}

void TraceBuffer::trim()
{
    while (m_records.size() > 1 && (qsizetype(m_records.size()) > m_capacity || m_bytes > m_byteBudget)) {
        m_bytes -= m_records.front().bytes;
        m_records.pop_front();
    }
}

QList<TraceRecord> TraceBuffer::snapshot(quint64 afterId, qsizetype limit) const
{
    QMutexLocker locker(&m_mutex);
    // Ids normally rise with position, but imported records may bring any id, so filter rather than search.
    QList<TraceRecord> records;
    for (const Entry &entry : m_records) {
        if (limit >= 0 && records.size() >= limit)
            break;
        if (entry.record.id > afterId)
            records.append(entry.record);
    }
    return records;
}

QList<TraceRecord> TraceBuffer::latest(qsizetype count) const
{
    QMutexLocker locker(&m_mutex);
    const qsizetype n = std::clamp<qsizetype>(count, 0, qsizetype(m_records.size()));
    QList<TraceRecord> records;
    records.reserve(n);
    for (auto it = m_records.end() - n; it != m_records.end(); ++it)
        records.append(it->record);
    return records;
}

void TraceBuffer::clear()
{
    QMutexLocker locker(&m_mutex);
    m_records.clear();
    m_bytes = 0;
}

qsizetype TraceBuffer::size() const
{
    QMutexLocker locker(&m_mutex);
    return qsizetype(m_records.size());
}

qsizetype TraceBuffer::capacity() const
{
    QMutexLocker locker(&m_mutex);
    return m_capacity;
}

void TraceBuffer::setCapacity(qsizetype capacity)
{
    QMutexLocker locker(&m_mutex);
    m_capacity = std::max<qsizetype>(capacity, 1);
    trim();
}

qsizetype TraceBuffer::byteBudget() const
{
    QMutexLocker locker(&m_mutex);
    return m_byteBudget;
}

void TraceBuffer::setByteBudget(qsizetype bytes)
{
    QMutexLocker locker(&m_mutex);
    m_byteBudget = std::max<qsizetype>(bytes, 0);
    trim();
}

qsizetype TraceBuffer::bytes() const
{
    QMutexLocker locker(&m_mutex);
    return m_bytes;
}

quint64 TraceBuffer::lastId() const
{
    QMutexLocker locker(&m_mutex);
    return m_lastId;
}

QByteArray TraceBuffer::capBody(const QByteArray &body, qsizetype cap, bool *truncated)
{
    const bool cut = cap >= 0 && body.size() > cap;
    if (truncated)
        *truncated = cut;
    if (!cut)
        return body;
    // body[end] is the first byte left out; while it continues a UTF-8 sequence (10xxxxxx), that sequence
    // started inside the kept part, so back up to its lead byte. A sequence is at most 4 bytes long.
    qsizetype end = cap;
    while (end > 0 && cap - end < 3 && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80)
        --end;
    if ((static_cast<unsigned char>(body[end]) & 0xC0) == 0x80)
        end = cap; // not UTF-8 after all (a run of continuation bytes): a plain byte cut is as good as any
    // left() copies, so the capped body does not keep the full original buffer alive.
    return body.left(end);
}

} // namespace portico::mock
