#include "mockserver.h"

#include "connection.h"
#include "credentialredaction.h"
#include "inspectionaccess.h"
#include "tlsselfcheck.h"
#include "mockengine.h"
#include "tracebuffer.h"
#include "websocketsession.h"

#include "core/jsonparser.h"

#include "core/jsonwriter.h"

#include <QAbstractHttpServer>
#include <QDeadlineTimer>
#include <QHttpServerRequest>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    using M = QHttpServerRequest::Method;
    switch (m) {
    case M::Get: return "GET"_ba;
    case M::Put: return "PUT"_ba;
    case M::Delete: return "DELETE"_ba;
    case M::Post: return "POST"_ba;
    case M::Head: return "HEAD"_ba;
    case M::Options: return "OPTIONS"_ba;
    case M::Patch: return "PATCH"_ba;
    case M::Connect: return "CONNECT"_ba;
    case M::Trace: return "TRACE"_ba;
    default: return "UNKNOWN"_ba;
    }
}

// A listening socket with SO_REUSEPORT and a deep backlog (Qt 6.4's listen() uses 50, which overflows at a
// few hundred simultaneous connections).
// A listening socket that other worker threads can join on the same port (SO_REUSEPORT). With `probe`, only
// checks that the address is free: it binds without SO_REUSEPORT, which fails while anyone listens there,
// including another Portico whose own sockets would otherwise happily share the port with ours.
int listeningSocket(const QHostAddress &host, quint16 port, QString *error, bool probe = false)
{
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    sockaddr_storage address{};
    socklen_t length = 0;
    if (v6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&address);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        const Q_IPV6ADDR ip = host.toIPv6Address();
        std::memcpy(&a->sin6_addr, &ip, sizeof ip);
        length = sizeof(sockaddr_in6);
    } else {
        auto *a = reinterpret_cast<sockaddr_in *>(&address);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(host.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    if (fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || (!probe && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        || ::bind(fd, reinterpret_cast<sockaddr *>(&address), length) < 0 || (!probe && ::listen(fd, 4096) < 0)) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    return fd;
}

quint16 boundPort(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&address)->sin_port);
}

} // namespace

// Accepts connections itself so that each socket gets its guard before Qt's HTTP parser sees a byte, and so
// that the connection limit and TLS are applied at accept time.
class GuardedTcpServer final : public QTcpServer
{
public:
    GuardedTcpServer(const ServerOptions &options, QObject *parent) : QTcpServer(parent), m_options(options) {}
    int connections = 0;
    std::function<void(Connection *)> onConnection;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (connections >= m_options.limits.maxConnections) {
            static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            ::send(int(descriptor), busy, sizeof busy - 1, MSG_NOSIGNAL);
            ::close(int(descriptor));
            return;
        }
        QTcpSocket *socket = nullptr;
        if (m_options.tls) {
            auto *ssl = new QSslSocket(this);
            ssl->setSslConfiguration(*m_options.tls);
            if (!ssl->setSocketDescriptor(descriptor)) {
                delete ssl;
                return;
            }
            ssl->startServerEncryption();
            socket = ssl;
        } else {
            socket = new QTcpSocket(this);
            if (!socket->setSocketDescriptor(descriptor)) {
                delete socket;
                return;
            }
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        ++connections;
        connect(socket, &QObject::destroyed, this, [this] { --connections; });
        auto *connection = new Connection(socket, m_options.limits);
        if (onConnection)
            onConnection(connection);
        addPendingConnection(socket);
        // Qt's HTTP server takes the socket on pendingConnectionAvailable, which addPendingConnection emits, or
        // on newConnection, which follows this function: either way before the socket's first readyRead.
        if (!hasPendingConnections())
            connection->armAfterParser();
        else
            m_unarmed.append(connection);
    }

public:
    // Connected to newConnection after QAbstractHttpServer::bind() did, so it runs after Qt took the sockets.
    void armTakenConnections()
    {
        for (const QPointer<Connection> &connection : std::exchange(m_unarmed, {})) {
            if (connection)
                connection->armAfterParser();
        }
    }

private:
    const ServerOptions &m_options;
    QList<QPointer<Connection>> m_unarmed;
};

