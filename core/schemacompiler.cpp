#include "jsonpointer.h"
#include "metaschemas.h"
#include "schema.h"
#include "schemanode.h"

#include <QUrl>

#include <array>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using schema::Node;
using schema::Resource;

const QString kValidationVocabulary = u"https://json-schema.org/draft/2020-12/vocab/validation"_s;
const QString kValidationVocabulary2019 = u"https://json-schema.org/draft/2019-09/vocab/validation"_s;
const QString kDefaultMetaSchema = u"https://json-schema.org/draft/2020-12/schema"_s;
// The dynamic anchor `$recursiveAnchor: true` stands for: no `$dynamicAnchor` can be spelled so.
const QString kRecursiveAnchor = u"$recursiveAnchor"_s;

struct CompileFailure
{
    QString message;
    QString location;
};

// A registered document. Kept at a stable address for the compiler's lifetime, as are the values in it:
// compiled nodes are keyed by the address of the value they were compiled from.
struct Document
{
    QString uri;
    Json root;
};

// A place in a registered document: the value there, and the JSON pointer to it. A subschema found while
// compiling is its parent place's child, and its pointer is spelled out only when something needs it (an
// error, an anchor, a resource): spelling out every subschema's pointer, and hashing it, was most of the
// compiler's time and memory on large documents (GitHub's: 45k subschemas, 26 MB of pointer strings).
struct Place
{
    const Document *document = nullptr;
    const Json *value = nullptr; // nullptr: nothing there
    jsonpointer::Trail trail;

    // Children refer to their parent's trail: they must not outlive it (they live on the stack below it).
    Place child(QStringView key, const Json *child) const { return Place{document, child, trail.child(key)}; }
    Place child(qsizetype i, const Json *child) const { return Place{document, child, trail.child(i)}; }

    // A copy that may outlive the places it was found below.
    Place kept() const { return Place{document, value, jsonpointer::Trail(trail.toString())}; }
    QString uri() const { return document->uri + u'#' + trail.toString(); }
    bool isDocumentRoot() const { return !trail.parent() && trail.spelled().isEmpty(); }

    // The model a schema defines: the name under /…/schemas/ or /…/$defs/, else empty.
    QString modelName() const
    {
        if (const jsonpointer::Trail *above = trail.parent()) {
            const QStringView key = above->key();
            return !trail.key().isEmpty() && (key == u"schemas" || key == u"$defs") ? trail.key().toString() : QString();
        }
        const QString &pointer = trail.spelled();
        const qsizetype last = pointer.lastIndexOf(u'/');
        if (last <= 0)
            return {};
        const QStringView parent = QStringView(pointer).first(last);
        if (!parent.endsWith(u"/schemas") && !parent.endsWith(u"/$defs"))
            return {};
        const auto tokens = jsonpointer::split(QStringView(pointer).sliced(last));
        return tokens && tokens->size() == 1 ? tokens->first() : QString();
    }
};

// Identifies a value of a registered document. A value shared by two places of one document (a YAML alias)
// is compiled once, which keeps an aliased schema's cost that of its text.
struct ValueKey
{
    const Document *document;
    const Json *value;
    bool operator==(const ValueKey &) const = default;
};
size_t qHash(const ValueKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.document, key.value);
}
ValueKey keyOf(const Place &place)
{
    return {place.document, place.value};
}

struct ScanInfo
{
    Resource *resource = nullptr;
    QString base;
};

QString withoutFragment(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveFragment).toString();
}

// The keywords the compiler reads from a schema object, found in one pass over its members. Looking each
// of them up by name was a quarter of compiling a large document: most schemas have a handful of members
// and the compiler asks for 40 keywords.
enum class Kw {
    DynamicRef,
    Ref,
    RecursiveRef,
    AdditionalProperties,
    AllOf,
    AnyOf,
    Const,
    Contains,
    DependentRequired,
    DependentSchemas,
    Else,
    Enum,
    ExclusiveMaximum,
    ExclusiveMinimum,
    Format,
    If,
    Items,
    MaxContains,
    MaxItems,
    MaxLength,
    MaxProperties,
    Maximum,
    MinContains,
    MinItems,
    MinLength,
    MinProperties,
    Minimum,
    MultipleOf,
    Not,
    OneOf,
    Pattern,
    PatternProperties,
    PrefixItems,
    Properties,
    PropertyNames,
    Required,
    Then,
    Type,
    UnevaluatedItems,
    UnevaluatedProperties,
    UniqueItems,
    Count
};

