#include "AssociationStore.h"

#include <QJsonObject>

#include <algorithm>

namespace Breezee::Sandbox {

namespace {

constexpr int PrimaryCompanyTypeId = 1;
constexpr int PrimaryCompanyInverseTypeId = 2;
constexpr int ContactToCompanyTypeId = 279;

QString kindName(CrmObjectKind kind)
{
    return crmObjectType(kind).typeId;
}

} // namespace

size_t qHash(const RecordRef &ref, size_t seed)
{
    return ::qHash(ref.id, seed) ^ size_t(ref.kind);
}

const QList<AssociationType> &hubSpotDefinedAssociationTypes()
{
    using K = CrmObjectKind;
    static const QList<AssociationType> types = {
        {K::Contact, K::Company, 279, 280, {}},
        {K::Contact, K::Company, 1, 2, QStringLiteral("Primary")},
        {K::Company, K::Contact, 280, 279, {}},
        {K::Company, K::Contact, 2, 1, QStringLiteral("Primary")},
        {K::Note, K::Contact, 202, 201, {}},
        {K::Contact, K::Note, 201, 202, {}},
        {K::Note, K::Company, 190, 189, {}},
        {K::Company, K::Note, 189, 190, {}},
    };
    return types;
}

const AssociationType *findAssociationType(CrmObjectKind from, CrmObjectKind to, int typeId)
{
    for (const AssociationType &type : hubSpotDefinedAssociationTypes()) {
        if (type.from == from && type.to == to && type.typeId == typeId)
            return &type;
    }
    return nullptr;
}

const AssociationType *findAssociationType(CrmObjectKind from, int typeId)
{
    for (const AssociationType &type : hubSpotDefinedAssociationTypes()) {
        if (type.from == from && type.typeId == typeId)
            return &type;
    }
    return nullptr;
}

const AssociationType *defaultAssociationType(CrmObjectKind from, CrmObjectKind to)
{
    for (const AssociationType &type : hubSpotDefinedAssociationTypes()) {
        if (type.from == from && type.to == to && type.label.isEmpty())
            return &type;
    }
    return nullptr;
}

void AssociationStore::add(const RecordRef &from, const RecordRef &to, int typeId)
{
    const AssociationType *type = findAssociationType(from.kind, to.kind, typeId);
    if (!type)
        return;

    if (!type->label.isEmpty()) {
        const RecordRef contact = from.kind == CrmObjectKind::Contact ? from : to;
        const RecordRef company = from.kind == CrmObjectKind::Contact ? to : from;
        dropPrimaryCompanies(contact, company);
        link(contact, company, ContactToCompanyTypeId);
        link(company, contact, defaultAssociationType(CrmObjectKind::Company, CrmObjectKind::Contact)->typeId);
    }

    link(from, to, type->typeId);
    link(to, from, type->inverseTypeId);
}

void AssociationStore::dropPrimaryCompanies(const RecordRef &contact, const RecordRef &exceptCompany)
{
    const QList<RecordRef> companies = linkedRecords(contact, CrmObjectKind::Company);
    for (const RecordRef &company : companies) {
        if (company == exceptCompany)
            continue;
        unlink(contact, company, PrimaryCompanyTypeId);
        unlink(company, contact, PrimaryCompanyInverseTypeId);
    }
}

void AssociationStore::link(const RecordRef &from, const RecordRef &to, int typeId)
{
    m_links[from][to].insert(typeId);
}

void AssociationStore::unlink(const RecordRef &from, const RecordRef &to, int typeId)
{
    auto outer = m_links.find(from);
    if (outer == m_links.end())
        return;

    auto inner = outer.value().find(to);
    if (inner == outer.value().end())
        return;

    inner.value().remove(typeId);
    if (inner.value().isEmpty())
        outer.value().erase(inner);
    if (outer.value().isEmpty())
        m_links.erase(outer);
}

QList<int> AssociationStore::typesBetween(const RecordRef &from, const RecordRef &to) const
{
    QList<int> types = m_links.value(from).value(to).values();
    std::sort(types.begin(), types.end());
    return types;
}

QList<RecordRef> AssociationStore::linkedRecords(const RecordRef &from, CrmObjectKind toKind) const
{
    QList<RecordRef> result;
    const auto outer = m_links.constFind(from);
    if (outer == m_links.constEnd())
        return result;

    for (auto it = outer.value().begin(); it != outer.value().end(); ++it) {
        if (it.key().kind == toKind)
            result.append(it.key());
    }
    std::sort(result.begin(), result.end(), [](const RecordRef &a, const RecordRef &b) { return a.id < b.id; });
    return result;
}

void AssociationStore::mergeInto(const RecordRef &merged, const RecordRef &primary)
{
    const QHash<RecordRef, QSet<int>> links = m_links.value(merged);
    removeRecord(merged);

    // The primary keeps its own primary company, so the merged contact's
    // primary label is dropped when the primary already has one.
    bool primaryHasPrimaryCompany = false;
    const QList<RecordRef> companies = linkedRecords(primary, CrmObjectKind::Company);
    for (const RecordRef &company : companies)
        primaryHasPrimaryCompany = primaryHasPrimaryCompany || typesBetween(primary, company).contains(PrimaryCompanyTypeId);

    for (auto it = links.begin(); it != links.end(); ++it) {
        for (int typeId : it.value()) {
            if (typeId == PrimaryCompanyTypeId && primaryHasPrimaryCompany)
                continue;
            add(primary, it.key(), typeId);
        }
    }
}

void AssociationStore::removeRecord(const RecordRef &ref)
{
    const QHash<RecordRef, QSet<int>> links = m_links.take(ref);
    for (auto it = links.begin(); it != links.end(); ++it) {
        auto other = m_links.find(it.key());
        if (other == m_links.end())
            continue;
        other.value().remove(ref);
        if (other.value().isEmpty())
            m_links.erase(other);
    }
}

int AssociationStore::linkCount() const
{
    int count = 0;
    for (auto outer = m_links.begin(); outer != m_links.end(); ++outer)
        count += int(outer.value().size());
    return count / 2;
}

QJsonArray AssociationStore::toJson() const
{
    QJsonArray array;
    for (auto outer = m_links.begin(); outer != m_links.end(); ++outer) {
        for (auto inner = outer.value().begin(); inner != outer.value().end(); ++inner) {
            QJsonArray typeIds;
            for (int typeId : inner.value())
                typeIds.append(typeId);

            QJsonObject link;
            link.insert(QStringLiteral("fromObjectTypeId"), kindName(outer.key().kind));
            link.insert(QStringLiteral("fromObjectId"), QString::number(outer.key().id));
            link.insert(QStringLiteral("toObjectTypeId"), kindName(inner.key().kind));
            link.insert(QStringLiteral("toObjectId"), QString::number(inner.key().id));
            link.insert(QStringLiteral("typeIds"), typeIds);
            array.append(link);
        }
    }
    return array;
}

void AssociationStore::loadJson(const QJsonArray &array)
{
    clear();
    for (const QJsonValue &value : array) {
        const QJsonObject link = value.toObject();
        const std::optional<CrmObjectKind> fromKind =
            crmObjectKindFromName(link.value(QStringLiteral("fromObjectTypeId")).toString());
        const std::optional<CrmObjectKind> toKind =
            crmObjectKindFromName(link.value(QStringLiteral("toObjectTypeId")).toString());
        if (!fromKind || !toKind)
            continue;

        const RecordRef from{*fromKind, link.value(QStringLiteral("fromObjectId")).toString().toLongLong()};
        const RecordRef to{*toKind, link.value(QStringLiteral("toObjectId")).toString().toLongLong()};
        const QJsonArray typeIds = link.value(QStringLiteral("typeIds")).toArray();
        for (const QJsonValue &typeId : typeIds)
            this->link(from, to, typeId.toInt());
    }
}

} // namespace Breezee::Sandbox
