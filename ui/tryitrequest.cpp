#include "tryitrequest.h"

#include "core/jsonparser.h"
#include "core/jsonwriter.h"

#include <optional>

using namespace Qt::StringLiterals;

namespace portico::ui {

namespace {

QStringList values(const TryItInput &input)
{
    if (!input.isArray)
        return {input.value};
    QStringList out;
    for (const QString &part : input.value.split(u','))
        out.append(part.trimmed());
    return out;
}

QByteArray encoded(const QString &text)
{
    return QUrl::toPercentEncoding(text);
}

// Comma-joined list, each element encoded: the comma stays the list separator (OpenAPI's simple and
// non-exploded form styles).
QByteArray encodedList(const TryItInput &input)
{
    QByteArrayList parts;
    for (const QString &v : values(input))
        parts.append(encoded(v));
    return parts.join(',');
}

// An object value, typed as JSON in the field; nullopt for anything else.
std::optional<core::JsonObject> objectValue(const TryItInput &input)
{
    if (!input.value.trimmed().startsWith(u'{'))
        return std::nullopt;
    auto parsed = core::JsonParser().parse(input.value.toUtf8());
    if (!parsed.ok() || !parsed->isObject())
        return std::nullopt;
    return parsed->toObject();
}

QString leafText(const core::Json &value)
{
    return value.isString() ? value.toString() : QString::fromUtf8(core::toJson(value));
}

// A path (or header) value in the simple, label or matrix style.
QByteArray pathValue(const TryItInput &input)
{
    const QString style = input.style.isEmpty() ? u"simple"_s : input.style;
    const bool label = style == u"label", matrix = style == u"matrix";
    const QByteArray name = encoded(input.name);
    QList<std::pair<QByteArray, QByteArray>> entries;
    QByteArrayList items;
    if (const auto object = objectValue(input)) {
        for (const auto &[k, v] : *object)
            entries.append({encoded(k), encoded(leafText(v))});
    } else {
        for (const QString &v : values(input))
            items.append(encoded(v));
    }
    if (!entries.isEmpty()) {
        QByteArrayList assigned, flat;
        for (const auto &[k, v] : entries) {
            assigned.append(k + '=' + v);
            flat << k << v;
        }
        if (label)
            return QByteArray('.' + (input.explode ? assigned.join('.') : flat.join(',')));
        if (matrix)
            return input.explode ? QByteArray(';' + assigned.join(';')) : QByteArray(';' + name + '=' + flat.join(','));
        return input.explode ? assigned.join(',') : flat.join(',');
    }
    if (label)
        return '.' + items.join(input.explode ? '.' : ',');
    if (matrix) {
        if (!input.explode)
            return ';' + name + '=' + items.join(',');
        QByteArray out;
        for (const QByteArray &item : items)
            out += ';' + name + '=' + item;
        return out;
    }
    return items.join(',');
}

// name[key][0]=value for objects and arrays inside a deepObject value.
void appendDeep(QByteArrayList &query, const QByteArray &prefix, const core::Json &value)
{
    if (value.isObject()) {
        for (const auto &[k, v] : value.toObject())
            appendDeep(query, prefix + '[' + encoded(k) + ']', v);
    } else if (value.isArray()) {
        const core::JsonArray &items = value.toArray();
        for (size_t i = 0; i < items.size(); ++i)
            appendDeep(query, prefix + '[' + QByteArray::number(qsizetype(i)) + ']', items[i]);
    } else {
        query.append(prefix + '=' + encoded(leafText(value)));
    }
}

void appendQuery(QByteArrayList &query, const TryItInput &input)
{
    const QByteArray key = encoded(input.name);
    const QString style = input.style.isEmpty() ? u"form"_s : input.style;
    if (const auto object = objectValue(input)) {
        if (style == u"deepObject") {
            appendDeep(query, key, core::Json(*object));
        } else if (input.explode) {
            for (const auto &[k, v] : *object)
                query.append(encoded(k) + '=' + encoded(leafText(v)));
        } else {
            QByteArrayList flat;
            for (const auto &[k, v] : *object)
                flat << encoded(k) << encoded(leafText(v));
            query.append(key + '=' + flat.join(','));
        }
        return;
    }
    if (!input.isArray) {
        query.append(key + '=' + encoded(input.value));
    } else if (input.explode) {
        for (const QString &v : values(input))
            query.append(key + '=' + encoded(v));
    } else {
        // The delimiter encoded as a URL must carry it: %20 and %7C (a bare '|' is not a valid URL character).
        const QByteArray separator = style == u"spaceDelimited" ? "%20" : style == u"pipeDelimited" ? "%7C" : ",";
        QByteArrayList items;
        for (const QString &v : values(input))
            items.append(encoded(v));
        query.append(key + '=' + items.join(separator));
    }
}

} // namespace

QUrl operationUrl(const QUrl &base, const QString &pathTemplate, const QList<TryItInput> &inputs)
{
    // Built as encoded bytes and parsed strictly once: QUrl's setters would decode %2F back into a path
    // separator and treat '&' inside a value as a query delimiter.
    QByteArray path;
    qsizetype i = 0;
    while (i < pathTemplate.size()) {
        const qsizetype open = pathTemplate.indexOf(u'{', i);
        const qsizetype close = open < 0 ? -1 : pathTemplate.indexOf(u'}', open);
        if (open < 0 || close < 0) {
            path += QUrl::toPercentEncoding(pathTemplate.mid(i), "/:@!$&'()*+,;=");
            break;
        }
        path += QUrl::toPercentEncoding(pathTemplate.mid(i, open - i), "/:@!$&'()*+,;=");
        const QString name = pathTemplate.mid(open + 1, close - open - 1);
        const auto input = std::find_if(inputs.begin(), inputs.end(),
                                        [&](const TryItInput &in) { return in.in == u"path" && in.name == name; });
        if (input != inputs.end() && !input->value.isEmpty())
            path += pathValue(*input);
        else
            path += QUrl::toPercentEncoding(pathTemplate.mid(open, close - open + 1));
        i = close + 1;
    }

    QByteArrayList query;
    for (const TryItInput &input : inputs) {
        if (input.in == u"query" && !input.value.isEmpty())
            appendQuery(query, input);
    }

    QByteArray url = base.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash).toEncoded();
    url += path;
    if (!query.isEmpty())
        url += '?' + query.join('&');
    return QUrl::fromEncoded(url, QUrl::StrictMode);
}

TryItRequest buildRequest(const QUrl &base, const QString &method, const QString &pathTemplate,
                          const QList<TryItInput> &inputs, const QString &contentType, const QByteArray &body)
{
    TryItRequest request;
    request.method = method.toUpper().toLatin1();
    request.url = operationUrl(base, pathTemplate, inputs);
    QByteArrayList cookies;
    for (const TryItInput &input : inputs) {
        if (input.value.isEmpty())
            continue;
        if (input.in == u"header")
            request.headers.append({input.name.toLatin1(), QUrl::fromPercentEncoding(pathValue(input)).toUtf8()});
        else if (input.in == u"cookie")
            cookies.append(input.name.toLatin1() + '=' + encodedList(input));
    }
    if (!cookies.isEmpty())
        request.headers.append({"Cookie", cookies.join("; ")});
    if (!body.isEmpty() || !contentType.isEmpty()) {
        request.body = body;
        if (!contentType.isEmpty() && !body.isEmpty())
            request.headers.append({"Content-Type", contentType.toLatin1()});
    }
    return request;
}

} // namespace portico::ui
