#include "SandboxProcess.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using Breezee::Test::HttpResult;
using Breezee::Test::SandboxProcess;
using Breezee::Test::formEncode;

namespace {

const QString ClientId = QStringLiteral("breezee-sandbox-client");
const QString ClientSecret = QStringLiteral("breezee-sandbox-secret");
const QString RedirectUri = QStringLiteral("http://localhost:53682/callback");
const QString AllScopes = QStringLiteral(
    "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.companies.read "
    "crm.objects.companies.write crm.schemas.contacts.read crm.schemas.contacts.write");

// A PKCE verifier of 43 characters and its S256 challenge.
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

QString authorizePath(const QList<QPair<QString, QString>> &fields)
{
    return QStringLiteral("/oauth/authorize?") + QString::fromLatin1(formEncode(fields));
}

QList<QPair<QString, QString>> authorizeFields(const QString &scope = AllScopes,
                                               const QString &redirectUri = RedirectUri)
{
    return {{QStringLiteral("client_id"), ClientId},
            {QStringLiteral("redirect_uri"), redirectUri},
            {QStringLiteral("scope"), scope}};
}

QString pendingRequestId(const QByteArray &page)
{
    static const QRegularExpression pattern(QStringLiteral("name=\"request_id\" value=\"([^\"]+)\""));
    return pattern.match(QString::fromUtf8(page)).captured(1);
}

QUrlQuery locationQuery(const HttpResult &result)
{
    return QUrlQuery(QUrl(QString::fromUtf8(result.header("Location"))));
}

QList<QPair<QByteArray, QByteArray>> formHeaders()
{
    return {qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"))};
}

QList<QPair<QByteArray, QByteArray>> bearer(const QString &token)
{
    return {qMakePair(QByteArray("Authorization"), "Bearer " + token.toLatin1())};
}

QJsonObject contactInput(const QJsonObject &properties, const QString &traceId = {})
{
    QJsonObject input{{QStringLiteral("properties"), properties}};
    if (!traceId.isEmpty())
        input.insert(QStringLiteral("objectWriteTraceId"), traceId);
    return input;
}

QJsonObject inputsBody(const QJsonArray &inputs)
{
    return QJsonObject{{QStringLiteral("inputs"), inputs}};
}

QJsonObject findContact(const QJsonObject &state, const QString &id)
{
    const QJsonArray contacts = state.value(QStringLiteral("contacts")).toArray();
    for (const QJsonValue &contact : contacts) {
        if (contact.toObject().value(QStringLiteral("id")).toString() == id)
            return contact.toObject();
    }
    return {};
}

// Writes raw bytes to the sandbox on a fresh connection and returns all
// bytes received until the server closes it or `timeoutMs` passes.
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

int rawStatus(const QByteArray &response)
{
    const QList<QByteArray> parts = response.left(response.indexOf("\r\n")).split(' ');
    return parts.size() >= 2 ? parts.at(1).toInt() : 0;
}

} // namespace

class tst_Sandbox : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void consentPageShowsAppScopesAndButtons();
    void allowRedirectsWithCodeAndState();
    void allowWithoutStateSendsNoState();
    void denySendsNothingToRedirectUri();
    void decisionIsSingleUse();
    void authorizeRejectsBadRequests_data();
    void authorizeRejectsBadRequests();
    void autoApproveRedirectsAtOnce();

    void codeExchangeIssuesTokens();
    void codeReuseIsRejected();
    void expiredCodeIsRejected();
    void tokenEndpointErrors_data();
    void tokenEndpointErrors();
    void pkceVerifierChecked_data();
    void pkceVerifierChecked();
    void tokenPathsAllVersions_data();
    void tokenPathsAllVersions();
    void refreshKeepsRefreshToken();
    void introspectActiveAndInactive();
    void revokeThenRefreshFails();

    void crmRejectsMissingOrUnknownToken_data();
    void crmRejectsMissingOrUnknownToken();
    void crmRejectsExpiredToken();
    void crmRejectsMissingScope();
    void rateLimitAnswers429();

    void batchReadByEmail();
    void batchReadByIdReturnsNullsAndDefaults();
    void batchReadRejectsOver100Inputs();
    void batchCreateReturns201();
    void batchCreateConflictWithoutTraceIds();
    void batchCreateDuplicateInBatch();
    void batchCreatePartialWithTraceIds();
    void batchCreateRejectsInvalidValues_data();
    void batchCreateRejectsInvalidValues();
    void batchUpdateWritesAndClears();
    void batchUpdateReportsMissingIds();
    void batchUpdateRejectsEmailIdProperty();
    void singleContactEndpoints();
    void invalidJsonBodyIsValidationError();

    void propertiesCreateAndConflict();
    void propertiesRejectInvalidDefinitions_data();
    void propertiesRejectInvalidDefinitions();
    void propertyGroupsCreateAndConflict();
    void customPropertyValuesValidated();

    void stateDumpCountsWithoutSecrets();
    void requestLogKeepsCrmWriteBodies();
    void resetEmptiesEverything();
    void stateFilePersistsAcrossRestart();
    void commandLineRejectsBadValues();

    void malformedHttpIsRejected_data();
    void malformedHttpIsRejected();
    void oversizedBodyGets413();
    void keepAliveServesPipelinedRequests();
    void unknownPathIsJson404();
    void stderrLogsOneLinePerRequest();

private:
    // Runs authorize, presses Allow and returns the redirect's query.
    QUrlQuery approve(const QList<QPair<QString, QString>> &fields);

    // Connects with the given scopes and returns the token response.
    QJsonObject connectWithScopes(const QString &scopes = AllScopes);

    HttpResult exchangeCode(const QString &code, const QList<QPair<QString, QString>> &extra = {},
                            const QString &path = QStringLiteral("/oauth/v3/token"));
    HttpResult postForm(const QString &path, const QList<QPair<QString, QString>> &fields);
    HttpResult postJson(const QString &path, const QJsonObject &body, const QString &token);
    QString accessToken();

    std::unique_ptr<SandboxProcess> m_sandbox;
    QString m_accessToken;
};

void tst_Sandbox::init()
{
    m_accessToken.clear();
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
}

void tst_Sandbox::cleanup()
{
    if (QTest::currentTestFailed())
        qWarning().noquote() << "sandbox stderr:\n" << m_sandbox->standardError().right(4000);
    m_sandbox.reset();
}

QUrlQuery tst_Sandbox::approve(const QList<QPair<QString, QString>> &fields)
{
    const HttpResult page = m_sandbox->send("GET", authorizePath(fields));
    const QString requestId = pendingRequestId(page.body);

    const HttpResult decision = m_sandbox->send(
        "POST", QStringLiteral("/oauth/authorize/decision"),
        formEncode({{QStringLiteral("request_id"), requestId}, {QStringLiteral("decision"), QStringLiteral("allow")}}),
        formHeaders());
    return locationQuery(decision);
}

HttpResult tst_Sandbox::postForm(const QString &path, const QList<QPair<QString, QString>> &fields)
{
    return m_sandbox->send("POST", path, formEncode(fields), formHeaders());
}

HttpResult tst_Sandbox::exchangeCode(const QString &code, const QList<QPair<QString, QString>> &extra,
                                     const QString &path)
{
    QList<QPair<QString, QString>> fields = {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                             {QStringLiteral("client_id"), ClientId},
                                             {QStringLiteral("client_secret"), ClientSecret},
                                             {QStringLiteral("redirect_uri"), RedirectUri},
                                             {QStringLiteral("code"), code}};
    for (const auto &field : extra) {
        fields.removeIf([&field](const auto &existing) { return existing.first == field.first; });
        fields.append(field);
    }
    return postForm(path, fields);
}

QJsonObject tst_Sandbox::connectWithScopes(const QString &scopes)
{
    const QUrlQuery query = approve(authorizeFields(scopes));
    return exchangeCode(query.queryItemValue(QStringLiteral("code"))).json();
}

QString tst_Sandbox::accessToken()
{
    if (m_accessToken.isEmpty())
        m_accessToken = connectWithScopes().value(QStringLiteral("access_token")).toString();
    return m_accessToken;
}

HttpResult tst_Sandbox::postJson(const QString &path, const QJsonObject &body, const QString &token)
{
    return m_sandbox->send("POST", path, toJson(body), bearer(token));
}

// --- Authorize and consent ---

