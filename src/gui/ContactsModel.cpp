#include "ContactsModel.h"

#include "Icons.h"
#include "SqlSearch.h"
#include "StatusTone.h"
#include "common/Logging.h"
#include "store/Database.h"

#include <QApplication>
#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QScopedValueRollback>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

namespace {

const char *const kContactColumns =
    "p.id, p.first_name, p.last_name, p.email, p.company_name, "
    "s.status, s.remote_id, s.last_synced_at, s.last_error, s.attempts, "
    "CASE WHEN q.prospect_id IS NULL THEN 0 ELSE 1 END";

const char *const kContactTables =
    "prospects p "
    "LEFT JOIN sync_state s ON s.prospect_id = p.id "
    "LEFT JOIN sync_queue q ON q.prospect_id = p.id";

// The ContactSyncStatus of a row, in SQL. The numbers are the enum values.
const char *const kStatusExpression =
    "CASE WHEN q.prospect_id IS NOT NULL THEN 1 "
    "WHEN s.status = 'synced' THEN 2 "
    "WHEN s.status = 'failed' THEN 3 ELSE 0 END";

const char *const kSearchHaystack =
    "coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '') || ' ' || coalesce(p.email, '') || ' ' "
    "|| coalesce(p.company_name, '') || ' ' || coalesce(s.remote_id, '')";

// Separate counts instead of one join over every prospect, which is
// slower on a large store. Queue rows are deleted with their prospect.
const char *const kCountContacts =
    "SELECT (SELECT COUNT(*) FROM prospects), "
    "(SELECT COUNT(*) FROM sync_queue), "
    "(SELECT COUNT(*) FROM sync_state s WHERE s.status = 'synced' "
    "AND NOT EXISTS (SELECT 1 FROM sync_queue q WHERE q.prospect_id = s.prospect_id)), "
    "(SELECT COUNT(*) FROM sync_state s WHERE s.status = 'failed' "
    "AND NOT EXISTS (SELECT 1 FROM sync_queue q WHERE q.prospect_id = s.prospect_id))";

const char *const kReadCursor =
    "SELECT (SELECT COUNT(*) FROM prospects), (SELECT MAX(id) FROM prospects), "
    "(SELECT MAX(updated_at) FROM prospects), (SELECT MAX(last_attempt_at) FROM sync_state), "
    "(SELECT COUNT(*) FROM sync_queue), (SELECT MAX(enqueued_at) FROM sync_queue)";

// IN lists are split into chunks of this many ids.
const int kIdChunk = 500;

// More changed prospects than this reload the id list and the loaded rows,
// which is cheaper than checking each one.
const int kIncrementalLimit = 1000;

// Writers stamp rows just before they commit, so a commit can carry a time
// slightly older than one already seen. Changes are looked for this far
// back from the newest time of the last check.
const int kChangeMarginSeconds = 5;

struct SqlCondition {
    QString sql;
    QVariantList values;
};

ContactSyncStatus statusFrom(const QString &stateStatus, bool queued)
{
    if (queued)
        return ContactSyncStatus::Queued;
    if (stateStatus == QLatin1String("synced"))
        return ContactSyncStatus::Synced;
    if (stateStatus == QLatin1String("failed"))
        return ContactSyncStatus::Failed;
    return ContactSyncStatus::NotSynced;
}

Tone statusTone(ContactSyncStatus status)
{
    switch (status) {
    case ContactSyncStatus::Synced:
        return Tone::Success;
    case ContactSyncStatus::Queued:
        return Tone::Progress;
    case ContactSyncStatus::Failed:
        return Tone::Danger;
    case ContactSyncStatus::NotSynced:
        return Tone::Muted;
    }
    return Tone::Muted;
}

ContactRow readRow(const QSqlQuery &query)
{
    ContactRow row;
    row.prospectId = query.value(0).toLongLong();
    row.name = (query.value(1).toString() + QLatin1Char(' ') + query.value(2).toString()).trimmed();
    row.email = query.value(3).toString();
    row.company = query.value(4).toString();
    row.remoteId = query.value(6).toString();
    row.lastError = query.value(8).toString();
    row.attempts = query.value(9).toInt();
    row.status = statusFrom(query.value(5).toString(), query.value(10).toInt() != 0);
    row.sortKey = query.value(11);

    const QString syncedAt = query.value(7).toString();
    if (!syncedAt.isEmpty())
        row.lastSyncedAt = QDateTime::fromString(syncedAt, Qt::ISODateWithMs);
    return row;
}

QString sortExpression(const SqlSearch &search, int column)
{
    switch (column) {
    case ContactsModel::NameColumn:
        return search.fold(QStringLiteral("trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))"));
    case ContactsModel::EmailColumn:
        return search.fold(QStringLiteral("coalesce(p.email, '')"));
    case ContactsModel::CompanyColumn:
        return search.fold(QStringLiteral("coalesce(p.company_name, '')"));
    case ContactsModel::StatusColumn:
        return QLatin1String(kStatusExpression);
    case ContactsModel::RemoteIdColumn:
        // HubSpot ids are decimal numbers; padding them on the left makes
        // "99" sort before "100".
        if (search.isSqlite())
            return QStringLiteral("printf('%24s', coalesce(s.remote_id, ''))");
        return QStringLiteral("lpad(coalesce(s.remote_id, ''), 24, ' ')");
    case ContactsModel::LastSyncedColumn:
        return QStringLiteral("coalesce(s.last_synced_at, '')");
    default:
        return QStringLiteral("p.id");
    }
}

SqlCondition filterCondition(const SqlSearch &search, const QString &searchText,
                             std::optional<ContactSyncStatus> status)
{
    SqlCondition condition;
    QStringList parts;

    if (status) {
        parts << QStringLiteral("(%1) = ?").arg(QLatin1String(kStatusExpression));
        condition.values << int(*status);
    }

    const QString haystack = search.fold(QLatin1String(kSearchHaystack));
    const QStringList terms = searchTerms(searchText);
    for (const QString &term : terms) {
        parts << search.contains(haystack);
        condition.values << search.termValue(term);
    }

    condition.sql = parts.join(QStringLiteral(" AND "));
    return condition;
}

QString idList(const QList<qint64> &ids)
{
    QStringList numbers;
    numbers.reserve(ids.size());
    for (qint64 id : ids)
        numbers << QString::number(id);
    return numbers.join(QLatin1Char(','));
}

// Returns the timestamp moved back by the change margin. An empty or
// unreadable timestamp becomes "", which every stored time follows. A null
// QString would bind as NULL, which matches no row.
QString withMargin(const QString &timestamp)
{
    const QDateTime time = QDateTime::fromString(timestamp, Qt::ISODateWithMs);
    if (!time.isValid())
        return QStringLiteral("");
    return storeTimestamp(time.addSecs(-kChangeMarginSeconds));
}

Error queryError(const QString &what, const QSqlQuery &query)
{
    qCWarning(lcGui) << what << "failed:" << query.lastError().text();
    return Error{QStringLiteral("db_error"),
                 QCoreApplication::translate("Breezee::ContactsModel", "Reading the contact list failed: %1")
                     .arg(query.lastError().text())};
}

Result<QSet<qint64>> changedIds(const QSqlDatabase &db, const QString &sql, const QString &since)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(sql);
    query.addBindValue(withMargin(since));
    query.addBindValue(kIncrementalLimit + 1);
    if (!query.exec())
        return queryError(QStringLiteral("reading changed prospects"), query);

