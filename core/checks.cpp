#include "checks.h"

#include "apidocument.h"
#include "extensionchecks.h"
#include "jsonpointer.h"
#include "jsonwriter.h"
#include "schema.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

// JSON Schema 2020-12 and OpenAPI 3.1 schema keywords; anything else in a schema (not x-) is reported as a
// probable typo ("minLenght"), because it would silently constrain nothing.
const QSet<QString> kSchemaKeywords = {
    u"$schema"_s, u"$id"_s, u"$anchor"_s, u"$dynamicAnchor"_s, u"$ref"_s, u"$dynamicRef"_s, u"$comment"_s, u"$defs"_s,
    u"$vocabulary"_s, u"title"_s, u"description"_s, u"type"_s, u"format"_s, u"const"_s, u"enum"_s, u"default"_s,
    u"multipleOf"_s, u"minimum"_s, u"exclusiveMinimum"_s, u"maximum"_s, u"exclusiveMaximum"_s, u"minLength"_s,
    u"maxLength"_s, u"pattern"_s, u"items"_s, u"prefixItems"_s, u"contains"_s, u"minContains"_s, u"maxContains"_s,
    u"minItems"_s, u"maxItems"_s, u"uniqueItems"_s, u"properties"_s, u"patternProperties"_s,
    u"additionalProperties"_s, u"propertyNames"_s, u"unevaluatedProperties"_s, u"unevaluatedItems"_s,
    u"required"_s, u"dependentRequired"_s, u"dependentSchemas"_s, u"minProperties"_s, u"maxProperties"_s,
    u"allOf"_s, u"anyOf"_s, u"oneOf"_s, u"not"_s, u"if"_s, u"then"_s, u"else"_s, u"contentMediaType"_s,
    u"contentEncoding"_s, u"contentSchema"_s, u"readOnly"_s, u"writeOnly"_s, u"deprecated"_s, u"examples"_s,
    u"discriminator"_s, u"xml"_s, u"externalDocs"_s, u"example"_s, u"nullable"_s};

class Checker
{
public:
    explicit Checker(const ApiDocument &doc) : m_doc(doc), m_root(doc.root()) {}

    QList<Problem> run()
    {
        m_compiler.addDocument(kDocumentUri, m_root);
        checkStructure();
        checkRefs(m_root, jsonpointer::Trail(), 0);
        checkSecurityRequirements(m_root[u"security"], u"/security"_s);
        checkModels();
        // One endpoint at a time: the list of a large document's endpoints (pointers, parameters, media
        // types) was a quarter of the peak memory of checking Microsoft Graph.
        QHash<QString, QString> operationIds;
        m_doc.forEachEndpoint([&](const ApiEndpoint &e) {
            checkOperation(e, operationIds);
            checkMediaExamples(e);
            checkSecurityRequirements(m_doc.value(QString(e.pointer + u"/security"_s)), e.pointer + u"/security"_s);
        });
        for (const ExtensionIssue &issue : checkPorticoExtensions(m_root))
            warning(issue.message, issue.pointer);
        std::stable_sort(m_problems.begin(), m_problems.end(), [](const Problem &a, const Problem &b) {
            return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
        });
        return m_problems;
    }

private:
    static inline const QString kDocumentUri = u"urn:portico:document"_s;

    // Said once, however many ways lead to it: operations whose inline schemas repeat one another reach the
    // same component example again.
    void add(Problem::Severity severity, const QString &message, const QString &pointer, bool blocksServing = true)
    {
        const std::pair said(message, pointer);
        if (m_said.contains(said))
            return;
        m_said.insert(said);
        m_problems.append({severity, message, m_doc.locate(pointer), blocksServing});
    }
    void error(const QString &message, const QString &pointer) { add(Problem::Severity::Error, message, pointer); }
    void warning(const QString &message, const QString &pointer) { add(Problem::Severity::Warning, message, pointer); }

