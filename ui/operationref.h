#pragma once

#include <QString>

#include <functional>

class QObject;

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

// Which operation an editor pane shows, and the pointers and labels every pane derives from it.
struct OperationRef
{
    QString path; // "/pets/{petId}"
    QString method; // lower case, as in the document

    bool isEmpty() const { return path.isEmpty() || method.isEmpty(); }
    QString pointer() const; // /paths/~1pets~1{petId}/get
    QString pathItemPointer() const; // /paths/~1pets~1{petId}
    QString label() const; // GET /pets/{petId}, for undo step names
    // Whether a change at `changed` (a pointer from ApiDocument::valueChanged) can alter what a pane of this
    // operation shows: the operation, its path item (shared parameters, path-level extensions), the components
    // its $refs point into, and the document's default security.
    bool affectedBy(const QString &changed) const;
};

// Calls `refresh` when `document` is reset or changes where `operation` is affectedBy(), for as long as
// `context` lives. `operation` is read at each change (a pane's member), so the pane can switch operations.
void followOperation(const core::ApiDocument *document, const QObject *context, const OperationRef &operation,
                     const std::function<void()> &refresh);

} // namespace portico::ui