void tst_Sandbox::consentPageShowsAppScopesAndButtons()
{
    QList<QPair<QString, QString>> fields = authorizeFields();
    fields.append({QStringLiteral("optional_scope"), QStringLiteral("crm.objects.notes.read")});

    const HttpResult page = m_sandbox->send("GET", authorizePath(fields));
    const QString html = QString::fromUtf8(page.body);

    QCOMPARE(page.status, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    QVERIFY(html.contains(QStringLiteral("Connecting your Breezee Integrations Console account to HubSpot")));
    QVERIFY(html.contains(QStringLiteral("admin@breezee.example")));
    QVERIFY(html.contains(QStringLiteral("Not you?")));
    QVERIFY(html.contains(QStringLiteral("create an account")));
    QVERIFY(html.contains(QStringLiteral("breezee-demo.sandbox.hubspot.test")));
    QVERIFY(html.contains(QStringLiteral("24680135")));
    const QStringList scopes = AllScopes.split(QLatin1Char(' '));
    for (const QString &scope : scopes)
        QVERIFY2(html.contains(QStringLiteral("data-scope=\"%1\"").arg(scope)), qPrintable(scope));
    QVERIFY(html.contains(QStringLiteral("data-scope=\"crm.objects.notes.read\"")));
    QVERIFY(html.contains(QStringLiteral("id=\"allow\"")));
    QVERIFY(html.contains(QStringLiteral("id=\"deny\"")));
    QVERIFY(html.contains(QStringLiteral("action=\"/oauth/authorize/decision\"")));
    QVERIFY(!pendingRequestId(page.body).isEmpty());
}

void tst_Sandbox::allowRedirectsWithCodeAndState()
{
    const QString state = QStringLiteral("st+a/te= &x");
    QList<QPair<QString, QString>> fields = authorizeFields();
    fields.append({QStringLiteral("state"), state});

    const HttpResult page = m_sandbox->send("GET", authorizePath(fields));
    QVERIFY(!page.body.contains(formEncode({{QStringLiteral("s"), state}}).mid(2)));

    const HttpResult decision = m_sandbox->send(
        "POST", QStringLiteral("/oauth/authorize/decision"),
        formEncode({{QStringLiteral("request_id"), pendingRequestId(page.body)},
                    {QStringLiteral("decision"), QStringLiteral("allow")}}),
        formHeaders());

    QCOMPARE(decision.status, 302);
    const QByteArray location = decision.header("Location");
    QVERIFY2(location.startsWith(RedirectUri.toLatin1() + "?code="), location.constData());
    QVERIFY(location.contains("&state=st%2Ba%2Fte%3D%20%26x"));

    const QUrlQuery query(QUrl(QString::fromLatin1(location)));
    QCOMPARE(query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), state);
    QVERIFY(!query.queryItemValue(QStringLiteral("code")).isEmpty());
}

void tst_Sandbox::allowWithoutStateSendsNoState()
{
    const QUrlQuery query = approve(authorizeFields());

    QVERIFY(query.hasQueryItem(QStringLiteral("code")));
    QVERIFY(!query.hasQueryItem(QStringLiteral("state")));
}

void tst_Sandbox::denySendsNothingToRedirectUri()
{
    QList<QPair<QString, QString>> fields = authorizeFields();
    fields.append({QStringLiteral("state"), QStringLiteral("abc")});
    const HttpResult page = m_sandbox->send("GET", authorizePath(fields));

    const HttpResult decision = m_sandbox->send(
        "POST", QStringLiteral("/oauth/authorize/decision"),
        formEncode({{QStringLiteral("request_id"), pendingRequestId(page.body)},
                    {QStringLiteral("decision"), QStringLiteral("deny")}}),
        formHeaders());

    QCOMPARE(decision.status, 200);
    QVERIFY(decision.header("Location").isEmpty());
    QVERIFY(decision.body.contains("You declined to connect Breezee Integrations Console. You can close this tab."));
    QVERIFY(!decision.body.contains("code="));
    QCOMPARE(m_sandbox->state().value(QStringLiteral("counters")).toObject()
                 .value(QStringLiteral("auth")).toObject().value(QStringLiteral("codesIssued")).toInt(), 0);
}

void tst_Sandbox::decisionIsSingleUse()
{
    const HttpResult page = m_sandbox->send("GET", authorizePath(authorizeFields()));
    const QByteArray form = formEncode({{QStringLiteral("request_id"), pendingRequestId(page.body)},
                                        {QStringLiteral("decision"), QStringLiteral("allow")}});

    const HttpResult first = m_sandbox->send("POST", QStringLiteral("/oauth/authorize/decision"), form, formHeaders());
    const HttpResult second = m_sandbox->send("POST", QStringLiteral("/oauth/authorize/decision"), form, formHeaders());

    QCOMPARE(first.status, 302);
    QCOMPARE(second.status, 400);
    QVERIFY(second.header("Location").isEmpty());
    QVERIFY(second.body.contains("expired or was already answered"));
}

void tst_Sandbox::authorizeRejectsBadRequests_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("redirectUri");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("expectedText");

    const QString mismatch = QStringLiteral("doesn't match the app's registered redirect URL");
    QTest::newRow("redirect wrong port") << ClientId << QStringLiteral("http://localhost:53999/callback")
                                         << AllScopes << mismatch;
    QTest::newRow("redirect 127.0.0.1") << ClientId << QStringLiteral("http://127.0.0.1:53682/callback")
                                        << AllScopes << mismatch;
    QTest::newRow("redirect other path") << ClientId << QStringLiteral("http://localhost:53682/")
                                         << AllScopes << mismatch;
    QTest::newRow("redirect missing") << ClientId << QString() << AllScopes << mismatch;
    QTest::newRow("unknown client") << QStringLiteral("someone-else") << RedirectUri << AllScopes
                                    << QStringLiteral("client_id");
    QTest::newRow("scope without oauth") << ClientId << RedirectUri << QStringLiteral("crm.objects.contacts.read")
                                         << QStringLiteral("oauth");
    QTest::newRow("scope missing") << ClientId << RedirectUri << QString() << QStringLiteral("oauth");
    QTest::newRow("unknown scope") << ClientId << RedirectUri << QStringLiteral("oauth tickets")
                                   << QStringLiteral("tickets");
}

void tst_Sandbox::authorizeRejectsBadRequests()
{
    QFETCH(QString, clientId);
    QFETCH(QString, redirectUri);
    QFETCH(QString, scope);
    QFETCH(QString, expectedText);

    const HttpResult page = m_sandbox->send("GET", authorizePath({{QStringLiteral("client_id"), clientId},
                                                                  {QStringLiteral("redirect_uri"), redirectUri},
                                                                  {QStringLiteral("scope"), scope},
                                                                  {QStringLiteral("state"), QStringLiteral("s1")}}));

    QCOMPARE(page.status, 400);
    QVERIFY(page.header("Location").isEmpty());
    QVERIFY(page.body.contains("Authorization failed"));
    QVERIFY2(QString::fromUtf8(page.body).contains(expectedText), page.body.constData());
}

void tst_Sandbox::autoApproveRedirectsAtOnce()
{
    QVERIFY(m_sandbox->start({QStringLiteral("--auto-approve")}));
    QList<QPair<QString, QString>> fields = authorizeFields();
    fields.append({QStringLiteral("state"), QStringLiteral("xyz")});

    const HttpResult result = m_sandbox->send("GET", authorizePath(fields));
    const QUrlQuery query = locationQuery(result);

    QCOMPARE(result.status, 302);
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("xyz"));
    QCOMPARE(exchangeCode(query.queryItemValue(QStringLiteral("code"))).status, 200);

    const HttpResult bad = m_sandbox->send("GET", authorizePath(authorizeFields(AllScopes,
                                                                 QStringLiteral("http://localhost:1/callback"))));
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.header("Location").isEmpty());
}

// --- Token endpoint ---

void tst_Sandbox::codeExchangeIssuesTokens()
{
    const QUrlQuery query = approve(authorizeFields());
    const HttpResult result = exchangeCode(query.queryItemValue(QStringLiteral("code")));
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 200);
    QCOMPARE(body.value(QStringLiteral("token_type")).toString(), QStringLiteral("bearer"));
    QCOMPARE(body.value(QStringLiteral("token_use")).toString(), QStringLiteral("access_token"));
    QCOMPARE(body.value(QStringLiteral("expires_in")).toInt(), 1800);
    QCOMPARE(body.value(QStringLiteral("hub_id")).toInteger(), 24680135);
    QVERIFY(body.value(QStringLiteral("user_id")).toInteger() > 0);
    QCOMPARE(body.value(QStringLiteral("scopes")).toVariant().toStringList(), AllScopes.split(QLatin1Char(' ')));

    static const QRegularExpression accessPattern(QStringLiteral("^[A-Za-z0-9-]{32,}$"));
    static const QRegularExpression uuidPattern(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    QVERIFY(accessPattern.match(body.value(QStringLiteral("access_token")).toString()).hasMatch());
    QVERIFY(uuidPattern.match(body.value(QStringLiteral("refresh_token")).toString()).hasMatch());
    QCOMPARE(result.header("Cache-Control"), QByteArray("no-store"));
}