    QSet<qint64> ids;
    while (query.next())
        ids.insert(query.value(0).toLongLong());
    return ids;
}

} // namespace

QString contactSyncStatusText(ContactSyncStatus status)
{
    switch (status) {
    case ContactSyncStatus::NotSynced:
        return QCoreApplication::translate("Breezee::ContactsModel", "Not synced");
    case ContactSyncStatus::Queued:
        return QCoreApplication::translate("Breezee::ContactsModel", "Queued");
    case ContactSyncStatus::Synced:
        return QCoreApplication::translate("Breezee::ContactsModel", "Synced");
    case ContactSyncStatus::Failed:
        return QCoreApplication::translate("Breezee::ContactsModel", "Failed");
    }
    return {};
}

bool ContactRow::operator==(const ContactRow &other) const
{
    return prospectId == other.prospectId && name == other.name && email == other.email
        && company == other.company && status == other.status && remoteId == other.remoteId
        && lastSyncedAt == other.lastSyncedAt && lastError == other.lastError
        && attempts == other.attempts && sortKey == other.sortKey;
}

ContactsModel::ContactsModel(QString connectionName, QObject *parent)
    : QAbstractTableModel(parent)
    , m_connectionName(std::move(connectionName))
{
}

ContactsModel::~ContactsModel() = default;

int ContactsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ContactsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContactsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};

    const ContactRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return Icons::statusDot(toneColour(statusTone(row.status), QApplication::palette()));
        return {};
    case ProspectIdRole:
        return row.prospectId;
    case SyncStatusRole:
        return int(row.status);
    default:
        return {};
    }
}

QVariant ContactsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);

    switch (section) {
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("Email");
    case CompanyColumn:
        return tr("Company");
    case StatusColumn:
        return tr("Sync status");
    case RemoteIdColumn:
        return tr("HubSpot ID");
    case LastSyncedColumn:
        return tr("Last synced");
    default:
        return {};
    }
}

bool ContactsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_changing && m_rows.size() < m_ids.size();
}

void ContactsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;

    const QScopedValueRollback<bool> changing(m_changing, true);

    const int start = int(m_rows.size());
    const QList<qint64> page = m_ids.mid(start, kPageSize);
    const Result<QList<ContactRow>> loaded = loadRows(page, false);
    if (!loaded.ok()) {
        setStatus(loaded.error());
        return;
    }

    QHash<qint64, ContactRow> byId;
    for (const ContactRow &row : loaded.value())
        byId.insert(row.prospectId, row);

    // A prospect deleted since the id list was read has no row; its id goes.
    QList<ContactRow> rows;
    QList<qint64> present;
    for (qint64 id : page) {
        const auto it = byId.constFind(id);
        if (it == byId.constEnd())
            continue;
        rows << *it;
        present << id;
    }
    if (present.size() != page.size())
        m_ids = m_ids.mid(0, start) + present + m_ids.mid(start + page.size());

    if (rows.isEmpty())
        return;

    beginInsertRows({}, start, start + int(rows.size()) - 1);
    m_rows.append(rows);
    endInsertRows();
}

void ContactsModel::sort(int column, Qt::SortOrder order)
{
    if (column < -1 || column >= ColumnCount)
        column = -1;
    if (m_loaded && column == m_sortColumn && order == m_sortOrder)
        return;

    m_sortColumn = column;
    m_sortOrder = order;
    if (m_loaded)
        reloadAll(true);
}

void ContactsModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;

    const bool sameTerms = searchTerms(text) == searchTerms(m_searchText);
    m_searchText = text;
    if (m_loaded && !sameTerms)
        reloadAll(true);
}

void ContactsModel::setStatusFilter(std::optional<ContactSyncStatus> status)
{
    if (status == m_statusFilter)
        return;

    m_statusFilter = status;
    if (m_loaded)
        reloadAll(true);
}

Status ContactsModel::refresh()
{
    return reloadAll(false);
}

Status ContactsModel::refreshIfChanged()
{
    if (!m_loaded || !m_cursor.valid)
        return reloadAll(false);

    const std::optional<qint64> version = storeDataVersion();
    if (version.has_value() && version == m_dataVersion)
        return std::nullopt;

    const Result<ChangeCursor> cursor = readCursor();
    if (!cursor.ok()) {
        setStatus(cursor.error());
        emit refreshed();
        return cursor.error();
    }
    m_dataVersion = version;

    const ChangeCursor &now = cursor.value();
    const bool same = now.prospectCount == m_cursor.prospectCount && now.maxProspectId == m_cursor.maxProspectId
        && now.prospectsUpdatedAt == m_cursor.prospectsUpdatedAt && now.stateAttemptAt == m_cursor.stateAttemptAt
        && now.queueCount == m_cursor.queueCount && now.queueEnqueuedAt == m_cursor.queueEnqueuedAt;
    if (same)
        return std::nullopt;

    return refreshChanged(now);
}

