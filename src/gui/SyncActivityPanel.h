#pragma once

#include "SyncActivity.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace Breezee {

class ThroughputSparkline;

// The sync part of a provider card: the state line ("Syncing", "Waiting for
// HubSpot rate limit", "Paused: reconnect required (132 prospects
// waiting)"), a progress bar with the run's counts and the time left, and
// the throughput sparkline.
class SyncActivityPanel : public QWidget {
    Q_OBJECT

public:
    explicit SyncActivityPanel(QWidget *parent = nullptr);

    void setActivity(const SyncActivity &activity);
    const SyncActivity &activity() const { return m_activity; }

    QString stateText() const;
    QString countsText() const;
    QString timeLeftText() const;
    QProgressBar *progressBar() const { return m_progressBar; }
    ThroughputSparkline *sparkline() const { return m_sparkline; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyActivity();
    void updateSparkline();
    void applyStateColour();

    SyncActivity m_activity;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_timeLeftLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_sparklineLabel = nullptr;
    ThroughputSparkline *m_sparkline = nullptr;
};

} // namespace Breezee
