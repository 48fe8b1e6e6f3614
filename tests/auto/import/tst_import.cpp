#include "import/CsvReader.h"
#include "import/HeaderMapping.h"
#include "import/ImportValues.h"
#include "import/ProspectImporter.h"
#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Breezee;

using Rows = QList<QStringList>;

// A read-only device that cannot seek, like a pipe or a network reply.
class SequentialSource : public QIODevice {
public:
    explicit SequentialSource(QByteArray data) : m_data(std::move(data)) { open(QIODevice::ReadOnly); }

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_offset + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 size = qMin(maxSize, qint64(m_data.size()) - m_offset);
        memcpy(data, m_data.constData() + m_offset, size_t(size));
        m_offset += size;
        return size;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_offset = 0;
};

class tst_Import : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void csvRecords_data();
    void csvRecords();
    void csvErrors_data();
    void csvErrors();
    void csvReadsFromFile();

    void defaultMapping_data();
    void defaultMapping();
    void mappingPrefersFirstNonBlankColumn();
    void explicitMappingReplacesDefaults();
    void explicitMappingErrors_data();
    void explicitMappingErrors();

    void parseDates_data();
    void parseDates();
    void parseLeadScore_data();
    void parseLeadScore();

    void importSampleFiles();
    void reimportChangesNothing();
    void badEmailRejectsLineOnly();
    void caseDifferentDuplicatesMerge();
    void updateNeverBlanksFields();
    void unchangedRowEnqueuesNothing();
    void olderActivityDoesNotRewind();
    void invalidLeadScoreWarns();
    void explicitMappingImport();
    void unknownMappingFieldFails();
    void missingEmailColumnFails();
    void invalidUtf8WritesNothing();
    void emptyFileFails();
    void fieldCountMismatchWarns();
    void batchesAndProgress();
    void sequentialDeviceImports();
    void sequentialDeviceStopsAtError();
    void largeFileIsQuick();

private:
    QSqlDatabase db() const { return m_database->handle(); }
    QString writeFile(const QString &name, const QByteArray &contents) const;
    Result<ImportReport> importBytes(const QByteArray &contents, const ImportOptions &options = {});
    Result<ImportReport> importSample(const QString &fileName);
    int queueRows() const;
    int queueGenerationSum() const;
    QString maxUpdatedAt() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    int m_connection = 0;
};

namespace {

ImportOptions utcOptions()
{
    ImportOptions options;
    options.assumedTimeZone = QTimeZone::utc();
    return options;
}

QDateTime utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int ms = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC);
}

QStringList issueTexts(const QList<ImportIssue> &issues)
{
    QStringList texts;
    for (const ImportIssue &issue : issues)
        texts << issue.toString();
    return texts;
}

} // namespace

void tst_Import::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());

    m_database = std::make_unique<Database>(QStringLiteral("tst_import_%1").arg(++m_connection));
    DatabaseConfig config;
    config.databaseName = m_dir->filePath(QStringLiteral("store.sqlite"));
    const Status status = m_database->open(config);
    QVERIFY2(!status, qPrintable(status ? status->message : QString()));
}

void tst_Import::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

QString tst_Import::writeFile(const QString &name, const QByteArray &contents) const
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

Result<ImportReport> tst_Import::importBytes(const QByteArray &contents, const ImportOptions &options)
{
    QBuffer buffer;
    buffer.setData(contents);
    buffer.open(QIODevice::ReadOnly);

    ProspectImporter importer(db());
    return importer.importDevice(&buffer, QStringLiteral("test.csv"), options);
}

Result<ImportReport> tst_Import::importSample(const QString &fileName)
{
    ProspectImporter importer(db());
    return importer.importFile(QStringLiteral(BREEZEE_SAMPLE_DATA_DIR "/") + fileName, utcOptions());
}

