#include "ContactStore.h"

#include <QJsonArray>

#include <algorithm>

namespace Breezee::Sandbox {

QString normalizedEmail(const QString &email)
{
    return email.trimmed().toLower();
}

const Contact *emailOwner(const ContactStore &contacts, const QString &email, const QString &exceptId)
{
    const Contact *owner = contacts.findByEmail(email);
    if (!owner || owner->id == exceptId)
        return nullptr;
    return owner;
}

ContactStore::ContactStore()
    : CrmObjectStore(CrmObjectKind::Contact)
{
}

QStringList ContactStore::emails(const Contact &contact)
{
    QStringList result;

    const QString primary = contact.value(QStringLiteral("email"));
    if (!primary.isEmpty())
        result.append(primary);

    const QStringList additional = contact.value(QStringLiteral("hs_additional_emails"))
                                       .split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &email : additional)
        result.append(email.trimmed());

    return result;
}

const Contact *ContactStore::findByEmail(const QString &email) const
{
    const QString wanted = normalizedEmail(email);
    if (wanted.isEmpty())
        return nullptr;

    const QList<qint64> keys = m_keysByEmail.value(wanted);
    if (keys.isEmpty())
        return nullptr;

    const qint64 lowest = *std::min_element(keys.begin(), keys.end());
    return find(QString::number(lowest));
}

void ContactStore::indexRecord(const CrmRecord &record)
{
    const QStringList addresses = emails(record);
    for (const QString &email : addresses) {
        QList<qint64> &keys = m_keysByEmail[normalizedEmail(email)];
        if (!keys.contains(record.key()))
            keys.append(record.key());
    }
}

void ContactStore::unindexRecord(const CrmRecord &record)
{
    const QStringList addresses = emails(record);
    for (const QString &email : addresses) {
        auto it = m_keysByEmail.find(normalizedEmail(email));
        if (it == m_keysByEmail.end())
            continue;
        it.value().removeAll(record.key());
        if (it.value().isEmpty())
            m_keysByEmail.erase(it);
    }
}

std::optional<QString> ContactStore::merge(const QString &primaryId, const QString &mergedId, qint64 nowMs)
{
    if (primaryId == mergedId)
        return QStringLiteral("A contact cannot be merged into itself (id %1).").arg(primaryId);

    Contact *primary = find(primaryId);
    const Contact *merged = find(mergedId);
    if (!primary)
        return QStringLiteral("Primary contact %1 does not exist.").arg(primaryId);
    if (!merged)
        return QStringLiteral("Contact %1 to merge does not exist.").arg(mergedId);

    QHash<QString, QString> values;
    for (auto it = merged->properties.begin(); it != merged->properties.end(); ++it) {
        if (!primary->properties.contains(it.key()))
            values.insert(it.key(), it.value());
    }

    // A primary without an email takes the merged contact's email above.
    const QString primaryEmail = primary->properties.contains(QStringLiteral("email"))
        ? primary->value(QStringLiteral("email"))
        : values.value(QStringLiteral("email"));
    QStringList additional = primary->value(QStringLiteral("hs_additional_emails"))
                                 .split(QLatin1Char(';'), Qt::SkipEmptyParts);
    const QStringList mergedEmails = emails(*merged);
    for (const QString &email : mergedEmails) {
        const bool known = std::any_of(additional.begin(), additional.end(), [&email](const QString &other) {
            return normalizedEmail(other) == normalizedEmail(email);
        });
        if (!known && normalizedEmail(email) != normalizedEmail(primaryEmail))
            additional.append(email);
    }
    values.insert(QStringLiteral("hs_additional_emails"), additional.join(QLatin1Char(';')));

    QStringList mergedIds = primary->value(QStringLiteral("hs_merged_object_ids"))
                                .split(QLatin1Char(';'), Qt::SkipEmptyParts);
    mergedIds.append(mergedId);
    values.insert(QStringLiteral("hs_merged_object_ids"), mergedIds.join(QLatin1Char(';')));

    // The primary keeps its own id and timestamps.
    values.remove(QStringLiteral("hs_object_id"));
    values.remove(type().createDateProperty);
    values.remove(type().lastModifiedProperty);

    const qint64 mergedKey = merged->key();
    remove(mergedId, nowMs);
    update(*primary, values, nowMs);

    // Ids merged earlier into the merged contact now point at the primary.
    for (auto it = m_mergedInto.begin(); it != m_mergedInto.end(); ++it) {
        if (it.value() == mergedKey)
            it.value() = primary->key();
    }
    m_mergedInto.insert(mergedKey, primary->key());
    return std::nullopt;
}

QString ContactStore::mergedInto(const QString &id) const
{
    bool ok = false;
    const qint64 key = id.toLongLong(&ok);
    if (!ok || !m_mergedInto.contains(key))
        return {};
    return QString::number(m_mergedInto.value(key));
}

void ContactStore::writeExtraJson(QJsonObject &object) const
{
    QJsonObject merged;
    for (auto it = m_mergedInto.begin(); it != m_mergedInto.end(); ++it)
        merged.insert(QString::number(it.key()), QString::number(it.value()));
    object.insert(QStringLiteral("mergedInto"), merged);
}

void ContactStore::readExtraJson(const QJsonObject &object)
{
    const QJsonObject merged = object.value(QStringLiteral("mergedInto")).toObject();
    for (auto it = merged.begin(); it != merged.end(); ++it)
        m_mergedInto.insert(it.key().toLongLong(), it.value().toString().toLongLong());
}

void ContactStore::clearExtra()
{
    m_keysByEmail.clear();
    m_mergedInto.clear();
}

} // namespace Breezee::Sandbox
