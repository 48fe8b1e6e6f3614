#include "SupportService.h"

#include "HubSpotErrors.h"
#include "PropertyValues.h"

#include <algorithm>

namespace Breezee::Sandbox {

namespace {

// The default and the largest page of GET /_sandbox/requests?since=N.
constexpr int DefaultRequestPage = 1000;
constexpr int MaxRequestPage = 50000;

// The notes of a contact in timeline order: by hs_timestamp, then id.
bool noteBefore(const CrmRecord *a, const CrmRecord *b)
{
    const QString left = a->value(QStringLiteral("hs_timestamp"));
    const QString right = b->value(QStringLiteral("hs_timestamp"));
    if (left != right)
        return left < right;
    return a->key() < b->key();
}

} // namespace

SupportService::SupportService(SandboxState &state, RequestLog &log, RateLimiter &limiter,
                               RateLimiter &searchLimiter, Clock &clock, FaultSwitches &faults,
                               OAuthActivity &activity)
    : m_state(state)
    , m_log(log)
    , m_limiter(limiter)
    , m_searchLimiter(searchLimiter)
    , m_clock(clock)
    , m_faults(faults)
    , m_activity(activity)
{
}

void SupportService::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/_sandbox/state"), [this](const RouteContext &c) { return dumpState(c); });
    router.add("POST", QStringLiteral("/_sandbox/contacts"), [this](const RouteContext &c) { return seedContact(c); });
    router.add("POST", QStringLiteral("/_sandbox/contacts/merge"), [this](const RouteContext &c) { return mergeContacts(c); });
    router.add("GET", QStringLiteral("/_sandbox/contacts/{contactId}"), [this](const RouteContext &c) { return readContact(c); });
    router.add("GET", QStringLiteral("/_sandbox/contacts/{contactId}/notes"),
               [this](const RouteContext &c) { return listContactNotes(c); });
    router.add("POST", QStringLiteral("/_sandbox/companies"), [this](const RouteContext &c) { return seedCompany(c); });
    router.add("POST", QStringLiteral("/_sandbox/search/publish"),
               [this](const RouteContext &c) { return publishSearchIndex(c); });
    router.add("POST", QStringLiteral("/_sandbox/reset"), [this](const RouteContext &c) { return reset(c); });
    router.add("GET", QStringLiteral("/_sandbox/requests"), [this](const RouteContext &c) { return listRequests(c); });
    router.add("POST", QStringLiteral("/_sandbox/clock/advance"), [this](const RouteContext &c) { return advanceClock(c); });
    router.add("GET", QStringLiteral("/_sandbox/faults"), [this](const RouteContext &c) { return listFaults(c); });
    router.add("POST", QStringLiteral("/_sandbox/faults"), [this](const RouteContext &c) { return setFaults(c); });
    router.add("DELETE", QStringLiteral("/_sandbox/faults"), [this](const RouteContext &c) { return clearFaults(c); });
}

QJsonArray SupportService::linkedIds(CrmObjectKind fromKind, qint64 fromKey, CrmObjectKind toKind) const
{
    QJsonArray ids;
    const QList<RecordRef> linked = m_state.associations.linkedRecords(RecordRef{fromKind, fromKey}, toKind);
    for (const RecordRef &ref : linked)
        ids.append(QString::number(ref.id));
    return ids;
}

QJsonObject SupportService::contactToJson(const CrmRecord &contact) const
{
    QJsonObject object = ContactStore::contactToJson(contact);
    const RecordRef ref{CrmObjectKind::Contact, contact.key()};

    QJsonValue primaryCompany;
    const QList<RecordRef> companies = m_state.associations.linkedRecords(ref, CrmObjectKind::Company);
    for (const RecordRef &company : companies) {
        if (m_state.associations.typesBetween(ref, company).contains(1))
            primaryCompany = QString::number(company.id);
    }

    object.insert(QStringLiteral("companyIds"), linkedIds(CrmObjectKind::Contact, contact.key(), CrmObjectKind::Company));
    object.insert(QStringLiteral("primaryCompanyId"), primaryCompany);
    object.insert(QStringLiteral("noteIds"), linkedIds(CrmObjectKind::Contact, contact.key(), CrmObjectKind::Note));
    return object;
}

QJsonObject SupportService::companyToJson(const CrmRecord &company) const
{
    QJsonObject object = recordToStateJson(company);
    object.insert(QStringLiteral("contactIds"), linkedIds(CrmObjectKind::Company, company.key(), CrmObjectKind::Contact));
    return object;
}

