#include "SyncStore.h"

#include "common/Logging.h"
#include "hubspot/CompanyMatcher.h"
#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Breezee {

namespace {

QString statusName(SyncStatus status)
{
    switch (status) {
    case SyncStatus::Pending:
        return QStringLiteral("pending");
    case SyncStatus::Synced:
        return QStringLiteral("synced");
    case SyncStatus::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("pending");
}

Error queryError(const QString &what, const QSqlQuery &query)
{
    return Error{QStringLiteral("db_error"), QStringLiteral("%1 failed: %2").arg(what, query.lastError().text())};
}

} // namespace

QString scopeText(SyncParts parts)
{
    if (parts == allSyncParts())
        return QStringLiteral("all");

    QStringList words;
    if (parts.testFlag(SyncPart::Fields))
        words << QStringLiteral("fields");
    if (parts.testFlag(SyncPart::Notes))
        words << QStringLiteral("notes");
    if (parts.testFlag(SyncPart::Company))
        words << QStringLiteral("company");
    return words.join(QLatin1Char(','));
}

SyncParts partsFromScope(const QString &scope)
{
    SyncParts parts;
    const QStringList words = scope.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        const QString trimmed = word.trimmed();
        if (trimmed == QLatin1String("fields"))
            parts |= SyncPart::Fields;
        else if (trimmed == QLatin1String("notes"))
            parts |= SyncPart::Notes;
        else if (trimmed == QLatin1String("company"))
            parts |= SyncPart::Company;
    }

    // 'all', an empty scope and unknown words all mean a full sync.
    return parts ? parts : allSyncParts();
}

SyncStore::SyncStore(QSqlDatabase db)
    : SyncStore(std::move(db), DatabaseConfig())
{
}

SyncStore::SyncStore(QSqlDatabase db, const DatabaseConfig &config)
    : m_db(std::move(db))
    , m_workerId(config.effectiveWorkerId())
    , m_leaseSeconds(qMax(1, config.leaseSeconds))
    , m_server(m_db.driverName() == QLatin1String("QPSQL"))
{
}

SyncStore::~SyncStore()
{
    releaseLeases();
}

void SyncStore::releaseLeases()
{
    if (!m_server || m_leased.isEmpty() || !m_db.isOpen())
        return;

    QSqlQuery release(m_db);
    release.prepare(QStringLiteral("UPDATE sync_queue SET leased_by = NULL, lease_until = NULL "
                                   "WHERE prospect_id = ? AND leased_by = ?"));
    for (qint64 id : std::as_const(m_leased)) {
        release.addBindValue(id);
        release.addBindValue(m_workerId);
        if (!release.exec())
            qCWarning(lcStore) << "releasing the lease on prospect" << id << "failed:" << release.lastError().text();
    }
    qCInfo(lcStore) << "released" << m_leased.size() << "queue leases of" << m_workerId;
    m_leased.clear();
}

Result<QList<QueueItem>> SyncStore::leaseDueItems(int limit, const QDateTime &now) const
{
    // One statement, so the row locks last only as long as the stamping.
    // The lease clock is the database's, shared by every worker host.
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "WITH due AS (SELECT prospect_id FROM sync_queue "
        "WHERE (not_before IS NULL OR not_before <= ?) "
        "AND (lease_until IS NULL OR lease_until <= clock_timestamp()) "
        "ORDER BY enqueued_at, prospect_id LIMIT ? FOR UPDATE SKIP LOCKED) "
        "UPDATE sync_queue SET leased_by = ?, lease_until = clock_timestamp() + make_interval(secs => ?) "
        "FROM due WHERE sync_queue.prospect_id = due.prospect_id "
        "RETURNING sync_queue.prospect_id, sync_queue.generation, sync_queue.attempts, sync_queue.scope, "
        "sync_queue.enqueued_at"));
    query.addBindValue(storeTimestamp(now));
    query.addBindValue(limit);
    query.addBindValue(m_workerId);
    query.addBindValue(double(m_leaseSeconds));
    if (!query.exec())
        return queryError(QStringLiteral("Leasing due queue rows"), query);

    // RETURNING keeps no order: sort as the SQLite query does.
    QList<std::pair<QString, QueueItem>> rows;
    while (query.next())
        rows.append({query.value(4).toString(),
                     QueueItem{query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toInt(),
                               partsFromScope(query.value(3).toString())}});
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second.prospectId < b.second.prospectId;
    });

    QList<QueueItem> items;
    for (const auto &row : std::as_const(rows)) {
        items << row.second;
        m_leased.insert(row.second.prospectId);
    }
    if (!items.isEmpty())
        qCDebug(lcStore) << m_workerId << "leased" << items.size() << "queue rows for" << m_leaseSeconds << "s";
    return items;
}

