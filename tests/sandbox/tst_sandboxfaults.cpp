#include "SandboxProcess.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using Breezee::Test::HttpResult;
using Breezee::Test::SandboxProcess;
using Breezee::Test::formEncode;
using Breezee::Test::sendBlocking;

namespace {

const QString ClientId = QStringLiteral("breezee-sandbox-client");
const QString ClientSecret = QStringLiteral("breezee-sandbox-secret");
const QString RedirectUri = QStringLiteral("http://localhost:53682/callback");
const QString AllScopes = QStringLiteral(
    "oauth crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.read "
    "crm.schemas.contacts.write");
const QString TokenPath = QStringLiteral("/oauth/v3/token");

// A PKCE verifier of 43 characters.
const QString Verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

QString s256Challenge(const QString &verifier)
{
    const QByteArray digest = QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QList<QPair<QByteArray, QByteArray>> formHeaders()
{
    return {qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"))};
}

QList<QPair<QByteArray, QByteArray>> bearer(const QString &token)
{
    return {qMakePair(QByteArray("Authorization"), "Bearer " + token.toLatin1())};
}

QList<QPair<QString, QString>> refreshFields(const QString &refreshToken)
{
    return {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("client_id"), ClientId},
            {QStringLiteral("client_secret"), ClientSecret},
            {QStringLiteral("refresh_token"), refreshToken}};
}

QList<QPair<QString, QString>> codeFields(const QString &code)
{
    return {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
            {QStringLiteral("client_id"), ClientId},
            {QStringLiteral("client_secret"), ClientSecret},
            {QStringLiteral("redirect_uri"), RedirectUri},
            {QStringLiteral("code"), code}};
}

QByteArray rawFormPost(const QString &path, const QByteArray &body, bool closeAfter)
{
    QByteArray request = "POST " + path.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (closeAfter)
        request += "Connection: close\r\n";
    return request + "\r\n" + body;
}

// Writes `request` on a fresh connection and returns every byte received
// until the server closes the connection or `timeoutMs` passes.
QByteArray exchangeRaw(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};

    socket.write(request);
    socket.flush();

    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(100);
        received += socket.readAll();
    }
    received += socket.readAll();
    return received;
}

QJsonObject counters(SandboxProcess &sandbox)
{
    return sandbox.state().value(QStringLiteral("counters")).toObject();
}

} // namespace

// The fault switches of /_sandbox/faults and the OAuth request records in
// /_sandbox/state, against HubSpot's endpoints.
class tst_SandboxFaults : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void faultsSetListMergeAndClear();
    void faultsRejectInvalidInput_data();
    void faultsRejectInvalidInput();
    void helpersSendExpectedSwitches();

    void tokenErrorInvalidGrantOnRefresh();
    void tokenErrorInvalidGrantOnCodeExchange();
    void tokenErrorServerError();
    void tokenErrorCustomStatusAndBody();
    void tokenStallDelaysAnswer();
    void tokenStallForeverKeepsConnectionOpen();
    void stalledRequestIsDroppedWhenClientLeaves();
    void timedOutRefreshCountsOnce();
    void pipelinedRequestWaitsBehindStall();
    void refreshReplyWithoutRefreshToken();

    void crm401ForNextRequests();
    void crm403NamesScope();
    void grantScopesLimitIssuedTokens();

    void revokeErrorStatus();
    void revokeUnreachableClosesConnection();

    void tokenRequestsCountedByGrantType();
    void lastAuthorizeRecordsRawQuery();
    void lastTokenRequestRecordsNoSecrets();
    void resetClearsFaultsAndRecords();

private:
    QString authorize(const QString &scope = AllScopes, const QList<QPair<QString, QString>> &extra = {});
    QJsonObject connect(const QString &scope = AllScopes);
    HttpResult postForm(const QString &path, const QList<QPair<QString, QString>> &fields);

    std::unique_ptr<SandboxProcess> m_sandbox;
};

void tst_SandboxFaults::init()
{
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start({QStringLiteral("--auto-approve"), QStringLiteral("--rate-limit"), QStringLiteral("0")}),
             qPrintable(m_sandbox->errorString()));
}

void tst_SandboxFaults::cleanup()
{
    if (QTest::currentTestFailed())
        qWarning().noquote() << "sandbox stderr:\n" << m_sandbox->standardError().right(4000);
    m_sandbox.reset();
}

QString tst_SandboxFaults::authorize(const QString &scope, const QList<QPair<QString, QString>> &extra)
{
    QList<QPair<QString, QString>> fields = {{QStringLiteral("client_id"), ClientId},
                                             {QStringLiteral("redirect_uri"), RedirectUri},
                                             {QStringLiteral("scope"), scope}};
    fields.append(extra);

    const HttpResult result = m_sandbox->send("GET", QStringLiteral("/oauth/authorize?") + QString::fromLatin1(formEncode(fields)));
    const QUrl location(QString::fromUtf8(result.header("Location")));
    return QUrlQuery(location).queryItemValue(QStringLiteral("code"));
}

