#include "AssociationsService.h"

#include "CrmObjectJson.h"
#include "HubSpotErrors.h"

namespace Breezee::Sandbox {

namespace {

// HubSpot's limits for association batches.
constexpr qsizetype MaxCreateInputs = 2000;
constexpr qsizetype MaxReadInputs = 1000;

QJsonObject idObject(const QString &id)
{
    return QJsonObject{{QStringLiteral("id"), id}};
}

QJsonObject defaultAssociationResult(const QString &fromId, const QString &toId, int typeId)
{
    QJsonObject spec;
    spec.insert(QStringLiteral("associationCategory"), QStringLiteral("HUBSPOT_DEFINED"));
    spec.insert(QStringLiteral("associationTypeId"), typeId);

    QJsonObject result;
    result.insert(QStringLiteral("from"), idObject(fromId));
    result.insert(QStringLiteral("to"), idObject(toId));
    result.insert(QStringLiteral("associationSpec"), spec);
    return result;
}

QJsonArray associationTypesJson(CrmObjectKind from, CrmObjectKind to, const QList<int> &typeIds)
{
    QJsonArray types;
    for (int typeId : typeIds) {
        const AssociationType *type = findAssociationType(from, to, typeId);
        QJsonObject entry;
        entry.insert(QStringLiteral("category"), QStringLiteral("HUBSPOT_DEFINED"));
        entry.insert(QStringLiteral("typeId"), typeId);
        entry.insert(QStringLiteral("label"), type && !type->label.isEmpty() ? QJsonValue(type->label) : QJsonValue());
        types.append(entry);
    }
    return types;
}

QJsonArray labelsJson(CrmObjectKind from, CrmObjectKind to, const QList<int> &typeIds)
{
    QJsonArray labels;
    for (int typeId : typeIds) {
        const AssociationType *type = findAssociationType(from, to, typeId);
        if (type && !type->label.isEmpty())
            labels.append(type->label);
    }
    return labels;
}

// NOTE: HubSpot's wording and category for an association with a record
// that does not exist were not confirmed.
QJsonObject missingRecordError(const CrmObjectType &type, const QString &id)
{
    QJsonObject context;
    context.insert(QStringLiteral("ids"), QJsonArray{id});

    QJsonObject error;
    error.insert(QStringLiteral("status"), QStringLiteral("error"));
    error.insert(QStringLiteral("category"), QStringLiteral("VALIDATION_ERROR"));
    error.insert(QStringLiteral("message"), QStringLiteral("No %1 with id %2 exists.").arg(type.singularName, id));
    error.insert(QStringLiteral("context"), context);
    return error;
}

QString nestedId(const QJsonObject &input, const QString &field)
{
    return inputId(input.value(field).toObject());
}

} // namespace

AssociationsService::AssociationsService(SandboxState &state, const Clock &clock, const SandboxConfig &config)
    : m_state(state)
    , m_clock(clock)
    , m_config(config)
{
}

void AssociationsService::registerRoutes(Router &router, CrmAccess &access)
{
    const QStringList readScopes = {
        QStringLiteral("crm.objects.contacts.read"), QStringLiteral("crm.objects.contacts.write"),
        QStringLiteral("crm.objects.companies.read"), QStringLiteral("crm.objects.companies.write"),
        QStringLiteral("crm.objects.notes.read"),
    };
    const QStringList writeScopes = {QStringLiteral("crm.objects.contacts.write"),
                                     QStringLiteral("crm.objects.companies.write")};
    const QString batch = QStringLiteral("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch");

    router.add("PUT",
               QStringLiteral("/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/"
                              "{toObjectType}/{toObjectId}"),
               access.guard(writeScopes, [this](const RouteContext &c) { return associateDefault(c); }));
    router.add("GET", QStringLiteral("/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/{toObjectType}"),
               access.guard(readScopes, [this](const RouteContext &c) { return list(c); }));
    router.add("POST", batch + QStringLiteral("/associate/default"),
               access.guard(writeScopes, [this](const RouteContext &c) { return batchAssociateDefault(c); }));
    router.add("POST", batch + QStringLiteral("/create"),
               access.guard(writeScopes, [this](const RouteContext &c) { return batchCreate(c); }));
    router.add("POST", batch + QStringLiteral("/read"),
               access.guard(readScopes, [this](const RouteContext &c) { return batchRead(c); }));
}

bool AssociationsService::readObjectTypes(const RouteContext &context, CrmObjectKind &from, CrmObjectKind &to,
                                          HttpResponse &error) const
{
    const QString fromName = context.param(QStringLiteral("fromObjectType"));
    const QString toName = context.param(QStringLiteral("toObjectType"));
    const std::optional<CrmObjectKind> fromKind = crmObjectKindFromName(fromName);
    const std::optional<CrmObjectKind> toKind = crmObjectKindFromName(toName);

    if (!fromKind || !toKind) {
        error = validationError(QStringLiteral("Unable to infer object type from: %1")
                                    .arg(fromKind ? toName : fromName));
        return false;
    }

    if (!defaultAssociationType(*fromKind, *toKind)) {
        error = validationError(QStringLiteral("The sandbox has no association types from %1 to %2.")
                                    .arg(crmObjectType(*fromKind).pluralName, crmObjectType(*toKind).pluralName));
        return false;
    }

    from = *fromKind;
    to = *toKind;
    return true;
}

const CrmRecord *AssociationsService::find(CrmObjectKind kind, const QString &id) const
{
    return m_state.findRecord(kind, id, m_config.followMergedIds);
}

HttpResponse AssociationsService::associateDefault(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    CrmObjectKind fromKind;
    CrmObjectKind toKind;
    if (!readObjectTypes(context, fromKind, toKind, error))
        return error;

    const CrmRecord *from = find(fromKind, context.param(QStringLiteral("fromObjectId")));
    if (!from)
        return objectNotFound(context.param(QStringLiteral("fromObjectId")));
    const CrmRecord *to = find(toKind, context.param(QStringLiteral("toObjectId")));
    if (!to)
        return objectNotFound(context.param(QStringLiteral("toObjectId")));

    const AssociationType *type = defaultAssociationType(fromKind, toKind);
    m_state.associations.add(RecordRef{fromKind, from->key()}, RecordRef{toKind, to->key()}, type->typeId);
    m_state.markChanged();

    // NOTE: the results list both directions, as HubSpot's examples of
    // default associations do.
    const QJsonArray results = {defaultAssociationResult(from->id, to->id, type->typeId),
                                defaultAssociationResult(to->id, from->id, type->inverseTypeId)};
    return batchResponse(results, {}, startedAtMs, m_clock.nowMs(), 200);
}

HttpResponse AssociationsService::batchAssociateDefault(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    CrmObjectKind fromKind;
    CrmObjectKind toKind;
    if (!readObjectTypes(context, fromKind, toKind, error))
        return error;

    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;
    const std::optional<QJsonArray> inputs = readInputs(*body, error, MaxCreateInputs);
    if (!inputs)
        return error;

    const AssociationType *type = defaultAssociationType(fromKind, toKind);
    QJsonArray results;
    QJsonArray errors;
    for (const QJsonValue &value : *inputs) {
        const QJsonObject input = value.toObject();
        const QString fromId = nestedId(input, QStringLiteral("from"));
        const QString toId = nestedId(input, QStringLiteral("to"));
        const CrmRecord *from = find(fromKind, fromId);
        const CrmRecord *to = find(toKind, toId);
        if (!from || !to) {
            errors.append(from ? missingRecordError(crmObjectType(toKind), toId)
                               : missingRecordError(crmObjectType(fromKind), fromId));
            continue;
        }

        m_state.associations.add(RecordRef{fromKind, from->key()}, RecordRef{toKind, to->key()}, type->typeId);
        results.append(defaultAssociationResult(from->id, to->id, type->typeId));
        results.append(defaultAssociationResult(to->id, from->id, type->inverseTypeId));
    }

    if (!results.isEmpty())
        m_state.markChanged();
    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 200);
}

