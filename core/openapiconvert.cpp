#include "openapiconvert.h"

#include "jsonpointer.h"
#include "openapiwalk.h"

#include <QHash>
#include <QSet>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using openapi::isExtension;
using openapi::Kind;
using openapi::Spec;

constexpr int kMaxSchemaDepth = 512;

const QStringList kMethods = {u"get"_s,     u"put"_s,  u"post"_s,  u"delete"_s,
                              u"options"_s, u"head"_s, u"patch"_s, u"trace"_s};

struct Warnings
{
    QList<ConversionWarning> list;
    void add(const QString &pointer, const QString &message) { list.append({message, pointer}); }
};

QString at(const QString &pointer, QStringView token)
{
    return jsonpointer::append(pointer, token);
}

QString at(const jsonpointer::Trail &trail, QStringView token)
{
    return jsonpointer::append(trail.toString(), token);
}

QString lastToken(const QString &pointer)
{
    QString token = pointer.mid(pointer.lastIndexOf(u'/') + 1);
    token.replace(u"~1"_s, u"/"_s);
    token.replace(u"~0"_s, u"~"_s);
    return token;
}

// A JSON pointer as the fragment of a URI reference ("#/a/b%20c").
QString toFragment(const QString &pointer)
{
    return u"#"_s + QString::fromUtf8(QUrl::toPercentEncoding(pointer, "/~!$&'()*+,;=:@"));
}

// Replaces the member `from` by `to` at the same position.
void replaceKey(JsonObject &o, QStringView from, const QString &to, Json value)
{
    const qsizetype index = o.indexOf(from);
    o.remove(from);
    o.insertAt(index < 0 ? o.size() : index, to, std::move(value));
}

Json take(JsonObject &o, QStringView key)
{
    Json *value = o.find(key);
    if (!value)
        return {};
    Json out = std::move(*value);
    o.remove(key);
    return out;
}

bool contains(const JsonArray &array, const Json &value)
{
    return std::find(array.begin(), array.end(), value) != array.end();
}

Json nullSchema()
{
    return Json(JsonObject{{u"type"_s, Json(u"null"_s)}});
}

// Media types whose bodies are JSON text: a binary string schema means something else there.
bool isJsonMedia(QStringView media)
{
    return media.startsWith(u"application/json") || media.contains(u"+json") || media == u"*/*";
}

// Keywords that describe a schema rather than constrain it: when `nullable` wraps a schema in
// `anyOf: [schema, {type: null}]` they stay outside, where readers (and documentation tools) look for them.
bool isAnnotation(QStringView key)
{
    static const QSet<QString> keys = {u"title"_s,      u"description"_s,  u"default"_s,
                                       u"examples"_s,   u"readOnly"_s,     u"writeOnly"_s,
                                       u"deprecated"_s, u"externalDocs"_s, u"$comment"_s};
    return isExtension(key) || keys.contains(key.toString());
}

// Where converted values went, so `$ref`s that pointed into a schema (to its `example`, say, which some documents
// reuse from example data) can follow. Recorded children first, so a ref follows a value's own move and then its
// ancestors'.
class PointerMoves
{
public:
    void add(const QString &from, const QString &to) { m_moves.insert(from, to); }
    bool isEmpty() const { return m_moves.isEmpty(); }

    QString apply(QString pointer) const
    {
        qsizetype end = pointer.size();
        while (end > 0) {
            const QString prefix = pointer.left(end);
            const auto it = m_moves.constFind(prefix);
            const qsizetype parentEnd = prefix.lastIndexOf(u'/');
            if (it != m_moves.cend()) {
                pointer = *it + pointer.mid(end);
                // The ancestors stay put only when the value moved within its parent.
                if (parentEnd < 0 || !it->startsWith(prefix.left(parentEnd) + u'/'))
                    break;
            }
            end = parentEnd;
        }
        return pointer;
    }

    // Rewrites every local `$ref` in the document, example data included (that is where they tend to point in).
    void rewrite(Json &value, int depth = 0) const
    {
        if (depth > kMaxSchemaDepth * 2 || m_moves.isEmpty())
            return;
        if (value.isArray()) {
            for (Json &item : value.array())
                rewrite(item, depth + 1);
            return;
        }
        if (!value.isObject())
            return;
        for (auto &[key, member] : value.object()) {
            if (key == u"$ref" && member.isString() && member.toString().startsWith(u'#')) {
                const QString pointer = jsonpointer::fromUriFragment(member.toString());
                const QString moved = apply(pointer);
                if (moved != pointer)
                    member = Json(toFragment(moved));
            } else if (member.isObject() || member.isArray()) {
                rewrite(member, depth + 1);
            }
        }
    }

private:
    QHash<QString, QString> m_moves;
};

// Every local `$ref` still has to resolve after restructuring (tools resolve them even in example data); say so
// when one does not.
void checkRefsResolve(const Json &root, const Json &value, const jsonpointer::Trail &trail, Warnings &warnings, int depth = 0)
{
    if (depth > kMaxSchemaDepth * 2)
        return;
    if (value.isArray()) {
        const JsonArray &items = value.toArray();
        for (size_t i = 0; i < items.size(); ++i)
            checkRefsResolve(root, items[i], trail.child(qsizetype(i)), warnings, depth + 1);
        return;
    }
    for (const auto &[key, member] : value.toObject()) {
        if (key == u"$ref" && member.isString() && member.toString().startsWith(u'#')) {
            if (!jsonpointer::resolve(root, jsonpointer::fromUriFragment(member.toString())))
                warnings.add(trail.child(key).toString(),
                             u"$ref \"%1\" does not resolve in the converted document"_s.arg(member.toString()));
        } else if (member.isObject() || member.isArray()) {
            checkRefsResolve(root, member, trail.child(key), warnings, depth + 1);
        }
    }
}

// ------------------------------------------------------------------------------------------------------------
// Schemas: OpenAPI 3.0 (and Swagger 2.0, a subset of it) → OpenAPI 3.1 / JSON Schema 2020-12.

class SchemaUpgrader
{
public:
    // OpenApi31: a 3.1 document that still has 3.0 syntax (nullable, boolean exclusive bounds), as documents
    // migrated by hand often do; only that is converted, each time with a warning.
    enum class From
    {
        Swagger20,
        OpenApi30,
        OpenApi31
    };
    SchemaUpgrader(Warnings &warnings, From from)
        : m_warnings(warnings)
        , m_from(from)
    {}

    // Swagger 2.0 only: how `#/definitions/...` (and parameters, responses) refs read in 3.1.
    std::function<QString(const QString &)> rewriteRef;
    // When set, records where values inside schemas moved (pointers in the source document).
    PointerMoves *moves = nullptr;

    // `mediaType` is the media type whose content this schema describes (top-level schemas of non-JSON bodies).
    Json convert(const Json &input, const QString &pointer, QStringView mediaType = {})
    {
        return convert(input, jsonpointer::Trail(pointer), mediaType);
    }
    Json convert(const Json &input, const jsonpointer::Trail &pointer, QStringView mediaType = {}, int depth = 0)
    {
        if (!input.isObject())
            return input;
        if (depth > kMaxSchemaDepth) {
            m_warnings.add(pointer.toString(), u"schema nested too deeply to convert; left as written"_s);
            return input;
        }
        Json schema = input;
        JsonObject &o = schema.object();
        if (m_from == From::Swagger20)
            swaggerSpecifics(o);
        openapi::forEachSubschema(schema, pointer, [&](Json &sub, const jsonpointer::Trail &subPointer) {
            sub = convert(sub, subPointer, {}, depth + 1);
        });
        if (m_from != From::OpenApi31) {
            exampleToExamples(o, pointer);
            binaryFormats(o, mediaType);
        }
        exclusiveBounds(o, pointer, u"minimum"_s, u"exclusiveMinimum"_s);
        exclusiveBounds(o, pointer, u"maximum"_s, u"exclusiveMaximum"_s);
        if (m_from == From::OpenApi31 && o.contains(u"nullable"))
            m_warnings.add(at(pointer, u"nullable"),
                           u"\"nullable\" is OpenAPI 3.0 syntax; converted to its 3.1 form"_s);
        Json nullable = take(o, u"nullable");
        if (m_from == From::Swagger20 && o.contains(u"x-nullable")) {
            // Swagger 2.0's de facto nullable: the same meaning, now expressible.
            nullable = take(o, u"x-nullable");
        }
        if (!nullable.isNull() && !nullable.isBool())
            m_warnings.add(at(pointer, u"nullable"), u"\"nullable\" must be a boolean; dropped"_s);
        if (nullable.toBool())
            makeNullable(schema, pointer);
        return schema;
    }

private:
    void swaggerSpecifics(JsonObject &o)
    {
        if (Json *ref = o.find(u"$ref"); ref && ref->isString() && rewriteRef)
            *ref = Json(rewriteRef(ref->toString()));
        if (o.value(u"type").toString() == u"file") {
            o.insert(u"type"_s, Json(u"string"_s));
            o.insert(u"format"_s, Json(u"binary"_s));
        }
        if (Json *d = o.find(u"discriminator"); d && d->isString())
            *d = Json(JsonObject{{u"propertyName"_s, *d}});
    }

    void exampleToExamples(JsonObject &o, const jsonpointer::Trail &pointer)
    {
        const qsizetype index = o.indexOf(u"example");
        if (index < 0)
            return;
        Json example = take(o, u"example");
        Json *examples = o.find(u"examples");
        if (!examples) {
            o.insertAt(index, u"examples"_s, Json(JsonArray{std::move(example)}));
            if (moves)
                moves->add(at(pointer, u"example"), at(at(pointer, u"examples"), u"0"));
        } else if (examples->isArray()) {
            if (!contains(examples->toArray(), example))
                examples->array().insert(examples->array().begin(), std::move(example));
        } else {
            m_warnings.add(at(pointer, u"example"),
                           u"\"example\" dropped: the schema already has a non-array \"examples\""_s);
        }
    }

