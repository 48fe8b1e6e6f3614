#pragma once

#include "common/Result.h"
#include "integration/IntegrationController.h"
#include "store/ProspectStore.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QUrl>

namespace Breezee {

struct SyncHistoryEntry {
    QDateTime at;
    QString level;
    QString kind;
    QString message;
};

// Everything the detail pane shows about one prospect: the prospect row,
// its sync_state and queue row, its sync log and its memories.
struct ProspectDetails {
    Prospect prospect;

    bool hasSyncState = false;
    QString syncStatus; // 'pending', 'synced' or 'failed'
    QString remoteId;
    QString lastError;
    QDateTime lastAttemptAt;
    QDateTime lastSyncedAt;
    int attempts = 0;
    // Field name -> {"decision", "local", "remote"} from the last sync that
    // reached HubSpot.
    QJsonObject decisions;

    bool queued = false;
    QDateTime retryAfter;

    QList<SyncHistoryEntry> history;
    QList<Memory> memories;
};

// The newest sync log entries the pane reads for one prospect.
inline constexpr int kHistoryLimit = 100;

// Reads one prospect's details. Returns a "not_found" error for an unknown
// id.
Result<ProspectDetails> loadProspectDetails(const QSqlDatabase &db, qint64 prospectId);

// A HubSpot contact property as the pane lists it.
struct PropertyInfo {
    const char *name;
    const char *label;
};

// The standard fields: email, firstname, lastname, phone, mobilephone,
// jobtitle, then lifecyclestage and hs_lead_status, which the console
// never writes.
const QList<PropertyInfo> &standardProperties();

// breezee_score, breezee_source and breezee_last_activity_date.
const QList<PropertyInfo> &breezeeProperties();

// Returns the translated label of a property, for example "First name".
QString propertyLabel(const PropertyInfo &property);

// Returns the prospect's own value for a HubSpot property, or an empty
// string.
QString localPropertyValue(const Prospect &prospect, const QString &property);

// Describes in plain words what the last sync did with one property, for
// example "Kept HubSpot's value 'Ada'".
QString describeDecision(const QString &property, const ProspectDetails &details);

// Shows a Breezee property value for people: the last-activity date is
// sent as milliseconds since 1970 and shown as a date.
QString breezeeValueText(const QString &property, const QString &value);

// Explains in plain words why the prospect is not in HubSpot. Returns an
// empty string when the prospect has a HubSpot contact id.
QString explainNotInHubSpot(const ProspectDetails &details, ConnectionState hubSpotState);

// Builds <auth_base_url>/contacts/<hubId>/record/0-1/<contactId>, the page
// of one contact in HubSpot. Returns an empty URL when a part is missing.
QUrl hubSpotContactUrl(const QString &authBaseUrl, const QString &hubId, const QString &contactId);

} // namespace Breezee
