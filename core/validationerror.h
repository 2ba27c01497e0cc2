#pragma once

#include "json.h"

#include <QList>

namespace portico::core {

// One validation failure in the shape FastAPI (pydantic v2) reports it, so a frontend written against FastAPI
// can consume Portico's 422 bodies unchanged:
// {"type":"string_too_short","loc":["body","name"],"msg":"String should have at least 1 character",
//  "input":"","ctx":{"min_length":1}}
struct ValidationError
{
    QString type;
    JsonArray loc;
    QString msg;
    Json input;
    JsonObject ctx; // omitted from the JSON when empty, as pydantic does for constraint-free errors

    Json toJson() const;
};

using ValidationErrors = QList<ValidationError>;

// {"detail": [...]}, FastAPI's RequestValidationError body.
Json detailBody(const ValidationErrors &errors);

// Python-style rendering used inside pydantic messages: 'text' for strings, 1.5, True/False/None.
QString pythonRepr(const Json &value);

} // namespace portico::core