HttpResponse AssociationsService::batchCreate(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    CrmObjectKind fromKind;
    CrmObjectKind toKind;
    if (!readObjectTypes(context, fromKind, toKind, error))
        return error;

    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;
    const std::optional<QJsonArray> inputs = readInputs(*body, error, MaxCreateInputs);
    if (!inputs)
        return error;

    // Unknown association types reject the whole batch before anything is
    // written.
    QList<QList<int>> typeIds;
    for (qsizetype i = 0; i < inputs->size(); ++i) {
        const QJsonArray types = inputs->at(i).toObject().value(QStringLiteral("types")).toArray();
        if (types.isEmpty())
            return validationError(QStringLiteral("Invalid input JSON: inputs[%1].types must be a non-empty array.").arg(i));

        QList<int> ids;
        for (const QJsonValue &typeValue : types) {
            const QJsonObject type = typeValue.toObject();
            const QString category = type.value(QStringLiteral("associationCategory")).toString();
            const int typeId = type.value(QStringLiteral("associationTypeId")).toInt(-1);
            if (category != QLatin1String("HUBSPOT_DEFINED") || !findAssociationType(fromKind, toKind, typeId)) {
                return validationError(QStringLiteral("inputs[%1] uses association type %2 %3, which does not exist "
                                                      "from %4 to %5.")
                                           .arg(i)
                                           .arg(category)
                                           .arg(typeId)
                                           .arg(crmObjectType(fromKind).pluralName, crmObjectType(toKind).pluralName));
            }
            ids.append(typeId);
        }
        typeIds.append(ids);
    }

    QJsonArray results;
    QJsonArray errors;
    for (qsizetype i = 0; i < inputs->size(); ++i) {
        const QJsonObject input = inputs->at(i).toObject();
        const QString fromId = nestedId(input, QStringLiteral("from"));
        const QString toId = nestedId(input, QStringLiteral("to"));
        const CrmRecord *from = find(fromKind, fromId);
        const CrmRecord *to = find(toKind, toId);
        if (!from || !to) {
            errors.append(from ? missingRecordError(crmObjectType(toKind), toId)
                               : missingRecordError(crmObjectType(fromKind), fromId));
            continue;
        }

        const RecordRef fromRef{fromKind, from->key()};
        const RecordRef toRef{toKind, to->key()};
        for (int typeId : typeIds.at(i))
            m_state.associations.add(fromRef, toRef, typeId);

        QJsonObject result;
        result.insert(QStringLiteral("fromObjectTypeId"), crmObjectType(fromKind).typeId);
        result.insert(QStringLiteral("fromObjectId"), double(from->key()));
        result.insert(QStringLiteral("toObjectTypeId"), crmObjectType(toKind).typeId);
        result.insert(QStringLiteral("toObjectId"), double(to->key()));
        result.insert(QStringLiteral("labels"), labelsJson(fromKind, toKind, m_state.associations.typesBetween(fromRef, toRef)));
        results.append(result);
    }

    if (!results.isEmpty())
        m_state.markChanged();
    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 201);
}

