#include "BuiltInProperties.h"

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
        builtIn(QStringLiteral("hs_merged_object_ids"), QStringLiteral("Merged Contact IDs"),
                QStringLiteral("enumeration"), QStringLiteral("checkbox"), true),
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


// Moves definitions into the built-in group of another object type.
QList<PropertyDefinition> inGroup(QList<PropertyDefinition> definitions, const QString &groupName)
{
    for (PropertyDefinition &definition : definitions)
        definition.groupName = groupName;
    return definitions;
}

QList<PropertyDefinition> builtInCompanyProperties()
{
    PropertyDefinition lifecycle = builtIn(QStringLiteral("lifecyclestage"), QStringLiteral("Lifecycle Stage"),
                                           QStringLiteral("enumeration"), QStringLiteral("radio"));
    const QList<PropertyDefinition> contactProperties = builtInContactProperties();
    for (const PropertyDefinition &definition : contactProperties) {
        if (definition.name == lifecycle.name)
            lifecycle.options = definition.options;
    }

    PropertyDefinition objectId = builtIn(QStringLiteral("hs_object_id"), QStringLiteral("Record ID"),
                                          QStringLiteral("number"), QStringLiteral("number"), true);
    objectId.hasUniqueValue = true;

    return inGroup({
        builtIn(QStringLiteral("name"), QStringLiteral("Company name"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("domain"), QStringLiteral("Company Domain Name"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("hs_additional_domains"), QStringLiteral("Additional Domains"), QStringLiteral("string"),
                QStringLiteral("textarea")),
        builtIn(QStringLiteral("website"), QStringLiteral("Website URL"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("phone"), QStringLiteral("Phone Number"), QStringLiteral("string"), QStringLiteral("phonenumber")),
        builtIn(QStringLiteral("city"), QStringLiteral("City"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("state"), QStringLiteral("State/Region"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("country"), QStringLiteral("Country/Region"), QStringLiteral("string"), QStringLiteral("text")),
        builtIn(QStringLiteral("description"), QStringLiteral("Description"), QStringLiteral("string"), QStringLiteral("textarea")),
        builtIn(QStringLiteral("numberofemployees"), QStringLiteral("Number of Employees"), QStringLiteral("number"),
                QStringLiteral("number")),
        builtIn(QStringLiteral("annualrevenue"), QStringLiteral("Annual Revenue"), QStringLiteral("number"), QStringLiteral("number")),
        lifecycle,
        builtIn(QStringLiteral("createdate"), QStringLiteral("Create Date"), QStringLiteral("datetime"), QStringLiteral("date"), true),
        builtIn(QStringLiteral("hs_lastmodifieddate"), QStringLiteral("Last Modified Date"), QStringLiteral("datetime"),
                QStringLiteral("date"), true),
        objectId,
    }, QStringLiteral("companyinformation"));
}

// NOTE: HubSpot types hubspot_owner_id as an enumeration of the account's
// owners. The sandbox has no owners, so it accepts any number.
QList<PropertyDefinition> builtInNoteProperties()
{
    PropertyDefinition objectId = builtIn(QStringLiteral("hs_object_id"), QStringLiteral("Record ID"),
                                          QStringLiteral("number"), QStringLiteral("number"), true);
    objectId.hasUniqueValue = true;

    return inGroup({
        builtIn(QStringLiteral("hs_timestamp"), QStringLiteral("Activity date"), QStringLiteral("datetime"), QStringLiteral("date")),
        builtIn(QStringLiteral("hs_note_body"), QStringLiteral("Note body"), QStringLiteral("string"), QStringLiteral("html")),
        builtIn(QStringLiteral("hubspot_owner_id"), QStringLiteral("Activity assigned to"), QStringLiteral("number"),
                QStringLiteral("number")),
        builtIn(QStringLiteral("hs_attachment_ids"), QStringLiteral("Attached file IDs"), QStringLiteral("string"),
                QStringLiteral("text")),
        builtIn(QStringLiteral("hs_createdate"), QStringLiteral("Create date"), QStringLiteral("datetime"), QStringLiteral("date"), true),
        builtIn(QStringLiteral("hs_lastmodifieddate"), QStringLiteral("Last modified date"), QStringLiteral("datetime"),
                QStringLiteral("date"), true),
        objectId,
    }, QStringLiteral("engagement"));
}

PropertyGroup builtInGroup(const QString &name, const QString &label)
{
    PropertyGroup group;
    group.name = name;
    group.label = label;
    group.displayOrder = 0;
    group.hubspotDefined = true;
    return group;
}

} // namespace

QList<PropertyDefinition> builtInProperties(CrmObjectKind kind)
{
    switch (kind) {
    case CrmObjectKind::Contact:
        return builtInContactProperties();
    case CrmObjectKind::Company:
        return builtInCompanyProperties();
    case CrmObjectKind::Note:
        break;
    }
    return builtInNoteProperties();
}

QList<PropertyGroup> builtInGroups(CrmObjectKind kind)
{
    switch (kind) {
    case CrmObjectKind::Contact:
        return {contactInformationGroup()};
    case CrmObjectKind::Company:
        return {builtInGroup(QStringLiteral("companyinformation"), QStringLiteral("Company information"))};
    case CrmObjectKind::Note:
        break;
    }
    return {builtInGroup(QStringLiteral("engagement"), QStringLiteral("Engagement"))};
}

} // namespace Breezee::Sandbox
