#include "FaultSwitches.h"

#include "CrmFaultParsers.h"
#include "FaultParsing.h"

#include <QJsonArray>

namespace Breezee::Sandbox {

namespace {

const QString TokenErrorKey = QStringLiteral("token_error");
const QString TokenStallKey = QStringLiteral("token_stall_ms");
const QString RefreshWithoutRefreshTokenKey = QStringLiteral("refresh_without_refresh_token");
const QString CrmExpiryKey = QStringLiteral("crm_401");
const QString CrmMissingScopeKey = QStringLiteral("crm_403_missing_scope");
const QString GrantScopesKey = QStringLiteral("grant_scopes");
const QString RevokeErrorKey = QStringLiteral("revoke_error");

// A function, not a constant, because the CRM keys live in another file
// and namespace-scope constants of two files have no set order of
// initialization.
QStringList switchKeys()
{
    return {TokenErrorKey,  TokenStallKey,  RefreshWithoutRefreshTokenKey, CrmExpiryKey, CrmMissingScopeKey,
            GrantScopesKey, RevokeErrorKey, CrmStatusKey,                  CrmResetKey,  CrmStallKey,
            CrmTruncateKey, CrmNonJsonKey,  RateStormKey};
}

const QStringList TokenErrorPresets = {QStringLiteral("invalid_grant"), QStringLiteral("server_error")};
const QString Unreachable = QStringLiteral("unreachable");


std::optional<QString> parseTokenError(const QJsonValue &value, TokenErrorFault &fault, FaultLimits &limits)
{
    const QString &key = TokenErrorKey;
    const QJsonObject object = value.isString() ? QJsonObject{{QStringLiteral("preset"), value}} : value.toObject();
    if (!value.isString() && !value.isObject())
        return QStringLiteral("%1 must be a preset name or an object.").arg(key);

    const QStringList fields = {QStringLiteral("preset"), QStringLiteral("status"), QStringLiteral("body"),
                                QStringLiteral("count"), QStringLiteral("grant_type")};
    if (std::optional<QString> error = checkFields(key, object, fields))
        return error;

    const QJsonValue preset = object.value(QStringLiteral("preset"));
    const QJsonValue status = object.value(QStringLiteral("status"));
    if (!preset.isUndefined()) {
        if (!preset.isString() || !TokenErrorPresets.contains(preset.toString()))
            return QStringLiteral("%1.preset must be %2.").arg(key, quotedList(TokenErrorPresets));
        if (!status.isUndefined() || object.contains(QStringLiteral("body")))
            return QStringLiteral("%1 takes either a preset or a status with an optional body, not both.").arg(key);
        fault.preset = preset.toString();
    } else {
        if (status.isUndefined())
            return QStringLiteral("%1 needs a preset (%2) or a status.").arg(key, quotedList(TokenErrorPresets));
        if (std::optional<QString> error = readErrorStatus(key, status, fault.status))
            return error;
        if (std::optional<QString> error = readBody(key, object, fault.body))
            return error;
    }

    if (std::optional<QString> error = readCount(key, object, limits))
        return error;
    return readGrantType(key, object, limits);
}

std::optional<QString> parseTokenStall(const QJsonValue &value, int &stallMs, FaultLimits &limits)
{
    const QString &key = TokenStallKey;
    const QJsonObject object = value.isObject() ? value.toObject() : QJsonObject{{QStringLiteral("ms"), value}};

    const QStringList fields = {QStringLiteral("ms"), QStringLiteral("count"), QStringLiteral("grant_type")};
    if (std::optional<QString> error = checkFields(key, object, fields))
        return error;

    const QJsonValue ms = object.value(QStringLiteral("ms"));
    const bool valid = isInteger(ms) && (ms.toInt() == -1 || (ms.toInt() >= 1 && ms.toInt() <= MaxStallMs));
    if (!valid)
        return QStringLiteral("%1 must be -1 (no response ever) or milliseconds from 1 to %2.").arg(key).arg(MaxStallMs);
    stallMs = ms.toInt();

    if (std::optional<QString> error = readCount(key, object, limits))
        return error;
    return readGrantType(key, object, limits);
}

std::optional<QString> parseCrmMissingScope(const QJsonValue &value, QString &scope, FaultLimits &limits)
{
    const QString &key = CrmMissingScopeKey;
    const QJsonObject object = value.isString() ? QJsonObject{{QStringLiteral("scope"), value}} : value.toObject();
    if (!value.isString() && !value.isObject())
        return QStringLiteral("%1 must be a scope name or {\"scope\": ..., \"count\": N}.").arg(key);

    if (std::optional<QString> error = checkFields(key, object, {QStringLiteral("scope"), QStringLiteral("count")}))
        return error;

    scope = object.value(QStringLiteral("scope")).toString();
    if (scope.isEmpty())
        return QStringLiteral("%1.scope must be a non-empty scope name.").arg(key);

    return readCount(key, object, limits);
}

std::optional<QString> parseRevokeError(const QJsonValue &value, RevokeFault &fault, FaultLimits &limits)
{
    const QString &key = RevokeErrorKey;
    const QJsonObject object = value.isObject() ? value.toObject() : QJsonObject{{QStringLiteral("status"), value}};

    const QStringList fields = {QStringLiteral("status"), QStringLiteral("body"), QStringLiteral("count")};
    if (std::optional<QString> error = checkFields(key, object, fields))
        return error;

    const QJsonValue status = object.value(QStringLiteral("status"));
    if (status.toString() == Unreachable) {
        if (object.contains(QStringLiteral("body")))
            return QStringLiteral("%1 with status \"unreachable\" sends nothing, so it takes no body.").arg(key);
        fault.unreachable = true;
    } else {
        if (!isInteger(status))
            return QStringLiteral("%1.status must be an HTTP error status from 400 to 599 or \"unreachable\".").arg(key);
        if (std::optional<QString> error = readErrorStatus(key, status, fault.status))
            return error;
        if (std::optional<QString> error = readBody(key, object, fault.body))
            return error;
    }

    return readCount(key, object, limits);
}

std::optional<QString> parseGrantScopes(const QJsonValue &value, QStringList &scopes)
{
    if (!value.isArray())
        return QStringLiteral("%1 must be an array of scope names.").arg(GrantScopesKey);

    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (!item.isString() || item.toString().isEmpty() || item.toString().contains(QLatin1Char(' ')))
            return QStringLiteral("%1 must contain scope names without spaces.").arg(GrantScopesKey);
        if (!scopes.contains(item.toString()))
            scopes.append(item.toString());
    }
    return std::nullopt;
}

QJsonObject limitsToJson(QJsonObject object, const FaultLimits &limits)
{
    if (limits.remaining)
        object.insert(QStringLiteral("count"), *limits.remaining);
    if (!limits.grantType.isEmpty())
        object.insert(QStringLiteral("grant_type"), limits.grantType);
    if (!limits.pathContains.isEmpty())
        object.insert(QStringLiteral("path"), limits.pathContains);
    return object;
}

QJsonObject tokenErrorToJson(const TokenErrorFault &fault)
{
    if (!fault.preset.isEmpty())
        return QJsonObject{{QStringLiteral("preset"), fault.preset}};

    QJsonObject object{{QStringLiteral("status"), fault.status}};
    if (fault.body)
        object.insert(QStringLiteral("body"), *fault.body);
    return object;
}

QJsonObject revokeErrorToJson(const RevokeFault &fault)
{
    if (fault.unreachable)
        return QJsonObject{{QStringLiteral("status"), Unreachable}};

    QJsonObject object{{QStringLiteral("status"), fault.status}};
    if (fault.body)
        object.insert(QStringLiteral("body"), *fault.body);
    return object;
}

} // namespace

