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

// HubSpot's 429 body. The message names the policy in lower case, for
// example "You have reached your ten_secondly_rolling limit."
HttpResponse rateLimited(const QString &policyName)
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("error"));
    body.insert(QStringLiteral("message"), QStringLiteral("You have reached your %1 limit.").arg(policyName.toLower()));
    body.insert(QStringLiteral("errorType"), QStringLiteral("RATE_LIMIT"));
    body.insert(QStringLiteral("correlationId"), newCorrelationId());
    body.insert(QStringLiteral("policyName"), policyName);
    body.insert(QStringLiteral("requestId"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    return HttpResponse::json(429, body);
}

const QString TenSecondlyRolling = QStringLiteral("TEN_SECONDLY_ROLLING");
const QString Secondly = QStringLiteral("SECONDLY");

// NOTE: HubSpot's bodies for these statuses were not confirmed. They keep
// its error shape, so a client that reads "message" and "category" works.
HttpResponse serverError(int status)
{
    switch (status) {
    case 423:
        return errorResponse(423, QStringLiteral("LOCKED"),
                             QStringLiteral("Locked: the account is busy with a large number of writes; wait at "
                                            "least 2 seconds and retry."));
    case 502:
        return errorResponse(502, QStringLiteral("BAD_GATEWAY"), QStringLiteral("Bad Gateway"));
    case 503:
        return errorResponse(503, QStringLiteral("SERVICE_UNAVAILABLE"), QStringLiteral("Service Unavailable"));
    case 504:
        return errorResponse(504, QStringLiteral("GATEWAY_TIMEOUT"), QStringLiteral("Gateway Timeout"));
    default:
        break;
    }
    if (status >= 500)
        return errorResponse(status, QStringLiteral("INTERNAL_ERROR"), QStringLiteral("internal error"));
    return errorResponse(status, QStringLiteral("VALIDATION_ERROR"),
                         QStringLiteral("The sandbox was told to fail this request with %1.").arg(status));
}

HttpResponse nonJsonResponse(const QString &kind)
{
    if (kind == QLatin1String("html")) {
        return HttpResponse::html(200, QByteArrayLiteral(
            "<!DOCTYPE html>\n<html><head><title>HubSpot is temporarily unavailable</title></head>\n"
            "<body><h1>Something went wrong</h1><p>We are working on it. Please try again in a few "
            "minutes.</p></body></html>\n"));
    }

    HttpResponse response;
    response.status = 200;
    response.setHeader("Content-Type", "application/json;charset=utf-8");
    if (kind == QLatin1String("text"))
        response.body = QByteArrayLiteral("upstream connect error or disconnect/reset before headers\n");
    return response;
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

CrmAccess::CrmAccess(const SandboxConfig &config, SandboxState &state, RateLimiter &limiter,
                     RateLimiter &searchLimiter, const Clock &clock, FaultSwitches &faults)
    : m_config(config)
    , m_state(state)
    , m_limiter(limiter)
    , m_searchLimiter(searchLimiter)
    , m_clock(clock)
    , m_faults(faults)
{
}

RouteHandler CrmAccess::guard(const QStringList &acceptedScopes, RouteHandler handler)
{
    return [this, acceptedScopes, handler](const RouteContext &context) {
        return respond(context, acceptedScopes, handler, LimitKind::Rolling);
    };
}

RouteHandler CrmAccess::guardSearch(const QStringList &acceptedScopes, RouteHandler handler)
{
    return [this, acceptedScopes, handler](const RouteContext &context) {
        return respond(context, acceptedScopes, handler, LimitKind::Search);
    };
}

HttpResponse CrmAccess::respond(const RouteContext &context, const QStringList &acceptedScopes,
                                const RouteHandler &handler, LimitKind limitKind)
{
    const QString path = QString::fromUtf8(context.request.path);
    const std::optional<int> stallMs = m_faults.takeCrmStall(path);
    if (!stallMs && m_config.latencyMs <= 0)
        return respondNow(context, acceptedScopes, handler, limitKind);

    // The context refers to the parsed request, which is gone by the time
    // the delay ends, so the continuation keeps copies.
    const int delayMs = stallMs && *stallMs < 0 ? -1 : m_config.latencyMs + stallMs.value_or(0);
    return HttpResponse::deferred(delayMs, [this, request = context.request, params = context.params, acceptedScopes,
                                            handler, limitKind, stalled = stallMs.has_value()] {
        HttpResponse response = respondNow(RouteContext{request, params}, acceptedScopes, handler, limitKind);
        if (stalled && response.faultName.isEmpty())
            response.faultName = QStringLiteral("crm_stall_ms");
        return response;
    });
}

HttpResponse CrmAccess::respondNow(const RouteContext &context, const QStringList &acceptedScopes,
                                   const RouteHandler &handler, LimitKind limitKind)
{
    const QString path = QString::fromUtf8(context.request.path);
    if (std::optional<HttpResponse> fault = transportFault(path))
        return *fault;

    // A reset either replaces the request, so nothing is written, or
    // follows it, so only the response is lost.
    const std::optional<CrmResetFault> reset = m_faults.takeCrmReset(path);
    if (reset && !reset->afterHandling) {
        HttpResponse dropped = HttpResponse::dropped();
        dropped.faultName = QStringLiteral("crm_reset");
        return dropped;
    }

    const std::optional<CrmTruncateFault> truncate = m_faults.takeCrmTruncate(path);
    HttpResponse response = check(context, acceptedScopes, handler, limitKind);
    if (reset) {
        response = HttpResponse::dropped();
        response.faultName = QStringLiteral("crm_reset");
    } else if (truncate) {
        response.truncateBody = !truncate->shortLength;
        response.shortContentLength = truncate->shortLength;
        response.faultName = QStringLiteral("crm_truncate");
    }
    return response;
}

std::optional<HttpResponse> CrmAccess::transportFault(const QString &path)
{
    if (m_faults.takeRateStorm(path)) {
        HttpResponse response = rateLimited(TenSecondlyRolling);
        addExhaustedRateHeaders(response);
        response.faultName = QStringLiteral("rate_429_storm_ms");
        return response;
    }

    if (const std::optional<CrmStatusFault> status = m_faults.takeCrmStatus(path)) {
        HttpResponse response = statusFaultResponse(*status);
        response.faultName = QStringLiteral("crm_status");
        return response;
    }

    if (const std::optional<CrmNonJsonFault> nonJson = m_faults.takeCrmNonJson(path)) {
        HttpResponse response = nonJsonResponse(nonJson->kind);
        response.faultName = QStringLiteral("crm_non_json");
        return response;
    }
    return std::nullopt;
}

HttpResponse CrmAccess::statusFaultResponse(const CrmStatusFault &fault) const
{
    HttpResponse response;
    if (fault.body)
        response = HttpResponse::json(fault.status, *fault.body);
    else if (fault.status == 429)
        response = rateLimited(fault.policyName);
    else
        response = serverError(fault.status);

    if (fault.status == 429 && fault.policyName == TenSecondlyRolling)
        addExhaustedRateHeaders(response);
    if (fault.retryAfterSeconds)
        response.setHeader("Retry-After", QByteArray::number(*fault.retryAfterSeconds));
    return response;
}

HttpResponse CrmAccess::check(const RouteContext &context, const QStringList &acceptedScopes,
                              const RouteHandler &handler, LimitKind limitKind)
{
    const bool search = limitKind == LimitKind::Search;
    const QString token = bearerToken(context.request);
    const AccessTokenRecord *access = token.isEmpty() ? nullptr : m_state.auth.findAccessToken(token);

    // Responses to requests without a valid token still carry the hub's
    // numbers, because the sandbox hosts a single hub.
    if (!access) {
        HttpResponse response = invalidAuthentication();
        if (!search)
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
        if (!search)
            addRateHeaders(response, m_limiter.peek(access->hubId));
        return response;
    }

    const RateLimiter::Decision decision = search ? m_searchLimiter.consume(access->hubId)
                                                  : m_limiter.consume(access->hubId);
    if (!decision.allowed) {
        HttpResponse response = rateLimited(search ? Secondly : TenSecondlyRolling);
        if (!search)
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
    if (!search)
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

// Adds the headers of a 429 that a fault switch requested: the configured
// limit with nothing remaining.
void CrmAccess::addExhaustedRateHeaders(HttpResponse &response) const
{
    RateLimiter::Decision decision;
    decision.max = m_config.rateLimit > 0 ? m_config.rateLimit : 110;
    decision.remaining = 0;
    decision.windowMs = m_config.rateWindowMs;

    response.setHeader("X-HubSpot-RateLimit-Max", QByteArray::number(decision.max));
    response.setHeader("X-HubSpot-RateLimit-Remaining", QByteArray::number(decision.remaining));
    response.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds", QByteArray::number(decision.windowMs));
}

} // namespace Breezee::Sandbox
