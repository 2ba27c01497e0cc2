// YAML project files: anchors, aliases (and alias bombs), tags, keys of every kind.
#include "core/yamlio.h"

#include <cstdint>

using namespace portico::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    (void)readYaml(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}