template <typename T>
std::optional<QString> FaultSwitches::assign(std::optional<Switch<T>> &target, const QJsonValue &value,
                                             Parser<T> parse)
{
    if (value.isNull()) {
        target.reset();
        return std::nullopt;
    }

    Switch<T> parsed;
    if (std::optional<QString> error = parse(value, parsed.value, parsed.limits))
        return error;

    target = std::move(parsed);
    return std::nullopt;
}

template <typename T>
std::optional<T> FaultSwitches::take(std::optional<Switch<T>> &fault, const QString &grantType,
                                     const QString &path)
{
    if (!fault)
        return std::nullopt;
    if (!fault->limits.grantType.isEmpty() && fault->limits.grantType != grantType)
        return std::nullopt;
    if (!fault->limits.pathContains.isEmpty() && !path.contains(fault->limits.pathContains))
        return std::nullopt;

    const T value = fault->value;
    if (fault->limits.remaining && --*fault->limits.remaining <= 0)
        fault.reset();
    return value;
}

template <typename T>
void FaultSwitches::insertJson(QJsonObject &object, const QString &key, const std::optional<Switch<T>> &fault,
                               QJsonObject (*valueToJson)(const T &))
{
    if (fault)
        object.insert(key, limitsToJson(valueToJson(fault->value), fault->limits));
}

