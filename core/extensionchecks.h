#pragma once

#include "json.h"

#include <QList>
#include <QString>

namespace portico::core {

// A misplaced, misshapen or misspelled x-portico extension: the mock ignores it, so the user should hear.
struct ExtensionIssue
{
    QString message;
    QString pointer;
};

// Checks every `x-portico*` key of an OpenAPI document against docs/extensions.md: the name is one Portico
// knows, it sits where it has an effect (x-portico-rules on an operation, x-portico-stream on a response's
// media type, ...), and its value has the documented shape.
QList<ExtensionIssue> checkPorticoExtensions(const Json &root);

} // namespace portico::core
