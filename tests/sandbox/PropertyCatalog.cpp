#include "PropertyCatalog.h"

#include "HubSpotErrors.h"

namespace Breezee::Sandbox {

namespace {

QJsonArray enumerationOptions(const QList<QPair<QString, QString>> &valuesAndLabels)
{
    QJsonArray options;
    int order = 0;
    for (const auto &entry : valuesAndLabels) {
        options.append(QJsonObject{
            {QStringLiteral("value"), entry.first},
            {QStringLiteral("label"), entry.second},
            {QStringLiteral("displayOrder"), order++},
            {QStringLiteral("hidden"), false},
        });
    }
    return options;
}

PropertyDefinition builtIn(const QString &name, const QString &label, const QString &type,
                           const QString &fieldType, bool readOnlyValue = false)
{
    PropertyDefinition definition;
    definition.name = name;
    definition.label = label;
    definition.type = type;
    definition.fieldType = fieldType;
    definition.groupName = QStringLiteral("contactinformation");
    definition.readOnlyValue = readOnlyValue;
    definition.hubspotDefined = true;
    definition.formField = !readOnlyValue;
    return definition;
}

QList<PropertyDefinition> builtInContactProperties()
{
    PropertyDefinition lifecycle = builtIn(QStringLiteral("lifecyclestage"), QStringLiteral("Lifecycle Stage"),
                                           QStringLiteral("enumeration"), QStringLiteral("radio"));
    lifecycle.options = enumerationOptions({
        {QStringLiteral("subscriber"), QStringLiteral("Subscriber")},
        {QStringLiteral("lead"), QStringLiteral("Lead")},
        {QStringLiteral("marketingqualifiedlead"), QStringLiteral("Marketing Qualified Lead")},
        {QStringLiteral("salesqualifiedlead"), QStringLiteral("Sales Qualified Lead")},
        {QStringLiteral("opportunity"), QStringLiteral("Opportunity")},
        {QStringLiteral("customer"), QStringLiteral("Customer")},
        {QStringLiteral("evangelist"), QStringLiteral("Evangelist")},
        {QStringLiteral("other"), QStringLiteral("Other")},
    });

    PropertyDefinition leadStatus = builtIn(QStringLiteral("hs_lead_status"), QStringLiteral("Lead Status"),
                                            QStringLiteral("enumeration"), QStringLiteral("radio"));
    leadStatus.options = enumerationOptions({
        {QStringLiteral("NEW"), QStringLiteral("New")},
        {QStringLiteral("OPEN"), QStringLiteral("Open")},
        {QStringLiteral("IN_PROGRESS"), QStringLiteral("In Progress")},
        {QStringLiteral("OPEN_DEAL"), QStringLiteral("Open Deal")},
        {QStringLiteral("UNQUALIFIED"), QStringLiteral("Unqualified")},
        {QStringLiteral("ATTEMPTED_TO_CONTACT"), QStringLiteral("Attempted to Contact")},
        {QStringLiteral("CONNECTED"), QStringLiteral("Connected")},
        {QStringLiteral("BAD_TIMING"), QStringLiteral("Bad Timing")},
    });

    PropertyDefinition objectId = builtIn(QStringLiteral("hs_object_id"), QStringLiteral("Record ID"),
                                          QStringLiteral("number"), QStringLiteral("number"), true);
    objectId.hasUniqueValue = true;

    // NOTE: whether HubSpot accepts writes of hs_additional_emails through
    // the CRM API was not confirmed. The sandbox treats it as read-only, and
    // tests seed it with POST /_sandbox/contacts.
    return {
        builtIn(QStringLiteral("email"), QStringLiteral("Email"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("firstname"), QStringLiteral("First Name"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("lastname"), QStringLiteral("Last Name"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("phone"), QStringLiteral("Phone Number"), QStringLiteral("string"), QStringLiteral("phonenumber")),
        builtIn(QStringLiteral("mobilephone"), QStringLiteral("Mobile Phone Number"), QStringLiteral("string"), QStringLiteral("phonenumber")),
        builtIn(QStringLiteral("jobtitle"), QStringLiteral("Job Title"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("company"), QStringLiteral("Company Name"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("website"), QStringLiteral("Website URL"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("city"), QStringLiteral("City"), QStringLiteral("string"), QStringLiteral("text")),
        lifecycle,
        leadStatus,
        builtIn(QStringLiteral("hs_additional_emails"), QStringLiteral("Additional email addresses"),
                QStringLiteral("string"), QStringLiteral("textarea"), true),
        builtIn(QStringLiteral("createdate"), QStringLiteral("Create Date"), QStringLiteral("datetime"), QStringLiteral("date"), true),
        builtIn(QStringLiteral("lastmodifieddate"), QStringLiteral("Last Modified Date"), QStringLiteral("datetime"), QStringLiteral("date"), true),
        objectId,
    };
}

PropertyGroup contactInformationGroup()
{
    PropertyGroup group;
    group.name = QStringLiteral("contactinformation");
    group.label = QStringLiteral("Contact information");
    group.displayOrder = 0;
    group.hubspotDefined = true;
    return group;
}

} // namespace

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

PropertyCatalog::PropertyCatalog()
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
    m_properties = builtInContactProperties();
    m_groups = {contactInformationGroup()};
}

} // namespace Breezee::Sandbox
