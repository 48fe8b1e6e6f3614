#pragma once

#include "common/Profile.h"
#include "common/Result.h"
#include "oauth/Provider.h"
#include "store/SyncStore.h"
#include "sync/SyncTypes.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace Breezee {

class Database;
class OAuthConnector;
class CredentialStore;
class SyncController;
class SyncPreview;
class TokenBroker;
class TokenClient;

// The states a provider card shows.
enum class ConnectionState {
    Disconnected,
    Connecting,
    Connected,
    TokenExpired,
    Offline,
    Error,
};

// A provider as a card shows it: the seed row plus its connection.
struct ProviderStatus {
    ProviderDefinition definition;
    ConnectionState state = ConnectionState::Disconnected;
    QString message;
    QString accountId;
    QString accountDomain;
    QString accountUser;
    QStringList grantedScopes;
    QDateTime connectedAt;
    // When the access token in memory expires; stored, the token is not.
    QDateTime tokenExpiresAt;
};

// Connects providers, keeps their tokens in the keychain and runs the sync
// thread. Lives in the GUI thread (or the headless main thread) and owns its
// own database connection there; the sync thread has its own.
class IntegrationController : public QObject {
    Q_OBJECT

public:
    explicit IntegrationController(Profile profile, QObject *parent = nullptr);
    ~IntegrationController() override;

    // Opens the store and restores saved connections from the keychain.
    Status start();

    const Profile &profile() const { return m_profile; }
    QList<ProviderStatus> providers() const;
    ProviderStatus provider(const QString &key) const;
    SyncProgress progress() const { return m_progress; }

    // When false, connecting stores the connection but starts no sync, as
    // the headless `connect` command needs. Default true.
    void setSyncEnabled(bool enabled) { m_syncEnabled = enabled; }

    // When true, the first HubSpot sync of a connection waits for
    // confirmFirstSync(), and firstSyncConfirmationRequested requests it.
    // The first sync is one that starts while no prospect has a HubSpot id
    // and no first sync was confirmed. It is off by default, so the
    // headless commands never wait, and the console's window turns it on.
    void setFirstSyncConfirmationRequired(bool required) { m_firstSyncConfirmationRequired = required; }
    bool isFirstSyncPending() const { return m_pendingFirstSync.has_value(); }

    // Makes a read-only preview of the HubSpot sync that reads the store
    // through `db`, the caller's connection, and HubSpot with this
    // connection's tokens. Fails when HubSpot is not connected.
    Result<SyncPreview *> createSyncPreview(const QSqlDatabase &db, QObject *parent);

    // The keychain entry that stores a provider's refresh token.
    static QString refreshTokenKey(const QString &providerKey);

public slots:
    // Starts the OAuth flow in the system browser. authorizationUrlReady
    // carries the URL for a copyable field, because opening a browser can
    // fail without any error.
    void connectProvider(const QString &key);
    void cancelConnect(const QString &key);
    void disconnectProvider(const QString &key);

    // Puts the prospects back on the sync queue.
    void resync(const QList<qint64> &prospectIds);
    void resyncAll();
    // Puts the prospects back on the queue for some parts only.
    void resyncParts(const QList<qint64> &prospectIds, Breezee::SyncParts parts);

    // Starts the first sync that waits for confirmation, and records who
    // confirmed it. Does nothing when no first sync waits.
    void confirmFirstSync();
    // Leaves the first sync waiting with everything queued. A later resync
    // or a restart requests the confirmation again.
    void cancelFirstSync();

    // Gets a valid access token (refreshing when needed) and reads the
    // account and scopes from the provider again, so the card shows them as
    // they are now.
    void testConnection(const QString &key);

signals:
    void providerChanged(const QString &key);
    void authorizationUrlReady(const QString &key, const QUrl &url);
    void progressChanged(const Breezee::SyncProgress &progress);
    void errorOccurred(const QString &key, const Breezee::Error &error);
    // The first sync of `key` waits for confirmFirstSync() or
    // cancelFirstSync(). Emitted again when a resync finds it still waiting.
    void firstSyncConfirmationRequested(const QString &key);

private:
    void setState(const QString &key, ConnectionState state, const QString &message = {});
    void onAuthorized(const ResolvedProvider &provider, const TokenSet &tokens);
    void restoreConnection(const QString &key);
    void onTokenResult(const ResolvedProvider &provider, const Result<TokenSet> &tokens);
    void loadAccountInfo(const ResolvedProvider &provider, const TokenSet &tokens);
    TokenBroker *brokerFor(const ResolvedProvider &provider);
    // Asks for a reconnect when the provider granted fewer scopes than the
    // seed requests; returns true when every scope was granted.
    bool checkGrantedScopes(const QString &key);
    void startSync(const ResolvedProvider &provider);
    bool needsFirstSyncConfirmation() const;
    void askAgainForFirstSync();
    void stopSync();
    void loadStatuses();
    void saveStatus(const QString &key);
    void audit(const QString &level, const QString &kind, const QString &message);
    Result<ResolvedProvider> resolve(const QString &key) const;

    Profile m_profile;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<SyncController> m_sync;
    QHash<QString, ProviderStatus> m_statuses;
    QList<QString> m_order;
    QNetworkAccessManager *m_network = nullptr;
    OAuthConnector *m_connector = nullptr;
    QString m_connectingKey;
    QString m_syncingKey;
    QHash<QString, TokenBroker *> m_brokers;
    QHash<QString, int> m_offlineRetries;
    SyncProgress m_progress;
    bool m_syncEnabled = true;
    bool m_firstSyncConfirmationRequired = false;
    std::optional<ResolvedProvider> m_pendingFirstSync;
};

} // namespace Breezee
