#pragma once

#include "mockrequest.h"
#include "routetable.h"

#include "core/json.h"
#include "core/validationerror.h"

namespace portico::mock {

// The outcome of validating a request against its operation: typed parameters (for templates and rules), the
// parsed body, and every error in FastAPI's shape. `status` is 422 for validation errors, 415 for a media
// type the operation does not accept, 0 when the request is valid.
struct ValidatedRequest
{
    core::Json pathParams{core::JsonObject{}};
    core::Json queryParams{core::JsonObject{}};
    core::Json body; // parsed JSON (or form fields as an object); null when none
    bool bodyParsed = false;
    const MediaPlan *bodyMedia = nullptr;
    core::ValidationErrors errors;
    int status = 0;
};

ValidatedRequest validateRequest(const MockRequest &request, const CompiledOperation &operation,
                                 const QList<std::pair<QString, QString>> &pathParameters, const MockSettings &settings);

} // namespace portico::mock
