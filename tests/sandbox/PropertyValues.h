#pragma once

#include "PropertyCatalog.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Breezee::Sandbox {

// A property value that failed HubSpot's checks: the error code (such as
// INVALID_EMAIL or INVALID_INTEGER) and a message naming the value.
struct PropertyValueError {
    QString code;
    QString message;
};

// Converts a JSON value from a request to the string HubSpot stores.
// Strings pass unchanged, numbers and booleans are formatted, and null
// becomes "". Objects and arrays are rejected.
std::optional<QString> propertyValueFromJson(const QJsonValue &value);

// Checks `value` against the property's type and rewrites it to HubSpot's
// stored form: datetime to ISO 8601 UTC, date to YYYY-MM-DD. An empty value
// always passes because it clears the property.
std::optional<PropertyValueError> normalizePropertyValue(const PropertyDefinition &property, QString &value);

// A syntactic check on one address: one '@', a local part, and a domain of
// dot-separated labels without spaces.
bool isValidEmail(const QString &email);

} // namespace Breezee::Sandbox
