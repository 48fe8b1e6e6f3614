#pragma once

#include "Clock.h"
#include "FaultSwitches.h"
#include "OAuthActivity.h"
#include "RateLimiter.h"
#include "RequestLog.h"
#include "Router.h"
#include "SandboxState.h"

namespace Breezee::Sandbox {

// Endpoints for tests under /_sandbox/, outside HubSpot's API and without
// authentication: the state dump, seeding contacts and companies, merging
// contacts, one contact with its companies and notes, publishing the search
// index, reset, the request log and its summary, moving the clock and the
// fault switches. The dump shows counts of codes and tokens, never their
// values. Requests to these endpoints are left out of the request log and
// its counters.
class SupportService {
public:
    SupportService(SandboxState &state, RequestLog &log, RateLimiter &limiter, RateLimiter &searchLimiter,
                   Clock &clock, FaultSwitches &faults, OAuthActivity &activity);

    void registerRoutes(Router &router);

private:
    HttpResponse dumpState(const RouteContext &context);
    HttpResponse seedContact(const RouteContext &context);
    HttpResponse seedCompany(const RouteContext &context);
    HttpResponse mergeContacts(const RouteContext &context);
    HttpResponse readContact(const RouteContext &context);
    HttpResponse listContactNotes(const RouteContext &context);
    HttpResponse publishSearchIndex(const RouteContext &context);
    HttpResponse reset(const RouteContext &context);
    HttpResponse listRequests(const RouteContext &context);
    HttpResponse advanceClock(const RouteContext &context);
    HttpResponse setFaults(const RouteContext &context);
    HttpResponse clearFaults(const RouteContext &context);
    HttpResponse listFaults(const RouteContext &context);

    HttpResponse seed(CrmObjectKind kind, const RouteContext &context);
    QJsonObject contactToJson(const CrmRecord &contact) const;
    QJsonObject companyToJson(const CrmRecord &company) const;
    QJsonObject noteToJson(const CrmRecord &note) const;
    QJsonArray linkedIds(CrmObjectKind fromKind, qint64 fromKey, CrmObjectKind toKind) const;
    QJsonObject countersToJson() const;

    SandboxState &m_state;
    RequestLog &m_log;
    RateLimiter &m_limiter;
    RateLimiter &m_searchLimiter;
    Clock &m_clock;
    FaultSwitches &m_faults;
    OAuthActivity &m_activity;
};

} // namespace Breezee::Sandbox
