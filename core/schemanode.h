#pragma once

// Internal to the schema compiler and validator: the compiled form of one schema object.

#include "formats.h"
#include "json.h"
#include "regex.h"
#include "schema.h"

#include <QHash>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace portico::core::schema {

enum TypeBit : unsigned {
    NullBit = 1u << 0,
    BoolBit = 1u << 1,
    IntegerBit = 1u << 2,
    NumberBit = 1u << 3, // "number" accepts integers too; the validator treats IntegerBit as implied by it
    StringBit = 1u << 4,
    ArrayBit = 1u << 5,
    ObjectBit = 1u << 6,
};

struct Node;

// OpenAPI's `discriminator`: in a oneOf/anyOf, the branch the tag property names is the only one tried, as in
// a pydantic discriminated union. Real specs rely on it: their `Cat` and `Dog` often both accept
// `{"petType": "Cat", "name": …}`, which plain `oneOf` refuses as matching two branches.
struct Discriminator
{
    QString propertyName;
    bool onOneOf = true; // else on the anyOf
    // Tag → schema. Until the union is complete, the explicit mapping; then tag → branch: the mapping's tags,
    // the branches' schema names, the tag values a branch accepts (`const`/`enum`), listed so in errors.
    std::vector<std::pair<QString, const Node *>> tags;
    // Whether every branch has a tag. If not, a value without a known tag may still be some branch's, and the
    // union is tried branch by branch as plain JSON Schema would.
    bool coversEveryBranch = false;
    // Values of the tag property that several branches accept (a base's `enum` no branch narrows, a mapping
    // that does not resolve): such a value is valid when one of those branches accepts the whole value.
    QHash<QString, std::vector<const Node *>> shared;

    // Adds a tag unless it is known already (the first schema named for a tag keeps it).
    void add(const QString &tag, const Node *node)
    {
        if (m_index.contains(tag))
            return;
        m_index.insert(tag, node);
        tags.emplace_back(tag, node);
    }
    void clearTags()
    {
        tags.clear();
        m_index.clear();
    }
    // Looked up per request: a union of a few hundred tagged branches (Stripe's events) is common.
    const Node *find(const QString &tag) const { return m_index.value(tag); }

private:
    QHash<QString, const Node *> m_index; // over `tags`
};

// The discriminator a union's branches are chosen by: its own, or one every branch inherits from a base
// model through `allOf`; null when none. Needs every node it reads compiled, the mappings resolved.
std::shared_ptr<Discriminator> unionDiscriminator(const Node &node);

// A schema resource (a document root or a subschema with `$id`): the unit of `$dynamicRef`'s dynamic scope.
struct Resource
{
    QString uri;
    QHash<QString, const Node *> dynamicAnchors;
    // False when the resource's meta-schema declares a `$vocabulary` without the validation vocabulary.
    bool validationVocabulary = true;
};

// The keywords few schemas use, kept apart from Node so that a schema without them costs one pointer:
// these were two thirds of a Node's 880 bytes, and a large document compiles 45k nodes.
struct Rare
{
    bool hasConst = false;
    Json constValue;
    const Node *dynamicRef = nullptr;
    QString dynamicAnchorName; // set when the $dynamicRef may resolve through the dynamic scope

    std::optional<Json> minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf;
    std::optional<qint64> minLength, maxLength, minItems, maxItems, minContains, maxContains, minProperties,
        maxProperties;

    std::vector<const Node *> prefixItems;
    const Node *contains = nullptr;
    const Node *unevaluatedItems = nullptr;

    std::vector<std::pair<std::shared_ptr<const Regex>, const Node *>> patternProperties;
    const Node *propertyNames = nullptr;
    const Node *unevaluatedProperties = nullptr;
    std::vector<std::pair<QString, QStringList>> dependentRequired;
    // Filled after compilation, when the nodes its tags come from are complete (they may be cyclic).
    std::shared_ptr<Discriminator> discriminator;
    std::vector<std::pair<QString, const Node *>> dependentSchemas;

    const Node *notSchema = nullptr;
    const Node *ifSchema = nullptr;
    const Node *thenSchema = nullptr;
    const Node *elseSchema = nullptr;

    bool operator==(const Rare &) const = default;
};

struct Node
{
    const Resource *resource = nullptr;
    QString modelName; // "Item" for #/components/schemas/Item or #/$defs/Item: pydantic's union tag

    bool isBoolean = false;
    bool booleanValue = true;
    bool hasEnum = false;
    bool uniqueItems = false;
    unsigned types = 0; // 0: no `type` keyword

    const Node *ref = nullptr;
    JsonArray enumValues;

    std::shared_ptr<const Regex> pattern;
    QString format;
    Format formatId = Format::Unknown;

    const Node *items = nullptr;

    std::vector<std::pair<QString, const Node *>> properties;
    // Open-addressing index over `properties` (FNV-1a, linear probing; -1 empty). Qt's qHash for strings is
    // SipHash, several times slower than this for the short keys of request bodies, and this is the hottest
    // lookup in body validation.
    std::vector<int> propertySlots;
    static quint32 keyHash(QStringView key)
    {
        quint32 h = 2166136261u;
        for (QChar c : key)
            h = (h ^ c.unicode()) * 16777619u;
        return h;
    }
    void indexProperties()
    {
        size_t size = 8;
        while (size < properties.size() * 2)
            size *= 2;
        propertySlots.assign(size, -1);
        for (size_t i = 0; i < properties.size(); ++i) {
            size_t slot = keyHash(properties[i].first) & (size - 1);
            while (propertySlots[slot] >= 0)
                slot = (slot + 1) & (size - 1);
            propertySlots[slot] = int(i);
        }
    }
    // Index of the declared property with this name, or -1.
    qsizetype findProperty(QStringView key) const
    {
        if (propertySlots.empty())
            return -1;
        const size_t mask = propertySlots.size() - 1;
        for (size_t slot = keyHash(key) & mask;; slot = (slot + 1) & mask) {
            const int i = propertySlots[slot];
            if (i < 0)
                return -1;
            if (sameKey(properties[size_t(i)].first, key))
                return i;
        }
    }
    const Node *additionalProperties = nullptr;
    QStringList required;

    std::vector<const Node *> allOf, anyOf, oneOf;

    std::unique_ptr<const Rare> rareKeywords; // null: none of them
    const Rare &rare() const
    {
        static const Rare none;
        return rareKeywords ? *rareKeywords : none;
    }
    bool tracksEvaluation() const { return rare().unevaluatedItems || rare().unevaluatedProperties; }
};

// Owns every compiled node; immutable once compilation is done. Addresses are stable (deque).
class Graph
{
public:
    SchemaOptions options;
    // A `$dynamicRef`'s target depends on the path that reached it, so validating a node on a value may give
    // different answers on different paths; otherwise the answer is the node's and the value's alone.
    bool hasDynamicRefs = false;
    std::deque<Node> nodes;
    std::deque<Resource> resources;
};

} // namespace portico::core::schema
