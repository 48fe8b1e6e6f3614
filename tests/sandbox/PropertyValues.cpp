#include "PropertyValues.h"

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>

namespace Breezee::Sandbox {

namespace {

bool isNumber(const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?$"));
    return pattern.match(value).hasMatch();
}

bool isEpochMilliseconds(const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("^-?[0-9]{1,15}$"));
    return pattern.match(value).hasMatch();
}

std::optional<PropertyValueError> normalizeNumber(const PropertyDefinition &property, const QString &value)
{
    if (isNumber(value))
        return std::nullopt;

    const QString code = value.contains(QLatin1Char('.')) ? QStringLiteral("INVALID_DECIMAL")
                                                          : QStringLiteral("INVALID_INTEGER");
    return PropertyValueError{code, QStringLiteral("%1 was not a valid number for property %2.")
                                        .arg(value, property.name)};
}

std::optional<PropertyValueError> normalizeDateTime(const PropertyDefinition &property, QString &value)
{
    QDateTime parsed;
    if (isEpochMilliseconds(value))
        parsed = QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
    else
        parsed = QDateTime::fromString(value, Qt::ISODateWithMs);

    if (!parsed.isValid()) {
        return PropertyValueError{QStringLiteral("INVALID_DATETIME"),
                                  QStringLiteral("%1 was not a valid datetime for property %2; send milliseconds "
                                                 "since the epoch or ISO 8601.").arg(value, property.name)};
    }

    value = parsed.toUTC().toString(Qt::ISODateWithMs);
    return std::nullopt;
}

std::optional<PropertyValueError> normalizeDate(const PropertyDefinition &property, QString &value)
{
    const PropertyValueError invalid{
        QStringLiteral("INVALID_DATE"),
        QStringLiteral("%1 was not a valid date for property %2; send YYYY-MM-DD or milliseconds since "
                       "the epoch at midnight UTC.").arg(value, property.name)};

    if (isEpochMilliseconds(value)) {
        const QDateTime parsed = QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
        if (parsed.time() != QTime(0, 0))
            return invalid;
        value = parsed.date().toString(Qt::ISODate);
        return std::nullopt;
    }

    const QDate date = QDate::fromString(value, Qt::ISODate);
    if (!date.isValid() || value.size() != 10)
        return invalid;
    return std::nullopt;
}

std::optional<PropertyValueError> normalizeBool(const PropertyDefinition &property, QString &value)
{
    const QString lower = value.toLower();
    if (lower != QLatin1String("true") && lower != QLatin1String("false")) {
        return PropertyValueError{QStringLiteral("INVALID_BOOLEAN"),
                                  QStringLiteral("%1 was not a valid boolean for property %2; send \"true\" or "
                                                 "\"false\".").arg(value, property.name)};
    }
    value = lower;
    return std::nullopt;
}

std::optional<PropertyValueError> checkOptions(const PropertyDefinition &property, const QString &value)
{
    QStringList allowed;
    for (const QJsonValue &option : property.options)
        allowed.append(option.toObject().value(QStringLiteral("value")).toString());

    // Multiple checkboxes take several values separated by ';', and a
    // leading ';' appends to the current values.
    const QStringList chosen = property.fieldType == QLatin1String("checkbox")
        ? value.split(QLatin1Char(';'), Qt::SkipEmptyParts)
        : QStringList{value};

    for (const QString &item : chosen) {
        if (!allowed.contains(item)) {
            return PropertyValueError{QStringLiteral("INVALID_OPTION"),
                                      QStringLiteral("%1 was not one of the allowed options for property %2: [%3]")
                                          .arg(item, property.name, allowed.join(QStringLiteral(", ")))};
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<QString> propertyValueFromJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == double(qint64(number)))
            return QString::number(qint64(number));
        return QString::number(number, 'g', 17);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QString();
    default:
        return std::nullopt;
    }
}

std::optional<PropertyValueError> normalizePropertyValue(const PropertyDefinition &property, QString &value)
{
    if (value.isEmpty())
        return std::nullopt;

    if (property.name == QLatin1String("email") && !isValidEmail(value)) {
        return PropertyValueError{QStringLiteral("INVALID_EMAIL"),
                                  QStringLiteral("Email address %1 is invalid").arg(value)};
    }

    if (property.type == QLatin1String("number"))
        return normalizeNumber(property, value);
    if (property.type == QLatin1String("datetime"))
        return normalizeDateTime(property, value);
    if (property.type == QLatin1String("date"))
        return normalizeDate(property, value);
    if (property.type == QLatin1String("bool"))
        return normalizeBool(property, value);
    if (property.type == QLatin1String("enumeration"))
        return checkOptions(property, value);

    // The error code HubSpot uses for an over-long string was not
    // confirmed. The 65,536-character limit is from its properties guide.
    if (value.size() > 65536) {
        return PropertyValueError{QStringLiteral("INVALID_LONG_STRING"),
                                  QStringLiteral("The value for property %1 is %2 characters long; the maximum is "
                                                 "65536.").arg(property.name).arg(value.size())};
    }
    return std::nullopt;
}

bool isValidEmail(const QString &email)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
        "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"));

    if (email.startsWith(QLatin1Char('.')) || email.contains(QLatin1String("..")))
        return false;
    return pattern.match(email).hasMatch();
}

} // namespace Breezee::Sandbox