// One per worker thread: adapts Qt's parsed requests to the engine and the engine's answers to the socket.
class WorkerHttpServer final : public QAbstractHttpServer
{
public:
    WorkerHttpServer(MockServer *owner, MockEngine *engine, TraceBuffer *traces, const ServerOptions &options)
        : m_owner(owner), m_engine(engine), m_traces(traces), m_options(options)
    {
        m_flush.setSingleShot(true);
        m_flush.setInterval(25);
        connect(&m_flush, &QTimer::timeout, this, [this] { flushTraces(); });
    }

    qint64 requests = 0;

    // Delivers traces still waiting for the next batch (on shutdown).
    void flushTraces()
    {
        m_flush.stop();
        if (m_pending.isEmpty())
            return;
        QList<TraceRecord> batch = std::exchange(m_pending, {});
        m_pending.reserve(batch.size()); // the next batch is likely as large: grow once, not record by record
        emit m_owner->tracesRecorded(batch);
    }

    // Live trace subscribers (/_portico/traces/stream) on this thread. The worker listens to the server's
    // batches only while it has subscribers, so an unwatched server does no per-trace work here.
    void subscribe(Connection *connection)
    {
        m_subscribers.append(connection);
        if (!m_subscription)
            m_subscription = connect(m_owner, &MockServer::tracesRecorded, this, &WorkerHttpServer::publish);
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        Connection *connection = socket->findChild<Connection *>(QString(), Qt::FindDirectChildrenOnly);
        if (!connection)
            return true;
        // Qt 6.4 shows a WebSocket upgrade here first and hands the socket to its WebSocket server
        // (newWebSocketConnection) only when this returns true; answering it too would corrupt the handshake.
        // An upgrade to a path without a WebSocket operation gets a 404 instead of a 101 and a close.
        if (connection->isUpgraded()) {
            const auto table = m_engine->table();
            const RouteTable::Match m = table ? table->match("GET", request.url().path(QUrl::FullyEncoded)) : RouteTable::Match{};
            if (m.operation && m.operation->websocket)
                return true;
            static const QByteArray notFound = R"({"detail":"No WebSocket operation at this path"})";
            socket->write("HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: "
                          + QByteArray::number(notFound.size()) + "\r\nconnection: close\r\n\r\n" + notFound);
            return false; // Qt then closes the connection, once this is written
        }
        ++requests;
        m_owner->m_requestCount.fetch_add(1, std::memory_order_relaxed);
        const qint64 receivedNs = monotonicNs();
        const quint64 slot = connection->reserve();

        MockRequest r;
        r.method = methodName(request.method());
        r.setUrl(request.url());
        for (const auto &[name, value] : request.headers())
            r.headers.append({name.toLower(), value});
        r.body = request.body();
        r.client = connection->client();
        const bool head = r.method == "HEAD";
        const bool close = r.header("connection").compare("close", Qt::CaseInsensitive) == 0;

        if (r.path.startsWith(u"/_portico/traces"_s) && handleTraces(r, connection, slot, head, close))
            return true;

        if (m_generation != m_engine->generation() || !m_table) {
            m_generation = m_engine->generation();
            m_table = m_engine->table();
        }
        if (!m_table) {
            connection->respond(slot, MockResponse{503, {{"content-type", "application/json"}}, detailMessage(u"No API loaded")}, head, close);
            return true;
        }
        MockEngine::Outcome outcome = m_engine->handle(r, *m_table);
        if (outcome.forwardToProxy) {
            forward(std::move(r), std::move(outcome.trace), connection, slot, head, close, receivedNs);
            return true;
        }
        TraceRecord &trace = outcome.trace;
        trace.requestBody = TraceBuffer::capBody(r.body, TraceBuffer::DefaultBodyCap, &trace.requestBodyTruncated);
        trace.status = outcome.response.status;
        trace.responseHeaders = outcome.response.headers;
        trace.responseBody = TraceBuffer::capBody(outcome.response.body, TraceBuffer::DefaultBodyCap, &trace.responseBodyTruncated);
        connection->respond(slot, std::move(outcome.response), head, close, std::move(trace), receivedNs);
        return true;
    }

public:
    // Numbers and stores a trace when its response starts (latency included in the duration).
    void record(TraceRecord &&trace, qint64 receivedNs)
    {
        trace.durationUs = (monotonicNs() - receivedNs) / 1000;
        if (!m_options.traceSecrets) {
            static const CredentialPlaces always;
            redactCredentials(trace, m_table ? m_table->credentialPlaces() : always);
        }
        {
            QReadLocker lock(&m_owner->m_traceLock);
            trace.id = m_owner->m_nextTraceId.fetch_add(1, std::memory_order_relaxed) + 1;
            m_traces->append(trace);
        }
        m_pending.append(std::move(trace));
        if (!m_flush.isActive())
            m_flush.start();
    }

protected:
    void publish(const QList<TraceRecord> &records)
    {
        for (qsizetype i = m_subscribers.size() - 1; i >= 0; --i) {
            if (!m_subscribers[i])
                m_subscribers.remove(i);
        }
        if (m_subscribers.isEmpty()) {
            disconnect(m_subscription);
            m_subscription = {};
            return;
        }
        QByteArray events;
        for (const TraceRecord &t : records)
            events += "data: " + toJson(t.toJson()) + "\n\n";
        for (const auto &subscriber : std::as_const(m_subscribers))
            subscriber->sendEvent(events);
    }

