#pragma once

#include "Clock.h"
#include "CrmAccess.h"
#include "Router.h"
#include "SandboxConfig.h"
#include "SandboxState.h"

namespace Breezee::Sandbox {

// CRM v4 associations between contacts, companies and notes: the default
// association of one pair, batch default associations, batch create with
// explicit HUBSPOT_DEFINED types, batch read and the list of one record's
// associations. Object types are accepted as names ("contact",
// "contacts") or type ids ("0-1").
class AssociationsService {
public:
    AssociationsService(SandboxState &state, const Clock &clock, const SandboxConfig &config);

    void registerRoutes(Router &router, CrmAccess &access);

private:
    HttpResponse associateDefault(const RouteContext &context);
    HttpResponse batchAssociateDefault(const RouteContext &context);
    HttpResponse batchCreate(const RouteContext &context);
    HttpResponse batchRead(const RouteContext &context);
    HttpResponse list(const RouteContext &context);

    // Reads the {fromObjectType} and {toObjectType} path segments. On
    // failure returns false and stores the 400 in `error`.
    bool readObjectTypes(const RouteContext &context, CrmObjectKind &from, CrmObjectKind &to,
                         HttpResponse &error) const;

    const CrmRecord *find(CrmObjectKind kind, const QString &id) const;

    SandboxState &m_state;
    const Clock &m_clock;
    const SandboxConfig &m_config;
};

} // namespace Breezee::Sandbox
