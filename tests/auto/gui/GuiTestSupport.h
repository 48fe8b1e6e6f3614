#pragma once

#include "common/Profile.h"
#include "store/Database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTest>
#include <QVariant>

#include <memory>

namespace GuiTest {

// A profile whose data lives in `directory`, with a credentials file that
// does not exist, so no provider can start a real OAuth flow.
inline Breezee::Profile makeProfile(const QString &directory, const QString &name = QStringLiteral("test"))
{
    Breezee::ProfileOptions options;
    options.name = name;
    options.dataDirectory = directory;
    options.credentialsFile = directory + QStringLiteral("/missing-credentials.ini");
    return Breezee::resolveProfile(options);
}

// The test's own connection to the profile's store, for writing rows with
// plain SQL as the importer and the sync thread would.
class StoreWriter {
public:
    explicit StoreWriter(const Breezee::Profile &profile)
        : m_database(std::make_unique<Breezee::Database>(QStringLiteral("test-writer")))
    {
        const Breezee::Status status = m_database->open(profile.database);
        if (status)
            qWarning("test store did not open: %s", qPrintable(status->message));
    }

    bool isOpen() const { return m_database->isOpen(); }

    qint64 insertProspect(const QString &firstName, const QString &lastName, const QString &email,
                          const QString &company)
    {
        const QString now = Breezee::storeTimestamp();
        return insert(QStringLiteral("INSERT INTO prospects (email, email_normalized, first_name, last_name, "
                                     "company_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                      {email, email.toLower(), firstName, lastName, company, now, now});
    }

    // Marks a prospect as synced and removes its queue row, as the sync
    // does after a successful upsert.
    void markSynced(qint64 prospectId, const QString &remoteId)
    {
        const QString now = Breezee::storeTimestamp();
        exec(QStringLiteral("INSERT OR REPLACE INTO sync_state (prospect_id, remote_id, status, "
                            "last_attempt_at, last_synced_at, attempts) VALUES (?, ?, 'synced', ?, ?, 1)"),
             {prospectId, remoteId, now, now});
        dequeue(prospectId);
    }

    void markFailed(qint64 prospectId, const QString &error)
    {
        exec(QStringLiteral("INSERT OR REPLACE INTO sync_state (prospect_id, status, last_attempt_at, "
                            "last_error, attempts) VALUES (?, 'failed', ?, ?, 3)"),
             {prospectId, Breezee::storeTimestamp(), error});
        dequeue(prospectId);
    }

    void dequeue(qint64 prospectId)
    {
        exec(QStringLiteral("DELETE FROM sync_queue WHERE prospect_id = ?"), {prospectId});
    }

    qint64 insertLog(const QString &level, const QString &kind, const QVariant &prospectId,
                     const QString &message)
    {
        return insert(QStringLiteral("INSERT INTO sync_log (at, level, kind, prospect_id, message) "
                                     "VALUES (?, ?, ?, ?, ?)"),
                      {Breezee::storeTimestamp(), level, kind, prospectId, message});
    }

    // Runs any statement with bound values; returns the new row id for an
    // INSERT and -1 on failure.
    qint64 execute(const QString &sql, const QVariantList &values = {})
    {
        return insert(sql, values);
    }

    int count(const QString &table)
    {
        QSqlQuery query(m_database->handle());
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !query.next())
            return -1;
        return query.value(0).toInt();
    }

private:
    bool exec(const QString &sql, const QVariantList &values)
    {
        QSqlQuery query(m_database->handle());
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec()) {
            qWarning("test SQL failed: %s", qPrintable(query.lastError().text()));
            return false;
        }
        m_lastId = query.lastInsertId().toLongLong();
        return true;
    }

    qint64 insert(const QString &sql, const QVariantList &values)
    {
        return exec(sql, values) ? m_lastId : -1;
    }

    std::unique_ptr<Breezee::Database> m_database;
    qint64 m_lastId = -1;
};

} // namespace GuiTest
