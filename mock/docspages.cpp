#include "docspages.h"

#include <QFile>
#include <QHash>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE declares the initializer in the enclosing namespace, so it has to be called from the global
// one. Calling it also makes the linker keep the resource's object file when it sits in a static library, where
// nothing else refers to it.
static void initDocsResources()
{
    Q_INIT_RESOURCE(portico_docs);
}

namespace portico::mock {

namespace {

constexpr QStringView PorticoPrefix = u"/_portico";

struct AssetFile
{
    QStringView urlPath; // below the page prefix, e.g. "/docs/swagger-ui.css"
    QStringView resource; // in the resource tree that docsassets.cmake generates
    const char *contentType;
};

// Text types name their charset explicitly: without it Chromium guesses, and swagger-ui-bundle.js (which holds
// non-ASCII characters) then fails to parse.
constexpr AssetFile AssetFiles[] = {
    {u"/docs/swagger-ui-bundle.js", u":/portico/docs/swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
    {u"/docs/swagger-ui-standalone-preset.js", u":/portico/docs/swagger-ui-standalone-preset.js",
     "text/javascript; charset=utf-8"},
    {u"/docs/swagger-ui.css", u":/portico/docs/swagger-ui.css", "text/css; charset=utf-8"},
    {u"/docs/favicon-32x32.png", u":/portico/docs/favicon-32x32.png", "image/png"},
    {u"/redoc/redoc.standalone.js", u":/portico/docs/redoc.standalone.js", "text/javascript; charset=utf-8"},
};

const QHash<QString, QByteArray> &assetBodies()
{
    // A function-local static is initialised exactly once even when several server threads ask at the same time.
    // The resources are compressed, so reading them once also saves inflating ~3 MB per page view.
    static const QHash<QString, QByteArray> bodies = [] {
        initDocsResources();
        QHash<QString, QByteArray> result;
        for (const AssetFile &asset : AssetFiles) {
            QFile file(asset.resource.toString());
            if (file.open(QIODevice::ReadOnly))
                result.insert(asset.urlPath.toString(), file.readAll());
        }
        return result;
    }();
    return bodies;
}

// A JavaScript string literal that is also safe inside <script>: no quote, backslash, line break or "</script>"
// in the URL can end the literal or the element.
QString jsString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'"' || u == u'\\') {
            out += u'\\';
            out += c;
        } else if (u < 0x20 || u == u'<' || u == u'>' || u == u'&' || u == u'\'' || u == 0x2028 || u == 0x2029) {
            out += u"\\u"_s + QString::number(u, 16).rightJustified(4, u'0');
        } else {
            out += c;
        }
    }
    out += u'"';
    return out;
}

QByteArray swaggerUiPage(const QString &prefix, const QString &title, const QString &openApiUrl)
{
    const QString docs = prefix + u"/docs/"_s;
    const QString html = uR"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%1 - Swagger UI</title>
<link rel="stylesheet" type="text/css" href="%2swagger-ui.css">
<link rel="icon" type="image/png" href="%2favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="%2swagger-ui-bundle.js" charset="utf-8"></script>
<script src="%2swagger-ui-standalone-preset.js" charset="utf-8"></script>
<script>
window.ui = SwaggerUIBundle({
    url: %3,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'BaseLayout',
    tryItOutEnabled: true,
    showExtensions: true,
    showCommonExtensions: true
});
</script>
</body>
</html>
)"_s.arg(title.toHtmlEscaped(), docs.toHtmlEscaped(), jsString(openApiUrl));
    return html.toUtf8();
}

QByteArray redocPage(const QString &prefix, const QString &title, const QString &openApiUrl)
{
    // No web fonts: the mock must work offline, and ReDoc falls back to system fonts.
    const QString html = uR"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%1 - ReDoc</title>
<link rel="icon" type="image/png" href="%2/docs/favicon-32x32.png">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc requires JavaScript to show the documentation.</noscript>
<redoc spec-url="%3"></redoc>
<script src="%2/redoc/redoc.standalone.js" charset="utf-8"></script>
</body>
</html>
)"_s.arg(title.toHtmlEscaped(), prefix.toHtmlEscaped(), openApiUrl.toHtmlEscaped());
    return html.toUtf8();
}

} // namespace

std::optional<StaticAsset> docsAsset(QStringView path, const QString &title, const QString &openApiUrl)
{
    QString prefix;
    if (path.startsWith(PorticoPrefix) && path.size() > PorticoPrefix.size() && path[PorticoPrefix.size()] == u'/') {
        prefix = PorticoPrefix.toString();
        path = path.mid(PorticoPrefix.size());
    }
    if (path == u"/docs" || path == u"/docs/")
        return StaticAsset{"text/html; charset=utf-8", swaggerUiPage(prefix, title, openApiUrl)};
    if (path == u"/redoc" || path == u"/redoc/")
        return StaticAsset{"text/html; charset=utf-8", redocPage(prefix, title, openApiUrl)};
    for (const AssetFile &asset : AssetFiles) {
        if (path == asset.urlPath) {
            const auto &bodies = assetBodies();
            const auto it = bodies.constFind(asset.urlPath.toString());
            if (it == bodies.cend())
                return std::nullopt; // built without the assets; a 404 beats an empty script
            return StaticAsset{asset.contentType, *it};
        }
    }
    return std::nullopt;
}

} // namespace portico::mock
