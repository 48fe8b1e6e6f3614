#include "OAuthService.h"

#include "ConsentPage.h"
#include "HubSpotErrors.h"
#include "OAuthCommon.h"

namespace Breezee::Sandbox {

namespace {

// The token endpoint's error shape since OAuth v3: RFC 6749 fields plus
// HubSpot's older "status" and "message".
HttpResponse oauthError(const QString &error, const QString &status, const QString &description)
{
    QJsonObject body;
    body.insert(QStringLiteral("error"), error);
    body.insert(QStringLiteral("error_description"), description);
    body.insert(QStringLiteral("status"), status);
    body.insert(QStringLiteral("message"), description);
    body.insert(QStringLiteral("correlationId"), newCorrelationId());

    HttpResponse response = HttpResponse::json(400, body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse authorizeError(const QString &message)
{
    return HttpResponse::html(400, renderAuthorizeErrorPage(message));
}

// NOTE: the 500 body follows what API users report seeing from HubSpot:
// status "error", the message "internal error" and a correlationId, with no
// category. Other statuses carry their reason phrase as the message.
HttpResponse genericError(int status)
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("error"));
    body.insert(QStringLiteral("message"), status == 500 ? QStringLiteral("internal error")
                                                         : QString::fromLatin1(reasonPhrase(status)).toLower());
    body.insert(QStringLiteral("correlationId"), newCorrelationId());

    HttpResponse response = HttpResponse::json(status, body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse tokenFaultResponse(const TokenErrorFault &fault, const QString &grantType)
{
    if (fault.preset == QLatin1String("server_error"))
        return genericError(500);

    if (fault.preset == QLatin1String("invalid_grant")) {
        if (grantType == QLatin1String("authorization_code")) {
            return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("BAD_AUTH_CODE"),
                              QStringLiteral("missing or unknown auth code"));
        }
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("BAD_REFRESH_TOKEN"),
                          QStringLiteral("refresh token is invalid, expired or revoked"));
    }

    if (!fault.body)
        return genericError(fault.status);

    HttpResponse response = HttpResponse::json(fault.status, *fault.body);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse revokeFaultResponse(const RevokeFault &fault)
{
    if (fault.unreachable)
        return HttpResponse::dropped();
    if (!fault.body)
        return genericError(fault.status);
    return HttpResponse::json(fault.status, *fault.body);
}

} // namespace

OAuthService::OAuthService(const SandboxConfig &config, SandboxState &state, const Clock &clock,
                           FaultSwitches &faults, OAuthActivity &activity)
    : m_config(config)
    , m_state(state)
    , m_clock(clock)
    , m_faults(faults)
    , m_activity(activity)
{
}

void OAuthService::registerRoutes(Router &router)
{
    const RouteHandler recordedAuthorize = [this](const RouteContext &c) {
        const HttpResponse response = authorize(c);
        m_activity.recordAuthorize(OAuthProvider::HubSpot, c.request, response.status, m_clock.nowMs());
        return response;
    };
    router.add("GET", QStringLiteral("/oauth/authorize"), recordedAuthorize);
    router.add("GET", QStringLiteral("/oauth/{accountId}/authorize"), recordedAuthorize);
    router.add("POST", QStringLiteral("/oauth/authorize/decision"), [this](const RouteContext &c) { return decide(c); });

    const QStringList versions = {QStringLiteral("v1"), QStringLiteral("v3"), QStringLiteral("2026-03")};
    for (const QString &version : versions) {
        const QString base = QStringLiteral("/oauth/%1/token").arg(version);
        router.add("POST", base, [this](const RouteContext &c) { return token(c); });
        if (version == QLatin1String("v1"))
            continue;
        router.add("POST", base + QStringLiteral("/introspect"), [this](const RouteContext &c) { return introspect(c); });
        router.add("POST", base + QStringLiteral("/revoke"), [this](const RouteContext &c) { return revoke(c); });
    }
}

HttpResponse OAuthService::authorize(const RouteContext &context)
{
    const FormFields &query = context.request.query;

    const QString clientId = query.value(QStringLiteral("client_id"));
    if (clientId != m_config.clientId) {
        return authorizeError(QStringLiteral("Authorization failed because the client_id '%1' doesn't belong to "
                                             "any app.").arg(clientId));
    }

    const QString redirectUri = query.value(QStringLiteral("redirect_uri"));
    if (!m_config.redirectUris.contains(redirectUri)) {
        return authorizeError(QStringLiteral("Authorization failed as the redirect URL '%1' doesn't match the "
                                             "app's registered redirect URL").arg(redirectUri));
    }

    const QStringList scopes = splitScopes(query.value(QStringLiteral("scope")));
    if (!scopes.contains(QStringLiteral("oauth"))) {
        return authorizeError(QStringLiteral("Authorization failed because the scope parameter is missing or "
                                             "does not include the required scope 'oauth'."));
    }
    for (const QString &scope : scopes) {
        if (scopeDescription(scope).isEmpty()) {
            return authorizeError(QStringLiteral("Authorization failed because the app can't request the scope "
                                                 "'%1'. Check the scopes in the install URL.").arg(scope));
        }
    }

    // HubSpot silently drops optional scopes the account cannot grant. Here
    // that means scopes the sandbox app does not know.
    QStringList optionalScopes;
    const QStringList requestedOptional = splitScopes(query.value(QStringLiteral("optional_scope")));
    for (const QString &scope : requestedOptional) {
        if (!scopeDescription(scope).isEmpty() && !scopes.contains(scope) && !optionalScopes.contains(scope))
            optionalScopes.append(scope);
    }

    PendingAuthorization pending;
    pending.clientId = clientId;
    pending.redirectUri = redirectUri;
    pending.scopes = scopes + optionalScopes;
    pending.createdAtMs = m_clock.nowMs();
    if (query.contains(QStringLiteral("state")))
        pending.state = query.value(QStringLiteral("state"));

    const QString challenge = query.value(QStringLiteral("code_challenge"));
    const QString method = query.value(QStringLiteral("code_challenge_method"));
    if (!challenge.isEmpty() || !method.isEmpty()) {
        if (!isPkceString(challenge)) {
            return authorizeError(QStringLiteral("Authorization failed because code_challenge is missing or is not "
                                                 "43 to 128 characters of letters, digits and -._~."));
        }
        if (!method.isEmpty() && method != QLatin1String("S256") && method != QLatin1String("plain")) {
            return authorizeError(QStringLiteral("Authorization failed because code_challenge_method '%1' is not "
                                                 "supported; use S256.").arg(method));
        }
        pending.codeChallenge = challenge;
        pending.codeChallengeMethod = method.isEmpty() ? QStringLiteral("plain") : method;
    }

    if (m_config.autoApprove)
        return redirectWithCode(pending);

    ConsentPageModel model;
    model.appName = m_config.appName;
    model.user = m_config.user;
    model.hubDomain = m_config.hubDomain;
    model.hubId = m_config.hubId;
    model.scopes = scopes;
    model.optionalScopes = optionalScopes;
    model.pendingRequestId = m_state.auth.addPending(pending);
    return HttpResponse::html(200, renderConsentPage(model));
}

HttpResponse OAuthService::decide(const RouteContext &context)
{
    if (context.request.mediaType() != "application/x-www-form-urlencoded")
        return authorizeError(QStringLiteral("The consent form must be posted as application/x-www-form-urlencoded."));

    const FormFields fields = FormFields::parse(context.request.body);
    const QString decision = fields.value(QStringLiteral("decision"));
    if (decision != QLatin1String("allow") && decision != QLatin1String("deny"))
        return authorizeError(QStringLiteral("The consent form carried no decision. Press Allow or Deny."));

    const std::optional<PendingAuthorization> pending = m_state.auth.takePending(fields.value(QStringLiteral("request_id")));
    if (!pending) {
        return authorizeError(QStringLiteral("This authorization request has expired or was already answered. "
                                             "Start the connection again from the app."));
    }

    if (decision == QLatin1String("deny"))
        return HttpResponse::html(200, renderDeclinedPage(m_config.appName));

    return redirectWithCode(*pending);
}

HttpResponse OAuthService::redirectWithCode(const PendingAuthorization &approved)
{
    const qint64 expiresAtMs = m_clock.nowMs() + qint64(m_config.codeLifetimeSeconds) * 1000;
    const QString code = m_state.auth.issueCode(approved, expiresAtMs);
    m_state.markChanged();

    QList<QPair<QString, QString>> items = {{QStringLiteral("code"), code}};
    if (approved.state)
        items.append({QStringLiteral("state"), *approved.state});

    return HttpResponse::redirect(withQueryItems(approved.redirectUri, items));
}

bool OAuthService::readClientForm(const HttpRequest &request, FormFields &fields, HttpResponse &error) const
{
    if (request.mediaType() != "application/x-www-form-urlencoded") {
        error = oauthError(QStringLiteral("invalid_request"), QStringLiteral("BAD_REQUEST"),
                           QStringLiteral("The request body must be application/x-www-form-urlencoded."));
        return false;
    }

    fields = FormFields::parse(request.body);

    if (fields.value(QStringLiteral("client_id")) != m_config.clientId
        || fields.value(QStringLiteral("client_secret")) != m_config.clientSecret) {
        error = oauthError(QStringLiteral("invalid_client"), QStringLiteral("BAD_CLIENT_ID"),
                           QStringLiteral("missing or invalid client_id or client_secret"));
        return false;
    }

    return true;
}

HttpResponse OAuthService::token(const RouteContext &context)
{
    const HttpRequest &request = context.request;
    m_activity.recordTokenRequest(OAuthProvider::HubSpot, request, m_clock.nowMs());

    // A stalled request is handled only when the stall ends, and not at all
    // when the client gives up first.
    const std::optional<int> stallMs = m_faults.takeTokenStall(OAuthActivity::grantTypeOf(request));
    if (stallMs)
        return HttpResponse::deferred(*stallMs, [this, request] { return answerToken(request); });

    return answerToken(request);
}

HttpResponse OAuthService::answerToken(const HttpRequest &request)
{
    const QString requestedGrant = OAuthActivity::grantTypeOf(request);
    if (const std::optional<TokenErrorFault> fault = m_faults.takeTokenError(requestedGrant))
        return tokenFaultResponse(*fault, requestedGrant);

    FormFields fields;
    HttpResponse error;
    if (!readClientForm(request, fields, error))
        return error;

    const QString grantType = fields.value(QStringLiteral("grant_type"));
    if (grantType == QLatin1String("authorization_code"))
        return exchangeCode(fields);
    if (grantType == QLatin1String("refresh_token"))
        return refreshAccessToken(fields);

    return oauthError(QStringLiteral("unsupported_grant_type"), QStringLiteral("BAD_GRANT_TYPE"),
                      QStringLiteral("grant_type '%1' is not supported; use authorization_code or refresh_token.")
                          .arg(grantType));
}

HttpResponse OAuthService::exchangeCode(const FormFields &fields)
{
    AuthorizationCode *code = m_state.auth.findCode(fields.value(QStringLiteral("code")));
    if (!code || code->clientId != m_config.clientId) {
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("BAD_AUTH_CODE"),
                          QStringLiteral("missing or unknown auth code"));
    }

