// Sync failure cases against the sandbox: threads and their connections,
// two writers, quitting mid-run, one bad record in a batch, failures that
// stay visible, and HubSpot's rate limit.

#include "SandboxProcess.h"
#include "SandboxTokens.h"

#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/ProspectStore.h"
#include "store/SyncStore.h"
#include "sync/HubSpotContactSync.h"
#include "sync/SyncController.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

// Qt Sql's warning when a connection is used from a thread that did not
// open it; any occurrence fails the test.
bool g_crossThreadUse = false;
QtMessageHandler g_previousHandler = nullptr;

void watchForCrossThreadUse(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("does not belong to the calling thread")))
        g_crossThreadUse = true;
    g_previousHandler(type, context, message);
}

} // namespace

class tst_SyncCases : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void workerUsesOwnConnection();
    void twoWritersBothSucceed();
    void quitMidSyncResumesWithoutDuplicates();
    void badRecordIsIsolatedBySplit();
    void invalidEmailFailsLocallyWithReason();
    void failureStaysVisibleUntilFixed();
    void rateLimitStormEndsComplete();

private:
    SyncOptions options();
    SyncSummary runSync(std::function<void(HubSpotContactSync &)> whileRunning = {});
    QList<qint64> insertProspects(int count, const QString &prefix = QStringLiteral("person"));
    int contactCount();
    int distinctContactEmails();

    SandboxProcess m_sandbox;
    ResolvedProvider m_provider;
    TokenSet m_tokens;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<CredentialStore> m_keychain;
    std::unique_ptr<TokenBroker> m_broker;
};

void tst_SyncCases::initTestCase()
{
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri}));
    m_provider = sandboxProvider(m_sandbox.baseUrl(), redirectUri);
    m_keychain = std::make_unique<CredentialStore>(
        QStringLiteral("Breezee sync cases %1").arg(QCoreApplication::applicationPid()));
}

