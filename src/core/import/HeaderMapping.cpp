#include "HeaderMapping.h"

namespace Breezee {

namespace {

struct FieldSpec {
    ProspectField field;
    const char *name;
    // Loose column names (see HeaderMapping::looseName) in priority order.
    QStringList defaultColumns;
};

// The default names cover the atomic-crm contact export, the Salesforce lead
// export and the column titles of HubSpot and Salesforce exports.
const QList<FieldSpec> &fieldSpecs()
{
    static const QList<FieldSpec> specs = {
        {ProspectField::Email, "email",
         {QStringLiteral("email"), QStringLiteral("emailaddress"), QStringLiteral("emailwork"),
          QStringLiteral("workemail"), QStringLiteral("businessemail"), QStringLiteral("primaryemail"),
          QStringLiteral("emailhome"), QStringLiteral("homeemail"), QStringLiteral("personalemail"),
          QStringLiteral("emailother"), QStringLiteral("otheremail")}},
        {ProspectField::FirstName, "first_name",
         {QStringLiteral("firstname"), QStringLiteral("givenname"), QStringLiteral("first")}},
        {ProspectField::LastName, "last_name",
         {QStringLiteral("lastname"), QStringLiteral("surname"), QStringLiteral("familyname"),
          QStringLiteral("last")}},
        {ProspectField::Phone, "phone",
         {QStringLiteral("phone"), QStringLiteral("phonenumber"), QStringLiteral("telephone"),
          QStringLiteral("businessphone"), QStringLiteral("workphone"), QStringLiteral("phonework"),
          QStringLiteral("officephone"), QStringLiteral("homephone"), QStringLiteral("phonehome"),
          QStringLiteral("otherphone"), QStringLiteral("phoneother")}},
        {ProspectField::MobilePhone, "mobile_phone",
         {QStringLiteral("mobilephone"), QStringLiteral("mobilephonenumber"), QStringLiteral("mobile"),
          QStringLiteral("mobilenumber"), QStringLiteral("cellphone"), QStringLiteral("cellphonenumber"),
          QStringLiteral("cell")}},
        {ProspectField::JobTitle, "job_title",
         {QStringLiteral("jobtitle"), QStringLiteral("title"), QStringLiteral("position")}},
        {ProspectField::CompanyName, "company_name",
         {QStringLiteral("companyname"), QStringLiteral("company"), QStringLiteral("associatedcompany"),
          QStringLiteral("company/account"), QStringLiteral("accountname"), QStringLiteral("account"),
          QStringLiteral("organization"), QStringLiteral("organisation")}},
        {ProspectField::LeadScore, "lead_score",
         {QStringLiteral("leadscore"), QStringLiteral("hubspotscore"), QStringLiteral("score")}},
        {ProspectField::SourceChannel, "source_channel",
         {QStringLiteral("sourcechannel"), QStringLiteral("leadsource"), QStringLiteral("originalsource"),
          QStringLiteral("source"), QStringLiteral("channel")}},
        {ProspectField::LifecycleStage, "lifecycle_stage",
         {QStringLiteral("lifecyclestage"), QStringLiteral("lifecycle"), QStringLiteral("leadstatus"),
          QStringLiteral("status"), QStringLiteral("stage")}},
        {ProspectField::LastActivityAt, "last_activity_at",
         {QStringLiteral("lastactivityat"), QStringLiteral("lastactivitydate"),
          QStringLiteral("lastactivity"), QStringLiteral("lastengagementdate"),
          QStringLiteral("lastcontacted"), QStringLiteral("lastseen")}},
        {ProspectField::CreatedAt, "created_at",
         {QStringLiteral("createdat"), QStringLiteral("createdate"), QStringLiteral("createddate"),
          QStringLiteral("datecreated"), QStringLiteral("createdon"), QStringLiteral("firstseen")}},
    };
    return specs;
}

const FieldSpec &specOf(ProspectField field)
{
    return fieldSpecs().at(static_cast<int>(field));
}

int indexOf(ProspectField field)
{
    return static_cast<int>(field);
}

QStringList knownFieldNames()
{
    QStringList names;
    for (const FieldSpec &spec : fieldSpecs())
        names << QString::fromLatin1(spec.name);
    return names;
}

} // namespace

QList<ProspectField> allProspectFields()
{
    QList<ProspectField> fields;
    for (const FieldSpec &spec : fieldSpecs())
        fields << spec.field;
    return fields;
}

QString prospectFieldName(ProspectField field)
{
    return QString::fromLatin1(specOf(field).name);
}

std::optional<ProspectField> prospectFieldFromName(const QString &name)
{
    const QString loose = HeaderMapping::looseName(name);
    for (const FieldSpec &spec : fieldSpecs()) {
        if (HeaderMapping::looseName(QString::fromLatin1(spec.name)) == loose)
            return spec.field;
    }
    return std::nullopt;
}

Result<HeaderMapping> HeaderMapping::fromHeader(const QStringList &header,
                                                const QStringList &explicitEntries)
{
    HeaderMapping mapping;
    mapping.m_header = header;
    mapping.applyDefaults();

    for (const QString &entry : explicitEntries) {
        if (Status status = mapping.applyEntry(entry))
            return *status;
    }

    return mapping;
}

bool HeaderMapping::isMapped(ProspectField field) const
{
    return !m_columns.at(indexOf(field)).isEmpty();
}

QList<int> HeaderMapping::columns(ProspectField field) const
{
    return m_columns.at(indexOf(field));
}

QString HeaderMapping::value(ProspectField field, const QStringList &row) const
{
    const int column = sourceColumn(field, row);
    return column < 0 ? QString() : row.at(column).trimmed();
}

int HeaderMapping::sourceColumn(ProspectField field, const QStringList &row) const
{
    for (int column : m_columns.at(indexOf(field))) {
        if (column < row.size() && !row.at(column).trimmed().isEmpty())
            return column;
    }
    return -1;
}

QString HeaderMapping::columnName(int column) const
{
    return m_header.value(column);
}

QString HeaderMapping::describe() const
{
    QStringList parts;
    for (const FieldSpec &spec : fieldSpecs()) {
        const QList<int> &columns = m_columns.at(indexOf(spec.field));
        if (columns.isEmpty())
            continue;

        QStringList names;
        for (int column : columns)
            names << m_header.at(column);
        parts << QString::fromLatin1(spec.name) + QLatin1Char('=') + names.join(QLatin1Char('|'));
    }
    return parts.join(QStringLiteral(", "));
}

QString HeaderMapping::looseName(const QString &name)
{
    QString loose;
    loose.reserve(name.size());
    for (QChar c : name) {
        if (c.isSpace() || c == QLatin1Char('_') || c == QLatin1Char('-'))
            continue;
        loose += c;
    }
    return loose.toCaseFolded();
}

void HeaderMapping::applyDefaults()
{
    QStringList looseHeader;
    for (const QString &column : std::as_const(m_header))
        looseHeader << looseName(column);

    for (const FieldSpec &spec : fieldSpecs()) {
        QList<int> &columns = m_columns[indexOf(spec.field)];
        for (const QString &candidate : spec.defaultColumns) {
            for (int column = 0; column < looseHeader.size(); ++column) {
                if (looseHeader.at(column) == candidate && !columns.contains(column))
                    columns << column;
            }
        }
    }
}

// Applies one "field=Column|Column2" entry.
Status HeaderMapping::applyEntry(const QString &entry)
{
    const qsizetype equals = entry.indexOf(QLatin1Char('='));
    if (equals < 0)
        return Error{QStringLiteral("mapping_invalid"),
                     tr("The mapping entry '%1' has no '='. Write it as field=Column or "
                        "field=Column|Column2.")
                         .arg(entry)};

    const QString fieldName = entry.left(equals).trimmed();
    const std::optional<ProspectField> field = prospectFieldFromName(fieldName);
    if (!field)
        return Error{QStringLiteral("mapping_unknown_field"),
                     tr("The mapping entry '%1' names the unknown field '%2'. Known fields: %3.")
                         .arg(entry, fieldName, knownFieldNames().join(QStringLiteral(", ")))};

    QList<int> columns;
    const QStringList names = entry.mid(equals + 1).split(QLatin1Char('|'));
    for (const QString &rawName : names) {
        const QString name = rawName.trimmed();
        if (name.isEmpty())
            continue;

        const int column = findColumn(name);
        if (column < 0)
            return Error{QStringLiteral("mapping_unknown_column"),
                         tr("The mapping entry '%1' names the column '%2', which is not in the "
                            "file's header. Columns in the file: %3.")
                             .arg(entry, name, m_header.join(QStringLiteral(", ")))};
        if (!columns.contains(column))
            columns << column;
    }

    m_columns[indexOf(*field)] = columns;
    return std::nullopt;
}

// Finds a header column by its exact name first, then by its loose name.
int HeaderMapping::findColumn(const QString &name) const
{
    const int exact = m_header.indexOf(name);
    if (exact >= 0)
        return exact;

    const QString loose = looseName(name);
    for (int column = 0; column < m_header.size(); ++column) {
        if (looseName(m_header.at(column)) == loose)
            return column;
    }
    return -1;
}

} // namespace Breezee
