#include "connection.h"

#include "mockserver.h"
#include "har.h"

#include <QDateTime>
#include <QSslSocket>
#include <QTimeZone>
#include <QTimer>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string_view>
#include <map>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace portico::mock {
namespace {

// RFC 9110 token characters (method and header names): visible ASCII except the delimiters.
constexpr std::array<bool, 256> tokenCharacters = [] {
    std::array<bool, 256> table{};
    for (int c = 33; c < 127; ++c)
        table[size_t(c)] = std::string_view("()<>@,;:\\\"/[]?={}").find(char(c)) == std::string_view::npos;
    return table;
}();

bool isToken(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](char c) { return tokenCharacters[static_cast<unsigned char>(c)]; });
}

// Searching through std::string_view: Qt 6.4's QByteArrayView::indexOf runs even a one-character search
// through its general substring search, several times slower than memchr, and the guard searches every head.
// `needle` is a char or a std::string_view.
template <typename Needle>
qsizetype find(QByteArrayView haystack, Needle needle, qsizetype from = 0)
{
    const auto at = std::string_view(haystack.data(), size_t(haystack.size())).find(needle, size_t(from));
    return at == std::string_view::npos ? -1 : qsizetype(at);
}

// What the guard needs to know of a request head (request line and header lines, without the blank line).
struct HeadFacts
{
    bool wellFormed = false;
    int status = 400; // the answer when not well formed
    qint64 contentLength = 0;
    bool chunked = false;
    bool upgrade = false;
    bool close = false; // the client ends the connection after this request (RFC 9112 §9.3)
};

// Whether a comma-separated header value lists a token ("keep-alive, Upgrade").
bool listsToken(QByteArrayView value, QByteArrayView token)
{
    for (qsizetype start = 0; start <= value.size();) {
        qsizetype comma = find(value, ',', start);
        if (comma < 0)
            comma = value.size();
        if (value.sliced(start, comma - start).trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
        start = comma + 1;
    }
    return false;
}

// A WebSocket opening handshake the server can complete (RFC 6455 §4.2.1): GET, version 13, and a key that
// is 16 bytes in base64. Qt's WebSocket server answered a key "abc" with 101 and closed a request without
// key or version with no status at all.
int websocketRefusal(QByteArrayView method, QByteArrayView version, QByteArrayView key)
{
    if (method != "GET")
        return 400;
    if (version.trimmed() != "13")
        return 426; // with Sec-WebSocket-Version: 13, see reject()
    const auto decoded = QByteArray::fromBase64Encoding(key.trimmed().toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 16 ? 0 : 400;
}

// Reads the head through views into it: a well-formed request costs no allocation here.
HeadFacts inspectHead(QByteArrayView head)
{
    HeadFacts facts;
    qsizetype lineEnd = find(head, '\n');
    const QByteArrayView requestLine = head.first(lineEnd < 0 ? head.size() : lineEnd).trimmed();
    // Exactly "METHOD SP target SP HTTP/1.x".
    const qsizetype firstSpace = find(requestLine, ' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : find(requestLine, ' ', firstSpace + 1);
    if (secondSpace < 0 || find(requestLine, ' ', secondSpace + 1) >= 0 || !isToken(requestLine.first(firstSpace))
        || secondSpace == firstSpace + 1 || !requestLine.sliced(secondSpace + 1).startsWith("HTTP/1."))
        return facts;
    const bool http10 = requestLine.sliced(secondSpace + 1) == "HTTP/1.0";
    bool hasLength = false, hasEncoding = false, connectionUpgrade = false, upgradeWebSocket = false;
    bool connectionClose = false, keepAlive = false;
    QByteArrayView wsVersion, wsKey;
    while (lineEnd >= 0) {
        const qsizetype start = lineEnd + 1;
        lineEnd = find(head, '\n', start);
        QByteArrayView line = head.sliced(start, (lineEnd < 0 ? head.size() : lineEnd) - start);
        if (line.endsWith('\r'))
            line.chop(1);
        const qsizetype colon = find(line, ':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return facts;
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            // 1*DIGIT (RFC 9110 §8.6): no sign, no spaces; a repeat must agree (RFC 9112 §6.3).
            const bool digits = !value.isEmpty() && value.size() <= 18
                && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits || (hasLength && value.toLongLong() != facts.contentLength))
                return facts;
            facts.contentLength = value.toLongLong();
            hasLength = true;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            // Only chunked is understood, and it must come last (RFC 9112 §6.3): anything else is a 501.
            hasEncoding = true;
            const QByteArray codings = value.toByteArray().toLower();
            if (!codings.endsWith("chunked") || codings.count("chunked") != 1) {
                facts.status = 501;
                return facts;
            }
            facts.chunked = true;
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            connectionUpgrade = connectionUpgrade || listsToken(value, "upgrade");
            connectionClose = connectionClose || listsToken(value, "close");
            keepAlive = keepAlive || listsToken(value, "keep-alive");
        } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0) {
            upgradeWebSocket = upgradeWebSocket || listsToken(value, "websocket");
        } else if (name.compare("sec-websocket-version", Qt::CaseInsensitive) == 0) {
            wsVersion = value;
        } else if (name.compare("sec-websocket-key", Qt::CaseInsensitive) == 0) {
            wsKey = value;
        }
    }
    // Both framings at once is how requests are smuggled past a proxy (RFC 9112 §6.1): refused.
    if (hasLength && hasEncoding)
        return facts;
    // An upgrade is one only with `Connection: upgrade`, as for Qt's parser: `Upgrade: websocket` alone once
    // switched this guard off while Qt went on reading HTTP, past every limit.
    if (connectionUpgrade && upgradeWebSocket) {
        if (const int refusal = websocketRefusal(requestLine.first(firstSpace), wsVersion, wsKey)) {
            facts.status = refusal;
            return facts;
        }
        facts.upgrade = true;
    }
    // HTTP/1.0 closes after each response unless the client asked to keep the connection (RFC 9112 §9.3).
    facts.close = connectionClose || (http10 && !keepAlive);
    facts.wellFormed = true;
    return facts;
}

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

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

Connection::Connection(QTcpSocket *socket, const ServerLimits &limits)
    : QObject(socket), m_socket(socket),
      m_client(socket->peerAddress().toString() + u':' + QString::number(socket->peerPort())),
      m_loopbackPeer(socket->peerAddress().isLoopback()), m_limits(limits), m_acceptedMs(monotonicMs()),
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
    scan(m_socket->peek(available), qsizetype(std::min(m_scannedInBuffer, available)));
    if (!m_dropped.empty() && !m_closing) {
        const QByteArray taken = m_socket->readAll();
        putBack(withoutDropped(taken, taken.size()));
    }
    m_scannedInBuffer = m_socket->bytesAvailable();
}

