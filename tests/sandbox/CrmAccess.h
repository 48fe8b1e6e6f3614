#pragma once

#include "Clock.h"
#include "FaultSwitches.h"
#include "RateLimiter.h"
#include "Router.h"
#include "SandboxConfig.h"
#include "SandboxState.h"

#include <QStringList>

namespace Breezee::Sandbox {

// The checks in front of every CRM endpoint, in HubSpot's order: a valid
// bearer token (401), the rate limit per hub (429), then the endpoint's
// scope (403). Ordinary endpoints count against the rolling limit and carry
// the X-HubSpot-RateLimit-* headers while a limit is set. Search endpoints
// count against the per-second search limit instead and carry no rate
// limit headers, as HubSpot's search responses do not.
//
// In front of those checks come the fixed latency (--latency-ms) and the
// CRM transport fault switches: stall, 429 storm, error status, reset,
// non-JSON body and truncated body. The crm_401 and crm_403_missing_scope
// switches act at the 401 and 403 steps.
class CrmAccess {
public:
    CrmAccess(const SandboxConfig &config, SandboxState &state, RateLimiter &limiter, RateLimiter &searchLimiter,
              const Clock &clock, FaultSwitches &faults);

    // Wraps `handler` so that it runs only for a token that has at least
    // one of `acceptedScopes`. The first accepted scope is the one named in
    // a 403.
    RouteHandler guard(const QStringList &acceptedScopes, RouteHandler handler);

    // guard() for search endpoints.
    RouteHandler guardSearch(const QStringList &acceptedScopes, RouteHandler handler);

private:
    enum class LimitKind { Rolling, Search };

    HttpResponse respond(const RouteContext &context, const QStringList &acceptedScopes,
                         const RouteHandler &handler, LimitKind limitKind);
    HttpResponse respondNow(const RouteContext &context, const QStringList &acceptedScopes,
                            const RouteHandler &handler, LimitKind limitKind);
    std::optional<HttpResponse> transportFault(const QString &path);
    HttpResponse check(const RouteContext &context, const QStringList &acceptedScopes,
                       const RouteHandler &handler, LimitKind limitKind);
    HttpResponse statusFaultResponse(const CrmStatusFault &fault) const;
    void addRateHeaders(HttpResponse &response, const RateLimiter::Decision &decision) const;
    void addExhaustedRateHeaders(HttpResponse &response) const;

    const SandboxConfig &m_config;
    SandboxState &m_state;
    RateLimiter &m_limiter;
    RateLimiter &m_searchLimiter;
    const Clock &m_clock;
    FaultSwitches &m_faults;
};

} // namespace Breezee::Sandbox
