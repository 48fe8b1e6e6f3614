// Resync of one prospect with a preview, driven through the real main
// window against a HubSpot sandbox. The preview lists each field's
// decision and the notes and company link the sync would send, and it
// writes nothing. The chosen parts become the queue row's scope. Also the
// Contacts page's resync of every failed prospect.

#include "FakeBrowser.h"
#include "GuiTestSupport.h"
#include "ScreenshotLook.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"

#include "ContactsPage.h"
#include "MainWindow.h"
#include "ProspectDetailPane.h"
#include "ResyncDialog.h"
#include "integration/IntegrationController.h"
#include "store/ProspectStore.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QAction>
#include <QCheckBox>
#include <QJsonArray>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
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

class tst_Resync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void previewListsFieldDecisions_data();
    void previewListsFieldDecisions();
    void previewListsNotesAndCompany();
    void previewWritesNothing();
    void partsFilterPreview();
    void notesOnlyQueuesNotesScope();
    void noPartDisablesResync();
    void contextMenuOpensDialog();
    void resyncFailedAsksWithCount();

private:
    ResyncDialog *openDialogFromPane();
    void watchModel(QDialog *dialog, QAbstractItemModel *model);
    QString queueColumn(qint64 prospectId, const QString &column);
    void setChecked(ResyncDialog *dialog, const char *objectName, bool checked);

    SandboxProcess m_sandbox;
    QString m_redirectUri;
    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<IntegrationController> m_controller;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<GuiTest::StoreWriter> m_store;
    QString m_remoteId;
    qint64 m_prospectId = 0;
    QList<QAbstractItemModelTester *> m_testers;
};

void tst_Resync::initTestCase()
{
    GuiTest::applyScreenshotLook();
    QStandardPaths::setTestModeEnabled(true);
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY2(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri}),
             qPrintable(m_sandbox.errorString()));

    // HubSpot has Ada with another first name, her job title and no last
    // name yet.
    m_remoteId = m_sandbox.seedContact(QJsonObject{{QStringLiteral("email"), QStringLiteral("ada@example.com")},
                                                   {QStringLiteral("firstname"), QStringLiteral("Ada")},
                                                   {QStringLiteral("jobtitle"), QStringLiteral("Analyst")},
                                                   {QStringLiteral("lifecyclestage"), QStringLiteral("lead")}});
    QVERIFY(!m_remoteId.isEmpty());

    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
    const QString credentialsFile = m_directory->filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentialsFile, m_sandbox.baseUrl(), m_redirectUri);
    const Profile profile = sandboxProfile(m_directory->path(), QStringLiteral("resync"), credentialsFile);

    m_store = std::make_unique<GuiTest::StoreWriter>(profile);
    QVERIFY(m_store->isOpen());
    Database database(QStringLiteral("seed"));
    QVERIFY(!database.open(profile.database));
    {
        ProspectStore prospects(database.handle());
        Prospect ada;
        ada.email = QStringLiteral("ada@example.com");
        ada.firstName = QStringLiteral("Adele");
        ada.lastName = QStringLiteral("Lovelace");
        ada.jobTitle = QStringLiteral("Analyst");
        ada.companyName = QStringLiteral("Analytical Engines");
        ada.leadScore = 42;
        ada.sourceChannel = QStringLiteral("Website chat");
        ada.lifecycleStage = QStringLiteral("opportunity");
        const auto id = prospects.insert(ada);
        QVERIFY(id.ok());
        m_prospectId = id.value();
        QVERIFY(prospects.addChatSession(m_prospectId, QDateTime::currentDateTimeUtc().addSecs(-600),
                                         QStringLiteral("Asked about the engine's pricing"),
                                         QDateTime::currentDateTimeUtc().addSecs(-300))
                    .ok());
    }
    database.close();
    m_store->markSynced(m_prospectId, m_remoteId);

    // The controller connects without syncing, so the queue holds only what
    // the tests put there.
    m_settings = std::make_unique<QSettings>(m_directory->filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);
    m_controller = std::make_unique<IntegrationController>(profile);
    m_controller->setSyncEnabled(false);
    QVERIFY(!m_controller->start());
    m_window = std::make_unique<MainWindow>(m_controller.get(), m_settings.get());
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    QSignalSpy urlReady(m_controller.get(), &IntegrationController::authorizationUrlReady);
    m_controller->connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);
    QCOMPARE(openInFakeBrowser(urlReady.first().at(1).toUrl()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(int(m_controller->provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);
}

void tst_Resync::cleanupTestCase()
{
    m_window.reset();
    m_controller.reset();
    m_store.reset();
    m_settings.reset();
    m_directory.reset();
}

void tst_Resync::init()
{
    m_store->dequeue(m_prospectId);
    m_window->showProspectInContacts(m_prospectId);
    QTRY_COMPARE(m_window->contactsPage()->detailPane()->prospectId(), m_prospectId);
}

void tst_Resync::cleanup()
{
    // Deletes a dialog that a failed test left open, so that the next test
    // does not find it. The testers go first, before the models.
    qDeleteAll(m_testers);
    m_testers.clear();
    const QList<ResyncDialog *> dialogs = m_window->findChildren<ResyncDialog *>();
    for (ResyncDialog *dialog : dialogs)
        delete dialog;
}

ResyncDialog *tst_Resync::openDialogFromPane()
{
    QPushButton *button = m_window->contactsPage()->detailPane()->resyncButton();
    if (!button || !button->isVisible())
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);

    auto *dialog = m_window->findChild<ResyncDialog *>();
    if (!dialog)
        return nullptr;
    watchModel(dialog, dialog->previewModel());
    return dialog;
}

// Checks the dialog's model on every change until the dialog finishes.
void tst_Resync::watchModel(QDialog *dialog, QAbstractItemModel *model)
{
    auto *tester = new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_testers << tester;
    connect(dialog, &QDialog::finished, this, [this, tester] {
        if (m_testers.removeOne(tester))
            delete tester;
    });
}

QString tst_Resync::queueColumn(qint64 prospectId, const QString &column)
{
    QSqlQuery query(QSqlDatabase::database(QStringLiteral("test-writer")));
    if (!query.exec(QStringLiteral("SELECT %1 FROM sync_queue WHERE prospect_id = %2").arg(column).arg(prospectId))
        || !query.next())
        return QStringLiteral("<not queued>");
    return query.value(0).toString();
}

void tst_Resync::setChecked(ResyncDialog *dialog, const char *objectName, bool checked)
{
    auto *box = dialog->findChild<QCheckBox *>(QLatin1String(objectName));
    QVERIFY2(box, objectName);
    if (box->isChecked() != checked)
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(6, box->height() / 2));
    QCOMPARE(box->isChecked(), checked);
}

