// Response templates as examples and rules write them: the input is a template string, a newline, and a
// JSON request body; the request also has a header, a cookie and a query the template may refer to.
#include "core/jsonparser.h"
#include "mock/templating.h"

#include <cstdint>

using namespace portico::core;
using namespace portico::mock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = bytes.indexOf('\n');
    const QString text = QString::fromUtf8(newline < 0 ? bytes : bytes.left(newline));
    MockRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/items/42");
    request.target = "/items/42?q=a&q=b";
    request.query = {{QStringLiteral("q"), QStringLiteral("a")}, {QStringLiteral("q"), QStringLiteral("b")}};
    request.headers = {{"x-id", "7"}, {"cookie", "session=abc"}, {"content-type", "application/json"}};
    request.body = newline < 0 ? QByteArray() : bytes.mid(newline + 1);
    TemplateContext context;
    context.request = &request;
    context.pathParams = Json(JsonObject{{QStringLiteral("id"), Json(42)}});
    context.seed = 1;
    const Json value(JsonArray{Json(text), Json(JsonObject{{QStringLiteral("nested"), Json(text)}})});
    if (containsTemplates(value))
        (void)renderTemplates(value, context);
    return 0;
}
