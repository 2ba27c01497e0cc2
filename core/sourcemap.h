#pragma once

#include <QHash>
#include <QString>

namespace portico::core {

// Where each value of a loaded document was written: JSON pointer → 1-based line and column. For an
// object member the position is that of its key, which is where a reader looks for it.
class SourceMap
{
public:
    struct Position
    {
        int line = 0;
        int column = 0;
    };

    void add(const QString &pointer, int line, int column) { m_positions.insert(pointer, {line, column}); }
    // The position of the pointer, or of its nearest ancestor that has one (a value added after loading has
    // no position of its own; its parent's is the best hint).
    Position find(QStringView pointer) const;
    // Gives every position under `fromPrefix` a second pointer under `toPrefix` (for documents converted on load,
    // whose sections moved: /definitions → /components/schemas).
    void alias(QStringView fromPrefix, const QString &toPrefix);
    bool isEmpty() const { return m_positions.isEmpty(); }
    qsizetype size() const { return m_positions.size(); }

private:
    QHash<QString, Position> m_positions;
};

} // namespace portico::core
