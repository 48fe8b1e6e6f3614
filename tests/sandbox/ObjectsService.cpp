#include "ObjectsService.h"

#include "CrmObjectJson.h"
#include "CrmSearch.h"
#include "HubSpotErrors.h"

#include <QSet>

namespace Breezee::Sandbox {

ObjectsService::ObjectsService(CrmObjectKind kind, SandboxState &state, const Clock &clock,
                               const SandboxConfig &config)
    : m_kind(kind)
    , m_state(state)
    , m_clock(clock)
    , m_config(config)
    , m_validator(state.catalog(kind))
{
}

void ObjectsService::registerRoutes(Router &router, CrmAccess &access)
{
    const QStringList readScopes = type().readScopes;
    const QStringList writeScopes = type().writeScopes;
    const QString base = QStringLiteral("/crm/v3/objects/") + type().pluralName;
    const QString idPattern = base + QStringLiteral("/{objectId}");

    router.add("POST", base + QStringLiteral("/batch/read"),
               access.guard(readScopes, [this](const RouteContext &c) { return batchRead(c); }));
    router.add("POST", base + QStringLiteral("/batch/create"),
               access.guard(writeScopes, [this](const RouteContext &c) { return batchCreate(c); }));
    router.add("POST", base + QStringLiteral("/batch/update"),
               access.guard(writeScopes, [this](const RouteContext &c) { return batchUpdate(c); }));
    router.add("POST", base + QStringLiteral("/batch/archive"),
               access.guard(writeScopes, [this](const RouteContext &c) { return batchArchive(c); }));
    if (m_kind == CrmObjectKind::Company) {
        router.add("POST", base + QStringLiteral("/search"),
                   access.guardSearch(readScopes, [this](const RouteContext &c) { return search(c); }));
    }
    router.add("GET", base, access.guard(readScopes, [this](const RouteContext &c) { return list(c); }));
    router.add("POST", base, access.guard(writeScopes, [this](const RouteContext &c) { return create(c); }));
    router.add("GET", idPattern, access.guard(readScopes, [this](const RouteContext &c) { return read(c); }));
    router.add("PATCH", idPattern, access.guard(writeScopes, [this](const RouteContext &c) { return update(c); }));
}

QHash<QString, QString> ObjectsService::validate(const QJsonObject &properties, bool creating,
                                                 QList<PropertyIssue> &issues) const
{
    const QHash<QString, QString> values = m_validator.validate(properties, issues);
    if (!creating)
        return values;

    // NOTE: the error code HubSpot uses for a missing required property
    // was not confirmed.
    for (const QString &name : type().requiredOnCreate) {
        const bool alreadyRejected = properties.contains(name) && !values.contains(name);
        if (!alreadyRejected && values.value(name).isEmpty()) {
            issues.append({QStringLiteral("REQUIRED_PROPERTY"),
                           QStringLiteral("Property \"%1\" is required when creating %2.").arg(name, type().pluralName),
                           name});
        }
    }
    return values;
}

const CrmRecord *ObjectsService::lookup(const QString &id, const QString &idProperty, HttpResponse &error) const
{
    if (isRecordIdProperty(idProperty))
        return m_state.store(m_kind).find(id);

    const PropertyDefinition *definition = catalog().find(idProperty);
    if (!definition || !definition->hasUniqueValue) {
        error = validationError(QStringLiteral("idProperty '%1' is not a unique identifier property of %2; use "
                                               "hs_object_id or a property with hasUniqueValue.")
                                    .arg(idProperty, type().pluralName));
        return nullptr;
    }
    return m_state.store(m_kind).findByValue(idProperty, id);
}

HttpResponse ObjectsService::list(const RouteContext &context)
{
    const FormFields &query = context.request.query;

    bool ok = true;
    const int limit = query.contains(QStringLiteral("limit")) ? query.value(QStringLiteral("limit")).toInt(&ok) : 10;
    if (!ok || limit < 1 || limit > 100)
        return validationError(QStringLiteral("limit must be an integer from 1 to 100."));

    const qint64 after = query.value(QStringLiteral("after")).toLongLong();
    const QStringList requested = requestedProperties(query, type());

    QJsonArray results;
    QString lastId;
    bool more = false;
    const QList<const CrmRecord *> records = m_state.store(m_kind).all();
    for (const CrmRecord *record : records) {
        if (record->key() <= after)
            continue;
        if (results.size() == limit) {
            more = true;
            break;
        }
        results.append(recordWithProperties(type(), *record, requested, catalog()));
        lastId = record->id;
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

HttpResponse ObjectsService::read(const RouteContext &context)
{
    HttpResponse error;
    const QString id = context.param(QStringLiteral("objectId"));
    const CrmRecord *record = lookup(id, context.request.query.value(QStringLiteral("idProperty")), error);
    if (error.status != 200)
        return error;
    if (!record)
        return objectNotFound(id);

    const QStringList requested = requestedProperties(context.request.query, type());
    return HttpResponse::json(200, recordWithProperties(type(), *record, requested, catalog()));
}

HttpResponse ObjectsService::create(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonObject> properties = readPropertiesObject(*body, QStringLiteral("input"), error);
    if (!properties)
        return error;

    QList<PropertyIssue> issues;
    const QHash<QString, QString> values = validate(*properties, true, issues);
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    const InlineAssociationsCheck associations =
        readInlineAssociations(*body, m_kind, QStringLiteral("input"), m_state, m_config.followMergedIds);
    if (!associations.formatError.isEmpty())
        return invalidAssociationResponse(associations.formatError);
    if (!associations.missingTargetError.isEmpty())
        return invalidAssociationResponse(associations.missingTargetError);

    const CrmRecord &record = store().create(values, m_clock.nowMs());
    applyInlineAssociations(m_state.associations, RecordRef{m_kind, record.key()}, associations.associations);
    m_state.markChanged();
    return HttpResponse::json(201, recordWithAllProperties(record));
}

HttpResponse ObjectsService::update(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const QString id = context.param(QStringLiteral("objectId"));
    const CrmRecord *found = lookup(id, context.request.query.value(QStringLiteral("idProperty")), error);
    if (error.status != 200)
        return error;
    if (!found)
        return objectNotFound(id);

    const std::optional<QJsonObject> properties = readPropertiesObject(*body, QStringLiteral("input"), error);
    if (!properties)
        return error;

    QList<PropertyIssue> issues;
    const QHash<QString, QString> values = validate(*properties, false, issues);
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    CrmRecord *record = store().find(found->id);
    store().update(*record, values, m_clock.nowMs());
    m_state.markChanged();
    return HttpResponse::json(200, recordWithAllProperties(*record));
}

HttpResponse ObjectsService::batchRead(const RouteContext &context)
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
    const QStringList requested = requestedProperties(*body, type());

    QJsonArray results;
    QStringList missing;
    QSet<QString> returned;
    for (const QJsonValue &input : *inputs) {
        const QString id = inputId(input.toObject());
        const CrmRecord *record = id.isEmpty() ? nullptr : lookup(id, idProperty, error);
        if (error.status != 200)
            return error;
        if (!record) {
            missing.append(id);
            continue;
        }
        if (returned.contains(record->id))
            continue;
        returned.insert(record->id);
        results.append(recordWithProperties(type(), *record, requested, catalog()));
    }

    QJsonArray errors;
    if (!missing.isEmpty())
        errors.append(notFoundBatchError(type(), missing));
    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 200);
}

HttpResponse ObjectsService::batchCreate(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonArray> inputs = readInputs(*body, error);
    if (!inputs)
        return error;

    // Validate every input first: one bad value rejects the whole batch. An
    // association target that does not exist fails only its input when
    // that input carries an objectWriteTraceId, and the whole batch when
    // it does not, as an existing contact email does.
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

        values.append(validate(*properties, true, issues));
        traceIds.append(input.value(QStringLiteral("objectWriteTraceId")).toString());
        associations.append(readInlineAssociations(input, m_kind, where, m_state, m_config.followMergedIds));
        if (!associations.last().formatError.isEmpty())
            return invalidAssociationResponse(associations.last().formatError);
        if (!associations.last().missingTargetError.isEmpty() && traceIds.last().isEmpty())
            return invalidAssociationResponse(associations.last().missingTargetError);
    }
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    const qint64 nowMs = m_clock.nowMs();
    QJsonArray results;
    QJsonArray errors;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!associations.at(i).missingTargetError.isEmpty()) {
            errors.append(traceIdBatchError(QStringLiteral("VALIDATION_ERROR"), associations.at(i).missingTargetError,
                                            traceIds.at(i)));
            continue;
        }

        const CrmRecord &record = store().create(values.at(i), nowMs);
        applyInlineAssociations(m_state.associations, RecordRef{m_kind, record.key()}, associations.at(i).associations);
        QJsonObject result = recordWithAllProperties(record);
        if (!traceIds.at(i).isEmpty())
            result.insert(QStringLiteral("objectWriteTraceId"), traceIds.at(i));
        results.append(result);
    }

    if (!results.isEmpty())
        m_state.markChanged();
    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 201);
}

