// JSON as request bodies arrive (the last duplicate key wins) and as project files are read (duplicates are
// errors, every value's position recorded); what parses is written, and that text must read back to itself
// (not to the input: a number too large for a double is infinity, written as null).
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/sourcemap.h"

#include <cstdint>
#include <cstdlib>

using namespace portico::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto body = JsonParser().parse(bytes);
    SourceMap positions;
    JsonParseOptions project;
    project.rejectDuplicateKeys = true;
    project.sourceMap = &positions;
    (void)JsonParser(project).parse(bytes);
    if (body.ok()) {
        const QByteArray written = toJson(body.value());
        const auto again = JsonParser().parse(written);
        if (!again.ok() || toJson(again.value()) != written)
            std::abort(); // text the writer produced that does not read back to itself
    }
    return 0;
}
