#pragma once

#include "json.h"
#include "result.h"
#include "sourcemap.h"

#include <QByteArray>

namespace portico::core {

struct YamlReadOptions
{
    int maxDepth = 256;
    // An alias expands to a copy of its anchor; this bounds the expanded size so a "billion laughs" file is
    // an error, not an out-of-memory kill.
    qsizetype maxNodes = 5'000'000;
    SourceMap *sourceMap = nullptr;
};

// Reads YAML 1.2 (core schema) into JSON values with yaml-cpp, which keeps mapping order and node positions.
// Plain scalars resolve to null/bool/int/float by the core schema's rules; quoted ones are always strings.
Result<Json> readYaml(const QByteArray &utf8, const YamlReadOptions &options = {});

// Writes block-style YAML; strings that would read back as another type are quoted, so load(save(x)) == x.
QByteArray toYaml(const Json &value);

} // namespace portico::core
