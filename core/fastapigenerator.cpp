#include "fastapigenerator.h"

#include "apidocument.h"
#include "datagenerator.h"
#include "jsonpointer.h"
#include "jsonwriter.h"

#include <QHash>
#include <QSet>
#include <functional>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using namespace codegen;

constexpr int kLineLimit = 100;

const QSet<QString> &pythonKeywords()
{
    static const QSet<QString> words = {u"False"_s,  u"None"_s,     u"True"_s,  u"and"_s,    u"as"_s,       u"assert"_s,
                                        u"async"_s,  u"await"_s,    u"break"_s, u"class"_s,  u"continue"_s, u"def"_s,
                                        u"del"_s,    u"elif"_s,     u"else"_s,  u"except"_s, u"finally"_s,  u"for"_s,
                                        u"from"_s,   u"global"_s,   u"if"_s,    u"import"_s, u"in"_s,       u"is"_s,
                                        u"lambda"_s, u"nonlocal"_s, u"not"_s,   u"or"_s,     u"pass"_s,     u"raise"_s,
                                        u"return"_s, u"try"_s,      u"while"_s, u"with"_s,   u"yield"_s};
    return words;
}

// Names models.py imports or defines itself; a model or field with one of these names would shadow it.
const QSet<QString> &modelModuleNames()
{
    static const QSet<QString> names = {u"Annotated"_s,
                                        u"Any"_s,
                                        u"Dict"_s,
                                        u"List"_s,
                                        u"Literal"_s,
                                        u"Optional"_s,
                                        u"Tuple"_s,
                                        u"Union"_s,
                                        u"date"_s,
                                        u"datetime"_s,
                                        u"time"_s,
                                        u"UUID"_s,
                                        u"IPv4Address"_s,
                                        u"IPv6Address"_s,
                                        u"Enum"_s,
                                        u"BaseModel"_s,
                                        u"Field"_s,
                                        u"ConfigDict"_s,
                                        u"Extra"_s,
                                        u"AfterValidator"_s,
                                        u"conint"_s,
                                        u"confloat"_s,
                                        u"constr"_s,
                                        u"conlist"_s,
                                        u"validator"_s,
                                        u"root_validator"_s,
                                        u"field_validator"_s,
                                        u"model_validator"_s,
                                        u"ApiModel"_s,
                                        u"check_size"_s,
                                        u"unique_items"_s,
                                        u"str"_s,
                                        u"int"_s,
                                        u"float"_s,
                                        u"bool"_s,
                                        u"bytes"_s,
                                        u"list"_s,
                                        u"dict"_s,
                                        u"object"_s,
                                        u"annotations"_s};
    return names;
}

// Attributes of BaseModel (Pydantic 1 and 2) that a field must not shadow.
const QSet<QString> &baseModelAttributes()
{
    static const QSet<QString> names = {u"dict"_s,
                                        u"json"_s,
                                        u"copy"_s,
                                        u"parse_obj"_s,
                                        u"parse_raw"_s,
                                        u"parse_file"_s,
                                        u"from_orm"_s,
                                        u"schema"_s,
                                        u"schema_json"_s,
                                        u"construct"_s,
                                        u"validate"_s,
                                        u"update_forward_refs"_s,
                                        u"fields"_s,
                                        u"Config"_s,
                                        u"model_config"_s,
                                        u"model_fields"_s,
                                        u"model_computed_fields"_s,
                                        u"model_extra"_s,
                                        u"model_fields_set"_s,
                                        u"model_construct"_s,
                                        u"model_copy"_s,
                                        u"model_dump"_s,
                                        u"model_dump_json"_s,
                                        u"model_json_schema"_s,
                                        u"model_parametrized_name"_s,
                                        u"model_post_init"_s,
                                        u"model_rebuild"_s,
                                        u"model_validate"_s,
                                        u"model_validate_json"_s,
                                        u"model_validate_strings"_s,
                                        u"copy"_s};
    return names;
}

bool isPythonIdentifier(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
        if (!letter && !(i > 0 && c >= u'0' && c <= u'9'))
            return false;
    }
    return true;
}

// Any text as identifier material: other characters become single underscores, none at either end.
QString sanitized(const QString &text)
{
    QString out;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
        if (ok)
            out += c;
        else if (!out.endsWith(u'_'))
            out += u'_';
    }
    while (out.startsWith(u'_'))
        out.remove(0, 1);
    while (out.endsWith(u'_'))
        out.chop(1);
    return out;
}

QString pyString(const QString &s)
{
    QString out = u"\""_s;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (c == u'\\')
            out += u"\\\\"_s;
        else if (c == u'"')
            out += u"\\\""_s;
        else if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\r')
            out += u"\\r"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else if (u < 0x20 || u == 0x7f)
            out += u"\\x"_s + QString::number(u, 16).rightJustified(2, u'0');
        else if (c.isSurrogate() && !(c.isHighSurrogate() || c.isLowSurrogate()))
            out += u"\\u"_s + QString::number(u, 16).rightJustified(4, u'0');
        else
            out += c;
    }
    return out + u'"';
}

// Regexes read best as raw strings; fall back to escaping when a raw string cannot hold the text.
QString pyPattern(const QString &pattern)
{
    qsizetype trailing = 0;
    while (trailing < pattern.size() && pattern[pattern.size() - 1 - trailing] == u'\\')
        ++trailing;
    if (pattern.contains(u'"') || pattern.contains(u'\n') || pattern.contains(u'\r') || trailing % 2 == 1)
        return pyString(pattern);
    return u"r\""_s + pattern + u'"';
}

QString pyDocstring(const QString &text, int indent)
{
    QString body = text.trimmed();
    body.replace(u"\\"_s, u"\\\\"_s);
    body.replace(u"\"\"\""_s, u"\\\"\\\"\\\""_s);
    if (body.endsWith(u'"'))
        body = body.chopped(1) + u"\\\""_s;
    const QString pad(indent, u' ');
    QStringList lines = body.split(u'\n');
    for (qsizetype i = 1; i < lines.size(); ++i)
        lines[i] = lines[i].trimmed().isEmpty() ? QString() : pad + lines[i].trimmed();
    if (lines.size() == 1)
        return pad + u"\"\"\""_s + lines.front() + u"\"\"\"\n"_s;
    return pad + u"\"\"\""_s + lines.join(u'\n') + u'\n' + pad + u"\"\"\"\n"_s;
}

QString pyNumber(const Json &n)
{
    return n.isInteger() ? QString::number(n.toInteger()) : QString::fromUtf8(formatDouble(n.toDouble()));
}

QString pyLiteralCompact(const Json &v)
{
    switch (v.type()) {
    case Json::Type::Null:
        return u"None"_s;
    case Json::Type::Bool:
        return v.toBool() ? u"True"_s : u"False"_s;
    case Json::Type::Integer:
    case Json::Type::Double:
        return pyNumber(v);
    case Json::Type::String:
        return pyString(v.toString());
    case Json::Type::Array: {
        QStringList items;
        for (const Json &item : v.toArray())
            items.append(pyLiteralCompact(item));
        return u'[' + items.join(u", "_s) + u']';
    }
    case Json::Type::Object: {
        QStringList items;
        for (const auto &[key, value] : v.toObject())
            items.append(pyString(key) + u": "_s + pyLiteralCompact(value));
        return u'{' + items.join(u", "_s) + u'}';
    }
    }
    return u"None"_s;
}

// A JSON value as a Python literal, on one line when it fits and indented like Black otherwise. `column` is
// where the literal starts on its first line (by default the indentation).
QString pyLiteral(const Json &v, int indent, int column = -1)
{
    const QString compact = pyLiteralCompact(v);
    if (column < 0)
        column = indent;
    if (column + compact.size() <= kLineLimit || !(v.isArray() || v.isObject()) ||
        (v.isArray() && v.toArray().empty()) || (v.isObject() && v.toObject().isEmpty()))
        return compact;
    const int inner = indent + 4;
    QString out = v.isArray() ? u"[\n"_s : u"{\n"_s;
    if (v.isArray()) {
        for (const Json &item : v.toArray())
            out += QString(inner, u' ') + pyLiteral(item, inner) + u",\n"_s;
    } else {
        for (const auto &[key, value] : v.toObject()) {
            const QString k = pyString(key) + u": "_s;
            out += QString(inner, u' ') + k + pyLiteral(value, inner, inner + int(k.size())) + u",\n"_s;
        }
    }
    return out + QString(indent, u' ') + (v.isArray() ? u']' : u'}');
}

