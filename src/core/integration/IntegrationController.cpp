#include "IntegrationController.h"

#include "common/Logging.h"
#include "oauth/CredentialStore.h"
#include "oauth/OAuthConnector.h"
#include "oauth/TokenBroker.h"
#include "oauth/TokenClient.h"
#include "preview/SyncPreview.h"
#include "store/Database.h"
#include "store/SyncStore.h"
#include "sync/SyncController.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace Breezee {

namespace {

const QString kHubSpot = QStringLiteral("hubspot");

// sync_log kinds of the first-sync confirmation. A 'first_sync_confirmed'
// row means the connection's first sync was allowed once.
const QString kFirstSyncConfirmedKind = QStringLiteral("first_sync_confirmed");
const QString kFirstSyncWaitingKind = QStringLiteral("first_sync_waiting");
const QString kFirstSyncCancelledKind = QStringLiteral("first_sync_cancelled");

QString stateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected:
        return QStringLiteral("disconnected");
    case ConnectionState::Connecting:
        return QStringLiteral("connecting");
    case ConnectionState::Connected:
        return QStringLiteral("connected");
    case ConnectionState::TokenExpired:
        return QStringLiteral("token_expired");
    case ConnectionState::Offline:
        return QStringLiteral("offline");
    case ConnectionState::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("disconnected");
}

ConnectionState stateFromName(const QString &name)
{
    if (name == QLatin1String("connected"))
        return ConnectionState::Connected;
    if (name == QLatin1String("token_expired"))
        return ConnectionState::TokenExpired;
    if (name == QLatin1String("offline"))
        return ConnectionState::Offline;
    if (name == QLatin1String("error"))
        return ConnectionState::Error;
    return ConnectionState::Disconnected;
}

} // namespace