    void checkStructure()
    {
        // What OpenAPI requires but a mock does not need is a warning: the document still opens and serves.
        const Json &info = m_root[u"info"];
        if (!info.isObject()) {
            add(Problem::Severity::Warning, u"OpenAPI requires an info object (with title and version)"_s, u""_s, false);
        } else {
            if (!info[u"title"].isString())
                add(Problem::Severity::Warning, u"info.title is required by OpenAPI"_s, u"/info"_s, false);
            if (!info[u"version"].isString())
                add(Problem::Severity::Warning, u"info.version is required by OpenAPI (a string such as \"1.0.0\")"_s, u"/info"_s, false);
        }
        const Json &paths = m_root[u"paths"];
        if (!paths.isNull() && !paths.isObject())
            error(u"paths must be an object"_s, u"/paths"_s);
        QHash<QString, QString> byShape; // "/a/{}" → the first path of that shape
        for (const auto &[path, item] : paths.toObject()) {
            const QString at = u"/paths/"_s + jsonpointer::escape(path);
            if (path.startsWith(u"x-"))
                continue;
            // OpenAPI calls templates that differ only in their parameters' names identical, and invalid.
            const QString shape = QString(path).replace(pathTemplateParameter(), u"{}"_s);
            if (const auto first = byShape.constFind(shape); first != byShape.cend()) {
                warning(u"paths \"%1\" and \"%2\" are equivalent: they differ only in the names of their "
                        "parameters (OpenAPI calls them identical); the mock serves their methods as one path"_s
                            .arg(*first, path),
                        at);
            } else {
                byShape.insert(shape, path);
            }
            if (!path.startsWith(u'/'))
                error(u"path \"%1\" must start with '/'"_s.arg(path), at);
            if (!item.isObject()) {
                error(u"a path item must be an object"_s, at);
                continue;
            }
            for (const auto &[method, op] : item.toObject()) {
                if (!ApiDocument::kMethods.contains(method))
                    continue;
                const QString opAt = at + u'/' + method;
                if (!op.isObject()) {
                    error(u"an operation must be an object"_s, opAt);
                    continue;
                }
                if (!op[u"responses"].isObject() || op[u"responses"].toObject().isEmpty())
                    warning(u"operation has no responses"_s, opAt);
            }
        }
    }

    void checkRefs(const Json &value, const jsonpointer::Trail &at, int depth)
    {
        if (depth > 256)
            return;
        if (value.isObject()) {
            for (const auto &[key, member] : value.toObject()) {
                if (key == u"$ref" && member.isString())
                    checkRef(member.toString(), at.child(key));
                else if (!isDataKey(key))
                    checkRefs(member, at.child(key), depth + 1);
            }
        } else if (value.isArray()) {
            const JsonArray &a = value.toArray();
            for (size_t i = 0; i < a.size(); ++i)
                checkRefs(a[i], at.child(qsizetype(i)), depth + 1);
        }
    }

    // Example values, defaults and enums are data: a "$ref" key inside them is not a reference.
    static bool isDataKey(const QString &key)
    {
        return key == u"example" || key == u"default" || key == u"enum" || key == u"const" || key == u"value";
    }

    void checkRef(const QString &ref, const jsonpointer::Trail &at)
    {
        if (!ref.startsWith(u'#'))
            return; // external references are resolved by the interop layer
        const QString target = jsonpointer::fromUriFragment(ref);
        if (!target.isEmpty() && !target.startsWith(u'/'))
            return; // an anchor: resolved by the schema compiler
        if (!jsonpointer::resolve(m_root, target))
            error(u"broken $ref: \"%1\" points to nothing"_s.arg(ref), at.toString());
    }

    void checkOperation(const ApiEndpoint &e, QHash<QString, QString> &operationIds)
    {
        if (!e.operationId.isEmpty()) {
            if (const auto it = operationIds.constFind(e.operationId); it != operationIds.cend())
                error(u"duplicate operationId \"%1\" (also at %2)"_s.arg(e.operationId, *it), e.pointer + u"/operationId"_s);
            else
                operationIds.insert(e.operationId, e.pointer);
        }
        QStringList templated;
        for (auto it = pathTemplateParameter().globalMatch(e.path); it.hasNext();)
            templated.append(it.next().captured(1));
        for (const QString &name : templated) {
            const bool declared = std::any_of(e.parameters.begin(), e.parameters.end(), [&](const ApiParameter &p) {
                return p.in == u"path" && p.name == name;
            });
            if (!declared)
                error(u"path template {%1} has no path parameter named \"%1\""_s.arg(name), e.pointer);
        }
        for (const ApiParameter &p : e.parameters) {
            if (p.in == u"path" && !templated.contains(p.name))
                error(u"path parameter \"%1\" does not appear in the path %2"_s.arg(p.name, e.path), p.pointer);
            if (p.name.isEmpty() || !QStringList{u"path"_s, u"query"_s, u"header"_s, u"cookie"_s}.contains(p.in))
                error(u"a parameter needs a name and \"in\" (path, query, header or cookie)"_s, p.pointer);
            checkValue(p.schema, p.pointer + u"/schema"_s, p.example, p.pointer + u"/example"_s, u"example"_s);
        }
    }

