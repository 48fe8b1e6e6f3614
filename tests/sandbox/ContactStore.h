#pragma once

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Breezee::Sandbox {

struct Contact {
    QString id;
    // Every stored value, including hs_object_id, createdate and
    // lastmodifieddate. A cleared property is removed.
    QHash<QString, QString> properties;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    // How often each property was written by a create, update or seed,
    // counting writes of "" that cleared it.
    QHash<QString, int> writeCounts;

    QString value(const QString &name) const { return properties.value(name); }

    // The primary email first, then hs_additional_emails (';'-separated).
    QStringList emails() const;
};

// Contacts of the sandbox hub, keyed by numeric record id in creation order.
class ContactStore {
public:
    Contact *find(const QString &id);
    const Contact *find(const QString &id) const;

    // Finds the contact whose primary or additional email equals `email`,
    // ignoring case and surrounding spaces.
    const Contact *findByEmail(const QString &email) const;

    // Finds the contact whose `property` equals `value` exactly.
    const Contact *findByValue(const QString &property, const QString &value) const;

    // Creates a contact with the given values (empty ones are skipped) and
    // sets its id, createdate and lastmodifieddate. Returns the new record.
    Contact &create(const QHash<QString, QString> &values, qint64 nowMs);

    // Writes `values` onto the contact. An empty value clears the property.
    void update(Contact &contact, const QHash<QString, QString> &values, qint64 nowMs);

    QList<const Contact *> all() const;
    int size() const { return int(m_contacts.size()); }

    QJsonObject toJson() const;
    void loadJson(const QJsonObject &object);
    void clear();

    static QJsonObject contactToJson(const Contact &contact);

private:
    QMap<qint64, Contact> m_contacts;
    qint64 m_nextId = FirstId;

    static constexpr qint64 FirstId = 1001;
};

QString normalizedEmail(const QString &email);

} // namespace Breezee::Sandbox
