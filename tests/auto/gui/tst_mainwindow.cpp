#include "GuiTestSupport.h"

#include "ActivityModel.h"
#include "ActivityPage.h"
#include "ContactsModel.h"
#include "ContactsPage.h"
#include "ErrorsPage.h"
#include "IntegrationsPage.h"
#include "MainWindow.h"
#include "ProspectDetailPane.h"
#include "ProviderCard.h"
#include "SyncActivityPanel.h"
#include "integration/IntegrationController.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QHeaderView>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTest>

using namespace Breezee;

class tst_MainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void railSwitchesPages_data();
    void railSwitchesPages();
    void railFollowsArrowKeys();
    void shortcutsOpenPages_data();
    void shortcutsOpenPages();
    void findShortcutFocusesSearch();
    void findShortcutInsideContacts();
    void controlsHaveAccessibleNames_data();
    void controlsHaveAccessibleNames();
    void tabReachesPageControls();
    void titleNamesProfile_data();
    void titleNamesProfile();
    void integrationsShowFiveCards();
    void connectWithoutCredentialsShowsError();
    void contactsListInsertedProspects();
    void contactsSearchFilters_data();
    void contactsSearchFilters();
    void contactsStatusFilter_data();
    void contactsStatusFilter();
    void contactsKeepSelectionOnRefresh();
    void contactsCountLabel();
    void contactsSelectionShowsDetails();
    void contactsFindEmailAmong100k();
    void activityShowsNewRow();
    void activityPauseStopsPolling();
    void activityPausedViewStaysStill();
    void activityLevelFilter();
    void activitySearchAndKindFilter();
    void activityProspectFilter();
    void activityExportCsv();
    void activityDoubleClickOpensContact();
    void errorsListsFailedProspects();
    void statusBarShowsQueueSize();
    void settingsRestoreLastPage();
    void settingsKeepColumnsAndFilters();
    void statusBarHidesProgressWhenDisconnected();
    void importCsvAddsProspects();

private:
    void createWindow(const QString &profileName = QStringLiteral("test"));
    void destroyWindow();
    void showPage(int page);
    ContactsModel *contactsModel() const;

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<IntegrationController> m_controller;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<GuiTest::StoreWriter> m_store;
    QList<QAbstractItemModelTester *> m_testers;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Each test points BREEZEE_CREDENTIALS at a file that does not exist,
    // so no variable from the calling shell may supply real credentials.
    qunsetenv("BREEZEE_CREDENTIALS");
    qunsetenv("BREEZEE_DATABASE");
    qunsetenv("BREEZEE_DATA_DIR");
    qunsetenv("BREEZEE_PROFILE");
    qunsetenv("BREEZEE_HUBSPOT_CLIENT_ID");
    qunsetenv("BREEZEE_HUBSPOT_CLIENT_SECRET");
}

void tst_MainWindow::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
    qputenv("BREEZEE_CREDENTIALS", QFile::encodeName(m_directory->filePath(QStringLiteral("missing.ini"))));

    m_settings = std::make_unique<QSettings>(m_directory->filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);
    createWindow();
    QVERIFY(m_window);

    m_store = std::make_unique<GuiTest::StoreWriter>(m_controller->profile());
    QVERIFY(m_store->isOpen());
}

void tst_MainWindow::cleanup()
{
    destroyWindow();
    m_store.reset();
    m_settings.reset();
    m_directory.reset();
    qunsetenv("BREEZEE_CREDENTIALS");
}

void tst_MainWindow::createWindow(const QString &profileName)
{
    m_controller = std::make_unique<IntegrationController>(
        GuiTest::makeProfile(m_directory->filePath(QStringLiteral("data")), profileName));
    const Status status = m_controller->start();
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    m_window = std::make_unique<MainWindow>(m_controller.get(), m_settings.get());
    m_window->resize(1280, 800);

    // Every model the window uses, checked on every change.
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    m_testers << new QAbstractItemModelTester(m_window->contactsPage()->model(), mode, m_window.get())
              << new QAbstractItemModelTester(m_window->activityPage()->model(), mode, m_window.get())
              << new QAbstractItemModelTester(m_window->activityPage()->filterModel(), mode, m_window.get());

    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_MainWindow::destroyWindow()
{
    m_testers.clear();
    if (m_window)
        m_window->close();
    m_window.reset();
    m_controller.reset();
}

void tst_MainWindow::showPage(int page)
{
    m_window->setCurrentPage(page);
    QCOMPARE(m_window->currentPage(), page);
}

ContactsModel *tst_MainWindow::contactsModel() const
{
    return m_window->contactsPage()->model();
}

void tst_MainWindow::railSwitchesPages_data()
{
    QTest::addColumn<int>("page");
    QTest::addColumn<QString>("label");

    QTest::newRow("contacts") << int(MainWindow::ContactsPageIndex) << QStringLiteral("Contacts");
    QTest::newRow("activity") << int(MainWindow::ActivityPageIndex) << QStringLiteral("Activity");
    QTest::newRow("integrations") << int(MainWindow::IntegrationsPageIndex) << QStringLiteral("Integrations");
    QTest::newRow("errors") << int(MainWindow::ErrorsPageIndex) << QStringLiteral("Errors");
}

void tst_MainWindow::railSwitchesPages()
{
    QFETCH(int, page);
    QFETCH(QString, label);

    // Start elsewhere, so that every row switches.
    m_window->setCurrentPage(page == 0 ? 1 : 0);

    QListWidget *rail = m_window->navigationRail();
    QCOMPARE(rail->count(), int(MainWindow::PageCount));
    QListWidgetItem *item = rail->item(page);
    QCOMPARE(item->text(), label);
    QVERIFY(!item->icon().isNull());

    const QRect rect = rail->visualItemRect(item);
    QVERIFY(rect.isValid());
    QTest::mouseClick(rail->viewport(), Qt::LeftButton, {}, rect.center());

    QCOMPARE(m_window->currentPage(), page);
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("pageStack"));
    QVERIFY(stack);
    QCOMPARE(stack->currentIndex(), page);
    QVERIFY(!stack->currentWidget()->accessibleName().isEmpty());
}

