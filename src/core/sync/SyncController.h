#pragma once

#include "sync/SyncTypes.h"

#include <QObject>
#include <QPointer>

class QThread;

namespace Breezee {

class HubSpotContactSync;

// Owns the sync thread and its HubSpotContactSync worker. Lives in the
// thread that creates it and talks to the worker through queued calls only.
class SyncController : public QObject {
    Q_OBJECT

public:
    explicit SyncController(QObject *parent = nullptr);
    // Stops the worker and waits for its thread, at most kStopTimeoutMs.
    ~SyncController() override;

    void start(const SyncOptions &options);
    void stop();
    void wake();
    bool isRunning() const { return m_running; }

    static constexpr int kStopTimeoutMs = 5000;

signals:
    void progressChanged(const Breezee::SyncProgress &progress);
    void authorizationLost(const Breezee::Error &error);
    void finished(const Breezee::SyncSummary &summary);

private:
    void shutDownThread();

    QThread *m_thread = nullptr;
    QPointer<HubSpotContactSync> m_worker;
    bool m_running = false;
};

} // namespace Breezee
