#include "SandboxProcess.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using Breezee::Test::HttpResult;
using Breezee::Test::SandboxProcess;
using Breezee::Test::formEncode;

namespace {

const QString ClientId = QStringLiteral("example-idp-client");
const QString ClientSecret = QStringLiteral("example-idp-secret");
const QString RedirectUri = QStringLiteral("http://localhost:53682/callback");
const QString Scopes = QStringLiteral("profile contacts.read offline_access");
const QString AuthorizePath = QStringLiteral("/other-idp/oauth/authorize");
const QString DecisionPath = QStringLiteral("/other-idp/oauth/authorize/decision");
const QString TokenPath = QStringLiteral("/other-idp/oauth/token");
const QString IntrospectPath = QStringLiteral("/other-idp/oauth/introspect");
const QString RevokePath = QStringLiteral("/other-idp/oauth/revoke");

// A PKCE verifier of 43 characters.
const QString Verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

using Fields = QList<QPair<QString, QString>>;

QString s256Challenge(const QString &verifier)
{
    const QByteArray digest = QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Fields authorizeFields(const QString &scope = Scopes)
{
    return {{QStringLiteral("response_type"), QStringLiteral("code")},
            {QStringLiteral("client_id"), ClientId},
            {QStringLiteral("redirect_uri"), RedirectUri},
            {QStringLiteral("scope"), scope}};
}

QString authorizeTarget(const Fields &fields)
{
    return AuthorizePath + QLatin1Char('?') + QString::fromLatin1(formEncode(fields));
}

Fields withoutField(Fields fields, const QString &name)
{
    fields.removeIf([&name](const auto &field) { return field.first == name; });
    return fields;
}

Fields withField(Fields fields, const QString &name, const QString &value)
{
    fields = withoutField(fields, name);
    fields.append({name, value});
    return fields;
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

QList<QPair<QByteArray, QByteArray>> formHeaders(const QByteArray &authorization = {})
{
    QList<QPair<QByteArray, QByteArray>> headers = {
        qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"))};
    if (!authorization.isEmpty())
        headers.append(qMakePair(QByteArray("Authorization"), authorization));
    return headers;
}

QByteArray basic(const QString &clientId, const QString &secret)
{
    return "Basic " + (QUrl::toPercentEncoding(clientId) + ':' + QUrl::toPercentEncoding(secret)).toBase64();
}

Fields clientFields()
{
    return {{QStringLiteral("client_id"), ClientId}, {QStringLiteral("client_secret"), ClientSecret}};
}

Fields codeFields(const QString &code)
{
    return Fields{{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                  {QStringLiteral("redirect_uri"), RedirectUri},
                  {QStringLiteral("code"), code}}
        + clientFields();
}

Fields refreshFields(const QString &refreshToken)
{
    return Fields{{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                  {QStringLiteral("refresh_token"), refreshToken}}
        + clientFields();
}

} // namespace

// Example IdP, the generic OAuth 2.0 provider under /other-idp/oauth/, and
// the fault switches acting on it.
class tst_SandboxOtherIdp : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void consentPageTitleAndButtons();
    void allowRedirectsWithCodeAndState();
    void denyRedirectsWithAccessDenied();
    void authorizeShowsErrorPage_data();
    void authorizeShowsErrorPage();
    void authorizeErrorsGoToRedirectUri_data();
    void authorizeErrorsGoToRedirectUri();
    void autoApproveRedirectsAtOnce();
    void commandLineSetsClientAndRedirects();

    void codeExchangeReturnsRfc6749Json();
    void clientAuthentication_data();
    void clientAuthentication();
    void tokenEndpointErrors_data();
    void tokenEndpointErrors();
    void pkceVerifierChecked();
    void refreshKeepsRefreshToken();
    void introspectActiveAndInactive();
    void revokeRefreshTokenEndsGrant();
    void revokeAccessTokenOnly();

    void tokenFaultsUseRfc6749Bodies();
    void scopeAndRefreshFaultsApply();
    void revokeFaultsApply();
    void recordsAndCountersNameProvider();
    void stateFileKeepsHashedTokens();

private:
    QString authorizeCode(const Fields &fields = authorizeFields());
    QJsonObject connect();
    HttpResult postForm(const QString &path, const Fields &fields, const QByteArray &authorization = {});

    std::unique_ptr<SandboxProcess> m_sandbox;
};

void tst_SandboxOtherIdp::init()
{
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
}

void tst_SandboxOtherIdp::cleanup()
{
    if (QTest::currentTestFailed())
        qWarning().noquote() << "sandbox stderr:\n" << m_sandbox->standardError().right(4000);
    m_sandbox.reset();
}

QString tst_SandboxOtherIdp::authorizeCode(const Fields &fields)
{
    const HttpResult page = m_sandbox->send("GET", authorizeTarget(fields));
    const HttpResult decision = m_sandbox->send(
        "POST", DecisionPath,
        formEncode({{QStringLiteral("request_id"), pendingRequestId(page.body)},
                    {QStringLiteral("decision"), QStringLiteral("allow")}}),
        formHeaders());
    return locationQuery(decision).queryItemValue(QStringLiteral("code"));
}

QJsonObject tst_SandboxOtherIdp::connect()
{
    return postForm(TokenPath, codeFields(authorizeCode())).json();
}

HttpResult tst_SandboxOtherIdp::postForm(const QString &path, const Fields &fields, const QByteArray &authorization)
{
    return m_sandbox->send("POST", path, formEncode(fields), formHeaders(authorization));
}

// --- Authorize and consent ---

void tst_SandboxOtherIdp::consentPageTitleAndButtons()
{
    const HttpResult page = m_sandbox->send("GET", authorizeTarget(authorizeFields()));
    const QString html = QString::fromUtf8(page.body);

    QCOMPARE(page.status, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    QVERIFY(html.contains(QStringLiteral("<title>Authorize Breezee Integrations Console on Example IdP</title>")));
    QVERIFY(html.contains(QStringLiteral("id=\"allow\"")));
    QVERIFY(html.contains(QStringLiteral("id=\"deny\"")));
    QVERIFY(html.contains(QStringLiteral("action=\"/other-idp/oauth/authorize/decision\"")));
    QVERIFY(html.contains(QStringLiteral("data-scope=\"contacts.read\"")));
    QVERIFY(!html.contains(QStringLiteral("HubSpot")));
    QVERIFY(!pendingRequestId(page.body).isEmpty());
}

void tst_SandboxOtherIdp::allowRedirectsWithCodeAndState()
{
    const QString state = QStringLiteral("st+a/te= &x");
    const HttpResult page = m_sandbox->send("GET", authorizeTarget(withField(authorizeFields(), QStringLiteral("state"), state)));
    QVERIFY(!page.body.contains("st+a/te"));

    const HttpResult decision = m_sandbox->send(
        "POST", DecisionPath,
        formEncode({{QStringLiteral("request_id"), pendingRequestId(page.body)},
                    {QStringLiteral("decision"), QStringLiteral("allow")}}),
        formHeaders());
    const QUrlQuery query = locationQuery(decision);

    QCOMPARE(decision.status, 302);
    QVERIFY(decision.header("Location").startsWith(RedirectUri.toLatin1() + "?code="));
    QCOMPARE(query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), state);
    QVERIFY(!query.queryItemValue(QStringLiteral("code")).isEmpty());
}

void tst_SandboxOtherIdp::denyRedirectsWithAccessDenied()
{
    const HttpResult page = m_sandbox->send(
        "GET", authorizeTarget(withField(authorizeFields(), QStringLiteral("state"), QStringLiteral("s-1"))));
    const QByteArray form = formEncode({{QStringLiteral("request_id"), pendingRequestId(page.body)},
                                        {QStringLiteral("decision"), QStringLiteral("deny")}});

    const HttpResult decision = m_sandbox->send("POST", DecisionPath, form, formHeaders());
    const QUrlQuery query = locationQuery(decision);

    QCOMPARE(decision.status, 302);
    QVERIFY(decision.header("Location").startsWith(RedirectUri.toLatin1() + '?'));
    QCOMPARE(query.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
    QVERIFY(!query.queryItemValue(QStringLiteral("error_description")).isEmpty());
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("s-1"));
    QVERIFY(!query.hasQueryItem(QStringLiteral("code")));

    const HttpResult again = m_sandbox->send("POST", DecisionPath, form, formHeaders());
    QCOMPARE(again.status, 400);
    QVERIFY(again.header("Location").isEmpty());
}

void tst_SandboxOtherIdp::authorizeShowsErrorPage_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expectedText");

    QTest::newRow("unknown client") << QStringLiteral("client_id") << QStringLiteral("breezee-sandbox-client")
                                    << QStringLiteral("Unknown client_id");
    QTest::newRow("redirect wrong port") << QStringLiteral("redirect_uri") << QStringLiteral("http://localhost:53683/callback")
                                         << QStringLiteral("not registered");
    QTest::newRow("redirect 127.0.0.1") << QStringLiteral("redirect_uri") << QStringLiteral("http://127.0.0.1:53682/callback")
                                        << QStringLiteral("not registered");
    QTest::newRow("redirect missing") << QStringLiteral("redirect_uri") << QString() << QStringLiteral("not registered");
}

void tst_SandboxOtherIdp::authorizeShowsErrorPage()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, expectedText);
    const Fields fields = value.isEmpty() ? withoutField(authorizeFields(), field)
                                          : withField(authorizeFields(), field, value);

    const HttpResult page = m_sandbox->send("GET", authorizeTarget(withField(fields, QStringLiteral("state"), QStringLiteral("s"))));

    QCOMPARE(page.status, 400);
    QVERIFY(page.header("Location").isEmpty());
    QVERIFY(page.body.contains("<title>Authorization error on Example IdP</title>"));
    QVERIFY2(QString::fromUtf8(page.body).contains(expectedText), page.body.constData());
}

void tst_SandboxOtherIdp::authorizeErrorsGoToRedirectUri_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("response_type missing") << QStringLiteral("response_type") << QString() << QStringLiteral("invalid_request");
    QTest::newRow("response_type token") << QStringLiteral("response_type") << QStringLiteral("token")
                                         << QStringLiteral("unsupported_response_type");
    QTest::newRow("scope missing") << QStringLiteral("scope") << QString() << QStringLiteral("invalid_scope");
    QTest::newRow("scope with quote") << QStringLiteral("scope") << QStringLiteral("profile \"x\"")
                                      << QStringLiteral("invalid_scope");
    QTest::newRow("short challenge") << QStringLiteral("code_challenge") << QStringLiteral("abc")
                                     << QStringLiteral("invalid_request");
    QTest::newRow("unknown method") << QStringLiteral("code_challenge_method") << QStringLiteral("S512")
                                    << QStringLiteral("invalid_request");
}

