#pragma once

#include "CrmObjectStore.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Breezee::Sandbox {

using Contact = CrmRecord;

// Contacts of the sandbox hub, with a lookup table from every primary and
// additional email (lowercased) to the contacts that use it, and the ids
// of contacts merged into others.
class ContactStore : public CrmObjectStore {
public:
    ContactStore();

    // Finds the contact whose primary or additional email equals `email`,
    // ignoring case and surrounding spaces. When seeding gave several
    // contacts the same email, the one with the lowest id wins.
    const Contact *findByEmail(const QString &email) const;

    // Merges `mergedId` into `primaryId`. The primary keeps its values and
    // gains the ones it lacks. The merged contact's emails become additional
    // emails of the primary, and its id is added to hs_merged_object_ids.
    // Then the merged record is deleted. Returns the error message when
    // either id is unknown or they are equal.
    // NOTE: HubSpot picks each merged value by recency; the sandbox keeps
    // the primary's values instead.
    std::optional<QString> merge(const QString &primaryId, const QString &mergedId, qint64 nowMs);

    // The id a merged contact id now stands for, following merges in turn,
    // or an empty string when `id` was never merged.
    QString mergedInto(const QString &id) const;

    // The number of merged ids that point at a contact.
    int mergedCount() const { return int(m_mergedInto.size()); }

    static QJsonObject contactToJson(const Contact &contact) { return recordToStateJson(contact); }

    // The primary email first, then hs_additional_emails (';'-separated).
    static QStringList emails(const Contact &contact);

protected:
    void indexRecord(const CrmRecord &record) override;
    void unindexRecord(const CrmRecord &record) override;
    void writeExtraJson(QJsonObject &object) const override;
    void readExtraJson(const QJsonObject &object) override;
    void clearExtra() override;

private:
    QHash<QString, QList<qint64>> m_keysByEmail;
    QHash<qint64, qint64> m_mergedInto;
};

QString normalizedEmail(const QString &email);

// Returns the contact other than `exceptId` that already uses `email` as
// its primary or additional email, or nullptr.
const Contact *emailOwner(const ContactStore &contacts, const QString &email, const QString &exceptId = {});

} // namespace Breezee::Sandbox