Result<QList<QueueItem>> SyncStore::dueItems(int limit, const QDateTime &now) const
{
    if (m_server)
        return leaseDueItems(limit, now);

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT prospect_id, generation, attempts, scope FROM sync_queue "
                                 "WHERE not_before IS NULL OR not_before <= ? "
                                 "ORDER BY enqueued_at, prospect_id LIMIT ?"));
    query.addBindValue(storeTimestamp(now));
    query.addBindValue(limit);
    if (!query.exec())
        return queryError(QStringLiteral("Reading the sync queue"), query);

    QList<QueueItem> items;
    while (query.next())
        items << QueueItem{query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toInt(),
                           partsFromScope(query.value(3).toString())};
    return items;
}

int SyncStore::queueSize() const
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_queue")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

Status SyncStore::record(const QList<SyncResult> &results, const QList<NoteResult> &notes,
                         const QList<CompanyLink> &companyLinks)
{
    if (!beginWriteTransaction(m_db))
        return writeTransactionError();

    const QString now = storeTimestamp();
    QSqlQuery state(m_db);
    state.prepare(QStringLiteral(
        "INSERT INTO sync_state (prospect_id, remote_id, status, last_attempt_at, last_synced_at, "
        "last_error, attempts, decisions) VALUES (:id, :remote, :status, :now, :synced, :error, 1, "
        ":decisions) "
        "ON CONFLICT (prospect_id) DO UPDATE SET "
        "remote_id = COALESCE(excluded.remote_id, sync_state.remote_id), status = excluded.status, "
        "last_attempt_at = excluded.last_attempt_at, "
        "last_synced_at = COALESCE(excluded.last_synced_at, sync_state.last_synced_at), "
        "last_error = excluded.last_error, attempts = sync_state.attempts + 1, "
        "decisions = COALESCE(excluded.decisions, sync_state.decisions)"));

    // On PostgreSQL a row whose lease expired and that another worker took
    // meanwhile belongs to that worker: only rows without a lease or with
    // this worker's lease are removed or deferred.
    const QString leaseCondition = m_server ? QStringLiteral(" AND (leased_by IS NULL OR leased_by = ?)") : QString();
    QSqlQuery remove(m_db);
    remove.prepare(QStringLiteral("DELETE FROM sync_queue WHERE prospect_id = ? AND generation = ?") + leaseCondition);

    QSqlQuery defer(m_db);
    defer.prepare(QStringLiteral("UPDATE sync_queue SET not_before = ?, attempts = attempts + 1%1 "
                                 "WHERE prospect_id = ? AND generation = ?")
                      .arg(m_server ? QStringLiteral(", leased_by = NULL, lease_until = NULL") : QString())
                  + leaseCondition);

    // A row that changed during the sync stays queued, free for any worker.
    QSqlQuery unlease(m_db);
    if (m_server)
        unlease.prepare(QStringLiteral("UPDATE sync_queue SET leased_by = NULL, lease_until = NULL "
                                       "WHERE prospect_id = ? AND leased_by = ?"));

    QSqlQuery log(m_db);
    log.prepare(QStringLiteral("INSERT INTO sync_log (at, level, kind, prospect_id, message) "
                               "VALUES (?, ?, ?, ?, ?)"));

    QSqlQuery profile(m_db);
    profile.prepare(QStringLiteral("UPDATE sync_state SET synced_lifecycle_stage = ?, synced_lead_score = ? "
                                   "WHERE prospect_id = ?"));

    QSqlQuery link(m_db);
    link.prepare(QStringLiteral("INSERT INTO company_links (prospect_id, normalized_name, remote_company_id, status, "
                                "linked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (prospect_id) DO UPDATE SET "
                                "normalized_name = excluded.normalized_name, remote_company_id = "
                                "excluded.remote_company_id, status = excluded.status, linked_at = excluded.linked_at"));
    for (const CompanyLink &entry : companyLinks) {
        link.addBindValue(entry.prospectId);
        link.addBindValue(entry.normalizedName);
        link.addBindValue(entry.remoteCompanyId.isEmpty() ? QVariant() : QVariant(entry.remoteCompanyId));
        link.addBindValue(entry.status);
        link.addBindValue(now);
        if (!link.exec()) {
            const QString text = link.lastError().text();
            m_db.rollback();
            return Error{QStringLiteral("db_error"), tr("Saving the company links failed: %1").arg(text)};
        }
    }

    QSqlQuery note(m_db);
    note.prepare(QStringLiteral("UPDATE sync_notes SET remote_id = ?, posted_at = ? WHERE id = ?"));
    for (const NoteResult &result : notes) {
        note.addBindValue(result.remoteId);
        note.addBindValue(now);
        note.addBindValue(result.noteId);
        if (!note.exec()) {
            const QString text = note.lastError().text();
            m_db.rollback();
            return Error{QStringLiteral("db_error"), tr("Saving the posted notes failed: %1").arg(text)};
        }
    }

    for (const SyncResult &result : results) {
        state.bindValue(QStringLiteral(":id"), result.item.prospectId);
        state.bindValue(QStringLiteral(":remote"), result.remoteId.isEmpty() ? QVariant() : QVariant(result.remoteId));
        state.bindValue(QStringLiteral(":status"), statusName(result.status));
        state.bindValue(QStringLiteral(":now"), now);
        state.bindValue(QStringLiteral(":synced"), result.status == SyncStatus::Synced ? QVariant(now) : QVariant());
        state.bindValue(QStringLiteral(":error"), result.error.isEmpty() ? QVariant() : QVariant(result.error));
        state.bindValue(QStringLiteral(":decisions"),
                        result.decisionsJson.isEmpty() ? QVariant() : QVariant(result.decisionsJson));
        bool ok = state.exec();

        if (ok && result.status == SyncStatus::Synced) {
            profile.addBindValue(result.syncedLifecycleStage.isEmpty() ? QVariant() : QVariant(result.syncedLifecycleStage));
            profile.addBindValue(result.syncedLeadScore ? QVariant(*result.syncedLeadScore) : QVariant());
            profile.addBindValue(result.item.prospectId);
            ok = profile.exec();
        }

        if (ok && result.retryAt.isValid()) {
            defer.addBindValue(storeTimestamp(result.retryAt));
            defer.addBindValue(result.item.prospectId);
            defer.addBindValue(result.item.generation);
            if (m_server)
                defer.addBindValue(m_workerId);
            ok = defer.exec();
        } else if (ok) {
            remove.addBindValue(result.item.prospectId);
            remove.addBindValue(result.item.generation);
            if (m_server)
                remove.addBindValue(m_workerId);
            ok = remove.exec();
        }

        if (ok && m_server) {
            unlease.addBindValue(result.item.prospectId);
            unlease.addBindValue(m_workerId);
            ok = unlease.exec();
        }

        if (ok && !result.logMessage.isEmpty()) {
            const bool failed = result.status == SyncStatus::Failed;
            log.addBindValue(now);
            log.addBindValue(failed ? QStringLiteral("error")
                                    : result.retryAt.isValid() ? QStringLiteral("warning") : QStringLiteral("info"));
            log.addBindValue(result.logKind);
            log.addBindValue(result.item.prospectId);
            log.addBindValue(result.logMessage);
            ok = log.exec();
        }

        if (!ok) {
            const QSqlError error = state.lastError().isValid() ? state.lastError() : remove.lastError();
            m_db.rollback();
            qCWarning(lcStore) << "recording sync results failed:" << error.text();
            return Error{QStringLiteral("db_error"),
                         tr("Saving the sync results failed: %1").arg(error.text())};
        }
    }

    if (!m_db.commit()) {
        const QString text = m_db.lastError().text();
        m_db.rollback();
        return Error{QStringLiteral("db_error"), tr("Saving the sync results failed: %1").arg(text)};
    }

    for (const SyncResult &result : results)
        m_leased.remove(result.item.prospectId);
    return std::nullopt;
}