void tst_Resync::previewListsFieldDecisions_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("decision");

    QTest::newRow("email matched") << QStringLiteral("email") << QStringLiteral("Already the same in HubSpot");
    QTest::newRow("first name kept") << QStringLiteral("firstname") << QStringLiteral("Kept HubSpot's value 'Ada'");
    QTest::newRow("last name written") << QStringLiteral("lastname") << QStringLiteral("Written");
    QTest::newRow("phone blank") << QStringLiteral("phone") << QStringLiteral("Blank, not sent");
    QTest::newRow("job title equal") << QStringLiteral("jobtitle") << QStringLiteral("Already the same in HubSpot");
    QTest::newRow("lifecycle never") << QStringLiteral("lifecyclestage") << QStringLiteral("Never written");
    QTest::newRow("lead status never") << QStringLiteral("hs_lead_status") << QStringLiteral("Never written");
    QTest::newRow("score written") << QStringLiteral("breezee_score") << QStringLiteral("Written");
    QTest::newRow("source written") << QStringLiteral("breezee_source") << QStringLiteral("Written");
}

void tst_Resync::previewListsFieldDecisions()
{
    QFETCH(QString, property);
    QFETCH(QString, decision);

    ResyncDialog *dialog = openDialogFromPane();
    QVERIFY(dialog);
    QCOMPARE(dialog->prospectId(), m_prospectId);
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->isPreviewReady(), qPrintable(dialog->statusText()), 20000);

    QCOMPARE(dialog->fieldDecisionText(property), decision);
    dialog->reject();
}

void tst_Resync::previewListsNotesAndCompany()
{
    ResyncDialog *dialog = openDialogFromPane();
    QVERIFY(dialog);
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->isPreviewReady(), qPrintable(dialog->statusText()), 20000);
    dialog->previewTree()->expandAll();
    GuiTest::saveScreenshot(dialog, QStringLiteral("resync"));

    const QStringList notes = dialog->noteTexts();
    QVERIFY2(notes.filter(QStringLiteral("Chat summary: Asked about the engine's pricing")).size() == 1,
             qPrintable(notes.join(QLatin1Char('\n'))));
    QVERIFY2(dialog->companyText().startsWith(QLatin1String("Creates the HubSpot company \"Analytical Engines\"")),
             qPrintable(dialog->companyText()));
    dialog->reject();
}

void tst_Resync::previewWritesNothing()
{
    const int before = int(m_sandbox.requests().size());

    ResyncDialog *dialog = openDialogFromPane();
    QVERIFY(dialog);
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->isPreviewReady(), qPrintable(dialog->statusText()), 20000);
    dialog->reject();

    const QJsonArray requests = m_sandbox.requests();
    QVERIFY(requests.size() > before);
    QCOMPARE(crmWrites(requests), QStringList());
    QCOMPARE(queueColumn(m_prospectId, QStringLiteral("scope")), QStringLiteral("<not queued>"));
}

