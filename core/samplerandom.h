// The reproducible randomness of generated sample data (core/datagenerator.h, core/patterngenerator.h): the
// same seed always gives the same values, on every machine and in every process.
#pragma once

#include <QString>
#include <QtGlobal>

namespace portico::core {

// splitmix64: tiny, fast and good enough for sample data; seeded per value so output is reproducible.
class Random
{
public:
    explicit Random(quint64 seed) : m_state(seed) {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    qint64 between(qint64 low, qint64 high) // inclusive
    {
        if (high <= low)
            return low;
        const quint64 span = quint64(high - low) + 1;
        return low + qint64(span == 0 ? next() : next() % span);
    }
    double unit() { return double(next() >> 11) / double(1ull << 53); }

private:
    quint64 m_state;
};

inline quint64 mix(quint64 a, quint64 b)
{
    return Random(a ^ (b * 0x9E3779B97F4A7C15ull)).next();
}

inline quint64 hashString(const QString &s)
{
    quint64 h = 1469598103934665603ull;
    for (QChar c : s)
        h = (h ^ c.unicode()) * 1099511628211ull;
    return h;
}

} // namespace portico::core
