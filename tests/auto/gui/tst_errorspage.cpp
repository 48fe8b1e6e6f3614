#include "GuiTestSupport.h"

#include "CsvExport.h"
#include "ErrorsPage.h"
#include "FailureGroups.h"
#include "SyncFailure.h"
#include "integration/IntegrationController.h"

#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Breezee;

Q_DECLARE_METATYPE(Breezee::FailureKind)

class tst_ErrorsPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void classifyFailure_data();
    void classifyFailure();
    void hubSpotMessageUnwrapped();
    void csvCellNeutralisesFormulas_data();
    void csvCellNeutralisesFormulas();
    void csvDocumentHasBomAndCrlf();
    void reportGroupsByKind();
    void pageShowsFixAndMessage();
    void retryGroupQueuesProspects();
    void exportGroupWritesCsv();
    void exportAllNeutralisesFormulas();
    void doubleClickActivatesProspect();
    void noFailuresShowsEmptyState();

private:
    qint64 addFailed(const QString &name, const QString &message);

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<IntegrationController> m_controller;
    std::unique_ptr<GuiTest::StoreWriter> m_store;
    std::unique_ptr<Database> m_views;
};

namespace {

const QString kViewConnection = QStringLiteral("test-views");

const QString kValidationMessage = QStringLiteral(
    "HubSpot rejected the contact: Property values were not valid: "
    "[{\"isValid\":false,\"message\":\"Property \\\"breezee_score\\\" does not exist\","
    "\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"breezee_score\"}]");

} // namespace

void tst_ErrorsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("BREEZEE_DATABASE");
    qunsetenv("BREEZEE_HUBSPOT_CLIENT_ID");
    qunsetenv("BREEZEE_HUBSPOT_CLIENT_SECRET");
}

void tst_ErrorsPage::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
    qputenv("BREEZEE_CREDENTIALS", QFile::encodeName(m_directory->filePath(QStringLiteral("missing.ini"))));

    m_controller = std::make_unique<IntegrationController>(GuiTest::makeProfile(m_directory->path()));
    const Status status = m_controller->start();
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    m_store = std::make_unique<GuiTest::StoreWriter>(m_controller->profile());
    QVERIFY(m_store->isOpen());
    m_views = std::make_unique<Database>(kViewConnection);
    QVERIFY(!m_views->open(m_controller->profile().database));
}

void tst_ErrorsPage::cleanup()
{
    m_views.reset();
    m_store.reset();
    m_controller.reset();
    m_directory.reset();
    qunsetenv("BREEZEE_CREDENTIALS");
}

qint64 tst_ErrorsPage::addFailed(const QString &name, const QString &message)
{
    const qint64 id = m_store->insertProspect(name, QStringLiteral("Tester"),
                                              name.toLower() + QStringLiteral("@example.com"), QString());
    m_store->markFailed(id, message);
    return id;
}

void tst_ErrorsPage::classifyFailure_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<Breezee::FailureKind>("kind");

    QTest::newRow("no email") << "No email address: HubSpot identifies contacts by email. Add an email to sync "
                                 "this prospect."
                              << FailureKind::Email;
    QTest::newRow("invalid email") << "The email address \"ada@\" is not valid. Correct it to sync this prospect."
                                   << FailureKind::Email;
    QTest::newRow("hubspot invalid email") << "HubSpot rejected the contact: Property values were not valid: "
                                              "[{\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]"
                                           << FailureKind::Email;
    QTest::newRow("german no email") << "Keine E-Mail-Adresse: HubSpot erkennt Kontakte an der E-Mail-Adresse."
                                     << FailureKind::Email;
    QTest::newRow("validation") << kValidationMessage << FailureKind::Validation;
    QTest::newRow("rejected update") << "HubSpot rejected the update: something odd" << FailureKind::Validation;
    QTest::newRow("rate limit") << "Creating the contact in HubSpot failed: You have reached your "
                                   "ten_secondly_rolling limit."
                                << FailureKind::RateLimit;
    QTest::newRow("http 429") << "Looking up contacts in HubSpot failed: HTTP 429" << FailureKind::RateLimit;
    QTest::newRow("missing scopes") << "Updating the contact in HubSpot failed: One or more of the following "
                                       "scopes are required. MISSING_SCOPES"
                                    << FailureKind::Authorization;
    QTest::newRow("reconnect") << "Reconnect required: HubSpot rejected the access token right after a refresh."
                               << FailureKind::Authorization;
    QTest::newRow("deleted") << "The prospect was deleted." << FailureKind::Other;
    QTest::newRow("contact id is not a status code") << "HubSpot returned no result for contact 51401"
                                                     << FailureKind::Other;
    QTest::newRow("empty") << "" << FailureKind::Other;
}

void tst_ErrorsPage::classifyFailure()
{
    QFETCH(QString, message);
    QFETCH(Breezee::FailureKind, kind);

    QCOMPARE(Breezee::classifyFailure(message), kind);
    QVERIFY(!failureKindTitle(kind).isEmpty());
    QVERIFY(!failureKindFix(kind).isEmpty());
}

