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

} // namespace portico::core
