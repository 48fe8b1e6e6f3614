#include "ProspectStore.h"

#include "common/Logging.h"
#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Breezee {

namespace {

const QString kProspectColumns = QStringLiteral(
    "id, email, first_name, last_name, phone, mobile_phone, job_title, company_name, lead_score, "
    "source_channel, lifecycle_stage, last_activity_at, created_at, updated_at");

// SQLite accepts up to 32766 parameters per statement since 3.32 and
// PostgreSQL up to 65535. Batches of this size stay far below both.
constexpr int kIdsPerQuery = 500;

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? nullText() : QVariant(text);
}

QVariant timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(storeTimestamp(time)) : nullText();
}

QVariant scoreOrNull(std::optional<int> score)
{
    return score ? QVariant(*score) : QVariant(QMetaType::fromType<int>());
}

QDateTime timeFromColumn(const QVariant &value)
{
    if (value.isNull())
        return {};

    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

Prospect prospectFromQuery(const QSqlQuery &query)
{
    Prospect prospect;
    prospect.id = query.value(0).toLongLong();
    prospect.email = query.value(1).toString();
    prospect.firstName = query.value(2).toString();
    prospect.lastName = query.value(3).toString();
    prospect.phone = query.value(4).toString();
    prospect.mobilePhone = query.value(5).toString();
    prospect.jobTitle = query.value(6).toString();
    prospect.companyName = query.value(7).toString();
    if (!query.value(8).isNull())
        prospect.leadScore = query.value(8).toInt();
    prospect.sourceChannel = query.value(9).toString();
    prospect.lifecycleStage = query.value(10).toString();
    prospect.lastActivityAt = timeFromColumn(query.value(11));
    prospect.createdAt = timeFromColumn(query.value(12));
    prospect.updatedAt = timeFromColumn(query.value(13));
    return prospect;
}

// Binds the columns that insert and update share.
void bindProspectFields(QSqlQuery &query, const Prospect &prospect)
{
    query.bindValue(QStringLiteral(":email"), textOrNull(prospect.email.trimmed()));
    query.bindValue(QStringLiteral(":email_normalized"), textOrNull(normalizeEmail(prospect.email)));
    query.bindValue(QStringLiteral(":first_name"), textOrNull(prospect.firstName));
    query.bindValue(QStringLiteral(":last_name"), textOrNull(prospect.lastName));
    query.bindValue(QStringLiteral(":phone"), textOrNull(prospect.phone));
    query.bindValue(QStringLiteral(":mobile_phone"), textOrNull(prospect.mobilePhone));
    query.bindValue(QStringLiteral(":job_title"), textOrNull(prospect.jobTitle));
    query.bindValue(QStringLiteral(":company_name"), textOrNull(prospect.companyName));
    query.bindValue(QStringLiteral(":lead_score"), scoreOrNull(prospect.leadScore));
    query.bindValue(QStringLiteral(":source_channel"), textOrNull(prospect.sourceChannel));
    query.bindValue(QStringLiteral(":lifecycle_stage"), textOrNull(prospect.lifecycleStage));
    query.bindValue(QStringLiteral(":last_activity_at"), timeOrNull(prospect.lastActivityAt));
}

Error writeError(const QString &action, const QSqlQuery &query)
{
    qCWarning(lcStore).noquote() << action << "failed:" << query.lastError().text();
    return Error{QStringLiteral("db_error"),
                 QCoreApplication::translate("Breezee::ProspectStore", "%1 failed: %2")
                     .arg(action, query.lastError().text())};
}

// Runs a prepared INSERT and returns the new row id.
Result<qint64> execInsert(QSqlQuery &query, const QString &action)
{
    if (!query.exec())
        return writeError(action, query);

    return query.lastInsertId().toLongLong();
}

// Runs a SELECT that takes the prospect id as its only parameter and converts
// each row with `convert`.
template <typename T, typename Convert>
QList<T> selectAttached(QSqlDatabase db, const QString &sql, qint64 prospectId, Convert convert)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(sql);
    query.addBindValue(prospectId);
    if (!query.exec()) {
        qCWarning(lcStore) << "reading records of prospect" << prospectId
                           << "failed:" << query.lastError().text();
        return {};
    }

    QList<T> records;
    while (query.next())
        records.append(convert(query));
    return records;
}

