// Token life cycle against the sandbox's fault switches: the registered
// redirect URI on the wire, token endpoint errors and stalls, expiry during
// a sync, one refresh for many callers, and missing scopes.

#include "FakeBrowser.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"
#include "SandboxTokens.h"
#include "TestProvider.h"

#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"
#include "oauth/OAuthConnector.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/ProspectStore.h"
#include "store/SyncStore.h"
#include "sync/HubSpotContactSync.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_TokenCases : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void seedRedirectUriIsSentVerbatim();
    void invalidGrantStopsSyncBeforeWriting();
    void stalledRefreshEndsBounded();
    void refreshesAheadOfExpiry();
    void expiredTokenMidSyncRefreshesOnce();
    void secondUnauthorizedAsksReconnect();
    void concurrentCallersShareOneRefresh();
    void missingScopeAtConnectNamesIt();
    void missingScopeDuringSyncStopsRun();
    void cardShowsReconnectWithReason();
    void cardShowsOfflineThenRecovers();

private:
    Profile writeProfile();
    void connectController(IntegrationController &controller);
    void insertProspects(int count);
    SyncSummary runSync(const TokenSet &tokens, TokenBroker **brokerOut = nullptr);
    int requestCount(const QString &path);
    QString storeRefreshToken(const QString &token);

    SandboxProcess m_sandbox;
    ResolvedProvider m_provider;
    QString m_redirectUri;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CredentialStore> m_keychain;
    QString m_keychainKey = QStringLiteral("hubspot/refresh_token");
};

void tst_TokenCases::initTestCase()
{
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--rate-limit"), QStringLiteral("0"),
                             QStringLiteral("--redirect-uri"), m_redirectUri,
                             QStringLiteral("--redirect-uri"), QStringLiteral("http://localhost:53682/callback"),
                             QStringLiteral("--redirect-uri"), QStringLiteral("http://localhost:53683/callback"),
                             QStringLiteral("--redirect-uri"), QStringLiteral("http://localhost:53684/callback")}));
    m_provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    m_keychain = std::make_unique<CredentialStore>(
        QStringLiteral("Breezee token cases %1").arg(QCoreApplication::applicationPid()));
}

void tst_TokenCases::init()
{
    QVERIFY(m_sandbox.reset());
    m_dir = std::make_unique<QTemporaryDir>();
}

QString tst_TokenCases::storeRefreshToken(const QString &token)
{
    std::optional<Status> written;
    m_keychain->write(m_keychainKey, token, [&written](Status status) { written = status; });
    QDeadlineTimer deadline(20000);
    while (!written.has_value() && !deadline.hasExpired())
        QTest::qWait(20);
    if (!written.has_value())
        return QStringLiteral("keychain write timed out");
    return written->has_value() ? (*written)->message : QString();
}