Status SyncStore::appendLog(const QString &level, const QString &kind, qint64 prospectId, const QString &message)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO sync_log (at, level, kind, prospect_id, message) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(storeTimestamp());
    query.addBindValue(level);
    query.addBindValue(kind);
    query.addBindValue(prospectId > 0 ? QVariant(prospectId) : QVariant());
    query.addBindValue(message);
    if (!query.exec())
        return queryError(QStringLiteral("Writing the sync log"), query);
    return std::nullopt;
}

Status SyncStore::enqueue(const QList<qint64> &prospectIds, const QString &reason)
{
    if (!beginWriteTransaction(m_db))
        return writeTransactionError();

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO sync_queue (prospect_id, reason, enqueued_at) VALUES (?, ?, ?) "
        "ON CONFLICT (prospect_id) DO UPDATE SET generation = sync_queue.generation + 1, "
        "reason = excluded.reason, enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all'"));
    for (qint64 id : prospectIds) {
        query.addBindValue(id);
        query.addBindValue(reason);
        query.addBindValue(storeTimestamp());
        if (!query.exec()) {
            const Error error = queryError(QStringLiteral("Queueing prospect %1").arg(id), query);
            m_db.rollback();
            return error;
        }
    }

    if (!m_db.commit())
        return Error{QStringLiteral("db_error"), m_db.lastError().text()};
    return std::nullopt;
}

