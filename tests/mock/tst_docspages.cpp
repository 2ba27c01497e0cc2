// The built-in /docs (Swagger UI) and /redoc (ReDoc) pages and the npm assets embedded for them.
#include "mock/docspages.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace portico::mock;

namespace {

const QString Title = u"Pet Store"_s;
const QString OpenApiUrl = u"/openapi.json"_s;

// Every src="..." and href="..." in a page.
QStringList references(const QByteArray &html)
{
    static const QRegularExpression attribute(u"(?:src|href)=\"([^\"]*)\""_s);
    QStringList urls;
    for (const auto &match : attribute.globalMatch(QString::fromUtf8(html)))
        urls.append(match.captured(1));
    return urls;
}

} // namespace

class tst_DocsPages : public QObject
{
    Q_OBJECT

private slots:
    void pages_data();
    void pages();
    void swaggerUiConfiguration();
    void assets_data();
    void assets();
    void titleIsEscaped();
    void openApiUrlCannotBreakOut();
    void unknownPaths_data();
    void unknownPaths();
    void assetsAreCachedAndThreadSafe();
};

void tst_DocsPages::pages_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("expectedAssets");

    const QStringList swagger{u"/docs/swagger-ui.css"_s, u"/docs/favicon-32x32.png"_s,
                              u"/docs/swagger-ui-bundle.js"_s, u"/docs/swagger-ui-standalone-preset.js"_s};
    const QStringList redoc{u"/docs/favicon-32x32.png"_s, u"/redoc/redoc.standalone.js"_s};
    QTest::newRow("/docs") << u"/docs"_s << QString() << swagger;
    QTest::newRow("/docs/") << u"/docs/"_s << QString() << swagger;
    QTest::newRow("/redoc") << u"/redoc"_s << QString() << redoc;
    QTest::newRow("/_portico/docs") << u"/_portico/docs"_s << u"/_portico"_s << swagger;
    QTest::newRow("/_portico/redoc") << u"/_portico/redoc"_s << u"/_portico"_s << redoc;
}

void tst_DocsPages::pages()
{
    QFETCH(QString, path);
    QFETCH(QString, prefix);
    QFETCH(QStringList, expectedAssets);

    const auto page = docsAsset(path, Title, OpenApiUrl);
    QVERIFY(page);
    QCOMPARE(page->contentType, "text/html; charset=utf-8");
    QVERIFY(page->body.startsWith("<!DOCTYPE html>"));
    QVERIFY(page->body.contains("<meta charset=\"utf-8\">"));
    QVERIFY(page->body.contains("<title>Pet Store - "));
    QVERIFY(page->body.contains("/openapi.json"));

    // Every asset the page loads is under the page's own prefix and is served, with a usable content type.
    const QStringList urls = references(page->body);
    QStringList expected;
    for (const QString &asset : std::as_const(expectedAssets))
        expected.append(prefix + asset);
    QCOMPARE(urls, expected);
    for (const QString &url : urls) {
        const auto asset = docsAsset(url, Title, OpenApiUrl);
        QVERIFY2(asset, qPrintable(url));
        QVERIFY2(asset->body.size() > 100, qPrintable(url));
        if (url.endsWith(u".js") || url.endsWith(u".css"))
            QVERIFY2(asset->contentType.endsWith("; charset=utf-8"), qPrintable(url));
    }
}

void tst_DocsPages::swaggerUiConfiguration()
{
    const QByteArray html = docsAsset(u"/docs", Title, OpenApiUrl)->body;
    QVERIFY(html.contains("<div id=\"swagger-ui\"></div>"));
    QVERIFY(html.contains("SwaggerUIBundle({"));
    QVERIFY(html.contains("url: \"/openapi.json\","));
    QVERIFY(html.contains("dom_id: '#swagger-ui',"));
    QVERIFY(html.contains("deepLinking: true,"));
    QVERIFY(html.contains("presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],"));
    QVERIFY(html.contains("layout: 'BaseLayout',"));
    QVERIFY(html.contains("tryItOutEnabled: true"));

    const QByteArray redoc = docsAsset(u"/redoc", Title, OpenApiUrl)->body;
    QVERIFY(redoc.contains("<redoc spec-url=\"/openapi.json\"></redoc>"));
    // Offline: no fonts or scripts from a CDN.
    QVERIFY(!html.contains("://"));
    QVERIFY(!redoc.contains("://"));
}

