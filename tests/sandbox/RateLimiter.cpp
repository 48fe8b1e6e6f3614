#include "RateLimiter.h"

namespace Breezee::Sandbox {

RateLimiter::RateLimiter(int limit, int windowMs)
    : m_limit(limit)
    , m_windowMs(windowMs)
{
    m_clock.start();
}

RateLimiter::Decision RateLimiter::consume(qint64 hubId)
{
    Decision decision = peek(hubId);
    if (!enabled() || decision.remaining <= 0) {
        decision.allowed = !enabled();
        return decision;
    }

    m_requests[hubId].append(m_clock.elapsed());
    decision.remaining -= 1;
    return decision;
}

RateLimiter::Decision RateLimiter::peek(qint64 hubId)
{
    Decision decision;
    decision.max = m_limit;
    decision.windowMs = m_windowMs;
    if (!enabled())
        return decision;

    QList<qint64> &timestamps = m_requests[hubId];
    expire(timestamps, m_clock.elapsed());
    decision.remaining = qMax(0, m_limit - int(timestamps.size()));
    decision.allowed = decision.remaining > 0;
    return decision;
}

void RateLimiter::expire(QList<qint64> &timestamps, qint64 nowMs) const
{
    qsizetype expired = 0;
    while (expired < timestamps.size() && timestamps.at(expired) <= nowMs - m_windowMs)
        ++expired;
    timestamps.remove(0, expired);
}

} // namespace Breezee::Sandbox