void tst_MainWindow::railFollowsArrowKeys()
{
    QListWidget *rail = m_window->navigationRail();
    m_window->setCurrentPage(MainWindow::IntegrationsPageIndex);
    rail->setFocus();
    QVERIFY(rail->hasFocus());

    QTest::keyClick(rail, Qt::Key_Down);
    QCOMPARE(m_window->currentPage(), int(MainWindow::ContactsPageIndex));

    QTest::keyClick(rail, Qt::Key_Down);
    QCOMPARE(m_window->currentPage(), int(MainWindow::ActivityPageIndex));

    QTest::keyClick(rail, Qt::Key_Up);
    QCOMPARE(m_window->currentPage(), int(MainWindow::ContactsPageIndex));
}

void tst_MainWindow::shortcutsOpenPages_data()
{
    QTest::addColumn<QKeySequence>("shortcut");
    QTest::addColumn<int>("page");

    QTest::newRow("ctrl+1") << QKeySequence(QStringLiteral("Ctrl+1")) << int(MainWindow::IntegrationsPageIndex);
    QTest::newRow("ctrl+2") << QKeySequence(QStringLiteral("Ctrl+2")) << int(MainWindow::ContactsPageIndex);
    QTest::newRow("ctrl+3") << QKeySequence(QStringLiteral("Ctrl+3")) << int(MainWindow::ActivityPageIndex);
    QTest::newRow("ctrl+4") << QKeySequence(QStringLiteral("Ctrl+4")) << int(MainWindow::ErrorsPageIndex);
}

void tst_MainWindow::shortcutsOpenPages()
{
    QFETCH(QKeySequence, shortcut);
    QFETCH(int, page);

    m_window->setCurrentPage(page == MainWindow::ErrorsPageIndex ? MainWindow::IntegrationsPageIndex
                                                                 : MainWindow::ErrorsPageIndex);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->navigationRail()->setFocus();

    QTest::keySequence(m_window.get(), shortcut);
    QCOMPARE(m_window->currentPage(), page);
    QCOMPARE(m_window->navigationRail()->currentRow(), page);
}

void tst_MainWindow::findShortcutFocusesSearch()
{
    m_window->setCurrentPage(MainWindow::ActivityPageIndex);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->navigationRail()->setFocus();

    QTest::keySequence(m_window.get(), QKeySequence::Find);
    QCOMPARE(m_window->currentPage(), int(MainWindow::ContactsPageIndex));
    auto *search = m_window->contactsPage()->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(search);
    QTRY_VERIFY(search->hasFocus());
}

void tst_MainWindow::findShortcutInsideContacts()
{
    // With the focus inside the Contacts page, only the page's own Ctrl+F
    // is enabled, so the shortcut is not ambiguous.
    showPage(MainWindow::ContactsPageIndex);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTableView *view = m_window->contactsPage()->view();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());

    QTest::keySequence(m_window.get(), QKeySequence::Find);
    auto *search = m_window->contactsPage()->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(search);
    QTRY_VERIFY(search->hasFocus());

    m_window->navigationRail()->setFocus();
    QTRY_VERIFY(m_window->navigationRail()->hasFocus());
    auto *find = m_window->findChild<QAction *>(QStringLiteral("findContactAction"));
    QVERIFY(find);
    QVERIFY(find->isEnabled());
}

void tst_MainWindow::controlsHaveAccessibleNames_data()
{
    QTest::addColumn<int>("page");

    QTest::newRow("integrations") << int(MainWindow::IntegrationsPageIndex);
    QTest::newRow("contacts") << int(MainWindow::ContactsPageIndex);
    QTest::newRow("activity") << int(MainWindow::ActivityPageIndex);
    QTest::newRow("errors") << int(MainWindow::ErrorsPageIndex);
}

void tst_MainWindow::controlsHaveAccessibleNames()
{
    QFETCH(int, page);

    // Rows, so that the tables, the detail pane and the error groups show.
    const qint64 ada = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                               QStringLiteral("ada@example.com"), QStringLiteral("Engines Ltd"));
    m_store->markFailed(ada, QStringLiteral("No email address: add one."));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), ada, QStringLiteral("Failed"));
    m_window->contactsPage()->refresh();
    m_window->errorsPage()->reload();
    showPage(page);
    if (page == MainWindow::ContactsPageIndex)
        QVERIFY(m_window->contactsPage()->showProspect(ada));
    QTest::qWait(ActivityPage::kPollIntervalMs);

    // Every control that takes the keyboard focus is named for screen
    // readers, by its own text, a buddy label or an accessible name.
    QWidget *current = m_window->findChild<QStackedWidget *>(QStringLiteral("pageStack"))->currentWidget();
    QList<QWidget *> widgets = current->findChildren<QWidget *>();
    widgets << m_window->navigationRail() << m_window->statusProgressBar();
    int checked = 0;
    for (QWidget *widget : std::as_const(widgets)) {
        if (!widget->isVisibleTo(m_window.get()) || widget->focusPolicy() == Qt::NoFocus)
            continue;
        // The viewport and the scroll bars belong to their view. A scroll
        // area is a container, and the controls inside it carry the names.
        if (qobject_cast<QScrollBar *>(widget) || qobject_cast<QScrollArea *>(widget)
            || widget->objectName() == QLatin1String("qt_scrollarea_viewport"))
            continue;

        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        QVERIFY(accessible);
        const QString name = accessible->text(QAccessible::Name);
        QVERIFY2(!name.trimmed().isEmpty(),
                 qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(widget->metaObject()->className()),
                                                         widget->objectName())));
        ++checked;
    }
    QVERIFY(checked > 0);
}

