#include "tryitrequest.h"

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

// Comma-joined list, each element encoded: the comma stays the list separator (OpenAPI's simple and
// non-exploded form styles).
QByteArray encodedList(const TryItInput &input)
{
    QByteArrayList parts;
    for (const QString &v : values(input))
        parts.append(QUrl::toPercentEncoding(v));
    return parts.join(',');
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
            path += encodedList(*input);
        else
            path += QUrl::toPercentEncoding(pathTemplate.mid(open, close - open + 1));
        i = close + 1;
    }

    QByteArrayList query;
    for (const TryItInput &input : inputs) {
        if (input.in != u"query" || input.value.isEmpty())
            continue;
        const QByteArray key = QUrl::toPercentEncoding(input.name);
        if (input.isArray && input.explode) {
            for (const QString &v : values(input))
                query.append(key + '=' + QUrl::toPercentEncoding(v));
        } else {
            query.append(key + '=' + (input.isArray ? encodedList(input) : QUrl::toPercentEncoding(input.value)));
        }
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
            request.headers.append({input.name.toLatin1(), values(input).join(u',').toUtf8()});
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