void tst_SandboxOtherIdp::authorizeErrorsGoToRedirectUri()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, expectedError);
    Fields fields = withField(authorizeFields(), QStringLiteral("state"), QStringLiteral("s-9"));
    if (field == QLatin1String("code_challenge_method"))
        fields.append({QStringLiteral("code_challenge"), s256Challenge(Verifier)});
    fields = value.isEmpty() ? withoutField(fields, field) : withField(fields, field, value);

    const HttpResult result = m_sandbox->send("GET", authorizeTarget(fields));
    const QUrlQuery query = locationQuery(result);

    QCOMPARE(result.status, 302);
    QVERIFY(result.header("Location").startsWith(RedirectUri.toLatin1() + '?'));
    QCOMPARE(query.queryItemValue(QStringLiteral("error")), expectedError);
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("s-9"));
    QVERIFY(!query.hasQueryItem(QStringLiteral("code")));
}

void tst_SandboxOtherIdp::autoApproveRedirectsAtOnce()
{
    QVERIFY(m_sandbox->start({QStringLiteral("--auto-approve")}));

    const HttpResult result = m_sandbox->send(
        "GET", authorizeTarget(withField(authorizeFields(), QStringLiteral("state"), QStringLiteral("xyz"))));
    const QUrlQuery query = locationQuery(result);

    QCOMPARE(result.status, 302);
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("xyz"));
    QCOMPARE(postForm(TokenPath, codeFields(query.queryItemValue(QStringLiteral("code")))).status, 200);
}