void tst_MainWindow::tabReachesPageControls()
{
    // From the rail, Tab walks into the page and on through its controls
    // without getting stuck.
    showPage(MainWindow::ActivityPageIndex);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->navigationRail()->setFocus();
    QTRY_VERIFY(m_window->navigationRail()->hasFocus());

    QSet<QWidget *> reached;
    for (int step = 0; step < 12; ++step) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        reached.insert(QApplication::focusWidget());
    }
    auto *search = m_window->activityPage()->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    auto *levels = m_window->activityPage()->findChild<QComboBox *>(QStringLiteral("levelFilterCombo"));
    auto *pause = m_window->activityPage()->findChild<QPushButton *>(QStringLiteral("pauseButton"));
    QVERIFY(reached.contains(search));
    QVERIFY(reached.contains(levels));
    QVERIFY(reached.contains(pause));
}

void tst_MainWindow::titleNamesProfile_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("title");

    QTest::newRow("default") << QStringLiteral("default") << QStringLiteral("Breezee Integrations Console");
    QTest::newRow("demo") << QStringLiteral("demo") << QStringLiteral("Breezee Integrations Console — demo");
}

void tst_MainWindow::titleNamesProfile()
{
    QFETCH(QString, profile);
    QFETCH(QString, title);

    m_store.reset();
    destroyWindow();
    createWindow(profile);

    QCOMPARE(m_window->windowTitle(), title);
}

void tst_MainWindow::integrationsShowFiveCards()
{
    showPage(MainWindow::IntegrationsPageIndex);
    const QList<ProviderCard *> cards = m_window->integrationsPage()->cards();
    QCOMPARE(cards.size(), 5);

    ProviderCard *hubspot = cards.first();
    QCOMPARE(hubspot->providerKey(), QStringLiteral("hubspot"));
    QVERIFY(hubspot->status().definition.live);
    QVERIFY(hubspot->isEnabled());
    QCOMPARE(hubspot->stateText(), QStringLiteral("Disconnected"));
    auto *connectButton = hubspot->findChild<QPushButton *>(QStringLiteral("connectButton"));
    QVERIFY(connectButton);
    QVERIFY(connectButton->isVisible());
    QCOMPARE(connectButton->accessibleName(), QStringLiteral("Connect HubSpot"));

    for (int index = 1; index < cards.size(); ++index) {
        ProviderCard *card = cards.at(index);
        QVERIFY2(!card->status().definition.live, qPrintable(card->providerKey()));
        QCOMPARE(card->stateText(), QStringLiteral("Coming soon"));
        QVERIFY(!card->isEnabled());

        const QList<QPushButton *> buttons = card->findChildren<QPushButton *>();
        for (QPushButton *button : buttons)
            QVERIFY2(!button->isVisible(), qPrintable(card->providerKey() + QLatin1Char(' ') + button->objectName()));
    }

    // Cards sit in a grid in seed order: the second card is right of the first.
    QVERIFY(cards.at(1)->geometry().left() > hubspot->geometry().left()
            || cards.at(1)->geometry().top() > hubspot->geometry().top());
}

void tst_MainWindow::connectWithoutCredentialsShowsError()
{
    showPage(MainWindow::IntegrationsPageIndex);
    ProviderCard *hubspot = m_window->integrationsPage()->card(QStringLiteral("hubspot"));
    QVERIFY(hubspot);

    auto *connectButton = hubspot->findChild<QPushButton *>(QStringLiteral("connectButton"));
    QVERIFY(connectButton);
    QTest::mouseClick(connectButton, Qt::LeftButton);

    // The credentials file is missing, so the controller reports the
    // missing client id on the card and no flow starts.
    QTRY_COMPARE(hubspot->stateText(), QStringLiteral("Error"));
    QVERIFY(!hubspot->errorText().isEmpty());
    QVERIFY(connectButton->isVisible());
    QVERIFY(hubspot->authorizationUrl().isEmpty());

    auto *dismiss = hubspot->findChild<QToolButton *>(QStringLiteral("dismissErrorButton"));
    QVERIFY(dismiss);
    QTest::mouseClick(dismiss, Qt::LeftButton);
    QVERIFY(hubspot->errorText().isEmpty());
}