void tst_SyncCases::init()
{
    QVERIFY(m_sandbox.reset());
    m_tokens = grantSandboxTokens(m_provider);
    QVERIFY(m_tokens.isValid());
    m_dir = std::make_unique<QTemporaryDir>();
    m_database = std::make_unique<Database>(QStringLiteral("test"));
    QVERIFY(!m_database->open(DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")))));
    m_broker = std::make_unique<TokenBroker>(m_provider, m_keychain.get(), QStringLiteral("hubspot/refresh_token"),
                                             m_dir->filePath(QStringLiteral("refresh.lock")));
    m_broker->setTokens(m_tokens);
}

void tst_SyncCases::cleanup()
{
    m_broker.reset();
    m_database.reset();
    m_dir.reset();
}

SyncOptions tst_SyncCases::options()
{
    SyncOptions options;
    options.database = DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")));
    options.provider = m_provider;
    options.broker = m_broker.get();
    options.connectionName = QStringLiteral("cases-worker");
    return options;
}

SyncSummary tst_SyncCases::runSync(std::function<void(HubSpotContactSync &)> whileRunning)
{
    HubSpotContactSync worker;
    QSignalSpy finished(&worker, &HubSpotContactSync::finished);
    worker.start(options());
    if (whileRunning)
        whileRunning(worker);
    if (finished.isEmpty())
        finished.wait(120000);
    if (finished.isEmpty())
        return SyncSummary{0, 0, -1, Error{QStringLiteral("timeout"), QStringLiteral("sync did not finish")}};
    return finished.first().first().value<SyncSummary>();
}

QList<qint64> tst_SyncCases::insertProspects(int count, const QString &prefix)
{
    QList<qint64> ids;
    ProspectStore prospects(m_database->handle());
    beginWriteTransaction(m_database->handle());
    for (int i = 0; i < count; ++i) {
        Prospect prospect;
        prospect.email = QStringLiteral("%1%2@example.com").arg(prefix).arg(i);
        prospect.firstName = QStringLiteral("Person");
        prospect.lastName = QString::number(i);
        const auto id = prospects.insert(prospect);
        if (id.ok())
            ids << id.value();
    }
    m_database->handle().commit();
    return ids;
}

int tst_SyncCases::contactCount()
{
    return m_sandbox.state().value(QLatin1String("contacts")).toArray().size();
}

int tst_SyncCases::distinctContactEmails()
{
    QSet<QString> emails;
    const QJsonArray contacts = m_sandbox.state().value(QLatin1String("contacts")).toArray();
    for (const QJsonValue &contact : contacts)
        emails.insert(contact.toObject().value(QLatin1String("properties")).toObject().value(QLatin1String("email")).toString());
    return emails.size();
}

void tst_SyncCases::workerUsesOwnConnection()
{
    insertProspects(50);
    g_crossThreadUse = false;
    g_previousHandler = qInstallMessageHandler(watchForCrossThreadUse);

    // The GUI thread keeps using its own connection while the sync thread
    // runs on another.
    SyncController controller;
    QSignalSpy finished(&controller, &SyncController::finished);
    SyncOptions syncOptions = options();
    syncOptions.watch = false;
    controller.start(syncOptions);
    ProspectStore prospects(m_database->handle());
    for (int i = 0; i < 20 && finished.isEmpty(); ++i) {
        QCOMPARE(prospects.count(), 50);
        QTest::qWait(20);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

    qInstallMessageHandler(g_previousHandler);
    QVERIFY2(!g_crossThreadUse, "a connection was used from a thread that did not open it");
    QCOMPARE(finished.first().first().value<SyncSummary>().synced, 50);
}

void tst_SyncCases::twoWritersBothSucceed()
{
    const QList<qint64> ids = insertProspects(200);

    // The admin edits prospects on the GUI thread while the worker commits
    // its results: every edit must go through.
    int edits = 0;
    int failedEdits = 0;
    const SyncSummary summary = runSync([&](HubSpotContactSync &) {
        ProspectStore prospects(m_database->handle());
        for (int round = 0; round < 40; ++round) {
            std::optional<Prospect> prospect = prospects.findById(ids.at(round * 5));
            prospect->jobTitle = QStringLiteral("Edited %1").arg(round);
            if (prospects.update(*prospect))
                ++failedEdits;
            else
                ++edits;
            QTest::qWait(5);
        }
    });

    QCOMPARE(failedEdits, 0);
    QCOMPARE(edits, 40);
    QVERIFY2(!summary.error, summary.error ? qPrintable(summary.error->message) : "");

    // The edits were queued and reach HubSpot on the next pass.
    const SyncSummary second = runSync();
    QCOMPARE(second.remaining, 0);
    QCOMPARE(contactCount(), 200);
}

void tst_SyncCases::quitMidSyncResumesWithoutDuplicates()
{
    insertProspects(500);

    // Added latency keeps the run long enough to stop it in the middle.
    m_sandbox.stop();
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--latency-ms"), QStringLiteral("150"),
                             QStringLiteral("--redirect-uri"), m_provider.definition.redirectUris.first()}));
    m_provider = sandboxProvider(m_sandbox.baseUrl(), m_provider.definition.redirectUris.first());
    m_tokens = grantSandboxTokens(m_provider);
    m_broker = std::make_unique<TokenBroker>(m_provider, m_keychain.get(), QStringLiteral("hubspot/refresh_token"),
                                             m_dir->filePath(QStringLiteral("refresh.lock")));
    m_broker->setTokens(m_tokens);

    // The window closes while the sync is in the middle of the run.
    QElapsedTimer stopClock;
    const SyncSummary first = runSync([&](HubSpotContactSync &worker) {
        QTRY_VERIFY_WITH_TIMEOUT(contactCount() >= 200, 60000);
        stopClock.start();
        worker.stop();
    });
    QVERIFY2(stopClock.elapsed() < 5000, qPrintable(QString::number(stopClock.elapsed())));
    QVERIFY(first.synced >= 200);
    QVERIFY(first.synced < 500);
    QCOMPARE(first.remaining, 500 - first.synced);

    const SyncSummary second = runSync();
    QCOMPARE(second.remaining, 0);
    QCOMPARE(contactCount(), 500);
    QCOMPARE(distinctContactEmails(), 500);

    m_sandbox.stop();
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"),
                             m_provider.definition.redirectUris.first()}));
    m_provider = sandboxProvider(m_sandbox.baseUrl(), m_provider.definition.redirectUris.first());
}