// `prefix + callee(args)` as Black writes it: on one line when it fits, else the arguments on one indented
// line, else one argument per line with a trailing comma.
QString pyCall(const QString &prefix, const QString &callee, const QStringList &args, int indent,
               const QString &suffix = {})
{
    const QString pad(indent, u' ');
    const QString oneLine = prefix + callee + u'(' + args.join(u", "_s) + u')' + suffix;
    if (indent + oneLine.size() <= kLineLimit || args.isEmpty())
        return pad + oneLine;
    const QString joined = args.join(u", "_s);
    if (indent + 4 + joined.size() <= kLineLimit && !joined.contains(u'\n'))
        return pad + prefix + callee + u"(\n"_s + pad + u"    "_s + joined + u'\n' + pad + u')' + suffix;
    QString out = pad + prefix + callee + u"(\n"_s;
    for (const QString &a : args)
        out += pad + u"    "_s + a + u",\n"_s;
    return out + pad + u')' + suffix;
}

// A dict display of already formatted entries, one per line when they do not fit on one.
QString pyDict(const QStringList &entries, int indent, int column)
{
    const QString oneLine = u'{' + entries.join(u", "_s) + u'}';
    if (column + oneLine.size() <= kLineLimit)
        return oneLine;
    QString out = u"{\n"_s;
    for (const QString &e : entries)
        out += QString(indent + 4, u' ') + e + u",\n"_s;
    return out + QString(indent, u' ') + u'}';
}

// ECMA-262 patterns as Python `re` patterns: named groups and their back references are spelled differently.
QString pythonRegex(QString pattern)
{
    pattern.replace(u"(?<="_s, u"\u0001"_s).replace(u"(?<!"_s, u"\u0002"_s);
    pattern.replace(u"(?<"_s, u"(?P<"_s);
    pattern.replace(u"\u0001"_s, u"(?<="_s).replace(u"\u0002"_s, u"(?<!"_s);
    qsizetype at = 0;
    while ((at = pattern.indexOf(u"\\k<"_s, at)) >= 0) {
        const qsizetype end = pattern.indexOf(u'>', at);
        if (end < 0)
            break;
        const QString name = pattern.mid(at + 3, end - at - 3);
        pattern.replace(at, end - at + 1, u"(?P="_s + name + u')');
        at += name.size() + 5;
    }
    return pattern;
}

QString importLine(const QString &module, const QStringList &names)
{
    const QString line = u"from "_s + module + u" import "_s + names.join(u", "_s);
    if (line.size() <= kLineLimit)
        return line;
    QString out = u"from "_s + module + u" import (\n"_s;
    for (const QString &name : names)
        out += u"    "_s + name + u",\n"_s;
    return out + u')';
}

class Imports
{
public:
    void add(const QString &module, const QString &name) { m_names[module].insert(name); }
    bool isEmpty() const { return m_names.isEmpty(); }
    QString render() const
    {
        static const QStringList groups[] = {
            {u"datetime"_s, u"enum"_s, u"ipaddress"_s, u"typing"_s, u"uuid"_s}, {u"fastapi"_s, u"pydantic"_s}, {}};
        QStringList blocks;
        for (int g = 0; g < 3; ++g) {
            QString block;
            for (auto it = m_names.cbegin(); it != m_names.cend(); ++it) {
                const bool inGroup = g < 2 ? groups[g].contains(it.key())
                                           : !groups[0].contains(it.key()) && !groups[1].contains(it.key());
                if (!inGroup)
                    continue;
                QStringList names(it.value().cbegin(), it.value().cend());
                // isort's order: CONSTANTS, then Classes, then functions.
                auto rank = [](const QString &n) { return n == n.toUpper() ? 0 : n.front().isUpper() ? 1 : 2; };
                std::sort(names.begin(), names.end(), [&](const QString &a, const QString &b) {
                    return rank(a) != rank(b) ? rank(a) < rank(b) : a.compare(b, Qt::CaseInsensitive) < 0;
                });
                block += importLine(it.key(), names) + u'\n';
            }
            if (!block.isEmpty())
                blocks.append(block);
        }
        return blocks.join(u'\n');
    }

private:
    QMap<QString, QSet<QString>> m_names;
};

class FastApiGenerator
{
public:
    FastApiGenerator(const Json &root, const FastApiOptions &options)
        : m_root(root)
        , m_options(options)
        , m_v1(options.pydantic == 1)
        , m_generator(root, {options.seed})
    {
        m_document.setRoot(root);
    }

    GeneratedFiles run();
    QList<CodegenWarning> warnings() const { return m_warnings; }

private:
    enum class Kind
    {
        Class,
        Enum,
        Alias
    };
    struct Definition
    {
        QString name; // in components.schemas
        QString identifier;
        Kind kind = Kind::Alias;
        bool nullable = false;
        bool structured = true; // aliases: known once written
    };
    struct PyType
    {
        QString expr;
        bool nullable = false;
        bool forward = false;    // names a model defined further down (quoted)
        QString jsonType;        // the single JSON type when known, for where constraints may go
        bool structured = false; // a model or dict somewhere inside: FastAPI takes it only as a body
    };
    // A constraint Pydantic has no Field argument for (or not here): becomes a validator.
    struct Check
    {
        QString call; // "unique_items(value)" or "check_size(value, 1, None, \"items\")"
    };
    struct FieldArgs
    {
        QStringList args;
        QList<Check> checks;
    };
    struct ClassShape
    {
        QStringList bases;
        QList<std::tuple<QString, Json, QString>> properties; // name, schema, pointer
        QSet<QString> required;
        bool forbidExtra = false;
        std::optional<qint64> minProperties, maxProperties;
    };

    void warn(const QString &message, const QString &pointer);
    void use(const QString &module, const QString &name) { m_imports->add(module, name); }
    PyType any()
    {
        use(u"typing"_s, u"Any"_s);
        return {u"Any"_s};
    }

    void classifyModels();
    QList<QString> modelOrder() const;
    void collectReferences(const Json &schema, QSet<QString> *out, QSet<QString> *visiting, int depth) const;
    QString modelsFile();
    QString definitionText(const Definition &d);

    PyType pyType(const Json &schema, const QString &pointer, const QString &hint, FieldArgs *fieldArgs, int depth);
    PyType reference(const QString &model);
    PyType forJsonType(const Json &schema, const QString &type, const QString &pointer, const QString &hint,
                       FieldArgs *fieldArgs, int depth);
    PyType literal(const JsonArray &values, const QString &pointer, bool *ok);
    // Puts the schema's own constraints into `fieldArgs`, or into the type when there is no field to carry them.
    PyType constrained(PyType base, const Json &schema, const QString &pointer, FieldArgs *fieldArgs);
    QString optional(const PyType &t);

    void mergeShape(const Json &schema, const QString &pointer, ClassShape *shape, int depth);
    QString hoistClass(const Json &schema, const QString &pointer, const QString &hint);
    QString classText(const QString &identifier, const Json &schema, const QString &pointer);

    QString routerFor(const ApiEndpoint &e);
    QString handler(const ApiEndpoint &e, NameRegistry *functions);

    Json m_root;
    FastApiOptions m_options;
    bool m_v1 = false;
    ApiDocument m_document;
    DataGenerator m_generator;
    QList<CodegenWarning> m_warnings;
    QSet<QString> m_warned;

    QList<Definition> m_definitions;
    QHash<QString, qsizetype> m_definitionIndex;
    NameRegistry m_modelNames{pythonKeywords() + modelModuleNames()};
    QSet<QString> m_defined; // identifiers already written to models.py
    QSet<QString> m_classes; // identifiers of generated classes (incl. hoisted)
    QStringList m_hoisted;   // class texts waiting to be written before the current definition
    QSet<QString> m_inlining;
    bool m_inRouter = false;
    bool m_anyForward = false;
    bool m_needsSize = false, m_needsUnique = false;

    Imports m_modelImports;
    Imports *m_imports = &m_modelImports;
    QStringList m_operationModels; // classes hoisted from operations, written after the components
};

void FastApiGenerator::warn(const QString &message, const QString &pointer)
{
    const QString key = pointer + u'\n' + message;
    if (m_warned.contains(key))
        return;
    m_warned.insert(key);
    m_warnings.append({message, pointer});
}

bool isObjectLike(const Json &schema)
{
    const JsonObject &o = schema.toObject();
    const QStringList types = schemaTypes(schema);
    QStringList nonNull = types;
    nonNull.removeAll(u"null"_s);
    if (!nonNull.isEmpty() && nonNull != QStringList{u"object"_s})
        return false;
    const Json &additional = schema[u"additionalProperties"];
    return o.contains(u"properties") || (additional.isBool() && !additional.toBool()) ||
           (nonNull == QStringList{u"object"_s} && o.contains(u"allOf"));
}

