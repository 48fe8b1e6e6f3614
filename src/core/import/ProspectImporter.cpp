#include "ProspectImporter.h"

#include "common/Logging.h"
#include "import/CsvReader.h"
#include "import/HeaderMapping.h"
#include "import/ImportRow.h"
#include "store/ProspectStore.h"

#include <QDir>
#include <QFile>
#include "store/Database.h"

#include <QSqlError>

#include <algorithm>

namespace Breezee {

namespace {

constexpr int kMaxFieldLength = 65536;


bool isBlankRow(const QStringList &fields)
{
    return std::all_of(fields.cbegin(), fields.cend(),
                       [](const QString &field) { return field.trimmed().isEmpty(); });
}

// Counts the records of a seekable device and rewinds it. This first pass
// also finds format errors before the import writes anything.
Result<int> countRecords(QIODevice *device)
{
    CsvReader reader(device);
    int records = 0;
    while (reader.next())
        ++records;

    if (reader.error())
        return *reader.error();

    if (!device->seek(0))
        return Error{QStringLiteral("import_read_failed"),
                     ProspectImporter::tr("Rewinding the file after counting its rows failed: %1")
                         .arg(device->errorString())};
    return records;
}

// The state of one import: the open transaction, the counters and the report.
class ImportRun {
public:
    ImportRun(QSqlDatabase db, const HeaderMapping &mapping, const ImportOptions &options,
              int headerSize, int totalRows)
        : m_db(db)
        , m_store(db)
        , m_mapping(mapping)
        , m_options(options)
        , m_headerSize(headerSize)
        , m_totalRows(totalRows)
        , m_batchSize(std::max(1, options.batchSize))
    {
    }

    Status begin();
    Status process(const CsvRecord &record);
    Status finish();
    void abort();

    ImportReport &report() { return m_report; }

private:
    Status importRow(const CsvRecord &record);
    Error stoppedAt(int line, const Error &error) const;
    Status createProspect(Prospect row, int line);
    Status updateProspect(Prospect stored, const Prospect &row, int line);
    void checkFieldCount(const CsvRecord &record);
    void reject(int line, const QString &reason);
    QString columnLabel(int column) const;
    Status commitBatch();
    void reportProgress() const;

    QSqlDatabase m_db;
    ProspectStore m_store;
    const HeaderMapping &m_mapping;
    const ImportOptions &m_options;
    const int m_headerSize;
    const int m_totalRows;
    const int m_batchSize;

