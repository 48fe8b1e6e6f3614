#pragma once

#include "store/DatabaseConfig.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUrl>

// A fresh PostgreSQL database for one test, on the throwaway server that
// scripts/test-session.sh starts and names in BREEZEE_TEST_PG_URL. The
// destructor drops it. isValid() is false when the variable is unset or
// the server rejects the request, and errorString() returns the reason.
class PgTestDatabase {
public:
    explicit PgTestDatabase(const QString &name)
    {
        const QString url = qEnvironmentVariable("BREEZEE_TEST_PG_URL");
        if (url.isEmpty()) {
            m_error = QStringLiteral("BREEZEE_TEST_PG_URL is not set; run the tests through scripts/test-session.sh");
            return;
        }

        m_adminConfig = Breezee::DatabaseConfig::fromString(url);
        m_databaseName = QStringLiteral("breezee_%1_%2").arg(name).arg(QCoreApplication::applicationPid());
        m_config = m_adminConfig;
        m_config.databaseName = m_databaseName;

        QUrl databaseUrl(url);
        databaseUrl.setPath(QLatin1Char('/') + m_databaseName);
        m_url = databaseUrl.toString();

        m_valid = runAdmin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_databaseName))
            && runAdmin(QStringLiteral("CREATE DATABASE %1").arg(m_databaseName));
    }

    ~PgTestDatabase()
    {
        if (m_valid)
            runAdmin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_databaseName));
    }

    PgTestDatabase(const PgTestDatabase &) = delete;
    PgTestDatabase &operator=(const PgTestDatabase &) = delete;

    bool isValid() const { return m_valid; }
    QString errorString() const { return m_error; }
    Breezee::DatabaseConfig config() const { return m_config; }
    // postgresql://user:password@127.0.0.1:port/<this database>
    QString url() const { return m_url; }

private:
    bool runAdmin(const QString &sql)
    {
        const QString connection = QStringLiteral("pg-test-admin");
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(m_adminConfig.hostName);
            db.setPort(m_adminConfig.port);
            db.setUserName(m_adminConfig.userName);
            db.setPassword(m_adminConfig.password);
            db.setDatabaseName(m_adminConfig.databaseName);
            if (!db.open()) {
                m_error = db.lastError().text();
            } else {
                QSqlQuery query(db);
                query.exec(QStringLiteral("SET client_min_messages = warning"));
                ok = query.exec(sql);
                if (!ok)
                    m_error = query.lastError().text();
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return ok;
    }

    Breezee::DatabaseConfig m_adminConfig;
    Breezee::DatabaseConfig m_config;
    QString m_databaseName;
    QString m_url;
    QString m_error;
    bool m_valid = false;
};
