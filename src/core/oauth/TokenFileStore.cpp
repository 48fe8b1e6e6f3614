#include "TokenFileStore.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimer>

#include <unistd.h>

namespace Breezee {

namespace {

constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

// Calls `done` from the event loop, as the keychain store does, so callers
// see the same order of events with either store.
template <typename Value>
void deliverLater(QObject *context, std::function<void(Value)> done, Value value)
{
    QTimer::singleShot(0, context, [done = std::move(done), value = std::move(value)] { done(value); });
}

} // namespace

TokenFileStore::TokenFileStore(QString path, QObject *parent)
    : CredentialStore(QStringLiteral("token file"), parent)
    , m_path(std::move(path))
{
}

Status TokenFileStore::checkFile(const QString &path, bool mayBeMissing)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        if (mayBeMissing)
            return std::nullopt;
        return Error{QStringLiteral("token_file_missing"),
                     tr("The token file %1 does not exist. Create it with \"breezee-integrations connect "
                        "--token-file %1\", or leave out --token-file to use the keyring.")
                         .arg(path)};
    }

    if (!info.isFile())
        return Error{QStringLiteral("token_file_invalid"),
                     tr("The token file %1 is not a regular file. Name a file, not a directory or device.").arg(path)};

    if (info.ownerId() != uint(::geteuid()))
        return Error{QStringLiteral("token_file_insecure"),
                     tr("The token file %1 belongs to another user. Only the user that runs "
                        "breezee-integrations may own it: chown it to that user and run \"chmod 600 %1\".")
                         .arg(path)};

    if (info.permissions() & kGroupOrOther)
        return Error{QStringLiteral("token_file_insecure"),
                     tr("The token file %1 can be read or written by other users. It holds a HubSpot "
                        "refresh token, so it must be readable by its owner only. Run \"chmod 600 %1\" "
                        "and start again.")
                         .arg(path)};

    return std::nullopt;
}

QString TokenFileStore::startWarning(const QString &path)
{
    return tr("Warning: the HubSpot refresh token is kept in the file %1, not in a keyring. Anyone who "
              "can read that file, or a backup of it, can act on the HubSpot account: keep it at mode "
              "0600 and out of backups, or run a Secret Service keyring instead.")
        .arg(path);
}

Result<QHash<QString, QString>> TokenFileStore::load() const
{
    if (Status status = checkFile(m_path, true))
        return *status;

    QHash<QString, QString> entries;
    QFile file(m_path);
    if (!file.exists())
        return entries;
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error{QStringLiteral("token_file_unreadable"),
                     tr("The token file %1 cannot be read: %2").arg(m_path, file.errorString())};

    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;

        const qsizetype equals = trimmed.indexOf(QLatin1Char('='));
        if (equals <= 0)
            continue;
        entries.insert(trimmed.left(equals).trimmed(), trimmed.mid(equals + 1).trimmed());
    }
    return entries;
}

Status TokenFileStore::save(const QHash<QString, QString> &entries) const
{
    if (Status status = checkFile(m_path, true))
        return status;

    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("token_file_unwritable"),
                     tr("The token file %1 cannot be written: %2").arg(m_path, file.errorString())};

    // The temporary file becomes the token file: restrict it before any
    // secret is written to it.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    QStringList keys = entries.keys();
    keys.sort();
    QByteArray content = "# Breezee Integrations tokens. Keep this file at mode 0600.\n";
    for (const QString &key : std::as_const(keys))
        content += key.toUtf8() + '=' + entries.value(key).toUtf8() + '\n';
    file.write(content);

    if (!file.commit())
        return Error{QStringLiteral("token_file_unwritable"),
                     tr("The token file %1 cannot be written: %2").arg(m_path, file.errorString())};
    return std::nullopt;
}

void TokenFileStore::read(const QString &key, std::function<void(Result<QString>)> done)
{
    const auto entries = load();
    if (!entries.ok()) {
        qCWarning(lcKeychain) << "reading the token file failed:" << entries.error().code;
        deliverLater<Result<QString>>(this, std::move(done), entries.error());
        return;
    }
    deliverLater<Result<QString>>(this, std::move(done), entries.value().value(key));
}

void TokenFileStore::write(const QString &key, const QString &secret, std::function<void(Status)> done)
{
    auto entries = load();
    if (!entries.ok()) {
        deliverLater<Status>(this, std::move(done), entries.error());
        return;
    }

    entries.value().insert(key, secret);
    const Status status = save(entries.value());
    if (!status)
        qCInfo(lcKeychain) << "stored entry" << key << "in the token file";
    deliverLater<Status>(this, std::move(done), status);
}

void TokenFileStore::remove(const QString &key, std::function<void(Status)> done)
{
    auto entries = load();
    if (!entries.ok()) {
        deliverLater<Status>(this, std::move(done), entries.error());
        return;
    }
    if (!entries.value().contains(key)) {
        deliverLater<Status>(this, std::move(done), std::nullopt);
        return;
    }

    entries.value().remove(key);
    deliverLater<Status>(this, std::move(done), save(entries.value()));
}

} // namespace Breezee
