// The whole request path after the socket: a raw HTTP request (request line, header lines, blank line, body)
// becomes a MockRequest as the server builds one, and the engine answers it from the feature-rich test
// project — routing, parameter and body validation (JSON, form, multipart), security, rules, templates,
// resources, generated data and response validation.
#include "core/apidocument.h"
#include "mock/mockengine.h"
#include "mock/mockrequest.h"
#include "mock/resourcestore.h"
#include "mock/routetable.h"

#include <QUrl>

#include <cstdint>
#include <cstdlib>

using namespace portico::core;
using namespace portico::mock;

namespace {

MockEngine *engine = nullptr;
Json *document = nullptr;

MockRequest requestFrom(const QByteArray &bytes)
{
    MockRequest r;
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    const QByteArray head = headEnd < 0 ? bytes : bytes.left(headEnd);
    r.body = headEnd < 0 ? QByteArray() : bytes.mid(headEnd + 4);
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    r.method = requestLine.value(0).toUpper();
    r.setUrl(QUrl::fromEncoded(requestLine.value(1)));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.append({lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
    }
    r.client = QStringLiteral("127.0.0.1:40000");
    return r;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    ApiDocument loaded;
    if (!loaded.load(QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/mock/features.yaml")).ok())
        std::abort();
    document = new Json(loaded.root());
    engine = new MockEngine;
    if (!engine->setDocument(*document, {}).ok())
        std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const MockRequest request = requestFrom(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    const auto table = engine->table();
    (void)engine->handle(request, *table);
    // Resources grow with every accepted POST: start each run from the seeded collections.
    if (engine->resources().count(QStringLiteral("items")) > 100) {
        engine->resetResources();
        (void)engine->setDocument(*document, {});
    }
    return 0;
}
