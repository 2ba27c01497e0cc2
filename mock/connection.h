#pragma once

#include "mockresponse.h"
#include "trace.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace portico::mock {

struct ServerLimits;

// Per-connection state, a child of its socket (so it dies with it): guards the byte stream before Qt's parser
// sees it (malformed heads → 400, oversized heads → 431, bodies → 413, slowloris → 408), and writes
// responses strictly in request order even when they are delayed, slowed or streamed.
class Connection : public QObject
{
    Q_OBJECT

public:
    Connection(QTcpSocket *socket, const ServerLimits &limits);

    // "address:port" of the peer, formatted once: every request on the connection names it in its trace.
    const QString &client() const { return m_client; }
    // Whether the peer is this machine (a loopback address).
    bool isLoopbackPeer() const { return m_loopbackPeer; }

    // Reserves the next response slot; responses are written in the order slots were reserved.
    quint64 reserve();
    // Where traces go when their response starts to be written (the worker thread's recorder); receivedNs is
    // when the request arrived, on the worker's monotonic clock.
    using TraceSink = std::function<void(TraceRecord &&trace, qint64 receivedNs)>;
    void setTraceSink(TraceSink sink) { m_traceSink = std::move(sink); }

    // Queues a decided response for a slot, with the exchange's trace when it is to be recorded.
    void respond(quint64 slot, MockResponse response, bool headRequest, bool closeAfter,
                 std::optional<TraceRecord> trace = std::nullopt, qint64 receivedNs = 0);
    // Starts an endless chunked event stream in a slot (live traces); `send` is then used to push events.
    void openEventStream(quint64 slot, const HeaderList &headers);
    void sendEvent(const QByteArray &event);
    bool isEventStream() const { return m_eventStream; }
    // The request just scanned asked for a WebSocket upgrade: what follows is no longer HTTP.
    bool isUpgraded() const { return m_state == State::Upgraded; }

    // A delayed response's time has come.
    void markReady(quint64 slot);

    // Called by the worker's housekeeping timer.
    bool timedOut(qint64 nowMs) const;
    void rejectTimedOut();

private:
    struct Job
    {
        quint64 slot = 0;
        bool ready = false;
        MockResponse response;
        bool head = false;
        bool close = false;
        std::optional<TraceRecord> trace; // recorded when the response starts
        qint64 receivedNs = 0;
    };

    void onReadyRead();
    void scan(const QByteArray &bytes);
    void reject(int status, QByteArrayView reason);
    void pump();
    void startJob(Job &job);
    void finishJob();
    void writeHead(const MockResponse &r, qint64 contentLength, bool chunked, bool close, QByteArrayView body = {});
    void writeChunk(const QByteArray &data);

    QTcpSocket *m_socket;
    const QString m_client;
    const bool m_loopbackPeer;
    const ServerLimits &m_limits;
    TraceSink m_traceSink;
    std::deque<std::unique_ptr<Job>> m_jobs;
    quint64 m_nextSlot = 0;
    bool m_writing = false;
    bool m_closing = false;
    bool m_eventStream = false;

    // The incremental request scanner (what this guard has seen of the current request).
    enum class State { Head, Body, ChunkedBody, Upgraded };
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_bodyRemaining = 0;
    qint64 m_bodySeen = 0;
    // A chunked body (RFC 9112 §7.1): size line, data, CRLF, ..., a zero size, trailer lines, an empty line.
    enum class Chunk { SizeLine, Data, DataEnd, Trailer };
    Chunk m_chunk = Chunk::SizeLine;
    QByteArray m_line; // the line being read (chunk size or trailer)
    // Reads a chunked body from bytes[i]; false when the stream was rejected.
    bool scanChunked(const QByteArray &bytes, qsizetype &i);
    qint64 m_headStartedMs = -1;
    const qint64 m_acceptedMs;
    qint64 m_lastActivityMs = 0;
};

// Milliseconds since an arbitrary epoch, shared by the guards' timeouts.
qint64 monotonicMs();

} // namespace portico::mock
