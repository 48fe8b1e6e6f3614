#include "ContactsService.h"

#include "HubSpotErrors.h"
#include "PropertyValues.h"

#include <QSet>

namespace Breezee::Sandbox {

namespace {

// HubSpot's batch endpoints accept at most 100 inputs per call.
constexpr qsizetype MaxBatchInputs = 100;

const QStringList &defaultProperties()
{
    static const QStringList names = {
        QStringLiteral("createdate"), QStringLiteral("email"), QStringLiteral("firstname"),
        QStringLiteral("hs_object_id"), QStringLiteral("lastmodifieddate"), QStringLiteral("lastname"),
    };
    return names;
}

const QStringList &alwaysReturnedProperties()
{
    static const QStringList names = {
        QStringLiteral("hs_object_id"), QStringLiteral("createdate"), QStringLiteral("lastmodifieddate"),
    };
    return names;
}

// Returns the contact with the requested properties (null when unset)
// plus hs_object_id, createdate and lastmodifieddate.
QJsonObject contactWithProperties(const Contact &contact, const QStringList &requested,
                                  const PropertyCatalog &catalog)
{
    QJsonObject properties;
    for (const QString &name : requested) {
        if (!catalog.find(name))
            continue;
        const auto it = contact.properties.constFind(name);
        properties.insert(name, it == contact.properties.constEnd() ? QJsonValue() : QJsonValue(it.value()));
    }
    for (const QString &name : alwaysReturnedProperties())
        properties.insert(name, contact.value(name));

    QJsonObject object;
    object.insert(QStringLiteral("id"), contact.id);
    object.insert(QStringLiteral("properties"), properties);
    object.insert(QStringLiteral("createdAt"), isoTimestamp(contact.createdAtMs));
    object.insert(QStringLiteral("updatedAt"), isoTimestamp(contact.updatedAtMs));
    object.insert(QStringLiteral("archived"), false);
    return object;
}

// Returns the contact with every property that has a value, the shape of
// the create and update responses.
QJsonObject contactWithAllProperties(const Contact &contact)
{
    QJsonObject properties;
    for (auto it = contact.properties.begin(); it != contact.properties.end(); ++it)
        properties.insert(it.key(), it.value());

    QJsonObject object;
    object.insert(QStringLiteral("id"), contact.id);
    object.insert(QStringLiteral("properties"), properties);
    object.insert(QStringLiteral("createdAt"), isoTimestamp(contact.createdAtMs));
    object.insert(QStringLiteral("updatedAt"), isoTimestamp(contact.updatedAtMs));
    object.insert(QStringLiteral("archived"), false);
    return object;
}

// Reads the "properties" query parameter, which may repeat and may contain
// a comma-separated list.
QStringList requestedProperties(const FormFields &query)
{
    QStringList names;
    const QStringList values = query.values(QStringLiteral("properties"));
    for (const QString &value : values)
        names += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    return names.isEmpty() ? defaultProperties() : names;
}

HttpResponse notFound(const QString &id)
{
    QJsonObject context;
    context.insert(QStringLiteral("id"), QJsonArray{id});
    return errorResponse(404, QStringLiteral("OBJECT_NOT_FOUND"),
                         QStringLiteral("Object not found.  objectId are usually numeric."),
                         QJsonObject{{QStringLiteral("context"), context}});
}

HttpResponse conflict(const QString &existingId)
{
    return errorResponse(409, QStringLiteral("CONFLICT"),
                         QStringLiteral("Contact already exists. Existing ID: %1").arg(existingId));
}

QJsonObject batchConflictError(const QString &existingId, const QString &traceId)
{
    QJsonObject context;
    context.insert(QStringLiteral("objectWriteTraceId"), QJsonArray{traceId});

    QJsonObject error;
    error.insert(QStringLiteral("status"), QStringLiteral("error"));
    error.insert(QStringLiteral("category"), QStringLiteral("CONFLICT"));
    error.insert(QStringLiteral("message"), QStringLiteral("Contact already exists. Existing ID: %1").arg(existingId));
    error.insert(QStringLiteral("context"), context);
    return error;
}

QJsonObject notFoundBatchError(const QStringList &ids)
{
    QJsonObject context;
    context.insert(QStringLiteral("ids"), QJsonArray::fromStringList(ids));

    QJsonObject error;
    error.insert(QStringLiteral("status"), QStringLiteral("error"));
    error.insert(QStringLiteral("category"), QStringLiteral("OBJECT_NOT_FOUND"));
    error.insert(QStringLiteral("message"), QStringLiteral("Could not get some CONTACT objects, they may be deleted "
                                                           "or not exist. Check that ids are valid."));
    error.insert(QStringLiteral("context"), context);
    return error;
}

HttpResponse batchResponse(const QJsonArray &results, const QJsonArray &errors, qint64 startedAtMs,
                           qint64 completedAtMs, int successStatus)
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("COMPLETE"));
    body.insert(QStringLiteral("results"), results);
    if (!errors.isEmpty()) {
        body.insert(QStringLiteral("numErrors"), int(errors.size()));
        body.insert(QStringLiteral("errors"), errors);
    }
    body.insert(QStringLiteral("startedAt"), isoTimestamp(startedAtMs));
    body.insert(QStringLiteral("completedAt"), isoTimestamp(completedAtMs));
    return HttpResponse::json(errors.isEmpty() ? successStatus : 207, body);
}

