#pragma once

#include "common/Result.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Breezee {

struct ProviderScope {
    QString scope;
    QString reason;
};

// One row of the provider seed. URL fields may contain {placeholders}
// that the credential block fills in.
struct ProviderDefinition {
    QString key;
    QString displayName;
    QString description;
    bool live = false;
    QString authorizeUrl;
    QString tokenUrl;
    QString revokeUrl;
    QString introspectUrl;
    QList<ProviderScope> scopes;
    QStringList redirectUris;
    int sortOrder = 0;

    QStringList scopeNames() const;
};

// The secret half of a provider: client id and secret plus the values that
// fill the seed's URL placeholders, for example api_base_url.
struct ProviderCredentials {
    QString clientId;
    QString clientSecret;
    QHash<QString, QString> values;
};

// A live provider with every URL resolved, ready for an OAuth flow.
struct ResolvedProvider {
    ProviderDefinition definition;
    ProviderCredentials credentials;
    QUrl authorizeUrl;
    QUrl tokenUrl;
    QUrl revokeUrl;
    QUrl introspectUrl;
    QUrl apiBaseUrl;
};

// Reads every provider row, ordered for display.
Result<QList<ProviderDefinition>> loadProviders(QSqlDatabase db);
Result<ProviderDefinition> loadProvider(QSqlDatabase db, const QString &key);

// Reads the credential block of `providerKey` from the INI file (group named
// after the key) and from the environment, where
// BREEZEE_<KEY>_CLIENT_ID, BREEZEE_<KEY>_CLIENT_SECRET and
// BREEZEE_<KEY>_<NAME> override the file.
ProviderCredentials loadCredentials(const QString &credentialsFile, const QString &providerKey);

// Fills the URL placeholders and checks that the provider can connect.
// The error names the missing value and where to set it.
Result<ResolvedProvider> resolveProvider(const ProviderDefinition &definition,
                                         const ProviderCredentials &credentials,
                                         const QString &credentialsFile);

} // namespace Breezee
