#include "tracebuffer.h"

#include <QMutexLocker>

#include <algorithm>

namespace portico::mock {

TraceBuffer::TraceBuffer(qsizetype capacity) : m_capacity(std::max<qsizetype>(capacity, 1)) {}

quint64 TraceBuffer::append(TraceRecord record)
{
    QMutexLocker locker(&m_mutex);
    if (record.id == 0)
        record.id = ++m_lastId;
    else
        m_lastId = std::max(m_lastId, record.id);
    const quint64 id = record.id;

    if (m_count < m_capacity) {
        // Still filling: until the ring first wraps it is linear (m_head is 0) and exactly m_count long, so
        // memory grows with use rather than being reserved for a capacity that may never be reached.
        m_ring.append(std::move(record));
        ++m_count;
    } else {
        m_ring[m_head] = std::move(record);
        m_head = (m_head + 1) % m_ring.size();
    }
    return id;
}

QList<TraceRecord> TraceBuffer::copyRange(qsizetype from, qsizetype count) const
{
    QList<TraceRecord> records;
    records.reserve(count);
    for (qsizetype i = from; i < from + count; ++i)
        records.append(m_ring[slot(i)]);
    return records;
}

QList<TraceRecord> TraceBuffer::snapshot(quint64 afterId, qsizetype limit) const
{
    QMutexLocker locker(&m_mutex);
    // Ids normally rise with position, but imported records may bring any id, so filter rather than search.
    QList<TraceRecord> records;
    for (qsizetype i = 0; i < m_count; ++i) {
        if (limit >= 0 && records.size() >= limit)
            break;
        const TraceRecord &record = m_ring[slot(i)];
        if (record.id > afterId)
            records.append(record);
    }
    return records;
}

QList<TraceRecord> TraceBuffer::latest(qsizetype count) const
{
    QMutexLocker locker(&m_mutex);
    const qsizetype n = std::clamp<qsizetype>(count, 0, m_count);
    return copyRange(m_count - n, n);
}

void TraceBuffer::clear()
{
    QMutexLocker locker(&m_mutex);
    m_ring.clear();
    m_head = 0;
    m_count = 0;
}

qsizetype TraceBuffer::size() const
{
    QMutexLocker locker(&m_mutex);
    return m_count;
}

qsizetype TraceBuffer::capacity() const
{
    QMutexLocker locker(&m_mutex);
    return m_capacity;
}

void TraceBuffer::setCapacity(qsizetype capacity)
{
    QMutexLocker locker(&m_mutex);
    capacity = std::max<qsizetype>(capacity, 1);
    const qsizetype keep = std::min(m_count, capacity);
    // Linearise the newest records so the ring restarts at index 0 and can grow again.
    QList<TraceRecord> kept = copyRange(m_count - keep, keep);
    m_ring = std::move(kept);
    m_head = 0;
    m_count = keep;
    m_capacity = capacity;
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