    void exclusiveBounds(JsonObject &o, const jsonpointer::Trail &pointer, const QString &bound, const QString &exclusive)
    {
        Json *flag = o.find(exclusive);
        if (!flag || !flag->isBool())
            return;
        if (!flag->toBool()) {
            o.remove(exclusive); // false is the default: nothing is lost
            return;
        }
        if (m_from == From::OpenApi31)
            m_warnings.add(at(pointer, exclusive),
                           u"boolean \"%1\" is OpenAPI 3.0 syntax; converted to its 3.1 form"_s.arg(exclusive));
        const Json *limit = o.find(bound);
        if (!limit || !limit->isNumber()) {
            m_warnings.add(at(pointer, exclusive),
                           u"\"%1: true\" without \"%2\" constrains nothing; dropped"_s.arg(exclusive, bound));
            o.remove(exclusive);
            return;
        }
        *flag = *limit;
        o.remove(bound);
    }

    // OpenAPI 3.1 (section 4.8.24.3) replaces the binary string formats with JSON Schema's content keywords.
    void binaryFormats(JsonObject &o, QStringView mediaType)
    {
        const QString format = o.value(u"format").toString();
        if (format != u"binary" && format != u"byte")
            return;
        const Json &type = o.value(u"type");
        if (!type.isNull() && type.toString() != u"string")
            return;
        if (format == u"byte") {
            replaceKey(o, u"format", u"contentEncoding"_s, Json(u"base64"_s));
            return;
        }
        QString media = u"application/octet-stream"_s;
        if (!mediaType.isEmpty() && !mediaType.contains(u'*') && !isJsonMedia(mediaType))
            media = mediaType.toString();
        if (o.contains(u"contentMediaType"))
            o.remove(u"format");
        else
            replaceKey(o, u"format", u"contentMediaType"_s, Json(media));
    }

    static void addNullToEnum(JsonObject &o)
    {
        if (Json *e = o.find(u"enum"); e && e->isArray() && !contains(e->toArray(), Json()))
            e->array().push_back(Json());
    }

    // `nullable: true` in the 3.1 way: a type union where the schema has a plain type, otherwise an anyOf with a
    // null branch, since `$ref`, allOf and oneOf would each reject null on their own.
    void makeNullable(Json &schema, const jsonpointer::Trail &pointer)
    {
        JsonObject &o = schema.object();
        const bool composed = o.contains(u"$ref") || o.contains(u"allOf") || o.contains(u"oneOf");
        if (!composed) {
            if (Json *type = o.find(u"type")) {
                if (type->isString())
                    *type = Json(JsonArray{*type, Json(u"null"_s)});
                else if (type->isArray() && !contains(type->toArray(), Json(u"null"_s)))
                    type->array().push_back(Json(u"null"_s));
            }
            if (Json *anyOf = o.find(u"anyOf"); anyOf && anyOf->isArray())
                anyOf->array().push_back(nullSchema());
            addNullToEnum(o);
            return;
        }
        JsonObject outer, inner;
        for (const auto &[key, value] : o) {
            if (isAnnotation(key))
                outer.append(key, value);
            else
                inner.append(key, value);
        }
        Json branch(inner);
        const QString branchPointer = at(at(pointer, u"anyOf"), u"0");
        // `allOf: [{$ref}]` was 3.0's way to put siblings next to a $ref; alone, the $ref says the same.
        if (inner.size() == 1 && inner.contains(u"allOf") && inner.value(u"allOf").toArray().size() == 1) {
            branch = inner.value(u"allOf")[0];
            if (moves)
                moves->add(at(at(pointer, u"allOf"), u"0"), branchPointer);
        } else if (moves) {
            for (const auto &[key, value] : inner)
                moves->add(at(pointer, key), at(branchPointer, key));
        }
        outer.append(u"anyOf"_s, Json(JsonArray{branch, nullSchema()}));
        schema = Json(std::move(outer));
    }

    Warnings &m_warnings;
    From m_from;
};

// A discriminator mapping value may be a schema name or a reference; names become references, which every tool
// resolves (Redocly, for one, reads names as unresolvable references).
void mappingNamesToRefs(Json &doc)
{
    const JsonObject &schemas = doc[u"components"][u"schemas"].toObject();
    if (schemas.isEmpty())
        return;
    QSet<QString> names;
    for (const auto &[name, schema] : schemas)
        names.insert(name);
    openapi::walkDocument(doc, Spec::OpenApi31, [&](Json &value, Kind kind, const jsonpointer::Trail &) {
        if (kind != Kind::Schema || !value.isObject())
            return kind != Kind::Schema || value.isObject();
        const Json &mapping = value[u"discriminator"][u"mapping"];
        if (!mapping.isObject())
            return true;
        bool named = false;
        for (const auto &[key, target] : mapping.toObject())
            named =
                named || (target.isString() && names.contains(target.toString()) && !target.toString().contains(u'/'));
        if (!named)
            return true;
        for (auto &[key, target] : value.object().find(u"discriminator")->object().find(u"mapping")->object()) {
            if (target.isString() && names.contains(target.toString()) && !target.toString().contains(u'/'))
                target = Json(toFragment(u"/components/schemas/"_s + jsonpointer::escape(target.toString())));
        }
        return true;
    });
}

// ------------------------------------------------------------------------------------------------------------
// OpenAPI 3.0 → 3.1

Json upgrade30(Json doc, Warnings &warnings)
{
    JsonObject &root = doc.object();
    root.insert(u"openapi"_s, Json(u"3.1.0"_s));
    // ReDoc's x-webhooks is how 3.0 documents (and Portico's 3.0 exports) carry webhooks.
    if (root.value(u"x-webhooks").isObject() && !root.contains(u"webhooks"))
        replaceKey(root, u"x-webhooks", u"webhooks"_s, root.value(u"x-webhooks"));
    SchemaUpgrader schemas(warnings, SchemaUpgrader::From::OpenApi30);
    PointerMoves moves;
    schemas.moves = &moves;
    // The walk visits a media type, then its schema: remember which schema describes which media type.
    QString mediaSchemaPointer, mediaType;
    openapi::walkDocument(doc, Spec::OpenApi30, [&](Json &value, Kind kind, const jsonpointer::Trail &pointer) {
        if (kind == Kind::MediaType) {
            mediaType = pointer.key().toString();
            mediaSchemaPointer = at(pointer, u"schema");
        } else if (kind == Kind::Schema) {
            const bool mediaSchema = pointer.key() == u"schema" && pointer.toString() == mediaSchemaPointer;
            value = schemas.convert(value, pointer, mediaSchema ? QStringView(mediaType) : QStringView());
            return false; // the conversion recursed into the subschemas itself
        }
        return true;
    });
    moves.rewrite(doc);
    mappingNamesToRefs(doc);
    checkRefsResolve(doc, doc, jsonpointer::Trail(), warnings);
    return doc;
}

// Whether a 3.1 document has 3.0 syntax left in it (a cheap scan; a hit in example data only costs a walk).
bool hasLeftovers30(const Json &value, int depth = 0)
{
    if (depth > kMaxSchemaDepth * 2)
        return false;
    if (value.isArray()) {
        for (const Json &item : value.toArray()) {
            if ((item.isObject() || item.isArray()) && hasLeftovers30(item, depth + 1))
                return true;
        }
        return false;
    }
    for (const auto &[key, member] : value.toObject()) {
        if ((key == u"nullable" || key == u"exclusiveMinimum" || key == u"exclusiveMaximum") && member.isBool())
            return true;
        if ((member.isObject() || member.isArray()) && hasLeftovers30(member, depth + 1))
            return true;
    }
    return false;
}

Json fixLeftovers31(const Json &source, Warnings &warnings)
{
    Json doc = source;
    SchemaUpgrader schemas(warnings, SchemaUpgrader::From::OpenApi31);
    openapi::walkDocument(doc, Spec::OpenApi31, [&](Json &value, Kind kind, const jsonpointer::Trail &pointer) {
        if (kind != Kind::Schema)
            return true;
        value = schemas.convert(value, pointer);
        return false;
    });
    return doc;
}

// ------------------------------------------------------------------------------------------------------------
// Swagger 2.0 → 3.1

// Component names must match ^[a-zA-Z0-9.\-_]+$ in OpenAPI 3; Swagger allowed anything ("Pet«Tag»").
QString componentName(const QString &name, QSet<QString> &taken)
{
    QString out;
    for (QChar c : name)
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'.' || c == u'-' || c == u'_' ? c : u'_';
    if (out.isEmpty())
        out = u"_"_s;
    QString candidate = out;
    for (int n = 2; taken.contains(candidate); ++n)
        candidate = out + u'_' + QString::number(n);
    taken.insert(candidate);
    return candidate;
}

class SwaggerUpgrader
{
public:
    SwaggerUpgrader(const Json &source, Warnings &warnings)
        : m_src(source)
        , m_warnings(warnings)
        , m_schemas(warnings, SchemaUpgrader::From::Swagger20)
    {
        m_schemas.rewriteRef = [this](const QString &ref) { return rewriteRef(ref); };
    }