void tst_TokenCases::insertProspects(int count)
{
    Database database(QStringLiteral("insert"));
    QVERIFY(!database.open(DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")))));
    ProspectStore prospects(database.handle());
    QVERIFY(database.handle().transaction());
    for (int i = 0; i < count; ++i) {
        Prospect prospect;
        prospect.email = QStringLiteral("person%1@example.com").arg(i);
        prospect.firstName = QStringLiteral("Person");
        prospect.lastName = QString::number(i);
        QVERIFY(prospects.insert(prospect).ok());
    }
    QVERIFY(database.handle().commit());
}

SyncSummary tst_TokenCases::runSync(const TokenSet &tokens, TokenBroker **brokerOut)
{
    TokenBroker broker(m_provider, m_keychain.get(), m_keychainKey, m_dir->filePath(QStringLiteral("refresh.lock")));
    broker.setRequestTimeout(1000);
    broker.setTokens(tokens);
    if (brokerOut)
        *brokerOut = &broker;

    HubSpotContactSync worker;
    QSignalSpy finished(&worker, &HubSpotContactSync::finished);
    SyncOptions options;
    options.database = DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")));
    options.provider = m_provider;
    options.broker = &broker;
    options.rateLimit = 0;
    options.connectionName = QStringLiteral("token-cases-worker");
    worker.start(options);
    if (finished.isEmpty())
        finished.wait(120000);
    if (brokerOut)
        *brokerOut = nullptr;
    if (finished.isEmpty())
        return SyncSummary{0, 0, -1, Error{QStringLiteral("timeout"), QStringLiteral("sync did not finish")}};
    return finished.first().first().value<SyncSummary>();
}

int tst_TokenCases::requestCount(const QString &path)
{
    int count = 0;
    const QJsonArray requests = m_sandbox.requests();
    for (const QJsonValue &request : requests) {
        if (request.toObject().value(QLatin1String("path")).toString() == path)
            ++count;
    }
    return count;
}

void tst_TokenCases::seedRedirectUriIsSentVerbatim()
{
    // The seed's own HubSpot row, with no redirect override: the URI must be
    // the registered localhost string in both the authorize URL and the
    // code exchange, whatever Qt's reply handler would report.
    Database database(QStringLiteral("seed"));
    QVERIFY(!database.open(DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("seed.sqlite")))));
    const auto definition = loadProvider(database.handle(), QStringLiteral("hubspot"));
    QVERIFY(definition.ok());
    ProviderCredentials credentials = m_provider.credentials;
    credentials.values.remove(QStringLiteral("redirect_uris"));
    const auto provider = resolveProvider(definition.value(), credentials, QStringLiteral("test"));
    QVERIFY(provider.ok());
    QCOMPARE(provider->definition.redirectUris.first(), QStringLiteral("http://localhost:53682/callback"));

    const TokenSet tokens = grantSandboxTokens(provider.value());
    QVERIFY(tokens.isValid());
    const QString sentAtAuthorize = m_sandbox.lastAuthorize().value(QLatin1String("redirect_uri")).toString();
    const QString sentAtExchange = m_sandbox.lastTokenRequest().value(QLatin1String("redirect_uri")).toString();
    QVERIFY2(provider->definition.redirectUris.contains(sentAtAuthorize), qPrintable(sentAtAuthorize));
    QVERIFY(sentAtAuthorize.startsWith(QLatin1String("http://localhost:5368")));
    QCOMPARE(sentAtExchange, sentAtAuthorize);
    QVERIFY2(m_sandbox.lastAuthorize().value(QLatin1String("scope_raw")).toString().contains(QLatin1String("%20"))
                 || m_sandbox.lastAuthorize().value(QLatin1String("scope")).toString().contains(QLatin1String("%20")),
             qPrintable(QString::fromUtf8(QJsonDocument(m_sandbox.lastAuthorize()).toJson())));
}

void tst_TokenCases::invalidGrantStopsSyncBeforeWriting()
{
    insertProspects(3);
    const TokenSet tokens = grantSandboxTokens(m_provider);
    QVERIFY(tokens.isValid());
    QCOMPARE(storeRefreshToken(tokens.refreshToken), QString());
    QVERIFY(m_sandbox.failTokenRequests(QStringLiteral("invalid_grant"), SandboxProcess::Unlimited,
                                        QStringLiteral("refresh_token")));

    TokenSet expired = tokens;
    expired.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-1);
    const SyncSummary summary = runSync(expired);

    QVERIFY(summary.error.has_value());
    QCOMPARE(summary.error->code, QStringLiteral("invalid_grant"));
    QVERIFY2(summary.error->message.contains(QLatin1String("refresh token is invalid, expired or revoked")),
             qPrintable(summary.error->message));
    QCOMPARE(summary.remaining, 3);
    QCOMPARE(requestCount(QStringLiteral("/crm/v3/objects/contacts/batch/create")), 0);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);
}

void tst_TokenCases::stalledRefreshEndsBounded()
{
    const TokenSet tokens = grantSandboxTokens(m_provider);
    QCOMPARE(storeRefreshToken(tokens.refreshToken), QString());
    QVERIFY(m_sandbox.stallTokenRequests(-1, SandboxProcess::Unlimited, QStringLiteral("refresh_token")));

    TokenBroker broker(m_provider, m_keychain.get(), m_keychainKey, m_dir->filePath(QStringLiteral("stall.lock")));
    broker.setRequestTimeout(800);
    QSignalSpy lost(&broker, &TokenBroker::authorizationLost);
    std::optional<Result<TokenSet>> result;
    QElapsedTimer clock;
    clock.start();
    broker.requestToken(this, [&result](Result<TokenSet> refreshed) { result = refreshed; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);

    QVERIFY(clock.elapsed() < 15000);
    QVERIFY(!result->ok());
    QCOMPARE(result->error().code, QStringLiteral("offline"));
    QCOMPARE(lost.count(), 0);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);
    QVERIFY(m_sandbox.clearFaults());
}