void FastApiGenerator::classifyModels()
{
    for (const QString &name : m_document.modelNames()) {
        const Json schema = m_document.modelSchema(name);
        Definition d;
        d.name = name;
        QString wanted = sanitized(name);
        if (!isPythonIdentifier(wanted) || !wanted.front().isLetter())
            wanted = u"Model"_s + wanted;
        if (wanted.front().isLower())
            wanted = wanted.left(1).toUpper() + wanted.mid(1);
        if (pythonKeywords().contains(wanted) || modelModuleNames().contains(wanted))
            wanted += u"Model"_s;
        d.identifier = m_modelNames.claim(wanted);
        const QStringList types = schemaTypes(schema);
        d.nullable = types.contains(u"null"_s);
        const JsonArray &values = schema[u"enum"].toArray();
        const bool stringEnum =
            !values.empty() && std::all_of(values.begin(), values.end(), [](const Json &v) { return v.isString(); });
        const JsonObject &o = schema.toObject();
        const bool allOfObjects =
            o.contains(u"allOf") && !o.contains(u"oneOf") && !o.contains(u"anyOf") &&
            std::all_of(schema[u"allOf"].toArray().begin(), schema[u"allOf"].toArray().end(), [&](const Json &m) {
                const Json &r = *m_document.resolveLocal(m, {}).first;
                return isObjectLike(r) || (r.isObject() && r.toObject().contains(u"allOf"));
            });
        if (stringEnum && !o.contains(u"$ref"))
            d.kind = Kind::Enum;
        else if (!o.contains(u"$ref") && !o.contains(u"oneOf") && !o.contains(u"anyOf") &&
                 (isObjectLike(schema) || allOfObjects))
            d.kind = Kind::Class;
        else
            d.kind = Kind::Alias;
        m_definitionIndex.insert(name, m_definitions.size());
        m_definitions.append(d);
    }
}

void FastApiGenerator::collectReferences(const Json &schema, QSet<QString> *out, QSet<QString> *visiting,
                                         int depth) const
{
    if (depth > 256)
        return;
    if (schema.isObject()) {
        const JsonObject &o = schema.toObject();
        if (const Json *ref = o.find(u"$ref"); ref && ref->isString()) {
            if (const auto model = modelReference(schema)) {
                out->insert(*model);
            } else if (ref->toString().startsWith(u'#')) {
                const QString target = jsonpointer::fromUriFragment(ref->toString());
                if (const Json *value = jsonpointer::resolve(m_root, target); value && !visiting->contains(target)) {
                    visiting->insert(target);
                    collectReferences(*value, out, visiting, depth + 1);
                    visiting->remove(target);
                }
            }
        }
        for (const auto &[key, value] : o) {
            if (key != u"examples" && key != u"example" && key != u"default" && key != u"const" && key != u"enum")
                collectReferences(value, out, visiting, depth + 1);
        }
    } else if (schema.isArray()) {
        for (const Json &item : schema.toArray())
            collectReferences(item, out, visiting, depth + 1);
    }
}

// Python evaluates aliases and base classes when it reaches them, so a model is written after the models it
// uses; only cycles (recursive models) are left as quoted forward references, resolved at the end.
QList<QString> FastApiGenerator::modelOrder() const
{
    QList<QString> order;
    QSet<QString> done, active;
    std::function<void(const QString &)> visit = [&](const QString &name) {
        if (done.contains(name) || active.contains(name))
            return;
        active.insert(name);
        QSet<QString> references, visiting;
        collectReferences(m_document.modelSchema(name), &references, &visiting, 0);
        // Document order among the dependencies keeps the output stable and close to the author's order.
        for (const QString &candidate : m_document.modelNames()) {
            if (references.contains(candidate) && candidate != name)
                visit(candidate);
        }
        active.remove(name);
        done.insert(name);
        order.append(name);
    };
    for (const QString &name : m_document.modelNames())
        visit(name);
    return order;
}

FastApiGenerator::PyType FastApiGenerator::reference(const QString &model)
{
    const Definition &d = m_definitions[m_definitionIndex.value(model)];
    PyType t;
    t.nullable = d.nullable;
    t.jsonType = d.kind == Kind::Class ? u"object"_s : QString();
    t.structured = d.kind != Kind::Enum && d.structured;
    if (m_inRouter) {
        use(u"models"_s, d.identifier);
        t.expr = d.identifier;
    } else if (m_defined.contains(d.identifier)) {
        t.expr = d.identifier;
    } else {
        t.expr = u'"' + d.identifier + u'"';
        t.forward = true;
        m_anyForward = true;
    }
    return t;
}

QString FastApiGenerator::optional(const PyType &t)
{
    if (!t.nullable)
        return t.expr;
    if (t.expr == u"Any" || t.expr == u"None")
        return t.expr;
    use(u"typing"_s, u"Optional"_s);
    return u"Optional["_s + t.expr + u']';
}

FastApiGenerator::PyType FastApiGenerator::literal(const JsonArray &values, const QString &pointer, bool *ok)
{
    QStringList members;
    bool nullable = false;
    *ok = true;
    for (const Json &v : values) {
        if (v.isNull())
            nullable = true;
        else if (v.isString() || v.isBool() || v.isInteger())
            members.append(pyLiteralCompact(v));
        else
            *ok = false;
    }
    if (!*ok) {
        warn(u"enum/const values that are not strings, integers or booleans cannot be a Literal; only the type "
             u"is checked"_s,
             pointer);
        return {};
    }
    if (members.isEmpty())
        return {u"None"_s, false};
    use(u"typing"_s, u"Literal"_s);
    members.removeDuplicates();
    return {u"Literal["_s + members.join(u", "_s) + u']', nullable};
}

FastApiGenerator::PyType FastApiGenerator::pyType(const Json &schema, const QString &pointer, const QString &hint,
                                                  FieldArgs *fieldArgs, int depth)
{
    if (depth > 48 || !schema.isObject())
        return any();
    const JsonObject &o = schema.toObject();
    if (const Json *ref = o.find(u"$ref")) {
        if (const auto model = modelReference(schema); model && m_definitionIndex.contains(*model))
            return reference(*model);
        const QString r = ref->toString();
        if (r.startsWith(u'#')) {
            const QString target = jsonpointer::fromUriFragment(r);
            if (const Json *value = jsonpointer::resolve(m_root, target); value && !m_inlining.contains(target)) {
                m_inlining.insert(target);
                const PyType t = pyType(*value, target, hint, fieldArgs, depth + 1);
                m_inlining.remove(target);
                return t;
            }
        }
        warn(u"cannot resolve $ref \"%1\"; typed Any"_s.arg(r), pointer);
        return any();
    }

    // Unions; `anyOf: [X, {type: null}]` is how FastAPI and OpenAPI 3.1 spell Optional[X].
    for (const QString &key : {u"anyOf"_s, u"oneOf"_s}) {
        const JsonArray &members = schema[key].toArray();
        if (members.empty())
            continue;
        bool nullable = false;
        QList<std::pair<Json, QString>> kept;
        for (size_t i = 0; i < members.size(); ++i) {
            const Json &m = *m_document.resolveLocal(members[i], {}).first;
            const QStringList types = schemaTypes(m);
            if ((types == QStringList{u"null"_s} && !m.toObject().contains(u"$ref")) ||
                (m[u"const"].isNull() && m.toObject().contains(u"const"))) {
                nullable = true;
                continue;
            }
            kept.append({members[i], jsonpointer::append(jsonpointer::append(pointer, key), qsizetype(i))});
        }
        if (kept.isEmpty())
            return {u"None"_s};
        if (kept.size() == 1) {
            PyType t = pyType(kept.front().first, kept.front().second, hint, fieldArgs, depth + 1);
            t.nullable = t.nullable || nullable || schemaTypes(schema).contains(u"null"_s);
            return t;
        }
        QStringList alternatives;
        bool forward = false, structured = false;
        for (qsizetype i = 0; i < kept.size(); ++i) {
            PyType t =
                pyType(kept[i].first, kept[i].second, hint + u"Option"_s + QString::number(i + 1), nullptr, depth + 1);
            nullable = nullable || t.nullable;
            forward = forward || t.forward;
            structured = structured || t.structured;
            if (!alternatives.contains(t.expr))
                alternatives.append(t.expr);
        }
        if (alternatives.contains(u"Any"_s))
            return {u"Any"_s, nullable};
        use(u"typing"_s, u"Union"_s);
        PyType t{alternatives.size() == 1 ? alternatives.front() : u"Union["_s + alternatives.join(u", "_s) + u']',
                 nullable,
                 forward,
                 {},
                 structured};
        return t;
    }

    if (o.contains(u"allOf")) {
        if (isObjectLike(schema) ||
            std::all_of(schema[u"allOf"].toArray().begin(), schema[u"allOf"].toArray().end(),
                        [&](const Json &m) { return isObjectLike(*m_document.resolveLocal(m, {}).first); })) {
            PyType t{hoistClass(schema, pointer, hint), schemaTypes(schema).contains(u"null"_s), false, u"object"_s,
                     true};
            return t;
        }
        const JsonArray &members = schema[u"allOf"].toArray();
        if (members.size() > 1)
            warn(u"allOf of non-object schemas: only the first member is enforced"_s, pointer);
        if (!members.empty())
            return pyType(members.front(), jsonpointer::append(jsonpointer::append(pointer, u"allOf"), 0), hint,
                          fieldArgs, depth + 1);
    }

    if (const Json *c = o.find(u"const")) {
        bool ok = false;
        PyType t = literal(JsonArray{*c}, pointer, &ok);
        if (ok)
            return t;
    }
    if (const Json &values = schema[u"enum"]; values.isArray()) {
        bool ok = false;
        PyType t = literal(values.toArray(), pointer, &ok);
        if (ok) {
            t.nullable = t.nullable || schemaTypes(schema).contains(u"null"_s);
            return t;
        }
    }

    QStringList types = schemaTypes(schema);
    const bool nullable = types.removeAll(u"null"_s) > 0;
    if (types.isEmpty()) {
        auto has = [&](std::initializer_list<QStringView> keys) {
            return std::any_of(keys.begin(), keys.end(), [&](QStringView k) { return o.contains(k); });
        };
        if (has({u"properties", u"additionalProperties", u"patternProperties", u"required", u"minProperties",
                 u"maxProperties"}))
            types = {u"object"_s};
        else if (has({u"items", u"prefixItems", u"minItems", u"maxItems", u"uniqueItems"}))
            types = {u"array"_s};
        else if (has({u"minLength", u"maxLength", u"pattern"}))
            types = {u"string"_s};
        else if (has({u"minimum", u"maximum", u"exclusiveMinimum", u"exclusiveMaximum", u"multipleOf"}))
            types = {u"number"_s};
    }
    if (types.isEmpty()) {
        PyType t = any();
        t.nullable = nullable;
        return t;
    }
    if (types.size() == 1) {
        PyType t = forJsonType(schema, types.front(), pointer, hint, fieldArgs, depth);
        t.nullable = t.nullable || nullable;
        return t;
    }
    QStringList alternatives;
    bool forward = false;
    for (const QString &type : std::as_const(types)) {
        const PyType t = forJsonType(schema, type, pointer, hint, nullptr, depth);
        forward = forward || t.forward;
        alternatives.append(t.expr);
    }
    use(u"typing"_s, u"Union"_s);
    return {u"Union["_s + alternatives.join(u", "_s) + u']', nullable, forward, {}};
}

