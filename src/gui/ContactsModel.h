#pragma once

#include "common/Result.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QSortFilterProxyModel>
#include <QString>
#include <QStringList>

#include <optional>

namespace Breezee {

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
    QString searchKey;

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

// Every prospect with its sync status, read from the store through a named
// connection that belongs to the GUI thread. refresh() reloads the rows
// and applies the difference as row inserts, removals and dataChanged, so
// views keep their selection and current index. Rows stay ordered by
// prospect id; sorting and filtering are left to ContactsFilterModel.
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
        SortRole,
        SearchKeyRole,
    };

    explicit ContactsModel(QString connectionName, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reloads every prospect and applies the difference.
    Status refresh();

    // Reloads only when the store may have changed since the last load.
    // SQLite reports commits from other connections through
    // PRAGMA data_version. With other drivers it always reloads.
    Status refreshIfChanged();

    ContactCounts counts() const { return m_counts; }
    const ContactRow &contact(int row) const { return m_rows.at(row); }
    int rowOfProspect(qint64 prospectId) const;

    // Lowercases the text and strips accents, so "Émile" matches "emile".
    static QString searchKeyFor(const QString &text);

signals:
    void refreshed();

private:
    Result<QList<ContactRow>> loadRows() const;
    std::optional<qint64> storeDataVersion() const;
    void applyRows(QList<ContactRow> rows);
    void updateCounts();
    QVariant displayData(const ContactRow &row, int column) const;
    QVariant toolTipData(const ContactRow &row, int column) const;
    QVariant sortData(const ContactRow &row, int column) const;

    QString m_connectionName;
    QList<ContactRow> m_rows;
    ContactCounts m_counts;
    std::optional<qint64> m_dataVersion;
    bool m_loaded = false;
};

// Sorts the contacts and filters them by search text and sync status. Every
// word of the search text must appear in the name, email, company or remote
// id, ignoring case and accents.
class ContactsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit ContactsFilterModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

    // std::nullopt shows every status.
    void setStatusFilter(std::optional<ContactSyncStatus> status);
    std::optional<ContactSyncStatus> statusFilter() const { return m_status; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_searchText;
    QStringList m_terms;
    std::optional<ContactSyncStatus> m_status;
};

} // namespace Breezee