    int m_recordsDone = 0;
    int m_recordsCommitted = 0;
    int m_recordsInBatch = 0;
    int m_firstLineOfBatch = 0;
    ImportReport m_report;
};

Status ImportRun::begin()
{
    reportProgress();

    if (!beginWriteTransaction(m_db))
        return Error{QStringLiteral("import_db_error"),
                     ProspectImporter::tr("Starting a database transaction failed: %1")
                         .arg(m_db.lastError().text())};
    return std::nullopt;
}

Status ImportRun::process(const CsvRecord &record)
{
    if (m_recordsInBatch == 0)
        m_firstLineOfBatch = record.line;

    ++m_recordsDone;
    ++m_recordsInBatch;

    if (Status status = importRow(record))
        return stoppedAt(record.line, *status);

    if (m_recordsInBatch < m_batchSize)
        return std::nullopt;

    return commitBatch();
}

Status ImportRun::finish()
{
    if (!m_db.commit())
        return Error{QStringLiteral("import_db_error"),
                     ProspectImporter::tr("Saving the last rows failed: %1").arg(m_db.lastError().text())};

    m_recordsInBatch = 0;
    reportProgress();
    return std::nullopt;
}

void ImportRun::abort()
{
    m_db.rollback();
}

Status ImportRun::importRow(const CsvRecord &record)
{
    if (isBlankRow(record.fields))
        return std::nullopt;

    ++m_report.rowsRead;
    checkFieldCount(record);

    // HubSpot keeps at most 65,536 characters in a text property, and a
    // NUL byte is a broken export rather than text.
    for (int column = 0; column < record.fields.size(); ++column) {
        const QString &field = record.fields.at(column);
        if (field.contains(QChar(u'\0'))) {
            reject(record.line, ProspectImporter::tr("column '%1' contains a NUL byte, which is not text; "
                                                     "export the file again as UTF-8 text and import it")
                                    .arg(columnLabel(column)));
            return std::nullopt;
        }
        if (field.size() > kMaxFieldLength) {
            reject(record.line, ProspectImporter::tr("column '%1' has %2 characters, more than the %3 a "
                                                     "HubSpot property keeps; shorten it and import again")
                                    .arg(columnLabel(column))
                                    .arg(field.size())
                                    .arg(kMaxFieldLength));
            return std::nullopt;
        }
    }

    const QString email = m_mapping.value(ProspectField::Email, record.fields);
    if (email.isEmpty()) {
        reject(record.line, ProspectImporter::tr("no email column has a value"));
        return std::nullopt;
    }

    if (!isUsableEmail(normalizeEmail(email))) {
        reject(record.line,
               ProspectImporter::tr("email '%1' is not a valid address; fix it in the file and "
                                    "import again")
                   .arg(email));
        return std::nullopt;
    }

    const Prospect row = prospectFromRow(record, m_mapping, m_options.assumedTimeZone,
                                         m_report.warnings);

    std::optional<Prospect> stored = m_store.findByEmail(email);
    if (!stored)
        return createProspect(row, record.line);

    return updateProspect(*stored, row, record.line);
}

// Describes a write that failed and what the committed batches kept.
Error ImportRun::stoppedAt(int line, const Error &error) const
{
    const QString savedRows = m_recordsCommitted == 0
        ? ProspectImporter::tr("Nothing was saved.")
        : ProspectImporter::tr("The rows before line %1 were saved.").arg(m_firstLineOfBatch);
    QString message = error.message;
    if (!message.endsWith(QLatin1Char('.')))
        message += QLatin1Char('.');

    return Error{error.code, ProspectImporter::tr("Line %1: %2 %3").arg(line).arg(message, savedRows)};
}

Status ImportRun::createProspect(Prospect row, int line)
{
    if (row.sourceChannel.isEmpty())
        row.sourceChannel = m_options.defaultSourceChannel;

    const Result<qint64> id = m_store.insert(row);
    if (!id)
        return id.error();

    qCDebug(lcImport) << "line" << line << "created prospect" << id.value();
    ++m_report.created;
    return std::nullopt;
}

Status ImportRun::updateProspect(Prospect stored, const Prospect &row, int line)
{
    if (!mergeImportedFields(stored, row)) {
        ++m_report.unchanged;
        return std::nullopt;
    }

    if (Status status = m_store.update(stored))
        return status;

    qCDebug(lcImport) << "line" << line << "updated prospect" << stored.id;
    ++m_report.updated;
    return std::nullopt;
}

void ImportRun::checkFieldCount(const CsvRecord &record)
{
    const int fields = record.fields.size();
    if (fields == m_headerSize)
        return;

    const QString reason = fields > m_headerSize
        ? ProspectImporter::tr("the row has %1 fields but the header has %2; the extra fields were "
                               "ignored")
        : ProspectImporter::tr("the row has %1 fields but the header has %2; the missing fields "
                               "count as empty");
    QString message = reason.arg(fields).arg(m_headerSize);

    // A quote that is not closed on its own line swallows the following
    // lines into one field, which is rarely what the file meant.
    const bool spansLines = std::any_of(record.fields.cbegin(), record.fields.cend(),
                                        [](const QString &field) { return field.contains(QLatin1Char('\n')); });
    if (fields < m_headerSize && spansLines)
        message += ProspectImporter::tr(". A quoted field here runs over several lines, so the lines after it "
                                        "were read into this row; check the quotes on line %1.")
                       .arg(record.line);
    m_report.warnings.append(ImportIssue{record.line, message});
}

// Names a column by its header, or by its number when it has none.
QString ImportRun::columnLabel(int column) const
{
    const QString name = m_mapping.columnName(column).trimmed();
    return name.isEmpty() ? QString::number(column + 1) : name;
}

void ImportRun::reject(int line, const QString &reason)
{
    qCDebug(lcImport) << "line" << line << "rejected";
    m_report.rejected.append(ImportIssue{line, reason});
}

Status ImportRun::commitBatch()
{
    if (!m_db.commit())
        return Error{QStringLiteral("import_db_error"),
                     ProspectImporter::tr("Saving the rows from line %1 on failed: %2")
                         .arg(m_firstLineOfBatch)
                         .arg(m_db.lastError().text())};

    m_recordsCommitted = m_recordsDone;
    m_recordsInBatch = 0;
    reportProgress();

    if (!beginWriteTransaction(m_db))
        return Error{QStringLiteral("import_db_error"),
                     ProspectImporter::tr("Starting a database transaction failed: %1")
                         .arg(m_db.lastError().text())};
    return std::nullopt;
}

void ImportRun::reportProgress() const
{
    if (m_options.progress)
        m_options.progress(m_recordsDone, m_totalRows);
}

} // namespace

ProspectImporter::ProspectImporter(QSqlDatabase db)
    : m_db(std::move(db))
{
}

Result<ImportReport> ProspectImporter::importFile(const QString &path, const ImportOptions &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("import_open_failed"),
                     tr("Cannot open %1: %2. Check that the file exists and that you may read it.")
                         .arg(QDir::toNativeSeparators(path), file.errorString())};