FastApiGenerator::PyType FastApiGenerator::forJsonType(const Json &schema, const QString &type, const QString &pointer,
                                                       const QString &hint, FieldArgs *fieldArgs, int depth)
{
    PyType base;
    base.jsonType = type;
    if (type == u"string") {
        static const QHash<QString, std::pair<QString, QString>> formats = {
            {u"date-time"_s, {u"datetime"_s, u"datetime"_s}}, {u"date"_s, {u"datetime"_s, u"date"_s}},
            {u"time"_s, {u"datetime"_s, u"time"_s}},          {u"uuid"_s, {u"uuid"_s, u"UUID"_s}},
            {u"ipv4"_s, {u"ipaddress"_s, u"IPv4Address"_s}},  {u"ipv6"_s, {u"ipaddress"_s, u"IPv6Address"_s}}};
        const auto format = formats.constFind(schema[u"format"].toString());
        if (format != formats.cend()) {
            use(format->first, format->second);
            base.expr = format->second;
            base.jsonType = u"format"_s; // string constraints do not apply to the parsed value
            const JsonObject &o = schema.toObject();
            if (o.contains(u"minLength") || o.contains(u"maxLength") || o.contains(u"pattern"))
                warn(u"length and pattern of a \"%1\" string are not checked by Pydantic"_s.arg(format.key()), pointer);
            return base;
        }
        base.expr = u"str"_s;
    } else if (type == u"integer") {
        base.expr = u"int"_s;
    } else if (type == u"number") {
        base.expr = u"float"_s;
    } else if (type == u"boolean") {
        base.expr = u"bool"_s;
    } else if (type == u"array") {
        const Json &items = schema[u"items"];
        if (schema.toObject().contains(u"prefixItems") || items.isArray()) {
            warn(u"tuple schemas (prefixItems) are typed as a list of Any"_s, pointer);
            use(u"typing"_s, u"List"_s);
            base.expr = u"List["_s + any().expr + u']';
        } else {
            const PyType item =
                schema.toObject().contains(u"items")
                    ? pyType(items, jsonpointer::append(pointer, u"items"), hint + u"Item"_s, nullptr, depth + 1)
                    : any();
            use(u"typing"_s, u"List"_s);
            base.expr = u"List["_s + optional(item) + u']';
            base.forward = item.forward;
            base.structured = item.structured;
        }
    } else if (type == u"object") {
        base.structured = true;
        if (isObjectLike(schema)) {
            base.expr = hoistClass(schema, pointer, hint);
            return constrained(base, schema, pointer, fieldArgs);
        }
        if (schema.toObject().contains(u"patternProperties"))
            warn(u"patternProperties are not checked by Pydantic; typed as a dict"_s, pointer);
        const Json &additional = schema[u"additionalProperties"];
        const PyType value = additional.isObject()
                                 ? pyType(additional, jsonpointer::append(pointer, u"additionalProperties"),
                                          hint + u"Value"_s, nullptr, depth + 1)
                                 : any();
        use(u"typing"_s, u"Dict"_s);
        base.expr = u"Dict[str, "_s + optional(value) + u']';
        base.forward = value.forward;
    } else {
        warn(u"unknown type \"%1\"; typed Any"_s.arg(type), pointer);
        return any();
    }
    return constrained(base, schema, pointer, fieldArgs);
}

