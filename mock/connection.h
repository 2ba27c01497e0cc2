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
#include <utility>
#include <vector>

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

    // Reserves the next response slot; responses are written in the order slots were reserved. A request that
    // asked for the connection to end (`Connection: close`, HTTP/1.0 without keep-alive) closes it after its
    // response, whatever respond() is told.
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

    // To be called once Qt's HTTP server has taken the socket (and connected its parser).
    void armAfterParser();

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
    // Connected after Qt's parser has connected its own readyRead slot, so it runs after that slot.
    void afterParser();
    // Scans bytes[from...]: what came before was scanned by an earlier call.
    void scan(const QByteArray &bytes, qsizetype from);
    // Answers a stream that cannot go on with `status` and closes. Bytes before `keep` (complete requests that
    // came in the same read) still reach Qt's parser, and their responses go first.
    void reject(int status, QByteArrayView reason, qsizetype keep = 0);
    void queueRejection(int status, const QByteArray &reason);
    // bytes[0, upTo) with the edits in m_dropped made; clears them.
    QByteArray withoutDropped(const QByteArray &bytes, qsizetype upTo);
    // Puts bytes back at the front of the socket's buffer, for Qt's parser.
    void putBack(const QByteArray &bytes);
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
    qint64 m_bodySeen = 0; // declared chunk sizes and trailers, against maxBodyBytes
    qint64 m_bodyReceived = 0; // bytes of the body so far, against the minimum rate
    qint64 m_bodyStartedMs = -1;
    std::deque<bool> m_closeAfter; // per request scanned but not yet reserved: does it end the connection?
    qint64 m_scannedInBuffer = 0; // bytes at the front of the socket's buffer that were scanned already
    qint64 m_kept = 0; // after a rejection: bytes of good requests still for Qt's parser
    std::optional<std::pair<int, QByteArray>> m_rejection; // waiting for those requests to be taken
    struct Edit
    {
        qsizetype start, end; // a range of this read that Qt's parser must not see
        QByteArray insert; // and what it sees there instead
    };
    std::vector<Edit> m_dropped;
    bool m_trailerHeldBack = false; // the start of the line that ends a chunked body was taken out
    bool m_redispatching = false; // afterParser() is handing Qt the rest of a read
    // A chunked body (RFC 9112 §7.1): size line, data, CRLF, ..., a zero size, trailer lines, an empty line.
    enum class Chunk { SizeLine, Data, DataEnd, Trailer };
    Chunk m_chunk = Chunk::SizeLine;
    QByteArray m_line; // the line being read (chunk size or trailer)
    // Reads a chunked body from bytes[i]; false when the stream was rejected.
    bool scanChunked(const QByteArray &bytes, qsizetype &i, qsizetype requestStart);
    qint64 m_headStartedMs = -1;
    const qint64 m_acceptedMs;
    qint64 m_lastActivityMs = 0;
};

// Milliseconds since an arbitrary epoch, shared by the guards' timeouts.
qint64 monotonicMs();

} // namespace portico::mock