int tst_Import::queueRows() const
{
    QSqlQuery query(db());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_queue")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int tst_Import::queueGenerationSum() const
{
    QSqlQuery query(db());
    if (!query.exec(QStringLiteral("SELECT COALESCE(SUM(generation), 0) FROM sync_queue")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QString tst_Import::maxUpdatedAt() const
{
    QSqlQuery query(db());
    if (!query.exec(QStringLiteral("SELECT MAX(updated_at) FROM prospects")) || !query.next())
        return {};
    return query.value(0).toString();
}

// --- CsvReader -------------------------------------------------------------

void tst_Import::csvRecords_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Rows>("rows");
    QTest::addColumn<QList<int>>("lines");

    QTest::newRow("plain LF") << QByteArray("a,b\n1,2\n")
                              << Rows{{"a", "b"}, {"1", "2"}} << QList<int>{1, 2};
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n")
                          << Rows{{"a", "b"}, {"1", "2"}} << QList<int>{1, 2};
    QTest::newRow("lone CR") << QByteArray("a,b\r1,2\r")
                             << Rows{{"a", "b"}, {"1", "2"}} << QList<int>{1, 2};
    QTest::newRow("no trailing newline") << QByteArray("a,b\n1,2")
                                         << Rows{{"a", "b"}, {"1", "2"}} << QList<int>{1, 2};
    QTest::newRow("quoted comma") << QByteArray("title\n\"Founder, CTO\"\n")
                                  << Rows{{"title"}, {"Founder, CTO"}} << QList<int>{1, 2};
    QTest::newRow("doubled quotes") << QByteArray("a\n\"say \"\"hi\"\"\"\n")
                                    << Rows{{"a"}, {"say \"hi\""}} << QList<int>{1, 2};
    QTest::newRow("embedded newline") << QByteArray("a,b\n\"line one\nline two\",x\nnext,y\n")
                                      << Rows{{"a", "b"}, {"line one\nline two", "x"}, {"next", "y"}}
                                      << QList<int>{1, 2, 4};
    QTest::newRow("embedded CRLF") << QByteArray("a\r\n\"one\r\n\r\nthree\"\r\nz\r\n")
                                   << Rows{{"a"}, {"one\n\nthree"}, {"z"}} << QList<int>{1, 2, 5};
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF" "Email,Name\nx@example.com,X\n")
                         << Rows{{"Email", "Name"}, {"x@example.com", "X"}} << QList<int>{1, 2};
    QTest::newRow("empty fields") << QByteArray("a,b,c\n,,\n1,,\n")
                                  << Rows{{"a", "b", "c"}, {"", "", ""}, {"1", "", ""}}
                                  << QList<int>{1, 2, 3};
    QTest::newRow("blank lines skipped") << QByteArray("a\n\n1\n\r\n2\n\n")
                                         << Rows{{"a"}, {"1"}, {"2"}} << QList<int>{1, 3, 5};
    QTest::newRow("quote inside unquoted field") << QByteArray("a\n5\" screen\n")
                                                 << Rows{{"a"}, {"5\" screen"}} << QList<int>{1, 2};
    QTest::newRow("text after closing quote") << QByteArray("a,b\n\"x\"y,z\n")
                                              << Rows{{"a", "b"}, {"xy", "z"}} << QList<int>{1, 2};
    QTest::newRow("UTF-8 text") << QByteArray("name\nJos\xC3\xA9 M\xC3\xBCller\n")
                                << Rows{{"name"}, {QStringLiteral("José Müller")}} << QList<int>{1, 2};
    QTest::newRow("empty input") << QByteArray() << Rows{} << QList<int>{};
}

void tst_Import::csvRecords()
{
    QFETCH(QByteArray, input);
    QFETCH(Rows, rows);
    QFETCH(QList<int>, lines);

    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));

    const Result<QList<CsvRecord>> records = CsvReader::readAll(&buffer);
    QVERIFY2(records.ok(), qPrintable(records.error().message));

    Rows actualRows;
    QList<int> actualLines;
    for (const CsvRecord &record : records.value()) {
        actualRows << record.fields;
        actualLines << record.line;
    }
    QCOMPARE(actualRows, rows);
    QCOMPARE(actualLines, lines);
}

void tst_Import::csvErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("line");

    QTest::newRow("unclosed quote at end") << QByteArray("a,b\n1,2\n3,\"open\nmore\n")
                                           << QStringLiteral("csv_unclosed_quote") << QStringLiteral("Line 3");
    QTest::newRow("unclosed quote CRLF") << QByteArray("a\r\n\"x\r\n")
                                         << QStringLiteral("csv_unclosed_quote") << QStringLiteral("Line 2");
    QTest::newRow("invalid byte") << QByteArray("a,b\n1,2\nJos\xE9,3\n")
                                  << QStringLiteral("csv_invalid_utf8") << QStringLiteral("Line 3");
    QTest::newRow("truncated sequence at line end") << QByteArray("a\nok\nab\xC3\nmore\n")
                                                    << QStringLiteral("csv_invalid_utf8") << QStringLiteral("Line 3");
    QTest::newRow("invalid after embedded newline") << QByteArray("a\n\"x\ny\"\n\xFF\n")
                                                    << QStringLiteral("csv_invalid_utf8") << QStringLiteral("Line 4");
    QTest::newRow("UTF-16 with BOM") << QByteArray("\xFF\xFE" "a\0,\0b\0", 8)
                                     << QStringLiteral("csv_utf16") << QStringLiteral("UTF-16");
}

void tst_Import::csvErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, code);
    QFETCH(QString, line);

    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));

    const Result<QList<CsvRecord>> records = CsvReader::readAll(&buffer);
    QVERIFY(!records.ok());
    QCOMPARE(records.error().code, code);
    QVERIFY2(records.error().message.contains(line), qPrintable(records.error().message));
}

void tst_Import::csvReadsFromFile()
{
    const QString path = writeFile(QStringLiteral("plain.csv"), "Email\r\nann@example.com\r\nbo@example.com");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));

    CsvReader reader(&file);
    QCOMPARE(reader.next()->fields, QStringList{QStringLiteral("Email")});
    QCOMPARE(reader.next()->fields, QStringList{QStringLiteral("ann@example.com")});
    const std::optional<CsvRecord> last = reader.next();
    QVERIFY(last.has_value());
    QCOMPARE(last->fields, QStringList{QStringLiteral("bo@example.com")});
    QCOMPARE(last->line, 3);
    QVERIFY(!reader.next().has_value());
    QVERIFY(!reader.error().has_value());
}

