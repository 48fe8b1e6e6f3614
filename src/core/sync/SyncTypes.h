#pragma once

#include "common/Result.h"
#include "oauth/Provider.h"
#include "oauth/TokenSet.h"
#include "store/DatabaseConfig.h"

#include <QMetaType>
#include <QString>

namespace Breezee {

class TokenBroker;

// Counts of the sync's current run.
struct SyncProgress {
    int queued = 0;
    int synced = 0;
    int failed = 0;
    bool running = false;
    bool waitingForRateLimit = false;
    // HubSpot requests this run has sent, and the rate limit per window.
    int requestsSent = 0;
    int requestBudget = 0;
};

// Everything the sync worker needs; passed to it by value across threads.
struct SyncOptions {
    DatabaseConfig database;
    ResolvedProvider provider;
    // Hands out access tokens and refreshes them; must outlive the run.
    TokenBroker *broker = nullptr;
    // Keep running and look for new queue rows every pollIntervalMs; when
    // false, stop once no queue row is due.
    bool watch = false;
    int batchSize = 100;
    int pollIntervalMs = 1000;
    int rateLimit = 110;
    int rateWindowMs = 10000;
    QString connectionName = QStringLiteral("hubspot-sync");
};

// The end of a run.
struct SyncSummary {
    int synced = 0;
    int failed = 0;
    int remaining = 0;
    std::optional<Error> error;
};

} // namespace Breezee

Q_DECLARE_METATYPE(Breezee::SyncProgress)
Q_DECLARE_METATYPE(Breezee::SyncOptions)
Q_DECLARE_METATYPE(Breezee::SyncSummary)
Q_DECLARE_METATYPE(Breezee::Error)
