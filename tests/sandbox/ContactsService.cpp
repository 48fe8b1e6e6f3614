#include "ContactsService.h"

#include "CrmObjectJson.h"
#include "CrmSearch.h"
#include "HubSpotErrors.h"
#include "PropertyValues.h"

#include <QSet>

namespace Breezee::Sandbox {

namespace {

const CrmObjectType &contactType()
{
    return crmObjectType(CrmObjectKind::Contact);
}

QJsonObject contactWithProperties(const Contact &contact, const QStringList &requested, const PropertyCatalog &catalog)
{
    return recordWithProperties(contactType(), contact, requested, catalog);
}

QJsonObject contactWithAllProperties(const Contact &contact)
{
    return recordWithAllProperties(contact);
}

HttpResponse notFound(const QString &id)
{
    return objectNotFound(id);
}

QJsonObject notFoundBatchError(const QStringList &ids)
{
    return Breezee::Sandbox::notFoundBatchError(contactType(), ids);
}

QString conflictMessage(const QString &existingId)
{
    return QStringLiteral("Contact already exists. Existing ID: %1").arg(existingId);
}

QJsonObject batchConflictError(const QString &existingId, const QString &traceId)
{
    return traceIdBatchError(QStringLiteral("CONFLICT"), conflictMessage(existingId), traceId);
}

} // namespace

ContactsService::ContactsService(SandboxState &state, const Clock &clock, const SandboxConfig &config)
    : m_state(state)
    , m_clock(clock)
    , m_config(config)
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
    router.add("POST", base + QStringLiteral("/search"),
               access.guardSearch(readScopes, [this](const RouteContext &c) { return search(c); }));
    router.add("POST", base + QStringLiteral("/merge"),
               access.guard(writeScopes, [this](const RouteContext &c) { return merge(c); }));
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
        return m_state.findRecord(CrmObjectKind::Contact, id, m_config.followMergedIds);

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
    const QStringList requested = requestedProperties(query, contactType());

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

    const QStringList requested = requestedProperties(context.request.query, contactType());
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

    const QString email = values.value(QStringLiteral("email"));
    if (const Contact *owner = emailOwner(m_state.contacts, email))
        return conflict(owner->id, email);

    const InlineAssociationsCheck associations = readInlineAssociations(
        *body, CrmObjectKind::Contact, QStringLiteral("input"), m_state, m_config.followMergedIds);
    if (!associations.formatError.isEmpty())
        return invalidAssociationResponse(associations.formatError);
    if (!associations.missingTargetError.isEmpty())
        return invalidAssociationResponse(associations.missingTargetError);

    const Contact &contact = m_state.contacts.create(values, m_clock.nowMs());
    applyInlineAssociations(m_state.associations, RecordRef{CrmObjectKind::Contact, contact.key()},
                            associations.associations);
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

    const QString email = values.value(QStringLiteral("email"));
    if (const Contact *owner = emailOwner(m_state.contacts, email, found->id))
        return conflict(owner->id, email);

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

