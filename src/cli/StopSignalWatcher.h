#pragma once

#include <QObject>

class QSocketNotifier;

namespace Breezee::Cli {

// Turns SIGTERM and SIGINT into a Qt signal, through a pipe that the signal
// handler writes to, because a signal handler may call almost nothing.
class StopSignalWatcher : public QObject {
    Q_OBJECT

public:
    explicit StopSignalWatcher(QObject *parent = nullptr);
    ~StopSignalWatcher() override;

signals:
    void stopRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Breezee::Cli
