#include "CrmObjectType.h"

namespace Breezee::Sandbox {

namespace {

CrmObjectType contactType()
{
    CrmObjectType type;
    type.kind = CrmObjectKind::Contact;
    type.pluralName = QStringLiteral("contacts");
    type.singularName = QStringLiteral("contact");
    type.typeId = QStringLiteral("0-1");
    type.upperName = QStringLiteral("CONTACT");
    type.createDateProperty = QStringLiteral("createdate");
    type.lastModifiedProperty = QStringLiteral("lastmodifieddate");
    type.defaultProperties = {
        QStringLiteral("createdate"), QStringLiteral("email"), QStringLiteral("firstname"),
        QStringLiteral("hs_object_id"), QStringLiteral("lastmodifieddate"), QStringLiteral("lastname"),
    };
    type.queryProperties = {
        QStringLiteral("firstname"), QStringLiteral("lastname"), QStringLiteral("email"),
        QStringLiteral("hs_additional_emails"), QStringLiteral("phone"), QStringLiteral("mobilephone"),
        QStringLiteral("company"),
    };
    type.searchKeyProperties = {QStringLiteral("email")};
    type.readScopes = {QStringLiteral("crm.objects.contacts.read"), QStringLiteral("crm.objects.contacts.write")};
    type.writeScopes = {QStringLiteral("crm.objects.contacts.write")};
    return type;
}

CrmObjectType companyType()
{
    CrmObjectType type;
    type.kind = CrmObjectKind::Company;
    type.pluralName = QStringLiteral("companies");
    type.singularName = QStringLiteral("company");
    type.typeId = QStringLiteral("0-2");
    type.upperName = QStringLiteral("COMPANY");
    type.createDateProperty = QStringLiteral("createdate");
    type.lastModifiedProperty = QStringLiteral("hs_lastmodifieddate");
    type.defaultProperties = {
        QStringLiteral("createdate"), QStringLiteral("domain"), QStringLiteral("hs_lastmodifieddate"),
        QStringLiteral("hs_object_id"), QStringLiteral("name"),
    };
    type.queryProperties = {
        QStringLiteral("name"), QStringLiteral("domain"), QStringLiteral("website"), QStringLiteral("phone"),
        QStringLiteral("hs_additional_domains"),
    };
    type.searchKeyProperties = {QStringLiteral("name"), QStringLiteral("domain")};
    type.readScopes = {QStringLiteral("crm.objects.companies.read"), QStringLiteral("crm.objects.companies.write")};
    type.writeScopes = {QStringLiteral("crm.objects.companies.write")};
    return type;
}

// HubSpot guards notes with the contacts scopes: notes have no scope of
// their own for writes.
CrmObjectType noteType()
{
    CrmObjectType type;
    type.kind = CrmObjectKind::Note;
    type.pluralName = QStringLiteral("notes");
    type.singularName = QStringLiteral("note");
    type.typeId = QStringLiteral("0-46");
    type.upperName = QStringLiteral("NOTE");
    type.createDateProperty = QStringLiteral("hs_createdate");
    type.lastModifiedProperty = QStringLiteral("hs_lastmodifieddate");
    type.defaultProperties = {
        QStringLiteral("hs_createdate"), QStringLiteral("hs_lastmodifieddate"), QStringLiteral("hs_object_id"),
    };
    type.queryProperties = {QStringLiteral("hs_note_body")};
    type.requiredOnCreate = {QStringLiteral("hs_timestamp")};
    type.readScopes = {QStringLiteral("crm.objects.contacts.read"), QStringLiteral("crm.objects.contacts.write")};
    type.writeScopes = {QStringLiteral("crm.objects.contacts.write")};
    return type;
}

} // namespace

QStringList CrmObjectType::alwaysReturnedProperties() const
{
    return {QStringLiteral("hs_object_id"), createDateProperty, lastModifiedProperty};
}

const CrmObjectType &crmObjectType(CrmObjectKind kind)
{
    static const CrmObjectType contacts = contactType();
    static const CrmObjectType companies = companyType();
    static const CrmObjectType notes = noteType();

    switch (kind) {
    case CrmObjectKind::Contact:
        return contacts;
    case CrmObjectKind::Company:
        return companies;
    case CrmObjectKind::Note:
        break;
    }
    return notes;
}

std::optional<CrmObjectKind> crmObjectKindFromName(const QString &name)
{
    const QString lower = name.toLower();
    for (CrmObjectKind kind : {CrmObjectKind::Contact, CrmObjectKind::Company, CrmObjectKind::Note}) {
        const CrmObjectType &type = crmObjectType(kind);
        if (lower == type.pluralName || lower == type.singularName || lower == type.typeId)
            return kind;
    }
    return std::nullopt;
}

} // namespace Breezee::Sandbox
