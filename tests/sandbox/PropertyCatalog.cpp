#include "PropertyCatalog.h"

#include "BuiltInProperties.h"
#include "HubSpotErrors.h"

namespace Breezee::Sandbox {


QJsonObject PropertyDefinition::toJson() const
{
    QJsonObject metadata;
    metadata.insert(QStringLiteral("archivable"), !hubspotDefined);
    metadata.insert(QStringLiteral("readOnlyDefinition"), hubspotDefined);
    metadata.insert(QStringLiteral("readOnlyValue"), readOnlyValue);

    QJsonObject object;
    object.insert(QStringLiteral("name"), name);
    object.insert(QStringLiteral("label"), label);
    object.insert(QStringLiteral("type"), type);
    object.insert(QStringLiteral("fieldType"), fieldType);
    object.insert(QStringLiteral("description"), description);
    object.insert(QStringLiteral("groupName"), groupName);
    object.insert(QStringLiteral("options"), options);
    object.insert(QStringLiteral("displayOrder"), displayOrder);
    object.insert(QStringLiteral("calculated"), false);
    object.insert(QStringLiteral("externalOptions"), false);
    object.insert(QStringLiteral("hasUniqueValue"), hasUniqueValue);
    object.insert(QStringLiteral("hidden"), hidden);
    object.insert(QStringLiteral("hubspotDefined"), hubspotDefined);
    object.insert(QStringLiteral("formField"), formField);
    object.insert(QStringLiteral("modificationMetadata"), metadata);
    object.insert(QStringLiteral("archived"), false);
    if (!hubspotDefined) {
        object.insert(QStringLiteral("createdAt"), isoTimestamp(createdAtMs));
        object.insert(QStringLiteral("updatedAt"), isoTimestamp(updatedAtMs));
    }
    return object;
}

PropertyDefinition PropertyDefinition::fromJson(const QJsonObject &object)
{
    PropertyDefinition definition;
    definition.name = object.value(QStringLiteral("name")).toString();
    definition.label = object.value(QStringLiteral("label")).toString();
    definition.type = object.value(QStringLiteral("type")).toString();
    definition.fieldType = object.value(QStringLiteral("fieldType")).toString();
    definition.groupName = object.value(QStringLiteral("groupName")).toString();
    definition.description = object.value(QStringLiteral("description")).toString();
    definition.options = object.value(QStringLiteral("options")).toArray();
    definition.displayOrder = object.value(QStringLiteral("displayOrder")).toInt(-1);
    definition.hasUniqueValue = object.value(QStringLiteral("hasUniqueValue")).toBool();
    definition.hidden = object.value(QStringLiteral("hidden")).toBool();
    definition.formField = object.value(QStringLiteral("formField")).toBool();
    definition.createdAtMs = qint64(object.value(QStringLiteral("createdAtMs")).toDouble());
    definition.updatedAtMs = qint64(object.value(QStringLiteral("updatedAtMs")).toDouble());
    return definition;
}

QJsonObject PropertyGroup::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), name);
    object.insert(QStringLiteral("label"), label);
    object.insert(QStringLiteral("displayOrder"), displayOrder);
    object.insert(QStringLiteral("archived"), false);
    return object;
}

PropertyGroup PropertyGroup::fromJson(const QJsonObject &object)
{
    PropertyGroup group;
    group.name = object.value(QStringLiteral("name")).toString();
    group.label = object.value(QStringLiteral("label")).toString();
    group.displayOrder = object.value(QStringLiteral("displayOrder")).toInt(-1);
    return group;
}

PropertyCatalog::PropertyCatalog(CrmObjectKind kind)
    : m_kind(kind)
{
    reset();
}

const PropertyDefinition *PropertyCatalog::find(const QString &name) const
{
    for (const PropertyDefinition &definition : m_properties) {
        if (definition.name == name)
            return &definition;
    }
    return nullptr;
}

void PropertyCatalog::add(const PropertyDefinition &definition)
{
    m_properties.append(definition);
}

int PropertyCatalog::uniquePropertyCount() const
{
    int count = 0;
    for (const PropertyDefinition &definition : m_properties) {
        if (definition.hasUniqueValue && !definition.hubspotDefined)
            ++count;
    }
    return count;
}

const PropertyGroup *PropertyCatalog::findGroup(const QString &name) const
{
    for (const PropertyGroup &group : m_groups) {
        if (group.name == name)
            return &group;
    }
    return nullptr;
}

void PropertyCatalog::addGroup(const PropertyGroup &group)
{
    m_groups.append(group);
}

QJsonObject PropertyCatalog::customToJson() const
{
    QJsonArray properties;
    for (const PropertyDefinition &definition : m_properties) {
        if (definition.hubspotDefined)
            continue;
        QJsonObject object = definition.toJson();
        object.insert(QStringLiteral("createdAtMs"), double(definition.createdAtMs));
        object.insert(QStringLiteral("updatedAtMs"), double(definition.updatedAtMs));
        properties.append(object);
    }

    QJsonArray groups;
    for (const PropertyGroup &group : m_groups) {
        if (!group.hubspotDefined)
            groups.append(group.toJson());
    }

    QJsonObject object;
    object.insert(QStringLiteral("properties"), properties);
    object.insert(QStringLiteral("groups"), groups);
    return object;
}

void PropertyCatalog::loadCustomJson(const QJsonObject &object)
{
    reset();

    const QJsonArray groups = object.value(QStringLiteral("groups")).toArray();
    for (const QJsonValue &value : groups)
        m_groups.append(PropertyGroup::fromJson(value.toObject()));

    const QJsonArray properties = object.value(QStringLiteral("properties")).toArray();
    for (const QJsonValue &value : properties)
        m_properties.append(PropertyDefinition::fromJson(value.toObject()));
}

void PropertyCatalog::reset()
{
    m_properties = builtInProperties(m_kind);
    m_groups = builtInGroups(m_kind);
}

} // namespace Breezee::Sandbox