IntegrationController::IntegrationController(Profile profile, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
{
    qRegisterMetaType<SyncProgress>();
    qRegisterMetaType<Error>();
    qRegisterMetaType<TokenSet>();
}

IntegrationController::~IntegrationController() = default;

QString IntegrationController::refreshTokenKey(const QString &providerKey)
{
    return providerKey + QStringLiteral("/refresh_token");
}

Status IntegrationController::start()
{
    m_database = std::make_unique<Database>(QStringLiteral("controller"));
    if (Status status = m_database->open(m_profile.database))
        return status;

    // Providers beyond the built-in seed are data too: a providers.json in
    // the profile's data directory adds or replaces rows.
    QFile extraSeed(m_profile.dataDirectory + QStringLiteral("/providers.json"));
    if (extraSeed.open(QIODevice::ReadOnly)) {
        if (Status status = applyProviderSeed(m_database->handle(), extraSeed.readAll())) {
            return Error{status->code, tr("The provider file %1 is invalid: %2. Correct it or remove it.")
                                           .arg(extraSeed.fileName(), status->message)};
        }
        qCInfo(lcStore) << "applied provider seed" << extraSeed.fileName();
    }

    m_credentials = std::make_unique<CredentialStore>(m_profile.keychainService);
    m_network = new QNetworkAccessManager(this);
    m_sync = std::make_unique<SyncController>();

    connect(m_sync.get(), &SyncController::progressChanged, this, [this](const SyncProgress &progress) {
        m_progress = progress;
        emit progressChanged(progress);
    });
    connect(m_sync.get(), &SyncController::authorizationLost, this, [this](const Error &error) {
        // missing_scopes and invalid_grant both need the person to connect
        // again; the card shows the reason.
        if (error.code == QLatin1String("offline"))
            setState(m_syncingKey, ConnectionState::Offline, error.message);
        else
            setState(m_syncingKey, ConnectionState::TokenExpired, error.message);
    });

    loadStatuses();
    for (const QString &key : std::as_const(m_order)) {
        if (m_statuses.value(key).state != ConnectionState::Disconnected && m_syncEnabled)
            restoreConnection(key);
    }
    return std::nullopt;
}

QList<ProviderStatus> IntegrationController::providers() const
{
    QList<ProviderStatus> list;
    for (const QString &key : m_order)
        list << m_statuses.value(key);
    return list;
}

ProviderStatus IntegrationController::provider(const QString &key) const
{
    return m_statuses.value(key);
}

Result<ResolvedProvider> IntegrationController::resolve(const QString &key) const
{
    const auto definition = loadProvider(m_database->handle(), key);
    if (!definition.ok())
        return definition.error();
    return resolveProvider(definition.value(), loadCredentials(m_profile.credentialsFile, key),
                           m_profile.credentialsFile);
}

void IntegrationController::connectProvider(const QString &key)
{
    if (m_connector) {
        emit authorizationUrlReady(key, QUrl());
        return;
    }

    const auto provider = resolve(key);
    if (!provider.ok()) {
        setState(key, ConnectionState::Error, provider.error().message);
        emit errorOccurred(key, provider.error());
        return;
    }

    m_connectingKey = key;
    m_connector = new OAuthConnector(provider.value(), this);
    connect(m_connector, &OAuthConnector::authorizationUrlReady, this,
            [this, key](const QUrl &url) { emit authorizationUrlReady(key, url); });
    connect(m_connector, &OAuthConnector::succeeded, this, [this, resolved = provider.value()](const TokenSet &tokens) {
        m_connector->deleteLater();
        m_connector = nullptr;
        onAuthorized(resolved, tokens);
    });
    connect(m_connector, &OAuthConnector::failed, this, [this, key](const Error &error) {
        m_connector->deleteLater();
        m_connector = nullptr;
        const bool cancelled = error.code == QLatin1String("authorization_cancelled");
        setState(key, cancelled ? ConnectionState::Disconnected : ConnectionState::Error,
                 cancelled ? QString() : error.message);
        if (!cancelled)
            emit errorOccurred(key, error);
    });

    setState(key, ConnectionState::Connecting, tr("Waiting for the browser…"));
    m_connector->start();
}

void IntegrationController::cancelConnect(const QString &key)
{
    if (m_connector && m_connectingKey == key)
        m_connector->cancel();
}

void IntegrationController::onAuthorized(const ResolvedProvider &provider, const TokenSet &tokens)
{
    const QString key = provider.definition.key;
    m_credentials->write(refreshTokenKey(key), tokens.refreshToken, [this, provider, tokens, key](Status status) {
        if (status) {
            // Without the keychain the connection cannot be kept: forget
            // the tokens rather than write them anywhere else.
            setState(key, ConnectionState::Error, status->message);
            emit errorOccurred(key, *status);
            return;
        }

        ProviderStatus &entry = m_statuses[key];
        entry.connectedAt = QDateTime::currentDateTimeUtc();
        entry.tokenExpiresAt = tokens.expiresAt;
        entry.grantedScopes = tokens.scopes;
        entry.accountId = tokens.accountId;
        audit(QStringLiteral("info"), QStringLiteral("connect"),
              tr("Connected %1 (account %2).").arg(provider.definition.displayName, tokens.accountId));
        brokerFor(provider)->setTokens(tokens);
        m_offlineRetries.remove(key);
        setState(key, ConnectionState::Connected);
        loadAccountInfo(provider, tokens);
        if (checkGrantedScopes(key))
            startSync(provider);
    });
}

void IntegrationController::loadAccountInfo(const ResolvedProvider &provider, const TokenSet &tokens)
{
    auto *client = new TokenClient(provider, m_network, this);
    const QString key = provider.definition.key;
    client->introspect(tokens.accessToken, QStringLiteral("access_token"), [this, client, key](Result<TokenInfo> info) {
        client->deleteLater();
        if (!info.ok() || !info->active)
            return;
        ProviderStatus &entry = m_statuses[key];
        entry.accountId = info->accountId;
        entry.accountDomain = info->accountDomain;
        entry.accountUser = info->user;
        if (!info->scopes.isEmpty())
            entry.grantedScopes = info->scopes;
        saveStatus(key);
        emit providerChanged(key);
        checkGrantedScopes(key);
    });
}

bool IntegrationController::checkGrantedScopes(const QString &key)
{
    const ProviderStatus &entry = m_statuses[key];
    if (entry.grantedScopes.isEmpty())
        return true;

    QStringList missing;
    for (const QString &scope : entry.definition.scopeNames()) {
        if (!entry.grantedScopes.contains(scope))
            missing << scope;
    }
    if (missing.isEmpty())
        return true;

    if (key == m_syncingKey)
        m_sync->stop();
    setState(key, ConnectionState::TokenExpired,
             tr("Reconnect required: %1 did not grant %2. Reconnect and allow every permission listed.")
                 .arg(entry.definition.displayName, missing.join(QStringLiteral(", "))));
    return false;
}

TokenBroker *IntegrationController::brokerFor(const ResolvedProvider &provider)
{
    const QString key = provider.definition.key;
    if (TokenBroker *broker = m_brokers.value(key))
        return broker;

    auto *broker = new TokenBroker(provider, m_credentials.get(), refreshTokenKey(key),
                                   m_profile.dataDirectory + QLatin1Char('/') + key + QStringLiteral(".refresh.lock"),
                                   this);
    connect(broker, &TokenBroker::tokensChanged, this, [this, key](const TokenSet &tokens) {
        m_statuses[key].tokenExpiresAt = tokens.expiresAt;
        saveStatus(key);
    });
    connect(broker, &TokenBroker::authorizationLost, this, [this, key](const Error &error) {
        setState(key, ConnectionState::TokenExpired, error.message);
    });
    m_brokers.insert(key, broker);
    return broker;
}

void IntegrationController::restoreConnection(const QString &key)
{
    const auto provider = resolve(key);
    if (!provider.ok()) {
        setState(key, ConnectionState::Error, provider.error().message);
        return;
    }

    brokerFor(provider.value())->requestToken(this, [this, resolved = provider.value()](Result<TokenSet> tokens) {
        onTokenResult(resolved, tokens);
    });
}

void IntegrationController::onTokenResult(const ResolvedProvider &provider, const Result<TokenSet> &tokens)
{
    const QString key = provider.definition.key;
    if (tokens.ok()) {
        m_offlineRetries.remove(key);
        m_statuses[key].tokenExpiresAt = tokens.value().expiresAt;
        setState(key, ConnectionState::Connected);
        loadAccountInfo(provider, tokens.value());
        if (!m_sync->isRunning() || m_syncingKey != key)
            startSync(provider);
        return;
    }

    const Error &error = tokens.error();
    if (error.code == QLatin1String("offline")) {
        // The refresh token is still good: keep it and try again, waiting
        // longer each time up to five minutes.
        const int attempt = m_offlineRetries.value(key) + 1;
        m_offlineRetries.insert(key, attempt);
        const int delaySeconds = qMin(5 << qMin(attempt - 1, 6), 300);
        setState(key, ConnectionState::Offline,
                 tr("Offline, retrying in %1 s: %2").arg(delaySeconds).arg(error.message));
        QTimer::singleShot(delaySeconds * 1000, this, [this, key] {
            if (m_statuses.value(key).state == ConnectionState::Offline)
                restoreConnection(key);
        });
        return;
    }

    if (error.code == QLatin1String("invalid_grant")) {
        setState(key, ConnectionState::TokenExpired, error.message);
        return;
    }
    if (error.message.isEmpty())
        setState(key, ConnectionState::Disconnected);
    else
        setState(key, ConnectionState::Error, error.message);
}

void IntegrationController::testConnection(const QString &key)
{
    // A test is a restore on demand: the broker refreshes only when the
    // token is close to expiry, then the account is read again.
    restoreConnection(key);
}

void IntegrationController::startSync(const ResolvedProvider &provider)
{
    // Only HubSpot has a sync; other OAuth providers connect and stop there.
    if (provider.definition.key != kHubSpot || !m_syncEnabled)
        return;

    if (m_firstSyncConfirmationRequired && needsFirstSyncConfirmation()) {
        const bool alreadyPending = m_pendingFirstSync.has_value();
        m_pendingFirstSync = provider;
        qCInfo(lcSync) << "first sync waits for confirmation";
        if (!alreadyPending)
            audit(QStringLiteral("info"), kFirstSyncWaitingKind,
                  tr("The first sync waits for a confirmation of its dry run."));
        emit firstSyncConfirmationRequested(provider.definition.key);
        return;
    }

    m_syncingKey = provider.definition.key;

    SyncOptions options;
    options.database = m_profile.database;
    options.provider = provider;
    options.broker = brokerFor(provider);
    options.watch = true;
    m_sync->start(options);
}

bool IntegrationController::needsFirstSyncConfirmation() const
{
    QSqlQuery query(m_database->handle());
    query.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sync_state WHERE remote_id IS NOT NULL) "
                                 "OR EXISTS (SELECT 1 FROM sync_log WHERE kind = ?)"));
    query.addBindValue(kFirstSyncConfirmedKind);
    if (!query.exec() || !query.next()) {
        // Asking once too often is safer than syncing unasked.
        qCWarning(lcStore) << "checking for a first sync failed:" << query.lastError().text();
        return true;
    }
    return !query.value(0).toBool();
}