// --- HeaderMapping -------------------------------------------------------------

void tst_Import::defaultMapping_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("field");

    QTest::newRow("Email Address") << QStringLiteral("Email Address") << QStringLiteral("email");
    QTest::newRow("E-mail") << QStringLiteral("E-mail") << QStringLiteral("email");
    QTest::newRow("email_other") << QStringLiteral("email_other") << QStringLiteral("email");
    QTest::newRow("First Name") << QStringLiteral("First Name") << QStringLiteral("first_name");
    QTest::newRow("FirstName") << QStringLiteral("FirstName") << QStringLiteral("first_name");
    QTest::newRow("LAST_NAME") << QStringLiteral("LAST_NAME") << QStringLiteral("last_name");
    QTest::newRow("Phone Number") << QStringLiteral("Phone Number") << QStringLiteral("phone");
    QTest::newRow("phone_home") << QStringLiteral("phone_home") << QStringLiteral("phone");
    QTest::newRow("Mobile Phone Number") << QStringLiteral("Mobile Phone Number") << QStringLiteral("mobile_phone");
    QTest::newRow("MobilePhone") << QStringLiteral("MobilePhone") << QStringLiteral("mobile_phone");
    QTest::newRow("Job Title") << QStringLiteral("Job Title") << QStringLiteral("job_title");
    QTest::newRow("Title") << QStringLiteral("Title") << QStringLiteral("job_title");
    QTest::newRow("Company Name") << QStringLiteral("Company Name") << QStringLiteral("company_name");
    QTest::newRow("Company") << QStringLiteral("Company") << QStringLiteral("company_name");
    QTest::newRow("Associated Company") << QStringLiteral("Associated Company") << QStringLiteral("company_name");
    QTest::newRow("Company / Account") << QStringLiteral("Company / Account") << QStringLiteral("company_name");
    QTest::newRow("Lead Score") << QStringLiteral("Lead Score") << QStringLiteral("lead_score");
    QTest::newRow("HubSpot Score") << QStringLiteral("HubSpot Score") << QStringLiteral("lead_score");
    QTest::newRow("Lead Source") << QStringLiteral("Lead Source") << QStringLiteral("source_channel");
    QTest::newRow("Lifecycle Stage") << QStringLiteral("Lifecycle Stage") << QStringLiteral("lifecycle_stage");
    QTest::newRow("Status") << QStringLiteral("Status") << QStringLiteral("lifecycle_stage");
    QTest::newRow("Lead Status") << QStringLiteral("Lead Status") << QStringLiteral("lifecycle_stage");
    QTest::newRow("Last Activity Date") << QStringLiteral("Last Activity Date") << QStringLiteral("last_activity_at");
    QTest::newRow("last_seen") << QStringLiteral("last_seen") << QStringLiteral("last_activity_at");
    QTest::newRow("Create Date") << QStringLiteral("Create Date") << QStringLiteral("created_at");
    QTest::newRow("CreatedDate") << QStringLiteral("CreatedDate") << QStringLiteral("created_at");
    QTest::newRow("first_seen") << QStringLiteral("first_seen") << QStringLiteral("created_at");
}

void tst_Import::defaultMapping()
{
    QFETCH(QString, column);
    QFETCH(QString, field);

    const QStringList header{QStringLiteral("Unrelated"), column};
    const Result<HeaderMapping> mapping = HeaderMapping::fromHeader(header);
    QVERIFY(mapping.ok());

    const std::optional<ProspectField> target = prospectFieldFromName(field);
    QVERIFY(target.has_value());
    QCOMPARE(mapping->columns(*target), QList<int>{1});

    int mappedFields = 0;
    for (ProspectField each : allProspectFields())
        mappedFields += mapping->isMapped(each) ? 1 : 0;
    QCOMPARE(mappedFields, 1);
}

void tst_Import::mappingPrefersFirstNonBlankColumn()
{
    const QStringList header{QStringLiteral("email_work"), QStringLiteral("email_home"),
                             QStringLiteral("email_other")};
    const Result<HeaderMapping> mapping = HeaderMapping::fromHeader(header);
    QVERIFY(mapping.ok());
    QCOMPARE(mapping->columns(ProspectField::Email), (QList<int>{0, 1, 2}));

    QCOMPARE(mapping->value(ProspectField::Email, {QString(), QStringLiteral(" "), QStringLiteral(" c@example.com ")}),
             QStringLiteral("c@example.com"));
    QCOMPARE(mapping->value(ProspectField::Email, {QString(), QStringLiteral("b@example.com"), QStringLiteral("c@example.com")}),
             QStringLiteral("b@example.com"));
    QCOMPARE(mapping->value(ProspectField::Email, {QString()}), QString());
}

void tst_Import::explicitMappingReplacesDefaults()
{
    const QStringList header{QStringLiteral("Email"), QStringLiteral("Work Email"), QStringLiteral("Status"),
                             QStringLiteral("Courriel")};
    const Result<HeaderMapping> mapping = HeaderMapping::fromHeader(
        header, {QStringLiteral("email=Courriel|work_email"), QStringLiteral("Lifecycle Stage=")});
    QVERIFY2(mapping.ok(), qPrintable(mapping.error().message));

    QCOMPARE(mapping->columns(ProspectField::Email), (QList<int>{3, 1}));
    QVERIFY(!mapping->isMapped(ProspectField::LifecycleStage));
    QCOMPARE(mapping->describe(), QStringLiteral("email=Courriel|Work Email"));
}