class Keywords
{
public:
    explicit Keywords(const JsonObject &o)
    {
        static const QHash<QStringView, Kw> byName = [] {
            QHash<QStringView, Kw> out;
            for (int i = 0; i < int(Kw::Count); ++i)
                out.insert(kNames[size_t(i)], Kw(i));
            return out;
        }();
        for (const auto &[key, value] : o) {
            if (const auto it = byName.constFind(QStringView(key)); it != byName.cend())
                m_found[size_t(*it)] = &value;
        }
    }
    static QStringView name(Kw k) { return kNames[size_t(k)]; }
    const Json *find(Kw k) const { return m_found[size_t(k)]; }
    const Json &value(Kw k) const { return m_found[size_t(k)] ? *m_found[size_t(k)] : Json::null(); }
    bool has(Kw k) const { return m_found[size_t(k)]; }

private:
    static constexpr std::array<QStringView, size_t(Kw::Count)> kNames = {
    u"$dynamicRef",
    u"$ref",
    u"$recursiveRef",
    u"additionalProperties",
    u"allOf",
    u"anyOf",
    u"const",
    u"contains",
    u"dependentRequired",
    u"dependentSchemas",
    u"else",
    u"enum",
    u"exclusiveMaximum",
    u"exclusiveMinimum",
    u"format",
    u"if",
    u"items",
    u"maxContains",
    u"maxItems",
    u"maxLength",
    u"maxProperties",
    u"maximum",
    u"minContains",
    u"minItems",
    u"minLength",
    u"minProperties",
    u"minimum",
    u"multipleOf",
    u"not",
    u"oneOf",
    u"pattern",
    u"patternProperties",
    u"prefixItems",
    u"properties",
    u"propertyNames",
    u"required",
    u"then",
    u"type",
    u"unevaluatedItems",
    u"unevaluatedProperties",
    u"uniqueItems",
    };
    std::array<const Json *, size_t(Kw::Count)> m_found{};
};

// Keywords whose value is a schema, a map of schemas or an array of schemas (JSON Schema 2020-12 core,
// applicator, unevaluated and content vocabularies). Only these are searched for `$id` and anchors, so an
// `$id` inside `enum` or `const` is data, as the specification requires. One hash lookup per member: three
// list searches per member were a fifth of scanning.
enum class Holds { Schema, SchemaMap, SchemaArray };
const QHash<QStringView, Holds> kSubschemaKeywords = {
    {u"additionalProperties", Holds::Schema}, {u"propertyNames", Holds::Schema},
    {u"items", Holds::Schema},                {u"contains", Holds::Schema},
    {u"not", Holds::Schema},                  {u"if", Holds::Schema},
    {u"then", Holds::Schema},                 {u"else", Holds::Schema},
    {u"unevaluatedItems", Holds::Schema},     {u"unevaluatedProperties", Holds::Schema},
    {u"contentSchema", Holds::Schema},        {u"properties", Holds::SchemaMap},
    {u"patternProperties", Holds::SchemaMap}, {u"$defs", Holds::SchemaMap},
    {u"dependentSchemas", Holds::SchemaMap},  {u"allOf", Holds::SchemaArray},
    {u"anyOf", Holds::SchemaArray},           {u"oneOf", Holds::SchemaArray},
    {u"prefixItems", Holds::SchemaArray}};

} // namespace

// Compile-time state. Lives as long as the compiler: later compile() calls reuse everything compiled so far.
class CompilerState
{
public:
    explicit CompilerState(schema::Graph &graph) : m_graph(graph) {}

    SchemaCompiler::Loader loader;

