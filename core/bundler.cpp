#include "bundler.h"

#include "jsonpointer.h"
#include "openapiwalk.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <memory>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using openapi::Kind;
using openapi::Spec;

struct SourceFile
{
    QString path; // canonical
    Json root;
    SourceMap map;
};

struct Target
{
    std::shared_ptr<const SourceFile> file;
    QString pointer;
};

QString sanitizeName(const QString &name)
{
    QString out;
    for (QChar c : name)
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'.' || c == u'-' || c == u'_' ? c : u'_';
    return out.isEmpty() ? u"_"_s : out;
}

QString toFragment(const QString &pointer)
{
    return u"#"_s + QString::fromUtf8(QUrl::toPercentEncoding(pointer, "/~!$&'()*+,;=:@"));
}

bool isWithin(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder.endsWith(u'/') ? folder : folder + u'/');
}

class Bundler
{
public:
    Bundler(QList<ConversionWarning> *warnings)
        : m_warnings(warnings)
    {}

    Result<BundleResult> run(const LoadedFile &loaded)
    {
        const QFileInfo info(loaded.path);
        QString canonical = info.canonicalFilePath();
        if (canonical.isEmpty()) // a document not (yet) on disk: its path still anchors the relative refs
            canonical = QDir::cleanPath(info.absoluteFilePath());
        const QString folder = QFileInfo(canonical).absolutePath();
        m_rootFolder = QDir::cleanPath(folder);
        m_rootFolderCanonical = QDir(folder).canonicalPath().isEmpty() ? m_rootFolder : QDir(folder).canonicalPath();
        auto root = std::make_shared<SourceFile>(SourceFile{canonical, loaded.root, loaded.sourceMap});
        m_files.insert(canonical, root);
        m_order.append(canonical);
        m_root = root;
        m_spec = openapi::specOf(loaded.root).value_or(Spec::OpenApi31);
        collectTakenNames(loaded.root);
        collectSchemaIds(loaded.root, 0);

        Json document = loaded.root;
        walkIn(document, Kind::Document, root, QString());
        if (m_error)
            return *m_error;
        addComponents(document);
        reportLeftovers(document, QString());
        return BundleResult{std::move(document), m_order};
    }

private:
    QString sectionFor(Kind kind) const
    {
        if (m_spec == Spec::Swagger20) {
            switch (kind) {
            case Kind::Schema:
                return u"definitions"_s;
            case Kind::Parameter:
                return u"parameters"_s;
            case Kind::Response:
                return u"responses"_s;
            default:
                return {};
            }
        }
        switch (kind) {
        case Kind::Schema:
            return u"schemas"_s;
        case Kind::Parameter:
            return u"parameters"_s;
        case Kind::Response:
            return u"responses"_s;
        case Kind::RequestBody:
            return u"requestBodies"_s;
        case Kind::Header:
            return u"headers"_s;
        case Kind::Example:
            return u"examples"_s;
        case Kind::Link:
            return u"links"_s;
        case Kind::Callback:
            return u"callbacks"_s;
        case Kind::SecurityScheme:
            return u"securitySchemes"_s;
        default:
            return {}; // path items (and anything else) are copied where they are used
        }
    }

    QString sectionPointer(const QString &section) const
    {
        return m_spec == Spec::Swagger20 ? u"/"_s + section : u"/components/"_s + section;
    }

    void collectTakenNames(const Json &root)
    {
        static const QStringList sections = {u"schemas"_s,         u"parameters"_s, u"responses"_s, u"requestBodies"_s,
                                             u"headers"_s,         u"examples"_s,   u"links"_s,     u"callbacks"_s,
                                             u"securitySchemes"_s, u"definitions"_s};
        for (const QString &section : sections) {
            const Json *map = jsonpointer::resolve(root, sectionPointer(section));
            if (!map)
                continue;
            for (const auto &[name, value] : map->toObject())
                m_taken[section].insert(name);
        }
    }

    // A 3.1 schema may name itself with an absolute `$id`; a `$ref` to that URI is resolved by the schema
    // compiler inside the document, not fetched, so it is no remote reference.
    void collectSchemaIds(const Json &value, int depth)
    {
        if (depth > 1024)
            return;
        if (value.isArray()) {
            for (const Json &item : value.toArray())
                collectSchemaIds(item, depth + 1);
            return;
        }
        for (const auto &[key, member] : value.toObject()) {
            if (key == u"$id" && member.isString())
                m_schemaIds.insert(member.toString().section(u'#', 0, 0));
            else if (member.isObject() || member.isArray())
                collectSchemaIds(member, depth + 1);
        }
    }