bool isKnownActivityKind(const QString &kind)
{
    return kind == ActivityKind::MeetingBooked || kind == ActivityKind::FormSubmission;
}

} // namespace

QString normalizeEmail(const QString &email)
{
    return email.trimmed().toCaseFolded();
}

bool isUsableEmail(const QString &normalized)
{
    if (normalized.count(QLatin1Char('@')) != 1)
        return false;

    const bool hasBlank = std::any_of(normalized.cbegin(), normalized.cend(), [](QChar c) {
        return c.isSpace() || c.category() == QChar::Other_Control;
    });
    if (hasBlank)
        return false;

    const qsizetype at = normalized.indexOf(QLatin1Char('@'));
    const QString local = normalized.left(at);
    const QString domain = normalized.mid(at + 1);
    if (local.isEmpty() || !domain.contains(QLatin1Char('.')))
        return false;

    const QStringList labels = domain.split(QLatin1Char('.'));
    return std::none_of(labels.cbegin(), labels.cend(), [](const QString &label) { return label.isEmpty(); });
}

ProspectStore::ProspectStore(QSqlDatabase db)
    : m_db(std::move(db))
{
}

Result<qint64> ProspectStore::insert(const Prospect &prospect)
{
    const QString now = storeTimestamp();
    const QString createdAt = prospect.createdAt.isValid() ? storeTimestamp(prospect.createdAt) : now;

    QSqlQuery &query = preparedStatement(Statement::Insert, QStringLiteral(
        "INSERT INTO prospects (email, email_normalized, first_name, last_name, phone, mobile_phone, "
        "job_title, company_name, lead_score, source_channel, lifecycle_stage, last_activity_at, "
        "created_at, updated_at) "
        "VALUES (:email, :email_normalized, :first_name, :last_name, :phone, :mobile_phone, "
        ":job_title, :company_name, :lead_score, :source_channel, :lifecycle_stage, "
        ":last_activity_at, :created_at, :updated_at)"));
    bindProspectFields(query, prospect);
    query.bindValue(QStringLiteral(":created_at"), createdAt);
    query.bindValue(QStringLiteral(":updated_at"), now);

    if (!query.exec())
        return writeError(tr("Saving a new prospect"), query);

    const qint64 id = query.lastInsertId().toLongLong();
    query.finish();
    return id;
}

Status ProspectStore::update(const Prospect &prospect)
{
    QSqlQuery &query = preparedStatement(Statement::Update, QStringLiteral(
        "UPDATE prospects SET email = :email, email_normalized = :email_normalized, "
        "first_name = :first_name, last_name = :last_name, phone = :phone, "
        "mobile_phone = :mobile_phone, job_title = :job_title, company_name = :company_name, "
        "lead_score = :lead_score, source_channel = :source_channel, "
        "lifecycle_stage = :lifecycle_stage, last_activity_at = :last_activity_at, "
        "created_at = COALESCE(:created_at, created_at), updated_at = :updated_at "
        "WHERE id = :id"));
    bindProspectFields(query, prospect);
    query.bindValue(QStringLiteral(":created_at"), timeOrNull(prospect.createdAt));
    query.bindValue(QStringLiteral(":updated_at"), storeTimestamp());
    query.bindValue(QStringLiteral(":id"), prospect.id);

    if (!query.exec())
        return writeError(tr("Saving prospect %1").arg(prospect.id), query);

    const int affected = query.numRowsAffected();
    query.finish();
    if (affected == 0)
        return Error{QStringLiteral("not_found"),
                     tr("Prospect %1 was not found; it may have been deleted.").arg(prospect.id)};

    return std::nullopt;
}

std::optional<Prospect> ProspectStore::findById(qint64 id) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM prospects WHERE id = ?").arg(kProspectColumns));
    query.addBindValue(id);
    if (!query.exec()) {
        qCWarning(lcStore) << "reading prospect" << id << "failed:" << query.lastError().text();
        return std::nullopt;
    }

    if (!query.next())
        return std::nullopt;

    return prospectFromQuery(query);
}