// Reads body.inputs as an array of objects with at most 100 entries.
std::optional<QJsonArray> readInputs(const QJsonObject &body, HttpResponse &error)
{
    const QJsonValue inputs = body.value(QStringLiteral("inputs"));
    if (!inputs.isArray()) {
        error = validationError(QStringLiteral("Invalid input JSON: 'inputs' must be an array."));
        return std::nullopt;
    }

    const QJsonArray array = inputs.toArray();
    if (array.size() > MaxBatchInputs) {
        error = validationError(QStringLiteral("Batch input has %1 inputs, but the limit is %2 per request.")
                                    .arg(array.size())
                                    .arg(MaxBatchInputs));
        return std::nullopt;
    }

    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject()) {
            error = validationError(QStringLiteral("Invalid input JSON: inputs[%1] must be an object.").arg(i));
            return std::nullopt;
        }
    }

    return array;
}

// Reads input.properties, which must be an object when present.
std::optional<QJsonObject> readPropertiesObject(const QJsonObject &input, const QString &where, HttpResponse &error)
{
    const QJsonValue properties = input.value(QStringLiteral("properties"));
    if (properties.isUndefined())
        return QJsonObject();

    if (!properties.isObject()) {
        error = validationError(QStringLiteral("Invalid input JSON: %1.properties must be an object.").arg(where));
        return std::nullopt;
    }
    return properties.toObject();
}

// Reads an input "id", which HubSpot sends as a string. A JSON number is
// taken in its decimal form.
QString inputId(const QJsonObject &input)
{
    const QJsonValue id = input.value(QStringLiteral("id"));
    if (id.isDouble())
        return QString::number(qint64(id.toDouble()));
    return id.toString();
}

bool isRecordIdProperty(const QString &idProperty)
{
    return idProperty.isEmpty() || idProperty == QLatin1String("hs_object_id");
}

} // namespace

ContactsService::ContactsService(SandboxState &state, const Clock &clock)
    : m_state(state)
    , m_clock(clock)
    , m_validator(state.contactProperties)
{
}

