// The 1,000-prospect workload of tst_crashrestart through one fault per row.
// The faults are HubSpot rate limits, server errors, broken connections and
// bodies, token trouble and concurrent changes in HubSpot. They also include
// a missing or locked keychain, a locked or full database, and a quit and a
// kill of the headless worker. Each row runs
// `breezee-integrations sync --once` until the queue is empty (the fault is
// cleared after the first pass) and must end with no prospect lost and none
// duplicated. The table of every row is printed at the end.
//
// A transient failure defers a prospect by 60 s. Instead of waiting, the
// test makes deferred queue rows due before the next pass, as the time
// passing would.

#include "FaultWorkload.h"
#include "HeadlessWorker.h"
#include "PrivateKeyring.h"
#include "SandboxProcess.h"
#include "TestProvider.h"

#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "sync/HubSpotContactSync.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace Breezee::Test;

namespace {

// Which sandbox a row runs against.
enum class SandboxKind { Lifted, RateLimited, SearchLag };

// What the test does to the worker or its surroundings during the first pass.
enum class Action {
    None,
    Kill,            // SIGKILL to the worker
    Quit,            // SIGTERM, as a service manager or Ctrl+C sends it
    KeychainMissing, // no D-Bus session bus, so no Secret Service
    KeychainLocked,  // the keyring holding the refresh token is locked
    DatabaseLocked,  // another connection holds the write lock for 8 s
    DiskFull,        // the worker's connection may not grow the file
    MergeContacts,   // two synced contacts merged in HubSpot
    PropertyRace,    // someone creates the Breezee properties meanwhile
    ConcurrentCreate, // someone creates contacts between read and create
    RefreshRevoked,  // the refresh token is rejected after a 401
};

struct RowResult {
    QString name;
    int synced = 0;
    int lost = 0;
    int duplicated = 0;
    int notesDuplicated = 0;
    int otherNoteErrors = 0; // missing, unexpected and orphan notes
    int passes = 0;
    qint64 elapsedMs = 0;
    QString note;
};

constexpr int kMaxPasses = 6;

QString routeKey(const char *method, const char *path)
{
    return QLatin1String(method) + QLatin1Char(' ') + QLatin1String(path);
}

// Counts the requests to a path ending in `pathEnd` whose response status was `status`.
int answeredRequests(SandboxProcess &sandbox, const QString &pathEnd, int status)
{
    int count = 0;
    const QJsonArray requests = sandbox.requests();
    for (const QJsonValue &request : requests) {
        const QJsonObject entry = request.toObject();
        if (entry.value(QLatin1String("path")).toString().endsWith(pathEnd)
            && entry.value(QLatin1String("status")).toInt() == status)
            ++count;
    }
    return count;
}

} // namespace

Q_DECLARE_METATYPE(SandboxKind)
Q_DECLARE_METATYPE(Action)

class tst_FaultMatrix : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void faultRow_data();
    void faultRow();

private:
    struct RowContext;

    SandboxProcess &sandbox(SandboxKind kind);
    CliRun runFirstPass(RowContext &row, Action action, const QString &triggerRoute, int triggerCount,
                        const QJsonObject &midRunFaults);
    bool performAction(RowContext &row, Action action, QProcess &process);
    CliRun runInProcessPass(RowContext &row);
    int makeDeferredRowsDue(const QString &databasePath);
    QString contactIdByEmail(SandboxProcess &sandbox, const QString &email);
    void printTable() const;

    SandboxProcess m_lifted;
    SandboxProcess m_rateLimited;
    SandboxProcess m_searchLag;
    QString m_redirectUri;
    QTemporaryDir m_templateDir;
    FaultWorkload m_workload;
    QList<RowResult> m_results;
    QString m_profileName;
};

struct tst_FaultMatrix::RowContext {
    SandboxProcess *sandbox = nullptr;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<HeadlessWorker> worker;
    std::unique_ptr<PrivateKeyring> keyring;
    bool actionDone = false;
    qint64 stopMs = -1;
    // DatabaseLocked: the connection that holds the lock, and until when.
    QString lockConnection;
    QElapsedTimer lockClock;
};