void tst_Sandbox::codeReuseIsRejected()
{
    const QString code = approve(authorizeFields()).queryItemValue(QStringLiteral("code"));

    QCOMPARE(exchangeCode(code).status, 200);
    const HttpResult second = exchangeCode(code);

    QCOMPARE(second.status, 400);
    QCOMPARE(second.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(second.json().value(QStringLiteral("status")).toString(), QStringLiteral("BAD_AUTH_CODE"));
}

void tst_Sandbox::expiredCodeIsRejected()
{
    const QString code = approve(authorizeFields()).queryItemValue(QStringLiteral("code"));
    const HttpResult advanced = m_sandbox->send("POST", QStringLiteral("/_sandbox/clock/advance"),
                                                toJson({{QStringLiteral("seconds"), 301}}));
    QCOMPARE(advanced.status, 200);

    const HttpResult result = exchangeCode(code);

    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("EXPIRED_AUTH_CODE"));
}

void tst_Sandbox::tokenEndpointErrors_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("status");

    QTest::newRow("wrong secret") << QStringLiteral("client_secret") << QStringLiteral("nope")
                                  << QStringLiteral("invalid_client") << QStringLiteral("BAD_CLIENT_ID");
    QTest::newRow("unknown client") << QStringLiteral("client_id") << QStringLiteral("other-app")
                                    << QStringLiteral("invalid_client") << QStringLiteral("BAD_CLIENT_ID");
    QTest::newRow("redirect mismatch") << QStringLiteral("redirect_uri")
                                       << QStringLiteral("http://localhost:53683/callback")
                                       << QStringLiteral("invalid_grant") << QStringLiteral("BAD_REDIRECT_URI");
    QTest::newRow("unknown code") << QStringLiteral("code") << QStringLiteral("not-a-code")
                                  << QStringLiteral("invalid_grant") << QStringLiteral("BAD_AUTH_CODE");
    QTest::newRow("unknown grant") << QStringLiteral("grant_type") << QStringLiteral("password")
                                   << QStringLiteral("unsupported_grant_type") << QStringLiteral("BAD_GRANT_TYPE");
}

void tst_Sandbox::tokenEndpointErrors()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, error);
    QFETCH(QString, status);
    const QString code = approve(authorizeFields()).queryItemValue(QStringLiteral("code"));

    const HttpResult result = exchangeCode(code, {{field, value}});
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 400);
    QCOMPARE(body.value(QStringLiteral("error")).toString(), error);
    QCOMPARE(body.value(QStringLiteral("status")).toString(), status);
    QVERIFY(!body.value(QStringLiteral("error_description")).toString().isEmpty());
    QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(exchangeCode(code).status, 200);
}

void tst_Sandbox::pkceVerifierChecked_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("challenge");
    QTest::addColumn<QString>("verifier");
    QTest::addColumn<int>("expectedStatus");

    const QString challenge = s256Challenge(Verifier);
    const QString otherVerifier = QString(Verifier).replace(0, 1, QStringLiteral("X"));
    QTest::newRow("S256 right") << QStringLiteral("S256") << challenge << Verifier << 200;
    QTest::newRow("S256 wrong") << QStringLiteral("S256") << challenge << otherVerifier << 400;
    QTest::newRow("S256 missing") << QStringLiteral("S256") << challenge << QString() << 400;
    QTest::newRow("plain right") << QStringLiteral("plain") << Verifier << Verifier << 200;
    QTest::newRow("plain wrong") << QStringLiteral("plain") << Verifier << otherVerifier << 400;
}

void tst_Sandbox::pkceVerifierChecked()
{
    QFETCH(QString, method);
    QFETCH(QString, challenge);
    QFETCH(QString, verifier);
    QFETCH(int, expectedStatus);

    QList<QPair<QString, QString>> fields = authorizeFields();
    fields.append({QStringLiteral("code_challenge"), challenge});
    fields.append({QStringLiteral("code_challenge_method"), method});
    const QString code = approve(fields).queryItemValue(QStringLiteral("code"));
    QVERIFY(!code.isEmpty());

    QList<QPair<QString, QString>> extra;
    if (!verifier.isEmpty())
        extra.append({QStringLiteral("code_verifier"), verifier});
    const HttpResult result = exchangeCode(code, extra);

    QCOMPARE(result.status, expectedStatus);
    if (expectedStatus == 400) {
        QCOMPARE(result.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("BAD_CODE_VERIFIER"));
    }
}

void tst_Sandbox::tokenPathsAllVersions_data()
{
    QTest::addColumn<QString>("version");

    QTest::newRow("v1") << QStringLiteral("v1");
    QTest::newRow("v3") << QStringLiteral("v3");
    QTest::newRow("2026-03") << QStringLiteral("2026-03");
}

