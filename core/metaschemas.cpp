#include "core/metaschemas.h"

#include "core/jsonparser.h"

#include <QFile>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::core {

std::optional<Json> bundledMetaSchema(const QString &uri)
{
    const QUrl url(uri);
    const QString host = url.host();
    if ((url.scheme() != u"https" && url.scheme() != u"http") || url.hasQuery()
        || (url.hasFragment() && !url.fragment().isEmpty()))
        return std::nullopt;
    if (host != u"json-schema.org" && host != u"spec.openapis.org")
        return std::nullopt;
    QString path = url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    // The path is looked up, never walked: QFile on a resource path cannot leave the resource tree, and
    // "." or ".." segments are refused before that.
    if (path.contains(u"/./") || path.contains(u"/../") || path.endsWith(u"/.."))
        return std::nullopt;
    QFile file(u":/portico/metaschemas/"_s + host + path + u".json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    auto parsed = JsonParser().parse(file.readAll());
    if (!parsed.ok())
        return std::nullopt;
    return std::move(parsed).value();
}

} // namespace portico::core