Status SyncStore::enqueueAll(const QString &reason)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO sync_queue (prospect_id, reason, enqueued_at) "
        "SELECT id, CAST(? AS TEXT), CAST(? AS TEXT) FROM prospects WHERE true "
        "ON CONFLICT (prospect_id) DO UPDATE SET generation = sync_queue.generation + 1, "
        "reason = excluded.reason, enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all'"));
    query.addBindValue(reason);
    query.addBindValue(storeTimestamp());
    if (!query.exec())
        return queryError(QStringLiteral("Queueing every prospect"), query);
    return std::nullopt;
}

Status SyncStore::enqueueResync(const QList<qint64> &prospectIds, SyncParts parts, const QString &reason)
{
    if (!beginWriteTransaction(m_db))
        return writeTransactionError();

    // A row already queued for other parts widens to a full sync.
    QSqlQuery queue(m_db);
    queue.prepare(QStringLiteral(
        "INSERT INTO sync_queue (prospect_id, reason, enqueued_at, scope) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (prospect_id) DO UPDATE SET generation = sync_queue.generation + 1, "
        "reason = excluded.reason, enqueued_at = excluded.enqueued_at, not_before = NULL, "
        "scope = CASE WHEN sync_queue.scope = excluded.scope THEN excluded.scope ELSE 'all' END"));
    QSqlQuery forgetLink(m_db);
    forgetLink.prepare(QStringLiteral("DELETE FROM company_links WHERE prospect_id = ? AND status <> 'chosen'"));

    for (qint64 id : prospectIds) {
        queue.addBindValue(id);
        queue.addBindValue(reason);
        queue.addBindValue(storeTimestamp());
        queue.addBindValue(scopeText(parts));
        if (!queue.exec()) {
            const Error error = queryError(QStringLiteral("Queueing prospect %1").arg(id), queue);
            m_db.rollback();
            return error;
        }

        if (!parts.testFlag(SyncPart::Company))
            continue;
        forgetLink.addBindValue(id);
        if (!forgetLink.exec()) {
            const Error error = queryError(QStringLiteral("Resetting the company link of prospect %1").arg(id),
                                           forgetLink);
            m_db.rollback();
            return error;
        }
    }

    if (!m_db.commit())
        return Error{QStringLiteral("db_error"), m_db.lastError().text()};
    return std::nullopt;
}