HttpResponse ObjectsService::batchArchive(const RouteContext &context)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonArray> inputs = readInputs(*body, error);
    if (!inputs)
        return error;

    QStringList ids;
    for (qsizetype i = 0; i < inputs->size(); ++i) {
        const QString id = inputId(inputs->at(i).toObject());
        if (id.isEmpty())
            return validationError(QStringLiteral("Invalid input JSON: inputs[%1].id is missing.").arg(i));
        ids.append(id);
    }

    // Archived records leave every read, search and association. Ids that
    // do not exist are skipped, and the response has no body.
    for (const QString &id : std::as_const(ids)) {
        const CrmRecord *record = store().find(id);
        if (!record)
            continue;
        m_state.associations.removeRecord(RecordRef{m_kind, record->key()});
        store().remove(id, m_clock.nowMs());
    }
    return HttpResponse::empty(204);
}

HttpResponse ObjectsService::batchUpdate(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const std::optional<QJsonArray> inputs = readInputs(*body, error);
    if (!inputs)
        return error;

    QStringList ids;
    QSet<QString> seen;
    QStringList duplicates;
    QList<QHash<QString, QString>> values;
    QList<PropertyIssue> issues;
    for (qsizetype i = 0; i < inputs->size(); ++i) {
        const QJsonObject input = inputs->at(i).toObject();
        const QString id = inputId(input);
        if (id.isEmpty())
            return validationError(QStringLiteral("Invalid input JSON: inputs[%1].id is missing.").arg(i));
        if (seen.contains(id) && !duplicates.contains(id))
            duplicates.append(id);
        seen.insert(id);
        ids.append(id);

        const std::optional<QJsonObject> properties =
            readPropertiesObject(input, QStringLiteral("inputs[%1]").arg(i), error);
        if (!properties)
            return error;
        values.append(validate(*properties, false, issues));
    }

    if (!duplicates.isEmpty()) {
        return validationError(QStringLiteral("Duplicate IDs found in batch input: [%1]. IDs must be unique.")
                                   .arg(duplicates.join(QStringLiteral(", "))));
    }
    if (!issues.isEmpty())
        return propertyIssuesResponse(issues);

    const qint64 nowMs = m_clock.nowMs();
    QJsonArray results;
    QStringList missing;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        CrmRecord *record = store().find(ids.at(i));
        if (!record) {
            missing.append(ids.at(i));
            continue;
        }
        store().update(*record, values.at(i), nowMs);
        results.append(recordWithAllProperties(*record));
    }

    if (!results.isEmpty())
        m_state.markChanged();

    QJsonArray errors;
    if (!missing.isEmpty())
        errors.append(notFoundBatchError(type(), missing));
    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 200);
}

HttpResponse ObjectsService::search(const RouteContext &context)
{
    SearchLimits limits;
    limits.maxInValues = m_config.searchInMax;
    return searchObjects(m_state, m_kind, context, limits, m_clock.nowMs());
}

} // namespace Breezee::Sandbox
