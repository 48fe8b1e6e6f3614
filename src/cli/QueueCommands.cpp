// The resync and log commands: put prospects back on the queue, and read
// the sync log, on SQLite or PostgreSQL alike.

#include "CliSupport.h"
#include "Commands.h"
#include "StopSignalWatcher.h"

#include "store/Database.h"
#include "store/SyncStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace Breezee::Cli {

namespace {

constexpr int kFollowIntervalMs = 1000;

// Parses --parts. Without the option every part is sent again.
std::optional<SyncParts> partsOption(const QCommandLineParser &parser, const Options &options)
{
    if (!parser.isSet(options.parts))
        return allSyncParts();

    const QStringList words = parser.value(options.parts).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        const QString trimmed = word.trimmed();
        if (trimmed != QLatin1String("fields") && trimmed != QLatin1String("notes")
            && trimmed != QLatin1String("company")) {
            err() << tr("--parts: \"%1\" is not a part; use a comma list of fields, notes and company.").arg(trimmed)
                  << Qt::endl;
            return std::nullopt;
        }
    }
    if (words.isEmpty()) {
        err() << tr("--parts is empty; use a comma list of fields, notes and company.") << Qt::endl;
        return std::nullopt;
    }
    return partsFromScope(words.join(QLatin1Char(',')));
}

// Parses every --prospect value, each an id or a comma list of ids.
std::optional<QList<qint64>> prospectIdsOption(const QCommandLineParser &parser, const Options &options)
{
    QList<qint64> ids;
    const QStringList values = parser.values(options.prospect);
    for (const QString &value : values) {
        const QStringList parts = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            bool valid = false;
            const qint64 id = part.trimmed().toLongLong(&valid);
            if (!valid || id <= 0) {
                err() << tr("--prospect \"%1\" is not a prospect id; ids are positive whole numbers.").arg(part)
                      << Qt::endl;
                return std::nullopt;
            }
            if (!ids.contains(id))
                ids << id;
        }
    }
    return ids;
}

// The ids of `query`'s first column, or nullopt after printing the error.
std::optional<QList<qint64>> selectIds(QSqlDatabase db, const QString &sql, const QList<qint64> &bound = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (qint64 id : bound)
        query.addBindValue(id);
    if (!query.exec()) {
        err() << tr("Reading the prospects failed: %1").arg(query.lastError().text()) << Qt::endl;
        return std::nullopt;
    }

    QList<qint64> ids;
    while (query.next())
        ids << query.value(0).toLongLong();
    return ids;
}

// Returns the named prospect ids that exist and prints the unknown ones.
std::optional<QList<qint64>> existingProspects(QSqlDatabase db, const QList<qint64> &ids, bool *allFound)
{
    QList<qint64> found;
    *allFound = true;
    for (qint64 id : ids) {
        const auto match = selectIds(db, QStringLiteral("SELECT id FROM prospects WHERE id = ?"), {id});
        if (!match)
            return std::nullopt;
        if (match->isEmpty()) {
            err() << tr("Prospect %1 does not exist; skipped.").arg(id) << Qt::endl;
            *allFound = false;
            continue;
        }
        found << id;
    }
    return found;
}

int levelRank(const QString &level)
{
    if (level == QLatin1String("error"))
        return 2;
    if (level == QLatin1String("warning"))
        return 1;
    return 0;
}

// Prints the sync log rows above `afterId` (newest `limit` when limit > 0)
// at or above `minimumLevel`, oldest first, and returns the last id printed.
std::optional<qint64> printLog(QSqlDatabase db, qint64 afterId, int limit, int minimumLevel)
{
    QStringList levels;
    for (const QString &level : {QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")}) {
        if (levelRank(level) >= minimumLevel)
            levels << QStringLiteral("'%1'").arg(level);
    }

    QString sql = QStringLiteral("SELECT id, at, level, kind, prospect_id, message FROM sync_log "
                                 "WHERE id > ? AND level IN (%1) ORDER BY id DESC")
                      .arg(levels.join(QLatin1Char(',')));
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);

    QSqlQuery query(db);
    query.prepare(sql);
    query.addBindValue(afterId);
    if (!query.exec()) {
        err() << tr("Reading the sync log failed: %1").arg(query.lastError().text()) << Qt::endl;
        return std::nullopt;
    }

    QStringList lines;
    qint64 lastId = afterId;
    while (query.next()) {
        lastId = qMax(lastId, query.value(0).toLongLong());
        const QString prospect = query.value(4).isNull() ? QString()
                                                         : tr("prospect %1: ").arg(query.value(4).toLongLong());
        lines.prepend(QStringLiteral("%1  %2  %3  %4%5")
                          .arg(query.value(1).toString(), query.value(2).toString().leftJustified(7),
                               query.value(3).toString().leftJustified(9), prospect, query.value(5).toString()));
    }
    for (const QString &line : std::as_const(lines))
        out() << line << Qt::endl;
    return lastId;
}

} // namespace

