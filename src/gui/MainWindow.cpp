#include "MainWindow.h"

#include "AboutDialog.h"
#include "ActivityPage.h"
#include "ContactsPage.h"
#include "DryRunDialog.h"
#include "ErrorsPage.h"
#include "Icons.h"
#include "IntegrationsPage.h"
#include "NavigationRailDelegate.h"
#include "PageStyle.h"
#include "StatusPill.h"
#include "StatusTone.h"
#include "common/Logging.h"
#include "import/ProspectImporter.h"
#include "integration/IntegrationController.h"
#include "store/Database.h"
#include "ui_MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QScopeGuard>
#include <QScopedValueRollback>
#include <QScreen>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>

#include <limits>

namespace Breezee {

const QString MainWindow::kViewConnectionName = QStringLiteral("gui-views");

namespace {

const QString kImportConnectionName = QStringLiteral("gui-import");
const QString kStatusProviderKey = QStringLiteral("hubspot");
const int kStatusMessageMs = 8000;
const int kMaximumIssuesShown = 200;
const int kRailWidth = 104;
const int kQueueRefreshMs = 2000;

const char *const kGeometryKey = "mainWindow/geometry";
const char *const kStateKey = "mainWindow/state";
const char *const kPageKey = "mainWindow/page";
const char *const kImportDirectoryKey = "import/lastDirectory";
const char *const kContactsHeaderKey = "contacts/header";
const char *const kActivityGroup = "activity";
const int kStatusProgressWidth = 140;
const int kResultBoxWidth = 440;

struct PageInfo {
    const char *settingsName;
    const char *iconName;
    const char *label;
    const char *description;
};

const PageInfo kPages[MainWindow::PageCount] = {
    {"integrations", "integrations", QT_TRANSLATE_NOOP("Breezee::MainWindow", "Integrations"),
     QT_TRANSLATE_NOOP("Breezee::MainWindow", "Connect and disconnect apps")},
    {"contacts", "contacts", QT_TRANSLATE_NOOP("Breezee::MainWindow", "Contacts"),
     QT_TRANSLATE_NOOP("Breezee::MainWindow", "Prospects and their sync status")},
    {"activity", "activity", QT_TRANSLATE_NOOP("Breezee::MainWindow", "Activity"),
     QT_TRANSLATE_NOOP("Breezee::MainWindow", "The live sync log")},
    {"errors", "errors", QT_TRANSLATE_NOOP("Breezee::MainWindow", "Errors"),
     QT_TRANSLATE_NOOP("Breezee::MainWindow", "Failed prospects, grouped by cause, with fixes")},
};

// The rail follows the palette: NavigationRailDelegate paints the items,
// and the rail itself only gets a separator line.
const char *const kRailStyle =
    "QListWidget#navigationRail {"
    "  background-color: palette(window);"
    "  border: none;"
    "  border-right: 1px solid palette(mid);"
    "  padding-top: 10px;"
    "}";

// Shows the dry run of the first sync, once even when asked again while
// it is open.
void openDryRunDialog(MainWindow *window, IntegrationController *controller)
{
    if (window->findChild<DryRunDialog *>())
        return;

    auto *dialog = new DryRunDialog(controller, MainWindow::kViewConnectionName, window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QDialog::rejected, window, [window] {
        window->statusBar()->showMessage(
            MainWindow::tr("The first sync was cancelled and every prospect stays queued. Resync shows the dry "
                           "run again."),
            kStatusMessageMs);
    });
    dialog->open();
}

} // namespace

MainWindow::MainWindow(IntegrationController *controller, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_controller(controller)
    , m_settings(settings)
{
    m_ui->setupUi(this);
    setWindowIcon(Icons::appIcon());
    m_clock.start();

    openViewConnection();
    setUpPages();
    setUpRail();
    setUpActions();
    setUpStatusBar();

    connect(m_controller, &IntegrationController::providerChanged, this, &MainWindow::updateConnectionStatus);
    connect(m_controller, &IntegrationController::progressChanged, this, &MainWindow::updateProgress);
    connect(m_controller, &IntegrationController::errorOccurred, this, &MainWindow::showControllerError);

    // The first sync of a new connection waits until the admin confirms
    // its dry run.
    m_controller->setFirstSyncConfirmationRequired(true);
    connect(m_controller, &IntegrationController::firstSyncConfirmationRequested, this,
            [this] { openDryRunDialog(this, m_controller); });
    if (m_controller->isFirstSyncPending())
        QMetaObject::invokeMethod(this, [this] { openDryRunDialog(this, m_controller); }, Qt::QueuedConnection);

    updateWindowTitle();
    updateConnectionStatus();
    updateProgress(m_controller->progress());
    restoreSettings();
    updateFindAction();

    m_queueTimer.setInterval(kQueueRefreshMs);
    connect(&m_queueTimer, &QTimer::timeout, this, &MainWindow::updateQueueSize);
    m_queueTimer.start();
}

MainWindow::~MainWindow()
{
    // Deleting the pages moves the focus, and updateFindAction must not
    // see them half destroyed.
    disconnect(qApp, &QApplication::focusChanged, this, nullptr);

    // The pages hold no query while idle, so the connection can go first.
    m_viewDatabase.reset();
}

int MainWindow::currentPage() const
{
    return m_ui->pageStack->currentIndex();
}

void MainWindow::setCurrentPage(int page)
{
    if (page < 0 || page >= PageCount)
        return;

    m_ui->navigationRail->setCurrentRow(page);
}

void MainWindow::showProspectInContacts(qint64 prospectId)
{
    setCurrentPage(ContactsPageIndex);
    if (!m_contactsPage->showProspect(prospectId))
        statusBar()->showMessage(tr("Prospect %1 is not in the contact list.").arg(prospectId), kStatusMessageMs);
}

QListWidget *MainWindow::navigationRail() const
{
    return m_ui->navigationRail;
}

QString MainWindow::connectionStatusText() const
{
    return m_connectionPill->text();
}

QString MainWindow::queueStatusText() const
{
    return m_queueLabel->text();
}

QString MainWindow::runStatusText() const
{
    return m_runLabel->text();
}

void MainWindow::findContact()
{
    setCurrentPage(ContactsPageIndex);
    m_contactsPage->focusSearch();
}

Status MainWindow::importFile(const QString &path)
{
    // The progress dialog runs events between batches, so a second import
    // could start from there. It would reuse the import connection's name.
    if (m_importing)
        return Error{QStringLiteral("import_running"), tr("Another import is still running.")};

    const QScopedValueRollback<bool> importing(m_importing, true);
    m_ui->importCsvAction->setEnabled(false);
    const auto enableImport = qScopeGuard([this] { m_ui->importCsvAction->setEnabled(true); });

    Database importDatabase(kImportConnectionName);
    if (Status status = importDatabase.open(m_controller->profile().database)) {
        showImportResult(path, *status);
        return status;
    }

    const QString fileName = QFileInfo(path).fileName();
    QProgressDialog progress(tr("Importing %1…").arg(fileName), QString(), 0, 0, this);
    progress.setWindowTitle(tr("Import CSV"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoReset(false);
    progress.setAutoClose(false);
    // ProspectImporter has no way to stop between batches, so the dialog
    // offers no Cancel button.
    progress.setCancelButton(nullptr);
    progress.show();

    QElapsedTimer importClock;
    importClock.start();
    TimeLeftEstimator estimator;

    ImportOptions options;
    options.progress = [&](int rowsDone, int rowsTotal) {
        estimator.addSample(importClock.elapsed(), rowsDone);
        if (rowsTotal > 0) {
            progress.setMaximum(rowsTotal);
            QString label = tr("Importing %1: %2 of %3 rows")
                                .arg(fileName, QLocale().toString(rowsDone), QLocale().toString(rowsTotal));
            const QString timeLeft = timeLeftText(estimator.remainingMs(rowsTotal - rowsDone, importClock.elapsed()));
            if (!timeLeft.isEmpty())
                label += QLatin1Char('\n') + timeLeft;
            progress.setLabelText(label);
        } else {
            progress.setLabelText(tr("Importing %1: %2 rows").arg(fileName, QLocale().toString(rowsDone)));
        }
        // A modal QProgressDialog processes events in setValue, so the
        // window repaints between batches.
        progress.setValue(rowsTotal > 0 ? rowsDone : 0);
    };

    qCInfo(lcGui) << "importing" << fileName;
    const Result<ImportReport> result = ProspectImporter(importDatabase.handle()).importFile(path, options);
    progress.close();
    importDatabase.close();

    showImportResult(path, result);
    m_contactsPage->refresh();

    if (!result.ok())
        return result.error();
    return std::nullopt;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);

    switch (event->type()) {
    case QEvent::LanguageChange:
        m_ui->retranslateUi(this);
        m_findContactAction->setText(tr("&Find Contact…"));
        m_progressBar->setAccessibleName(tr("Sync progress"));
        updateRailItems();
        updateWindowTitle();
        updateConnectionStatus();
        updateSyncActivity();
        break;
    case QEvent::PaletteChange:
        updateRailItems();
        applyProgressBarStyle(m_progressBar);
        break;
    default:
        break;
    }
}

void MainWindow::chooseAndImportCsv()
{
    const QString directory = m_settings->value(QLatin1String(kImportDirectoryKey), QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Prospects from CSV"), directory,
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;

    m_settings->setValue(QLatin1String(kImportDirectoryKey), QFileInfo(path).absolutePath());
    importFile(path);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_controller->profile(), this);
    dialog.exec();
}

void MainWindow::setUpPages()
{
    m_integrationsPage = new IntegrationsPage(m_controller, m_ui->pageStack);
    m_contactsPage = new ContactsPage(m_controller, kViewConnectionName, m_ui->pageStack);
    m_activityPage = new ActivityPage(kViewConnectionName, m_ui->pageStack);
    m_errorsPage = new ErrorsPage(m_controller, kViewConnectionName, m_ui->pageStack);

    m_ui->pageStack->insertWidget(IntegrationsPageIndex, m_integrationsPage);
    m_ui->pageStack->insertWidget(ContactsPageIndex, m_contactsPage);
    m_ui->pageStack->insertWidget(ActivityPageIndex, m_activityPage);
    m_ui->pageStack->insertWidget(ErrorsPageIndex, m_errorsPage);

    if (!m_viewDatabaseError.isEmpty()) {
        m_contactsPage->setUnavailable(m_viewDatabaseError);
        m_activityPage->setUnavailable(m_viewDatabaseError);
        m_errorsPage->setUnavailable(m_viewDatabaseError);
    }

    connect(m_contactsPage, &ContactsPage::importRequested, this, &MainWindow::chooseAndImportCsv);
    const auto showMessage = [this](const QString &message) { statusBar()->showMessage(message, kStatusMessageMs); };
    connect(m_contactsPage, &ContactsPage::statusMessage, this, showMessage);
    connect(m_errorsPage, &ErrorsPage::statusMessage, this, showMessage);
    connect(m_errorsPage, &ErrorsPage::prospectActivated, this, &MainWindow::showProspectInContacts);
    connect(m_activityPage, &ActivityPage::statusMessage, this, showMessage);
    connect(m_activityPage, &ActivityPage::prospectActivated, this, &MainWindow::showProspectInContacts);
}

void MainWindow::setUpRail()
{
    QListWidget *rail = m_ui->navigationRail;
    rail->setObjectName(QStringLiteral("navigationRail"));
    rail->setFixedWidth(kRailWidth);
    rail->setViewMode(QListView::ListMode);
    rail->setDragEnabled(false);
    rail->setMouseTracking(true);
    rail->setFrameShape(QFrame::NoFrame);
    rail->setItemDelegate(new NavigationRailDelegate(rail));

    for (int page = 0; page < PageCount; ++page)
        rail->addItem(new QListWidgetItem());

    applyRailStyle();
    updateRailItems();

    connect(rail, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_ui->pageStack->setCurrentIndex(row);
    });

    // Single selection still lets Ctrl+click clear the selection, but the
    // rail must always show the current page.
    connect(rail, &QListWidget::itemSelectionChanged, this, [rail] {
        if (rail->selectedItems().isEmpty() && rail->currentItem())
            rail->currentItem()->setSelected(true);
    });

    rail->setCurrentRow(IntegrationsPageIndex);
}

void MainWindow::setUpActions()
{
    m_ui->quitAction->setShortcuts(QKeySequence::Quit);
    m_ui->importCsvAction->setShortcutContext(Qt::ApplicationShortcut);

    connect(m_ui->importCsvAction, &QAction::triggered, this, &MainWindow::chooseAndImportCsv);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);

    connect(m_ui->showIntegrationsAction, &QAction::triggered, this,
            [this] { setCurrentPage(IntegrationsPageIndex); });
    connect(m_ui->showContactsAction, &QAction::triggered, this, [this] { setCurrentPage(ContactsPageIndex); });
    connect(m_ui->showActivityAction, &QAction::triggered, this, [this] { setCurrentPage(ActivityPageIndex); });
    connect(m_ui->showErrorsAction, &QAction::triggered, this, [this] { setCurrentPage(ErrorsPageIndex); });

    m_findContactAction = new QAction(tr("&Find Contact…"), this);
    m_findContactAction->setObjectName(QStringLiteral("findContactAction"));
    m_findContactAction->setShortcut(QKeySequence::Find);
    m_ui->viewMenu->addSeparator();
    m_ui->viewMenu->addAction(m_findContactAction);
    connect(m_findContactAction, &QAction::triggered, this, &MainWindow::findContact);
    connect(qApp, &QApplication::focusChanged, this, &MainWindow::updateFindAction);
}

// The Contacts page has its own Ctrl+F for when the focus is inside it.
// Two enabled actions with one shortcut would cancel each other out, so
// the window's action steps aside there.
void MainWindow::updateFindAction()
{
    const QWidget *focus = QApplication::focusWidget();
    const bool insideContacts = focus && m_contactsPage->isAncestorOf(focus);
    m_findContactAction->setEnabled(!insideContacts);
}

void MainWindow::setUpStatusBar()
{
    m_connectionPill = new StatusPill(statusBar());
    m_queueLabel = new QLabel(statusBar());
    m_runLabel = new QLabel(statusBar());
    m_progressBar = new QProgressBar(statusBar());
    m_progressBar->setObjectName(QStringLiteral("statusProgressBar"));
    m_progressBar->setAccessibleName(tr("Sync progress"));
    m_progressBar->setTextVisible(false);
    m_progressBar->setFixedWidth(kStatusProgressWidth);
    m_progressBar->setFixedHeight(m_runLabel->fontMetrics().height() / 2 + 2);
    applyProgressBarStyle(m_progressBar);
    m_progressBar->hide();

    m_queueLabel->setAccessibleName(tr("Sync queue size"));
    m_runLabel->setAccessibleName(tr("Current sync run"));
    m_queueLabel->setContentsMargins(8, 0, 8, 0);
    m_runLabel->setContentsMargins(8, 0, 8, 0);

    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->addPermanentWidget(m_queueLabel);
    statusBar()->addPermanentWidget(m_connectionPill);
    statusBar()->setContentsMargins(4, 2, 8, 2);
}

void MainWindow::openViewConnection()
{
    m_viewDatabase = std::make_unique<Database>(kViewConnectionName);
    const Status status = m_viewDatabase->open(m_controller->profile().database);
    if (!status)
        return;

    qCWarning(lcGui) << "opening the view connection failed:" << status->code;
    m_viewDatabaseError = status->message;
}

void MainWindow::applyRailStyle()
{
    m_ui->navigationRail->setStyleSheet(QLatin1String(kRailStyle));
}

void MainWindow::updateRailItems()
{
    QListWidget *rail = m_ui->navigationRail;
    for (int page = 0; page < PageCount && page < rail->count(); ++page) {
        QListWidgetItem *item = rail->item(page);
        const PageInfo &info = kPages[page];
        item->setText(tr(info.label));
        item->setToolTip(tr(info.description));
        item->setData(Qt::AccessibleTextRole, tr(info.label));
        item->setData(Qt::AccessibleDescriptionRole, tr(info.description));
        item->setIcon(Icons::themedIcon(QLatin1String(info.iconName), rail->palette()));
    }
}

void MainWindow::updateWindowTitle()
{
    const QString name = m_controller->profile().name;
    const QString title = tr("Breezee Integrations Console");
    if (name.isEmpty() || name == QLatin1String("default")) {
        setWindowTitle(title);
        return;
    }

    setWindowTitle(tr("%1 — %2").arg(title, name));
}

void MainWindow::updateConnectionStatus()
{
    const QList<ProviderStatus> providers = m_controller->providers();
    const auto it = std::find_if(providers.cbegin(), providers.cend(), [](const ProviderStatus &status) {
        return status.definition.key == kStatusProviderKey;
    });

    if (it == providers.cend()) {
        m_connectionPill->setState(tr("HubSpot: not available"), Tone::Muted);
        m_syncTracker.setConnectionState(ConnectionState::Disconnected);
        updateSyncActivity();
        return;
    }

    const QString text = tr("%1: %2").arg(it->definition.displayName, connectionStateText(it->state));
    m_connectionPill->setState(text, connectionStateTone(it->state));
    m_connectionPill->setToolTip(it->message);

    m_syncTracker.setProviderName(it->definition.displayName);
    m_syncTracker.setConnectionState(it->state);
    updateSyncActivity();
}

void MainWindow::updateProgress(const SyncProgress &progress)
{
    // With a budget, the sparkline shows requests against the rate limit
    // instead of prospects.
    m_syncTracker.updateProgress(progress, m_clock.elapsed());
    if (progress.requestBudget > 0)
        m_syncTracker.updateRequests(progress.requestsSent, progress.requestBudget, m_clock.elapsed());
    updateQueueSize();
}

// Shows the sync's state in the status bar and on the HubSpot card.
void MainWindow::updateSyncActivity()
{
    m_syncTracker.advanceTo(m_clock.elapsed());
    const SyncActivity activity = m_syncTracker.activity();
    m_integrationsPage->setSyncActivity(kStatusProviderKey, activity);

    // Without a connection the queue only waits, which "Sync idle" hides.
    QString stateText = activity.stateText();
    if (activity.state == SyncActivity::State::Hidden)
        stateText = m_queueSize > 0 ? tr("Not syncing: connect HubSpot to send the queue") : tr("Sync idle");
    QStringList parts;
    parts << stateText;
    if (activity.done() > 0 || activity.hasProgress())
        parts << activity.countsText();
    const QString timeLeft = activity.hasProgress() ? timeLeftText(activity.remainingMs) : QString();
    if (!timeLeft.isEmpty())
        parts << timeLeft;
    m_runLabel->setText(parts.join(QStringLiteral(" · ")));
    m_runLabel->setToolTip(tr("The sync's state and the prospects synced and failed in the current run"));

    m_progressBar->setVisible(activity.hasProgress());
    m_progressBar->setRange(0, qMax(1, activity.total));
    m_progressBar->setValue(qMin(activity.done(), qMax(1, activity.total)));
    m_progressBar->setAccessibleDescription(activity.countsText());
}

// The queue size comes from the store rather than from the sync's
// progress, so it is right while no sync runs and matches the Contacts page.
void MainWindow::updateQueueSize()
{
    const auto refreshActivity = qScopeGuard([this] { updateSyncActivity(); });

    QSqlDatabase db = QSqlDatabase::database(kViewConnectionName, false);
    if (!db.isOpen()) {
        m_queueLabel->setText(tr("Queue: unknown"));
        return;
    }

    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_queue")) || !query.next()) {
        m_queueLabel->setText(tr("Queue: unknown"));
        return;
    }

