#pragma once

#include <QString>
#include <QStringList>

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

// Where a validation error's `loc` lands in the design: the model and field that declared the offending
// value, for jumping from a trace to the model editor.
struct FieldLocation
{
    QString model; // a name under #/components/schemas; empty when the value is not inside a model
    QString field; // the property of `model`; empty for the model as a whole
};

// Follows a request error's loc (["body", "pet", "weight_kg"]) through the operation's request body schema,
// across $refs and array items, and returns the innermost model property it passes. Parameter errors
// (["query", ...]) and anything that leaves every model give an empty location.
FieldLocation locateRequestField(const core::ApiDocument &document, const QString &operationPointer, const QStringList &loc);

} // namespace portico::ui
