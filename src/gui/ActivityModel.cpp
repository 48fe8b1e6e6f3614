#include "ActivityModel.h"

#include "Icons.h"
#include "SqlSearch.h"
#include "common/Logging.h"

#include <QLocale>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

namespace {

// Newest first, so that LIMIT keeps the newest entries after a burst. The
// upper bound is the highest id when the poll started, so entries that do
// not match the filter are scanned once, not on every poll.
const char *const kSelectEntries =
    "SELECT l.id, l.at, l.level, l.kind, l.prospect_id, p.email, l.message "
    "FROM sync_log l LEFT JOIN prospects p ON p.id = l.prospect_id "
    "WHERE l.id > ? AND l.id <= ?";

const char *const kSearchHaystack =
    "l.message || ' ' || l.kind || ' ' || coalesce(p.email, '') || ' ' || coalesce(p.first_name, '') || ' ' "
    "|| coalesce(p.last_name, '')";

QIcon levelIcon(LogLevel level)
{
    static const QIcon info = Icons::colourIcon(QStringLiteral("level-info"));
    static const QIcon warning = Icons::colourIcon(QStringLiteral("level-warning"));
    static const QIcon error = Icons::colourIcon(QStringLiteral("level-error"));

    switch (level) {
    case LogLevel::Info:
        return info;
    case LogLevel::Warning:
        return warning;
    case LogLevel::Error:
        return error;
    }
    return info;
}

QString levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Info:
        return QStringLiteral("info");
    case LogLevel::Warning:
        return QStringLiteral("warning");
    case LogLevel::Error:
        return QStringLiteral("error");
    }
    return {};
}

// Log times are shown with seconds in 24-hour form, and with the date only
// when the entry is not from today.
QString timeText(const QDateTime &at)
{
    if (!at.isValid())
        return QString();

    const QDateTime local = at.toLocalTime();
    const QString time = local.time().toString(QStringLiteral("HH:mm:ss"));
    if (local.date() == QDate::currentDate())
        return time;
    return QLocale().toString(local.date(), QLocale::ShortFormat) + QLatin1Char(' ') + time;
}

} // namespace

ActivityModel::ActivityModel(QString connectionName, QObject *parent)
    : QAbstractTableModel(parent)
    , m_connectionName(std::move(connectionName))
{
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ActivityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};

    const ActivityEntry &entry = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(entry, index.column());
    case Qt::DecorationRole:
        if (index.column() == LevelColumn)
            return levelIcon(entry.level);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn)
            return entry.message;
        if (index.column() == TimeColumn)
            return QLocale().toString(entry.at.toLocalTime(), QLocale::LongFormat);
        return {};
    case EntryIdRole:
        return entry.id;
    case LevelRole:
        return int(entry.level);
    case ProspectIdRole:
        return entry.prospectId;
    default:
        return {};
    }
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);

    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case KindColumn:
        return tr("Kind");
    case ProspectColumn:
        return tr("Prospect");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

Result<int> ActivityModel::poll()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return Error{QStringLiteral("db_not_open"),
                     tr("The activity log cannot be read because the database connection is not open.")};

    QSqlQuery newest(db);
    if (!newest.exec(QStringLiteral("SELECT MAX(id) FROM sync_log")) || !newest.next()) {
        qCWarning(lcGui) << "reading the sync log failed:" << newest.lastError().text();
        return Error{QStringLiteral("db_error"),
                     tr("Reading the activity log failed: %1").arg(newest.lastError().text())};
    }
    const qint64 newestId = newest.value(0).toLongLong();
    if (newestId <= m_lastSeenId)
        return 0;

    const SqlSearch search(db);
    QString sql = QLatin1String(kSelectEntries);
    QVariantList values{m_lastSeenId, newestId};
    if (!m_filter.kind.isEmpty()) {
        sql += QStringLiteral(" AND l.kind = ?");
        values << m_filter.kind;
    }
    if (m_filter.prospectId > 0) {
        sql += QStringLiteral(" AND l.prospect_id = ?");
        values << m_filter.prospectId;
    }
    const QString haystack = search.fold(QLatin1String(kSearchHaystack));
    const QStringList terms = searchTerms(m_filter.searchText);
    for (const QString &term : terms) {
        sql += QStringLiteral(" AND ") + search.contains(haystack);
        values << search.termValue(term);
    }
    sql += QStringLiteral(" ORDER BY l.id DESC LIMIT ?");
    values << m_maximumRows;

    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcGui) << "reading the sync log failed:" << query.lastError().text();
        return Error{QStringLiteral("db_error"),
                     tr("Reading the activity log failed: %1").arg(query.lastError().text())};
    }

    QList<ActivityEntry> fresh;
    while (query.next()) {
        ActivityEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.at = QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs);
        entry.levelName = query.value(2).toString();
        entry.level = levelFromName(entry.levelName);
        entry.kind = query.value(3).toString();
        entry.prospectId = query.value(4).toLongLong();
        entry.prospectEmail = query.value(5).toString();
        entry.message = query.value(6).toString();
        fresh << entry;
    }

    m_lastSeenId = newestId;
    if (fresh.isEmpty())
        return 0;

    const int added = qMin(int(fresh.size()), m_maximumRows);
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    fresh.append(std::move(m_rows));
    m_rows = std::move(fresh);
    endInsertRows();

    trimToMaximum();
    return added;
}

