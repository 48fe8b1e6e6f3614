#include "CrmObjectStore.h"

#include "HubSpotErrors.h"

#include <QJsonArray>

namespace Breezee::Sandbox {

CrmObjectStore::CrmObjectStore(CrmObjectKind kind)
    : m_kind(kind)
    , m_nextId(0)
    , m_searchIndex(crmObjectType(kind).searchKeyProperties)
{
    m_nextId = firstId();
}

// Each object type has its own id range, so that an id sent for the wrong
// object type finds nothing instead of an unrelated record. HubSpot's ids
// are unique only within one object type.
qint64 CrmObjectStore::firstId() const
{
    switch (m_kind) {
    case CrmObjectKind::Contact:
        return 1001;
    case CrmObjectKind::Company:
        return 500001;
    case CrmObjectKind::Note:
        break;
    }
    return 900000001;
}

CrmRecord *CrmObjectStore::find(const QString &id)
{
    bool ok = false;
    const qint64 key = id.toLongLong(&ok);
    if (!ok)
        return nullptr;

    const auto it = m_records.find(key);
    return it == m_records.end() ? nullptr : &it.value();
}

const CrmRecord *CrmObjectStore::find(const QString &id) const
{
    return const_cast<CrmObjectStore *>(this)->find(id);
}

const CrmRecord *CrmObjectStore::findByValue(const QString &property, const QString &value) const
{
    if (value.isEmpty())
        return nullptr;

    for (const CrmRecord &record : m_records) {
        if (record.value(property) == value)
            return &record;
    }
    return nullptr;
}

CrmRecord &CrmObjectStore::create(const QHash<QString, QString> &values, qint64 nowMs, bool searchableAtOnce)
{
    const qint64 key = m_nextId++;

    CrmRecord record;
    record.id = QString::number(key);
    record.createdAtMs = nowMs;
    record.updatedAtMs = nowMs;

    for (auto it = values.begin(); it != values.end(); ++it) {
        record.writeCounts[it.key()] += 1;
        if (!it.value().isEmpty())
            record.properties.insert(it.key(), it.value());
    }

    record.properties.insert(QStringLiteral("hs_object_id"), record.id);
    record.properties.insert(type().createDateProperty, isoTimestamp(nowMs));
    record.properties.insert(type().lastModifiedProperty, isoTimestamp(nowMs));

    CrmRecord &stored = m_records.insert(key, record).value();
    indexRecord(stored);
    m_searchIndex.stage(stored, nowMs, searchableAtOnce);
    return stored;
}

void CrmObjectStore::update(CrmRecord &record, const QHash<QString, QString> &values, qint64 nowMs)
{
    unindexRecord(record);

    for (auto it = values.begin(); it != values.end(); ++it) {
        record.writeCounts[it.key()] += 1;
        if (it.value().isEmpty())
            record.properties.remove(it.key());
        else
            record.properties.insert(it.key(), it.value());
    }

    record.updatedAtMs = nowMs;
    record.properties.insert(type().lastModifiedProperty, isoTimestamp(nowMs));

    indexRecord(record);
    m_searchIndex.stage(record, nowMs);
}

bool CrmObjectStore::remove(const QString &id, qint64 nowMs)
{
    const CrmRecord *record = find(id);
    if (!record)
        return false;

    const qint64 key = record->key();
    unindexRecord(*record);
    m_records.remove(key);
    m_searchIndex.stageRemoval(key, nowMs);
    return true;
}

QList<const CrmRecord *> CrmObjectStore::all() const
{
    QList<const CrmRecord *> result;
    result.reserve(m_records.size());
    for (const CrmRecord &record : m_records)
        result.append(&record);
    return result;
}

QJsonObject CrmObjectStore::toJson() const
{
    QJsonArray records;
    for (const CrmRecord &record : m_records)
        records.append(recordToStateJson(record));

    // The key stays "contacts" for every object type, so that state files
    // written before companies and notes existed still load.
    QJsonObject object;
    object.insert(QStringLiteral("nextId"), double(m_nextId));
    object.insert(QStringLiteral("contacts"), records);
    writeExtraJson(object);
    return object;
}

void CrmObjectStore::loadJson(const QJsonObject &object)
{
    clear();

    const QJsonArray records = object.value(QStringLiteral("contacts")).toArray();
    for (const QJsonValue &value : records) {
        const CrmRecord record = recordFromStateJson(value.toObject());

        bool ok = false;
        const qint64 key = record.id.toLongLong(&ok);
        if (!ok)
            continue;

        const CrmRecord &stored = m_records.insert(key, record).value();
        indexRecord(stored);
        m_searchIndex.stage(stored, 0, true);
        m_nextId = qMax(m_nextId, key + 1);
    }

    m_nextId = qMax(m_nextId, qint64(object.value(QStringLiteral("nextId")).toDouble()));
    readExtraJson(object);
}

void CrmObjectStore::clear()
{
    m_records.clear();
    m_nextId = firstId();
    m_searchIndex.clear();
    clearExtra();
}

} // namespace Breezee::Sandbox
