#pragma once

#include <QList>
#include <QString>

namespace Breezee {

// A problem with one row of an imported file.
struct ImportIssue {
    int line = 0; // physical line in the file where the row starts
    QString reason;

    // Returns "line 17: <reason>", translated.
    QString toString() const;
};

// The outcome of importing one file.
struct ImportReport {
    QString file;
    int rowsRead = 0; // data rows, without the header and blank rows
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    QList<ImportIssue> rejected; // rows that were not imported
    QList<ImportIssue> warnings; // rows imported with a field skipped or a remark

    // Returns one translated line with the counts, for a status bar or a log.
    QString summary() const;
};

} // namespace Breezee