QJsonObject tst_SandboxFaults::connect(const QString &scope)
{
    return postForm(TokenPath, codeFields(authorize(scope))).json();
}

HttpResult tst_SandboxFaults::postForm(const QString &path, const QList<QPair<QString, QString>> &fields)
{
    return m_sandbox->send("POST", path, formEncode(fields), formHeaders());
}

// --- The switch API ---

void tst_SandboxFaults::faultsSetListMergeAndClear()
{
    QCOMPARE(m_sandbox->faults(), QJsonObject());

    const QJsonObject first{
        {QStringLiteral("token_error"), QJsonObject{{QStringLiteral("preset"), QStringLiteral("invalid_grant")},
                                                    {QStringLiteral("count"), 2},
                                                    {QStringLiteral("grant_type"), QStringLiteral("refresh_token")}}},
        {QStringLiteral("crm_401"), 3},
        {QStringLiteral("grant_scopes"), QJsonArray{QStringLiteral("oauth")}},
    };
    const HttpResult set = m_sandbox->send("POST", QStringLiteral("/_sandbox/faults"), toJson(first));
    QCOMPARE(set.status, 200);

    const QJsonObject expected{
        {QStringLiteral("token_error"), first.value(QStringLiteral("token_error"))},
        {QStringLiteral("crm_401"), QJsonObject{{QStringLiteral("count"), 3}}},
        {QStringLiteral("grant_scopes"), QJsonArray{QStringLiteral("oauth")}},
    };
    QCOMPARE(set.json(), expected);
    QCOMPARE(m_sandbox->faults(), expected);
    QCOMPARE(m_sandbox->state().value(QStringLiteral("faults")).toObject(), expected);

    // A second POST replaces only the switches it names, and null clears one.
    QVERIFY(m_sandbox->setFaults({{QStringLiteral("crm_401"), QJsonValue::Null},
                                  {QStringLiteral("token_stall_ms"), 250}}));
    const QJsonObject merged = m_sandbox->faults();
    QVERIFY(!merged.contains(QStringLiteral("crm_401")));
    QCOMPARE(merged.value(QStringLiteral("token_stall_ms")).toObject(), QJsonObject({{QStringLiteral("ms"), 250}}));
    QCOMPARE(merged.value(QStringLiteral("token_error")), expected.value(QStringLiteral("token_error")));

    // The listing is valid input, so a test can restore it.
    QVERIFY(m_sandbox->clearFaults());
    QCOMPARE(m_sandbox->faults(), QJsonObject());
    QVERIFY(m_sandbox->setFaults(merged));
    QCOMPARE(m_sandbox->faults(), merged);

    const HttpResult cleared = m_sandbox->send("DELETE", QStringLiteral("/_sandbox/faults"));
    QCOMPARE(cleared.status, 200);
    QCOMPARE(cleared.json(), QJsonObject());
}

void tst_SandboxFaults::faultsRejectInvalidInput_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expectedText");

    QTest::newRow("not json") << QByteArray("{nope") << QStringLiteral("Invalid input JSON");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("JSON object");
    QTest::newRow("unknown switch") << QByteArray("{\"token_eror\":\"invalid_grant\"}") << QStringLiteral("token_eror");
    QTest::newRow("unknown preset") << QByteArray("{\"token_error\":\"teapot\"}") << QStringLiteral("preset");
    QTest::newRow("preset and status") << QByteArray("{\"token_error\":{\"preset\":\"invalid_grant\",\"status\":400}}")
                                       << QStringLiteral("not both");
    QTest::newRow("status 200") << QByteArray("{\"token_error\":{\"status\":200}}") << QStringLiteral("400 to 599");
    QTest::newRow("body not object") << QByteArray("{\"token_error\":{\"status\":400,\"body\":\"x\"}}")
                                     << QStringLiteral("body");
    QTest::newRow("count zero") << QByteArray("{\"token_error\":{\"preset\":\"server_error\",\"count\":0}}")
                                << QStringLiteral("count");
    QTest::newRow("count fraction") << QByteArray("{\"crm_401\":1.5}") << QStringLiteral("count");
    QTest::newRow("unknown grant") << QByteArray("{\"token_error\":{\"preset\":\"server_error\",\"grant_type\":\"password\"}}")
                                   << QStringLiteral("grant_type");
    QTest::newRow("unknown field") << QByteArray("{\"token_error\":{\"preset\":\"server_error\",\"times\":2}}")
                                   << QStringLiteral("times");
    QTest::newRow("stall zero") << QByteArray("{\"token_stall_ms\":0}") << QStringLiteral("-1");
    QTest::newRow("stall text") << QByteArray("{\"token_stall_ms\":\"long\"}") << QStringLiteral("-1");
    QTest::newRow("flag text") << QByteArray("{\"refresh_without_refresh_token\":\"yes\"}")
                               << QStringLiteral("refresh_without_refresh_token");
    QTest::newRow("scope empty") << QByteArray("{\"crm_403_missing_scope\":\"\"}") << QStringLiteral("scope");
    QTest::newRow("scopes not array") << QByteArray("{\"grant_scopes\":\"oauth\"}") << QStringLiteral("array");
    QTest::newRow("scope with space") << QByteArray("{\"grant_scopes\":[\"oauth crm\"]}") << QStringLiteral("spaces");
    QTest::newRow("revoke text") << QByteArray("{\"revoke_error\":\"down\"}") << QStringLiteral("unreachable");
    QTest::newRow("unreachable body") << QByteArray("{\"revoke_error\":{\"status\":\"unreachable\",\"body\":{}}}")
                                      << QStringLiteral("no body");
}

