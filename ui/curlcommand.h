#pragma once

#include "mock/trace.h"

#include <QString>
#include <QUrl>

namespace portico::ui {

// POSIX shell quoting: the text in single quotes, each ' written as '\'' (a shell reads it back byte for byte,
// with no expansion of $, `, \ or !).
QString shellQuote(const QString &text);

// The URL an exchange is re-sent to: the request target on `base` (scheme, host and port; any base path is
// kept as a prefix), or on the recorded Host header over http when `base` is empty.
QUrl replayUrl(const mock::TraceRecord &record, const QUrl &base);

// A curl command line that re-sends the recorded request: method, URL, headers (without the ones curl sets
// itself) and the body; a body that is not UTF-8 text is piped through base64 so no byte is lost.
QString curlCommand(const mock::TraceRecord &record, const QUrl &base);

// Headers a re-sent request must not copy: the client library computes them for the new connection.
bool isConnectionHeader(QByteArrayView name);

} // namespace portico::ui
