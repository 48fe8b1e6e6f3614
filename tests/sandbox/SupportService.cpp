#include "SupportService.h"

#include "HubSpotErrors.h"
#include "PropertyValues.h"

namespace Breezee::Sandbox {

SupportService::SupportService(SandboxState &state, RequestLog &log, RateLimiter &limiter, Clock &clock,
                               FaultSwitches &faults, OAuthActivity &activity)
    : m_state(state)
    , m_log(log)
    , m_limiter(limiter)
    , m_clock(clock)
    , m_faults(faults)
    , m_activity(activity)
{
}

void SupportService::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/_sandbox/state"), [this](const RouteContext &c) { return dumpState(c); });
    router.add("POST", QStringLiteral("/_sandbox/contacts"), [this](const RouteContext &c) { return seedContact(c); });
    router.add("POST", QStringLiteral("/_sandbox/reset"), [this](const RouteContext &c) { return reset(c); });
    router.add("GET", QStringLiteral("/_sandbox/requests"), [this](const RouteContext &c) { return listRequests(c); });
    router.add("POST", QStringLiteral("/_sandbox/clock/advance"), [this](const RouteContext &c) { return advanceClock(c); });
    router.add("GET", QStringLiteral("/_sandbox/faults"), [this](const RouteContext &c) { return listFaults(c); });
    router.add("POST", QStringLiteral("/_sandbox/faults"), [this](const RouteContext &c) { return setFaults(c); });
    router.add("DELETE", QStringLiteral("/_sandbox/faults"), [this](const RouteContext &c) { return clearFaults(c); });
}

HttpResponse SupportService::dumpState(const RouteContext &)
{
    QJsonArray contacts;
    const QList<const Contact *> all = m_state.contacts.all();
    for (const Contact *contact : all)
        contacts.append(ContactStore::contactToJson(*contact));

    QJsonArray properties;
    const QList<PropertyDefinition> definitions = m_state.contactProperties.properties();
    for (const PropertyDefinition &definition : definitions)
        properties.append(definition.toJson());

    QJsonArray groups;
    const QList<PropertyGroup> propertyGroups = m_state.contactProperties.groups();
    for (const PropertyGroup &group : propertyGroups)
        groups.append(group.toJson());

    const qint64 nowMs = m_clock.nowMs();
    QJsonObject counters = m_log.countersToJson();
    counters.insert(QStringLiteral("auth"), m_state.auth.counts(nowMs));
    const QJsonObject hubSpotOAuth = m_activity.countersToJson(OAuthProvider::HubSpot);
    for (auto it = hubSpotOAuth.begin(); it != hubSpotOAuth.end(); ++it)
        counters.insert(it.key(), it.value());

    QJsonObject otherIdp = m_activity.countersToJson(OAuthProvider::ExampleIdp);
    otherIdp.insert(QStringLiteral("auth"), m_state.otherIdpAuth.counts(nowMs));
    counters.insert(QStringLiteral("other_idp"), otherIdp);

    QJsonObject body;
    body.insert(QStringLiteral("contacts"), contacts);
    body.insert(QStringLiteral("properties"), properties);
    body.insert(QStringLiteral("groups"), groups);
    body.insert(QStringLiteral("counters"), counters);
    body.insert(QStringLiteral("clockOffsetMs"), double(m_clock.offsetMs()));
    body.insert(QStringLiteral("last_authorize"), m_activity.lastAuthorize());
    body.insert(QStringLiteral("last_token_request"), m_activity.lastTokenRequest());
    body.insert(QStringLiteral("faults"), m_faults.toJson());
    return HttpResponse::json(200, body);
}

HttpResponse SupportService::seedContact(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    // Seeding skips HubSpot's rules on purpose, so tests can build states
    // the API would refuse, such as hs_additional_emails or duplicates.
    QHash<QString, QString> values;
    const QJsonObject properties = body->value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const std::optional<QString> value = propertyValueFromJson(it.value());
        if (!value)
            return validationError(QStringLiteral("The seed value of '%1' must be a string.").arg(it.key()));
        values.insert(it.key(), *value);
    }

    const Contact &contact = m_state.contacts.create(values, m_clock.nowMs());
    m_state.markChanged();
    return HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), contact.id}});
}

HttpResponse SupportService::reset(const RouteContext &)
{
    m_state.reset();
    m_log.clear();
    m_limiter.reset();
    m_clock.reset();
    m_faults.clear();
    m_activity.clear();
    return HttpResponse::json(200, QJsonObject());
}

HttpResponse SupportService::listRequests(const RouteContext &)
{
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("requests"), m_log.entriesToJson()}});
}

HttpResponse SupportService::advanceClock(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const QJsonValue seconds = body->value(QStringLiteral("seconds"));
    if (!seconds.isDouble() || seconds.toDouble() < 0)
        return validationError(QStringLiteral("'seconds' must be a non-negative number."));

    m_clock.advance(qint64(seconds.toDouble() * 1000));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("clockOffsetMs"), double(m_clock.offsetMs())}});
}

HttpResponse SupportService::setFaults(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QString> invalid = m_faults.apply(*body);
    if (invalid)
        return validationError(*invalid);

    return HttpResponse::json(200, m_faults.toJson());
}

HttpResponse SupportService::clearFaults(const RouteContext &)
{
    m_faults.clear();
    return HttpResponse::json(200, m_faults.toJson());
}

HttpResponse SupportService::listFaults(const RouteContext &)
{
    return HttpResponse::json(200, m_faults.toJson());
}

} // namespace Breezee::Sandbox
