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
// bearer token (401), the rolling rate limit per hub (429), then the
// endpoint's scope (403). Every response carries the X-HubSpot-RateLimit-*
// headers while a limit is set. The crm_401 and crm_403_missing_scope fault
// switches act at the 401 and 403 steps.
class CrmAccess {
public:
    CrmAccess(const SandboxConfig &config, SandboxState &state, RateLimiter &limiter, const Clock &clock,
              FaultSwitches &faults);

    // Wraps `handler` so that it runs only for a token that has at least
    // one of `acceptedScopes`. The first accepted scope is the one named in
    // a 403.
    RouteHandler guard(const QStringList &acceptedScopes, RouteHandler handler);

private:
    HttpResponse check(const RouteContext &context, const QStringList &acceptedScopes,
                       const RouteHandler &handler);
    void addRateHeaders(HttpResponse &response, const RateLimiter::Decision &decision) const;

    const SandboxConfig &m_config;
    SandboxState &m_state;
    RateLimiter &m_limiter;
    const Clock &m_clock;
    FaultSwitches &m_faults;
};

} // namespace Breezee::Sandbox
