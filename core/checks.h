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
    // False for an example or default that breaks its schema: the document still serves (the mock flags the
    // mismatch on the trace), so a live server need not wait for it to be fixed.
    bool blocksServing = true;

    QString toString() const;
};

// The checks behind `portico check` and the GUI's Problems panel: structure, broken `$ref`s, duplicate
// operationIds, path templates against path parameters, schemas that do not compile, unknown schema keywords
// (likely typos), and examples and defaults that do not match their schemas. Ordered by position in the file.
QList<Problem> checkDocument(const ApiDocument &document);

} // namespace portico::core