void tst_ErrorsPage::hubSpotMessageUnwrapped()
{
    QCOMPARE(hubSpotMessage(QStringLiteral("HubSpot rejected the contact: Property values were not valid")),
             QStringLiteral("Property values were not valid"));
    QCOMPARE(hubSpotMessage(QStringLiteral("Creating the contact in HubSpot failed: HTTP 502")),
             QStringLiteral("HTTP 502"));
    QCOMPARE(hubSpotMessage(QStringLiteral("The prospect was deleted.")), QStringLiteral("The prospect was deleted."));
}

void tst_ErrorsPage::csvCellNeutralisesFormulas_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("cell");

    QTest::newRow("equals") << "=1+1" << "'=1+1";
    QTest::newRow("plus") << "+44 20 7946 0000" << "'+44 20 7946 0000";
    QTest::newRow("minus") << "-5" << "'-5";
    QTest::newRow("at") << "@SUM(A1)" << "'@SUM(A1)";
    QTest::newRow("tab") << "\tcmd" << "'\tcmd";
    QTest::newRow("carriage return") << "\rcmd" << "\"'\rcmd\"";
    QTest::newRow("hyperlink with comma") << "=HYPERLINK(\"http://x\",\"y\")"
                                          << "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"";
    QTest::newRow("comma") << "Engines, Ltd" << "\"Engines, Ltd\"";
    QTest::newRow("quote") << "say \"hi\"" << "\"say \"\"hi\"\"\"";
    QTest::newRow("line break") << "one\ntwo" << "\"one\ntwo\"";
    QTest::newRow("plain") << "ada@example.com" << "ada@example.com";
    QTest::newRow("inner equals kept") << "a=b" << "a=b";
    QTest::newRow("empty") << "" << "";
}

void tst_ErrorsPage::csvCellNeutralisesFormulas()
{
    QFETCH(QString, value);
    QFETCH(QString, cell);

    QCOMPARE(csvCell(value), cell);
}

void tst_ErrorsPage::csvDocumentHasBomAndCrlf()
{
    const QByteArray document = csvDocument({QStringLiteral("a"), QStringLiteral("b")},
                                            {{QStringLiteral("1"), QString::fromUtf8("\u00c9mile")}});
    QVERIFY(document.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(document.mid(3), QByteArray("a,b\r\n1,\xC3\x89mile\r\n"));
}

void tst_ErrorsPage::reportGroupsByKind()
{
    addFailed(QStringLiteral("Nomail"), QStringLiteral("No email address: HubSpot identifies contacts by email."));
    addFailed(QStringLiteral("Vera"), kValidationMessage);
    addFailed(QStringLiteral("Val"), QStringLiteral("HubSpot rejected the update: READ_ONLY_VALUE"));
    addFailed(QStringLiteral("Rita"), QStringLiteral("Creating the contact in HubSpot failed: HTTP 429"));
    const qint64 queued = addFailed(QStringLiteral("Quinn"), kValidationMessage);
    m_store->execute(QStringLiteral("INSERT INTO sync_queue (prospect_id, reason, enqueued_at) VALUES (?, 'resync', ?)"),
                     {queued, storeTimestamp()});
    m_store->markSynced(m_store->insertProspect(QStringLiteral("Sam"), QStringLiteral("Synced"),
                                                QStringLiteral("sam@example.com"), QString()),
                        QStringLiteral("51001"));

    const Result<FailureReport> report = loadFailureReport(m_views->handle());
    QVERIFY(report.ok());
    QCOMPARE(report.value().failedCount(), 4);
    QCOMPARE(report.value().queuedForRetry, 1);

    const QList<FailureGroup> &groups = report.value().groups;
    QCOMPARE(groups.size(), 3);
    QCOMPARE(groups.at(0).kind, FailureKind::Email);
    QCOMPARE(groups.at(1).kind, FailureKind::Validation);
    QCOMPARE(groups.at(1).prospects.size(), 2);
    QCOMPARE(groups.at(2).kind, FailureKind::RateLimit);
    QCOMPARE(groups.at(2).prospects.first().email, QStringLiteral("rita@example.com"));
}

void tst_ErrorsPage::pageShowsFixAndMessage()
{
    addFailed(QStringLiteral("Vera"), kValidationMessage);

    ErrorsPage page(m_controller.get(), kViewConnection);
    page.reload();
    QCOMPARE(page.report().groups.size(), 1);
    QCOMPARE(page.currentGroup(), 0);
    QCOMPARE(page.fixText(), failureKindFix(FailureKind::Validation));

    // HubSpot's own words, without the console's prefix.
    QVERIFY2(page.messageText().startsWith(QStringLiteral("Property values were not valid")),
             qPrintable(page.messageText()));
    QVERIFY(page.messageText().contains(QStringLiteral("PROPERTY_DOESNT_EXIST")));

    auto *tree = page.findChild<QTreeWidget *>(QStringLiteral("prospectsTree"));
    QVERIFY(tree);
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(1), QStringLiteral("vera@example.com"));
}

