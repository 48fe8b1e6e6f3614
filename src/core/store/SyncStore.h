#pragma once

#include "common/Result.h"
#include "hubspot/NotePlanner.h"
#include "store/DatabaseConfig.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

namespace Breezee {

// The parts of a prospect that a sync sends. A normal sync sends all of
// them; a person's resync may name only some.
enum class SyncPart {
    Fields = 0x1,  // standard fields and the Breezee properties
    Notes = 0x2,   // timeline notes
    Company = 0x4, // the company association, looked up afresh
};
Q_DECLARE_FLAGS(SyncParts, SyncPart)
Q_DECLARE_OPERATORS_FOR_FLAGS(SyncParts)

inline constexpr SyncParts allSyncParts()
{
    return SyncParts(SyncPart::Fields) | SyncPart::Notes | SyncPart::Company;
}

// The sync_queue.scope text of some parts ('all' or a comma list), and back.
QString scopeText(SyncParts parts);
SyncParts partsFromScope(const QString &scope);

// One row of the sync queue as the worker read it.
struct QueueItem {
    qint64 prospectId = 0;
    qint64 generation = 0;
    int attempts = 0;
    SyncParts parts = allSyncParts();
};

enum class SyncStatus { Pending, Synced, Failed };

// The result of syncing one prospect, written with the queue update in one
// transaction.
struct SyncResult {
    QueueItem item;
    SyncStatus status = SyncStatus::Pending;
    QString remoteId;
    QString error;
    QString decisionsJson;
    QString logKind;    // 'created', 'updated', 'unchanged', 'failed', 'retry'
    QString logMessage;
    // For a transient failure: when to try again. Invalid means remove the
    // queue row (done, or failed until the prospect changes).
    QDateTime retryAt;
    // The lifecycle stage and lead score HubSpot now has, compared at the
    // next sync for a "Contact Activity" note. Written only when synced.
    QString syncedLifecycleStage;
    std::optional<int> syncedLeadScore;
};

// A sync_notes row.
struct StoredNote {
    qint64 id = 0;
    qint64 prospectId = 0;
    PlannedNote note;
    QString remoteId;
};

// A company resolved by normalized name; see the companies table.
struct StoredCompany {
    QString normalizedName;
    QString displayName;
    QString remoteId;
    QString status;     // 'linked', 'ambiguous' or 'creating'
    QString candidates; // JSON, for 'ambiguous'
    QDateTime resolvedAt;
};

// The association of a prospect's contact to a company, written with the
// batch's results.
struct CompanyLink {
    qint64 prospectId = 0;
    QString normalizedName;
    QString remoteCompanyId;
    QString status; // 'linked' or 'ambiguous'
};

// HubSpot's id for a posted note, written with the batch's results.
struct NoteResult {
    qint64 noteId = 0;
    QString remoteId;
};

// The queue, sync state and sync log tables, through one connection.
class SyncStore {
    Q_DECLARE_TR_FUNCTIONS(Breezee::SyncStore)

public:
    // On PostgreSQL the store leases queue rows as worker `host:pid` for
    // 120 s; the second form takes the worker id and lease from `config`.
    explicit SyncStore(QSqlDatabase db);
    SyncStore(QSqlDatabase db, const DatabaseConfig &config);
    // Releases the leases this store still holds, see releaseLeases().
    ~SyncStore();

    SyncStore(const SyncStore &) = delete;
    SyncStore &operator=(const SyncStore &) = delete;

    // Returns up to `limit` queue rows that are due, oldest first. On
    // PostgreSQL it also leases them: in one statement it locks due rows
    // that no live lease holds (FOR UPDATE SKIP LOCKED) and stamps
    // leased_by and lease_until, so other workers skip them until record()
    // or until the lease expires.
    Result<QList<QueueItem>> dueItems(int limit, const QDateTime &now) const;

    // Gives back the leases of rows that this store read and did not
    // record, so another worker may take them at once. Nothing on SQLite.
    void releaseLeases();

    QString workerId() const { return m_workerId; }

    // Counts every queue row, due or not.
    int queueSize() const;

    // Writes the results and removes or defers their queue rows, all in one
    // transaction. A queue row whose generation grew meanwhile (the prospect
    // changed during the sync) stays queued.
    Status record(const QList<SyncResult> &results, const QList<NoteResult> &notes = {},
                  const QList<CompanyLink> &companyLinks = {});

    // Resolved companies by normalized name.
    QHash<QString, StoredCompany> companies(const QStringList &normalizedNames) const;
    Status saveCompany(const StoredCompany &company);

    // The company link of each prospect that has one.
    QHash<qint64, CompanyLink> companyLinks(const QList<qint64> &prospectIds) const;

    // What HubSpot last heard about the prospect.
    SyncedProfile syncedProfile(qint64 prospectId) const;

    // Every sync_notes row of the prospects, posted or not.
    Result<QList<StoredNote>> notes(const QList<qint64> &prospectIds) const;

    // Writes new notes as pending (no remote id yet) before they are
    // posted, and returns them with their row ids.
    Result<QList<StoredNote>> addPendingNotes(qint64 prospectId, const QList<PlannedNote> &notes);

    Status appendLog(const QString &level, const QString &kind, qint64 prospectId, const QString &message);

    // Puts prospects back on the queue, for Resync.
    Status enqueue(const QList<qint64> &prospectIds, const QString &reason);
    Status enqueueAll(const QString &reason);

    // Puts prospects back on the queue for the given parts only. With
    // SyncPart::Company the prospect's company is looked up again, unless
    // a person chose it.
    Status enqueueResync(const QList<qint64> &prospectIds, SyncParts parts, const QString &reason);

    // Records a person's choice among the candidates of an ambiguous
    // company name and queues the association.
    Status chooseCompany(qint64 prospectId, const QString &remoteCompanyId);

    // Returns the stored HubSpot id of a prospect, or an empty string.
    QString remoteId(qint64 prospectId) const;

private:
    Result<QList<QueueItem>> leaseDueItems(int limit, const QDateTime &now) const;

    QSqlDatabase m_db;
    QString m_workerId;
    int m_leaseSeconds = 120;
    bool m_server = false;
    // Rows leased by dueItems() and not yet recorded or released.
    mutable QSet<qint64> m_leased;
};

} // namespace Breezee