void tst_SandboxOtherIdp::commandLineSetsClientAndRedirects()
{
    const QString first = QStringLiteral("http://localhost:41001/cb");
    const QString second = QStringLiteral("http://localhost:41002/cb");
    QVERIFY(m_sandbox->start({QStringLiteral("--auto-approve"),
                              QStringLiteral("--other-client-id"), QStringLiteral("my-client"),
                              QStringLiteral("--other-client-secret"), QStringLiteral("my-secret"),
                              QStringLiteral("--other-redirect-uri"), first,
                              QStringLiteral("--other-redirect-uri"), second}));

    const Fields fields = withField(withField(authorizeFields(), QStringLiteral("client_id"), QStringLiteral("my-client")),
                                    QStringLiteral("redirect_uri"), second);
    const HttpResult approved = m_sandbox->send("GET", authorizeTarget(fields));
    QCOMPARE(approved.status, 302);
    QVERIFY(approved.header("Location").startsWith(second.toLatin1()));

    const Fields exchange = {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                             {QStringLiteral("redirect_uri"), second},
                             {QStringLiteral("code"), locationQuery(approved).queryItemValue(QStringLiteral("code"))}};
    QCOMPARE(postForm(TokenPath, exchange, basic(ClientId, ClientSecret)).status, 401);
    QCOMPARE(postForm(TokenPath, exchange, basic(QStringLiteral("my-client"), QStringLiteral("my-secret"))).status, 200);

    QCOMPARE(m_sandbox->send("GET", authorizeTarget(authorizeFields())).status, 400);

    SandboxProcess broken;
    QVERIFY(!broken.start({QStringLiteral("--other-redirect-uri"), QStringLiteral("not a url")}));
    QVERIFY(broken.errorString().contains(QStringLiteral("--other-redirect-uri")));
    QVERIFY(!broken.start({QStringLiteral("--other-client-secret"), QString()}));
    QVERIFY(broken.errorString().contains(QStringLiteral("--other-client-secret")));
}