FastApiGenerator::PyType FastApiGenerator::constrained(PyType base, const Json &schema, const QString &pointer,
                                                       FieldArgs *fieldArgs)
{
    const JsonObject &o = schema.toObject();
    QStringList args;
    QList<Check> checks;
    const QString &type = base.jsonType;
    auto number = [&](QStringView key) { return pyNumber(schema[key]); };
    if (type == u"string") {
        if (schema[u"minLength"].isNumber())
            args.append(u"min_length="_s + number(u"minLength"));
        if (schema[u"maxLength"].isNumber())
            args.append(u"max_length="_s + number(u"maxLength"));
        if (schema[u"pattern"].isString()) {
            QString pattern = pythonRegex(schema[u"pattern"].toString());
            if (pattern.contains(u"\\p"_s) || pattern.contains(u"\\P"_s))
                warn(u"Python's re has no Unicode property escapes (\\p{...}); the pattern may not compile"_s, pointer);
            // Pydantic 1 anchors patterns at the start (re.match); JSON Schema searches anywhere.
            if (m_v1 && !pattern.startsWith(u'^'))
                pattern = u"^(?s:.*?)(?:"_s + pattern + u')';
            args.append((m_v1 ? u"regex="_s : u"pattern="_s) + pyPattern(pattern));
        }
    } else if (type == u"integer" || type == u"number") {
        // OpenAPI 3.0 spells exclusive bounds as booleans next to minimum/maximum.
        const bool exclusiveMin = schema[u"exclusiveMinimum"].toBool(false);
        const bool exclusiveMax = schema[u"exclusiveMaximum"].toBool(false);
        if (schema[u"minimum"].isNumber())
            args.append((exclusiveMin ? u"gt="_s : u"ge="_s) + number(u"minimum"));
        if (schema[u"exclusiveMinimum"].isNumber())
            args.append(u"gt="_s + number(u"exclusiveMinimum"));
        if (schema[u"maximum"].isNumber())
            args.append((exclusiveMax ? u"lt="_s : u"le="_s) + number(u"maximum"));
        if (schema[u"exclusiveMaximum"].isNumber())
            args.append(u"lt="_s + number(u"exclusiveMaximum"));
        if (schema[u"multipleOf"].isNumber())
            args.append(u"multiple_of="_s + number(u"multipleOf"));
    } else if (type == u"array") {
        const bool unique = schema[u"uniqueItems"].toBool();
        const Json &minItems = schema[u"minItems"], &maxItems = schema[u"maxItems"];
        // Pydantic 1 cannot apply list constraints to a model that is not defined yet: check in a validator.
        if (m_v1 && !base.forward) {
            if (minItems.isNumber())
                args.append(u"min_items="_s + number(u"minItems"));
            if (maxItems.isNumber())
                args.append(u"max_items="_s + number(u"maxItems"));
            if (unique)
                args.append(u"unique_items=True"_s);
        } else if (!m_v1) {
            if (minItems.isNumber())
                args.append(u"min_length="_s + number(u"minItems"));
            if (maxItems.isNumber())
                args.append(u"max_length="_s + number(u"maxItems"));
        }
        if (m_v1 && base.forward && (minItems.isNumber() || maxItems.isNumber()))
            checks.append(
                {u"check_size(value, %1, %2, \"items\")"_s.arg(minItems.isNumber() ? number(u"minItems") : u"None"_s,
                                                               maxItems.isNumber() ? number(u"maxItems") : u"None"_s)});
        if (unique && (!m_v1 || base.forward))
            checks.append({u"unique_items(value)"_s});
    } else if (type == u"object") {
        const Json &minimum = schema[u"minProperties"], &maximum = schema[u"maxProperties"];
        const bool isClass = m_classes.contains(base.expr);
        if (!isClass && (minimum.isNumber() || maximum.isNumber())) {
            if (!m_v1) {
                if (minimum.isNumber())
                    args.append(u"min_length="_s + number(u"minProperties"));
                if (maximum.isNumber())
                    args.append(u"max_length="_s + number(u"maxProperties"));
            } else {
                checks.append({u"check_size(value, %1, %2, \"properties\")"_s.arg(
                    minimum.isNumber() ? number(u"minProperties") : u"None"_s,
                    maximum.isNumber() ? number(u"maxProperties") : u"None"_s)});
            }
        }
    }
    if (o.contains(u"not") || o.contains(u"if") || o.contains(u"dependentRequired") ||
        o.contains(u"dependentSchemas") || o.contains(u"contains") || o.contains(u"propertyNames"))
        warn(u"not/if/contains/propertyNames/dependent* are not checked by the generated models"_s, pointer);

    if (fieldArgs) {
        fieldArgs->args.append(args);
        fieldArgs->checks.append(checks);
        return base;
    }
    if (args.isEmpty() && checks.isEmpty())
        return base;
    if (m_v1) {
        if (!checks.isEmpty()) {
            warn(u"this nested constraint needs a validator that Pydantic 1 cannot attach here; not checked"_s,
                 pointer);
            if (args.isEmpty())
                return base;
        }
        static const QHash<QString, QString> functions = {
            {u"str"_s, u"constr"_s}, {u"int"_s, u"conint"_s}, {u"float"_s, u"confloat"_s}};
        if (functions.contains(base.expr)) {
            use(u"pydantic"_s, functions.value(base.expr));
            base.expr = functions.value(base.expr) + u'(' + args.join(u", "_s) + u')';
        } else if (type == u"array") {
            use(u"pydantic"_s, u"conlist"_s);
            base.expr = u"conlist("_s + base.expr.mid(5, base.expr.size() - 6) + u", "_s + args.join(u", "_s) + u')';
        } else {
            warn(u"constraints on this nested value are not checked by Pydantic 1"_s, pointer);
        }
        return base;
    }
    use(u"typing"_s, u"Annotated"_s);
    QStringList metadata;
    if (!args.isEmpty()) {
        use(u"pydantic"_s, u"Field"_s);
        metadata.append(u"Field("_s + args.join(u", "_s) + u')');
    }
    for (const Check &c : std::as_const(checks)) {
        if (c.call.startsWith(u"unique_items")) {
            use(u"pydantic"_s, u"AfterValidator"_s);
            if (m_inRouter)
                use(u"models"_s, u"unique_items"_s);
            m_needsUnique = true;
            metadata.append(u"AfterValidator(unique_items)"_s);
        }
    }
    base.expr = u"Annotated["_s + base.expr + u", "_s + metadata.join(u", "_s) + u']';
    return base;
}

void FastApiGenerator::mergeShape(const Json &schema, const QString &pointer, ClassShape *shape, int depth)
{
    if (depth > 32)
        return;
    const JsonArray &allOf = schema[u"allOf"].toArray();
    for (size_t i = 0; i < allOf.size(); ++i) {
        const Json &member = allOf[i];
        const QString at = jsonpointer::append(jsonpointer::append(pointer, u"allOf"), qsizetype(i));
        if (const auto model = modelReference(member); model && m_definitionIndex.contains(*model)) {
            const Definition &d = m_definitions[m_definitionIndex.value(*model)];
            if (d.kind == Kind::Class && (m_defined.contains(d.identifier) || m_inRouter)) {
                if (m_inRouter)
                    use(u"models"_s, d.identifier);
                if (!shape->bases.contains(d.identifier))
                    shape->bases.append(d.identifier);
                continue;
            }
            // A base that is not written yet (a cycle) or not a class: copy its properties instead.
            mergeShape(m_document.modelSchema(*model), ApiDocument::modelPointer(*model), shape, depth + 1);
            continue;
        }
        const auto [resolved, resolvedAt] = m_document.resolveLocal(member, at);
        mergeShape(*resolved, resolvedAt, shape, depth + 1);
    }
    for (const auto &[name, property] : schema[u"properties"].toObject()) {
        const auto same = std::find_if(shape->properties.begin(), shape->properties.end(),
                                       [&name = name](const auto &p) { return std::get<0>(p) == name; });
        const QString at = jsonpointer::append(jsonpointer::append(pointer, u"properties"), name);
        if (same != shape->properties.end())
            *same = {name, property, at};
        else
            shape->properties.append({name, property, at});
    }
    for (const Json &r : schema[u"required"].toArray())
        shape->required.insert(r.toString());
    const Json &additional = schema[u"additionalProperties"];
    if (additional.isBool() && !additional.toBool())
        shape->forbidExtra = true;
    if (additional.isObject())
        warn(u"typed additionalProperties next to properties are allowed but not validated"_s, pointer);
    if (schema[u"minProperties"].isNumber())
        shape->minProperties = schema[u"minProperties"].toInteger();
    if (schema[u"maxProperties"].isNumber())
        shape->maxProperties = schema[u"maxProperties"].toInteger();
}

QString FastApiGenerator::hoistClass(const Json &schema, const QString &pointer, const QString &hint)
{
    QString wanted = pascalCase(hint);
    wanted = sanitized(wanted);
    if (wanted.isEmpty() || !wanted.front().isLetter())
        wanted = u"Model"_s + wanted;
    const QString identifier = m_modelNames.claim(wanted);
    m_classes.insert(identifier);
    const bool wasInRouter = m_inRouter;
    Imports *imports = m_imports;
    // The class goes to models.py whoever asks for it.
    m_inRouter = false;
    m_imports = &m_modelImports;
    const QSet<QString> defined = m_defined;
    if (wasInRouter) {
        for (const Definition &d : std::as_const(m_definitions))
            m_defined.insert(d.identifier);
    }
    const QString text = classText(identifier, schema, pointer);
    m_defined = defined;
    m_inRouter = wasInRouter;
    m_imports = imports;
    m_hoisted.append(text);
    m_defined.insert(identifier);
    if (m_inRouter)
        use(u"models"_s, identifier);
    return identifier;
}

