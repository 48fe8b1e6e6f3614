// Bad input from the three places the console reads from outside: CSV
// files, the browser's OAuth callback and HubSpot's HTTP responses. Each
// case must end with an error that names the value and states what to do,
// and must leave the store as it was.

#include "CsvExport.h"
#include "SandboxProcess.h"
#include "SandboxTokens.h"
#include "TestProvider.h"

#include "import/CsvReader.h"
#include "import/ProspectImporter.h"
#include "oauth/CredentialStore.h"
#include "oauth/OAuthConnector.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/ProspectStore.h"
#include "sync/HubSpotContactSync.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

// A digest of every row of the tables an import or a sync writes, so that
// "the store is intact" is one comparison.
QByteArray storeChecksum(QSqlDatabase db)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const char *table : {"prospects", "chat_sessions", "sync_state", "sync_queue", "sync_notes"}) {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1").arg(QLatin1String(table))))
            continue;
        hash.addData(table);
        while (query.next()) {
            for (int column = 0; column < query.record().count(); ++column) {
                hash.addData(query.value(column).toString().toUtf8());
                hash.addData("\x1f");
            }
            hash.addData("\x1e");
        }
    }
    return hash.result().toHex();
}

int rowCount(QSqlDatabase db, const QString &table)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !query.next())
        return -1;
    return query.value(0).toInt();
}

// Every message of an import: the file-level error or the row issues.
QString importMessages(const Result<ImportReport> &report)
{
    if (!report.ok())
        return report.error().message;
    QStringList messages;
    for (const ImportIssue &issue : report->rejected)
        messages << issue.toString();
    for (const ImportIssue &issue : report->warnings)
        messages << issue.toString();
    return messages.join(QLatin1Char('\n'));
}

} // namespace

class tst_BadInput : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void malformedCsvIsRejected_data();
    void malformedCsvIsRejected();
    void megabyteFieldIsNamed();
    void hundredThousandColumns();
    void formulaCellsStayTextAndExportNeutralised();

    void callbackWithBadParameters_data();
    void callbackWithBadParameters();

    void bodyLyingAboutItsLength_data();
    void bodyLyingAboutItsLength();

private:
    Result<ImportReport> importBytes(const QByteArray &bytes);
    QList<qint64> insertProspects(int count);

    SandboxProcess m_sandbox;
    QString m_redirectUri;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
};

void tst_BadInput::initTestCase()
{
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY2(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri,
                              QStringLiteral("--rate-limit"), QStringLiteral("0")}),
             qPrintable(m_sandbox.errorString()));
}