void tst_FaultMatrix::initTestCase()
{
    QVERIFY(m_templateDir.isValid());
    m_profileName = QStringLiteral("fault-matrix-%1").arg(QCoreApplication::applicationPid());
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());

    // Rows that are not about rate limits run without the sandbox's limits,
    // which keeps the whole matrix within a few minutes on two cores.
    // The second redirect URI is the one SandboxProcess::obtainAccessToken
    // uses; nothing listens on it.
    const QStringList common{QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri,
                             QStringLiteral("--redirect-uri"), QStringLiteral("http://localhost:53682/callback")};
    const QStringList lifted{QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--search-rate-limit"),
                             QStringLiteral("0")};
    QVERIFY2(m_lifted.start(common + lifted), qPrintable(m_lifted.errorString()));
    QVERIFY2(m_rateLimited.start(common), qPrintable(m_rateLimited.errorString()));
    QVERIFY2(m_searchLag.start(common + lifted + QStringList{QStringLiteral("--search-lag-ms"), QStringLiteral("30000")}),
             qPrintable(m_searchLag.errorString()));

    const Breezee::Status written = m_workload.writeStore(m_templateDir.filePath(QStringLiteral("template.sqlite")));
    QVERIFY2(!written, written ? qPrintable(written->message) : "");
}

void tst_FaultMatrix::cleanupTestCase()
{
    printTable();

    // Removes this profile's refresh token from the keychain.
    QTemporaryDir dir;
    HeadlessWorker worker(QStringLiteral(BREEZEE_CLI), m_profileName, dir.path());
    worker.useSandbox(m_lifted.baseUrl(), m_redirectUri);
    worker.run({QStringLiteral("disconnect")}, 30000);
}

SandboxProcess &tst_FaultMatrix::sandbox(SandboxKind kind)
{
    switch (kind) {
    case SandboxKind::RateLimited:
        return m_rateLimited;
    case SandboxKind::SearchLag:
        return m_searchLag;
    case SandboxKind::Lifted:
        break;
    }
    return m_lifted;
}

