#include "sourcemap.h"

#include <algorithm>
#include <charconv>
#include <utility>

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

namespace {

SourceMap::Key stored(SourceMap::Key key)
{
    return key ? key : 1;
}

// Fibonacci hashing spreads FNV-1a's weak low bits over the table.
size_t home(SourceMap::Key key, size_t mask)
{
    return size_t((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

} // namespace

void SourceMap::add(Key pointer, Position position)
{
    if (size_t(m_count + 1) * 4 > m_slots.size() * 3)
        grow();
    const Key key = stored(pointer);
    const size_t mask = m_slots.size() - 1;
    size_t i = home(key, mask);
    while (m_slots[i].key && m_slots[i].key != key)
        i = (i + 1) & mask;
    if (!m_slots[i].key)
        ++m_count;
    m_slots[i] = {key, position};
}

void SourceMap::grow()
{
    std::vector<Slot> old = std::exchange(m_slots, std::vector<Slot>(std::max<size_t>(64, m_slots.size() * 2)));
    const size_t mask = m_slots.size() - 1;
    for (const Slot &slot : old) {
        if (!slot.key)
            continue;
        size_t i = home(slot.key, mask);
        while (m_slots[i].key)
            i = (i + 1) & mask;
        m_slots[i] = slot;
    }
}

const SourceMap::Position *SourceMap::lookup(Key key) const
{
    if (m_slots.empty())
        return nullptr;
    key = stored(key);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = home(key, mask); m_slots[i].key; i = (i + 1) & mask) {
        if (m_slots[i].key == key)
            return &m_slots[i].position;
    }
    return nullptr;
}

const SourceMap::Position *SourceMap::exact(QStringView pointer) const
{
    if (const Position *position = lookup(keyOf(pointer)))
        return position;
    for (const auto &[toPrefix, fromPrefix] : m_aliases) {
        if (pointer.startsWith(toPrefix) && (pointer.size() == toPrefix.size() || pointer[toPrefix.size()] == u'/')) {
            const Key key = extend(keyOf(fromPrefix), pointer.sliced(toPrefix.size()));
            if (const Position *position = lookup(key))
                return position;
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
        // A text that is not a JSON pointer ("abc", from a broken $ref) has no '/': its parent is the root.
        // (left(-1) is the whole view: this loop never ended, the document fuzzer's first find.)
        pointer = pointer.left(std::max<qsizetype>(0, pointer.lastIndexOf(u'/')));
    }
}

void SourceMap::alias(QStringView fromPrefix, const QString &toPrefix)
{
    m_aliases.append({toPrefix, fromPrefix.toString()});
}

} // namespace portico::core
