// A whole OpenAPI document from bytes, as File → Open and `portico check` take it: parse, convert from
// Swagger 2.0 / OpenAPI 3.0, prepare, then every check (which compiles every schema and validates every
// example against it).
#include "core/apidocument.h"
#include "core/checks.h"
#include "core/documentio.h"

#include <cstdint>

using namespace portico::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // The first byte picks the syntax, so one corpus feeds both readers.
    const FileFormat format = size > 0 && data[0] == '{' ? FileFormat::Json : FileFormat::Yaml;
    auto prepared = prepareDocumentData(bytes, QStringLiteral("fuzz.yaml"), format);
    if (!prepared.ok())
        return 0;
    ApiDocument document;
    document.install(std::move(prepared.value()));
    (void)checkDocument(document);
    return 0;
}