    const qint64 size = query.value(0).toLongLong();
    m_queueSize = size;
    m_syncTracker.setQueueSize(int(qMin<qint64>(size, std::numeric_limits<int>::max())));
    m_queueLabel->setText(tr("Queue: %1").arg(QLocale().toString(size)));
    m_queueLabel->setToolTip(tr("Prospects waiting in the sync queue"));
}

void MainWindow::showControllerError(const QString &providerKey, const Error &error)
{
    qCInfo(lcGui) << "controller error" << error.code << "for" << providerKey;

    // Provider errors appear on the provider's card. The status bar repeats
    // them briefly in case another page is open.
    statusBar()->showMessage(error.message, kStatusMessageMs);
}

void MainWindow::showImportResult(const QString &path, const Result<ImportReport> &result)
{
    const QString fileName = QFileInfo(path).fileName();
    auto *box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("importResultBox"));
    box->setWindowTitle(tr("Import CSV"));
    box->setWindowModality(Qt::WindowModal);

    if (!result.ok()) {
        qCWarning(lcGui) << "import of" << fileName << "failed:" << result.error().code;
        box->setIcon(QMessageBox::Warning);
        box->setText(tr("%1 could not be imported.").arg(fileName));
        box->setInformativeText(result.error().message);
        statusBar()->showMessage(tr("Import of %1 failed.").arg(fileName), kStatusMessageMs);
        box->open();
        return;
    }

    const ImportReport &report = result.value();
    qCInfo(lcGui) << "imported" << fileName << report.summary();
    box->setIcon(report.rejected.isEmpty() ? QMessageBox::Information : QMessageBox::Warning);
    box->setText(tr("%1 imported.").arg(fileName));
    box->setInformativeText(report.summary());

    QStringList issues;
    for (const ImportIssue &issue : report.rejected)
        issues << tr("Rejected, %1").arg(issue.toString());
    for (const ImportIssue &issue : report.warnings)
        issues << tr("Warning, %1").arg(issue.toString());
    if (issues.size() > kMaximumIssuesShown) {
        const int more = int(issues.size()) - kMaximumIssuesShown;
        issues = issues.mid(0, kMaximumIssuesShown);
        issues << tr("… and %1 more.").arg(more);
    }
    if (!issues.isEmpty())
        box->setDetailedText(issues.join(QLatin1Char('\n')));

    // QMessageBox sizes itself to its text, which makes a one-line summary
    // wrap into a narrow column. The spacer gives the box a readable width.
    if (auto *grid = qobject_cast<QGridLayout *>(box->layout())) {
        grid->addItem(new QSpacerItem(kResultBoxWidth, 0, QSizePolicy::Minimum, QSizePolicy::Expanding),
                      grid->rowCount(), 0, 1, grid->columnCount());
    }

    statusBar()->showMessage(report.summary(), kStatusMessageMs);
    box->open();
}

