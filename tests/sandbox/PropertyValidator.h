#pragma once

#include "HttpResponse.h"
#include "PropertyCatalog.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace Breezee::Sandbox {

// One rejected property of one input: PROPERTY_DOESNT_EXIST,
// READ_ONLY_VALUE, INVALID_EMAIL, INVALID_INTEGER and so on.
struct PropertyIssue {
    QString code;
    QString message;
    QString propertyName;
};

// Checks the "properties" object of a record write against the object
// type's catalog and converts its values to the stored form.
class PropertyValidator {
public:
    explicit PropertyValidator(const PropertyCatalog &catalog);

    // Returns the normalized values and appends each problem to `issues`.
    // When any problem was found, the caller must write nothing.
    QHash<QString, QString> validate(const QJsonObject &properties, QList<PropertyIssue> &issues) const;

private:
    const PropertyCatalog &m_catalog;
};

// HubSpot's 400 for rejected property values: category VALIDATION_ERROR, a
// message listing each value, and errors[] with code and
// context.propertyName.
HttpResponse propertyIssuesResponse(const QList<PropertyIssue> &issues);

} // namespace Breezee::Sandbox
