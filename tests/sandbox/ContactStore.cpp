#include "ContactStore.h"

#include "HubSpotErrors.h"

#include <QJsonArray>

namespace Breezee::Sandbox {

QString normalizedEmail(const QString &email)
{
    return email.trimmed().toLower();
}

QStringList Contact::emails() const
{
    QStringList result;

    const QString primary = value(QStringLiteral("email"));
    if (!primary.isEmpty())
        result.append(primary);

    const QStringList additional = value(QStringLiteral("hs_additional_emails")).split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &email : additional)
        result.append(email.trimmed());

    return result;
}

Contact *ContactStore::find(const QString &id)
{
    bool ok = false;
    const qint64 key = id.toLongLong(&ok);
    if (!ok)
        return nullptr;

    const auto it = m_contacts.find(key);
    return it == m_contacts.end() ? nullptr : &it.value();
}

const Contact *ContactStore::find(const QString &id) const
{
    return const_cast<ContactStore *>(this)->find(id);
}

const Contact *ContactStore::findByEmail(const QString &email) const
{
    const QString wanted = normalizedEmail(email);
    if (wanted.isEmpty())
        return nullptr;

    for (const Contact &contact : m_contacts) {
        const QStringList emails = contact.emails();
        for (const QString &candidate : emails) {
            if (normalizedEmail(candidate) == wanted)
                return &contact;
        }
    }
    return nullptr;
}

const Contact *ContactStore::findByValue(const QString &property, const QString &value) const
{
    if (value.isEmpty())
        return nullptr;

    for (const Contact &contact : m_contacts) {
        if (contact.value(property) == value)
            return &contact;
    }
    return nullptr;
}

Contact &ContactStore::create(const QHash<QString, QString> &values, qint64 nowMs)
{
    const qint64 key = m_nextId++;

    Contact contact;
    contact.id = QString::number(key);
    contact.createdAtMs = nowMs;
    contact.updatedAtMs = nowMs;

    for (auto it = values.begin(); it != values.end(); ++it) {
        contact.writeCounts[it.key()] += 1;
        if (!it.value().isEmpty())
            contact.properties.insert(it.key(), it.value());
    }

    contact.properties.insert(QStringLiteral("hs_object_id"), contact.id);
    contact.properties.insert(QStringLiteral("createdate"), isoTimestamp(nowMs));
    contact.properties.insert(QStringLiteral("lastmodifieddate"), isoTimestamp(nowMs));

    return m_contacts.insert(key, contact).value();
}

void ContactStore::update(Contact &contact, const QHash<QString, QString> &values, qint64 nowMs)
{
    for (auto it = values.begin(); it != values.end(); ++it) {
        contact.writeCounts[it.key()] += 1;
        if (it.value().isEmpty())
            contact.properties.remove(it.key());
        else
            contact.properties.insert(it.key(), it.value());
    }

    contact.updatedAtMs = nowMs;
    contact.properties.insert(QStringLiteral("lastmodifieddate"), isoTimestamp(nowMs));
}

QList<const Contact *> ContactStore::all() const
{
    QList<const Contact *> result;
    for (const Contact &contact : m_contacts)
        result.append(&contact);
    return result;
}

QJsonObject ContactStore::contactToJson(const Contact &contact)
{
    QJsonObject properties;
    for (auto it = contact.properties.begin(); it != contact.properties.end(); ++it)
        properties.insert(it.key(), it.value());

    QJsonObject writeCounts;
    for (auto it = contact.writeCounts.begin(); it != contact.writeCounts.end(); ++it)
        writeCounts.insert(it.key(), it.value());

    QJsonObject object;
    object.insert(QStringLiteral("id"), contact.id);
    object.insert(QStringLiteral("properties"), properties);
    object.insert(QStringLiteral("createdAt"), isoTimestamp(contact.createdAtMs));
    object.insert(QStringLiteral("updatedAt"), isoTimestamp(contact.updatedAtMs));
    object.insert(QStringLiteral("createdAtMs"), double(contact.createdAtMs));
    object.insert(QStringLiteral("updatedAtMs"), double(contact.updatedAtMs));
    object.insert(QStringLiteral("archived"), false);
    object.insert(QStringLiteral("propertyWriteCounts"), writeCounts);
    return object;
}

QJsonObject ContactStore::toJson() const
{
    QJsonArray contacts;
    for (const Contact &contact : m_contacts)
        contacts.append(contactToJson(contact));

    QJsonObject object;
    object.insert(QStringLiteral("nextId"), double(m_nextId));
    object.insert(QStringLiteral("contacts"), contacts);
    return object;
}

void ContactStore::loadJson(const QJsonObject &object)
{
    clear();

    const QJsonArray contacts = object.value(QStringLiteral("contacts")).toArray();
    for (const QJsonValue &value : contacts) {
        const QJsonObject item = value.toObject();

        Contact contact;
        contact.id = item.value(QStringLiteral("id")).toString();
        contact.createdAtMs = qint64(item.value(QStringLiteral("createdAtMs")).toDouble());
        contact.updatedAtMs = qint64(item.value(QStringLiteral("updatedAtMs")).toDouble());

        const QJsonObject properties = item.value(QStringLiteral("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            contact.properties.insert(it.key(), it.value().toString());

        const QJsonObject counts = item.value(QStringLiteral("propertyWriteCounts")).toObject();
        for (auto it = counts.begin(); it != counts.end(); ++it)
            contact.writeCounts.insert(it.key(), it.value().toInt());

        bool ok = false;
        const qint64 key = contact.id.toLongLong(&ok);
        if (!ok)
            continue;
        m_contacts.insert(key, contact);
        m_nextId = qMax(m_nextId, key + 1);
    }

    m_nextId = qMax(m_nextId, qint64(object.value(QStringLiteral("nextId")).toDouble()));
}

void ContactStore::clear()
{
    m_contacts.clear();
    m_nextId = FirstId;
}

} // namespace Breezee::Sandbox
