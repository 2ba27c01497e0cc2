#pragma once

#include "json.h"
#include "result.h"

#include <QList>

namespace portico::core {

// Something a conversion could not carry over exactly, with where it was in the source document.
struct ConversionWarning
{
    QString message;
    QString pointer;
};

struct ConversionResult
{
    Json document;
    QList<ConversionWarning> warnings;
    QString sourceVersion; // "2.0", "3.0.3", "3.1.0"
};

// Any supported input (Swagger 2.0, OpenAPI 3.0.x, OpenAPI 3.1.x) as OpenAPI 3.1: nullable → type unions,
// boolean exclusiveMinimum/Maximum → numbers, example → examples where 3.1 expects it, Swagger's definitions,
// body/formData parameters, produces/consumes, host/basePath/schemes → servers, securityDefinitions →
// securitySchemes; x- extensions kept. What cannot be converted is a warning with its location, never dropped
// silently. 3.1 input is returned unchanged, except for 3.0 syntax left in its schemas (nullable, boolean
// exclusive bounds), which is converted with a warning each.
// By value: a caller that moves its only copy in lets the conversion edit the tree in place instead of
// copying every schema it touches (a large spec would otherwise be held twice).
Result<ConversionResult> convertToOpenApi31(Json document);

// OpenAPI 3.1 → 3.0.3: type unions with null → nullable, numeric exclusive bounds → boolean form, examples →
// example, const → single-value enum, and warnings for what 3.0 cannot express.
Result<ConversionResult> convertToOpenApi30(const Json &document31);

// Removes every x- extension (for exports to tools that reject them).
Json stripExtensions(const Json &document);

} // namespace portico::core
