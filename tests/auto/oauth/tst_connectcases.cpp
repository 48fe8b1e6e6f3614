// How connecting and refreshing fail, and that each failure reaches the
// caller as a clear state instead of a flow that waits forever.

#include "FakeBrowser.h"
#include "SandboxProcess.h"
#include "SandboxTokens.h"
#include "TestProvider.h"

#include "oauth/CredentialStore.h"
#include "oauth/OAuthConnector.h"
#include "oauth/TokenBroker.h"
#include "oauth/TokenClient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_ConnectCases : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void abandonedSignInThenRetry();
    void busyPortUsesNextRegisteredPort();
    void allPortsBusyNamesThePort();
    void listenerBindsLoopbackOnly();
    void stalledCodeExchangeEndsBounded();
    void offlineRefreshKeepsRefreshToken();
    void rejectedRefreshTokenAsksReconnect();
    void refreshWithoutNewRefreshTokenKeepsOld();
    void disconnectRevokesAtProvider();
    void revokeUnreachableStillReported();

private:
    QString storeRefreshToken(CredentialStore &keychain, const QString &key, const QString &token);

    SandboxProcess m_sandbox;
    QString m_redirectUri;
    QTemporaryDir m_dir;
};

void tst_ConnectCases::initTestCase()
{
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    const QString second = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri,
                             QStringLiteral("--redirect-uri"), second}));
}

void tst_ConnectCases::abandonedSignInThenRetry()
{
    // The person closes the tab: HubSpot sends nothing, so only the timeout
    // ends the attempt, and it must leave nothing behind.
    {
        OAuthConnector abandoned(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
        abandoned.setTimeout(300);
        QSignalSpy failed(&abandoned, &OAuthConnector::failed);
        abandoned.start();
        QVERIFY(abandoned.isListening());
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("authorization_timeout"));
        QVERIFY(!abandoned.isListening());
    }

    const TokenSet tokens = grantSandboxTokens(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    QVERIFY(tokens.isValid());
}

void tst_ConnectCases::busyPortUsesNextRegisteredPort()
{
    QTcpServer blocker;
    const QUrl first(m_redirectUri);
    QVERIFY(blocker.listen(QHostAddress(QHostAddress::LocalHost), quint16(first.port())));

    ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    const QString second = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    provider.definition.redirectUris << second;

    OAuthConnector connector(provider);
    QSignalSpy urlReady(&connector, &OAuthConnector::authorizationUrlReady);
    connector.start();
    QTRY_COMPARE(urlReady.count(), 1);
    QCOMPARE(connector.redirectUri().toString(), second);
    QCOMPARE(QUrlQuery(urlReady.first().first().toUrl()).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded),
             second);
    connector.cancel();
}

void tst_ConnectCases::allPortsBusyNamesThePort()
{
    QTcpServer blocker;
    const QUrl uri(m_redirectUri);
    QVERIFY(blocker.listen(QHostAddress(QHostAddress::LocalHost), quint16(uri.port())));

    OAuthConnector connector(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    QSignalSpy failed(&connector, &OAuthConnector::failed);
    connector.start();
    QCOMPARE(failed.count(), 1);
    const Error error = failed.first().first().value<Error>();
    QCOMPARE(error.code, QStringLiteral("redirect_port_busy"));
    QVERIFY2(error.message.contains(QString::number(uri.port())), qPrintable(error.message));
}

void tst_ConnectCases::listenerBindsLoopbackOnly()
{
    OAuthConnector connector(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    connector.start();
    QVERIFY(connector.isListening());

    // The kernel's socket table lists each listening socket with its local
    // address: the only one on this port must be 127.0.0.1 (0100007F).
    const QString port = QStringLiteral("%1").arg(QUrl(m_redirectUri).port(), 4, 16, QLatin1Char('0')).toUpper();
    QStringList listeners;
    for (const QString &table : {QStringLiteral("/proc/net/tcp"), QStringLiteral("/proc/net/tcp6")}) {
        QFile file(table);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() < 4 || fields.at(3) != "0A")
                continue;
            if (fields.at(1).endsWith(":" + port.toLatin1()))
                listeners << QString::fromLatin1(fields.at(1));
        }
    }
    QCOMPARE(listeners, QStringList{QStringLiteral("0100007F:") + port});
    connector.cancel();
}

void tst_ConnectCases::stalledCodeExchangeEndsBounded()
{
    // A token endpoint that accepts the connection and never responds.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QList<QTcpSocket *> held;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = silent.nextPendingConnection())
            held << socket;
    });

    ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    provider.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/oauth/v3/token").arg(silent.serverPort()));

    OAuthConnector connector(provider);
    connector.setTokenRequestTimeout(500);
    QSignalSpy urlReady(&connector, &OAuthConnector::authorizationUrlReady);
    QSignalSpy failed(&connector, &OAuthConnector::failed);
    connector.start();
    QTRY_COMPARE(urlReady.count(), 1);

    QElapsedTimer clock;
    clock.start();
    openInFakeBrowser(urlReady.first().first().toUrl());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QVERIFY(clock.elapsed() < 10000);
    QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("offline"));
    QVERIFY(!connector.isListening());
    qDeleteAll(held);
}

QString tst_ConnectCases::storeRefreshToken(CredentialStore &keychain, const QString &key, const QString &token)
{
    std::optional<Status> written;
    keychain.write(key, token, [&written](Status status) { written = status; });
    QDeadlineTimer deadline(20000);
    while (!written.has_value() && !deadline.hasExpired())
        QTest::qWait(20);
    if (!written.has_value())
        return QStringLiteral("keychain write timed out");
    return written->has_value() ? (*written)->message : QString();
}