Result<int> ActivityModel::setFilter(const ActivityFilter &filter)
{
    if (filter == m_filter)
        return 0;

    beginResetModel();
    m_filter = filter;
    m_rows.clear();
    m_lastSeenId = 0;
    endResetModel();
    return poll();
}

QStringList ActivityModel::knownKinds()
{
    return {QStringLiteral("created"),    QStringLiteral("updated"),  QStringLiteral("unchanged"),
            QStringLiteral("failed"),     QStringLiteral("retry"),    QStringLiteral("skipped"),
            QStringLiteral("conflict"),   QStringLiteral("remapped"), QStringLiteral("company"),
            QStringLiteral("notes"),      QStringLiteral("properties"), QStringLiteral("run"),
            QStringLiteral("batch"),      QStringLiteral("first_sync_waiting"),
            QStringLiteral("first_sync_confirmed"), QStringLiteral("first_sync_cancelled"),
            QStringLiteral("offline"),    QStringLiteral("auth"),     QStringLiteral("connect"),
            QStringLiteral("disconnect")};
}

void ActivityModel::setMaximumRows(int rows)
{
    m_maximumRows = qMax(1, rows);
    trimToMaximum();
}

int ActivityModel::rowOfEntry(qint64 entryId) const
{
    // Rows are ordered by id, descending.
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), entryId,
                                     [](const ActivityEntry &entry, qint64 id) { return entry.id > id; });
    if (it == m_rows.cend() || it->id != entryId)
        return -1;
    return int(it - m_rows.cbegin());
}

LogLevel ActivityModel::levelFromName(const QString &name)
{
    if (name.compare(QLatin1String("error"), Qt::CaseInsensitive) == 0)
        return LogLevel::Error;
    if (name.compare(QLatin1String("warning"), Qt::CaseInsensitive) == 0)
        return LogLevel::Warning;
    return LogLevel::Info;
}

QString ActivityModel::kindText(const QString &kind)
{
    if (kind == QLatin1String("created"))
        return tr("Created");
    if (kind == QLatin1String("updated"))
        return tr("Updated");
    if (kind == QLatin1String("unchanged"))
        return tr("Unchanged");
    if (kind == QLatin1String("failed"))
        return tr("Failed");
    if (kind == QLatin1String("retry"))
        return tr("Retry");
    if (kind == QLatin1String("skipped"))
        return tr("Skipped");
    if (kind == QLatin1String("run"))
        return tr("Sync run");
    if (kind == QLatin1String("batch"))
        return tr("Batch");
    if (kind == QLatin1String("connect"))
        return tr("Connect");
    if (kind == QLatin1String("disconnect"))
        return tr("Disconnect");
    if (kind == QLatin1String("conflict"))
        return tr("Existing contact");
    if (kind == QLatin1String("remapped"))
        return tr("Contact id changed");
    if (kind == QLatin1String("company"))
        return tr("Company");
    if (kind == QLatin1String("notes"))
        return tr("Notes");
    if (kind == QLatin1String("properties"))
        return tr("Properties");
    if (kind == QLatin1String("first_sync_waiting"))
        return tr("First sync waiting");
    if (kind == QLatin1String("first_sync_confirmed"))
        return tr("First sync confirmed");
    if (kind == QLatin1String("first_sync_cancelled"))
        return tr("First sync cancelled");
    if (kind == QLatin1String("offline"))
        return tr("Offline");
    if (kind == QLatin1String("auth"))
        return tr("Sign-in");
    return kind;
}

void ActivityModel::trimToMaximum()
{
    if (m_rows.size() <= m_maximumRows)
        return;

    beginRemoveRows({}, m_maximumRows, int(m_rows.size()) - 1);
    m_rows.erase(m_rows.begin() + m_maximumRows, m_rows.end());
    endRemoveRows();
}

QVariant ActivityModel::displayData(const ActivityEntry &entry, int column) const
{
    switch (column) {
    case TimeColumn:
        return timeText(entry.at);
    case LevelColumn:
        if (entry.levelName.compare(levelName(entry.level), Qt::CaseInsensitive) != 0)
            return entry.levelName;
        switch (entry.level) {
        case LogLevel::Info:
            return tr("Info");
        case LogLevel::Warning:
            return tr("Warning");
        case LogLevel::Error:
            return tr("Error");
        }
        return entry.levelName;
    case KindColumn:
        return kindText(entry.kind);
    case ProspectColumn:
        if (!entry.prospectEmail.isEmpty())
            return entry.prospectEmail;
        if (entry.prospectId > 0)
            return tr("Prospect %1").arg(entry.prospectId);
        return QString();
    case MessageColumn:
        return entry.message.simplified();
    default:
        return {};
    }
}

ActivityFilterModel::ActivityFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void ActivityFilterModel::setMinimumLevel(LogLevel level)
{
    if (level == m_minimumLevel)
        return;

    m_minimumLevel = level;
    invalidateFilter();
}

bool ActivityFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(ActivityModel::LevelRole).toInt() >= int(m_minimumLevel);
}

} // namespace Breezee