void tst_FaultMatrix::faultRow_data()
{
    QTest::addColumn<SandboxKind>("sandboxKind");
    QTest::addColumn<QJsonObject>("startFaults");
    QTest::addColumn<QString>("triggerRoute");
    QTest::addColumn<int>("triggerCount");
    QTest::addColumn<QJsonObject>("midRunFaults");
    QTest::addColumn<Action>("action");

    const QString creates = routeKey("POST", "/crm/v3/objects/contacts/batch/create");
    const QString reads = routeKey("POST", "/crm/v3/objects/contacts/batch/read");
    const QString propertyReads = routeKey("GET", "/crm/v3/properties/{objectType}");
    auto status = [](int code, int count, const QString &path = {}) {
        QJsonObject fault{{QStringLiteral("status"), code}, {QStringLiteral("count"), count}};
        if (!path.isEmpty())
            fault.insert(QStringLiteral("path"), path);
        return QJsonObject{{QStringLiteral("crm_status"), fault}};
    };
    auto rate = [](const QString &policy, int retryAfter, int count, const QString &path = {}) {
        QJsonObject fault{{QStringLiteral("status"), 429}, {QStringLiteral("policy"), policy}, {QStringLiteral("count"), count}};
        if (retryAfter >= 0)
            fault.insert(QStringLiteral("retry_after"), retryAfter);
        if (!path.isEmpty())
            fault.insert(QStringLiteral("path"), path);
        return QJsonObject{{QStringLiteral("crm_status"), fault}};
    };
    const QJsonObject none;

    QTest::newRow("no fault") << SandboxKind::Lifted << none << QString() << 0 << none << Action::None;
    QTest::newRow("rate limit enforced") << SandboxKind::RateLimited << none << QString() << 0 << none << Action::None;
    QTest::newRow("429 ten-secondly storm 3 s") << SandboxKind::RateLimited << none << creates << 2
                                               << QJsonObject{{QStringLiteral("rate_429_storm_ms"), 3000}} << Action::None;
    QTest::newRow("429 ten-secondly, Retry-After 1") << SandboxKind::RateLimited << none << creates << 2
                                                     << rate(QStringLiteral("TEN_SECONDLY_ROLLING"), 1, 4) << Action::None;
    QTest::newRow("429 search secondly") << SandboxKind::RateLimited << rate(QStringLiteral("SECONDLY"), -1, 3, QStringLiteral("/search"))
                                         << QString() << 0 << none << Action::None;
    QTest::newRow("429 search secondly, Retry-After 1")
        << SandboxKind::RateLimited << rate(QStringLiteral("SECONDLY"), 1, 3, QStringLiteral("/search")) << QString() << 0
        << none << Action::None;
    QTest::newRow("500") << SandboxKind::Lifted << none << creates << 2 << status(500, 3) << Action::None;
    QTest::newRow("502") << SandboxKind::Lifted << none << creates << 2 << status(502, 3) << Action::None;
    QTest::newRow("503") << SandboxKind::Lifted << none << creates << 2 << status(503, 3) << Action::None;
    QTest::newRow("423") << SandboxKind::Lifted << none << creates << 2 << status(423, 2) << Action::None;
    QTest::newRow("connection reset") << SandboxKind::Lifted << none << creates << 2
                                      << QJsonObject{{QStringLiteral("crm_reset"), QJsonObject{{QStringLiteral("count"), 2}}}}
                                      << Action::None;
    QTest::newRow("reset after contact create")
        << SandboxKind::Lifted << none << creates << 2
        << QJsonObject{{QStringLiteral("crm_reset"), QJsonObject{{QStringLiteral("after_handling"), true},
                                                                 {QStringLiteral("path"), QStringLiteral("/contacts/batch/create")},
                                                                 {QStringLiteral("count"), 1}}}}
        << Action::None;
    QTest::newRow("reset after note create")
        << SandboxKind::Lifted << none << creates << 2
        << QJsonObject{{QStringLiteral("crm_reset"), QJsonObject{{QStringLiteral("after_handling"), true},
                                                                 {QStringLiteral("path"), QStringLiteral("/notes/batch/create")},
                                                                 {QStringLiteral("count"), 1}}}}
        << Action::None;
    // Every company is created in the first batch, so this fault is set
    // from the start.
    QTest::newRow("reset after company create")
        << SandboxKind::Lifted
        << QJsonObject{{QStringLiteral("crm_reset"), QJsonObject{{QStringLiteral("after_handling"), true},
                                                                 {QStringLiteral("path"), QStringLiteral("/companies/batch/create")},
                                                                 {QStringLiteral("count"), 1}}}}
        << QString() << 0 << none << Action::None;
    QTest::newRow("stall past the 30 s timeout")
        << SandboxKind::Lifted << none << creates << 1
        << QJsonObject{{QStringLiteral("crm_stall_ms"), QJsonObject{{QStringLiteral("ms"), 33000},
                                                                    {QStringLiteral("path"), QStringLiteral("/contacts/batch/read")},
                                                                    {QStringLiteral("count"), 1}}}}
        << Action::None;
    // Each broken body hits one step of the sync, the first time it runs.
    auto nonJson = [](const QString &kind, const QString &path) {
        return QJsonObject{{QStringLiteral("crm_non_json"), QJsonObject{{QStringLiteral("kind"), kind},
                                                                        {QStringLiteral("path"), path},
                                                                        {QStringLiteral("count"), 1}}}};
    };
    QTest::newRow("truncated body")
        << SandboxKind::Lifted
        << QJsonObject{{QStringLiteral("crm_truncate"), QJsonObject{{QStringLiteral("path"), QStringLiteral("/notes/batch/create")},
                                                                    {QStringLiteral("count"), 1}}}}
        << QString() << 0 << none << Action::None;
    QTest::newRow("non-JSON body") << SandboxKind::Lifted << nonJson(QStringLiteral("text"), QStringLiteral("/contacts/batch/update"))
                                   << QString() << 0 << none << Action::None;
    QTest::newRow("HTML page with 200") << SandboxKind::Lifted << nonJson(QStringLiteral("html"), QStringLiteral("/contacts/batch/read"))
                                        << QString() << 0 << none << Action::None;
    QTest::newRow("empty body with 200") << SandboxKind::Lifted << nonJson(QStringLiteral("empty"), QStringLiteral("/notes/batch/create"))
                                         << QString() << 0 << none << Action::None;
    QTest::newRow("401 mid-batch") << SandboxKind::Lifted << none << creates << 2
                                   << QJsonObject{{QStringLiteral("crm_401"), QJsonObject{{QStringLiteral("count"), 1}}}}
                                   << Action::None;
    QTest::newRow("refresh revoked mid-run") << SandboxKind::Lifted << none << creates << 2 << none << Action::RefreshRevoked;
    QTest::newRow("207 with mixed errors")
        << SandboxKind::Lifted
        << QJsonObject{{QStringLiteral("crm_stall_ms"), QJsonObject{{QStringLiteral("ms"), 2000},
                                                                    {QStringLiteral("path"), QStringLiteral("/contacts/batch/create")},
                                                                    {QStringLiteral("count"), 1}}}}
        << reads << 1 << none << Action::ConcurrentCreate;
    QTest::newRow("whole-batch 400")
        << SandboxKind::Lifted
        << QJsonObject{{QStringLiteral("crm_status"),
                        QJsonObject{{QStringLiteral("status"), 400},
                                    {QStringLiteral("path"), QStringLiteral("/contacts/batch/create")},
                                    {QStringLiteral("count"), 1},
                                    {QStringLiteral("body"), QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                                                         {QStringLiteral("message"), QStringLiteral("Property values were not valid")},
                                                                         {QStringLiteral("category"), QStringLiteral("VALIDATION_ERROR")}}}}}}
        << QString() << 0 << none << Action::None;
    QTest::newRow("409 on create")
        << SandboxKind::Lifted
        << QJsonObject{{QStringLiteral("crm_status"),
                        QJsonObject{{QStringLiteral("status"), 409},
                                    {QStringLiteral("path"), QStringLiteral("/contacts/batch/create")},
                                    {QStringLiteral("count"), 1},
                                    {QStringLiteral("body"), QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                                                         {QStringLiteral("message"), QStringLiteral("Contact already exists. Existing ID: 1")},
                                                                         {QStringLiteral("category"), QStringLiteral("CONFLICT")}}}}}}
        << QString() << 0 << none << Action::None;
    QTest::newRow("search lag 30 s") << SandboxKind::SearchLag << none << QString() << 0 << none << Action::None;
    QTest::newRow("contact merged mid-run") << SandboxKind::Lifted << none << creates << 3 << none << Action::MergeContacts;
    QTest::newRow("property created concurrently")
        << SandboxKind::Lifted
        << QJsonObject{{QStringLiteral("crm_stall_ms"), QJsonObject{{QStringLiteral("ms"), 2000},
                                                                    {QStringLiteral("path"), QStringLiteral("/properties/contacts/groups")},
                                                                    {QStringLiteral("count"), 1}}}}
        << propertyReads << 1 << none << Action::PropertyRace;
    QTest::newRow("keychain missing") << SandboxKind::Lifted << none << QString() << 0 << none << Action::KeychainMissing;
    QTest::newRow("keychain locked") << SandboxKind::Lifted << none << QString() << 0 << none << Action::KeychainLocked;
    QTest::newRow("database locked past busy timeout") << SandboxKind::Lifted << none << creates << 2 << none << Action::DatabaseLocked;
    QTest::newRow("disk full") << SandboxKind::Lifted << none << QString() << 0 << none << Action::DiskFull;
    QTest::newRow("quit mid-sync") << SandboxKind::Lifted << none << creates << 3 << none << Action::Quit;
    QTest::newRow("kill -9 mid-batch") << SandboxKind::Lifted << none << creates << 3 << none << Action::Kill;
}

