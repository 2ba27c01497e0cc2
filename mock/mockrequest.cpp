#include "mockrequest.h"

#include <QUrl>

#include <algorithm>

namespace portico::mock {

QString headerText(const QByteArray &bytes)
{
    return bytes.isValidUtf8() ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
}

QByteArray firstHeader(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool hasHeader(const HeaderList &headers, QByteArrayView name)
{
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto &entry) { return entry.first.compare(name, Qt::CaseInsensitive) == 0; });
}

QByteArray MockRequest::header(QByteArrayView name) const
{
    return firstHeader(headers, name);
}

bool MockRequest::hasHeader(QByteArrayView name) const
{
    return mock::hasHeader(headers, name);
}

QStringList MockRequest::queryValues(QStringView name) const
{
    QStringList values;
    for (const auto &[key, value] : query) {
        if (key == name)
            values.append(value);
    }
    return values;
}

bool MockRequest::hasQuery(QStringView name) const
{
    for (const auto &entry : query) {
        if (entry.first == name)
            return true;
    }
    return false;
}

QString MockRequest::cookie(QStringView name) const
{
    // HTTP/2 clients may split cookies over several Cookie fields (RFC 9113 section 8.2.3), so look at all.
    for (const auto &[key, value] : headers) {
        if (key.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const auto &[cookieName, cookieValue] : parseCookieHeader(value)) {
            if (cookieName == name)
                return cookieValue;
        }
    }
    return {};
}

bool MockRequest::hasCookie(QStringView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const auto &pair : parseCookieHeader(value)) {
            if (pair.first == name)
                return true;
        }
    }
    return false;
}

QByteArray MockRequest::mediaType() const
{
    const QByteArray header = this->header("content-type");
    QByteArrayView type(header);
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    type = type.trimmed();
    // Usually already lower case and unpadded ("application/json"): then the header itself is the answer.
    if (type.size() == header.size() && header.isLower())
        return header;
    return type.toByteArray().toLower();
}

QList<std::pair<QString, QString>> parseCookieHeader(QByteArrayView header)
{
    QList<std::pair<QString, QString>> cookies;
    qsizetype start = 0;
    while (start <= header.size()) {
        qsizetype end = header.indexOf(';', start);
        if (end < 0)
            end = header.size();
        const QByteArrayView pair = header.sliced(start, end - start).trimmed();
        start = end + 1;
        const qsizetype equals = pair.indexOf('=');
        if (equals <= 0)
            continue; // no name: RFC 6265 section 5.2 ignores such pairs
        const QByteArrayView name = pair.first(equals).trimmed();
        QByteArrayView value = pair.sliced(equals + 1).trimmed();
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.sliced(1, value.size() - 2);
        if (!name.isEmpty())
            cookies.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    }
    return cookies;
}

void MockRequest::setUrl(const QUrl &url)
{
    path = url.path(QUrl::FullyEncoded);
    const QByteArray encodedQuery = url.query(QUrl::FullyEncoded).toUtf8();
    target = path.toUtf8() + (encodedQuery.isEmpty() ? QByteArray() : '?' + encodedQuery);
    query = parseQueryString(encodedQuery);
}

QList<std::pair<QString, QString>> parseQueryString(QByteArrayView query)
{
    QList<std::pair<QString, QString>> items;
    if (query.isEmpty())
        return items;
    for (QByteArrayView part : query.toByteArray().split('&')) {
        if (part.isEmpty())
            continue;
        QByteArray p = part.toByteArray().replace('+', ' ');
        const qsizetype eq = p.indexOf('=');
        const QByteArray key = eq < 0 ? p : p.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : p.mid(eq + 1);
        items.append({QUrl::fromPercentEncoding(key), QUrl::fromPercentEncoding(value)});
    }
    return items;
}

} // namespace portico::mock