QString FastApiGenerator::classText(const QString &identifier, const Json &schema, const QString &pointer)
{
    ClassShape shape;
    mergeShape(schema, pointer, &shape, 0);
    use(u"pydantic"_s, u"Field"_s);
    QString out = u"class "_s + identifier + u'(' +
                  (shape.bases.isEmpty() ? u"ApiModel"_s : shape.bases.join(u", "_s)) + u"):\n"_s;
    QString body;
    const QString description = schema[u"description"].toString();
    if (!description.trimmed().isEmpty())
        body += pyDocstring(description, 4) + u'\n';
    if (shape.forbidExtra) {
        if (m_v1) {
            use(u"pydantic"_s, u"Extra"_s);
            body += u"    class Config:\n        extra = Extra.forbid\n\n"_s;
        } else {
            use(u"pydantic"_s, u"ConfigDict"_s);
            body += u"    model_config = ConfigDict(extra=\"forbid\")\n\n"_s;
        }
    }
    NameRegistry fields(pythonKeywords() + modelModuleNames() + baseModelAttributes() + m_defined);
    QStringList validators;
    NameRegistry validatorNames;
    QString fieldLines;
    for (const auto &[name, property, at] : shape.properties) {
        QString wanted = name;
        if (!isPythonIdentifier(wanted) || wanted.startsWith(u'_') || wanted.startsWith(u"model_"))
            wanted = sanitized(name).toLower() == sanitized(name) ? sanitized(name) : snakeCase(name);
        if (wanted.isEmpty() || wanted.front().isDigit())
            wanted = u"field_"_s + wanted;
        if (fields.isTaken(wanted) && !wanted.endsWith(u'_'))
            wanted += u'_';
        const QString field = fields.claim(wanted);
        FieldArgs args;
        const PyType t = pyType(property, at, identifier + pascalCase(name), &args, 0);
        const bool required = shape.required.contains(name);
        const Json *defaultValue = property.toObject().find(u"default");
        const bool nonNullDefault = defaultValue && !defaultValue->isNull();
        PyType annotation = t;
        annotation.nullable = t.nullable || (!required && !nonNullDefault);
        QStringList fieldArgs{required ? u"..."_s : defaultValue ? pyLiteral(*defaultValue, 8) : u"None"_s};
        if (field != name)
            fieldArgs.append(u"alias="_s + pyString(name));
        fieldArgs.append(args.args);
        if (const QString d = property[u"description"].toString(); !d.trimmed().isEmpty())
            fieldArgs.append(u"description="_s + pyString(d.trimmed()));
        const QString prefix = field + u": "_s + optional(annotation);
        if (fieldArgs.size() == 1)
            fieldLines += u"    "_s + prefix + (required ? QString() : u" = "_s + fieldArgs.front()) + u'\n';
        else
            fieldLines += pyCall(prefix + u" = "_s, u"Field"_s, fieldArgs, 4) + u'\n';
        if (!args.checks.isEmpty()) {
            QStringList calls;
            for (const Check &c : std::as_const(args.checks)) {
                calls.append(c.call);
                (c.call.startsWith(u"unique") ? m_needsUnique : m_needsSize) = true;
            }
            QString v = m_v1 ? u"    @validator(%1)\n"_s.arg(pyString(field))
                             : u"    @field_validator(%1)\n    @classmethod\n"_s.arg(pyString(field));
            use(u"pydantic"_s, m_v1 ? u"validator"_s : u"field_validator"_s);
            v += u"    def "_s + validatorNames.claim(u"_check_"_s + field) + u"(cls, value):\n"_s;
            for (qsizetype i = 0; i + 1 < calls.size(); ++i)
                v += u"        "_s + calls[i] + u'\n';
            v += u"        return "_s + calls.last() + u'\n';
            validators.append(v);
        }
    }
    if (shape.minProperties || shape.maxProperties) {
        m_needsSize = true;
        const QString call = u"check_size(values, %1, %2, \"properties\")"_s.arg(
            shape.minProperties ? QString::number(*shape.minProperties) : u"None"_s,
            shape.maxProperties ? QString::number(*shape.maxProperties) : u"None"_s);
        if (m_v1) {
            use(u"pydantic"_s, u"root_validator"_s);
            validators.append(
                u"    @root_validator(pre=True)\n    def _check_properties(cls, values):\n        return "_s + call +
                u'\n');
        } else {
            use(u"pydantic"_s, u"model_validator"_s);
            validators.append(u"    @model_validator(mode=\"before\")\n    @classmethod\n"_s
                              u"    def _check_properties(cls, values):\n        return "_s +
                              call + u" if isinstance(values, dict) else values\n"_s);
        }
    }
    body += fieldLines;
    for (const QString &v : std::as_const(validators))
        body += (body.isEmpty() ? QString() : u"\n"_s) + v;
    if (body.isEmpty())
        body = u"    pass\n"_s;
    while (body.endsWith(u"\n\n"_s))
        body.chop(1);
    return out + body;
}

QString FastApiGenerator::definitionText(const Definition &d)
{
    const Json schema = m_document.modelSchema(d.name);
    const QString pointer = ApiDocument::modelPointer(d.name);
    const QString description = schema[u"description"].toString().trimmed();
    switch (d.kind) {
    case Kind::Class:
        m_classes.insert(d.identifier);
        return classText(d.identifier, schema, pointer);
    case Kind::Enum: {
        use(u"enum"_s, u"Enum"_s);
        QString out = u"class "_s + d.identifier + u"(str, Enum):\n"_s;
        if (!description.isEmpty())
            out += pyDocstring(description, 4) + u'\n';
        NameRegistry members(pythonKeywords() + QSet<QString>{u"mro"_s});
        for (const Json &v : schema[u"enum"].toArray()) {
            QString wanted = sanitized(v.toString());
            if (wanted.isEmpty())
                wanted = u"empty"_s;
            if (wanted.front().isDigit())
                wanted = u"v_"_s + wanted;
            if (pythonKeywords().contains(wanted) || wanted == u"mro")
                wanted += u'_';
            out += u"    "_s + members.claim(wanted) + u" = "_s + pyString(v.toString()) + u'\n';
        }
        return out;
    }
    case Kind::Alias: {
        PyType t = pyType(schema, pointer, d.identifier, nullptr, 0);
        m_definitions[m_definitionIndex.value(d.name)].structured = t.structured;
        QString expr = optional(t);
        if (t.forward && !t.expr.contains(u'[')) {
            warn(u"\"%1\" is an alias of a model in a reference cycle; typed Any"_s.arg(d.name), pointer);
            expr = any().expr;
        }
        QString out;
        if (!description.isEmpty()) {
            for (const QString &line : description.split(u'\n'))
                out += QString(u"# "_s + line).trimmed() + u'\n';
        }
        return out + d.identifier + u" = "_s + expr + u'\n';
    }
    }
    return {};
}

QString FastApiGenerator::modelsFile()
{
    QStringList blocks;
    for (const QString &name : modelOrder()) {
        const Definition &d = m_definitions[m_definitionIndex.value(name)];
        const QString text = definitionText(d);
        blocks.append(m_hoisted);
        m_hoisted.clear();
        blocks.append(text);
        m_defined.insert(d.identifier);
    }
    return blocks.join(u"\n\n"_s);
}

