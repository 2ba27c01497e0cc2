#include "jsonpointer.h"
#include "schema.h"
#include "schemanode.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using schema::Node;
using schema::Resource;

const QString kValidationVocabulary = u"https://json-schema.org/draft/2020-12/vocab/validation"_s;
const QString kDefaultMetaSchema = u"https://json-schema.org/draft/2020-12/schema"_s;

struct CompileFailure
{
    QString message;
    QString location;
};

// A place in a registered document.
struct Place
{
    QString document;
    QString pointer;
    QString key() const { return document + u'#' + pointer; }
};

struct ScanInfo
{
    Resource *resource = nullptr;
    QString base;
};

QString withoutFragment(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveFragment).toString();
}

// Keywords whose value is a schema, a map of schemas or an array of schemas (JSON Schema 2020-12 core,
// applicator, unevaluated and content vocabularies). Only these are searched for `$id` and anchors, so an
// `$id` inside `enum` or `const` is data, as the specification requires.
const QStringList kSchemaKeywords = {u"additionalProperties"_s, u"propertyNames"_s, u"items"_s,
                                     u"contains"_s, u"not"_s, u"if"_s, u"then"_s, u"else"_s,
                                     u"unevaluatedItems"_s, u"unevaluatedProperties"_s, u"contentSchema"_s};
const QStringList kSchemaMapKeywords = {u"properties"_s, u"patternProperties"_s, u"$defs"_s, u"dependentSchemas"_s};
const QStringList kSchemaArrayKeywords = {u"allOf"_s, u"anyOf"_s, u"oneOf"_s, u"prefixItems"_s};

} // namespace

// Compile-time state. Lives as long as the compiler: later compile() calls reuse everything compiled so far.
class CompilerState
{
public:
    explicit CompilerState(schema::Graph &graph) : m_graph(graph) {}

    SchemaCompiler::Loader loader;

    void addDocument(const QString &uri, const Json &document)
    {
        const QString key = withoutFragment(QUrl(uri));
        m_documents.insert(key, document);
        if (!m_resourcesByUri.contains(key)) {
            Resource &r = m_graph.resources.emplace_back();
            r.uri = key;
            m_resourcesByUri.insert(key, {&r, Place{key, QString(u""_s)}});
        }
    }

    // The model a schema defines: the name under /…/schemas/ or /…/$defs/, else empty.
    static QString modelNameAt(QStringView pointer)
    {
        const qsizetype last = pointer.lastIndexOf(u'/');
        if (last <= 0)
            return {};
        const QStringView parent = pointer.first(last);
        if (!parent.endsWith(u"/schemas") && !parent.endsWith(u"/$defs"))
            return {};
        const auto tokens = jsonpointer::split(pointer.sliced(last));
        return tokens && tokens->size() == 1 ? tokens->first() : QString();
    }

    const Node *compile(const Place &place)
    {
        const QString key = place.key();
        if (const auto it = m_nodes.constFind(key); it != m_nodes.cend())
            return *it;
        const ScanInfo info = ensureScanned(place);
        const Json *value = valueAt(place);
        if (!value)
            throw CompileFailure{u"$ref target does not exist"_s, key};
        Node &node = m_graph.nodes.emplace_back();
        m_nodes.insert(key, &node);
        node.resource = info.resource;
        node.location = key;
        node.modelName = modelNameAt(place.pointer);
        if (value->isBool()) {
            node.isBoolean = true;
            node.booleanValue = value->toBool();
            return &node;
        }
        if (!value->isObject())
            throw CompileFailure{u"a schema must be an object or a boolean, not %1"_s.arg(typeName(value->type())), key};
        fill(node, value->toObject(), place, info);
        return &node;
    }

    // `$dynamicRef` may land on any `$dynamicAnchor` of any resource in the dynamic scope; compile them all.
    void compilePendingDynamicAnchors()
    {
        while (!m_pendingDynamicAnchors.isEmpty()) {
            const auto [resource, name, place] = m_pendingDynamicAnchors.takeFirst();
            resource->dynamicAnchors.insert(name, compile(place));
        }
    }