    // A requirement naming an undeclared scheme is invalid OpenAPI, and the mock (which cannot check an unknown
    // scheme) lets requests through: typically what a renamed or deleted scheme leaves behind.
    void checkSecurityRequirements(const Json &requirements, const QString &pointer)
    {
        const JsonObject &schemes = m_root[u"components"][u"securitySchemes"].toObject();
        const JsonArray &list = requirements.toArray();
        for (size_t i = 0; i < list.size(); ++i) {
            for (const auto &[name, scopes] : list[i].toObject()) {
                if (!schemes.contains(name))
                    warning(u"security requirement names \"%1\", which components.securitySchemes does not declare "
                            "(the mock lets requests through without it)"_s.arg(name),
                            jsonpointer::append(jsonpointer::append(pointer, qsizetype(i)), name));
            }
        }
    }

    std::optional<Schema> compileAt(const QString &pointer)
    {
        if (m_failedSchemas.contains(pointer))
            return std::nullopt;
        auto compiled = m_compiler.compile(kDocumentUri + u'#' + pointer);
        if (!compiled.ok()) {
            m_failedSchemas.insert(pointer);
            const QString at = compiled.error().location.pointer.isEmpty() ? pointer : compiled.error().location.pointer;
            error(u"schema does not compile: "_s + compiled.error().message, at);
            return std::nullopt;
        }
        return compiled.value();
    }

    // Where a schema that is only a local `{"$ref": …}` leads: operations that refer to one model share its
    // checks. A `$ref` with siblings (allowed in 3.1) is a schema of its own.
    QString bareRefTarget(const Json &schema, const QString &pointer) const
    {
        const Json *current = &schema;
        QString at = pointer;
        for (int hops = 0; hops < 16 && current->toObject().size() == 1; ++hops) {
            const Json &ref = (*current)[u"$ref"];
            if (!ref.isString() || !ref.toString().startsWith(u"#/"))
                break;
            const QString target = jsonpointer::fromUriFragment(ref.toString());
            const Json *resolved = jsonpointer::resolve(m_root, target);
            if (!resolved)
                break;
            current = resolved;
            at = target;
        }
        return at;
    }

    void checkValue(const Json &schema, const QString &schemaPointer, const std::optional<Json> &value,
                    const QString &valuePointer, const QString &what)
    {
        if (!value || schema.isNull())
            return;
        // Once per value and schema: a component example or response that many operations use would otherwise
        // be validated, and reported, once per use (GitHub's spec said one thing eleven times).
        const QString checkedAt = bareRefTarget(schema, schemaPointer);
        const std::pair checked(checkedAt, valuePointer);
        if (m_checkedValues.contains(checked))
            return;
        m_checkedValues.insert(checked);
        const auto compiled = compileAt(checkedAt);
        if (!compiled)
            return;
        for (const ValidationError &e : compiled->validate(*value)) {
            QStringList loc;
            for (const Json &part : e.loc)
                loc.append(part.isString() ? part.toString() : QString::number(part.toInteger()));
            const QString where = loc.isEmpty() ? QString() : u" at "_s + loc.join(u'.');
            add(Problem::Severity::Error, u"%1 does not match its schema%2: %3 [%4]"_s.arg(what, where, e.msg, e.type),
                valuePointer, false);
        }
    }

    void checkSchemaKeywords(const Json &schema, const jsonpointer::Trail &trail, int depth)
    {
        if (!schema.isObject() || depth > 64)
            return;
        for (const auto &[key, value] : schema.toObject()) {
            const jsonpointer::Trail at = trail.child(key);
            if (!kSchemaKeywords.contains(key) && !key.startsWith(u"x-"))
                warning(u"unknown schema keyword \"%1\" (ignored by validation; a typo?)"_s.arg(key), at.toString());
            if (key == u"properties" || key == u"patternProperties" || key == u"$defs" || key == u"dependentSchemas") {
                for (const auto &[name, sub] : value.toObject())
                    checkSchemaKeywords(sub, at.child(name), depth + 1);
            } else if (key == u"allOf" || key == u"anyOf" || key == u"oneOf" || key == u"prefixItems") {
                const JsonArray &a = value.toArray();
                for (size_t i = 0; i < a.size(); ++i)
                    checkSchemaKeywords(a[i], at.child(qsizetype(i)), depth + 1);
            } else if (key == u"items" || key == u"additionalProperties" || key == u"not" || key == u"if"
                       || key == u"then" || key == u"else" || key == u"contains" || key == u"propertyNames") {
                checkSchemaKeywords(value, at, depth + 1);
            }
        }
    }

