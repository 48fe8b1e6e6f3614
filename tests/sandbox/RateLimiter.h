#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>

namespace Breezee::Sandbox {

// HubSpot's rolling burst limit: at most `limit` requests per hub within
// any `windowMs` span, measured on a monotonic clock. Rejected requests do
// not use up the window.
class RateLimiter {
public:
    RateLimiter(int limit, int windowMs);

    struct Decision {
        bool allowed = true;
        int max = 0;
        int remaining = 0;
        int windowMs = 0;
    };

    bool enabled() const { return m_limit > 0; }

    // Counts one request for `hubId` when it fits in the window.
    Decision consume(qint64 hubId);

    // Returns the hub's current numbers without counting a request.
    Decision peek(qint64 hubId);

    void reset() { m_requests.clear(); }

private:
    void expire(QList<qint64> &timestamps, qint64 nowMs) const;

    int m_limit;
    int m_windowMs;
    QElapsedTimer m_clock;
    QHash<qint64, QList<qint64>> m_requests;
};

} // namespace Breezee::Sandbox