HttpResponse AssociationsService::batchRead(const RouteContext &context)
{
    const qint64 startedAtMs = m_clock.nowMs();

    HttpResponse error;
    CrmObjectKind fromKind;
    CrmObjectKind toKind;
    if (!readObjectTypes(context, fromKind, toKind, error))
        return error;

    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;
    const std::optional<QJsonArray> inputs = readInputs(*body, error, MaxReadInputs);
    if (!inputs)
        return error;

    QJsonArray results;
    QJsonArray errors;
    for (const QJsonValue &value : *inputs) {
        const QString id = inputId(value.toObject());
        const CrmRecord *from = find(fromKind, id);
        const RecordRef fromRef{fromKind, from ? from->key() : 0};
        const QList<RecordRef> linked = from ? m_state.associations.linkedRecords(fromRef, toKind) : QList<RecordRef>();

        // HubSpot reports a record without associations of that type as an
        // error of its own.
        if (linked.isEmpty()) {
            QJsonObject context;
            context.insert(QStringLiteral("fromObjectId"), QJsonArray{id});

            QJsonObject entry;
            entry.insert(QStringLiteral("status"), QStringLiteral("error"));
            entry.insert(QStringLiteral("category"), QStringLiteral("OBJECT_NOT_FOUND"));
            entry.insert(QStringLiteral("subCategory"), QStringLiteral("crm.associations.NO_ASSOCIATIONS_FOUND"));
            entry.insert(QStringLiteral("message"), QStringLiteral("No %1 is associated with %2 %3.")
                                                        .arg(crmObjectType(toKind).singularName,
                                                             crmObjectType(fromKind).singularName, id));
            entry.insert(QStringLiteral("context"), context);
            errors.append(entry);
            continue;
        }

        QJsonArray to;
        for (const RecordRef &target : linked) {
            QJsonObject item;
            item.insert(QStringLiteral("toObjectId"), double(target.id));
            item.insert(QStringLiteral("associationTypes"),
                        associationTypesJson(fromKind, toKind, m_state.associations.typesBetween(fromRef, target)));
            to.append(item);
        }

        QJsonObject result;
        result.insert(QStringLiteral("from"), idObject(from->id));
        result.insert(QStringLiteral("to"), to);
        results.append(result);
    }

    return batchResponse(results, errors, startedAtMs, m_clock.nowMs(), 200);
}

HttpResponse AssociationsService::list(const RouteContext &context)
{
    HttpResponse error;
    CrmObjectKind fromKind;
    CrmObjectKind toKind;
    if (!readObjectTypes(context, fromKind, toKind, error))
        return error;

    const QString id = context.param(QStringLiteral("fromObjectId"));
    const CrmRecord *from = find(fromKind, id);
    if (!from)
        return objectNotFound(id);

    const RecordRef fromRef{fromKind, from->key()};
    QJsonArray results;
    const QList<RecordRef> linked = m_state.associations.linkedRecords(fromRef, toKind);
    for (const RecordRef &target : linked) {
        QJsonObject item;
        item.insert(QStringLiteral("toObjectId"), double(target.id));
        item.insert(QStringLiteral("associationTypes"),
                    associationTypesJson(fromKind, toKind, m_state.associations.typesBetween(fromRef, target)));
        results.append(item);
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("results"), results}});
}

} // namespace Breezee::Sandbox