void tst_MainWindow::contactsListInsertedProspects()
{
    showPage(MainWindow::ContactsPageIndex);
    QCOMPARE(contactsModel()->rowCount(), 0);

    const qint64 ada = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                               QStringLiteral("ada@example.com"), QStringLiteral("Engines Ltd"));
    const qint64 grace = m_store->insertProspect(QStringLiteral("Grace"), QStringLiteral("Hopper"),
                                                 QStringLiteral("grace@example.com"), QStringLiteral("Cobol Inc"));
    QVERIFY(ada > 0);
    QVERIFY(grace > 0);
    m_store->markSynced(ada, QStringLiteral("51001"));

    QTRY_COMPARE_WITH_TIMEOUT(contactsModel()->rowCount(), 2, 5000);

    // Sorted by name: Ada first.
    ContactsModel *model = contactsModel();
    QCOMPARE(model->index(0, ContactsModel::NameColumn).data().toString(), QStringLiteral("Ada Lovelace"));
    QCOMPARE(model->index(0, ContactsModel::EmailColumn).data().toString(), QStringLiteral("ada@example.com"));
    QCOMPARE(model->index(0, ContactsModel::CompanyColumn).data().toString(), QStringLiteral("Engines Ltd"));
    QCOMPARE(model->index(0, ContactsModel::StatusColumn).data().toString(), QStringLiteral("Synced"));
    QCOMPARE(model->index(0, ContactsModel::RemoteIdColumn).data().toString(), QStringLiteral("51001"));
    QVERIFY(!model->index(0, ContactsModel::LastSyncedColumn).data().toString().isEmpty());
    QCOMPARE(model->index(1, ContactsModel::StatusColumn).data().toString(), QStringLiteral("Queued"));

    QTableView *view = m_window->contactsPage()->view();
    QVERIFY(view->isVisible());
    QCOMPARE(view->model()->headerData(ContactsModel::RemoteIdColumn, Qt::Horizontal).toString(),
             QStringLiteral("HubSpot ID"));
}

void tst_MainWindow::contactsSearchFilters_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("emails");

    QTest::newRow("empty") << QString()
                           << QStringList{"ada@example.com", "emile@example.com", "grace@example.com"};
    QTest::newRow("last name") << QStringLiteral("lovelace") << QStringList{"ada@example.com"};
    QTest::newRow("full name") << QStringLiteral("Grace Hopper") << QStringList{"grace@example.com"};
    QTest::newRow("email") << QStringLiteral("grace@") << QStringList{"grace@example.com"};
    QTest::newRow("company") << QStringLiteral("engines") << QStringList{"ada@example.com"};
    QTest::newRow("hubspot id") << QStringLiteral("51007") << QStringList{"grace@example.com"};
    QTest::newRow("accent folded") << QStringLiteral("emile durand") << QStringList{"emile@example.com"};
    QTest::newRow("accent typed") << QStringLiteral("Émile") << QStringList{"emile@example.com"};
    QTest::newRow("no match") << QStringLiteral("nobody") << QStringList{};
    QTest::newRow("sql wildcard") << QStringLiteral("%") << QStringList{};
}

void tst_MainWindow::contactsSearchFilters()
{
    QFETCH(QString, search);
    QFETCH(QStringList, emails);

    m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"), QStringLiteral("ada@example.com"),
                            QStringLiteral("Engines Ltd"));
    const qint64 grace = m_store->insertProspect(QStringLiteral("Grace"), QStringLiteral("Hopper"),
                                                 QStringLiteral("grace@example.com"), QStringLiteral("Cobol Inc"));
    m_store->insertProspect(QString::fromUtf8("Émile"), QStringLiteral("Durand"), QStringLiteral("emile@example.com"),
                            QStringLiteral("Lyon Logiciels"));
    m_store->markSynced(grace, QStringLiteral("51007"));

    showPage(MainWindow::ContactsPageIndex);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->contactsPage()->model()->rowCount(), 3, 5000);

    auto *searchEdit = m_window->contactsPage()->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(searchEdit);
    QVERIFY(!searchEdit->accessibleName().isEmpty());
    searchEdit->clear();
    QTest::keyClicks(searchEdit, search);

    QTRY_COMPARE(contactsModel()->rowCount(), int(emails.size()));
    QStringList shown;
    for (int row = 0; row < contactsModel()->rowCount(); ++row)
        shown << contactsModel()->index(row, ContactsModel::EmailColumn).data().toString();
    shown.sort();
    QCOMPARE(shown, emails);
}

void tst_MainWindow::contactsStatusFilter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("email");

    QTest::newRow("synced") << QStringLiteral("Synced") << QStringLiteral("synced@example.com");
    QTest::newRow("queued") << QStringLiteral("Queued") << QStringLiteral("queued@example.com");
    QTest::newRow("failed") << QStringLiteral("Failed") << QStringLiteral("failed@example.com");
    QTest::newRow("not synced") << QStringLiteral("Not synced") << QStringLiteral("new@example.com");
}

void tst_MainWindow::contactsStatusFilter()
{
    QFETCH(QString, filter);
    QFETCH(QString, email);

    const qint64 synced = m_store->insertProspect(QStringLiteral("Sam"), QStringLiteral("Synced"),
                                                  QStringLiteral("synced@example.com"), QString());
    m_store->insertProspect(QStringLiteral("Quinn"), QStringLiteral("Queued"), QStringLiteral("queued@example.com"),
                            QString());
    const qint64 failed = m_store->insertProspect(QStringLiteral("Fay"), QStringLiteral("Failed"),
                                                  QStringLiteral("failed@example.com"), QString());
    const qint64 fresh = m_store->insertProspect(QStringLiteral("Nia"), QStringLiteral("New"),
                                                 QStringLiteral("new@example.com"), QString());
    m_store->markSynced(synced, QStringLiteral("51002"));
    m_store->markFailed(failed, QStringLiteral("INVALID_EMAIL"));
    m_store->dequeue(fresh);

    showPage(MainWindow::ContactsPageIndex);
    QTRY_COMPARE_WITH_TIMEOUT(contactsModel()->rowCount(), 4, 5000);

    auto *combo = m_window->contactsPage()->findChild<QComboBox *>(QStringLiteral("statusFilterCombo"));
    QVERIFY(combo);
    const int index = combo->findText(filter);
    QVERIFY(index > 0);
    combo->setCurrentIndex(index);

    QCOMPARE(contactsModel()->rowCount(), 1);
    QCOMPARE(contactsModel()->index(0, ContactsModel::EmailColumn).data().toString(), email);
    QCOMPARE(contactsModel()->index(0, ContactsModel::StatusColumn).data().toString(), filter);

    combo->setCurrentIndex(0);
    QCOMPARE(contactsModel()->rowCount(), 4);
}