std::optional<Prospect> ProspectStore::findByEmail(const QString &email) const
{
    const QString normalized = normalizeEmail(email);
    if (normalized.isEmpty())
        return std::nullopt;

    QSqlQuery &query = preparedStatement(
        Statement::FindByEmail,
        QStringLiteral("SELECT %1 FROM prospects WHERE email_normalized = ? ORDER BY id LIMIT 1")
            .arg(kProspectColumns));
    query.bindValue(0, normalized);
    if (!query.exec()) {
        qCWarning(lcStore) << "looking up a prospect by email failed:" << query.lastError().text();
        return std::nullopt;
    }

    std::optional<Prospect> prospect;
    if (query.next())
        prospect = prospectFromQuery(query);

    // A cached SELECT left open would keep an SQLite read transaction, and
    // with it an old snapshot, alive on this connection.
    query.finish();
    return prospect;
}

QList<Prospect> ProspectStore::findByIds(const QList<qint64> &ids) const
{
    QList<Prospect> prospects;
    for (qsizetype start = 0; start < ids.size(); start += kIdsPerQuery) {
        const QList<qint64> chunk = ids.mid(start, kIdsPerQuery);

        QStringList placeholders;
        placeholders.fill(QStringLiteral("?"), chunk.size());

        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT %1 FROM prospects WHERE id IN (%2)")
                          .arg(kProspectColumns, placeholders.join(QLatin1Char(','))));
        for (qint64 id : chunk)
            query.addBindValue(id);

        if (!query.exec()) {
            qCWarning(lcStore) << "reading" << chunk.size()
                               << "prospects by id failed:" << query.lastError().text();
            continue;
        }
        while (query.next())
            prospects.append(prospectFromQuery(query));
    }

    std::sort(prospects.begin(), prospects.end(),
              [](const Prospect &a, const Prospect &b) { return a.id < b.id; });
    prospects.erase(std::unique(prospects.begin(), prospects.end(),
                                [](const Prospect &a, const Prospect &b) { return a.id == b.id; }),
                    prospects.end());
    return prospects;
}

int ProspectStore::count() const
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM prospects")) || !query.next()) {
        qCWarning(lcStore) << "counting prospects failed:" << query.lastError().text();
        return -1;
    }

    return query.value(0).toInt();
}

Result<qint64> ProspectStore::addChatSession(qint64 prospectId, const QDateTime &startedAt,
                                             const QString &summary, const QDateTime &summaryAt)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO chat_sessions (prospect_id, started_at, summary, summary_at) "
                                 "VALUES (?, ?, ?, ?)"));
    query.addBindValue(prospectId);
    query.addBindValue(storeTimestamp(startedAt.isValid() ? startedAt : QDateTime::currentDateTimeUtc()));
    query.addBindValue(textOrNull(summary));
    query.addBindValue(timeOrNull(summaryAt));

    return execInsert(query, tr("Saving a chat session for prospect %1").arg(prospectId));
}

Result<qint64> ProspectStore::addActivity(qint64 prospectId, const QString &kind,
                                          const QDateTime &occurredAt, const QString &details)
{
    if (!isKnownActivityKind(kind))
        return Error{QStringLiteral("invalid_activity_kind"),
                     tr("The activity kind '%1' is unknown; use %2 or %3.")
                         .arg(kind, ActivityKind::MeetingBooked, ActivityKind::FormSubmission)};

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO activities (prospect_id, kind, occurred_at, details) "
                                 "VALUES (?, ?, ?, ?)"));
    query.addBindValue(prospectId);
    query.addBindValue(kind);
    query.addBindValue(storeTimestamp(occurredAt.isValid() ? occurredAt : QDateTime::currentDateTimeUtc()));
    query.addBindValue(textOrNull(details));

    return execInsert(query, tr("Saving an activity for prospect %1").arg(prospectId));
}