void tst_SandboxFaults::faultsRejectInvalidInput()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expectedText);
    QVERIFY(m_sandbox->setFaults({{QStringLiteral("crm_401"), true}}));
    const QJsonObject before = m_sandbox->faults();

    // The valid crm_403 key in the same object must not be applied either.
    QByteArray combined = body;
    if (combined.startsWith("{\"") && combined.endsWith("}"))
        combined = "{\"crm_403_missing_scope\":\"oauth\"," + combined.mid(1);
    const HttpResult result = m_sandbox->send("POST", QStringLiteral("/_sandbox/faults"), combined);
    const QJsonObject error = result.json();

    QCOMPARE(result.status, 400);
    QCOMPARE(error.value(QStringLiteral("category")).toString(), QStringLiteral("VALIDATION_ERROR"));
    QVERIFY2(error.value(QStringLiteral("message")).toString().contains(expectedText),
             qPrintable(error.value(QStringLiteral("message")).toString()));
    QCOMPARE(m_sandbox->faults(), before);
}

void tst_SandboxFaults::helpersSendExpectedSwitches()
{
    QVERIFY(m_sandbox->failTokenRequests(QStringLiteral("server_error"), 2, QStringLiteral("authorization_code")));
    QVERIFY(m_sandbox->stallTokenRequests(-1, 1));
    QVERIFY(m_sandbox->omitRefreshToken());
    QVERIFY(m_sandbox->expireCrmTokens(4));
    QVERIFY(m_sandbox->denyCrmScope(QStringLiteral("crm.objects.contacts.write"), 1));
    QVERIFY(m_sandbox->grantOnlyScopes({QStringLiteral("oauth"), QStringLiteral("crm.objects.contacts.read")}));
    QVERIFY(m_sandbox->dropRevokeRequests(2));

    const QJsonObject expected{
        {QStringLiteral("token_error"), QJsonObject{{QStringLiteral("preset"), QStringLiteral("server_error")},
                                                    {QStringLiteral("count"), 2},
                                                    {QStringLiteral("grant_type"), QStringLiteral("authorization_code")}}},
        {QStringLiteral("token_stall_ms"), QJsonObject{{QStringLiteral("ms"), -1}, {QStringLiteral("count"), 1}}},
        {QStringLiteral("refresh_without_refresh_token"), QJsonObject()},
        {QStringLiteral("crm_401"), QJsonObject{{QStringLiteral("count"), 4}}},
        {QStringLiteral("crm_403_missing_scope"), QJsonObject{{QStringLiteral("scope"), QStringLiteral("crm.objects.contacts.write")},
                                                              {QStringLiteral("count"), 1}}},
        {QStringLiteral("grant_scopes"), QJsonArray{QStringLiteral("oauth"), QStringLiteral("crm.objects.contacts.read")}},
        {QStringLiteral("revoke_error"), QJsonObject{{QStringLiteral("status"), QStringLiteral("unreachable")},
                                                     {QStringLiteral("count"), 2}}},
    };
    QCOMPARE(m_sandbox->faults(), expected);

    QVERIFY(m_sandbox->failTokenRequests(418, {{QStringLiteral("why"), QStringLiteral("teapot")}}));
    QVERIFY(m_sandbox->failRevoke(503, 1));
    QCOMPARE(m_sandbox->faults().value(QStringLiteral("token_error")).toObject(),
             QJsonObject({{QStringLiteral("status"), 418},
                          {QStringLiteral("body"), QJsonObject{{QStringLiteral("why"), QStringLiteral("teapot")}}}}));
    QCOMPARE(m_sandbox->faults().value(QStringLiteral("revoke_error")).toObject(),
             QJsonObject({{QStringLiteral("status"), 503}, {QStringLiteral("count"), 1}}));

    QVERIFY(!m_sandbox->failTokenRequests(QStringLiteral("no_such_preset")));
    QVERIFY(m_sandbox->errorString().contains(QStringLiteral("400")));
}

// --- Token endpoint faults ---

