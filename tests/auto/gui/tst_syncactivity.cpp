// The sync's state, progress, time left and throughput as the HubSpot card
// and the status bar show them, driven with a clock that the test sets.

#include "ProviderCard.h"
#include "SyncActivity.h"
#include "SyncActivityPanel.h"
#include "ThroughputSparkline.h"

#include <QImage>
#include <QLabel>
#include <QProgressBar>
#include <QTest>

using namespace Breezee;

Q_DECLARE_METATYPE(Breezee::ConnectionState)
Q_DECLARE_METATYPE(Breezee::SyncActivity::State)

namespace {

SyncProgress progress(int queued, int synced, int failed, bool running = true, bool waiting = false)
{
    SyncProgress value;
    value.queued = queued;
    value.synced = synced;
    value.failed = failed;
    value.running = running;
    value.waitingForRateLimit = waiting;
    return value;
}

ProviderStatus hubSpotStatus(ConnectionState state)
{
    ProviderStatus status;
    status.definition.key = QStringLiteral("hubspot");
    status.definition.displayName = QStringLiteral("HubSpot");
    status.definition.description = QStringLiteral("CRM");
    status.definition.live = true;
    status.state = state;
    status.accountId = QStringLiteral("24680135");
    return status;
}

// A tracker in the middle of a run: 300 of 1,000 prospects done after
// 30 s, at 10 per second.
SyncActivityTracker runningTracker()
{
    SyncActivityTracker tracker;
    tracker.setConnectionState(ConnectionState::Connected);
    tracker.setQueueSize(1000);
    tracker.updateProgress(progress(0, 0, 0), 0);
    for (int batch = 1; batch <= 3; ++batch)
        tracker.updateProgress(progress(1000 - (batch - 1) * 100, batch * 100 - 2 * batch, 2 * batch), batch * 10000);
    return tracker;
}

} // namespace

class tst_SyncActivity : public QObject {
    Q_OBJECT

private slots:
    void stateFollowsConnection_data();
    void stateFollowsConnection();
    void pausedTextNamesWaitingProspects();
    void firstSignalUsesStoreQueue();
    void waitBeforeFirstBatchUsesStoreQueue();
    void batchResultsLowerRemaining();
    void newRunResetsCounts();
    void timeLeftFromRecentRate();
    void timeLeftUnknownAtStart();
    void timeLeftText_data();
    void timeLeftText();
    void estimatorForgetsOldSamples();
    void intervalsCountProspects();
    void requestsShowBudget();
    void sparklineScaleIncludesBudget();
    void sparklinePaintsBudgetLine();
    void panelShowsProgress();
    void panelHiddenWhenDisconnected();
    void cardShowsPausedState();
    void cardOfRoadmapProviderHidesPanel();
};

void tst_SyncActivity::stateFollowsConnection_data()
{
    QTest::addColumn<ConnectionState>("connection");
    QTest::addColumn<SyncProgress>("sync");
    QTest::addColumn<SyncActivity::State>("state");
    QTest::addColumn<QString>("text");

    QTest::newRow("disconnected") << ConnectionState::Disconnected << progress(0, 0, 0, false)
                                  << SyncActivity::State::Hidden << QString();
    QTest::newRow("connecting") << ConnectionState::Connecting << progress(0, 0, 0, false)
                                << SyncActivity::State::Hidden << QString();
    QTest::newRow("idle") << ConnectionState::Connected << progress(0, 0, 0, false) << SyncActivity::State::Idle
                          << QStringLiteral("Sync idle");
    QTest::newRow("syncing") << ConnectionState::Connected << progress(0, 0, 0) << SyncActivity::State::Syncing
                             << QStringLiteral("Syncing");
    QTest::newRow("rate limit") << ConnectionState::Connected << progress(0, 0, 0, true, true)
                                << SyncActivity::State::WaitingForRateLimit
                                << QStringLiteral("Waiting for HubSpot rate limit");
    QTest::newRow("token expired") << ConnectionState::TokenExpired << progress(0, 0, 0, false)
                                   << SyncActivity::State::PausedReconnect
                                   << QStringLiteral("Paused: reconnect required (132 prospects waiting)");
    QTest::newRow("token expired mid-run") << ConnectionState::TokenExpired << progress(0, 0, 0)
                                           << SyncActivity::State::PausedReconnect
                                           << QStringLiteral("Paused: reconnect required (132 prospects waiting)");
    QTest::newRow("offline") << ConnectionState::Offline << progress(0, 0, 0, false)
                             << SyncActivity::State::PausedOffline
                             << QStringLiteral("Paused: HubSpot offline (132 prospects waiting)");
}

