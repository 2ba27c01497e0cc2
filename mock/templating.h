#pragma once

#include "mockrequest.h"

#include "core/json.h"

#include <QDateTime>

namespace portico::mock {

// What a response template may refer to. The engine fills it once per request.
struct TemplateContext
{
    const MockRequest *request = nullptr;
    core::Json pathParams; // object of typed values (already coerced): {"id": 42}
    core::Json queryParams; // object: typed values where known, else strings (arrays for repeated keys).
                            // When not an object, the request's raw query is used instead.
    core::Json body; // the parsed JSON body, or null (then a JSON request body is parsed on first use)
    quint64 seed = 0; // the random helpers are a pure function of this, so a response can be reproduced
    QDateTime now; // the instant {{now}} shows; invalid means the current time (taken once per render)
};

// Renders the templates in the string values of `value` (object keys are left alone):
//
//   {{request.path.id}}  {{request.query.q}}  {{request.header.x-id}}  {{request.cookie.session}}
//   {{request.body.user.address.city}}  {{request.body.items.0.sku}} (or items[0].sku)
//   {{request.method}}  {{request.path}}  {{request.query}}  {{request.body}}
//   {{now}}  {{now "yyyy-MM-dd"}}  {{uuid}}  {{randomInt 1 100}}  {{randomFloat 0 1}}
//   {{randomChoice "a" "b" 3}}
//
// A string that is exactly one template takes the value's JSON type ("{{request.path.id}}" becomes 42,
// "{{request.body.tags}}" an array, a missing value null). Inside other text a value is written as text
// (JSON for objects and arrays) and a missing value as nothing. Unknown helpers and malformed templates stay
// as written; `\{{` writes a literal `{{`. Arguments may be quoted with " or '.
core::Json renderTemplates(const core::Json &value, const TemplateContext &ctx);

// Whether renderTemplates could change the value; cheap enough to run once per example and cache, so the
// engine can skip rendering for the many examples that have no templates at all.
bool containsTemplates(const core::Json &value);

} // namespace portico::mock