std::optional<QString> FaultSwitches::apply(const QJsonObject &object)
{
    FaultSwitches next = *this;

    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!switchKeys().contains(it.key()))
            return QStringLiteral("Unknown fault switch \"%1\"; the switches are %2.").arg(it.key(), quotedList(switchKeys()));

        if (std::optional<QString> error = next.applyOne(it.key(), it.value()))
            return error;
    }

    *this = std::move(next);
    return std::nullopt;
}

std::optional<QString> FaultSwitches::applyOne(const QString &key, const QJsonValue &value)
{
    if (key == TokenErrorKey)
        return assign<TokenErrorFault>(m_tokenError, value, &parseTokenError);
    if (key == TokenStallKey)
        return assign<int>(m_tokenStall, value, &parseTokenStall);
    if (key == CrmMissingScopeKey)
        return assign<QString>(m_crmMissingScope, value, &parseCrmMissingScope);
    if (key == RevokeErrorKey)
        return assign<RevokeFault>(m_revokeError, value, &parseRevokeError);
    if (key == CrmStatusKey)
        return assign<CrmStatusFault>(m_crmStatus, value, &parseCrmStatus);
    if (key == CrmResetKey && value.isBool() && !value.toBool()) {
        m_crmReset.reset();
        return std::nullopt;
    }
    if (key == CrmResetKey)
        return assign<CrmResetFault>(m_crmReset, value, &parseCrmReset);
    if (key == CrmTruncateKey && value.isBool() && !value.toBool()) {
        m_crmTruncate.reset();
        return std::nullopt;
    }
    if (key == CrmStallKey)
        return assign<int>(m_crmStall, value, &parseCrmStall);
    if (key == CrmTruncateKey)
        return assign<CrmTruncateFault>(m_crmTruncate, value, &parseCrmTruncate);
    if (key == CrmNonJsonKey)
        return assign<CrmNonJsonFault>(m_crmNonJson, value, &parseCrmNonJson);
    if (key == RateStormKey)
        return assign<CrmRateStormFault>(m_rateStorm, value, &parseRateStorm);

    if (key == GrantScopesKey) {
        if (value.isNull()) {
            m_grantScopes.reset();
            return std::nullopt;
        }
        QStringList scopes;
        if (std::optional<QString> error = parseGrantScopes(value, scopes))
            return error;
        m_grantScopes = scopes;
        return std::nullopt;
    }

    // The two flags treat false like null: the switch goes off.
    std::optional<Switch<Flag>> &flag = key == CrmExpiryKey ? m_crmExpiry : m_refreshWithoutRefreshToken;
    if (value.isNull() || (value.isBool() && !value.toBool())) {
        flag.reset();
        return std::nullopt;
    }

    Switch<Flag> parsed;
    if (std::optional<QString> error = parseFlag(key, value, parsed.limits))
        return error;
    flag = parsed;
    return std::nullopt;
}

