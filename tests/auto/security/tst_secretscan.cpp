// No secret on disk, ever: after connecting, syncing, quitting,
// relaunching, refreshing and disconnecting, no access token, refresh token, client secret,
// authorization code or OAuth state appears in the data directory, the
// settings, the database or the log.

#include "BlockingHttp.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"
#include "TestProvider.h"

#include "common/Logging.h"
#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;
using Breezee::Test::sendBlocking;

namespace {

QFile *g_logFile = nullptr;

void writeLogLine(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (!g_logFile)
        return;
    g_logFile->write(QByteArray(context.category ? context.category : "default") + ": " + message.toUtf8() + '\n');
    g_logFile->flush();
}

QByteArray headerValue(const Breezee::Test::HttpResult &result, const QByteArray &name)
{
    for (const auto &header : result.headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

} // namespace

class tst_SecretScan : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void noSecretAfterFullLifecycle();
    void messagesLoseSecrets_data();
    void messagesLoseSecrets();

private:
    QStringList filesToScan() const;

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
    QFile m_log;
    QtMessageHandler m_previousHandler = nullptr;
};

void tst_SecretScan::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_log.setFileName(m_dir.filePath(QStringLiteral("data/console.log")));
    QDir().mkpath(m_dir.filePath(QStringLiteral("data")));
    QVERIFY(m_log.open(QIODevice::WriteOnly));
    g_logFile = &m_log;
    m_previousHandler = qInstallMessageHandler(writeLogLine);
    // Every category on, as a person debugging might set; the console's
    // own guard must still keep secrets out.
    installSecretSafeLogging();
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
}

void tst_SecretScan::cleanupTestCase()
{
    qInstallMessageHandler(m_previousHandler);
    g_logFile = nullptr;
}

QStringList tst_SecretScan::filesToScan() const
{
    QStringList files;
    const QStringList roots{m_dir.filePath(QStringLiteral("data")),
                            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)};
    for (const QString &root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
    }
    return files;
}