int ContactsModel::rowOfProspect(qint64 prospectId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).prospectId == prospectId)
            return row;
    }
    return -1;
}

int ContactsModel::loadProspect(qint64 prospectId)
{
    const int loadedRow = rowOfProspect(prospectId);
    if (loadedRow >= 0)
        return loadedRow;

    const qsizetype position = m_ids.indexOf(prospectId);
    if (position < 0)
        return -1;

    while (m_rows.size() <= position && m_rows.size() < m_ids.size() && !m_changing) {
        const qsizetype before = m_rows.size();
        fetchMore({});
        if (m_rows.size() == before && m_lastStatus)
            break;
    }
    return rowOfProspect(prospectId);
}

QString ContactsModel::searchKeyFor(const QString &text)
{
    return foldSearchKey(text);
}

// Reads the change markers first, so a change that lands while the rows are
// read is seen again by the next check.
Status ContactsModel::reloadAll(bool reset)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen()) {
        const Error error{QStringLiteral("db_not_open"),
                          tr("The contact list cannot be read because the database connection is not open.")};
        setStatus(error);
        emit refreshed();
        return error;
    }

    const std::optional<qint64> version = storeDataVersion();
    const SqlSearch search(db);
    const Result<ChangeCursor> cursor = readCursor();
    Result<QList<qint64>> ids = cursor.ok() ? loadIdList(search) : Result<QList<qint64>>(cursor.error());
    if (!ids.ok()) {
        setStatus(ids.error());
        emit refreshed();
        return ids.error();
    }

    QList<qint64> idList = std::move(ids).value();
    const int keep = int(qMin<qsizetype>(idList.size(), reset ? kPageSize : qMax<qsizetype>(kPageSize, m_rows.size())));
    const Result<QList<ContactRow>> loaded = loadRows(idList.mid(0, keep), false);
    const Result<ContactCounts> counts = loadCounts();
    const Status failure = !loaded.ok() ? Status(loaded.error()) : !counts.ok() ? Status(counts.error()) : Status();
    if (failure) {
        setStatus(failure);
        emit refreshed();
        return failure;
    }

    QHash<qint64, ContactRow> byId;
    for (const ContactRow &row : loaded.value())
        byId.insert(row.prospectId, row);

    QList<ContactRow> target;
    QList<qint64> prefix;
    for (int index = 0; index < keep; ++index) {
        const auto it = byId.constFind(idList.at(index));
        if (it == byId.constEnd())
            continue;
        target << *it;
        prefix << it->prospectId;
    }
    idList = prefix + idList.mid(keep);

    m_counts = counts.value();
    applyLoad(std::move(idList), target, reset || !m_loaded);

    m_cursor = cursor.value();
    m_dataVersion = version;
    m_loaded = true;
    setStatus(std::nullopt);
    emit refreshed();
    return std::nullopt;
}