// --- Token endpoint ---

void tst_SandboxOtherIdp::codeExchangeReturnsRfc6749Json()
{
    const HttpResult result = postForm(TokenPath, codeFields(authorizeCode()));
    const QJsonObject body = result.json();

    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("Cache-Control"), QByteArray("no-store"));
    QCOMPARE(result.header("Pragma"), QByteArray("no-cache"));
    QCOMPARE(body.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    QCOMPARE(body.value(QStringLiteral("expires_in")).toInt(), 3600);
    QCOMPARE(body.value(QStringLiteral("scope")).toString(), Scopes);
    QCOMPARE(body.value(QStringLiteral("account_id")).toString(), QStringLiteral("example-account-1001"));
    QVERIFY(!body.value(QStringLiteral("access_token")).toString().isEmpty());
    QVERIFY(!body.value(QStringLiteral("refresh_token")).toString().isEmpty());

    const QStringList keys = body.keys();
    QCOMPARE(keys, QStringList({QStringLiteral("access_token"), QStringLiteral("account_id"), QStringLiteral("expires_in"),
                                QStringLiteral("refresh_token"), QStringLiteral("scope"), QStringLiteral("token_type")}));
}

void tst_SandboxOtherIdp::clientAuthentication_data()
{
    QTest::addColumn<bool>("secretInBody");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("expectedStatus");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("form fields") << true << QByteArray() << 200 << QString();
    QTest::newRow("http basic") << false << basic(ClientId, ClientSecret) << 200 << QString();
    QTest::newRow("both methods") << true << basic(ClientId, ClientSecret) << 400 << QStringLiteral("invalid_request");
    QTest::newRow("basic wrong secret") << false << basic(ClientId, QStringLiteral("nope")) << 401
                                        << QStringLiteral("invalid_client");
    QTest::newRow("basic garbage") << false << QByteArray("Basic %%%") << 401 << QStringLiteral("invalid_client");
    QTest::newRow("no credentials") << false << QByteArray() << 401 << QStringLiteral("invalid_client");
    QTest::newRow("hubspot client") << false << basic(QStringLiteral("breezee-sandbox-client"),
                                                      QStringLiteral("breezee-sandbox-secret"))
                                    << 401 << QStringLiteral("invalid_client");
}

