// The detail pane of a prospect whose company name matches several HubSpot
// companies: it lists the candidates, and Choose records the chosen one
// and queues the company link for the next sync.

#include "GuiTestSupport.h"
#include "ScreenshotLook.h"

#include "CompanyChoicePanel.h"
#include "ContactsPage.h"
#include "MainWindow.h"
#include "ProspectDetailPane.h"
#include "integration/IntegrationController.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Breezee;

class tst_CompanyChoice : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void panelFollowsLinkStatus_data();
    void panelFollowsLinkStatus();
    void candidatesListed();
    void chooseNeedsSelection();
    void chooseRecordsAndQueues();
    void chooseAgainReplacesChoice();

private:
    qint64 insertAmbiguousProspect();
    void showProspect(qint64 prospectId);
    void clickCandidate(const QString &remoteCompanyId);
    QString linkColumn(qint64 prospectId, const QString &column);
    QString queueScope(qint64 prospectId);
    CompanyChoicePanel *panel() const;

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<IntegrationController> m_controller;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<GuiTest::StoreWriter> m_store;
};

void tst_CompanyChoice::initTestCase()
{
    GuiTest::applyScreenshotLook();
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("BREEZEE_DATABASE");
    qunsetenv("BREEZEE_DATA_DIR");
    qunsetenv("BREEZEE_PROFILE");
}

void tst_CompanyChoice::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
    qputenv("BREEZEE_CREDENTIALS", QFile::encodeName(m_directory->filePath(QStringLiteral("missing.ini"))));
    m_settings = std::make_unique<QSettings>(m_directory->filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);

    m_controller = std::make_unique<IntegrationController>(
        GuiTest::makeProfile(m_directory->filePath(QStringLiteral("data"))));
    const Status status = m_controller->start();
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    m_window = std::make_unique<MainWindow>(m_controller.get(), m_settings.get());
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    m_tester = std::make_unique<QAbstractItemModelTester>(panel()->candidatesTree()->model(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);

    m_store = std::make_unique<GuiTest::StoreWriter>(m_controller->profile());
    QVERIFY(m_store->isOpen());
}

void tst_CompanyChoice::cleanup()
{
    // A QTreeWidget's model resets while the widget is half destroyed, so
    // the tester must go first.
    m_tester.reset();
    m_window.reset();
    m_controller.reset();
    m_store.reset();
    m_settings.reset();
    m_directory.reset();
    qunsetenv("BREEZEE_CREDENTIALS");
}

// A synced prospect of "Globex", a name two HubSpot companies share, as the
// sync leaves it: the candidates in `companies` and an ambiguous link.
qint64 tst_CompanyChoice::insertAmbiguousProspect()
{
    const qint64 id = m_store->insertProspect(QStringLiteral("Hank"), QStringLiteral("Scorpio"),
                                              QStringLiteral("hank@example.com"), QStringLiteral("Globex"));
    m_store->markSynced(id, QStringLiteral("501"));
    m_store->execute(QStringLiteral("INSERT INTO companies (normalized_name, display_name, status, candidates, "
                                    "resolved_at) VALUES ('globex', 'Globex', 'ambiguous', ?, ?)"),
                     {QStringLiteral(R"([{"id":"101","name":"Globex"},{"id":"102","name":"GLOBEX"}])"),
                      storeTimestamp()});
    m_store->execute(QStringLiteral("INSERT INTO company_links (prospect_id, normalized_name, status, linked_at) "
                                    "VALUES (?, 'globex', 'ambiguous', ?)"),
                     {id, storeTimestamp()});
    return id;
}

void tst_CompanyChoice::showProspect(qint64 prospectId)
{
    m_window->showProspectInContacts(prospectId);
    QTRY_COMPARE(m_window->contactsPage()->detailPane()->prospectId(), prospectId);
}

void tst_CompanyChoice::clickCandidate(const QString &remoteCompanyId)
{
    QTreeWidget *tree = panel()->candidatesTree();
    const QList<QTreeWidgetItem *> items = tree->findItems(remoteCompanyId, Qt::MatchExactly, 0);
    QCOMPARE(items.size(), 1);
    tree->scrollToItem(items.first());
    const QRect rect = tree->visualItemRect(items.first());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QVERIFY(items.first()->isSelected());
}

QString tst_CompanyChoice::linkColumn(qint64 prospectId, const QString &column)
{
    QSqlQuery query(QSqlDatabase::database(QStringLiteral("test-writer")));
    if (!query.exec(QStringLiteral("SELECT %1 FROM company_links WHERE prospect_id = %2").arg(column).arg(prospectId))
        || !query.next())
        return QStringLiteral("<no row>");
    return query.value(0).toString();
}

QString tst_CompanyChoice::queueScope(qint64 prospectId)
{
    QSqlQuery query(QSqlDatabase::database(QStringLiteral("test-writer")));
    if (!query.exec(QStringLiteral("SELECT scope FROM sync_queue WHERE prospect_id = %1").arg(prospectId))
        || !query.next())
        return QStringLiteral("<not queued>");
    return query.value(0).toString();
}

