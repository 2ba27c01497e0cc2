#pragma once

#include "trace.h"

#include <QByteArray>
#include <QSet>
#include <QString>

namespace portico::mock {

struct SecuritySchemePlan;

// Where a request or response carries credentials: always Authorization, Proxy-Authorization, Cookie and
// Set-Cookie (every cookie value) and the OAuth 2 `access_token` query parameter; and every API-key header
// and query parameter a document's security schemes name. Built once per document version.
struct CredentialPlaces
{
    QSet<QByteArray> headers; // lower case
    QSet<QString> queryParameters;

    CredentialPlaces();
    void add(const SecuritySchemePlan &scheme);
};

// Replaces credentials in a trace with "REDACTED", keeping what helps to read it: the header, the
// Authorization scheme ("Bearer REDACTED"), cookie names and attributes, the query parameter's name. Traces
// reach whoever can read the trace views, /_portico/traces, a HAR export or the access log, so they never
// hold a secret unless the user asks (--trace-secrets).
void redactCredentials(TraceRecord &trace, const CredentialPlaces &places);

} // namespace portico::mock
