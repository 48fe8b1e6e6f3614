#pragma once

#include "AuthStore.h"
#include "ContactStore.h"
#include "PropertyCatalog.h"

#include <QString>

#include <optional>

namespace Breezee::Sandbox {

// Everything the sandbox hub stores: contacts, the contact property
// catalog, and hashed codes and tokens of HubSpot and of Example IdP. Handlers call markChanged() after a
// write so that the server saves the state file once per request.
class SandboxState {
public:
    ContactStore contacts;
    PropertyCatalog contactProperties;
    AuthStore auth;
    AuthStore otherIdpAuth;

    void markChanged() { m_changed = true; }
    bool takeChanged();

    // Empties contacts, custom properties and groups, codes and tokens of
    // both providers.
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