void tst_SyncCases::badRecordIsIsolatedBySplit()
{
    // HubSpot rejects a double dot in an address, which the console's own
    // check lets through, so the whole batch comes back 400.
    const QList<qint64> ids = insertProspects(100);
    ProspectStore prospects(m_database->handle());
    std::optional<Prospect> bad = prospects.findById(ids.at(56));
    bad->email = QStringLiteral("ben..sample@example.com");
    QVERIFY(!prospects.update(*bad));

    const SyncSummary summary = runSync();
    QCOMPARE(summary.synced, 99);
    QCOMPARE(summary.failed, 1);
    QCOMPARE(contactCount(), 99);

    QSqlQuery query(m_database->handle());
    QVERIFY(query.exec(QStringLiteral("SELECT status, last_error FROM sync_state WHERE prospect_id = %1").arg(ids.at(56))));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("failed"));
    QVERIFY2(query.value(1).toString().contains(QLatin1String("ben..sample@example.com")), qPrintable(query.value(1).toString()));
}

void tst_SyncCases::invalidEmailFailsLocallyWithReason()
{
    const QList<qint64> ids = insertProspects(100);
    ProspectStore prospects(m_database->handle());
    std::optional<Prospect> bad = prospects.findById(ids.at(56));
    bad->email = QStringLiteral("ben.sample@@example.com");
    QVERIFY(!prospects.update(*bad));

    const SyncSummary summary = runSync();
    QCOMPARE(summary.synced, 99);
    QCOMPARE(summary.failed, 1);
    QSqlQuery query(m_database->handle());
    QVERIFY(query.exec(QStringLiteral("SELECT last_error FROM sync_state WHERE prospect_id = %1").arg(ids.at(56))));
    QVERIFY(query.next());
    QVERIFY2(query.value(0).toString().contains(QLatin1String("\"ben.sample@@example.com\" is not valid")),
             qPrintable(query.value(0).toString()));
}

void tst_SyncCases::failureStaysVisibleUntilFixed()
{
    const QList<qint64> ids = insertProspects(10);
    ProspectStore prospects(m_database->handle());
    std::optional<Prospect> bad = prospects.findById(ids.at(3));
    bad->email = QStringLiteral("no-at-sign.example.com");
    QVERIFY(!prospects.update(*bad));

    const SyncSummary first = runSync();
    QCOMPARE(first.synced, 9);
    QCOMPARE(first.failed, 1);
    QSqlQuery log(m_database->handle());
    QVERIFY(log.exec(QStringLiteral("SELECT message FROM sync_log WHERE kind = 'run' ORDER BY id DESC LIMIT 1")));
    QVERIFY(log.next());
    QVERIFY2(log.value(0).toString().contains(QLatin1String("9 synced, 1 failed")), qPrintable(log.value(0).toString()));
    QCOMPARE(first.remaining, 0);

    // The admin fixes the address: the change queues it and the next run
    // sends it.
    bad->email = QStringLiteral("fixed@example.com");
    QVERIFY(!prospects.update(*bad));
    const SyncSummary second = runSync();
    QCOMPARE(second.synced, 1);
    QCOMPARE(second.failed, 0);
    QCOMPARE(contactCount(), 10);
}

void tst_SyncCases::rateLimitStormEndsComplete()
{
    insertProspects(1000);
    // HubSpot returns 429 for every request during 3 s, and 502 for a few.
    QVERIFY(m_sandbox.setFaults(QJsonObject{{QStringLiteral("rate_429_storm_ms"), 3000},
                                            {QStringLiteral("crm_status"), QJsonObject{{QStringLiteral("status"), 502},
                                                                                       {QStringLiteral("count"), 3}}}}));
    HubSpotContactSync worker;
    QSignalSpy progress(&worker, &HubSpotContactSync::progressChanged);
    QSignalSpy finished(&worker, &HubSpotContactSync::finished);
    worker.start(options());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);

    const SyncSummary summary = finished.first().first().value<SyncSummary>();
    QVERIFY2(!summary.error, summary.error ? qPrintable(summary.error->message) : "");
    QCOMPARE(summary.synced, 1000);
    QCOMPARE(summary.remaining, 0);
    QCOMPARE(contactCount(), 1000);
    QCOMPARE(distinctContactEmails(), 1000);

    bool sawWaiting = false;
    for (const QList<QVariant> &arguments : std::as_const(progress))
        sawWaiting = sawWaiting || arguments.first().value<SyncProgress>().waitingForRateLimit;
    QVERIFY(sawWaiting);
}

QTEST_GUILESS_MAIN(tst_SyncCases)
#include "tst_synccases.moc"
