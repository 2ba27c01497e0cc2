#pragma once

#include "codegen.h"
#include "json.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace portico::core {

struct FastApiOptions
{
    int pydantic = 2; // 2 (FastAPI ≥ 0.100) or 1 (older stacks, e.g. Debian 12's FastAPI 0.92)
    // Seed of the sample data returned by operations whose success response has no example
    // (DataGenerator(document, {seed}).generate(schema, 0)).
    quint64 seed = 0;
};

// Relative path ("main.py", "routers/items.py") → file content, in path order.
using GeneratedFiles = QMap<QString, QByteArray>;

// Generates a runnable FastAPI application from an OpenAPI 3.1 document, as the starting point of the real
// backend: `models.py` (Pydantic models whose Field constraints match the schemas), one router module per tag
// under `routers/` (untagged operations in `routers/default.py`), `main.py` including them, and
// `requirements.txt`. Handlers take typed path/query/header parameters and bodies, declare the success
// response as `response_model`, and return the first example (or generated sample data). What Pydantic or
// FastAPI cannot enforce as written is reported in `warnings`.
GeneratedFiles generateFastApi(const Json &openApi31, const FastApiOptions &options = {},
                               QList<CodegenWarning> *warnings = nullptr);

} // namespace portico::core
