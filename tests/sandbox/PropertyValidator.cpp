#include "PropertyValidator.h"

#include "HubSpotErrors.h"
#include "PropertyValues.h"

#include <QJsonDocument>

namespace Breezee::Sandbox {

PropertyValidator::PropertyValidator(const PropertyCatalog &catalog)
    : m_catalog(catalog)
{
}

QHash<QString, QString> PropertyValidator::validate(const QJsonObject &properties, QList<PropertyIssue> &issues) const
{
    QHash<QString, QString> values;

    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString name = it.key();
        const PropertyDefinition *definition = m_catalog.find(name);
        if (!definition) {
            issues.append({QStringLiteral("PROPERTY_DOESNT_EXIST"),
                           QStringLiteral("Property \"%1\" does not exist").arg(name), name});
            continue;
        }

        if (definition->readOnlyValue) {
            issues.append({QStringLiteral("READ_ONLY_VALUE"),
                           QStringLiteral("\"%1\" is a read only property; its value cannot be set.").arg(name),
                           name});
            continue;
        }

        std::optional<QString> value = propertyValueFromJson(it.value());
        if (!value) {
            issues.append({QStringLiteral("INVALID_PROPERTY_VALUE"),
                           QStringLiteral("The value of property %1 must be a string.").arg(name), name});
            continue;
        }

        const std::optional<PropertyValueError> error = normalizePropertyValue(*definition, *value);
        if (error) {
            issues.append({error->code, error->message, name});
            continue;
        }

        values.insert(name, *value);
    }

    return values;
}

HttpResponse propertyIssuesResponse(const QList<PropertyIssue> &issues)
{
    QJsonArray summary;
    QJsonArray details;
    for (const PropertyIssue &issue : issues) {
        summary.append(QJsonObject{
            {QStringLiteral("isValid"), false},
            {QStringLiteral("message"), issue.message},
            {QStringLiteral("error"), issue.code},
            {QStringLiteral("name"), issue.propertyName},
        });
        details.append(errorDetail(issue.code, issue.message, issue.propertyName));
    }

    const QString message = QStringLiteral("Property values were not valid: %1")
                                .arg(QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)));
    return validationError(message, details);
}

} // namespace Breezee::Sandbox