void IntegrationController::confirmFirstSync()
{
    if (!m_pendingFirstSync)
        return;

    const ResolvedProvider provider = *m_pendingFirstSync;
    m_pendingFirstSync.reset();
    audit(QStringLiteral("info"), kFirstSyncConfirmedKind, tr("First sync to %1 confirmed after its dry run.")
                                                               .arg(provider.definition.displayName));
    startSync(provider);
}

void IntegrationController::cancelFirstSync()
{
    if (!m_pendingFirstSync)
        return;

    qCInfo(lcSync) << "first sync cancelled; the queue stays as it is";
    audit(QStringLiteral("info"), kFirstSyncCancelledKind,
          tr("First sync to %1 cancelled after its dry run; every prospect stays queued.")
              .arg(m_pendingFirstSync->definition.displayName));
}

void IntegrationController::askAgainForFirstSync()
{
    if (m_pendingFirstSync)
        emit firstSyncConfirmationRequested(m_pendingFirstSync->definition.key);
}

Result<SyncPreview *> IntegrationController::createSyncPreview(const QSqlDatabase &db, QObject *parent)
{
    const ProviderStatus status = m_statuses.value(kHubSpot);
    if (status.state != ConnectionState::Connected)
        return Error{QStringLiteral("not_connected"),
                     tr("HubSpot is not connected. Connect it on the Integrations page to see a preview.")};

    const auto provider = resolve(kHubSpot);
    if (!provider.ok())
        return provider.error();
    return new SyncPreview(db, provider->apiBaseUrl, brokerFor(provider.value()), parent);
}

