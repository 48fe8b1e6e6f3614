#include "FailureGroups.h"

#include "CsvExport.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

namespace {

const char *const kSelectFailed =
    "SELECT p.id, p.first_name, p.last_name, p.email, s.remote_id, s.last_error, s.last_attempt_at "
    "FROM sync_state s JOIN prospects p ON p.id = s.prospect_id "
    "LEFT JOIN sync_queue q ON q.prospect_id = s.prospect_id "
    "WHERE s.status = 'failed' AND q.prospect_id IS NULL "
    "ORDER BY s.last_attempt_at DESC, p.id DESC";

const char *const kCountQueuedForRetry =
    "SELECT COUNT(*) FROM sync_state s JOIN sync_queue q ON q.prospect_id = s.prospect_id "
    "WHERE s.status = 'failed'";

Error readError(const QSqlQuery &query)
{
    return Error{QStringLiteral("db_error"),
                 QCoreApplication::translate("Breezee::FailureGroups", "Reading the failed prospects failed: %1")
                     .arg(query.lastError().text())};
}

} // namespace

QList<qint64> FailureGroup::prospectIds() const
{
    QList<qint64> ids;
    ids.reserve(prospects.size());
    for (const FailedProspect &prospect : prospects)
        ids << prospect.prospectId;
    return ids;
}

int FailureReport::failedCount() const
{
    int count = 0;
    for (const FailureGroup &group : groups)
        count += int(group.prospects.size());
    return count;
}

Result<FailureReport> loadFailureReport(const QSqlDatabase &db)
{
    if (!db.isOpen())
        return Error{QStringLiteral("db_not_open"),
                     QCoreApplication::translate("Breezee::FailureGroups",
                                                 "The failed prospects cannot be read because the database "
                                                 "connection is not open.")};

    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QLatin1String(kSelectFailed)))
        return readError(query);

    QList<FailureGroup> byKind(kFailureKindCount);
    for (int kind = 0; kind < kFailureKindCount; ++kind)
        byKind[kind].kind = FailureKind(kind);

    while (query.next()) {
        FailedProspect prospect;
        prospect.prospectId = query.value(0).toLongLong();
        prospect.name = (query.value(1).toString() + QLatin1Char(' ') + query.value(2).toString()).trimmed();
        prospect.email = query.value(3).toString();
        prospect.remoteId = query.value(4).toString();
        prospect.message = query.value(5).toString();
        prospect.lastAttemptAt = QDateTime::fromString(query.value(6).toString(), Qt::ISODateWithMs);
        byKind[int(classifyFailure(prospect.message))].prospects << prospect;
    }

    FailureReport report;
    for (const FailureGroup &group : std::as_const(byKind)) {
        if (!group.prospects.isEmpty())
            report.groups << group;
    }

    QSqlQuery queued(db);
    if (!queued.exec(QLatin1String(kCountQueuedForRetry)) || !queued.next())
        return readError(queued);
    report.queuedForRetry = queued.value(0).toInt();
    return report;
}

QStringList failureCsvHeader()
{
    return {QStringLiteral("kind"),     QStringLiteral("prospect_id"), QStringLiteral("name"),
            QStringLiteral("email"),    QStringLiteral("hubspot_id"),  QStringLiteral("last_attempt_at"),
            QStringLiteral("message"),  QStringLiteral("hubspot_message")};
}

QList<QStringList> failureCsvRows(const QList<FailureGroup> &groups)
{
    QList<QStringList> rows;
    for (const FailureGroup &group : groups) {
        const QString kind = failureKindTitle(group.kind);
        for (const FailedProspect &prospect : group.prospects) {
            rows << QStringList{kind,
                                QString::number(prospect.prospectId),
                                prospect.name,
                                prospect.email,
                                prospect.remoteId,
                                csvTime(prospect.lastAttemptAt),
                                prospect.message,
                                hubSpotMessage(prospect.message)};
        }
    }
    return rows;
}

} // namespace Breezee
