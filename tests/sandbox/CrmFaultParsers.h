#pragma once

#include "FaultSwitches.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

// Parsers and JSON forms of the CRM transport fault switches. Every switch
// takes an optional "count" and an optional "path" (a part of the request
// path, such as "/batch/create").
namespace Breezee::Sandbox {

extern const QString CrmStatusKey;   // "crm_status"
extern const QString CrmResetKey;    // "crm_reset"
extern const QString CrmStallKey;    // "crm_stall_ms"
extern const QString CrmTruncateKey; // "crm_truncate"
extern const QString CrmNonJsonKey;  // "crm_non_json"
extern const QString RateStormKey;   // "rate_429_storm_ms"

// A status, or {"status", "policy"?, "retry_after"?, "body"?}. "policy"
// (429 only) is TEN_SECONDLY_ROLLING (the default), SECONDLY or DAILY.
std::optional<QString> parseCrmStatus(const QJsonValue &value, CrmStatusFault &fault, FaultLimits &limits);

// true, a count, or {"after_handling"?}.
std::optional<QString> parseCrmReset(const QJsonValue &value, CrmResetFault &fault, FaultLimits &limits);

// Milliseconds (-1: never respond), or {"ms"}.
std::optional<QString> parseCrmStall(const QJsonValue &value, int &stallMs, FaultLimits &limits);

// true, a count, or an object with only the limits.
std::optional<QString> parseCrmTruncate(const QJsonValue &value, CrmTruncateFault &fault, FaultLimits &limits);

// "text", "html", "empty", or {"kind"}.
std::optional<QString> parseCrmNonJson(const QJsonValue &value, CrmNonJsonFault &fault, FaultLimits &limits);

// Milliseconds from now, or {"ms"}.
std::optional<QString> parseRateStorm(const QJsonValue &value, CrmRateStormFault &fault, FaultLimits &limits);

QJsonObject crmStatusToJson(const CrmStatusFault &fault);
QJsonObject crmResetToJson(const CrmResetFault &fault);
QJsonObject crmNonJsonToJson(const CrmNonJsonFault &fault);

// The storm with the milliseconds it has left.
QJsonObject rateStormToJson(const CrmRateStormFault &fault);

} // namespace Breezee::Sandbox