    Place resolve(const QString &base, const QString &reference, const QString &from)
    {
        const QUrl target = QUrl(base).resolved(QUrl(reference));
        const QString uri = withoutFragment(target);
        const QString fragment = target.fragment(QUrl::FullyDecoded);
        if (!m_resourcesByUri.contains(uri))
            load(uri, from, reference);
        const auto &[resource, resourcePlace] = m_resourcesByUri.value(uri);
        if (fragment.isEmpty())
            return resourcePlace;
        if (fragment.startsWith(u'/'))
            return Place{resourcePlace.document, resourcePlace.pointer + fragment};
        const auto anchor = m_anchors.constFind(uri + u'#' + fragment);
        if (anchor == m_anchors.cend())
            throw CompileFailure{u"cannot resolve $ref \"%1\": no anchor \"%2\" in %3"_s.arg(reference, fragment, uri), from};
        return *anchor;
    }

private:
    const Json *valueAt(const Place &place) const
    {
        const auto doc = m_documents.constFind(place.document);
        if (doc == m_documents.cend())
            return nullptr;
        return jsonpointer::resolve(*doc, place.pointer);
    }

    void load(const QString &uri, const QString &from, const QString &reference)
    {
        std::optional<Json> document;
        if (loader)
            document = loader(uri);
        if (!document)
            throw CompileFailure{u"cannot resolve $ref \"%1\": no document at %2"_s.arg(reference, uri), from};
        addDocument(uri, *document);
        scan(*document, Place{uri, QString(u""_s)}, uri, m_resourcesByUri.value(uri).first);
    }

    // The base URI and resource of a place. Places inside a scanned schema are known; a place outside every
    // scanned schema (a schema inside an OpenAPI document) belongs to its document's root resource.
    ScanInfo ensureScanned(const Place &place)
    {
        const QString key = place.key();
        if (const auto it = m_scanned.constFind(key); it != m_scanned.cend())
            return *it;
        ScanInfo parent{m_resourcesByUri.value(place.document).first, place.document};
        QString pointer = place.pointer;
        while (!pointer.isEmpty()) {
            pointer.truncate(pointer.lastIndexOf(u'/'));
            if (const auto it = m_scanned.constFind(Place{place.document, pointer}.key()); it != m_scanned.cend()) {
                parent = *it;
                break;
            }
        }
        if (const Json *value = valueAt(place))
            scan(*value, place, parent.base, parent.resource);
        return m_scanned.value(key, parent);
    }

    // Registers `$id`s and anchors of a schema and its subschemas before anything is compiled, so a `$ref`
    // may point forward to a subschema that has not been compiled yet.
    void scan(const Json &value, const Place &place, QString base, Resource *resource)
    {
        const QString key = place.key();
        if (m_scanned.contains(key))
            return;
        if (!value.isObject()) {
            m_scanned.insert(key, {resource, base});
            return;
        }
        const JsonObject &o = value.toObject();
        if (const Json &id = o.value(u"$id"); id.isString()) {
            const QString uri = withoutFragment(QUrl(base).resolved(QUrl(id.toString())));
            base = uri;
            if (const auto existing = m_resourcesByUri.constFind(uri); existing != m_resourcesByUri.cend()) {
                resource = existing->first;
            } else {
                resource = &m_graph.resources.emplace_back();
                resource->uri = uri;
                m_resourcesByUri.insert(uri, {resource, place});
            }
            applyVocabulary(o, resource, base, key);
        } else if (place.pointer.isEmpty()) {
            applyVocabulary(o, resource, base, key);
        }
        m_scanned.insert(key, {resource, base});
        if (const Json &anchor = o.value(u"$anchor"); anchor.isString())
            m_anchors.insert(base + u'#' + anchor.toString(), place);
        if (const Json &anchor = o.value(u"$dynamicAnchor"); anchor.isString()) {
            m_anchors.insert(base + u'#' + anchor.toString(), place);
            m_pendingDynamicAnchors.append({resource, anchor.toString(), place});
        }
        for (const auto &[keyword, child] : o) {
            const QString childPointer = jsonpointer::append(place.pointer, keyword);
            if (kSchemaKeywords.contains(keyword)) {
                scan(child, Place{place.document, childPointer}, base, resource);
            } else if (kSchemaMapKeywords.contains(keyword)) {
                for (const auto &[name, sub] : child.toObject())
                    scan(sub, Place{place.document, jsonpointer::append(childPointer, name)}, base, resource);
            } else if (kSchemaArrayKeywords.contains(keyword)) {
                const JsonArray &items = child.toArray();
                for (size_t i = 0; i < items.size(); ++i)
                    scan(items[i], Place{place.document, jsonpointer::append(childPointer, qsizetype(i))}, base, resource);
            }
        }
    }

