#include "RateLimiter.h"

namespace Breezee {

qint64 RateLimiter::delayBeforeNext(qint64 nowMs)
{
    while (!m_starts.isEmpty() && m_starts.first() <= nowMs - m_windowMs)
        m_starts.removeFirst();

    qint64 delay = qMax<qint64>(0, m_pausedUntilMs - nowMs);
    if (m_limit > 0 && m_starts.size() >= m_limit)
        delay = qMax(delay, m_starts.first() + m_windowMs - nowMs + kSkewMarginMs);
    return delay;
}

void RateLimiter::recordRequest(qint64 nowMs)
{
    m_starts.append(nowMs);
}

} // namespace Breezee
