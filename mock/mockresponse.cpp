#include "mockresponse.h"

#include <algorithm>

namespace portico::mock {

namespace {

// Names in the engine are lower-case literals already; lower-casing them again would copy nothing but still
// walk every character through a table.
QByteArray lowerCase(const QByteArray &name)
{
    return name.isLower() ? name : name.toLower();
}

// A response carries a handful of headers: room for them at once rather than growing one by one.
constexpr qsizetype TypicalHeaderCount = 8;

} // namespace

void MockResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray key = lowerCase(name);
    const auto sameName = [&key](const std::pair<QByteArray, QByteArray> &header) {
        return header.first.size() == key.size() && header.first.compare(key, Qt::CaseInsensitive) == 0;
    };
    const auto first = std::find_if(headers.cbegin(), headers.cend(), sameName);
    if (first == headers.cend()) {
        append(key, value);
        return;
    }
    // Replace the first occurrence in place so the header keeps its position; drop any repeats.
    const qsizetype at = first - headers.cbegin();
    headers[at].second = value;
    headers.erase(std::remove_if(headers.begin() + at + 1, headers.end(), sameName), headers.end());
}

void MockResponse::addHeader(const QByteArray &name, const QByteArray &value)
{
    append(lowerCase(name), value);
}

void MockResponse::append(const QByteArray &lowerCaseName, const QByteArray &value)
{
    if (headers.capacity() == 0)
        headers.reserve(TypicalHeaderCount);
    headers.append({lowerCaseName, value});
}

QByteArray MockResponse::header(QByteArrayView name) const
{
    return firstHeader(headers, name);
}

} // namespace portico::mock