void tst_Sandbox::tokenPathsAllVersions()
{
    QFETCH(QString, version);
    const QString code = approve(authorizeFields()).queryItemValue(QStringLiteral("code"));

    const HttpResult exchange = exchangeCode(code, {}, QStringLiteral("/oauth/%1/token").arg(version));
    QCOMPARE(exchange.status, 200);

    const HttpResult json = m_sandbox->send("POST", QStringLiteral("/oauth/%1/token").arg(version),
                                            toJson({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")}}));
    QCOMPARE(json.status, 400);
    QCOMPARE(json.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_request"));
}

void tst_Sandbox::refreshKeepsRefreshToken()
{
    const QJsonObject first = connectWithScopes();
    const QString refreshToken = first.value(QStringLiteral("refresh_token")).toString();

    const HttpResult result = postForm(QStringLiteral("/oauth/v3/token"),
                                       {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                        {QStringLiteral("client_id"), ClientId},
                                        {QStringLiteral("client_secret"), ClientSecret},
                                        {QStringLiteral("refresh_token"), refreshToken}});
    const QJsonObject second = result.json();

    QCOMPARE(result.status, 200);
    QCOMPARE(second.value(QStringLiteral("refresh_token")).toString(), refreshToken);
    QVERIFY(second.value(QStringLiteral("access_token")).toString()
            != first.value(QStringLiteral("access_token")).toString());
    QCOMPARE(second.value(QStringLiteral("expires_in")).toInt(), 1800);
    QCOMPARE(second.value(QStringLiteral("scopes")), first.value(QStringLiteral("scopes")));

    const HttpResult wrongSecret = postForm(QStringLiteral("/oauth/v3/token"),
                                            {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                             {QStringLiteral("client_id"), ClientId},
                                             {QStringLiteral("client_secret"), QStringLiteral("nope")},
                                             {QStringLiteral("refresh_token"), refreshToken}});
    QCOMPARE(wrongSecret.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_client"));
}

void tst_Sandbox::introspectActiveAndInactive()
{
    QVERIFY(m_sandbox->start({QStringLiteral("--access-token-lifetime"), QStringLiteral("60")}));
    const QJsonObject tokens = connectWithScopes();
    const auto introspect = [this](const QString &token, const QString &hint = {}) {
        return postForm(QStringLiteral("/oauth/2026-03/token/introspect"),
                        {{QStringLiteral("client_id"), ClientId},
                         {QStringLiteral("client_secret"), ClientSecret},
                         {QStringLiteral("token"), token},
                         {QStringLiteral("token_type_hint"), hint}});
    };

    const HttpResult access = introspect(tokens.value(QStringLiteral("access_token")).toString(),
                                         QStringLiteral("access_token"));
    const QJsonObject accessBody = access.json();
    QCOMPARE(access.status, 200);
    QCOMPARE(accessBody.value(QStringLiteral("active")).toBool(), true);
    QCOMPARE(accessBody.value(QStringLiteral("token_use")).toString(), QStringLiteral("access_token"));
    QCOMPARE(accessBody.value(QStringLiteral("hub_id")).toInteger(), 24680135);
    QCOMPARE(accessBody.value(QStringLiteral("hub_domain")).toString(), QStringLiteral("breezee-demo.sandbox.hubspot.test"));
    QCOMPARE(accessBody.value(QStringLiteral("user")).toString(), QStringLiteral("admin@breezee.example"));
    QCOMPARE(accessBody.value(QStringLiteral("client_id")).toString(), ClientId);
    QVERIFY(accessBody.contains(QStringLiteral("app_id")));
    QVERIFY(accessBody.contains(QStringLiteral("user_id")));
    QVERIFY(accessBody.contains(QStringLiteral("token_type")));
    QVERIFY(accessBody.value(QStringLiteral("expires_in")).toInt() > 50);
    QVERIFY(accessBody.value(QStringLiteral("expires_in")).toInt() <= 60);
    QCOMPARE(accessBody.value(QStringLiteral("scopes")), tokens.value(QStringLiteral("scopes")));

    const HttpResult refresh = introspect(tokens.value(QStringLiteral("refresh_token")).toString(),
                                          QStringLiteral("refresh_token"));
    QCOMPARE(refresh.json().value(QStringLiteral("active")).toBool(), true);
    QCOMPARE(refresh.json().value(QStringLiteral("token_use")).toString(), QStringLiteral("refresh_token"));

    const HttpResult unknown = introspect(QStringLiteral("no-such-token"));
    QCOMPARE(unknown.status, 200);
    QCOMPARE(unknown.json(), QJsonObject({{QStringLiteral("active"), false}}));

    m_sandbox->send("POST", QStringLiteral("/_sandbox/clock/advance"), toJson({{QStringLiteral("seconds"), 61}}));
    const HttpResult expired = introspect(tokens.value(QStringLiteral("access_token")).toString());
    QCOMPARE(expired.json(), QJsonObject({{QStringLiteral("active"), false}}));
}

void tst_Sandbox::revokeThenRefreshFails()
{
    const QJsonObject tokens = connectWithScopes();
    const QString refreshToken = tokens.value(QStringLiteral("refresh_token")).toString();
    const QString access = tokens.value(QStringLiteral("access_token")).toString();

    const HttpResult revoke = postForm(QStringLiteral("/oauth/v3/token/revoke"),
                                       {{QStringLiteral("client_id"), ClientId},
                                        {QStringLiteral("client_secret"), ClientSecret},
                                        {QStringLiteral("token"), refreshToken}});
    QCOMPARE(revoke.status, 200);
    QCOMPARE(revoke.json(), QJsonObject());

    const HttpResult refresh = postForm(QStringLiteral("/oauth/v3/token"),
                                        {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                         {QStringLiteral("client_id"), ClientId},
                                         {QStringLiteral("client_secret"), ClientSecret},
                                         {QStringLiteral("refresh_token"), refreshToken}});
    const QJsonObject body = refresh.json();
    QCOMPARE(refresh.status, 400);
    QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(body.value(QStringLiteral("error_description")).toString(),
             QStringLiteral("refresh token is invalid, expired or revoked"));
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("BAD_REFRESH_TOKEN"));
    QVERIFY(body.contains(QStringLiteral("message")));

    // Revoking the refresh token leaves issued access tokens alive until
    // they expire, as HubSpot's legacy revoke does.
    const HttpResult crm = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(access));
    QCOMPARE(crm.status, 200);
}

// --- CRM authentication, scopes and limits ---

void tst_Sandbox::crmRejectsMissingOrUnknownToken_data()
{
    QTest::addColumn<QByteArray>("authorization");

    QTest::newRow("no header") << QByteArray();
    QTest::newRow("unknown token") << QByteArray("Bearer abcdefabcdefabcdefabcdefabcdefabcdef");
    QTest::newRow("basic scheme") << QByteArray("Basic dXNlcjpwYXNz");
}

void tst_Sandbox::crmRejectsMissingOrUnknownToken()
{
    QFETCH(QByteArray, authorization);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append(qMakePair(QByteArray("Authorization"), authorization));

    const HttpResult result = m_sandbox->send("POST", QStringLiteral("/crm/v3/objects/contacts/batch/read"),
                                              toJson(inputsBody({})), headers);
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 401);
    QCOMPARE(result.header("x-hubspot-auth-failure"), QByteArray("401 Unauthorized"));
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("INVALID_AUTHENTICATION"));
    QVERIFY(body.value(QStringLiteral("message")).toString().startsWith(QStringLiteral("Authentication credentials not found.")));
    QCOMPARE(body.value(QStringLiteral("correlationId")).toString().size(), 36);
    QCOMPARE(result.header("X-HubSpot-RateLimit-Max"), QByteArray("110"));
}

void tst_Sandbox::crmRejectsExpiredToken()
{
    const QString token = accessToken();
    m_sandbox->send("POST", QStringLiteral("/_sandbox/clock/advance"), toJson({{QStringLiteral("seconds"), 1805}}));

    const HttpResult result = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(token));
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 401);
    QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("EXPIRED_AUTHENTICATION"));
    static const QRegularExpression message(
        QStringLiteral("^The OAuth token used to make this call expired ([0-9]+) second\\(s\\) ago\\.$"));
    const QRegularExpressionMatch match = message.match(body.value(QStringLiteral("message")).toString());
    QVERIFY2(match.hasMatch(), qPrintable(body.value(QStringLiteral("message")).toString()));
    QVERIFY(match.captured(1).toInt() >= 4);
    QVERIFY(match.captured(1).toInt() <= 10);
    QCOMPARE(result.header("x-hubspot-auth-failure"), QByteArray("401 Unauthorized"));
}

void tst_Sandbox::crmRejectsMissingScope()
{
    const QString token = connectWithScopes(QStringLiteral("oauth crm.objects.contacts.read"))
                              .value(QStringLiteral("access_token")).toString();

    const HttpResult read = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/read"), inputsBody({}), token);
    QCOMPARE(read.status, 200);

    const HttpResult write = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), inputsBody({}), token);
    const QJsonObject body = write.json();
    QCOMPARE(write.status, 403);
    QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("MISSING_SCOPES"));
    QCOMPARE(body.value(QStringLiteral("context")).toObject().value(QStringLiteral("missingScopes")).toArray(),
             QJsonArray{QStringLiteral("crm.objects.contacts.write")});
    QVERIFY(body.value(QStringLiteral("message")).toString().contains(QStringLiteral("crm.objects.contacts.write")));

    const HttpResult property = postJson(QStringLiteral("/crm/v3/properties/contacts"),
                                         {{QStringLiteral("name"), QStringLiteral("x")}}, token);
    QCOMPARE(property.status, 403);
    QCOMPARE(property.json().value(QStringLiteral("context")).toObject().value(QStringLiteral("missingScopes")).toArray(),
             QJsonArray{QStringLiteral("crm.schemas.contacts.write")});
}

void tst_Sandbox::rateLimitAnswers429()
{
    QVERIFY(m_sandbox->start({QStringLiteral("--rate-limit"), QStringLiteral("3"),
                              QStringLiteral("--rate-window-ms"), QStringLiteral("1500")}));
    const QString token = accessToken();

    QList<int> remaining;
    for (int i = 0; i < 3; ++i) {
        const HttpResult ok = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(token));
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.header("X-HubSpot-RateLimit-Max"), QByteArray("3"));
        QCOMPARE(ok.header("X-HubSpot-RateLimit-Interval-Milliseconds"), QByteArray("1500"));
        remaining.append(ok.header("X-HubSpot-RateLimit-Remaining").toInt());
    }
    QCOMPARE(remaining, QList<int>({2, 1, 0}));

    const HttpResult limited = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(token));
    const QJsonObject body = limited.json();
    QCOMPARE(limited.status, 429);
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(body.value(QStringLiteral("message")).toString(),
             QStringLiteral("You have reached your ten_secondly_rolling limit."));
    QCOMPARE(body.value(QStringLiteral("errorType")).toString(), QStringLiteral("RATE_LIMIT"));
    QCOMPARE(body.value(QStringLiteral("policyName")).toString(), QStringLiteral("TEN_SECONDLY_ROLLING"));
    QVERIFY(!body.value(QStringLiteral("requestId")).toString().isEmpty());
    QVERIFY(!body.value(QStringLiteral("correlationId")).toString().isEmpty());
    QCOMPARE(limited.header("X-HubSpot-RateLimit-Remaining"), QByteArray("0"));

    const QJsonObject counters = m_sandbox->state().value(QStringLiteral("counters")).toObject();
    QCOMPARE(counters.value(QStringLiteral("rateLimited")).toInt(), 1);

    // A plain loop, because QTRY_COMPARE sends one more request after the
    // first 200, and that one gets 429 when the earlier requests were far
    // apart and have not all left the window yet.
    const QDeadlineTimer deadline(5000);
    int status = 0;
    while (status != 200 && !deadline.hasExpired()) {
        status = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(token)).status;
        if (status != 200)
            QTest::qWait(50);
    }
    QCOMPARE(status, 200);
}

// --- Contacts ---