    if (code->used) {
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("BAD_AUTH_CODE"),
                          QStringLiteral("auth code has already been used"));
    }

    if (code->expiresAtMs <= m_clock.nowMs()) {
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("EXPIRED_AUTH_CODE"),
                          QStringLiteral("auth code is expired"));
    }

    if (fields.value(QStringLiteral("redirect_uri")) != code->redirectUri) {
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("BAD_REDIRECT_URI"),
                          QStringLiteral("redirect_uri does not match the one in the authorize request"));
    }

    if (!code->codeChallenge.isEmpty() && !verifierMatches(*code, fields.value(QStringLiteral("code_verifier")))) {
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("BAD_CODE_VERIFIER"),
                          QStringLiteral("code_verifier is missing or does not match the code_challenge"));
    }

    code->used = true;
    const QStringList scopes = m_faults.grantScopes().value_or(code->scopes);
    const QString refreshToken = m_state.auth.issueRefreshToken(m_config.clientId, scopes, m_config.hubId,
                                                                m_config.userId, m_clock.nowMs());
    m_state.markChanged();

    return tokenReply(*m_state.auth.findRefreshToken(refreshToken), refreshToken, false);
}

HttpResponse OAuthService::refreshAccessToken(const FormFields &fields)
{
    const QString refreshToken = fields.value(QStringLiteral("refresh_token"));
    const RefreshTokenRecord *refresh = m_state.auth.findRefreshToken(refreshToken);
    if (!refresh || refresh->revoked || refresh->clientId != m_config.clientId) {
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("BAD_REFRESH_TOKEN"),
                          QStringLiteral("refresh token is invalid, expired or revoked"));
    }

    return tokenReply(*refresh, refreshToken, true);
}

