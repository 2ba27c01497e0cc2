#pragma once

#include <optional>

#include "mockresponse.h"
#include "requestvalidation.h"
#include "routetable.h"

namespace portico::mock {

// Builds a mock response for a chosen status: picks the media type by Accept, the body from a named or the
// first example (or generated from the schema when asked for or when there is none), renders templates, adds
// documented headers, and prepares streams.
struct ResponseChoice
{
    int status = 200;
    QString example; // name; empty: first
    bool dynamic = false; // Prefer: dynamic=true → generate even when examples exist
    std::optional<core::Json> literalBody; // from a rule's `respond.body`
};

struct BuiltResponse
{
    MockResponse response;
    core::Json bodyValue; // before serialisation (null when no body), for response validation
    const MediaPlan *media = nullptr;
    const PreparedExample *example = nullptr; // a static example: already validated, nothing to check again
};

BuiltResponse buildResponse(const RouteTable &table, const CompiledOperation &op, const ResponseChoice &choice,
                            const MockRequest &request, const ValidatedRequest &validated, quint64 salt);

// A `Prefer` header the operation cannot honour: a `code` it does not document (nor covers with a range or
// `default`), or an `example` its chosen response has no example of that name. Answered with a 400 that names
// what is documented, rather than with generated data or a bare status (issue 13, item 8).
std::optional<MockResponse> refusedPreference(const CompiledOperation &op, const ResponseChoice &choice, bool codeGiven,
                                              const MockRequest &request);

// Serialises a body for a media type: JSON for JSON types, strings as they are.
QByteArray serializeBody(const core::Json &value, QStringView mediaType);
bool isXmlMedia(QStringView media);
// A body in its media type: XML (shaped by the schema's `xml` objects) for XML types, else serializeBody().
QByteArray encodeBody(const core::Json &value, const MediaPlan &media, const core::Json &document);

// The documented media type of a response the client's Accept header wants most (JSON among equals, so
// `*/*` gets JSON when it is documented); `notAcceptable` when it allows none of them (406).
struct Negotiated
{
    const MediaPlan *media = nullptr;
    bool notAcceptable = false;
};
Negotiated negotiate(const ResponsePlan &plan, const QByteArray &accept);

// An RFC 9457 problem body, for answers no example covers (faults, rate limits without a documented example).
MockResponse problemResponse(int status, const QString &detail, const core::JsonObject &extensions = {});


} // namespace portico::mock
