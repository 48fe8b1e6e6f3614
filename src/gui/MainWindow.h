#pragma once

#include "SyncActivity.h"
#include "common/Result.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <memory>

class QAction;
class QLabel;
class QListWidget;
class QProgressBar;
class QSettings;

namespace Breezee {

class ActivityPage;
class ContactsPage;
class Database;
class ErrorsPage;
class IntegrationController;
class IntegrationsPage;
class StatusPill;
struct ImportReport;
struct SyncProgress;

namespace Ui {
class MainWindow;
}

// The console's window: a navigation rail on the left with the
// Integrations, Contacts, Activity and Errors pages, a status bar with the HubSpot
// connection, the sync's state and progress, and the File, View and Help
// menus. Ctrl+1 to Ctrl+4 open the pages and Ctrl+F searches the contacts.
// The geometry, the last page, the column widths and the activity filters
// are kept in the given QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum Page {
        IntegrationsPageIndex,
        ContactsPageIndex,
        ActivityPageIndex,
        ErrorsPageIndex,
        PageCount,
    };

    // The name of the GUI thread's own database connection for the
    // Contacts and Activity pages.
    static const QString kViewConnectionName;

    MainWindow(IntegrationController *controller, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    int currentPage() const;
    void setCurrentPage(int page);

    QListWidget *navigationRail() const;
    IntegrationsPage *integrationsPage() const { return m_integrationsPage; }
    ContactsPage *contactsPage() const { return m_contactsPage; }
    ActivityPage *activityPage() const { return m_activityPage; }
    ErrorsPage *errorsPage() const { return m_errorsPage; }

    // Opens the Contacts page on a prospect and shows its details.
    void showProspectInContacts(qint64 prospectId);

    QString connectionStatusText() const;
    QString queueStatusText() const;
    QString runStatusText() const;
    QProgressBar *statusProgressBar() const { return m_progressBar; }
    SyncActivity syncActivity() const { return m_syncTracker.activity(); }

    // Opens the Contacts page with the cursor in its search field.
    void findContact();

    // Imports a CSV file with a progress dialog and shows the result.
    // Returns the error, if the import failed.
    Status importFile(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private slots:
    void chooseAndImportCsv();
    void showAbout();

private:
    void setUpPages();
    void setUpRail();
    void setUpActions();
    void setUpStatusBar();
    void openViewConnection();
    void applyRailStyle();
    void updateRailItems();
    void updateWindowTitle();
    void updateConnectionStatus();
    void updateProgress(const SyncProgress &progress);
    void updateQueueSize();
    void updateSyncActivity();
    void updateFindAction();
    void showControllerError(const QString &providerKey, const Error &error);
    void showImportResult(const QString &path, const Result<ImportReport> &result);
    void restoreSettings();
    void saveSettings();

    std::unique_ptr<Ui::MainWindow> m_ui;
    IntegrationController *m_controller = nullptr;
    QSettings *m_settings = nullptr;
    std::unique_ptr<Database> m_viewDatabase;
    QString m_viewDatabaseError;
    IntegrationsPage *m_integrationsPage = nullptr;
    ContactsPage *m_contactsPage = nullptr;
    ActivityPage *m_activityPage = nullptr;
    ErrorsPage *m_errorsPage = nullptr;
    StatusPill *m_connectionPill = nullptr;
    QLabel *m_queueLabel = nullptr;
    QLabel *m_runLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QAction *m_findContactAction = nullptr;
    SyncActivityTracker m_syncTracker;
    qint64 m_queueSize = 0;
    QElapsedTimer m_clock;
    QTimer m_queueTimer;
    bool m_importing = false;
};

} // namespace Breezee
