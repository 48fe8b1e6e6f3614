#include "CrmFaultParsers.h"

#include "FaultParsing.h"

namespace Breezee::Sandbox {

const QString CrmStatusKey = QStringLiteral("crm_status");
const QString CrmResetKey = QStringLiteral("crm_reset");
const QString CrmStallKey = QStringLiteral("crm_stall_ms");
const QString CrmTruncateKey = QStringLiteral("crm_truncate");
const QString CrmNonJsonKey = QStringLiteral("crm_non_json");
const QString RateStormKey = QStringLiteral("rate_429_storm_ms");

namespace {

const QStringList RatePolicies = {QStringLiteral("TEN_SECONDLY_ROLLING"), QStringLiteral("SECONDLY"),
                                  QStringLiteral("DAILY")};
const QStringList NonJsonKinds = {QStringLiteral("text"), QStringLiteral("html"), QStringLiteral("empty")};

// Reads "count" and "path" after checking that `object` has no other
// fields than `fields` plus those two.
std::optional<QString> readLimits(const QString &key, const QJsonObject &object, QStringList fields,
                                  FaultLimits &limits)
{
    fields << QStringLiteral("count") << QStringLiteral("path");
    if (std::optional<QString> error = checkFields(key, object, fields))
        return error;
    if (std::optional<QString> error = readCount(key, object, limits))
        return error;
    return readPath(key, object, limits);
}

// true, a count, or an object: the forms of a switch whose value is
// optional.
std::optional<QJsonObject> flagObject(const QJsonValue &value)
{
    if (value.isBool())
        return QJsonObject();
    if (isInteger(value))
        return QJsonObject{{QStringLiteral("count"), value}};
    if (value.isObject())
        return value.toObject();
    return std::nullopt;
}

std::optional<QString> readMilliseconds(const QString &key, const QJsonValue &value, bool allowForever, int &ms)
{
    const bool valid = isInteger(value)
        && ((allowForever && value.toInt() == -1) || (value.toInt() >= 1 && value.toInt() <= MaxStallMs));
    if (valid) {
        ms = value.toInt();
        return std::nullopt;
    }

    if (allowForever)
        return QStringLiteral("%1 must be -1 (no response ever) or milliseconds from 1 to %2.").arg(key).arg(MaxStallMs);
    return QStringLiteral("%1 must be milliseconds from 1 to %2.").arg(key).arg(MaxStallMs);
}

} // namespace

std::optional<QString> parseCrmStatus(const QJsonValue &value, CrmStatusFault &fault, FaultLimits &limits)
{
    const QString &key = CrmStatusKey;
    const QJsonObject object = value.isObject() ? value.toObject() : QJsonObject{{QStringLiteral("status"), value}};

    const QStringList fields = {QStringLiteral("status"), QStringLiteral("policy"), QStringLiteral("retry_after"),
                                QStringLiteral("body")};
    if (std::optional<QString> error = readLimits(key, object, fields, limits))
        return error;
    if (std::optional<QString> error = readBody(key, object, fault.body))
        return error;
    // With a body of its own, a success status imitates a rare HubSpot
    // response, such as a 207 with mixed results.
    const QJsonValue status = object.value(QStringLiteral("status"));
    const bool successWithBody = fault.body && isInteger(status) && status.toInt() >= 200 && status.toInt() <= 299;
    if (successWithBody)
        fault.status = status.toInt();
    else if (std::optional<QString> error = readErrorStatus(key, status, fault.status))
        return error;

    const QJsonValue policy = object.value(QStringLiteral("policy"));
    if (!policy.isUndefined()) {
        if (fault.status != 429 || !RatePolicies.contains(policy.toString()))
            return QStringLiteral("%1.policy applies to status 429 and must be %2.").arg(key, quotedList(RatePolicies));
        fault.policyName = policy.toString();
    } else if (fault.status == 429) {
        fault.policyName = RatePolicies.constFirst();
    }

    const QJsonValue retryAfter = object.value(QStringLiteral("retry_after"));
    if (!retryAfter.isUndefined()) {
        if (!isInteger(retryAfter) || retryAfter.toInt() < 0)
            return QStringLiteral("%1.retry_after must be a whole number of seconds, 0 or more.").arg(key);
        fault.retryAfterSeconds = retryAfter.toInt();
    }
    return std::nullopt;
}

std::optional<QString> parseCrmReset(const QJsonValue &value, CrmResetFault &fault, FaultLimits &limits)
{
    const QString &key = CrmResetKey;
    const std::optional<QJsonObject> object = flagObject(value);
    if (!object)
        return QStringLiteral("%1 must be true, a count or {\"after_handling\": bool, \"count\": N, \"path\": ...}.").arg(key);

    const QJsonValue afterHandling = object->value(QStringLiteral("after_handling"));
    if (!afterHandling.isUndefined() && !afterHandling.isBool())
        return QStringLiteral("%1.after_handling must be true or false.").arg(key);
    fault.afterHandling = afterHandling.toBool();

    return readLimits(key, *object, {QStringLiteral("after_handling")}, limits);
}

std::optional<QString> parseCrmStall(const QJsonValue &value, int &stallMs, FaultLimits &limits)
{
    const QString &key = CrmStallKey;
    const QJsonObject object = value.isObject() ? value.toObject() : QJsonObject{{QStringLiteral("ms"), value}};

    if (std::optional<QString> error = readLimits(key, object, {QStringLiteral("ms")}, limits))
        return error;
    return readMilliseconds(key, object.value(QStringLiteral("ms")), true, stallMs);
}

std::optional<QString> parseCrmTruncate(const QJsonValue &value, CrmTruncateFault &fault, FaultLimits &limits)
{
    const QString &key = CrmTruncateKey;
    const std::optional<QJsonObject> object = flagObject(value);
    if (!object)
        return QStringLiteral("%1 must be true, a count or {\"short_length\": bool, \"count\": N, \"path\": ...}.").arg(key);

    const QJsonValue shortLength = object->value(QStringLiteral("short_length"));
    if (!shortLength.isUndefined() && !shortLength.isBool())
        return QStringLiteral("%1.short_length must be true or false.").arg(key);
    fault.shortLength = shortLength.toBool();

    return readLimits(key, *object, {QStringLiteral("short_length")}, limits);
}

std::optional<QString> parseCrmNonJson(const QJsonValue &value, CrmNonJsonFault &fault, FaultLimits &limits)
{
    const QString &key = CrmNonJsonKey;
    const QJsonObject object = value.isObject() ? value.toObject() : QJsonObject{{QStringLiteral("kind"), value}};

    if (std::optional<QString> error = readLimits(key, object, {QStringLiteral("kind")}, limits))
        return error;

    fault.kind = object.value(QStringLiteral("kind")).toString();
    if (!NonJsonKinds.contains(fault.kind))
        return QStringLiteral("%1.kind must be %2.").arg(key, quotedList(NonJsonKinds));
    return std::nullopt;
}

std::optional<QString> parseRateStorm(const QJsonValue &value, CrmRateStormFault &fault, FaultLimits &limits)
{
    const QString &key = RateStormKey;
    const QJsonObject object = value.isObject() ? value.toObject() : QJsonObject{{QStringLiteral("ms"), value}};

    if (std::optional<QString> error = readLimits(key, object, {QStringLiteral("ms")}, limits))
        return error;

    int ms = 0;
    if (std::optional<QString> error = readMilliseconds(key, object.value(QStringLiteral("ms")), false, ms))
        return error;
    fault.endsAt = QDeadlineTimer(ms, Qt::PreciseTimer);
    return std::nullopt;
}

QJsonObject crmStatusToJson(const CrmStatusFault &fault)
{
    QJsonObject object{{QStringLiteral("status"), fault.status}};
    if (!fault.policyName.isEmpty())
        object.insert(QStringLiteral("policy"), fault.policyName);
    if (fault.retryAfterSeconds)
        object.insert(QStringLiteral("retry_after"), *fault.retryAfterSeconds);
    if (fault.body)
        object.insert(QStringLiteral("body"), *fault.body);
    return object;
}

QJsonObject crmResetToJson(const CrmResetFault &fault)
{
    if (!fault.afterHandling)
        return {};
    return QJsonObject{{QStringLiteral("after_handling"), true}};
}

QJsonObject crmNonJsonToJson(const CrmNonJsonFault &fault)
{
    return QJsonObject{{QStringLiteral("kind"), fault.kind}};
}

QJsonObject rateStormToJson(const CrmRateStormFault &fault)
{
    return QJsonObject{{QStringLiteral("ms"), qMax<qint64>(1, fault.endsAt.remainingTime())}};
}

} // namespace Breezee::Sandbox
