#include "methodbadge.h"

#include "projecttreemodel.h"

#include <QFont>
#include <QHash>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace portico::ui {

QIcon methodBadge(const QString &method)
{
    // Icons are drawn once per method: lists of hundreds of operations share a handful of pixmaps.
    static QHash<QString, QIcon> cache;
    if (auto it = cache.constFind(method); it != cache.constEnd())
        return *it;
    QPixmap pixmap(QSize(52, 18) * 2);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(ProjectTreeModel::methodColor(method));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(QRectF(0.5, 1.5, 51, 15), 4, 4);
    QFont font;
    font.setPixelSize(10);
    font.setBold(true);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(QRectF(0, 1, 52, 16), Qt::AlignCenter, method.toUpper());
    p.end();
    QIcon icon(pixmap);
    cache.insert(method, icon);
    return icon;
}

QString methodBadgeHtml(const QString &method)
{
    return u"<span style=\"background-color:%1; color:white; font-weight:bold;\">&nbsp;%2&nbsp;</span>"_s.arg(
        ProjectTreeModel::methodColor(method).name(), method.toUpper().toHtmlEscaped());
}

} // namespace portico::ui
