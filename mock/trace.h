#pragma once

#include "mockrequest.h"

#include "core/json.h"

#include <QDateTime>
#include <QMetaType>

namespace portico::mock {

// Everything about one exchange, for the trace views, /_portico/traces, HAR export and access logs. A value
// that crosses threads (engine threads → GUI) by queued signal.
struct TraceRecord
{
    quint64 id = 0;
    QDateTime started; // UTC
    qint64 durationUs = 0; // receipt to last byte queued, including added latency
    QString client;

    QByteArray method;
    QByteArray target;
    HeaderList requestHeaders;
    QByteArray requestBody; // capped
    bool requestBodyTruncated = false;

    QString operationId; // empty when nothing matched
    QString operationPointer; // /paths/~1items/get
    QString rule; // the x-portico-rules entry that answered, if any
    core::Json requestErrors; // FastAPI `detail` array of the request's validation errors (null: none)
    core::Json responseErrors; // the mock response's mismatches with its declared schema (null: none)

    int status = 0;
    HeaderList responseHeaders;
    QByteArray responseBody; // capped
    bool responseBodyTruncated = false;
    int latencyMs = 0; // added on purpose (x-portico-latency)
    QString fault; // "", "reset", "slow-body", "status"
    bool proxied = false;

    bool hasErrors() const { return !requestErrors.isNull() || !responseErrors.isNull(); }
    // The record as JSON (bodies as text when UTF-8, else base64), for /_portico/traces and --log-format json.
    core::Json toJson() const;
};

} // namespace portico::mock

Q_DECLARE_METATYPE(portico::mock::TraceRecord)
