#include "har.h"

#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;
using portico::core::Json;
using portico::core::JsonArray;
using portico::core::JsonObject;

namespace portico::mock {
namespace {

Json nameValue(const QString &name, const QString &value)
{
    return JsonObject{{u"name"_s, name}, {u"value"_s, value}};
}

Json headersHar(const HeaderList &headers)
{
    JsonArray list;
    list.reserve(size_t(headers.size()));
    for (const auto &[name, value] : headers)
        list.push_back(nameValue(headerText(name), headerText(value)));
    return list;
}

QString absoluteUrl(const TraceRecord &record)
{
    const QString target = headerText(record.target);
    if (target.startsWith(u"http://", Qt::CaseInsensitive) || target.startsWith(u"https://", Qt::CaseInsensitive))
        return target; // absolute-form, as a proxy receives it
    const QByteArray hostHeader = firstHeader(record.requestHeaders, "host").trimmed();
    const QString host = hostHeader.isEmpty() ? u"127.0.0.1"_s : headerText(hostHeader);
    return u"http://"_s + host + (target.startsWith(u'/') ? u""_s : u"/"_s) + target;
}

Json queryStringHar(const QByteArray &target)
{
    JsonArray list;
    qsizetype question = target.indexOf('?');
    if (question < 0)
        return list;
    qsizetype end = target.indexOf('#', question);
    if (end < 0)
        end = target.size();
    const QByteArray query = target.sliced(question + 1, end - question - 1);
    // Decoded as a form would be ('+' is a space), which is how web frameworks read query strings.
    const auto decode = [](QByteArrayView part) {
        QByteArray bytes = part.toByteArray();
        bytes.replace('+', ' ');
        return QUrl::fromPercentEncoding(bytes);
    };
    for (const QByteArray &pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        if (equals < 0)
            list.push_back(nameValue(decode(pair), QString()));
        else
            list.push_back(nameValue(decode(pair.first(equals)), decode(pair.sliced(equals + 1))));
    }
    return list;
}

Json requestCookiesHar(const HeaderList &headers)
{
    JsonArray list;
    for (const auto &[name, value] : headers) {
        if (name.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const auto &[cookieName, cookieValue] : parseCookieHeader(value))
            list.push_back(nameValue(cookieName, cookieValue));
    }
    return list;
}

// Name, value and the attributes HAR has fields for; Expires is left out because HAR wants ISO 8601 and the
// header carries an HTTP date, and a cookie list is informational anyway (the headers are the record).
Json responseCookiesHar(const HeaderList &headers)
{
    JsonArray list;
    for (const auto &[name, value] : headers) {
        if (name.compare("set-cookie", Qt::CaseInsensitive) != 0)
            continue;
        const QList<QByteArray> parts = value.split(';');
        const QByteArrayView pair = QByteArrayView(parts.front()).trimmed();
        const qsizetype equals = pair.indexOf('=');
        if (equals <= 0)
            continue;
        QByteArrayView cookieValue = pair.sliced(equals + 1).trimmed();
        if (cookieValue.size() >= 2 && cookieValue.front() == '"' && cookieValue.back() == '"')
            cookieValue = cookieValue.sliced(1, cookieValue.size() - 2);
        JsonObject cookie{{u"name"_s, QString::fromUtf8(pair.first(equals).trimmed())},
                          {u"value"_s, QString::fromUtf8(cookieValue)}};
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArrayView attribute = QByteArrayView(parts[i]).trimmed();
            const qsizetype eq = attribute.indexOf('=');
            const QByteArrayView key = (eq < 0 ? attribute : attribute.first(eq)).trimmed();
            const QString attributeValue = eq < 0 ? QString() : QString::fromUtf8(attribute.sliced(eq + 1).trimmed());
            if (key.compare("path", Qt::CaseInsensitive) == 0)
                cookie.insert(u"path"_s, attributeValue);
            else if (key.compare("domain", Qt::CaseInsensitive) == 0)
                cookie.insert(u"domain"_s, attributeValue);
            else if (key.compare("httponly", Qt::CaseInsensitive) == 0)
                cookie.insert(u"httpOnly"_s, true);
            else if (key.compare("secure", Qt::CaseInsensitive) == 0)
                cookie.insert(u"secure"_s, true);
        }
        list.push_back(std::move(cookie));
    }
    return list;
}

// HAR 1.2 has `encoding` only on response content; request bodies that are not text get the same treatment
// under a custom `_encoding`, which fromHar reads back (as it does a plain `encoding` some tools write).
void putBody(JsonObject &object, const QByteArray &body, const QString &encodingKey)
{
    if (body.isValidUtf8()) {
        object.insert(u"text"_s, QString::fromUtf8(body));
    } else {
        object.insert(u"text"_s, QString::fromLatin1(body.toBase64()));
        object.insert(encodingKey, u"base64"_s);
    }
}

Json entryHar(const TraceRecord &record)
{
    const double timeMs = double(record.durationUs) / 1000.0;
    const QString started = record.started.isValid()
        ? record.started.toUTC().toString(Qt::ISODateWithMs)
        : u"1970-01-01T00:00:00.000Z"_s; // required field; an unknown start is the epoch, not a made-up now

    JsonObject request{
        {u"method"_s, QString::fromLatin1(record.method)},
        {u"url"_s, absoluteUrl(record)},
        {u"httpVersion"_s, u"HTTP/1.1"_s},
        {u"cookies"_s, requestCookiesHar(record.requestHeaders)},
        {u"headers"_s, headersHar(record.requestHeaders)},
        {u"queryString"_s, queryStringHar(record.target)},
    };
    if (!record.requestBody.isEmpty()) {
        JsonObject postData{{u"mimeType"_s, headerText(firstHeader(record.requestHeaders, "content-type"))}};
        putBody(postData, record.requestBody, u"_encoding"_s);
        request.insert(u"postData"_s, std::move(postData));
    }
    request.insert(u"headersSize"_s, -1);
    request.insert(u"bodySize"_s, qint64(record.requestBody.size()));

    JsonObject content{
        {u"size"_s, qint64(record.responseBody.size())},
        {u"mimeType"_s, headerText(firstHeader(record.responseHeaders, "content-type"))},
    };
    putBody(content, record.responseBody, u"encoding"_s);

    JsonObject response{
        {u"status"_s, record.status},
        {u"statusText"_s, reasonPhrase(record.status)},
        {u"httpVersion"_s, u"HTTP/1.1"_s},
        {u"cookies"_s, responseCookiesHar(record.responseHeaders)},
        {u"headers"_s, headersHar(record.responseHeaders)},
        {u"content"_s, std::move(content)},
        {u"redirectURL"_s, headerText(firstHeader(record.responseHeaders, "location"))},
        {u"headersSize"_s, -1},
        {u"bodySize"_s, qint64(record.responseBody.size())},
    };

    JsonObject portico{
        {u"id"_s, qint64(record.id)},
        {u"client"_s, record.client},
        {u"operationId"_s, record.operationId},
        {u"operationPointer"_s, record.operationPointer},
        {u"rule"_s, record.rule},
        {u"errors"_s, JsonObject{{u"request"_s, record.requestErrors}, {u"response"_s, record.responseErrors}}},
        {u"latencyMs"_s, record.latencyMs},
        {u"fault"_s, record.fault},
        {u"proxied"_s, record.proxied},
        {u"durationUs"_s, record.durationUs},
        {u"requestBodyTruncated"_s, record.requestBodyTruncated},
        {u"responseBodyTruncated"_s, record.responseBodyTruncated},
    };

    return JsonObject{
        {u"startedDateTime"_s, started},
        {u"time"_s, timeMs},
        {u"request"_s, std::move(request)},
        {u"response"_s, std::move(response)},
        {u"cache"_s, JsonObject()},
        // Portico answers from memory: the whole exchange is server time. `time` must equal the sum.
        {u"timings"_s, JsonObject{{u"send"_s, 0}, {u"wait"_s, timeMs}, {u"receive"_s, 0}}},
        {u"_portico"_s, std::move(portico)},
    };
}

// --- reading ---

// A number as an integer within [min, max]; fallback when absent, not a number or out of range (a cast of
// an out-of-range double would be undefined).
qint64 integerOf(const Json &value, qint64 fallback, qint64 min, qint64 max)
{
    if (value.isInteger())
        return value.toInteger() >= min && value.toInteger() <= max ? value.toInteger() : fallback;
    if (value.isDouble()) {
        const double d = value.toDouble();
        // The last test keeps llround in range when max is near the top of qint64 (2^63 is not representable).
        if (std::isfinite(d) && d >= double(min) && d <= double(max) && std::fabs(d) < 9.0e18)
            return qint64(std::llround(d));
    }
    return fallback;
}

// HAR header lists; names lower-cased as HeaderList requires. HTTP/2 pseudo-headers are not headers: they
// are dropped, except that :authority stands in for a missing Host.
HeaderList headersFromHar(const Json &list)
{
    HeaderList headers;
    QByteArray authority;
    for (const Json &header : list.toArray()) {
        if (!header.isObject() || !header[u"name"].isString())
            continue;
        const QByteArray name = header[u"name"].toString().toUtf8().toLower();
        const QByteArray value = header[u"value"].toString().toUtf8();
        if (name.startsWith(':')) {
            if (name == ":authority")
                authority = value;
            continue;
        }
        headers.append({name, value});
    }
    if (!authority.isEmpty() && !hasHeader(headers, "host"))
        headers.prepend({QByteArrayLiteral("host"), authority});
    return headers;
}

QByteArray bodyFromHar(const Json &object, QStringView encodingKey)
{
    const QString &text = object[u"text"].toString();
    const bool base64 = object[encodingKey].toString() == u"base64" || object[u"encoding"].toString() == u"base64";
    if (base64)
        return QByteArray::fromBase64(text.toLatin1());
    return text.toUtf8();
}

// The request target (origin-form: path and query) of an absolute URL, still percent-encoded as sent.
QByteArray targetFromUrl(const QString &url)
{
    QString target = url;
    const qsizetype scheme = url.indexOf(u"://");
    if (scheme >= 0) {
        const qsizetype slash = url.indexOf(u'/', scheme + 3);
        const qsizetype question = url.indexOf(u'?', scheme + 3);
        qsizetype start = slash;
        if (question >= 0 && (slash < 0 || question < slash))
            start = question; // "http://host?x=1"
        target = start < 0 ? u"/"_s : url.sliced(start);
        if (target.startsWith(u'?'))
            target.prepend(u'/');
    }
    const qsizetype hash = target.indexOf(u'#');
    if (hash >= 0)
        target.truncate(hash);
    if (target.isEmpty())
        target = u"/"_s;
    return target.toUtf8();
}

// A form body rebuilt from postData.params, for tools that write params instead of text.
QByteArray formFromParams(const Json &params)
{
    QByteArray body;
    for (const Json &param : params.toArray()) {
        if (!param.isObject())
            continue;
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(param[u"name"].toString());
        body += '=';
        body += QUrl::toPercentEncoding(param[u"value"].toString());
    }
    return body;
}

std::optional<TraceRecord> recordFromHar(const Json &entry)
{
    if (!entry.isObject() || !entry[u"request"].isObject())
        return std::nullopt;
    const Json &request = entry[u"request"];
    const Json &response = entry[u"response"];
    const Json &portico = entry[u"_portico"];

    TraceRecord record;
    record.id = quint64(integerOf(portico[u"id"], 0, 0, std::numeric_limits<qint64>::max()));
    const QDateTime started = QDateTime::fromString(entry[u"startedDateTime"].toString(), Qt::ISODateWithMs);
    if (started.isValid())
        record.started = started.toUTC();
    const qint64 maxUs = qint64(1) << 53;
    record.durationUs = integerOf(portico[u"durationUs"], -1, 0, maxUs);
    if (record.durationUs < 0) {
        const double us = entry[u"time"].toDouble(-1) * 1000.0; // browsers write -1 for unknown
        record.durationUs = std::isfinite(us) && us >= 0 ? qint64(std::llround(std::min(us, double(maxUs)))) : 0;
    }
    record.client = portico[u"client"].toString();

    record.method = request[u"method"].toString().toUtf8().toUpper();
    record.target = targetFromUrl(request[u"url"].toString());
    record.requestHeaders = headersFromHar(request[u"headers"]);
    const Json &postData = request[u"postData"];
    if (postData.isObject()) {
        record.requestBody = postData[u"text"].isString() ? bodyFromHar(postData, u"_encoding")
                                                           : formFromParams(postData[u"params"]);
    }
    record.requestBodyTruncated = portico[u"requestBodyTruncated"].toBool();

    record.operationId = portico[u"operationId"].toString();
    record.operationPointer = portico[u"operationPointer"].toString();
    record.rule = portico[u"rule"].toString();
    record.requestErrors = portico[u"errors"][u"request"];
    record.responseErrors = portico[u"errors"][u"response"];

    record.status = int(integerOf(response[u"status"], 0, 0, 999));
    record.responseHeaders = headersFromHar(response[u"headers"]);
    record.responseBody = bodyFromHar(response[u"content"], u"encoding");
    record.responseBodyTruncated = portico[u"responseBodyTruncated"].toBool();
    record.latencyMs = int(integerOf(portico[u"latencyMs"], 0, 0, std::numeric_limits<int>::max()));
    record.fault = portico[u"fault"].toString();
    record.proxied = portico[u"proxied"].toBool();
    return record;
}

} // namespace