void ContactsService::registerRoutes(Router &router, CrmAccess &access)
{
    // Reads accept either contacts scope: a token granted only write can
    // read back what it wrote.
    const QStringList readScopes = {QStringLiteral("crm.objects.contacts.read"),
                                     QStringLiteral("crm.objects.contacts.write")};
    const QStringList writeScopes = {QStringLiteral("crm.objects.contacts.write")};
    const QString base = QStringLiteral("/crm/v3/objects/contacts");

    router.add("POST", base + QStringLiteral("/batch/read"),
               access.guard(readScopes, [this](const RouteContext &c) { return batchRead(c); }));
    router.add("POST", base + QStringLiteral("/batch/create"),
               access.guard(writeScopes, [this](const RouteContext &c) { return batchCreate(c); }));
    router.add("POST", base + QStringLiteral("/batch/update"),
               access.guard(writeScopes, [this](const RouteContext &c) { return batchUpdate(c); }));
    router.add("GET", base, access.guard(readScopes, [this](const RouteContext &c) { return list(c); }));
    router.add("POST", base, access.guard(writeScopes, [this](const RouteContext &c) { return create(c); }));
    router.add("GET", base + QStringLiteral("/{contactId}"),
               access.guard(readScopes, [this](const RouteContext &c) { return read(c); }));
    router.add("PATCH", base + QStringLiteral("/{contactId}"),
               access.guard(writeScopes, [this](const RouteContext &c) { return update(c); }));
}

const Contact *ContactsService::lookup(const QString &id, const QString &idProperty) const
{
    if (isRecordIdProperty(idProperty))
        return m_state.contacts.find(id);

    if (idProperty == QLatin1String("email"))
        return m_state.contacts.findByEmail(id);

    return m_state.contacts.findByValue(idProperty, id);
}

HttpResponse ContactsService::list(const RouteContext &context)
{
    const FormFields &query = context.request.query;

    bool ok = true;
    const int limit = query.contains(QStringLiteral("limit")) ? query.value(QStringLiteral("limit")).toInt(&ok) : 10;
    if (!ok || limit < 1 || limit > 100)
        return validationError(QStringLiteral("limit must be an integer from 1 to 100."));

    const qint64 after = query.value(QStringLiteral("after")).toLongLong();
    const QStringList requested = requestedProperties(query);

    QJsonArray results;
    QString lastId;
    bool more = false;
    const QList<const Contact *> contacts = m_state.contacts.all();
    for (const Contact *contact : contacts) {
        if (contact->id.toLongLong() <= after)
            continue;
        if (results.size() == limit) {
            more = true;
            break;
        }
        results.append(contactWithProperties(*contact, requested, m_state.contactProperties));
        lastId = contact->id;
    }

    QJsonObject body;
    body.insert(QStringLiteral("results"), results);
    if (more) {
        QJsonObject next;
        next.insert(QStringLiteral("after"), lastId);
        body.insert(QStringLiteral("paging"), QJsonObject{{QStringLiteral("next"), next}});
    }
    return HttpResponse::json(200, body);
}

HttpResponse ContactsService::read(const RouteContext &context)
{
    const QString id = context.param(QStringLiteral("contactId"));
    const Contact *contact = lookup(id, context.request.query.value(QStringLiteral("idProperty")));
    if (!contact)
        return notFound(id);

    const QStringList requested = requestedProperties(context.request.query);
    return HttpResponse::json(200, contactWithProperties(*contact, requested, m_state.contactProperties));
}

HttpResponse ContactsService::create(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonObject> properties = readPropertiesObject(*body, QStringLiteral("input"), error);
    if (!properties)
        return error;

    QList<PropertyIssue> issues;
    const QHash<QString, QString> values = m_validator.validate(*properties, issues);
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    if (const Contact *owner = emailOwner(m_state.contacts, values.value(QStringLiteral("email"))))
        return conflict(owner->id);

    // TODO: "associations" are accepted and ignored until the sandbox has
    // companies and notes to associate with.
    const Contact &contact = m_state.contacts.create(values, m_clock.nowMs());
    m_state.markChanged();
    return HttpResponse::json(201, contactWithAllProperties(contact));
}

HttpResponse ContactsService::update(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const QString id = context.param(QStringLiteral("contactId"));
    const Contact *found = lookup(id, context.request.query.value(QStringLiteral("idProperty")));
    if (!found)
        return notFound(id);

    const std::optional<QJsonObject> properties = readPropertiesObject(*body, QStringLiteral("input"), error);
    if (!properties)
        return error;

    QList<PropertyIssue> issues;
    const QHash<QString, QString> values = m_validator.validate(*properties, issues);
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    if (const Contact *owner = emailOwner(m_state.contacts, values.value(QStringLiteral("email")), found->id))
        return conflict(owner->id);

    Contact *contact = m_state.contacts.find(found->id);
    m_state.contacts.update(*contact, values, m_clock.nowMs());
    m_state.markChanged();
    return HttpResponse::json(200, contactWithAllProperties(*contact));
}