    Json run()
    {
        m_consumes = m_src[u"consumes"].toArray();
        m_produces = m_src[u"produces"].toArray();
        nameComponents(u"definitions"_s, m_definitionNames);
        nameComponents(u"parameters"_s, m_parameterNames);
        nameComponents(u"responses"_s, m_responseNames);
        nameComponents(u"securityDefinitions"_s, m_securityNames);

        JsonObject out;
        out.append(u"openapi"_s, Json(u"3.1.0"_s));
        JsonObject components;
        bool serversDone = false;
        for (const auto &[key, value] : m_src.toObject()) {
            const QString pointer = at(QString(), key);
            if (key == u"swagger" || key == u"consumes" || key == u"produces")
                continue;
            if (key == u"host" || key == u"basePath" || key == u"schemes") {
                if (!serversDone) {
                    const JsonArray servers = serversFor(m_src[u"schemes"].toArray(), pointer);
                    if (!servers.empty())
                        out.append(u"servers"_s, Json(servers));
                    serversDone = true;
                }
            } else if (key == u"info" || key == u"tags" || key == u"externalDocs" || key == u"security" ||
                       isExtension(key)) {
                out.append(key, value);
            } else if (key == u"paths") {
                out.append(key, convertPaths(value, pointer));
            } else if (key == u"definitions") {
                JsonObject schemas;
                for (const auto &[name, schema] : value.toObject())
                    schemas.append(m_definitionNames.value(name, name), m_schemas.convert(schema, at(pointer, name)));
                components.append(u"schemas"_s, Json(std::move(schemas)));
            } else if (key == u"parameters") {
                convertParameterDefinitions(value, pointer, components);
            } else if (key == u"responses") {
                JsonObject responses;
                for (const auto &[name, response] : value.toObject())
                    responses.append(m_responseNames.value(name, name),
                                     convertResponse(response, m_produces, at(pointer, name)));
                components.append(u"responses"_s, Json(std::move(responses)));
            } else if (key == u"securityDefinitions") {
                JsonObject schemes;
                for (const auto &[name, scheme] : value.toObject())
                    schemes.append(m_securityNames.value(name, name), convertSecurityScheme(scheme, at(pointer, name)));
                components.append(u"securitySchemes"_s, Json(std::move(schemes)));
            } else {
                m_warnings.add(pointer, u"\"%1\" is not a Swagger 2.0 field; dropped"_s.arg(key));
            }
        }
        for (const auto &[name, parameter] : m_src[u"parameters"].toObject()) {
            if (parameter[u"in"].toString() == u"formData" && !m_usedFormParameters.contains(name)) {
                m_warnings.add(at(u"/parameters"_s, name),
                               u"formData parameter \"%1\" is used by no operation; OpenAPI 3 has "
                               "no reusable form field, so it is dropped"_s.arg(name));
            }
        }
        if (!components.isEmpty())
            out.append(u"components"_s, Json(std::move(components)));
        if (!out.contains(u"paths"))
            out.append(u"paths"_s, Json(JsonObject{}));
        Json converted(std::move(out));
        renameSecurityRequirements(converted);
        rewriteExtensionRefs(converted, false, 0);
        return converted;
    }

private:
    void nameComponents(const QString &section, QHash<QString, QString> &names)
    {
        QSet<QString> taken;
        for (const auto &[name, value] : m_src[section].toObject()) {
            const QString renamed = componentName(name, taken);
            if (renamed != name) {
                names.insert(name, renamed);
                m_warnings.add(
                    at(u"/"_s + section, name),
                    u"\"%1\" is not a valid OpenAPI 3 component name; renamed to \"%2\""_s.arg(name, renamed));
            }
        }
    }

    // Security requirements name schemes: a renamed scheme ("api key" → "api_key") is renamed in them too.
    void renameSecurityRequirements(Json &document) const
    {
        if (m_securityNames.isEmpty())
            return;
        const auto rename = [this](Json *requirements) {
            if (!requirements || !requirements->isArray())
                return;
            for (Json &requirement : requirements->array()) {
                if (!requirement.isObject())
                    continue;
                JsonObject renamed;
                for (const auto &[name, scopes] : requirement.toObject())
                    renamed.append(m_securityNames.value(name, name), scopes);
                requirement = Json(std::move(renamed));
            }
        };
        rename(document.object().find(u"security"));
        if (Json *paths = document.object().find(u"paths"); paths && paths->isObject()) {
            for (auto &[path, item] : paths->object()) {
                if (!item.isObject())
                    continue;
                for (auto &[method, operation] : item.object()) {
                    if (operation.isObject())
                        rename(operation.object().find(u"security"));
                }
            }
        }
    }

    // Extensions are copied as written, and tools put references in them too (x-codeSamples, x-examples,
    // vendor schemas): `#/definitions/...` there would point at nothing after the conversion.
    void rewriteExtensionRefs(Json &value, bool inExtension, int depth) const
    {
        if (depth > 256)
            return;
        if (inExtension && value.isString() && value.toString().startsWith(u"#/")) {
            value = Json(rewriteRef(value.toString()));
        } else if (value.isArray()) {
            for (Json &item : value.array())
                rewriteExtensionRefs(item, inExtension, depth + 1);
        } else if (value.isObject()) {
            for (auto &[key, member] : value.object())
                rewriteExtensionRefs(member, inExtension || isExtension(key), depth + 1);
        }
    }

    QString rewriteRef(const QString &ref) const
    {
        static const QList<std::pair<QString, QString>> sections = {
            {u"definitions"_s, u"schemas"_s}, {u"parameters"_s, u"parameters"_s}, {u"responses"_s, u"responses"_s}};
        if (!ref.startsWith(u"#/"))
            return ref;
        const auto tokens = jsonpointer::split(jsonpointer::fromUriFragment(ref));
        if (!tokens || tokens->size() < 2)
            return ref;
        for (const auto &[from, to] : sections) {
            if (tokens->first() != from)
                continue;
            const QHash<QString, QString> &names = from == u"definitions"  ? m_definitionNames
                                                   : from == u"parameters" ? m_parameterNames
                                                                           : m_responseNames;
            const QString name = tokens->at(1);
            if (!names.contains(name))
                return u"#/components/"_s + to + ref.mid(from.size() + 2);
            QStringList rest = tokens->mid(2);
            return toFragment(u"/components/"_s + to + u'/' + jsonpointer::escape(names.value(name)) +
                              (rest.isEmpty() ? QString() : jsonpointer::join(rest)));
        }
        return ref;
    }

    JsonArray serversFor(const JsonArray &schemes, const QString &pointer)
    {
        const QString host = m_src[u"host"].toString();
        const QString basePath = m_src[u"basePath"].toString();
        JsonArray servers;
        if (host.isEmpty()) {
            if (!basePath.isEmpty())
                servers.push_back(Json(JsonObject{{u"url"_s, Json(basePath)}}));
            return servers;
        }
        JsonArray list = schemes;
        if (list.empty()) {
            // Swagger's default is "the scheme used to access the definition", which a file does not know.
            m_warnings.add(pointer, u"no \"schemes\" given; the server URL assumes https"_s);
            list.push_back(Json(u"https"_s));
        }
        for (const Json &scheme : list)
            servers.push_back(Json(JsonObject{{u"url"_s, Json(scheme.toString() + u"://"_s + host + basePath)}}));
        return servers;
    }

    Json convertPaths(const Json &paths, const QString &pointer)
    {
        JsonObject out;
        for (const auto &[path, item] : paths.toObject()) {
            if (isExtension(path))
                out.append(path, item);
            else
                out.append(path, convertPathItem(item, at(pointer, path)));
        }
        return Json(std::move(out));
    }

    struct ResolvedParameter
    {
        const Json *value = nullptr;
        QString pointer; // where its definition is
        QString refName; // the #/parameters/ name, when it was a $ref
        Json original;   // as written at the use site
        QString usePointer;
    };

    ResolvedParameter resolveParameter(const Json &p, const QString &pointer)
    {
        ResolvedParameter r{&p, pointer, {}, p, pointer};
        const QString ref = p[u"$ref"].toString();
        if (ref.startsWith(u"#/parameters/")) {
            const QString name = lastToken(jsonpointer::fromUriFragment(ref));
            if (const Json *target = m_src[u"parameters"].toObject().find(name)) {
                r.value = target;
                r.pointer = at(u"/parameters"_s, name);
                r.refName = name;
            } else {
                m_warnings.add(at(pointer, u"$ref"), u"$ref \"%1\" does not resolve"_s.arg(ref));
            }
        }
        return r;
    }

    static QString parameterKey(const Json &p) { return p[u"in"].toString() + u':' + p[u"name"].toString(); }

    Json convertPathItem(const Json &item, const QString &pointer)
    {
        if (!item.isObject())
            return item;
        JsonObject out;
        QList<ResolvedParameter> inherited; // path-level body/formData: 3.x keeps bodies on operations
        JsonArray pathParameters;
        const JsonArray &parameters = item[u"parameters"].toArray();
        for (size_t i = 0; i < parameters.size(); ++i) {
            const ResolvedParameter p =
                resolveParameter(parameters[i], at(at(pointer, u"parameters"), QString::number(i)));
            const QString in = (*p.value)[u"in"].toString();
            if (in == u"body" || in == u"formData")
                inherited.append(p);
            else
                pathParameters.push_back(convertParameterUse(p));
        }
        for (const auto &[key, value] : item.toObject()) {
            if (key == u"parameters") {
                if (!pathParameters.empty())
                    out.append(key, Json(pathParameters));
            } else if (kMethods.contains(key)) {
                out.append(key, convertOperation(value, at(pointer, key), inherited));
            } else if (key == u"$ref" || isExtension(key)) {
                out.append(key, value);
            } else {
                m_warnings.add(at(pointer, key), u"\"%1\" is not a Swagger 2.0 path item field; dropped"_s.arg(key));
            }
        }
        return Json(std::move(out));
    }

    Json convertParameterUse(const ResolvedParameter &p)
    {
        if (!p.refName.isEmpty())
            return Json(JsonObject{{u"$ref"_s, Json(rewriteRef(p.original[u"$ref"].toString()))}});
        return convertParameter(*p.value, p.pointer);
    }