void tst_BadInput::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(QStringLiteral("badinput"));
    QVERIFY(!m_database->open(DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")))));

    // Rows that a bad file must not touch.
    const QByteArray good = "Email,First Name,Company\n"
                            "ada.sample@example.com,Ada,Example Widgets\n"
                            "ben.sample@example.com,Ben,Example Widgets\n";
    const Result<ImportReport> report = importBytes(good);
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QCOMPARE(report->created, 2);
}

void tst_BadInput::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

Result<ImportReport> tst_BadInput::importBytes(const QByteArray &bytes)
{
    QFile file(m_dir->filePath(QStringLiteral("input.csv")));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(bytes);
    file.close();

    ProspectImporter importer(m_database->handle());
    return importer.importFile(file.fileName());
}

QList<qint64> tst_BadInput::insertProspects(int count)
{
    QList<qint64> ids;
    ProspectStore prospects(m_database->handle());
    beginWriteTransaction(m_database->handle());
    for (int i = 0; i < count; ++i) {
        Prospect prospect;
        prospect.email = QStringLiteral("length%1@example.com").arg(i);
        prospect.firstName = QStringLiteral("Len");
        prospect.lastName = QString::number(i);
        const auto id = prospects.insert(prospect);
        if (id.ok())
            ids << id.value();
    }
    m_database->handle().commit();
    return ids;
}

void tst_BadInput::malformedCsvIsRejected_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expectedWords");

    QTest::newRow("Latin-1 bytes") << QByteArray("Email,First Name\nzoe@example.com,Zo\xe9\n")
                                   << QStringList{QStringLiteral("Line 2"), QStringLiteral("UTF-8")};

    QByteArray utf16("\xff\xfe");
    const QString text = QStringLiteral("Email,First Name\nzoe@example.com,Zoe\n");
    utf16.append(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    QTest::newRow("UTF-16 file") << utf16 << QStringList{QStringLiteral("UTF-16"), QStringLiteral("UTF-8")};

    QTest::newRow("unbalanced quote") << QByteArray("Email,First Name\ncleo@example.com,\"Cleo\ndan@example.com,Dan\n")
                                      << QStringList{QStringLiteral("Line 2"), QStringLiteral("quote")};
    QTest::newRow("NUL byte in a field") << QByteArray("Email,First Name\nnul@example.com,Ab\0cd\n", 39)
                                         << QStringList{QStringLiteral("line 2")};
    QTest::newRow("NUL byte in the email") << QByteArray("Email,First Name\nnul\0@example.com,Abby\n", 39)
                                           << QStringList{QStringLiteral("line 2")};
}

void tst_BadInput::malformedCsvIsRejected()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expectedWords);

    const QByteArray before = storeChecksum(m_database->handle());
    const Result<ImportReport> report = importBytes(bytes);
    const QString messages = importMessages(report);

    // Either the whole file or the bad row is rejected, and the message
    // names the line and the reason.
    if (report.ok() && report->rejected.isEmpty()) {
        QSqlQuery stored(m_database->handle());
        stored.exec(QStringLiteral("SELECT email, first_name, length(first_name) FROM prospects ORDER BY id DESC LIMIT 1"));
        stored.next();
        // SQLite's length() stops at a NUL, so it shows what C readers of
        // the file get.
        const QString failure = QStringLiteral("the file was imported without a complaint (") + report->summary()
            + QStringLiteral("); stored email ") + QString::fromLatin1(stored.value(0).toString().toUtf8().toPercentEncoding())
            + QStringLiteral(", first name ") + QString::fromLatin1(stored.value(1).toString().toUtf8().toPercentEncoding())
            + QStringLiteral(", SQLite length() ") + QString::number(stored.value(2).toInt());
        QFAIL(qPrintable(failure));
    }
    for (const QString &word : expectedWords)
        QVERIFY2(messages.contains(word, Qt::CaseInsensitive), qPrintable(messages));
    QCOMPARE(storeChecksum(m_database->handle()), before);
    QCOMPARE(rowCount(m_database->handle(), QStringLiteral("prospects")), 2);
}

void tst_BadInput::megabyteFieldIsNamed()
{
    // A 1 MiB job title, as a broken export that lost its line breaks
    // would produce.
    const QByteArray title(1024 * 1024, 'x');
    const QByteArray bytes = "Email,First Name,Job Title\nhuge@example.com,Hugo," + title + "\n";

    const QByteArray before = storeChecksum(m_database->handle());
    QElapsedTimer clock;
    clock.start();
    const Result<ImportReport> report = importBytes(bytes);
    const QString messages = importMessages(report);
    qInfo() << "1 MiB field imported in" << clock.elapsed() << "ms:" << (report.ok() ? report->summary() : messages);

    // A value this long is no job title. The import must report it for line
    // 2 and name the column, instead of storing it and sending it to HubSpot.
    QVERIFY2(messages.contains(QLatin1String("line 2"), Qt::CaseInsensitive), qPrintable(report.ok() ? report->summary() : messages));
    QVERIFY2(messages.contains(QLatin1String("Job Title"), Qt::CaseInsensitive), qPrintable(messages));
    ProspectStore prospects(m_database->handle());
    const std::optional<Prospect> stored = prospects.findByEmail(QStringLiteral("huge@example.com"));
    QVERIFY2(!stored || stored->jobTitle.size() < title.size(), "the 1 MiB value was stored as the job title");
    if (!stored)
        QCOMPARE(storeChecksum(m_database->handle()), before);
}

