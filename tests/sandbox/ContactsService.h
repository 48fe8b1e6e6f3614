#pragma once

#include "Clock.h"
#include "CrmAccess.h"
#include "InlineAssociations.h"
#include "PropertyValidator.h"
#include "Router.h"
#include "SandboxConfig.h"
#include "SandboxState.h"
#include "SearchQuery.h"

#include <QStringList>

namespace Breezee::Sandbox {

// CRM v3 contacts: single read, create and update, the list, batch read,
// create and update, search and merge, with HubSpot's validation, email
// uniqueness (primary and additional emails, ignoring case), inline
// associations and partial-success rules.
class ContactsService {
public:
    ContactsService(SandboxState &state, const Clock &clock, const SandboxConfig &config);

    void registerRoutes(Router &router, CrmAccess &access);

private:
    HttpResponse list(const RouteContext &context);
    HttpResponse read(const RouteContext &context);
    HttpResponse create(const RouteContext &context);
    HttpResponse update(const RouteContext &context);
    HttpResponse batchRead(const RouteContext &context);
    HttpResponse batchCreate(const RouteContext &context);
    HttpResponse batchUpdate(const RouteContext &context);
    HttpResponse search(const RouteContext &context);
    HttpResponse merge(const RouteContext &context);

    // Finds a contact by record id, or by the property named in
    // `idProperty` (email or a unique custom property). A merged id finds
    // the contact it was merged into unless --merged-ids not-found is set.
    const Contact *lookup(const QString &id, const QString &idProperty) const;

    // 409 for an email that `existingId` already uses, in the configured style.
    HttpResponse conflict(const QString &existingId, const QString &email) const;

    SandboxState &m_state;
    const Clock &m_clock;
    const SandboxConfig &m_config;
    PropertyValidator m_validator;
};

} // namespace Breezee::Sandbox