    // A resource whose `$schema` names a meta-schema with a `$vocabulary` lacking the validation vocabulary
    // ignores the validation keywords (JSON Schema 2020-12 §8.1.2).
    void applyVocabulary(const JsonObject &o, Resource *resource, const QString &base, const QString &from)
    {
        const Json &metaSchema = o.value(u"$schema");
        if (!metaSchema.isString() || metaSchema.toString() == kDefaultMetaSchema)
            return;
        const Place place = resolve(base, metaSchema.toString(), from);
        const Json *meta = valueAt(place);
        if (!meta)
            return;
        const Json &vocabulary = meta->toObject().value(u"$vocabulary");
        if (vocabulary.isObject())
            resource->validationVocabulary = vocabulary.toObject().contains(kValidationVocabulary);
    }

    const Node *child(const Json &, const Place &parent, const QString &keyword)
    {
        return compile(Place{parent.document, jsonpointer::append(parent.pointer, keyword)});
    }

    std::optional<qint64> count(const JsonObject &o, QStringView keyword, const QString &at)
    {
        const Json &v = o.value(keyword);
        if (v.isNull())
            return std::nullopt;
        if (!v.isIntegral() || v.toDouble() < 0)
            throw CompileFailure{u"%1 must be a non-negative integer"_s.arg(keyword), at};
        return v.toInteger();
    }

    std::optional<Json> number(const JsonObject &o, QStringView keyword, const QString &at)
    {
        const Json &v = o.value(keyword);
        if (v.isNull())
            return std::nullopt;
        if (!v.isNumber())
            throw CompileFailure{u"%1 must be a number"_s.arg(keyword), at};
        return v;
    }

    std::shared_ptr<const Regex> regex(const QString &pattern, const QString &at)
    {
        QString error;
        auto compiled = Regex::compile(pattern, &error);
        if (!compiled)
            throw CompileFailure{u"invalid pattern \"%1\": %2"_s.arg(pattern, error), at};
        return compiled;
    }

    static unsigned typeBit(const QString &name, const QString &at)
    {
        using namespace schema;
        if (name == u"null") return NullBit;
        if (name == u"boolean") return BoolBit;
        if (name == u"integer") return IntegerBit;
        if (name == u"number") return NumberBit | IntegerBit;
        if (name == u"string") return StringBit;
        if (name == u"array") return ArrayBit;
        if (name == u"object") return ObjectBit;
        throw CompileFailure{u"unknown type \"%1\""_s.arg(name), at};
    }