    // --proxy: forwards to the real backend, checks its answer against the document (contract testing) and
    // traces it like any other exchange.
    void forward(MockRequest r, TraceRecord trace, Connection *connection, quint64 slot, bool head, bool close, qint64 receivedNs)
    {
        if (!m_network)
            m_network = new QNetworkAccessManager(this);
        const MockSettings &settings = m_table->settings();
        QString base = settings.proxyUrl;
        while (base.endsWith(u'/'))
            base.chop(1);
        QNetworkRequest request(QUrl(base + QString::fromUtf8(r.target)));
        static const QByteArrayList hopByHop = {"host", "connection", "keep-alive", "transfer-encoding", "te", "upgrade",
                                               "proxy-connection", "content-length", "accept-encoding"};
        for (const auto &[name, value] : r.headers) {
            if (!hopByHop.contains(name))
                request.setRawHeader(name, value);
        }
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(30000);
        QNetworkReply *reply = m_network->sendCustomRequest(request, r.method, r.body);
        QPointer<Connection> target(connection);
        auto table = m_table;
        connect(reply, &QNetworkReply::finished, this, [reply, target, slot, head, close, receivedNs, table,
                                                        r = std::move(r), trace = std::move(trace)]() mutable {
            reply->deleteLater();
            MockResponse response;
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (!status.isValid()) {
                response = MockResponse{502, {{"content-type", "application/json"}},
                                        detailMessage(QString(u"Proxy target unreachable: "_s + reply->errorString()))};
            } else {
                response.status = status.toInt();
                static const QByteArrayList skipped = {"content-length", "transfer-encoding", "connection", "keep-alive"};
                for (const auto &[name, value] : reply->rawHeaderPairs()) {
                    if (!skipped.contains(name.toLower()))
                        response.headers.append({name.toLower(), value});
                }
                response.body = reply->readAll();
                trace.responseErrors = checkProxied(*table, r, response);
            }
            trace.proxied = true;
            trace.status = response.status;
            trace.requestBody = TraceBuffer::capBody(r.body, TraceBuffer::DefaultBodyCap, &trace.requestBodyTruncated);
            trace.responseHeaders = response.headers;
            trace.responseBody = TraceBuffer::capBody(response.body, TraceBuffer::DefaultBodyCap, &trace.responseBodyTruncated);
            if (target)
                target->respond(slot, std::move(response), head, close, std::move(trace), receivedNs);
        });
    }

