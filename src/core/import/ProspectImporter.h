#pragma once

#include "common/Result.h"
#include "import/ImportReport.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <functional>

class QIODevice;

namespace Breezee {

struct ImportOptions {
    // Explicit mapping entries, "field=Column" or "field=Column|Column2",
    // that replace the default columns of those fields (see HeaderMapping).
    QStringList mapping;

    // source_channel of a new prospect whose row has none. It is stored and
    // sent to the CRM, so it stays untranslated.
    QString defaultSourceChannel = QStringLiteral("CSV import");

    // Zone of date-times in the file that carry no UTC offset.
    QTimeZone assumedTimeZone = QTimeZone::systemTimeZone();

    // Rows written per transaction.
    int batchSize = 500;

    // Called on the importing thread at the start, after every batch and at
    // the end, with the records processed and the total (-1 when the device
    // cannot be read twice to count them).
    std::function<void(int rowsDone, int rowsTotal)> progress;
};

// Imports prospects from a CSV file into the store.
//
// Each row needs a usable email. A row without one is rejected with its line,
// and the import goes on. Emails are trimmed and compared case-insensitively.
// A row whose email matches a prospect (already stored or earlier in the same
// file) updates that prospect instead of creating a second one:
//  - A text field or the lead score changes when the row has a different,
//    non-blank value, so an import never blanks a field.
//  - last_activity_at only moves later and created_at only earlier, so an
//    older export cannot undo newer activity.
//  - The stored email keeps the spelling it was first captured with.
// A row that changes nothing writes nothing, so it enqueues no sync.
//
// Format errors (invalid UTF-8, an unclosed quote) are found by a first pass
// before anything is written, on devices that can seek. On a sequential
// device the import stops at the error and keeps the batches it committed.
class ProspectImporter {
    Q_DECLARE_TR_FUNCTIONS(Breezee::ProspectImporter)

public:
    // The database must be open on the calling thread and not inside a
    // transaction, because the importer commits every ImportOptions::batchSize
    // rows.
    explicit ProspectImporter(QSqlDatabase db);

    Result<ImportReport> importFile(const QString &path, const ImportOptions &options = {});

    // Imports from an open device. `name` goes into the report and the log.
    Result<ImportReport> importDevice(QIODevice *device, const QString &name,
                                      const ImportOptions &options = {});

private:
    QSqlDatabase m_db;
};

} // namespace Breezee