// Applies changes that came only from the sync tables as dataChanged when
// they cannot move a loaded row, and reloads everything otherwise.
Status ContactsModel::refreshChanged(const ChangeCursor &cursor)
{
    const Result<Changes> changes = readChanges(m_cursor);
    if (!changes.ok()) {
        setStatus(changes.error());
        emit refreshed();
        return changes.error();
    }

    const Changes &changed = changes.value();
    QSet<qint64> syncChanged = changed.syncState;
    syncChanged.unite(changed.queue);

    if (changed.rowsDeleted || !changed.prospects.isEmpty())
        return reloadAll(false);

    // The sync removes a queue row in the transaction that updates the
    // prospect's sync_state, so a queue that shrank by more than the
    // sync_state rows changed lost rows some other way. That matters only
    // where the order or the filter uses sync columns.
    const bool dependsOnSync = orderDependsOnSync();
    const qint64 queueRemoved = m_cursor.queueCount - cursor.queueCount;
    const bool manyChanged = syncChanged.size() > kIncrementalLimit;
    if (dependsOnSync && (manyChanged || queueRemoved > changed.syncState.size()))
        return reloadAll(false);

    QHash<qint64, int> loadedRows;
    for (int row = 0; row < m_rows.size(); ++row)
        loadedRows.insert(m_rows.at(row).prospectId, row);

    // Elsewhere the sync cannot move a row. So a long run of changes, which
    // the change check reports only in part, re-reads the loaded rows only.
    QList<qint64> toRead;
    if (manyChanged) {
        toRead = loadedRows.keys();
    } else {
        for (qint64 id : std::as_const(syncChanged)) {
            if (dependsOnSync || loadedRows.contains(id))
                toRead << id;
        }
    }

    const Result<QList<ContactRow>> fresh = loadRows(toRead, dependsOnSync);
    const Result<ContactCounts> counts = loadCounts();
    if (!fresh.ok() || !counts.ok()) {
        const Error error = !fresh.ok() ? fresh.error() : counts.error();
        setStatus(error);
        emit refreshed();
        return error;
    }

    QHash<qint64, ContactRow> freshById;
    for (const ContactRow &row : fresh.value())
        freshById.insert(row.prospectId, row);

    // A changed prospect outside the loaded rows can enter, leave or move
    // inside the id list when the order or the filter uses sync columns.
    const QSet<qint64> listed(m_ids.cbegin(), m_ids.cend());
    QList<QPair<int, ContactRow>> updates;
    for (qint64 id : std::as_const(toRead)) {
        const auto row = loadedRows.constFind(id);
        const auto now = freshById.constFind(id);
        if (row == loadedRows.constEnd()) {
            if (listed.contains(id) || now != freshById.constEnd())
                return reloadAll(false);
            continue;
        }
        if (now == freshById.constEnd() || now->sortKey != m_rows.at(*row).sortKey)
            return reloadAll(false);
        updates << qMakePair(*row, *now);
    }

    m_counts = counts.value();
    {
        const QScopedValueRollback<bool> changing(m_changing, true);
        for (const auto &update : std::as_const(updates))
            replaceRow(update.first, update.second);
    }

    m_cursor = cursor;
    setStatus(std::nullopt);
    emit refreshed();
    return std::nullopt;
}

Result<QList<qint64>> ContactsModel::loadIdList(const SqlSearch &search) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const SqlCondition condition = filterCondition(search, m_searchText, m_statusFilter);
    const QString direction = m_sortOrder == Qt::DescendingOrder ? QStringLiteral(" DESC") : QString();

    QString sql = QStringLiteral("SELECT p.id FROM %1").arg(QLatin1String(kContactTables));
    if (!condition.sql.isEmpty())
        sql += QStringLiteral(" WHERE ") + condition.sql;
    sql += QStringLiteral(" ORDER BY %1%2, p.id%2").arg(sortExpression(search, m_sortColumn), direction);

    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : condition.values)
        query.addBindValue(value);
    if (!query.exec())
        return queryError(QStringLiteral("reading the contact list"), query);

    QList<qint64> ids;
    while (query.next())
        ids << query.value(0).toLongLong();
    return ids;
}

Result<QList<ContactRow>> ContactsModel::loadRows(const QList<qint64> &ids, bool applyFilter) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return Error{QStringLiteral("db_not_open"),
                     tr("The contact list cannot be read because the database connection is not open.")};

    const SqlSearch search(db);
    const SqlCondition condition = applyFilter ? filterCondition(search, m_searchText, m_statusFilter)
                                               : SqlCondition();
    const QString sortKey = sortExpression(search, m_sortColumn);

    QList<ContactRow> rows;
    for (qsizetype start = 0; start < ids.size(); start += kIdChunk) {
        QString sql = QStringLiteral("SELECT %1, %2 FROM %3 WHERE p.id IN (%4)")
                          .arg(QLatin1String(kContactColumns), sortKey, QLatin1String(kContactTables),
                               idList(ids.mid(start, kIdChunk)));
        if (!condition.sql.isEmpty())
            sql += QStringLiteral(" AND ") + condition.sql;

        QSqlQuery query(db);
        query.setForwardOnly(true);
        query.prepare(sql);
        for (const QVariant &value : condition.values)
            query.addBindValue(value);
        if (!query.exec())
            return queryError(QStringLiteral("reading contacts"), query);

        while (query.next())
            rows << readRow(query);
    }
    return rows;
}