    // The backend's answer against the operation's documented response (null when it matches or nothing is
    // documented).
    static Json checkProxied(const RouteTable &table, const MockRequest &r, const MockResponse &response)
    {
        const RouteTable::Match m = table.match(r.method, r.path);
        if (!m.operation)
            return Json();
        const ResponsePlan *plan = m.operation->response(response.status);
        if (!plan) {
            return Json(JsonArray{Json(JsonObject{{u"type"_s, Json(u"undocumented_status"_s)},
                                                  {u"loc"_s, Json(JsonArray{Json(u"response"_s), Json(u"status"_s)})},
                                                  {u"msg"_s, Json(u"Status %1 is not documented for this operation"_s.arg(response.status))},
                                                  {u"input"_s, Json(qint64(response.status))}})});
        }
        const QByteArray type = response.header("content-type").split(';').first().trimmed().toLower();
        for (const MediaPlan &media : plan->content) {
            if (media.mediaType.toLatin1() != type || media.schema.isNull() || !type.contains("json"))
                continue;
            auto parsed = JsonParser().parse(response.body);
            if (!parsed.ok())
                return Json(JsonArray{Json(JsonObject{{u"type"_s, Json(u"json_invalid"_s)}, {u"loc"_s, Json(JsonArray{Json(u"response"_s)})},
                                                      {u"msg"_s, Json(u"JSON decode error"_s)}, {u"input"_s, Json()}})});
            const ValidationErrors errors = media.schema.validate(*parsed, JsonArray{Json(u"response"_s)});
            return errors.isEmpty() ? Json() : detailBody(errors)[u"detail"];
        }
        return Json();
    }

    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    static qint64 monotonicNs()
    {
        static QElapsedTimer clock = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        return clock.nsecsElapsed();
    }

    // /_portico/traces (JSON, ?after=ID&limit=N, paged) and /_portico/traces/stream (live Server-Sent Events),
    // for this machine only (inspectionaccess.h).
    bool handleTraces(const MockRequest &r, Connection *connection, quint64 slot, bool head, bool close)
    {
        if (r.path != u"/_portico/traces/stream" && r.path != u"/_portico/traces")
            return false;
        if (const QString refusal = inspectionRefusal(r, connection->isLoopbackPeer()); !refusal.isEmpty()) {
            connection->respond(slot, MockResponse{403, {{"content-type", "application/json"}}, detailMessage(refusal)}, head, close);
            return true;
        }
        if (r.path == u"/_portico/traces/stream") {
            connection->openEventStream(slot, {{"content-type", "text/event-stream; charset=utf-8"}, {"cache-control", "no-cache"}});
            subscribe(connection);
            return true;
        }
        connection->respond(slot, tracePage(r), head, close);
        return true;
    }

    // One page of traces: at most `limit` records (default 1000, at most 10,000) and about kTracePageBytes of
    // JSON, with a Link to the next page when more are waiting. One unpaged answer was 362 MB.
    MockResponse tracePage(const MockRequest &r) const
    {
        static constexpr qsizetype kTracePageBytes = 8 * 1024 * 1024;
        const quint64 after = r.queryValues(u"after"_s).value(0).toULongLong();
        bool limitGiven = false;
        const qsizetype asked = r.queryValues(u"limit"_s).value(0).toLongLong(&limitGiven);
        const qsizetype limit = limitGiven ? std::clamp<qsizetype>(asked, 1, 10'000) : 1000;
        const QList<TraceRecord> records = m_owner->traces(after, limit + 1);
        QByteArray body = "[";
        qsizetype sent = 0;
        quint64 last = after;
        for (const TraceRecord &t : records) {
            if (sent == limit || (sent > 0 && body.size() >= kTracePageBytes))
                break;
            if (sent++ > 0)
                body += ',';
            body += toJson(t.toJson());
            last = t.id;
        }
        body += ']';
        MockResponse response{200, {{"content-type", "application/json"}, {"cache-control", "no-store"}}, body};
        if (sent < records.size())
            response.headers.append({"link", "</_portico/traces?after=" + QByteArray::number(last) + "&limit="
                                                 + QByteArray::number(limit) + ">; rel=\"next\""});
        return response;
    }

    MockServer *m_owner;
    MockEngine *m_engine;
    TraceBuffer *m_traces;
    const ServerOptions &m_options;
    std::shared_ptr<const RouteTable> m_table;
    quint64 m_generation = 0;
    QNetworkAccessManager *m_network = nullptr;
    QList<TraceRecord> m_pending;
    QTimer m_flush;
    QList<QPointer<Connection>> m_subscribers;
    QMetaObject::Connection m_subscription;
};

class WorkerThread final : public QThread
{
public:
    WorkerThread(MockServer *owner, MockEngine *engine, int descriptor, const ServerOptions &options)
        : m_owner(owner), m_engine(engine), m_descriptor(descriptor), m_options(options)
    {
        m_traces.setCapacity(std::max(1, options.traceCapacity / std::max(1, options.threads)));
        m_traces.setByteBudget(options.traceBytes / std::max(1, options.threads));
    }

