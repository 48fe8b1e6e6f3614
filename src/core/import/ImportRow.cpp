#include "ImportRow.h"

#include "import/ImportValues.h"

#include <QCoreApplication>

namespace Breezee {

namespace {

void addWarning(QList<ImportIssue> &warnings, int line, const QString &reason)
{
    warnings.append(ImportIssue{line, reason});
}

std::optional<int> leadScoreFromRow(const CsvRecord &record, const HeaderMapping &mapping,
                                    QList<ImportIssue> &warnings)
{
    const int column = mapping.sourceColumn(ProspectField::LeadScore, record.fields);
    if (column < 0)
        return std::nullopt;

    const QString text = record.fields.at(column).trimmed();
    const std::optional<int> score = parseLeadScore(text);
    if (!score)
        addWarning(warnings, record.line,
                   QCoreApplication::translate(
                       "Breezee::ProspectImporter",
                       "the lead score '%1' in column %2 is not an integer; the field was "
                       "skipped")
                       .arg(text, mapping.columnName(column)));
    return score;
}

QDateTime dateFromRow(ProspectField field, const CsvRecord &record, const HeaderMapping &mapping,
                      const QTimeZone &assumedZone, QList<ImportIssue> &warnings)
{
    const int column = mapping.sourceColumn(field, record.fields);
    if (column < 0)
        return {};

    const QString text = record.fields.at(column).trimmed();
    const std::optional<QDateTime> time = parseImportDateTime(text, assumedZone);
    if (!time) {
        addWarning(warnings, record.line,
                   QCoreApplication::translate(
                       "Breezee::ProspectImporter",
                       "the date '%1' in column %2 is not in a known format; the field was "
                       "skipped")
                       .arg(text, mapping.columnName(column)));
        return {};
    }
    return *time;
}

bool takeText(QString &stored, const QString &imported)
{
    if (imported.isEmpty() || stored == imported)
        return false;

    stored = imported;
    return true;
}

} // namespace

Prospect prospectFromRow(const CsvRecord &record, const HeaderMapping &mapping,
                         const QTimeZone &assumedZone, QList<ImportIssue> &warnings)
{
    const QStringList &fields = record.fields;

    Prospect prospect;
    prospect.email = mapping.value(ProspectField::Email, fields);
    prospect.firstName = mapping.value(ProspectField::FirstName, fields);
    prospect.lastName = mapping.value(ProspectField::LastName, fields);
    prospect.phone = mapping.value(ProspectField::Phone, fields);
    prospect.mobilePhone = mapping.value(ProspectField::MobilePhone, fields);
    prospect.jobTitle = mapping.value(ProspectField::JobTitle, fields);
    prospect.companyName = mapping.value(ProspectField::CompanyName, fields);
    prospect.sourceChannel = mapping.value(ProspectField::SourceChannel, fields);
    prospect.lifecycleStage = mapping.value(ProspectField::LifecycleStage, fields);

    prospect.leadScore = leadScoreFromRow(record, mapping, warnings);
    prospect.lastActivityAt =
        dateFromRow(ProspectField::LastActivityAt, record, mapping, assumedZone, warnings);
    prospect.createdAt = dateFromRow(ProspectField::CreatedAt, record, mapping, assumedZone, warnings);

    return prospect;
}

bool mergeImportedFields(Prospect &stored, const Prospect &row)
{
    bool changed = false;
    changed |= takeText(stored.firstName, row.firstName);
    changed |= takeText(stored.lastName, row.lastName);
    changed |= takeText(stored.phone, row.phone);
    changed |= takeText(stored.mobilePhone, row.mobilePhone);
    changed |= takeText(stored.jobTitle, row.jobTitle);
    changed |= takeText(stored.companyName, row.companyName);
    changed |= takeText(stored.sourceChannel, row.sourceChannel);
    changed |= takeText(stored.lifecycleStage, row.lifecycleStage);

    if (row.leadScore && stored.leadScore != row.leadScore) {
        stored.leadScore = row.leadScore;
        changed = true;
    }

    const bool laterActivity = row.lastActivityAt.isValid()
        && (!stored.lastActivityAt.isValid() || row.lastActivityAt > stored.lastActivityAt);
    if (laterActivity) {
        stored.lastActivityAt = row.lastActivityAt;
        changed = true;
    }

    const bool earlierCreation = row.createdAt.isValid()
        && (!stored.createdAt.isValid() || row.createdAt < stored.createdAt);
    if (earlierCreation) {
        stored.createdAt = row.createdAt;
        changed = true;
    }

    return changed;
}

} // namespace Breezee