    void fail(const QString &message, const SourceFile &file, const QString &pointer)
    {
        if (m_error)
            return;
        const auto position = file.map.find(pointer);
        m_error = Error{message, {file.path, position.line, position.column, pointer}};
    }

    // Where a `$ref` written in `file` points: the file (read on first use) and the JSON pointer in it.
    std::optional<Target> resolve(const QString &ref, const std::shared_ptr<const SourceFile> &file,
                                  const QString &refPointer)
    {
        const qsizetype hash = ref.indexOf(u'#');
        const QString location = hash < 0 ? ref : ref.left(hash);
        const QString fragment = hash < 0 ? QString() : ref.mid(hash);
        static const QRegularExpression scheme(u"^[A-Za-z][A-Za-z0-9+.-]*:"_s);
        if (location.startsWith(u"//") || scheme.match(location).hasMatch()) {
            fail(u"$ref \"%1\" is a URL; Portico does not fetch remote references (download the file next to the "
                 "document and refer to it by a relative path)"_s.arg(ref),
                 *file, refPointer);
            return std::nullopt;
        }
        QString pointer;
        if (!fragment.isEmpty() && fragment != u"#") {
            if (!fragment.startsWith(u"#/")) {
                fail(u"$ref \"%1\": only JSON pointer fragments (#/...) are supported here"_s.arg(ref), *file,
                     refPointer);
                return std::nullopt;
            }
            pointer = jsonpointer::fromUriFragment(fragment);
        }
        if (location.isEmpty())
            return Target{file, pointer};

        const QString decoded = QUrl::fromPercentEncoding(location.toUtf8());
        const QString path = QDir::cleanPath(QFileInfo(file->path).absoluteDir().absoluteFilePath(decoded));
        if (!isWithin(path, m_rootFolder)) {
            fail(u"$ref \"%1\" points outside the project folder %2; only files in that folder (or below) may be "
                 "referenced"_s.arg(ref, m_rootFolder),
                 *file, refPointer);
            return std::nullopt;
        }
        const QString canonical = QFileInfo(path).canonicalFilePath();
        if (canonical.isEmpty()) {
            fail(u"$ref \"%1\": no such file %2"_s.arg(ref, path), *file, refPointer);
            return std::nullopt;
        }
        if (!isWithin(canonical, m_rootFolderCanonical)) {
            fail(u"$ref \"%1\" leads outside the project folder %2 through a symbolic link"_s.arg(ref, m_rootFolder),
                 *file, refPointer);
            return std::nullopt;
        }
        if (auto it = m_files.constFind(canonical); it != m_files.cend())
            return Target{*it, pointer};
        auto loaded = readDocumentFile(canonical);
        if (!loaded.ok()) {
            if (!m_error)
                m_error = loaded.error();
            return std::nullopt;
        }
        auto source = std::make_shared<SourceFile>(SourceFile{canonical, loaded->root, loaded->sourceMap});
        m_files.insert(canonical, source);
        m_order.append(canonical);
        return Target{source, pointer};
    }

    QString allocateName(const QString &section, const Target &target)
    {
        const QString base = QFileInfo(target.file->path).completeBaseName();
        QString name;
        if (target.pointer.isEmpty()) {
            name = base;
        } else {
            // The last token, unless it only says where inside its parent the value is ("PetId/schema" →
            // "PetId_schema", "Pet/allOf/0" → "Pet_allOf_0").
            static const QSet<QString> structural = {
                u"schema"_s,   u"items"_s,        u"additionalProperties"_s, u"not"_s, u"content"_s, u"allOf"_s,
                u"anyOf"_s,    u"oneOf"_s,        u"prefixItems"_s,          u"if"_s,  u"then"_s,    u"else"_s,
                u"contains"_s, u"propertyNames"_s};
            const QStringList tokens = jsonpointer::split(target.pointer).value_or(QStringList());
            auto isIndex = [](const QString &token) {
                bool ok = false;
                token.toInt(&ok);
                return ok;
            };
            QStringList parts;
            qsizetype i = tokens.size() - 1;
            while (i >= 0 && (structural.contains(tokens[i]) || isIndex(tokens[i])))
                parts.prepend(tokens[i--]);
            if (i >= 0)
                parts.prepend(tokens[i]);
            name = parts.isEmpty() ? base : parts.join(u'_');
        }
        QSet<QString> &taken = m_taken[section];
        QString candidate = sanitizeName(name);
        if (taken.contains(candidate))
            candidate = sanitizeName(base + u'_' + name);
        const QString stem = candidate;
        for (int n = 2; taken.contains(candidate); ++n)
            candidate = stem + u'_' + QString::number(n);
        taken.insert(candidate);
        return candidate;
    }