void tst_Sandbox::batchReadByEmail()
{
    const QString ada = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("Ada@Example.com")},
                                                {QStringLiteral("firstname"), QStringLiteral("Ada")},
                                                {QStringLiteral("hs_additional_emails"),
                                                 QStringLiteral("ada.l@example.org;countess@example.net")}});
    QVERIFY(!ada.isEmpty());

    const QJsonObject request{
        {QStringLiteral("idProperty"), QStringLiteral("email")},
        {QStringLiteral("properties"), QJsonArray{QStringLiteral("email"), QStringLiteral("firstname"),
                                                  QStringLiteral("phone")}},
        {QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("ada@example.com")}},
                                              QJsonObject{{QStringLiteral("id"), QStringLiteral("COUNTESS@example.net")}},
                                              QJsonObject{{QStringLiteral("id"), QStringLiteral("ben@example.com")}}}},
    };
    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/read"), request, accessToken());
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 207);
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETE"));
    QVERIFY(body.contains(QStringLiteral("startedAt")));
    QVERIFY(body.contains(QStringLiteral("completedAt")));

    const QJsonArray results = body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    const QJsonObject contact = results.first().toObject();
    QCOMPARE(contact.value(QStringLiteral("id")).toString(), ada);
    QCOMPARE(contact.value(QStringLiteral("archived")).toBool(), false);
    const QJsonObject properties = contact.value(QStringLiteral("properties")).toObject();
    QCOMPARE(properties.value(QStringLiteral("email")).toString(), QStringLiteral("Ada@Example.com"));
    QCOMPARE(properties.value(QStringLiteral("firstname")).toString(), QStringLiteral("Ada"));
    QVERIFY(properties.value(QStringLiteral("phone")).isNull());
    QCOMPARE(properties.value(QStringLiteral("hs_object_id")).toString(), ada);
    QVERIFY(properties.contains(QStringLiteral("createdate")));
    QVERIFY(properties.contains(QStringLiteral("lastmodifieddate")));

    QCOMPARE(body.value(QStringLiteral("numErrors")).toInt(), 1);
    const QJsonObject error = body.value(QStringLiteral("errors")).toArray().first().toObject();
    QCOMPARE(error.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_NOT_FOUND"));
    QCOMPARE(error.value(QStringLiteral("context")).toObject().value(QStringLiteral("ids")).toArray(),
             QJsonArray{QStringLiteral("ben@example.com")});

    const QJsonObject onlyAdditional{
        {QStringLiteral("idProperty"), QStringLiteral("email")},
        {QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("ada.l@example.org")}}}},
    };
    const HttpResult additional = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/read"), onlyAdditional,
                                           accessToken());
    QCOMPARE(additional.status, 200);
    QCOMPARE(additional.json().value(QStringLiteral("results")).toArray().first().toObject()
                 .value(QStringLiteral("id")).toString(), ada);
}

void tst_Sandbox::batchReadByIdReturnsNullsAndDefaults()
{
    const QString id = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("cleo@example.com")}});

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/read"),
                                       inputsBody({QJsonObject{{QStringLiteral("id"), id}}}), accessToken());
    const QJsonObject properties = result.json().value(QStringLiteral("results")).toArray().first().toObject()
                                       .value(QStringLiteral("properties")).toObject();

    QCOMPARE(result.status, 200);
    QVERIFY(!result.json().contains(QStringLiteral("errors")));
    QCOMPARE(properties.value(QStringLiteral("email")).toString(), QStringLiteral("cleo@example.com"));
    QVERIFY(properties.contains(QStringLiteral("firstname")));
    QVERIFY(properties.value(QStringLiteral("firstname")).isNull());
    QVERIFY(properties.contains(QStringLiteral("lastname")));
}

void tst_Sandbox::batchReadRejectsOver100Inputs()
{
    QJsonArray inputs;
    for (int i = 0; i < 101; ++i)
        inputs.append(QJsonObject{{QStringLiteral("id"), QString::number(1000 + i)}});

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/read"), inputsBody(inputs),
                                       accessToken());

    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("category")).toString(), QStringLiteral("VALIDATION_ERROR"));
}

void tst_Sandbox::batchCreateReturns201()
{
    const QJsonArray inputs{contactInput({{QStringLiteral("email"), QStringLiteral("ada@example.com")},
                                          {QStringLiteral("firstname"), QStringLiteral("Ada")}}),
                            contactInput({{QStringLiteral("email"), QStringLiteral("ben@example.com")},
                                          {QStringLiteral("phone"), QStringLiteral("+44 20 7946 0000")}})};

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), inputsBody(inputs),
                                       accessToken());
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 201);
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETE"));
    const QJsonArray results = body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 2);
    const QJsonObject first = results.first().toObject();
    QVERIFY(!first.value(QStringLiteral("id")).toString().isEmpty());
    QCOMPARE(first.value(QStringLiteral("properties")).toObject().value(QStringLiteral("firstname")).toString(),
             QStringLiteral("Ada"));
    QCOMPARE(first.value(QStringLiteral("properties")).toObject().value(QStringLiteral("hs_object_id")).toString(),
             first.value(QStringLiteral("id")).toString());

    const QJsonObject state = m_sandbox->state();
    QCOMPARE(state.value(QStringLiteral("contacts")).toArray().size(), 2);
    const QJsonObject stored = findContact(state, first.value(QStringLiteral("id")).toString());
    QCOMPARE(stored.value(QStringLiteral("propertyWriteCounts")).toObject().value(QStringLiteral("firstname")).toInt(), 1);
}

void tst_Sandbox::batchCreateConflictWithoutTraceIds()
{
    const QString existing = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ben@example.com")}});
    const QJsonArray inputs{contactInput({{QStringLiteral("email"), QStringLiteral("new@example.com")}}),
                            contactInput({{QStringLiteral("email"), QStringLiteral("BEN@example.com")}})};

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), inputsBody(inputs),
                                       accessToken());
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 409);
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("CONFLICT"));
    QCOMPARE(body.value(QStringLiteral("message")).toString(),
             QStringLiteral("Contact already exists. Existing ID: %1").arg(existing));
    QVERIFY(!body.value(QStringLiteral("correlationId")).toString().isEmpty());
    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 1);

    const QString withAdditional = m_sandbox->seedContact(
        {{QStringLiteral("email"), QStringLiteral("cleo@example.com")},
         {QStringLiteral("hs_additional_emails"), QStringLiteral("cleo@old.example")}});
    const HttpResult additional = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"),
                                           inputsBody({contactInput({{QStringLiteral("email"),
                                                                      QStringLiteral("Cleo@Old.example")}})}),
                                           accessToken());
    QCOMPARE(additional.status, 409);
    QCOMPARE(additional.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Contact already exists. Existing ID: %1").arg(withAdditional));
}

void tst_Sandbox::batchCreateDuplicateInBatch()
{
    const QJsonArray inputs{contactInput({{QStringLiteral("email"), QStringLiteral("dup@example.com")}}),
                            contactInput({{QStringLiteral("email"), QStringLiteral("Dup@example.com")}})};

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), inputsBody(inputs),
                                       accessToken());

    QCOMPARE(result.status, 409);
    QCOMPARE(result.json().value(QStringLiteral("category")).toString(), QStringLiteral("CONFLICT"));
    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 0);
}

void tst_Sandbox::batchCreatePartialWithTraceIds()
{
    const QString existing = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ben@example.com")}});
    const QJsonArray inputs{
        contactInput({{QStringLiteral("email"), QStringLiteral("ada@example.com")}}, QStringLiteral("t-ada")),
        contactInput({{QStringLiteral("email"), QStringLiteral("ben@example.com")}}, QStringLiteral("t-ben")),
        contactInput({{QStringLiteral("email"), QStringLiteral("ADA@example.com")}}, QStringLiteral("t-ada2")),
    };

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), inputsBody(inputs),
                                       accessToken());
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 207);
    const QJsonArray results = body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    const QString adaId = results.first().toObject().value(QStringLiteral("id")).toString();
    QCOMPARE(results.first().toObject().value(QStringLiteral("objectWriteTraceId")).toString(), QStringLiteral("t-ada"));

    QCOMPARE(body.value(QStringLiteral("numErrors")).toInt(), 2);
    const QJsonArray errors = body.value(QStringLiteral("errors")).toArray();
    const QJsonObject benError = errors.at(0).toObject();
    QCOMPARE(benError.value(QStringLiteral("category")).toString(), QStringLiteral("CONFLICT"));
    QCOMPARE(benError.value(QStringLiteral("message")).toString(),
             QStringLiteral("Contact already exists. Existing ID: %1").arg(existing));
    QCOMPARE(benError.value(QStringLiteral("context")).toObject().value(QStringLiteral("objectWriteTraceId")).toArray(),
             QJsonArray{QStringLiteral("t-ben")});
    const QJsonObject dupError = errors.at(1).toObject();
    QCOMPARE(dupError.value(QStringLiteral("message")).toString(),
             QStringLiteral("Contact already exists. Existing ID: %1").arg(adaId));
    QCOMPARE(dupError.value(QStringLiteral("context")).toObject().value(QStringLiteral("objectWriteTraceId")).toArray(),
             QJsonArray{QStringLiteral("t-ada2")});

    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 2);
}

