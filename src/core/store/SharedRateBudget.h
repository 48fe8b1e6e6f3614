#pragma once

#include "hubspot/RateLimiter.h"

#include <QSqlDatabase>
#include <QString>

namespace Breezee {

// The server-mode request budget: one rate_budget row per HubSpot account
// in PostgreSQL, which every worker of that account counts against through
// rate_budget_take(). The row keeps the request starts of the rolling
// window by the database's clock, so workers on several hosts agree.
// Uses the connection it was given, in that connection's thread. It keeps
// only the connection's name, so the connection may be removed first.
class SharedRateBudget : public SharedRequestBudget {
public:
    // `account` names the budget, see budgetKey(). The search budget is a
    // second row, "<account>/search".
    SharedRateBudget(QSqlDatabase db, QString account, int limit, int windowMs, int searchLimit = 5,
                     int searchWindowMs = 1000);

    // A failed query counts as allowed, with a warning: the in-process
    // limiter still applies, and a 429 from HubSpot is retried.
    qint64 take(bool search) override;

    // The budget key of a provider's connection: "<provider>:<account id>"
    // when the integrations row records the account, else "<provider>".
    static QString budgetKey(QSqlDatabase db, const QString &providerKey);

private:
    QString m_connectionName;
    QString m_account;
    int m_limit;
    int m_windowMs;
    int m_searchLimit;
    int m_searchWindowMs;
    int m_failures = 0;
};

} // namespace Breezee