Status SyncStore::chooseCompany(qint64 prospectId, const QString &remoteCompanyId)
{
    QSqlQuery prospect(m_db);
    prospect.prepare(QStringLiteral("SELECT company_name FROM prospects WHERE id = ?"));
    prospect.addBindValue(prospectId);
    if (!prospect.exec())
        return queryError(QStringLiteral("Reading prospect %1").arg(prospectId), prospect);
    if (!prospect.next())
        return Error{QStringLiteral("not_found"), tr("Prospect %1 does not exist.").arg(prospectId)};

    const QString name = normalizeCompanyName(prospect.value(0).toString());
    if (name.isEmpty())
        return Error{QStringLiteral("invalid_value"),
                     tr("Prospect %1 has no company name to link.").arg(prospectId)};
    if (remoteCompanyId.trimmed().isEmpty())
        return Error{QStringLiteral("invalid_value"), tr("Choose a HubSpot company to link.")};

    QSqlQuery link(m_db);
    link.prepare(QStringLiteral(
        "INSERT INTO company_links (prospect_id, normalized_name, remote_company_id, status, linked_at) "
        "VALUES (?, ?, ?, 'chosen', ?) ON CONFLICT (prospect_id) DO UPDATE SET "
        "normalized_name = excluded.normalized_name, remote_company_id = excluded.remote_company_id, "
        "status = 'chosen', linked_at = excluded.linked_at"));
    link.addBindValue(prospectId);
    link.addBindValue(name);
    link.addBindValue(remoteCompanyId.trimmed());
    link.addBindValue(storeTimestamp());
    if (!link.exec())
        return queryError(QStringLiteral("Saving the company choice of prospect %1").arg(prospectId), link);

    return enqueueResync({prospectId}, SyncPart::Company, QStringLiteral("company_chosen"));
}

QHash<QString, StoredCompany> SyncStore::companies(const QStringList &normalizedNames) const
{
    QHash<QString, StoredCompany> found;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT normalized_name, display_name, remote_id, status, candidates, resolved_at "
                                 "FROM companies WHERE normalized_name = ?"));
    for (const QString &name : normalizedNames) {
        query.addBindValue(name);
        if (!query.exec() || !query.next())
            continue;
        found.insert(name, StoredCompany{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                                         query.value(3).toString(), query.value(4).toString(),
                                         QDateTime::fromString(query.value(5).toString(), Qt::ISODateWithMs)});
    }
    return found;
}

Status SyncStore::saveCompany(const StoredCompany &company)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO companies (normalized_name, display_name, remote_id, status, candidates, "
                                 "resolved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (normalized_name) DO UPDATE SET "
                                 "display_name = excluded.display_name, remote_id = excluded.remote_id, "
                                 "status = excluded.status, candidates = excluded.candidates, "
                                 "resolved_at = excluded.resolved_at"));
    query.addBindValue(company.normalizedName);
    query.addBindValue(company.displayName);
    query.addBindValue(company.remoteId.isEmpty() ? QVariant() : QVariant(company.remoteId));
    query.addBindValue(company.status);
    query.addBindValue(company.candidates.isEmpty() ? QVariant() : QVariant(company.candidates));
    query.addBindValue(storeTimestamp());
    if (!query.exec())
        return queryError(QStringLiteral("Saving company %1").arg(company.displayName), query);
    return std::nullopt;
}