void tst_TokenCases::refreshesAheadOfExpiry()
{
    insertProspects(5);
    TokenSet tokens = grantSandboxTokens(m_provider);
    QCOMPARE(storeRefreshToken(tokens.refreshToken), QString());

    // Four minutes left is inside the five-minute margin: refresh first.
    tokens.expiresAt = QDateTime::currentDateTimeUtc().addSecs(240);
    const SyncSummary summary = runSync(tokens);
    QVERIFY2(!summary.error, summary.error ? qPrintable(summary.error->message) : "");
    QCOMPARE(summary.synced, 5);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);
}

void tst_TokenCases::expiredTokenMidSyncRefreshesOnce()
{
    insertProspects(4000);
    const TokenSet tokens = grantSandboxTokens(m_provider);
    QCOMPARE(storeRefreshToken(tokens.refreshToken), QString());

    // HubSpot rejects one request as expired in the middle of the run.
    QVERIFY(m_sandbox.setFaults(QJsonObject{{QStringLiteral("crm_401"), QJsonObject{{QStringLiteral("count"), 1},
                                                                                  {QStringLiteral("skip"), 20}}}})
            || m_sandbox.expireCrmTokens(1));
    const SyncSummary summary = runSync(tokens);

    QVERIFY2(!summary.error, summary.error ? qPrintable(summary.error->message) : "");
    QCOMPARE(summary.synced, 4000);
    QCOMPARE(summary.remaining, 0);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);
    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), 4000);
}

void tst_TokenCases::secondUnauthorizedAsksReconnect()
{
    insertProspects(3);
    const TokenSet tokens = grantSandboxTokens(m_provider);
    QCOMPARE(storeRefreshToken(tokens.refreshToken), QString());
    QVERIFY(m_sandbox.expireCrmTokens(2));

    const SyncSummary summary = runSync(tokens);
    QVERIFY(summary.error.has_value());
    QCOMPARE(summary.error->code, QStringLiteral("invalid_grant"));
    QVERIFY2(summary.error->message.startsWith(QLatin1String("Reconnect required")), qPrintable(summary.error->message));
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);
    QCOMPARE(summary.remaining, 3);
}

namespace {

// Asks the broker for a token from its own thread, as the sync worker does.
class ThreadCaller : public QObject {
public:
    void request(TokenBroker *broker)
    {
        broker->requestToken(this, [this](Result<TokenSet> tokens) {
            QMutexLocker locker(&mutex);
            accessToken = tokens.ok() ? tokens.value().accessToken : QStringLiteral("error");
        });
    }
    QString token()
    {
        QMutexLocker locker(&mutex);
        return accessToken;
    }

private:
    QMutex mutex;
    QString accessToken;
};

} // namespace

void tst_TokenCases::concurrentCallersShareOneRefresh()
{
    TokenSet tokens = grantSandboxTokens(m_provider);
    QCOMPARE(storeRefreshToken(tokens.refreshToken), QString());
    tokens.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-10);

    TokenBroker broker(m_provider, m_keychain.get(), m_keychainKey, m_dir->filePath(QStringLiteral("shared.lock")));
    broker.setTokens(tokens);

    QThread workerThread;
    ThreadCaller worker;
    worker.moveToThread(&workerThread);
    workerThread.start();

    std::optional<Result<TokenSet>> fromGui;
    QMetaObject::invokeMethod(&worker, [&worker, &broker] { worker.request(&broker); }, Qt::QueuedConnection);
    broker.requestToken(this, [&fromGui](Result<TokenSet> refreshed) { fromGui = refreshed; });

    QTRY_VERIFY_WITH_TIMEOUT(fromGui.has_value() && !worker.token().isEmpty(), 20000);
    workerThread.quit();
    workerThread.wait();

    QVERIFY(fromGui->ok());
    QCOMPARE(worker.token(), fromGui->value().accessToken);
    QVERIFY(fromGui->value().accessToken != tokens.accessToken);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);
}

