#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Breezee {

struct Prospect;

// HubSpot's internal names of the standard fields the sync may fill.
struct StandardField {
    const char *property;
    QString Prospect::*member;
};
const QList<StandardField> &standardFields();

// The console's own contact properties, always written.
inline constexpr char kScoreProperty[] = "breezee_score";
inline constexpr char kSourceProperty[] = "breezee_source";
inline constexpr char kLastActivityProperty[] = "breezee_last_activity_date";

// The properties the sync reads back for each contact.
QStringList contactPropertiesToRead();

// The sync's decision for one HubSpot field of one contact.
enum class FieldDecision {
    Written,        // sent to HubSpot
    KeptRemote,     // HubSpot already had a value; never overwritten
    BlankLocal,     // nothing usable locally, so no key was sent
    AlreadyEqual,   // HubSpot has the same value
};

struct FieldOutcome {
    FieldDecision decision = FieldDecision::BlankLocal;
    QString localValue;
    QString remoteValue;
};

// A contact as read from HubSpot: its id and property values (null values
// are absent from the map).
struct RemoteContact {
    QString id;
    QHash<QString, QString> properties;
};

// The request body for one contact, and why each field is or is not in it.
struct ContactPlan {
    bool create = false;
    QString remoteId;
    QJsonObject properties;
    QHash<QString, FieldOutcome> outcomes;

    QJsonObject outcomesToJson() const;
};

// Applies the sync rules to one prospect and, when it exists, its HubSpot
// contact: on create, every non-blank standard field plus the email; on
// update, only the standard fields that are blank in HubSpot. The Breezee
// properties are always sent when they have a value. No other native field
// (lifecyclestage, hs_lead_status, ...) is ever written and no blank value
// ("" or spaces) is ever sent, because "" clears a HubSpot field.
ContactPlan planContact(const Prospect &prospect, const std::optional<RemoteContact> &remote);

// Trims and returns the value, or an empty string for blank text.
QString usableValue(const QString &value);

QString decisionName(FieldDecision decision);

} // namespace Breezee