void tst_SandboxOtherIdp::clientAuthentication()
{
    QFETCH(bool, secretInBody);
    QFETCH(QByteArray, authorization);
    QFETCH(int, expectedStatus);
    QFETCH(QString, expectedError);

    Fields fields = withoutField(codeFields(authorizeCode()), QStringLiteral("client_secret"));
    if (!secretInBody && !authorization.isEmpty())
        fields = withoutField(fields, QStringLiteral("client_id"));
    if (secretInBody)
        fields.append({QStringLiteral("client_secret"), ClientSecret});

    const HttpResult result = postForm(TokenPath, fields, authorization);

    QCOMPARE(result.status, expectedStatus);
    QCOMPARE(result.json().value(QStringLiteral("error")).toString(), expectedError);
    if (expectedStatus == 401 && authorization.startsWith("Basic"))
        QCOMPARE(result.header("WWW-Authenticate"), QByteArray("Basic realm=\"Example IdP\""));
}

void tst_SandboxOtherIdp::tokenEndpointErrors_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expectedStatus");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("unknown code") << QStringLiteral("code") << QStringLiteral("nope") << 400 << QStringLiteral("invalid_grant");
    QTest::newRow("code missing") << QStringLiteral("code") << QString() << 400 << QStringLiteral("invalid_request");
    QTest::newRow("redirect mismatch") << QStringLiteral("redirect_uri") << QStringLiteral("http://localhost:53682/other")
                                       << 400 << QStringLiteral("invalid_grant");
    QTest::newRow("grant missing") << QStringLiteral("grant_type") << QString() << 400 << QStringLiteral("invalid_request");
    QTest::newRow("grant password") << QStringLiteral("grant_type") << QStringLiteral("password") << 400
                                    << QStringLiteral("unsupported_grant_type");
}

void tst_SandboxOtherIdp::tokenEndpointErrors()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(int, expectedStatus);
    QFETCH(QString, expectedError);
    const QString code = authorizeCode();
    const Fields fields = value.isEmpty() ? withoutField(codeFields(code), field)
                                          : withField(codeFields(code), field, value);

    const HttpResult result = postForm(TokenPath, fields);
    const QJsonObject body = result.json();

    QCOMPARE(result.status, expectedStatus);
    QCOMPARE(body.value(QStringLiteral("error")).toString(), expectedError);
    QVERIFY(!body.value(QStringLiteral("error_description")).toString().isEmpty());
    QVERIFY(!body.contains(QStringLiteral("status")));
    QCOMPARE(result.header("Cache-Control"), QByteArray("no-store"));

    // A rejected exchange leaves the code usable once.
    QCOMPARE(postForm(TokenPath, codeFields(code)).status, 200);
    QCOMPARE(postForm(TokenPath, codeFields(code)).json().value(QStringLiteral("error")).toString(),
             QStringLiteral("invalid_grant"));
}

void tst_SandboxOtherIdp::pkceVerifierChecked()
{
    Fields fields = authorizeFields();
    fields.append({QStringLiteral("code_challenge"), s256Challenge(Verifier)});
    fields.append({QStringLiteral("code_challenge_method"), QStringLiteral("S256")});
    const QString code = authorizeCode(fields);

    const HttpResult missing = postForm(TokenPath, codeFields(code));
    QCOMPARE(missing.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));

    const QString wrong = QString(Verifier).replace(0, 1, QStringLiteral("X"));
    const HttpResult mismatch = postForm(TokenPath, withField(codeFields(code), QStringLiteral("code_verifier"), wrong));
    QCOMPARE(mismatch.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));

    const HttpResult right = postForm(TokenPath, withField(codeFields(code), QStringLiteral("code_verifier"), Verifier));
    QCOMPARE(right.status, 200);
}

