#include "TokenBroker.h"

#include "common/Logging.h"
#include "oauth/CredentialStore.h"
#include "oauth/TokenClient.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QTimer>

namespace Breezee {

namespace {

constexpr int kLockRetryMs = 100;

} // namespace

TokenBroker::TokenBroker(ResolvedProvider provider, CredentialStore *keychain, QString keychainKey,
                         QString lockFilePath, QObject *parent)
    : QObject(parent)
    , m_provider(std::move(provider))
    , m_keychain(keychain)
    , m_keychainKey(std::move(keychainKey))
    , m_lockFilePath(std::move(lockFilePath))
    , m_network(new QNetworkAccessManager(this))
    , m_client(new TokenClient(m_provider, m_network, this))
{
    qRegisterMetaType<TokenSet>();
    qRegisterMetaType<Error>();
}

TokenBroker::~TokenBroker() = default;

void TokenBroker::setTokens(const TokenSet &tokens)
{
    QMutexLocker locker(&m_mutex);
    m_tokens = tokens;
}

void TokenBroker::clear()
{
    QMutexLocker locker(&m_mutex);
    m_tokens = TokenSet{};
}

void TokenBroker::setRequestTimeout(int milliseconds)
{
    m_client->setRequestTimeout(milliseconds);
}

int TokenBroker::refreshCount() const
{
    QMutexLocker locker(&m_mutex);
    return m_refreshCount;
}

void TokenBroker::requestToken(QObject *context, Callback done)
{
    enqueue(context, std::move(done), false, QString());
}

void TokenBroker::requestTokenAfterUnauthorized(QObject *context, const QString &rejectedToken, Callback done)
{
    enqueue(context, std::move(done), true, rejectedToken);
}

void TokenBroker::enqueue(QObject *context, Callback done, bool forceRefresh, const QString &rejectedToken)
{
    QMutexLocker locker(&m_mutex);

    const bool fresh = m_tokens.isValid() && m_tokens.expiresAt.isValid()
        && QDateTime::currentDateTimeUtc().secsTo(m_tokens.expiresAt) > kRefreshMarginSeconds;
    const bool alreadyReplaced = forceRefresh && m_tokens.isValid() && m_tokens.accessToken != rejectedToken;

    if (!m_refreshing && ((fresh && !forceRefresh) || alreadyReplaced)) {
        const TokenSet tokens = m_tokens;
        locker.unlock();
        deliver(Waiter{context, std::move(done)}, tokens);
        return;
    }

    m_waiters << Waiter{context, std::move(done)};
    if (m_refreshing)
        return;

    m_refreshing = true;
    locker.unlock();
    QMetaObject::invokeMethod(this, &TokenBroker::startRefresh, Qt::QueuedConnection);
}

void TokenBroker::startRefresh()
{
    QDir().mkpath(QFileInfo(m_lockFilePath).absolutePath());
    m_lock = std::make_unique<QLockFile>(m_lockFilePath);
    // A process killed during a refresh leaves its lock behind; a lock
    // older than this is taken over.
    m_lock->setStaleLockTime(2 * kTokenRequestTimeoutMs);
    refreshWithLock(0);
}

void TokenBroker::refreshWithLock(int waitedMs)
{
    if (!m_lock->tryLock(0)) {
        if (waitedMs >= kLockWaitMs) {
            finishRefresh(Error{QStringLiteral("refresh_lock_timeout"),
                                TokenBroker::tr("Another Breezee process has been refreshing the %1 sign-in for %2 "
                                   "seconds. Close other copies of the console and try again.")
                                    .arg(m_provider.definition.displayName)
                                    .arg(kLockWaitMs / 1000)});
            return;
        }
        QTimer::singleShot(kLockRetryMs, this, [this, waitedMs] { refreshWithLock(waitedMs + kLockRetryMs); });
        return;
    }

    // Read the refresh token under the lock: another process may have
    // replaced it while this one waited.
    m_keychain->read(m_keychainKey, [this](Result<QString> secret) {
        if (!secret.ok()) {
            finishRefresh(secret.error());
            return;
        }
        if (secret.value().isEmpty()) {
            finishRefresh(Error{QStringLiteral("invalid_grant"),
                                TokenBroker::tr("Reconnect required: no saved %1 sign-in was found in the keychain.")
                                    .arg(m_provider.definition.displayName)});
            return;
        }
        refreshWithToken(secret.value());
    });
}

void TokenBroker::refreshWithToken(const QString &refreshToken)
{
    {
        QMutexLocker locker(&m_mutex);
        ++m_refreshCount;
    }

    m_client->refresh(refreshToken, [this, refreshToken](Result<TokenSet> result) {
        if (!result.ok() || result.value().refreshToken == refreshToken) {
            finishRefresh(result);
            return;
        }

        // The provider rotated the refresh token: keep the new one before
        // anyone can use it, so a crash now cannot lose the connection.
        const TokenSet tokens = result.value();
        m_keychain->write(m_keychainKey, tokens.refreshToken, [this, tokens](Status status) {
            if (status) {
                finishRefresh(*status);
                return;
            }
            finishRefresh(tokens);
        });
    });
}

void TokenBroker::finishRefresh(const Result<TokenSet> &result)
{
    if (m_lock)
        m_lock->unlock();

    QList<Waiter> waiters;
    {
        QMutexLocker locker(&m_mutex);
        if (result.ok())
            m_tokens = result.value();
        waiters.swap(m_waiters);
        m_refreshing = false;
    }

    for (const Waiter &waiter : std::as_const(waiters))
        deliver(waiter, result);

    if (result.ok()) {
        emit tokensChanged(result.value());
        return;
    }
    qCWarning(lcOAuth) << "refresh failed for" << m_provider.definition.key << result.error().code;
    if (result.error().code == QLatin1String("invalid_grant"))
        emit authorizationLost(result.error());
}

void TokenBroker::deliver(const Waiter &waiter, const Result<TokenSet> &result)
{
    if (!waiter.context)
        return;
    QMetaObject::invokeMethod(
        waiter.context, [done = waiter.done, result] { done(result); }, Qt::QueuedConnection);
}

} // namespace Breezee
