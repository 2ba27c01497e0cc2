#pragma once

#include "trace.h"

#include <QList>
#include <QMutex>

#include <deque>

namespace portico::mock {

// The most recent exchanges, for the trace views, /_portico/traces and HAR export. Server threads append
// concurrently and readers take snapshots, so every member locks; a snapshot is a copy whose bodies share
// storage with the buffer (implicit sharing), which keeps polling cheap.
//
// Memory stays bounded twice: at most capacity() records, and at most byteBudget() bytes of them (bodies,
// headers, URLs), the oldest dropped first. Bodies are cut by capBody() before they get here. A count alone
// let 10,000 records of two 64 KiB bodies hold 1.3 GB.
class TraceBuffer
{
public:
    static constexpr qsizetype DefaultCapacity = 10'000;
    static constexpr qsizetype DefaultBodyCap = 64 * 1024;
    static constexpr qsizetype DefaultByteBudget = 64 * 1024 * 1024;

    explicit TraceBuffer(qsizetype capacity = DefaultCapacity, qsizetype byteBudget = DefaultByteBudget);

    // Stores the record, dropping the oldest while over the capacity or the byte budget (the newest record
    // always stays, even alone over the budget). A record with id 0 gets the next id; a record that
    // brings its own (a HAR import) keeps it, and later ids continue above it. Returns the id.
    quint64 append(TraceRecord record);

    // Records with an id greater than afterId, oldest first. With a limit, the first `limit` of those, so a
    // poller can page forward by passing the last id it saw without missing any.
    QList<TraceRecord> snapshot(quint64 afterId = 0, qsizetype limit = -1) const;
    // The newest `count` records, oldest first (what a view opening on a busy server shows).
    QList<TraceRecord> latest(qsizetype count) const;

    // Removes the records but not the id counter: ids are never reused, so a poller's afterId stays valid.
    void clear();
    qsizetype size() const;
    qsizetype capacity() const;
    // Keeps the newest records that fit. A capacity below 1 is treated as 1.
    void setCapacity(qsizetype capacity);
    qsizetype byteBudget() const;
    void setByteBudget(qsizetype bytes);
    // What the records hold, as footprint() counts it.
    qsizetype bytes() const;
    quint64 lastId() const;

    // The bytes a record holds beyond its fixed size: bodies, headers, URL, errors. An estimate that errs
    // high for small strings, which is what a budget wants.
    static qsizetype footprint(const TraceRecord &record);

    // The body as stored in a trace: at most `cap` bytes (a negative cap keeps everything). When cutting, a
    // UTF-8 sequence split by the cut is dropped whole, so a text body stays valid text.
    static QByteArray capBody(const QByteArray &body, qsizetype cap = DefaultBodyCap, bool *truncated = nullptr);

private:
    struct Entry
    {
        TraceRecord record;
        qsizetype bytes;
    };
    // Drops the oldest records while over a bound. Callers hold the lock.
    void trim();

    mutable QMutex m_mutex;
    std::deque<Entry> m_records; // oldest first
    qsizetype m_bytes = 0;
    qsizetype m_capacity;
    qsizetype m_byteBudget;
    quint64 m_lastId = 0;
};

} // namespace portico::mock