    Json convertOperation(const Json &op, const QString &pointer, const QList<ResolvedParameter> &inherited)
    {
        if (!op.isObject())
            return op;
        const JsonArray consumes = op.toObject().contains(u"consumes") ? op[u"consumes"].toArray() : m_consumes;
        const JsonArray produces = op.toObject().contains(u"produces") ? op[u"produces"].toArray() : m_produces;

        QList<ResolvedParameter> bodies, form;
        JsonArray parameters;
        QSet<QString> own;
        const JsonArray &list = op[u"parameters"].toArray();
        for (size_t i = 0; i < list.size(); ++i) {
            const ResolvedParameter p = resolveParameter(list[i], at(at(pointer, u"parameters"), QString::number(i)));
            own.insert(parameterKey(*p.value));
            const QString in = (*p.value)[u"in"].toString();
            if (in == u"body")
                bodies.append(p);
            else if (in == u"formData")
                form.append(p);
            else
                parameters.push_back(convertParameterUse(p));
        }
        for (const ResolvedParameter &p : inherited) {
            if (own.contains(parameterKey(*p.value)))
                continue;
            ((*p.value)[u"in"].toString() == u"body" ? bodies : form).append(p);
        }
        std::optional<Json> requestBody;
        if (!bodies.isEmpty()) {
            const ResolvedParameter &body = bodies.first();
            if (!body.refName.isEmpty() && consumes == m_consumes)
                requestBody = Json(JsonObject{{u"$ref"_s, Json(u"#/components/requestBodies/"_s +
                                                               m_parameterNames.value(body.refName, body.refName))}});
            else
                requestBody = convertBody(*body.value, consumes, body.pointer);
            for (qsizetype i = 1; i < bodies.size(); ++i)
                m_warnings.add(bodies[i].usePointer,
                               u"an operation has one body; this second body parameter is dropped"_s);
            for (const ResolvedParameter &p : form)
                m_warnings.add(p.usePointer,
                               u"formData parameter next to a body parameter (invalid in Swagger 2.0); dropped"_s);
        } else if (!form.isEmpty()) {
            requestBody = convertForm(form, consumes, pointer);
        }

        JsonObject out;
        bool parametersDone = false;
        auto putParameters = [&] {
            if (parametersDone)
                return;
            parametersDone = true;
            if (!parameters.empty())
                out.append(u"parameters"_s, Json(parameters));
            if (requestBody)
                out.append(u"requestBody"_s, *requestBody);
        };
        for (const auto &[key, value] : op.toObject()) {
            const QString keyPointer = at(pointer, key);
            if (key == u"consumes" || key == u"produces") {
                continue;
            } else if (key == u"parameters") {
                putParameters();
            } else if (key == u"responses") {
                putParameters();
                JsonObject responses;
                for (const auto &[status, response] : value.toObject()) {
                    if (isExtension(status))
                        responses.append(status, response);
                    else
                        responses.append(status, convertResponseUse(response, produces, at(keyPointer, status)));
                }
                out.append(key, Json(std::move(responses)));
            } else if (key == u"schemes") {
                if (value.toArray() != m_src[u"schemes"].toArray()) {
                    const JsonArray servers = serversFor(value.toArray(), keyPointer);
                    if (!servers.empty())
                        out.append(u"servers"_s, Json(servers));
                }
            } else if (key == u"tags" || key == u"summary" || key == u"description" || key == u"externalDocs" ||
                       key == u"operationId" || key == u"deprecated" || key == u"security" || isExtension(key)) {
                out.append(key, value);
            } else {
                m_warnings.add(keyPointer, u"\"%1\" is not a Swagger 2.0 operation field; dropped"_s.arg(key));
            }
        }
        putParameters();
        return Json(std::move(out));
    }

    // The schema of a non-body parameter, header or items object (Swagger keeps them flat on the parameter).
    Json flatSchema(const Json &p, const QString &pointer, bool isHeaderOrParameter)
    {
        static const QSet<QString> schemaKeys = {
            u"type"_s,     u"format"_s,           u"default"_s,     u"maximum"_s,   u"exclusiveMaximum"_s,
            u"minimum"_s,  u"exclusiveMinimum"_s, u"maxLength"_s,   u"minLength"_s, u"pattern"_s,
            u"maxItems"_s, u"minItems"_s,         u"uniqueItems"_s, u"enum"_s,      u"multipleOf"_s};
        JsonObject schema;
        for (const auto &[key, value] : p.toObject()) {
            if (schemaKeys.contains(key)) {
                schema.append(key, value);
            } else if (key == u"items") {
                schema.append(key, flatSchema(value, at(pointer, key), false));
            } else if (!isHeaderOrParameter) {
                if (key == u"collectionFormat") {
                    if (value.toString() != u"csv")
                        m_warnings.add(
                            at(pointer, key),
                            u"collectionFormat \"%1\" of nested array items has no OpenAPI 3 equivalent; dropped"_s.arg(
                                value.toString()));
                } else if (!isExtension(key)) {
                    m_warnings.add(at(pointer, key), u"\"%1\" is not a Swagger 2.0 items field; dropped"_s.arg(key));
                } else {
                    schema.append(key, value);
                }
            }
        }
        return Json(std::move(schema));
    }

    // collectionFormat → style/explode for a parameter (or a urlencoded form field) in `in`.
    void collectionFormat(const Json &p, const QString &pointer, const QString &in, JsonObject &out)
    {
        if (p[u"type"].toString() != u"array") {
            if (p.toObject().contains(u"collectionFormat"))
                m_warnings.add(at(pointer, u"collectionFormat"),
                               u"collectionFormat on a non-array parameter means nothing; dropped"_s);
            return;
        }
        const QString format =
            p.toObject().contains(u"collectionFormat") ? p[u"collectionFormat"].toString() : u"csv"_s;
        const bool queryLike = in == u"query" || in == u"formData";
        auto style = [&](const QString &s, bool explode) {
            out.insert(u"style"_s, Json(s));
            out.insert(u"explode"_s, Json(explode));
        };
        if (format == u"csv") {
            if (queryLike)
                style(u"form"_s, false); // 3.x's query default is exploded (multi)
        } else if (format == u"multi" && queryLike) {
            style(u"form"_s, true);
        } else if (format == u"ssv" && queryLike) {
            style(u"spaceDelimited"_s, false);
        } else if (format == u"pipes" && queryLike) {
            style(u"pipeDelimited"_s, false);
        } else {
            m_warnings.add(at(pointer, u"collectionFormat"),
                           u"collectionFormat \"%1\" has no OpenAPI 3 equivalent for %2 parameters; "
                           "the default style applies"_s.arg(format, in));
        }
    }

    Json convertParameter(const Json &p, const QString &pointer)
    {
        if (!p.isObject())
            return p;
        const QString in = p[u"in"].toString();
        JsonObject out;
        for (const auto &[key, value] : p.toObject()) {
            if (key == u"name" || key == u"in" || key == u"description" || key == u"required" || isExtension(key)) {
                out.append(key, value);
            } else if (key == u"allowEmptyValue") {
                if (in == u"query")
                    out.append(key, value);
                else if (value.toBool())
                    m_warnings.add(at(pointer, key),
                                   u"allowEmptyValue only exists for query parameters in OpenAPI 3; dropped"_s);
            }
        }
        if (in == u"path")
            out.insert(u"required"_s, Json(true));
        Json schema = m_schemas.convert(flatSchema(p, pointer, true), pointer);
        forbidEmpty(p, schema);
        out.append(u"schema"_s, std::move(schema));
        collectionFormat(p, pointer, in, out);
        reportUnknownParameterKeys(p, pointer);
        return Json(std::move(out));
    }

    // Swagger 2.0's `allowEmptyValue: false`, said explicitly, refuses `?q=` and `note=`: for a string that
    // is a minimum length of 1, which every OpenAPI 3 tool (and the mock's validation) understands.
    static void forbidEmpty(const Json &p, Json &schema)
    {
        const Json &allow = p[u"allowEmptyValue"];
        if (allow.isBool() && !allow.toBool() && schema[u"type"].toString() == u"string"
            && !schema.toObject().contains(u"minLength"))
            schema.object().insert(u"minLength"_s, Json(qint64(1)));
    }

    void reportUnknownParameterKeys(const Json &p, const QString &pointer)
    {
        static const QSet<QString> known = {u"name"_s,
                                            u"in"_s,
                                            u"description"_s,
                                            u"required"_s,
                                            u"allowEmptyValue"_s,
                                            u"type"_s,
                                            u"format"_s,
                                            u"items"_s,
                                            u"collectionFormat"_s,
                                            u"default"_s,
                                            u"maximum"_s,
                                            u"exclusiveMaximum"_s,
                                            u"minimum"_s,
                                            u"exclusiveMinimum"_s,
                                            u"maxLength"_s,
                                            u"minLength"_s,
                                            u"pattern"_s,
                                            u"maxItems"_s,
                                            u"minItems"_s,
                                            u"uniqueItems"_s,
                                            u"enum"_s,
                                            u"multipleOf"_s,
                                            u"schema"_s};
        for (const auto &[key, value] : p.toObject()) {
            if (!known.contains(key) && !isExtension(key))
                m_warnings.add(at(pointer, key), u"\"%1\" is not a Swagger 2.0 parameter field; dropped"_s.arg(key));
        }
    }

    static JsonArray orDefault(const JsonArray &types)
    {
        return types.empty() ? JsonArray{Json(u"application/json"_s)} : types;
    }

    Json content(const Json &schema, const JsonArray &types)
    {
        JsonObject content;
        for (const Json &type : orDefault(types))
            content.append(type.toString(), Json(JsonObject{{u"schema"_s, schema}}));
        return Json(std::move(content));
    }

