// Path templates as public APIs write them, over real HTTP (issue 13, items 2 and 3): which operation answers,
// with which parameters, and what `portico check` says about templates that are the same path. The same
// fixture carries two other shapes of real operations: 204 next to `default` (item 5) and header parameters
// OpenAPI ignores (item 11).
#include "core/apidocument.h"
#include "core/checks.h"
#include "core/jsonparser.h"
#include "mock/routetable.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"
#include "fixtureserver.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

class tst_PathShapes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase() { m_server.stop(); }
    void routes_data();
    void routes();
    void checkNamesEquivalentTemplates();
    void swaggerBasePath();
    void createdRecordsGetServerFields();

private:
    portico::testing::FixtureServer m_server;
    QNetworkAccessManager m_network;
};

void tst_PathShapes::initTestCase()
{
    QVERIFY(m_server.start(QFINDTESTDATA("../data/mock/path-shapes.yaml"), this));
}

void tst_PathShapes::routes_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body"); // exact JSON (parameters typed by their schemas), or empty to skip

    QTest::newRow("{name}.json") << "GET"_ba << u"/tag/rust.json"_s << 200 << R"({"op":"tag-json","name":"rust"})"_ba;
    QTest::newRow("dots stay in the name") << "GET"_ba << u"/tag/v1.2.json"_s << 200 << R"({"op":"tag-json","name":"v1.2"})"_ba;
    QTest::newRow("query in the template") << "GET"_ba << u"/export?format=csv"_s << 200 << R"({"op":"export","format":"csv"})"_ba;
    QTest::newRow("path parameter in the template's query") << "GET"_ba << u"/report?day=2"_s << 200 << R"({"op":"report","day":2})"_ba;
    QTest::newRow("fragment in the template: the first") << "PUT"_ba << u"/schema"_s << 200 << R"({"op":"add"})"_ba;
    QTest::newRow("literal wins") << "GET"_ba << u"/tag/latest.json"_s << 200 << R"({"op":"latest"})"_ba;
    QTest::newRow("bare parameter last") << "GET"_ba << u"/tag/rust"_s << 200 << R"({"op":"tag","name":"rust"})"_ba;
    QTest::newRow("{name}:cancel") << "POST"_ba << u"/v1/op-7:cancel"_s << 200 << R"({"op":"cancel","name":"op-7"})"_ba;
    QTest::newRow("{name} keeps other colons") << "GET"_ba << u"/v1/a:b"_s << 200 << R"({"op":"get","name":"a:b"})"_ba;
    QTest::newRow("v{version}") << "GET"_ba << u"/v2/status"_s << 200 << R"({"op":"status","version":2})"_ba;
    QTest::newRow("v{version} validated") << "GET"_ba << u"/vx/status"_s << 422 << QByteArray();
    QTest::newRow("{a}.{b}") << "GET"_ba << u"/files/report.2024.gz"_s << 200 << R"({"op":"file","stem":"report.2024","extension":"gz"})"_ba;
    QTest::newRow("{a}.{b} enum") << "GET"_ba << u"/files/report.zip"_s << 422 << QByteArray();
    QTest::newRow("percent-encoded") << "GET"_ba << u"/tag/a%20b.json"_s << 200 << R"({"op":"tag-json","name":"a b"})"_ba;
    // DELETE /things/{thingId} and GET /things/{id}: one path, each method with its own names.
    QTest::newRow("equivalent GET") << "GET"_ba << u"/things/5"_s << 200 << R"({"op":"thing","id":5})"_ba;
    QTest::newRow("equivalent DELETE, 204 over default") << "DELETE"_ba << u"/things/5"_s << 204 << QByteArray();
    QTest::newRow("equivalent validates") << "DELETE"_ba << u"/things/x"_s << 422 << QByteArray();
    QTest::newRow("equivalent 405") << "PUT"_ba << u"/things/5"_s << 405 << QByteArray();
    // Under the servers' paths (variables at their defaults), as well as at the root.
    QTest::newRow("server path") << "GET"_ba << u"/v2/api/tag/rust.json"_s << 200 << R"({"op":"tag-json","name":"rust"})"_ba;
    QTest::newRow("relative server path") << "GET"_ba << u"/legacy/things/5"_s << 200 << R"({"op":"thing","id":5})"_ba;
    QTest::newRow("server path, 405") << "PUT"_ba << u"/legacy/things/5"_s << 405 << QByteArray();
    QTest::newRow("not a server path") << "GET"_ba << u"/v3/api/tag/rust.json"_s << 404 << QByteArray();
    QTest::newRow("server path alone") << "GET"_ba << u"/legacyx/things/5"_s << 404 << QByteArray();
}