    TraceBuffer &traces() { return m_traces; }
    std::atomic<qint64> requests{0};
    std::atomic<bool> ready{false};
    QPointer<GuardedTcpServer> tcp;
    QPointer<WorkerHttpServer> http;

protected:
    void run() override
    {
        WorkerHttpServer http(m_owner, m_engine, &m_traces, m_options);
        this->http = &http;
        tcp = new GuardedTcpServer(m_options, nullptr);
        tcp->onConnection = [&http](Connection *connection) {
            connection->setTraceSink([&http](TraceRecord &&trace, qint64 receivedNs) { http.record(std::move(trace), receivedNs); });
        };
        if (!tcp->setSocketDescriptor(m_descriptor)) {
            ready = true;
            return;
        }
        http.bind(tcp);
        QObject::connect(tcp, &QTcpServer::newConnection, tcp, [tcp = tcp.data()] { tcp->armTakenConnections(); });
        // WebSocket upgrades: QAbstractHttpServer hands over the socket; the path picks the operation's script.
        QObject::connect(&http, &QAbstractHttpServer::newWebSocketConnection, &http, [this, &http] {
            while (http.hasPendingWebSocketConnections()) {
                std::unique_ptr<QWebSocket> socket = http.nextPendingWebSocketConnection();
                // Frames and messages are bodies too: past the body limit Qt closes with 1009 (too big)
                // instead of buffering them (a 200 MB frame took 500 MB).
                socket->setMaxAllowedIncomingFrameSize(quint64(m_options.limits.maxBodyBytes));
                socket->setMaxAllowedIncomingMessageSize(quint64(m_options.limits.maxBodyBytes));
                const auto table = m_engine->table();
                const RouteTable::Match m = table ? table->match("GET", socket->requestUrl().path()) : RouteTable::Match{};
                if (!m.operation || !m.operation->websocket) {
                    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"No WebSocket operation at this path"_s);
                    socket.release()->deleteLater();
                    continue;
                }
                auto *session = new WebSocketSession(std::move(socket), table, *m.operation->websocket);
                session->setParent(&http);
            }
        });
        // Housekeeping: slowloris and idle connections.
        QTimer housekeeping;
        QObject::connect(&housekeeping, &QTimer::timeout, &http, [this] {
            const qint64 now = monotonicMs();
            if (!tcp)
                return;
            for (QTcpSocket *socket : tcp->findChildren<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly)) {
                if (Connection *c = socket->findChild<Connection *>(QString(), Qt::FindDirectChildrenOnly); c && c->timedOut(now))
                    c->rejectTimedOut();
            }
        });
        housekeeping.start(1000);
        ready = true;
        exec();
        requests = http.requests;
    }

private:
    MockServer *m_owner;
    MockEngine *m_engine;
    int m_descriptor;
    const ServerOptions &m_options;
    TraceBuffer m_traces;
};

MockServer::MockServer(MockEngine *engine, QObject *parent) : QObject(parent), m_engine(engine)
{
    qRegisterMetaType<TraceRecord>();
    qRegisterMetaType<QList<TraceRecord>>();
}

MockServer::~MockServer()
{
    stop(0);
    // Workers left busy use this object until they end: wait for them here rather than free it under them.
    for (auto &w : m_abandoned)
        w->wait();
}