void FaultSwitches::clear()
{
    *this = FaultSwitches();
}

QJsonObject FaultSwitches::toJson() const
{
    const auto flagToJson = [](const Flag &) { return QJsonObject(); };

    QJsonObject object;
    insertJson<TokenErrorFault>(object, TokenErrorKey, m_tokenError, &tokenErrorToJson);
    insertJson<int>(object, TokenStallKey, m_tokenStall,
                    [](const int &ms) { return QJsonObject{{QStringLiteral("ms"), ms}}; });
    insertJson<Flag>(object, RefreshWithoutRefreshTokenKey, m_refreshWithoutRefreshToken, flagToJson);
    insertJson<Flag>(object, CrmExpiryKey, m_crmExpiry, flagToJson);
    insertJson<QString>(object, CrmMissingScopeKey, m_crmMissingScope,
                        [](const QString &scope) { return QJsonObject{{QStringLiteral("scope"), scope}}; });
    if (m_grantScopes)
        object.insert(GrantScopesKey, QJsonArray::fromStringList(*m_grantScopes));
    insertJson<RevokeFault>(object, RevokeErrorKey, m_revokeError, &revokeErrorToJson);
    insertJson<CrmStatusFault>(object, CrmStatusKey, m_crmStatus, &crmStatusToJson);
    insertJson<CrmResetFault>(object, CrmResetKey, m_crmReset, &crmResetToJson);
    insertJson<int>(object, CrmStallKey, m_crmStall,
                    [](const int &ms) { return QJsonObject{{QStringLiteral("ms"), ms}}; });
    insertJson<CrmTruncateFault>(object, CrmTruncateKey, m_crmTruncate,
                                 [](const CrmTruncateFault &fault) {
                                     return fault.shortLength ? QJsonObject{{QStringLiteral("short_length"), true}}
                                                              : QJsonObject();
                                 });
    insertJson<CrmNonJsonFault>(object, CrmNonJsonKey, m_crmNonJson, &crmNonJsonToJson);
    if (m_rateStorm && !m_rateStorm->value.endsAt.hasExpired())
        insertJson<CrmRateStormFault>(object, RateStormKey, m_rateStorm, &rateStormToJson);
    return object;
}

std::optional<int> FaultSwitches::takeTokenStall(const QString &grantType)
{
    return take(m_tokenStall, grantType);
}

std::optional<TokenErrorFault> FaultSwitches::takeTokenError(const QString &grantType)
{
    return take(m_tokenError, grantType);
}

bool FaultSwitches::takeRefreshWithoutRefreshToken()
{
    return take(m_refreshWithoutRefreshToken).has_value();
}

bool FaultSwitches::takeCrmExpiry()
{
    return take(m_crmExpiry).has_value();
}

std::optional<QString> FaultSwitches::takeCrmMissingScope()
{
    return take(m_crmMissingScope);
}

std::optional<RevokeFault> FaultSwitches::takeRevokeError()
{
    return take(m_revokeError);
}

std::optional<CrmStatusFault> FaultSwitches::takeCrmStatus(const QString &path)
{
    return take(m_crmStatus, {}, path);
}

std::optional<CrmResetFault> FaultSwitches::takeCrmReset(const QString &path)
{
    return take(m_crmReset, {}, path);
}

std::optional<int> FaultSwitches::takeCrmStall(const QString &path)
{
    return take(m_crmStall, {}, path);
}

std::optional<CrmTruncateFault> FaultSwitches::takeCrmTruncate(const QString &path)
{
    return take(m_crmTruncate, {}, path);
}

std::optional<CrmNonJsonFault> FaultSwitches::takeCrmNonJson(const QString &path)
{
    return take(m_crmNonJson, {}, path);
}

bool FaultSwitches::takeRateStorm(const QString &path)
{
    if (m_rateStorm && m_rateStorm->value.endsAt.hasExpired())
        m_rateStorm.reset();
    return take(m_rateStorm, {}, path).has_value();
}

} // namespace Breezee::Sandbox
