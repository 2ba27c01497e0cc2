#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace portico::ui {

// An HTTP method drawn as a small rounded label in the method's colour (ProjectTreeModel::methodColor), for
// lists of operations; and the same badge as rich text, for headings.
QIcon methodBadge(const QString &method);
// The colour of the method's letters on its badge (white, or black should a badge colour be too light for white).
QColor methodBadgeTextColor(const QString &method);
QString methodBadgeHtml(const QString &method);

} // namespace portico::ui