void tst_FaultMatrix::faultRow()
{
    QFETCH(SandboxKind, sandboxKind);
    QFETCH(QJsonObject, startFaults);
    QFETCH(QString, triggerRoute);
    QFETCH(int, triggerCount);
    QFETCH(QJsonObject, midRunFaults);
    QFETCH(Action, action);

    QElapsedTimer clock;
    clock.start();

    RowContext row;
    row.sandbox = &sandbox(sandboxKind);
    QVERIFY(row.sandbox->reset());
    row.dir = std::make_unique<QTemporaryDir>();
    QVERIFY(row.dir->isValid());
    row.worker = std::make_unique<HeadlessWorker>(QStringLiteral(BREEZEE_CLI), m_profileName, row.dir->path());
    row.worker->useSandbox(row.sandbox->baseUrl(), m_redirectUri);
    QVERIFY(QFile::copy(m_templateDir.filePath(QStringLiteral("template.sqlite")), row.worker->databasePath()));
    for (const RemoteContactSeed &seed : m_workload.remoteContacts())
        QVERIFY(!row.sandbox->seedContact(seed.properties).isEmpty());
    if (action == Action::KeychainLocked) {
        row.keyring = std::make_unique<PrivateKeyring>();
        QVERIFY2(row.keyring->start(row.dir->filePath(QStringLiteral("keyring"))), qPrintable(row.keyring->errorString()));
        row.worker->setEnvironment(row.keyring->environment(row.worker->environment()));
    }
    const CliRun connected = row.worker->connect();
    QVERIFY2(connected.exitCode == 0, qPrintable(connected.describe()));
    if (action == Action::KeychainLocked)
        QVERIFY2(row.keyring->lock(), qPrintable(row.keyring->errorString()));

    if (!startFaults.isEmpty())
        QVERIFY2(row.sandbox->setFaults(startFaults), qPrintable(row.sandbox->errorString()));

    // The first pass meets the fault; later passes run after it cleared.
    RowResult result;
    result.name = QString::fromUtf8(QTest::currentDataTag());
    CliRun pass = action == Action::DiskFull ? runInProcessPass(row)
                                             : runFirstPass(row, action, triggerRoute, triggerCount, midRunFaults);
    result.passes = 1;
    QStringList passLog{pass.describe()};
    const CliRun firstPass = pass;

    int deferred = 0;
    while (result.passes < kMaxPasses && !(pass.exitCode == 0 && !pass.crashed() && pass.output.contains(QLatin1String("0 still queued")))) {
        QVERIFY(row.sandbox->clearFaults());
        if (action == Action::KeychainLocked && result.passes == 1)
            QVERIFY2(row.keyring->unlock(), qPrintable(row.keyring->errorString()));
        if (action == Action::RefreshRevoked && result.passes == 1) {
            // The person reconnects, as the error message requests.
            const CliRun reconnected = row.worker->connect();
            QVERIFY2(reconnected.exitCode == 0, qPrintable(reconnected.describe()));
        }
        deferred += makeDeferredRowsDue(row.worker->databasePath());
        pass = row.worker->run({QStringLiteral("sync"), QStringLiteral("--once")}, 240000);
        ++result.passes;
        passLog << pass.describe();
    }
    for (int index = 0; index < passLog.size(); ++index)
        qInfo().noquote() << "pass" << index + 1 << passLog.at(index);

    const WorkloadOutcome outcome = m_workload.check(row.sandbox->state(), row.worker->databasePath());
    result.synced = outcome.synced;
    result.lost = outcome.lost;
    result.duplicated = outcome.duplicated;
    result.notesDuplicated = outcome.notesDuplicated;
    result.otherNoteErrors = outcome.notesMissing + outcome.notesUnexpected + outcome.orphanNotes;
    result.elapsedMs = clock.elapsed();
    if (deferred > 0)
        result.note = QStringLiteral("%1 deferred rows made due").arg(deferred);
    m_results << result;

    const QByteArray details = outcome.describe().toUtf8();
    QVERIFY2(pass.exitCode == 0 && !pass.crashed(), details.constData());
    QVERIFY2(outcome.lost == 0, details.constData());
    QVERIFY2(outcome.duplicated == 0, details.constData());
    QVERIFY2(outcome.notesDuplicated == 0, details.constData());
    QVERIFY2(outcome.notesUnexpected == 0, details.constData());
    QVERIFY2(outcome.notesMissing == 0, details.constData());
    QVERIFY2(outcome.orphanNotes == 0, details.constData());
    QVERIFY2(outcome.fieldViolations == 0, details.constData());
    QVERIFY2(outcome.companiesDuplicated == 0, details.constData());
    QVERIFY2(outcome.queued == 0, details.constData());
    QCOMPARE(outcome.synced, int(m_workload.prospects().size()));

    // Faults that end the first pass must name what failed and what to do.
    const QString firstPassText = firstPass.output + firstPass.errors;
    switch (action) {
    case Action::KeychainMissing:
        QVERIFY2(firstPass.exitCode != 0, qPrintable(firstPass.describe()));
        QVERIFY2(firstPassText.contains(QLatin1String("No system keychain was found")), qPrintable(firstPass.describe()));
        QVERIFY2(firstPassText.contains(QLatin1String("gnome-keyring")), qPrintable(firstPass.describe()));
        break;
    case Action::KeychainLocked:
        QVERIFY2(firstPass.exitCode != 0, qPrintable(firstPass.describe()));
        QVERIFY2(firstPassText.contains(QLatin1String("locked"), Qt::CaseInsensitive), qPrintable(firstPass.describe()));
        QVERIFY2(firstPassText.contains(QLatin1String("unlock"), Qt::CaseInsensitive), qPrintable(firstPass.describe()));
        break;
    case Action::RefreshRevoked:
        QCOMPARE(firstPass.exitCode, 2);
        QVERIFY2(firstPassText.contains(QLatin1String("Reconnect required")), qPrintable(firstPass.describe()));
        QVERIFY2(firstPassText.contains(QLatin1String("breezee-integrations connect")), qPrintable(firstPass.describe()));
        break;
    case Action::DatabaseLocked:
        QVERIFY2(firstPass.exitCode != 0, qPrintable(firstPass.describe()));
        QVERIFY2(firstPassText.contains(QLatin1String("locked")), qPrintable(firstPass.describe()));
        break;
    case Action::DiskFull:
        QVERIFY2(!firstPass.output.contains(QLatin1String(" 0 still queued")), qPrintable(firstPass.describe()));
        QVERIFY2(firstPassText.contains(QLatin1String("full"), Qt::CaseInsensitive), qPrintable(firstPass.describe()));
        break;
    case Action::Quit:
        QVERIFY2(row.stopMs >= 0 && row.stopMs < 5000, qPrintable(QStringLiteral("stopped after %1 ms").arg(row.stopMs)));
        QVERIFY2(!firstPass.crashed(), qPrintable(firstPass.describe()));
        break;
    case Action::Kill:
        QVERIFY2(firstPass.crashed(), qPrintable(firstPass.describe()));
        break;
    case Action::ConcurrentCreate:
        QVERIFY2(row.actionDone, "the fault's moment never came");
        QVERIFY2(answeredRequests(*row.sandbox, QStringLiteral("/contacts/batch/create"), 207) > 0,
                 "no contact batch create was answered with 207");
        break;
    case Action::PropertyRace:
    case Action::MergeContacts:
        QVERIFY2(row.actionDone, "the fault's moment never came");
        break;
    case Action::None:
        QVERIFY2((firstPass.exitCode == 0 && firstPass.output.contains(QLatin1String("0 still queued"))) || deferred > 0,
                 qPrintable(firstPass.describe()));
        break;
    }
    // The network stack sent the create again after the reset, and the
    // console archived the copies it had not recorded.
    if (result.name == QLatin1String("reset after note create"))
        QVERIFY2(answeredRequests(*row.sandbox, QStringLiteral("/notes/batch/archive"), 204) > 0, "no note copy was archived");
    if (result.name == QLatin1String("reset after company create"))
        QVERIFY2(answeredRequests(*row.sandbox, QStringLiteral("/companies/batch/archive"), 204) > 0,
                 "no company copy was archived");
    if (sandboxKind == SandboxKind::RateLimited && startFaults.isEmpty() && midRunFaults.isEmpty())
        QCOMPARE(row.sandbox->requestSummary().value(QLatin1String("rateLimited")).toInt(), 0);
}