void IntegrationController::stopSync()
{
    if (m_sync)
        m_sync->stop();
}

void IntegrationController::disconnectProvider(const QString &key)
{
    const auto provider = resolve(key);

    if (m_sync && m_syncingKey == key) {
        m_sync->stop();
        m_syncingKey.clear();
    }
    if (m_pendingFirstSync && m_pendingFirstSync->definition.key == key)
        m_pendingFirstSync.reset();

    m_credentials->read(refreshTokenKey(key), [this, key, provider](Result<QString> secret) {
        const QString refreshToken = secret.ok() ? secret.value() : QString();
        auto wipe = [this, key](const QString &revokeNote) {
            m_credentials->remove(refreshTokenKey(key), [this, key, revokeNote](Status status) {
                if (TokenBroker *broker = m_brokers.value(key))
                    broker->clear();
                ProviderStatus &entry = m_statuses[key];
                entry.accountDomain.clear();
                entry.accountUser.clear();
                entry.grantedScopes.clear();
                const QString message = status ? status->message : revokeNote;
                audit(status ? QStringLiteral("warning") : QStringLiteral("info"), QStringLiteral("disconnect"),
                      tr("Disconnected %1. %2").arg(entry.definition.displayName, message).trimmed());
                setState(key, ConnectionState::Disconnected, message);
            });
        };

        if (refreshToken.isEmpty() || !provider.ok()) {
            wipe(QString());
            return;
        }

        auto *client = new TokenClient(provider.value(), m_network, this);
        client->revoke(refreshToken, [client, wipe, name = provider->definition.displayName](Status status) {
            client->deleteLater();
            if (status)
                wipe(tr("%1 could not be told (%2): the local sign-in was removed, but remove the "
                        "app under Settings > Integrations > Connected Apps in %1 too.")
                         .arg(name, status->message));
            else
                wipe(tr("The sign-in was revoked at %1.").arg(name));
        });
    });
}

void IntegrationController::resync(const QList<qint64> &prospectIds)
{
    SyncStore store(m_database->handle());
    if (Status status = store.enqueue(prospectIds, QStringLiteral("resync"))) {
        emit errorOccurred(kHubSpot, *status);
        return;
    }
    if (m_sync)
        m_sync->wake();
    askAgainForFirstSync();
}

