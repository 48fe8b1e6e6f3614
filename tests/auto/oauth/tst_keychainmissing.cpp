// No Secret Service on the session bus: the connection is not shown as
// saved, the card explains what to install, and nothing secret is written
// anywhere else. ctest runs this with a session bus address that leads
// nowhere.

#include "FakeBrowser.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"

#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"

#include <QDirIterator>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_KeychainMissing : public QObject {
    Q_OBJECT

private slots:
    void writeReportsNoKeychain();
    void connectIsNotSaved();
};

void tst_KeychainMissing::writeReportsNoKeychain()
{
    CredentialStore store(QStringLiteral("Breezee missing keychain test"));
    std::optional<Status> written;
    store.write(QStringLiteral("hubspot/refresh_token"), QStringLiteral("secret"),
                [&written](Status status) { written = status; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 25000);

    QVERIFY(written->has_value());
    QCOMPARE((*written)->code, QStringLiteral("keychain_unavailable"));
    QVERIFY2((*written)->message.contains(QLatin1String("No system keychain was found")), qPrintable((*written)->message));
    QVERIFY2((*written)->message.contains(QLatin1String("gnome-keyring")), qPrintable((*written)->message));
}

void tst_KeychainMissing::connectIsNotSaved()
{
    QTemporaryDir dir;
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    SandboxProcess sandbox;
    QVERIFY(sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri}));

    const QString credentialsFile = dir.filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentialsFile, sandbox.baseUrl(), redirectUri);
    const Profile profile = sandboxProfile(dir.path(), QStringLiteral("no-keychain"), credentialsFile);

    IntegrationController controller(profile);
    QVERIFY(!controller.start());
    QSignalSpy urlReady(&controller, &IntegrationController::authorizationUrlReady);
    QSignalSpy errors(&controller, &IntegrationController::errorOccurred);
    controller.connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);
    QCOMPARE(openInFakeBrowser(urlReady.first().at(1).toUrl()), 200);

    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 30000);
    const ProviderStatus status = controller.provider(QStringLiteral("hubspot"));
    QCOMPARE(int(status.state), int(ConnectionState::Error));
    QVERIFY2(status.message.contains(QLatin1String("No system keychain was found")), qPrintable(status.message));

    QSqlQuery query(QSqlDatabase::database(QStringLiteral("controller")));
    QVERIFY(query.exec(QStringLiteral("SELECT state FROM integrations WHERE provider_key = 'hubspot'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("error"));

    // The tokens were dropped, not written elsewhere: the data directory
    // holds only the database and lock files.
    QDirIterator files(profile.dataDirectory, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        QVERIFY2(path.endsWith(QLatin1String(".sqlite")) || path.endsWith(QLatin1String("-wal"))
                     || path.endsWith(QLatin1String("-shm")) || path.endsWith(QLatin1String(".lock")),
                 qPrintable(QStringLiteral("unexpected file %1").arg(path)));
    }
}

QTEST_GUILESS_MAIN(tst_KeychainMissing)
#include "tst_keychainmissing.moc"
