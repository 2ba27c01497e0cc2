#include "projectsettings.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace portico::mock {

using core::Json;
using core::JsonObject;

QHostAddress ProjectSettings::hostAddress() const
{
    if (host.isEmpty() || host == u"localhost")
        return QHostAddress(QHostAddress::LocalHost);
    return QHostAddress(host);
}

QString ProjectSettings::dataFilePath(const QString &projectFile) const
{
    if (dataFile.isEmpty())
        return {};
    const QDir base = projectFile.isEmpty() ? QDir::current() : QFileInfo(projectFile).absoluteDir();
    return QDir::cleanPath(base.absoluteFilePath(dataFile));
}

ProjectSettings readProjectSettings(const Json &document)
{
    const Json &x = document[u"x-portico"];
    ProjectSettings p;
    MockSettings &s = p.mock;
    s.seed = quint64(x[u"seed"].toInteger(0));
    s.lax = x[u"lax"].toBool(false);
    s.strictResponses = x[u"strict_responses"].toBool(false);
    if (x[u"cors"].isBool())
        s.cors = x[u"cors"].toBool();
    for (const Json &origin : x[u"cors"][u"origins"].toArray())
        s.corsOrigins.append(origin.toString());
    if (x[u"proxy"].isString()) {
        s.proxyUrl = x[u"proxy"].toString();
    } else if (x[u"proxy"].isObject()) {
        s.proxyUrl = x[u"proxy"][u"target"].toString();
        s.proxyAll = x[u"proxy"][u"mode"].toString() == u"always";
    }
    p.threads = int(std::max<qint64>(0, x[u"threads"].toInteger(0)));
    p.host = x[u"host"].toString();
    p.port = int(x[u"port"].toInteger(0));
    p.dataFile = x[u"data_file"].toString();
    return p;
}

Json writeProjectSettings(const Json &xPortico, const ProjectSettings &settings)
{
    JsonObject out = xPortico.isObject() ? xPortico.toObject() : JsonObject{};
    auto put = [&out](const QString &key, bool isDefault, Json value) {
        if (isDefault)
            out.remove(key);
        else
            out.insert(key, std::move(value));
    };
    const MockSettings &s = settings.mock;
    put(u"seed"_s, s.seed == 0, Json(qint64(s.seed)));
    put(u"lax"_s, !s.lax, Json(true));
    put(u"strict_responses"_s, !s.strictResponses, Json(true));
    if (!s.corsOrigins.isEmpty() && s.cors) {
        core::JsonArray origins;
        for (const QString &origin : s.corsOrigins)
            origins.push_back(Json(origin));
        out.insert(u"cors"_s, Json(JsonObject{{u"origins"_s, Json(std::move(origins))}}));
    } else {
        put(u"cors"_s, s.cors, Json(false));
    }
    if (s.proxyUrl.isEmpty())
        out.remove(u"proxy"_s);
    else if (s.proxyAll)
        out.insert(u"proxy"_s, Json(JsonObject{{u"target"_s, Json(s.proxyUrl)}, {u"mode"_s, Json(u"always"_s)}}));
    else
        out.insert(u"proxy"_s, Json(s.proxyUrl));
    put(u"threads"_s, settings.threads <= 0, Json(qint64(settings.threads)));
    put(u"host"_s, settings.host.isEmpty() || settings.host == u"127.0.0.1", Json(settings.host));
    put(u"port"_s, settings.port <= 0 || settings.port == ProjectSettings::kDefaultPort, Json(qint64(settings.port)));
    put(u"data_file"_s, settings.dataFile.isEmpty(), Json(settings.dataFile));
    return Json(std::move(out));
}

} // namespace portico::mock
