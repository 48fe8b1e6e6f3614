// The dry run before the first sync of a new connection, through the real
// main window against a HubSpot sandbox that already has some contacts and
// companies, one name twice. The dialog shows the totals and the ambiguous
// name. Cancel leaves everything queued and sends no write to HubSpot,
// Start sync runs the sync, and a connection that synced before starts
// without a dry run.

#include "FakeBrowser.h"
#include "GuiTestSupport.h"
#include "ScreenshotLook.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"

#include "DryRunDialog.h"
#include "MainWindow.h"
#include "integration/IntegrationController.h"
#include "store/ProspectStore.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QStandardItemModel>
#include <QTreeView>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

// Lists the CRM requests that change something. Batch reads and searches
// are POSTs that only read, so they are left out.
QStringList crmWrites(const QJsonArray &requests)
{
    QStringList writes;
    for (const QJsonValue &value : requests) {
        const QJsonObject request = value.toObject();
        const QString method = request.value(QLatin1String("method")).toString();
        const QString path = request.value(QLatin1String("path")).toString();
        if (!path.startsWith(QLatin1String("/crm/")) || method == QLatin1String("GET"))
            continue;
        if (path.endsWith(QLatin1String("/batch/read")) || path.endsWith(QLatin1String("/search")))
            continue;
        writes << method + QLatin1Char(' ') + path;
    }
    return writes;
}

} // namespace

class tst_DryRun : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void dryRunShowsTotals();
    void dryRunListsAmbiguousCompany();
    void cancelWritesNothing();
    void resyncAsksAgainAfterCancel();
    void confirmStartsSync();
    void syncedConnectionSkipsDryRun();

private:
    void openConsole();
    void closeConsole();
    void connectHubSpot();
    DryRunDialog *waitForDryRun();
    int storeCount(const QString &sql);

    SandboxProcess m_sandbox;
    QString m_redirectUri;
    std::unique_ptr<QTemporaryDir> m_directory;
    Profile m_profile;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<IntegrationController> m_controller;
    std::unique_ptr<MainWindow> m_window;
    QString m_ambiguousFirst;
    QString m_ambiguousSecond;
    QList<QAbstractItemModelTester *> m_testers;
};

void tst_DryRun::initTestCase()
{
    GuiTest::applyScreenshotLook();
    QStandardPaths::setTestModeEnabled(true);
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY2(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri}),
             qPrintable(m_sandbox.errorString()));
}

// HubSpot has Bob, the companies Initech and Globex, and Globex a second
// time in capitals. The console has five queued prospects: two new ones of
// Globex, a new one of a new company, Bob of Initech and one without email.
void tst_DryRun::init()
{
    QVERIFY(m_sandbox.reset());
    QVERIFY(!m_sandbox.seedContact(QJsonObject{{QStringLiteral("email"), QStringLiteral("bob@example.com")},
                                    {QStringLiteral("firstname"), QStringLiteral("Bob")}})
                 .isEmpty());
    QVERIFY(!m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("Initech")}}).isEmpty());
    m_ambiguousFirst = m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("Globex")}});
    m_ambiguousSecond = m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("GLOBEX")}});
    QVERIFY(!m_ambiguousFirst.isEmpty() && !m_ambiguousSecond.isEmpty());
    QVERIFY(m_sandbox.publishSearchIndex());

    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
    const QString credentialsFile = m_directory->filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentialsFile, m_sandbox.baseUrl(), m_redirectUri);
    m_profile = sandboxProfile(m_directory->path(), QStringLiteral("dryrun-%1").arg(QTest::currentTestFunction()),
                               credentialsFile);
    m_settings = std::make_unique<QSettings>(m_directory->filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);

    Database database(QStringLiteral("seed"));
    QVERIFY(!database.open(m_profile.database));
    {
        ProspectStore prospects(database.handle());
        const QList<QPair<QString, QString>> rows = {
            {QStringLiteral("ada@example.com"), QStringLiteral("Acme Rockets")},
            {QStringLiteral("bob@example.com"), QStringLiteral("Initech")},
            {QStringLiteral("carol@example.com"), QStringLiteral("Globex")},
            {QStringLiteral("dave@example.com"), QStringLiteral(" globex ")},
            {QString(), QStringLiteral("Erin's Shop")},
        };
        for (const auto &[email, company] : rows) {
            Prospect prospect;
            prospect.email = email;
            prospect.companyName = company;
            prospect.firstName = email.isEmpty() ? QStringLiteral("Erin") : email.section(QLatin1Char('@'), 0, 0);
            prospect.sourceChannel = QStringLiteral("Website chat");
            QVERIFY(prospects.insert(prospect).ok());
        }
    }
    database.close();
}