CliRun tst_FaultMatrix::runFirstPass(RowContext &row, Action action, const QString &triggerRoute, int triggerCount,
                                     const QJsonObject &midRunFaults)
{
    QProcessEnvironment environment = row.worker->environment();
    if (action == Action::KeychainMissing) {
        // No session bus: QtKeychain finds no Secret Service.
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                           QStringLiteral("unix:path=%1/no-session-bus").arg(row.dir->path()));
    }

    QElapsedTimer clock;
    clock.start();
    std::unique_ptr<QProcess> process = row.worker->startSync(environment);
    bool triggered = triggerRoute.isEmpty() && midRunFaults.isEmpty() && action == Action::None;
    while (process->state() != QProcess::NotRunning && clock.elapsed() < 240000) {
        if (!triggered && (triggerRoute.isEmpty() || row.sandbox->requestCount(triggerRoute) >= triggerCount)) {
            triggered = true;
            if (!midRunFaults.isEmpty() && !row.sandbox->setFaults(midRunFaults))
                qWarning() << "fault switch rejected:" << row.sandbox->errorString();
            if (!performAction(row, action, *process))
                break;
        }
        if (!row.lockConnection.isEmpty() && row.lockClock.isValid() && row.lockClock.elapsed() > 8000) {
            {
                QSqlDatabase lock = QSqlDatabase::database(row.lockConnection);
                lock.rollback();
                lock.close();
            }
            QSqlDatabase::removeDatabase(row.lockConnection);
            row.lockConnection.clear();
        }
        process->waitForFinished(50);
    }
    CliRun run = HeadlessWorker::finish(*process, 5000);
    run.elapsedMs = clock.elapsed();

    if (!row.lockConnection.isEmpty()) {
        {
            QSqlDatabase lock = QSqlDatabase::database(row.lockConnection);
            lock.rollback();
            lock.close();
        }
        QSqlDatabase::removeDatabase(row.lockConnection);
        row.lockConnection.clear();
    }
    return run;
}

