// The mock server end to end: a real server on 127.0.0.1, real HTTP requests, every engine behaviour.
#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/inspectionaccess.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QProcess>
#include <QScopeGuard>
#include <QSslKey>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <sys/socket.h>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

struct Reply
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    Json json() const { return parseJson(body); }
};

} // namespace

class tst_MockServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void routing_data();
    void routing();
    void headAndOptions();
    void validationErrors_data();
    void validationErrors();
    void unsupportedMediaType();
    void examplesPreferAndRules();
    void generatedDataMatchesTheSchema();
    void templates();
    void resourceCrud();
    void security();
    void rateLimit();
    void cors();
    void tracesHideCredentials();
    void tracesAreForThisMachineOnly();
    void tracesArePaged();
    void latencyDoesNotBlockOtherRequests();
    void faults();
    void responseValidation();
    void serverSentEvents();
    void multipartForm();
    void malformedAndOversizedRequests_data();
    void malformedAndOversizedRequests();
    void framingAfterChunksAndFalseUpgrades();
    void answersClientsThatHalfClose();
    void headsInPiecesAndPipelined();
    void badRequestAfterGoodOnes();
    void connectionCloseAndHttp10();
    void traces();
    void hotSwapUnderLoad();
    void slowClientsAndConnectionLimits();
    void slowBodyAndNdjson();
    void liveTraceStream();
    void webSocket();
    void proxyAndContractChecks();
    void tls();
    void portTakenByAnotherServer();

private:
    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    QByteArray raw(const QByteArray &bytes, int waitMs = 3000);

    Json m_document;
    MockEngine m_engine;
    MockServer *m_server = nullptr;
    QNetworkAccessManager m_network;
};

void tst_MockServer::initTestCase()
{
    ApiDocument doc;
    QVERIFY(doc.load(QFINDTESTDATA("../data/mock/features.yaml")).ok());
    m_document = doc.root();
    QVERIFY(m_engine.setDocument(m_document, {}).ok());
    m_server = new MockServer(&m_engine, this);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.limits.maxBodyBytes = 64 * 1024;
    options.limits.maxHeaderBytes = 4096;
    const auto started = m_server->start(options);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    QVERIFY(m_server->port() > 0);
}

void tst_MockServer::cleanupTestCase()
{
    m_server->stop(0);
}

Reply tst_MockServer::request(const QByteArray &method, const QString &path, const QByteArray &body,
                              const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req(QUrl(m_server->baseUrl() + path));
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    if (!body.isEmpty() && !req.hasRawHeader("Content-Type"))
        req.setRawHeader("Content-Type", "application/json");
    QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        qWarning("request timed out: %s %s", method.constData(), qPrintable(path));
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.error = reply->error();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        r.headers.insert(name.toLower(), value);
    reply->deleteLater();
    return r;
}

QByteArray tst_MockServer::raw(const QByteArray &bytes, int waitMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    if (!socket.waitForConnected(3000))
        return {};
    socket.write(bytes);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < waitMs && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(200))
            answer += socket.readAll(); // every request here says Connection: close, so the server ends it
    }
    answer += socket.readAll();
    return answer;
}

void tst_MockServer::routing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("bodyPart");
    QTest::addRow("concrete path wins over template") << QByteArray("GET") << u"/items/mine"_s << 200 << QByteArray(R"({"mine":true})");
    QTest::addRow("template") << QByteArray("GET") << u"/items/1"_s << 200 << QByteArray(R"("name":"Widget")");
    QTest::addRow("trailing slash is ignored") << QByteArray("GET") << u"/items/mine/"_s << 200 << QByteArray(R"({"mine":true})");
    QTest::addRow("repeated slashes are one") << QByteArray("GET") << u"/items//mine"_s << 200 << QByteArray(R"({"mine":true})");
    QTest::addRow("percent-encoded concrete path") << QByteArray("GET") << u"/items/m%69ne"_s << 200 << QByteArray(R"({"mine":true})");
    QTest::addRow("percent-encoded segment") << QByteArray("GET") << u"/greet/J%C3%BCrgen%20K"_s << 200 << QByteArray("J\xc3\xbcrgen K");
    QTest::addRow("unknown path is a JSON 404") << QByteArray("GET") << u"/nowhere"_s << 404 << QByteArray(R"({"detail":"Not Found"})");
    QTest::addRow("unknown method is a 405") << QByteArray("PUT") << u"/items/mine"_s << 405 << QByteArray(R"({"detail":"Method Not Allowed"})");
    QTest::addRow("openapi.json") << QByteArray("GET") << u"/openapi.json"_s << 200 << QByteArray(R"("title":"Feature API")");
    QTest::addRow("openapi.yaml") << QByteArray("GET") << u"/openapi.yaml"_s << 200 << QByteArray("title: Feature API");
    QTest::addRow("docs") << QByteArray("GET") << u"/docs"_s << 200 << QByteArray("swagger-ui");
    QTest::addRow("redoc") << QByteArray("GET") << u"/_portico/redoc"_s << 200 << QByteArray("redoc");
}

void tst_MockServer::routing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, bodyPart);
    const Reply r = request(method, path);
    QCOMPARE(r.status, status);
    QVERIFY2(r.body.contains(bodyPart), r.body.constData());
    if (status == 405)
        QCOMPARE(r.headers.value("allow"), QByteArray("GET, HEAD, OPTIONS"));
}

void tst_MockServer::headAndOptions()
{
    const QByteArray head = raw("HEAD /items/mine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(head.startsWith("HTTP/1.1 200 OK"), head.constData());
    QVERIFY(head.contains("content-length: 13"));
    QVERIFY(head.endsWith("\r\n\r\n")); // no body
    const Reply options = request("OPTIONS", u"/items"_s);
    QCOMPARE(options.status, 204);
    QCOMPARE(options.headers.value("allow"), QByteArray("GET, POST, HEAD, OPTIONS"));
}

void tst_MockServer::validationErrors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("typed path parameter") << QByteArray("GET") << u"/items/abc"_s << QByteArray()
        << QByteArray(R"({"detail":[{"type":"int_parsing","loc":["path","id"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]})");
    QTest::addRow("query constraint after coercion") << QByteArray("GET") << u"/items?limit=500"_s << QByteArray()
        << QByteArray(R"({"detail":[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 50","input":500,"ctx":{"le":50}}]})");
    QTest::addRow("explode false arrays are comma separated") << QByteArray("GET") << u"/items?ids=1,x,3"_s << QByteArray()
        << QByteArray(R"({"detail":[{"type":"int_parsing","loc":["query","ids",1],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}]})");
    QTest::addRow("missing body") << QByteArray("POST") << u"/items"_s << QByteArray()
        << QByteArray(R"({"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]})");
    QTest::addRow("invalid JSON with position") << QByteArray("POST") << u"/items"_s << QByteArray(R"({"name": "x",})")
        << QByteArray(R"({"detail":[{"type":"json_invalid","loc":["body",13],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting property name enclosed in double quotes"}}]})");
    QTest::addRow("every schema error") << QByteArray("POST") << u"/items"_s << QByteArray(R"({"name":"","extra":1})")
        << QByteArray(R"({"detail":[{"type":"string_too_short","loc":["body","name"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}},)"
                      R"({"type":"missing","loc":["body","price"],"msg":"Field required","input":{"name":"","extra":1}},)"
                      R"({"type":"extra_forbidden","loc":["body","extra"],"msg":"Extra inputs are not permitted","input":1}]})");
}

