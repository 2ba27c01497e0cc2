#include "formedits.h"

#include "projectsession.h"

#include "core/jsonpointer.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::ui::formedits {

using core::Json;

void commitText(ProjectSession *session, const QString &pointer, const QString &text, const QString &undoText,
                bool keepEmpty, const QString &stopAt)
{
    if (!text.isEmpty() || keepEmpty) {
        session->setValue(pointer, Json(text), undoText, kTypingMergeId);
        return;
    }
    session->edit(undoText, [&](core::ApiDocument &d) {
        if (!d.removeValue(pointer))
            return false;
        for (QString parent = pointer.left(pointer.lastIndexOf(u'/'));
             parent.size() > stopAt.size() && parent.startsWith(stopAt) && d.value(parent).isObject()
             && d.value(parent).toObject().isEmpty();
             parent = parent.left(parent.lastIndexOf(u'/')))
            d.removeValue(parent);
        return true;
    });
}

bool isValidUrl(const QString &text)
{
    if (text.isEmpty())
        return true;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || text.contains(u' '))
        return false;
    static const QStringList network = {u"http"_s, u"https"_s, u"ws"_s, u"wss"_s, u"ftp"_s};
    return !network.contains(url.scheme().toLower()) || !url.host().isEmpty();
}

bool isValidEmail(const QString &text)
{
    static const QRegularExpression re(u"^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$"_s);
    return text.isEmpty() || re.match(text).hasMatch();
}

QString uniqueName(const QString &base, const QStringList &taken)
{
    QString name = base;
    for (int i = 2; taken.contains(name); ++i)
        name = base + QString::number(i);
    return name;
}

} // namespace portico::ui::formedits
