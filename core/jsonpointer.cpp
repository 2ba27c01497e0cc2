#include "jsonpointer.h"

#include <QUrl>

namespace portico::core::jsonpointer {

QString escape(QStringView token)
{
    QString out = token.toString();
    out.replace(u'~', QStringLiteral("~0"));
    out.replace(u'/', QStringLiteral("~1"));
    return out;
}

QString append(const QString &pointer, QStringView token)
{
    return pointer + u'/' + escape(token);
}

QString append(const QString &pointer, qsizetype index)
{
    return pointer + u'/' + QString::number(index);
}

std::optional<QStringList> split(QStringView pointer)
{
    QStringList tokens;
    if (pointer.isEmpty())
        return tokens;
    if (pointer.front() != u'/')
        return std::nullopt;
    const auto parts = pointer.mid(1).split(u'/');
    for (QStringView part : parts) {
        QString token;
        token.reserve(part.size());
        for (qsizetype i = 0; i < part.size(); ++i) {
            if (part[i] != u'~') {
                token += part[i];
                continue;
            }
            if (i + 1 >= part.size() || (part[i + 1] != u'0' && part[i + 1] != u'1'))
                return std::nullopt;
            token += part[++i] == u'0' ? u'~' : u'/';
        }
        tokens.append(token);
    }
    return tokens;
}

QString join(const QStringList &tokens)
{
    QString out;
    for (const QString &t : tokens)
        out = append(out, t);
    return out;
}

const Json *resolve(const Json &root, QStringView pointer)
{
    const auto tokens = split(pointer);
    if (!tokens)
        return nullptr;
    const Json *current = &root;
    for (const QString &token : *tokens) {
        if (current->isObject()) {
            current = current->toObject().find(token);
        } else if (current->isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            // RFC 6901: array indices are plain decimal numbers without leading zeros.
            if (!ok || token.startsWith(u'+') || token.startsWith(u'-') || (token.size() > 1 && token.startsWith(u'0')))
                return nullptr;
            const JsonArray &a = current->toArray();
            current = index < qsizetype(a.size()) ? &a[size_t(index)] : nullptr;
        } else {
            return nullptr;
        }
        if (!current)
            return nullptr;
    }
    return current;
}

QString fromUriFragment(QStringView fragment)
{
    if (fragment.startsWith(u'#'))
        fragment = fragment.mid(1);
    return QUrl::fromPercentEncoding(fragment.toUtf8());
}

} // namespace portico::core::jsonpointer