void tst_SandboxFaults::tokenErrorInvalidGrantOnRefresh()
{
    const QString refreshToken = connect().value(QStringLiteral("refresh_token")).toString();
    QVERIFY(m_sandbox->failTokenRequests(QStringLiteral("invalid_grant"), 1, QStringLiteral("refresh_token")));

    // A code exchange does not match the grant_type filter.
    QCOMPARE(postForm(TokenPath, codeFields(authorize())).status, 200);

    const HttpResult failed = postForm(TokenPath, refreshFields(refreshToken));
    const QJsonObject body = failed.json();
    QCOMPARE(failed.status, 400);
    QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(body.value(QStringLiteral("error_description")).toString(),
             QStringLiteral("refresh token is invalid, expired or revoked"));
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("BAD_REFRESH_TOKEN"));
    QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(failed.header("Cache-Control"), QByteArray("no-store"));

    // The count is used up, so the switch is gone and the token still works.
    QCOMPARE(m_sandbox->faults(), QJsonObject());
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 200);
}

void tst_SandboxFaults::tokenErrorInvalidGrantOnCodeExchange()
{
    const QString code = authorize();
    QVERIFY(m_sandbox->failTokenRequests(QStringLiteral("invalid_grant")));

    const HttpResult first = postForm(TokenPath, codeFields(code));
    const HttpResult second = postForm(TokenPath, codeFields(code));
    QCOMPARE(first.status, 400);
    QCOMPARE(first.json().value(QStringLiteral("status")).toString(), QStringLiteral("BAD_AUTH_CODE"));
    QCOMPARE(first.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(second.status, 400);

    // The fault response comes before the code lookup, so the code stays unused.
    QVERIFY(m_sandbox->clearFaults());
    QCOMPARE(postForm(TokenPath, codeFields(code)).status, 200);
}

void tst_SandboxFaults::tokenErrorServerError()
{
    QVERIFY(m_sandbox->failTokenRequests(QStringLiteral("server_error"), 1));

    const HttpResult result = postForm(TokenPath, codeFields(authorize()));
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 500);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(body.value(QStringLiteral("message")).toString(), QStringLiteral("internal error"));
    QCOMPARE(body.value(QStringLiteral("correlationId")).toString().size(), 36);
}

void tst_SandboxFaults::tokenErrorCustomStatusAndBody()
{
    const QJsonObject custom{{QStringLiteral("status"), QStringLiteral("error")},
                             {QStringLiteral("message"), QStringLiteral("maintenance")}};
    QVERIFY(m_sandbox->failTokenRequests(503, custom, 1));

    const HttpResult withBody = postForm(TokenPath, codeFields(QStringLiteral("any")));
    QCOMPARE(withBody.status, 503);
    QCOMPARE(withBody.json(), custom);

    QVERIFY(m_sandbox->failTokenRequests(429, {}, 1));
    const HttpResult withoutBody = postForm(TokenPath, codeFields(QStringLiteral("any")));
    QCOMPARE(withoutBody.status, 429);
    QCOMPARE(withoutBody.json().value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QVERIFY(!withoutBody.json().value(QStringLiteral("message")).toString().isEmpty());
}

void tst_SandboxFaults::tokenStallDelaysAnswer()
{
    const QString code = authorize();
    QVERIFY(m_sandbox->stallTokenRequests(800, 1));

    QElapsedTimer timer;
    timer.start();
    const HttpResult stalled = postForm(TokenPath, codeFields(code));
    const qint64 stalledMs = timer.elapsed();

    QCOMPARE(stalled.status, 200);
    QVERIFY(!stalled.json().value(QStringLiteral("access_token")).toString().isEmpty());
    QVERIFY2(stalledMs >= 800, qPrintable(QString::number(stalledMs)));

    // The count of 1 is used up, so the next request is not held.
    QCOMPARE(m_sandbox->faults(), QJsonObject());
    QCOMPARE(postForm(TokenPath, codeFields(authorize())).status, 200);
    QTRY_VERIFY(m_sandbox->standardError().contains("POST /oauth/v3/token 200"));
}

void tst_SandboxFaults::tokenStallForeverKeepsConnectionOpen()
{
    QVERIFY(m_sandbox->stallTokenRequests(-1));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_sandbox->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(rawFormPost(TokenPath, formEncode(codeFields(authorize())), false));
    socket.flush();

    QVERIFY(!socket.waitForReadyRead(1500));
    QCOMPARE(socket.bytesAvailable(), 0);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

    // Clearing the switch does not release a request that is already held.
    QVERIFY(m_sandbox->clearFaults());
    QVERIFY(!socket.waitForReadyRead(500));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("authorization_code")), 1);
}

void tst_SandboxFaults::stalledRequestIsDroppedWhenClientLeaves()
{
    const QString code = authorize();
    QVERIFY(m_sandbox->stallTokenRequests(1000, 1));

    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_sandbox->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(rawFormPost(TokenPath, formEncode(codeFields(code)), true));
        socket.flush();
        QVERIFY(!socket.waitForReadyRead(300));
        socket.abort();
    }
    QTest::qWait(1200);

    // The held exchange never ran, so the code is still unused.
    const HttpResult retry = postForm(TokenPath, codeFields(code));
    QCOMPARE(retry.status, 200);
    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("authorization_code")), 2);
}

