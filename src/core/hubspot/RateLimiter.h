#pragma once

#include <QDateTime>
#include <QList>

namespace Breezee {

// A request budget that several processes count against together, such as
// the rate_budget row that every server-mode worker of one HubSpot account
// shares. HubSpotClient consults it after its own RateLimiter allowed a
// request.
class SharedRequestBudget {
public:
    virtual ~SharedRequestBudget() = default;

    // Counts one request that starts now and returns 0, or counts nothing
    // and returns the milliseconds to wait before asking again. `search`
    // selects the CRM search budget instead of the general one.
    virtual qint64 take(bool search) = 0;
};

// A rolling-window budget: at most `limit` requests in any `windowMs`.
// HubSpot gives public OAuth apps 110 requests per 10 s per account.
class RateLimiter {
public:
    RateLimiter(int limit = 110, int windowMs = 10000)
        : m_limit(limit), m_windowMs(windowMs) {}

    // Milliseconds to wait before the next request may start; 0 means now.
    qint64 delayBeforeNext(qint64 nowMs);

    // Records a request that starts at `nowMs`.
    void recordRequest(qint64 nowMs);

    // Makes every request wait until `untilMs`, as a 429 response requests.
    void pauseUntil(qint64 untilMs) { m_pausedUntilMs = qMax(m_pausedUntilMs, untilMs); }

    int limit() const { return m_limit; }

    // Extra wait when the window is full. The server counts a request when
    // it arrives, a little after it was sent, so without a margin the
    // oldest request can still be inside the server's window.
    static constexpr qint64 kSkewMarginMs = 250;
    int windowMs() const { return m_windowMs; }

private:
    int m_limit;
    int m_windowMs;
    qint64 m_pausedUntilMs = 0;
    QList<qint64> m_starts;
};

} // namespace Breezee
