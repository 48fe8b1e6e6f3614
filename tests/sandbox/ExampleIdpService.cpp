#include "ExampleIdpService.h"

#include "ExampleIdpPages.h"
#include "OAuthCommon.h"

#include <QJsonArray>

namespace Breezee::Sandbox {

namespace {

const QByteArray FormMediaType = "application/x-www-form-urlencoded";

// RFC 6749 section 5.2: {"error", "error_description"}.
HttpResponse tokenError(int status, const QString &error, const QString &description)
{
    QJsonObject body;
    body.insert(QStringLiteral("error"), error);
    body.insert(QStringLiteral("error_description"), description);

    HttpResponse response = HttpResponse::json(status, body);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    return response;
}

HttpResponse invalidRequest(const QString &description)
{
    return tokenError(400, QStringLiteral("invalid_request"), description);
}

HttpResponse invalidGrant(const QString &description)
{
    return tokenError(400, QStringLiteral("invalid_grant"), description);
}

// RFC 6749 requires 401 with a WWW-Authenticate challenge when the client
// tried HTTP Basic. Form credentials get 401 as well.
HttpResponse invalidClient(bool usedBasic)
{
    HttpResponse response = tokenError(401, QStringLiteral("invalid_client"),
                                       QStringLiteral("Client authentication failed: unknown client_id or wrong "
                                                      "client_secret."));
    if (usedBasic)
        response.setHeader("WWW-Authenticate", "Basic realm=\"Example IdP\"");
    return response;
}

HttpResponse errorPage(const QString &message)
{
    return HttpResponse::html(400, renderExampleIdpErrorPage(message));
}

// RFC 6749 section 4.1.2.1: once the redirect URI is known to be valid,
// errors go back to it.
HttpResponse redirectError(const QString &redirectUri, const QString &error, const QString &description,
                           const std::optional<QString> &state)
{
    QList<QPair<QString, QString>> items = {{QStringLiteral("error"), error},
                                            {QStringLiteral("error_description"), description}};
    if (state)
        items.append({QStringLiteral("state"), *state});
    return HttpResponse::redirect(withQueryItems(redirectUri, items));
}

// RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool isScopeToken(const QString &scope)
{
    if (scope.isEmpty())
        return false;

    for (const QChar character : scope) {
        const char16_t code = character.unicode();
        if (code < 0x21 || code > 0x7e || code == 0x22 || code == 0x5c)
            return false;
    }
    return true;
}

HttpResponse faultError(int status, const std::optional<QJsonObject> &body)
{
    if (!body) {
        const QString error = status >= 500 ? QStringLiteral("server_error") : QStringLiteral("invalid_request");
        return tokenError(status, error, QString::fromLatin1(reasonPhrase(status)));
    }

    HttpResponse response = HttpResponse::json(status, *body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse tokenFaultResponse(const TokenErrorFault &fault, const QString &grantType)
{
    if (fault.preset == QLatin1String("server_error")) {
        return tokenError(500, QStringLiteral("server_error"),
                          QStringLiteral("The authorization server met an unexpected condition."));
    }

    if (fault.preset == QLatin1String("invalid_grant")) {
        if (grantType == QLatin1String("authorization_code"))
            return invalidGrant(QStringLiteral("The authorization code is invalid, expired or already used."));
        return invalidGrant(QStringLiteral("The refresh token is invalid, expired or revoked."));
    }

    return faultError(fault.status, fault.body);
}

struct BasicCredentials {
    QString clientId;
    QString clientSecret;
};

QString decodeFormComponent(QByteArray component)
{
    component.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(component));
}

// RFC 6749 section 2.3.1: Basic with the form-encoded client id and
// secret joined by ':'.
std::optional<BasicCredentials> parseBasic(const QByteArray &authorization)
{
    const QByteArray encoded = authorization.mid(6).trimmed();
    const QByteArray::FromBase64Result decoded =
        QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;

    const QByteArray &pair = decoded.decoded;
    const qsizetype colon = pair.indexOf(':');
    if (colon < 0)
        return std::nullopt;

    return BasicCredentials{decodeFormComponent(pair.left(colon)), decodeFormComponent(pair.mid(colon + 1))};
}

} // namespace

ExampleIdpService::ExampleIdpService(const SandboxConfig &config, SandboxState &state, const Clock &clock,
                                     FaultSwitches &faults, OAuthActivity &activity)
    : m_config(config)
    , m_state(state)
    , m_clock(clock)
    , m_faults(faults)
    , m_activity(activity)
{
}

void ExampleIdpService::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/other-idp/oauth/authorize"), [this](const RouteContext &c) {
        const HttpResponse response = authorize(c);
        m_activity.recordAuthorize(OAuthProvider::ExampleIdp, c.request, response.status, m_clock.nowMs());
        return response;
    });
    router.add("POST", QStringLiteral("/other-idp/oauth/authorize/decision"), [this](const RouteContext &c) { return decide(c); });
    router.add("POST", QStringLiteral("/other-idp/oauth/token"), [this](const RouteContext &c) { return token(c); });
    router.add("POST", QStringLiteral("/other-idp/oauth/introspect"), [this](const RouteContext &c) { return introspect(c); });
    router.add("POST", QStringLiteral("/other-idp/oauth/revoke"), [this](const RouteContext &c) { return revoke(c); });
}

