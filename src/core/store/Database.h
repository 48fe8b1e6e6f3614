#pragma once

#include "common/Result.h"
#include "store/DatabaseConfig.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

namespace Breezee {

// One named Qt Sql connection, owned by the thread that opened it. Every
// thread that touches the store makes its own Database with its own name;
// Qt Sql connections must not cross threads.
class Database {
public:
    explicit Database(QString connectionName);
    ~Database();

    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens the connection, sets WAL and the busy timeout on SQLite, and
    // applies pending migrations and the provider seed.
    Status open(const DatabaseConfig &config);
    void close();

    bool isOpen() const;
    QSqlDatabase handle() const;
    QString connectionName() const { return m_connectionName; }

private:
    QString m_connectionName;
};

// Applies the schema migrations that the database does not have yet, each in
// its own transaction. Returns the error of the first one that fails.
Status migrate(QSqlDatabase db);

// Inserts or updates the provider rows from a JSON seed document (an array of
// provider objects). The console's own seed is ":/seed/providers.json".
Status applyProviderSeed(QSqlDatabase db, const QByteArray &json);

// Starts a transaction that writes. On SQLite it takes the write lock at
// once (BEGIN IMMEDIATE), so the busy timeout applies: a deferred
// transaction that reads first and writes later fails at once with
// "database is locked" when another connection committed in between.
bool beginWriteTransaction(QSqlDatabase db);

// Describes why the last beginWriteTransaction() on this thread failed,
// with what to do about a store that stays locked.
Error writeTransactionError();

// Current UTC time as the store writes it: ISO 8601 with milliseconds.
QString storeTimestamp();
QString storeTimestamp(const QDateTime &time);

} // namespace Breezee
