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

    bool isSqlite() const { return driver == QLatin1String("QSQLITE"); }

    // Parses a file path (SQLite) or a postgresql:// URL.
    static DatabaseConfig fromString(const QString &text);

    // A description for messages and logs, without the password.
    QString displayName() const;
};

} // namespace Breezee