void tst_SandboxFaults::timedOutRefreshCountsOnce()
{
    const QString refreshToken = connect().value(QStringLiteral("refresh_token")).toString();
    QVERIFY(m_sandbox->stallTokenRequests(-1, 1, QStringLiteral("refresh_token")));

    QNetworkAccessManager network;
    const HttpResult timedOut = sendBlocking(network, "POST", m_sandbox->url(TokenPath),
                                             formEncode(refreshFields(refreshToken)), formHeaders(), 500);
    QVERIFY(timedOut.timedOut);
    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("refresh_token")), 1);

    const HttpResult retry = postForm(TokenPath, refreshFields(refreshToken));
    QCOMPARE(retry.status, 200);
    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("refresh_token")), 2);
    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("authorization_code")), 1);
}

void tst_SandboxFaults::pipelinedRequestWaitsBehindStall()
{
    QVERIFY(m_sandbox->stallTokenRequests(500, 1));
    const QByteArray stalled = rawFormPost(TokenPath, formEncode(codeFields(QStringLiteral("unknown"))), false);
    const QByteArray next = "GET /_sandbox/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    QElapsedTimer timer;
    timer.start();
    const QByteArray response = exchangeRaw(m_sandbox->port(), stalled + next);

    QVERIFY(timer.elapsed() >= 500);
    QCOMPARE(response.count("HTTP/1.1 "), 2);
    QVERIFY2(response.startsWith("HTTP/1.1 400 "), response.left(40).constData());
    QVERIFY(response.indexOf("HTTP/1.1 200 ") > response.indexOf("BAD_AUTH_CODE"));
}

void tst_SandboxFaults::refreshReplyWithoutRefreshToken()
{
    QVERIFY(m_sandbox->omitRefreshToken(1));

    // A code exchange still carries the refresh token and uses no count.
    const QJsonObject tokens = connect();
    const QString refreshToken = tokens.value(QStringLiteral("refresh_token")).toString();
    QVERIFY(!refreshToken.isEmpty());

    const HttpResult without = postForm(TokenPath, refreshFields(refreshToken));
    QCOMPARE(without.status, 200);
    QVERIFY(!without.json().contains(QStringLiteral("refresh_token")));
    QVERIFY(!without.json().value(QStringLiteral("access_token")).toString().isEmpty());

    const HttpResult with = postForm(TokenPath, refreshFields(refreshToken));
    QCOMPARE(with.json().value(QStringLiteral("refresh_token")).toString(), refreshToken);
}

// --- CRM faults ---

void tst_SandboxFaults::crm401ForNextRequests()
{
    const QString token = connect().value(QStringLiteral("access_token")).toString();
    const QString contacts = QStringLiteral("/crm/v3/objects/contacts");
    QVERIFY(m_sandbox->expireCrmTokens(2));

    // A request without a token gets its usual 401 and uses no count.
    const HttpResult anonymous = m_sandbox->send("GET", contacts);
    QCOMPARE(anonymous.json().value(QStringLiteral("category")).toString(), QStringLiteral("INVALID_AUTHENTICATION"));

    for (int i = 0; i < 2; ++i) {
        const HttpResult expired = m_sandbox->send("GET", contacts, {}, bearer(token));
        const QJsonObject body = expired.json();
        QCOMPARE(expired.status, 401);
        QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("EXPIRED_AUTHENTICATION"));
        QCOMPARE(body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("The OAuth token used to make this call expired 0 second(s) ago."));
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        QVERIFY(body.value(QStringLiteral("context")).toObject().contains(QStringLiteral("expire time")));
        QCOMPARE(expired.header("x-hubspot-auth-failure"), QByteArray("401 Unauthorized"));
    }

    QCOMPARE(m_sandbox->send("GET", contacts, {}, bearer(token)).status, 200);
}

void tst_SandboxFaults::crm403NamesScope()
{
    const QString token = connect().value(QStringLiteral("access_token")).toString();
    const QString scope = QStringLiteral("crm.objects.contacts.read");
    QVERIFY(m_sandbox->denyCrmScope(scope));

    for (int i = 0; i < 2; ++i) {
        const HttpResult denied = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(token));
        const QJsonObject body = denied.json();
        QCOMPARE(denied.status, 403);
        QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("MISSING_SCOPES"));
        QCOMPARE(body.value(QStringLiteral("context")).toObject().value(QStringLiteral("missingScopes")).toArray(),
                 QJsonArray{scope});
        const QJsonObject detail = body.value(QStringLiteral("errors")).toArray().first().toObject();
        QCOMPARE(detail.value(QStringLiteral("context")).toObject().value(QStringLiteral("requiredGranularScopes")).toArray(),
                 QJsonArray{scope});
        QVERIFY(body.value(QStringLiteral("message")).toString().contains(scope));
    }

    QVERIFY(m_sandbox->clearFaults());
    QCOMPARE(m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(token)).status, 200);
}