void tst_MainWindow::contactsKeepSelectionOnRefresh()
{
    const qint64 grace = m_store->insertProspect(QStringLiteral("Grace"), QStringLiteral("Hopper"),
                                                 QStringLiteral("grace@example.com"), QString());
    m_store->insertProspect(QStringLiteral("Linus"), QStringLiteral("Torvalds"), QStringLiteral("linus@example.com"),
                            QString());

    showPage(MainWindow::ContactsPageIndex);
    QTRY_COMPARE_WITH_TIMEOUT(contactsModel()->rowCount(), 2, 5000);

    QTableView *view = m_window->contactsPage()->view();
    view->selectRow(0);
    QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(view->selectionModel()->selectedRows().first().data(ContactsModel::ProspectIdRole).toLongLong(), grace);

    // A new prospect sorts before Grace, and Grace's status changes.
    m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"), QStringLiteral("ada@example.com"),
                            QString());
    m_store->markSynced(grace, QStringLiteral("51003"));
    QTRY_COMPARE_WITH_TIMEOUT(contactsModel()->rowCount(), 3, 5000);

    auto selectedRow = [view] {
        const QModelIndexList rows = view->selectionModel()->selectedRows(ContactsModel::StatusColumn);
        return rows.size() == 1 ? rows.first() : QModelIndex();
    };
    QTRY_COMPARE_WITH_TIMEOUT(selectedRow().data().toString(), QStringLiteral("Synced"), 5000);
    QCOMPARE(selectedRow().data(ContactsModel::ProspectIdRole).toLongLong(), grace);
    QCOMPARE(selectedRow().row(), 1);
}

void tst_MainWindow::contactsCountLabel()
{
    const qint64 first = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                                 QStringLiteral("ada@example.com"), QString());
    m_store->insertProspect(QStringLiteral("Grace"), QStringLiteral("Hopper"), QStringLiteral("grace@example.com"),
                            QString());
    m_store->insertProspect(QStringLiteral("Alan"), QStringLiteral("Turing"), QStringLiteral("alan@example.com"),
                            QString());
    m_store->markSynced(first, QStringLiteral("51004"));

    showPage(MainWindow::ContactsPageIndex);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->contactsPage()->countText(),
                              QStringLiteral("3 prospects · 1 synced · 2 queued"), 5000);

    auto *label = m_window->contactsPage()->findChild<QLabel *>(QStringLiteral("countLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(), m_window->contactsPage()->countText());
}

void tst_MainWindow::contactsSelectionShowsDetails()
{
    m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"), QStringLiteral("ada@example.com"),
                            QString());
    const qint64 grace = m_store->insertProspect(QStringLiteral("Grace"), QStringLiteral("Hopper"),
                                                 QStringLiteral("grace@example.com"), QString());

    showPage(MainWindow::ContactsPageIndex);
    QTRY_COMPARE_WITH_TIMEOUT(contactsModel()->rowCount(), 2, 5000);

    ProspectDetailPane *pane = m_window->contactsPage()->detailPane();
    QVERIFY(pane);
    QVERIFY(pane->isVisible());
    QCOMPARE(pane->prospectId(), qint64(0));

    QTableView *view = m_window->contactsPage()->view();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(1, 0)).center());
    QCOMPARE(pane->prospectId(), grace);
    QVERIFY2(pane->explanationText().contains(QStringLiteral("HubSpot is not connected")),
             qPrintable(pane->explanationText()));

    // A sync result for the shown prospect reaches the pane on the next
    // refresh.
    m_store->markSynced(grace, QStringLiteral("51009"));
    QTRY_VERIFY_WITH_TIMEOUT(pane->explanationText().isEmpty(), 5000);
    QCOMPARE(pane->decisionText(QStringLiteral("firstname")), QStringLiteral("Not synced yet"));
}

void tst_MainWindow::contactsFindEmailAmong100k()
{
    // 100,000 prospects in one transaction, as an import writes them.
    QSqlDatabase db = QSqlDatabase::database(QStringLiteral("test-writer"));
    QVERIFY(db.transaction());
    QSqlQuery insert(db);
    QVERIFY(insert.prepare(QStringLiteral("INSERT INTO prospects (email, email_normalized, first_name, last_name, "
                                          "company_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")));
    const QString now = storeTimestamp();
    const int count = 100000;
    for (int index = 0; index < count; ++index) {
        const QString email = QStringLiteral("prospect%1@bulk.example").arg(index);
        insert.addBindValue(email);
        insert.addBindValue(email);
        insert.addBindValue(QStringLiteral("Bulk"));
        insert.addBindValue(QString::number(index));
        insert.addBindValue(QStringLiteral("Company %1").arg(index % 500));
        insert.addBindValue(now);
        insert.addBindValue(now);
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    }
    QVERIFY(db.commit());

    // As a support person would: Ctrl+F from another page, then the address.
    m_window->setCurrentPage(MainWindow::IntegrationsPageIndex);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keySequence(m_window.get(), QKeySequence::Find);
    QCOMPARE(m_window->currentPage(), int(MainWindow::ContactsPageIndex));
    QTRY_COMPARE_WITH_TIMEOUT(contactsModel()->counts().total, count, 10000);

    auto *search = m_window->contactsPage()->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(search);
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Prospect73219@Bulk.Example"));

    QTRY_COMPARE_WITH_TIMEOUT(contactsModel()->rowCount(), 1, 5000);
    QCOMPARE(contactsModel()->index(0, ContactsModel::EmailColumn).data().toString(),
             QStringLiteral("prospect73219@bulk.example"));
    QCOMPARE(contactsModel()->index(0, ContactsModel::NameColumn).data().toString(), QStringLiteral("Bulk 73219"));
    QVERIFY(m_window->contactsPage()->countText().contains(QStringLiteral("100,000")));

    // Enter in the search field moves on to the result.
    QTableView *view = m_window->contactsPage()->view();
    view->setFocus();
    view->setCurrentIndex(view->model()->index(0, ContactsModel::NameColumn));
    QTRY_COMPARE(m_window->contactsPage()->detailPane()->prospectId(),
                 contactsModel()->contact(0).prospectId);
}