void tst_BadInput::hundredThousandColumns()
{
    QByteArray header = "Email,First Name";
    QByteArray row = "wide@example.com,Wanda";
    for (int column = 0; column < 100000 - 2; ++column) {
        header += ",Extra " + QByteArray::number(column);
        row += ",v";
    }
    const QByteArray before = storeChecksum(m_database->handle());

    QElapsedTimer clock;
    clock.start();
    const Result<ImportReport> report = importBytes(header + '\n' + row + '\n');
    const qint64 elapsed = clock.elapsed();
    qInfo() << "100,000 columns read in" << elapsed << "ms:" << (report.ok() ? report->summary() : report.error().message);

    // The unknown columns are ignored; the known ones import, and a file
    // that wide must not stall the import.
    QVERIFY2(elapsed < 30000, qPrintable(QString::number(elapsed)));
    if (!report.ok()) {
        QVERIFY2(report.error().message.contains(QLatin1String("column"), Qt::CaseInsensitive), qPrintable(report.error().message));
        QCOMPARE(storeChecksum(m_database->handle()), before);
        return;
    }
    QCOMPARE(report->created, 1);
    ProspectStore prospects(m_database->handle());
    const std::optional<Prospect> stored = prospects.findByEmail(QStringLiteral("wide@example.com"));
    QVERIFY(stored);
    QCOMPARE(stored->firstName, QStringLiteral("Wanda"));
}

void tst_BadInput::formulaCellsStayTextAndExportNeutralised()
{
    const QStringList formulas{QStringLiteral("=HYPERLINK(\"x\")"), QStringLiteral("+1+2"), QStringLiteral("@SUM(A1)"),
                               QStringLiteral("-2+3")};
    QByteArray bytes = "Email,First Name,Last Name,Job Title,Company\n";
    bytes += "formula@example.com,\"=HYPERLINK(\"\"x\"\")\",+1+2,@SUM(A1),-2+3\n";

    const Result<ImportReport> report = importBytes(bytes);
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QCOMPARE(report->created, 1);

    // The store keeps what the person typed, unchanged.
    ProspectStore prospects(m_database->handle());
    const std::optional<Prospect> stored = prospects.findByEmail(QStringLiteral("formula@example.com"));
    QVERIFY(stored);
    const QStringList values{stored->firstName, stored->lastName, stored->jobTitle, stored->companyName};
    QCOMPARE(values, formulas);

    // An export makes each one inert text for a spreadsheet.
    for (const QString &value : values) {
        const QString cell = csvCell(value);
        QVERIFY2(cell.startsWith(QLatin1String("'")) || cell.startsWith(QLatin1String("\"'")), qPrintable(cell));
    }
    const QByteArray document = csvDocument({QStringLiteral("First Name"), QStringLiteral("Last Name"), QStringLiteral("Job Title"),
                                             QStringLiteral("Company")},
                                            {values});
    QBuffer buffer;
    buffer.setData(document);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto records = CsvReader::readAll(&buffer);
    QVERIFY(records.ok());
    QCOMPARE(records->size(), 2);
    QStringList expected;
    for (const QString &value : formulas)
        expected << QLatin1Char('\'') + value;
    QCOMPARE(records->at(1).fields, expected);
}

void tst_BadInput::callbackWithBadParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expectedCode");
    QTest::addColumn<QStringList>("expectedWords");

    // STATE stands for the state of the attempt under test.
    const QString big = QString(64 * 1024, QLatin1Char('a'));
    const QStringList startAgain{QStringLiteral("Connect")};
    QTest::newRow("no parameters") << QString() << QStringLiteral("state_mismatch") << startAgain;
    QTest::newRow("code missing") << QStringLiteral("state=STATE") << QStringLiteral("code_missing")
                                  << QStringList{QStringLiteral("authorization code"), QStringLiteral("Connect")};
    QTest::newRow("state missing") << QStringLiteral("code=abc") << QStringLiteral("state_mismatch") << startAgain;
    QTest::newRow("state wrong") << QStringLiteral("code=abc&state=other") << QStringLiteral("state_mismatch") << startAgain;
    // The sandbox rejects these codes as HubSpot would: the message must
    // speak of the authorization code, not of a saved sign-in.
    const QStringList codeRejected{QStringLiteral("HubSpot"), QStringLiteral("authorization code"), QStringLiteral("Connect")};
    QTest::newRow("code repeated") << QStringLiteral("code=abc&code=def&state=STATE") << QStringLiteral("invalid_grant")
                                   << codeRejected;
    QTest::newRow("state repeated") << QStringLiteral("code=abc&state=STATE&state=other") << QStringLiteral("state_mismatch")
                                    << startAgain;
    QTest::newRow("code 64 KiB") << QStringLiteral("code=%1&state=STATE").arg(big) << QStringLiteral("invalid_grant")
                                 << codeRejected;
    QTest::newRow("state 64 KiB") << QStringLiteral("code=abc&state=%1").arg(big) << QStringLiteral("state_mismatch") << startAgain;
    QTest::newRow("error without description") << QStringLiteral("error=access_denied&state=STATE")
                                               << QStringLiteral("access_denied") << QStringList{QStringLiteral("HubSpot")};
}

