#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLatin1String>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <array>
#include <optional>

namespace Breezee {

// A row of the `prospects` table. Empty strings and invalid times are
// stored as NULL.
struct Prospect {
    qint64 id = 0;
    QString email; // as captured but trimmed. Lookups compare normalizeEmail().
    QString firstName;
    QString lastName;
    QString phone;
    QString mobilePhone;
    QString jobTitle;
    QString companyName;
    std::optional<int> leadScore;
    QString sourceChannel;
    QString lifecycleStage;
    QDateTime lastActivityAt; // UTC
    QDateTime createdAt;      // UTC
    QDateTime updatedAt;      // UTC
};

// A chat conversation with a prospect. Its summary is synced to the CRM.
struct ChatSession {
    qint64 id = 0;
    qint64 prospectId = 0;
    QDateTime startedAt;
    QString summary;
    QDateTime summaryAt;
};

// Values of the `activities.kind` column.
namespace ActivityKind {
inline constexpr QLatin1String MeetingBooked{"meeting_booked"};
inline constexpr QLatin1String FormSubmission{"form_submission"};
} // namespace ActivityKind

// Something a prospect did, such as booking a meeting.
struct Activity {
    qint64 id = 0;
    qint64 prospectId = 0;
    QString kind; // one of ActivityKind
    QDateTime occurredAt;
    QString details;
};

// A key/value fact captured in chat. Memories stay local and are never synced.
struct Memory {
    qint64 id = 0;
    qint64 prospectId = 0;
    QString key;
    QString value;
    QDateTime capturedAt;
};

// A match between a prospect and an ideal customer profile.
struct ProfileMatch {
    qint64 id = 0;
    qint64 prospectId = 0;
    QString profile;
    std::optional<double> score;
    QDateTime matchedAt;
};

// Returns the email trimmed and case-folded, the form used to compare
// addresses and stored in `email_normalized`.
QString normalizeEmail(const QString &email);

// Checks a normalized address loosely: exactly one '@', a non-empty local
// part, a domain with at least one dot and no empty label, and no
// whitespace or control characters. It does not implement RFC 5322.
bool isUsableEmail(const QString &normalized);

// Reads and writes prospects and the records attached to them through one
// QSqlDatabase handle. The handle belongs to the thread that opened it, so a
// ProspectStore must be used from that thread only. Triggers in the schema
// fill `sync_queue` whenever a synced field changes.
//
// Every query is prepared with bound values. The statements that an import
// runs per row (insert, update, lookup by email) are prepared once per store
// and reused. So a ProspectStore should live for a whole batch of work, and it
// must be destroyed before its connection is removed. A failed write returns
// an Error. A failed read is logged to breezee.store and returns nothing.
class ProspectStore {
    Q_DECLARE_TR_FUNCTIONS(Breezee::ProspectStore)

public:
    explicit ProspectStore(QSqlDatabase db);

    // Inserts a prospect and returns its id. created_at keeps
    // prospect.createdAt when it is valid (for example the first-seen time of
    // an import) and is now otherwise. updated_at is now. prospect.id is
    // ignored.
    Result<qint64> insert(const Prospect &prospect);

    // Writes every field of the prospect with that id, including empty ones,
    // and sets updated_at to now. created_at changes only when
    // prospect.createdAt is valid. The queue trigger fires only when a synced
    // field changed. Returns a "not_found" error for an unknown id.
    Status update(const Prospect &prospect);

    std::optional<Prospect> findById(qint64 id) const;

    // Finds the prospect whose normalized email equals normalizeEmail(email).
    // When several match, the oldest (lowest id) is returned.
    std::optional<Prospect> findByEmail(const QString &email) const;

    // Returns the prospects with these ids in ascending id order. Unknown ids
    // are skipped.
    QList<Prospect> findByIds(const QList<qint64> &ids) const;

    // Returns the number of prospects, or -1 when the query fails.
    int count() const;

    // Records a chat session, which the queue trigger turns into a sync of
    // the prospect. An invalid startedAt (or occurredAt below) means now.
    Result<qint64> addChatSession(qint64 prospectId, const QDateTime &startedAt,
                                  const QString &summary = {}, const QDateTime &summaryAt = {});

    // Records an activity of one of the ActivityKind kinds. The queue trigger
    // enqueues the prospect.
    Result<qint64> addActivity(qint64 prospectId, const QString &kind, const QDateTime &occurredAt,
                               const QString &details = {});

    // Records a memory captured now. Memories enqueue nothing.
    Result<qint64> addMemory(qint64 prospectId, const QString &key, const QString &value);

    // Records a profile match made now. The queue trigger enqueues the
    // prospect.
    Result<qint64> addProfileMatch(qint64 prospectId, const QString &profile,
                                   std::optional<double> score);

    // Return the attached records of one prospect, oldest first.
    QList<ChatSession> chatSessions(qint64 prospectId) const;
    QList<Activity> activities(qint64 prospectId) const;
    QList<Memory> memories(qint64 prospectId) const;
    QList<ProfileMatch> profileMatches(qint64 prospectId) const;

    QSqlDatabase database() const { return m_db; }

private:
    enum class Statement { Insert, Update, FindByEmail };
    static constexpr int kStatementCount = 3;

    // std::optional because a default-constructed QSqlQuery attaches to the
    // default connection, which may belong to another thread.
    struct CachedStatement {
        std::optional<QSqlQuery> query;
        bool prepared = false;
    };

    QSqlQuery &preparedStatement(Statement kind, const QString &sql) const;

    QSqlDatabase m_db;
    mutable std::array<CachedStatement, kStatementCount> m_statements;
};

} // namespace Breezee
