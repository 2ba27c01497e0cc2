#include "patterngenerator.h"

#include "regex.h"
#include "samplerandom.h"

#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

// Generates strings from the common regex subset: literals, escapes, classes, '.', groups with alternation,
// and the quantifiers ? * + {n} {n,} {n,m}; lookarounds are skipped. Unknown syntax (backreferences) gives
// nullopt. `shortest` repeats each atom its minimum number of times.
class PatternGenerator
{
    static constexpr qint64 kMaxRepeat = 10000;
    static constexpr qsizetype kMaxLength = 100000;

public:
    PatternGenerator(const QString &pattern, Random &random, bool shortest = false)
        : m_p(pattern), m_random(random), m_shortest(shortest) {}

    std::optional<QString> run()
    {
        QString out;
        if (!alternation(out) || m_i != m_p.size())
            return std::nullopt;
        return out;
    }

private:
    bool alternation(QString &out)
    {
        QList<QString> branches;
        QString current;
        while (true) {
            if (!sequence(current))
                return false;
            branches.append(current);
            current.clear();
            if (m_i < m_p.size() && m_p[m_i] == u'|') {
                ++m_i;
                continue;
            }
            break;
        }
        out += branches[m_random.between(0, branches.size() - 1)];
        return true;
    }

    bool sequence(QString &out)
    {
        while (m_i < m_p.size() && m_p[m_i] != u'|' && m_p[m_i] != u')') {
            const qsizetype atomStart = m_i;
            QString once;
            if (!atom(once))
                return false;
            qint64 low = 1, high = 1;
            if (!quantifier(low, high))
                return false;
            const qint64 count = m_shortest ? low : m_random.between(low, high);
            // Nested repetitions multiply: ((a{1000}){1000}){1000}. The whole string has a budget.
            if (out.size() + count * std::max<qsizetype>(1, once.size()) > kMaxLength)
                return false;
            for (qint64 k = 0; k < count; ++k) {
                if (k == 0) {
                    out += once;
                    continue;
                }
                // Re-run the atom for fresh random choices on each repetition.
                const qsizetype save = m_i;
                m_i = atomStart;
                QString again;
                if (!atom(again))
                    return false;
                m_i = save;
                out += again;
            }
        }
        return true;
    }

    bool quantifier(qint64 &low, qint64 &high)
    {
        if (m_i >= m_p.size())
            return true;
        const QChar c = m_p[m_i];
        if (c == u'?') {
            low = 0, high = 1;
        } else if (c == u'*') {
            low = 0, high = 3;
        } else if (c == u'+') {
            low = 1, high = 3;
        } else if (c == u'{') {
            const qsizetype close = m_p.indexOf(u'}', m_i);
            if (close < 0)
                return false;
            const QString body = m_p.mid(m_i + 1, close - m_i - 1);
            const auto parts = body.split(u',');
            bool ok = false;
            low = parts[0].toLongLong(&ok);
            if (!ok)
                return false;
            high = parts.size() == 1 ? low : (parts[1].isEmpty() ? low + 3 : parts[1].toLongLong(&ok));
            // A repetition count past this is refused (no string): `a{1000000000}` would allocate gigabytes.
            if (!ok || high < low || low < 0 || low > kMaxRepeat)
                return false;
            high = std::min(high, low + 3);
            m_i = close;
        } else {
            return true;
        }
        ++m_i;
        if (m_i < m_p.size() && (m_p[m_i] == u'?' || m_p[m_i] == u'+'))
            ++m_i; // lazy/possessive: same strings
        return true;
    }

    QChar pick(const QString &set) { return set[m_random.between(0, set.size() - 1)]; }

    bool escape(QString &out, bool inClass)
    {
        if (m_i >= m_p.size())
            return false;
        const QChar c = m_p[m_i++];
        static const QString digits = u"0123456789"_s;
        static const QString word = u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"_s;
        switch (c.unicode()) {
        case 'd': out += pick(digits); return true;
        case 'w': out += pick(word); return true;
        case 's': out += u' '; return true;
        case 'D': out += u'x'; return true;
        case 'W': out += u'-'; return true;
        case 'S': out += u'x'; return true;
        case 'n': out += u'\n'; return true;
        case 't': out += u'\t'; return true;
        case 'b': case 'B': return !inClass && true;
        default:
            if (c.isLetterOrNumber())
                return false; // \p{..}, backreferences and the like
            out += c;
            return true;
        }
    }

