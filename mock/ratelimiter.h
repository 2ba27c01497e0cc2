#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <deque>

namespace portico::mock {

// Sliding-window request counting per (operation, client). Sharded so that server threads rarely meet on
// the same lock: there is no single lock every request takes.
class RateLimiter
{
public:
    struct Decision
    {
        bool allowed = true;
        int remaining = 0;
        int retryAfterSeconds = 0;
    };
    Decision check(const QString &key, int limit, double windowSeconds, qint64 nowMs);

private:
    struct Shard
    {
        QMutex mutex;
        QHash<QString, std::deque<qint64>> hits;
    };
    std::array<Shard, 16> m_shards;
};

} // namespace portico::mock
