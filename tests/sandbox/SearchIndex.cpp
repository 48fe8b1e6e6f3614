#include "SearchIndex.h"

namespace Breezee::Sandbox {

SearchIndex::SearchIndex(QStringList keyProperties)
    : m_keyProperties(std::move(keyProperties))
{
}

QStringList SearchIndex::matchValues(const QString &property, const QHash<QString, QString> &properties)
{
    QStringList values;
    const QString value = properties.value(property);
    if (!value.isEmpty())
        values.append(value);

    // Contacts are found by any of their emails, as HubSpot's lookups by
    // email find secondary addresses too.
    if (property == QLatin1String("email")) {
        const QStringList additional = properties.value(QStringLiteral("hs_additional_emails"))
                                           .split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const QString &email : additional)
            values.append(email.trimmed());
    }
    return values;
}

void SearchIndex::stage(const CrmRecord &record, qint64 nowMs, bool immediately)
{
    PendingWrite write;
    write.visibleAtMs = nowMs + m_lagMs;
    write.key = record.key();
    write.document = SearchDocument{record.key(), record.id, record.properties, record.createdAtMs,
                                    record.updatedAtMs};

    if (immediately || m_lagMs == 0) {
        apply(write);
        return;
    }
    m_pending.push_back(std::move(write));
}

void SearchIndex::stageRemoval(qint64 key, qint64 nowMs)
{
    PendingWrite write;
    write.visibleAtMs = nowMs + m_lagMs;
    write.key = key;

    if (m_lagMs == 0) {
        apply(write);
        return;
    }
    m_pending.push_back(std::move(write));
}

void SearchIndex::publishDue(qint64 nowMs)
{
    while (!m_pending.empty() && m_pending.front().visibleAtMs <= nowMs) {
        apply(m_pending.front());
        m_pending.pop_front();
    }
}

void SearchIndex::publishAll()
{
    while (!m_pending.empty()) {
        apply(m_pending.front());
        m_pending.pop_front();
    }
}

void SearchIndex::clear()
{
    m_pending.clear();
    m_documents.clear();
    m_keys.clear();
}

const SearchDocument *SearchIndex::document(qint64 key) const
{
    const auto it = m_documents.constFind(key);
    return it == m_documents.constEnd() ? nullptr : &it.value();
}

QList<qint64> SearchIndex::lookup(const QString &property, const QString &value) const
{
    return m_keys.value(property).value(value);
}

void SearchIndex::apply(const PendingWrite &write)
{
    const auto existing = m_documents.find(write.key);
    if (existing != m_documents.end()) {
        removeKeys(existing.value());
        m_documents.erase(existing);
    }

    if (!write.document)
        return;

    addKeys(*write.document);
    m_documents.insert(write.key, *write.document);
}

void SearchIndex::addKeys(const SearchDocument &document)
{
    for (const QString &property : m_keyProperties) {
        const QStringList values = matchValues(property, document.properties);
        for (const QString &value : values) {
            QList<qint64> &keys = m_keys[property][value.trimmed().toLower()];
            if (!keys.contains(document.key))
                keys.append(document.key);
        }
    }
}

void SearchIndex::removeKeys(const SearchDocument &document)
{
    for (const QString &property : m_keyProperties) {
        const QStringList values = matchValues(property, document.properties);
        for (const QString &value : values) {
            auto &byValue = m_keys[property];
            const QString normalized = value.trimmed().toLower();
            auto it = byValue.find(normalized);
            if (it == byValue.end())
                continue;
            it.value().removeAll(document.key);
            if (it.value().isEmpty())
                byValue.erase(it);
        }
    }
}

} // namespace Breezee::Sandbox