void tst_Resync::partsFilterPreview()
{
    ResyncDialog *dialog = openDialogFromPane();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isPreviewReady());
    QTreeView *tree = dialog->previewTree();
    QCOMPARE(dialog->previewModel()->rowCount(), 4);

    setChecked(dialog, "allPartsBox", false);
    setChecked(dialog, "fieldsPartBox", true);
    QVERIFY(!tree->isRowHidden(0, {})); // the contact
    QVERIFY(!tree->isRowHidden(1, {})); // fields
    QVERIFY(tree->isRowHidden(2, {}));  // notes
    QVERIFY(tree->isRowHidden(3, {}));  // company link

    setChecked(dialog, "notesPartBox", true);
    setChecked(dialog, "companyPartBox", true);
    QVERIFY(dialog->findChild<QCheckBox *>(QStringLiteral("allPartsBox"))->isChecked());
    QVERIFY(!tree->isRowHidden(3, {}));
    dialog->reject();
}

void tst_Resync::notesOnlyQueuesNotesScope()
{
    ResyncDialog *dialog = openDialogFromPane();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isPreviewReady());
    QSignalSpy queued(dialog, &ResyncDialog::resyncQueued);

    setChecked(dialog, "allPartsBox", false);
    setChecked(dialog, "notesPartBox", true);
    QCOMPARE(dialog->parts(), SyncParts(SyncPart::Notes));
    QTest::mouseClick(dialog->resyncButton(), Qt::LeftButton);

    QCOMPARE(queued.count(), 1);
    QCOMPARE(queueColumn(m_prospectId, QStringLiteral("scope")), QStringLiteral("notes"));
    QCOMPARE(queueColumn(m_prospectId, QStringLiteral("reason")), QStringLiteral("resync"));
    QTRY_VERIFY(!m_window->findChild<ResyncDialog *>());
}

void tst_Resync::noPartDisablesResync()
{
    ResyncDialog *dialog = openDialogFromPane();
    QVERIFY(dialog);

    setChecked(dialog, "allPartsBox", false);
    QCOMPARE(dialog->parts(), SyncParts());
    QVERIFY(!dialog->resyncButton()->isEnabled());

    setChecked(dialog, "companyPartBox", true);
    QVERIFY(dialog->resyncButton()->isEnabled());
    dialog->reject();
    QCOMPARE(queueColumn(m_prospectId, QStringLiteral("scope")), QStringLiteral("<not queued>"));
}

void tst_Resync::contextMenuOpensDialog()
{
    QTableView *view = m_window->contactsPage()->view();
    auto *action = view->findChild<QAction *>(QStringLiteral("resyncWithPreviewAction"));
    QVERIFY(action);
    QVERIFY(view->actions().contains(action));
    QVERIFY(action->isEnabled());

    action->trigger();
    auto *dialog = m_window->findChild<ResyncDialog *>();
    QVERIFY(dialog);
    watchModel(dialog, dialog->previewModel());
    QCOMPARE(dialog->prospectId(), m_prospectId);
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->isPreviewReady(), qPrintable(dialog->statusText()), 20000);
    QTest::mouseClick(dialog->resyncButton(), Qt::LeftButton);
    QCOMPARE(queueColumn(m_prospectId, QStringLiteral("scope")), QStringLiteral("all"));
}

void tst_Resync::resyncFailedAsksWithCount()
{
    const qint64 first = m_store->insertProspect(QStringLiteral("Bea"), QString(), QStringLiteral("bea@example"),
                                                 QString());
    const qint64 second = m_store->insertProspect(QStringLiteral("Cy"), QString(), QString(), QString());
    m_store->markFailed(first, QStringLiteral("The email address is not valid."));
    m_store->markFailed(second, QStringLiteral("No email address."));
    m_window->contactsPage()->refresh();

    QPushButton *button = m_window->contactsPage()->resyncFailedButton();
    QTRY_VERIFY(button->isEnabled());

    QString question;
    QTimer::singleShot(0, this, [&question] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        question = box->text();
        for (QAbstractButton *candidate : box->buttons()) {
            if (box->buttonRole(candidate) == QMessageBox::AcceptRole)
                candidate->click();
        }
    });
    QTest::mouseClick(button, Qt::LeftButton);

    QCOMPARE(question, QStringLiteral("Resync the 2 failed prospects?"));
    QCOMPARE(queueColumn(first, QStringLiteral("reason")), QStringLiteral("resync"));
    QCOMPARE(queueColumn(second, QStringLiteral("reason")), QStringLiteral("resync"));
    QCOMPARE(queueColumn(m_prospectId, QStringLiteral("scope")), QStringLiteral("<not queued>"));
}

QTEST_MAIN(tst_Resync)
#include "tst_resync.moc"
