#pragma once

#include "CrmObjectType.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Breezee::Sandbox {

struct PropertyDefinition {
    QString name;
    QString label;
    QString type;
    QString fieldType;
    QString groupName;
    QString description;
    QJsonArray options;
    int displayOrder = -1;
    bool hasUniqueValue = false;
    bool hidden = false;
    bool formField = false;
    bool readOnlyValue = false;
    bool hubspotDefined = false;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;

    // Returns the property in the shape of HubSpot's Properties API.
    QJsonObject toJson() const;
    static PropertyDefinition fromJson(const QJsonObject &object);
};

struct PropertyGroup {
    QString name;
    QString label;
    int displayOrder = -1;
    bool hubspotDefined = false;

    QJsonObject toJson() const;
    static PropertyGroup fromJson(const QJsonObject &object);
};

// Property definitions and groups of one CRM object type, starting with
// HubSpot's built-in properties and group of that type.
class PropertyCatalog {
public:
    explicit PropertyCatalog(CrmObjectKind kind = CrmObjectKind::Contact);

    const PropertyDefinition *find(const QString &name) const;
    QList<PropertyDefinition> properties() const { return m_properties; }
    void add(const PropertyDefinition &definition);
    int uniquePropertyCount() const;

    const PropertyGroup *findGroup(const QString &name) const;
    QList<PropertyGroup> groups() const { return m_groups; }
    void addGroup(const PropertyGroup &group);

    // Custom (not HubSpot-defined) properties and groups, for the state file.
    QJsonObject customToJson() const;
    void loadCustomJson(const QJsonObject &object);

    // Drops every custom property and group.
    void reset();

private:
    CrmObjectKind m_kind;
    QList<PropertyDefinition> m_properties;
    QList<PropertyGroup> m_groups;
};

} // namespace Breezee::Sandbox