HttpResponse ContactsService::batchRead(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonArray> inputs = readInputs(*body, error);
    if (!inputs)
        return error;

    const QString idProperty = body->value(QStringLiteral("idProperty")).toString();
    if (!isRecordIdProperty(idProperty) && idProperty != QLatin1String("email")) {
        const PropertyDefinition *definition = m_state.contactProperties.find(idProperty);
        if (!definition || !definition->hasUniqueValue) {
            return validationError(QStringLiteral("idProperty '%1' is not a unique identifier property of "
                                                  "contacts; use email, hs_object_id or a property with "
                                                  "hasUniqueValue.").arg(idProperty));
        }
    }

    QStringList requested;
    const QJsonArray properties = body->value(QStringLiteral("properties")).toArray();
    for (const QJsonValue &name : properties)
        requested.append(name.toString());
    if (requested.isEmpty())
        requested = defaultProperties();

    QJsonArray results;
    QStringList missing;
    QSet<QString> returned;
    for (const QJsonValue &input : *inputs) {
        const QString id = inputId(input.toObject());
        const Contact *contact = id.isEmpty() ? nullptr : lookup(id, idProperty);
        if (!contact) {
            missing.append(id);
            continue;
        }
        if (returned.contains(contact->id))
            continue;
        returned.insert(contact->id);
        results.append(contactWithProperties(*contact, requested, m_state.contactProperties));
    }

    QJsonArray errors;
    if (!missing.isEmpty())
        errors.append(notFoundBatchError(missing));

    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 200);
}

HttpResponse ContactsService::batchCreate(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonArray> inputs = readInputs(*body, error);
    if (!inputs)
        return error;

    // Validate every input first: one bad value rejects the whole batch.
    QList<QHash<QString, QString>> values;
    QStringList traceIds;
    QList<PropertyIssue> issues;
    for (qsizetype i = 0; i < inputs->size(); ++i) {
        const QJsonObject input = inputs->at(i).toObject();
        const std::optional<QJsonObject> properties =
            readPropertiesObject(input, QStringLiteral("inputs[%1]").arg(i), error);
        if (!properties)
            return error;

        values.append(m_validator.validate(*properties, issues));
        traceIds.append(input.value(QStringLiteral("objectWriteTraceId")).toString());
    }
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    // Find email conflicts with stored contacts and between inputs. Without
    // an objectWriteTraceId on a conflicting input HubSpot rejects the whole
    // batch with 409 and reports only the first conflict.
    QHash<QString, qsizetype> firstInputByEmail;
    QHash<qsizetype, QString> conflictingExistingId;
    QHash<qsizetype, qsizetype> duplicateOfInput;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QString email = values.at(i).value(QStringLiteral("email"));
        if (email.isEmpty())
            continue;

        if (const Contact *owner = emailOwner(m_state.contacts, email)) {
            conflictingExistingId.insert(i, owner->id);
        } else if (firstInputByEmail.contains(normalizedEmail(email))) {
            duplicateOfInput.insert(i, firstInputByEmail.value(normalizedEmail(email)));
        } else {
            firstInputByEmail.insert(normalizedEmail(email), i);
        }

        const bool conflicting = conflictingExistingId.contains(i) || duplicateOfInput.contains(i);
        if (!conflicting || !traceIds.at(i).isEmpty())
            continue;

        if (conflictingExistingId.contains(i))
            return conflict(conflictingExistingId.value(i));

        // NOTE: HubSpot's wording for two inputs with one email was not
        // confirmed. Nothing exists yet, so the message names no existing id.
        return errorResponse(409, QStringLiteral("CONFLICT"),
                             QStringLiteral("Contact already exists. The email %1 appears in inputs %2 and %3 of "
                                            "this batch.").arg(email).arg(duplicateOfInput.value(i)).arg(i));
    }

    const qint64 nowMs = m_clock.nowMs();
    QHash<qsizetype, QString> createdIds;
    QJsonArray results;
    QJsonArray errors;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (conflictingExistingId.contains(i)) {
            errors.append(batchConflictError(conflictingExistingId.value(i), traceIds.at(i)));
            continue;
        }
        if (duplicateOfInput.contains(i)) {
            errors.append(batchConflictError(createdIds.value(duplicateOfInput.value(i)), traceIds.at(i)));
            continue;
        }

        // NOTE: results keep the input order here, but HubSpot does not
        // promise any order, so clients should match results by email or id.
        const Contact &contact = m_state.contacts.create(values.at(i), nowMs);
        createdIds.insert(i, contact.id);
        QJsonObject result = contactWithAllProperties(contact);
        if (!traceIds.at(i).isEmpty())
            result.insert(QStringLiteral("objectWriteTraceId"), traceIds.at(i));
        results.append(result);
    }

    if (!results.isEmpty())
        m_state.markChanged();
    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 201);
}