QString FastApiGenerator::handler(const ApiEndpoint &e, NameRegistry *functions)
{
    const QString opName = operationName(e);
    QString wanted = snakeCase(opName);
    wanted = sanitized(wanted);
    if (wanted.isEmpty() || wanted.front().isDigit())
        wanted = e.method + u'_' + wanted;
    const QString function = functions->claim(pythonKeywords().contains(wanted) ? wanted + u'_' : wanted);
    const QString typeHint = pascalCase(opName);

    use(u"fastapi"_s, u"APIRouter"_s);
    QStringList parameters;
    NameRegistry names(pythonKeywords());
    QString path = e.path;
    QStringList notes;
    for (const ApiParameter &p : e.parameters) {
        static const QHash<QString, QString> kinds = {
            {u"path"_s, u"Path"_s}, {u"query"_s, u"Query"_s}, {u"header"_s, u"Header"_s}, {u"cookie"_s, u"Cookie"_s}};
        if (!kinds.contains(p.in))
            continue;
        const QString pointer = p.pointer + u"/schema"_s;
        QString python = isPythonIdentifier(p.name) && !p.name.startsWith(u'_') ? p.name : snakeCase(p.name);
        if (python.isEmpty() || python.front().isDigit())
            python = u"param_"_s + python;
        python = names.claim(names.isTaken(python) || pythonKeywords().contains(python) ? python + u'_' : python);
        if (p.in == u"path" && !isPythonIdentifier(p.name)) {
            // Starlette's path converters need identifiers: rename the template variable instead of aliasing.
            path.replace(u'{' + p.name + u'}', u'{' + python + u'}');
        }
        const Json &raw = parameterObject(p, m_document);
        FieldArgs args;
        PyType t = pyType(parameterSchema(p, m_document), pointer, typeHint + pascalCase(p.name), &args, 0);
        const QString style = raw[u"style"].toString();
        const bool explode = raw[u"explode"].toBool(style.isEmpty() || style == u"form");
        const bool listAllowed = (p.in == u"query" && explode) || p.in == u"header";
        if (t.jsonType == u"object" || (t.jsonType == u"array" && (!listAllowed || t.structured)) ||
            (t.jsonType != u"array" && t.structured)) {
            warn(u"parameter \"%1\" (%2 in %3) is taken as a plain string; parse it in the handler"_s.arg(
                     p.name, t.jsonType, p.in),
                 p.pointer);
            t = {u"str"_s, t.nullable, false, u"string"_s};
            args = {};
        }
        if (!args.checks.isEmpty())
            warn(u"uniqueItems/size checks on parameter \"%1\" are not enforced"_s.arg(p.name), p.pointer);
        const Json *defaultValue = parameterSchema(p, m_document).toObject().find(u"default");
        const bool nonNullDefault = defaultValue && !defaultValue->isNull();
        PyType annotation = t;
        annotation.nullable = t.nullable || (!p.required && !nonNullDefault);
        QStringList callArgs{p.required ? u"..."_s : (defaultValue ? pyLiteral(*defaultValue, 8) : u"None"_s)};
        const bool alias = python != p.name && !(p.in == u"path" && !isPythonIdentifier(p.name));
        if (alias || p.in == u"header")
            callArgs.append(u"alias="_s + pyString(p.name));
        callArgs.append(args.args);
        if (!p.description.trimmed().isEmpty())
            callArgs.append(u"description="_s + pyString(p.description.trimmed()));
        if (p.deprecated)
            callArgs.append(u"deprecated=True"_s);
        use(u"fastapi"_s, kinds.value(p.in));
        parameters.append(pyCall(python + u": "_s + optional(annotation) + u" = "_s, kinds.value(p.in), callArgs, 4));
    }

    // Starlette refuses a template naming a variable twice; later occurrences get their own parameter.
    QSet<QString> seen;
    for (qsizetype at = path.indexOf(u'{'); at >= 0; at = path.indexOf(u'{', at + 1)) {
        const qsizetype end = path.indexOf(u'}', at);
        if (end < 0)
            break;
        const QString name = path.mid(at + 1, end - at - 1);
        if (!seen.contains(name)) {
            seen.insert(name);
            continue;
        }
        const QString again = names.claim(sanitized(name) + u"_again"_s);
        path.replace(at, end - at + 1, u'{' + again + u'}');
        use(u"fastapi"_s, u"Path"_s);
        parameters.append(u"    "_s + again + u": str = Path(...)"_s);
        warn(u"path parameter \"%1\" appears twice in the template; the second is \"%2\""_s.arg(name, again),
             e.pointer);
    }

    std::optional<ApiMediaType> bodyMedia;
    if (e.requestBody && !e.requestBody->content.isEmpty()) {
        bodyMedia = e.requestBody->content.front();
        for (const ApiMediaType &m : e.requestBody->content) {
            if (isJsonMediaType(m.name)) {
                bodyMedia = m;
                break;
            }
        }
    }
    if (bodyMedia && isJsonMediaType(bodyMedia->name) && !bodyMedia->schema.isNull()) {
        FieldArgs args;
        const PyType t =
            pyType(bodyMedia->schema, bodyMedia->pointer + u"/schema"_s, typeHint + u"Request"_s, &args, 0);
        if (!args.checks.isEmpty())
            warn(u"uniqueItems/size checks on the request body are not enforced"_s, bodyMedia->pointer);
        const bool required = e.requestBody->required;
        const QString name = names.claim(names.isTaken(u"body"_s) ? u"payload"_s : u"body"_s);
        PyType annotation = t;
        annotation.nullable = t.nullable || !required;
        if (m_classes.contains(t.expr) && args.args.isEmpty()) {
            // Without a default it must come before the parameters that have one.
            const QString line =
                u"    "_s + name + u": "_s + optional(annotation) + (required ? QString() : u" = None"_s);
            if (required)
                parameters.prepend(line);
            else
                parameters.append(line);
        } else {
            use(u"fastapi"_s, u"Body"_s);
            QStringList callArgs{required ? u"..."_s : u"None"_s};
            callArgs.append(args.args);
            parameters.append(pyCall(name + u": "_s + optional(annotation) + u" = "_s, u"Body"_s, callArgs, 4));
        }
    } else if (bodyMedia) {
        use(u"fastapi"_s, u"Request"_s);
        parameters.prepend(u"    "_s + names.claim(u"request"_s) + u": Request"_s);
        notes.append(u"The %1 body is not validated: read it with `await request.body()`."_s.arg(bodyMedia->name));
        warn(u"request body %1 is not validated by the generated handler"_s.arg(bodyMedia->name), bodyMedia->pointer);
    }

    // The success response: the first 2xx, else `default`, else the first status the document lists.
    const ApiResponse *success = nullptr;
    for (const ApiResponse &r : e.responses) {
        if (r.status.startsWith(u'2')) {
            success = &r;
            break;
        }
    }
    for (const ApiResponse &r : e.responses) {
        if (!success && r.status == u"default")
            success = &r;
    }
    for (const ApiResponse &r : e.responses) {
        if (!success && !r.status.startsWith(u'1'))
            success = &r;
    }
    bool numeric = false;
    int status = success ? success->status.toInt(&numeric) : 200;
    if (!numeric)
        status = success && success->status.size() == 3 && success->status.front().isDigit()
                     ? success->status.left(1).toInt() * 100
                     : 200;

    QStringList decorator{pyString(path)};
    QString returnStatement;
    std::optional<ApiMediaType> media;
    if (success && !success->content.isEmpty()) {
        media = success->content.front();
        for (const ApiMediaType &m : success->content) {
            if (isJsonMediaType(m.name)) {
                media = m;
                break;
            }
        }
    }
    if (media && isJsonMediaType(media->name)) {
        const PyType t = media->schema.isNull() ? any()
                                                : pyType(media->schema, media->pointer + u"/schema"_s,
                                                         typeHint + u"Response"_s, nullptr, 0);
        if (t.expr != u"Any")
            decorator.append(u"response_model="_s + optional(t));
        decorator.append(u"status_code="_s + QString::number(status));
        if (t.expr != u"Any")
            decorator.append(u"response_model_exclude_unset=True"_s);
        const std::optional<Json> example = firstExample(*media, m_document);
        const Json value = example ? *example : m_generator.generate(media->schema, 0);
        returnStatement = u"    return "_s + pyLiteral(value, 4, 11) + u'\n';
    } else if (media) {
        use(u"fastapi"_s, u"Response"_s);
        decorator.append(u"status_code="_s + QString::number(status));
        decorator.append(u"response_class=Response"_s);
        const std::optional<Json> example = firstExample(*media, m_document);
        const Json value = example ? *example : m_generator.generate(media->schema, 0);
        const QString content = value.isString() ? value.toString() : QString::fromUtf8(toJson(value));
        returnStatement = pyCall(u"return "_s, u"Response"_s,
                                 {u"content="_s + pyString(content), u"media_type="_s + pyString(media->name),
                                  u"status_code="_s + QString::number(status)},
                                 4) +
                          u'\n';
    } else {
        use(u"fastapi"_s, u"Response"_s);
        decorator.append(u"status_code="_s + QString::number(status));
        decorator.append(u"response_class=Response"_s);
        returnStatement = u"    return Response(status_code="_s + QString::number(status) + u")\n"_s;
    }
    if (e.tags.size() > 1) {
        QStringList extra;
        for (qsizetype i = 1; i < e.tags.size(); ++i)
            extra.append(pyString(e.tags[i]));
        decorator.append(u"tags=["_s + extra.join(u", "_s) + u']');
    }
    if (!e.summary.trimmed().isEmpty())
        decorator.append(u"summary="_s + pyString(e.summary.trimmed()));
    if (!e.operationId.isEmpty())
        decorator.append(u"operation_id="_s + pyString(e.operationId));
    if (e.deprecated)
        decorator.append(u"deprecated=True"_s);
    QStringList others;
    for (const ApiResponse &r : e.responses) {
        if (&r == success)
            continue;
        bool isNumber = false;
        const int code = r.status.toInt(&isNumber);
        QStringList entry;
        for (const ApiMediaType &m : r.content) {
            if (isJsonMediaType(m.name)) {
                if (const auto model = modelReference(m.schema); model && m_definitionIndex.contains(*model)) {
                    const Definition &d = m_definitions[m_definitionIndex.value(*model)];
                    if (d.kind == Kind::Class) {
                        use(u"models"_s, d.identifier);
                        entry.append(u"\"model\": "_s + d.identifier);
                    }
                }
                break;
            }
        }
        if (!r.description.trimmed().isEmpty())
            entry.append(u"\"description\": "_s + pyString(r.description.trimmed()));
        others.append((isNumber ? QString::number(code) : pyString(r.status)) + u": {"_s + entry.join(u", "_s) + u'}');
    }
    if (!others.isEmpty())
        decorator.append(u"responses="_s + pyDict(others, 4, 14));

    QString out = u"@router."_s + e.method + u"(\n"_s;
    for (const QString &a : std::as_const(decorator))
        out += u"    "_s + a + u",\n"_s;
    out += u")\n"_s;
    if (parameters.isEmpty()) {
        out += u"async def "_s + function + u"():\n"_s;
    } else {
        out += u"async def "_s + function + u"(\n"_s;
        for (const QString &p : std::as_const(parameters))
            out += p + u",\n"_s;
        out += u"):\n"_s;
    }
    QString doc = e.description.trimmed();
    for (const QString &n : std::as_const(notes))
        doc += (doc.isEmpty() ? QString() : u"\n\n"_s) + n;
    if (!doc.isEmpty())
        out += pyDocstring(doc, 4);
    return out + returnStatement;
}