    void checkModels()
    {
        QList<Schema> compiledModels;
        QStringList compiledAt;
        for (const QString &name : m_doc.modelNames()) {
            const QString at = ApiDocument::modelPointer(name);
            const Json schema = m_doc.modelSchema(name);
            checkSchemaKeywords(schema, jsonpointer::Trail(at), 0);
            const auto compiled = compileAt(at);
            if (!compiled)
                continue;
            compiledModels.append(*compiled);
            compiledAt.append(at);
            checkSchemaExamples(schema, at, 0);
        }
        // The mock survives such a cycle (validation along it stops with recursion_loop), so it still serves.
        for (const InPlaceCycle &cycle : findInPlaceCycles(compiledModels))
            add(Problem::Severity::Error,
                u"$ref cycle that applies a schema to the same value again (%1): validation would never end, and "
                "stops there with recursion_loop"_s.arg(cycle.names.join(u" → "_s)),
                compiledAt[cycle.schema], false);
    }

    // `examples` and `default` inside a schema (and its properties) must satisfy that schema.
    void checkSchemaExamples(const Json &schema, const QString &pointer, int depth)
    {
        if (!schema.isObject() || depth > 32)
            return;
        const JsonArray &examples = schema[u"examples"].toArray();
        for (size_t i = 0; i < examples.size(); ++i)
            checkValue(schema, pointer, examples[i], pointer + u"/examples/"_s + QString::number(i), u"example"_s);
        if (const Json *d = schema.toObject().find(u"default"))
            checkValue(schema, pointer, *d, pointer + u"/default"_s, u"default"_s);
        for (const auto &[name, property] : schema[u"properties"].toObject())
            checkSchemaExamples(property, pointer + u"/properties/"_s + jsonpointer::escape(name), depth + 1);
        if (schema[u"items"].isObject())
            checkSchemaExamples(schema[u"items"], pointer + u"/items"_s, depth + 1);
    }

    void checkMediaExamples(const ApiEndpoint &e)
    {
        auto checkContent = [&](const QList<ApiMediaType> &content) {
            for (const ApiMediaType &m : content) {
                if (m.schema.isNull() || !m.name.contains(u"json"))
                    continue;
                const QString schemaAt = m.pointer + u"/schema"_s;
                if (m.example)
                    checkValue(m.schema, schemaAt, m.example, m.pointer + u"/example"_s, u"example"_s);
                for (const auto &[name, example] : m.examples) {
                    const auto [resolved, at] = m_doc.resolveLocal(example, m.pointer + u"/examples/"_s + jsonpointer::escape(name));
                    if (const Json *value = resolved->toObject().find(u"value"))
                        checkValue(m.schema, schemaAt, *value, at + u"/value"_s, u"example \"%1\""_s.arg(name));
                }
            }
        };
        if (e.requestBody)
            checkContent(e.requestBody->content);
        for (const ApiResponse &r : e.responses)
            checkContent(r.content);
        if (e.requestBody)
            checkMediaTypes(e.requestBody->pointer);
        for (const ApiResponse &r : e.responses) {
            const Json *response = jsonpointer::resolve(m_root, r.pointer);
            if (response && response->isObject() && !(*response)[u"description"].isString())
                add(Problem::Severity::Warning, u"response %1 has no description (OpenAPI requires one)"_s.arg(r.status), r.pointer, false);
            checkMediaTypes(r.pointer);
        }
    }

    // The entries of a request body's or response's `content` the mock leaves out, and why.
    void checkMediaTypes(const QString &owner)
    {
        const QString at = owner + u"/content"_s;
        const Json *content = jsonpointer::resolve(m_root, at);
        if (!content)
            return;
        if (!content->isObject()) {
            add(Problem::Severity::Warning, u"content must map media types to media type objects; it is ignored"_s, at, false);
            return;
        }
        for (const auto &[name, media] : content->toObject()) {
            if (!isMediaTypeEntry(name, media))
                add(Problem::Severity::Warning,
                    u"content entry \"%1\" is not a media type (such as \"application/json\") with a media type "
                    "object; the mock leaves it out"_s.arg(name),
                    jsonpointer::append(at, name), false);
        }
    }

    const ApiDocument &m_doc;
    const Json &m_root;
    SchemaCompiler m_compiler;
    QSet<QString> m_failedSchemas;
    QSet<std::pair<QString, QString>> m_checkedValues; // (schema, value) pointers
    QSet<std::pair<QString, QString>> m_said;          // (message, pointer)
    QList<Problem> m_problems;
};

} // namespace

QString Problem::toString() const
{
    return Error{message, location}.toString(severity == Severity::Error ? u"error" : u"warning");
}

QList<Problem> checkDocument(const ApiDocument &document)
{
    return Checker(document).run();
}

} // namespace portico::core
