#include "ProspectDetails.h"

#include "SyncFailure.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

namespace {

QDateTime storeTime(const QVariant &value)
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

QString shortTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

Status readSyncState(const QSqlDatabase &db, ProspectDetails &details)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT s.status, s.remote_id, s.last_error, s.last_attempt_at, "
                                 "s.last_synced_at, s.attempts, s.decisions FROM sync_state s "
                                 "WHERE s.prospect_id = ?"));
    query.addBindValue(details.prospect.id);
    if (!query.exec())
        return Error{QStringLiteral("db_error"), query.lastError().text()};
    if (!query.next())
        return std::nullopt;

    details.hasSyncState = true;
    details.syncStatus = query.value(0).toString();
    details.remoteId = query.value(1).toString();
    details.lastError = query.value(2).toString();
    details.lastAttemptAt = storeTime(query.value(3));
    details.lastSyncedAt = storeTime(query.value(4));
    details.attempts = query.value(5).toInt();
    details.decisions = QJsonDocument::fromJson(query.value(6).toString().toUtf8()).object();
    return std::nullopt;
}

Status readQueue(const QSqlDatabase &db, ProspectDetails &details)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT not_before FROM sync_queue WHERE prospect_id = ?"));
    query.addBindValue(details.prospect.id);
    if (!query.exec())
        return Error{QStringLiteral("db_error"), query.lastError().text()};
    if (!query.next())
        return std::nullopt;

    details.queued = true;
    details.retryAfter = storeTime(query.value(0));
    return std::nullopt;
}

Status readHistory(const QSqlDatabase &db, ProspectDetails &details)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT at, level, kind, message FROM sync_log WHERE prospect_id = ? "
                                 "ORDER BY id DESC LIMIT ?"));
    query.addBindValue(details.prospect.id);
    query.addBindValue(kHistoryLimit);
    if (!query.exec())
        return Error{QStringLiteral("db_error"), query.lastError().text()};

    while (query.next()) {
        details.history << SyncHistoryEntry{storeTime(query.value(0)), query.value(1).toString(),
                                            query.value(2).toString(), query.value(3).toString()};
    }
    return std::nullopt;
}

bool isNeverWritten(const QString &property)
{
    return property == QLatin1String("lifecyclestage") || property == QLatin1String("hs_lead_status");
}

} // namespace

Result<ProspectDetails> loadProspectDetails(const QSqlDatabase &db, qint64 prospectId)
{
    if (!db.isOpen())
        return Error{
            QStringLiteral("db_not_open"),
            QCoreApplication::translate("Breezee::ProspectDetails",
                                        "The prospect cannot be read because the database connection is not open.")};

    const ProspectStore store(db);
    const std::optional<Prospect> prospect = store.findById(prospectId);
    if (!prospect)
        return Error{
            QStringLiteral("not_found"),
            QCoreApplication::translate("Breezee::ProspectDetails", "Prospect %1 no longer exists.").arg(prospectId)};

    ProspectDetails details;
    details.prospect = *prospect;

    for (auto read : {readSyncState, readQueue, readHistory}) {
        if (const Status status = read(db, details))
            return Error{
                status->code,
                QCoreApplication::translate("Breezee::ProspectDetails", "Reading the prospect's sync state failed: %1")
                    .arg(status->message)};
    }

    details.memories = store.memories(prospectId);
    return details;
}