GeneratedFiles FastApiGenerator::run()
{
    classifyModels();
    const QString models = modelsFile();
    const bool forwardInModels = m_anyForward;

    // Routers: one module per first tag, in the order the document lists its tags.
    QStringList tagOrder;
    for (const ApiTag &t : m_document.tags())
        tagOrder.append(t.name);
    const QList<ApiEndpoint> endpoints = m_document.endpoints();
    for (const ApiEndpoint &e : endpoints) {
        if (!e.tags.isEmpty() && !tagOrder.contains(e.tags.front()))
            tagOrder.append(e.tags.front());
    }
    // Router modules live in the routers package, so only the names main.py binds itself are off limits.
    NameRegistry moduleNames({u"app"_s, u"FastAPI"_s});
    struct Router
    {
        QString tag;
        QString module;
        Imports imports;
        QStringList handlers;
        NameRegistry functions;
    };
    std::vector<Router> routers;
    auto routerIndex = [&](const QString &tag) -> size_t {
        for (size_t i = 0; i < routers.size(); ++i) {
            if (routers[i].tag == tag)
                return i;
        }
        QString wanted = snakeCase(tag.isEmpty() ? u"default"_s : tag);
        wanted = sanitized(wanted).toLower();
        if (wanted.isEmpty() || wanted.front().isDigit())
            wanted = u"tag_"_s + wanted;
        if (pythonKeywords().contains(wanted))
            wanted += u'_';
        routers.push_back(
            {tag, moduleNames.claim(wanted), {}, {}, NameRegistry(pythonKeywords() + modelModuleNames())});
        return routers.size() - 1;
    };
    for (const QString &tag : std::as_const(tagOrder)) {
        if (std::any_of(endpoints.begin(), endpoints.end(),
                        [&](const ApiEndpoint &e) { return !e.tags.isEmpty() && e.tags.front() == tag; }))
            routerIndex(tag);
    }
    m_inRouter = true;
    for (const ApiEndpoint &e : endpoints) {
        Router &router = routers[routerIndex(e.tags.isEmpty() ? QString() : e.tags.front())];
        m_imports = &router.imports;
        router.handlers.append(handler(e, &router.functions));
        m_operationModels.append(m_hoisted);
        m_hoisted.clear();
    }
    m_inRouter = false;
    m_imports = &m_modelImports;

    GeneratedFiles files;
    const ApiInfo info = m_document.info();
    const QString title = info.title.isEmpty() ? u"API"_s : info.title;

    // models.py
    QString header = pyDocstring(u"Pydantic %1 models of \"%2\", generated by Portico from components.schemas."_s.arg(
                                     m_v1 ? u"1"_s : u"2"_s, title),
                                 0);
    use(u"pydantic"_s, u"BaseModel"_s);
    QString base =
        u"class ApiModel(BaseModel):\n    \"\"\"Base of every model: settings shared by all of them.\"\"\"\n\n"_s;
    if (m_v1) {
        // Without smart_union, Pydantic 1 coerces to the first member of a Union that accepts the value.
        base += u"    class Config:\n        smart_union = True\n"_s;
    } else {
        use(u"pydantic"_s, u"ConfigDict"_s);
        // Python's re understands the ECMA-262 patterns of JSON Schema (look-arounds) where Rust's regex does not;
        // fields named model_* are common in APIs and harmless here.
        base += u"    model_config = ConfigDict(regex_engine=\"python-re\", protected_namespaces=())\n"_s;
    }
    QStringList helpers;
    if (m_needsSize)
        helpers.append(
            u"def check_size(value, minimum, maximum, what):\n"_s
            u"    \"\"\"minItems/maxItems/minProperties/maxProperties where Pydantic has no field constraint.\"\"\"\n"_s
            u"    if isinstance(value, (list, dict)):\n"_s
            u"        if minimum is not None and len(value) < minimum:\n"_s
            u"            raise ValueError(f\"should have at least {minimum} {what}\")\n"_s
            u"        if maximum is not None and len(value) > maximum:\n"_s
            u"            raise ValueError(f\"should have at most {maximum} {what}\")\n"_s
            u"    return value\n"_s);
    if (m_needsUnique)
        helpers.append(u"def unique_items(value):\n"_s
                       u"    \"\"\"JSON Schema's uniqueItems.\"\"\"\n"_s
                       u"    if isinstance(value, list):\n"_s
                       u"        for index, item in enumerate(value):\n"_s
                       u"            if item in value[:index]:\n"_s
                       u"                raise ValueError(\"should have unique items\")\n"_s
                       u"    return value\n"_s);
    QStringList blocks{base};
    blocks.append(helpers);
    if (!models.isEmpty())
        blocks.append(models);
    if (!m_operationModels.isEmpty())
        blocks.append(u"# Inline schemas of operations.\n\n\n"_s + m_operationModels.join(u"\n\n"_s));
    QString rebuild;
    if (forwardInModels || m_anyForward) {
        rebuild = u"# Resolve the forward references of recursive models.\n"_s;
        QStringList classes(m_classes.cbegin(), m_classes.cend());
        std::sort(classes.begin(), classes.end());
        for (const QString &c : std::as_const(classes))
            rebuild += c + (m_v1 ? u".update_forward_refs()\n"_s : u".model_rebuild()\n"_s);
        blocks.append(rebuild);
    }
    QString modelsPy = header + u'\n' + m_modelImports.render() + u"\n\n"_s + blocks.join(u"\n\n"_s);
    files.insert(u"models.py"_s, modelsPy.toUtf8());

    // routers/
    files.insert(u"routers/__init__.py"_s, QByteArray("\"\"\"One module per tag of the API document.\"\"\"\n"));
    QStringList includes, modules;
    for (Router &router : routers) {
        QString text = pyDocstring(
            router.tag.isEmpty() ? u"Operations without a tag."_s : u"Operations tagged \"%1\"."_s.arg(router.tag), 0);
        text += u'\n' + router.imports.render() + u"\n"_s;
        text += router.tag.isEmpty() ? u"router = APIRouter()\n"_s
                                     : u"router = APIRouter(tags=["_s + pyString(router.tag) + u"])\n"_s;
        for (const QString &h : std::as_const(router.handlers))
            text += u"\n\n"_s + h;
        files.insert(u"routers/"_s + router.module + u".py"_s, text.toUtf8());
        modules.append(router.module);
        includes.append(u"app.include_router("_s + router.module + u".router)"_s);
    }

    // main.py
    QString main = pyDocstring(u"%1 %2: a FastAPI application generated by Portico from the API design.\n\n"_s
                               u"Run it with: uvicorn main:app --reload"_s.arg(title, info.version),
                               0);
    main += u"\nfrom fastapi import FastAPI\n"_s;
    if (!modules.isEmpty()) {
        QStringList sorted = modules;
        std::sort(sorted.begin(), sorted.end());
        main += u'\n' + importLine(u"routers"_s, sorted) + u'\n';
    }
    QStringList appArgs{u"title="_s + pyString(title)};
    if (!info.version.isEmpty())
        appArgs.append(u"version="_s + pyString(info.version));
    if (!m_v1 && !info.summary.trimmed().isEmpty()) // FastAPI() takes a summary since 0.99
        appArgs.append(u"summary="_s + pyString(info.summary.trimmed()));
    if (!info.description.trimmed().isEmpty())
        appArgs.append(u"description="_s + pyString(info.description.trimmed()));
    QStringList tags;
    for (const ApiTag &t : m_document.tags())
        tags.append(u"{\"name\": "_s + pyString(t.name) + u", \"description\": "_s + pyString(t.description) + u'}');
    if (!tags.isEmpty()) {
        QString list = u"openapi_tags=["_s + tags.join(u", "_s) + u']';
        if (4 + list.size() > kLineLimit)
            list = u"openapi_tags=[\n        "_s + tags.join(u",\n        "_s) + u",\n    ]"_s;
        appArgs.append(list);
    }
    main += u"\napp = FastAPI(\n"_s;
    for (const QString &a : std::as_const(appArgs))
        main += u"    "_s + a + u",\n"_s;
    main += u")\n"_s;
    if (!includes.isEmpty())
        main += u'\n' + includes.join(u'\n') + u'\n';
    files.insert(u"main.py"_s, main.toUtf8());

    files.insert(u"requirements.txt"_s, m_v1 ? QByteArray("fastapi>=0.90,<0.100\npydantic>=1.10,<2\nuvicorn\n")
                                             : QByteArray("fastapi>=0.100\npydantic>=2.5,<3\nuvicorn\n"));
    return files;
}

} // namespace

GeneratedFiles generateFastApi(const Json &openApi31, const FastApiOptions &options, QList<CodegenWarning> *warnings)
{
    FastApiGenerator generator(openApi31, options);
    GeneratedFiles files = generator.run();
    if (warnings)
        warnings->append(generator.warnings());
    return files;
}

} // namespace portico::core
