#pragma once

#include "result.h"

#include <QList>

namespace portico::core {

class ApiDocument;

// A problem found in a document, located by JSON pointer (and line/column where the file says).
struct Problem
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString message;
    Location location;

    QString toString() const;
};

// The checks behind `portico check` and the GUI's Problems panel: structure, broken `$ref`s, duplicate
// operationIds, path templates against path parameters, schemas that do not compile, unknown schema keywords
// (likely typos), and examples and defaults that do not match their schemas. Ordered by position in the file.
QList<Problem> checkDocument(const ApiDocument &document);

} // namespace portico::core
