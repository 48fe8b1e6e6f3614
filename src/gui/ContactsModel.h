#pragma once

#include "common/Result.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QVariant>

#include <optional>

namespace Breezee {

class SqlSearch;

// A prospect's sync status as the Contacts page shows it. A prospect is
// Queued while it has a sync_queue row, whatever its last result was.
enum class ContactSyncStatus {
    NotSynced,
    Queued,
    Synced,
    Failed,
};

QString contactSyncStatusText(ContactSyncStatus status);

struct ContactRow {
    qint64 prospectId = 0;
    QString name;
    QString email;
    QString company;
    ContactSyncStatus status = ContactSyncStatus::NotSynced;
    QString remoteId;
    QDateTime lastSyncedAt;
    QString lastError;
    int attempts = 0;
    // The value the rows are ordered by, as SQL computed it.
    QVariant sortKey;

    bool operator==(const ContactRow &other) const;
    bool operator!=(const ContactRow &other) const { return !(*this == other); }
};

struct ContactCounts {
    int total = 0;
    int synced = 0;
    int queued = 0;
    int failed = 0;
    int notSynced = 0;
};

// The prospects with their sync status, read through a named connection
// that belongs to the GUI thread. Searching, filtering and sorting run in
// SQL: the model keeps the ordered ids of the matching prospects and loads
// their rows in pages of kPageSize as the view scrolls (canFetchMore and
// fetchMore), so 100,000 prospects cost a list of ids plus the rows seen.
//
// refreshIfChanged() compares the newest updated_at, last_attempt_at and
// enqueued_at with the previous check and reloads only the prospects that
// changed. Only a change that can move rows, such as a new prospect or a
// deletion, reloads the id list and the loaded rows. Every change is applied
// as row inserts, moves, removals and dataChanged, so views keep their
// selection and current index.
class ContactsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        EmailColumn,
        CompanyColumn,
        StatusColumn,
        RemoteIdColumn,
        LastSyncedColumn,
        ColumnCount,
    };

    enum Role {
        ProspectIdRole = Qt::UserRole + 1,
        SyncStatusRole,
    };

    static constexpr int kPageSize = 200;

    explicit ContactsModel(QString connectionName, QObject *parent = nullptr);
    ~ContactsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Orders by a column; -1 orders by prospect id, the default.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Every word of the search text must appear in the name, email, company
    // or HubSpot id, ignoring case and accents.
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

    // std::nullopt shows every status.
    void setStatusFilter(std::optional<ContactSyncStatus> status);
    std::optional<ContactSyncStatus> statusFilter() const { return m_statusFilter; }

    // Reloads the id list and every loaded row, and applies the difference.
    Status refresh();

    // Reloads what changed since the last load. SQLite reports commits from
    // other connections through PRAGMA data_version, so an unchanged store
    // costs one query. Other drivers compare the change markers each time.
    Status refreshIfChanged();

    // The result of the last load, search, filter or sort.
    Status lastStatus() const { return m_lastStatus; }

    ContactCounts counts() const { return m_counts; }
    // How many prospects match the search and the status filter, loaded or
    // not.
    int matchingCount() const { return int(m_ids.size()); }
    const ContactRow &contact(int row) const { return m_rows.at(row); }

    // Returns the row of a loaded prospect, or -1.
    int rowOfProspect(qint64 prospectId) const;

    // Loads pages until the prospect's row is loaded. Returns its row, or
    // -1 when the prospect does not match the search and the filter.
    int loadProspect(qint64 prospectId);

    // Kept for callers that fold text the way the search does.
    static QString searchKeyFor(const QString &text);

signals:
    // Emitted after every reload, whether it succeeded or not.
    void refreshed();

private:
    // The newest change markers of the tables the rows come from.
    struct ChangeCursor {
        bool valid = false;
        qint64 prospectCount = 0;
        qint64 maxProspectId = 0;
        QString prospectsUpdatedAt;
        QString stateAttemptAt;
        qint64 queueCount = 0;
        QString queueEnqueuedAt;
    };

    struct Changes {
        QSet<qint64> prospects;
        QSet<qint64> syncState;
        QSet<qint64> queue;
        bool rowsDeleted = false;
    };

    Status reloadAll(bool reset);
    Status refreshChanged(const ChangeCursor &cursor);
    Result<QList<qint64>> loadIdList(const SqlSearch &search) const;
    Result<QList<ContactRow>> loadRows(const QList<qint64> &ids, bool applyFilter) const;
    Result<ChangeCursor> readCursor() const;
    Result<Changes> readChanges(const ChangeCursor &cursor) const;
    Result<ContactCounts> loadCounts() const;
    std::optional<qint64> storeDataVersion() const;
    bool orderDependsOnSync() const;
    void applyLoad(QList<qint64> ids, const QList<ContactRow> &rows, bool reset);
    void mergeRows(const QList<ContactRow> &target);
    void replaceRow(int row, const ContactRow &contact);
    void setStatus(const Status &status);
    QVariant displayData(const ContactRow &row, int column) const;
    QVariant toolTipData(const ContactRow &row, int column) const;

    QString m_connectionName;
    QList<qint64> m_ids;
    QList<ContactRow> m_rows;
    ContactCounts m_counts;
    ChangeCursor m_cursor;
    std::optional<qint64> m_dataVersion;
    Status m_lastStatus;
    QString m_searchText;
    std::optional<ContactSyncStatus> m_statusFilter;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_loaded = false;
    // True while the model changes its rows. Views and testers call
    // fetchMore from the change signals, which must not nest another insert.
    bool m_changing = false;
};

} // namespace Breezee