    Json convertBody(const Json &p, const JsonArray &consumes, const QString &pointer)
    {
        JsonObject out;
        if (p.toObject().contains(u"description"))
            out.append(u"description"_s, p[u"description"]);
        JsonObject content;
        for (const Json &type : orDefault(consumes)) {
            const QString media = type.toString();
            JsonObject entry;
            if (p.toObject().contains(u"schema"))
                entry.append(u"schema"_s, m_schemas.convert(p[u"schema"], at(pointer, u"schema"), media));
            content.append(media, Json(std::move(entry)));
        }
        out.append(u"content"_s, Json(std::move(content)));
        if (p.toObject().contains(u"required"))
            out.append(u"required"_s, p[u"required"]);
        // OpenAPI 3 bodies have no name; code generators (openapi-generator) read it from here to keep their
        // parameter names.
        const QString name = p[u"name"].toString();
        if (!name.isEmpty() && name != u"body")
            out.append(u"x-codegen-request-body-name"_s, Json(name));
        for (const auto &[key, value] : p.toObject()) {
            if (isExtension(key))
                out.append(key, value);
            else if (key != u"name" && key != u"in" && key != u"description" && key != u"required" && key != u"schema")
                m_warnings.add(at(pointer, key), u"\"%1\" is not a body parameter field; dropped"_s.arg(key));
        }
        return Json(std::move(out));
    }

    Json convertForm(const QList<ResolvedParameter> &fields, const JsonArray &consumes, const QString &pointer)
    {
        static const QString urlEncoded = u"application/x-www-form-urlencoded"_s;
        static const QString multipart = u"multipart/form-data"_s;
        bool hasFile = false;
        for (const ResolvedParameter &f : fields)
            hasFile = hasFile || (*f.value)[u"type"].toString() == u"file";
        QStringList types;
        for (const Json &type : consumes) {
            const QString media = type.toString().section(u';', 0, 0).trimmed().toLower();
            if ((media == urlEncoded || media == multipart) && !types.contains(type.toString()))
                types.append(type.toString());
        }
        if (types.isEmpty())
            types.append(hasFile ? multipart : urlEncoded);
        if (hasFile && types.contains(urlEncoded))
            m_warnings.add(pointer, u"file parameters need multipart/form-data; they cannot be sent urlencoded"_s);

        JsonObject properties, encoding;
        JsonArray required;
        bool anyRequired = false;
        for (const ResolvedParameter &f : fields) {
            const Json &p = *f.value;
            if (!f.refName.isEmpty())
                m_usedFormParameters.insert(f.refName);
            const QString name = p[u"name"].toString();
            Json schema = m_schemas.convert(flatSchema(p, f.pointer, true), f.pointer);
            forbidEmpty(p, schema);
            if (p.toObject().contains(u"description"))
                schema.object().insertAt(0, u"description"_s, p[u"description"]);
            for (const auto &[key, value] : p.toObject()) {
                if (isExtension(key))
                    schema.object().append(key, value);
            }
            properties.append(name, schema);
            if (p[u"required"].toBool()) {
                required.push_back(Json(name));
                anyRequired = true;
            }
            if (p[u"allowEmptyValue"].toBool())
                m_warnings.add(at(f.pointer, u"allowEmptyValue"),
                               u"allowEmptyValue has no OpenAPI 3 equivalent for form fields; dropped"_s);
            JsonObject style;
            collectionFormat(p, f.pointer, u"formData"_s, style);
            if (!style.isEmpty()) {
                if (types.contains(urlEncoded))
                    encoding.append(name, Json(style));
                else if (p[u"collectionFormat"].toString() != u"multi")
                    m_warnings.add(at(f.pointer, u"collectionFormat"),
                                   u"multipart/form-data sends arrays as repeated parts; collectionFormat dropped"_s);
            }
            reportUnknownParameterKeys(p, f.pointer);
        }
        JsonObject schema{{u"type"_s, Json(u"object"_s)}, {u"properties"_s, Json(std::move(properties))}};
        if (!required.empty())
            schema.append(u"required"_s, Json(std::move(required)));
        JsonObject content;
        for (const QString &type : types) {
            JsonObject media{{u"schema"_s, Json(schema)}};
            if (!encoding.isEmpty() && type == urlEncoded)
                media.append(u"encoding"_s, Json(encoding));
            content.append(type, Json(std::move(media)));
        }
        JsonObject body{{u"content"_s, Json(std::move(content))}};
        if (anyRequired)
            body.append(u"required"_s, Json(true));
        return Json(std::move(body));
    }

    void convertParameterDefinitions(const Json &definitions, const QString &pointer, JsonObject &components)
    {
        JsonObject parameters, bodies;
        for (const auto &[name, p] : definitions.toObject()) {
            const QString in = p[u"in"].toString();
            const QString renamed = m_parameterNames.value(name, name);
            if (in == u"body")
                bodies.append(renamed, convertBody(p, m_consumes, at(pointer, name)));
            else if (in != u"formData") // inlined into the forms that use it
                parameters.append(renamed, convertParameter(p, at(pointer, name)));
        }
        if (!parameters.isEmpty())
            components.append(u"parameters"_s, Json(std::move(parameters)));
        if (!bodies.isEmpty())
            components.append(u"requestBodies"_s, Json(std::move(bodies)));
    }

    Json convertResponseUse(const Json &response, const JsonArray &produces, const QString &pointer)
    {
        const QString ref = response[u"$ref"].toString();
        if (!ref.startsWith(u"#/responses/"))
            return convertResponse(response, produces, pointer);
        // A shared response is converted with the document's media types; an operation with its own
        // `produces` needs its own copy.
        const QString name = lastToken(jsonpointer::fromUriFragment(ref));
        const Json &target = m_src[u"responses"][name];
        if (produces == m_produces ||
            (!target.toObject().contains(u"schema") && !target.toObject().contains(u"examples")))
            return Json(JsonObject{{u"$ref"_s, Json(rewriteRef(ref))}});
        return convertResponse(target, produces, at(u"/responses"_s, name));
    }

    Json convertResponse(const Json &response, const JsonArray &produces, const QString &pointer)
    {
        if (!response.isObject())
            return response;
        if (response.toObject().contains(u"$ref"))
            return Json(JsonObject{{u"$ref"_s, Json(rewriteRef(response[u"$ref"].toString()))}});
        JsonObject out;
        out.append(u"description"_s, Json(response[u"description"].toString()));
        if (!response.toObject().contains(u"description"))
            m_warnings.add(pointer, u"a response needs a description; an empty one was added"_s);
        for (const auto &[key, value] : response.toObject()) {
            const QString keyPointer = at(pointer, key);
            if (key == u"description" || key == u"schema" || key == u"examples") {
                continue;
            } else if (key == u"headers") {
                JsonObject headers;
                for (const auto &[name, header] : value.toObject())
                    headers.append(name, convertHeader(header, at(keyPointer, name)));
                out.append(key, Json(std::move(headers)));
            } else if (isExtension(key)) {
                out.append(key, value);
            } else {
                m_warnings.add(keyPointer, u"\"%1\" is not a Swagger 2.0 response field; dropped"_s.arg(key));
            }
        }
        JsonObject content;
        if (const Json *schema = response.toObject().find(u"schema")) {
            for (const Json &type : orDefault(produces)) {
                const QString media = type.toString();
                content.append(
                    media, Json(JsonObject{{u"schema"_s, m_schemas.convert(*schema, at(pointer, u"schema"), media)}}));
            }
        }
        for (const auto &[media, example] : response[u"examples"].toObject()) {
            // An example keyed by a range (`*/*`, `application/*`) belongs to the produced types it covers.
            bool covered = false;
            if (media.endsWith(u"/*")) {
                const QStringView prefix = QStringView(media).chopped(1);
                for (auto &[type, entry] : content) {
                    if ((media == u"*/*" || type.startsWith(prefix)) && !entry.toObject().contains(u"example")) {
                        entry.object().append(u"example"_s, example);
                        covered = true;
                    }
                }
            }
            if (covered)
                continue;
            if (Json *entry = content.find(media)) {
                entry->object().append(u"example"_s, example);
            } else {
                JsonObject entryObject;
                if (const Json *schema = response.toObject().find(u"schema"))
                    entryObject.append(u"schema"_s, m_schemas.convert(*schema, at(pointer, u"schema"), media));
                entryObject.append(u"example"_s, example);
                content.append(media, Json(std::move(entryObject)));
            }
        }
        if (!content.isEmpty())
            out.insertAt(1, u"content"_s, Json(std::move(content)));
        return Json(std::move(out));
    }

    Json convertHeader(const Json &header, const QString &pointer)
    {
        JsonObject out;
        if (header.toObject().contains(u"description"))
            out.append(u"description"_s, header[u"description"]);
        out.append(u"schema"_s, m_schemas.convert(flatSchema(header, pointer, true), pointer));
        if (header[u"type"].toString() == u"array") {
            const QString format = header[u"collectionFormat"].toString();
            if (!format.isEmpty() && format != u"csv")
                m_warnings.add(
                    at(pointer, u"collectionFormat"),
                    u"headers carry comma-separated arrays in OpenAPI 3; collectionFormat \"%1\" dropped"_s.arg(
                        format));
        }
        static const QSet<QString> known = {
            u"description"_s, u"type"_s,      u"format"_s,           u"items"_s,    u"collectionFormat"_s,
            u"default"_s,     u"maximum"_s,   u"exclusiveMaximum"_s, u"minimum"_s,  u"exclusiveMinimum"_s,
            u"maxLength"_s,   u"minLength"_s, u"pattern"_s,          u"maxItems"_s, u"minItems"_s,
            u"uniqueItems"_s, u"enum"_s,      u"multipleOf"_s};
        for (const auto &[key, value] : header.toObject()) {
            if (isExtension(key))
                out.append(key, value);
            else if (!known.contains(key))
                m_warnings.add(at(pointer, key), u"\"%1\" is not a Swagger 2.0 header field; dropped"_s.arg(key));
        }
        return Json(std::move(out));
    }

