#include "ratelimiter.h"

#include <cmath>

namespace portico::mock {

RateLimiter::Decision RateLimiter::check(const QString &key, int limit, double windowSeconds, qint64 nowMs)
{
    Shard &shard = m_shards[qHash(key) % m_shards.size()];
    QMutexLocker lock(&shard.mutex);
    std::deque<qint64> &hits = shard.hits[key];
    const qint64 window = qint64(windowSeconds * 1000);
    while (!hits.empty() && hits.front() <= nowMs - window)
        hits.pop_front();
    Decision d;
    if (int(hits.size()) >= limit) {
        d.allowed = false;
        d.retryAfterSeconds = std::max(1, int(std::ceil(double(hits.front() + window - nowMs) / 1000.0)));
        return d;
    }
    hits.push_back(nowMs);
    d.remaining = limit - int(hits.size());
    return d;
}

} // namespace portico::mock