Result<quint16> MockServer::start(const ServerOptions &options)
{
    stop(0);
    if (options.tls) {
        if (const QString problem = tlsConfigurationProblem(*options.tls); !problem.isEmpty())
            return Error{problem, {}};
    }
    m_options = options;
    if (m_options.threads <= 0)
        m_options.threads = std::max(1, QThread::idealThreadCount());
    QString error;
    if (m_options.port != 0) {
        const int probe = listeningSocket(m_options.host, m_options.port, &error, true);
        if (probe < 0)
            return Error{u"cannot listen on %1:%2: %3"_s.arg(m_options.host.toString()).arg(m_options.port).arg(error), {}};
        ::close(probe);
    }
    const int first = listeningSocket(m_options.host, m_options.port, &error);
    if (first < 0) {
        return Error{u"cannot listen on %1:%2: %3"_s.arg(m_options.host.toString()).arg(m_options.port).arg(error), {}};
    }
    m_port = boundPort(first);
    std::vector<int> descriptors{first};
    for (int i = 1; i < m_options.threads; ++i) {
        const int fd = listeningSocket(m_options.host, m_port, &error);
        if (fd < 0) {
            for (int d : descriptors)
                ::close(d);
            return Error{u"cannot listen on %1:%2: %3"_s.arg(m_options.host.toString()).arg(m_port).arg(error), {}};
        }
        descriptors.push_back(fd);
    }
    for (int fd : descriptors) {
        m_workers.push_back(std::make_unique<WorkerThread>(this, m_engine, fd, m_options));
        m_workers.back()->start();
    }
    for (auto &w : m_workers) {
        while (!w->ready)
            QThread::msleep(1);
    }
    return m_port;
}

bool MockServer::stop(int graceMs)
{
    if (m_workers.empty())
        return true;
    // Nothing here waits on a worker without a limit: a worker busy with one long request once kept the
    // process alive 18 s after SIGTERM, until kill -9 cost the user's unsaved data. Queued calls run when a
    // worker next returns to its event loop.
    for (auto &w : m_workers) {
        if (w->tcp)
            QMetaObject::invokeMethod(w->tcp, [tcp = w->tcp] { tcp->close(); }); // stop accepting
    }
    if (graceMs > 0)
        QThread::msleep(std::min(graceMs, 200)); // in-flight responses (delays, slow bodies) go on meanwhile
    for (auto &w : m_workers) {
        if (w->http) {
            // The last traces go out before the loop ends, so they reach the caller's thread before stop() returns.
            QMetaObject::invokeMethod(w->http, [http = w->http, thread = w.get()] {
                http->flushTraces();
                thread->quit();
            });
        } else {
            w->quit();
        }
    }
    const QDeadlineTimer deadline(std::max(graceMs, 1000));
    bool stopped = true;
    for (auto &w : m_workers) {
        if (!w->wait(deadline)) {
            stopped = false;
            m_abandoned.push_back(std::move(w));
        }
    }
    m_workers.clear();
    return stopped;
}

QString MockServer::baseUrl() const
{
    const QString host = m_options.host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + m_options.host.toString() + u']'
                                                                                    : m_options.host.toString();
    return (m_options.tls ? u"https://"_s : u"http://"_s) + host + u':' + QString::number(m_port);
}

QList<TraceRecord> MockServer::traces(quint64 afterId, qsizetype limit) const
{
    QWriteLocker lock(&m_traceLock);
    // Each worker's first `limit` above afterId include the first `limit` of all of them.
    QList<TraceRecord> all;
    for (const auto &w : m_workers)
        all.append(w->traces().snapshot(afterId, limit));
    std::sort(all.begin(), all.end(), [](const TraceRecord &a, const TraceRecord &b) { return a.id < b.id; });
    if (limit >= 0 && all.size() > limit)
        all.resize(limit);
    return all;
}

void MockServer::clearTraces()
{
    for (auto &w : m_workers)
        w->traces().clear();
}

qint64 MockServer::requestCount() const
{
    return m_requestCount.load(std::memory_order_relaxed);
}

} // namespace portico::mock