void tst_PathShapes::routes()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QNetworkReply *reply = m_network.sendCustomRequest(QNetworkRequest(QUrl(m_server.baseUrl() + path)), method);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    const QByteArray answer = reply->readAll();
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    if (!body.isEmpty())
        QCOMPARE(answer, body);
    if (status == 422)
        QVERIFY2(answer.contains(R"("loc":["path",)"), answer.constData());
    reply->deleteLater();
}

void tst_PathShapes::checkNamesEquivalentTemplates()
{
    ApiDocument doc;
    QVERIFY(doc.load(QFINDTESTDATA("../data/mock/path-shapes.yaml")).ok());
    QStringList equivalent;
    for (const Problem &p : checkDocument(doc)) {
        if (p.message.contains(u"equivalent"_s))
            equivalent.append(p.toString());
    }
    QCOMPARE(equivalent.size(), 1);
    QVERIFY2(equivalent[0].contains(u"/things/{id}"_s) && equivalent[0].contains(u"/things/{thingId}"_s),
             qPrintable(equivalent[0]));
    QVERIFY2(equivalent[0].contains(u"warning"_s), qPrintable(equivalent[0]));
}

// Swagger 2.0's basePath becomes the server's path when the document is read; /v2/pet/1 was a 404.
void tst_PathShapes::swaggerBasePath()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"petstore.yaml"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("swagger: '2.0'\ninfo: {title: Pets, version: '1'}\nhost: petstore.example.com\nbasePath: /v2\n"
              "paths:\n  /pet/{petId}:\n    get:\n      produces: [application/json]\n"
              "      parameters: [{name: petId, in: path, required: true, type: integer}]\n"
              "      responses: {'200': {description: ok, schema: {type: object, properties: {id: {type: integer}}},"
              " examples: {application/json: {id: 1}}}}\n");
    out.close();
    ApiDocument doc;
    QVERIFY(doc.load(file).ok());
    MockEngine engine;
    QVERIFY(engine.setDocument(doc.root(), {}).ok());
    QCOMPARE(engine.table()->basePaths(), QStringList{u"/v2"_s});
    MockServer server(&engine);
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    QVERIFY(server.start(options).ok());
    for (const QString &path : {u"/v2/pet/1"_s, u"/pet/1"_s}) {
        QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(server.baseUrl() + path)));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->readAll(), QByteArray(R"({"id":1})"));
        reply->deleteLater();
    }
    server.stop(0);
}

void tst_PathShapes::createdRecordsGetServerFields()
{
    const auto post = [this](const QByteArray &body) {
        QNetworkRequest request(QUrl(m_server.baseUrl() + u"/orders"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = m_network.post(request, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const Json json = parseJson(reply->readAll());
        reply->deleteLater();
        return std::make_pair(status, json);
    };
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const auto [status, order] = post(R"({"item": "lamp"})");
    QCOMPARE(status, 201);
    QCOMPARE(order[u"status"].toString(), u"pending"_s);
    QCOMPARE(order[u"priority"].toInteger(), 3);
    const QDateTime created = QDateTime::fromString(order[u"created_at"].toString(), Qt::ISODateWithMs);
    QVERIFY2(created.isValid() && created >= before && created <= QDateTime::currentDateTimeUtc().addSecs(1),
             qPrintable(order[u"created_at"].toString()));
    // What the client sends wins over a default.
    const auto [status2, paid] = post(R"({"item": "desk", "status": "paid"})");
    QCOMPARE(status2, 201);
    QCOMPARE(paid[u"status"].toString(), u"paid"_s);
}

QTEST_MAIN(tst_PathShapes)
#include "tst_pathshapes.moc"