    // One character of a class at m_i: a literal, an escaped punctuation character, `\xHH` or `\uHHHH`;
    // nullopt (m_i unchanged) for class escapes like `\d`.
    std::optional<QChar> classCharacter()
    {
        if (m_i >= m_p.size())
            return std::nullopt;
        if (m_p[m_i] != u'\\')
            return m_p[m_i++];
        if (m_i + 1 >= m_p.size())
            return std::nullopt;
        const QChar e = m_p[m_i + 1];
        const auto hex = [&](qsizetype digits) -> std::optional<QChar> {
            bool ok = false;
            const uint code = QStringView(m_p).mid(m_i + 2, digits).toUInt(&ok, 16);
            if (!ok || m_i + 2 + digits > m_p.size())
                return std::nullopt;
            m_i += 2 + digits;
            return QChar(char16_t(code));
        };
        if (e == u'x')
            return hex(2);
        if (e == u'u')
            return hex(4);
        if (e.isLetterOrNumber())
            return std::nullopt;
        m_i += 2;
        return e;
    }

    bool characterClass(QString &out)
    {
        // m_i is after '['
        bool negated = false;
        if (m_i < m_p.size() && m_p[m_i] == u'^') {
            negated = true;
            ++m_i;
        }
        QString members;
        bool first = true;
        while (m_i < m_p.size() && (m_p[m_i] != u']' || first)) {
            first = false;
            QChar c = m_p[m_i];
            if (c == u'\\') {
                // A single escaped character may start a range (`\x00-\x7F`); a class escape (`\d`) may not.
                if (const std::optional<QChar> single = classCharacter(); single && !(m_i < m_p.size() && m_p[m_i] == u'-')) {
                    members += *single;
                    continue;
                } else if (single) {
                    c = *single;
                } else {
                    ++m_i;
                    QString e;
                    if (!escape(e, true))
                        return false;
                    members += e;
                    continue;
                }
            } else {
                ++m_i;
            }
            if (m_i + 1 < m_p.size() && m_p[m_i] == u'-' && m_p[m_i + 1] != u']') {
                m_i += 1;
                const std::optional<QChar> end = classCharacter();
                if (!end)
                    return false;
                for (char16_t x = c.unicode(); x <= end->unicode() && members.size() < 4096; ++x)
                    members += QChar(x);
                continue;
            }
            members += c;
        }
        if (m_i >= m_p.size())
            return false;
        ++m_i; // ']'
        if (negated) {
            static const QString candidates = u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"_s;
            QString allowed;
            for (QChar x : candidates) {
                if (!members.contains(x))
                    allowed += x;
            }
            if (allowed.isEmpty())
                return false;
            out += pick(allowed);
            return true;
        }
        if (members.isEmpty())
            return false;
        out += pick(members);
        return true;
    }

    bool atom(QString &out)
    {
        const QChar c = m_p[m_i++];
        switch (c.unicode()) {
        case '^':
        case '$':
            return true;
        case '.':
            out += pick(u"abcdefghijklmnopqrstuvwxyz"_s);
            return true;
        case '\\':
            return escape(out, false);
        case '[':
            return characterClass(out);
        case '(': {
            if (m_i < m_p.size() && m_p[m_i] == u'?') {
                if (m_i + 1 < m_p.size() && m_p[m_i + 1] == u':')
                    m_i += 2;
                else if (m_i + 1 < m_p.size() && m_p[m_i + 1] == u'<' && m_i + 2 < m_p.size() && m_p[m_i + 2] != u'='
                         && m_p[m_i + 2] != u'!') {
                    const qsizetype close = m_p.indexOf(u'>', m_i);
                    if (close < 0)
                        return false;
                    m_i = close + 1;
                } else if (m_i + 1 < m_p.size() && (m_p[m_i + 1] == u'=' || m_p[m_i + 1] == u'!' || m_p[m_i + 1] == u'<')) {
                    // A lookaround matches no text: skipped (its contents parsed and dropped). What comes out is
                    // checked against the real engine, which may then refuse it.
                    m_i += m_p[m_i + 1] == u'<' ? 3 : 2;
                    QString dropped;
                    if (!alternation(dropped) || m_i >= m_p.size() || m_p[m_i] != u')')
                        return false;
                    ++m_i;
                    return true;
                } else {
                    return false;
                }
            }
            if (!alternation(out))
                return false;
            if (m_i >= m_p.size() || m_p[m_i] != u')')
                return false;
            ++m_i;
            return true;
        }
        case '*': case '+': case '?': case '{': case ')': case '|':
            return false;
        default:
            out += c;
            return true;
        }
    }

    const QString &m_p;
    qsizetype m_i = 0;
    Random &m_random;
    bool m_shortest = false;
};

} // namespace

std::optional<QString> stringMatching(const QString &pattern, quint64 seed)
{
    const auto regex = Regex::compile(pattern);
    if (!regex)
        return std::nullopt;
    // Verified with the real engine: the subset parser may misread exotic syntax, and skipped lookarounds
    // may refuse what it made. The shortest string is the second try: lookaheads often limit repetition.
    for (const bool shortest : {false, true}) {
        Random random(seed);
        auto generated = PatternGenerator(pattern, random, shortest).run();
        if (generated && regex->search(*generated) == Regex::Match::Yes)
            return generated;
    }
    return std::nullopt;
}

} // namespace portico::core