void tst_MainWindow::activityShowsNewRow()
{
    const qint64 prospect = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                                    QStringLiteral("ada@example.com"), QString());
    showPage(MainWindow::ActivityPageIndex);
    ActivityFilterModel *model = m_window->activityPage()->filterModel();
    QCOMPARE(model->rowCount(), 0);

    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), prospect,
                       QStringLiteral("Created HubSpot contact 51005"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 3000);
    QCOMPARE(model->index(0, ActivityModel::LevelColumn).data().toString(), QStringLiteral("Info"));
    QVERIFY(!model->index(0, ActivityModel::LevelColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(model->index(0, ActivityModel::KindColumn).data().toString(), QStringLiteral("Created"));
    QCOMPARE(model->index(0, ActivityModel::ProspectColumn).data().toString(), QStringLiteral("ada@example.com"));
    QCOMPARE(model->index(0, ActivityModel::MessageColumn).data().toString(),
             QStringLiteral("Created HubSpot contact 51005"));
    QVERIFY(!model->index(0, ActivityModel::TimeColumn).data().toString().isEmpty());

    // The newest entry goes to the top.
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), QVariant(),
                       QStringLiteral("HubSpot rejected the batch"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 3000);
    QCOMPARE(model->index(0, ActivityModel::MessageColumn).data().toString(),
             QStringLiteral("HubSpot rejected the batch"));
    QCOMPARE(model->index(0, ActivityModel::ProspectColumn).data().toString(), QString());
}

void tst_MainWindow::activityPauseStopsPolling()
{
    showPage(MainWindow::ActivityPageIndex);
    ActivityPage *page = m_window->activityPage();
    auto *pauseButton = page->findChild<QPushButton *>(QStringLiteral("pauseButton"));
    QVERIFY(pauseButton);

    QTest::mouseClick(pauseButton, Qt::LeftButton);
    QVERIFY(page->isPaused());
    QCOMPARE(pauseButton->text(), QStringLiteral("&Resume"));

    m_store->insertLog(QStringLiteral("info"), QStringLiteral("batch"), QVariant(), QStringLiteral("Batch done"));
    QTest::qWait(3 * ActivityPage::kPollIntervalMs);
    QCOMPARE(page->filterModel()->rowCount(), 0);

    QTest::mouseClick(pauseButton, Qt::LeftButton);
    QVERIFY(!page->isPaused());
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->rowCount(), 1, 3000);
}

void tst_MainWindow::activityPausedViewStaysStill()
{
    for (int index = 0; index < 80; ++index)
        m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), QVariant(),
                           QStringLiteral("Entry %1").arg(index));

    showPage(MainWindow::ActivityPageIndex);
    ActivityPage *page = m_window->activityPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->rowCount(), 80, 3000);

    // Scrolled down to older entries, then paused.
    QTableView *view = page->view();
    view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum() / 2);
    const int scroll = view->verticalScrollBar()->value();
    QVERIFY(scroll > 0);
    const int topRow = view->rowAt(0);
    const QString topMessage = view->model()->index(topRow, ActivityModel::MessageColumn).data().toString();
    page->setPaused(true);

    for (int index = 0; index < 5; ++index)
        m_store->insertLog(QStringLiteral("warning"), QStringLiteral("batch"), QVariant(),
                           QStringLiteral("New %1").arg(index));
    QTest::qWait(3 * ActivityPage::kPollIntervalMs);

    QCOMPARE(page->filterModel()->rowCount(), 80);
    QCOMPARE(view->verticalScrollBar()->value(), scroll);
    QCOMPARE(view->rowAt(0), topRow);
    QCOMPARE(view->model()->index(topRow, ActivityModel::MessageColumn).data().toString(), topMessage);

    // Resumed: the new entries arrive at the top and the entry that was
    // at the top of the view stays there.
    page->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->rowCount(), 85, 3000);
    QCOMPARE(view->model()->index(0, ActivityModel::MessageColumn).data().toString(), QStringLiteral("New 4"));
    QCOMPARE(view->model()->index(view->rowAt(0), ActivityModel::MessageColumn).data().toString(), topMessage);
}

