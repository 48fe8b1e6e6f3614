#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Breezee::Sandbox {

// The CRM object types the sandbox stores.
enum class CrmObjectKind { Contact, Company, Note };

// What differs between HubSpot's object types: names in paths and
// messages, the object type id, the names of the timestamp properties, the
// properties returned when a request names none, and the scopes.
struct CrmObjectType {
    CrmObjectKind kind;
    QString pluralName;      // "contacts", as in /crm/v3/objects/contacts
    QString singularName;    // "contact", as in the v4 association paths
    QString typeId;          // "0-1"
    QString upperName;       // "CONTACT", as in HubSpot's batch error messages
    QString createDateProperty;
    QString lastModifiedProperty;
    QStringList defaultProperties;
    // Properties that the search request's free-text "query" looks in.
    QStringList queryProperties;
    // Properties whose lowercased values the search index keeps a lookup
    // table for, so that EQ and IN filters on them need no full scan.
    QStringList searchKeyProperties;
    // Properties a create must set, such as hs_timestamp of notes.
    QStringList requiredOnCreate;
    QStringList readScopes;
    QStringList writeScopes;

    // hs_object_id plus the create and last-modified properties, which
    // every read and search returns.
    QStringList alwaysReturnedProperties() const;
};

const CrmObjectType &crmObjectType(CrmObjectKind kind);

// Reads an object type as HubSpot accepts it in paths: the plural or
// singular name ("contacts", "contact") or the type id ("0-1").
std::optional<CrmObjectKind> crmObjectKindFromName(const QString &name);

} // namespace Breezee::Sandbox