void tst_TokenCases::missingScopeAtConnectNamesIt()
{
    QVERIFY(m_sandbox.grantOnlyScopes({QStringLiteral("oauth"), QStringLiteral("crm.objects.contacts.read"),
                                       QStringLiteral("crm.objects.contacts.write"),
                                       QStringLiteral("crm.objects.companies.read"),
                                       QStringLiteral("crm.objects.companies.write"),
                                       QStringLiteral("crm.schemas.contacts.read")}));

    Profile profile = writeProfile();
    profile.name = QStringLiteral("scopes");

    IntegrationController controller(profile);
    QVERIFY(!controller.start());
    QSignalSpy urlReady(&controller, &IntegrationController::authorizationUrlReady);
    controller.connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);
    openInFakeBrowser(urlReady.first().at(1).toUrl());

    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::TokenExpired), 20000);
    const QString message = controller.provider(QStringLiteral("hubspot")).message;
    QVERIFY2(message.contains(QLatin1String("crm.schemas.contacts.write")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Reconnect")), qPrintable(message));
}

void tst_TokenCases::missingScopeDuringSyncStopsRun()
{
    insertProspects(3);
    const TokenSet tokens = grantSandboxTokens(m_provider);
    QCOMPARE(storeRefreshToken(tokens.refreshToken), QString());
    QVERIFY(m_sandbox.denyCrmScope(QStringLiteral("crm.objects.contacts.write")));

    const SyncSummary summary = runSync(tokens);
    QVERIFY(summary.error.has_value());
    QCOMPARE(summary.error->code, QStringLiteral("missing_scopes"));
    QVERIFY2(summary.error->message.contains(QLatin1String("crm.objects.contacts.write")),
             qPrintable(summary.error->message));
    QCOMPARE(summary.remaining, 3);
}

Profile tst_TokenCases::writeProfile()
{
    const QString credentialsFile = m_dir->filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentialsFile, m_sandbox.baseUrl(), m_redirectUri);
    Profile profile = sandboxProfile(m_dir->path(), QStringLiteral("cards"), credentialsFile);
    profile.keychainService = m_keychain->service();
    profile.database = DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")));
    return profile;
}

void tst_TokenCases::connectController(IntegrationController &controller)
{
    QSignalSpy urlReady(&controller, &IntegrationController::authorizationUrlReady);
    controller.connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);
    QCOMPARE(openInFakeBrowser(urlReady.first().at(1).toUrl()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
}

void tst_TokenCases::cardShowsReconnectWithReason()
{
    IntegrationController controller(writeProfile());
    QVERIFY(!controller.start());
    connectController(controller);
    QTRY_VERIFY_WITH_TIMEOUT(controller.progress().running, 10000);

    // HubSpot now rejects the access token and the refresh token.
    QVERIFY(m_sandbox.expireCrmTokens());
    QVERIFY(m_sandbox.failTokenRequests(QStringLiteral("invalid_grant"), SandboxProcess::Unlimited,
                                        QStringLiteral("refresh_token")));
    insertProspects(2);

    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::TokenExpired), 20000);
    const QString message = controller.provider(QStringLiteral("hubspot")).message;
    QVERIFY2(message.startsWith(QLatin1String("Reconnect required")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("refresh token is invalid, expired or revoked")), qPrintable(message));

    // Nothing loops: one refresh attempt, no write, and it stays that way.
    QTest::qWait(2000);
    QCOMPARE(m_sandbox.tokenRequestCount(QStringLiteral("refresh_token")), 1);
    QCOMPARE(requestCount(QStringLiteral("/crm/v3/objects/contacts/batch/create")), 0);
    QCOMPARE(int(controller.provider(QStringLiteral("hubspot")).state), int(ConnectionState::TokenExpired));
}

void tst_TokenCases::cardShowsOfflineThenRecovers()
{
    const Profile profile = writeProfile();
    {
        IntegrationController first(profile);
        QVERIFY(!first.start());
        connectController(first);
    }

    // Relaunch while the token endpoint fails: the saved sign-in is kept and
    // the card shows that it retries.
    QVERIFY(m_sandbox.failTokenRequests(QStringLiteral("server_error"), SandboxProcess::Unlimited,
                                        QStringLiteral("refresh_token")));
    IntegrationController controller(profile);
    QVERIFY(!controller.start());
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Offline), 20000);
    QVERIFY2(controller.provider(QStringLiteral("hubspot")).message.startsWith(QLatin1String("Offline, retrying")),
             qPrintable(controller.provider(QStringLiteral("hubspot")).message));

    QVERIFY(m_sandbox.clearFaults());
    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
}

QTEST_GUILESS_MAIN(tst_TokenCases)
#include "tst_tokencases.moc"
