// bench/import: writes the large document the import benchmark loads. Every @readme/oas-examples document (2.0
// and 3.0 ones converted first) is copied again and again under unique names — paths, operationIds and every
// component, with the $refs, discriminator mappings, links and security requirements that name them — until the
// OpenAPI 3.1 JSON reaches the target size. Also writes the same document exported as OpenAPI 3.0, so the
// benchmark can time a real conversion on load.
//
//     portico-bench-import-gen OUT_DIR [TARGET_MB=5] [OAS_EXAMPLES_DIR]
#include "core/apidocument.h"
#include "core/documentio.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/openapiconvert.h"
#include "core/openapiwalk.h"

#include <QCoreApplication>
#include <QDir>
#include <QHash>
#include <QUrl>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QStringList kSections = {u"schemas"_s, u"responses"_s,       u"parameters"_s, u"examples"_s,  u"requestBodies"_s,
                               u"headers"_s, u"securitySchemes"_s, u"links"_s,      u"callbacks"_s, u"pathItems"_s};

QString toFragment(const QString &pointer)
{
    return u"#"_s + QString::fromUtf8(QUrl::toPercentEncoding(pointer, "/~!$&'()*+,;=:@"));
}

// One source document, renamed under a prefix.
class Renamer
{
public:
    Renamer(const Json &document, const QString &prefix)
        : m_prefix(prefix)
    {
        for (const QString &section : kSections) {
            for (const auto &[name, value] : document[u"components"][section].toObject())
                m_names[section].insert(name, prefix + u'_' + name);
        }
    }

    QString path(const QString &path) const { return u"/"_s + m_prefix + path; }

    QString ref(const QString &ref) const
    {
        if (!ref.startsWith(u"#/"))
            return ref;
        auto tokens = jsonpointer::split(jsonpointer::fromUriFragment(ref));
        if (!tokens || tokens->size() < 2)
            return ref;
        if (tokens->at(0) == u"components" && tokens->size() >= 3 &&
            m_names.value(tokens->at(1)).contains(tokens->at(2)))
            (*tokens)[2] = m_names.value(tokens->at(1)).value(tokens->at(2));
        else if (tokens->at(0) == u"paths")
            (*tokens)[1] = path(tokens->at(1));
        else
            return ref;
        return toFragment(jsonpointer::join(*tokens));
    }

    void rewrite(Json &value) const
    {
        if (value.isArray()) {
            for (Json &item : value.array())
                rewrite(item);
            return;
        }
        if (!value.isObject())
            return;
        for (auto &[key, member] : value.object()) {
            if (key == u"$ref" && member.isString()) {
                member = Json(ref(member.toString()));
            } else if (key == u"mapping" && member.isObject()) {
                for (auto &[name, target] : member.object()) {
                    const QString t = target.toString();
                    if (m_names.value(u"schemas"_s).contains(t))
                        target = Json(u"#/components/schemas/"_s + m_names.value(u"schemas"_s).value(t));
                    else
                        target = Json(ref(t));
                }
            } else {
                rewrite(member);
            }
        }
    }

    Json renamedDocument(const Json &source) const
    {
        Json doc = source;
        rewrite(doc);
        const JsonArray rootSecurity = doc[u"security"].toArray();
        openapi::walkDocument(doc, openapi::Spec::OpenApi31, [&](Json &value, openapi::Kind kind, const jsonpointer::Trail &) {
            if (!value.isObject())
                return true;
            JsonObject &o = value.object();
            if (kind == openapi::Kind::Operation) {
                if (const Json *id = o.find(u"operationId"))
                    o.insert(u"operationId"_s, Json(m_prefix + u'_' + id->toString()));
                if (!o.contains(u"security") && !rootSecurity.empty())
                    o.insert(u"security"_s, Json(rootSecurity));
                if (Json *security = o.find(u"security"))
                    renameRequirements(*security);
            } else if (kind == openapi::Kind::Link) {
                if (const Json *id = o.find(u"operationId"))
                    o.insert(u"operationId"_s, Json(m_prefix + u'_' + id->toString()));
            }
            return true;
        });
        return doc;
    }

    QString componentName(const QString &section, const QString &name) const
    {
        return m_names.value(section).value(name);
    }

private:
    void renameRequirements(Json &security) const
    {
        for (Json &requirement : security.array()) {
            JsonObject renamed;
            for (const auto &[scheme, scopes] : requirement.toObject())
                renamed.append(m_names.value(u"securitySchemes"_s).value(scheme, scheme), scopes);
            requirement = Json(std::move(renamed));
        }
    }

