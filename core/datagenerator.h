#pragma once

#include "json.h"

namespace portico::core {

struct GeneratorOptions
{
    quint64 seed = 0;
    // Beyond this nesting only required properties are generated and arrays keep their minimum size, so
    // recursive models (trees, linked lists) end.
    int maxDepth = 6;
    // Arrays get between minItems and minItems + extraItems elements (capped by maxItems).
    int extraItems = 2;
};

// Generates sample data from a JSON Schema: the mock server's dynamic responses and the editor's previews.
// Deterministic: the same schema, seed and salt (a hash of the request) give the same value. Honours type,
// format, enum, const, min/max and exclusive bounds, multipleOf, lengths, pattern (common regex syntax),
// required, items/prefixItems/uniqueItems, nested and recursive models via local `$ref`, unions and allOf.
// Schema `examples` are used where given, as they are the author's idea of realistic data.
class DataGenerator
{
public:
    // `document` resolves local `$ref`s ("#/components/schemas/Item"); it may be the schema itself.
    explicit DataGenerator(Json document, GeneratorOptions options = {});

    Json generate(const Json &schema, quint64 salt = 0) const;
    // Generates from a schema at a JSON pointer of the document (e.g. a model).
    Json generateAt(const QString &pointer, quint64 salt = 0) const;

    // A string matching a regex, for the common subset (classes, escapes, groups, alternation, quantifiers);
    // empty when the pattern uses something this generator does not know.
    static std::optional<QString> stringForPattern(const QString &pattern, quint64 seed);

private:
    Json m_document;
    GeneratorOptions m_options;
};

} // namespace portico::core
