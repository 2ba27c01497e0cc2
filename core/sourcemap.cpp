#include "sourcemap.h"

#include <charconv>

namespace portico::core {

SourceMap::Key SourceMap::child(Key parent, QStringView token)
{
    Key key = extend(parent, u"/");
    for (const QChar c : token) {
        if (c == u'~')
            key = extend(key, u"~0");
        else if (c == u'/')
            key = extend(key, u"~1");
        else
            key = (key ^ c.unicode()) * 1099511628211ull;
    }
    return key;
}

SourceMap::Key SourceMap::child(Key parent, qsizetype index)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
    Key key = extend(parent, u"/");
    for (const char *d = digits; d < end; ++d)
        key = (key ^ char16_t(*d)) * 1099511628211ull;
    return key;
}

const SourceMap::Position *SourceMap::exact(QStringView pointer) const
{
    if (const auto it = m_positions.constFind(keyOf(pointer)); it != m_positions.cend())
        return &*it;
    for (const auto &[toPrefix, fromPrefix] : m_aliases) {
        if (pointer.startsWith(toPrefix) && (pointer.size() == toPrefix.size() || pointer[toPrefix.size()] == u'/')) {
            const Key key = extend(keyOf(fromPrefix), pointer.sliced(toPrefix.size()));
            if (const auto it = m_positions.constFind(key); it != m_positions.cend())
                return &*it;
        }
    }
    return nullptr;
}

SourceMap::Position SourceMap::find(QStringView pointer) const
{
    while (true) {
        if (const Position *position = exact(pointer))
            return *position;
        if (pointer.isEmpty())
            return {};
        pointer = pointer.left(pointer.lastIndexOf(u'/'));
    }
}

void SourceMap::alias(QStringView fromPrefix, const QString &toPrefix)
{
    m_aliases.append({toPrefix, fromPrefix.toString()});
}

} // namespace portico::core
