#pragma once

#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>

namespace portico::core {

// Why a string fails its `format`, in the shape of a pydantic v2 error: `type` is pydantic's error type where
// pydantic has one (datetime_parsing, date_parsing, time_parsing, time_delta_parsing, uuid_parsing,
// url_parsing, value_error for email, ip_v4_address, ip_v6_address) and a consistent invented one otherwise
// (hostname_parsing, json_pointer_parsing, regex_parsing, ...). `message` is the full pydantic-style msg,
// e.g. "Input should be a valid datetime, invalid date separator, expected `-`"; `reason` is the part that
// pydantic puts in ctx ("error" or "reason"), empty when pydantic's message has no ctx.
struct FormatFailure
{
    QString type;
    QString message;
    QString ctxKey; // "error" or "reason"; empty for no ctx
    QString reason;
};

enum class Format : std::uint8_t {
    Unknown, DateTime, Date, Time, Duration, Email, IdnEmail, Hostname, IdnHostname, Ipv4, Ipv6, Uri, UriReference,
    Iri, IriReference, UriTemplate, Uuid, Regex, JsonPointer, RelativeJsonPointer,
    Byte, // OpenAPI's format registry: base64
};

// Resolved once when a schema compiles, so validation dispatches on an enum rather than on names.
Format formatFromName(QStringView name);
std::optional<FormatFailure> checkFormat(Format format, QStringView value);

// Checks a string against a JSON Schema 2020-12 `format` (RFC 3339 date-time/date/time/duration, RFC 5321
// email, RFC 1123 hostname, ipv4, ipv6, RFC 3986 uri and uri-reference, RFC 4122 uuid, ECMA-262 regex,
// RFC 6901 json-pointer, relative-json-pointer, uri-template, iri, iri-reference, idn-email, idn-hostname,
// and OpenAPI's byte: base64).
// Returns nothing when the value conforms or the format is unknown (unknown formats are annotations).
std::optional<FormatFailure> checkFormat(QStringView format, QStringView value);

// Whether Portico knows how to assert this format.
bool isKnownFormat(QStringView format);

} // namespace portico::core