QByteArray Connection::withoutDropped(const QByteArray &bytes, qsizetype upTo)
{
    QByteArray kept;
    kept.reserve(upTo);
    qsizetype from = 0;
    for (const auto &[start, end, insert] : std::exchange(m_dropped, {})) {
        if (start >= upTo)
            break;
        kept.append(bytes.constData() + from, start - from);
        kept.append(insert);
        from = std::min(end, upTo);
    }
    kept.append(bytes.constData() + from, upTo - from);
    return kept;
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
        const auto [status, reason] = *std::exchange(m_rejection, std::nullopt);
        queueRejection(status, reason);
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

void Connection::scan(const QByteArray &bytes, qsizetype from)
{
    qsizetype i = from;
    // Where the request being scanned began in `bytes`; 0 when it began in an earlier read. What lies before it
    // are whole requests, which Qt's parser still gets when this one turns out to be bad.
    qsizetype requestStart = m_state == State::Head && m_head.isEmpty() ? from : 0;
    while (i < bytes.size() && !m_closing) {
        switch (m_state) {
        case State::Head: {
            if (m_head.isEmpty()) {
                // Tolerate the blank lines some clients send between requests.
                while (i < bytes.size() && (bytes[i] == '\r' || bytes[i] == '\n'))
                    ++i;
                if (i >= bytes.size())
                    break;
                requestStart = i;
            }
            if (m_headStartedMs < 0)
                m_headStartedMs = monotonicMs();
            // The head as far as it fits the limit (+4 for the blank line that ends it).
            const qsizetype room = m_limits.maxHeaderBytes + 4 - m_head.size();
            const qsizetype take = std::min<qsizetype>(bytes.size() - i, room);
            QByteArrayView head; // the complete head without its blank line, once it has arrived
            if (m_head.isEmpty()) {
                // Usually a head arrives whole in one read: inspect it where it lies, without copying.
                const QByteArrayView available = QByteArrayView(bytes).sliced(i, take);
                if (const qsizetype end = find(available, std::string_view("\r\n\r\n")); end >= 0) {
                    head = available.first(end);
                    i += end + 4;
                }
            }
            if (head.isNull()) {
                const qsizetype before = m_head.size();
                m_head.append(bytes.constData() + i, take);
                const qsizetype end = find(m_head, std::string_view("\r\n\r\n"));
                if (end < 0) {
                    if (m_head.size() > m_limits.maxHeaderBytes)
                        return reject(431, "Request Header Fields Too Large", requestStart);
                    i += take;
                    continue;
                }
                head = QByteArrayView(m_head).first(end);
                i += std::max<qsizetype>(0, end + 4 - before);
            }
            const HeadFacts facts = inspectHead(head);
            m_head.clear();
            if (!facts.wellFormed)
                return reject(facts.status, reasonPhrase(facts.status).toLatin1(), requestStart);
            if (facts.contentLength > m_limits.maxBodyBytes)
                return reject(413, "Content Too Large", requestStart);
            m_headStartedMs = -1;
            m_bodySeen = 0;
            m_bodyReceived = 0;
            m_bodyStartedMs = monotonicMs();
            if (facts.upgrade) {
                // WebSocket frames follow; they are not HTTP and no longer this guard's business.
                m_state = State::Upgraded;
                m_eventStream = true; // never idle-timed-out
                return;
            }
            m_closeAfter.push_back(facts.close);
            if (facts.chunked) {
                m_state = State::ChunkedBody;
                m_chunk = Chunk::SizeLine;
                m_line.clear();
            } else if (facts.contentLength > 0) {
                m_state = State::Body;
                m_bodyRemaining = facts.contentLength;
            }
            continue;
        }
        case State::Body: {
            const qint64 take = std::min<qint64>(bytes.size() - i, m_bodyRemaining);
            i += take;
            m_bodyRemaining -= take;
            m_bodyReceived += take;
            if (m_bodyRemaining == 0)
                m_state = State::Head;
            continue;
        }
        case State::Upgraded:
            return;
        case State::ChunkedBody: {
            const qsizetype from = i;
            const bool ok = scanChunked(bytes, i, requestStart);
            m_bodyReceived += i - from;
            if (!ok)
                return;
            continue;
        }
        }
    }
}

bool Connection::scanChunked(const QByteArray &bytes, qsizetype &i, qsizetype requestStart)
{
    static constexpr qsizetype kMaxLine = 4096; // a size line with extensions, or a trailer field
    while (i < bytes.size() && m_state == State::ChunkedBody) {
        if (m_chunk == Chunk::Data) {
            const qint64 take = std::min<qint64>(bytes.size() - i, m_bodyRemaining);
            i += take;
            m_bodyRemaining -= take;
            if (m_bodyRemaining == 0)
                m_chunk = Chunk::DataEnd;
            continue;
        }
        const qsizetype newline = find(bytes, '\n', i);
        const qsizetype end = newline < 0 ? bytes.size() : newline;
        const qsizetype lineStart = i;
        m_line.append(bytes.constData() + i, end - i);
        i = newline < 0 ? bytes.size() : newline + 1;
        if (m_line.size() > kMaxLine) {
            reject(400, "Bad Request", requestStart);
            return false;
        }
        // Qt 6.4's parser ends a chunked request at its last chunk and reads a trailer field as the next request
        // line, stalling the connection: trailer fields are taken out of the stream it sees (they carry nothing
        // the mock uses). So is a piece of the closing empty line (a lone CR confuses it too); the whole line is
        // then put back at once.
        if (m_chunk == Chunk::Trailer) {
            const bool field = std::any_of(m_line.cbegin(), m_line.cend(), [](char c) { return c != '\r'; });
            if (field || newline < 0 || m_trailerHeldBack) {
                m_dropped.push_back({lineStart, i, {}});
                m_trailerHeldBack = !field && newline < 0;
                if (!field && newline >= 0)
                    m_dropped.push_back({i, i, "\r\n"_ba});
            }
        }
        if (newline < 0)
            return true; // the rest of the line is still on its way
        QByteArrayView line(m_line);
        if (line.endsWith('\r'))
            line.chop(1);
        switch (m_chunk) {
        case Chunk::SizeLine: {
            // chunk-size = 1*HEXDIG, then optional BWS and ;extensions. At most 15 digits: no overflow.
            const qsizetype semicolon = find(line, ';');
            const QByteArrayView digits = (semicolon < 0 ? line : line.first(semicolon)).trimmed();
            const bool hex = !digits.isEmpty() && digits.size() <= 15
                && std::all_of(digits.begin(), digits.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
            if (!hex) {
                reject(400, "Bad Request", requestStart);
                return false;
            }
            m_bodyRemaining = digits.toLongLong(nullptr, 16);
            m_bodySeen += m_bodyRemaining;
            if (m_bodySeen > m_limits.maxBodyBytes) {
                reject(413, "Content Too Large", requestStart);
                return false;
            }
            m_chunk = m_bodyRemaining == 0 ? Chunk::Trailer : Chunk::Data;
            break;
        }
        case Chunk::DataEnd:
            if (!line.isEmpty()) {
                reject(400, "Bad Request", requestStart);
                return false;
            }
            m_chunk = Chunk::SizeLine;
            break;
        case Chunk::Trailer:
            // Trailer fields count against the body's limit: they cannot go on for ever either.
            m_bodySeen += line.size();
            if (find(line, ':') == 0 || (!line.isEmpty() && find(line, ':') < 0) || m_bodySeen > m_limits.maxBodyBytes) {
                reject(400, "Bad Request", requestStart);
                return false;
            }
            if (line.isEmpty())
                m_state = State::Head; // the body is over; what follows is the next request
            break;
        case Chunk::Data:
            break;
        }
        m_line.clear();
    }
    return true;
}

void Connection::reject(int status, QByteArrayView reason, qsizetype keep)
{
    m_closing = true;
    // Qt's parser must never see the bad request: it would drop the whole read, good requests before it too
    // (a valid GET and garbage in one packet got only a 400, which the client paired with its GET). Everything
    // is taken out, and what precedes the bad request is put back, last byte first.
    const QByteArray taken = m_socket->readAll();
    const QByteArray kept = withoutDropped(taken, std::min(keep, taken.size()));
    putBack(kept);
    m_kept = kept.size();
    if (m_kept > 0) {
        // Answered once Qt's parser has taken those requests (see afterParser).
        m_rejection = std::make_pair(status, reason.toByteArray());
        return;
    }
    if (!m_jobs.empty()) {
        queueRejection(status, reason.toByteArray()); // after the responses still to be written
        return;
    }
    const QByteArray body = R"({"detail":")" + reason.toByteArray() + R"("})";
    const QByteArray upgradeRequired = status == 426 ? "sec-websocket-version: 13\r\n" : "";
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() + "\r\ncontent-type: application/json\r\ncontent-length: "
                    + QByteArray::number(body.size()) + "\r\n" + upgradeRequired + "connection: close\r\n\r\n" + body);
    m_socket->disconnectFromHost();
}

void Connection::queueRejection(int status, const QByteArray &reason)
{
    MockResponse response{status, {{"content-type", "application/json"}}, R"({"detail":")" + reason + R"("})"};
    if (status == 426)
        response.setHeader("sec-websocket-version"_ba, "13"_ba);
    m_closeAfter.clear(); // requests the parser was not given reserve nothing
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
    if (m_headStartedMs >= 0 && nowMs - m_headStartedMs > m_limits.headerTimeoutMs)
        return true;
    if (m_state == State::Body || m_state == State::ChunkedBody) {
        const qint64 allowedMs = m_limits.headerTimeoutMs
            + m_bodyReceived * 1000 / std::max(1, m_limits.minBodyBytesPerSecond);
        return nowMs - m_bodyStartedMs > allowedMs;
    }
    return m_jobs.empty() && !m_writing && nowMs - m_lastActivityMs > m_limits.idleTimeoutMs;
}

void Connection::rejectTimedOut()
{
    if (const auto *tls = qobject_cast<const QSslSocket *>(m_socket); tls && !tls->isEncrypted())
        m_socket->abort(); // no HTTP can be said before the handshake
    else if (m_headStartedMs >= 0 || m_state == State::Body || m_state == State::ChunkedBody)
        reject(408, "Request Timeout");
    else
        m_socket->disconnectFromHost();
}

quint64 Connection::reserve()
{
    auto job = std::make_unique<Job>();
    job->slot = m_nextSlot++;
    if (!m_closeAfter.empty()) {
        job->close = m_closeAfter.front();
        m_closeAfter.pop_front();
    }
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
