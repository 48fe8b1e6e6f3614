#pragma once

#include "AssociationStore.h"
#include "AuthStore.h"
#include "ContactStore.h"
#include "CrmObjectStore.h"
#include "PropertyCatalog.h"

#include <QString>

#include <optional>

namespace Breezee::Sandbox {

// Everything the sandbox hub stores: contacts, companies and notes with
// their property catalogs, the associations between them, and hashed codes
// and tokens of HubSpot and of Example IdP. Handlers call markChanged()
// after a write so that the server saves the state file once per request.
class SandboxState {
public:
    SandboxState();

    ContactStore contacts;
    CrmObjectStore companies{CrmObjectKind::Company};
    CrmObjectStore notes{CrmObjectKind::Note};
    PropertyCatalog contactProperties{CrmObjectKind::Contact};
    PropertyCatalog companyProperties{CrmObjectKind::Company};
    PropertyCatalog noteProperties{CrmObjectKind::Note};
    AssociationStore associations;
    AuthStore auth;
    AuthStore otherIdpAuth;

    CrmObjectStore &store(CrmObjectKind kind);
    const CrmObjectStore &store(CrmObjectKind kind) const;
    PropertyCatalog &catalog(CrmObjectKind kind);
    const PropertyCatalog &catalog(CrmObjectKind kind) const;

    // Finds a record by id. With `followMerges`, the id of a contact that
    // was merged into another finds the contact it was merged into.
    const CrmRecord *findRecord(CrmObjectKind kind, const QString &id, bool followMerges) const;

    // Merges contact `mergedId` into `primaryId` (see ContactStore::merge)
    // and moves the merged contact's associations to the primary. Returns
    // the error message when the merge is impossible.
    std::optional<QString> mergeContacts(const QString &primaryId, const QString &mergedId, qint64 nowMs);

    // Sets how long writes take to show up in search, for every object type.
    void setSearchLagMs(qint64 lagMs);

    // Makes every staged search index write visible.
    void publishSearchIndexes();

    void markChanged() { m_changed = true; }
    bool takeChanged();

    // Empties records, associations, custom properties and groups, codes
    // and tokens of both providers.
    void reset();

    QJsonObject toJson() const;
    void loadJson(const QJsonObject &object);

    // Loads the state file. A missing file means an empty state. Returns the
    // error for an unreadable or invalid file.
    std::optional<QString> load(const QString &path);

    // Writes the state file atomically with QSaveFile.
    std::optional<QString> save(const QString &path) const;

private:
    bool m_changed = false;
};

} // namespace Breezee::Sandbox