void tst_BadInput::callbackWithBadParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, expectedCode);
    QFETCH(QStringList, expectedWords);

    OAuthConnector connector(sandboxProvider(m_sandbox.baseUrl(), m_redirectUri));
    // Should the connector ignore the request, its own timeout ends the
    // attempt with an error.
    connector.setTimeout(15000);
    QSignalSpy urlReady(&connector, &OAuthConnector::authorizationUrlReady);
    QSignalSpy succeeded(&connector, &OAuthConnector::succeeded);
    QSignalSpy failed(&connector, &OAuthConnector::failed);
    connector.start();
    QTRY_COMPARE_WITH_TIMEOUT(urlReady.count(), 1, 5000);
    QVERIFY(connector.isListening());

    const QString state = QUrlQuery(urlReady.first().first().toUrl()).queryItemValue(QStringLiteral("state"));
    QString callbackQuery = query;
    callbackQuery.replace(QLatin1String("STATE"), state);

    // The request goes out in one write: Qt 6.4's callback parser drops a
    // header block split across TCP segments.
    QTcpSocket browser;
    browser.connectToHost(QHostAddress(QHostAddress::LocalHost), quint16(connector.redirectUri().port()));
    QVERIFY(browser.waitForConnected(5000));
    const QByteArray target = connector.redirectUri().path().toUtf8() + (callbackQuery.isEmpty() ? QByteArray() : "?" + callbackQuery.toUtf8());
    browser.write("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QVERIFY(browser.waitForBytesWritten(5000));

    QTRY_COMPARE_WITH_TIMEOUT(failed.count() + succeeded.count(), 1, 20000);
    QCOMPARE(succeeded.count(), 0);
    const Error error = failed.first().first().value<Error>();
    QVERIFY2(error.code == expectedCode, qPrintable(error.code + QStringLiteral(": ") + error.message));
    for (const QString &word : expectedWords)
        QVERIFY2(error.message.contains(word), qPrintable(error.message));
    // The message never repeats what the callback carried.
    QVERIFY2(!error.message.contains(state), "the message repeats the state");
    QVERIFY2(!error.message.contains(QLatin1String("abc")) && !error.message.contains(QLatin1String("aaaaaaaa")),
             qPrintable(error.message.left(300)));
    QVERIFY(!connector.isListening());
}

void tst_BadInput::bodyLyingAboutItsLength_data()
{
    QTest::addColumn<bool>("shortLength");
    QTest::newRow("Content-Length larger than the body") << false;
    QTest::newRow("Content-Length smaller than the body") << true;
}

