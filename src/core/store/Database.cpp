#include "Database.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUrl>

namespace Breezee {

namespace {

// The PostgreSQL advisory lock that serializes migrations. It may be any
// constant that no other application on the database uses.
constexpr qint64 kMigrationLockKey = 0x6272656d6967; // "bremig"

struct Migration {
    int version;
    QString resource;
};

const QList<Migration> &sqliteMigrations()
{
    static const QList<Migration> migrations = {
        {1, QStringLiteral(":/store/sql/sqlite-001-initial.sql")},
        {2, QStringLiteral(":/store/sql/sqlite-002-notes.sql")},
        {3, QStringLiteral(":/store/sql/sqlite-003-companies.sql")},
        {4, QStringLiteral(":/store/sql/sqlite-004-resync.sql")},
        {6, QStringLiteral(":/store/sql/sqlite-006-change-indexes.sql")},
    };
    return migrations;
}

// The same schema as the SQLite migrations, version for version, plus the
// server-mode tables and columns of version 5, which SQLite skips.
const QList<Migration> &postgresMigrations()
{
    static const QList<Migration> migrations = {
        {1, QStringLiteral(":/store/sql/postgres-001-initial.sql")},
        {2, QStringLiteral(":/store/sql/postgres-002-notes.sql")},
        {3, QStringLiteral(":/store/sql/postgres-003-companies.sql")},
        {4, QStringLiteral(":/store/sql/postgres-004-resync.sql")},
        {5, QStringLiteral(":/store/sql/postgres-005-server.sql")},
        {6, QStringLiteral(":/store/sql/postgres-006-change-indexes.sql")},
    };
    return migrations;
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL");
}

// Splits a migration script into statements. Trigger bodies contain
// semicolons: on SQLite a statement that starts with CREATE TRIGGER ends
// only at a line that reads "END;", and on PostgreSQL a function body
// between $$ quotes ends only after its closing $$.
QStringList splitStatements(const QString &script, bool sqliteTriggers)
{
    QStringList statements;
    QString current;
    bool inTrigger = false;
    bool inDollarQuote = false;

    const QStringList lines = script.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith(QLatin1String("--"))))
            continue;

        if (current.isEmpty())
            inTrigger = sqliteTriggers && trimmed.startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive);

        current += line + QLatin1Char('\n');
        if (line.count(QLatin1String("$$")) % 2 == 1)
            inDollarQuote = !inDollarQuote;

        bool ends = false;
        if (inTrigger)
            ends = trimmed.compare(QLatin1String("END;"), Qt::CaseInsensitive) == 0;
        else
            ends = !inDollarQuote && trimmed.endsWith(QLatin1Char(';'));
        if (ends) {
            statements << current.trimmed();
            current.clear();
        }
    }

    if (!current.trimmed().isEmpty())
        statements << current.trimmed();

    return statements;
}

Error sqlError(const QString &what, const QSqlError &error)
{
    return Error{QStringLiteral("db_error"),
                 QCoreApplication::translate("Breezee::Database", "%1 failed: %2")
                     .arg(what, error.text())};
}

int currentVersion(QSqlDatabase db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

Status applyMigration(QSqlDatabase db, const Migration &migration)
{
    QFile file(migration.resource);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("db_migration_missing"),
                     QStringLiteral("Migration %1 is missing from the build").arg(migration.resource)};

    const QStringList statements = splitStatements(QString::fromUtf8(file.readAll()), !isPostgres(db));

    if (!beginWriteTransaction(db))
        return sqlError(QStringLiteral("Starting migration %1").arg(migration.version), db.lastError());

    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            const Error error = sqlError(QStringLiteral("Migration %1").arg(migration.version),
                                         query.lastError());
            db.rollback();
            return error;
        }
    }

    query.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"));
    query.addBindValue(migration.version);
    query.addBindValue(storeTimestamp());
    if (!query.exec()) {
        const Error error = sqlError(QStringLiteral("Recording migration"), query.lastError());
        db.rollback();
        return error;
    }

    if (!db.commit())
        return sqlError(QStringLiteral("Committing migration %1").arg(migration.version), db.lastError());

    qCInfo(lcStore) << "applied migration" << migration.version;
    return std::nullopt;
}

