#pragma once

#include "common/Result.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QSortFilterProxyModel>

namespace Breezee {

enum class LogLevel {
    Info,
    Warning,
    Error,
};

// The filter on the sync log entries that the Activity page reads. Empty
// fields match everything.
struct ActivityFilter {
    // Every word must appear in the message, kind, or the prospect's email
    // or name, ignoring case and accents.
    QString searchText;
    // A sync_log kind such as "failed".
    QString kind;
    // 0 for every prospect.
    qint64 prospectId = 0;

    bool operator==(const ActivityFilter &other) const
    {
        return searchText == other.searchText && kind == other.kind && prospectId == other.prospectId;
    }
    bool operator!=(const ActivityFilter &other) const { return !(*this == other); }
};

struct ActivityEntry {
    qint64 id = 0;
    QDateTime at;
    LogLevel level = LogLevel::Info;
    QString levelName;
    QString kind;
    qint64 prospectId = 0;
    QString prospectEmail;
    QString message;
};

// The sync_log table, newest entry first. poll() reads the entries with an
// id above the last one read and inserts them at the top. Rows beyond
// maximumRows() are dropped from the bottom, so memory stays bounded
// however long the console runs. The search, kind and prospect filters run
// in SQL, so they reach entries older than the rows kept.
class ActivityModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        LevelColumn,
        KindColumn,
        ProspectColumn,
        MessageColumn,
        ColumnCount,
    };

    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        LevelRole,
        ProspectIdRole,
    };

    static constexpr int kDefaultMaximumRows = 5000;

    explicit ActivityModel(QString connectionName, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads new entries. Returns how many rows were added.
    Result<int> poll();

    // Drops the rows and reads the newest matching entries again.
    Result<int> setFilter(const ActivityFilter &filter);
    const ActivityFilter &filter() const { return m_filter; }

    // The kinds of entry that the sync and the controller write, in the
    // order a filter lists them.
    static QStringList knownKinds();

    void setMaximumRows(int rows);
    int maximumRows() const { return m_maximumRows; }
    qint64 lastSeenId() const { return m_lastSeenId; }
    const ActivityEntry &entry(int row) const { return m_rows.at(row); }
    int rowOfEntry(qint64 entryId) const;

    static LogLevel levelFromName(const QString &name);
    static QString kindText(const QString &kind);

private:
    void trimToMaximum();
    QVariant displayData(const ActivityEntry &entry, int column) const;

    QString m_connectionName;
    QList<ActivityEntry> m_rows;
    ActivityFilter m_filter;
    qint64 m_lastSeenId = 0;
    int m_maximumRows = kDefaultMaximumRows;
};

// Shows the entries at or above a minimum level.
class ActivityFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit ActivityFilterModel(QObject *parent = nullptr);

    void setMinimumLevel(LogLevel level);
    LogLevel minimumLevel() const { return m_minimumLevel; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    LogLevel m_minimumLevel = LogLevel::Info;
};

} // namespace Breezee