HttpResponse ContactsService::batchUpdate(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonArray> inputs = readInputs(*body, error);
    if (!inputs)
        return error;

    // Batch update addresses records by id only, as HubSpot's docs state.
    const QString nonUniqueMessage = QStringLiteral("Unable to perform update/upsert by non-unique 0-1 property");
    if (!isRecordIdProperty(body->value(QStringLiteral("idProperty")).toString()))
        return validationError(nonUniqueMessage);

    QStringList ids;
    QList<QHash<QString, QString>> values;
    QList<PropertyIssue> issues;
    QStringList duplicates;
    for (qsizetype i = 0; i < inputs->size(); ++i) {
        const QJsonObject input = inputs->at(i).toObject();
        if (!isRecordIdProperty(input.value(QStringLiteral("idProperty")).toString()))
            return validationError(nonUniqueMessage);

        const QString id = inputId(input);
        if (id.isEmpty())
            return validationError(QStringLiteral("Invalid input JSON: inputs[%1].id is missing.").arg(i));
        if (ids.contains(id) && !duplicates.contains(id))
            duplicates.append(id);
        ids.append(id);

        const std::optional<QJsonObject> properties =
            readPropertiesObject(input, QStringLiteral("inputs[%1]").arg(i), error);
        if (!properties)
            return error;
        values.append(m_validator.validate(*properties, issues));
    }

    if (!duplicates.isEmpty()) {
        return validationError(QStringLiteral("Duplicate IDs found in batch input: [%1]. IDs must be unique.")
                                   .arg(duplicates.join(QStringLiteral(", "))));
    }
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    // A new email may not belong to another contact or to another input.
    QHash<QString, QString> newEmailOwner;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QString email = values.at(i).value(QStringLiteral("email"));
        if (email.isEmpty() || !m_state.contacts.find(ids.at(i)))
            continue;

        if (const Contact *owner = emailOwner(m_state.contacts, email, ids.at(i)))
            return conflict(owner->id);
        if (newEmailOwner.contains(normalizedEmail(email)))
            return conflict(newEmailOwner.value(normalizedEmail(email)));
        newEmailOwner.insert(normalizedEmail(email), ids.at(i));
    }

    const qint64 nowMs = m_clock.nowMs();
    QJsonArray results;
    QStringList missing;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        Contact *contact = m_state.contacts.find(ids.at(i));
        if (!contact) {
            missing.append(ids.at(i));
            continue;
        }
        m_state.contacts.update(*contact, values.at(i), nowMs);
        results.append(contactWithAllProperties(*contact));
    }

    if (!results.isEmpty())
        m_state.markChanged();

    QJsonArray errors;
    if (!missing.isEmpty())
        errors.append(notFoundBatchError(missing));
    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 200);
}

} // namespace Breezee::Sandbox