    // Rewrites one `$ref` of a value of `kind` written in `file`; returns false when the value was replaced by
    // its target's content (copied in place) and has been walked already.
    bool rewrite(Json &value, Kind kind, const std::shared_ptr<const SourceFile> &file, const QString &pointer)
    {
        const QString ref = value[u"$ref"].toString();
        const QString refPointer = jsonpointer::append(pointer, u"$ref");
        if (kind == Kind::Schema && !ref.startsWith(u'#') && m_schemaIds.contains(ref.section(u'#', 0, 0)))
            return true;
        auto target = resolve(ref, file, refPointer);
        if (!target)
            return false;
        if (target->file == m_root) {
            // Into the root document: a `#/...` written in the root stays as it is; one written in another file,
            // or a path naming the root file, becomes the root's own fragment.
            if (file != m_root || !ref.startsWith(u'#'))
                value.object().insert(u"$ref"_s, Json(toFragment(target->pointer)));
            return true;
        }
        const Json *content = jsonpointer::resolve(target->file->root, target->pointer);
        if (!content) {
            fail(u"$ref \"%1\": %2 has nothing at %3"_s.arg(ref, target->file->path,
                                                            target->pointer.isEmpty() ? u"/"_s : target->pointer),
                 *file, refPointer);
            return false;
        }
        const QString key = target->file->path + u'#' + target->pointer;
        const QString section = sectionFor(kind);
        if (section.isEmpty()) {
            if (m_inlining.contains(key)) {
                fail(u"$ref \"%1\" is circular through a value that must be copied in place (a path item); it cannot "
                     "be bundled"_s.arg(ref),
                     *file, refPointer);
                return false;
            }
            m_inlining.insert(key);
            Json copy = *content;
            walkIn(copy, kind, target->file, target->pointer);
            m_inlining.remove(key);
            if (copy.isObject()) {
                JsonObject merged = copy.toObject();
                for (const auto &[k, v] : value.toObject()) {
                    if (k != u"$ref")
                        merged.insert(k, v); // siblings written next to the $ref win
                }
                value = Json(std::move(merged));
            } else {
                value = copy;
            }
            return false;
        }
        if (const auto it = m_mapped.constFind(key); it != m_mapped.cend()) {
            value.object().insert(u"$ref"_s, Json(*it));
            return true;
        }
        const QString name = allocateName(section, *target);
        const QString local = toFragment(sectionPointer(section) + u'/' + jsonpointer::escape(name));
        m_mapped.insert(key, local); // before walking the copy: a cycle back here finds the name
        // Reserve the slot now so components appear in the order they were first referenced.
        m_added[section].append(name, Json());
        Json copy = *content;
        walkIn(copy, kind, target->file, target->pointer);
        *m_added[section].find(name) = std::move(copy);
        if (m_sectionOrder.indexOf(section) < 0)
            m_sectionOrder.append(section);
        value.object().insert(u"$ref"_s, Json(local));
        return true;
    }

    void walkIn(Json &value, Kind kind, const std::shared_ptr<const SourceFile> &file, const QString &pointer)
    {
        openapi::walk(value, kind, m_spec, jsonpointer::Trail(pointer), [&](Json &node, Kind nodeKind, const jsonpointer::Trail &trail) {
            if (m_error || !node.isObject())
                return false;
            const QString at = trail.toString();
            if (nodeKind == Kind::Schema)
                rewriteMapping(node, file, at);
            if (!node[u"$ref"].isString())
                return true;
            const bool walked = !rewrite(node, nodeKind, file, at);
            // A rewritten schema or path item ref may have siblings still to walk; other references have none.
            return !walked && !m_error;
        });
    }

