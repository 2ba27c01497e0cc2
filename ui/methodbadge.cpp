#include "methodbadge.h"

#include "projecttreemodel.h"
#include "theme.h"

#include <QFont>
#include <QHash>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace portico::ui {

QColor methodBadgeTextColor(const QString &method)
{
    const QColor fill = ProjectTreeModel::methodColor(method);
    const QColor white(Qt::white), black(Qt::black);
    return theme::contrastRatio(white, fill) >= theme::contrastRatio(black, fill) ? white : black;
}

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
    p.setPen(methodBadgeTextColor(method));
    p.drawText(QRectF(0, 1, 52, 16), Qt::AlignCenter, method.toUpper());
    p.end();
    QIcon icon(pixmap);
    cache.insert(method, icon);
    return icon;
}

QString methodBadgeHtml(const QString &method)
{
    return u"<span style=\"background-color:%1; color:%2; font-weight:bold;\">&nbsp;%3&nbsp;</span>"_s.arg(
        ProjectTreeModel::methodColor(method).name(), methodBadgeTextColor(method).name(), method.toUpper().toHtmlEscaped());
}

} // namespace portico::ui
