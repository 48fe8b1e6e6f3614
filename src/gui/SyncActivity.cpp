#include "SyncActivity.h"

#include <QCoreApplication>
#include <QLocale>

namespace Breezee {

void TimeLeftEstimator::reset()
{
    m_samples.clear();
}

void TimeLeftEstimator::addSample(qint64 nowMs, qint64 done)
{
    m_samples.append({nowMs, done});

    // The oldest sample inside the window stays as the start of the span.
    while (m_samples.size() > 2 && m_samples.at(1).first <= nowMs - kWindowMs)
        m_samples.removeFirst();
}

qint64 TimeLeftEstimator::remainingMs(qint64 remaining, qint64 nowMs) const
{
    if (remaining <= 0)
        return remaining == 0 ? 0 : -1;
    if (m_samples.size() < 2)
        return -1;

    const qint64 span = nowMs - m_samples.first().first;
    const qint64 done = m_samples.last().second - m_samples.first().second;
    if (span < kMinimumSpanMs || done <= 0)
        return -1;

    return remaining * span / done;
}

QString timeLeftText(qint64 remainingMs)
{
    if (remainingMs < 0)
        return {};
    if (remainingMs < 60000)
        return QCoreApplication::translate("Breezee::SyncActivity", "Less than a minute left");

    const qint64 minutes = (remainingMs + 59999) / 60000;
    if (minutes < 60)
        return QCoreApplication::translate("Breezee::SyncActivity", "About %n min left", nullptr, int(minutes));

    return QCoreApplication::translate("Breezee::SyncActivity", "About %1 h %2 min left")
        .arg(QLocale().toString(minutes / 60))
        .arg(minutes % 60);
}

bool SyncActivity::isRunning() const
{
    return state == State::Syncing || state == State::UpToDate || state == State::WaitingForRateLimit;
}

bool SyncActivity::hasProgress() const
{
    return (state == State::Syncing || state == State::WaitingForRateLimit) && total > 0;
}

QString SyncActivity::stateText() const
{
    switch (state) {
    case State::Hidden:
        return {};
    case State::Idle:
        return QCoreApplication::translate("Breezee::SyncActivity", "Sync idle");
    case State::Syncing:
        return QCoreApplication::translate("Breezee::SyncActivity", "Syncing");
    case State::UpToDate:
        return QCoreApplication::translate("Breezee::SyncActivity", "Up to date");
    case State::WaitingForRateLimit:
        return QCoreApplication::translate("Breezee::SyncActivity", "Waiting for %1 rate limit").arg(providerName);
    // The source text has no English plural forms, so one waiting
    // prospect gets its own text.
    case State::PausedReconnect:
        if (waiting == 1)
            return QCoreApplication::translate("Breezee::SyncActivity",
                                               "Paused: reconnect required (1 prospect waiting)");
        if (waiting > 1)
            return QCoreApplication::translate("Breezee::SyncActivity",
                                               "Paused: reconnect required (%Ln prospects waiting)", nullptr, waiting);
        return QCoreApplication::translate("Breezee::SyncActivity", "Paused: reconnect required");
    case State::PausedOffline:
        if (waiting == 1)
            return QCoreApplication::translate("Breezee::SyncActivity", "Paused: %1 offline (1 prospect waiting)")
                .arg(providerName);
        if (waiting > 1)
            return QCoreApplication::translate("Breezee::SyncActivity", "Paused: %1 offline (%Ln prospects waiting)",
                                               nullptr, waiting)
                .arg(providerName);
        return QCoreApplication::translate("Breezee::SyncActivity", "Paused: %1 offline").arg(providerName);
    }
    return {};
}

Tone SyncActivity::tone() const
{
    switch (state) {
    case State::Hidden:
        return Tone::Muted;
    case State::Idle:
        return Tone::Neutral;
    case State::Syncing:
        return Tone::Progress;
    case State::UpToDate:
        return Tone::Success;
    case State::WaitingForRateLimit:
    case State::PausedReconnect:
    case State::PausedOffline:
        return Tone::Warning;
    }
    return Tone::Neutral;
}

QString SyncActivity::countsText() const
{
    const QLocale locale;
    if (total > 0) {
        return QCoreApplication::translate("Breezee::SyncActivity", "%1 synced · %2 failed · %3 total")
            .arg(locale.toString(synced), locale.toString(failed), locale.toString(total));
    }
    return QCoreApplication::translate("Breezee::SyncActivity", "%1 synced · %2 failed")
        .arg(locale.toString(synced), locale.toString(failed));
}

SyncActivityTracker::SyncActivityTracker(const QString &providerName)
    : m_providerName(providerName)
{
}

void SyncActivityTracker::updateProgress(const SyncProgress &progress, qint64 nowMs)
{
    advanceTo(nowMs);

    const int done = progress.synced + progress.failed;
    const bool newRun = (progress.running && !m_progress.running) || done < m_lastDone;
    if (newRun) {
        m_lastDone = 0;
        m_lastRequests = 0;
        m_remaining = -1;
        m_estimator.reset();
    }

    // The signals before the first batch, the start and any rate-limit
    // wait while the sync checks its properties, come before the sync has
    // counted the queue. Their queued count of 0 means "not counted", so
    // the tracker uses the store's count until a batch reports.
    const int delta = done - m_lastDone;
    if (delta > 0)
        m_remaining = qMax(0, progress.queued - delta);
    else if (progress.queued > 0)
        m_remaining = progress.queued;
    else if (newRun || done == 0)
        m_remaining = -1;
    else
        m_remaining = 0;

    intervalAt(nowMs).prospects += qMax(0, delta);
    m_lastDone = done;
    m_progress = progress;
    if (progress.running)
        m_estimator.addSample(nowMs, done);
}

void SyncActivityTracker::updateRequests(int requestsSent, int budgetPerInterval, qint64 nowMs)
{
    advanceTo(nowMs);

    const int delta = requestsSent >= m_lastRequests ? requestsSent - m_lastRequests : requestsSent;
    intervalAt(nowMs).requests += delta;
    m_lastRequests = requestsSent;
    m_requestBudget = budgetPerInterval;
    m_hasRequests = true;
}

void SyncActivityTracker::advanceTo(qint64 nowMs)
{
    m_nowMs = qMax(m_nowMs, nowMs);

    const qint64 oldest = m_nowMs / kIntervalMs - kIntervalCount;
    while (!m_intervals.isEmpty() && m_intervals.first().index < oldest)
        m_intervals.removeFirst();
}

SyncActivity SyncActivityTracker::activity() const
{
    SyncActivity activity;
    activity.providerName = m_providerName;
    activity.synced = m_progress.synced;
    activity.failed = m_progress.failed;
    activity.waiting = m_queueSize;

    switch (m_connectionState) {
    case ConnectionState::TokenExpired:
        activity.state = SyncActivity::State::PausedReconnect;
        return activity;
    case ConnectionState::Offline:
        activity.state = SyncActivity::State::PausedOffline;
        return activity;
    case ConnectionState::Connected:
        break;
    case ConnectionState::Disconnected:
    case ConnectionState::Connecting:
    case ConnectionState::Error:
        activity.state = SyncActivity::State::Hidden;
        return activity;
    }

    if (!m_progress.running) {
        activity.state = SyncActivity::State::Idle;
        return activity;
    }

    const int remaining = remainingInRun();
    if (m_progress.waitingForRateLimit)
        activity.state = SyncActivity::State::WaitingForRateLimit;
    else if (remaining > 0)
        activity.state = SyncActivity::State::Syncing;
    else
        activity.state = SyncActivity::State::UpToDate;

    activity.total = activity.done() + remaining;
    activity.remainingMs = remaining > 0 ? m_estimator.remainingMs(remaining, m_nowMs) : -1;
    activity.throughput = completedIntervals(&Interval::prospects);
    if (m_hasRequests) {
        activity.requests = completedIntervals(&Interval::requests);
        activity.requestBudget = m_requestBudget;
    }
    return activity;
}

SyncActivityTracker::Interval &SyncActivityTracker::intervalAt(qint64 nowMs)
{
    const qint64 index = nowMs / kIntervalMs;
    if (m_intervals.isEmpty() || m_intervals.last().index < index)
        m_intervals.append(Interval{index, 0, 0});
    return m_intervals.last();
}

QList<int> SyncActivityTracker::completedIntervals(int Interval::*field) const
{
    // The current interval is still filling, so it would show as a dip.
    const qint64 current = m_nowMs / kIntervalMs;
    QList<int> values(kIntervalCount, 0);
    for (const Interval &interval : m_intervals) {
        const qint64 slot = interval.index - (current - kIntervalCount);
        if (slot >= 0 && slot < kIntervalCount)
            values[slot] = interval.*field;
    }
    return values;
}

int SyncActivityTracker::remainingInRun() const
{
    return m_remaining >= 0 ? m_remaining : m_queueSize;
}

} // namespace Breezee