Status migrateLocked(QSqlDatabase db, const QList<Migration> &migrations)
{
    // PostgreSQL responds to CREATE TABLE IF NOT EXISTS on an existing table
    // with a notice, which Qt would print at every start.
    QSqlQuery query(db);
    const bool exists = isPostgres(db) && query.exec(QStringLiteral("SELECT to_regclass('schema_version') IS NOT NULL"))
        && query.next() && query.value(0).toBool();
    if (!exists && !query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version "
                                   "(version INTEGER NOT NULL, applied_at TEXT NOT NULL)")))
        return sqlError(QStringLiteral("Creating schema_version"), query.lastError());

    const int version = currentVersion(db);
    for (const Migration &migration : migrations) {
        if (migration.version <= version)
            continue;
        if (Status status = applyMigration(db, migration))
            return status;
    }
    return std::nullopt;
}

QString jsonText(const QJsonValue &value)
{
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QStringLiteral("[]");
}

} // namespace

DatabaseConfig DatabaseConfig::fromString(const QString &text)
{
    DatabaseConfig config;
    if (!text.startsWith(QLatin1String("postgresql://")) && !text.startsWith(QLatin1String("postgres://"))) {
        config.databaseName = text;
        return config;
    }

    const QUrl url(text);
    config.driver = QStringLiteral("QPSQL");
    config.hostName = url.host();
    config.port = url.port(5432);
    config.userName = url.userName(QUrl::FullyDecoded);
    config.password = url.password(QUrl::FullyDecoded);
    config.databaseName = url.path().mid(1);
    return config;
}

QString DatabaseConfig::displayName() const
{
    if (isSqlite())
        return databaseName;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(userName, hostName).arg(port).arg(databaseName);
}

QString DatabaseConfig::effectiveWorkerId() const
{
    if (!workerId.isEmpty())
        return workerId;
    return QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid());
}

namespace {
thread_local QString t_lastTransactionError;
}

bool beginWriteTransaction(QSqlDatabase db)
{
    if (db.driverName() != QLatin1String("QSQLITE")) {
        const bool started = db.transaction();
        t_lastTransactionError = started ? QString() : db.lastError().text();
        return started;
    }

    QSqlQuery query(db);
    const bool started = query.exec(QStringLiteral("BEGIN IMMEDIATE"));
    t_lastTransactionError = started ? QString() : query.lastError().text();
    return started;
}

Error writeTransactionError()
{
    const QString reason = t_lastTransactionError.isEmpty() ? QStringLiteral("unknown error") : t_lastTransactionError;
    if (reason.contains(QLatin1String("locked"), Qt::CaseInsensitive)
        || reason.contains(QLatin1String("busy"), Qt::CaseInsensitive)) {
        return Error{QStringLiteral("db_locked"),
                     QCoreApplication::translate("Breezee::Database",
                                                 "The store is locked by another program (%1). Nothing was "
                                                 "lost; close other programs that use the store and try again.")
                         .arg(reason)};
    }
    return Error{QStringLiteral("db_error"),
                 QCoreApplication::translate("Breezee::Database", "Starting a store transaction failed: %1")
                     .arg(reason)};
}

QString storeTimestamp()
{
    return storeTimestamp(QDateTime::currentDateTimeUtc());
}

QString storeTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

Database::Database(QString connectionName)
    : m_connectionName(std::move(connectionName))
{
}

Database::~Database()
{
    close();
}