    void fill(Node &node, const JsonObject &o, const Place &place, const ScanInfo &info)
    {
        const QString at = place.key();
        auto sub = [&](QStringView keyword) -> const Node * {
            return o.contains(keyword) ? compile(Place{place.document, jsonpointer::append(place.pointer, keyword)}) : nullptr;
        };
        auto subList = [&](QStringView keyword) {
            std::vector<const Node *> out;
            const Json &v = o.value(keyword);
            if (v.isNull())
                return out;
            if (!v.isArray())
                throw CompileFailure{u"%1 must be an array of schemas"_s.arg(keyword), at};
            const QString base = jsonpointer::append(place.pointer, keyword);
            for (size_t i = 0; i < v.toArray().size(); ++i)
                out.push_back(compile(Place{place.document, jsonpointer::append(base, qsizetype(i))}));
            return out;
        };
        auto subMap = [&](QStringView keyword) {
            std::vector<std::pair<QString, const Node *>> out;
            const Json &v = o.value(keyword);
            if (v.isNull())
                return out;
            if (!v.isObject())
                throw CompileFailure{u"%1 must be an object of schemas"_s.arg(keyword), at};
            const QString base = jsonpointer::append(place.pointer, keyword);
            for (const auto &[name, value] : v.toObject())
                out.emplace_back(name, compile(Place{place.document, jsonpointer::append(base, name)}));
            return out;
        };

        if (const Json &ref = o.value(u"$ref"); ref.isString())
            node.ref = compile(resolve(info.base, ref.toString(), at));
        if (const Json &ref = o.value(u"$dynamicRef"); ref.isString()) {
            const Place target = resolve(info.base, ref.toString(), at);
            node.dynamicRef = compile(target);
            const QString fragment = QUrl(ref.toString()).fragment(QUrl::FullyDecoded);
            const Json *targetValue = valueAt(target);
            if (!fragment.isEmpty() && !fragment.startsWith(u'/') && targetValue
                && targetValue->toObject().value(u"$dynamicAnchor").toString() == fragment)
                node.dynamicAnchorName = fragment;
        }

        if (info.resource->validationVocabulary) {
            if (const Json &type = o.value(u"type"); type.isString()) {
                node.types = typeBit(type.toString(), at);
            } else if (type.isArray()) {
                for (const Json &t : type.toArray())
                    node.types |= typeBit(t.toString(), at);
            }
            if (o.contains(u"const")) {
                node.hasConst = true;
                node.constValue = o.value(u"const");
            }
            if (const Json &e = o.value(u"enum"); e.isArray()) {
                node.hasEnum = true;
                node.enumValues = e.toArray();
            }
            node.minimum = number(o, u"minimum", at);
            node.maximum = number(o, u"maximum", at);
            node.exclusiveMinimum = number(o, u"exclusiveMinimum", at);
            node.exclusiveMaximum = number(o, u"exclusiveMaximum", at);
            node.multipleOf = number(o, u"multipleOf", at);
            node.minLength = count(o, u"minLength", at);
            node.maxLength = count(o, u"maxLength", at);
            if (const Json &p = o.value(u"pattern"); p.isString())
                node.pattern = regex(p.toString(), at);
            node.minItems = count(o, u"minItems", at);
            node.maxItems = count(o, u"maxItems", at);
            node.minContains = count(o, u"minContains", at);
            node.maxContains = count(o, u"maxContains", at);
            node.uniqueItems = o.value(u"uniqueItems").toBool();
            node.minProperties = count(o, u"minProperties", at);
            node.maxProperties = count(o, u"maxProperties", at);
            for (const Json &r : o.value(u"required").toArray())
                node.required.append(r.toString());
            for (const auto &[name, deps] : o.value(u"dependentRequired").toObject()) {
                QStringList list;
                for (const Json &d : deps.toArray())
                    list.append(d.toString());
                node.dependentRequired.emplace_back(name, list);
            }
        }
        if (const Json &f = o.value(u"format"); f.isString()) {
            node.format = f.toString();
            node.formatId = formatFromName(node.format);
        }

        node.prefixItems = subList(u"prefixItems");
        node.items = sub(u"items");
        node.contains = sub(u"contains");
        node.properties = subMap(u"properties");
        if (!node.properties.empty())
            node.indexProperties();
        for (const auto &[patternText, child] : subMap(u"patternProperties"))
            node.patternProperties.emplace_back(regex(patternText, at), child);
        node.additionalProperties = sub(u"additionalProperties");
        node.propertyNames = sub(u"propertyNames");
        node.dependentSchemas = subMap(u"dependentSchemas");
        node.allOf = subList(u"allOf");
        node.anyOf = subList(u"anyOf");
        node.oneOf = subList(u"oneOf");
        node.notSchema = sub(u"not");
        node.ifSchema = sub(u"if");
        if (node.ifSchema) {
            node.thenSchema = sub(u"then");
            node.elseSchema = sub(u"else");
        }
        node.unevaluatedItems = sub(u"unevaluatedItems");
        node.unevaluatedProperties = sub(u"unevaluatedProperties");
        // $defs are compiled only when referenced.
    }

    schema::Graph &m_graph;
    QHash<QString, Json> m_documents;
    QHash<QString, std::pair<Resource *, Place>> m_resourcesByUri;
    QHash<QString, Place> m_anchors;
    QHash<QString, ScanInfo> m_scanned;
    QHash<QString, const Node *> m_nodes;
    struct PendingAnchor
    {
        Resource *resource;
        QString name;
        Place place;
    };
    QList<PendingAnchor> m_pendingDynamicAnchors;
};

} // namespace portico::core

namespace portico::core {

SchemaCompiler::SchemaCompiler(SchemaOptions options)
    : m_graph(std::make_shared<schema::Graph>()), m_state(std::make_unique<CompilerState>(*m_graph))
{
    m_graph->options = options;
}

SchemaCompiler::~SchemaCompiler() = default;

void SchemaCompiler::setLoader(Loader loader)
{
    m_state->loader = std::move(loader);
}

void SchemaCompiler::addDocument(const QString &uri, const Json &document)
{
    m_state->addDocument(uri, document);
}

Result<Schema> SchemaCompiler::compile(const QString &uri)
{
    try {
        const QUrl url(uri);
        const Place place = m_state->resolve(withoutFragment(url), uri, uri);
        const schema::Node *node = m_state->compile(place);
        m_state->compilePendingDynamicAnchors();
        return Schema(m_graph, node);
    } catch (const CompileFailure &failure) {
        Error error{failure.message, {}};
        const qsizetype hash = failure.location.indexOf(u'#');
        error.location.file = hash < 0 ? failure.location : failure.location.left(hash);
        error.location.pointer = hash < 0 ? QString(u""_s) : failure.location.mid(hash + 1);
        return error;
    }
}

Result<Schema> SchemaCompiler::compile(const Json &schema, const QString &uri)
{
    addDocument(uri, schema);
    return compile(uri);
}

} // namespace portico::core
