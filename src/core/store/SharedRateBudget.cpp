#include "SharedRateBudget.h"

#include "common/Logging.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

SharedRateBudget::SharedRateBudget(QSqlDatabase db, QString account, int limit, int windowMs, int searchLimit,
                                   int searchWindowMs)
    : m_connectionName(db.connectionName())
    , m_account(std::move(account))
    , m_limit(limit)
    , m_windowMs(windowMs)
    , m_searchLimit(searchLimit)
    , m_searchWindowMs(searchWindowMs)
{
}

qint64 SharedRateBudget::take(bool search)
{
    if ((search ? m_searchLimit : m_limit) <= 0)
        return 0;

    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen())
        return 0;

    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT rate_budget_take(?, ?, ?)"));
    query.addBindValue(search ? m_account + QStringLiteral("/search") : m_account);
    query.addBindValue(search ? m_searchLimit : m_limit);
    // A request is counted when it is about to be sent, and HubSpot counts
    // it when it arrives. Keeping each start in the window a margin longer
    // covers that delay, which differs between workers.
    query.addBindValue((search ? m_searchWindowMs : m_windowMs) + int(RateLimiter::kSkewMarginMs));
    if (!query.exec() || !query.next()) {
        // Logs the first failure and then every hundredth, not each request.
        if (m_failures++ % 100 == 0)
            qCWarning(lcStore) << "reading the shared rate budget" << m_account << "failed" << m_failures
                               << "times, last:" << query.lastError().text();
        return 0;
    }
    return query.value(0).toLongLong();
}

QString SharedRateBudget::budgetKey(QSqlDatabase db, const QString &providerKey)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT account_id FROM integrations WHERE provider_key = ?"));
    query.addBindValue(providerKey);
    if (query.exec() && query.next() && !query.value(0).toString().isEmpty())
        return providerKey + QLatin1Char(':') + query.value(0).toString();
    return providerKey;
}

} // namespace Breezee
