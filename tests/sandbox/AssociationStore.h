#pragma once

#include "CrmObjectType.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QSet>
#include <QString>

namespace Breezee::Sandbox {

// One record of any object type.
struct RecordRef {
    CrmObjectKind kind = CrmObjectKind::Contact;
    qint64 id = 0;

    bool operator==(const RecordRef &other) const { return kind == other.kind && id == other.id; }
};

size_t qHash(const RecordRef &ref, size_t seed = 0);

// One HUBSPOT_DEFINED association type between two object types, with the
// id of the same link seen from the other side.
struct AssociationType {
    CrmObjectKind from;
    CrmObjectKind to;
    int typeId;
    int inverseTypeId;
    // "Primary" for the primary company link, empty for unlabeled links.
    QString label;
};

// The HubSpot association type ids that the sandbox supports, from
// HubSpot's association type table. Contact to company is 279 (unlabeled)
// and 1 (primary), company to contact 280 and 2, note to contact 202, note
// to company 190, contact to note 201 and company to note 189.
const QList<AssociationType> &hubSpotDefinedAssociationTypes();
const AssociationType *findAssociationType(CrmObjectKind from, CrmObjectKind to, int typeId);

// Finds the type by id alone, for inline associations that name no target
// object type.
const AssociationType *findAssociationType(CrmObjectKind from, int typeId);

// The unlabeled type that "default" associations create.
const AssociationType *defaultAssociationType(CrmObjectKind from, CrmObjectKind to);

// Links between records. Each link is stored from both sides with the
// type ids of that side, so lookups in either direction are direct.
class AssociationStore {
public:
    // Links `from` to `to` with `typeId` and the inverse type. A primary
    // company link also adds the unlabeled one and takes the primary label
    // from the contact's other companies: a contact has one primary company.
    void add(const RecordRef &from, const RecordRef &to, int typeId);

    // The type ids of the link from `from` to `to`, empty when unlinked.
    QList<int> typesBetween(const RecordRef &from, const RecordRef &to) const;

    // The records of kind `toKind` linked from `from`, by ascending id.
    QList<RecordRef> linkedRecords(const RecordRef &from, CrmObjectKind toKind) const;

    // Moves every link of `merged` onto `primary` and drops `merged`.
    void mergeInto(const RecordRef &merged, const RecordRef &primary);

    void removeRecord(const RecordRef &ref);

    // The number of links, each counted once.
    int linkCount() const;

    QJsonArray toJson() const;
    void loadJson(const QJsonArray &array);
    void clear() { m_links.clear(); }

private:
    void link(const RecordRef &from, const RecordRef &to, int typeId);
    void unlink(const RecordRef &from, const RecordRef &to, int typeId);
    void dropPrimaryCompanies(const RecordRef &contact, const RecordRef &exceptCompany);

    QHash<RecordRef, QHash<RecordRef, QSet<int>>> m_links;
};

} // namespace Breezee::Sandbox