void IntegrationController::resyncParts(const QList<qint64> &prospectIds, SyncParts parts)
{
    SyncStore store(m_database->handle());
    if (Status status = store.enqueueResync(prospectIds, parts, QStringLiteral("resync"))) {
        emit errorOccurred(kHubSpot, *status);
        return;
    }
    if (m_sync)
        m_sync->wake();
    askAgainForFirstSync();
}

void IntegrationController::resyncAll()
{
    SyncStore store(m_database->handle());
    if (Status status = store.enqueueAll(QStringLiteral("resync"))) {
        emit errorOccurred(kHubSpot, *status);
        return;
    }
    if (m_sync)
        m_sync->wake();
    askAgainForFirstSync();
}

void IntegrationController::setState(const QString &key, ConnectionState state, const QString &message)
{
    ProviderStatus &entry = m_statuses[key];
    entry.state = state;
    entry.message = message;
    saveStatus(key);
    emit providerChanged(key);
}

void IntegrationController::audit(const QString &level, const QString &kind, const QString &message)
{
    // The sync log row carries the time; the message names who acted.
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME", tr("unknown user"));

    SyncStore store(m_database->handle());
    store.appendLog(level, kind, 0, tr("%1 (by %2)").arg(message, user));
}

void IntegrationController::loadStatuses()
{
    const auto providers = loadProviders(m_database->handle());
    if (!providers.ok()) {
        qCWarning(lcStore) << "cannot read providers:" << providers.error().message;
        return;
    }

    m_order.clear();
    for (const ProviderDefinition &definition : providers.value()) {
        m_order << definition.key;
        m_statuses[definition.key].definition = definition;
    }

    QSqlQuery query(m_database->handle());
    query.exec(QStringLiteral("SELECT provider_key, state, account_id, account_domain, account_user, "
                              "granted_scopes, connected_at, last_error FROM integrations"));
    while (query.next()) {
        const QString key = query.value(0).toString();
        if (!m_statuses.contains(key))
            continue;
        ProviderStatus &entry = m_statuses[key];
        // A saved connection is confirmed from the keychain before it shows
        // as connected.
        const ConnectionState saved = stateFromName(query.value(1).toString());
        entry.state = saved == ConnectionState::Disconnected ? saved : ConnectionState::Connecting;
        entry.accountId = query.value(2).toString();
        entry.accountDomain = query.value(3).toString();
        entry.accountUser = query.value(4).toString();
        entry.grantedScopes = query.value(5).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        entry.connectedAt = QDateTime::fromString(query.value(6).toString(), Qt::ISODateWithMs);
        entry.message = query.value(7).toString();
    }
}

void IntegrationController::saveStatus(const QString &key)
{
    const ProviderStatus &entry = m_statuses.value(key);
    if (entry.state == ConnectionState::Connecting)
        return;

    QSqlQuery query(m_database->handle());
    query.prepare(QStringLiteral(
        "INSERT INTO integrations (provider_key, state, account_id, account_domain, account_user, "
        "granted_scopes, connected_at, token_expires_at, last_error, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (provider_key) DO UPDATE SET state = excluded.state, account_id = excluded.account_id, "
        "account_domain = excluded.account_domain, account_user = excluded.account_user, "
        "granted_scopes = excluded.granted_scopes, connected_at = excluded.connected_at, "
        "token_expires_at = excluded.token_expires_at, "
        "last_error = excluded.last_error, updated_at = excluded.updated_at"));
    query.addBindValue(key);
    query.addBindValue(stateName(entry.state));
    query.addBindValue(entry.accountId);
    query.addBindValue(entry.accountDomain);
    query.addBindValue(entry.accountUser);
    query.addBindValue(entry.grantedScopes.join(QLatin1Char(' ')));
    query.addBindValue(entry.connectedAt.isValid() ? storeTimestamp(entry.connectedAt) : QVariant());
    query.addBindValue(entry.tokenExpiresAt.isValid() ? storeTimestamp(entry.tokenExpiresAt) : QVariant());
    query.addBindValue(entry.message);
    query.addBindValue(storeTimestamp());
    if (!query.exec())
        qCWarning(lcStore) << "saving the state of" << key << "failed:" << query.lastError().text();
}

} // namespace Breezee
