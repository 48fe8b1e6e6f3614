#include "HubSpotErrors.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUuid>

namespace Breezee::Sandbox {

QString newCorrelationId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject errorBody(const QString &category, const QString &message)
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("error"));
    body.insert(QStringLiteral("message"), message);
    body.insert(QStringLiteral("correlationId"), newCorrelationId());
    body.insert(QStringLiteral("category"), category);
    return body;
}

HttpResponse errorResponse(int status, const QString &category, const QString &message,
                           const QJsonObject &extra)
{
    QJsonObject body = errorBody(category, message);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return HttpResponse::json(status, body);
}

QJsonObject errorDetail(const QString &code, const QString &message, const QString &propertyName)
{
    QJsonObject detail;
    detail.insert(QStringLiteral("message"), message);
    detail.insert(QStringLiteral("code"), code);
    if (!propertyName.isEmpty()) {
        QJsonObject context;
        context.insert(QStringLiteral("propertyName"), QJsonArray{propertyName});
        detail.insert(QStringLiteral("context"), context);
    }
    return detail;
}

HttpResponse validationError(const QString &message, const QJsonArray &details)
{
    QJsonObject extra;
    if (!details.isEmpty())
        extra.insert(QStringLiteral("errors"), details);
    return errorResponse(400, QStringLiteral("VALIDATION_ERROR"), message, extra);
}

std::optional<QJsonObject> parseJsonObjectBody(const HttpRequest &request, HttpResponse &error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);

    if (parseError.error != QJsonParseError::NoError) {
        error = validationError(QStringLiteral("Invalid input JSON at offset %1: %2")
                                    .arg(parseError.offset)
                                    .arg(parseError.errorString()));
        return std::nullopt;
    }

    if (!document.isObject()) {
        error = validationError(QStringLiteral("Invalid input JSON: the body must be a JSON object."));
        return std::nullopt;
    }

    return document.object();
}

QString isoTimestamp(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace Breezee::Sandbox
