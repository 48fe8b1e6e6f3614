#pragma once

#include <QString>

namespace Breezee {

// How to reach the store. SQLite is the embedded default; PostgreSQL is
// server mode. Built from a file path or from a URL of the form
// postgresql://user:password@host:port/database.
struct DatabaseConfig {
    QString driver = QStringLiteral("QSQLITE");
    QString databaseName;
    QString hostName;
    int port = 0;
    QString userName;
    QString password;

    // Server mode (PostgreSQL): the worker id that SyncStore stamps on the
    // queue rows it leases (default host:pid), and how long a lease lasts
    // before another worker may take the rows. SQLite ignores both.
    QString workerId;
    int leaseSeconds = 120;

    bool isSqlite() const { return driver == QLatin1String("QSQLITE"); }
    bool isPostgres() const { return driver == QLatin1String("QPSQL"); }

    // Parses a file path (SQLite) or a postgresql:// URL.
    static DatabaseConfig fromString(const QString &text);

    // A description for messages and logs, without the password.
    QString displayName() const;

    // workerId when set, otherwise this process's host:pid.
    QString effectiveWorkerId() const;
};

} // namespace Breezee