Result<ContactsModel::ChangeCursor> ContactsModel::readCursor() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QLatin1String(kReadCursor)) || !query.next())
        return queryError(QStringLiteral("reading the change markers"), query);

    ChangeCursor cursor;
    cursor.valid = true;
    cursor.prospectCount = query.value(0).toLongLong();
    cursor.maxProspectId = query.value(1).toLongLong();
    cursor.prospectsUpdatedAt = query.value(2).toString();
    cursor.stateAttemptAt = query.value(3).toString();
    cursor.queueCount = query.value(4).toLongLong();
    cursor.queueEnqueuedAt = query.value(5).toString();
    return cursor;
}

Result<ContactsModel::Changes> ContactsModel::readChanges(const ChangeCursor &cursor) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Changes changes;

    const Result<QSet<qint64>> prospects = changedIds(
        db, QStringLiteral("SELECT id FROM prospects WHERE updated_at >= ? LIMIT ?"), cursor.prospectsUpdatedAt);
    const Result<QSet<qint64>> state = changedIds(
        db, QStringLiteral("SELECT prospect_id FROM sync_state WHERE last_attempt_at >= ? LIMIT ?"),
        cursor.stateAttemptAt);
    const Result<QSet<qint64>> queue = changedIds(
        db, QStringLiteral("SELECT prospect_id FROM sync_queue WHERE enqueued_at >= ? LIMIT ?"),
        cursor.queueEnqueuedAt);
    if (!prospects.ok())
        return prospects.error();
    if (!state.ok())
        return state.error();
    if (!queue.ok())
        return queue.error();

    changes.prospects = prospects.value();
    changes.syncState = state.value();
    changes.queue = queue.value();

    // Fewer prospects up to the old highest id means some were deleted.
    QSqlQuery remaining(db);
    remaining.prepare(QStringLiteral("SELECT COUNT(*) FROM prospects WHERE id <= ?"));
    remaining.addBindValue(cursor.maxProspectId);
    if (!remaining.exec() || !remaining.next())
        return queryError(QStringLiteral("counting prospects"), remaining);
    changes.rowsDeleted = remaining.value(0).toLongLong() < cursor.prospectCount;
    return changes;
}

Result<ContactCounts> ContactsModel::loadCounts() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QLatin1String(kCountContacts)) || !query.next())
        return queryError(QStringLiteral("counting contacts"), query);

    ContactCounts counts;
    counts.total = query.value(0).toInt();
    counts.queued = query.value(1).toInt();
    counts.synced = query.value(2).toInt();
    counts.failed = query.value(3).toInt();
    counts.notSynced = counts.total - counts.queued - counts.synced - counts.failed;
    return counts;
}

std::optional<qint64> ContactsModel::storeDataVersion() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen() || db.driverName() != QLatin1String("QSQLITE"))
        return std::nullopt;

    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA data_version")) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

// The name, email and company change only with the prospect itself, which
// reloads everything anyway. The status, HubSpot id and last-synced time
// change with every sync result.
bool ContactsModel::orderDependsOnSync() const
{
    return m_statusFilter.has_value() || !searchTerms(m_searchText).isEmpty() || m_sortColumn == StatusColumn
        || m_sortColumn == RemoteIdColumn || m_sortColumn == LastSyncedColumn;
}