void tst_SandboxFaults::grantScopesLimitIssuedTokens()
{
    const QString before = connect().value(QStringLiteral("access_token")).toString();
    const QStringList granted = {QStringLiteral("oauth"), QStringLiteral("crm.objects.contacts.read")};
    QVERIFY(m_sandbox->grantOnlyScopes(granted));

    const QJsonObject tokens = connect();
    const QString token = tokens.value(QStringLiteral("access_token")).toString();
    QCOMPARE(tokens.value(QStringLiteral("scopes")).toVariant().toStringList(), granted);

    const HttpResult introspection = postForm(QStringLiteral("/oauth/v3/token/introspect"),
                                              {{QStringLiteral("client_id"), ClientId},
                                               {QStringLiteral("client_secret"), ClientSecret},
                                               {QStringLiteral("token"), token}});
    QCOMPARE(introspection.json().value(QStringLiteral("scopes")).toVariant().toStringList(), granted);

    const QByteArray batch = toJson({{QStringLiteral("inputs"), QJsonArray()}});
    const HttpResult read = m_sandbox->send("POST", QStringLiteral("/crm/v3/objects/contacts/batch/read"), batch, bearer(token));
    const HttpResult write = m_sandbox->send("POST", QStringLiteral("/crm/v3/objects/contacts/batch/create"), batch, bearer(token));
    QCOMPARE(read.status, 200);
    QCOMPARE(write.status, 403);
    QCOMPARE(write.json().value(QStringLiteral("context")).toObject().value(QStringLiteral("missingScopes")).toArray(),
             QJsonArray{QStringLiteral("crm.objects.contacts.write")});

    // A token issued before the switch keeps its scopes.
    QCOMPARE(m_sandbox->send("POST", QStringLiteral("/crm/v3/objects/contacts/batch/create"), batch, bearer(before)).status, 201);

    // A refresh while the switch is on narrows the new access token too.
    const HttpResult refreshed = postForm(TokenPath, refreshFields(tokens.value(QStringLiteral("refresh_token")).toString()));
    QCOMPARE(refreshed.json().value(QStringLiteral("scopes")).toVariant().toStringList(), granted);
}

// --- Revoke faults ---

void tst_SandboxFaults::revokeErrorStatus()
{
    const QString refreshToken = connect().value(QStringLiteral("refresh_token")).toString();
    const QList<QPair<QString, QString>> revoke = {{QStringLiteral("client_id"), ClientId},
                                                   {QStringLiteral("client_secret"), ClientSecret},
                                                   {QStringLiteral("token"), refreshToken}};
    QVERIFY(m_sandbox->failRevoke(500, 1));

    const HttpResult failed = postForm(QStringLiteral("/oauth/v3/token/revoke"), revoke);
    QCOMPARE(failed.status, 500);
    QCOMPARE(failed.json().value(QStringLiteral("message")).toString(), QStringLiteral("internal error"));
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 200);

    QCOMPARE(postForm(QStringLiteral("/oauth/2026-03/token/revoke"), revoke).status, 200);
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 400);
    QCOMPARE(m_sandbox->revokeRequestCount(), 2);
}

void tst_SandboxFaults::revokeUnreachableClosesConnection()
{
    const QString refreshToken = connect().value(QStringLiteral("refresh_token")).toString();
    const QByteArray form = formEncode({{QStringLiteral("client_id"), ClientId},
                                        {QStringLiteral("client_secret"), ClientSecret},
                                        {QStringLiteral("token"), refreshToken}});
    QVERIFY(m_sandbox->dropRevokeRequests(1));

    const QByteArray raw = exchangeRaw(m_sandbox->port(), rawFormPost(QStringLiteral("/oauth/v3/token/revoke"), form, false));
    QCOMPARE(raw, QByteArray());
    QCOMPARE(m_sandbox->revokeRequestCount(), 1);
    QTRY_VERIFY(m_sandbox->standardError().contains("POST /oauth/v3/token/revoke 0\n"));

    // Nothing was revoked.
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 200);

    QVERIFY(m_sandbox->dropRevokeRequests());
    QNetworkAccessManager network;
    const HttpResult dropped = sendBlocking(network, "POST", m_sandbox->url(QStringLiteral("/oauth/v3/token/revoke")),
                                            form, formHeaders());
    QVERIFY(!dropped.timedOut);
    QCOMPARE(dropped.status, 0);
    QCOMPARE(dropped.error, QNetworkReply::RemoteHostClosedError);

    // QNetworkAccessManager (Qt 6.4) sends a request once more when the
    // server closes the connection without a response, so the revoke
    // endpoint saw two requests from that one call.
    QCOMPARE(m_sandbox->revokeRequestCount(), 3);
}

