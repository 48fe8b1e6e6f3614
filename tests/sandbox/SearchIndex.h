#pragma once

#include "CrmRecord.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

namespace Breezee::Sandbox {

// A record as CRM search returns it, with the values of its last indexed write.
struct SearchDocument {
    qint64 key = 0;
    QString id;
    QHash<QString, QString> properties;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
};

// The search index of one object type. HubSpot's search shows a created or
// updated record only "after a few moments", so each write is staged and
// becomes visible `lagMs` later, while batch read and get by id see the
// store at once. Writes become visible in the order they were staged.
class SearchIndex {
public:
    explicit SearchIndex(QStringList keyProperties);

    void setLagMs(qint64 lagMs) { m_lagMs = qMax<qint64>(0, lagMs); }
    qint64 lagMs() const { return m_lagMs; }

    // Stages the record's current values. With `immediately`, or a lag of
    // 0, they are visible at once.
    void stage(const CrmRecord &record, qint64 nowMs, bool immediately = false);

    // Stages the removal of a record, for example one merged into another.
    void stageRemoval(qint64 key, qint64 nowMs);

    // Makes every staged write whose time has come visible.
    void publishDue(qint64 nowMs);

    // Makes every staged write visible now, whatever its time.
    void publishAll();

    void clear();
    int pendingCount() const { return int(m_pending.size()); }

    const QMap<qint64, SearchDocument> &documents() const { return m_documents; }
    const SearchDocument *document(qint64 key) const;

    bool isKeyProperty(const QString &property) const { return m_keyProperties.contains(property); }

    // Keys of the visible documents whose key property has the value
    // `value`, compared exactly with the stored value in lower case. For
    // "email" the additional emails count as values too.
    QList<qint64> lookup(const QString &property, const QString &value) const;

    // The values a filter on `property` compares with: the value itself,
    // and for "email" also each entry of hs_additional_emails.
    static QStringList matchValues(const QString &property, const QHash<QString, QString> &properties);

private:
    struct PendingWrite {
        qint64 visibleAtMs = 0;
        qint64 key = 0;
        // Empty for a removal.
        std::optional<SearchDocument> document;
    };

    void apply(const PendingWrite &write);
    void addKeys(const SearchDocument &document);
    void removeKeys(const SearchDocument &document);

    QStringList m_keyProperties;
    qint64 m_lagMs = 0;
    std::deque<PendingWrite> m_pending;
    QMap<qint64, SearchDocument> m_documents;
    // property -> lowercased value -> document keys
    QHash<QString, QHash<QString, QList<qint64>>> m_keys;
};

} // namespace Breezee::Sandbox