Status Database::open(const DatabaseConfig &config)
{
    if (!QSqlDatabase::isDriverAvailable(config.driver))
        return Error{QStringLiteral("db_driver_missing"),
                     QCoreApplication::translate("Breezee::Database",
                                                 "The Qt Sql driver %1 is not installed. Install the "
                                                 "package that provides it (libqt6sql6-sqlite or "
                                                 "libqt6sql6-psql) and start again.")
                         .arg(config.driver)};

    if (config.isSqlite()) {
        const QString directory = QFileInfo(config.databaseName).absolutePath();
        if (!QDir().mkpath(directory))
            return Error{QStringLiteral("db_open_failed"),
                         QCoreApplication::translate("Breezee::Database",
                                                     "Cannot create the data directory %1. Check its "
                                                     "permissions or choose another with --data-dir.")
                             .arg(directory)};
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(config.driver, m_connectionName);
    db.setDatabaseName(config.databaseName);
    if (config.isSqlite()) {
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db.setHostName(config.hostName);
        db.setPort(config.port);
        db.setUserName(config.userName);
        db.setPassword(config.password);
        // Without a timeout libpq waits for ever on an unreachable host.
        // application_name names the program in pg_stat_activity.
        QString program = QCoreApplication::applicationName();
        program.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
        db.setConnectOptions(QStringLiteral("connect_timeout=10;application_name=%1")
                                 .arg(program.isEmpty() ? QStringLiteral("breezee") : program));
    }

    if (!db.open())
        return Error{QStringLiteral("db_open_failed"),
                     QCoreApplication::translate("Breezee::Database", "Cannot open the database %1: %2")
                         .arg(config.displayName(), db.lastError().text())};

    QSqlQuery query(db);
    if (config.isSqlite()) {
        query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        query.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }

    if (Status status = migrate(db))
        return status;

    QFile seed(QStringLiteral(":/seed/providers.json"));
    if (seed.open(QIODevice::ReadOnly)) {
        if (Status status = applyProviderSeed(db, seed.readAll()))
            return status;
    }

    qCDebug(lcStore) << "opened" << config.displayName() << "as" << m_connectionName;
    return std::nullopt;
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;

    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Database::handle() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Status migrate(QSqlDatabase db)
{
    // Several workers may start at once against one PostgreSQL database:
    // they migrate in turn, and the later ones find nothing left to do.
    const bool server = isPostgres(db);
    QSqlQuery query(db);
    if (server && !query.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kMigrationLockKey)))
        return sqlError(QStringLiteral("Locking the schema for migration"), query.lastError());

    Status status = migrateLocked(db, server ? postgresMigrations() : sqliteMigrations());

    if (server)
        query.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kMigrationLockKey));
    return status;
}

Status applyProviderSeed(QSqlDatabase db, const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isArray())
        return Error{QStringLiteral("seed_invalid"),
                     QStringLiteral("The provider seed is not a JSON array: %1").arg(parseError.errorString())};

    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO providers (key, display_name, description, status, authorize_url, token_url, "
        "revoke_url, introspect_url, scopes, redirect_uris, sort_order) "
        "VALUES (:key, :name, :description, :status, :authorize, :token, :revoke, :introspect, "
        ":scopes, :redirects, :sort) "
        "ON CONFLICT (key) DO UPDATE SET display_name = excluded.display_name, "
        "description = excluded.description, status = excluded.status, "
        "authorize_url = excluded.authorize_url, token_url = excluded.token_url, "
        "revoke_url = excluded.revoke_url, introspect_url = excluded.introspect_url, "
        "scopes = excluded.scopes, redirect_uris = excluded.redirect_uris, "
        "sort_order = excluded.sort_order"));

    int order = 0;
    const QJsonArray providers = document.array();
    for (const QJsonValue &value : providers) {
        const QJsonObject provider = value.toObject();
        const QString key = provider.value(QLatin1String("key")).toString();
        if (key.isEmpty())
            return Error{QStringLiteral("seed_invalid"),
                         QStringLiteral("A provider in the seed has no \"key\"")};

        query.bindValue(QStringLiteral(":key"), key);
        query.bindValue(QStringLiteral(":name"), provider.value(QLatin1String("display_name")).toString(key));
        query.bindValue(QStringLiteral(":description"), provider.value(QLatin1String("description")).toString());
        query.bindValue(QStringLiteral(":status"), provider.value(QLatin1String("status")).toString(QStringLiteral("roadmap")));
        query.bindValue(QStringLiteral(":authorize"), provider.value(QLatin1String("authorize_url")).toString());
        query.bindValue(QStringLiteral(":token"), provider.value(QLatin1String("token_url")).toString());
        query.bindValue(QStringLiteral(":revoke"), provider.value(QLatin1String("revoke_url")).toString());
        query.bindValue(QStringLiteral(":introspect"), provider.value(QLatin1String("introspect_url")).toString());
        query.bindValue(QStringLiteral(":scopes"), jsonText(provider.value(QLatin1String("scopes"))));
        query.bindValue(QStringLiteral(":redirects"), jsonText(provider.value(QLatin1String("redirect_uris"))));
        query.bindValue(QStringLiteral(":sort"), provider.value(QLatin1String("sort_order")).toInt(order));
        if (!query.exec())
            return sqlError(QStringLiteral("Seeding provider %1").arg(key), query.lastError());
        ++order;
    }
    return std::nullopt;
}

} // namespace Breezee
