#pragma once

#include "oauth/CredentialStore.h"

#include <QString>

namespace Breezee {

// Server mode without a keyring: the refresh tokens live in a file that the
// administrator names explicitly (--token-file or BREEZEE_TOKEN_FILE). The
// file contains one "key=value" line per entry, for example
// "hubspot/refresh_token=...", and "#" starts a comment line. It must be a
// regular file owned by the current user with mode 0600. Every read and
// write checks that again and fails otherwise. Writes replace the file
// atomically and keep it at 0600.
class TokenFileStore : public CredentialStore {
    Q_OBJECT

public:
    explicit TokenFileStore(QString path, QObject *parent = nullptr);

    void read(const QString &key, std::function<void(Result<QString>)> done) override;
    void write(const QString &key, const QString &secret, std::function<void(Status)> done) override;
    void remove(const QString &key, std::function<void(Status)> done) override;

    QString path() const { return m_path; }

    // Checks that `path` is a regular file owned by the current user with
    // mode 0600 or stricter. With `mayBeMissing`, a missing file passes
    // (the first write creates it).
    static Status checkFile(const QString &path, bool mayBeMissing = false);

    // The warning that the CLI prints at every start in token-file mode.
    static QString startWarning(const QString &path);

private:
    Result<QHash<QString, QString>> load() const;
    Status save(const QHash<QString, QString> &entries) const;

    QString m_path;
};

} // namespace Breezee
