#include "FaultParsing.h"

#include <cmath>

namespace Breezee::Sandbox {

namespace {

const QStringList GrantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};

} // namespace

bool isInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return false;

    const double number = value.toDouble();
    return number == std::floor(number) && std::fabs(number) <= 2147483647.0;
}

QString quotedList(const QStringList &names)
{
    return QLatin1Char('"') + names.join(QStringLiteral("\", \"")) + QLatin1Char('"');
}

std::optional<QString> checkFields(const QString &key, const QJsonObject &object, const QStringList &allowed)
{
    const QStringList fields = object.keys();
    for (const QString &field : fields) {
        if (!allowed.contains(field)) {
            return QStringLiteral("%1 has no field \"%2\"; the fields are %3.")
                .arg(key, field, quotedList(allowed));
        }
    }
    return std::nullopt;
}

std::optional<QString> readCount(const QString &key, const QJsonObject &object, FaultLimits &limits)
{
    const QJsonValue value = object.value(QStringLiteral("count"));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;

    if (!isInteger(value) || value.toInt() < 1) {
        return QStringLiteral("%1.count must be an integer of 1 or more; leave it out to keep the switch on "
                              "until cleared.").arg(key);
    }

    limits.remaining = value.toInt();
    return std::nullopt;
}

std::optional<QString> readGrantType(const QString &key, const QJsonObject &object, FaultLimits &limits)
{
    const QJsonValue value = object.value(QStringLiteral("grant_type"));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;

    if (!value.isString() || !GrantTypes.contains(value.toString()))
        return QStringLiteral("%1.grant_type must be %2.").arg(key, quotedList(GrantTypes));

    limits.grantType = value.toString();
    return std::nullopt;
}

std::optional<QString> readPath(const QString &key, const QJsonObject &object, FaultLimits &limits)
{
    const QJsonValue value = object.value(QStringLiteral("path"));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;

    if (!value.isString() || value.toString().isEmpty())
        return QStringLiteral("%1.path must be a non-empty part of a request path, such as \"/batch/create\".").arg(key);

    limits.pathContains = value.toString();
    return std::nullopt;
}

std::optional<QString> readErrorStatus(const QString &key, const QJsonValue &value, int &status)
{
    if (!isInteger(value) || value.toInt() < 400 || value.toInt() > 599)
        return QStringLiteral("%1.status must be an HTTP error status from 400 to 599.").arg(key);

    status = value.toInt();
    return std::nullopt;
}

std::optional<QString> readBody(const QString &key, const QJsonObject &object, std::optional<QJsonObject> &body)
{
    const QJsonValue value = object.value(QStringLiteral("body"));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;

    if (!value.isObject())
        return QStringLiteral("%1.body must be a JSON object.").arg(key);

    body = value.toObject();
    return std::nullopt;
}

std::optional<QString> parseFlag(const QString &key, const QJsonValue &value, FaultLimits &limits)
{
    if (value.isBool())
        return std::nullopt;

    if (isInteger(value))
        return readCount(key, QJsonObject{{QStringLiteral("count"), value}}, limits);

    if (!value.isObject())
        return QStringLiteral("%1 must be true, false, a count or {\"count\": N}.").arg(key);

    const QJsonObject object = value.toObject();
    if (std::optional<QString> error = checkFields(key, object, {QStringLiteral("count")}))
        return error;
    return readCount(key, object, limits);
}

} // namespace Breezee::Sandbox
