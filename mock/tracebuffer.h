#pragma once

#include "trace.h"

#include <QList>
#include <QMutex>

namespace portico::mock {

// The most recent exchanges, for the trace views, /_portico/traces and HAR export. Server threads append
// concurrently and readers take snapshots, so every member locks; a snapshot is a copy whose bodies share
// storage with the buffer (implicit sharing), which keeps polling cheap.
//
// Memory stays bounded: at most capacity() records, each with bodies cut by capBody() before they get here.
class TraceBuffer
{
public:
    static constexpr qsizetype DefaultCapacity = 10'000;
    static constexpr qsizetype DefaultBodyCap = 64 * 1024;

    explicit TraceBuffer(qsizetype capacity = DefaultCapacity);

    // Stores the record, dropping the oldest when full. A record with id 0 gets the next id; a record that
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
    quint64 lastId() const;

    // The body as stored in a trace: at most `cap` bytes (a negative cap keeps everything). When cutting, a
    // UTF-8 sequence split by the cut is dropped whole, so a text body stays valid text.
    static QByteArray capBody(const QByteArray &body, qsizetype cap = DefaultBodyCap, bool *truncated = nullptr);

private:
    // Index into m_ring of the i-th oldest record. Callers hold the lock.
    qsizetype slot(qsizetype i) const { return (m_head + i) % m_ring.size(); }
    QList<TraceRecord> copyRange(qsizetype from, qsizetype count) const;

    mutable QMutex m_mutex;
    QList<TraceRecord> m_ring; // grows to m_capacity, then wraps
    qsizetype m_head = 0; // oldest record
    qsizetype m_count = 0;
    qsizetype m_capacity;
    quint64 m_lastId = 0;
};

} // namespace portico::mock