void tst_SyncActivity::stateFollowsConnection()
{
    QFETCH(ConnectionState, connection);
    QFETCH(SyncProgress, sync);
    QFETCH(SyncActivity::State, state);
    QFETCH(QString, text);

    SyncActivityTracker tracker;
    tracker.setConnectionState(connection);
    tracker.setQueueSize(132);
    tracker.updateProgress(sync, 1000);

    const SyncActivity activity = tracker.activity();
    QCOMPARE(activity.state, state);
    QCOMPARE(activity.stateText(), text);
    QCOMPARE(activity.waiting, 132);
}

void tst_SyncActivity::pausedTextNamesWaitingProspects()
{
    SyncActivity activity;
    activity.providerName = QStringLiteral("HubSpot");
    activity.state = SyncActivity::State::PausedReconnect;

    activity.waiting = 0;
    QCOMPARE(activity.stateText(), QStringLiteral("Paused: reconnect required"));

    activity.waiting = 1;
    QCOMPARE(activity.stateText(), QStringLiteral("Paused: reconnect required (1 prospect waiting)"));

    activity.waiting = 12345;
    QCOMPARE(activity.stateText(), QStringLiteral("Paused: reconnect required (12,345 prospects waiting)"));
    QCOMPARE(activity.tone(), Tone::Warning);
}

void tst_SyncActivity::firstSignalUsesStoreQueue()
{
    // The sync's first signal of a run comes before it has counted the
    // queue, so the tracker uses the store's count.
    SyncActivityTracker tracker;
    tracker.setConnectionState(ConnectionState::Connected);
    tracker.setQueueSize(5000);
    tracker.updateProgress(progress(0, 0, 0), 0);

    const SyncActivity activity = tracker.activity();
    QCOMPARE(activity.state, SyncActivity::State::Syncing);
    QCOMPARE(activity.total, 5000);
    QVERIFY(activity.hasProgress());
    QCOMPARE(activity.countsText(), QStringLiteral("0 synced · 0 failed · 5,000 total"));
}

void tst_SyncActivity::waitBeforeFirstBatchUsesStoreQueue()
{
    // A 429 while the sync checks its properties comes before any batch.
    SyncActivityTracker tracker;
    tracker.setConnectionState(ConnectionState::Connected);
    tracker.setQueueSize(250);
    tracker.updateProgress(progress(0, 0, 0), 0);
    tracker.updateProgress(progress(0, 0, 0, true, true), 300);

    const SyncActivity activity = tracker.activity();
    QCOMPARE(activity.state, SyncActivity::State::WaitingForRateLimit);
    QCOMPARE(activity.total, 250);
    QVERIFY(activity.hasProgress());
}

void tst_SyncActivity::batchResultsLowerRemaining()
{
    SyncActivityTracker tracker;
    tracker.setConnectionState(ConnectionState::Connected);
    tracker.setQueueSize(250);
    tracker.updateProgress(progress(0, 0, 0), 0);

    // The first batch: 250 queued when it started, 98 synced and 2 failed.
    tracker.updateProgress(progress(250, 98, 2), 1000);
    SyncActivity activity = tracker.activity();
    QCOMPARE(activity.done(), 100);
    QCOMPARE(activity.total, 250);

    // A rate-limit wait during the next batch changes no count.
    tracker.updateProgress(progress(150, 98, 2, true, true), 1500);
    activity = tracker.activity();
    QCOMPARE(activity.state, SyncActivity::State::WaitingForRateLimit);
    QCOMPARE(activity.total, 250);
    QVERIFY(activity.hasProgress());

    tracker.updateProgress(progress(150, 197, 3), 2000);
    tracker.updateProgress(progress(50, 245, 5), 3000);
    activity = tracker.activity();
    QCOMPARE(activity.done(), 250);
    QCOMPARE(activity.total, 250);
    QCOMPARE(activity.state, SyncActivity::State::UpToDate);
    QVERIFY(!activity.hasProgress());

    // The run ends with nothing left.
    tracker.updateProgress(progress(0, 245, 5, false), 3100);
    activity = tracker.activity();
    QCOMPARE(activity.state, SyncActivity::State::Idle);
    QCOMPARE(activity.countsText(), QStringLiteral("245 synced · 5 failed"));
}

void tst_SyncActivity::newRunResetsCounts()
{
    SyncActivityTracker tracker = runningTracker();
    tracker.updateProgress(progress(0, 294, 6, false), 40000);
    QCOMPARE(tracker.activity().done(), 300);

    tracker.setQueueSize(40);
    tracker.updateProgress(progress(0, 0, 0), 50000);
    const SyncActivity activity = tracker.activity();
    QCOMPARE(activity.done(), 0);
    QCOMPARE(activity.total, 40);
    QCOMPARE(activity.remainingMs, qint64(-1));
}

