#pragma once

#include "core/json.h"

#include <QString>

#include <optional>

namespace portico::core {
class ApiDocument;
struct ApiMediaType;
struct ApiParameter;
} // namespace portico::core

namespace portico::ui::tryitsamples {

// What the Try it form starts with: the author's examples first (they are realistic and meant to be sent),
// generated data (the mock's own generator) where the document has none.

// The parameter's example, its schema's example or default; nullopt when the document gives none.
std::optional<core::Json> parameterExample(const core::ApiDocument &document, const core::ApiParameter &parameter);
// Data generated from the parameter's schema.
core::Json generatedParameter(const core::ApiDocument &document, const core::ApiParameter &parameter);
// A value as a form field shows it: strings as they are, arrays comma-separated, the rest as JSON.
QString fieldText(const core::Json &value);
// True when the parameter's schema is an array (the field then takes a comma-separated list).
bool isArrayParameter(const core::ApiDocument &document, const core::ApiParameter &parameter);
// OpenAPI's `explode` for the parameter: explicit, or true for form style (query and cookie defaults).
bool explodes(const core::ApiDocument &document, const core::ApiParameter &parameter);

// The body text for a media type: its example (or first named example), the schema's example, or generated
// data; JSON media types pretty-printed, form media types url-encoded, text as text.
QString bodyText(const core::ApiDocument &document, const core::ApiMediaType &media);
bool isJsonMediaType(QStringView mediaType);

} // namespace portico::ui::tryitsamples
