#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Breezee::Sandbox {

// Builders for HubSpot's error body:
// {"status":"error","message":...,"correlationId":<uuid>,"category":...}
// plus optional "errors" and "context".
QString newCorrelationId();

QJsonObject errorBody(const QString &category, const QString &message);

HttpResponse errorResponse(int status, const QString &category, const QString &message,
                           const QJsonObject &extra = {});

// One entry of an error's "errors" array: {message, code, context:{propertyName:[name]}}.
QJsonObject errorDetail(const QString &code, const QString &message, const QString &propertyName = {});

// 400 VALIDATION_ERROR with the given details.
HttpResponse validationError(const QString &message, const QJsonArray &details = {});

// Parses the request body as a JSON object. On failure returns nothing and
// stores HubSpot's 400 response in `error`.
std::optional<QJsonObject> parseJsonObjectBody(const HttpRequest &request, HttpResponse &error);

// Formats milliseconds since the epoch as HubSpot does: ISO 8601 UTC with
// milliseconds, for example "2024-05-01T09:30:00.000Z".
QString isoTimestamp(qint64 msecsSinceEpoch);

} // namespace Breezee::Sandbox