void tst_Sandbox::batchCreateRejectsInvalidValues_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("code");

    QTest::newRow("invalid email") << QStringLiteral("email") << QStringLiteral("ben.sample@@example.com")
                                   << QStringLiteral("INVALID_EMAIL");
    QTest::newRow("email without domain") << QStringLiteral("email") << QStringLiteral("ben@")
                                          << QStringLiteral("INVALID_EMAIL");
    QTest::newRow("unknown property") << QStringLiteral("favourite_colour") << QStringLiteral("teal")
                                      << QStringLiteral("PROPERTY_DOESNT_EXIST");
    QTest::newRow("read-only createdate") << QStringLiteral("createdate") << QStringLiteral("1700000000000")
                                          << QStringLiteral("READ_ONLY_VALUE");
    QTest::newRow("read-only hs_object_id") << QStringLiteral("hs_object_id") << QStringLiteral("5")
                                            << QStringLiteral("READ_ONLY_VALUE");
    QTest::newRow("unknown option") << QStringLiteral("lifecyclestage") << QStringLiteral("friend")
                                    << QStringLiteral("INVALID_OPTION");
}

void tst_Sandbox::batchCreateRejectsInvalidValues()
{
    QFETCH(QString, property);
    QFETCH(QString, value);
    QFETCH(QString, code);
    const QJsonArray inputs{contactInput({{QStringLiteral("email"), QStringLiteral("ok@example.com")}}),
                            contactInput({{QStringLiteral("email"), QStringLiteral("ok2@example.com")},
                                          {property, value}}, QStringLiteral("t2"))};

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), inputsBody(inputs),
                                       accessToken());
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 400);
    QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("VALIDATION_ERROR"));
    const QJsonObject detail = body.value(QStringLiteral("errors")).toArray().first().toObject();
    QCOMPARE(detail.value(QStringLiteral("code")).toString(), code);
    QCOMPARE(detail.value(QStringLiteral("context")).toObject().value(QStringLiteral("propertyName")).toArray(),
             QJsonArray{property});
    QVERIFY(body.value(QStringLiteral("message")).toString().contains(property));
    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 0);
}

void tst_Sandbox::batchUpdateWritesAndClears()
{
    const QString id = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ada@example.com")},
                                               {QStringLiteral("jobtitle"), QStringLiteral("CTO")},
                                               {QStringLiteral("city"), QStringLiteral("London")}});
    const QJsonArray inputs{QJsonObject{{QStringLiteral("id"), id},
                                        {QStringLiteral("properties"),
                                         QJsonObject{{QStringLiteral("phone"), QStringLiteral("+44 20 7946 0000")},
                                                     {QStringLiteral("city"), QString()}}}}};

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/update"), inputsBody(inputs),
                                       accessToken());
    const QJsonObject updated = result.json().value(QStringLiteral("results")).toArray().first().toObject();

    QCOMPARE(result.status, 200);
    QCOMPARE(updated.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(updated.value(QStringLiteral("properties")).toObject().value(QStringLiteral("phone")).toString(),
             QStringLiteral("+44 20 7946 0000"));

    const QJsonObject stored = findContact(m_sandbox->state(), id);
    const QJsonObject properties = stored.value(QStringLiteral("properties")).toObject();
    QCOMPARE(properties.value(QStringLiteral("jobtitle")).toString(), QStringLiteral("CTO"));
    QVERIFY(!properties.contains(QStringLiteral("city")));
    const QJsonObject counts = stored.value(QStringLiteral("propertyWriteCounts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("phone")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("city")).toInt(), 2);
    QCOMPARE(counts.value(QStringLiteral("jobtitle")).toInt(), 1);
}

void tst_Sandbox::batchUpdateReportsMissingIds()
{
    const QString id = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ada@example.com")}});
    const QJsonArray inputs{
        QJsonObject{{QStringLiteral("id"), id},
                    {QStringLiteral("properties"), QJsonObject{{QStringLiteral("firstname"), QStringLiteral("Ada")}}}},
        QJsonObject{{QStringLiteral("id"), QStringLiteral("999999")},
                    {QStringLiteral("properties"), QJsonObject{{QStringLiteral("firstname"), QStringLiteral("Cleo")}}}},
    };

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/update"), inputsBody(inputs),
                                       accessToken());
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 207);
    QCOMPARE(body.value(QStringLiteral("results")).toArray().size(), 1);
    const QJsonObject error = body.value(QStringLiteral("errors")).toArray().first().toObject();
    QCOMPARE(error.value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_NOT_FOUND"));
    QCOMPARE(error.value(QStringLiteral("context")).toObject().value(QStringLiteral("ids")).toArray(),
             QJsonArray{QStringLiteral("999999")});

    const QJsonArray duplicate{inputs.at(0), inputs.at(0)};
    QCOMPARE(postJson(QStringLiteral("/crm/v3/objects/contacts/batch/update"), inputsBody(duplicate),
                      accessToken()).status, 400);
}

void tst_Sandbox::batchUpdateRejectsEmailIdProperty()
{
    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ada@example.com")}});
    QJsonObject body = inputsBody({QJsonObject{{QStringLiteral("id"), QStringLiteral("ada@example.com")},
                                               {QStringLiteral("properties"),
                                                QJsonObject{{QStringLiteral("firstname"), QStringLiteral("Ada")}}}}});
    body.insert(QStringLiteral("idProperty"), QStringLiteral("email"));

    const HttpResult result = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/update"), body, accessToken());

    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Unable to perform update/upsert by non-unique 0-1 property"));
}

void tst_Sandbox::singleContactEndpoints()
{
    const QString token = accessToken();
    const QJsonObject createBody{
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("email"), QStringLiteral("ada@example.com")},
                                                   {QStringLiteral("firstname"), QStringLiteral("Ada")}}},
        {QStringLiteral("associations"), QJsonArray()},
    };

    const HttpResult created = postJson(QStringLiteral("/crm/v3/objects/contacts"), createBody, token);
    QCOMPARE(created.status, 201);
    const QString id = created.json().value(QStringLiteral("id")).toString();

    const HttpResult again = postJson(QStringLiteral("/crm/v3/objects/contacts"), createBody, token);
    QCOMPARE(again.status, 409);
    QCOMPARE(again.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Contact already exists. Existing ID: %1").arg(id));

    const HttpResult byId = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts/%1?properties=firstname,phone").arg(id),
                                            {}, bearer(token));
    QCOMPARE(byId.status, 200);
    QCOMPARE(byId.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("firstname")).toString(),
             QStringLiteral("Ada"));
    QVERIFY(byId.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("phone")).isNull());

    const HttpResult byEmail = m_sandbox->send(
        "GET", QStringLiteral("/crm/v3/objects/contacts/ADA%40example.com?idProperty=email"), {}, bearer(token));
    QCOMPARE(byEmail.status, 200);
    QCOMPARE(byEmail.json().value(QStringLiteral("id")).toString(), id);

    const HttpResult patched = m_sandbox->send(
        "PATCH", QStringLiteral("/crm/v3/objects/contacts/%1").arg(id),
        toJson({{QStringLiteral("properties"), QJsonObject{{QStringLiteral("jobtitle"), QStringLiteral("Engineer")}}}}),
        bearer(token));
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("jobtitle")).toString(),
             QStringLiteral("Engineer"));

    const HttpResult missing = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts/424242"), {}, bearer(token));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_NOT_FOUND"));
}

void tst_Sandbox::invalidJsonBodyIsValidationError()
{
    const HttpResult result = m_sandbox->send("POST", QStringLiteral("/crm/v3/objects/contacts/batch/create"),
                                              QByteArray("{\"inputs\": [}"), bearer(accessToken()));

    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(result.json().value(QStringLiteral("category")).toString(), QStringLiteral("VALIDATION_ERROR"));
    QVERIFY(!result.json().value(QStringLiteral("correlationId")).toString().isEmpty());
}

// --- Properties ---

void tst_Sandbox::propertiesCreateAndConflict()
{
    const QString token = accessToken();
    const QJsonObject definition{{QStringLiteral("name"), QStringLiteral("breezee_prospect_id")},
                                 {QStringLiteral("label"), QStringLiteral("Breezee prospect ID")},
                                 {QStringLiteral("type"), QStringLiteral("string")},
                                 {QStringLiteral("fieldType"), QStringLiteral("text")},
                                 {QStringLiteral("groupName"), QStringLiteral("contactinformation")}};

    const HttpResult missing = m_sandbox->send("GET", QStringLiteral("/crm/v3/properties/contacts/breezee_prospect_id"),
                                               {}, bearer(token));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_NOT_FOUND"));

    const HttpResult created = postJson(QStringLiteral("/crm/v3/properties/contacts"), definition, token);
    QCOMPARE(created.status, 201);
    QCOMPARE(created.json().value(QStringLiteral("name")).toString(), QStringLiteral("breezee_prospect_id"));

    const HttpResult conflict = postJson(QStringLiteral("/crm/v3/properties/0-1"), definition, token);
    QCOMPARE(conflict.status, 409);
    QCOMPARE(conflict.json().value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_ALREADY_EXISTS"));
    QCOMPARE(conflict.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("Property named 'breezee_prospect_id' already exists."));

    const HttpResult read = m_sandbox->send("GET", QStringLiteral("/crm/v3/properties/0-1/breezee_prospect_id"), {},
                                            bearer(token));
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value(QStringLiteral("fieldType")).toString(), QStringLiteral("text"));

    const HttpResult list = m_sandbox->send("GET", QStringLiteral("/crm/v3/properties/contacts"), {}, bearer(token));
    QStringList names;
    const QJsonArray results = list.json().value(QStringLiteral("results")).toArray();
    for (const QJsonValue &property : results)
        names.append(property.toObject().value(QStringLiteral("name")).toString());
    QVERIFY(names.contains(QStringLiteral("breezee_prospect_id")));
    QVERIFY(names.contains(QStringLiteral("hs_additional_emails")));
    QVERIFY(names.contains(QStringLiteral("lifecyclestage")));

    const HttpResult write = postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"),
                                      inputsBody({contactInput({{QStringLiteral("breezee_prospect_id"),
                                                                 QStringLiteral("p-1")}})}),
                                      token);
    QCOMPARE(write.status, 201);
}