int runResync(const Profile &profile, const QCommandLineParser &parser, const Options &options)
{
    const bool all = parser.isSet(options.all);
    const bool failed = parser.isSet(options.failed);
    const bool named = parser.isSet(options.prospect);
    if (all + failed + named != 1) {
        err() << tr("resync: choose one of --all, --failed or --prospect ID.") << Qt::endl;
        return UsageError;
    }

    const auto parts = partsOption(parser, options);
    const auto namedIds = prospectIdsOption(parser, options);
    if (!parts || !namedIds)
        return UsageError;

    Database database(QStringLiteral("cli-resync"));
    if (Status status = database.open(profile.database)) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }

    bool allFound = true;
    std::optional<QList<qint64>> ids;
    if (all)
        ids = selectIds(database.handle(), QStringLiteral("SELECT id FROM prospects ORDER BY id"));
    else if (failed)
        ids = selectIds(database.handle(),
                        QStringLiteral("SELECT prospect_id FROM sync_state WHERE status = 'failed' ORDER BY prospect_id"));
    else
        ids = existingProspects(database.handle(), *namedIds, &allFound);
    if (!ids)
        return RuntimeError;

    SyncStore store(database.handle());
    const QString reason = QStringLiteral("resync");
    Status status;
    if (all && *parts == allSyncParts())
        status = store.enqueueAll(reason);
    else if (*parts == allSyncParts())
        status = store.enqueue(*ids, reason);
    else
        status = store.enqueueResync(*ids, *parts, reason);
    if (status) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }

    // The parts as the --parts option spells them, with "all" spelled out.
    const QString partsText = *parts == allSyncParts()
        ? QCoreApplication::translate("breezee-integrations", "all parts (fields, notes, company)")
        : scopeText(*parts);
    out() << QCoreApplication::translate("breezee-integrations", "Queued %n prospect(s) for a resync of %1.", nullptr,
                                         int(ids->size()))
                 .arg(partsText)
          << Qt::endl;
    return allFound ? Success : UsageError;
}

int runLog(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser, const Options &options)
{
    const auto lines = intOption(parser, options.lines, 0, 1000000);
    if (!lines)
        return UsageError;

    const QString level = parser.value(options.level);
    if (level != QLatin1String("info") && level != QLatin1String("warning") && level != QLatin1String("error")) {
        err() << tr("--level \"%1\" is not a level; use info, warning or error.").arg(level) << Qt::endl;
        return UsageError;
    }

    Database database(QStringLiteral("cli-log"));
    if (Status status = database.open(profile.database)) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }

    // --lines 0 prints nothing old, which suits --follow.
    qint64 lastId = 0;
    if (*lines > 0) {
        const auto printed = printLog(database.handle(), 0, *lines, levelRank(level));
        if (!printed)
            return RuntimeError;
        lastId = *printed;
    }
    if (!parser.isSet(options.follow)) {
        if (*lines > 0 && lastId == 0)
            err() << tr("The sync log has no entries at this level yet.") << Qt::endl;
        return Success;
    }

    if (*lines == 0) {
        QSqlQuery newest(database.handle());
        if (newest.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM sync_log")) && newest.next())
            lastId = newest.value(0).toLongLong();
    }

    int exitCode = Success;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const auto printed = printLog(database.handle(), lastId, 0, levelRank(level));
        if (!printed) {
            exitCode = RuntimeError;
            QCoreApplication::quit();
            return;
        }
        lastId = *printed;
    });
    StopSignalWatcher stopSignals;
    QObject::connect(&stopSignals, &StopSignalWatcher::stopRequested, &app, &QCoreApplication::quit);
    poll.start(kFollowIntervalMs);
    app.exec();
    return exitCode;
}

} // namespace Breezee::Cli
