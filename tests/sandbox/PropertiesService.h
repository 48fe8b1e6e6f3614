#pragma once

#include "Clock.h"
#include "CrmAccess.h"
#include "Router.h"
#include "SandboxState.h"

namespace Breezee::Sandbox {

// CRM v3 Properties API for contacts, companies and notes (object type
// "contacts", "companies", "notes" or their ids "0-1", "0-2", "0-46"):
// list, read and create properties, list and create property groups.
class PropertiesService {
public:
    PropertiesService(SandboxState &state, const Clock &clock);

    void registerRoutes(Router &router, CrmAccess &access);

private:
    HttpResponse listProperties(const RouteContext &context);
    HttpResponse readProperty(const RouteContext &context);
    HttpResponse createProperty(const RouteContext &context);
    HttpResponse listGroups(const RouteContext &context);
    HttpResponse createGroup(const RouteContext &context);

    // Returns the catalog of the route's object type, or nullptr and a 400
    // in `error` for an object type the sandbox does not have.
    PropertyCatalog *catalogFor(const RouteContext &context, HttpResponse &error);

    SandboxState &m_state;
    const Clock &m_clock;
};

} // namespace Breezee::Sandbox
