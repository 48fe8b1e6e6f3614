#include "PrivateKeyring.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>

namespace Breezee::Test {

namespace {

const QByteArray kKeyringPassword = "private-keyring-test";
const QString kBusName = QStringLiteral("breezee-private-keyring");

} // namespace

PrivateKeyring::~PrivateKeyring()
{
    QDBusConnection::disconnectFromBus(kBusName);
    if (m_bus.state() == QProcess::NotRunning)
        return;
    m_bus.terminate();
    if (!m_bus.waitForFinished(3000)) {
        m_bus.kill();
        m_bus.waitForFinished(3000);
    }
}

bool PrivateKeyring::start(const QString &directory)
{
    m_directory = directory;
    QDir().mkpath(directory + QStringLiteral("/keyring-data"));
    QDir().mkpath(directory + QStringLiteral("/keyring-runtime"));
    QFile::setPermissions(directory + QStringLiteral("/keyring-runtime"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    m_bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--session"), QStringLiteral("--nofork"),
                                                QStringLiteral("--print-address=1")});
    if (!m_bus.waitForStarted(5000)) {
        m_errorString = QStringLiteral("dbus-daemon did not start: %1").arg(m_bus.errorString());
        return false;
    }
    QDeadlineTimer deadline(5000);
    while (!m_bus.canReadLine() && !deadline.hasExpired() && m_bus.state() == QProcess::Running)
        m_bus.waitForReadyRead(100);
    m_address = QString::fromUtf8(m_bus.readLine()).trimmed();
    if (m_address.isEmpty()) {
        m_errorString = QStringLiteral("dbus-daemon printed no address: %1").arg(QString::fromUtf8(m_bus.readAllStandardError()));
        return false;
    }

    return runKeyringDaemon({QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
}

QProcessEnvironment PrivateKeyring::environment(const QProcessEnvironment &base) const
{
    QProcessEnvironment environment = base;
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_directory + QStringLiteral("/keyring-data"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_directory + QStringLiteral("/keyring-runtime"));
    return environment;
}

bool PrivateKeyring::lock()
{
    QDBusConnection bus = QDBusConnection::connectToBus(m_address, kBusName);
    if (!bus.isConnected()) {
        m_errorString = QStringLiteral("cannot connect to the private bus: %1").arg(bus.lastError().message());
        return false;
    }

    QDBusMessage call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
                                                       QStringLiteral("/org/freedesktop/secrets"),
                                                       QStringLiteral("org.freedesktop.Secret.Service"),
                                                       QStringLiteral("Lock"));
    call << QVariant::fromValue(QList<QDBusObjectPath>{QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))});
    const QDBusMessage reply = bus.call(call, QDBus::Block, 10000);
    if (reply.type() == QDBusMessage::ErrorMessage) {
        m_errorString = QStringLiteral("Lock failed: %1").arg(reply.errorMessage());
        return false;
    }
    return true;
}

bool PrivateKeyring::unlock()
{
    // A replacing daemon opens the keyring file with the password, which
    // unlocks it without the prompt that a headless session cannot show.
    return runKeyringDaemon({QStringLiteral("--replace"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
}

bool PrivateKeyring::runKeyringDaemon(const QStringList &arguments)
{
    QProcess daemon;
    daemon.setProcessEnvironment(environment(QProcessEnvironment::systemEnvironment()));
    daemon.setStandardOutputFile(QProcess::nullDevice());
    daemon.start(QStringLiteral("gnome-keyring-daemon"), arguments);
    if (!daemon.waitForStarted(5000)) {
        m_errorString = QStringLiteral("gnome-keyring-daemon did not start: %1").arg(daemon.errorString());
        return false;
    }
    daemon.write(kKeyringPassword);
    daemon.closeWriteChannel();
    if (!daemon.waitForFinished(10000) || daemon.exitCode() != 0) {
        m_errorString = QStringLiteral("gnome-keyring-daemon %1 failed: %2")
                            .arg(arguments.join(QLatin1Char(' ')), QString::fromUtf8(daemon.readAllStandardError()));
        return false;
    }
    return true;
}

} // namespace Breezee::Test