Result<qint64> ProspectStore::addMemory(qint64 prospectId, const QString &key, const QString &value)
{
    if (key.trimmed().isEmpty())
        return Error{QStringLiteral("invalid_memory_key"),
                     tr("A memory needs a non-empty key.")};

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO memories (prospect_id, key, value, captured_at) "
                                 "VALUES (?, ?, ?, ?)"));
    query.addBindValue(prospectId);
    query.addBindValue(key.trimmed());
    query.addBindValue(textOrNull(value));
    query.addBindValue(storeTimestamp());

    return execInsert(query, tr("Saving a memory for prospect %1").arg(prospectId));
}

Result<qint64> ProspectStore::addProfileMatch(qint64 prospectId, const QString &profile,
                                              std::optional<double> score)
{
    if (profile.trimmed().isEmpty())
        return Error{QStringLiteral("invalid_profile"),
                     tr("A profile match needs a profile name.")};

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO profile_matches (prospect_id, profile, score, matched_at) "
                                 "VALUES (?, ?, ?, ?)"));
    query.addBindValue(prospectId);
    query.addBindValue(profile.trimmed());
    query.addBindValue(score ? QVariant(*score) : QVariant(QMetaType::fromType<double>()));
    query.addBindValue(storeTimestamp());

    return execInsert(query, tr("Saving a profile match for prospect %1").arg(prospectId));
}

// Returns the prepared statement, preparing it on first use. After a failed
// preparation, exec() on the returned query fails, and the next call tries
// to prepare it again.
QSqlQuery &ProspectStore::preparedStatement(Statement kind, const QString &sql) const
{
    CachedStatement &cached = m_statements.at(static_cast<int>(kind));
    if (cached.prepared)
        return *cached.query;

    cached.query.emplace(m_db);
    cached.query->setForwardOnly(true);
    cached.prepared = cached.query->prepare(sql);
    if (!cached.prepared)
        qCWarning(lcStore) << "preparing a prospect query failed:" << cached.query->lastError().text();
    return *cached.query;
}

QList<ChatSession> ProspectStore::chatSessions(qint64 prospectId) const
{
    const QString sql = QStringLiteral("SELECT id, prospect_id, started_at, summary, summary_at "
                                       "FROM chat_sessions WHERE prospect_id = ? ORDER BY id");
    return selectAttached<ChatSession>(m_db, sql, prospectId, [](const QSqlQuery &query) {
        return ChatSession{query.value(0).toLongLong(), query.value(1).toLongLong(),
                           timeFromColumn(query.value(2)), query.value(3).toString(),
                           timeFromColumn(query.value(4))};
    });
}

QList<Activity> ProspectStore::activities(qint64 prospectId) const
{
    const QString sql = QStringLiteral("SELECT id, prospect_id, kind, occurred_at, details "
                                       "FROM activities WHERE prospect_id = ? ORDER BY id");
    return selectAttached<Activity>(m_db, sql, prospectId, [](const QSqlQuery &query) {
        return Activity{query.value(0).toLongLong(), query.value(1).toLongLong(),
                        query.value(2).toString(), timeFromColumn(query.value(3)),
                        query.value(4).toString()};
    });
}

QList<Memory> ProspectStore::memories(qint64 prospectId) const
{
    const QString sql = QStringLiteral("SELECT id, prospect_id, key, value, captured_at "
                                       "FROM memories WHERE prospect_id = ? ORDER BY id");
    return selectAttached<Memory>(m_db, sql, prospectId, [](const QSqlQuery &query) {
        return Memory{query.value(0).toLongLong(), query.value(1).toLongLong(),
                      query.value(2).toString(), query.value(3).toString(),
                      timeFromColumn(query.value(4))};
    });
}

QList<ProfileMatch> ProspectStore::profileMatches(qint64 prospectId) const
{
    const QString sql = QStringLiteral("SELECT id, prospect_id, profile, score, matched_at "
                                       "FROM profile_matches WHERE prospect_id = ? ORDER BY id");
    return selectAttached<ProfileMatch>(m_db, sql, prospectId, [](const QSqlQuery &query) {
        ProfileMatch match{query.value(0).toLongLong(), query.value(1).toLongLong(),
                           query.value(2).toString(), std::nullopt, timeFromColumn(query.value(4))};
        if (!query.value(3).isNull())
            match.score = query.value(3).toDouble();
        return match;
    });
}

} // namespace Breezee
