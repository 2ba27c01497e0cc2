#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <utility>

namespace portico::mock {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>; // names lower-cased, order kept

// Header values are octets (RFC 9110 section 5.5); nearly all are ASCII or UTF-8, and Latin-1 is the
// historical reading of anything else, which at least never loses a byte.
QString headerText(const QByteArray &bytes);

// The first value of header `name` (any case: stored names are lower case, callers spell them as the RFCs do,
// "Content-Type"); empty when absent.
QByteArray firstHeader(const HeaderList &headers, QByteArrayView name);
bool hasHeader(const HeaderList &headers, QByteArrayView name);

// One HTTP request as the engine sees it: a value, independent of the socket it came from, so the engine can
// be tested without a network and a trace can keep it.
struct MockRequest
{
    QByteArray method; // upper case: GET, POST, ...
    QString path; // percent-decoded path, no query
    QByteArray target; // the raw request target as received (path and query)
    QList<std::pair<QString, QString>> query; // decoded, in order; a key may repeat
    HeaderList headers;
    QByteArray body;
    QString client; // "127.0.0.1:53412"

    // Sets path, target and query from the request's URL, as the server receives it.
    void setUrl(const QUrl &url);

    QByteArray header(QByteArrayView name) const; // first value, name case-insensitive; empty when absent
    bool hasHeader(QByteArrayView name) const;
    QStringList queryValues(QStringView name) const;
    bool hasQuery(QStringView name) const;
    // Cookie values from the Cookie header.
    QString cookie(QStringView name) const;
    bool hasCookie(QStringView name) const;
    // The media type of Content-Type without parameters, lower-cased ("application/json").
    QByteArray mediaType() const;
};

// The items of a query string as Starlette reads them: '+' is a space, keys may repeat, order kept.
QList<std::pair<QString, QString>> parseQueryString(QByteArrayView query);

// The name=value pairs of a Cookie header (RFC 6265 section 4.2: "a=b; c=d"), values unquoted, in order.
// Pairs without '=' are skipped, as browsers do.
QList<std::pair<QString, QString>> parseCookieHeader(QByteArrayView header);

} // namespace portico::mock
