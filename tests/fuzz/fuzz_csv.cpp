// libFuzzer target: the CSV reader and the prospect importer on arbitrary
// bytes. An input may start with mapping entries ("field=Column" lines)
// ended by a NUL byte; the rest is the CSV file.

#include "FuzzSupport.h"

#include "import/CsvReader.h"
#include "import/ProspectImporter.h"
#include "store/Database.h"
#include "store/DatabaseConfig.h"

#include <QBuffer>
#include <QSqlQuery>

#include <memory>

namespace {

// Imports go into one in-memory SQLite store. It is rebuilt every
// kRunsPerDatabase runs so that it neither grows without bound nor stays
// empty: a later run updates the prospects of earlier ones.
constexpr int kRunsPerDatabase = 500;

// A device that cannot seek, as a pipe on standard input: the importer then
// skips its counting pass and stops at the first format error.
class SequentialBuffer : public QBuffer {
public:
    using QBuffer::QBuffer;
    bool isSequential() const override { return true; }
};

QSqlDatabase importDatabase()
{
    // A raw pointer on purpose: the store must outlive the run, and a static
    // destructor would close it after Qt Sql's own statics are gone.
    static Breezee::Database *database = nullptr;
    static int runs = 0;
    static int generation = 0;

    if (database && ++runs < kRunsPerDatabase)
        return database->handle();

    runs = 0;
    delete database;
    database = new Breezee::Database(QStringLiteral("fuzz_csv_%1").arg(++generation));
    Breezee::DatabaseConfig config;
    config.databaseName = QStringLiteral(":memory:");
    if (const Breezee::Status status = database->open(config))
        qFatal("fuzz_csv: opening the in-memory store failed: %s", qPrintable(status->message));
    return database->handle();
}

void readRecords(const QByteArray &csv)
{
    QByteArray copy = csv;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    (void)Breezee::CsvReader::readAll(&buffer);
}

void importRecords(const QByteArray &csv, const QStringList &mapping, bool sequential)
{
    QByteArray copy = csv;
    std::unique_ptr<QBuffer> buffer = sequential ? std::make_unique<SequentialBuffer>(&copy)
                                                 : std::make_unique<QBuffer>(&copy);
    buffer->open(QIODevice::ReadOnly);

    Breezee::ImportOptions options;
    options.mapping = mapping;
    options.assumedTimeZone = QTimeZone::utc();
    options.batchSize = 7;

    Breezee::ProspectImporter importer(importDatabase());
    (void)importer.importDevice(buffer.get(), QStringLiteral("fuzz.csv"), options);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Breezee::Fuzz::initialize();

    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QByteArray csv = input;
    QStringList mapping;
    const qsizetype separator = input.indexOf('\0');
    if (separator >= 0) {
        mapping = QString::fromUtf8(input.left(separator)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        csv = input.mid(separator + 1);
    }

    readRecords(csv);
    importRecords(csv, mapping, size % 2 == 1);
    return 0;
}
