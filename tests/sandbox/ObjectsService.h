#pragma once

#include "Clock.h"
#include "CrmAccess.h"
#include "InlineAssociations.h"
#include "PropertyValidator.h"
#include "Router.h"
#include "SandboxConfig.h"
#include "SandboxState.h"

namespace Breezee::Sandbox {

// CRM v3 endpoints of an object type without special rules, companies and
// notes: single create, read and update, the list, batch read, create and
// update, and (for companies) search. Creates check the type's required
// properties (hs_timestamp for notes) and inline associations. HubSpot does
// not reject a company whose domain another company has, so neither does
// the sandbox.
class ObjectsService {
public:
    ObjectsService(CrmObjectKind kind, SandboxState &state, const Clock &clock, const SandboxConfig &config);

    void registerRoutes(Router &router, CrmAccess &access);

private:
    HttpResponse list(const RouteContext &context);
    HttpResponse read(const RouteContext &context);
    HttpResponse create(const RouteContext &context);
    HttpResponse update(const RouteContext &context);
    HttpResponse batchRead(const RouteContext &context);
    HttpResponse batchCreate(const RouteContext &context);
    HttpResponse batchUpdate(const RouteContext &context);
    HttpResponse batchArchive(const RouteContext &context);
    HttpResponse search(const RouteContext &context);

    const CrmObjectType &type() const { return crmObjectType(m_kind); }
    CrmObjectStore &store() { return m_state.store(m_kind); }
    const PropertyCatalog &catalog() const { return m_state.catalog(m_kind); }

    // Validates input.properties of a create or update and appends the
    // problems to `issues`. A create also needs the required properties.
    QHash<QString, QString> validate(const QJsonObject &properties, bool creating, QList<PropertyIssue> &issues) const;

    const CrmRecord *lookup(const QString &id, const QString &idProperty, HttpResponse &error) const;

    CrmObjectKind m_kind;
    SandboxState &m_state;
    const Clock &m_clock;
    const SandboxConfig &m_config;
    PropertyValidator m_validator;
};

} // namespace Breezee::Sandbox
