// The served /docs (Swagger UI) and /redoc pages in a real browser: headless Chromium, driven by
// tests/mock/browser/docs-pages.cjs with playwright-core, renders every operation of the project, "Try it out"
// gets its answer from the mock (not from the servers the document names), and an edit swapped into the
// running engine shows up on the next page load.
#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"
#include "mock/projectsettings.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;

namespace {

const QString kStore = QStringLiteral(PORTICO_SOURCE_DIR "/resources/examples/store.yaml");
const QString kScript = QStringLiteral(PORTICO_SOURCE_DIR "/tests/mock/browser/docs-pages.cjs");

// "get /items/{itemId}" for every operation of the document.
QStringList operationsOf(const Json &document)
{
    QStringList ops;
    for (const auto &[path, item] : document[u"paths"].toObject()) {
        for (const auto &[method, operation] : item.toObject()) {
            if (core::ApiDocument::kMethods.contains(method))
                ops << method + u' ' + path;
        }
    }
    ops.sort();
    return ops;
}

} // namespace

class tst_BrowserDocs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void swaggerUiRendersAndTriesItOut();
    void pagesFollowTheRunningDocument();

private:
    // Runs the browser script; fails the test (and returns null) when it does not finish cleanly.
    Json browse(const QStringList &arguments);

    QString m_chromium;
    QString m_node;
    Json m_document;
    mock::MockEngine m_engine;
    mock::MockServer *m_server = nullptr;
};

void tst_BrowserDocs::initTestCase()
{
    m_chromium = QStandardPaths::findExecutable(u"chromium"_s);
    m_node = QStandardPaths::findExecutable(u"node"_s);
    QVERIFY2(!m_chromium.isEmpty() && !m_node.isEmpty(), "chromium and node are installed by tools/setup.sh");
    core::ApiDocument doc;
    QVERIFY(doc.load(kStore).ok());
    m_document = doc.root();
    QVERIFY(m_engine.setDocument(m_document, mock::readProjectSettings(m_document).mock).ok());
    m_server = new mock::MockServer(&m_engine, this);
    mock::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    QVERIFY(m_server->start(options).ok());
}

Json tst_BrowserDocs::browse(const QStringList &arguments)
{
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"NODE_PATH"_s, QStringLiteral(PORTICO_NPM_DIR));
    env.insert(u"CHROMIUM"_s, m_chromium);
    node.setProcessEnvironment(env);
    node.start(m_node, QStringList{kScript, m_server->baseUrl()} + arguments);
    // The mock answers on its own threads, so this thread may simply wait for the browser.
    if (!node.waitForFinished(120000)) {
        node.kill();
        node.waitForFinished();
        qWarning("the browser script timed out");
        return {};
    }
    const QByteArray out = node.readAllStandardOutput();
    if (node.exitCode() != 0) {
        qWarning("browser script failed: %s", node.readAllStandardError().constData());
        return {};
    }
    auto parsed = core::JsonParser().parse(out);
    return parsed.ok() ? std::move(parsed).value() : Json();
}

void tst_BrowserDocs::swaggerUiRendersAndTriesItOut()
{
    const Json seen = browse({u"/items/{itemId}"_s, u"itemId"_s, u"1"_s});
    QVERIFY(seen.isObject());
    QCOMPARE(seen[u"title"].toString().startsWith(u"Portico Store"), true);

    QStringList rendered;
    for (const Json &op : seen[u"operations"].toArray())
        rendered << op[u"method"].toString() + u' ' + op[u"path"].toString();
    rendered.sort();
    QCOMPARE(rendered, operationsOf(m_document));

    // "Try it out" went to this mock (the document's own server is 127.0.0.1:8000) and got item 1.
    const Json &tryIt = seen[u"tryIt"];
    QCOMPARE(tryIt[u"status"].toInteger(), 200);
    QCOMPARE(tryIt[u"requestUrl"].toString(), m_server->baseUrl() + u"/items/1"_s);
    QVERIFY2(tryIt[u"body"].toString().contains(u"\"name\": \"Biscuit\""_s), qPrintable(tryIt[u"body"].toString()));

    QStringList redoc;
    for (const Json &id : seen[u"redocOperations"].toArray())
        redoc << id.toString();
    QVERIFY(redoc.contains(u"getItem"_s));
    QCOMPARE(redoc.size(), operationsOf(m_document).size());
    QCOMPARE(seen[u"consoleErrors"].toArray().size(), size_t(0));
}

void tst_BrowserDocs::pagesFollowTheRunningDocument()
{
    Json edited = m_document;
    edited.object().find(u"paths")->object().insert(
        u"/health"_s, Json(core::JsonObject{{u"get"_s, Json(core::JsonObject{
                                                {u"operationId"_s, Json(u"health"_s)},
                                                {u"summary"_s, Json(u"Liveness probe"_s)},
                                                {u"responses"_s, Json(core::JsonObject{{u"204"_s, Json(core::JsonObject{
                                                    {u"description"_s, Json(u"Alive"_s)}})}})}})}}));
    QVERIFY(m_engine.setDocument(edited, mock::readProjectSettings(edited).mock).ok());
    const Json seen = browse({});
    QVERIFY(seen.isObject());
    QStringList rendered;
    for (const Json &op : seen[u"operations"].toArray())
        rendered << op[u"method"].toString() + u' ' + op[u"path"].toString();
    QVERIFY(rendered.contains(u"get /health"_s));
    QStringList redoc;
    for (const Json &id : seen[u"redocOperations"].toArray())
        redoc << id.toString();
    QVERIFY(redoc.contains(u"health"_s));
}

QTEST_GUILESS_MAIN(tst_BrowserDocs)
#include "tst_browserdocs.moc"