const QList<PropertyInfo> &standardProperties()
{
    static const QList<PropertyInfo> properties = {
        {"email", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Email")},
        {"firstname", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "First name")},
        {"lastname", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Last name")},
        {"phone", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Phone")},
        {"mobilephone", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Mobile phone")},
        {"jobtitle", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Job title")},
        {"lifecyclestage", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Lifecycle stage")},
        {"hs_lead_status", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Lead status")},
    };
    return properties;
}

const QList<PropertyInfo> &breezeeProperties()
{
    static const QList<PropertyInfo> properties = {
        {"breezee_score", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Breezee score")},
        {"breezee_source", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Breezee source")},
        {"breezee_last_activity_date", QT_TRANSLATE_NOOP("Breezee::ProspectDetails", "Breezee last activity")},
    };
    return properties;
}

QString propertyLabel(const PropertyInfo &property)
{
    return QCoreApplication::translate("Breezee::ProspectDetails", property.label);
}

QString localPropertyValue(const Prospect &prospect, const QString &property)
{
    if (property == QLatin1String("email"))
        return prospect.email;
    if (property == QLatin1String("firstname"))
        return prospect.firstName;
    if (property == QLatin1String("lastname"))
        return prospect.lastName;
    if (property == QLatin1String("phone"))
        return prospect.phone;
    if (property == QLatin1String("mobilephone"))
        return prospect.mobilePhone;
    if (property == QLatin1String("jobtitle"))
        return prospect.jobTitle;
    if (property == QLatin1String("lifecyclestage"))
        return prospect.lifecycleStage;
    if (property == QLatin1String("breezee_score"))
        return prospect.leadScore ? QString::number(*prospect.leadScore) : QString();
    if (property == QLatin1String("breezee_source"))
        return prospect.sourceChannel;
    return QString();
}

QString describeDecision(const QString &property, const ProspectDetails &details)
{
    if (isNeverWritten(property))
        return QCoreApplication::translate("Breezee::ProspectDetails", "Never written");

    if (details.decisions.isEmpty())
        return QCoreApplication::translate("Breezee::ProspectDetails", "Not synced yet");

    if (!details.decisions.contains(property)) {
        if (property == QLatin1String("email"))
            return QCoreApplication::translate("Breezee::ProspectDetails", "Used to find the contact, not changed");
        return QCoreApplication::translate("Breezee::ProspectDetails", "Not part of the last sync");
    }

    const QJsonObject entry = details.decisions.value(property).toObject();
    const QString decision = entry.value(QLatin1String("decision")).toString();
    const QString remote = entry.value(QLatin1String("remote")).toString();

    if (decision == QLatin1String("written"))
        return QCoreApplication::translate("Breezee::ProspectDetails", "Written");
    if (decision == QLatin1String("kept_remote"))
        return QCoreApplication::translate("Breezee::ProspectDetails", "Kept HubSpot's value '%1'").arg(remote);
    if (decision == QLatin1String("blank_local"))
        return QCoreApplication::translate("Breezee::ProspectDetails", "Blank locally, not sent");
    if (decision == QLatin1String("already_equal"))
        return QCoreApplication::translate("Breezee::ProspectDetails", "Already the same in HubSpot");
    return decision;
}

QString breezeeValueText(const QString &property, const QString &value)
{
    if (property != QLatin1String("breezee_last_activity_date") || value.isEmpty())
        return value;

    bool ok = false;
    const qint64 milliseconds = value.toLongLong(&ok);
    if (!ok)
        return value;
    return shortTime(QDateTime::fromMSecsSinceEpoch(milliseconds, Qt::UTC));
}

QString explainNotInHubSpot(const ProspectDetails &details, ConnectionState hubSpotState)
{
    if (!details.remoteId.isEmpty())
        return QString();

    const QString email = normalizeEmail(details.prospect.email);
    if (email.isEmpty())
        return QCoreApplication::translate(
            "Breezee::ProspectDetails",
            "This prospect has no email address. HubSpot finds contacts by email, so the sync "
            "skips it. Add an email address in the source system and import again.");
    if (!isUsableEmail(email))
        return QCoreApplication::translate(
                   "Breezee::ProspectDetails",
                   "The email address '%1' is not valid, so the sync skips this prospect. Correct it "
                   "in the source system and import again.")
            .arg(details.prospect.email);

    if (details.queued) {
        switch (hubSpotState) {
        case ConnectionState::TokenExpired:
            return QCoreApplication::translate(
                "Breezee::ProspectDetails",
                "Waiting for a reconnect. HubSpot no longer accepts the saved sign-in, so the "
                "sync is paused. Reconnect HubSpot on the Integrations page; this prospect is "
                "sent right after.");
        case ConnectionState::Disconnected:
        case ConnectionState::Connecting:
        case ConnectionState::Error:
            return QCoreApplication::translate(
                "Breezee::ProspectDetails",
                "Queued, but HubSpot is not connected. Connect HubSpot on the Integrations "
                "page to send it.");
        case ConnectionState::Offline:
            return QCoreApplication::translate("Breezee::ProspectDetails",
                                               "Queued. HubSpot cannot be reached at the moment; the sync tries again "
                                               "automatically.");
        case ConnectionState::Connected:
            break;
        }

        if (details.retryAfter.isValid() && details.retryAfter > QDateTime::currentDateTimeUtc()) {
            if (!details.lastError.isEmpty())
                return QCoreApplication::translate("Breezee::ProspectDetails",
                                                   "Queued for another try after %1. The last attempt failed: %2")
                    .arg(shortTime(details.retryAfter), details.lastError);
            return QCoreApplication::translate("Breezee::ProspectDetails", "Queued for another try after %1.")
                .arg(shortTime(details.retryAfter));
        }
        return QCoreApplication::translate("Breezee::ProspectDetails",
                                           "Queued. The sync sends it with one of the next batches.");
    }

    if (details.syncStatus == QLatin1String("failed")) {
        const QString reason = details.lastError.isEmpty()
            ? QCoreApplication::translate("Breezee::ProspectDetails", "no reason was recorded")
            : details.lastError;
        return QCoreApplication::translate("Breezee::ProspectDetails", "The last attempt failed: %1\n\nWhat to do: %2")
            .arg(reason, failureKindFix(classifyFailure(details.lastError)));
    }

    return QCoreApplication::translate("Breezee::ProspectDetails",
                                       "Not queued, so the sync has not sent it. Use Resync to put it on the queue.");
}

QUrl hubSpotContactUrl(const QString &authBaseUrl, const QString &hubId, const QString &contactId)
{
    QString base = authBaseUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (base.isEmpty() || hubId.trimmed().isEmpty() || contactId.trimmed().isEmpty())
        return {};

    const QUrl url(QStringLiteral("%1/contacts/%2/record/0-1/%3")
                       .arg(base, QString::fromLatin1(QUrl::toPercentEncoding(hubId.trimmed())),
                            QString::fromLatin1(QUrl::toPercentEncoding(contactId.trimmed()))));
    if (!url.isValid() || url.host().isEmpty())
        return {};
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return {};
    return url;
}

} // namespace Breezee
