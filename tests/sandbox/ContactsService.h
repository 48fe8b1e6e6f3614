#pragma once

#include "Clock.h"
#include "ContactValidator.h"
#include "CrmAccess.h"
#include "Router.h"
#include "SandboxState.h"

#include <QStringList>

namespace Breezee::Sandbox {

// CRM v3 contacts: single read, create and update, the list, and batch
// read, create and update, with HubSpot's validation, email uniqueness
// (primary and additional emails, ignoring case) and partial-success rules.
class ContactsService {
public:
    ContactsService(SandboxState &state, const Clock &clock);

    void registerRoutes(Router &router, CrmAccess &access);

private:
    HttpResponse list(const RouteContext &context);
    HttpResponse read(const RouteContext &context);
    HttpResponse create(const RouteContext &context);
    HttpResponse update(const RouteContext &context);
    HttpResponse batchRead(const RouteContext &context);
    HttpResponse batchCreate(const RouteContext &context);
    HttpResponse batchUpdate(const RouteContext &context);

    // Finds a contact by record id, or by the property named in
    // `idProperty` (email or a unique custom property).
    const Contact *lookup(const QString &id, const QString &idProperty) const;

    SandboxState &m_state;
    const Clock &m_clock;
    ContactValidator m_validator;
};

} // namespace Breezee::Sandbox