void tst_Import::explicitMappingErrors_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("named");

    QTest::newRow("unknown field") << QStringLiteral("colour=Email") << QStringLiteral("mapping_unknown_field")
                                   << QStringLiteral("'colour'");
    QTest::newRow("unknown column") << QStringLiteral("email=Mail") << QStringLiteral("mapping_unknown_column")
                                    << QStringLiteral("'Mail'");
    QTest::newRow("second column unknown") << QStringLiteral("email=Email|Backup")
                                           << QStringLiteral("mapping_unknown_column") << QStringLiteral("'Backup'");
    QTest::newRow("no equals sign") << QStringLiteral("email") << QStringLiteral("mapping_invalid")
                                    << QStringLiteral("'email'");
}

void tst_Import::explicitMappingErrors()
{
    QFETCH(QString, entry);
    QFETCH(QString, code);
    QFETCH(QString, named);

    const Result<HeaderMapping> mapping =
        HeaderMapping::fromHeader({QStringLiteral("Email"), QStringLiteral("Name")}, {entry});
    QVERIFY(!mapping.ok());
    QCOMPARE(mapping.error().code, code);
    QVERIFY2(mapping.error().message.contains(named), qPrintable(mapping.error().message));
}

// --- Value parsing -------------------------------------------------------------

void tst_Import::parseDates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");

    const QDateTime invalid;
    QTest::newRow("ISO with offset zero") << QStringLiteral("2024-08-14T11:39:02.318+00:00")
                                          << utc(2024, 8, 14, 11, 39, 2, 318);
    QTest::newRow("ISO two-digit fraction") << QStringLiteral("2024-08-14T11:37:45.65+00:00")
                                            << utc(2024, 8, 14, 11, 37, 45, 650);
    QTest::newRow("ISO with positive offset") << QStringLiteral("2024-08-14T11:37:45+02:00")
                                              << utc(2024, 8, 14, 9, 37, 45);
    QTest::newRow("ISO with negative offset") << QStringLiteral("2024-08-14T20:00:00-05:00")
                                              << utc(2024, 8, 15, 1, 0, 0);
    QTest::newRow("ISO Z") << QStringLiteral("2024-08-14T11:37:45Z") << utc(2024, 8, 14, 11, 37, 45);
    QTest::newRow("ISO without offset uses zone") << QStringLiteral("2024-01-15T09:00:00")
                                                  << utc(2024, 1, 15, 14, 0, 0);
    QTest::newRow("ISO with space") << QStringLiteral("2024-01-15 09:00") << utc(2024, 1, 15, 14, 0);
    QTest::newRow("date only is midnight UTC") << QStringLiteral("2024-08-14") << utc(2024, 8, 14);
    QTest::newRow("US date") << QStringLiteral("8/14/2024") << utc(2024, 8, 14);
    QTest::newRow("US date-time PM") << QStringLiteral("1/15/2024 3:05 PM") << utc(2024, 1, 15, 20, 5);
    QTest::newRow("US date-time 24h") << QStringLiteral("01/15/2024 15:05") << utc(2024, 1, 15, 20, 5);
    QTest::newRow("dotted date") << QStringLiteral("14.08.2024") << utc(2024, 8, 14);
    QTest::newRow("month name") << QStringLiteral("Aug 14, 2024") << utc(2024, 8, 14);
    QTest::newRow("Unix seconds") << QStringLiteral("1723635542") << utc(2024, 8, 14, 11, 39, 2);
    QTest::newRow("Unix milliseconds") << QStringLiteral("1723635542318") << utc(2024, 8, 14, 11, 39, 2, 318);
    QTest::newRow("surrounding spaces") << QStringLiteral("  2024-08-14T11:37:45Z ") << utc(2024, 8, 14, 11, 37, 45);
    QTest::newRow("not a date") << QStringLiteral("last week") << invalid;
    QTest::newRow("impossible date") << QStringLiteral("2/30/2024") << invalid;
    QTest::newRow("empty") << QString() << invalid;
}

void tst_Import::parseDates()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);

    const std::optional<QDateTime> parsed =
        parseImportDateTime(text, QTimeZone(QByteArrayLiteral("America/New_York")));
    QCOMPARE(parsed.has_value(), expected.isValid());
    if (!parsed)
        return;

    QCOMPARE(*parsed, expected);
    QCOMPARE(parsed->timeSpec(), Qt::UTC);
}

void tst_Import::parseLeadScore_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("expected");

    QTest::newRow("plain") << QStringLiteral("42") << true << 42;
    QTest::newRow("signed") << QStringLiteral("+7") << true << 7;
    QTest::newRow("negative") << QStringLiteral("-3") << true << -3;
    QTest::newRow("spaces") << QStringLiteral(" 15 ") << true << 15;
    QTest::newRow("decimal") << QStringLiteral("4.5") << false << 0;
    QTest::newRow("thousands separator") << QStringLiteral("1,200") << false << 0;
    QTest::newRow("word") << QStringLiteral("high") << false << 0;
}

