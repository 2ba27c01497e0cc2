// A JSON Schema and an instance, as the mock validates request bodies: the input is a JSON array
// [schema, instance]; the schema is compiled, then the instance validated strictly and laxly, with and
// without errors.
#include "core/jsonparser.h"
#include "core/schema.h"

#include <cstdint>
#include <cstdlib>

using namespace portico::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto parsed = JsonParser().parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!parsed.ok() || !parsed.value().isArray() || parsed.value().toArray().size() != 2)
        return 0;
    const JsonArray &pair = parsed.value().toArray();
    for (const bool lax : {false, true}) {
        SchemaOptions options;
        options.lax = lax;
        SchemaCompiler compiler(options);
        const auto schema = compiler.compile(pair[0]);
        if (!schema.ok())
            continue;
        const bool valid = schema.value().isValid(pair[1]);
        // isValid and validate must agree: no errors exactly when valid.
        if (valid != schema.value().validate(pair[1]).isEmpty())
            std::abort();
    }
    return 0;
}