HttpResponse ExampleIdpService::authorize(const RouteContext &context)
{
    const FormFields &query = context.request.query;

    const QString clientId = query.value(QStringLiteral("client_id"));
    if (clientId != m_config.otherClientId)
        return errorPage(QStringLiteral("Unknown client_id '%1'.").arg(clientId));

    const QString redirectUri = query.value(QStringLiteral("redirect_uri"));
    if (!m_config.otherRedirectUris.contains(redirectUri))
        return errorPage(QStringLiteral("The redirect_uri '%1' is not registered for this client.").arg(redirectUri));

    std::optional<QString> state;
    if (query.contains(QStringLiteral("state")))
        state = query.value(QStringLiteral("state"));

    const QString responseType = query.value(QStringLiteral("response_type"));
    if (responseType.isEmpty())
        return redirectError(redirectUri, QStringLiteral("invalid_request"), QStringLiteral("response_type is missing."), state);
    if (responseType != QLatin1String("code")) {
        return redirectError(redirectUri, QStringLiteral("unsupported_response_type"),
                             QStringLiteral("Only response_type=code is supported."), state);
    }

    QStringList scopes;
    const QStringList requested = splitScopes(query.value(QStringLiteral("scope")));
    if (requested.isEmpty()) {
        return redirectError(redirectUri, QStringLiteral("invalid_scope"),
                             QStringLiteral("The scope parameter is missing or empty."), state);
    }
    for (const QString &scope : requested) {
        if (!isScopeToken(scope)) {
            return redirectError(redirectUri, QStringLiteral("invalid_scope"),
                                 QStringLiteral("The scope '%1' contains characters that RFC 6749 does not allow.")
                                     .arg(scope),
                                 state);
        }
        if (!scopes.contains(scope))
            scopes.append(scope);
    }

    PendingAuthorization pending;
    pending.clientId = clientId;
    pending.redirectUri = redirectUri;
    pending.scopes = scopes;
    pending.state = state;
    pending.createdAtMs = m_clock.nowMs();

    const QString challenge = query.value(QStringLiteral("code_challenge"));
    const QString method = query.value(QStringLiteral("code_challenge_method"));
    if (!challenge.isEmpty() || !method.isEmpty()) {
        if (!isPkceString(challenge)) {
            return redirectError(redirectUri, QStringLiteral("invalid_request"),
                                 QStringLiteral("code_challenge must be 43 to 128 characters of letters, digits "
                                                "and -._~."),
                                 state);
        }
        if (!method.isEmpty() && method != QLatin1String("S256") && method != QLatin1String("plain")) {
            return redirectError(redirectUri, QStringLiteral("invalid_request"),
                                 QStringLiteral("code_challenge_method must be S256 or plain."), state);
        }
        pending.codeChallenge = challenge;
        pending.codeChallengeMethod = method.isEmpty() ? QStringLiteral("plain") : method;
    }

    if (m_config.autoApprove)
        return redirectWithCode(pending);

    const QString requestId = store().addPending(pending);
    return HttpResponse::html(200, renderExampleIdpConsentPage(m_config.appName, m_config.user, scopes, requestId));
}

HttpResponse ExampleIdpService::decide(const RouteContext &context)
{
    if (context.request.mediaType() != FormMediaType)
        return errorPage(QStringLiteral("The consent form must be posted as application/x-www-form-urlencoded."));

    const FormFields fields = FormFields::parse(context.request.body);
    const QString decision = fields.value(QStringLiteral("decision"));
    if (decision != QLatin1String("allow") && decision != QLatin1String("deny"))
        return errorPage(QStringLiteral("The consent form carried no decision. Press Allow or Deny."));

    const std::optional<PendingAuthorization> pending = store().takePending(fields.value(QStringLiteral("request_id")));
    if (!pending)
        return errorPage(QStringLiteral("This authorization request has expired or was already answered."));

    if (decision == QLatin1String("deny")) {
        return redirectError(pending->redirectUri, QStringLiteral("access_denied"),
                             QStringLiteral("The user denied the request."), pending->state);
    }

    return redirectWithCode(*pending);
}