void tst_SandboxOtherIdp::refreshKeepsRefreshToken()
{
    const QJsonObject first = connect();
    const QString refreshToken = first.value(QStringLiteral("refresh_token")).toString();

    const HttpResult result = postForm(TokenPath, refreshFields(refreshToken));
    const QJsonObject second = result.json();

    QCOMPARE(result.status, 200);
    QCOMPARE(second.value(QStringLiteral("refresh_token")).toString(), refreshToken);
    QVERIFY(second.value(QStringLiteral("access_token")) != first.value(QStringLiteral("access_token")));
    QCOMPARE(second.value(QStringLiteral("scope")).toString(), Scopes);
    QCOMPARE(second.value(QStringLiteral("expires_in")).toInt(), 3600);

    const HttpResult unknown = postForm(TokenPath, refreshFields(QStringLiteral("not-a-token")));
    QCOMPARE(unknown.status, 400);
    QCOMPARE(unknown.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
}

void tst_SandboxOtherIdp::introspectActiveAndInactive()
{
    const QJsonObject tokens = connect();
    const auto introspect = [this](const QString &token) {
        return postForm(IntrospectPath, Fields{{QStringLiteral("token"), token}} + clientFields());
    };

    const HttpResult access = introspect(tokens.value(QStringLiteral("access_token")).toString());
    const QJsonObject accessBody = access.json();
    QCOMPARE(access.status, 200);
    QCOMPARE(accessBody.value(QStringLiteral("active")).toBool(), true);
    QCOMPARE(accessBody.value(QStringLiteral("scope")).toString(), Scopes);
    QCOMPARE(accessBody.value(QStringLiteral("sub")).toString(), QStringLiteral("example-user-2002"));
    QCOMPARE(accessBody.value(QStringLiteral("username")).toString(), QStringLiteral("admin@breezee.example"));
    QCOMPARE(accessBody.value(QStringLiteral("client_id")).toString(), ClientId);
    QCOMPARE(accessBody.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    const qint64 expiresIn = accessBody.value(QStringLiteral("exp")).toInteger() - QDateTime::currentSecsSinceEpoch();
    QVERIFY2(expiresIn > 3590 && expiresIn <= 3600, qPrintable(QString::number(expiresIn)));

    const QJsonObject refreshBody = introspect(tokens.value(QStringLiteral("refresh_token")).toString()).json();
    QCOMPARE(refreshBody.value(QStringLiteral("active")).toBool(), true);
    QCOMPARE(refreshBody.value(QStringLiteral("token_type")).toString(), QStringLiteral("refresh_token"));
    QVERIFY(!refreshBody.contains(QStringLiteral("exp")));

    QCOMPARE(introspect(QStringLiteral("no-such-token")).json(), QJsonObject({{QStringLiteral("active"), false}}));

    const HttpResult noToken = postForm(IntrospectPath, clientFields());
    QCOMPARE(noToken.status, 400);
    const HttpResult noClient = postForm(IntrospectPath, {{QStringLiteral("token"), QStringLiteral("x")}});
    QCOMPARE(noClient.status, 401);

    m_sandbox->send("POST", QStringLiteral("/_sandbox/clock/advance"), QByteArray("{\"seconds\":3601}"));
    QCOMPARE(introspect(tokens.value(QStringLiteral("access_token")).toString()).json(),
             QJsonObject({{QStringLiteral("active"), false}}));
}

void tst_SandboxOtherIdp::revokeRefreshTokenEndsGrant()
{
    const QJsonObject tokens = connect();
    const QString refreshToken = tokens.value(QStringLiteral("refresh_token")).toString();

    const HttpResult revoke = postForm(RevokePath, Fields{{QStringLiteral("token"), refreshToken},
                                                          {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}}
                                                       + clientFields());
    QCOMPARE(revoke.status, 200);
    QCOMPARE(revoke.body, QByteArray());

    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).json().value(QStringLiteral("error")).toString(),
             QStringLiteral("invalid_grant"));
    const HttpResult access = postForm(IntrospectPath, Fields{{QStringLiteral("token"), tokens.value(QStringLiteral("access_token")).toString()}}
                                                           + clientFields());
    QCOMPARE(access.json(), QJsonObject({{QStringLiteral("active"), false}}));

    const HttpResult again = postForm(RevokePath, Fields{{QStringLiteral("token"), refreshToken}} + clientFields());
    QCOMPARE(again.status, 200);
    const HttpResult unknown = postForm(RevokePath, Fields{{QStringLiteral("token"), QStringLiteral("nope")}} + clientFields());
    QCOMPARE(unknown.status, 200);
    const HttpResult unauthenticated = postForm(RevokePath, {{QStringLiteral("token"), refreshToken}});
    QCOMPARE(unauthenticated.status, 401);
}

