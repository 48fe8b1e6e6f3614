#include "SupportService.h"

#include "HubSpotErrors.h"
#include "PropertyValues.h"

namespace Breezee::Sandbox {

SupportService::SupportService(SandboxState &state, RequestLog &log, RateLimiter &limiter, Clock &clock)
    : m_state(state)
    , m_log(log)
    , m_limiter(limiter)
    , m_clock(clock)
{
}

void SupportService::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/_sandbox/state"), [this](const RouteContext &c) { return dumpState(c); });
    router.add("POST", QStringLiteral("/_sandbox/contacts"), [this](const RouteContext &c) { return seedContact(c); });
    router.add("POST", QStringLiteral("/_sandbox/reset"), [this](const RouteContext &c) { return reset(c); });
    router.add("GET", QStringLiteral("/_sandbox/requests"), [this](const RouteContext &c) { return listRequests(c); });
    router.add("POST", QStringLiteral("/_sandbox/clock/advance"), [this](const RouteContext &c) { return advanceClock(c); });
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

    QJsonObject counters = m_log.countersToJson();
    counters.insert(QStringLiteral("auth"), m_state.auth.counts(m_clock.nowMs()));

    QJsonObject body;
    body.insert(QStringLiteral("contacts"), contacts);
    body.insert(QStringLiteral("properties"), properties);
    body.insert(QStringLiteral("groups"), groups);
    body.insert(QStringLiteral("counters"), counters);
    body.insert(QStringLiteral("clockOffsetMs"), double(m_clock.offsetMs()));
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

} // namespace Breezee::Sandbox