QHash<qint64, CompanyLink> SyncStore::companyLinks(const QList<qint64> &prospectIds) const
{
    QHash<qint64, CompanyLink> links;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT normalized_name, remote_company_id, status FROM company_links "
                                 "WHERE prospect_id = ?"));
    for (qint64 id : prospectIds) {
        query.addBindValue(id);
        if (!query.exec() || !query.next())
            continue;
        links.insert(id, CompanyLink{id, query.value(0).toString(), query.value(1).toString(), query.value(2).toString()});
    }
    return links;
}

SyncedProfile SyncStore::syncedProfile(qint64 prospectId) const
{
    SyncedProfile profile;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT remote_id, synced_lifecycle_stage, synced_lead_score FROM sync_state "
                                 "WHERE prospect_id = ?"));
    query.addBindValue(prospectId);
    if (!query.exec() || !query.next())
        return profile;

    profile.everSynced = !query.value(0).toString().isEmpty();
    profile.lifecycleStage = query.value(1).toString();
    if (!query.value(2).isNull())
        profile.leadScore = query.value(2).toInt();
    return profile;
}

Result<QList<StoredNote>> SyncStore::notes(const QList<qint64> &prospectIds) const
{
    QList<StoredNote> notes;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT id, prospect_id, source_kind, source_id, occurred_at, body, remote_id "
                                 "FROM sync_notes WHERE prospect_id = ? ORDER BY id"));
    for (qint64 prospectId : prospectIds) {
        query.addBindValue(prospectId);
        if (!query.exec())
            return queryError(QStringLiteral("Reading the notes of prospect %1").arg(prospectId), query);
        while (query.next()) {
            StoredNote stored;
            stored.id = query.value(0).toLongLong();
            stored.prospectId = query.value(1).toLongLong();
            stored.note.kind = query.value(2).toString();
            stored.note.sourceId = query.value(3).toString();
            stored.note.occurredAt = QDateTime::fromString(query.value(4).toString(), Qt::ISODateWithMs);
            stored.note.body = query.value(5).toString();
            stored.remoteId = query.value(6).toString();
            notes << stored;
        }
    }
    return notes;
}

Result<QList<StoredNote>> SyncStore::addPendingNotes(qint64 prospectId, const QList<PlannedNote> &notes)
{
    if (notes.isEmpty())
        return QList<StoredNote>();
    if (!beginWriteTransaction(m_db))
        return writeTransactionError();

    QList<StoredNote> stored;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO sync_notes (prospect_id, source_kind, source_id, occurred_at, body, "
                                 "created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const PlannedNote &note : notes) {
        query.addBindValue(prospectId);
        query.addBindValue(note.kind);
        query.addBindValue(note.sourceId);
        query.addBindValue(storeTimestamp(note.occurredAt));
        query.addBindValue(note.body);
        query.addBindValue(storeTimestamp());
        if (!query.exec()) {
            const Error error = queryError(QStringLiteral("Recording a note of prospect %1").arg(prospectId), query);
            m_db.rollback();
            return error;
        }
        stored << StoredNote{query.lastInsertId().toLongLong(), prospectId, note, QString()};
    }

    if (!m_db.commit())
        return Error{QStringLiteral("db_error"), m_db.lastError().text()};
    return stored;
}

QString SyncStore::remoteId(qint64 prospectId) const
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT remote_id FROM sync_state WHERE prospect_id = ?"));
    query.addBindValue(prospectId);
    if (!query.exec() || !query.next())
        return QString();
    return query.value(0).toString();
}

} // namespace Breezee