    Json convertSecurityScheme(const Json &scheme, const QString &pointer)
    {
        JsonObject out;
        const QString type = scheme[u"type"].toString();
        if (type == u"basic") {
            out.append(u"type"_s, Json(u"http"_s));
            out.append(u"scheme"_s, Json(u"basic"_s));
        } else if (type == u"apiKey") {
            out.append(u"type"_s, Json(type));
            out.append(u"name"_s, scheme[u"name"]);
            out.append(u"in"_s, scheme[u"in"]);
        } else if (type == u"oauth2") {
            out.append(u"type"_s, Json(type));
            const QString flow = scheme[u"flow"].toString();
            JsonObject f;
            auto copy = [&](const QString &key) {
                if (scheme.toObject().contains(key))
                    f.append(key, scheme[key]);
            };
            QString name;
            if (flow == u"implicit") {
                name = u"implicit"_s;
                copy(u"authorizationUrl"_s);
            } else if (flow == u"password") {
                name = u"password"_s;
                copy(u"tokenUrl"_s);
            } else if (flow == u"application") {
                name = u"clientCredentials"_s;
                copy(u"tokenUrl"_s);
            } else if (flow == u"accessCode") {
                name = u"authorizationCode"_s;
                copy(u"authorizationUrl"_s);
                copy(u"tokenUrl"_s);
            }
            if (name.isEmpty()) {
                m_warnings.add(at(pointer, u"flow"),
                               u"unknown OAuth2 flow \"%1\"; the scheme has no flows"_s.arg(flow));
                out.append(u"flows"_s, Json(JsonObject{}));
            } else {
                f.append(u"scopes"_s, scheme[u"scopes"].isObject() ? scheme[u"scopes"] : Json(JsonObject{}));
                out.append(u"flows"_s, Json(JsonObject{{name, Json(std::move(f))}}));
            }
        } else {
            m_warnings.add(at(pointer, u"type"), u"unknown security scheme type \"%1\"; kept as written"_s.arg(type));
            return scheme;
        }
        static const QSet<QString> known = {u"type"_s,     u"name"_s,  u"in"_s, u"flow"_s, u"authorizationUrl"_s,
                                            u"tokenUrl"_s, u"scopes"_s};
        for (const auto &[key, value] : scheme.toObject()) {
            if (key == u"description" || isExtension(key))
                out.append(key, value);
            else if (!known.contains(key))
                m_warnings.add(at(pointer, key),
                               u"\"%1\" is not a Swagger 2.0 security scheme field; dropped"_s.arg(key));
        }
        return Json(std::move(out));
    }

    const Json &m_src;
    Warnings &m_warnings;
    SchemaUpgrader m_schemas;
    JsonArray m_consumes, m_produces;
    QHash<QString, QString> m_definitionNames, m_parameterNames, m_responseNames, m_securityNames; // only renamed ones
    QSet<QString> m_usedFormParameters;
};

// ------------------------------------------------------------------------------------------------------------
// OpenAPI 3.1 → 3.0.3

const QSet<QString> kSchemaKeywords30 = {u"$ref"_s,
                                         u"title"_s,
                                         u"multipleOf"_s,
                                         u"maximum"_s,
                                         u"exclusiveMaximum"_s,
                                         u"minimum"_s,
                                         u"exclusiveMinimum"_s,
                                         u"maxLength"_s,
                                         u"minLength"_s,
                                         u"pattern"_s,
                                         u"maxItems"_s,
                                         u"minItems"_s,
                                         u"uniqueItems"_s,
                                         u"maxProperties"_s,
                                         u"minProperties"_s,
                                         u"required"_s,
                                         u"enum"_s,
                                         u"type"_s,
                                         u"allOf"_s,
                                         u"oneOf"_s,
                                         u"anyOf"_s,
                                         u"not"_s,
                                         u"items"_s,
                                         u"properties"_s,
                                         u"additionalProperties"_s,
                                         u"description"_s,
                                         u"format"_s,
                                         u"default"_s,
                                         u"nullable"_s,
                                         u"discriminator"_s,
                                         u"readOnly"_s,
                                         u"writeOnly"_s,
                                         u"xml"_s,
                                         u"externalDocs"_s,
                                         u"example"_s,
                                         u"deprecated"_s};

bool isNullOnly(const Json &schema)
{
    if (!schema.isObject())
        return false;
    const JsonObject &o = schema.toObject();
    for (const auto &[key, value] : o) {
        if (isAnnotation(key))
            continue;
        if (key == u"type" && (value.toString() == u"null" || value.toArray() == JsonArray{Json(u"null"_s)}))
            continue;
        if (key == u"const" && value.isNull())
            continue;
        if (key == u"enum" && value.toArray() == JsonArray{Json()})
            continue;
        return false;
    }
    return o.contains(u"type") || o.contains(u"const") || o.contains(u"enum");
}

class SchemaDowngrader
{
public:
    // `root` (the 3.1 document) is where referenced schemas are looked up.
    SchemaDowngrader(Warnings &warnings, const Json *root)
        : m_warnings(warnings)
        , m_root(root)
    {}

    PointerMoves moves;
    // Schemas moved out of `$defs` (3.0 has none) into components.
    JsonObject hoistedSchemas;
    QSet<QString> takenNames;

    Json convert(const Json &input, const QString &pointer, int depth = 0)
    {
        if (input.isBool())
            return input.toBool() ? Json(JsonObject{}) : Json(JsonObject{{u"not"_s, Json(JsonObject{})}});
        if (!input.isObject())
            return input;
        if (depth > kMaxSchemaDepth) {
            m_warnings.add(pointer, u"schema nested too deeply to convert; left as written"_s);
            return input;
        }
        Json schema = input;
        JsonObject &o = schema.object();
        const QStringList nullBranches = removeNullBranches(o);
        openapi::forEachSubschema(schema, jsonpointer::Trail(pointer), [&](Json &sub, const jsonpointer::Trail &trail) {
            const QString subPointer = trail.toString();
            if (sub.isBool() && subPointer.endsWith(u"/additionalProperties"))
                return; // 3.0 allows booleans there
            sub = convert(sub, subPointer, depth + 1);
        });
        hoistDefinitions(o, pointer, u"$defs"_s);
        hoistDefinitions(o, pointer, u"definitions"_s);
        constToEnum(o, pointer);
        examplesToExample(o, pointer);
        if (o.contains(u"example") && !input.toObject().contains(u"example"))
            moves.add(at(at(pointer, u"examples"), u"0"), at(pointer, u"example"));
        exclusiveBounds(o, u"minimum"_s, u"exclusiveMinimum"_s, true);
        exclusiveBounds(o, u"maximum"_s, u"exclusiveMaximum"_s, false);
        contentToFormat(o);
        for (qsizetype i = 0; i < o.size();) {
            const QString key = o.at(i).first;
            if (kSchemaKeywords30.contains(key) || isExtension(key)) {
                ++i;
                continue;
            }
            m_warnings.add(at(pointer, key), u"OpenAPI 3.0 schemas have no \"%1\"; dropped"_s.arg(key));
            o.remove(key);
        }
        typeUnions(o, pointer);
        if (!nullBranches.isEmpty())
            nullableFromBranches(o, nullBranches);
        wrapRefSiblings(o);
        if (o.value(u"type").toString() == u"array" && !o.contains(u"items"))
            o.append(u"items"_s, Json(JsonObject{})); // 3.0: "items MUST be present if type is array"
        return schema;
    }

private:
    // `anyOf/oneOf: [X, {type: null}]`: 3.0 says that with `nullable`. Removed before converting the branches,
    // which would otherwise turn the null branch into something 3.0 cannot read as null.
    QStringList removeNullBranches(JsonObject &o)
    {
        QStringList found;
        for (const QString &key : {u"anyOf"_s, u"oneOf"_s}) {
            Json *list = o.find(key);
            if (!list || !list->isArray())
                continue;
            JsonArray &items = list->array();
            const auto end = std::remove_if(items.begin(), items.end(), isNullOnly);
            if (end != items.end()) {
                found.append(key);
                items.erase(end, items.end());
            }
        }
        return found;
    }

    // The 3.0 schema that accepts null and nothing else: `nullable` needs a `type` next to it, and the enum
    // keeps every other value of that type out.
    static Json nullOnly30()
    {
        return Json(JsonObject{
            {u"type"_s, Json(u"string"_s)}, {u"nullable"_s, Json(true)}, {u"enum"_s, Json(JsonArray{Json()})}});
    }

    // The single type of a local $ref's target, when it has one (the type 3.0 wants next to `nullable`).
    QString typeOfRef(const QString &ref) const
    {
        const Json *target = nullptr;
        QString current = ref;
        for (int hops = 0; hops < 8 && m_root && current.startsWith(u'#'); ++hops) {
            target = jsonpointer::resolve(*m_root, jsonpointer::fromUriFragment(current));
            if (!target)
                return {};
            current = (*target)[u"$ref"].toString();
        }
        if (!target)
            return {};
        const Json &type = (*target)[u"type"];
        if (type.isString())
            return type.toString() == u"null" ? QString() : type.toString();
        QStringList types;
        for (const Json &t : type.toArray()) {
            if (t.toString() != u"null")
                types.append(t.toString());
        }
        return types.size() == 1 ? types.first() : QString();
    }