HttpResponse OAuthService::tokenReply(const RefreshTokenRecord &refresh, const QString &refreshToken,
                                      bool isRefresh)
{
    const QStringList scopes = m_faults.grantScopes().value_or(refresh.scopes);
    const qint64 expiresAtMs = m_clock.nowMs() + qint64(m_config.accessTokenLifetimeSeconds) * 1000;
    const QString accessToken = m_state.auth.issueAccessToken(refresh, scopes, expiresAtMs);
    m_state.markChanged();

    QJsonObject body;
    body.insert(QStringLiteral("token_type"), QStringLiteral("bearer"));
    if (!isRefresh || !m_faults.takeRefreshWithoutRefreshToken())
        body.insert(QStringLiteral("refresh_token"), refreshToken);
    body.insert(QStringLiteral("access_token"), accessToken);
    body.insert(QStringLiteral("expires_in"), m_config.accessTokenLifetimeSeconds);
    body.insert(QStringLiteral("hub_id"), double(refresh.hubId));
    body.insert(QStringLiteral("user_id"), double(refresh.userId));
    body.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(scopes));
    body.insert(QStringLiteral("token_use"), QStringLiteral("access_token"));

    HttpResponse response = HttpResponse::json(200, body);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    return response;
}

HttpResponse OAuthService::introspect(const RouteContext &context)
{
    FormFields fields;
    HttpResponse error;
    if (!readClientForm(context.request, fields, error))
        return error;

    const QString token = fields.value(QStringLiteral("token"));
    if (token.isEmpty()) {
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("BAD_REQUEST"),
                          QStringLiteral("The form field 'token' is missing."));
    }

    const qint64 nowMs = m_clock.nowMs();
    QJsonObject body;
    body.insert(QStringLiteral("active"), false);

    const bool refreshHint = fields.value(QStringLiteral("token_type_hint")) == QLatin1String("refresh_token");
    const AccessTokenRecord *access = refreshHint ? nullptr : m_state.auth.findAccessToken(token);
    const RefreshTokenRecord *refresh = access ? nullptr : m_state.auth.findRefreshToken(token);

    if (access && access->expiresAtMs > nowMs) {
        body.insert(QStringLiteral("active"), true);
        body.insert(QStringLiteral("token_use"), QStringLiteral("access_token"));
        body.insert(QStringLiteral("token_type"), QStringLiteral("access"));
        body.insert(QStringLiteral("expires_in"), double((access->expiresAtMs - nowMs) / 1000));
        body.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(access->scopes));
    } else if (refresh && !refresh->revoked) {
        body.insert(QStringLiteral("active"), true);
        body.insert(QStringLiteral("token_use"), QStringLiteral("refresh_token"));
        body.insert(QStringLiteral("token_type"), QStringLiteral("refresh"));
        body.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(refresh->scopes));
    } else {
        return HttpResponse::json(200, body);
    }

    body.insert(QStringLiteral("hub_id"), double(m_config.hubId));
    body.insert(QStringLiteral("user_id"), double(m_config.userId));
    body.insert(QStringLiteral("client_id"), m_config.clientId);
    body.insert(QStringLiteral("app_id"), double(m_config.appId));
    body.insert(QStringLiteral("user"), m_config.user);
    body.insert(QStringLiteral("hub_domain"), m_config.hubDomain);
    return HttpResponse::json(200, body);
}

HttpResponse OAuthService::revoke(const RouteContext &context)
{
    m_activity.countRevoke(OAuthProvider::HubSpot);
    if (const std::optional<RevokeFault> fault = m_faults.takeRevokeError())
        return revokeFaultResponse(*fault);

    FormFields fields;
    HttpResponse error;
    if (!readClientForm(context.request, fields, error))
        return error;

    // NOTE: like HubSpot's legacy DELETE /oauth/v1/refresh-tokens/{token},
    // this revokes only the refresh token. Access tokens issued from it keep
    // working until they expire. Whether HubSpot's versioned revoke also ends
    // live access tokens is not documented. An unknown token gets 200 too,
    // as RFC 7009 requires.
    RefreshTokenRecord *refresh = m_state.auth.findRefreshToken(fields.value(QStringLiteral("token")));
    if (refresh && !refresh->revoked) {
        refresh->revoked = true;
        m_state.markChanged();
    }

    return HttpResponse::json(200, QJsonObject());
}

} // namespace Breezee::Sandbox