    const QStringList requested = requestedProperties(*body, contactType());

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
    QList<InlineAssociationsCheck> associations;
    QStringList traceIds;
    QList<PropertyIssue> issues;
    for (qsizetype i = 0; i < inputs->size(); ++i) {
        const QJsonObject input = inputs->at(i).toObject();
        const QString where = QStringLiteral("inputs[%1]").arg(i);
        const std::optional<QJsonObject> properties = readPropertiesObject(input, where, error);
        if (!properties)
            return error;

        values.append(m_validator.validate(*properties, issues));
        traceIds.append(input.value(QStringLiteral("objectWriteTraceId")).toString());
        associations.append(readInlineAssociations(input, CrmObjectKind::Contact, where, m_state,
                                                   m_config.followMergedIds));
        if (!associations.last().formatError.isEmpty())
            return invalidAssociationResponse(associations.last().formatError);
        if (!associations.last().missingTargetError.isEmpty() && traceIds.last().isEmpty())
            return invalidAssociationResponse(associations.last().missingTargetError);
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
            return conflict(conflictingExistingId.value(i), email);

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
        if (!associations.at(i).missingTargetError.isEmpty()) {
            errors.append(traceIdBatchError(QStringLiteral("VALIDATION_ERROR"), associations.at(i).missingTargetError,
                                            traceIds.at(i)));
            continue;
        }

        // NOTE: results keep the input order here, but HubSpot does not
        // promise any order, so clients should match results by email or id.
        const Contact &contact = m_state.contacts.create(values.at(i), nowMs);
        applyInlineAssociations(m_state.associations, RecordRef{CrmObjectKind::Contact, contact.key()},
                                associations.at(i).associations);
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
        const Contact *target = lookup(ids.at(i), {});
        if (email.isEmpty() || !target)
            continue;

        if (const Contact *owner = emailOwner(m_state.contacts, email, target->id))
            return conflict(owner->id, email);
        if (newEmailOwner.contains(normalizedEmail(email)))
            return conflict(newEmailOwner.value(normalizedEmail(email)), email);
        newEmailOwner.insert(normalizedEmail(email), target->id);
    }

    const qint64 nowMs = m_clock.nowMs();
    QJsonArray results;
    QStringList missing;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const Contact *target = lookup(ids.at(i), {});
        Contact *contact = target ? m_state.contacts.find(target->id) : nullptr;
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

HttpResponse ContactsService::search(const RouteContext &context)
{
    SearchLimits limits;
    limits.maxInValues = m_config.searchInMax;
    return searchObjects(m_state, CrmObjectKind::Contact, context, limits, m_clock.nowMs());
}

HttpResponse ContactsService::merge(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const QString primaryId = inputId(QJsonObject{{QStringLiteral("id"), body->value(QStringLiteral("primaryObjectId"))}});
    const QString mergedId = inputId(QJsonObject{{QStringLiteral("id"), body->value(QStringLiteral("objectIdToMerge"))}});
    if (primaryId.isEmpty() || mergedId.isEmpty())
        return validationError(QStringLiteral("Invalid input JSON: 'primaryObjectId' and 'objectIdToMerge' are required."));

    if (!m_state.contacts.find(primaryId))
        return notFound(primaryId);
    if (!m_state.contacts.find(mergedId))
        return notFound(mergedId);

    if (std::optional<QString> mergeError = m_state.mergeContacts(primaryId, mergedId, m_clock.nowMs()))
        return validationError(*mergeError);
    return HttpResponse::json(200, contactWithAllProperties(*m_state.contacts.find(primaryId)));
}

HttpResponse ContactsService::conflict(const QString &existingId, const QString &email) const
{
    if (!m_config.extendedConflictBody)
        return errorResponse(409, QStringLiteral("CONFLICT"), conflictMessage(existingId));

    // The newer 409 form: the id also sits in identityProfile.vid.
    QJsonObject identity;
    identity.insert(QStringLiteral("value"), normalizedEmail(email));
    identity.insert(QStringLiteral("type"), QStringLiteral("EMAIL"));
    identity.insert(QStringLiteral("isPrimary"), true);

    QJsonObject profile;
    profile.insert(QStringLiteral("vid"), existingId.toLongLong());
    profile.insert(QStringLiteral("identity"), QJsonArray{identity});

    QJsonObject detail;
    detail.insert(QStringLiteral("message"), QStringLiteral("Contact already exists"));
    detail.insert(QStringLiteral("in"), QStringLiteral("email"));

    QJsonObject extra;
    extra.insert(QStringLiteral("error"), QStringLiteral("CONTACT_EXISTS"));
    extra.insert(QStringLiteral("errors"), QJsonArray{detail});
    extra.insert(QStringLiteral("identityProfile"), profile);
    return errorResponse(409, QStringLiteral("OBJECT_ALREADY_EXISTS"), conflictMessage(existingId), extra);
}

} // namespace Breezee::Sandbox
