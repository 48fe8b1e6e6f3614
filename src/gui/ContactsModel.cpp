#include "ContactsModel.h"

#include "Icons.h"
#include "StatusTone.h"
#include "common/Logging.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

namespace {

const char *const kSelectContacts =
    "SELECT p.id, p.first_name, p.last_name, p.email, p.company_name, "
    "s.status, s.remote_id, s.last_synced_at, s.last_error, s.attempts, "
    "CASE WHEN q.prospect_id IS NULL THEN 0 ELSE 1 END "
    "FROM prospects p "
    "LEFT JOIN sync_state s ON s.prospect_id = p.id "
    "LEFT JOIN sync_queue q ON q.prospect_id = p.id "
    "ORDER BY p.id";

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

    const QString syncedAt = query.value(7).toString();
    if (!syncedAt.isEmpty())
        row.lastSyncedAt = QDateTime::fromString(syncedAt, Qt::ISODateWithMs);

    row.searchKey = ContactsModel::searchKeyFor(
        QStringList{row.name, row.email, row.company, row.remoteId}.join(QLatin1Char('\n')));
    return row;
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
        && attempts == other.attempts;
}

ContactsModel::ContactsModel(QString connectionName, QObject *parent)
    : QAbstractTableModel(parent)
    , m_connectionName(std::move(connectionName))
{
}

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
    case SortRole:
        return sortData(row, index.column());
    case SearchKeyRole:
        return row.searchKey;
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

Status ContactsModel::refresh()
{
    const std::optional<qint64> version = storeDataVersion();

    Result<QList<ContactRow>> rows = loadRows();
    if (!rows.ok())
        return rows.error();

    m_dataVersion = version;
    m_loaded = true;
    applyRows(std::move(rows).value());
    updateCounts();
    emit refreshed();
    return std::nullopt;
}

Status ContactsModel::refreshIfChanged()
{
    if (m_loaded && m_dataVersion.has_value() && storeDataVersion() == m_dataVersion)
        return std::nullopt;

    return refresh();
}

int ContactsModel::rowOfProspect(qint64 prospectId) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), prospectId,
                                     [](const ContactRow &row, qint64 id) { return row.prospectId < id; });
    if (it == m_rows.cend() || it->prospectId != prospectId)
        return -1;
    return int(it - m_rows.cbegin());
}

QString ContactsModel::searchKeyFor(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString key;
    key.reserve(decomposed.size());
    for (const QChar character : decomposed) {
        if (character.category() == QChar::Mark_NonSpacing)
            continue;
        key.append(character.toCaseFolded());
    }

    // QChar folds one character to one character, so the German sharp s
    // needs the full folding by hand.
    key.replace(QChar(0x00DF), QLatin1String("ss"));
    return key;
}

Result<QList<ContactRow>> ContactsModel::loadRows() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return Error{QStringLiteral("db_not_open"),
                     tr("The contact list cannot be read because the database connection is not open.")};

    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QLatin1String(kSelectContacts))) {
        qCWarning(lcGui) << "reading contacts failed:" << query.lastError().text();
        return Error{QStringLiteral("db_error"),
                     tr("Reading the contact list failed: %1").arg(query.lastError().text())};
    }

    QList<ContactRow> rows;
    while (query.next())
        rows << readRow(query);
    return rows;
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

// Merges the fresh rows into m_rows. Both lists are ordered by prospect id,
// so one pass finds the removed, inserted and changed rows.
void ContactsModel::applyRows(QList<ContactRow> rows)
{
    int row = 0;
    int next = 0;
    int changedFirst = -1;

    auto flushChanged = [&](int end) {
        if (changedFirst < 0)
            return;
        emit dataChanged(index(changedFirst, 0), index(end - 1, ColumnCount - 1));
        changedFirst = -1;
    };

    while (row < m_rows.size() || next < rows.size()) {
        if (next >= rows.size()) {
            flushChanged(row);
            beginRemoveRows({}, row, int(m_rows.size()) - 1);
            m_rows.erase(m_rows.begin() + row, m_rows.end());
            endRemoveRows();
            break;
        }

        if (row >= m_rows.size()) {
            flushChanged(row);
            beginInsertRows({}, row, row + int(rows.size()) - next - 1);
            m_rows.append(rows.mid(next));
            endInsertRows();
            break;
        }

        const qint64 current = m_rows.at(row).prospectId;
        const qint64 fresh = rows.at(next).prospectId;

        if (current == fresh) {
            if (m_rows.at(row) != rows.at(next)) {
                m_rows[row] = rows.at(next);
                if (changedFirst < 0)
                    changedFirst = row;
            } else {
                flushChanged(row);
            }
            ++row;
            ++next;
            continue;
        }

        flushChanged(row);

        if (current < fresh) {
            int end = row;
            while (end < m_rows.size() && m_rows.at(end).prospectId < fresh)
                ++end;
            beginRemoveRows({}, row, end - 1);
            m_rows.erase(m_rows.begin() + row, m_rows.begin() + end);
            endRemoveRows();
            continue;
        }

        int end = next;
        while (end < rows.size() && rows.at(end).prospectId < current)
            ++end;
        beginInsertRows({}, row, row + (end - next) - 1);
        for (int i = next; i < end; ++i)
            m_rows.insert(row + (i - next), rows.at(i));
        endInsertRows();
        row += end - next;
        next = end;
    }

    flushChanged(int(m_rows.size()));
}

void ContactsModel::updateCounts()
{
    ContactCounts counts;
    counts.total = int(m_rows.size());
    for (const ContactRow &row : std::as_const(m_rows)) {
        switch (row.status) {
        case ContactSyncStatus::Synced:
            ++counts.synced;
            break;
        case ContactSyncStatus::Queued:
            ++counts.queued;
            break;
        case ContactSyncStatus::Failed:
            ++counts.failed;
            break;
        case ContactSyncStatus::NotSynced:
            ++counts.notSynced;
            break;
        }
    }
    m_counts = counts;
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

QVariant ContactsModel::sortData(const ContactRow &row, int column) const
{
    switch (column) {
    case NameColumn:
        return row.name.toCaseFolded();
    case EmailColumn:
        return row.email.toCaseFolded();
    case CompanyColumn:
        return row.company.toCaseFolded();
    case StatusColumn:
        return int(row.status);
    case RemoteIdColumn:
        // Numeric ids sort by value, so "99" comes before "100".
        return QStringLiteral("%1").arg(row.remoteId, 24, QLatin1Char('0'));
    case LastSyncedColumn:
        return row.lastSyncedAt.isValid() ? row.lastSyncedAt.toMSecsSinceEpoch() : qint64(0);
    default:
        return {};
    }
}

ContactsFilterModel::ContactsFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ContactsModel::SortRole);
    setDynamicSortFilter(true);
}

void ContactsFilterModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;

    m_searchText = text;
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    m_terms = ContactsModel::searchKeyFor(text).split(whitespace, Qt::SkipEmptyParts);
    invalidateFilter();
}

void ContactsFilterModel::setStatusFilter(std::optional<ContactSyncStatus> status)
{
    if (status == m_status)
        return;

    m_status = status;
    invalidateFilter();
}

bool ContactsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);

    if (m_status.has_value()) {
        const int status = index.data(ContactsModel::SyncStatusRole).toInt();
        if (status != int(*m_status))
            return false;
    }

    if (m_terms.isEmpty())
        return true;

    const QString key = index.data(ContactsModel::SearchKeyRole).toString();
    for (const QString &term : m_terms) {
        if (!key.contains(term))
            return false;
    }
    return true;
}

} // namespace Breezee