Json toHar(const QList<TraceRecord> &records, const QString &creatorVersion)
{
    JsonArray entries;
    entries.reserve(size_t(records.size()));
    for (const TraceRecord &record : records)
        entries.push_back(entryHar(record));
    return JsonObject{{u"log"_s, JsonObject{
        {u"version"_s, u"1.2"_s},
        {u"creator"_s, JsonObject{{u"name"_s, u"Portico"_s}, {u"version"_s, creatorVersion}}},
        {u"entries"_s, std::move(entries)},
    }}};
}

QList<TraceRecord> fromHar(const Json &har, QString *error)
{
    if (error)
        error->clear();
    // A bare log object (what some tools export) is accepted as well as the {"log": ...} document.
    const Json &log = har[u"log"].isObject() ? har[u"log"] : har;
    if (!log.isObject() || !log[u"entries"].isArray()) {
        if (error)
            *error = u"not a HAR file: expected {\"log\": {\"entries\": [...]}}"_s;
        return {};
    }
    QList<TraceRecord> records;
    for (const Json &entry : log[u"entries"].toArray()) {
        if (std::optional<TraceRecord> record = recordFromHar(entry))
            records.append(std::move(*record));
    }
    return records;
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 100: return u"Continue"_s;
    case 101: return u"Switching Protocols"_s;
    case 102: return u"Processing"_s;
    case 103: return u"Early Hints"_s;
    case 200: return u"OK"_s;
    case 201: return u"Created"_s;
    case 202: return u"Accepted"_s;
    case 203: return u"Non-Authoritative Information"_s;
    case 204: return u"No Content"_s;
    case 205: return u"Reset Content"_s;
    case 206: return u"Partial Content"_s;
    case 207: return u"Multi-Status"_s;
    case 208: return u"Already Reported"_s;
    case 226: return u"IM Used"_s;
    case 300: return u"Multiple Choices"_s;
    case 301: return u"Moved Permanently"_s;
    case 302: return u"Found"_s;
    case 303: return u"See Other"_s;
    case 304: return u"Not Modified"_s;
    case 305: return u"Use Proxy"_s;
    case 307: return u"Temporary Redirect"_s;
    case 308: return u"Permanent Redirect"_s;
    case 400: return u"Bad Request"_s;
    case 401: return u"Unauthorized"_s;
    case 402: return u"Payment Required"_s;
    case 403: return u"Forbidden"_s;
    case 404: return u"Not Found"_s;
    case 405: return u"Method Not Allowed"_s;
    case 406: return u"Not Acceptable"_s;
    case 407: return u"Proxy Authentication Required"_s;
    case 408: return u"Request Timeout"_s;
    case 409: return u"Conflict"_s;
    case 410: return u"Gone"_s;
    case 411: return u"Length Required"_s;
    case 412: return u"Precondition Failed"_s;
    case 413: return u"Content Too Large"_s;
    case 414: return u"URI Too Long"_s;
    case 415: return u"Unsupported Media Type"_s;
    case 416: return u"Range Not Satisfiable"_s;
    case 417: return u"Expectation Failed"_s;
    case 418: return u"I'm a teapot"_s;
    case 421: return u"Misdirected Request"_s;
    case 422: return u"Unprocessable Content"_s;
    case 423: return u"Locked"_s;
    case 424: return u"Failed Dependency"_s;
    case 425: return u"Too Early"_s;
    case 426: return u"Upgrade Required"_s;
    case 428: return u"Precondition Required"_s;
    case 429: return u"Too Many Requests"_s;
    case 431: return u"Request Header Fields Too Large"_s;
    case 451: return u"Unavailable For Legal Reasons"_s;
    case 500: return u"Internal Server Error"_s;
    case 501: return u"Not Implemented"_s;
    case 502: return u"Bad Gateway"_s;
    case 503: return u"Service Unavailable"_s;
    case 504: return u"Gateway Timeout"_s;
    case 505: return u"HTTP Version Not Supported"_s;
    case 506: return u"Variant Also Negotiates"_s;
    case 507: return u"Insufficient Storage"_s;
    case 508: return u"Loop Detected"_s;
    case 510: return u"Not Extended"_s;
    case 511: return u"Network Authentication Required"_s;
    default: return {};
    }
}

} // namespace portico::mock
