#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace portico::ui {

// One value of the Try it form: a parameter (or a credential) as the user typed it.
struct TryItInput
{
    QString name;
    QString in;           // path, query, header, cookie
    QString value;        // empty: not sent (a path parameter stays a visible, encoded {name})
    bool isArray = false; // the value is a comma-separated list
    bool explode = true;  // query arrays: name=a&name=b (true) or name=a,b (false)
    // The parameter's declared style (empty: its location's default). An object value is typed as JSON
    // ({"plan":"gold"}) and sent in that style: deepObject filter[plan]=gold, label, matrix, k=v pairs.
    QString style = {};
};

// An HTTP request ready for QNetworkAccessManager.
struct TryItRequest
{
    QByteArray method;
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// The URL of an operation on a server: the base URL's path, then the path template with every {name}
// replaced by its value percent-encoded as one segment ("a/b" becomes "a%2Fb"), then the query parameters
// encoded so that "&", "=", "+" and spaces in values arrive as themselves. Each value is written in its
// parameter's OpenAPI style (form, spaceDelimited, pipeDelimited, deepObject, simple, label, matrix).
QUrl operationUrl(const QUrl &base, const QString &pathTemplate, const QList<TryItInput> &inputs);

// The whole request: URL as above, header and cookie inputs as headers, the body with its Content-Type.
TryItRequest buildRequest(const QUrl &base, const QString &method, const QString &pathTemplate,
                          const QList<TryItInput> &inputs, const QString &contentType = {},
                          const QByteArray &body = {});

} // namespace portico::ui
