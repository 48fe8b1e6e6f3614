#pragma once

#include "oauth/Provider.h"

#include <QString>
#include <QUrl>

// The HubSpot provider as the seed defines it, pointed at a sandbox on
// 127.0.0.1 and at one redirect URI chosen by the test.
inline Breezee::ResolvedProvider sandboxProvider(const QUrl &sandboxBase, const QString &redirectUri)
{
    Breezee::ProviderDefinition definition;
    definition.key = QStringLiteral("hubspot");
    definition.displayName = QStringLiteral("HubSpot");
    definition.live = true;
    definition.authorizeUrl = QStringLiteral("{auth_base_url}/oauth/authorize");
    definition.tokenUrl = QStringLiteral("{api_base_url}/oauth/v3/token");
    definition.revokeUrl = QStringLiteral("{api_base_url}/oauth/v3/token/revoke");
    definition.introspectUrl = QStringLiteral("{api_base_url}/oauth/v3/token/introspect");
    for (const char *scope : {"oauth", "crm.objects.contacts.read", "crm.objects.contacts.write",
                              "crm.objects.companies.read", "crm.objects.companies.write",
                              "crm.schemas.contacts.read", "crm.schemas.contacts.write"})
        definition.scopes << Breezee::ProviderScope{QLatin1String(scope), QString()};
    definition.redirectUris << redirectUri;

    Breezee::ProviderCredentials credentials;
    credentials.clientId = QStringLiteral("breezee-sandbox-client");
    credentials.clientSecret = QStringLiteral("breezee-sandbox-secret");
    credentials.values.insert(QStringLiteral("auth_base_url"), sandboxBase.toString());
    credentials.values.insert(QStringLiteral("api_base_url"), sandboxBase.toString());

    auto resolved = Breezee::resolveProvider(definition, credentials, QStringLiteral("test"));
    return resolved.value();
}
