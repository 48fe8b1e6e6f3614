#pragma once

#include "common/Result.h"
#include "oauth/Provider.h"
#include "oauth/TokenSet.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>

#include <functional>

class QLockFile;
class QNetworkAccessManager;

namespace Breezee {

class CredentialStore;
class TokenClient;

// Hands out access tokens for one connection and refreshes them. Callers in
// any thread request a token. When it is missing or close to expiry, exactly
// one refresh runs and every waiting caller gets its result.
//
// A lock file in the profile's data directory makes two processes on one
// keychain refresh in turn. The refresh token is read from the keychain
// again under that lock, because the other process may have replaced it.
// The access token stays in memory.
class TokenBroker : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(Result<TokenSet>)>;

    TokenBroker(ResolvedProvider provider, CredentialStore *keychain, QString keychainKey,
                QString lockFilePath, QObject *parent = nullptr);
    ~TokenBroker() override;

    // Seeds the broker with tokens from a fresh authorization.
    void setTokens(const TokenSet &tokens);
    void clear();

    // Calls `done` in `context`'s thread with a token valid for at least
    // the refresh margin, refreshing first when needed. Thread-safe.
    void requestToken(QObject *context, Callback done);

    // Like requestToken, but after the provider rejected `rejectedToken`
    // with 401: refreshes unless another caller already replaced it.
    void requestTokenAfterUnauthorized(QObject *context, const QString &rejectedToken, Callback done);

    // Refreshes this long before expiry.
    static constexpr qint64 kRefreshMarginSeconds = 300;
    // How long to wait for another process's refresh to finish.
    static constexpr int kLockWaitMs = 30000;

    int refreshCount() const;
    void setRequestTimeout(int milliseconds);

signals:
    // A refresh failed with invalid_grant: the person must reconnect.
    void authorizationLost(const Breezee::Error &error);
    void tokensChanged(const Breezee::TokenSet &tokens);

private:
    struct Waiter {
        QPointer<QObject> context;
        Callback done;
    };

    void enqueue(QObject *context, Callback done, bool forceRefresh, const QString &rejectedToken);
    void startRefresh();
    void refreshWithLock(int waitedMs);
    void refreshWithToken(const QString &refreshToken);
    void finishRefresh(const Result<TokenSet> &result);
    static void deliver(const Waiter &waiter, const Result<TokenSet> &result);

    ResolvedProvider m_provider;
    CredentialStore *m_keychain;
    QString m_keychainKey;
    QString m_lockFilePath;
    QNetworkAccessManager *m_network;
    TokenClient *m_client;
    std::unique_ptr<QLockFile> m_lock;

    mutable QMutex m_mutex;
    TokenSet m_tokens;
    QList<Waiter> m_waiters;
    bool m_refreshing = false;
    int m_refreshCount = 0;
};

} // namespace Breezee