void MainWindow::restoreSettings()
{
    const QByteArray geometry = m_settings->value(QLatin1String(kGeometryKey)).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        const QSize size = QSize(1200, 760).boundedTo(available.size());
        resize(size);
        move(available.center() - QPoint(size.width() / 2, size.height() / 2));
    }
    restoreState(m_settings->value(QLatin1String(kStateKey)).toByteArray());

    const QString pageName = m_settings->value(QLatin1String(kPageKey)).toString();
    for (int page = 0; page < PageCount; ++page) {
        if (pageName == QLatin1String(kPages[page].settingsName))
            setCurrentPage(page);
    }

    const QByteArray contactsHeader = m_settings->value(QLatin1String(kContactsHeaderKey)).toByteArray();
    if (!contactsHeader.isEmpty())
        m_contactsPage->view()->horizontalHeader()->restoreState(contactsHeader);

    m_settings->beginGroup(QLatin1String(kActivityGroup));
    m_activityPage->restoreSettings(*m_settings);
    m_settings->endGroup();
}

void MainWindow::saveSettings()
{
    m_settings->setValue(QLatin1String(kGeometryKey), saveGeometry());
    m_settings->setValue(QLatin1String(kStateKey), saveState());

    const int page = currentPage();
    if (page >= 0 && page < PageCount)
        m_settings->setValue(QLatin1String(kPageKey), QLatin1String(kPages[page].settingsName));

    m_settings->setValue(QLatin1String(kContactsHeaderKey),
                         m_contactsPage->view()->horizontalHeader()->saveState());

    m_settings->beginGroup(QLatin1String(kActivityGroup));
    m_activityPage->saveSettings(*m_settings);
    m_settings->endGroup();
}

} // namespace Breezee