void tst_SandboxOtherIdp::revokeAccessTokenOnly()
{
    const QJsonObject tokens = connect();
    const QString accessToken = tokens.value(QStringLiteral("access_token")).toString();

    QCOMPARE(postForm(RevokePath, Fields{{QStringLiteral("token"), accessToken}}, basic(ClientId, ClientSecret)).status, 200);

    const HttpResult access = postForm(IntrospectPath, Fields{{QStringLiteral("token"), accessToken}} + clientFields());
    QCOMPARE(access.json().value(QStringLiteral("active")).toBool(), false);
    QCOMPARE(postForm(TokenPath, refreshFields(tokens.value(QStringLiteral("refresh_token")).toString())).status, 200);
}

// --- Fault switches and records ---

void tst_SandboxOtherIdp::tokenFaultsUseRfc6749Bodies()
{
    const QString refreshToken = connect().value(QStringLiteral("refresh_token")).toString();

    QVERIFY(m_sandbox->failTokenRequests(QStringLiteral("invalid_grant"), 1));
    const HttpResult invalid = postForm(TokenPath, refreshFields(refreshToken));
    QCOMPARE(invalid.status, 400);
    QCOMPARE(invalid.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    QVERIFY(!invalid.json().value(QStringLiteral("error_description")).toString().isEmpty());
    QVERIFY(!invalid.json().contains(QStringLiteral("status")));

    QVERIFY(m_sandbox->failTokenRequests(QStringLiteral("server_error"), 1));
    const HttpResult server = postForm(TokenPath, refreshFields(refreshToken));
    QCOMPARE(server.status, 500);
    QCOMPARE(server.json().value(QStringLiteral("error")).toString(), QStringLiteral("server_error"));

    QVERIFY(m_sandbox->failTokenRequests(503, {}, 1));
    const HttpResult unavailable = postForm(TokenPath, refreshFields(refreshToken));
    QCOMPARE(unavailable.status, 503);
    QCOMPARE(unavailable.json().value(QStringLiteral("error")).toString(), QStringLiteral("server_error"));

    QVERIFY(m_sandbox->stallTokenRequests(600, 1));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 200);
    QVERIFY(timer.elapsed() >= 600);
    QCOMPARE(m_sandbox->faults(), QJsonObject());
}

void tst_SandboxOtherIdp::scopeAndRefreshFaultsApply()
{
    QVERIFY(m_sandbox->grantOnlyScopes({QStringLiteral("profile")}));
    const QJsonObject tokens = connect();
    QCOMPARE(tokens.value(QStringLiteral("scope")).toString(), QStringLiteral("profile"));

    const HttpResult introspection = postForm(IntrospectPath, Fields{{QStringLiteral("token"), tokens.value(QStringLiteral("access_token")).toString()}}
                                                                  + clientFields());
    QCOMPARE(introspection.json().value(QStringLiteral("scope")).toString(), QStringLiteral("profile"));

    QVERIFY(m_sandbox->setFaults({{QStringLiteral("grant_scopes"), QJsonValue::Null}}));
    QVERIFY(m_sandbox->omitRefreshToken(1));
    const HttpResult refreshed = postForm(TokenPath, refreshFields(tokens.value(QStringLiteral("refresh_token")).toString()));
    QCOMPARE(refreshed.status, 200);
    QVERIFY(!refreshed.json().contains(QStringLiteral("refresh_token")));
    QCOMPARE(refreshed.json().value(QStringLiteral("scope")).toString(), QStringLiteral("profile"));
}

void tst_SandboxOtherIdp::revokeFaultsApply()
{
    const QString refreshToken = connect().value(QStringLiteral("refresh_token")).toString();
    const Fields revoke = Fields{{QStringLiteral("token"), refreshToken}} + clientFields();

    QVERIFY(m_sandbox->failRevoke(503, 1));
    const HttpResult failed = postForm(RevokePath, revoke);
    QCOMPARE(failed.status, 503);
    QCOMPARE(failed.json().value(QStringLiteral("error")).toString(), QStringLiteral("server_error"));

    // QNetworkAccessManager (Qt 6.4) sends a request once more when the
    // server closes the connection without a response. With a count of 1
    // the second copy passes, and the client never sees the failure.
    QVERIFY(m_sandbox->dropRevokeRequests(1));
    const HttpResult retried = postForm(RevokePath, revoke);
    QCOMPARE(retried.status, 200);
    QCOMPARE(m_sandbox->revokeRequestCount(QStringLiteral("other-idp")), 3);
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 400);

    QVERIFY(m_sandbox->dropRevokeRequests(2));
    const HttpResult dropped = postForm(RevokePath, revoke);
    QCOMPARE(dropped.status, 0);
    QCOMPARE(dropped.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(m_sandbox->revokeRequestCount(QStringLiteral("other-idp")), 5);
    QCOMPARE(m_sandbox->revokeRequestCount(QStringLiteral("hubspot")), 0);
    QCOMPARE(m_sandbox->faults(), QJsonObject());
}

