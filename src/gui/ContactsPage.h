#pragma once

#include "common/Result.h"

#include <QList>
#include <QTimer>
#include <QWidget>

#include <memory>

class QPushButton;
class QTableView;

namespace Breezee {

class ContactsModel;
class IntegrationController;
class ProspectDetailPane;
class ResyncDialog;

namespace Ui {
class ContactsPage;
}

// The prospects with their sync status, a search field, a status filter,
// the resync buttons (the selection, every failed prospect, every
// prospect) and, beside the table, the selected prospect's
// details. While visible it reloads from the store every two seconds, and
// only when the store changed.
class ContactsPage : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRefreshIntervalMs = 2000;

    ContactsPage(IntegrationController *controller, const QString &connectionName,
                 QWidget *parent = nullptr);
    ~ContactsPage() override;

    ContactsModel *model() const { return m_model; }
    ProspectDetailPane *detailPane() const { return m_detailPane; }
    QTableView *view() const;
    QString countText() const;

    // Shows why the list cannot be read, for example when the page's own
    // database connection did not open.
    void setUnavailable(const QString &message);

    // Reloads now, whether or not the store changed.
    void refresh();
    void focusSearch();

    // Selects a prospect and shows its details. Clears the search and the
    // status filter when they hide it. Returns false for an unknown id.
    bool showProspect(qint64 prospectId);

    // Opens the resync dialog with a preview for one prospect and returns
    // it. The dialog deletes itself when closed.
    ResyncDialog *openResyncDialog(qint64 prospectId);
    QPushButton *resyncFailedButton() const { return m_resyncFailedButton; }

signals:
    void importRequested();
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct ScrollAnchor {
        qint64 prospectId = 0;
        int viewRow = -1;
    };

    void setUpView();
    void fitStatusColumn();
    void setUpActions();
    void setUpStatusFilter();
    void refreshIfChanged();
    void reload(bool force);
    void showResult(const Status &status);
    ScrollAnchor captureScrollAnchor() const;
    void restoreScrollAnchor(const ScrollAnchor &anchor);
    void applySearch();
    void applyStatusFilter();
    void resyncSelected();
    void resyncAll();
    void resyncFailed();
    void resyncCurrentWithPreview();
    QList<qint64> failedProspectIds() const;
    void runEmptyAction();
    void updateCounts();
    void updateEmptyState();
    void updateButtons();
    void copySelected(int column);
    void showCurrentProspect();
    void updateHubSpotStatus(const QString &providerKey);
    void applyTitleFont();
    QList<qint64> selectedProspectIds() const;

    std::unique_ptr<Ui::ContactsPage> m_ui;
    IntegrationController *m_controller = nullptr;
    QString m_connectionName;
    QPushButton *m_resyncFailedButton = nullptr;
    ContactsModel *m_model = nullptr;
    ProspectDetailPane *m_detailPane = nullptr;
    QTimer m_refreshTimer;
    QTimer m_searchDelay;
    QString m_unavailableMessage;
};

} // namespace Breezee