void tst_Sandbox::propertiesRejectInvalidDefinitions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("fieldType");
    QTest::addColumn<QString>("groupName");

    QTest::newRow("uppercase name") << QStringLiteral("Breezee") << QStringLiteral("string")
                                    << QStringLiteral("text") << QStringLiteral("contactinformation");
    QTest::newRow("leading digit") << QStringLiteral("1st") << QStringLiteral("string")
                                   << QStringLiteral("text") << QStringLiteral("contactinformation");
    QTest::newRow("name too long") << QStringLiteral("a").repeated(101) << QStringLiteral("string")
                                   << QStringLiteral("text") << QStringLiteral("contactinformation");
    QTest::newRow("number as text") << QStringLiteral("score") << QStringLiteral("number")
                                    << QStringLiteral("text") << QStringLiteral("contactinformation");
    QTest::newRow("datetime as datetime") << QStringLiteral("seen") << QStringLiteral("datetime")
                                          << QStringLiteral("datetime") << QStringLiteral("contactinformation");
    QTest::newRow("enumeration without options") << QStringLiteral("tier") << QStringLiteral("enumeration")
                                                 << QStringLiteral("select") << QStringLiteral("contactinformation");
    QTest::newRow("missing group") << QStringLiteral("score") << QStringLiteral("number")
                                   << QStringLiteral("number") << QStringLiteral("breezee");
    QTest::newRow("empty type") << QStringLiteral("score") << QString() << QStringLiteral("number")
                                << QStringLiteral("contactinformation");
}

void tst_Sandbox::propertiesRejectInvalidDefinitions()
{
    QFETCH(QString, name);
    QFETCH(QString, type);
    QFETCH(QString, fieldType);
    QFETCH(QString, groupName);

    const HttpResult result = postJson(QStringLiteral("/crm/v3/properties/contacts"),
                                       {{QStringLiteral("name"), name},
                                        {QStringLiteral("label"), QStringLiteral("Label")},
                                        {QStringLiteral("type"), type},
                                        {QStringLiteral("fieldType"), fieldType},
                                        {QStringLiteral("groupName"), groupName}},
                                       accessToken());

    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("category")).toString(), QStringLiteral("VALIDATION_ERROR"));
}

void tst_Sandbox::propertyGroupsCreateAndConflict()
{
    const QString token = accessToken();
    const QJsonObject group{{QStringLiteral("name"), QStringLiteral("breezee")},
                            {QStringLiteral("label"), QStringLiteral("Breezee")}};

    const HttpResult created = postJson(QStringLiteral("/crm/v3/properties/contacts/groups"), group, token);
    QCOMPARE(created.status, 201);

    const HttpResult conflict = postJson(QStringLiteral("/crm/v3/properties/contacts/groups"), group, token);
    QCOMPARE(conflict.status, 409);
    QCOMPARE(conflict.json().value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_ALREADY_EXISTS"));

    const HttpResult list = m_sandbox->send("GET", QStringLiteral("/crm/v3/properties/contacts/groups"), {}, bearer(token));
    QStringList names;
    const QJsonArray results = list.json().value(QStringLiteral("results")).toArray();
    for (const QJsonValue &entry : results)
        names.append(entry.toObject().value(QStringLiteral("name")).toString());
    QCOMPARE(names, QStringList({QStringLiteral("contactinformation"), QStringLiteral("breezee")}));

    const HttpResult property = postJson(QStringLiteral("/crm/v3/properties/contacts"),
                                         {{QStringLiteral("name"), QStringLiteral("breezee_score")},
                                          {QStringLiteral("label"), QStringLiteral("Score")},
                                          {QStringLiteral("type"), QStringLiteral("number")},
                                          {QStringLiteral("fieldType"), QStringLiteral("number")},
                                          {QStringLiteral("groupName"), QStringLiteral("breezee")}},
                                         token);
    QCOMPARE(property.status, 201);
}

void tst_Sandbox::customPropertyValuesValidated()
{
    const QString token = accessToken();
    const auto define = [&](const QString &name, const QString &type, const QString &fieldType) {
        QJsonObject definition{{QStringLiteral("name"), name},
                               {QStringLiteral("label"), name},
                               {QStringLiteral("type"), type},
                               {QStringLiteral("fieldType"), fieldType},
                               {QStringLiteral("groupName"), QStringLiteral("contactinformation")}};
        return postJson(QStringLiteral("/crm/v3/properties/contacts"), definition, token).status;
    };
    QCOMPARE(define(QStringLiteral("breezee_score"), QStringLiteral("number"), QStringLiteral("number")), 201);
    QCOMPARE(define(QStringLiteral("breezee_seen"), QStringLiteral("datetime"), QStringLiteral("date")), 201);

    const auto create = [&](const QJsonObject &properties) {
        return postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), inputsBody({contactInput(properties)}),
                        token);
    };

    const HttpResult notNumber = create({{QStringLiteral("breezee_score"), QStringLiteral("high")}});
    QCOMPARE(notNumber.status, 400);
    QCOMPARE(notNumber.json().value(QStringLiteral("errors")).toArray().first().toObject()
                 .value(QStringLiteral("code")).toString(), QStringLiteral("INVALID_INTEGER"));

    const HttpResult badDecimal = create({{QStringLiteral("breezee_score"), QStringLiteral("1.2.3")}});
    QCOMPARE(badDecimal.json().value(QStringLiteral("errors")).toArray().first().toObject()
                 .value(QStringLiteral("code")).toString(), QStringLiteral("INVALID_DECIMAL"));

    const HttpResult good = create({{QStringLiteral("breezee_score"), QStringLiteral("17.5")},
                                    {QStringLiteral("breezee_seen"), QStringLiteral("1741941000000")}});
    QCOMPARE(good.status, 201);
    QCOMPARE(good.json().value(QStringLiteral("results")).toArray().first().toObject()
                 .value(QStringLiteral("properties")).toObject().value(QStringLiteral("breezee_seen")).toString(),
             QStringLiteral("2025-03-14T08:30:00.000Z"));

    const HttpResult iso = create({{QStringLiteral("breezee_seen"), QStringLiteral("2025-03-14T09:30:00+01:00")}});
    QCOMPARE(iso.status, 201);
    QCOMPARE(iso.json().value(QStringLiteral("results")).toArray().first().toObject()
                 .value(QStringLiteral("properties")).toObject().value(QStringLiteral("breezee_seen")).toString(),
             QStringLiteral("2025-03-14T08:30:00.000Z"));

    const HttpResult badDate = create({{QStringLiteral("breezee_seen"), QStringLiteral("yesterday")}});
    QCOMPARE(badDate.status, 400);
}

// --- Test-support endpoints and state ---

void tst_Sandbox::stateDumpCountsWithoutSecrets()
{
    const QJsonObject tokens = connectWithScopes();
    const QByteArray dump = m_sandbox->send("GET", QStringLiteral("/_sandbox/state")).body;

    QVERIFY(!dump.contains(tokens.value(QStringLiteral("access_token")).toString().toLatin1()));
    QVERIFY(!dump.contains(tokens.value(QStringLiteral("refresh_token")).toString().toLatin1()));
    QVERIFY(!dump.contains(ClientSecret.toLatin1()));

    const QJsonObject auth = QJsonDocument::fromJson(dump).object().value(QStringLiteral("counters")).toObject()
                                 .value(QStringLiteral("auth")).toObject();
    QCOMPARE(auth.value(QStringLiteral("codesIssued")).toInt(), 1);
    QCOMPARE(auth.value(QStringLiteral("codesUsed")).toInt(), 1);
    QCOMPARE(auth.value(QStringLiteral("refreshTokensActive")).toInt(), 1);
    QCOMPARE(auth.value(QStringLiteral("accessTokensActive")).toInt(), 1);
    QCOMPARE(auth.value(QStringLiteral("refreshTokensRevoked")).toInt(), 0);
}

