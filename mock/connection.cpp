#include "connection.h"

#include "mockserver.h"
#include "har.h"

#include <QDateTime>
#include <QSslSocket>
#include <QTimeZone>
#include <QTimer>
#include <QVarLengthArray>

#include <algorithm>
#include <charconv>
#include <map>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace portico::mock {
namespace {

// The Date header changes once a second; format it once per second per thread, not per response.
QByteArray httpDate()
{
    thread_local qint64 second = -1;
    thread_local QByteArray text;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != second) {
        second = now;
        text = QLocale::c().toString(QDateTime::fromSecsSinceEpoch(now, QTimeZone::utc()), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
    }
    return text;
}

// "HTTP/1.1 200 OK\r\n": formatted once per status and thread.
const QByteArray &statusLine(int status)
{
    thread_local std::map<int, QByteArray> lines;
    QByteArray &line = lines[status];
    if (line.isEmpty())
        line = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status).toLatin1() + "\r\n";
    return line;
}

// Delayed responses (x-portico-latency) of one thread, in one ordered queue behind one timer. A QTimer per
// response would do: Qt keeps a thread's timers in a list that is searched linearly on every stop, which
// collapses with thousands of connections waiting at once.
class DelayQueue : public QObject
{
public:
    DelayQueue()
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { fire(); });
    }

    void schedule(Connection *connection, quint64 slot, int delayMs, std::function<void(Connection *, quint64)> ready)
    {
        m_ready = std::move(ready);
        const qint64 due = monotonicMs() + delayMs;
        m_queue.emplace(due, std::make_pair(QPointer<Connection>(connection), slot));
        if (!m_timer.isActive() || due < m_nextDue)
            arm(due);
    }

private:
    void arm(qint64 due)
    {
        m_nextDue = due;
        m_timer.start(int(std::max<qint64>(0, due - monotonicMs())));
    }

    void fire()
    {
        const qint64 now = monotonicMs();
        while (!m_queue.empty() && m_queue.begin()->first <= now) {
            auto [connection, slot] = m_queue.begin()->second;
            m_queue.erase(m_queue.begin());
            if (connection && m_ready)
                m_ready(connection, slot);
        }
        if (!m_queue.empty())
            arm(m_queue.begin()->first);
    }

    QTimer m_timer;
    qint64 m_nextDue = 0;
    std::multimap<qint64, std::pair<QPointer<Connection>, quint64>> m_queue;
    std::function<void(Connection *, quint64)> m_ready;
};

DelayQueue &delayQueue()
{
    thread_local std::unique_ptr<DelayQueue> queue = std::make_unique<DelayQueue>();
    return *queue;
}

} // namespace

Connection::Connection(QTcpSocket *socket, const ServerLimits &limits)
    : QObject(socket), m_socket(socket),
      m_client(socket->peerAddress().toString() + u':' + QString::number(socket->peerPort())),
      m_loopbackPeer(socket->peerAddress().isLoopback()), m_limits(limits), m_scanner(limits), m_acceptedMs(monotonicMs()),
      m_lastActivityMs(m_acceptedMs)
{
    // Connected before Qt's HTTP parser connects its own slot, so the guard sees new bytes first.
    connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
}

void Connection::armAfterParser()
{
    connect(m_socket, &QTcpSocket::readyRead, this, &Connection::afterParser, Qt::UniqueConnection);
}

void Connection::onReadyRead()
{
    if (m_closing) {
        // The parser must not act on a rejected stream, but requests accepted before it may still be waiting.
        const QByteArray taken = m_socket->readAll();
        putBack(taken.first(std::min<qint64>(m_kept, taken.size())));
        return;
    }
    m_lastActivityMs = monotonicMs();
    // Qt's parser takes one request per readyRead and signals again for the rest, so the first bytes may be ones
    // this guard has judged already: each byte is scanned once, in order.
    const qint64 available = m_socket->bytesAvailable();
    if (const auto rejection = m_scanner.scan(m_socket->peek(available), qsizetype(std::min(m_scannedInBuffer, available)))) {
        reject(rejection->status, rejection->keep);
        return;
    }
    if (m_scanner.isUpgraded())
        m_eventStream = true; // WebSocket frames follow, not HTTP: never idle-timed-out
    if (m_scanner.hasEdits()) {
        const QByteArray taken = m_socket->readAll();
        putBack(m_scanner.applyEdits(taken, taken.size()));
    }
    m_scannedInBuffer = m_socket->bytesAvailable();
}

