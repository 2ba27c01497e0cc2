#include "mockresponse.h"

#include <algorithm>

namespace portico::mock {

void MockResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray key = name.toLower(); // shares `name` when it already is, as the engine's literals are
    const auto sameName = [&key](const std::pair<QByteArray, QByteArray> &header) {
        return header.first.size() == key.size() && header.first.compare(key, Qt::CaseInsensitive) == 0;
    };
    const auto first = std::find_if(headers.cbegin(), headers.cend(), sameName);
    if (first == headers.cend()) {
        headers.append({key, value});
        return;
    }
    // Replace the first occurrence in place so the header keeps its position; drop any repeats.
    const qsizetype at = first - headers.cbegin();
    headers[at].second = value;
    headers.erase(std::remove_if(headers.begin() + at + 1, headers.end(), sameName), headers.end());
}

void MockResponse::addHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name.toLower(), value});
}

QByteArray MockResponse::header(QByteArrayView name) const
{
    return firstHeader(headers, name);
}

} // namespace portico::mock
