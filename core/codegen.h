#pragma once

#include "apidocument.h"
#include "json.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace portico::core {

// Something a code generator could not express in the target language, with where it is in the document.
struct CodegenWarning
{
    QString message;
    QString pointer;
};

// Helpers shared by the client and server generators: naming, reference and example lookup.
namespace codegen {

// Splits names as people write them ("listItems", "X-Request-Id", "predict_predict_post", "HTTPError") into
// lower-case words, so every generator derives its own case convention from the same split.
QStringList words(QStringView text);
QString camelCase(QStringView text);
QString pascalCase(QStringView text);
QString snakeCase(QStringView text);

// Hands out unique identifiers: the first claimant keeps a name, later ones get 2, 3, ... appended; reserved
// names are never handed out as they are.
class NameRegistry
{
public:
    explicit NameRegistry(QSet<QString> reserved = {})
        : m_taken(std::move(reserved))
    {}
    QString claim(const QString &wanted);
    bool isTaken(const QString &name) const { return m_taken.contains(name); }

private:
    QSet<QString> m_taken;
};

// "#/components/schemas/Item" → "Item"; nullopt for any other schema (inline, deeper pointers, other files).
std::optional<QString> modelReference(const Json &schema);

// The schema's `type` as a list (["string", "null"]), with OpenAPI 3.0's `nullable: true` read as "null" too,
// so generators also cope with documents that were not converted.
QStringList schemaTypes(const Json &schema);

// application/json, application/problem+json, text/json...
bool isJsonMediaType(QStringView mediaType);

// The author's first example for a media type: `example`, else the first of `examples` (following local
// `$ref`s to components/examples), else the schema's own `examples`/`example`.
std::optional<Json> firstExample(const ApiMediaType &media, const ApiDocument &document);

// The operationId, or the method and path ("get /items/{id}" → "get items by id"), as text to case.
QString operationName(const ApiEndpoint &endpoint);

// The parameter object as written (style, explode, content are not in ApiParameter).
const Json &parameterObject(const ApiParameter &parameter, const ApiDocument &document);

// The schema of a parameter: `schema`, or the one of its `content` media type.
Json parameterSchema(const ApiParameter &parameter, const ApiDocument &document);

// The first server URL with its variables replaced by their defaults; empty when there is none.
QString defaultServerUrl(const Json &document);

} // namespace codegen
} // namespace portico::core