void tst_Import::parseLeadScore()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, expected);

    const std::optional<int> score = Breezee::parseLeadScore(text);
    QCOMPARE(score.has_value(), valid);
    if (score)
        QCOMPARE(*score, expected);
}

// --- ProspectImporter ----------------------------------------------------------

void tst_Import::importSampleFiles()
{
    const Result<ImportReport> atomic = importSample(QStringLiteral("atomic-crm-contacts.csv"));
    QVERIFY2(atomic.ok(), qPrintable(atomic.error().message));
    QCOMPARE(atomic->rowsRead, 500);
    QCOMPARE(atomic->created, 500);
    QCOMPARE(atomic->updated, 0);
    QVERIFY2(atomic->rejected.isEmpty(), qPrintable(issueTexts(atomic->rejected).join(QLatin1Char('\n'))));
    QVERIFY2(atomic->warnings.isEmpty(), qPrintable(issueTexts(atomic->warnings).join(QLatin1Char('\n'))));

    const Result<ImportReport> salesforce = importSample(QStringLiteral("salesforce-leads.csv"));
    QVERIFY2(salesforce.ok(), qPrintable(salesforce.error().message));
    QCOMPARE(salesforce->rowsRead, 11);
    QCOMPARE(salesforce->created, 11);
    QVERIFY(salesforce->rejected.isEmpty());
    QVERIFY(salesforce->warnings.isEmpty());

    ProspectStore store(db());
    QCOMPARE(store.count(), 511);
    QCOMPARE(queueRows(), 511);

    // atomic-crm: the email sits in email_other, the phone in phone_home
    // (phone_work is blank) and carries an extension.
    const std::optional<Prospect> shelley = store.findByEmail(QStringLiteral("shelley_kerluke47@hotmail.com"));
    QVERIFY(shelley.has_value());
    QCOMPARE(shelley->email, QStringLiteral("Shelley_Kerluke47@hotmail.com"));
    QCOMPARE(shelley->firstName, QStringLiteral("Shelley"));
    QCOMPARE(shelley->lastName, QStringLiteral("Kerluke"));
    QCOMPARE(shelley->phone, QStringLiteral("1-955-371-0847 x371"));
    QCOMPARE(shelley->mobilePhone, QString());
    QCOMPARE(shelley->jobTitle, QStringLiteral("Ubiquitous"));
    QCOMPARE(shelley->companyName, QStringLiteral("Gottlieb and Sons"));
    QCOMPARE(shelley->lifecycleStage, QStringLiteral("warm"));
    QCOMPARE(shelley->sourceChannel, QStringLiteral("CSV import"));
    QCOMPARE(shelley->createdAt, utc(2024, 8, 13, 18, 4, 34, 666));
    QCOMPARE(shelley->lastActivityAt, utc(2024, 8, 14, 11, 39, 2, 318));
    QVERIFY(!shelley->leadScore.has_value());

    // atomic-crm: phone_work wins over phone_home; a quoted company with a comma.
    const std::optional<Prospect> faith = store.findByEmail(QStringLiteral("Faith72@yahoo.com"));
    QVERIFY(faith.has_value());
    QCOMPARE(faith->phone, QStringLiteral("1-597-372-4380 x491"));
    QCOMPARE(faith->companyName, QStringLiteral("Brekke, Dietrich and Klein"));
    QCOMPARE(faith->lifecycleStage, QStringLiteral("cold"));

    const std::optional<Prospect> leah = store.findByEmail(QStringLiteral("leah93@yahoo.com"));
    QVERIFY(leah.has_value());
    QCOMPARE(leah->phone, QStringLiteral("(415) 293-3313"));
    QCOMPARE(leah->lastActivityAt, utc(2024, 8, 14, 11, 37, 45, 650));

    // Salesforce: a quoted title with a comma, the mobile phone and the status.
    const std::optional<Prospect> lorrie = store.findByEmail(QStringLiteral("lgeratt2@icq.com"));
    QVERIFY(lorrie.has_value());
    QCOMPARE(lorrie->firstName, QStringLiteral("Lorrie"));
    QCOMPARE(lorrie->lastName, QStringLiteral("Geratt"));
    QCOMPARE(lorrie->jobTitle, QStringLiteral("Founder, CTO"));
    QCOMPARE(lorrie->companyName, QStringLiteral("Braun-Murray"));
    QCOMPARE(lorrie->mobilePhone, QStringLiteral("+1 (919) 863-9332"));
    QCOMPARE(lorrie->phone, QString());
    QCOMPARE(lorrie->lifecycleStage, QStringLiteral("Open - Not Contacted"));
    QCOMPARE(lorrie->sourceChannel, QStringLiteral("CSV import"));
    QVERIFY(!lorrie->lastActivityAt.isValid());

    // Salesforce: a blank title stays empty.
    const std::optional<Prospect> ermin = store.findByEmail(QStringLiteral("eskitral1@mtv.com"));
    QVERIFY(ermin.has_value());
    QCOMPARE(ermin->jobTitle, QString());
    QCOMPARE(ermin->companyName, QStringLiteral("Skitral Household"));
}

