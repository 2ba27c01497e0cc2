#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <vector>

namespace portico::core {

// Where each value of a loaded document was written: JSON pointer → 1-based line and column. For an
// object member the position is that of its key, which is where a reader looks for it.
//
// A large spec has millions of values with pointers 60–100 characters long; keeping every pointer as a
// string cost more than the document itself (600 MB of a 911 MB peak on a 47 MB spec). Pointers are kept as
// 64-bit hashes of their text instead, which a parser extends segment by segment without building strings.
// A collision (about one in 10^6 for a million-value document) can only misplace a message's line.
class SourceMap
{
public:
    struct Position
    {
        int line = 0;
        int column = 0;
    };

    // The hash of a pointer's text (escaped, as written: "/paths/~1pets/get"), built incrementally: the hash
    // of a child is its parent's extended with "/" and the child's escaped token.
    using Key = std::uint64_t;
    static constexpr Key kRootKey = 14695981039346656037ull; // the hash of "" (FNV-1a's offset basis)
    static Key keyOf(QStringView pointer) { return extend(kRootKey, pointer); }
    static Key extend(Key key, QStringView text)
    {
        for (const QChar c : text)
            key = (key ^ c.unicode()) * 1099511628211ull;
        return key;
    }
    // The key of parent + "/" + escape(token).
    static Key child(Key parent, QStringView token);
    static Key child(Key parent, qsizetype index);

    void add(Key pointer, Position position);
    void add(QStringView pointer, int line, int column) { add(keyOf(pointer), {line, column}); }
    // The position of the pointer, or of its nearest ancestor that has one (a value added after loading has
    // no position of its own; its parent's is the best hint).
    Position find(QStringView pointer) const;
    // Positions under `fromPrefix` are also found under `toPrefix` (for documents converted on load, whose
    // sections moved: /definitions → /components/schemas).
    void alias(QStringView fromPrefix, const QString &toPrefix);
    bool isEmpty() const { return m_count == 0; }
    qsizetype size() const { return m_count; }

private:
    const Position *exact(QStringView pointer) const;
    const Position *lookup(Key key) const;
    void grow();

    // Open addressing with linear probing, indexed by the key itself (it is a hash already): half the time of
    // QHash<Key, Position>, which hashes each key again, in a loader's hottest insert. Key 0 marks an empty
    // slot; a pointer whose hash is 0 is stored as 1 (one more collision, of the kind described above).
    struct Slot
    {
        Key key = 0;
        Position position;
    };
    std::vector<Slot> m_slots;
    qsizetype m_count = 0;
    QList<std::pair<QString, QString>> m_aliases; // (toPrefix, fromPrefix)
};

} // namespace portico::core
