// The headless sync process killed with SIGKILL at 20 random moments of a
// 1,000-prospect sync and started again each time. Whatever the moment, the
// end state must be the one an undisturbed run leaves: one HubSpot contact
// per distinct email, every note once, the fill-blank rule kept and an
// empty queue.
//
// The kill moments come from a seed that the test prints; set
// BREEZEE_CRASH_SEED to that number to replay a failed run.

#include "FaultWorkload.h"
#include "HeadlessWorker.h"
#include "SandboxProcess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Breezee::Test;

class tst_CrashRestart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void killedSyncResumesWithoutLossOrDuplicates();

private:
    int makeDeferredRowsDue();

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
    FaultWorkload m_workload;
    std::unique_ptr<HeadlessWorker> m_worker;
};

void tst_CrashRestart::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    // The test is about crashes, not rate limits, so the sandbox's limits
    // are lifted. The added latency gives a kill a chance to land while a
    // request is in flight.
    QVERIFY2(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri,
                              QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--search-rate-limit"),
                              QStringLiteral("0"), QStringLiteral("--latency-ms"), QStringLiteral("20")}),
             qPrintable(m_sandbox.errorString()));

    m_worker = std::make_unique<HeadlessWorker>(QStringLiteral(BREEZEE_CLI),
                                                QStringLiteral("crash-test-%1").arg(QCoreApplication::applicationPid()),
                                                m_dir.path());
    m_worker->useSandbox(m_sandbox.baseUrl(), redirectUri);

    const Breezee::Status written = m_workload.writeStore(m_worker->databasePath());
    QVERIFY2(!written, written ? qPrintable(written->message) : "");
    for (const RemoteContactSeed &seed : m_workload.remoteContacts())
        QVERIFY(!m_sandbox.seedContact(seed.properties).isEmpty());

    const CliRun connected = m_worker->connect();
    QVERIFY2(connected.exitCode == 0, qPrintable(connected.describe()));
}

void tst_CrashRestart::cleanupTestCase()
{
    if (m_worker)
        m_worker->run({QStringLiteral("disconnect")}, 30000);
}

