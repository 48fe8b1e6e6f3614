#include "CredentialStore.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace Breezee {

namespace {

Error keychainError(QKeychain::Error code, const QString &detail)
{
    switch (code) {
    case QKeychain::AccessDenied:
        return Error{QStringLiteral("keychain_locked"),
                     CredentialStore::tr("The system keychain is locked or refused access (%1). Unlock your "
                        "login keyring, then try again.")
                         .arg(detail)};
    case QKeychain::NoBackendAvailable:
    case QKeychain::OtherError:
    case QKeychain::NotImplemented:
        return Error{QStringLiteral("keychain_unavailable"),
                     CredentialStore::tr("No system keychain was found (%1). The connection is not saved. Install "
                        "and start a Secret Service keyring such as GNOME Keyring (package "
                        "gnome-keyring) in your desktop session, then connect again.")
                         .arg(detail)};
    default:
        return Error{QStringLiteral("keychain_failed"),
                     CredentialStore::tr("The system keychain reported an error: %1").arg(detail)};
    }
}

// Tells whether the Secret Service's default collection is locked. A
// locked keyring hides its items, so a lookup in it reports "not found".
bool defaultKeyringLocked()
{
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    call << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    call.setAutoStartService(false);

    const QDBusMessage reply = QDBusConnection::sessionBus().call(call, QDBus::Block, 2000);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return false;
    return reply.arguments().first().value<QDBusVariant>().variant().toBool();
}

Error timeoutError(int milliseconds)
{
    return Error{QStringLiteral("keychain_timeout"),
                 CredentialStore::tr("The system keychain did not answer within %1 seconds. It may be waiting "
                    "for a password prompt; unlock your keyring and try again.")
                     .arg(milliseconds / 1000)};
}

// Runs a keychain job and calls `finish` exactly once: with the job's result
// or, after the timeout, with a timeout error.
void runJob(QKeychain::Job *job, int timeoutMs,
            std::function<void(QKeychain::Job *, bool timedOut)> finish)
{
    auto done = std::make_shared<bool>(false);
    auto timer = new QTimer(job);
    timer->setSingleShot(true);

    QObject::connect(job, &QKeychain::Job::finished, job, [=](QKeychain::Job *finishedJob) {
        if (*done)
            return;
        *done = true;
        timer->stop();
        finish(finishedJob, false);
    });
    QObject::connect(timer, &QTimer::timeout, job, [=] {
        if (*done)
            return;
        *done = true;
        finish(job, true);
        // The job may still finish later; it deletes itself then.
    });

    job->setAutoDelete(true);
    timer->start(timeoutMs);
    job->start();
}

} // namespace

CredentialStore::CredentialStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{
}

void CredentialStore::read(const QString &key, std::function<void(Result<QString>)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    const int timeoutMs = m_timeoutMs;

    runJob(job, timeoutMs, [key, done, timeoutMs](QKeychain::Job *finished, bool timedOut) {
        if (timedOut) {
            qCWarning(lcKeychain) << "read timed out for" << key;
            done(timeoutError(timeoutMs));
            return;
        }
        if (finished->error() == QKeychain::EntryNotFound) {
            if (defaultKeyringLocked()) {
                qCWarning(lcKeychain) << "keyring locked while reading" << key;
                done(keychainError(QKeychain::AccessDenied, CredentialStore::tr("the login keyring is locked")));
                return;
            }
            qCInfo(lcKeychain) << "no entry for" << key;
            done(QString());
            return;
        }
        if (finished->error() != QKeychain::NoError) {
            qCWarning(lcKeychain) << "read failed for" << key << finished->errorString();
            done(keychainError(finished->error(), finished->errorString()));
            return;
        }
        done(static_cast<QKeychain::ReadPasswordJob *>(finished)->textData());
    });
}

void CredentialStore::write(const QString &key, const QString &secret, std::function<void(Status)> done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    const int timeoutMs = m_timeoutMs;

    runJob(job, timeoutMs, [key, done, timeoutMs](QKeychain::Job *finished, bool timedOut) {
        if (timedOut) {
            qCWarning(lcKeychain) << "write timed out for" << key;
            done(timeoutError(timeoutMs));
            return;
        }
        if (finished->error() != QKeychain::NoError) {
            qCWarning(lcKeychain) << "write failed for" << key << finished->errorString();
            done(keychainError(finished->error(), finished->errorString()));
            return;
        }
        qCInfo(lcKeychain) << "stored entry" << key;
        done(std::nullopt);
    });
}

void CredentialStore::remove(const QString &key, std::function<void(Status)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    const int timeoutMs = m_timeoutMs;

    runJob(job, timeoutMs, [key, done, timeoutMs](QKeychain::Job *finished, bool timedOut) {
        if (timedOut) {
            done(timeoutError(timeoutMs));
            return;
        }
        if (finished->error() != QKeychain::NoError && finished->error() != QKeychain::EntryNotFound) {
            qCWarning(lcKeychain) << "delete failed for" << key << finished->errorString();
            done(keychainError(finished->error(), finished->errorString()));
            return;
        }
        qCInfo(lcKeychain) << "deleted entry" << key;
        done(std::nullopt);
    });
}

} // namespace Breezee