void tst_SandboxOtherIdp::recordsAndCountersNameProvider()
{
    const QString code = authorizeCode(withField(authorizeFields(QStringLiteral("profile contacts.read")),
                                                 QStringLiteral("state"), QStringLiteral("private-state")));
    const QJsonObject authorize = m_sandbox->lastAuthorize();
    QCOMPARE(authorize.value(QStringLiteral("provider")).toString(), QStringLiteral("other-idp"));
    QCOMPARE(authorize.value(QStringLiteral("path")).toString(), AuthorizePath);
    QCOMPARE(authorize.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(authorize.value(QStringLiteral("redirect_uri")).toString(), RedirectUri);
    QCOMPARE(authorize.value(QStringLiteral("scope_raw")).toString(), QStringLiteral("profile%20contacts.read"));
    QCOMPARE(authorize.value(QStringLiteral("has_state")).toBool(), true);

    const Fields exchange = withoutField(withoutField(codeFields(code), QStringLiteral("client_id")),
                                         QStringLiteral("client_secret"));
    QCOMPARE(postForm(TokenPath, exchange, basic(ClientId, ClientSecret)).status, 200);
    const QJsonObject token = m_sandbox->lastTokenRequest();
    QCOMPARE(token.value(QStringLiteral("provider")).toString(), QStringLiteral("other-idp"));
    QCOMPARE(token.value(QStringLiteral("client_auth")).toString(), QStringLiteral("basic"));
    QCOMPARE(token.value(QStringLiteral("has_client_secret")).toBool(), false);
    QCOMPARE(token.value(QStringLiteral("redirect_uri")).toString(), RedirectUri);

    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("authorization_code"), QStringLiteral("other-idp")), 1);
    QCOMPARE(m_sandbox->tokenRequestCount(QStringLiteral("authorization_code"), QStringLiteral("hubspot")), 0);

    const QJsonObject auth = m_sandbox->state().value(QStringLiteral("counters")).toObject()
                                 .value(QStringLiteral("other_idp")).toObject().value(QStringLiteral("auth")).toObject();
    QCOMPARE(auth.value(QStringLiteral("codesUsed")).toInt(), 1);
    QCOMPARE(auth.value(QStringLiteral("refreshTokensActive")).toInt(), 1);

    const QByteArray dump = m_sandbox->send("GET", QStringLiteral("/_sandbox/state")).body;
    QVERIFY(!dump.contains("private-state"));
    QVERIFY(!dump.contains(code.toLatin1()));
    QVERIFY(!dump.contains(ClientSecret.toLatin1()));
}

void tst_SandboxOtherIdp::stateFileKeepsHashedTokens()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(QStringLiteral("state.json"));
    QVERIFY(m_sandbox->start({QStringLiteral("--state-file"), path}));

    const QJsonObject tokens = connect();
    const QString refreshToken = tokens.value(QStringLiteral("refresh_token")).toString();
    m_sandbox->stop();

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(saved.contains("otherIdpAuth"));
    QVERIFY(!saved.contains(refreshToken.toLatin1()));
    QVERIFY(!saved.contains(tokens.value(QStringLiteral("access_token")).toString().toLatin1()));

    QVERIFY(m_sandbox->start({QStringLiteral("--state-file"), path}));
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 200);

    QVERIFY(m_sandbox->reset());
    QCOMPARE(postForm(TokenPath, refreshFields(refreshToken)).status, 400);
}

QTEST_GUILESS_MAIN(tst_SandboxOtherIdp)

#include "tst_sandboxotheridp.moc"
