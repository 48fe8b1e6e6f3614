#pragma once

#include "CrmObjectType.h"
#include "CrmRecord.h"
#include "SearchIndex.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

namespace Breezee::Sandbox {

// Records of one CRM object type, keyed by numeric record id in creation
// order, with the object type's search index. Every write goes through
// create(), update() or remove(), which stage it in the search index.
class CrmObjectStore {
public:
    explicit CrmObjectStore(CrmObjectKind kind);
    virtual ~CrmObjectStore() = default;

    CrmObjectStore(const CrmObjectStore &) = delete;
    CrmObjectStore &operator=(const CrmObjectStore &) = delete;

    const CrmObjectType &type() const { return crmObjectType(m_kind); }

    CrmRecord *find(const QString &id);
    const CrmRecord *find(const QString &id) const;

    // Finds the first record whose `property` equals `value` exactly. It
    // scans every record.
    const CrmRecord *findByValue(const QString &property, const QString &value) const;

    // Creates a record with the given values (empty ones are skipped) and
    // sets its id, hs_object_id and timestamps. Returns the new record.
    // `searchableAtOnce` skips the search lag, for seeded records.
    CrmRecord &create(const QHash<QString, QString> &values, qint64 nowMs, bool searchableAtOnce = false);

    // Writes `values` onto the record. An empty value clears the property.
    void update(CrmRecord &record, const QHash<QString, QString> &values, qint64 nowMs);

    // Deletes the record. Returns false when it does not exist.
    bool remove(const QString &id, qint64 nowMs);

    QList<const CrmRecord *> all() const;
    int size() const { return int(m_records.size()); }

    SearchIndex &searchIndex() { return m_searchIndex; }
    const SearchIndex &searchIndex() const { return m_searchIndex; }

    QJsonObject toJson() const;
    void loadJson(const QJsonObject &object);
    void clear();

protected:
    // Hooks for subclasses that keep their own lookup tables.
    virtual void indexRecord(const CrmRecord &) {}
    virtual void unindexRecord(const CrmRecord &) {}
    virtual void writeExtraJson(QJsonObject &) const {}
    virtual void readExtraJson(const QJsonObject &) {}
    virtual void clearExtra() {}

private:
    qint64 firstId() const;

    CrmObjectKind m_kind;
    QMap<qint64, CrmRecord> m_records;
    qint64 m_nextId;
    SearchIndex m_searchIndex;
};

} // namespace Breezee::Sandbox