    void nullableFromBranches(JsonObject &o, const QStringList &keys)
    {
        for (const QString &key : keys) {
            Json *list = o.find(key);
            JsonArray &items = list->array();
            if (items.empty()) {
                o.remove(key);
                o.insert(u"type"_s, Json(u"string"_s));
                o.insert(u"nullable"_s, Json(true));
                o.insert(u"enum"_s, Json(JsonArray{Json()}));
                continue;
            }
            if (items.size() == 1) {
                const Json branch = items.front();
                const JsonObject &b = branch.toObject();
                if (b.size() == 1 && b.contains(u"$ref") && !o.contains(u"type") && !o.contains(u"allOf")) {
                    // The usual 3.0 spelling of a nullable reference: {type, nullable, allOf: [$ref]}.
                    const QString type = typeOfRef(b.value(u"$ref").toString());
                    if (!type.isEmpty()) {
                        const qsizetype index = o.indexOf(key);
                        o.remove(key);
                        o.insertAt(index, u"allOf"_s, Json(JsonArray{branch}));
                        o.insertAt(index, u"type"_s, Json(type));
                        addNullable(o);
                        continue;
                    }
                }
                bool clash = false;
                for (const auto &[k, v] : b)
                    clash = clash || (o.contains(k) && k != key);
                if (!clash && b.value(u"type").isString() && !b.contains(u"$ref")) {
                    const qsizetype index = o.indexOf(key);
                    o.remove(key);
                    qsizetype i = index;
                    for (const auto &[k, v] : b)
                        o.insertAt(i++, k, v);
                    addNullable(o);
                    continue;
                }
            }
            list->array().push_back(nullOnly30());
        }
    }

    static void addNullable(JsonObject &o)
    {
        const qsizetype type = o.indexOf(u"type");
        o.insertAt(type < 0 ? o.size() : type + 1, u"nullable"_s, Json(true));
        if (Json *e = o.find(u"enum"); e && e->isArray() && !contains(e->toArray(), Json()))
            e->array().push_back(Json());
    }

    void hoistDefinitions(JsonObject &o, const QString &pointer, const QString &key)
    {
        Json defs = take(o, key);
        if (defs.isNull())
            return;
        for (const auto &[name, def] : defs.toObject()) {
            const QString newName = componentName(name, takenNames);
            moves.add(at(at(pointer, key), name), at(u"/components/schemas"_s, newName));
            hoistedSchemas.append(newName, def);
        }
    }

    void constToEnum(JsonObject &o, const QString &pointer)
    {
        if (!o.contains(u"const"))
            return;
        const Json value = take(o, u"const");
        Json *e = o.find(u"enum");
        if (e && !contains(e->toArray(), value))
            m_warnings.add(at(pointer, u"const"), u"\"const\" conflicts with \"enum\"; the schema accepts nothing"_s);
        o.insert(u"enum"_s, Json(JsonArray{value}));
    }

    void examplesToExample(JsonObject &o, const QString &pointer)
    {
        const qsizetype index = o.indexOf(u"examples");
        if (index < 0)
            return;
        const Json examples = take(o, u"examples");
        if (!examples.isArray() || examples.toArray().empty()) {
            if (!examples.isArray())
                m_warnings.add(at(pointer, u"examples"), u"schema \"examples\" must be an array; dropped"_s);
            return;
        }
        if (!o.contains(u"example"))
            o.insertAt(index, u"example"_s, examples[0]);
        if (examples.toArray().size() > 1)
            m_warnings.add(at(pointer, u"examples"), u"OpenAPI 3.0 schemas hold one example; %1 more dropped"_s.arg(
                                                         examples.toArray().size() - 1));
    }

    static void exclusiveBounds(JsonObject &o, const QString &bound, const QString &exclusive, bool lower)
    {
        Json *flag = o.find(exclusive);
        if (!flag || !flag->isNumber())
            return;
        const Json limit = *flag;
        const Json *other = o.find(bound);
        if (other && other->isNumber()) {
            const bool boundIsStricter =
                lower ? other->toDouble() > limit.toDouble() : other->toDouble() < limit.toDouble();
            if (boundIsStricter) {
                o.remove(exclusive);
                return;
            }
        }
        o.insert(bound, limit);
        *o.find(exclusive) = Json(true);
    }

    static void contentToFormat(JsonObject &o)
    {
        const Json encoding = o.value(u"contentEncoding");
        const bool hasMedia = o.contains(u"contentMediaType");
        if (encoding.isNull() && !hasMedia)
            return;
        const Json &type = o.value(u"type");
        const bool stringy =
            type.isNull() || type.toString() == u"string" || contains(type.toArray(), Json(u"string"_s));
        if (stringy && !o.contains(u"format")) {
            const QString format = encoding.toString().startsWith(u"base64") ? u"byte"_s : u"binary"_s;
            const qsizetype index = o.indexOf(encoding.isNull() ? u"contentMediaType" : u"contentEncoding");
            o.insertAt(index, u"format"_s, Json(format));
            o.remove(u"contentEncoding");
            o.remove(u"contentMediaType");
        }
    }

    // `type: [a, b]`: one type (+ nullable), or anyOf one branch per type with that type's keywords.
    void typeUnions(JsonObject &o, const QString &pointer)
    {
        Json *type = o.find(u"type");
        if (!type)
            return;
        const QString nullOnlyMessage = u"a schema that only accepts null has no exact OpenAPI 3.0 form; written as a "
                                        "nullable string with enum [null]"_s;
        if (type->isString()) {
            if (type->toString() == u"null") {
                *type = Json(u"string"_s);
                o.insert(u"enum"_s, Json(JsonArray{Json()}));
                addNullable(o);
                m_warnings.add(at(pointer, u"type"), nullOnlyMessage);
            }
            return;
        }
        if (!type->isArray())
            return;
        QStringList types;
        bool hasNull = false;
        for (const Json &t : type->toArray()) {
            if (t.toString() == u"null")
                hasNull = true;
            else if (!types.contains(t.toString()))
                types.append(t.toString());
        }
        if (types.isEmpty()) {
            *type = Json(u"string"_s);
            o.insert(u"enum"_s, Json(JsonArray{Json()}));
            addNullable(o);
            m_warnings.add(at(pointer, u"type"), nullOnlyMessage);
            return;
        }
        if (types.size() == 1) {
            *type = Json(types.first());
            if (hasNull)
                addNullable(o);
            if (types.first() == u"array" && !o.contains(u"items"))
                o.append(u"items"_s, Json(JsonObject{}));
            return;
        }
        static const QHash<QString, QStringList> keywordsOf = {
            {u"string"_s, {u"minLength"_s, u"maxLength"_s, u"pattern"_s, u"format"_s}},
            {u"number"_s,
             {u"minimum"_s, u"maximum"_s, u"exclusiveMinimum"_s, u"exclusiveMaximum"_s, u"multipleOf"_s, u"format"_s}},
            {u"integer"_s,
             {u"minimum"_s, u"maximum"_s, u"exclusiveMinimum"_s, u"exclusiveMaximum"_s, u"multipleOf"_s, u"format"_s}},
            {u"array"_s, {u"items"_s, u"minItems"_s, u"maxItems"_s, u"uniqueItems"_s}},
            {u"object"_s,
             {u"properties"_s, u"required"_s, u"additionalProperties"_s, u"minProperties"_s, u"maxProperties"_s}},
        };
        const qsizetype index = o.indexOf(u"type");
        JsonArray branches;
        QSet<QString> moved;
        for (const QString &t : types) {
            JsonObject branch{{u"type"_s, Json(t)}};
            for (const QString &keyword : keywordsOf.value(t)) {
                if (const Json *value = o.find(keyword)) {
                    branch.append(keyword, *value);
                    if (!moved.contains(keyword))
                        moves.add(at(pointer, keyword),
                                  at(at(at(pointer, u"anyOf"), QString::number(branches.size())), keyword));
                    moved.insert(keyword);
                }
            }
            if (t == u"array" && !branch.contains(u"items"))
                branch.append(u"items"_s, Json(JsonObject{}));
            if (hasNull) // each branch accepts null: `nullable` needs its `type` beside it
                branch.insertAt(1, u"nullable"_s, Json(true));
            branches.push_back(Json(std::move(branch)));
        }
        for (const QString &keyword : moved)
            o.remove(keyword);
        o.remove(u"type");
        Json unionSchema(JsonObject{{u"anyOf"_s, Json(std::move(branches))}});
        if (!o.contains(u"anyOf")) {
            o.insertAt(index, u"anyOf"_s, unionSchema[u"anyOf"]);
        } else if (Json *allOf = o.find(u"allOf"); allOf && allOf->isArray()) {
            allOf->array().push_back(unionSchema);
        } else {
            o.insertAt(index, u"allOf"_s, Json(JsonArray{unionSchema}));
        }
        if (Json *e = o.find(u"enum"); hasNull && e && e->isArray() && !contains(e->toArray(), Json()))
            e->array().push_back(Json());
    }

    // 3.0 ignores everything next to a $ref; allOf keeps the siblings meaningful.
    static void wrapRefSiblings(JsonObject &o)
    {
        if (!o.contains(u"$ref") || o.size() == 1)
            return;
        bool onlyExtensions = true;
        for (const auto &[key, value] : o)
            onlyExtensions = onlyExtensions && (key == u"$ref" || isExtension(key));
        if (onlyExtensions)
            return;
        const qsizetype index = o.indexOf(u"$ref");
        const Json ref = take(o, u"$ref");
        Json branch(JsonObject{{u"$ref"_s, ref}});
        if (Json *allOf = o.find(u"allOf"); allOf && allOf->isArray())
            allOf->array().insert(allOf->array().begin(), branch);
        else
            o.insertAt(index, u"allOf"_s, Json(JsonArray{branch}));
    }

    Warnings &m_warnings;
    const Json *m_root;
};