QJsonObject SupportService::noteToJson(const CrmRecord &note) const
{
    QJsonObject associations;
    associations.insert(QStringLiteral("contacts"), linkedIds(CrmObjectKind::Note, note.key(), CrmObjectKind::Contact));
    associations.insert(QStringLiteral("companies"), linkedIds(CrmObjectKind::Note, note.key(), CrmObjectKind::Company));

    QJsonObject object = recordToStateJson(note);
    object.insert(QStringLiteral("body"), note.value(QStringLiteral("hs_note_body")));
    object.insert(QStringLiteral("timestamp"), note.value(QStringLiteral("hs_timestamp")));
    object.insert(QStringLiteral("associations"), associations);
    return object;
}

QJsonObject SupportService::countersToJson() const
{
    const qint64 nowMs = m_clock.nowMs();
    QJsonObject counters = m_log.countersToJson();
    counters.insert(QStringLiteral("auth"), m_state.auth.counts(nowMs));
    const QJsonObject hubSpotOAuth = m_activity.countersToJson(OAuthProvider::HubSpot);
    for (auto it = hubSpotOAuth.begin(); it != hubSpotOAuth.end(); ++it)
        counters.insert(it.key(), it.value());

    QJsonObject otherIdp = m_activity.countersToJson(OAuthProvider::ExampleIdp);
    otherIdp.insert(QStringLiteral("auth"), m_state.otherIdpAuth.counts(nowMs));
    counters.insert(QStringLiteral("other_idp"), otherIdp);
    return counters;
}

HttpResponse SupportService::dumpState(const RouteContext &)
{
    QJsonArray contacts;
    const QList<const Contact *> allContacts = m_state.contacts.all();
    for (const Contact *contact : allContacts)
        contacts.append(contactToJson(*contact));

    QJsonArray companies;
    const QList<const CrmRecord *> allCompanies = m_state.companies.all();
    for (const CrmRecord *company : allCompanies)
        companies.append(companyToJson(*company));

    QJsonArray notes;
    const QList<const CrmRecord *> allNotes = m_state.notes.all();
    for (const CrmRecord *note : allNotes)
        notes.append(noteToJson(*note));

    QJsonArray properties;
    const QList<PropertyDefinition> definitions = m_state.contactProperties.properties();
    for (const PropertyDefinition &definition : definitions)
        properties.append(definition.toJson());

    QJsonArray groups;
    const QList<PropertyGroup> propertyGroups = m_state.contactProperties.groups();
    for (const PropertyGroup &group : propertyGroups)
        groups.append(group.toJson());

    QJsonObject pending;
    pending.insert(QStringLiteral("contacts"), m_state.contacts.searchIndex().pendingCount());
    pending.insert(QStringLiteral("companies"), m_state.companies.searchIndex().pendingCount());
    pending.insert(QStringLiteral("notes"), m_state.notes.searchIndex().pendingCount());

    QJsonObject search;
    search.insert(QStringLiteral("lagMs"), double(m_state.contacts.searchIndex().lagMs()));
    search.insert(QStringLiteral("pending"), pending);

    QJsonObject body;
    body.insert(QStringLiteral("contacts"), contacts);
    body.insert(QStringLiteral("companies"), companies);
    body.insert(QStringLiteral("notes"), notes);
    body.insert(QStringLiteral("associationCount"), m_state.associations.linkCount());
    body.insert(QStringLiteral("mergedContactCount"), m_state.contacts.mergedCount());
    body.insert(QStringLiteral("search"), search);
    body.insert(QStringLiteral("properties"), properties);
    body.insert(QStringLiteral("groups"), groups);
    body.insert(QStringLiteral("counters"), countersToJson());
    body.insert(QStringLiteral("clockOffsetMs"), double(m_clock.offsetMs()));
    body.insert(QStringLiteral("last_authorize"), m_activity.lastAuthorize());
    body.insert(QStringLiteral("last_token_request"), m_activity.lastTokenRequest());
    body.insert(QStringLiteral("faults"), m_faults.toJson());
    return HttpResponse::json(200, body);
}

HttpResponse SupportService::seed(CrmObjectKind kind, const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    // Seeding skips HubSpot's rules on purpose, so tests can build states
    // the API would refuse, such as hs_additional_emails or duplicates.
    // Seeded records are searchable at once: they stand for data that was
    // in the account before the test.
    QHash<QString, QString> values;
    const QJsonObject properties = body->value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const std::optional<QString> value = propertyValueFromJson(it.value());
        if (!value)
            return validationError(QStringLiteral("The seed value of '%1' must be a string.").arg(it.key()));
        values.insert(it.key(), *value);
    }

    const CrmRecord &record = m_state.store(kind).create(values, m_clock.nowMs(), true);
    m_state.markChanged();
    return HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), record.id}});
}

