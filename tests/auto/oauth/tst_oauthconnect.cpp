// The OAuth authorization-code grant against the HubSpot sandbox through
// QOAuth2AuthorizationCodeFlow, with the tokens kept in a real Secret Service
// keychain and read back by a second process.

#include "FakeBrowser.h"
#include "SandboxProcess.h"
#include "TestProvider.h"

#include "oauth/CredentialStore.h"
#include "oauth/OAuthConnector.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_OAuthConnect : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void authorizeUrlCarriesRegisteredValues();
    void codeGrantStoresTokensInKeychain();
    void listenerClosesAfterSuccess();
    void cancelClosesListener();

private:
    QString probe(const QString &service, const QString &key);

    SandboxProcess m_sandbox;
    QString m_redirectUri;
    quint16 m_port = 0;
};

void tst_OAuthConnect::initTestCase()
{
    m_port = freeLoopbackPort();
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(m_port);
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri}));
}

void tst_OAuthConnect::authorizeUrlCarriesRegisteredValues()
{
    OAuthConnector connector(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    QSignalSpy urlReady(&connector, &OAuthConnector::authorizationUrlReady);
    connector.start();
    QTRY_COMPARE(urlReady.count(), 1);

    const QUrl url = urlReady.first().first().toUrl();
    const QString encoded = QString::fromLatin1(url.toEncoded());
    const QUrlQuery query(url);

    QCOMPARE(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded), m_redirectUri);
    QVERIFY2(encoded.contains(QStringLiteral("scope=oauth%20crm.objects.contacts.read%20")), qPrintable(encoded));
    QCOMPARE(query.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded),
             QStringLiteral("oauth crm.objects.contacts.read crm.objects.contacts.write "
                            "crm.objects.companies.read crm.objects.companies.write "
                            "crm.schemas.contacts.read crm.schemas.contacts.write"));
    QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge")).size(), 43);
    QVERIFY(query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded).size() >= 32);
    QCOMPARE(query.queryItemValue(QStringLiteral("client_id")), QStringLiteral("breezee-sandbox-client"));

    connector.cancel();
}

void tst_OAuthConnect::codeGrantStoresTokensInKeychain()
{
    OAuthConnector connector(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    QSignalSpy urlReady(&connector, &OAuthConnector::authorizationUrlReady);
    QSignalSpy succeeded(&connector, &OAuthConnector::succeeded);
    QSignalSpy failed(&connector, &OAuthConnector::failed);
    connector.start();
    QTRY_COMPARE(urlReady.count(), 1);

    QCOMPARE(openInFakeBrowser(urlReady.first().first().toUrl()), 200);
    QTRY_COMPARE(succeeded.count() + failed.count(), 1);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().value<Error>().message));

    const TokenSet tokens = succeeded.first().first().value<TokenSet>();
    QVERIFY(!tokens.accessToken.isEmpty());
    QVERIFY(!tokens.refreshToken.isEmpty());
    QCOMPARE(tokens.accountId, QStringLiteral("24680135"));
    QVERIFY(tokens.scopes.contains(QStringLiteral("crm.schemas.contacts.write")));
    const qint64 lifetime = QDateTime::currentDateTimeUtc().secsTo(tokens.expiresAt);
    QVERIFY2(lifetime > 1790 && lifetime <= 1800, qPrintable(QString::number(lifetime)));

    const QString service = QStringLiteral("Breezee test %1").arg(QCoreApplication::applicationPid());
    const QString key = QStringLiteral("hubspot/refresh_token");
    CredentialStore store(service);
    std::optional<Status> writeStatus;
    store.write(key, tokens.refreshToken, [&writeStatus](Status status) { writeStatus = status; });
    QTRY_VERIFY_WITH_TIMEOUT(writeStatus.has_value(), 20000);
    QVERIFY2(!writeStatus->has_value(), writeStatus->has_value() ? qPrintable((*writeStatus)->message) : "");

    const QByteArray expected = QCryptographicHash::hash(tokens.refreshToken.toUtf8(), QCryptographicHash::Sha256).toHex();
    QCOMPARE(probe(service, key), QString::fromLatin1(expected));

    std::optional<Status> removeStatus;
    store.remove(key, [&removeStatus](Status status) { removeStatus = status; });
    QTRY_VERIFY_WITH_TIMEOUT(removeStatus.has_value(), 20000);
    QVERIFY(!removeStatus->has_value());
    QCOMPARE(probe(service, key), QStringLiteral("NOT_FOUND"));
}

void tst_OAuthConnect::listenerClosesAfterSuccess()
{
    OAuthConnector connector(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    QSignalSpy urlReady(&connector, &OAuthConnector::authorizationUrlReady);
    QSignalSpy succeeded(&connector, &OAuthConnector::succeeded);
    connector.start();
    QTRY_COMPARE(urlReady.count(), 1);
    QVERIFY(connector.isListening());

    QCOMPARE(openInFakeBrowser(urlReady.first().first().toUrl()), 200);
    QTRY_COMPARE(succeeded.count(), 1);
    QVERIFY(!connector.isListening());

    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_port);
    QVERIFY(!socket.waitForConnected(2000));
}

void tst_OAuthConnect::cancelClosesListener()
{
    OAuthConnector connector(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    QSignalSpy urlReady(&connector, &OAuthConnector::authorizationUrlReady);
    QSignalSpy failed(&connector, &OAuthConnector::failed);
    connector.start();
    QTRY_COMPARE(urlReady.count(), 1);
    QVERIFY(connector.isListening());

    connector.cancel();
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("authorization_cancelled"));
    QVERIFY(!connector.isListening());
}

QString tst_OAuthConnect::probe(const QString &service, const QString &key)
{
    QProcess process;
    process.start(QStringLiteral(BREEZEE_KEYCHAIN_PROBE), {service, key});
    if (!process.waitForFinished(30000))
        return QStringLiteral("TIMEOUT");
    return QString::fromLatin1(process.readAllStandardOutput()).trimmed();
}

QTEST_GUILESS_MAIN(tst_OAuthConnect)
#include "tst_oauthconnect.moc"
