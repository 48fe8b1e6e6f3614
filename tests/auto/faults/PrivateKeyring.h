#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

namespace Breezee::Test {

// A session bus of the test's own with a GNOME Keyring on it, so that a
// test may lock the keyring without disturbing other tests that share the
// session's keyring. The keyring daemon ends together with the bus, which
// the destructor stops.
class PrivateKeyring {
public:
    PrivateKeyring() = default;
    ~PrivateKeyring();

    PrivateKeyring(const PrivateKeyring &) = delete;
    PrivateKeyring &operator=(const PrivateKeyring &) = delete;

    // Starts dbus-daemon and an unlocked gnome-keyring-daemon whose files
    // live under `directory`. Returns false with errorString() set.
    bool start(const QString &directory);

    // `base` with the bus address and the keyring's XDG directories.
    QProcessEnvironment environment(const QProcessEnvironment &base) const;

    // Locks the "login" collection through the Secret Service, as the
    // desktop does when the screen locks.
    bool lock();

    // Unlocks it again with the keyring password, without a prompt.
    bool unlock();

    QString errorString() const { return m_errorString; }

private:
    bool runKeyringDaemon(const QStringList &arguments);

    QProcess m_bus;
    QString m_address;
    QString m_directory;
    QString m_errorString;
};

} // namespace Breezee::Test
