#pragma once

#include "StatusTone.h"
#include "integration/IntegrationController.h"
#include "sync/SyncTypes.h"

#include <QList>
#include <QPair>
#include <QString>

namespace Breezee {

// Estimates the time left of long work from how fast it went recently. It
// keeps the (time, items done) samples of the last minute, so a rate-limit
// wait or a slow batch moves the estimate for a minute only.
class TimeLeftEstimator {
public:
    static constexpr qint64 kWindowMs = 60000;
    // No estimate before the work has run this long, because the first
    // batch is a poor guide to the rest.
    static constexpr qint64 kMinimumSpanMs = 5000;

    void reset();
    void addSample(qint64 nowMs, qint64 done);

    // Milliseconds until `remaining` more items are done at the rate since
    // the oldest sample up to `nowMs`, or -1 while there is too little
    // history or no progress. A stall since the last sample lowers the rate.
    qint64 remainingMs(qint64 remaining, qint64 nowMs) const;

private:
    QList<QPair<qint64, qint64>> m_samples;
};

// "About 3 min left" and the like, rounded up to whole minutes; empty for
// a negative value.
QString timeLeftText(qint64 remainingMs);

// The sync of one provider as the console shows it on the provider's card
// and in the status bar.
struct SyncActivity {
    enum class State {
        // The provider is not connected, so there is nothing to show.
        Hidden,
        Idle,
        Syncing,
        UpToDate,
        WaitingForRateLimit,
        // The sync stopped until the admin reconnects.
        PausedReconnect,
        // The provider cannot be reached; the controller retries.
        PausedOffline,
    };

    State state = State::Hidden;
    QString providerName;
    // Counts of the current or last run.
    int synced = 0;
    int failed = 0;
    // Prospects done plus those still due in this run; 0 when unknown.
    int total = 0;
    // Prospects in the sync queue, from the store.
    int waiting = 0;
    // Estimated time until the run has worked through its queue; -1 when
    // unknown.
    qint64 remainingMs = -1;
    // Prospects done in each completed 10 s interval, oldest first.
    QList<int> throughput;
    // Requests sent in each completed 10 s interval and the rate-limit
    // budget per interval. Both stay empty or 0 while the sync reports no
    // request count.
    QList<int> requests;
    int requestBudget = 0;

    int done() const { return synced + failed; }
    bool isRunning() const;
    // True while a run works through a known number of prospects, so a
    // progress bar can show how far it is.
    bool hasProgress() const;

    // The state line, for example "Waiting for HubSpot rate limit" or
    // "Paused: reconnect required (132 prospects waiting)".
    QString stateText() const;
    Tone tone() const;
    // "1,200 synced · 3 failed · 5,000 total", without the total when it
    // is unknown.
    QString countsText() const;
};

// Builds the SyncActivity of one provider from the sync's progress
// signals, the provider's connection state and the queue size that the
// window reads from the store. Times are milliseconds on any monotonic
// clock, passed in so that tests can drive it.
class SyncActivityTracker {
public:
    static constexpr qint64 kIntervalMs = 10000;
    // Intervals kept for the sparkline: 5 minutes.
    static constexpr int kIntervalCount = 30;

    explicit SyncActivityTracker(const QString &providerName = QStringLiteral("HubSpot"));

    void setProviderName(const QString &name) { m_providerName = name; }
    void setConnectionState(ConnectionState state) { m_connectionState = state; }
    void setQueueSize(int size) { m_queueSize = qMax(0, size); }

    // Takes a progress signal of the sync. A signal with `running` after
    // one without starts a new run and resets the counts and the estimate.
    void updateProgress(const SyncProgress &progress, qint64 nowMs);

    // Takes the number of HTTP requests the run has sent so far and the
    // budget per 10 s, for the request sparkline.
    void updateRequests(int requestsSent, int budgetPerInterval, qint64 nowMs);

    // Moves the clock on, so that intervals without progress count as 0.
    void advanceTo(qint64 nowMs);

    SyncActivity activity() const;

private:
    struct Interval {
        qint64 index = 0;
        int prospects = 0;
        int requests = 0;
    };

    Interval &intervalAt(qint64 nowMs);
    QList<int> completedIntervals(int Interval::*field) const;
    int remainingInRun() const;

    QString m_providerName;
    ConnectionState m_connectionState = ConnectionState::Disconnected;
    SyncProgress m_progress;
    int m_queueSize = 0;
    // Prospects still due in this run, or -1 while the sync has not counted
    // them. The sync counts the queue before each batch and reports the
    // count with the batch's results, so the batch is still inside it.
    int m_remaining = -1;
    int m_lastDone = 0;
    int m_lastRequests = 0;
    int m_requestBudget = 0;
    bool m_hasRequests = false;
    qint64 m_nowMs = 0;
    QList<Interval> m_intervals;
    TimeLeftEstimator m_estimator;
};

} // namespace Breezee