void tst_MockServer::validationErrors()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    const Reply r = request(method, path, body);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.body, expected);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
}

void tst_MockServer::unsupportedMediaType()
{
    const Reply r = request("POST", u"/items"_s, "name=x", {{"Content-Type", "text/csv"}});
    QCOMPARE(r.status, 415);
    // A form body is accepted where the operation documents it, its strings coerced like FastAPI's Form().
    const Reply form = request("POST", u"/items"_s, "name=Lamp&price=12.5", {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(form.status, 201);
    QCOMPARE(form.json()[u"name"].toString(), u"Lamp"_s);
}

void tst_MockServer::examplesPreferAndRules()
{
    const Reply fixed = request("GET", u"/generated"_s);
    QCOMPARE(fixed.json()[u"name"].toString(), u"Fixed"_s);
    const Reply preferred = request("GET", u"/generated"_s, {}, {{"Prefer", "code=404, example=notFound"}});
    QCOMPARE(preferred.status, 404);
    QCOMPARE(preferred.json()[u"detail"].toString(), u"not here"_s);
    // A code HTTP cannot carry is ignored; the rest of the preference still counts.
    for (const QByteArray prefer : {"code=18446744073709551617", "code=604", "code=-200", "code=18446744073709551617, example=fixed"})
        QCOMPARE(request("GET", u"/generated"_s, {}, {{"Prefer", prefer}}).status, 200);
    QCOMPARE(request("GET", u"/generated"_s, {}, {{"Prefer", "code=1e400, example=fixed"}}).json()[u"name"].toString(), u"Fixed"_s);
    // Issue 13, item 8: a preference the operation cannot honour is a 400 that says what it can, not generated
    // data or a bare 418.
    const Reply unknownExample = request("GET", u"/generated"_s, {}, {{"Prefer", "example=nope"}});
    QCOMPARE(unknownExample.status, 400);
    QCOMPARE(unknownExample.headers.value("content-type"), QByteArray("application/problem+json"));
    QVERIFY2(unknownExample.json()[u"detail"].toString().contains(u"example=nope"_s), unknownExample.body.constData());
    QVERIFY2(unknownExample.json()[u"examples"].toArray().size() >= 1, unknownExample.body.constData());
    const Reply undocumented = request("GET", u"/generated"_s, {}, {{"Prefer", "code=418"}});
    QCOMPARE(undocumented.status, 400);
    QVERIFY2(undocumented.json()[u"detail"].toString().contains(u"code=418"_s)
                 && undocumented.json()[u"documented"].toArray().size() >= 2,
             undocumented.body.constData());
    const Reply rule = request("GET", u"/items/0"_s);
    QCOMPARE(rule.status, 404);
    QCOMPARE(rule.body, QByteArray(R"({"detail":"gone"})"));
}

void tst_MockServer::generatedDataMatchesTheSchema()
{
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:f"_s, m_document);
    const auto item = compiler.compile(u"urn:f#/components/schemas/Item"_s);
    QVERIFY(item.ok());
    const Reply a = request("GET", u"/generated?x=1"_s, {}, {{"Prefer", "dynamic=true"}});
    QCOMPARE(a.status, 200);
    QVERIFY2(item->isValid(a.json()), a.body.constData());
    QVERIFY(a.json()[u"name"].toString() != u"Fixed"_s);
    // Deterministic per request.
    QCOMPARE(request("GET", u"/generated?x=1"_s, {}, {{"Prefer", "dynamic=true"}}).body, a.body);
}

void tst_MockServer::templates()
{
    const Reply r = request("GET", u"/greet/Ada?times=3"_s, {}, {{"User-Agent", "tester/1"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"hello"].toString(), u"Ada"_s);
    QVERIFY(r.json()[u"times"].isInteger()); // a whole-value template keeps the parameter's type
    QCOMPARE(r.json()[u"times"].toInteger(), 3);
    QCOMPARE(r.json()[u"agent"].toString(), u"via tester/1"_s);
}

void tst_MockServer::resourceCrud()
{
    // The collection was seeded with ids 1 and 2 from the list operation's example.
    const Reply before = request("GET", u"/items"_s);
    QVERIFY(before.json().toArray().size() >= 2);
    QCOMPARE(before.json()[0][u"name"].toString(), u"Widget"_s);
    qint64 maxId = 0;
    const Json records = before.json();
    for (const Json &record : records.toArray())
        maxId = std::max(maxId, record[u"id"].toInteger());
    const Reply created = request("POST", u"/items"_s, R"({"name":"Desk","price":120,"tags":["oak"]})");
    QCOMPARE(created.status, 201);
    const qint64 id = created.json()[u"id"].toInteger();
    QCOMPARE(id, maxId + 1);
    const QString item = u"/items/"_s + QString::number(id);
    QVERIFY(created.headers.value("location").endsWith(item.toUtf8()));
    QCOMPARE(request("GET", item).json()[u"name"].toString(), u"Desk"_s);
    const Reply list = request("GET", u"/items?_sort=price&_order=desc"_s);
    QCOMPARE(list.json()[0][u"name"].toString(), u"Desk"_s);
    QCOMPARE(list.headers.value("x-total-count").toInt(), int(before.json().toArray().size()) + 1);
    const Reply patched = request("PATCH", item, R"({"price":99})");
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json()[u"price"].toInteger(), 99);
    QCOMPARE(patched.json()[u"tags"][0].toString(), u"oak"_s);
    QCOMPARE(request("PATCH", item, R"({"price":-1})").status, 422); // the merged record is re-validated
    QCOMPARE(request("DELETE", item).status, 204);
    const Reply gone = request("GET", item);
    QCOMPARE(gone.status, 404);
    // The documented 404 body ({"detail": "gone"}) names the record that is missing, not its example's text.
    QCOMPARE(gone.json()[u"detail"].toString(), u"No items with id %1"_s.arg(id));
    QCOMPARE(request("GET", u"/items/0"_s).json()[u"detail"].toString(), u"gone"_s); // a rule's example stays
    QCOMPARE(request("DELETE", item).status, 404);
}

void tst_MockServer::security()
{
    const Reply missing = request("GET", u"/secure"_s);
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.headers.value("www-authenticate"), QByteArray("Bearer"));
    QCOMPARE(request("GET", u"/secure"_s, {}, {{"Authorization", "Basic eDp5"}}).status, 401); // malformed for bearer
    QCOMPARE(request("GET", u"/secure"_s, {}, {{"Authorization", "Bearer wrong"}}).status, 403);
    const Reply ok = request("GET", u"/secure"_s, {}, {{"Authorization", "Bearer good-token"}});
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json()[u"secret"].toInteger(), 42);
    QCOMPARE(request("GET", u"/keyed"_s).status, 401);
    QCOMPARE(request("GET", u"/keyed"_s, {}, {{"X-API-Key", "anything"}}).status, 200); // no list: any key
}

