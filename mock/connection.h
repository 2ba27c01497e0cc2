#pragma once

#include "mockresponse.h"
#include "requestscanner.h"
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
    bool isUpgraded() const { return m_scanner.isUpgraded(); }

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
    // Answers a stream that cannot go on with `status` and closes. Bytes before `keep` (complete requests that
    // came in the same read) still reach Qt's parser, and their responses go first.
    void reject(int status, qsizetype keep = 0);
    // The answer to a stream that cannot go on, behind the responses already due; the connection closes after it.
    void queueRejection(int status);
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

    RequestScanner m_scanner; // what this guard has seen of the stream
    qint64 m_scannedInBuffer = 0; // bytes at the front of the socket's buffer that were scanned already
    qint64 m_kept = 0; // after a rejection: bytes of good requests still for Qt's parser
    std::optional<int> m_rejection; // its status, waiting for those requests to be taken
    bool m_redispatching = false; // afterParser() is handing Qt the rest of a read
    const qint64 m_acceptedMs;
    qint64 m_lastActivityMs = 0;
};

} // namespace portico::mock