    QString m_prefix;
    QHash<QString, QHash<QString, QString>> m_names;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: portico-bench-import-gen OUT_DIR [TARGET_MB] [OAS_EXAMPLES_DIR]\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    const double targetMb = argc > 2 ? QString::fromLocal8Bit(argv[2]).toDouble() : 5.0;
    const QString examples =
        argc > 3 ? QString::fromLocal8Bit(argv[3]) : QStringLiteral(PORTICO_NPM_DIR "/@readme/oas-examples");

    QList<Json> sources;
    for (const QString &version : {u"2.0"_s, u"3.0"_s, u"3.1"_s}) {
        const QDir dir(examples + u'/' + version + u"/json"_s);
        for (const QString &name : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
            ApiDocument doc;
            if (!doc.load(dir.filePath(name)).ok() || doc.root()[u"paths"].toObject().isEmpty())
                continue;
            sources.append(doc.root());
        }
    }
    if (sources.isEmpty()) {
        std::fprintf(stderr, "no documents under %s (run tools/setup.sh)\n", qPrintable(examples));
        return 2;
    }

    JsonObject paths, tags;
    QHash<QString, JsonObject> components;
    const qint64 target = qint64(targetMb * 1024 * 1024);
    int copies = 0;
    qint64 size = 0;
    for (int round = 0; size < target; ++round) {
        for (qsizetype i = 0; i < sources.size() && size < target; ++i) {
            const Renamer renamer(sources[i], u"r%1d%2"_s.arg(round).arg(i));
            const Json doc = renamer.renamedDocument(sources[i]);
            size += serializeDocument(doc, FileFormat::Json).size();
            for (const auto &[path, item] : doc[u"paths"].toObject()) {
                if (!openapi::isExtension(path))
                    paths.append(renamer.path(path), item);
            }
            for (const QString &section : kSections) {
                for (const auto &[name, value] : doc[u"components"][section].toObject())
                    components[section].append(renamer.componentName(section, name), value);
            }
            for (const Json &tag : doc[u"tags"].toArray()) {
                if (!tags.contains(tag[u"name"].toString()))
                    tags.append(tag[u"name"].toString(), tag);
            }
            ++copies;
        }
    }
    JsonObject componentsObject;
    for (const QString &section : kSections) {
        if (!components.value(section).isEmpty())
            componentsObject.append(section, Json(components.value(section)));
    }
    JsonArray tagList;
    for (const auto &[name, tag] : tags)
        tagList.push_back(tag);
    const Json large(JsonObject{
        {u"openapi"_s, Json(u"3.1.0"_s)},
        {u"info"_s, Json(JsonObject{{u"title"_s, Json(u"Large generated API"_s)}, {u"version"_s, Json(u"1.0.0"_s)}})},
        {u"servers"_s, Json(JsonArray{Json(JsonObject{{u"url"_s, Json(u"https://api.example.com"_s)}})})},
        {u"tags"_s, Json(std::move(tagList))},
        {u"paths"_s, Json(std::move(paths))},
        {u"components"_s, Json(std::move(componentsObject))},
    });

    QDir().mkpath(out);
    const QByteArray bytes31 = serializeDocument(large, FileFormat::Json);
    const auto to30 = convertToOpenApi30(large);
    if (!to30.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(to30.error().toString()));
        return 1;
    }
    const QByteArray bytes30 = serializeDocument(to30->document, FileFormat::Json);
    for (const auto &[name, bytes] :
         {std::pair{u"large-3.1.json"_s, bytes31}, std::pair{u"large-3.0.json"_s, bytes30}}) {
        if (const auto written = writeFileAtomically(QDir(out).filePath(name), bytes); !written.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(written.error().toString()));
            return 2;
        }
    }
    std::printf("wrote %s/large-3.1.json (%.2f MB, %lld paths, %d document copies from %lld sources) and "
                "large-3.0.json (%.2f MB)\n",
                qPrintable(out), double(bytes31.size()) / (1024 * 1024), qint64(large[u"paths"].toObject().size()),
                copies, qint64(sources.size()), double(bytes30.size()) / (1024 * 1024));
    return 0;
}