void tst_MockServer::rateLimit()
{
    QCOMPARE(request("GET", u"/limited"_s).headers.value("x-ratelimit-remaining"), QByteArray("1"));
    QCOMPARE(request("GET", u"/limited"_s).status, 200);
    const Reply limited = request("GET", u"/limited"_s);
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.headers.value("retry-after").toInt() >= 1);
}

void tst_MockServer::cors()
{
    // The friendly default: any origin may call, never with credentials.
    const Reply preflight = request("OPTIONS", u"/items"_s, {},
                                    {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"},
                                     {"Access-Control-Request-Headers", "content-type,x-trace"}});
    QCOMPARE(preflight.status, 204);
    QCOMPARE(preflight.headers.value("access-control-allow-origin"), QByteArray("*"));
    QVERIFY(!preflight.headers.contains("access-control-allow-credentials"));
    QVERIFY(preflight.headers.value("access-control-allow-methods").contains("POST"));
    QCOMPARE(preflight.headers.value("access-control-allow-headers"), QByteArray("content-type,x-trace"));
    const Reply simple = request("GET", u"/items/mine"_s, {}, {{"Origin", "http://evil.example"}});
    QCOMPARE(simple.headers.value("access-control-allow-origin"), QByteArray("*"));
    QVERIFY(!simple.headers.contains("access-control-allow-credentials"));

    // Origins the user names get their origin back, with credentials; others get nothing.
    MockSettings named;
    named.corsOrigins = {u"http://localhost:3000"_s};
    QVERIFY(m_engine.setDocument(m_document, named).ok());
    const Reply listed = request("GET", u"/items/mine"_s, {}, {{"Origin", "http://localhost:3000"}});
    QCOMPARE(listed.headers.value("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QCOMPARE(listed.headers.value("access-control-allow-credentials"), QByteArray("true"));
    const Reply other = request("OPTIONS", u"/items"_s, {},
                                {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
    QVERIFY(!other.headers.contains("access-control-allow-origin"));
    QVERIFY(!other.headers.contains("access-control-allow-credentials"));
    QVERIFY(m_engine.setDocument(m_document, {}).ok());
}

void tst_MockServer::tracesHideCredentials()
{
    const QList<std::pair<QByteArray, QByteArray>> secrets = {
        {"Authorization", "Bearer s3cret-token"}, {"X-API-Key", "s3cret-key"}, {"Cookie", "session=s3cret-cookie; theme=dark"}};
    const auto findTrace = [this](MockServer &server, const QByteArray &marker) -> std::optional<TraceRecord> {
        for (const TraceRecord &t : server.traces()) {
            if (t.target.contains(marker))
                return t;
        }
        return std::nullopt;
    };
    QCOMPARE(request("GET", u"/items/mine?redact=1&access_token=s3cret-query"_s, {}, secrets).status, 200);
    QTRY_VERIFY(findTrace(*m_server, "redact=1").has_value());
    const TraceRecord t = *findTrace(*m_server, "redact=1");
    QCOMPARE(t.target, QByteArray("/items/mine?redact=1&access_token=REDACTED"));
    QCOMPARE(firstHeader(t.requestHeaders, "authorization"), QByteArray("Bearer REDACTED"));
    QCOMPARE(firstHeader(t.requestHeaders, "x-api-key"), QByteArray("REDACTED")); // named by the document's apiKey scheme
    QCOMPARE(firstHeader(t.requestHeaders, "cookie"), QByteArray("session=REDACTED; theme=REDACTED"));
    // Nor do they leave by the traces endpoint.
    const Reply listed = request("GET", u"/_portico/traces?after="_s + QString::number(t.id - 1));
    QCOMPARE(listed.status, 200);
    QVERIFY(listed.body.contains("Bearer REDACTED"));
    QVERIFY2(!listed.body.contains("s3cret"), listed.body.constData());

    // --trace-secrets keeps them, for who asks.
    MockServer revealing(&m_engine);
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.traceSecrets = true;
    QVERIFY(revealing.start(options).ok());
    QNetworkRequest req(QUrl(revealing.baseUrl() + u"/items/mine?reveal=1"_s));
    for (const auto &[name, value] : secrets)
        req.setRawHeader(name, value);
    QNetworkReply *reply = m_network.get(req);
    QTRY_VERIFY(reply->isFinished());
    reply->deleteLater();
    QTRY_VERIFY(findTrace(revealing, "reveal=1").has_value());
    QCOMPARE(firstHeader(findTrace(revealing, "reveal=1")->requestHeaders, "authorization"), QByteArray("Bearer s3cret-token"));
    revealing.stop(0);
}

void tst_MockServer::tracesAreForThisMachineOnly()
{
    const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(m_server->port()) + "\r\n";
    const auto get = [this](const QByteArray &headers) {
        return raw("GET /_portico/traces?limit=1 HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n");
    };
    const QByteArray allowed = get(host);
    QVERIFY2(allowed.startsWith("HTTP/1.1 200"), allowed.constData());
    const QByteArray allowedHead = allowed.left(allowed.indexOf("\r\n\r\n")).toLower();
    QVERIFY2(!allowedHead.contains("access-control-allow-origin"), allowedHead.constData());
    // A page on a domain that resolves here (DNS rebinding) names its domain in Host.
    QVERIFY(get("Host: rebind.evil.example:" + QByteArray::number(m_server->port()) + "\r\n").startsWith("HTTP/1.1 403"));
    QVERIFY(get("").startsWith("HTTP/1.1 403") || get("").startsWith("HTTP/1.1 400")); // no Host at all
    // A browser's request from another origin or site.
    QVERIFY(get(host + "Origin: http://evil.example\r\n").startsWith("HTTP/1.1 403"));
    QVERIFY(get(host + "Origin: http://127.0.0.1:1\r\n").startsWith("HTTP/1.1 403"));
    QVERIFY(get(host + "Sec-Fetch-Site: cross-site\r\n").startsWith("HTTP/1.1 403"));
    const QByteArray sameOrigin = get(host + "Origin: http://127.0.0.1:" + QByteArray::number(m_server->port()) + "\r\n");
    QVERIFY2(sameOrigin.startsWith("HTTP/1.1 200"), sameOrigin.constData());
    QVERIFY(get("Host: localhost:" + QByteArray::number(m_server->port()) + "\r\n").startsWith("HTTP/1.1 200"));
    const QByteArray stream = raw("GET /_portico/traces/stream HTTP/1.1\r\nHost: evil.example\r\n\r\n", 500);
    QVERIFY2(stream.startsWith("HTTP/1.1 403"), stream.constData());

    // A peer on the network is refused whatever it sends (the server may listen on 0.0.0.0).
    MockRequest remote;
    remote.headers = {{"host", "127.0.0.1:8000"}};
    QVERIFY(!inspectionRefusal(remote, false).isEmpty());
    QVERIFY(inspectionRefusal(remote, true).isEmpty());
}

void tst_MockServer::tracesArePaged()
{
    const quint64 before = m_server->traces().isEmpty() ? 0 : m_server->traces().last().id;
    for (int i = 0; i < 5; ++i)
        QCOMPARE(request("GET", u"/items/mine?page="_s + QString::number(i)).status, 200);
    QTRY_VERIFY(m_server->traces(before).size() >= 5);
    QString next = u"/_portico/traces?after=%1&limit=2"_s.arg(before);
    QList<qint64> ids;
    for (int pageNumber = 0; pageNumber < 3; ++pageNumber) {
        const Reply r = request("GET", next);
        QCOMPARE(r.status, 200);
        const Json page = r.json();
        const JsonArray &records = page.toArray();
        QVERIFY(records.size() <= 2 && !records.empty());
        for (const Json &record : records)
            ids.append(record[u"id"].toInteger());
        const QByteArray link = r.headers.value("link");
        if (pageNumber < 2) {
            QVERIFY2(link.endsWith(">; rel=\"next\""), link.constData());
            next = QString::fromLatin1(link.mid(1, link.indexOf('>') - 1));
        } else {
            QVERIFY2(link.isEmpty(), link.constData()); // the last page
        }
    }
    QCOMPARE(ids.size(), 5);
    QVERIFY(std::is_sorted(ids.begin(), ids.end()));
    QVERIFY(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

void tst_MockServer::latencyDoesNotBlockOtherRequests()
{
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *slow = m_network.get(QNetworkRequest(QUrl(m_server->baseUrl() + u"/slow"_s)));
    // Several fast requests on other connections, answered while the slow one waits (even on its thread).
    for (int i = 0; i < 4; ++i) {
        const Reply fast = request("GET", u"/fast"_s);
        QCOMPARE(fast.status, 200);
    }
    QVERIFY2(timer.elapsed() < 900, "fast requests waited for the delayed one");
    QSignalSpy done(slow, &QNetworkReply::finished);
    QVERIFY(slow->isFinished() || done.wait(5000));
    QVERIFY(timer.elapsed() >= 1000);
    QCOMPARE(slow->readAll(), QByteArray(R"({"slow":true})"));
    slow->deleteLater();
}

void tst_MockServer::faults()
{
    const Reply broken = request("GET", u"/broken"_s);
    QCOMPARE(broken.status, 503);
    QCOMPARE(broken.headers.value("content-type"), QByteArray("application/problem+json"));
    const Reply reset = request("GET", u"/reset"_s);
    QCOMPARE(reset.status, 0);
    QVERIFY(reset.error != QNetworkReply::NoError);
}

void tst_MockServer::responseValidation()
{
    QSignalSpy traces(m_server, &MockServer::tracesRecorded);
    const Reply lenient = request("GET", u"/wrong"_s);
    QCOMPARE(lenient.status, 200);
    TraceRecord t;
    auto find = [&] {
        for (const auto &batch : traces) {
            for (const TraceRecord &r : batch.first().value<QList<TraceRecord>>()) {
                if (r.operationId == u"wrong")
                    t = r;
            }
        }
        return !t.operationId.isEmpty();
    };
    QTRY_VERIFY(find());
    QCOMPARE(t.responseErrors[0][u"loc"][1].toString(), u"id"_s);

    MockSettings strict;
    strict.strictResponses = true;
    QVERIFY(m_engine.setDocument(m_document, strict).ok());
    const Reply failed = request("GET", u"/wrong"_s);
    QCOMPARE(failed.status, 500);
    QCOMPARE(failed.json()[u"errors"][0][u"type"].toString(), u"int_type"_s);
    // As documented: a problem document (it was labelled application/json).
    QCOMPARE(failed.headers.value("content-type"), QByteArray("application/problem+json"));
    QCOMPARE(failed.json()[u"status"].toInteger(), 500);
    QVERIFY(m_engine.setDocument(m_document, {}).ok());
}

void tst_MockServer::serverSentEvents()
{
    const QByteArray answer = raw("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n", 3000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK"), answer.constData());
    QVERIFY(answer.contains("content-type: text/event-stream"));
    QVERIFY(answer.contains("transfer-encoding: chunked"));
    QCOMPARE(answer.count("event: tick\n"), 3);
    QVERIFY(answer.contains("id: 3\n"));
    QVERIFY(answer.endsWith("0\r\n\r\n"));
}

void tst_MockServer::multipartForm()
{
    const QByteArray boundary = "XyZ";
    const QByteArray body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nReport\r\n"
                            "--XyZ\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n4\r\n"
                            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                            "--XyZ--\r\n";
    QCOMPARE(request("POST", u"/upload"_s, body, {{"Content-Type", "multipart/form-data; boundary=" + boundary}}).status, 200);
    const QByteArray bad = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nR\r\n--XyZ--\r\n";
    const Reply invalid = request("POST", u"/upload"_s, bad, {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
    QCOMPARE(invalid.status, 422);
    QCOMPARE(invalid.json()[u"detail"][0][u"type"].toString(), u"string_too_short"_s);
    QCOMPARE(invalid.json()[u"detail"][1][u"loc"][1].toString(), u"file"_s);
}

void tst_MockServer::malformedAndOversizedRequests_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("bad header line") << QByteArray("GET / HTTP/1.1\r\nno colon here\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("empty target") << QByteArray("GET  HTTP/1.1\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("four request line parts") << QByteArray("GET / x HTTP/1.1\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("not HTTP/1") << QByteArray("GET / SPDY/3\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("space in a header name") << QByteArray("GET / HTTP/1.1\r\nX Bad: 1\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("negative content-length") << QByteArray("POST /items HTTP/1.1\r\ncontent-LENGTH: -1\r\n\r\n")
                                             << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("bad content-length") << QByteArray("POST /items HTTP/1.1\r\nContent-Length: ten\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("body over the limit") << QByteArray("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n{")
                                         << QByteArray("HTTP/1.1 413 Content Too Large");
    QTest::addRow("headers over the limit") << QByteArray("GET / HTTP/1.1\r\nX-Big: " + QByteArray(8000, 'a') + "\r\n\r\n")
                                            << QByteArray("HTTP/1.1 431 Request Header Fields Too Large");
    // Framing (RFC 9112): one length, in digits; never two framings; chunk sizes in hex that fit.
    const QByteArray post = "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    QTest::addRow("signed content-length") << post + "Content-Length: +2\r\n\r\n{}" << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("two content-lengths") << post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}" << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("length and chunked") << post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                                        << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("unknown transfer coding") << post + "Transfer-Encoding: gzip\r\n\r\n" << QByteArray("HTTP/1.1 501 Not Implemented");
    const QByteArray chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
    QTest::addRow("chunk size not hex") << chunked + "zz\r\n{}\r\n0\r\n\r\n" << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("negative chunk size") << chunked + "-1\r\n{}\r\n0\r\n\r\n" << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("chunk size overflows") << chunked + "ffffffffffffffff\r\n{}\r\n0\r\n\r\n" << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("chunks over the limit") << chunked + "100000\r\n" << QByteArray("HTTP/1.1 413 Content Too Large");
    QTest::addRow("chunk without its CRLF") << chunked + "2\r\n{}XX0\r\n\r\n" << QByteArray("HTTP/1.1 400 Bad Request");
    // A WebSocket handshake the server could not complete is refused before it is half answered.
    const QByteArray upgrade = "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n";
    QTest::addRow("websocket key too short") << upgrade + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: abc\r\n\r\n"
                                             << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("websocket without version") << upgrade + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
                                               << QByteArray("HTTP/1.1 426 Upgrade Required");
}

void tst_MockServer::malformedAndOversizedRequests()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, statusLine);
    const QByteArray answer = raw(bytes);
    QVERIFY2(answer.startsWith(statusLine), answer.constData());
    // The server is still fine afterwards.
    QCOMPARE(request("GET", u"/fast"_s).status, 200);
}

void tst_MockServer::framingAfterChunksAndFalseUpgrades()
{
    // Trailers end a chunked body; the request after it is answered too.
    const QByteArray pipelined = raw("POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                     "Transfer-Encoding: chunked\r\n\r\n"
                                     "a;ext=1\r\n{\"name\":\"a\r\nd\r\n\",\"price\": 2}\r\n0\r\nX-Checksum: 1\r\n\r\n"
                                     "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(pipelined.count("HTTP/1.1 ") == 2, pipelined.constData());
    QVERIFY2(pipelined.startsWith("HTTP/1.1 201"), pipelined.constData());
    // Qt's parser read the trailer field as a request line: that 400 passed for an answer until the GET's own
    // 200 was asked for.
    QVERIFY2(pipelined.mid(pipelined.indexOf("HTTP/1.1 ", 1)).startsWith("HTTP/1.1 200"), pipelined.constData());

    // Trailer fields split across reads, the blank line that ends them too.
    QTcpSocket split;
    split.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(split.waitForConnected(3000));
    for (const QByteArray &piece : {QByteArray("POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                               "Transfer-Encoding: chunked\r\n\r\n17\r\n{\"name\":\"b\",\"price\": 2}\r\n0\r\nX-Ch"),
                                    QByteArray("ecksum: 1\r\nX-More: 2\r"), QByteArray("\n\r"),
                                    QByteArray("\nGET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")}) {
        split.write(piece);
        QVERIFY(split.waitForBytesWritten(1000));
        QTest::qWait(50);
    }
    QByteArray splitAnswers;
    QTRY_VERIFY((splitAnswers += split.readAll()).count("HTTP/1.1 ") == 2 || split.state() != QAbstractSocket::ConnectedState);
    splitAnswers += split.readAll();
    QVERIFY2(splitAnswers.startsWith("HTTP/1.1 201") && splitAnswers.contains("HTTP/1.1 200"), splitAnswers.constData());

    // `Upgrade: websocket` without `Connection: upgrade` is plain HTTP, and every limit still holds after it.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("GET /fast HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY((answer += socket.readAll()).contains("\r\n\r\n"));
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    socket.write("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n{");
    QTRY_VERIFY((answer += socket.readAll()).contains("HTTP/1.1 413"));
}

// A client that writes its request and then shuts its side down (HTTP/1.0 clients, `nc -N`) still gets its
// answer: it was lost 13 times in 20 when Qt closed the socket on reading the end of the stream.
void tst_MockServer::answersClientsThatHalfClose()
{
    // Writes the requests, shuts the sending side down, and reads until the server closes.
    const auto halfClosed = [port = m_server->port()](const QByteArray &requests) -> QByteArray {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(3000))
            return QByteArray();
        socket.write(requests);
        socket.waitForBytesWritten(3000);
        ::shutdown(int(socket.socketDescriptor()), SHUT_WR);
        QByteArray answer;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(3000))
            answer += socket.readAll();
        answer += socket.readAll();
        return answer;
    };
    int answered = 0;
    for (int i = 0; i < 20; ++i) {
        const QByteArray answer = halfClosed("GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        answered += answer.startsWith("HTTP/1.1 200") && answer.contains("\"openapi\"");
    }
    QCOMPARE(answered, 20);

    // Three pipelined requests, then the end of the stream: all three answered, in order (`printf … | nc -N`).
    int allThree = 0;
    for (int i = 0; i < 20; ++i) {
        allThree += halfClosed("GET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /items/mine HTTP/1.1\r\nHost: x\r\n\r\n"
                               "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n").count("HTTP/1.1 200") == 3;
    }
    QCOMPARE(allThree, 20);
}

void tst_MockServer::headsInPiecesAndPipelined()
{
    // A head split across reads, even inside its closing blank line, is put together before it is judged.
    QTcpSocket pieces;
    pieces.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(pieces.waitForConnected(3000));
    for (const QByteArray &piece : {QByteArray("GET /fa"), QByteArray("st HTTP/1.1\r\nHost: x\r\nConnection: close\r"), QByteArray("\n\r"),
                                   QByteArray("\n")}) {
        pieces.write(piece);
        QVERIFY(pieces.waitForBytesWritten(1000));
        QTest::qWait(50);
    }
    QTRY_VERIFY(pieces.state() != QAbstractSocket::ConnectedState || pieces.bytesAvailable() > 0);
    QTRY_VERIFY(pieces.state() != QAbstractSocket::ConnectedState || pieces.peek(200).contains("\r\n\r\n"));
    QVERIFY(pieces.readAll().startsWith("HTTP/1.1 200 OK"));

    // Pipelined requests in one write, a body between them, are each answered in order.
    const QByteArray item = R"({"name":"Lamp","price":3})";
    const QByteArray answers = raw("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
                                   "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                   + QByteArray::number(item.size()) + "\r\n\r\n" + item
                                   + "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(answers.count("HTTP/1.1 "), 3);
    QVERIFY2(answers.startsWith("HTTP/1.1 200"), answers.constData());
    const qsizetype second = answers.indexOf("HTTP/1.1 ", 1);
    QVERIFY2(answers.mid(second).startsWith("HTTP/1.1 201"), answers.constData());
    QVERIFY2(answers.mid(answers.lastIndexOf("HTTP/1.1 ")).startsWith("HTTP/1.1 200"), answers.constData());
}

// Issue 20, item 7: a valid GET followed by garbage in one packet got only a 400 (the GET's 200 was lost, and the
// client paired the 400 with its GET). Now the GET is answered, then the garbage, then the connection closes.
void tst_MockServer::badRequestAfterGoodOnes()
{
    const QByteArray sameRead = raw("GET /fast HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n");
    QCOMPARE(sameRead.count("HTTP/1.1 "), 2);
    QVERIFY2(sameRead.startsWith("HTTP/1.1 200"), sameRead.constData());
    QVERIFY2(sameRead.mid(sameRead.indexOf("HTTP/1.1 ", 1)).startsWith("HTTP/1.1 400"), sameRead.constData());

    // Two good requests, then a head too large, in one read: both answered first.
    const QByteArray twoThenHuge = raw("GET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
                                       "GET /fast HTTP/1.1\r\nX-Big: " + QByteArray(8000, 'a') + "\r\n\r\n");
    QVERIFY2(twoThenHuge.count("HTTP/1.1 200") == 2, twoThenHuge.constData());
    QVERIFY2(twoThenHuge.mid(twoThenHuge.lastIndexOf("HTTP/1.1 ")).startsWith("HTTP/1.1 431"), twoThenHuge.constData());

    // A response still waiting for its latency when garbage arrives in a later read goes out first.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(socket.waitForBytesWritten(1000));
    QTest::qWait(100);
    socket.write("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\n{}");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).count("HTTP/1.1 ") == 2, 5000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200") && answer.contains(R"({"slow":true})"), answer.constData());
    QVERIFY2(answer.mid(answer.indexOf("HTTP/1.1 ", 1)).startsWith("HTTP/1.1 400"), answer.constData());
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
}

// Issue 20, item 7: HTTP/1.0 without keep-alive stayed open until the idle timeout. It closes after its response,
// as `Connection: close` does, even when the request was pipelined behind others.
void tst_MockServer::connectionCloseAndHttp10()
{
    QElapsedTimer timer;
    timer.start();
    const QByteArray http10 = raw("GET /fast HTTP/1.0\r\nHost: x\r\n\r\n", 5000);
    QVERIFY2(http10.startsWith("HTTP/1.1 200") && http10.contains("connection: close"), http10.constData());
    QVERIFY2(timer.elapsed() < 2000, "the server did not close the HTTP/1.0 connection");

    // Keep-alive asked for: the connection stays for the next request.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("GET /fast HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY((answer += socket.readAll()).contains("\r\n\r\n"));
    QTest::qWait(200);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    socket.write("GET /fast HTTP/1.0\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    answer += socket.readAll();
    QCOMPARE(answer.count("HTTP/1.1 200"), 2); // the request after the closing one is not answered
}

void tst_MockServer::traces()
{
    QSignalSpy recorded(m_server, &MockServer::tracesRecorded);
    const Reply r = request("POST", u"/items"_s, R"({"name":""})");
    QCOMPARE(r.status, 422);
    // Batches of earlier tests' exchanges may still be on their way: look for this one.
    const auto find = [&recorded]() -> std::optional<TraceRecord> {
        for (const QList<QVariant> &signal : std::as_const(recorded)) {
            for (const TraceRecord &t : signal.first().value<QList<TraceRecord>>()) {
                if (t.method == "POST" && t.requestBody == R"({"name":""})")
                    return t;
            }
        }
        return std::nullopt;
    };
    QTRY_VERIFY(find().has_value());
    const TraceRecord t = *find();
    QCOMPARE(t.method, QByteArray("POST"));
    QCOMPARE(t.status, 422);
    QCOMPARE(t.operationId, u"createItem"_s);
    QCOMPARE(t.requestBody, QByteArray(R"({"name":""})"));
    QCOMPARE(t.requestErrors[0][u"type"].toString(), u"string_too_short"_s);
    QVERIFY(t.durationUs > 0);
    // The client is the peer's address and its own port, not the server's.
    QVERIFY2(t.client.startsWith(u"127.0.0.1:"_s), qPrintable(t.client));
    const int clientPort = t.client.section(u':', 1).toInt();
    QVERIFY(clientPort > 0 && clientPort != QUrl(m_server->baseUrl()).port());
    const Reply listed = request("GET", u"/_portico/traces?after="_s + QString::number(t.id - 1));
    QCOMPARE(listed.status, 200);
    QVERIFY(listed.json().isArray());
    QCOMPARE(listed.json()[0][u"id"].toInteger(), qint64(t.id));
}

void tst_MockServer::hotSwapUnderLoad()
{
    // Requests keep flowing (several in flight) while the document changes; none fails, and the first
    // request after the swap sees the new document.
    QList<QNetworkReply *> inFlight;
    int failures = 0, finished = 0;
    for (int i = 0; i < 200; ++i) {
        QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(m_server->baseUrl() + u"/items/mine"_s)));
        connect(reply, &QNetworkReply::finished, this, [&, reply] {
            ++finished;
            if (reply->error() != QNetworkReply::NoError)
                ++failures;
            reply->deleteLater();
        });
        if (i == 100) {
            Json changed = m_document;
            changed.object().find(u"paths")->object().find(u"/items/mine")->object().find(u"get")->object()
                .find(u"responses")->object().find(u"200")->object().find(u"content")->object()
                .find(u"application/json")->object().insert(u"example"_s, Json(JsonObject{{u"mine"_s, Json(false)}}));
            QVERIFY(m_engine.setDocument(changed, {}).ok());
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished, 200, 20000);
    QCOMPARE(failures, 0);
    QCOMPARE(request("GET", u"/items/mine"_s).body, QByteArray(R"({"mine":false})"));
    QVERIFY(m_engine.setDocument(m_document, {}).ok());
    QCOMPARE(request("GET", u"/items/mine"_s).body, QByteArray(R"({"mine":true})"));
}

void tst_MockServer::slowBodyAndNdjson()
{
    QElapsedTimer timer;
    timer.start();
    const Reply slow = request("GET", u"/slowbody"_s);
    QCOMPARE(slow.status, 200);
    QVERIFY(timer.elapsed() >= 500);
    QCOMPARE(slow.json()[u"text"].toString(), u"a body that trickles in, a few bytes at a time"_s);

    const QByteArray ndjson = raw("GET /lines HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY(ndjson.contains("content-type: application/x-ndjson"));
    QVERIFY(ndjson.contains("{\"n\":1}\n"));
    QVERIFY(ndjson.contains("{\"n\":2}\n"));
}

void tst_MockServer::liveTraceStream()
{
    QTcpSocket subscriber;
    subscriber.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(subscriber.waitForConnected(3000));
    subscriber.write("GET /_portico/traces/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray seen;
    QTRY_VERIFY((seen += subscriber.readAll()).contains("text/event-stream"));
    // Requests on any connection (and any worker thread) reach the subscriber as events.
    for (int i = 0; i < 4; ++i)
        QCOMPARE(request("GET", u"/items/mine?live="_s + QString::number(i)).status, 200);
    QTRY_VERIFY((seen += subscriber.readAll()).count("/items/mine?live=") >= 4);
    QVERIFY(seen.contains("data: {"));
}

void tst_MockServer::slowClientsAndConnectionLimits()
{
    MockServer guarded(&m_engine);
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.limits.headerTimeoutMs = 500;
    options.limits.idleTimeoutMs = 1500;
    options.limits.maxConnections = 3;
    QVERIFY(guarded.start(options).ok());

    // Slowloris: a head that never ends gets a 408 and the connection closed.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, guarded.port());
    QVERIFY(slow.waitForConnected(3000));
    slow.write("GET /items/mine HTTP/1.1\r\nHost: x\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(slow.state() != QAbstractSocket::ConnectedState || slow.bytesAvailable() > 0, 4000);
    QVERIFY(slow.readAll().startsWith("HTTP/1.1 408 Request Timeout"));

    // A body at one byte a second is a slowloris too (issue 20, item 7): 408, not a connection held for ever.
    QTcpSocket trickle;
    trickle.connectToHost(QHostAddress::LocalHost, guarded.port());
    QVERIFY(trickle.waitForConnected(3000));
    trickle.write("POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
    QElapsedTimer trickling;
    trickling.start();
    while (trickle.state() == QAbstractSocket::ConnectedState && trickle.bytesAvailable() == 0 && trickling.elapsed() < 5000) {
        trickle.write(" ");
        trickle.waitForReadyRead(250);
    }
    QVERIFY2(trickle.readAll().startsWith("HTTP/1.1 408 Request Timeout"), qPrintable(QString::number(trickling.elapsed())));

    // An idle keep-alive connection is closed after the idle timeout.
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, guarded.port());
    QVERIFY(idle.waitForConnected(3000));
    idle.write("GET /items/mine HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY(idle.bytesAvailable() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 5000);

    // Beyond the connection limit, a new connection is told 503 and closed.
    QList<QTcpSocket *> held;
    for (int i = 0; i < 3; ++i) {
        held.append(new QTcpSocket(this));
        held.last()->connectToHost(QHostAddress::LocalHost, guarded.port());
        QVERIFY(held.last()->waitForConnected(3000));
    }
    QTest::qWait(200);
    QTcpSocket extra;
    extra.connectToHost(QHostAddress::LocalHost, guarded.port());
    QVERIFY(extra.waitForConnected(3000));
    QTRY_VERIFY(extra.bytesAvailable() > 0 || extra.state() != QAbstractSocket::ConnectedState);
    QVERIFY(extra.readAll().startsWith("HTTP/1.1 503"));
    qDeleteAll(held);
    guarded.stop(0);
}

void tst_MockServer::webSocket()
{
    const Reply plain = request("GET", u"/ws"_s);
    QCOMPARE(plain.status, 426);
    QCOMPARE(plain.json()[u"detail"].toString(), u"use a WebSocket"_s);

    QWebSocket socket;
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_server->port())));
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(messages.size(), 1);
    QCOMPARE(messages.at(0).first().toString(), u"{\"type\":\"hello\"}"_s);
    socket.sendTextMessage(u"{\"type\":\"ping\"}"_s);
    QTRY_COMPARE(messages.size(), 3);
    QCOMPARE(parseJson(messages.at(2).first().toString().toUtf8())[u"again"].toBool(), true);
    socket.sendTextMessage(u"anything else"_s);
    QTRY_COMPARE(messages.size(), 4);
    QCOMPARE(messages.at(3).first().toString(), u"anything else"_s); // echo
    // An upgrade to a path without a WebSocket operation is a 404, not a 101 and then a close.
    const QByteArray elsewhere = raw("GET /items/mine HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                                     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QVERIFY2(elsewhere.startsWith("HTTP/1.1 404 Not Found"), elsewhere.constData());
    // Replies use the rules' matchers, compiled once: a regex on a pointer, with an absent check beside it.
    socket.sendTextMessage(u"{\"text\":\"helllo there\"}"_s);
    QTRY_COMPARE(messages.size(), 5);
    QCOMPARE(messages.at(4).first().toString(), u"{\"type\":\"greeting\"}"_s);
    socket.sendTextMessage(u"{\"text\":\"hello\",\"type\":\"x\"}"_s);
    QTRY_COMPARE(messages.size(), 6);
    QCOMPARE(parseJson(messages.at(5).first().toString().toUtf8())[u"type"].toString(), u"x"_s); // echoed, not matched
    socket.close();
}

void tst_MockServer::proxyAndContractChecks()
{
    // The "real" backend: a second server answering /legacy and, for /generated, an item the document does
    // not allow (id must be an integer).
    const Json backendDoc = parseJson(R"({"openapi":"3.1.0","info":{"title":"Backend","version":"1"},"paths":{
        "/legacy":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"example":{"legacy":true}}}}}}},
        "/generated":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"example":{"id":"x","name":"N","price":1}}}}}}}}})");
    const auto restore = qScopeGuard([this] { QVERIFY(m_engine.setDocument(m_document, {}).ok()); });
    MockEngine backendEngine;
    QVERIFY(backendEngine.setDocument(backendDoc, {}).ok());
    MockServer backend(&backendEngine);
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    QVERIFY(backend.start(options).ok());

    MockSettings fallback;
    fallback.proxyUrl = backend.baseUrl();
    QVERIFY(m_engine.setDocument(m_document, fallback).ok());
    QSignalSpy recorded(m_server, &MockServer::tracesRecorded);
    // Batches of earlier tests' exchanges may still be on their way: look for this test's by target.
    const auto traceOf = [&recorded](const QByteArray &target) -> std::optional<TraceRecord> {
        for (const QList<QVariant> &signal : std::as_const(recorded)) {
            for (const TraceRecord &t : signal.first().value<QList<TraceRecord>>()) {
                if (t.target == target)
                    return t;
            }
        }
        return std::nullopt;
    };
    const Reply forwarded = request("GET", u"/legacy"_s);
    QCOMPARE(forwarded.status, 200);
    QCOMPARE(forwarded.body, QByteArray(R"({"legacy":true})"));
    QTRY_VERIFY(traceOf("/legacy").has_value());
    QVERIFY(traceOf("/legacy")->proxied);
    QCOMPARE(request("GET", u"/items/mine"_s).body, QByteArray(R"({"mine":true})")); // documented: mocked

    MockSettings always = fallback;
    always.proxyAll = true;
    QVERIFY(m_engine.setDocument(m_document, always).ok());
    recorded.clear();
    const Reply checked = request("GET", u"/generated"_s);
    QCOMPARE(checked.json()[u"id"].toString(), u"x"_s); // the backend answered
    QTRY_VERIFY(traceOf("/generated").has_value());
    const TraceRecord t = *traceOf("/generated");
    QVERIFY(t.proxied);
    QVERIFY2(!t.responseErrors.isNull(), "the backend broke the documented schema: a contract error");
    QCOMPARE(t.responseErrors[0][u"loc"][1].toString(), u"id"_s);

    backend.stop(0);
    const Reply down = request("GET", u"/generated"_s);
    QCOMPARE(down.status, 502);
}

