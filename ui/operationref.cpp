#include "operationref.h"

#include "core/apidocument.h"
#include "core/jsonpointer.h"

using namespace Qt::StringLiterals;

namespace portico::ui {

QString OperationRef::pointer() const
{
    return core::ApiDocument::operationPointer(path, method);
}

QString OperationRef::pathItemPointer() const
{
    return u"/paths/"_s + core::jsonpointer::escape(path);
}

QString OperationRef::label() const
{
    return method.toUpper() + u' ' + path;
}

bool OperationRef::affectedBy(const QString &changed) const
{
    if (isEmpty())
        return false;
    const QString item = pathItemPointer();
    // "/paths/~1pets" is a prefix of "/paths/~1pets~1{id}" too: compare whole tokens.
    return changed == item || changed.startsWith(QString(item + u'/')) || item.startsWith(QString(changed + u'/'))
        || changed.isEmpty() || changed.startsWith(u"/components") || changed == u"/security";
}

void followOperation(const core::ApiDocument *document, const QObject *context, const OperationRef &operation,
                     const std::function<void()> &refresh)
{
    QObject::connect(document, &core::ApiDocument::documentReset, context, refresh);
    QObject::connect(document, &core::ApiDocument::valueChanged, context, [&operation, refresh](const QString &changed) {
        if (operation.affectedBy(changed))
            refresh();
    });
}

} // namespace portico::ui