void tst_MainWindow::activityLevelFilter()
{
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), QVariant(), QStringLiteral("one"));
    m_store->insertLog(QStringLiteral("warning"), QStringLiteral("updated"), QVariant(), QStringLiteral("two"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), QVariant(), QStringLiteral("three"));

    showPage(MainWindow::ActivityPageIndex);
    ActivityFilterModel *model = m_window->activityPage()->filterModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 3000);

    auto *combo = m_window->activityPage()->findChild<QComboBox *>(QStringLiteral("levelFilterCombo"));
    QVERIFY(combo);

    combo->setCurrentIndex(1);
    QCOMPARE(model->rowCount(), 2);

    combo->setCurrentIndex(2);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, ActivityModel::MessageColumn).data().toString(), QStringLiteral("three"));

    combo->setCurrentIndex(0);
    QCOMPARE(model->rowCount(), 3);
}

void tst_MainWindow::activitySearchAndKindFilter()
{
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), QVariant(), QStringLiteral("Created 1"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), QVariant(),
                       QStringLiteral("HubSpot rejected the contact"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), QVariant(), QStringLiteral("HTTP 502"));

    showPage(MainWindow::ActivityPageIndex);
    ActivityPage *page = m_window->activityPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->rowCount(), 3, 3000);

    auto *search = page->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(search);
    QTest::keyClicks(search, QStringLiteral("rejected"));
    QTRY_COMPARE(page->filterModel()->rowCount(), 1);

    search->clear();
    QTRY_COMPARE(page->filterModel()->rowCount(), 3);

    auto *kinds = page->findChild<QComboBox *>(QStringLiteral("kindFilterCombo"));
    QVERIFY(kinds);
    const int failed = kinds->findData(QStringLiteral("failed"));
    QVERIFY(failed > 0);
    QCOMPARE(kinds->itemText(failed), QStringLiteral("Failed"));
    kinds->setCurrentIndex(failed);
    QCOMPARE(page->filterModel()->rowCount(), 2);

    kinds->setCurrentIndex(0);
    QCOMPARE(page->filterModel()->rowCount(), 3);
}

void tst_MainWindow::activityProspectFilter()
{
    const qint64 ada = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                               QStringLiteral("ada@example.com"), QString());
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), ada, QStringLiteral("Created 51001"));
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("run"), QVariant(), QStringLiteral("Sync started."));

    showPage(MainWindow::ActivityPageIndex);
    ActivityPage *page = m_window->activityPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->rowCount(), 2, 3000);

    auto *chip = page->findChild<QToolButton *>(QStringLiteral("prospectFilterButton"));
    QVERIFY(chip);
    QVERIFY(!chip->isVisible());

    page->setProspectFilter(ada, QStringLiteral("ada@example.com"));
    QCOMPARE(page->filterModel()->rowCount(), 1);
    QVERIFY(chip->isVisible());
    QVERIFY(chip->text().contains(QStringLiteral("ada@example.com")));

    QTest::mouseClick(chip, Qt::LeftButton);
    QCOMPARE(page->prospectFilter(), qint64(0));
    QCOMPARE(page->filterModel()->rowCount(), 2);
    QVERIFY(!chip->isVisible());
}

void tst_MainWindow::activityExportCsv()
{
    const qint64 ada = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                               QStringLiteral("ada@example.com"), QString());
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), ada,
                       QStringLiteral("=HYPERLINK(\"http://evil.test\")"));
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("run"), QVariant(), QStringLiteral("Sync started."));

    showPage(MainWindow::ActivityPageIndex);
    ActivityPage *page = m_window->activityPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->rowCount(), 2, 3000);

    // Only what the level filter shows is exported.
    auto *levels = page->findChild<QComboBox *>(QStringLiteral("levelFilterCombo"));
    QVERIFY(levels);
    levels->setCurrentIndex(2);
    QCOMPARE(page->filterModel()->rowCount(), 1);

    const QString path = m_directory->filePath(QStringLiteral("activity.csv"));
    const Status status = page->exportCsv(path);
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().mid(3).split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QByteArray("time,level,kind,prospect_id,email,message\r"));
    QVERIFY2(lines.at(1).endsWith(",error,failed," + QByteArray::number(ada)
                                  + ",ada@example.com,\"'=HYPERLINK(\"\"http://evil.test\"\")\"\r"),
             lines.at(1).constData());
}

void tst_MainWindow::activityDoubleClickOpensContact()
{
    // More prospects than one page, so the jump has to fetch further.
    QSqlDatabase db = QSqlDatabase::database(QStringLiteral("test-writer"));
    QVERIFY(db.transaction());
    for (int index = 0; index < 450; ++index)
        m_store->insertProspect(QStringLiteral("Bulk"), QString::number(index),
                                QStringLiteral("bulk%1@example.com").arg(index), QString());
    QVERIFY(db.commit());
    const qint64 zed = m_store->insertProspect(QStringLiteral("Zed"), QStringLiteral("Last"),
                                               QStringLiteral("zed@example.com"), QString());
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), zed, QStringLiteral("Created 51077"));

    showPage(MainWindow::ActivityPageIndex);
    ActivityPage *page = m_window->activityPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->filterModel()->rowCount(), 1, 3000);

    QTableView *view = page->view();
    const QRect rect = view->visualRect(view->model()->index(0, ActivityModel::MessageColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());

    QCOMPARE(m_window->currentPage(), int(MainWindow::ContactsPageIndex));
    ContactsPage *contacts = m_window->contactsPage();
    QCOMPARE(contacts->detailPane()->prospectId(), zed);
    const QModelIndexList selected = contacts->view()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(ContactsModel::ProspectIdRole).toLongLong(), zed);
}

