#pragma once

#include "json.h"

#include <QStringList>

#include <memory>
#include <optional>

namespace portico::core {

struct GeneratorOptions
{
    quint64 seed = 0;
    // Beyond this nesting only required properties are generated and arrays keep their minimum size, so
    // recursive models (trees, linked lists) end.
    int maxDepth = 6;
    // Arrays get between minItems and minItems + extraItems elements (capped by maxItems).
    int extraItems = 2;
    // Use the schemas' `example`/`examples` (the author's idea of realistic data) where they are given.
    bool useExamples = true;
};

class GeneratedDataCheck;

// Generates sample data from a JSON Schema: the mock server's dynamic responses and the editor's previews.
// Deterministic: the same schema, seed and salt (a hash of the request) give the same value. Honours type,
// format, enum, const, min/max and exclusive bounds, multipleOf, lengths, pattern (common regex syntax),
// required, items/prefixItems/uniqueItems, nested and recursive models via local `$ref`, unions and allOf.
// Schema `examples` are used where given, as they are the author's idea of realistic data. Safe to use from
// several threads at once; copies share what they have compiled.
class DataGenerator
{
public:
    // `document` resolves local `$ref`s ("#/components/schemas/Item"); it may be the schema itself.
    explicit DataGenerator(Json document, GeneratorOptions options = {});
    ~DataGenerator();
    DataGenerator(const DataGenerator &) = default;
    DataGenerator &operator=(const DataGenerator &) = default;

    // Best effort: a schema given by value is not checked.
    Json generate(const Json &schema, quint64 salt = 0) const;
    // Generates from a schema at a JSON pointer of the document (e.g. a model), valid against it: examples and
    // enum members are used only when the schema accepts them, union branches are tried until the union
    // accepts the value (a `oneOf` value must match one branch only), the whole is validated (each schema is
    // compiled on first use) and generated again without examples when it fails. When no valid value is found
    // (a pattern that excludes its own lengths, an enum none of whose members has the schema's type), `unmet`
    // receives what could not be met, each with its schema's pointer.
    Json generateAt(const QString &pointer, quint64 salt = 0, QStringList *unmet = nullptr) const;

    // A string matching a regex, for the common subset (classes, escapes, groups, alternation, quantifiers);
    // empty when the pattern uses something this generator does not know.
    static std::optional<QString> stringForPattern(const QString &pattern, quint64 seed);

private:
    Json generateFrom(const QString &pointer, quint64 salt, const GeneratorOptions &options, QStringList *unmet) const;

    std::shared_ptr<const Json> m_document; // shared by copies: the checks compile it once
    GeneratorOptions m_options;
    std::shared_ptr<GeneratedDataCheck> m_check;
};

} // namespace portico::core