bool tst_FaultMatrix::performAction(RowContext &row, Action action, QProcess &process)
{
    switch (action) {
    case Action::None:
    case Action::KeychainMissing:
    case Action::KeychainLocked:
    case Action::DiskFull:
        return true;
    case Action::Kill:
        process.kill();
        row.actionDone = true;
        return true;
    case Action::Quit: {
        QElapsedTimer stopClock;
        stopClock.start();
        process.terminate();
        if (process.waitForFinished(10000))
            row.stopMs = stopClock.elapsed();
        row.actionDone = true;
        return true;
    }
    case Action::RefreshRevoked:
        // The next CRM call gets 401, and the refresh that follows is
        // rejected as HubSpot rejects a revoked refresh token.
        row.sandbox->setFaults(QJsonObject{
            {QStringLiteral("crm_401"), QJsonObject{{QStringLiteral("count"), 1}}},
            {QStringLiteral("token_error"), QJsonObject{{QStringLiteral("preset"), QStringLiteral("invalid_grant")},
                                                        {QStringLiteral("grant_type"), QStringLiteral("refresh_token")}}}});
        row.actionDone = true;
        return true;
    case Action::DatabaseLocked: {
        row.lockConnection = QStringLiteral("fault-matrix-lock");
        QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), row.lockConnection);
        lock.setDatabaseName(row.worker->databasePath());
        if (!lock.open() || !QSqlQuery(lock).exec(QStringLiteral("BEGIN IMMEDIATE")))
            qWarning() << "could not take the write lock:" << lock.lastError().text();
        row.lockClock.start();
        row.actionDone = true;
        return true;
    }
    case Action::MergeContacts: {
        // Two contacts the worker created in its first batch become one.
        const QString primary = contactIdByEmail(*row.sandbox, m_workload.prospects().at(1).email);
        const QString merged = contactIdByEmail(*row.sandbox, m_workload.prospects().at(2).email);
        row.actionDone = !primary.isEmpty() && !merged.isEmpty() && row.sandbox->mergeContacts(primary, merged);
        return true;
    }
    case Action::PropertyRace: {
        // Someone else creates the group and the three properties while
        // the worker's group request waits in the sandbox.
        const QString token = row.sandbox->obtainAccessToken();
        const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + token.toUtf8()}};
        bool created = row.sandbox->send("POST", QStringLiteral("/crm/v3/properties/contacts/groups"),
                                         R"({"name":"breezee","label":"Breezee"})", headers).status == 201;
        const QList<QByteArray> properties{
            R"({"name":"breezee_score","label":"BREEZEE SCORE","type":"number","fieldType":"number","groupName":"breezee"})",
            R"({"name":"breezee_source","label":"BREEZEE SOURCE","type":"string","fieldType":"text","groupName":"breezee"})",
            R"({"name":"breezee_last_activity_date","label":"BREEZEE LAST ACTIVITY DATE","type":"datetime","fieldType":"date","groupName":"breezee"})"};
        for (const QByteArray &property : properties)
            created = row.sandbox->send("POST", QStringLiteral("/crm/v3/properties/contacts"), property, headers).status == 201 && created;
        row.actionDone = created;
        return true;
    }
    case Action::ConcurrentCreate: {
        // The worker read the first batch and found nothing; its create
        // waits in the sandbox while someone else creates five of those
        // contacts. The create then gets 207 with five conflicts.
        bool seeded = true;
        for (int index : {0, 3, 4, 5, 6}) {
            const QJsonObject properties{{QStringLiteral("email"), m_workload.prospects().at(index).email},
                                         {QStringLiteral("city"), QStringLiteral("Created elsewhere")}};
            seeded = !row.sandbox->seedContact(properties).isEmpty() && seeded;
        }
        row.actionDone = seeded;
        return true;
    }
    }
    return true;
}