CompanyChoicePanel *tst_CompanyChoice::panel() const
{
    return m_window->contactsPage()->detailPane()->companyChoicePanel();
}

void tst_CompanyChoice::panelFollowsLinkStatus_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("visible");
    QTest::addColumn<QString>("title");

    QTest::newRow("no link") << QString() << false << QString();
    QTest::newRow("linked") << QStringLiteral("linked") << false << QString();
    QTest::newRow("ambiguous") << QStringLiteral("ambiguous") << true << QStringLiteral("Company ambiguous");
    QTest::newRow("chosen") << QStringLiteral("chosen") << true << QStringLiteral("Company chosen");
}

void tst_CompanyChoice::panelFollowsLinkStatus()
{
    QFETCH(QString, status);
    QFETCH(bool, visible);
    QFETCH(QString, title);

    const qint64 id = insertAmbiguousProspect();
    if (status.isEmpty()) {
        m_store->execute(QStringLiteral("DELETE FROM company_links WHERE prospect_id = ?"), {id});
    } else {
        m_store->execute(QStringLiteral("UPDATE company_links SET status = ?, remote_company_id = ? "
                                        "WHERE prospect_id = ?"),
                         {status, status == QLatin1String("ambiguous") ? QVariant() : QVariant(QStringLiteral("101")),
                          id});
    }

    showProspect(id);
    ProspectDetailPane *pane = m_window->contactsPage()->detailPane();
    QCOMPARE(panel()->isVisibleTo(pane), visible);
    if (visible)
        QCOMPARE(panel()->titleText(), title);
}

void tst_CompanyChoice::candidatesListed()
{
    const qint64 id = insertAmbiguousProspect();
    if (GuiTest::screenshotsRequested())
        m_window->resize(1280, 800);
    showProspect(id);
    QTest::qWait(300);
    GuiTest::saveScreenshot(m_window.get(), QStringLiteral("company-choice"));

    QVERIFY(panel()->isVisibleTo(m_window->contactsPage()->detailPane()));
    QCOMPARE(panel()->prospectId(), id);
    QCOMPARE(panel()->candidateIds(), QStringList({QStringLiteral("101"), QStringLiteral("102")}));
    QCOMPARE(panel()->candidatesTree()->topLevelItem(1)->text(1), QStringLiteral("GLOBEX"));
}

void tst_CompanyChoice::chooseNeedsSelection()
{
    const qint64 id = insertAmbiguousProspect();
    showProspect(id);

    QVERIFY(!panel()->chooseButton()->isEnabled());
    QTest::mouseClick(panel()->chooseButton(), Qt::LeftButton);
    QCOMPARE(linkColumn(id, QStringLiteral("status")), QStringLiteral("ambiguous"));
    QCOMPARE(queueScope(id), QStringLiteral("<not queued>"));
}

void tst_CompanyChoice::chooseRecordsAndQueues()
{
    const qint64 id = insertAmbiguousProspect();
    showProspect(id);

    clickCandidate(QStringLiteral("102"));
    QVERIFY(panel()->chooseButton()->isEnabled());
    QTest::mouseClick(panel()->chooseButton(), Qt::LeftButton);

    QCOMPARE(linkColumn(id, QStringLiteral("status")), QStringLiteral("chosen"));
    QCOMPARE(linkColumn(id, QStringLiteral("remote_company_id")), QStringLiteral("102"));
    QCOMPARE(queueScope(id), QStringLiteral("company"));
    QVERIFY2(panel()->messageText().contains(QLatin1String("linked at the next sync")),
             qPrintable(panel()->messageText()));

    // The pane reloads: the prospect shows as queued with its choice.
    QCOMPARE(panel()->titleText(), QStringLiteral("Company chosen"));
    QVERIFY(panel()->candidatesTree()->topLevelItem(1)->isSelected());
    QVERIFY(!panel()->chooseButton()->isEnabled());
}

void tst_CompanyChoice::chooseAgainReplacesChoice()
{
    const qint64 id = insertAmbiguousProspect();
    showProspect(id);

    clickCandidate(QStringLiteral("102"));
    QTest::mouseClick(panel()->chooseButton(), Qt::LeftButton);
    QCOMPARE(linkColumn(id, QStringLiteral("remote_company_id")), QStringLiteral("102"));

    clickCandidate(QStringLiteral("101"));
    QVERIFY(panel()->chooseButton()->isEnabled());
    QTest::mouseClick(panel()->chooseButton(), Qt::LeftButton);
    QCOMPARE(linkColumn(id, QStringLiteral("remote_company_id")), QStringLiteral("101"));
    QCOMPARE(linkColumn(id, QStringLiteral("status")), QStringLiteral("chosen"));
    QCOMPARE(queueScope(id), QStringLiteral("company"));
}

QTEST_MAIN(tst_CompanyChoice)
#include "tst_companychoice.moc"
