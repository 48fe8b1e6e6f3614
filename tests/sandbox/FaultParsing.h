#pragma once

#include "FaultSwitches.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

// Readers shared by the parsers of the fault switches. Each returns the
// error message for an invalid value, naming the switch `key`.
namespace Breezee::Sandbox {

// The maximum stall a switch accepts, in ms.
constexpr int MaxStallMs = 3600 * 1000;

bool isInteger(const QJsonValue &value);
QString quotedList(const QStringList &names);

// Rejects fields of `object` that are not in `allowed`.
std::optional<QString> checkFields(const QString &key, const QJsonObject &object, const QStringList &allowed);

// Reads object.count into limits.remaining (1 or more; absent means until cleared).
std::optional<QString> readCount(const QString &key, const QJsonObject &object, FaultLimits &limits);

// Reads object.grant_type into limits.grantType.
std::optional<QString> readGrantType(const QString &key, const QJsonObject &object, FaultLimits &limits);

// Reads object.path, a substring the request path must contain, into limits.pathContains.
std::optional<QString> readPath(const QString &key, const QJsonObject &object, FaultLimits &limits);

std::optional<QString> readErrorStatus(const QString &key, const QJsonValue &value, int &status);
std::optional<QString> readBody(const QString &key, const QJsonObject &object, std::optional<QJsonObject> &body);

// A switch without a value of its own: true, a count, or {"count": N}.
std::optional<QString> parseFlag(const QString &key, const QJsonValue &value, FaultLimits &limits);

} // namespace Breezee::Sandbox
