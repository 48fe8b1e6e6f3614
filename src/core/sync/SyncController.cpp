#include "SyncController.h"

#include "common/Logging.h"
#include "sync/HubSpotContactSync.h"

#include <QThread>

namespace Breezee {

SyncController::SyncController(QObject *parent)
    : QObject(parent)
{
}

SyncController::~SyncController()
{
    shutDownThread();
}

void SyncController::start(const SyncOptions &options)
{
    shutDownThread();

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("HubSpotContactSync"));
    m_worker = new HubSpotContactSync;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &HubSpotContactSync::progressChanged, this, &SyncController::progressChanged);
    connect(m_worker, &HubSpotContactSync::authorizationLost, this, &SyncController::authorizationLost);
    connect(m_worker, &HubSpotContactSync::finished, this, [this](const SyncSummary &summary) {
        m_running = false;
        emit finished(summary);
    });

    m_thread->start();
    m_running = true;
    QMetaObject::invokeMethod(m_worker, "start", Qt::QueuedConnection, Q_ARG(Breezee::SyncOptions, options));
}

void SyncController::stop()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &HubSpotContactSync::stop, Qt::QueuedConnection);
}

void SyncController::wake()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &HubSpotContactSync::wake, Qt::QueuedConnection);
}

void SyncController::shutDownThread()
{
    if (!m_thread)
        return;

    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &HubSpotContactSync::stop, Qt::BlockingQueuedConnection);
    m_thread->quit();
    if (!m_thread->wait(kStopTimeoutMs))
        qCWarning(lcSync) << "the sync thread did not stop within" << kStopTimeoutMs << "ms";

    delete m_thread;
    m_thread = nullptr;
    m_running = false;
}

} // namespace Breezee