void tst_MainWindow::errorsListsFailedProspects()
{
    const qint64 ada = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                               QStringLiteral("ada@example.com"), QString());
    m_store->markFailed(ada, QStringLiteral("Creating the contact in HubSpot failed: HTTP 429"));

    showPage(MainWindow::ErrorsPageIndex);
    ErrorsPage *page = m_window->errorsPage();
    QCOMPARE(page->report().groups.size(), 1);
    QCOMPARE(page->report().groups.first().kind, FailureKind::RateLimit);
    QCOMPARE(page->messageText(), QStringLiteral("HTTP 429"));

    // A new failure appears without leaving the page.
    const qint64 bob = m_store->insertProspect(QStringLiteral("Bob"), QString(), QString(), QString());
    m_store->markFailed(bob, QStringLiteral("No email address: add one."));
    QTRY_COMPARE_WITH_TIMEOUT(page->report().groups.size(), 2, 5000);

    emit page->prospectActivated(bob);
    QCOMPARE(m_window->currentPage(), int(MainWindow::ContactsPageIndex));
    QCOMPARE(m_window->contactsPage()->detailPane()->prospectId(), bob);
}

void tst_MainWindow::statusBarShowsQueueSize()
{
    QCOMPARE(m_window->queueStatusText(), QStringLiteral("Queue: 0"));
    QCOMPARE(m_window->connectionStatusText(), QStringLiteral("HubSpot: Disconnected"));
    QCOMPARE(m_window->runStatusText(), QStringLiteral("Sync idle"));

    m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"), QStringLiteral("ada@example.com"),
                            QString());
    m_store->insertProspect(QStringLiteral("Grace"), QStringLiteral("Hopper"), QStringLiteral("grace@example.com"),
                            QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->queueStatusText(), QStringLiteral("Queue: 2"), 5000);
    QCOMPARE(m_window->runStatusText(), QStringLiteral("Not syncing: connect HubSpot to send the queue"));
}

void tst_MainWindow::settingsRestoreLastPage()
{
    showPage(MainWindow::ActivityPageIndex);
    m_store.reset();
    destroyWindow();

    createWindow();
    QCOMPARE(m_window->currentPage(), int(MainWindow::ActivityPageIndex));
    QCOMPARE(m_window->navigationRail()->currentRow(), int(MainWindow::ActivityPageIndex));
}

void tst_MainWindow::settingsKeepColumnsAndFilters()
{
    showPage(MainWindow::ActivityPageIndex);
    ActivityPage *activity = m_window->activityPage();
    auto *levels = activity->findChild<QComboBox *>(QStringLiteral("levelFilterCombo"));
    auto *kinds = activity->findChild<QComboBox *>(QStringLiteral("kindFilterCombo"));
    QVERIFY(levels);
    QVERIFY(kinds);
    levels->setCurrentIndex(1);
    const int failed = kinds->findData(QStringLiteral("failed"));
    QVERIFY(failed > 0);
    kinds->setCurrentIndex(failed);
    activity->view()->horizontalHeader()->resizeSection(ActivityModel::KindColumn, 173);

    showPage(MainWindow::ContactsPageIndex);
    m_window->contactsPage()->view()->horizontalHeader()->resizeSection(ContactsModel::EmailColumn, 311);
    const QRect geometry(40, 30, 1100, 700);
    m_window->setGeometry(geometry);

    m_store.reset();
    destroyWindow();
    createWindow();

    activity = m_window->activityPage();
    levels = activity->findChild<QComboBox *>(QStringLiteral("levelFilterCombo"));
    kinds = activity->findChild<QComboBox *>(QStringLiteral("kindFilterCombo"));
    QCOMPARE(levels->currentIndex(), 1);
    QCOMPARE(kinds->currentData().toString(), QStringLiteral("failed"));
    QCOMPARE(activity->view()->horizontalHeader()->sectionSize(ActivityModel::KindColumn), 173);
    QCOMPARE(m_window->contactsPage()->view()->horizontalHeader()->sectionSize(ContactsModel::EmailColumn), 311);
    QCOMPARE(m_window->currentPage(), int(MainWindow::ContactsPageIndex));
}

void tst_MainWindow::statusBarHidesProgressWhenDisconnected()
{
    // A progress signal while HubSpot is not connected, as after a
    // disconnect during a run, shows counts but no progress bar.
    SyncProgress progress;
    progress.running = true;
    progress.queued = 10;
    progress.synced = 4;
    emit m_controller->progressChanged(progress);

    QCOMPARE(m_window->syncActivity().state, SyncActivity::State::Hidden);
    QVERIFY(!m_window->statusProgressBar()->isVisible());
    QCOMPARE(m_window->runStatusText(), QStringLiteral("Sync idle · 4 synced · 0 failed"));
    ProviderCard *card = m_window->integrationsPage()->card(QStringLiteral("hubspot"));
    QVERIFY(card);
    QVERIFY(!card->syncPanel()->isVisibleTo(card));
}

void tst_MainWindow::importCsvAddsProspects()
{
    const QString path = m_directory->filePath(QStringLiteral("prospects.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("email,first_name,last_name,company\n"
               "ada@example.com,Ada,Lovelace,Engines Ltd\n"
               "grace@example.com,Grace,Hopper,Cobol Inc\n"
               ",No,Email,Nowhere\n");
    file.close();

    showPage(MainWindow::ContactsPageIndex);
    const Status status = m_window->importFile(path);
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    QCOMPARE(m_window->contactsPage()->model()->rowCount(), 2);
    QCOMPARE(m_store->count(QStringLiteral("prospects")), 2);

    auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("importResultBox"));
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("prospects.csv")));
    QVERIFY(!box->detailedText().isEmpty());
    box->close();
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
