#pragma once

#include <QIcon>
#include <QString>

namespace portico::ui {

// An HTTP method drawn as a small rounded label in the method's colour (ProjectTreeModel::methodColor), for
// lists of operations; and the same badge as rich text, for headings.
QIcon methodBadge(const QString &method);
QString methodBadgeHtml(const QString &method);

} // namespace portico::ui