HttpResponse ExampleIdpService::redirectWithCode(const PendingAuthorization &approved)
{
    const qint64 expiresAtMs = m_clock.nowMs() + qint64(m_config.codeLifetimeSeconds) * 1000;
    const QString code = store().issueCode(approved, expiresAtMs);
    m_state.markChanged();

    QList<QPair<QString, QString>> items = {{QStringLiteral("code"), code}};
    if (approved.state)
        items.append({QStringLiteral("state"), *approved.state});

    return HttpResponse::redirect(withQueryItems(approved.redirectUri, items));
}

bool ExampleIdpService::authenticateClient(const HttpRequest &request, FormFields &fields, HttpResponse &error) const
{
    if (request.mediaType() != FormMediaType) {
        error = invalidRequest(QStringLiteral("The request body must be application/x-www-form-urlencoded."));
        return false;
    }

    fields = FormFields::parse(request.body);

    const QByteArray authorization = request.header("authorization").trimmed();
    const bool usedBasic = authorization.toLower().startsWith("basic ");
    if (usedBasic && fields.contains(QStringLiteral("client_secret"))) {
        error = invalidRequest(QStringLiteral("Authenticate the client with HTTP Basic or with client_secret in "
                                              "the body, not both."));
        return false;
    }

    QString clientId = fields.value(QStringLiteral("client_id"));
    QString clientSecret = fields.value(QStringLiteral("client_secret"));
    if (usedBasic) {
        const std::optional<BasicCredentials> credentials = parseBasic(authorization);
        if (!credentials) {
            error = invalidClient(true);
            return false;
        }
        if (fields.contains(QStringLiteral("client_id")) && clientId != credentials->clientId) {
            error = invalidRequest(QStringLiteral("client_id in the body differs from the one in the Authorization "
                                                  "header."));
            return false;
        }
        clientId = credentials->clientId;
        clientSecret = credentials->clientSecret;
    }

    if (clientId != m_config.otherClientId || clientSecret != m_config.otherClientSecret) {
        error = invalidClient(usedBasic);
        return false;
    }

    return true;
}

HttpResponse ExampleIdpService::token(const RouteContext &context)
{
    const HttpRequest &request = context.request;
    m_activity.recordTokenRequest(OAuthProvider::ExampleIdp, request, m_clock.nowMs());

    const std::optional<int> stallMs = m_faults.takeTokenStall(OAuthActivity::grantTypeOf(request));
    if (stallMs)
        return HttpResponse::deferred(*stallMs, [this, request] { return answerToken(request); });

    return answerToken(request);
}

HttpResponse ExampleIdpService::answerToken(const HttpRequest &request)
{
    const QString requestedGrant = OAuthActivity::grantTypeOf(request);
    if (const std::optional<TokenErrorFault> fault = m_faults.takeTokenError(requestedGrant))
        return tokenFaultResponse(*fault, requestedGrant);

    FormFields fields;
    HttpResponse error;
    if (!authenticateClient(request, fields, error))
        return error;

    const QString grantType = fields.value(QStringLiteral("grant_type"));
    if (grantType.isEmpty())
        return invalidRequest(QStringLiteral("grant_type is missing."));
    if (grantType == QLatin1String("authorization_code"))
        return exchangeCode(fields);
    if (grantType == QLatin1String("refresh_token"))
        return refreshAccessToken(fields);

    return tokenError(400, QStringLiteral("unsupported_grant_type"),
                      QStringLiteral("grant_type '%1' is not supported; use authorization_code or refresh_token.")
                          .arg(grantType));
}

HttpResponse ExampleIdpService::exchangeCode(const FormFields &fields)
{
    const QString value = fields.value(QStringLiteral("code"));
    if (value.isEmpty())
        return invalidRequest(QStringLiteral("code is missing."));

    AuthorizationCode *code = store().findCode(value);
    if (!code || code->clientId != m_config.otherClientId)
        return invalidGrant(QStringLiteral("The authorization code is unknown."));
    if (code->used)
        return invalidGrant(QStringLiteral("The authorization code was already used."));
    if (code->expiresAtMs <= m_clock.nowMs())
        return invalidGrant(QStringLiteral("The authorization code has expired."));
    if (fields.value(QStringLiteral("redirect_uri")) != code->redirectUri)
        return invalidGrant(QStringLiteral("redirect_uri does not match the authorization request."));

    if (!code->codeChallenge.isEmpty() && !verifierMatches(*code, fields.value(QStringLiteral("code_verifier"))))
        return invalidGrant(QStringLiteral("code_verifier is missing or does not match the code_challenge."));

    code->used = true;
    const QStringList scopes = m_faults.grantScopes().value_or(code->scopes);
    const QString refreshToken = store().issueRefreshToken(m_config.otherClientId, scopes, 0, 0, m_clock.nowMs());
    m_state.markChanged();

    return tokenReply(*store().findRefreshToken(refreshToken), refreshToken, false);
}