void tst_DryRun::cleanup()
{
    closeConsole();
    m_settings.reset();
    m_directory.reset();
}

void tst_DryRun::openConsole()
{
    m_controller = std::make_unique<IntegrationController>(m_profile);
    const Status status = m_controller->start();
    QVERIFY2(!status, status ? qPrintable(status->message) : "");
    m_window = std::make_unique<MainWindow>(m_controller.get(), m_settings.get());
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_DryRun::closeConsole()
{
    qDeleteAll(m_testers);
    m_testers.clear();
    m_window.reset();
    m_controller.reset();
}

void tst_DryRun::connectHubSpot()
{
    QSignalSpy urlReady(m_controller.get(), &IntegrationController::authorizationUrlReady);
    m_controller->connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);
    QCOMPARE(openInFakeBrowser(urlReady.first().at(1).toUrl()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(int(m_controller->provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
}

// Returns the dry run dialog once its preview ended, or nullptr when none
// appeared within 10 s.
DryRunDialog *tst_DryRun::waitForDryRun()
{
    if (!QTest::qWaitFor([this] { return m_window->findChild<DryRunDialog *>() != nullptr; }, 10000))
        return nullptr;

    auto *dialog = m_window->findChild<DryRunDialog *>();
    // The tester goes when the dialog finishes, before its model.
    auto *tester = new QAbstractItemModelTester(dialog->ambiguousModel(),
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_testers << tester;
    connect(dialog, &QDialog::finished, this, [this, tester] {
        if (m_testers.removeOne(tester))
            delete tester;
    });
    if (!QTest::qWaitFor([dialog] { return dialog->isPreviewReady() || dialog->hasPreviewFailed(); }, 30000))
        qWarning("the dry run preview did not end within 30 s");
    return dialog;
}

int tst_DryRun::storeCount(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(QStringLiteral("controller")));
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

void tst_DryRun::dryRunShowsTotals()
{
    openConsole();
    connectHubSpot();
    DryRunDialog *dialog = waitForDryRun();
    QVERIFY(dialog);
    QVERIFY2(dialog->isPreviewReady(), qPrintable(dialog->statusText()));
    dialog->ambiguousTree()->expandAll();
    GuiTest::saveScreenshot(dialog, QStringLiteral("dry-run"));
    QVERIFY(m_controller->isFirstSyncPending());
    QVERIFY(dialog->startButton()->isEnabled());

    const SyncPreviewTotals totals = dialog->totals();
    QCOMPARE(totals.prospects, 5);
    QCOMPARE(totals.contactsToCreate, 3);
    QCOMPARE(totals.contactsMatched, 1);
    QCOMPARE(totals.prospectsSkipped, 1);
    QCOMPARE(totals.companiesToCreate, 1);
    QCOMPARE(totals.companiesToLink, 1);
    QCOMPARE(totals.companiesAmbiguous, 1);
    QCOMPARE(totals.propertiesToCreate, 3);
    QCOMPARE(totals.notesToPost, 4);

    QCOMPARE(dialog->totalText(QStringLiteral("contactsToCreate")), QStringLiteral("3"));
    QCOMPARE(dialog->totalText(QStringLiteral("propertiesToCreate")),
             QStringLiteral("3 (breezee_score, breezee_source, breezee_last_activity_date)"));
}

void tst_DryRun::dryRunListsAmbiguousCompany()
{
    openConsole();
    connectHubSpot();
    DryRunDialog *dialog = waitForDryRun();
    QVERIFY(dialog);

    QVERIFY(dialog->ambiguousTree()->isVisibleTo(dialog));
    const QStandardItemModel *model = dialog->ambiguousModel();
    QCOMPARE(model->rowCount(), 1);
    const QStandardItem *name = model->item(0, 0);
    QCOMPARE(name->text(), QStringLiteral("Globex"));
    QCOMPARE(model->item(0, 2)->text().split(QStringLiteral(", ")).size(), 2);
    QCOMPARE(name->rowCount(), 2);
    QStringList candidates{name->child(0, 1)->text(), name->child(1, 1)->text()};
    candidates.sort();
    QCOMPARE(candidates, QStringList({QStringLiteral("GLOBEX (id %1)").arg(m_ambiguousSecond),
                                      QStringLiteral("Globex (id %1)").arg(m_ambiguousFirst)}));
}

void tst_DryRun::cancelWritesNothing()
{
    openConsole();
    connectHubSpot();
    DryRunDialog *dialog = waitForDryRun();
    QVERIFY(dialog);

    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!m_window->findChild<DryRunDialog *>());

    // Long enough for a sync that wrongly started to send its first batch.
    QTest::qWait(1500);
    QCOMPARE(crmWrites(m_sandbox.requests()), QStringList());
    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), 1);
    QCOMPARE(m_sandbox.state().value(QLatin1String("companies")).toArray().size(), 3);
    QCOMPARE(storeCount(QStringLiteral("SELECT COUNT(*) FROM sync_queue")), 5);
    QCOMPARE(storeCount(QStringLiteral("SELECT COUNT(*) FROM sync_state")), 0);
    QCOMPARE(storeCount(QStringLiteral("SELECT COUNT(*) FROM sync_log WHERE kind = 'first_sync_cancelled'")), 1);
    QVERIFY(m_controller->isFirstSyncPending());
    QVERIFY(!m_controller->progress().running);
}

void tst_DryRun::resyncAsksAgainAfterCancel()
{
    openConsole();
    connectHubSpot();
    DryRunDialog *dialog = waitForDryRun();
    QVERIFY(dialog);
    dialog->reject();
    QTRY_VERIFY(!m_window->findChild<DryRunDialog *>());

    m_controller->resyncAll();
    dialog = waitForDryRun();
    QVERIFY(dialog);
    QCOMPARE(dialog->totals().prospects, 5);
    dialog->reject();
}

void tst_DryRun::confirmStartsSync()
{
    openConsole();
    connectHubSpot();
    DryRunDialog *dialog = waitForDryRun();
    QVERIFY(dialog);

    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QVERIFY(!m_controller->isFirstSyncPending());
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->progress().synced, 4, 30000);

    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), 4);
    QCOMPARE(storeCount(QStringLiteral("SELECT COUNT(*) FROM sync_log WHERE kind = 'first_sync_confirmed'")), 1);
    QVERIFY(crmWrites(m_sandbox.requests()).contains(QStringLiteral("POST /crm/v3/objects/contacts/batch/create")));
}

void tst_DryRun::syncedConnectionSkipsDryRun()
{
    openConsole();
    connectHubSpot();
    DryRunDialog *dialog = waitForDryRun();
    QVERIFY(dialog);
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->progress().synced, 4, 30000);
    closeConsole();

    // The console starts again on the same profile: the saved connection
    // syncs without another dry run.
    openConsole();
    QTRY_COMPARE_WITH_TIMEOUT(int(m_controller->provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->progress().running, 10000);
    QVERIFY(!m_controller->isFirstSyncPending());
    QVERIFY(!m_window->findChild<DryRunDialog *>());
}

QTEST_MAIN(tst_DryRun)
#include "tst_dryrun.moc"