void tst_ConnectCases::offlineRefreshKeepsRefreshToken()
{
    const ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    const TokenSet tokens = grantSandboxTokens(provider);
    QVERIFY(tokens.isValid());

    CredentialStore keychain(QStringLiteral("Breezee offline test %1").arg(QCoreApplication::applicationPid()));
    const QString key = QStringLiteral("hubspot/refresh_token");
    QCOMPARE(storeRefreshToken(keychain, key, tokens.refreshToken), QString());

    // The provider's host cannot be reached: nothing listens on the port.
    ResolvedProvider offline = provider;
    offline.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/oauth/v3/token").arg(freeLoopbackPort()));
    TokenBroker broker(offline, &keychain, key, m_dir.filePath(QStringLiteral("offline.lock")));
    QSignalSpy lost(&broker, &TokenBroker::authorizationLost);
    std::optional<Result<TokenSet>> result;
    broker.requestToken(this, [&result](Result<TokenSet> tokens) { result = tokens; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);
    QVERIFY(!result->ok());
    QCOMPARE(result->error().code, QStringLiteral("offline"));
    QCOMPARE(lost.count(), 0);

    std::optional<Result<QString>> kept;
    keychain.read(key, [&kept](Result<QString> secret) { kept = secret; });
    QTRY_VERIFY_WITH_TIMEOUT(kept.has_value(), 20000);
    QCOMPARE(kept->value(), tokens.refreshToken);

    // The network is back: the same refresh token works, untouched.
    TokenBroker online(provider, &keychain, key, m_dir.filePath(QStringLiteral("offline.lock")));
    result.reset();
    online.requestToken(this, [&result](Result<TokenSet> tokens) { result = tokens; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);
    QVERIFY2(result->ok(), result->ok() ? "" : qPrintable(result->error().message));
    QCOMPARE(result->value().refreshToken, tokens.refreshToken);
}

void tst_ConnectCases::rejectedRefreshTokenAsksReconnect()
{
    const ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    CredentialStore keychain(QStringLiteral("Breezee rejected test %1").arg(QCoreApplication::applicationPid()));
    const QString key = QStringLiteral("hubspot/refresh_token");
    QCOMPARE(storeRefreshToken(keychain, key, QStringLiteral("not-a-token-the-sandbox-issued")), QString());

    TokenBroker broker(provider, &keychain, key, m_dir.filePath(QStringLiteral("rejected.lock")));
    QSignalSpy lost(&broker, &TokenBroker::authorizationLost);
    std::optional<Result<TokenSet>> result;
    broker.requestToken(this, [&result](Result<TokenSet> tokens) { result = tokens; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);

    QCOMPARE(result->error().code, QStringLiteral("invalid_grant"));
    QVERIFY2(result->error().message.contains(QLatin1String("refresh token is invalid, expired or revoked")),
             qPrintable(result->error().message));
    QCOMPARE(lost.count(), 1);
    QCOMPARE(broker.refreshCount(), 1);
}

void tst_ConnectCases::refreshWithoutNewRefreshTokenKeepsOld()
{
    // HubSpot returns the same refresh token on refresh; a provider that
    // omits it must not lose the stored one either.
    QTcpServer tokenEndpoint;
    QVERIFY(tokenEndpoint.listen(QHostAddress(QHostAddress::LocalHost), 0));
    connect(&tokenEndpoint, &QTcpServer::newConnection, this, [&tokenEndpoint] {
        QTcpSocket *socket = tokenEndpoint.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            const QByteArray body = R"({"access_token":"fresh-access","token_type":"bearer","expires_in":1800})";
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                          + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->disconnectFromHost();
        });
    });

    ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    provider.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(tokenEndpoint.serverPort()));
    QNetworkAccessManager network;
    TokenClient client(provider, &network);
    std::optional<Result<TokenSet>> result;
    client.refresh(QStringLiteral("kept-refresh-token"), [&result](Result<TokenSet> tokens) { result = tokens; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY(result->ok());
    QCOMPARE(result->value().accessToken, QStringLiteral("fresh-access"));
    QCOMPARE(result->value().refreshToken, QStringLiteral("kept-refresh-token"));
}

void tst_ConnectCases::disconnectRevokesAtProvider()
{
    const ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    const TokenSet tokens = grantSandboxTokens(provider);
    QVERIFY(tokens.isValid());

    QNetworkAccessManager network;
    TokenClient client(provider, &network);
    std::optional<Status> revoked;
    client.revoke(tokens.refreshToken, [&revoked](Status status) { revoked = status; });
    QTRY_VERIFY_WITH_TIMEOUT(revoked.has_value(), 10000);
    QVERIFY(!revoked->has_value());

    std::optional<Result<TokenSet>> refreshed;
    client.refresh(tokens.refreshToken, [&refreshed](Result<TokenSet> result) { refreshed = result; });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 10000);
    QVERIFY(!refreshed->ok());
    QCOMPARE(refreshed->error().code, QStringLiteral("invalid_grant"));
}

void tst_ConnectCases::revokeUnreachableStillReported()
{
    ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    provider.revokeUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/oauth/v3/token/revoke").arg(freeLoopbackPort()));

    QNetworkAccessManager network;
    TokenClient client(provider, &network);
    std::optional<Status> revoked;
    client.revoke(QStringLiteral("some-refresh-token"), [&revoked](Status status) { revoked = status; });
    QTRY_VERIFY_WITH_TIMEOUT(revoked.has_value(), 10000);
    QVERIFY(revoked->has_value());
    QCOMPARE((*revoked)->code, QStringLiteral("offline"));
}

QTEST_GUILESS_MAIN(tst_ConnectCases)
#include "tst_connectcases.moc"
