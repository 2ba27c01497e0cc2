#include "sourcemap.h"

namespace portico::core {

SourceMap::Position SourceMap::find(QStringView pointer) const
{
    while (true) {
        const auto it = m_positions.constFind(pointer.toString());
        if (it != m_positions.cend())
            return *it;
        if (pointer.isEmpty())
            return {};
        pointer = pointer.left(pointer.lastIndexOf(u'/'));
    }
}

void SourceMap::alias(QStringView fromPrefix, const QString &toPrefix)
{
    QList<std::pair<QString, Position>> added;
    for (auto it = m_positions.cbegin(); it != m_positions.cend(); ++it) {
        const QString &pointer = it.key();
        if (!pointer.startsWith(fromPrefix))
            continue;
        if (pointer.size() == fromPrefix.size() || pointer[fromPrefix.size()] == u'/')
            added.append({toPrefix + pointer.mid(fromPrefix.size()), it.value()});
    }
    for (const auto &[pointer, position] : added) {
        if (!m_positions.contains(pointer))
            m_positions.insert(pointer, position);
    }
}

} // namespace portico::core