void tst_Import::reimportChangesNothing()
{
    QVERIFY(importSample(QStringLiteral("atomic-crm-contacts.csv")).ok());
    QVERIFY(importSample(QStringLiteral("salesforce-leads.csv")).ok());
    const QString updatedAt = maxUpdatedAt();
    QCOMPARE(queueGenerationSum(), 511);

    const Result<ImportReport> atomic = importSample(QStringLiteral("atomic-crm-contacts.csv"));
    QVERIFY2(atomic.ok(), qPrintable(atomic.error().message));
    QCOMPARE(atomic->rowsRead, 500);
    QCOMPARE(atomic->created, 0);
    QCOMPARE(atomic->updated, 0);
    QCOMPARE(atomic->unchanged, 500);

    const Result<ImportReport> salesforce = importSample(QStringLiteral("salesforce-leads.csv"));
    QVERIFY2(salesforce.ok(), qPrintable(salesforce.error().message));
    QCOMPARE(salesforce->created, 0);
    QCOMPARE(salesforce->updated, 0);
    QCOMPARE(salesforce->unchanged, 11);

    ProspectStore store(db());
    QCOMPARE(store.count(), 511);
    QCOMPARE(queueGenerationSum(), 511);
    QCOMPARE(maxUpdatedAt(), updatedAt);
}

void tst_Import::badEmailRejectsLineOnly()
{
    const QByteArray csv = "Email,First Name\n"
                           "ann@example.com,Ann\n"
                           "ben.sample@@example.com,Ben\n"
                           "\"cy@example.com\",\"Cy\nSecond line\"\n"
                           ",Nobody\n"
                           "dee@example,Dee\n"
                           "eve@example.com,Eve\n";

    const Result<ImportReport> report = importBytes(csv, utcOptions());
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->rowsRead, 6);
    QCOMPARE(report->created, 3);
    QCOMPARE(report->rejected.size(), 3);

    QCOMPARE(report->rejected.at(0).line, 3);
    QCOMPARE(report->rejected.at(0).toString(),
             QStringLiteral("line 3: email 'ben.sample@@example.com' is not a valid address; fix it in "
                            "the file and import again"));
    QCOMPARE(report->rejected.at(1).line, 6);
    QCOMPARE(report->rejected.at(1).reason, QStringLiteral("no email column has a value"));
    QCOMPARE(report->rejected.at(2).line, 7);
    QVERIFY(report->rejected.at(2).reason.contains(QStringLiteral("'dee@example'")));

    ProspectStore store(db());
    QCOMPARE(store.count(), 3);
    QCOMPARE(store.findByEmail(QStringLiteral("cy@example.com"))->firstName, QStringLiteral("Cy\nSecond line"));
    QVERIFY(store.findByEmail(QStringLiteral("eve@example.com")).has_value());
}

void tst_Import::caseDifferentDuplicatesMerge()
{
    const QByteArray csv = "Email,First Name,Job Title,Phone\n"
                           "Ben@Example.com,Ben,,\n"
                           "  ben@EXAMPLE.com ,,Buyer,555-0100\n";

    const Result<ImportReport> report = importBytes(csv, utcOptions());
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->created, 1);
    QCOMPARE(report->updated, 1);

    ProspectStore store(db());
    QCOMPARE(store.count(), 1);
    const std::optional<Prospect> ben = store.findByEmail(QStringLiteral("ben@example.com"));
    QVERIFY(ben.has_value());
    QCOMPARE(ben->email, QStringLiteral("Ben@Example.com"));
    QCOMPARE(ben->firstName, QStringLiteral("Ben"));
    QCOMPARE(ben->jobTitle, QStringLiteral("Buyer"));
    QCOMPARE(ben->phone, QStringLiteral("555-0100"));
}

void tst_Import::updateNeverBlanksFields()
{
    ProspectStore store(db());
    Prospect existing;
    existing.email = QStringLiteral("ann@example.com");
    existing.firstName = QStringLiteral("Ann");
    existing.phone = QStringLiteral("555-0101");
    existing.sourceChannel = QStringLiteral("chat");
    existing.leadScore = 10;
    const Result<qint64> id = store.insert(existing);
    QVERIFY(id.ok());

    const QByteArray csv = "email,first_name,phone,lead_score,job_title\n"
                           "ANN@example.com,,,,Engineer\n";
    const Result<ImportReport> report = importBytes(csv, utcOptions());
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->updated, 1);

    const std::optional<Prospect> ann = store.findById(id.value());
    QVERIFY(ann.has_value());
    QCOMPARE(ann->firstName, QStringLiteral("Ann"));
    QCOMPARE(ann->phone, QStringLiteral("555-0101"));
    QCOMPARE(ann->leadScore, std::optional<int>(10));
    QCOMPARE(ann->sourceChannel, QStringLiteral("chat"));
    QCOMPARE(ann->jobTitle, QStringLiteral("Engineer"));
}

