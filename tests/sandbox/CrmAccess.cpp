#include "CrmAccess.h"

#include "HubSpotErrors.h"

#include <QUuid>

namespace Breezee::Sandbox {

namespace {

HttpResponse invalidAuthentication()
{
    HttpResponse response = errorResponse(
        401, QStringLiteral("INVALID_AUTHENTICATION"),
        QStringLiteral("Authentication credentials not found. This API supports OAuth 2.0 authentication; "
                       "send an access token in the Authorization header as 'Bearer <token>'."));
    response.setHeader("x-hubspot-auth-failure", "401 Unauthorized");
    return response;
}

HttpResponse expiredAuthentication(qint64 expiresAtMs, qint64 nowMs)
{
    const qint64 secondsAgo = (nowMs - expiresAtMs) / 1000;

    QJsonObject context;
    context.insert(QStringLiteral("expire time"), QJsonArray{isoTimestamp(expiresAtMs)});

    HttpResponse response = errorResponse(
        401, QStringLiteral("EXPIRED_AUTHENTICATION"),
        QStringLiteral("The OAuth token used to make this call expired %1 second(s) ago.").arg(secondsAgo),
        QJsonObject{{QStringLiteral("context"), context}});
    response.setHeader("x-hubspot-auth-failure", "401 Unauthorized");
    return response;
}

HttpResponse rateLimited()
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("error"));
    body.insert(QStringLiteral("message"), QStringLiteral("You have reached your ten_secondly_rolling limit."));
    body.insert(QStringLiteral("errorType"), QStringLiteral("RATE_LIMIT"));
    body.insert(QStringLiteral("correlationId"), newCorrelationId());
    body.insert(QStringLiteral("policyName"), QStringLiteral("TEN_SECONDLY_ROLLING"));
    body.insert(QStringLiteral("requestId"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    return HttpResponse::json(429, body);
}

HttpResponse missingScopes(const QString &scope)
{
    QJsonObject detailContext;
    detailContext.insert(QStringLiteral("requiredGranularScopes"), QJsonArray{scope});

    QJsonObject detail;
    detail.insert(QStringLiteral("message"), QStringLiteral("One or more of the following scopes are required."));
    detail.insert(QStringLiteral("context"), detailContext);

    QJsonObject extra;
    extra.insert(QStringLiteral("context"), QJsonObject{{QStringLiteral("missingScopes"), QJsonArray{scope}}});
    extra.insert(QStringLiteral("errors"), QJsonArray{detail});

    return errorResponse(403, QStringLiteral("MISSING_SCOPES"),
                         QStringLiteral("This app hasn't been granted all required scopes to make this call. "
                                        "Missing scope: %1.").arg(scope),
                         extra);
}

QString bearerToken(const HttpRequest &request)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() < 7 || authorization.left(7).toLower() != "bearer ")
        return {};
    return QString::fromLatin1(authorization.mid(7).trimmed());
}

} // namespace

CrmAccess::CrmAccess(const SandboxConfig &config, SandboxState &state, RateLimiter &limiter, const Clock &clock,
                     FaultSwitches &faults)
    : m_config(config)
    , m_state(state)
    , m_limiter(limiter)
    , m_clock(clock)
    , m_faults(faults)
{
}

RouteHandler CrmAccess::guard(const QStringList &acceptedScopes, RouteHandler handler)
{
    return [this, acceptedScopes, handler](const RouteContext &context) {
        return check(context, acceptedScopes, handler);
    };
}

HttpResponse CrmAccess::check(const RouteContext &context, const QStringList &acceptedScopes,
                              const RouteHandler &handler)
{
    const QString token = bearerToken(context.request);
    const AccessTokenRecord *access = token.isEmpty() ? nullptr : m_state.auth.findAccessToken(token);

    // Responses to requests without a valid token still carry the hub's
    // numbers, because the sandbox hosts a single hub.
    if (!access) {
        HttpResponse response = invalidAuthentication();
        addRateHeaders(response, m_limiter.peek(m_config.hubId));
        return response;
    }

    // The crm_401 switch makes a valid token look as if it had expired
    // just now.
    const qint64 nowMs = m_clock.nowMs();
    const bool expired = access->expiresAtMs <= nowMs;
    const bool forcedExpiry = !expired && m_faults.takeCrmExpiry();
    if (expired || forcedExpiry) {
        HttpResponse response = expiredAuthentication(forcedExpiry ? nowMs : access->expiresAtMs, nowMs);
        addRateHeaders(response, m_limiter.peek(access->hubId));
        return response;
    }

    const RateLimiter::Decision decision = m_limiter.consume(access->hubId);
    if (!decision.allowed) {
        HttpResponse response = rateLimited();
        addRateHeaders(response, decision);
        return response;
    }

    bool granted = false;
    for (const QString &scope : acceptedScopes)
        granted = granted || access->scopes.contains(scope);

    const std::optional<QString> forcedMissingScope = m_faults.takeCrmMissingScope();
    HttpResponse response;
    if (forcedMissingScope)
        response = missingScopes(*forcedMissingScope);
    else
        response = granted ? handler(context) : missingScopes(acceptedScopes.constFirst());
    addRateHeaders(response, decision);
    return response;
}

void CrmAccess::addRateHeaders(HttpResponse &response, const RateLimiter::Decision &decision) const
{
    if (!m_limiter.enabled())
        return;

    response.setHeader("X-HubSpot-RateLimit-Max", QByteArray::number(decision.max));
    response.setHeader("X-HubSpot-RateLimit-Remaining", QByteArray::number(decision.remaining));
    response.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds", QByteArray::number(decision.windowMs));
}

} // namespace Breezee::Sandbox
