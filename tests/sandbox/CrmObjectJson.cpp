#include "CrmObjectJson.h"

#include "HubSpotErrors.h"

namespace Breezee::Sandbox {

QJsonObject recordWithProperties(const CrmObjectType &type, const QString &id,
                                 const QHash<QString, QString> &properties, qint64 createdAtMs, qint64 updatedAtMs,
                                 const QStringList &requested, const PropertyCatalog &catalog)
{
    QJsonObject values;
    for (const QString &name : requested) {
        if (!catalog.find(name))
            continue;
        const auto it = properties.constFind(name);
        values.insert(name, it == properties.constEnd() ? QJsonValue() : QJsonValue(it.value()));
    }
    const QStringList always = type.alwaysReturnedProperties();
    for (const QString &name : always)
        values.insert(name, properties.value(name));

    QJsonObject object;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("properties"), values);
    object.insert(QStringLiteral("createdAt"), isoTimestamp(createdAtMs));
    object.insert(QStringLiteral("updatedAt"), isoTimestamp(updatedAtMs));
    object.insert(QStringLiteral("archived"), false);
    return object;
}

QJsonObject recordWithProperties(const CrmObjectType &type, const CrmRecord &record, const QStringList &requested,
                                 const PropertyCatalog &catalog)
{
    return recordWithProperties(type, record.id, record.properties, record.createdAtMs, record.updatedAtMs,
                                requested, catalog);
}

QJsonObject recordWithAllProperties(const CrmRecord &record)
{
    QJsonObject properties;
    for (auto it = record.properties.begin(); it != record.properties.end(); ++it)
        properties.insert(it.key(), it.value());

    QJsonObject object;
    object.insert(QStringLiteral("id"), record.id);
    object.insert(QStringLiteral("properties"), properties);
    object.insert(QStringLiteral("createdAt"), isoTimestamp(record.createdAtMs));
    object.insert(QStringLiteral("updatedAt"), isoTimestamp(record.updatedAtMs));
    object.insert(QStringLiteral("archived"), false);
    return object;
}

QStringList requestedProperties(const FormFields &query, const CrmObjectType &type)
{
    QStringList names;
    const QStringList values = query.values(QStringLiteral("properties"));
    for (const QString &value : values)
        names += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    return names.isEmpty() ? type.defaultProperties : names;
}

QStringList requestedProperties(const QJsonObject &body, const CrmObjectType &type)
{
    QStringList names;
    const QJsonArray properties = body.value(QStringLiteral("properties")).toArray();
    for (const QJsonValue &name : properties)
        names.append(name.toString());
    return names.isEmpty() ? type.defaultProperties : names;
}

HttpResponse objectNotFound(const QString &id)
{
    QJsonObject context;
    context.insert(QStringLiteral("id"), QJsonArray{id});
    return errorResponse(404, QStringLiteral("OBJECT_NOT_FOUND"),
                         QStringLiteral("Object not found.  objectId are usually numeric."),
                         QJsonObject{{QStringLiteral("context"), context}});
}

QJsonObject notFoundBatchError(const CrmObjectType &type, const QStringList &ids)
{
    QJsonObject context;
    context.insert(QStringLiteral("ids"), QJsonArray::fromStringList(ids));

    QJsonObject error;
    error.insert(QStringLiteral("status"), QStringLiteral("error"));
    error.insert(QStringLiteral("category"), QStringLiteral("OBJECT_NOT_FOUND"));
    error.insert(QStringLiteral("message"), QStringLiteral("Could not get some %1 objects, they may be deleted "
                                                           "or not exist. Check that ids are valid.")
                                                .arg(type.upperName));
    error.insert(QStringLiteral("context"), context);
    return error;
}

QJsonObject traceIdBatchError(const QString &category, const QString &message, const QString &traceId)
{
    QJsonObject context;
    context.insert(QStringLiteral("objectWriteTraceId"), QJsonArray{traceId});

    QJsonObject error;
    error.insert(QStringLiteral("status"), QStringLiteral("error"));
    error.insert(QStringLiteral("category"), category);
    error.insert(QStringLiteral("message"), message);
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

std::optional<QJsonArray> readInputs(const QJsonObject &body, HttpResponse &error, qsizetype maxInputs)
{
    const QJsonValue inputs = body.value(QStringLiteral("inputs"));
    if (!inputs.isArray()) {
        error = validationError(QStringLiteral("Invalid input JSON: 'inputs' must be an array."));
        return std::nullopt;
    }

    const QJsonArray array = inputs.toArray();
    if (array.size() > maxInputs) {
        error = validationError(QStringLiteral("Batch input has %1 inputs, but the limit is %2 per request.")
                                    .arg(array.size())
                                    .arg(maxInputs));
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

} // namespace Breezee::Sandbox
