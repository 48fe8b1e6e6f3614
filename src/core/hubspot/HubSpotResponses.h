#pragma once

#include "hubspot/ContactPlanner.h"
#include "hubspot/HubSpotClient.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Breezee {

// Pure readers of HubSpot API responses, with the same rules that
// HubSpotClient and HubSpotContactSync apply to a reply. Every function
// accepts any JSON, including the wrong shape, and never asserts on it.

// Builds the response from the parts of a finished reply: the HTTP status
// (0 when none arrived), the body and the raw Retry-After header. A body that
// is not a JSON object leaves `json` empty. Retry-After counts in seconds.
ApiResponse readApiResponse(int status, const QByteArray &body, const QByteArray &retryAfter);

// Returns the message of a failed response followed by each distinct message in its
// "errors" array, joined by ": ".
QString hubSpotErrorDetail(const ApiResponse &response);

// Returns the scopes that a 403 MISSING_SCOPES names, from the top-level "context"
// and from each entry of "errors", without repeats.
QStringList hubSpotMissingScopes(const ApiResponse &response);

// Returns the contact id in "Contact already exists. Existing ID: 6001", or an empty
// string.
QString existingContactIdFromMessage(const QString &message);

// Returns the contacts of a batch/read response keyed by normalized email. A contact
// is also keyed by each of its hs_additional_emails, because a lookup by a
// secondary email returns the contact with its primary one.
QHash<QString, RemoteContact> readBatchReadContacts(const QJsonObject &json);

// One entry of the "errors" array of a batch write (status 207 or 4xx).
struct BatchWriteError {
    QString message;
    QStringList objectWriteTraceIds; // batch/create: the inputs it concerns
    QStringList ids;                 // batch/update: the contact ids it concerns
};

struct BatchWriteResult {
    QHash<QString, QString> idByEmail; // created contacts, by normalized email
    QSet<QString> resultIds;           // the id of every entry of "results"
    QList<BatchWriteError> errors;
};

// Reads the "results" and "errors" of a batch/create or batch/update response.
BatchWriteResult readBatchWriteResult(const QJsonObject &json);

} // namespace Breezee