HttpResponse ExampleIdpService::refreshAccessToken(const FormFields &fields)
{
    const QString refreshToken = fields.value(QStringLiteral("refresh_token"));
    if (refreshToken.isEmpty())
        return invalidRequest(QStringLiteral("refresh_token is missing."));

    const RefreshTokenRecord *refresh = store().findRefreshToken(refreshToken);
    if (!refresh || refresh->revoked || refresh->clientId != m_config.otherClientId)
        return invalidGrant(QStringLiteral("The refresh token is invalid, expired or revoked."));

    return tokenReply(*refresh, refreshToken, true);
}

HttpResponse ExampleIdpService::tokenReply(const RefreshTokenRecord &refresh, const QString &refreshToken,
                                           bool isRefresh)
{
    const QStringList scopes = m_faults.grantScopes().value_or(refresh.scopes);
    const qint64 expiresAtMs = m_clock.nowMs() + qint64(m_config.otherAccessTokenLifetimeSeconds) * 1000;
    const QString accessToken = store().issueAccessToken(refresh, scopes, expiresAtMs);
    m_state.markChanged();

    QJsonObject body;
    body.insert(QStringLiteral("access_token"), accessToken);
    body.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
    body.insert(QStringLiteral("expires_in"), m_config.otherAccessTokenLifetimeSeconds);
    if (!isRefresh || !m_faults.takeRefreshWithoutRefreshToken())
        body.insert(QStringLiteral("refresh_token"), refreshToken);
    body.insert(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    body.insert(QStringLiteral("account_id"), m_config.otherAccountId);

    HttpResponse response = HttpResponse::json(200, body);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    return response;
}

HttpResponse ExampleIdpService::introspect(const RouteContext &context)
{
    FormFields fields;
    HttpResponse error;
    if (!authenticateClient(context.request, fields, error))
        return error;

    const QString token = fields.value(QStringLiteral("token"));
    if (token.isEmpty())
        return invalidRequest(QStringLiteral("token is missing."));

    return HttpResponse::json(200, describeToken(token));
}

QJsonObject ExampleIdpService::describeToken(const QString &token) const
{
    const QJsonObject inactive{{QStringLiteral("active"), false}};
    const qint64 nowMs = m_clock.nowMs();

    QJsonObject body;
    body.insert(QStringLiteral("active"), true);
    body.insert(QStringLiteral("client_id"), m_config.otherClientId);
    body.insert(QStringLiteral("username"), m_config.user);
    body.insert(QStringLiteral("sub"), m_config.otherSubject);
    body.insert(QStringLiteral("account_id"), m_config.otherAccountId);

    if (const AccessTokenRecord *access = store().findAccessToken(token)) {
        const RefreshTokenRecord *grant = store().findRefreshTokenByHash(access->refreshTokenHash);
        const bool active = !access->revoked && access->expiresAtMs > nowMs && grant && !grant->revoked;
        if (!active)
            return inactive;

        body.insert(QStringLiteral("scope"), access->scopes.join(QLatin1Char(' ')));
        body.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
        body.insert(QStringLiteral("exp"), double(access->expiresAtMs / 1000));
        return body;
    }

    const RefreshTokenRecord *refresh = store().findRefreshTokenByHash(AuthStore::hashSecret(token));
    if (!refresh || refresh->revoked)
        return inactive;

    body.insert(QStringLiteral("scope"), refresh->scopes.join(QLatin1Char(' ')));
    body.insert(QStringLiteral("token_type"), QStringLiteral("refresh_token"));
    return body;
}

HttpResponse ExampleIdpService::revoke(const RouteContext &context)
{
    m_activity.countRevoke(OAuthProvider::ExampleIdp);
    if (const std::optional<RevokeFault> fault = m_faults.takeRevokeError())
        return fault->unreachable ? HttpResponse::dropped() : faultError(fault->status, fault->body);

    FormFields fields;
    HttpResponse error;
    if (!authenticateClient(context.request, fields, error))
        return error;

    const QString token = fields.value(QStringLiteral("token"));
    if (token.isEmpty())
        return invalidRequest(QStringLiteral("token is missing."));

    // RFC 7009: an unknown or already revoked token also gets 200.
    if (RefreshTokenRecord *refresh = store().findRefreshToken(token)) {
        refresh->revoked = true;
        m_state.markChanged();
    } else if (AccessTokenRecord *access = store().findAccessToken(token)) {
        access->revoked = true;
        m_state.markChanged();
    }

    return HttpResponse::empty(200);
}

} // namespace Breezee::Sandbox
