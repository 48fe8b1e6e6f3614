#pragma once

#include "common/Result.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QSettings;
class QTableView;

namespace Breezee {

class ActivityFilterModel;
class ActivityModel;

namespace Ui {
class ActivityPage;
}

// The sync log, newest entry first, with a search field, level and kind
// filters, a prospect filter and a CSV export. Double-clicking an entry
// emits prospectActivated, which opens its prospect in Contacts. While visible and not paused it
// reads new entries every 500 ms.
class ActivityPage : public QWidget {
    Q_OBJECT

public:
    static constexpr int kPollIntervalMs = 500;

    explicit ActivityPage(const QString &connectionName, QWidget *parent = nullptr);
    ~ActivityPage() override;

    ActivityModel *model() const { return m_model; }
    ActivityFilterModel *filterModel() const { return m_filterModel; }
    QTableView *view() const;

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);

    // Shows why the log cannot be read, for example when the page's own
    // database connection did not open.
    void setUnavailable(const QString &message);

    // Reads new entries now.
    void poll();

    // Shows only one prospect's entries; 0 shows every prospect's.
    void setProspectFilter(qint64 prospectId, const QString &label = {});
    qint64 prospectFilter() const;

    // Writes the entries shown, after every filter, as CSV.
    Status exportCsv(const QString &path) const;

    // Keeps the column widths and the level and kind filters in the
    // settings' current group. The search text and the prospect filter are
    // not kept, so a new session starts with every entry of those levels.
    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

signals:
    void prospectActivated(qint64 prospectId);
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setUpView();
    void setUpLevelFilter();
    void setUpKindFilter();
    void setUpActions();
    void applyLevelFilter();
    void applyQueryFilter();
    void updateProspectFilterButton();
    void chooseAndExport();
    qint64 currentProspectId() const;
    void updatePollTimer();
    void updateLiveState();
    void updateCount();
    void updateEmptyState();
    void showResult(const Status &status);
    void applyTitleFont();

    std::unique_ptr<Ui::ActivityPage> m_ui;
    ActivityModel *m_model = nullptr;
    ActivityFilterModel *m_filterModel = nullptr;
    QTimer m_pollTimer;
    QTimer m_searchDelay;
    QString m_prospectLabel;
    bool m_paused = false;
    QString m_unavailableMessage;
};

} // namespace Breezee