Json downgrade31(const Json &source, Warnings &warnings)
{
    Json doc = source;
    JsonObject &root = doc.object();
    root.insert(u"openapi"_s, Json(u"3.0.3"_s));

    if (Json *info = root.find(u"info"); info && info->isObject()) {
        if (info->toObject().contains(u"summary")) {
            warnings.add(u"/info/summary"_s, u"OpenAPI 3.0 has no info.summary; dropped"_s);
            info->object().remove(u"summary");
        }
        if (Json *license = info->object().find(u"license"); license && license->isObject()) {
            const Json identifier = take(license->object(), u"identifier");
            if (identifier.isString() && !license->toObject().contains(u"url")) {
                // The SPDX page of the identifier says the same thing as a URL.
                license->object().append(u"url"_s,
                                         Json(u"https://spdx.org/licenses/"_s + identifier.toString() + u".html"_s));
                warnings.add(u"/info/license/identifier"_s,
                             u"OpenAPI 3.0 has no license identifier; written as the SPDX URL"_s);
            } else if (!identifier.isNull()) {
                warnings.add(u"/info/license/identifier"_s, u"OpenAPI 3.0 has no license identifier; dropped"_s);
            }
        }
    }
    if (root.contains(u"jsonSchemaDialect")) {
        const QString dialect = take(root, u"jsonSchemaDialect").toString();
        if (dialect != u"https://spec.openapis.org/oas/3.1/dialect/base")
            warnings.add(u"/jsonSchemaDialect"_s,
                         u"OpenAPI 3.0 has a fixed schema dialect; jsonSchemaDialect \"%1\" dropped"_s.arg(dialect));
    }

    // Path items referenced from components.pathItems are copied to where they are used.
    const JsonObject pathItems = root.value(u"components")[u"pathItems"].toObject();
    auto inlinePathItems = [&](Json &value, Kind kind, const jsonpointer::Trail &trail) {
        if (kind != Kind::PathItem)
            return true;
        const QString pointer = trail.toString();
        for (int hops = 0; hops < 16 && value[u"$ref"].toString().startsWith(u"#/components/pathItems/"); ++hops) {
            const QString name = lastToken(jsonpointer::fromUriFragment(value[u"$ref"].toString()));
            const Json *target = pathItems.find(name);
            if (!target) {
                warnings.add(at(pointer, u"$ref"), u"$ref to a path item that does not exist"_s);
                break;
            }
            JsonObject merged = target->toObject();
            for (const auto &[key, member] : value.toObject()) {
                if (key != u"$ref" && key != u"summary" && key != u"description")
                    merged.insert(key, member);
            }
            value = Json(std::move(merged));
        }
        return true;
    };
    openapi::walkDocument(doc, Spec::OpenApi31, inlinePathItems);
    if (Json *components = root.find(u"components"); components && components->isObject()) {
        if (components->toObject().contains(u"pathItems")) {
            components->object().remove(u"pathItems");
            warnings.add(u"/components/pathItems"_s,
                         u"OpenAPI 3.0 has no components.pathItems; their uses were inlined and the section dropped"_s);
        }
    }
    if (!root.contains(u"paths"))
        root.append(u"paths"_s, Json(JsonObject{}));

    // mutualTLS does not exist in 3.0: the scheme goes, and so do the requirements that need it.
    QSet<QString> droppedSchemes;
    if (Json *schemes = root.find(u"components"); schemes && schemes->isObject()) {
        if (Json *map = schemes->object().find(u"securitySchemes"); map && map->isObject()) {
            for (qsizetype i = 0; i < map->toObject().size();) {
                const QString name = map->toObject().at(i).first;
                if (map->toObject().at(i).second[u"type"].toString() == u"mutualTLS") {
                    warnings.add(
                        at(u"/components/securitySchemes"_s, name),
                        u"OpenAPI 3.0 has no mutualTLS security scheme; dropped with the requirements that use it"_s);
                    droppedSchemes.insert(name);
                    map->object().remove(name);
                } else {
                    ++i;
                }
            }
        }
    }
    auto dropRequirements = [&](JsonObject &owner, const QString &pointer) {
        Json *security = owner.find(u"security");
        if (droppedSchemes.isEmpty() || !security || !security->isArray())
            return;
        JsonArray &list = security->array();
        const size_t before = list.size();
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const Json &requirement) {
                                      for (const auto &[name, scopes] : requirement.toObject()) {
                                          if (droppedSchemes.contains(name))
                                              return true;
                                      }
                                      return false;
                                  }),
                   list.end());
        if (list.empty() && before > 0)
            warnings.add(at(pointer, u"security"), u"every security requirement used mutualTLS; none is left"_s);
    };
    dropRequirements(root, QString());

    SchemaDowngrader schemas(warnings, &source);
    for (const auto &[name, schema] : root.value(u"components")[u"schemas"].toObject())
        schemas.takenNames.insert(name);
    openapi::walkDocument(doc, Spec::OpenApi31, [&](Json &value, Kind kind, const jsonpointer::Trail &trail) {
        const QString pointer = trail.toString();
        switch (kind) {
        case Kind::Schema:
            value = schemas.convert(value, pointer);
            return false;
        case Kind::Operation:
            if (value.isObject()) {
                dropRequirements(value.object(), pointer);
                if (value[u"responses"].toObject().isEmpty()) {
                    value.object().insert(
                        u"responses"_s,
                        Json(JsonObject{
                            {u"default"_s, Json(JsonObject{{u"description"_s, Json(u"Default response"_s)}})}}));
                    warnings.add(pointer, u"OpenAPI 3.0 operations need responses; a default response was added"_s);
                }
            }
            return true;
        default:
            return true;
        }
    });
    if (!schemas.hoistedSchemas.isEmpty()) {
        Json *components = root.find(u"components");
        if (!components) {
            root.append(u"components"_s, Json(JsonObject{}));
            components = root.find(u"components");
        }
        Json *map = components->object().find(u"schemas");
        if (!map) {
            components->object().insertAt(0, u"schemas"_s, Json(JsonObject{}));
            map = components->object().find(u"schemas");
        }
        for (const auto &[name, schema] : schemas.hoistedSchemas)
            map->object().append(name, schema);
    }
    schemas.moves.rewrite(doc);
    // After the schema walk, so the webhooks' schemas are in 3.0 form too.
    if (root.contains(u"webhooks")) {
        // ReDoc (and other 3.0 tools) read webhooks from this extension.
        replaceKey(root, u"webhooks", u"x-webhooks"_s, root.value(u"webhooks"));
        warnings.add(u"/webhooks"_s, u"OpenAPI 3.0 has no webhooks; moved to x-webhooks"_s);
    }
    checkRefsResolve(doc, doc, jsonpointer::Trail(), warnings);
    return doc;
}

Error notOpenApi(const Json &document)
{
    if (!document.isObject())
        return Error{u"not an OpenAPI document: the top level must be an object"_s, {{}, 0, 0, u""_s}};
    if (document.toObject().contains(u"swagger"))
        return Error{u"Swagger version \"%1\" is not supported (only 2.0)"_s.arg(document[u"swagger"].toString()),
                     {{}, 0, 0, u"/swagger"_s}};
    if (document.toObject().contains(u"openapi")) {
        if (!document[u"openapi"].isString())
            return Error{u"\"openapi\" must be a string such as \"3.1.0\""_s, {{}, 0, 0, u"/openapi"_s}};
        return Error{
            u"OpenAPI %1 is not supported (Portico reads 2.0, 3.0.x and 3.1.x)"_s.arg(document[u"openapi"].toString()),
            {{}, 0, 0, u"/openapi"_s}};
    }
    return Error{u"not an OpenAPI document: no \"openapi\" (or \"swagger\") version field"_s, {{}, 0, 0, u""_s}};
}

} // namespace

Result<ConversionResult> convertToOpenApi31(Json document)
{
    const auto spec = openapi::specOf(document);
    if (!spec)
        return notOpenApi(document);
    ConversionResult result;
    Warnings warnings;
    switch (*spec) {
    case Spec::OpenApi31:
        result.sourceVersion = document[u"openapi"].toString();
        result.document = hasLeftovers30(document) ? fixLeftovers31(document, warnings) : std::move(document);
        break;
    case Spec::OpenApi30:
        result.sourceVersion = document[u"openapi"].toString();
        result.document = upgrade30(std::move(document), warnings);
        break;
    case Spec::Swagger20:
        result.sourceVersion = u"2.0"_s;
        result.document = SwaggerUpgrader(document, warnings).run();
        checkRefsResolve(result.document, result.document, jsonpointer::Trail(), warnings);
        break;
    }
    result.warnings = std::move(warnings.list);
    return result;
}

Result<ConversionResult> convertToOpenApi30(const Json &document31)
{
    const auto spec = openapi::specOf(document31);
    if (!spec)
        return notOpenApi(document31);
    ConversionResult result;
    Json source = document31;
    if (*spec != Spec::OpenApi31) {
        auto upgraded = convertToOpenApi31(document31);
        if (!upgraded.ok())
            return upgraded.error();
        source = upgraded->document;
        result.warnings = upgraded->warnings;
    }
    result.sourceVersion = document31[u"openapi"].isString() ? document31[u"openapi"].toString() : u"2.0"_s;
    Warnings warnings;
    result.document = downgrade31(source, warnings);
    result.warnings.append(warnings.list);
    return result;
}

Json stripExtensions(const Json &document)
{
    Json doc = document;
    const Spec spec = openapi::specOf(document).value_or(Spec::OpenApi31);
    openapi::walkDocument(doc, spec, [](Json &value, Kind, const jsonpointer::Trail &) {
        if (value.isObject()) {
            JsonObject &o = value.object();
            for (qsizetype i = 0; i < o.size();) {
                if (isExtension(o.at(i).first))
                    o.remove(QString(o.at(i).first));
                else
                    ++i;
            }
        }
        return true;
    });
    return doc;
}

} // namespace portico::core