void tst_DocsPages::assets_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("npmFile");

    const struct
    {
        QString path;
        QByteArray contentType;
        QString npmFile;
    } assets[] = {
        {u"/docs/swagger-ui-bundle.js"_s, "text/javascript; charset=utf-8", u"swagger-ui-dist/swagger-ui-bundle.js"_s},
        {u"/docs/swagger-ui-standalone-preset.js"_s, "text/javascript; charset=utf-8",
         u"swagger-ui-dist/swagger-ui-standalone-preset.js"_s},
        {u"/docs/swagger-ui.css"_s, "text/css; charset=utf-8", u"swagger-ui-dist/swagger-ui.css"_s},
        {u"/docs/favicon-32x32.png"_s, "image/png", u"swagger-ui-dist/favicon-32x32.png"_s},
        {u"/redoc/redoc.standalone.js"_s, "text/javascript; charset=utf-8", u"redoc/bundles/redoc.standalone.js"_s},
    };
    for (const auto &asset : assets) {
        QTest::addRow("%s", qPrintable(asset.path)) << asset.path << asset.contentType << asset.npmFile;
        QTest::addRow("/_portico%s", qPrintable(asset.path))
            << u"/_portico"_s + asset.path << asset.contentType << asset.npmFile;
    }
}

void tst_DocsPages::assets()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, npmFile);

    const auto asset = docsAsset(path, Title, OpenApiUrl);
    QVERIFY(asset);
    QCOMPARE(asset->contentType, contentType);
    // Byte for byte the file npm installed: rcc's compression is undone on reading.
    QFile original(QStringLiteral(PORTICO_NPM_DIR) + u'/' + npmFile);
    QVERIFY2(original.open(QIODevice::ReadOnly), qPrintable(original.fileName()));
    QCOMPARE(asset->body.size(), original.size());
    QVERIFY(asset->body == original.readAll());
    if (path.endsWith(u".png"))
        QVERIFY(asset->body.startsWith("\x89PNG\r\n"));
}

void tst_DocsPages::titleIsEscaped()
{
    const QString title = uR"(<script>alert("x")</script> & Co's API)"_s;
    for (const QStringView path : {u"/docs", u"/redoc", u"/_portico/docs"}) {
        const QByteArray html = docsAsset(path, title, OpenApiUrl)->body;
        QVERIFY(html.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co's API - "));
        QVERIFY(!html.contains("<script>alert"));
    }
    // Non-ASCII titles arrive as UTF-8, which the page declares.
    const QByteArray html = docsAsset(u"/docs", u"Café API ☕"_s, OpenApiUrl)->body;
    QVERIFY(html.contains(u"<title>Café API ☕ - Swagger UI</title>"_s.toUtf8()));
}

void tst_DocsPages::openApiUrlCannotBreakOut()
{
    const QString url = uR"(/x.json?a=1&b="2"</script><script>alert(1)//'
)"_s;
    const QByteArray swagger = docsAsset(u"/docs", Title, url)->body;
    QVERIFY(!swagger.contains("</script><script>alert"));
    QVERIFY(swagger.contains(
        R"(url: "/x.json?a=1\u0026b=\"2\"\u003c/script\u003e\u003cscript\u003ealert(1)//\u0027\u000a",)"));
    const QByteArray redoc = docsAsset(u"/redoc", Title, url)->body;
    QVERIFY(!redoc.contains("</script><script>alert"));
    QVERIFY(redoc.contains(R"(spec-url="/x.json?a=1&amp;b=&quot;2&quot;&lt;/script&gt;)"));
}

void tst_DocsPages::unknownPaths_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &path : {u""_s, u"/"_s, u"/docs/swagger-ui.js"_s, u"/docs/oauth2-redirect"_s,
                                u"/docs/swagger-ui-bundle.js.map"_s, u"/docs/../redoc"_s, u"/docsx"_s, u"/DOCS"_s,
                                u"/redoc/swagger-ui-bundle.js"_s, u"/docs/redoc.standalone.js"_s,
                                u"/redoc/redoc.standalone.js.map"_s, u"/_portico"_s, u"/_portico/"_s,
                                u"/_porticodocs"_s, u"/_portico/_portico/docs"_s, u"/x/docs"_s, u"/openapi.json"_s,
                                u"docs"_s, u"/docs?x=1"_s})
        QTest::addRow("%s", qPrintable(path.isEmpty() ? u"(empty)"_s : path)) << path;
}

void tst_DocsPages::unknownPaths()
{
    QFETCH(QString, path);
    QVERIFY(!docsAsset(path, Title, OpenApiUrl));
}

void tst_DocsPages::assetsAreCachedAndThreadSafe()
{
    // Many threads ask for the first time at once; all get the same shared bytes.
    std::vector<std::unique_ptr<QThread>> threads;
    std::vector<QByteArray> bodies(8);
    for (size_t i = 0; i < bodies.size(); ++i) {
        threads.emplace_back(QThread::create([&bodies, i] {
            bodies[i] = docsAsset(u"/docs/swagger-ui-bundle.js", Title, OpenApiUrl)->body;
        }));
    }
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        QVERIFY(thread->wait(60000));
    const QByteArray again = docsAsset(u"/_portico/docs/swagger-ui-bundle.js", Title, OpenApiUrl)->body;
    for (const QByteArray &body : bodies)
        QCOMPARE(static_cast<const void *>(body.constData()), static_cast<const void *>(again.constData()));
}

QTEST_GUILESS_MAIN(tst_DocsPages)
#include "tst_docspages.moc"
