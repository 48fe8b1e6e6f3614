#pragma once

#include "common/Result.h"
#include "store/DatabaseConfig.h"

#include <QObject>

#include <memory>

namespace Breezee {
class Database;
}

namespace Breezee::Cli {

// LISTENs on PostgreSQL's breezee_sync_queue channel, which the queue
// triggers NOTIFY when rows are queued, and emits queueChanged. Uses its
// own connection, because a worker's connection is busy with its batch.
class QueueListener : public QObject {
    Q_OBJECT

public:
    explicit QueueListener(QObject *parent = nullptr);
    ~QueueListener() override;

    // Opens the connection and subscribes. Fails when the driver cannot
    // subscribe, and the caller then relies on its poll timer alone.
    Status start(const DatabaseConfig &config);

    static constexpr const char *kChannel = "breezee_sync_queue";

signals:
    void queueChanged();

private:
    std::unique_ptr<Database> m_database;
};

} // namespace Breezee::Cli