void tst_SecretScan::noSecretAfterFullLifecycle()
{
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--redirect-uri"), redirectUri}));

    // The credential file is the admin's input, kept outside the scanned
    // directories like a real one would be.
    const QString clientSecret = QStringLiteral("breezee-sandbox-secret");
    const QString credentialsFile = m_dir.filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentialsFile, m_sandbox.baseUrl(), redirectUri);
    const Profile profile = sandboxProfile(m_dir.path(), QStringLiteral("secret-scan"), credentialsFile);

    {
        Database database(QStringLiteral("seed"));
        QVERIFY(!database.open(profile.database));
        ProspectStore prospects(database.handle());
        for (int i = 0; i < 5; ++i) {
            Prospect prospect;
            prospect.email = QStringLiteral("scan%1@example.com").arg(i);
            prospect.firstName = QStringLiteral("Scan");
            QVERIFY(prospects.insert(prospect).ok());
        }
    }

    auto first = std::make_unique<IntegrationController>(profile);
    QVERIFY(!first->start());
    QSignalSpy urlReady(first.get(), &IntegrationController::authorizationUrlReady);
    first->connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);

    // Play the browser by hand to learn the code and state that crossed it.
    const QUrl authorizeUrl = urlReady.first().at(1).toUrl();
    const QString state = QUrlQuery(authorizeUrl).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    QVERIFY(state.size() >= 32);

    QNetworkAccessManager network;
    const auto consent = sendBlocking(network, "GET", authorizeUrl);
    QCOMPARE(consent.status, 200);
    const QString pendingId = QString::fromUtf8(consent.body).section(QStringLiteral("name=\"request_id\" value=\""), 1).section(QLatin1Char('"'), 0, 0);
    QVERIFY2(!pendingId.isEmpty(), consent.body.left(400).constData());
    const auto decision = sendBlocking(network, "POST", m_sandbox.url(QStringLiteral("/oauth/authorize/decision")),
                                       Breezee::Test::formEncode({{QStringLiteral("request_id"), pendingId},
                                                                  {QStringLiteral("decision"), QStringLiteral("allow")}}),
                                       {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(decision.status, 302);
    const QUrl callback(QString::fromUtf8(headerValue(decision, "Location")));
    const QString code = QUrlQuery(callback).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    QVERIFY(!code.isEmpty());
    QCOMPARE(sendBlocking(network, "GET", callback).status, 200);

    QTRY_COMPARE_WITH_TIMEOUT(int(first->provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(first->progress().synced == 5, 30000);

    // Quit and relaunch: the new controller restores the connection from
    // the keychain with a refresh.
    first.reset();
    IntegrationController controller(profile);
    QVERIFY(!controller.start());
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);

    // Read the refresh token back and refresh once more, as a second
    // process would, so the scan also looks for a refreshed access token.
    CredentialStore keychain(profile.keychainService);
    std::optional<Result<QString>> refreshToken;
    keychain.read(IntegrationController::refreshTokenKey(QStringLiteral("hubspot")),
                  [&refreshToken](Result<QString> secret) { refreshToken = secret; });
    QTRY_VERIFY_WITH_TIMEOUT(refreshToken.has_value(), 20000);
    QVERIFY(refreshToken->ok());
    QVERIFY(!refreshToken->value().isEmpty());

    TokenBroker secondProcess(sandboxProvider(m_sandbox.baseUrl(), redirectUri), &keychain,
                              IntegrationController::refreshTokenKey(QStringLiteral("hubspot")),
                              m_dir.filePath(QStringLiteral("data/hubspot.refresh.lock")));
    std::optional<Result<TokenSet>> refreshed;
    secondProcess.requestToken(this, [&refreshed](Result<TokenSet> tokens) { refreshed = tokens; });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 20000);
    QVERIFY(refreshed->ok());
    QCOMPARE(secondProcess.refreshCount(), 1);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 2);

    controller.disconnectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Disconnected), 20000);
    m_log.flush();

    const QList<QPair<QString, QString>> secrets{
        {QStringLiteral("refresh token"), refreshToken->value()},
        {QStringLiteral("refreshed access token"), refreshed->value().accessToken},
        {QStringLiteral("client secret"), clientSecret},
        {QStringLiteral("authorization code"), code},
        {QStringLiteral("OAuth state"), state},
    };

    const QStringList files = filesToScan();
    QVERIFY(files.contains(m_log.fileName()));
    QVERIFY(files.contains(m_dir.filePath(QStringLiteral("data/breezee.sqlite"))));
    for (const QString &path : files) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray content = file.readAll();
        for (const auto &secret : secrets) {
            const QByteArray plain = secret.second.toUtf8();
            const QByteArray encoded = QUrl::toPercentEncoding(secret.second);
            QVERIFY2(!content.contains(plain) && !content.contains(encoded),
                     qPrintable(QStringLiteral("%1 found in %2").arg(secret.first, path)));
        }
    }
}

void tst_SecretScan::messagesLoseSecrets_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("kept");

    QTest::newRow("authorize URL from a platform plugin")
        << QStringLiteral("This plugin does not support openUrl() for 'http://127.0.0.1:53690/oauth/authorize?"
                          "client_id=abc&state=S3cr3tState&code_challenge=Ch4llenge'")
        << QStringLiteral("S3cr3tState") << QStringLiteral("http://127.0.0.1:53690/oauth/authorize");
    QTest::newRow("redirect with a code")
        << QStringLiteral("callback http://localhost:8080/callback?code=AuthC0de&state=xyz")
        << QStringLiteral("AuthC0de") << QStringLiteral("http://localhost:8080/callback");
    QTest::newRow("token reply")
        << QStringLiteral("reply {\"access_token\": \"At0ken\", \"refresh_token\":\"Rt0ken\"}")
        << QStringLiteral("At0ken") << QStringLiteral("reply");
    QTest::newRow("authorization header")
        << QStringLiteral("header Authorization: Bearer At0kenValue-9")
        << QStringLiteral("At0kenValue-9") << QStringLiteral("Authorization: Bearer");
    QTest::newRow("form body")
        << QStringLiteral("grant_type=refresh_token&refresh_token=Rt0ken&client_secret=Cl1entSecret")
        << QStringLiteral("Cl1entSecret") << QStringLiteral("grant_type=refresh_token");
}

void tst_SecretScan::messagesLoseSecrets()
{
    QFETCH(QString, message);
    QFETCH(QString, secret);
    QFETCH(QString, kept);

    const QString safe = redactSecrets(message);
    QVERIFY2(!safe.contains(secret), qPrintable(safe));
    QVERIFY2(safe.contains(kept), qPrintable(safe));
}

QTEST_GUILESS_MAIN(tst_SecretScan)
#include "tst_secretscan.moc"
