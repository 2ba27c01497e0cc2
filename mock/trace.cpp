#include "trace.h"

using namespace Qt::StringLiterals;
using portico::core::Json;
using portico::core::JsonArray;
using portico::core::JsonObject;

namespace portico::mock {
namespace {

Json headersJson(const HeaderList &headers)
{
    JsonArray list;
    list.reserve(size_t(headers.size()));
    for (const auto &[name, value] : headers)
        list.push_back(JsonArray{Json(headerText(name)), Json(headerText(value))});
    return list;
}

// Text keeps a trace readable (and greppable in JSON logs); binary bodies survive as base64.
Json bodyJson(const QByteArray &body)
{
    if (body.isValidUtf8())
        return QString::fromUtf8(body);
    return JsonObject{{u"base64"_s, QString::fromLatin1(body.toBase64())}};
}

Json textOrNull(const QString &text)
{
    return text.isEmpty() ? Json() : Json(text);
}

} // namespace

Json TraceRecord::toJson() const
{
    JsonObject request{
        {u"method"_s, QString::fromLatin1(method)},
        {u"target"_s, headerText(target)},
        {u"headers"_s, headersJson(requestHeaders)},
        {u"body"_s, bodyJson(requestBody)},
        {u"body_truncated"_s, requestBodyTruncated},
    };
    JsonObject operation{
        {u"id"_s, textOrNull(operationId)},
        {u"pointer"_s, textOrNull(operationPointer)},
        {u"rule"_s, textOrNull(rule)},
    };
    JsonObject errors{
        {u"request"_s, requestErrors},
        {u"response"_s, responseErrors},
    };
    JsonObject response{
        {u"status"_s, status},
        {u"headers"_s, headersJson(responseHeaders)},
        {u"body"_s, bodyJson(responseBody)},
        {u"body_truncated"_s, responseBodyTruncated},
    };
    return JsonObject{
        {u"id"_s, qint64(id)},
        {u"started"_s, started.isValid() ? Json(started.toUTC().toString(Qt::ISODateWithMs)) : Json()},
        {u"duration_ms"_s, double(durationUs) / 1000.0},
        {u"client"_s, client},
        {u"request"_s, std::move(request)},
        {u"operation"_s, std::move(operation)},
        {u"errors"_s, std::move(errors)},
        {u"response"_s, std::move(response)},
        {u"latency_ms"_s, latencyMs},
        {u"fault"_s, fault},
        {u"proxied"_s, proxied},
    };
}

} // namespace portico::mock
