#pragma once

#include "SyncFailure.h"
#include "common/Result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Breezee {

struct FailedProspect {
    qint64 prospectId = 0;
    QString name;
    QString email;
    QString remoteId;
    QString message;
    QDateTime lastAttemptAt;
};

// The failed prospects of one kind, newest attempt first.
struct FailureGroup {
    FailureKind kind = FailureKind::Other;
    QList<FailedProspect> prospects;

    QList<qint64> prospectIds() const;
};

struct FailureReport {
    // Groups in FailureKind order; kinds without failures are left out.
    QList<FailureGroup> groups;
    // Failed prospects already back on the queue, which are not listed.
    int queuedForRetry = 0;

    int failedCount() const;
};

// Reads the prospects whose last sync failed (sync_state.status 'failed')
// and that are not queued again, and groups them by the kind of failure.
Result<FailureReport> loadFailureReport(const QSqlDatabase &db);

// The header and rows of a failure CSV export.
QStringList failureCsvHeader();
QList<QStringList> failureCsvRows(const QList<FailureGroup> &groups);

} // namespace Breezee