void tst_ErrorsPage::retryGroupQueuesProspects()
{
    const qint64 vera = addFailed(QStringLiteral("Vera"), kValidationMessage);
    const qint64 val = addFailed(QStringLiteral("Val"), QStringLiteral("HubSpot rejected the update: x"));
    addFailed(QStringLiteral("Nomail"), QStringLiteral("No email address: add one."));

    ErrorsPage page(m_controller.get(), kViewConnection);
    QSignalSpy messages(&page, &ErrorsPage::statusMessage);
    page.reload();
    QCOMPARE(page.report().groups.size(), 2);
    page.setCurrentGroup(1);
    QCOMPARE(page.report().groups.at(1).kind, FailureKind::Validation);

    auto *retry = page.findChild<QPushButton *>(QStringLiteral("retryGroupButton"));
    QVERIFY(retry);
    QTest::mouseClick(retry, Qt::LeftButton);

    QCOMPARE(messages.size(), 1);
    QVERIFY(messages.first().first().toString().startsWith(QStringLiteral("2 failed prospects")));
    QCOMPARE(m_store->count(QStringLiteral("sync_queue")), 2);

    QSqlQuery queued(QSqlDatabase::database(QStringLiteral("test-writer")));
    QVERIFY(queued.exec(QStringLiteral("SELECT prospect_id FROM sync_queue ORDER BY prospect_id")));
    QList<qint64> ids;
    while (queued.next())
        ids << queued.value(0).toLongLong();
    QCOMPARE(ids, (QList<qint64>{vera, val}));

    // The retried group leaves the list; the other one stays.
    QCOMPARE(page.report().groups.size(), 1);
    QCOMPARE(page.report().groups.first().kind, FailureKind::Email);
    QCOMPARE(page.report().queuedForRetry, 2);
}

void tst_ErrorsPage::exportGroupWritesCsv()
{
    const qint64 vera = addFailed(QStringLiteral("Vera"), kValidationMessage);

    ErrorsPage page(m_controller.get(), kViewConnection);
    page.reload();

    const QString path = m_directory->filePath(QStringLiteral("group.csv"));
    const Status status = page.exportGroupCsv(0, path);
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().mid(3).split('\n');
    QCOMPARE(lines.at(0), QByteArray("kind,prospect_id,name,email,hubspot_id,last_attempt_at,message,hubspot_message\r"));
    QVERIFY(lines.at(1).startsWith("Rejected by HubSpot's validation," + QByteArray::number(vera)
                                   + ",Vera Tester,vera@example.com,,"));
    QVERIFY(lines.at(1).contains("PROPERTY_DOESNT_EXIST"));

    QVERIFY(page.exportGroupCsv(5, path).has_value());
}

void tst_ErrorsPage::exportAllNeutralisesFormulas()
{
    const qint64 id = m_store->insertProspect(QStringLiteral("=HYPERLINK(\"http://evil.test\")"), QString(),
                                              QStringLiteral("@evil.example"), QString());
    m_store->markFailed(id, QStringLiteral("-1 is not a score"));

    ErrorsPage page(m_controller.get(), kViewConnection);
    page.reload();

    const QString path = m_directory->filePath(QStringLiteral("all.csv"));
    QVERIFY(!page.exportAllCsv(path));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains(",\"'=HYPERLINK(\"\"http://evil.test\"\")\","), text.constData());
    QVERIFY(text.contains(",'@evil.example,"));
    QVERIFY(text.contains(",'-1 is not a score,"));
}

void tst_ErrorsPage::doubleClickActivatesProspect()
{
    const qint64 vera = addFailed(QStringLiteral("Vera"), kValidationMessage);

    ErrorsPage page(m_controller.get(), kViewConnection);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    QSignalSpy activated(&page, &ErrorsPage::prospectActivated);
    auto *tree = page.findChild<QTreeWidget *>(QStringLiteral("prospectsTree"));
    QVERIFY(tree);
    const QRect rect = tree->visualItemRect(tree->topLevelItem(0));
    // Item views see a double-click only after the first press and release.
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, rect.center());

    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toLongLong(), vera);
}

void tst_ErrorsPage::noFailuresShowsEmptyState()
{
    ErrorsPage page(m_controller.get(), kViewConnection);
    page.reload();
    QVERIFY(page.report().groups.isEmpty());
    QCOMPARE(page.currentGroup(), -1);

    auto *exportAll = page.findChild<QPushButton *>(QStringLiteral("exportAllButton"));
    QVERIFY(exportAll);
    QVERIFY(!exportAll->isEnabled());
}

QTEST_MAIN(tst_ErrorsPage)
#include "tst_errorspage.moc"