void tst_Import::unchangedRowEnqueuesNothing()
{
    const QByteArray csv = "Email,First Name,Lead Score\nann@example.com,Ann,12\n";
    QVERIFY(importBytes(csv, utcOptions()).ok());

    QSqlQuery query(db());
    QVERIFY(query.exec(QStringLiteral("DELETE FROM sync_queue")));

    const Result<ImportReport> again = importBytes(csv, utcOptions());
    QVERIFY(again.ok());
    QCOMPARE(again->unchanged, 1);
    QCOMPARE(queueRows(), 0);

    const Result<ImportReport> changed = importBytes("Email,Lead Score\nann@example.com,13\n", utcOptions());
    QVERIFY(changed.ok());
    QCOMPARE(changed->updated, 1);
    QCOMPARE(queueRows(), 1);
}

void tst_Import::olderActivityDoesNotRewind()
{
    const QByteArray newer = "Email,Last Activity Date,Create Date\n"
                             "ann@example.com,2024-09-01T10:00:00Z,2024-05-01\n";
    const QByteArray older = "Email,Last Activity Date,Create Date\n"
                             "ann@example.com,2024-06-01T10:00:00Z,2024-03-01\n";
    QVERIFY(importBytes(newer, utcOptions()).ok());

    const Result<ImportReport> report = importBytes(older, utcOptions());
    QVERIFY(report.ok());
    QCOMPARE(report->updated, 1);

    ProspectStore store(db());
    const std::optional<Prospect> ann = store.findByEmail(QStringLiteral("ann@example.com"));
    QVERIFY(ann.has_value());
    QCOMPARE(ann->lastActivityAt, utc(2024, 9, 1, 10, 0));
    QCOMPARE(ann->createdAt, utc(2024, 3, 1));
}

void tst_Import::invalidLeadScoreWarns()
{
    const QByteArray csv = "Email,Lead Score,Last Activity Date\n"
                           "ann@example.com,high,yesterday\n"
                           "bo@example.com,77,2024-08-14\n";

    const Result<ImportReport> report = importBytes(csv, utcOptions());
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->created, 2);
    QCOMPARE(report->warnings.size(), 2);
    QCOMPARE(report->warnings.at(0).line, 2);
    QVERIFY(report->warnings.at(0).reason.contains(QStringLiteral("'high'")));
    QVERIFY(report->warnings.at(0).reason.contains(QStringLiteral("Lead Score")));
    QCOMPARE(report->warnings.at(1).line, 2);
    QVERIFY(report->warnings.at(1).reason.contains(QStringLiteral("'yesterday'")));

    ProspectStore store(db());
    QVERIFY(!store.findByEmail(QStringLiteral("ann@example.com"))->leadScore.has_value());
    QCOMPARE(store.findByEmail(QStringLiteral("bo@example.com"))->leadScore, std::optional<int>(77));
    QCOMPARE(store.findByEmail(QStringLiteral("bo@example.com"))->lastActivityAt, utc(2024, 8, 14));
}

void tst_Import::explicitMappingImport()
{
    const QByteArray csv = "Courriel,Prénom,Poste,Origine\n"
                           "zoe@example.fr,Zoé,Directrice,Salon\n";

    ImportOptions options = utcOptions();
    options.mapping = QStringList{QStringLiteral("email=Courriel"), QStringLiteral("first_name=Prénom"),
                                  QStringLiteral("job_title=Poste"), QStringLiteral("source_channel=Origine")};
    const Result<ImportReport> report = importBytes(csv, options);
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->created, 1);

    ProspectStore store(db());
    const std::optional<Prospect> zoe = store.findByEmail(QStringLiteral("zoe@example.fr"));
    QVERIFY(zoe.has_value());
    QCOMPARE(zoe->firstName, QStringLiteral("Zoé"));
    QCOMPARE(zoe->jobTitle, QStringLiteral("Directrice"));
    QCOMPARE(zoe->sourceChannel, QStringLiteral("Salon"));
}

void tst_Import::unknownMappingFieldFails()
{
    ImportOptions options = utcOptions();
    options.mapping = QStringList{QStringLiteral("favourite_colour=Email")};

    const Result<ImportReport> report = importBytes("Email\nann@example.com\n", options);
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, QStringLiteral("mapping_unknown_field"));
    QVERIFY(report.error().message.contains(QStringLiteral("'favourite_colour'")));

    ProspectStore store(db());
    QCOMPARE(store.count(), 0);
}

void tst_Import::missingEmailColumnFails()
{
    const Result<ImportReport> report = importBytes("Name,Phone\nAnn,555\n", utcOptions());
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, QStringLiteral("import_no_email_column"));
    QVERIFY(report.error().message.contains(QStringLiteral("Name, Phone")));
}

void tst_Import::invalidUtf8WritesNothing()
{
    const QString path = writeFile(QStringLiteral("latin1.csv"),
                                   "Email,First Name\nann@example.com,Ann\njose@example.com,Jos\xE9\n");

    ProspectImporter importer(db());
    const Result<ImportReport> report = importer.importFile(path, utcOptions());
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, QStringLiteral("csv_invalid_utf8"));
    QVERIFY(report.error().message.contains(QStringLiteral("Line 3")));

    ProspectStore store(db());
    QCOMPARE(store.count(), 0);
}