    return importDevice(&file, path, options);
}

Result<ImportReport> ProspectImporter::importDevice(QIODevice *device, const QString &name,
                                                    const ImportOptions &options)
{
    if (!device || !device->isReadable())
        return Error{QStringLiteral("import_open_failed"),
                     tr("The file %1 is not open for reading.").arg(name)};

    int totalRows = -1;
    if (!device->isSequential()) {
        const Result<int> records = countRecords(device);
        if (!records)
            return records.error();
        totalRows = std::max(0, records.value() - 1);
    }

    CsvReader reader(device);
    const std::optional<CsvRecord> header = reader.next();
    if (!header) {
        if (reader.error())
            return *reader.error();
        return Error{QStringLiteral("import_empty"),
                     tr("The file %1 is empty. Export the prospects again with a header row.")
                         .arg(name)};
    }

    const Result<HeaderMapping> mapping = HeaderMapping::fromHeader(header->fields, options.mapping);
    if (!mapping)
        return mapping.error();

    if (!mapping->isMapped(ProspectField::Email))
        return Error{QStringLiteral("import_no_email_column"),
                     tr("No column of %1 is recognized as an email column. Columns in the file: %2. "
                        "Map one with email=Column.")
                         .arg(name, header->fields.join(QStringLiteral(", ")))};

    qCInfo(lcImport).noquote() << "importing" << name << "- rows:" << totalRows
                               << "mapping:" << mapping->describe();

    ImportRun run(m_db, mapping.value(), options, header->fields.size(), totalRows);
    if (Status status = run.begin())
        return *status;

    while (std::optional<CsvRecord> record = reader.next()) {
        if (Status status = run.process(*record)) {
            run.abort();
            qCWarning(lcImport).noquote() << "import of" << name << "stopped:" << status->message;
            return *status;
        }
    }

    if (reader.error()) {
        run.abort();
        qCWarning(lcImport).noquote() << "import of" << name << "stopped:" << reader.error()->message;
        return *reader.error();
    }

    if (Status status = run.finish()) {
        run.abort();
        qCWarning(lcImport).noquote() << "import of" << name << "failed:" << status->message;
        return *status;
    }

    ImportReport report = std::move(run.report());
    report.file = name;
    qCInfo(lcImport).noquote() << "imported" << name << "-" << report.summary();
    return report;
}

} // namespace Breezee
