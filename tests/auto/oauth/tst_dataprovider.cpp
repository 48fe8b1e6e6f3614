// A provider added by data alone: a providers.json row in the profile's
// data directory plus a credential block connect and disconnect a second
// OAuth provider (the sandbox's RFC 6749 "Example IdP") with no code for it.

#include "FakeBrowser.h"
#include "SandboxProcess.h"

#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"

#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_DataProvider : public QObject {
    Q_OBJECT

private slots:
    void connectsAndDisconnects();
    void invalidSeedFileIsReported();
};

void tst_DataProvider::connectsAndDisconnects()
{
    QTemporaryDir dir;
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    SandboxProcess sandbox;
    QVERIFY(sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--other-redirect-uri"), redirectUri}));

    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
    QFile seed(dir.filePath(QStringLiteral("data/providers.json")));
    QVERIFY(seed.open(QIODevice::WriteOnly));
    seed.write(QStringLiteral(R"([{
        "key": "example-idp",
        "display_name": "Example IdP",
        "description": "A second OAuth provider, defined only in this file.",
        "status": "live",
        "authorize_url": "{auth_base_url}/other-idp/oauth/authorize",
        "token_url": "{auth_base_url}/other-idp/oauth/token",
        "revoke_url": "{auth_base_url}/other-idp/oauth/revoke",
        "introspect_url": "{auth_base_url}/other-idp/oauth/introspect",
        "scopes": [{"scope": "profile", "reason": "Read the account name."}],
        "redirect_uris": ["%1"],
        "sort_order": 50
    }])").arg(redirectUri).toUtf8());
    seed.close();

    const QString credentialsFile = dir.filePath(QStringLiteral("credentials.ini"));
    {
        QSettings credentials(credentialsFile, QSettings::IniFormat);
        credentials.beginGroup(QStringLiteral("example-idp"));
        credentials.setValue(QStringLiteral("client_id"), QStringLiteral("example-idp-client"));
        credentials.setValue(QStringLiteral("client_secret"), QStringLiteral("example-idp-secret"));
        credentials.setValue(QStringLiteral("auth_base_url"), sandbox.baseUrl().toString());
    }

    Profile profile;
    profile.name = QStringLiteral("data-provider");
    profile.dataDirectory = dir.filePath(QStringLiteral("data"));
    profile.credentialsFile = credentialsFile;
    profile.keychainService = QStringLiteral("Breezee data provider test %1").arg(QCoreApplication::applicationPid());
    profile.database = DatabaseConfig::fromString(dir.filePath(QStringLiteral("data/breezee.sqlite")));

    IntegrationController controller(profile);
    QVERIFY(!controller.start());
    const ProviderStatus before = controller.provider(QStringLiteral("example-idp"));
    QCOMPARE(before.definition.displayName, QStringLiteral("Example IdP"));
    QVERIFY(before.definition.live);
    QCOMPARE(int(before.state), int(ConnectionState::Disconnected));

    QSignalSpy urlReady(&controller, &IntegrationController::authorizationUrlReady);
    controller.connectProvider(QStringLiteral("example-idp"));
    QTRY_COMPARE(urlReady.count(), 1);
    QVERIFY(urlReady.first().at(1).toUrl().path().startsWith(QLatin1String("/other-idp/")));
    QCOMPARE(openInFakeBrowser(urlReady.first().at(1).toUrl()), 200);

    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("example-idp")).state),
                              int(ConnectionState::Connected), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(controller.provider(QStringLiteral("example-idp")).accountUser,
                              QStringLiteral("admin@breezee.example"), 10000);
    QCOMPARE(controller.provider(QStringLiteral("example-idp")).accountId, QStringLiteral("example-account-1001"));
    QCOMPARE(controller.provider(QStringLiteral("example-idp")).grantedScopes, QStringList{QStringLiteral("profile")});
    QCOMPARE(sandbox.tokenRequestCount(QStringLiteral("authorization_code"), QStringLiteral("other-idp")), 1);
    // The HubSpot card is untouched by the second provider.
    QCOMPARE(int(controller.provider(QStringLiteral("hubspot")).state), int(ConnectionState::Disconnected));

    controller.disconnectProvider(QStringLiteral("example-idp"));
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("example-idp")).state),
                              int(ConnectionState::Disconnected), 20000);
    QCOMPARE(sandbox.revokeRequestCount(QStringLiteral("other-idp")), 1);

    CredentialStore keychain(profile.keychainService);
    std::optional<Result<QString>> secret;
    keychain.read(IntegrationController::refreshTokenKey(QStringLiteral("example-idp")),
                  [&secret](Result<QString> value) { secret = value; });
    QTRY_VERIFY_WITH_TIMEOUT(secret.has_value(), 20000);
    QVERIFY(secret->ok());
    QCOMPARE(secret->value(), QString());
}

void tst_DataProvider::invalidSeedFileIsReported()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
    QFile seed(dir.filePath(QStringLiteral("data/providers.json")));
    QVERIFY(seed.open(QIODevice::WriteOnly));
    seed.write("[{\"display_name\": \"No key\"}]");
    seed.close();

    Profile profile;
    profile.name = QStringLiteral("bad-seed");
    profile.dataDirectory = dir.filePath(QStringLiteral("data"));
    profile.keychainService = QStringLiteral("Breezee bad seed test");
    profile.database = DatabaseConfig::fromString(dir.filePath(QStringLiteral("data/breezee.sqlite")));

    IntegrationController controller(profile);
    const Status status = controller.start();
    QVERIFY(status.has_value());
    QVERIFY2(status->message.contains(seed.fileName()), qPrintable(status->message));
    QVERIFY2(status->message.contains(QLatin1String("key")), qPrintable(status->message));
}

QTEST_GUILESS_MAIN(tst_DataProvider)
#include "tst_dataprovider.moc"