void tst_Import::emptyFileFails()
{
    const Result<ImportReport> report = importBytes(QByteArray(), utcOptions());
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, QStringLiteral("import_empty"));

    ProspectImporter importer(db());
    const Result<ImportReport> missing = importer.importFile(m_dir->filePath(QStringLiteral("absent.csv")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("import_open_failed"));
}

void tst_Import::fieldCountMismatchWarns()
{
    const QByteArray csv = "Email,First Name\n"
                           "ann@example.com\n"
                           "bo@example.com,Bo,extra\n"
                           ",,\n";

    const Result<ImportReport> report = importBytes(csv, utcOptions());
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->rowsRead, 2);
    QCOMPARE(report->created, 2);
    QCOMPARE(report->warnings.size(), 2);
    QCOMPARE(report->warnings.at(0).line, 2);
    QCOMPARE(report->warnings.at(1).line, 3);
}

void tst_Import::batchesAndProgress()
{
    QByteArray csv = "Email,First Name\n";
    for (int i = 0; i < 100; ++i)
        csv += QStringLiteral("person%1@example.com,P%1\n").arg(i % 60).toUtf8();

    QList<QPair<int, int>> calls;
    ImportOptions options = utcOptions();
    options.batchSize = 7;
    options.progress = [&calls](int done, int total) { calls.append({done, total}); };

    const Result<ImportReport> report = importBytes(csv, options);
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->rowsRead, 100);
    QCOMPARE(report->created, 60);
    QCOMPARE(report->unchanged, 40);

    ProspectStore store(db());
    QCOMPARE(store.count(), 60);

    QVERIFY(calls.size() >= 3);
    QCOMPARE(calls.first(), qMakePair(0, 100));
    QCOMPARE(calls.at(1), qMakePair(7, 100));
    QCOMPARE(calls.last(), qMakePair(100, 100));

    // The importer leaves no transaction open.
    QVERIFY(db().transaction());
    QVERIFY(db().rollback());
}

void tst_Import::sequentialDeviceImports()
{
    SequentialSource source("Email,First Name\r\nann@example.com,Ann\r\nbo@example.com,Bo");

    QList<QPair<int, int>> calls;
    ImportOptions options = utcOptions();
    options.progress = [&calls](int done, int total) { calls.append({done, total}); };

    ProspectImporter importer(db());
    const Result<ImportReport> report = importer.importDevice(&source, QStringLiteral("pipe"), options);
    QVERIFY2(report.ok(), qPrintable(report.error().message));
    QCOMPARE(report->file, QStringLiteral("pipe"));
    QCOMPARE(report->created, 2);
    QCOMPARE(calls.first(), qMakePair(0, -1));
    QCOMPARE(calls.last(), qMakePair(2, -1));
}

void tst_Import::sequentialDeviceStopsAtError()
{
    SequentialSource source("Email\na@example.com\nb@example.com\nc@example.com\nd\xFF@example.com\n");

    ImportOptions options = utcOptions();
    options.batchSize = 2;

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("import of pipe stopped: Line 5")));
    ProspectImporter importer(db());
    const Result<ImportReport> report = importer.importDevice(&source, QStringLiteral("pipe"), options);
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, QStringLiteral("csv_invalid_utf8"));
    QVERIFY(report.error().message.contains(QStringLiteral("Line 5")));

    // The first batch (lines 2 and 3) was committed, line 4 was rolled back.
    ProspectStore store(db());
    QCOMPARE(store.count(), 2);
    QVERIFY(!store.findByEmail(QStringLiteral("c@example.com")).has_value());
}

// Generates 100,000 rows, a fifth of them repeats. Runs only when
// BREEZEE_LARGE_TESTS=1 because it takes several seconds.
void tst_Import::largeFileIsQuick()
{
    if (qEnvironmentVariableIntValue("BREEZEE_LARGE_TESTS") != 1)
        QSKIP("Set BREEZEE_LARGE_TESTS=1 to import 100,000 generated rows.");

    constexpr int rows = 100000;
    constexpr int distinct = 80000;
    QByteArray csv = "Email,First Name,Last Name,Company,Title,Phone,Lead Score,Last Activity Date\n";
    for (int i = 0; i < rows; ++i) {
        const int person = i % distinct;
        csv += QStringLiteral("Person%1@Example.com,First%1,Last%1,\"Company %2, Inc\",Title %1,"
                              "555-%1,%3,2024-08-14T11:39:02.318+00:00\n")
                   .arg(person)
                   .arg(person % 997)
                   .arg(person % 100)
                   .toUtf8();
    }
    const QString path = writeFile(QStringLiteral("large.csv"), csv);

    QElapsedTimer timer;
    timer.start();
    ProspectImporter importer(db());
    const Result<ImportReport> report = importer.importFile(path, utcOptions());
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(report.ok(), qPrintable(report.error().message));

    qInfo("imported %d rows (%d MB) in %lld ms", rows, int(csv.size() / 1000000), elapsed);
    QCOMPARE(report->created, distinct);
    QCOMPARE(report->unchanged, rows - distinct);
    QCOMPARE(ProspectStore(db()).count(), distinct);
}

QTEST_GUILESS_MAIN(tst_Import)
#include "tst_import.moc"