    // discriminator.mapping values are schema names or references, and references may name other files.
    void rewriteMapping(Json &schema, const std::shared_ptr<const SourceFile> &file, const QString &pointer)
    {
        Json *mapping = schema.object().find(u"discriminator");
        if (!mapping || !mapping->isObject() || !mapping->toObject().contains(u"mapping"))
            return;
        Json &map = *mapping->object().find(u"mapping");
        if (!map.isObject())
            return;
        for (auto &[name, target] : map.object()) {
            const QString ref = target.toString();
            const bool looksLikeFile = ref.contains(u'/') || ref.contains(u'#') || ref.endsWith(u".yaml") ||
                                       ref.endsWith(u".yml") || ref.endsWith(u".json");
            if (ref.startsWith(u'#') || !looksLikeFile)
                continue; // a local ref, or a schema name ("Pet.v2" is a name too)
            Json holder(JsonObject{{u"$ref"_s, target}});
            const QString at = jsonpointer::append(
                jsonpointer::append(jsonpointer::append(pointer, u"discriminator"), u"mapping"), name);
            rewrite(holder, Kind::Schema, file, at);
            target = holder[u"$ref"];
        }
    }

    // `$ref`s in extension values or example data are not OpenAPI references, so the walk leaves them; one that
    // names another file would dangle in the bundle, which deserves a word.
    void reportLeftovers(const Json &value, const QString &pointer, int depth = 0)
    {
        if (!m_warnings || depth > 1024)
            return;
        if (value.isArray()) {
            const JsonArray &items = value.toArray();
            for (size_t i = 0; i < items.size(); ++i)
                reportLeftovers(items[i], jsonpointer::append(pointer, qsizetype(i)), depth + 1);
            return;
        }
        for (const auto &[key, member] : value.toObject()) {
            const QString at = jsonpointer::append(pointer, key);
            if (key == u"$ref" && member.isString() && !member.toString().startsWith(u'#') &&
                !m_schemaIds.contains(member.toString().section(u'#', 0, 0)))
                m_warnings->append({u"$ref \"%1\" is not in a place OpenAPI resolves (an extension or example value); "
                                    "left as written"_s.arg(member.toString()),
                                    at});
            else if (member.isObject() || member.isArray())
                reportLeftovers(member, at, depth + 1);
        }
    }

    void addComponents(Json &document)
    {
        JsonObject &root = document.object();
        for (const QString &section : m_sectionOrder) {
            JsonObject *container = &root;
            if (m_spec != Spec::Swagger20) {
                Json *components = root.find(u"components");
                if (!components || !components->isObject()) {
                    root.insert(u"components"_s, Json(JsonObject{}));
                    components = root.find(u"components");
                }
                container = &components->object();
            }
            Json *map = container->find(section);
            if (!map || !map->isObject()) {
                container->insert(section, Json(JsonObject{}));
                map = container->find(section);
            }
            for (const auto &[name, value] : m_added[section])
                map->object().append(name, value);
        }
    }

    QList<ConversionWarning> *m_warnings;
    std::shared_ptr<const SourceFile> m_root;
    Spec m_spec = Spec::OpenApi31;
    QString m_rootFolder, m_rootFolderCanonical;
    QHash<QString, std::shared_ptr<const SourceFile>> m_files;
    QStringList m_order;
    QHash<QString, QString> m_mapped;      // "file#pointer" → local ref
    QHash<QString, QSet<QString>> m_taken; // section → names in use
    QHash<QString, JsonObject> m_added;    // section → copied components, in first-use order
    QStringList m_sectionOrder;
    QSet<QString> m_inlining;
    QSet<QString> m_schemaIds;
    std::optional<Error> m_error;
};

bool scanForExternalRefs(const Json &value, int depth)
{
    if (depth > 1024)
        return false;
    if (value.isArray()) {
        for (const Json &item : value.toArray()) {
            if (scanForExternalRefs(item, depth + 1))
                return true;
        }
        return false;
    }
    for (const auto &[key, member] : value.toObject()) {
        if (key == u"$ref" && member.isString() && !member.toString().startsWith(u'#'))
            return true;
        if ((member.isObject() || member.isArray()) && scanForExternalRefs(member, depth + 1))
            return true;
    }
    return false;
}

} // namespace

Result<BundleResult> bundleDocument(const LoadedFile &root, QList<ConversionWarning> *warnings)
{
    return Bundler(warnings).run(root);
}

Result<BundleResult> bundleDocument(const QString &path, QList<ConversionWarning> *warnings)
{
    auto loaded = readDocumentFile(path);
    if (!loaded.ok())
        return loaded.error();
    return bundleDocument(*loaded, warnings);
}

bool hasExternalRefs(const Json &document)
{
    return scanForExternalRefs(document, 0);
}

} // namespace portico::core
