// The JSON Schema and OpenAPI meta-schemas people `$ref` by URI, shipped with Portico (resources/metaschemas):
// Portico never fetches a URI, and a schema naming its dialect must not fail for want of a network.
#pragma once

#include "core/json.h"

#include <QString>

#include <optional>

namespace portico::core {

// The meta-schema published at `uri` (http or https, with or without an empty fragment), or nullopt when
// Portico does not ship it.
std::optional<Json> bundledMetaSchema(const QString &uri);

} // namespace portico::core
