#pragma once

#include "FailureGroups.h"
#include "common/Result.h"

#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

namespace Breezee {

class IntegrationController;

namespace Ui {
class ErrorsPage;
}

// The prospects whose last sync failed, grouped by the kind of failure.
// Each group shows a fix in plain words, HubSpot's message, the prospects
// affected, a retry button and a CSV export. While visible it reads the
// store every two seconds when the store changed.
class ErrorsPage : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRefreshIntervalMs = 2000;

    ErrorsPage(IntegrationController *controller, QString connectionName, QWidget *parent = nullptr);
    ~ErrorsPage() override;

    // Shows why the errors cannot be read, for example when the page's own
    // database connection did not open.
    void setUnavailable(const QString &message);

    // Reads the failed prospects now.
    void reload();

    const FailureReport &report() const { return m_report; }
    int currentGroup() const;
    void setCurrentGroup(int group);
    QString fixText() const;
    QString messageText() const;

    // Puts the current group's prospects back on the sync queue.
    void retryCurrentGroup();

    Status exportGroupCsv(int group, const QString &path) const;
    Status exportAllCsv(const QString &path) const;

signals:
    void statusMessage(const QString &message);
    // A prospect in the list was double-clicked.
    void prospectActivated(qint64 prospectId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void reloadIfChanged();
    void populateGroups();
    void showGroup(int group);
    void showSelectedMessage();
    void updateCount();
    void updateEmptyState();
    void showResult(const Status &status);
    void chooseAndExport(std::optional<int> group);
    void applyFonts();

    std::unique_ptr<Ui::ErrorsPage> m_ui;
    IntegrationController *m_controller = nullptr;
    QString m_connectionName;
    FailureReport m_report;
    QTimer m_refreshTimer;
    std::optional<qint64> m_dataVersion;
    QString m_unavailableMessage;
    bool m_loaded = false;
};

} // namespace Breezee
