// Disconnect through the controller: the sync stops, the refresh token is
// revoked at the provider and the keychain entry is gone. When HubSpot
// cannot be reached, the local sign-in is still removed and the card names
// where to remove the app in HubSpot.

#include "FakeBrowser.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"
#include "TestProvider.h"

#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"
#include "oauth/TokenClient.h"
#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_Disconnect : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void onlineRevokesAndWipes();
    void unreachableStillWipesLocally();
    void connectedSyncPicksUpLaterChanges();

private:
    void connectController(IntegrationController &controller);
    QString readKeychain(const QString &service);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxProcess> m_sandbox;
    QString m_redirectUri;
    Profile m_profile;
};

void tst_Disconnect::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_sandbox = std::make_unique<SandboxProcess>();
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox->start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri}));

    const QString credentialsFile = m_dir->filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentialsFile, m_sandbox->baseUrl(), m_redirectUri);
    m_profile = sandboxProfile(m_dir->path(), QStringLiteral("disconnect-%1").arg(QTest::currentTestFunction()),
                               credentialsFile);

    Database database(QStringLiteral("seed"));
    QVERIFY(!database.open(m_profile.database));
    ProspectStore prospects(database.handle());
    Prospect prospect;
    prospect.email = QStringLiteral("dora@example.com");
    QVERIFY(prospects.insert(prospect).ok());
}

void tst_Disconnect::cleanup()
{
    m_sandbox.reset();
    m_dir.reset();
}

void tst_Disconnect::connectController(IntegrationController &controller)
{
    QSignalSpy urlReady(&controller, &IntegrationController::authorizationUrlReady);
    controller.connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);
    QCOMPARE(openInFakeBrowser(urlReady.first().at(1).toUrl()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(controller.progress().synced == 1, 20000);
}

QString tst_Disconnect::readKeychain(const QString &service)
{
    CredentialStore keychain(service);
    std::optional<Result<QString>> secret;
    keychain.read(IntegrationController::refreshTokenKey(QStringLiteral("hubspot")),
                  [&secret](Result<QString> value) { secret = value; });
    QDeadlineTimer deadline(20000);
    while (!secret.has_value() && !deadline.hasExpired())
        QTest::qWait(20);
    if (!secret.has_value() || !secret->ok())
        return QStringLiteral("<keychain error>");
    return secret->value();
}

void tst_Disconnect::onlineRevokesAndWipes()
{
    IntegrationController controller(m_profile);
    QVERIFY(!controller.start());
    connectController(controller);

    const QString refreshToken = readKeychain(m_profile.keychainService);
    QVERIFY(!refreshToken.isEmpty());

    controller.disconnectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Disconnected), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller.progress().running, 10000);
    QVERIFY2(controller.provider(QStringLiteral("hubspot")).message.contains(QLatin1String("revoked")),
             qPrintable(controller.provider(QStringLiteral("hubspot")).message));
    QCOMPARE(readKeychain(m_profile.keychainService), QString());

    // The provider rejects the old refresh token from now on.
    QNetworkAccessManager network;
    TokenClient client(sandboxProvider(m_sandbox->baseUrl(), m_redirectUri), &network);
    std::optional<Result<TokenSet>> refreshed;
    client.refresh(refreshToken, [&refreshed](Result<TokenSet> result) { refreshed = result; });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 10000);
    QCOMPARE(refreshed->error().code, QStringLiteral("invalid_grant"));

    QSqlQuery audit(QSqlDatabase::database(QStringLiteral("controller")));
    QVERIFY(audit.exec(QStringLiteral("SELECT message FROM sync_log WHERE kind = 'disconnect'")));
    QVERIFY(audit.next());
    QVERIFY2(audit.value(0).toString().contains(QLatin1String("revoked")), qPrintable(audit.value(0).toString()));
    QVERIFY2(audit.value(0).toString().contains(QLatin1String("(by ")), qPrintable(audit.value(0).toString()));
}

void tst_Disconnect::unreachableStillWipesLocally()
{
    IntegrationController controller(m_profile);
    QVERIFY(!controller.start());
    connectController(controller);
    QVERIFY(!readKeychain(m_profile.keychainService).isEmpty());

    m_sandbox->stop();
    controller.disconnectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Disconnected), 40000);

    const QString message = controller.provider(QStringLiteral("hubspot")).message;
    QVERIFY2(message.contains(QLatin1String("could not be told")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Connected Apps")), qPrintable(message));
    QCOMPARE(readKeychain(m_profile.keychainService), QString());
}

void tst_Disconnect::connectedSyncPicksUpLaterChanges()
{
    IntegrationController controller(m_profile);
    QVERIFY(!controller.start());
    connectController(controller);

    // A prospect captured while the console runs reaches HubSpot without
    // any action, through the queue trigger and the sync thread's poll.
    Database writer(QStringLiteral("later-writer"));
    QVERIFY(!writer.open(m_profile.database));
    ProspectStore prospects(writer.handle());
    Prospect later;
    later.email = QStringLiteral("later@example.com");
    QVERIFY(prospects.insert(later).ok());

    QTRY_VERIFY_WITH_TIMEOUT(controller.progress().synced == 2, 20000);
    QCOMPARE(m_sandbox->state().value(QLatin1String("contacts")).toArray().size(), 2);
}

QTEST_GUILESS_MAIN(tst_Disconnect)
#include "tst_disconnect.moc"