void tst_Sandbox::requestLogKeepsCrmWriteBodies()
{
    const QString token = accessToken();
    const QJsonObject body = inputsBody({contactInput({{QStringLiteral("email"), QStringLiteral("ada@example.com")}})});
    QCOMPARE(postJson(QStringLiteral("/crm/v3/objects/contacts/batch/create"), body, token).status, 201);
    QCOMPARE(m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts?limit=5"), {}, bearer(token)).status, 200);

    const QJsonArray requests = m_sandbox->requests();

    QCOMPARE(requests.size(), 5);
    QCOMPARE(requests.at(0).toObject().value(QStringLiteral("path")).toString(), QStringLiteral("/oauth/authorize"));
    const QJsonObject tokenCall = requests.at(2).toObject();
    QCOMPARE(tokenCall.value(QStringLiteral("path")).toString(), QStringLiteral("/oauth/v3/token"));
    QVERIFY(!tokenCall.contains(QStringLiteral("body")));

    const QJsonObject create = requests.at(3).toObject();
    QCOMPARE(create.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(create.value(QStringLiteral("path")).toString(), QStringLiteral("/crm/v3/objects/contacts/batch/create"));
    QCOMPARE(create.value(QStringLiteral("status")).toInt(), 201);
    QCOMPARE(create.value(QStringLiteral("body")).toObject(), body);
    QVERIFY(create.value(QStringLiteral("timeMs")).toDouble() > 0);

    const QJsonObject list = requests.at(4).toObject();
    QCOMPARE(list.value(QStringLiteral("path")).toString(), QStringLiteral("/crm/v3/objects/contacts"));
    QVERIFY(!list.contains(QStringLiteral("body")));

    const QJsonObject counters = m_sandbox->state().value(QStringLiteral("counters")).toObject();
    QCOMPARE(counters.value(QStringLiteral("requests")).toObject()
                 .value(QStringLiteral("POST /crm/v3/objects/contacts/batch/create")).toInt(), 1);
}

void tst_Sandbox::resetEmptiesEverything()
{
    const QString token = accessToken();
    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ada@example.com")}});

    QVERIFY(m_sandbox->reset());

    const QJsonObject state = m_sandbox->state();
    QCOMPARE(state.value(QStringLiteral("contacts")).toArray().size(), 0);
    QCOMPARE(m_sandbox->requests().size(), 0);
    QCOMPARE(state.value(QStringLiteral("counters")).toObject().value(QStringLiteral("auth")).toObject()
                 .value(QStringLiteral("accessTokensIssued")).toInt(), 0);
    QCOMPARE(m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts"), {}, bearer(token)).status, 401);
}

void tst_Sandbox::stateFilePersistsAcrossRestart()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(QStringLiteral("state.json"));
    const QStringList arguments{QStringLiteral("--state-file"), path};

    QVERIFY(m_sandbox->start(arguments));
    const QJsonObject tokens = connectWithScopes();
    const QString token = tokens.value(QStringLiteral("access_token")).toString();
    const QString id = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ada@example.com")}});
    QCOMPARE(postJson(QStringLiteral("/crm/v3/properties/contacts"),
                      {{QStringLiteral("name"), QStringLiteral("breezee_prospect_id")},
                       {QStringLiteral("label"), QStringLiteral("Prospect")},
                       {QStringLiteral("type"), QStringLiteral("string")},
                       {QStringLiteral("fieldType"), QStringLiteral("text")},
                       {QStringLiteral("groupName"), QStringLiteral("contactinformation")}},
                      token).status, 201);

    m_sandbox->stop();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(saved.contains("ada@example.com"));
    QVERIFY(!saved.contains(token.toLatin1()));
    QVERIFY(!saved.contains(tokens.value(QStringLiteral("refresh_token")).toString().toLatin1()));

    QVERIFY(m_sandbox->start(arguments));
    const QJsonObject contact = findContact(m_sandbox->state(), id);
    QCOMPARE(contact.value(QStringLiteral("properties")).toObject().value(QStringLiteral("email")).toString(),
             QStringLiteral("ada@example.com"));

    const HttpResult property = m_sandbox->send(
        "GET", QStringLiteral("/crm/v3/properties/contacts/breezee_prospect_id"), {}, bearer(token));
    QCOMPARE(property.status, 200);

    const QString next = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ben@example.com")}});
    QVERIFY(next.toLongLong() > id.toLongLong());
}

void tst_Sandbox::commandLineRejectsBadValues()
{
    SandboxProcess broken;

    QVERIFY(!broken.start({QStringLiteral("--rate-limit"), QStringLiteral("many")}));
    QVERIFY(broken.errorString().contains(QStringLiteral("--rate-limit")));

    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("state.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not json");
    file.close();
    QVERIFY(!broken.start({QStringLiteral("--state-file"), path}));
    QVERIFY(broken.errorString().contains(path));
}

// --- HTTP layer ---

void tst_Sandbox::malformedHttpIsRejected_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("expectedStatus");

    QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("bad version") << QByteArray("GET / HTTP/x\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("http 2") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505;
    QTest::newRow("absolute target") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("missing host") << QByteArray("GET /_sandbox/state HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nBroken\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << 400;
    QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: a\r\n\r\n") << 400;
    QTest::newRow("obsolete folding") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n") << 400;
    QTest::newRow("control in value") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n") << 400;
    QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("conflicting lengths")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") << 400;
    QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                             << 501;
    QTest::newRow("body over 10 MiB")
        << QByteArray("POST /crm/v3/objects/contacts HTTP/1.1\r\nHost: a\r\nContent-Length: 10485761\r\n\r\n") << 413;
    QTest::newRow("huge length")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 413;
    QTest::newRow("head over 64 KiB")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n") << 431;
}

void tst_Sandbox::malformedHttpIsRejected()
{
    QFETCH(QByteArray, request);
    QFETCH(int, expectedStatus);

    const QByteArray response = exchangeRaw(m_sandbox->port(), request);

    QCOMPARE(rawStatus(response), expectedStatus);
    QVERIFY(response.contains("Connection: close"));

    // The server stays up for the next client.
    QCOMPARE(m_sandbox->send("GET", QStringLiteral("/_sandbox/state")).status, 200);
}

void tst_Sandbox::oversizedBodyGets413()
{
    const QByteArray body = "{\"inputs\":\"" + QByteArray(11 * 1024 * 1024, 'a') + "\"}";

    const HttpResult result = m_sandbox->send("POST", QStringLiteral("/crm/v3/objects/contacts/batch/create"), body,
                                              bearer(QStringLiteral("unused")));

    QCOMPARE(result.status, 413);
    QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QTRY_VERIFY(m_sandbox->standardError().contains("rejected malformed request with 413"));
    QCOMPARE(m_sandbox->send("GET", QStringLiteral("/_sandbox/state")).status, 200);
}

void tst_Sandbox::keepAliveServesPipelinedRequests()
{
    const QByteArray one = "GET /_sandbox/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const QByteArray body = "{\"properties\":{\"email\":\"ada@example.com\"}}";
    const QByteArray two = "POST /_sandbox/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const QByteArray three = "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    const QByteArray response = exchangeRaw(m_sandbox->port(), one + two + three);

    QCOMPARE(response.count("HTTP/1.1 "), 3);
    QVERIFY(response.startsWith("HTTP/1.1 200 OK"));
    QVERIFY(response.contains("HTTP/1.1 201 Created"));
    QVERIFY(response.contains("HTTP/1.1 404 Not Found"));
    QCOMPARE(response.count("Connection: keep-alive"), 2);
    QCOMPARE(response.count("Connection: close"), 1);

    QTcpSocket split;
    split.connectToHost(QHostAddress(QHostAddress::LocalHost), m_sandbox->port());
    QVERIFY(split.waitForConnected(5000));
    split.write(two.left(20));
    split.flush();
    QTest::qWait(50);
    split.write(two.mid(20));
    QTRY_VERIFY(split.bytesAvailable() > 0 || split.waitForReadyRead(100));
    QVERIFY(split.readAll().startsWith("HTTP/1.1 201"));
}

void tst_Sandbox::unknownPathIsJson404()
{
    const HttpResult result = m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/tickets"));

    QCOMPARE(result.status, 404);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("error"));

    const HttpResult wrongMethod = m_sandbox->send("DELETE", QStringLiteral("/oauth/v3/token"));
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(wrongMethod.header("Allow"), QByteArray("POST"));
}

void tst_Sandbox::stderrLogsOneLinePerRequest()
{
    m_sandbox->send("GET", QStringLiteral("/crm/v3/objects/contacts?after=5&limit=2"));

    QTRY_VERIFY(m_sandbox->standardError().contains("GET /crm/v3/objects/contacts 401\n"));
    QVERIFY(!m_sandbox->standardError().contains("after=5"));
}

QTEST_GUILESS_MAIN(tst_Sandbox)

#include "tst_sandbox.moc"
