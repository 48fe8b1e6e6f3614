#pragma once

#include "common/Result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace Breezee {

// The only place where secrets are kept: the OS keychain through QtKeychain
// (the Secret Service on Linux). Every job is asynchronous and ends after a
// timeout, because a keyring prompt or a missing service can leave a job
// pending forever. There is no plain-text fallback.
class CredentialStore : public QObject {
    Q_OBJECT

public:
    explicit CredentialStore(QString service, QObject *parent = nullptr);

    // A read of a missing entry, or of an empty one, succeeds with an empty
    // string: both mean "not connected".
    virtual void read(const QString &key, std::function<void(Result<QString>)> done);
    virtual void write(const QString &key, const QString &secret, std::function<void(Status)> done);

    // Deleting a missing entry succeeds.
    virtual void remove(const QString &key, std::function<void(Status)> done);

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    QString service() const { return m_service; }

private:
    QString m_service;
    int m_timeoutMs = 20000;
};

} // namespace Breezee