void tst_MockServer::tls()
{
    QTemporaryDir dir;
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"1"_s,
                                 u"-subj"_s, u"/CN=127.0.0.1"_s, u"-keyout"_s, dir.filePath(u"key.pem"_s),
                                 u"-out"_s, dir.filePath(u"cert.pem"_s)});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        QSKIP("openssl could not make a test certificate");
    QFile certFile(dir.filePath(u"cert.pem"_s)), keyFile(dir.filePath(u"key.pem"_s));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate cert(&certFile, QSsl::Pem);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(cert);
    tls.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    MockServer secure(&m_engine);
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.tls = tls;
    QVERIFY(secure.start(options).ok());
    QVERIFY(secure.baseUrl().startsWith(u"https://"_s));
    QNetworkRequest req(QUrl(secure.baseUrl() + u"/items/mine"_s));
    QSslConfiguration client = QSslConfiguration::defaultConfiguration();
    client.setCaCertificates({cert});
    req.setSslConfiguration(client);
    QNetworkReply *reply = m_network.get(req);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->readAll(), QByteArray(R"({"mine":true})"));
    reply->deleteLater();
    secure.stop(0);

    // A client that never finishes its handshake holds its connection no longer than a head may take.
    options.limits.headerTimeoutMs = 300;
    QVERIFY(secure.start(options).ok());
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, secure.port());
    QVERIFY(silent.waitForConnected(3000));
    QElapsedTimer held;
    held.start();
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY2(held.elapsed() < 3000, qPrintable(QString::number(held.elapsed())));
    secure.stop(0);

    // A key that is not the certificate's is refused at start, not by stalling every handshake.
    openssl.start(u"openssl"_s, {u"genrsa"_s, u"-out"_s, dir.filePath(u"other.pem"_s), u"2048"_s});
    QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
    QFile otherFile(dir.filePath(u"other.pem"_s));
    QVERIFY(otherFile.open(QIODevice::ReadOnly));
    tls.setPrivateKey(QSslKey(&otherFile, QSsl::Rsa, QSsl::Pem));
    options.tls = tls;
    MockServer mismatched(&m_engine);
    const auto refused = mismatched.start(options);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.startsWith(u"the TLS certificate and key cannot serve"_s), qPrintable(refused.error().message));
    QVERIFY(!mismatched.isRunning());
}

QTEST_GUILESS_MAIN(tst_MockServer)
void tst_MockServer::portTakenByAnotherServer()
{
    // Both would set SO_REUSEPORT; the second must still see the port as taken rather than share it silently.
    MockServer second(&m_engine);
    ServerOptions options;
    options.port = m_server->port();
    options.threads = 1;
    const auto started = second.start(options);
    QVERIFY(!started.ok());
    QVERIFY2(started.error().message.contains(QString::number(m_server->port())), qPrintable(started.error().message));
    QVERIFY(!second.isRunning());
    QCOMPARE(request("GET", u"/generated"_s).status, 200); // the first one is untouched
}

#include "tst_mockserver.moc"