HttpResponse SupportService::seedContact(const RouteContext &context)
{
    return seed(CrmObjectKind::Contact, context);
}

HttpResponse SupportService::seedCompany(const RouteContext &context)
{
    return seed(CrmObjectKind::Company, context);
}

HttpResponse SupportService::mergeContacts(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const QString primaryId = body->value(QStringLiteral("primaryId")).toVariant().toString();
    const QString mergedId = body->value(QStringLiteral("mergedId")).toVariant().toString();
    if (primaryId.isEmpty() || mergedId.isEmpty())
        return validationError(QStringLiteral("Send {\"primaryId\": ..., \"mergedId\": ...} with two contact ids."));

    if (std::optional<QString> mergeError = m_state.mergeContacts(primaryId, mergedId, m_clock.nowMs()))
        return errorResponse(404, QStringLiteral("OBJECT_NOT_FOUND"), *mergeError);

    return HttpResponse::json(200, contactToJson(*m_state.contacts.find(primaryId)));
}

HttpResponse SupportService::readContact(const RouteContext &context)
{
    const QString id = context.param(QStringLiteral("contactId"));
    const CrmRecord *contact = m_state.contacts.find(id);
    if (!contact) {
        const QString primaryId = m_state.contacts.mergedInto(id);
        return errorResponse(404, QStringLiteral("OBJECT_NOT_FOUND"),
                             primaryId.isEmpty() ? QStringLiteral("Contact %1 does not exist.").arg(id)
                                                 : QStringLiteral("Contact %1 was merged into %2.").arg(id, primaryId),
                             QJsonObject{{QStringLiteral("mergedInto"), primaryId.isEmpty() ? QJsonValue() : QJsonValue(primaryId)}});
    }
    return HttpResponse::json(200, contactToJson(*contact));
}

HttpResponse SupportService::listContactNotes(const RouteContext &context)
{
    const QString id = context.param(QStringLiteral("contactId"));
    const CrmRecord *contact = m_state.contacts.find(id);
    if (!contact)
        return errorResponse(404, QStringLiteral("OBJECT_NOT_FOUND"), QStringLiteral("Contact %1 does not exist.").arg(id));

    QList<const CrmRecord *> notes;
    const QList<RecordRef> linked =
        m_state.associations.linkedRecords(RecordRef{CrmObjectKind::Contact, contact->key()}, CrmObjectKind::Note);
    for (const RecordRef &ref : linked) {
        if (const CrmRecord *note = m_state.notes.find(QString::number(ref.id)))
            notes.append(note);
    }
    std::sort(notes.begin(), notes.end(), noteBefore);

    QJsonArray array;
    for (const CrmRecord *note : notes)
        array.append(noteToJson(*note));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("notes"), array}});
}

HttpResponse SupportService::publishSearchIndex(const RouteContext &)
{
    m_state.publishSearchIndexes();
    return HttpResponse::json(200, QJsonObject());
}

HttpResponse SupportService::reset(const RouteContext &)
{
    m_state.reset();
    m_log.clear();
    m_limiter.reset();
    m_searchLimiter.reset();
    m_clock.reset();
    m_faults.clear();
    m_activity.clear();
    return HttpResponse::json(200, QJsonObject());
}

HttpResponse SupportService::listRequests(const RouteContext &context)
{
    const FormFields &query = context.request.query;
    if (query.value(QStringLiteral("summary")) == QLatin1String("1"))
        return HttpResponse::json(200, m_log.summaryToJson());

    if (!query.contains(QStringLiteral("since")))
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("requests"), m_log.entriesToJson()}});

    bool sinceOk = false;
    const qint64 since = query.value(QStringLiteral("since")).toLongLong(&sinceOk);
    bool limitOk = true;
    const int limit = query.contains(QStringLiteral("limit")) ? query.value(QStringLiteral("limit")).toInt(&limitOk)
                                                              : DefaultRequestPage;
    if (!sinceOk || since < 0 || !limitOk || limit < 1 || limit > MaxRequestPage) {
        return validationError(QStringLiteral("since must be a sequence number of 0 or more and limit an integer "
                                              "from 1 to %1.").arg(MaxRequestPage));
    }
    return HttpResponse::json(200, m_log.pageToJson(since, limit));
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
