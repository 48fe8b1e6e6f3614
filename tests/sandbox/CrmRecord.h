#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace Breezee::Sandbox {

// One stored CRM record of any object type.
struct CrmRecord {
    QString id;
    // Every stored value, including hs_object_id and the create and
    // last-modified properties. A cleared property is removed.
    QHash<QString, QString> properties;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    // How often each property was written by a create, update or seed,
    // counting writes of "" that cleared it.
    QHash<QString, int> writeCounts;

    QString value(const QString &name) const { return properties.value(name); }
    qint64 key() const { return id.toLongLong(); }
};

// The record as the state dump and the state file show it: id,
// properties, createdAt and updatedAt (ISO and ms), archived and
// propertyWriteCounts.
QJsonObject recordToStateJson(const CrmRecord &record);
CrmRecord recordFromStateJson(const QJsonObject &object);

} // namespace Breezee::Sandbox