CliRun tst_FaultMatrix::runInProcessPass(RowContext &row)
{
    using namespace Breezee;

    // The worker's own connection gets a page limit just above the file's
    // size, so SQLite returns SQLITE_FULL once the results need more room,
    // as a full disk would.
    const ResolvedProvider provider = sandboxProvider(row.sandbox->baseUrl(), m_redirectUri);
    CredentialStore keychain(row.worker->keychainService());
    TokenBroker broker(provider, &keychain, QStringLiteral("hubspot/refresh_token"),
                       row.worker->dataDirectory() + QStringLiteral("/hubspot.refresh.lock"));
    HubSpotContactSync worker;
    QSignalSpy finished(&worker, &HubSpotContactSync::finished);

    SyncOptions options;
    options.database = DatabaseConfig::fromString(row.worker->databasePath());
    options.provider = provider;
    options.broker = &broker;
    options.connectionName = QStringLiteral("fault-matrix-disk-full");

    QElapsedTimer clock;
    clock.start();
    worker.start(options);
    {
        QSqlDatabase db = QSqlDatabase::database(options.connectionName, false);
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("PRAGMA page_count")) && query.next()) {
            const int pages = query.value(0).toInt();
            query.finish();
            query.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 40));
        }
    }
    if (finished.isEmpty())
        finished.wait(240000);

    CliRun run;
    run.elapsedMs = clock.elapsed();
    if (finished.isEmpty()) {
        run.timedOut = true;
        return run;
    }
    const SyncSummary summary = finished.first().first().value<SyncSummary>();
    run.exitCode = summary.error ? 4 : (summary.failed > 0 || summary.remaining > 0 ? 3 : 0);
    run.output = QStringLiteral("%1 synced, %2 failed, %3 still queued.").arg(summary.synced).arg(summary.failed).arg(summary.remaining);
    run.errors = summary.error ? summary.error->message : QString();
    return run;
}