// --- Request records ---

void tst_SandboxFaults::tokenRequestsCountedByGrantType()
{
    const QJsonObject zero{{QStringLiteral("authorization_code"), 0},
                           {QStringLiteral("refresh_token"), 0},
                           {QStringLiteral("other"), 0}};
    QCOMPARE(counters(*m_sandbox).value(QStringLiteral("token_requests")).toObject(), zero);

    const QString refreshToken = connect().value(QStringLiteral("refresh_token")).toString();
    postForm(TokenPath, refreshFields(refreshToken));
    postForm(QStringLiteral("/oauth/v1/token"), refreshFields(refreshToken));
    QVERIFY(m_sandbox->failTokenRequests(QStringLiteral("server_error"), 1));
    postForm(QStringLiteral("/oauth/2026-03/token"), refreshFields(refreshToken));
    postForm(TokenPath, {{QStringLiteral("grant_type"), QStringLiteral("password")}});
    m_sandbox->send("POST", TokenPath, toJson({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")}}));

    const QJsonObject counted = counters(*m_sandbox);
    QCOMPARE(counted.value(QStringLiteral("token_requests")).toObject(),
             QJsonObject({{QStringLiteral("authorization_code"), 1},
                          {QStringLiteral("refresh_token"), 3},
                          {QStringLiteral("other"), 2}}));
    QCOMPARE(counted.value(QStringLiteral("revoke_requests")).toInt(), 0);
    QCOMPARE(counted.value(QStringLiteral("other_idp")).toObject().value(QStringLiteral("token_requests")).toObject(), zero);
}

void tst_SandboxFaults::lastAuthorizeRecordsRawQuery()
{
    QCOMPARE(m_sandbox->state().value(QStringLiteral("last_authorize")), QJsonValue(QJsonValue::Null));

    const QString state = QStringLiteral("Secret-State-Value-123");
    // Built by concatenation, because QString::arg() would also replace the
    // "%3" of "%3A".
    const QString target = QStringLiteral("/oauth/authorize?client_id=") + ClientId
        + QStringLiteral("&redirect_uri=http%3A%2F%2Flocalhost%3A53682%2Fcallback"
                         "&scope=oauth+crm.objects.contacts.read&optional_scope=crm.objects.notes.read&state=")
        + state + QStringLiteral("&code_challenge=") + s256Challenge(Verifier)
        + QStringLiteral("&code_challenge_method=S256&response_type=code");
    QCOMPARE(m_sandbox->send("GET", target).status, 302);

    const QJsonObject record = m_sandbox->lastAuthorize();
    QCOMPARE(record.value(QStringLiteral("provider")).toString(), QStringLiteral("hubspot"));
    QCOMPARE(record.value(QStringLiteral("path")).toString(), QStringLiteral("/oauth/authorize"));
    QCOMPARE(record.value(QStringLiteral("status")).toInt(), 302);
    QCOMPARE(record.value(QStringLiteral("client_id")).toString(), ClientId);
    QCOMPARE(record.value(QStringLiteral("redirect_uri")).toString(), RedirectUri);
    QCOMPARE(record.value(QStringLiteral("redirect_uri_raw")).toString(),
             QStringLiteral("http%3A%2F%2Flocalhost%3A53682%2Fcallback"));
    QCOMPARE(record.value(QStringLiteral("scope")).toString(), QStringLiteral("oauth crm.objects.contacts.read"));
    QCOMPARE(record.value(QStringLiteral("scope_raw")).toString(), QStringLiteral("oauth+crm.objects.contacts.read"));
    QCOMPARE(record.value(QStringLiteral("optional_scope_raw")).toString(), QStringLiteral("crm.objects.notes.read"));
    QCOMPARE(record.value(QStringLiteral("response_type")).toString(), QStringLiteral("code"));
    QCOMPARE(record.value(QStringLiteral("has_state")).toBool(), true);
    QCOMPARE(record.value(QStringLiteral("has_code_challenge")).toBool(), true);
    QCOMPARE(record.value(QStringLiteral("code_challenge_method")).toString(), QStringLiteral("S256"));

    const QByteArray dump = m_sandbox->send("GET", QStringLiteral("/_sandbox/state")).body;
    QVERIFY(!dump.contains(state.toLatin1()));
    QVERIFY(!dump.contains(s256Challenge(Verifier).toLatin1()));

    // A rejected request is recorded too, with the redirect URI as sent.
    m_sandbox->send("GET", QStringLiteral("/oauth/authorize?client_id=%1&redirect_uri=http://127.0.0.1:53682/callback&scope=oauth%20x")
                               .arg(ClientId));
    const QJsonObject rejected = m_sandbox->lastAuthorize();
    QCOMPARE(rejected.value(QStringLiteral("status")).toInt(), 400);
    QCOMPARE(rejected.value(QStringLiteral("redirect_uri")).toString(), QStringLiteral("http://127.0.0.1:53682/callback"));
    QCOMPARE(rejected.value(QStringLiteral("scope_raw")).toString(), QStringLiteral("oauth%20x"));
    QCOMPARE(rejected.value(QStringLiteral("has_state")).toBool(), false);
    QCOMPARE(rejected.value(QStringLiteral("optional_scope")), QJsonValue(QJsonValue::Null));
    QCOMPARE(rejected.value(QStringLiteral("response_type")), QJsonValue(QJsonValue::Null));
}

void tst_SandboxFaults::lastTokenRequestRecordsNoSecrets()
{
    QCOMPARE(m_sandbox->state().value(QStringLiteral("last_token_request")), QJsonValue(QJsonValue::Null));

    const QString code = authorize(AllScopes, {{QStringLiteral("code_challenge"), s256Challenge(Verifier)},
                                               {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}});
    QList<QPair<QString, QString>> fields = codeFields(code);
    fields.append({QStringLiteral("code_verifier"), Verifier});
    const HttpResult exchange = postForm(QStringLiteral("/oauth/2026-03/token"), fields);
    QCOMPARE(exchange.status, 200);

    const QJsonObject record = m_sandbox->lastTokenRequest();
    QCOMPARE(record.value(QStringLiteral("provider")).toString(), QStringLiteral("hubspot"));
    QCOMPARE(record.value(QStringLiteral("path")).toString(), QStringLiteral("/oauth/2026-03/token"));
    QCOMPARE(record.value(QStringLiteral("grant_type")).toString(), QStringLiteral("authorization_code"));
    QCOMPARE(record.value(QStringLiteral("client_id")).toString(), ClientId);
    QCOMPARE(record.value(QStringLiteral("redirect_uri")).toString(), RedirectUri);
    QCOMPARE(record.value(QStringLiteral("redirect_uri_raw")).toString(),
             QStringLiteral("http%3A%2F%2Flocalhost%3A53682%2Fcallback"));
    QCOMPARE(record.value(QStringLiteral("scope")), QJsonValue(QJsonValue::Null));
    QCOMPARE(record.value(QStringLiteral("content_type")).toString(), QStringLiteral("application/x-www-form-urlencoded"));
    QCOMPARE(record.value(QStringLiteral("client_auth")).toString(), QStringLiteral("body"));
    QCOMPARE(record.value(QStringLiteral("has_client_secret")).toBool(), true);
    QCOMPARE(record.value(QStringLiteral("has_code")).toBool(), true);
    QCOMPARE(record.value(QStringLiteral("has_code_verifier")).toBool(), true);
    QCOMPARE(record.value(QStringLiteral("has_refresh_token")).toBool(), false);

    const QString refreshToken = exchange.json().value(QStringLiteral("refresh_token")).toString();
    QList<QPair<QString, QString>> refresh = refreshFields(refreshToken);
    refresh.removeIf([](const auto &field) { return field.first == QLatin1String("client_secret"); });
    postForm(TokenPath, refresh);
    const QJsonObject refreshRecord = m_sandbox->lastTokenRequest();
    QCOMPARE(refreshRecord.value(QStringLiteral("grant_type")).toString(), QStringLiteral("refresh_token"));
    QCOMPARE(refreshRecord.value(QStringLiteral("has_refresh_token")).toBool(), true);
    QCOMPARE(refreshRecord.value(QStringLiteral("has_client_secret")).toBool(), false);
    QCOMPARE(refreshRecord.value(QStringLiteral("client_auth")).toString(), QStringLiteral("none"));
    QCOMPARE(refreshRecord.value(QStringLiteral("redirect_uri")), QJsonValue(QJsonValue::Null));

    const QByteArray dump = m_sandbox->send("GET", QStringLiteral("/_sandbox/state")).body;
    QVERIFY(!dump.contains(code.toLatin1()));
    QVERIFY(!dump.contains(Verifier.toLatin1()));
    QVERIFY(!dump.contains(ClientSecret.toLatin1()));
    QVERIFY(!dump.contains(refreshToken.toLatin1()));
    QVERIFY(!dump.contains(exchange.json().value(QStringLiteral("access_token")).toString().toLatin1()));
}

void tst_SandboxFaults::resetClearsFaultsAndRecords()
{
    connect();
    QVERIFY(m_sandbox->expireCrmTokens());

    QVERIFY(m_sandbox->reset());

    const QJsonObject state = m_sandbox->state();
    QCOMPARE(state.value(QStringLiteral("faults")).toObject(), QJsonObject());
    QCOMPARE(state.value(QStringLiteral("last_authorize")), QJsonValue(QJsonValue::Null));
    QCOMPARE(state.value(QStringLiteral("last_token_request")), QJsonValue(QJsonValue::Null));
    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("authorization_code")), 0);
}

QTEST_GUILESS_MAIN(tst_SandboxFaults)

#include "tst_sandboxfaults.moc"
