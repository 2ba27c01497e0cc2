#pragma once

#include "trace.h"

#include "core/json.h"

#include <QList>
#include <QString>

namespace portico::mock {

// HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the format browsers' developer tools,
// proxies and API clients exchange traffic in. Portico's own details (operation, validation errors, added
// latency, fault) ride along in an `_portico` object per entry, as the format allows for `_` fields.
core::Json toHar(const QList<TraceRecord> &records, const QString &creatorVersion);

// Reads entries back into records, tolerating what browsers leave out or add (HTTP/2 pseudo-headers, no
// bodies, unknown fields). Records keep the `_portico` id when there is one, else 0 (a TraceBuffer gives them
// one). Returns an empty list and sets *error when the document is not a HAR log at all; malformed entries
// are skipped.
QList<TraceRecord> fromHar(const core::Json &har, QString *error = nullptr);

// The standard reason phrase of a status code (RFC 9110 and common extensions), empty when unknown.
QString reasonPhrase(int status);

} // namespace portico::mock