void ContactsModel::applyLoad(QList<qint64> ids, const QList<ContactRow> &rows, bool reset)
{
    const QScopedValueRollback<bool> changing(m_changing, true);

    if (reset) {
        beginResetModel();
        m_ids = std::move(ids);
        m_rows = rows;
        endResetModel();
        return;
    }

    // Rows beyond the loaded prefix are not shown, so the id list can change
    // before the rows do.
    m_ids = std::move(ids);
    mergeRows(rows);
}

// Turns m_rows into `target` with removals, moves, inserts and
// dataChanged, so a view keeps its selection on the rows that stay.
void ContactsModel::mergeRows(const QList<ContactRow> &target)
{
    QSet<qint64> targetIds;
    for (const ContactRow &row : target)
        targetIds.insert(row.prospectId);

    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (targetIds.contains(m_rows.at(row).prospectId)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !targetIds.contains(m_rows.at(first - 1).prospectId))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }

    QSet<qint64> present;
    for (const ContactRow &row : std::as_const(m_rows))
        present.insert(row.prospectId);

    int changedFirst = -1;
    auto flushChanged = [&](int end) {
        if (changedFirst < 0)
            return;
        emit dataChanged(index(changedFirst, 0), index(end - 1, ColumnCount - 1));
        changedFirst = -1;
    };

    for (int row = 0; row < target.size(); ++row) {
        const ContactRow &wanted = target.at(row);

        if (row < m_rows.size() && m_rows.at(row).prospectId == wanted.prospectId) {
            if (m_rows.at(row) != wanted) {
                m_rows[row] = wanted;
                if (changedFirst < 0)
                    changedFirst = row;
            } else {
                flushChanged(row);
            }
            continue;
        }

        flushChanged(row);

        if (present.contains(wanted.prospectId)) {
            int from = row + 1;
            while (m_rows.at(from).prospectId != wanted.prospectId)
                ++from;
            beginMoveRows({}, from, from, {}, row);
            m_rows.move(from, row);
            endMoveRows();
            replaceRow(row, wanted);
            continue;
        }

        int end = row + 1;
        while (end < target.size() && !present.contains(target.at(end).prospectId))
            ++end;
        beginInsertRows({}, row, end - 1);
        for (int next = row; next < end; ++next)
            m_rows.insert(next, target.at(next));
        endInsertRows();
        row = end - 1;
    }

    flushChanged(int(m_rows.size()));
}

void ContactsModel::replaceRow(int row, const ContactRow &contact)
{
    if (m_rows.at(row) == contact)
        return;

    m_rows[row] = contact;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ContactsModel::setStatus(const Status &status)
{
    m_lastStatus = status;
}

QVariant ContactsModel::displayData(const ContactRow &row, int column) const
{
    switch (column) {
    case NameColumn:
        return row.name;
    case EmailColumn:
        return row.email;
    case CompanyColumn:
        return row.company;
    case StatusColumn:
        return contactSyncStatusText(row.status);
    case RemoteIdColumn:
        return row.remoteId;
    case LastSyncedColumn:
        if (!row.lastSyncedAt.isValid())
            return QString();
        return QLocale().toString(row.lastSyncedAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant ContactsModel::toolTipData(const ContactRow &row, int column) const
{
    if (column == LastSyncedColumn && row.lastSyncedAt.isValid())
        return QLocale().toString(row.lastSyncedAt.toLocalTime(), QLocale::LongFormat);

    if (column != StatusColumn)
        return {};

    switch (row.status) {
    case ContactSyncStatus::Queued:
        if (!row.lastError.isEmpty())
            return tr("Waiting in the sync queue. The last attempt failed: %1").arg(row.lastError);
        return tr("Waiting in the sync queue.");
    case ContactSyncStatus::Failed:
        if (row.lastError.isEmpty())
            return tr("The last sync attempt failed.");
        return tr("The last sync attempt failed: %1").arg(row.lastError);
    case ContactSyncStatus::Synced:
        return tr("Up to date in HubSpot.");
    case ContactSyncStatus::NotSynced:
        return tr("Not sent to HubSpot yet.");
    }
    return {};
}

} // namespace Breezee
