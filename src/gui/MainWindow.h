#pragma once

#include "common/Result.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class QLabel;
class QListWidget;
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
// connection and the sync counts, and the File, View and Help menus.
// Geometry and the last page are kept in the given QSettings.
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
    QTimer m_queueTimer;
    bool m_importing = false;
};

} // namespace Breezee