void tst_CrashRestart::killedSyncResumesWithoutLossOrDuplicates()
{
    bool seedGiven = false;
    const quint32 seed = qEnvironmentVariable("BREEZEE_CRASH_SEED").toUInt(&seedGiven);
    const quint32 usedSeed = seedGiven ? seed : QRandomGenerator::system()->generate();
    QRandomGenerator random(usedSeed);
    qInfo().noquote() << "crash test seed" << usedSeed << "(replay with BREEZEE_CRASH_SEED=" << usedSeed << ")";

    constexpr int kKills = 20;
    int killsDuringSync = 0;
    int contactsAfterKill = 0;
    QStringList killLog;
    for (int kill = 1; kill <= kKills; ++kill) {
        // A kill point is a number of requests the sandbox has responded to
        // since the start, plus a few ms, so that kills land at every step
        // of a batch and each run gets past its start-up.
        const int requestsBeforeKill = 2 + int(random.bounded(13));
        const int extraMs = int(random.bounded(40));
        const int requestsAtStart = m_sandbox.requestSummary().value(QLatin1String("total")).toInt();

        QElapsedTimer clock;
        clock.start();
        std::unique_ptr<QProcess> process = m_worker->startSync();
        QVERIFY(process->state() == QProcess::Running);
        while (process->state() == QProcess::Running && clock.elapsed() < 60000
               && m_sandbox.requestSummary().value(QLatin1String("total")).toInt() - requestsAtStart < requestsBeforeKill)
            process->waitForFinished(10);
        const bool finishedEarly = process->state() == QProcess::NotRunning || process->waitForFinished(extraMs);
        const qint64 killedAtMs = clock.elapsed();
        if (!finishedEarly) {
            process->kill();
            QVERIFY(process->waitForFinished(5000));
            ++killsDuringSync;
        }

        const CliRun run = HeadlessWorker::finish(*process, 1000);
        contactsAfterKill = int(m_sandbox.state().value(QLatin1String("contacts")).toArray().size());
        killLog << QStringLiteral("%1:%2req+%3ms=%4ms%5")
                       .arg(kill)
                       .arg(requestsBeforeKill)
                       .arg(extraMs)
                       .arg(killedAtMs)
                       .arg(finishedEarly ? QStringLiteral("(ended first)") : QString());
        qInfo().noquote() << "kill" << kill << "after" << requestsBeforeKill << "requests and" << extraMs << "ms, at"
                          << killedAtMs << "ms:"
                          << (finishedEarly ? QStringLiteral("the run ended first, %1").arg(run.output.trimmed())
                                            : QStringLiteral("SIGKILL sent"))
                          << "- HubSpot contacts:" << contactsAfterKill << "- last log line:"
                          << run.errors.trimmed().section(QLatin1Char('\n'), -1);
        QVERIFY2(finishedEarly || run.crashed(), qPrintable(run.describe()));
    }
    qInfo().noquote() << "kill points:" << killLog.join(QLatin1Char(' '));
    QVERIFY2(killsDuringSync >= kKills / 2,
             qPrintable(QStringLiteral("only %1 of %2 kills hit a running sync; the workload finished too early")
                            .arg(killsDuringSync)
                            .arg(kKills)));

    // The killed runs made progress, or the kills tested only start-up.
    QVERIFY2(contactsAfterKill > m_workload.remoteContacts().size(),
             qPrintable(QStringLiteral("no contact was created during the killed runs (%1 contacts)").arg(contactsAfterKill)));

    // Left alone, the next run finishes the work. A prospect deferred by a
    // transient failure waits 60 s, so the test makes it due instead. A
    // queue that never drains then shows as a failure, not as a timeout.
    CliRun last;
    for (int pass = 1; pass <= 4; ++pass) {
        last = m_worker->run({QStringLiteral("sync"), QStringLiteral("--once")}, 240000);
        qInfo().noquote() << "final pass" << pass << ":" << last.output.trimmed();
        if (last.exitCode == 0 && last.output.contains(QLatin1String("0 failed, 0 still queued")))
            break;
        qInfo() << "deferred rows made due:" << makeDeferredRowsDue();
    }
    QVERIFY2(last.exitCode == 0 && !last.crashed(), qPrintable(last.describe()));
    QVERIFY2(last.output.contains(QLatin1String("0 failed, 0 still queued")), qPrintable(last.describe()));

    const WorkloadOutcome outcome = m_workload.check(m_sandbox.state(), m_worker->databasePath());
    qInfo().noquote() << "after" << kKills << "kills:" << outcome.describe();
    const QByteArray details = outcome.describe().toUtf8();
    QVERIFY2(outcome.lost == 0, details.constData());
    QVERIFY2(outcome.duplicated == 0, details.constData());
    QVERIFY2(outcome.notesDuplicated == 0, details.constData());
    QVERIFY2(outcome.notesUnexpected == 0, details.constData());
    QVERIFY2(outcome.notesMissing == 0, details.constData());
    QVERIFY2(outcome.orphanNotes == 0, details.constData());
    QVERIFY2(outcome.fieldViolations == 0, details.constData());
    QCOMPARE(outcome.queued, 0);
    QCOMPARE(outcome.synced, int(m_workload.prospects().size()));
    QVERIFY2(outcome.companiesDuplicated == 0, details.constData());
}

int tst_CrashRestart::makeDeferredRowsDue()
{
    int changed = 0;
    const QString connectionName = QStringLiteral("crash-test-due");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(m_worker->databasePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("UPDATE sync_queue SET not_before = NULL WHERE not_before IS NOT NULL")))
                changed = query.numRowsAffected();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connectionName);
    return changed;
}

QTEST_GUILESS_MAIN(tst_CrashRestart)
#include "tst_crashrestart.moc"
