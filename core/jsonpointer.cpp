#include "jsonpointer.h"

#include <QUrl>
#include <QVarLengthArray>

#include <charconv>

namespace portico::core::jsonpointer {

QString escape(QStringView token)
{
    QString out = token.toString();
    if (!token.contains(u'~') && !token.contains(u'/'))
        return out;
    out.replace(u'~', QStringLiteral("~0"));
    out.replace(u'/', QStringLiteral("~1"));
    return out;
}

// Called for every value a walk over a document visits: one allocation of the final size.
QString append(const QString &pointer, QStringView token)
{
    QString out;
    out.reserve(pointer.size() + 1 + token.size() + 2);
    out += pointer;
    out += u'/';
    if (!token.contains(u'~') && !token.contains(u'/')) {
        out += token;
        return out;
    }
    for (const QChar c : token) {
        if (c == u'~')
            out += u"~0";
        else if (c == u'/')
            out += u"~1";
        else
            out += c;
    }
    return out;
}

QString Trail::toString() const
{
    QVarLengthArray<const Trail *, 32> links;
    const Trail *top = this;
    for (; top->m_parent; top = top->m_parent)
        links.append(top);
    QString out = top->m_pointer;
    for (auto it = links.crbegin(); it != links.crend(); ++it)
        out = (*it)->m_index >= 0 ? append(out, (*it)->m_index) : append(out, (*it)->m_key);
    return out;
}

QString append(const QString &pointer, qsizetype index)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
    QString out;
    out.reserve(pointer.size() + 1 + (end - digits));
    out += pointer;
    out += u'/';
    out += QLatin1StringView(digits, end - digits);
    return out;
}

namespace {

// One reference token, unescaped ("a~1b" → "a/b"); nullopt for a bad escape. Tokens without '~' (nearly
// all) are returned as views: resolving a pointer then allocates nothing.
std::optional<QString> unescapeToken(QStringView part)
{
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
    return token;
}

// Calls visit(token) for each token of the pointer, in order; false when the pointer is malformed or visit
// returned false.
template<typename Visit>
bool forEachToken(QStringView pointer, Visit visit)
{
    if (pointer.isEmpty())
        return true;
    if (pointer.front() != u'/')
        return false;
    qsizetype start = 1;
    while (true) {
        const qsizetype slash = pointer.indexOf(u'/', start);
        const QStringView part = pointer.sliced(start, (slash < 0 ? pointer.size() : slash) - start);
        if (part.contains(u'~')) {
            const auto token = unescapeToken(part);
            if (!token || !visit(QStringView(*token)))
                return false;
        } else if (!visit(part)) {
            return false;
        }
        if (slash < 0)
            return true;
        start = slash + 1;
    }
}

} // namespace

std::optional<QStringList> split(QStringView pointer)
{
    QStringList tokens;
    if (!forEachToken(pointer, [&](QStringView token) {
            tokens.append(token.toString());
            return true;
        }))
        return std::nullopt;
    return tokens;
}

QString join(const QStringList &tokens)
{
    QString out;
    for (const QString &t : tokens)
        out = append(out, t);
    return out;
}

const Json *resolve(const Json &root, QStringView pointer, const std::function<void(const Json &)> &step)
{
    const Json *current = &root;
    if (step)
        step(root);
    const bool found = forEachToken(pointer, [&](QStringView token) {
        if (current->isObject()) {
            current = current->toObject().find(token);
        } else if (current->isArray()) {
            // RFC 6901: array indices are plain decimal numbers without leading zeros.
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            if (!ok || token.startsWith(u'+') || token.startsWith(u'-') || (token.size() > 1 && token.startsWith(u'0')))
                return false;
            const JsonArray &a = current->toArray();
            current = index < qsizetype(a.size()) ? &a[size_t(index)] : nullptr;
        } else {
            return false;
        }
        if (current && step)
            step(*current);
        return current != nullptr;
    });
    return found ? current : nullptr;
}

const Json *resolve(const Json &root, QStringView pointer)
{
    return resolve(root, pointer, nullptr);
}

QString fromUriFragment(QStringView fragment)
{
    if (fragment.startsWith(u'#'))
        fragment = fragment.mid(1);
    return QUrl::fromPercentEncoding(fragment.toUtf8());
}

const Json &followLocalRefs(const Json &value, const Json &document)
{
    const Json *at = &value;
    for (int hops = 0; hops < 16; ++hops) {
        const Json &ref = (*at)[u"$ref"];
        if (!ref.isString() || !ref.toString().startsWith(u'#'))
            break;
        const Json *target = resolve(document, fromUriFragment(ref.toString()));
        if (!target)
            break;
        at = target;
    }
    return *at;
}

} // namespace portico::core::jsonpointer
