#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace Breezee {

// Prospect fields that an import can fill.
enum class ProspectField {
    Email,
    FirstName,
    LastName,
    Phone,
    MobilePhone,
    JobTitle,
    CompanyName,
    LeadScore,
    SourceChannel,
    LifecycleStage,
    LastActivityAt,
    CreatedAt,
};

constexpr int kProspectFieldCount = static_cast<int>(ProspectField::CreatedAt) + 1;

// Returns every field in declaration order.
QList<ProspectField> allProspectFields();

// Returns the field's name in mappings and messages, for example "first_name".
QString prospectFieldName(ProspectField field);

// Looks a field up by name, ignoring case, spaces, '_' and '-'.
std::optional<ProspectField> prospectFieldFromName(const QString &name);

// The assignment of CSV columns to prospect fields.
//
// By default each field takes the columns whose names match a list of names
// common in CRM exports (atomic-crm, Salesforce, HubSpot), compared without
// regard to case, spaces, '_' and '-'. A field may have several candidate
// columns in priority order, and value() returns the first that is not blank
// in the row.
//
// Explicit entries of the form "field=Column" or "field=Column|Column2"
// replace the candidates of that field. "field=" leaves the field unmapped.
class HeaderMapping {
    Q_DECLARE_TR_FUNCTIONS(Breezee::HeaderMapping)

public:
    // Builds the mapping for a header row. Returns an error that names an
    // unknown field, a malformed entry or a column that the header lacks.
    static Result<HeaderMapping> fromHeader(const QStringList &header,
                                            const QStringList &explicitEntries = {});

    bool isMapped(ProspectField field) const;

    // Returns the candidate column indexes of a field in priority order.
    QList<int> columns(ProspectField field) const;

    // Returns the trimmed value of the first candidate column that is not
    // blank in the row, or an empty string.
    QString value(ProspectField field, const QStringList &row) const;

    // Returns the index of the column that value() took, or -1.
    int sourceColumn(ProspectField field, const QStringList &row) const;

    QString columnName(int column) const;

    // Describes the mapping for logs and the import dialog, for example
    // "email=email_work|email_home|email_other, first_name=first_name".
    QString describe() const;

    // Returns a column or field name lower-cased without spaces, '_' or '-'.
    static QString looseName(const QString &name);

private:
    void applyDefaults();
    Status applyEntry(const QString &entry);
    int findColumn(const QString &name) const;

    QStringList m_header;
    std::array<QList<int>, kProspectFieldCount> m_columns;
};

} // namespace Breezee
