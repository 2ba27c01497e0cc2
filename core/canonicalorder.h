#pragma once

#include "json.h"

namespace portico::core {

// Reorders the fixed fields of known OpenAPI 3.1 objects (and JSON Schema keywords) into OpenAPI's usual
// order, so saves are canonical whoever wrote the keys. What the author ordered stays as written: maps
// (paths, properties, responses, content, components.*), unknown keys (after the known ones) and `x-`
// extensions (last). Example values, defaults, enums and consts are data and are never touched.
Json canonicalOpenApiOrder(const Json &document);

} // namespace portico::core