    // A document registered again under a URI gets a new entry: the old one stays alive, so the addresses its
    // compiled nodes are keyed by are never reused.
    void addDocument(const QString &uri, const Json &document)
    {
        const QString key = withoutFragment(QUrl(uri));
        const Document *stored = &m_documentStore.emplace_back(Document{key, document});
        m_documents.insert(key, stored);
        const Place root{stored, &stored->root, jsonpointer::Trail(QString(u""_s))};
        if (const auto it = m_resourcesByUri.find(key); it != m_resourcesByUri.end() && it->second.isDocumentRoot()) {
            it->second = root;
        } else if (it == m_resourcesByUri.end()) {
            Resource &r = m_graph.resources.emplace_back();
            r.uri = key;
            m_resourcesByUri.insert(key, {&r, root});
        }
    }

    const Node *compile(const Place &place)
    {
        if (!place.value)
            throw CompileFailure{u"$ref target does not exist"_s, place.uri()};
        if (const auto it = m_nodes.constFind(keyOf(place)); it != m_nodes.cend()) {
            if (const auto failed = m_failures.constFind(keyOf(place)); failed != m_failures.cend())
                throw *failed;
            return *it;
        }
        const ScanInfo info = ensureScanned(place);
        Node &node = m_graph.nodes.emplace_back();
        m_nodes.insert(keyOf(place), &node);
        node.resource = info.resource;
        node.modelName = place.modelName();
        const Json &value = *place.value;
        if (value.isBool()) {
            node.isBoolean = true;
            node.booleanValue = value.toBool();
            return &node;
        }
        try {
            if (!value.isObject())
                throw CompileFailure{u"a schema must be an object or a boolean, not %1"_s.arg(typeName(value.type())), place.uri()};
            fill(node, value.toObject(), place, info);
        } catch (const CompileFailure &failure) {
            // The node stays half-built: every later schema that reaches it fails the same way.
            m_failures.insert(keyOf(place), failure);
            throw;
        }
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

    // A discriminator's tags read its branches' nodes, which a cycle may leave unfinished until the end, and
    // its base model's mapping, which may be compiled after the union.
    void completeDiscriminators()
    {
        while (!m_pendingMappings.isEmpty()) {
            const PendingMapping pending = m_pendingMappings.takeFirst();
            for (const auto &[tag, target] : pending.mapping->toObject()) {
                const Node *schema = target.isString() ? mappingTarget(pending, target.toString()) : nullptr;
                if (schema)
                    pending.discriminator->add(tag, schema);
            }
        }
        for (Node *node : std::exchange(m_pendingUnions, {})) {
            const std::shared_ptr<schema::Discriminator> d = schema::unionDiscriminator(*node);
            if (d && d != node->rare().discriminator) {
                auto rare = std::make_unique<schema::Rare>(node->rare());
                rare->discriminator = d;
                node->rareKeywords = std::move(rare);
            }
        }
    }

    // Everything compilation left for the end; each step may compile more.
    void finish()
    {
        while (!m_pendingDynamicAnchors.isEmpty() || !m_pendingMappings.isEmpty() || !m_pendingUnions.empty()) {
            compilePendingDynamicAnchors();
            completeDiscriminators();
        }
    }

    // `from` (a callable returning the referring location) is called only to report a failure.
    template<typename From>
    Place resolve(const QString &base, const QString &reference, const From &from)
    {
        const QUrl target = QUrl(base).resolved(QUrl(reference));
        const QString uri = withoutFragment(target);
        const QString fragment = target.fragment(QUrl::FullyDecoded);
        if (!m_resourcesByUri.contains(uri))
            load(uri, from(), reference);
        const auto &[resource, resourcePlace] = m_resourcesByUri.value(uri);
        if (fragment.isEmpty())
            return resourcePlace;
        if (fragment.startsWith(u'/')) {
            const Json *value = resourcePlace.value ? jsonpointer::resolve(*resourcePlace.value, fragment) : nullptr;
            return Place{resourcePlace.document, value, jsonpointer::Trail(resourcePlace.trail.spelled() + fragment)};
        }
        const auto anchor = m_anchors.constFind(uri + u'#' + fragment);
        if (anchor == m_anchors.cend())
            throw CompileFailure{u"cannot resolve $ref \"%1\": no anchor \"%2\" in %3"_s.arg(reference, fragment, uri), from()};
        return *anchor;
    }

private:
    struct PendingMapping
    {
        std::shared_ptr<schema::Discriminator> discriminator;
        const Json *mapping;
        QString base;
        Place place;
    };

    // A mapping value names a schema ("Cat", OpenAPI 3.x) or references one. A target that cannot be compiled
    // leaves its tag unknown rather than failing every schema that reaches the union: the mapping is an
    // annotation, and the union is still checked.
    const Node *mappingTarget(const PendingMapping &pending, const QString &target)
    {
        const auto from = [&] { return pending.place.uri(); };
        QStringList references{target};
        if (!target.contains(u'#') && !target.contains(u'/'))
            references.prepend(u"#/components/schemas/"_s + target);
        for (const QString &reference : references) {
            try {
                const Place place = resolve(pending.base, reference, from);
                if (place.value)
                    return compile(place);
            } catch (const CompileFailure &) {
            }
        }
        return nullptr;
    }

    void load(const QString &uri, const QString &from, const QString &reference)
    {
        // The shipped meta-schemas first: a loader never gets to answer for json-schema.org.
        std::optional<Json> document = bundledMetaSchema(uri);
        if (!document && loader)
            document = loader(uri);
        if (!document)
            throw CompileFailure{u"cannot resolve $ref \"%1\": no document at %2"_s.arg(reference, uri), from};
        addDocument(uri, *document);
        const Document *stored = m_documents.value(uri);
        scan(Place{stored, &stored->root, jsonpointer::Trail(QString(u""_s))}, uri, m_resourcesByUri.value(uri).first);
    }

    // The base URI and resource of a place. Places inside a scanned schema are known; a place outside every
    // scanned schema (a schema inside an OpenAPI document) belongs to its document's root resource, or to the
    // nearest scanned schema above it.
    ScanInfo ensureScanned(const Place &place)
    {
        if (const auto it = m_scanned.constFind(keyOf(place)); it != m_scanned.cend())
            return *it;
        ScanInfo parent{m_resourcesByUri.value(place.document->uri).first, place.document->uri};
        // A place below a compiled one is scanned already; a place reached by a `$ref` has its pointer spelled
        // out: the last scanned value on the way down to it from the document's root.
        if (!place.trail.parent()) {
            jsonpointer::resolve(place.document->root, place.trail.spelled(), [&](const Json &value) {
                if (&value == place.value)
                    return;
                if (const auto it = m_scanned.constFind({place.document, &value}); it != m_scanned.cend())
                    parent = *it;
            });
        }
        scan(place, parent.base, parent.resource);
        return m_scanned.value(keyOf(place), parent);
    }

    // Registers `$id`s and anchors of a schema and its subschemas before anything is compiled, so a `$ref`
    // may point forward to a subschema that has not been compiled yet.
    void scan(const Place &place, QString base, Resource *resource)
    {
        if (!place.value || m_scanned.contains(keyOf(place)))
            return;
        if (!place.value->isObject()) {
            m_scanned.insert(keyOf(place), {resource, base});
            return;
        }
        const JsonObject &o = place.value->toObject();
        if (const Json &id = o.value(u"$id"); id.isString()) {
            const QString uri = withoutFragment(QUrl(base).resolved(QUrl(id.toString())));
            base = uri;
            if (const auto existing = m_resourcesByUri.constFind(uri); existing != m_resourcesByUri.cend()) {
                resource = existing->first;
            } else {
                resource = &m_graph.resources.emplace_back();
                resource->uri = uri;
                m_resourcesByUri.insert(uri, {resource, place.kept()});
            }
            applyVocabulary(o, resource, base, place);
        } else if (place.isDocumentRoot()) {
            applyVocabulary(o, resource, base, place);
        }
        m_scanned.insert(keyOf(place), {resource, base});
        if (const Json &anchor = o.value(u"$anchor"); anchor.isString())
            m_anchors.insert(base + u'#' + anchor.toString(), place.kept());
        if (const Json &anchor = o.value(u"$dynamicAnchor"); anchor.isString()) {
            m_anchors.insert(base + u'#' + anchor.toString(), place.kept());
            m_pendingDynamicAnchors.append({resource, anchor.toString(), place.kept()});
        }
        if (o.value(u"$recursiveAnchor").toBool())
            m_pendingDynamicAnchors.append({resource, kRecursiveAnchor, place.kept()});
        for (const auto &[keyword, child] : o) {
            const auto holds = kSubschemaKeywords.constFind(QStringView(keyword));
            if (holds == kSubschemaKeywords.cend())
                continue;
            const Place at = place.child(keyword, &child);
            switch (*holds) {
            case Holds::Schema:
                scan(at, base, resource);
                break;
            case Holds::SchemaMap:
                for (const auto &[name, sub] : child.toObject())
                    scan(at.child(name, &sub), base, resource);
                break;
            case Holds::SchemaArray:
                const JsonArray &items = child.toArray();
                for (size_t i = 0; i < items.size(); ++i)
                    scan(at.child(qsizetype(i), &items[i]), base, resource);
                break;
            }
        }
    }

    // A resource whose `$schema` names a meta-schema with a `$vocabulary` lacking the validation vocabulary
    // ignores the validation keywords (JSON Schema 2020-12 §8.1.2).
    void applyVocabulary(const JsonObject &o, Resource *resource, const QString &base, const Place &from)
    {
        const Json &metaSchema = o.value(u"$schema");
        if (!metaSchema.isString() || metaSchema.toString() == kDefaultMetaSchema)
            return;
        // A meta-schema that cannot be read is refused, as JSON Schema asks (§8.1.1): its vocabularies could
        // change what the keywords mean. The common ones ship with Portico (core/metaschemas.h).
        const QUrl target = QUrl(base).resolved(QUrl(metaSchema.toString()));
        std::optional<Place> place;
        try {
            place.emplace(resolve(base, metaSchema.toString(), [&] { return from.uri(); }));
        } catch (const CompileFailure &) {
            throw CompileFailure{u"unknown meta-schema: $schema \"%1\" names no document at %2 (Portico ships "
                                 u"JSON Schema draft-04 to 2020-12 and the OpenAPI 3.1 dialect)"_s
                                     .arg(metaSchema.toString(), withoutFragment(target)),
                                 from.uri()};
        }
        if (!place->value)
            return;
        const Json &vocabulary = place->value->toObject().value(u"$vocabulary");
        if (vocabulary.isObject())
            resource->validationVocabulary = vocabulary.toObject().contains(kValidationVocabulary)
                || vocabulary.toObject().contains(kValidationVocabulary2019);
    }

    std::optional<qint64> count(const Keywords &k, Kw keyword, const Place &at)
    {
        const Json &v = k.value(keyword);
        if (v.isNull())
            return std::nullopt;
        if (!v.isIntegral() || v.toDouble() < 0)
            throw CompileFailure{u"%1 must be a non-negative integer"_s.arg(Keywords::name(keyword)), at.uri()};
        return v.toInteger();
    }

    // A bound and its exclusive twin. Draft-04 (its meta-schema ships with Portico) and OpenAPI 3.0 spell an
    // exclusive bound as `true` beside the inclusive one; a boolean means nothing else here, so it is read so.
    void bound(const Keywords &k, Kw inclusive, Kw exclusive, std::optional<Json> *inclusiveBound,
               std::optional<Json> *exclusiveBound, const Place &at)
    {
        *inclusiveBound = number(k, inclusive, at);
        if (const Json &flag = k.value(exclusive); flag.isBool()) {
            if (flag.toBool())
                std::swap(*inclusiveBound, *exclusiveBound);
            return;
        }
        *exclusiveBound = number(k, exclusive, at);
    }

    std::optional<Json> number(const Keywords &k, Kw keyword, const Place &at)
    {
        const Json &v = k.value(keyword);
        if (v.isNull())
            return std::nullopt;
        if (!v.isNumber())
            throw CompileFailure{u"%1 must be a number"_s.arg(Keywords::name(keyword)), at.uri()};
        return v;
    }

    std::shared_ptr<const Regex> regex(const QString &pattern, const Place &at)
    {
        QString error;
        auto compiled = Regex::compile(pattern, &error);
        if (!compiled)
            throw CompileFailure{u"invalid pattern \"%1\": %2"_s.arg(pattern, error), at.uri()};
        return compiled;
    }

    static unsigned typeBit(const QString &name, const Place &at)
    {
        using namespace schema;
        if (name == u"null") return NullBit;
        if (name == u"boolean") return BoolBit;
        if (name == u"integer") return IntegerBit;
        if (name == u"number") return NumberBit | IntegerBit;
        if (name == u"string") return StringBit;
        if (name == u"array") return ArrayBit;
        if (name == u"object") return ObjectBit;
        throw CompileFailure{u"unknown type \"%1\""_s.arg(name), at.uri()};
    }

    void fill(Node &node, const JsonObject &o, const Place &place, const ScanInfo &info)
    {
        const Place &at = place;
        const Keywords k(o);
        auto sub = [&](Kw keyword) -> const Node * {
            const Json *v = k.find(keyword);
            return v ? compile(place.child(Keywords::name(keyword), v)) : nullptr;
        };
        auto subList = [&](Kw keyword) {
            std::vector<const Node *> out;
            const Json &v = k.value(keyword);
            if (v.isNull())
                return out;
            if (!v.isArray())
                throw CompileFailure{u"%1 must be an array of schemas"_s.arg(Keywords::name(keyword)), at.uri()};
            const Place list = place.child(Keywords::name(keyword), &v);
            const JsonArray &items = v.toArray();
            for (size_t i = 0; i < items.size(); ++i)
                out.push_back(compile(list.child(qsizetype(i), &items[i])));
            return out;
        };
        auto subMap = [&](Kw keyword) {
            std::vector<std::pair<QString, const Node *>> out;
            const Json &v = k.value(keyword);
            if (v.isNull())
                return out;
            if (!v.isObject())
                throw CompileFailure{u"%1 must be an object of schemas"_s.arg(Keywords::name(keyword)), at.uri()};
            const Place map = place.child(Keywords::name(keyword), &v);
            for (const auto &[name, value] : v.toObject())
                out.emplace_back(name, compile(map.child(name, &value)));
            return out;
        };
        auto from = [&] { return place.uri(); };
        schema::Rare rare;

        if (const Json &ref = k.value(Kw::Ref); ref.isString())
            node.ref = compile(resolve(info.base, ref.toString(), from));
        if (const Json &ref = k.value(Kw::DynamicRef); ref.isString()) {
            const Place target = resolve(info.base, ref.toString(), from);
            rare.dynamicRef = compile(target);
            m_graph.hasDynamicRefs = true;
            const QString fragment = QUrl(ref.toString()).fragment(QUrl::FullyDecoded);
            const Json *targetValue = target.value;
            if (!fragment.isEmpty() && !fragment.startsWith(u'/') && targetValue
                && targetValue->toObject().value(u"$dynamicAnchor").toString() == fragment)
                rare.dynamicAnchorName = fragment;
        }
        // 2019-09's `$recursiveRef` (its meta-schemas ship with Portico) is the `$dynamicRef` of a resource
        // whose root says `$recursiveAnchor: true`; otherwise a plain `$ref`.
        if (const Json &ref = k.value(Kw::RecursiveRef); ref.isString()) {
            const Place target = resolve(info.base, ref.toString(), from);
            rare.dynamicRef = compile(target);
            m_graph.hasDynamicRefs = true;
            if (target.value && target.value->toObject().value(u"$recursiveAnchor").toBool())
                rare.dynamicAnchorName = kRecursiveAnchor;
        }

        if (info.resource->validationVocabulary) {
            if (const Json &type = k.value(Kw::Type); type.isString()) {
                node.types = typeBit(type.toString(), at);
            } else if (type.isArray()) {
                for (const Json &t : type.toArray())
                    node.types |= typeBit(t.toString(), at);
            }
            if (k.has(Kw::Const)) {
                rare.hasConst = true;
                rare.constValue = k.value(Kw::Const);
            }
            if (const Json &e = k.value(Kw::Enum); e.isArray()) {
                node.hasEnum = true;
                node.enumValues = e.toArray();
            }
            bound(k, Kw::Minimum, Kw::ExclusiveMinimum, &rare.minimum, &rare.exclusiveMinimum, at);
            bound(k, Kw::Maximum, Kw::ExclusiveMaximum, &rare.maximum, &rare.exclusiveMaximum, at);
            rare.multipleOf = number(k, Kw::MultipleOf, at);
            rare.minLength = count(k, Kw::MinLength, at);
            rare.maxLength = count(k, Kw::MaxLength, at);
            if (const Json &p = k.value(Kw::Pattern); p.isString())
                node.pattern = regex(p.toString(), at);
            rare.minItems = count(k, Kw::MinItems, at);
            rare.maxItems = count(k, Kw::MaxItems, at);
            rare.minContains = count(k, Kw::MinContains, at);
            rare.maxContains = count(k, Kw::MaxContains, at);
            node.uniqueItems = k.value(Kw::UniqueItems).toBool();
            rare.minProperties = count(k, Kw::MinProperties, at);
            rare.maxProperties = count(k, Kw::MaxProperties, at);
            for (const Json &r : k.value(Kw::Required).toArray())
                node.required.append(r.toString());
            for (const auto &[name, deps] : k.value(Kw::DependentRequired).toObject()) {
                QStringList list;
                for (const Json &d : deps.toArray())
                    list.append(d.toString());
                rare.dependentRequired.emplace_back(name, list);
            }
        }
        if (const Json &f = k.value(Kw::Format); f.isString()) {
            node.format = f.toString();
            node.formatId = formatFromName(node.format);
        }

        rare.prefixItems = subList(Kw::PrefixItems);
        node.items = sub(Kw::Items);
        rare.contains = sub(Kw::Contains);
        node.properties = subMap(Kw::Properties);
        if (!node.properties.empty())
            node.indexProperties();
        for (const auto &[patternText, child] : subMap(Kw::PatternProperties))
            rare.patternProperties.emplace_back(regex(patternText, at), child);
        node.additionalProperties = sub(Kw::AdditionalProperties);
        rare.propertyNames = sub(Kw::PropertyNames);
        rare.dependentSchemas = subMap(Kw::DependentSchemas);
        node.allOf = subList(Kw::AllOf);
        node.anyOf = subList(Kw::AnyOf);
        node.oneOf = subList(Kw::OneOf);
        // Kept on a base model too: the unions of the models that extend it inherit it.
        if (const Json &d = o.value(u"discriminator"); d.isObject() && d.toObject().value(u"propertyName").isString()) {
            rare.discriminator = std::make_shared<schema::Discriminator>();
            rare.discriminator->propertyName = d.toObject().value(u"propertyName").toString();
            m_pendingMappings.append({rare.discriminator, &d.toObject().value(u"mapping"), info.base, place.kept()});
        }
        if (!node.oneOf.empty() || !node.anyOf.empty())
            m_pendingUnions.push_back(&node);
        rare.notSchema = sub(Kw::Not);
        rare.ifSchema = sub(Kw::If);
        if (rare.ifSchema) {
            rare.thenSchema = sub(Kw::Then);
            rare.elseSchema = sub(Kw::Else);
        }
        rare.unevaluatedItems = sub(Kw::UnevaluatedItems);
        rare.unevaluatedProperties = sub(Kw::UnevaluatedProperties);
        if (!(rare == schema::Rare()))
            node.rareKeywords = std::make_unique<const schema::Rare>(std::move(rare));
        // $defs are compiled only when referenced.
    }

    schema::Graph &m_graph;
    std::deque<Document> m_documentStore;
    QHash<QString, const Document *> m_documents;
    QHash<QString, std::pair<Resource *, Place>> m_resourcesByUri;
    QHash<QString, Place> m_anchors;
    QHash<ValueKey, ScanInfo> m_scanned;
    QHash<ValueKey, const Node *> m_nodes;
    QHash<ValueKey, CompileFailure> m_failures;
    struct PendingAnchor
    {
        Resource *resource;
        QString name;
        Place place;
    };
    QList<PendingAnchor> m_pendingDynamicAnchors;
    QList<PendingMapping> m_pendingMappings;
    std::vector<Node *> m_pendingUnions;
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
        const Place place = m_state->resolve(withoutFragment(url), uri, [&] { return uri; });
        const schema::Node *node = m_state->compile(place);
        m_state->finish();
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