int tst_FaultMatrix::makeDeferredRowsDue(const QString &databasePath)
{
    int changed = 0;
    const QString connectionName = QStringLiteral("fault-matrix-due");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(databasePath);
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

QString tst_FaultMatrix::contactIdByEmail(SandboxProcess &sandbox, const QString &email)
{
    const QJsonArray contacts = sandbox.state().value(QLatin1String("contacts")).toArray();
    for (const QJsonValue &value : contacts) {
        const QJsonObject contact = value.toObject();
        if (contact.value(QLatin1String("properties")).toObject().value(QLatin1String("email")).toString().compare(email, Qt::CaseInsensitive) == 0)
            return contact.value(QLatin1String("id")).toVariant().toString();
    }
    return {};
}

void tst_FaultMatrix::printTable() const
{
    QStringList lines;
    lines << QStringLiteral("| fault | synced | lost | duplicated | notes duplicated | other note errors | passes | time (s) | note |");
    lines << QStringLiteral("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const RowResult &result : m_results) {
        lines << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 |")
                     .arg(result.name)
                     .arg(result.synced)
                     .arg(result.lost)
                     .arg(result.duplicated)
                     .arg(result.notesDuplicated)
                     .arg(result.otherNoteErrors)
                     .arg(result.passes)
                     .arg(double(result.elapsedMs) / 1000.0, 0, 'f', 1)
                     .arg(result.note);
    }
    qInfo().noquote() << "\nFault matrix, 1,000 prospects per row:\n" + lines.join(QLatin1Char('\n'));
}

QTEST_GUILESS_MAIN(tst_FaultMatrix)
#include "tst_faultmatrix.moc"