void Connection::putBack(const QByteArray &bytes)
{
    // Qt's parser keeps a read transaction open between reads, only ever to roll a WebSocket upgrade back for
    // its WebSocket server; it has parsed what the transaction holds already. ungetChar() needs it closed.
    if (!bytes.isEmpty() && m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    for (qsizetype k = bytes.size() - 1; k >= 0; --k)
        m_socket->ungetChar(bytes[k]);
}

void Connection::afterParser()
{
    m_scannedInBuffer = std::min(m_scannedInBuffer, m_socket->bytesAvailable());
    m_kept = std::min(m_kept, m_socket->bytesAvailable());
    if (m_rejection && m_kept == 0) {
        // Every request before the bad one has its slot now: the rejection goes after them.
        queueRejection(*std::exchange(m_rejection, std::nullopt));
    }
    // Qt 6.4's parser takes one request per readyRead and posts another signal for the rest. A client that ended
    // its side of the stream meanwhile made Qt close the socket before those signals came, and the requests
    // were never answered (three pipelined requests then FIN: 17 times in 20). The rest is handed over now, in a
    // loop here rather than by recursion.
    if (m_redispatching)
        return;
    const QPointer<QTcpSocket> socket = m_socket;
    m_redispatching = true;
    for (qint64 left = m_socket->bytesAvailable(); left > 0 && !m_closing;) {
        emit m_socket->readyRead();
        if (!socket)
            return;
        const qint64 now = m_socket->bytesAvailable();
        if (now >= left)
            break; // the parser waits for the rest of a request
        left = now;
    }
    m_redispatching = false;
}

void Connection::reject(int status, qsizetype keep)
{
    m_closing = true;
    // Qt's parser must never see the bad request: it would drop the whole read, good requests before it too
    // (a valid GET and garbage in one packet got only a 400, which the client paired with its GET). Everything
    // is taken out, and what precedes the bad request is put back, last byte first.
    const QByteArray taken = m_socket->readAll();
    const QByteArray kept = m_scanner.applyEdits(taken, std::min(keep, taken.size()));
    putBack(kept);
    m_kept = kept.size();
    if (m_kept > 0)
        m_rejection = status; // answered once Qt's parser has taken those requests (see afterParser)
    else
        queueRejection(status); // after any responses still to be written, else at once
}

void Connection::queueRejection(int status)
{
    MockResponse response{status, {{"content-type", "application/json"}},
                          R"({"detail":")" + reasonPhrase(status).toLatin1() + R"("})"};
    if (status == 426)
        response.setHeader("sec-websocket-version"_ba, "13"_ba);
    m_scanner.forgetCloseAfter(); // requests the parser was not given reserve nothing
    respond(reserve(), std::move(response), false, true);
}

bool Connection::timedOut(qint64 nowMs) const
{
    if (m_closing || m_eventStream)
        return false;
    // A TLS handshake not done in the time a head may take never will be: it only holds a connection slot
    // (it used to, until the 120 s idle timeout).
    if (const auto *tls = qobject_cast<const QSslSocket *>(m_socket); tls && !tls->isEncrypted())
        return nowMs - m_acceptedMs > m_limits.headerTimeoutMs;
    if (m_scanner.overdue(nowMs))
        return true;
    return m_jobs.empty() && !m_writing && nowMs - m_lastActivityMs > m_limits.idleTimeoutMs;
}

void Connection::rejectTimedOut()
{
    if (const auto *tls = qobject_cast<const QSslSocket *>(m_socket); tls && !tls->isEncrypted())
        m_socket->abort(); // no HTTP can be said before the handshake
    else if (m_scanner.inRequest())
        reject(408);
    else
        m_socket->disconnectFromHost();
}

quint64 Connection::reserve()
{
    auto job = std::make_unique<Job>();
    job->slot = m_nextSlot++;
    if (const auto close = m_scanner.takeCloseAfter())
        job->close = *close;
    m_jobs.push_back(std::move(job));
    return m_jobs.back()->slot;
}

void Connection::respond(quint64 slot, MockResponse response, bool headRequest, bool closeAfter, std::optional<TraceRecord> trace,
                         qint64 receivedNs)
{
    for (auto &job : m_jobs) {
        if (job->slot != slot)
            continue;
        job->response = std::move(response);
        job->head = headRequest;
        job->close = job->close || closeAfter;
        job->trace = std::move(trace);
        job->receivedNs = receivedNs;
        const int delay = job->response.delayMs;
        if (delay > 0) {
            // Latency is a timer, never a sleep: the thread goes on serving other connections meanwhile.
            delayQueue().schedule(this, slot, delay, [](Connection *connection, quint64 due) { connection->markReady(due); });
        } else {
            job->ready = true;
            pump();
        }
        return;
    }
}

void Connection::markReady(quint64 slot)
{
    for (auto &j : m_jobs) {
        if (j->slot == slot)
            j->ready = true;
    }
    pump();
}

void Connection::pump()
{
    bool wrote = false;
    while (!m_writing && !m_jobs.empty() && m_jobs.front()->ready && m_socket->state() == QAbstractSocket::ConnectedState) {
        startJob(*m_jobs.front());
        wrote = true;
    }
    // Hand what is ready to the kernel now rather than on the next write notification: a client that sends its
    // request and then shuts its side down (HTTP/1.0 clients, `nc -N`) makes Qt close the socket as soon as it
    // reads the end of the stream, and whatever Qt still buffered was lost (13 answers in 20).
    if (wrote && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->flush();
}

void Connection::writeHead(const MockResponse &r, qint64 contentLength, bool chunked, bool close, QByteArrayView body)
{
    // The head is gathered as pieces first, then copied once into a buffer of its exact size (appending piece
    // by piece resized and re-checked the buffer a dozen times per response).
    const QByteArray date = httpDate();
    char digits[24];
    QVarLengthArray<QByteArrayView, 64> pieces;
    pieces << statusLine(r.status) << "date: " << date << "\r\nserver: Portico\r\n";
    for (const auto &[name, value] : r.headers) {
        if (name == "content-length" || name == "transfer-encoding" || name == "connection")
            continue;
        pieces << name << ": " << value << "\r\n";
    }
    if (chunked) {
        pieces << "transfer-encoding: chunked\r\n";
    } else if (contentLength >= 0) {
        const auto end = std::to_chars(digits, digits + sizeof digits, contentLength).ptr;
        pieces << "content-length: " << QByteArrayView(digits, end - digits) << "\r\n";
    }
    if (close)
        pieces << "connection: close\r\n";
    // Head and body in one write: one syscall and, with TCP_NODELAY, one segment for a small response.
    pieces << "\r\n" << body;

    qsizetype size = 0;
    for (QByteArrayView piece : pieces)
        size += piece.size();
    QByteArray head(size, Qt::Uninitialized);
    char *out = head.data();
    for (QByteArrayView piece : pieces)
        out = std::copy(piece.begin(), piece.end(), out);
    m_socket->write(head);
}

void Connection::writeChunk(const QByteArray &data)
{
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void Connection::startJob(Job &job)
{
    m_writing = true;
    if (job.trace && m_traceSink)
        m_traceSink(std::move(*job.trace), job.receivedNs);
    MockResponse &r = job.response;
    const bool noBody = job.head || r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);

    if (r.fault == MockResponse::Fault::ConnectionReset) {
        // SO_LINGER 0 turns the close into a TCP reset, as a crashed backend would.
        const struct linger hard = {1, 0};
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        m_closing = true;
        m_jobs.clear();
        m_socket->abort();
        return;
    }
    if (r.stream && !noBody) {
        writeHead(r, -1, true, job.close);
        auto events = std::make_shared<StreamPlan>(std::move(*r.stream));
        auto index = std::make_shared<qsizetype>(0);
        auto timer = new QTimer(this);
        auto sendNext = [this, events, index, timer] {
            if (m_socket->state() != QAbstractSocket::ConnectedState || events->events.isEmpty()) {
                timer->deleteLater();
                return;
            }
            if (*index >= events->events.size()) {
                if (!events->repeatForever) {
                    timer->stop();
                    timer->deleteLater();
                    writeChunk({}); // the terminating zero-length chunk
                    finishJob();
                    return;
                }
                *index = 0;
            }
            writeChunk(events->events[(*index)++]);
        };
        connect(timer, &QTimer::timeout, this, sendNext);
        sendNext();
        timer->start(std::max(1, events->intervalMs));
        return;
    }
    if (r.fault == MockResponse::Fault::SlowBody && !noBody && r.body.size() > 0) {
        writeHead(r, r.body.size(), false, job.close);
        const int pieces = int(std::min<qsizetype>(20, r.body.size()));
        const qsizetype size = (r.body.size() + pieces - 1) / pieces;
        auto body = std::make_shared<QByteArray>(r.body);
        auto sent = std::make_shared<qsizetype>(0);
        auto timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [this, body, sent, size, timer] {
            if (m_socket->state() != QAbstractSocket::ConnectedState) {
                timer->deleteLater();
                return;
            }
            m_socket->write(body->mid(*sent, size));
            *sent += size;
            if (*sent >= body->size()) {
                timer->stop();
                timer->deleteLater();
                finishJob();
            }
        });
        timer->start(std::max(1, r.slowBodyMs / pieces));
        return;
    }
    writeHead(r, noBody && !job.head ? -1 : r.body.size(), false, job.close, noBody ? QByteArrayView() : QByteArrayView(r.body));
    finishJob();
}

void Connection::finishJob()
{
    const bool close = !m_jobs.empty() && m_jobs.front()->close;
    if (!m_jobs.empty())
        m_jobs.pop_front();
    m_writing = false;
    m_lastActivityMs = monotonicMs();
    if (close) {
        m_closing = true;
        m_jobs.clear();
        m_socket->disconnectFromHost();
        return;
    }
    pump();
}

void Connection::openEventStream(quint64 slot, const HeaderList &headers)
{
    for (auto &job : m_jobs) {
        if (job->slot != slot)
            continue;
        m_eventStream = true;
        MockResponse r;
        r.headers = headers;
        m_writing = true;
        writeHead(r, -1, true, false);
        job->ready = true;
        return;
    }
}

void Connection::sendEvent(const QByteArray &event)
{
    if (m_eventStream && m_socket->state() == QAbstractSocket::ConnectedState)
        writeChunk(event);
}

} // namespace portico::mock
