#include "CrmRecord.h"

#include "HubSpotErrors.h"

namespace Breezee::Sandbox {

QJsonObject recordToStateJson(const CrmRecord &record)
{
    QJsonObject properties;
    for (auto it = record.properties.begin(); it != record.properties.end(); ++it)
        properties.insert(it.key(), it.value());

    QJsonObject writeCounts;
    for (auto it = record.writeCounts.begin(); it != record.writeCounts.end(); ++it)
        writeCounts.insert(it.key(), it.value());

    QJsonObject object;
    object.insert(QStringLiteral("id"), record.id);
    object.insert(QStringLiteral("properties"), properties);
    object.insert(QStringLiteral("createdAt"), isoTimestamp(record.createdAtMs));
    object.insert(QStringLiteral("updatedAt"), isoTimestamp(record.updatedAtMs));
    object.insert(QStringLiteral("createdAtMs"), double(record.createdAtMs));
    object.insert(QStringLiteral("updatedAtMs"), double(record.updatedAtMs));
    object.insert(QStringLiteral("archived"), false);
    object.insert(QStringLiteral("propertyWriteCounts"), writeCounts);
    return object;
}

CrmRecord recordFromStateJson(const QJsonObject &object)
{
    CrmRecord record;
    record.id = object.value(QStringLiteral("id")).toString();
    record.createdAtMs = qint64(object.value(QStringLiteral("createdAtMs")).toDouble());
    record.updatedAtMs = qint64(object.value(QStringLiteral("updatedAtMs")).toDouble());

    const QJsonObject properties = object.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        record.properties.insert(it.key(), it.value().toString());

    const QJsonObject counts = object.value(QStringLiteral("propertyWriteCounts")).toObject();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        record.writeCounts.insert(it.key(), it.value().toInt());

    return record;
}

} // namespace Breezee::Sandbox