void tst_SyncActivity::timeLeftFromRecentRate()
{
    SyncActivityTracker tracker = runningTracker();
    const SyncActivity activity = tracker.activity();
    QCOMPARE(activity.done(), 300);
    QCOMPARE(activity.total, 1000);

    // 300 done in 30 s leaves 700 for 70 s.
    QCOMPARE(activity.remainingMs, qint64(70000));

    // Ten more seconds without progress lower the rate.
    tracker.advanceTo(40000);
    QCOMPARE(tracker.activity().remainingMs, qint64(700 * 40000 / 300));
}

void tst_SyncActivity::timeLeftUnknownAtStart()
{
    SyncActivityTracker tracker;
    tracker.setConnectionState(ConnectionState::Connected);
    tracker.setQueueSize(1000);
    tracker.updateProgress(progress(0, 0, 0), 0);
    QCOMPARE(tracker.activity().remainingMs, qint64(-1));

    // One batch after 2 s is too short a span for an estimate.
    tracker.updateProgress(progress(1000, 100, 0), 2000);
    QCOMPARE(tracker.activity().remainingMs, qint64(-1));
}

void tst_SyncActivity::timeLeftText_data()
{
    QTest::addColumn<qint64>("milliseconds");
    QTest::addColumn<QString>("text");

    QTest::newRow("unknown") << qint64(-1) << QString();
    QTest::newRow("seconds") << qint64(42000) << QStringLiteral("Less than a minute left");
    QTest::newRow("one minute") << qint64(60000) << QStringLiteral("About 1 min left");
    QTest::newRow("rounded up") << qint64(61000) << QStringLiteral("About 2 min left");
    QTest::newRow("hours") << qint64((2 * 60 + 5) * 60000) << QStringLiteral("About 2 h 5 min left");
}

void tst_SyncActivity::timeLeftText()
{
    QFETCH(qint64, milliseconds);
    QFETCH(QString, text);

    QCOMPARE(Breezee::timeLeftText(milliseconds), text);
}

void tst_SyncActivity::estimatorForgetsOldSamples()
{
    TimeLeftEstimator estimator;
    // A slow start: 10 items in the first minute, then 100 per 10 s.
    estimator.addSample(0, 0);
    estimator.addSample(60000, 10);
    for (int step = 1; step <= 6; ++step)
        estimator.addSample(60000 + step * 10000, 10 + step * 100);

    // Only the last minute counts: 600 items in 60 s.
    QCOMPARE(estimator.remainingMs(600, 120000), qint64(60000));
    QCOMPARE(estimator.remainingMs(0, 120000), qint64(0));

    estimator.reset();
    QCOMPARE(estimator.remainingMs(600, 120000), qint64(-1));
}

void tst_SyncActivity::intervalsCountProspects()
{
    SyncActivityTracker tracker = runningTracker();
    tracker.advanceTo(45000);

    const SyncActivity activity = tracker.activity();
    QCOMPARE(activity.throughput.size(), SyncActivityTracker::kIntervalCount);
    // Batches finished at 10 s, 20 s and 30 s. The interval from 40 s is
    // still filling and not shown, so the last bar is the one from 30 s.
    const int last = int(activity.throughput.size()) - 1;
    QCOMPARE(activity.throughput.at(last), 100);
    QCOMPARE(activity.throughput.at(last - 1), 100);
    QCOMPARE(activity.throughput.at(last - 2), 100);
    QCOMPARE(activity.throughput.at(last - 3), 0);
    QVERIFY(activity.requests.isEmpty());
    QCOMPARE(activity.requestBudget, 0);

    // Five minutes later the batches have left the chart.
    tracker.advanceTo(45000 + 5 * 60000);
    const QList<int> later = tracker.activity().throughput;
    QCOMPARE(later.size(), SyncActivityTracker::kIntervalCount);
    QVERIFY(std::all_of(later.cbegin(), later.cend(), [](int value) { return value == 0; }));
}

void tst_SyncActivity::requestsShowBudget()
{
    SyncActivityTracker tracker = runningTracker();
    tracker.updateRequests(40, 110, 31000);
    tracker.updateRequests(150, 110, 35000);
    tracker.advanceTo(41000);

    const SyncActivity activity = tracker.activity();
    QCOMPARE(activity.requestBudget, 110);
    QCOMPARE(activity.requests.size(), SyncActivityTracker::kIntervalCount);
    QCOMPARE(activity.requests.at(activity.requests.size() - 1), 150);
}

