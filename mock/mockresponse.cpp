#include "mockresponse.h"

namespace portico::mock {

void MockResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray key = name.toLower();
    // Replace the first occurrence in place so the header keeps its position; drop any repeats.
    bool replaced = false;
    for (qsizetype i = 0; i < headers.size();) {
        if (headers[i].first.compare(key, Qt::CaseInsensitive) == 0) {
            if (!replaced) {
                headers[i].second = value;
                replaced = true;
                ++i;
            } else {
                headers.removeAt(i);
            }
        } else {
            ++i;
        }
    }
    if (!replaced)
        headers.append({key, value});
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
