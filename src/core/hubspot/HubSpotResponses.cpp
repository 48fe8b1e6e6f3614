#include "HubSpotResponses.h"

#include "store/ProspectStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Breezee {

namespace {

QStringList stringsOf(const QJsonValue &value)
{
    QStringList strings;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        strings << item.toString();
    return strings;
}

RemoteContact remoteContact(const QJsonObject &object)
{
    RemoteContact remote;
    remote.id = object.value(QLatin1String("id")).toString();

    const QJsonObject properties = object.value(QLatin1String("properties")).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        if (!it.value().isNull())
            remote.properties.insert(it.key(), it.value().toString());
    }
    return remote;
}

} // namespace

ApiResponse readApiResponse(int status, const QByteArray &body, const QByteArray &retryAfter)
{
    ApiResponse response;
    response.status = status;
    response.body = body;
    response.json = QJsonDocument::fromJson(body).object();

    bool hasRetryAfter = false;
    const int retryAfterSeconds = retryAfter.trimmed().toInt(&hasRetryAfter);
    if (hasRetryAfter && retryAfterSeconds >= 0)
        response.retryAfterMs = qint64(retryAfterSeconds) * 1000;

    return response;
}

QString hubSpotErrorDetail(const ApiResponse &response)
{
    QStringList parts{response.message()};
    const QJsonArray errors = response.json.value(QLatin1String("errors")).toArray();
    for (const QJsonValue &error : errors) {
        const QString message = error.toObject().value(QLatin1String("message")).toString();
        if (!message.isEmpty() && !parts.contains(message))
            parts << message;
    }
    return parts.join(QStringLiteral(": "));
}

QStringList hubSpotMissingScopes(const ApiResponse &response)
{
    QStringList scopes;
    auto collect = [&scopes](const QJsonObject &context) {
        const QStringList names = stringsOf(context.value(QLatin1String("missingScopes")));
        for (const QString &name : names) {
            if (!scopes.contains(name))
                scopes << name;
        }
    };

    collect(response.json.value(QLatin1String("context")).toObject());
    const QJsonArray errors = response.json.value(QLatin1String("errors")).toArray();
    for (const QJsonValue &error : errors)
        collect(error.toObject().value(QLatin1String("context")).toObject());
    return scopes;
}

QString existingContactIdFromMessage(const QString &message)
{
    static const QRegularExpression pattern(QStringLiteral("Existing ID:\\s*(\\d+)"));
    return pattern.match(message).captured(1);
}

QHash<QString, RemoteContact> readBatchReadContacts(const QJsonObject &json)
{
    QHash<QString, RemoteContact> byEmail;
    const QJsonArray results = json.value(QLatin1String("results")).toArray();
    for (const QJsonValue &value : results) {
        const RemoteContact remote = remoteContact(value.toObject());
        byEmail.insert(normalizeEmail(remote.properties.value(QStringLiteral("email"))), remote);

        const QStringList additional = remote.properties.value(QStringLiteral("hs_additional_emails"))
                                           .split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const QString &email : additional)
            byEmail.insert(normalizeEmail(email), remote);
    }
    return byEmail;
}

BatchWriteResult readBatchWriteResult(const QJsonObject &json)
{
    BatchWriteResult result;

    const QJsonArray results = json.value(QLatin1String("results")).toArray();
    for (const QJsonValue &value : results) {
        const QJsonObject object = value.toObject();
        const QString id = object.value(QLatin1String("id")).toString();
        const QString email = object.value(QLatin1String("properties")).toObject()
                                  .value(QLatin1String("email")).toString();
        result.resultIds.insert(id);
        result.idByEmail.insert(normalizeEmail(email), id);
    }

    const QJsonArray errors = json.value(QLatin1String("errors")).toArray();
    for (const QJsonValue &value : errors) {
        const QJsonObject object = value.toObject();
        const QJsonObject context = object.value(QLatin1String("context")).toObject();
        result.errors << BatchWriteError{object.value(QLatin1String("message")).toString(),
                                         stringsOf(context.value(QLatin1String("objectWriteTraceId"))),
                                         stringsOf(context.value(QLatin1String("ids")))};
    }

    return result;
}

} // namespace Breezee