void tst_BadInput::bodyLyingAboutItsLength()
{
    QFETCH(bool, shortLength);

    // Ten prospects, two of which HubSpot already has with a first name
    // the sync must keep. Every contact lookup comes back cut or overlong.
    QVERIFY(m_sandbox.reset());
    const QList<qint64> ids = insertProspects(10);
    for (int index : {2, 7}) {
        QVERIFY(!m_sandbox.seedContact(QJsonObject{{QStringLiteral("email"), QStringLiteral("length%1@example.com").arg(index)},
                                                   {QStringLiteral("firstname"), QStringLiteral("Remote")}})
                     .isEmpty());
    }
    const ResolvedProvider provider = sandboxProvider(m_sandbox.baseUrl(), m_redirectUri);
    const TokenSet tokens = grantSandboxTokens(provider);
    QVERIFY(tokens.isValid());

    QJsonObject truncate{{QStringLiteral("path"), QStringLiteral("/contacts/batch/read")}};
    if (shortLength)
        truncate.insert(QStringLiteral("short_length"), true);
    QVERIFY2(m_sandbox.setFaults(QJsonObject{{QStringLiteral("crm_truncate"), truncate}}), qPrintable(m_sandbox.errorString()));

    const QByteArray prospectsBefore = [this] {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QSqlQuery query(m_database->handle());
        query.exec(QStringLiteral("SELECT * FROM prospects ORDER BY id"));
        while (query.next()) {
            for (int column = 0; column < query.record().count(); ++column)
                hash.addData(query.value(column).toString().toUtf8());
        }
        return hash.result();
    }();

    // Ten prospects take well under a second; 20 s means the run loops.
    CredentialStore keychain(QStringLiteral("Breezee bad input test %1").arg(QCoreApplication::applicationPid()));
    TokenBroker broker(provider, &keychain, QStringLiteral("hubspot/refresh_token"), m_dir->filePath(QStringLiteral("refresh.lock")));
    broker.setTokens(tokens);
    HubSpotContactSync worker;
    QSignalSpy finished(&worker, &HubSpotContactSync::finished);
    SyncOptions options;
    options.database = DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")));
    options.provider = provider;
    options.broker = &broker;
    options.connectionName = QStringLiteral("badinput-worker");

    QElapsedTimer clock;
    clock.start();
    worker.start(options);
    finished.wait(20000);
    if (finished.isEmpty())
        worker.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000);
    SyncSummary summary = finished.first().first().value<SyncSummary>();
    if (clock.elapsed() > 20000)
        summary.error = Error{QStringLiteral("timeout"), QStringLiteral("sync did not finish within 20 s")};
    qInfo() << "sync with lying lengths ended after" << clock.elapsed() << "ms:" << summary.synced << "synced,"
            << summary.failed << "failed," << summary.remaining << "queued"
            << (summary.error ? summary.error->message : QString());
    QVERIFY2(!summary.error || summary.error->code != QLatin1String("timeout"), "the sync never finished");

    // HubSpot keeps one contact per email and the values it had.
    const QJsonArray contacts = m_sandbox.state().value(QLatin1String("contacts")).toArray();
    QSet<QString> emails;
    int remoteKept = 0;
    for (const QJsonValue &value : contacts) {
        const QJsonObject properties = value.toObject().value(QLatin1String("properties")).toObject();
        emails.insert(properties.value(QLatin1String("email")).toString().toLower());
        if (properties.value(QLatin1String("firstname")).toString() == QLatin1String("Remote"))
            ++remoteKept;
    }
    QCOMPARE(remoteKept, 2);
    QCOMPARE(int(emails.size()), int(contacts.size()));

    // A contact HubSpot has but the broken lookup could not show stays
    // queued, with a reason that names the failed lookup.
    QSqlQuery query(m_database->handle());
    QVERIFY(query.exec(QStringLiteral("SELECT status, last_error FROM sync_state WHERE prospect_id = %1").arg(ids.at(2))));
    QVERIFY2(query.next(), "no sync state was written for a prospect HubSpot already had");
    const QString reason = query.value(1).toString();
    QVERIFY2(reason.contains(QLatin1String("Looking up contacts in HubSpot failed")), qPrintable(query.value(0).toString() + QStringLiteral(": ") + reason));

    QCryptographicHash after(QCryptographicHash::Sha256);
    QSqlQuery prospects(m_database->handle());
    prospects.exec(QStringLiteral("SELECT * FROM prospects ORDER BY id"));
    while (prospects.next()) {
        for (int column = 0; column < prospects.record().count(); ++column)
            after.addData(prospects.value(column).toString().toUtf8());
    }
    QCOMPARE(after.result(), prospectsBefore);
    QVERIFY(m_sandbox.clearFaults());
}

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_badinput.moc"