void tst_SyncActivity::sparklineScaleIncludesBudget()
{
    ThroughputSparkline sparkline;
    sparkline.setValues({10, 40, 25}, QStringLiteral("requests"));
    QCOMPARE(sparkline.scaleMaximum(), 40);

    sparkline.setBudget(110);
    QCOMPARE(sparkline.scaleMaximum(), 110);
    QVERIFY(sparkline.accessibleDescription().contains(QStringLiteral("25 requests")));
    QVERIFY(sparkline.accessibleDescription().contains(QStringLiteral("110")));

    sparkline.setValues({}, QStringLiteral("requests"));
    sparkline.setBudget(0);
    QCOMPARE(sparkline.scaleMaximum(), 1);
    QVERIFY(!sparkline.accessibleName().isEmpty());
}

void tst_SyncActivity::sparklinePaintsBudgetLine()
{
    ThroughputSparkline sparkline;
    sparkline.resize(200, 40);
    sparkline.setValues({0, 0, 0, 0}, QStringLiteral("requests"));
    sparkline.setBudget(100);

    const QImage image = sparkline.grab().toImage();
    const QColor background = image.pixelColor(100, 10);
    // The line sits at the top of the chart, because the budget sets the
    // scale; some pixel in that band differs from the background.
    bool lineFound = false;
    for (int y = 0; y < 6 && !lineFound; ++y) {
        for (int x = 0; x < 40 && !lineFound; ++x)
            lineFound = image.pixelColor(x, y) != background;
    }
    QVERIFY(lineFound);
}

void tst_SyncActivity::panelShowsProgress()
{
    SyncActivityPanel panel;
    SyncActivityTracker tracker = runningTracker();
    tracker.advanceTo(35000);
    panel.setActivity(tracker.activity());
    panel.show();

    QCOMPARE(panel.stateText(), QStringLiteral("Syncing"));
    QVERIFY(panel.progressBar()->isVisible());
    QCOMPARE(panel.progressBar()->maximum(), 1000);
    QCOMPARE(panel.progressBar()->value(), 300);
    QVERIFY(!panel.progressBar()->accessibleName().isEmpty());
    QCOMPARE(panel.countsText(), QStringLiteral("294 synced · 6 failed · 1,000 total"));
    QCOMPARE(panel.timeLeftText(), QStringLiteral("About 2 min left"));
    QVERIFY(panel.sparkline()->isVisible());
    QCOMPARE(panel.sparkline()->budget(), 0);

    // The run ends: the counts stay, the bar and chart go.
    tracker.updateProgress(progress(0, 994, 6, false), 100000);
    panel.setActivity(tracker.activity());
    QCOMPARE(panel.stateText(), QStringLiteral("Sync idle"));
    QVERIFY(!panel.progressBar()->isVisible());
    QVERIFY(!panel.sparkline()->isVisible());
    QCOMPARE(panel.countsText(), QStringLiteral("994 synced · 6 failed"));
    QCOMPARE(panel.timeLeftText(), QString());
}

void tst_SyncActivity::panelHiddenWhenDisconnected()
{
    SyncActivityPanel panel;
    panel.show();
    SyncActivityTracker tracker;
    tracker.setQueueSize(10);
    panel.setActivity(tracker.activity());
    QVERIFY(!panel.isVisible());
}

void tst_SyncActivity::cardShowsPausedState()
{
    ProviderCard card(hubSpotStatus(ConnectionState::TokenExpired));
    card.resize(400, card.heightForWidth(400));
    card.show();

    SyncActivityTracker tracker;
    tracker.setConnectionState(ConnectionState::TokenExpired);
    tracker.setQueueSize(132);
    card.setSyncActivity(tracker.activity());

    QVERIFY(card.syncPanel()->isVisible());
    QCOMPARE(card.syncPanel()->stateText(), QStringLiteral("Paused: reconnect required (132 prospects waiting)"));
    QVERIFY(!card.syncPanel()->progressBar()->isVisible());

    tracker.setConnectionState(ConnectionState::Connected);
    tracker.updateProgress(progress(132, 0, 0, true, true), 500);
    card.setStatus(hubSpotStatus(ConnectionState::Connected));
    card.setSyncActivity(tracker.activity());
    QCOMPARE(card.syncPanel()->stateText(), QStringLiteral("Waiting for HubSpot rate limit"));
    QVERIFY(card.syncPanel()->progressBar()->isVisible());
}

void tst_SyncActivity::cardOfRoadmapProviderHidesPanel()
{
    ProviderStatus status = hubSpotStatus(ConnectionState::Connected);
    status.definition.live = false;
    ProviderCard card(status);
    card.show();

    SyncActivityTracker tracker;
    tracker.setConnectionState(ConnectionState::Connected);
    card.setSyncActivity(tracker.activity());
    QVERIFY(!card.syncPanel()->isVisible());
}

QTEST_MAIN(tst_SyncActivity)
#include "tst_syncactivity.moc"
