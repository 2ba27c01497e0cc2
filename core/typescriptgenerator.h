#pragma once

#include "codegen.h"
#include "json.h"

#include <QList>
#include <QString>

namespace portico::core {

// Generates one self-contained TypeScript module (api.ts) for frontend teams: an exported type per model and
// one typed async function per operation on top of `fetch`, plus `createClient()` to bind a base URL and
// request defaults. The input is an OpenAPI 3.1 document (convert 3.0 and Swagger 2.0 first). What the types
// cannot express (unresolvable `$ref`s, alias cycles TypeScript rejects) is reported in `warnings`.
QString generateTypeScript(const Json &openApi31, QList<CodegenWarning> *warnings = nullptr);

} // namespace portico::core
