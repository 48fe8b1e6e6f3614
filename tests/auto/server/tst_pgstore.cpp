// The store on PostgreSQL: migrations, the PL/pgSQL queue triggers and
// their NOTIFY, queue leases between workers, and the shared rate budget.
// Skips when BREEZEE_TEST_PG_URL names no server.

#include "PgTestDatabase.h"

#include "store/Database.h"
#include "store/ProspectStore.h"
#include "store/SharedRateBudget.h"
#include "store/SyncStore.h"

#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace Breezee;

class tst_PgStore : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void parsesPostgresUrl();
    void migratesToServerSchema();
    void migrationIsIdempotent();
    void triggersEnqueue_data();
    void triggersEnqueue();
    void unsyncedChangeEnqueuesNothing();
    void triggerWidensScopeToAll();
    void queueInsertNotifies();
    void storeStatementsRunOnPostgres();
    void workersLeaseDisjointRows();
    void expiredLeaseIsTakenOver();
    void recordClearsLease();
    void recordSkipsRowTakenOver();
    void releaseLeasesFreesRows();
    void budgetCountsRollingWindow();
    void budgetSharedAcrossConnections();

private:
    qint64 addProspect(const QString &email);
    QVariant scalar(const QString &sql);

    std::unique_ptr<PgTestDatabase> m_server;
    std::unique_ptr<Database> m_database;
    int m_emailCounter = 0;
};

void tst_PgStore::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("BREEZEE_TEST_PG_URL"))
        QSKIP("BREEZEE_TEST_PG_URL is not set: no PostgreSQL test server");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        QFAIL("The QPSQL driver is missing: install libqt6sql6-psql");
}

void tst_PgStore::init()
{
    if (qEnvironmentVariableIsEmpty("BREEZEE_TEST_PG_URL"))
        return;
    m_server = std::make_unique<PgTestDatabase>(QStringLiteral("store"));
    QVERIFY2(m_server->isValid(), qPrintable(m_server->errorString()));

    m_database = std::make_unique<Database>(QStringLiteral("pg-store-test"));
    const Status status = m_database->open(m_server->config());
    QVERIFY2(!status, status ? qPrintable(status->message) : "");
}

void tst_PgStore::cleanup()
{
    m_database.reset();
    m_server.reset();
}

qint64 tst_PgStore::addProspect(const QString &email)
{
    ProspectStore store(m_database->handle());
    Prospect prospect;
    prospect.email = email.isEmpty() ? QStringLiteral("person%1@example.com").arg(++m_emailCounter) : email;
    prospect.firstName = QStringLiteral("Ada");
    const auto id = store.insert(prospect);
    return id.ok() ? id.value() : -1;
}

QVariant tst_PgStore::scalar(const QString &sql)
{
    QSqlQuery query(m_database->handle());
    if (!query.exec(sql) || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

void tst_PgStore::parsesPostgresUrl()
{
    const DatabaseConfig config = DatabaseConfig::fromString(
        QStringLiteral("postgresql://worker:p%40ss@db.internal:6432/breezee"));
    QVERIFY(config.isPostgres());
    QCOMPARE(config.hostName, QStringLiteral("db.internal"));
    QCOMPARE(config.port, 6432);
    QCOMPARE(config.userName, QStringLiteral("worker"));
    QCOMPARE(config.password, QStringLiteral("p@ss"));
    QCOMPARE(config.databaseName, QStringLiteral("breezee"));
    QVERIFY(!config.displayName().contains(QLatin1String("p@ss")));
    QCOMPARE(config.leaseSeconds, 120);
    QVERIFY(config.effectiveWorkerId().endsWith(QStringLiteral(":%1").arg(QCoreApplication::applicationPid())));
}

void tst_PgStore::migratesToServerSchema()
{
    QCOMPARE(scalar(QStringLiteral("SELECT MAX(version) FROM schema_version")).toInt(), 6);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 6);

    const QStringList tables = {QStringLiteral("prospects"), QStringLiteral("sync_queue"),
                                QStringLiteral("sync_notes"), QStringLiteral("companies"),
                                QStringLiteral("company_links"), QStringLiteral("rate_budget")};
    for (const QString &table : tables)
        QVERIFY2(scalar(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(table)).toBool(), qPrintable(table));

    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = "
                                   "'sync_queue' AND column_name IN ('scope', 'leased_by', 'lease_until')"))
                 .toInt(),
             3);
    QVERIFY(scalar(QStringLiteral("SELECT COUNT(*) FROM providers")).toInt() > 0);
}

void tst_PgStore::migrationIsIdempotent()
{
    m_database.reset();
    m_database = std::make_unique<Database>(QStringLiteral("pg-store-test-again"));
    const Status status = m_database->open(m_server->config());
    QVERIFY2(!status, status ? qPrintable(status->message) : "");
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 6);
}

void tst_PgStore::triggersEnqueue_data()
{
    QTest::addColumn<QString>("record");
    QTest::addColumn<QString>("reason");

    QTest::newRow("chat session") << "chat" << "chat_session";
    QTest::newRow("activity") << "activity" << "activity";
    QTest::newRow("profile match") << "match" << "profile_match";
    QTest::newRow("synced field") << "update" << "updated";
}

void tst_PgStore::triggersEnqueue()
{
    QFETCH(QString, record);
    QFETCH(QString, reason);

    const qint64 id = addProspect({});
    QVERIFY(id > 0);
    QCOMPARE(scalar(QStringLiteral("SELECT reason FROM sync_queue WHERE prospect_id = %1").arg(id)).toString(),
             QStringLiteral("created"));
    QCOMPARE(scalar(QStringLiteral("SELECT generation FROM sync_queue WHERE prospect_id = %1").arg(id)).toInt(), 1);

    ProspectStore store(m_database->handle());
    if (record == QLatin1String("chat")) {
        QVERIFY(store.addChatSession(id, {}, QStringLiteral("Asked about pricing")).ok());
    } else if (record == QLatin1String("activity")) {
        QVERIFY(store.addActivity(id, ActivityKind::MeetingBooked, {}).ok());
    } else if (record == QLatin1String("match")) {
        QVERIFY(store.addProfileMatch(id, QStringLiteral("SaaS buyer"), 0.8).ok());
    } else {
        Prospect prospect = *store.findById(id);
        prospect.jobTitle = QStringLiteral("CTO");
        QVERIFY(!store.update(prospect));
    }

    QCOMPARE(scalar(QStringLiteral("SELECT reason FROM sync_queue WHERE prospect_id = %1").arg(id)).toString(), reason);
    QCOMPARE(scalar(QStringLiteral("SELECT generation FROM sync_queue WHERE prospect_id = %1").arg(id)).toInt(), 2);
}

void tst_PgStore::unsyncedChangeEnqueuesNothing()
{
    const qint64 id = addProspect({});
    ProspectStore store(m_database->handle());
    QVERIFY(store.addMemory(id, QStringLiteral("pet"), QStringLiteral("cat")).ok());
    Prospect same = *store.findById(id);
    QVERIFY(!store.update(same)); // only updated_at changes

    QCOMPARE(scalar(QStringLiteral("SELECT generation FROM sync_queue WHERE prospect_id = %1").arg(id)).toInt(), 1);
}

void tst_PgStore::triggerWidensScopeToAll()
{
    const qint64 id = addProspect({});
    QVERIFY(QSqlQuery(m_database->handle()).exec(QStringLiteral("DELETE FROM sync_queue")));
    SyncStore sync(m_database->handle());
    QVERIFY(!sync.enqueueResync({id}, SyncPart::Notes, QStringLiteral("resync")));
    QCOMPARE(scalar(QStringLiteral("SELECT scope FROM sync_queue WHERE prospect_id = %1").arg(id)).toString(),
             QStringLiteral("notes"));

    ProspectStore store(m_database->handle());
    QVERIFY(store.addActivity(id, ActivityKind::FormSubmission, {}).ok());
    QCOMPARE(scalar(QStringLiteral("SELECT scope FROM sync_queue WHERE prospect_id = %1").arg(id)).toString(),
             QStringLiteral("all"));
}

void tst_PgStore::queueInsertNotifies()
{
    Database listener(QStringLiteral("pg-store-listener"));
    QVERIFY(!listener.open(m_server->config()));
    QSqlDriver *driver = listener.handle().driver();
    QVERIFY(driver->subscribeToNotification(QStringLiteral("breezee_sync_queue")));
    QSignalSpy notified(driver, &QSqlDriver::notification);

    QVERIFY(addProspect({}) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), 5000);
    QCOMPARE(notified.first().first().toString(), QStringLiteral("breezee_sync_queue"));

    // Leasing a row changes no generation and wakes no one.
    notified.clear();
    SyncStore worker(m_database->handle());
    QCOMPARE(worker.dueItems(10, QDateTime::currentDateTimeUtc()).value().size(), 1);
    QTest::qWait(300);
    QCOMPARE(notified.size(), 0);
}

void tst_PgStore::storeStatementsRunOnPostgres()
{
    const qint64 first = addProspect({});
    const qint64 second = addProspect({});
    QVERIFY(QSqlQuery(m_database->handle())
                .exec(QStringLiteral("UPDATE prospects SET company_name = 'Acme' WHERE id = %1").arg(first)));
    SyncStore store(m_database->handle());

    QVERIFY(!store.enqueueAll(QStringLiteral("resync_all")));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE reason = 'resync_all'")).toInt(), 2);
    QVERIFY(!store.enqueue({first}, QStringLiteral("resync")));
    QVERIFY(!store.appendLog(QStringLiteral("info"), QStringLiteral("run"), 0, QStringLiteral("hello")));

    PlannedNote note;
    note.kind = QStringLiteral("chat_summary");
    note.sourceId = QStringLiteral("1");
    note.occurredAt = QDateTime::currentDateTimeUtc();
    note.body = QStringLiteral("Summary");
    const auto notes = store.addPendingNotes(first, {note});
    QVERIFY2(notes.ok(), notes.ok() ? "" : qPrintable(notes.error().message));
    QVERIFY(notes->first().id > 0);

    QVERIFY(!store.saveCompany(StoredCompany{QStringLiteral("acme"), QStringLiteral("Acme"), QStringLiteral("77"),
                                             QStringLiteral("linked"), {}}));
    QCOMPARE(store.companies({QStringLiteral("acme")}).value(QStringLiteral("acme")).remoteId, QStringLiteral("77"));

    const auto due = store.dueItems(10, QDateTime::currentDateTimeUtc());
    QVERIFY2(due.ok(), due.ok() ? "" : qPrintable(due.error().message));
    QCOMPARE(due->size(), 2);

    QList<SyncResult> results;
    for (const QueueItem &item : due.value()) {
        SyncResult result;
        result.item = item;
        result.status = SyncStatus::Synced;
        result.remoteId = QString::number(1000 + item.prospectId);
        result.logKind = QStringLiteral("created");
        result.logMessage = QStringLiteral("Created");
        result.syncedLeadScore = 5;
        results << result;
    }
    const Status recorded = store.record(results, {NoteResult{notes->first().id, QStringLiteral("n1")}},
                                         {CompanyLink{first, QStringLiteral("acme"), QStringLiteral("77"),
                                                      QStringLiteral("linked")}});
    QVERIFY2(!recorded, recorded ? qPrintable(recorded->message) : "");
    QCOMPARE(store.queueSize(), 0);
    QCOMPARE(store.remoteId(second), QString::number(1000 + second));
    QVERIFY(store.syncedProfile(first).everSynced);
    QCOMPARE(store.companyLinks({first}).value(first).remoteCompanyId, QStringLiteral("77"));
    const Status chosen = store.chooseCompany(first, QStringLiteral("78"));
    QVERIFY2(!chosen, chosen ? qPrintable(chosen->message) : "");
    QCOMPARE(scalar(QStringLiteral("SELECT scope FROM sync_queue WHERE prospect_id = %1").arg(first)).toString(),
             QStringLiteral("company"));
}

void tst_PgStore::workersLeaseDisjointRows()
{
    for (int i = 0; i < 30; ++i)
        QVERIFY(addProspect({}) > 0);

    Database second(QStringLiteral("pg-store-second"));
    QVERIFY(!second.open(m_server->config()));
    DatabaseConfig configA = m_server->config();
    configA.workerId = QStringLiteral("worker-a");
    DatabaseConfig configB = configA;
    configB.workerId = QStringLiteral("worker-b");
    SyncStore workerA(m_database->handle(), configA);
    SyncStore workerB(second.handle(), configB);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto a = workerA.dueItems(20, now);
    const auto b = workerB.dueItems(20, now);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->size(), 20);
    QCOMPARE(b->size(), 10);

    QSet<qint64> ids;
    for (const QueueItem &item : a.value() + b.value())
        ids.insert(item.prospectId);
    QCOMPARE(ids.size(), 30);
    QVERIFY(a->first().prospectId < a->last().prospectId);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE leased_by = 'worker-a'")).toInt(), 20);
    QCOMPARE(workerB.dueItems(20, now)->size(), 0);
}

void tst_PgStore::expiredLeaseIsTakenOver()
{
    QVERIFY(addProspect({}) > 0);
    DatabaseConfig shortLease = m_server->config();
    shortLease.workerId = QStringLiteral("dying-worker");
    shortLease.leaseSeconds = 1;
    DatabaseConfig other = m_server->config();
    other.workerId = QStringLiteral("survivor");

    auto dying = std::make_unique<SyncStore>(m_database->handle(), shortLease);
    QCOMPARE(dying->dueItems(10, QDateTime::currentDateTimeUtc())->size(), 1);

    SyncStore survivor(m_database->handle(), other);
    QCOMPARE(survivor.dueItems(10, QDateTime::currentDateTimeUtc())->size(), 0);
    QTest::qWait(1200);
    const auto taken = survivor.dueItems(10, QDateTime::currentDateTimeUtc());
    QCOMPARE(taken->size(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT leased_by FROM sync_queue")).toString(), QStringLiteral("survivor"));

    // The first store still thinks it holds the row, but cannot release it.
    dying.reset();
    QCOMPARE(scalar(QStringLiteral("SELECT leased_by FROM sync_queue")).toString(), QStringLiteral("survivor"));
}

void tst_PgStore::recordClearsLease()
{
    const qint64 id = addProspect({});
    SyncStore store(m_database->handle());
    const auto due = store.dueItems(10, QDateTime::currentDateTimeUtc());
    QCOMPARE(due->size(), 1);

    // A transient failure defers the row and gives up the lease.
    SyncResult result;
    result.item = due->first();
    result.status = SyncStatus::Pending;
    result.retryAt = QDateTime::currentDateTimeUtc().addSecs(60);
    QVERIFY(!store.record({result}));
    QVERIFY(scalar(QStringLiteral("SELECT leased_by IS NULL AND lease_until IS NULL FROM sync_queue "
                                  "WHERE prospect_id = %1").arg(id))
                .toBool());

    // A row that changed during the sync stays queued, without a lease.
    ProspectStore prospects(m_database->handle());
    QVERIFY(!store.dueItems(10, QDateTime::currentDateTimeUtc().addSecs(120))->isEmpty());
    Prospect changed = *prospects.findById(id);
    changed.lastName = QStringLiteral("Lovelace");
    QVERIFY(!prospects.update(changed));
    result.retryAt = {};
    result.status = SyncStatus::Synced;
    QVERIFY(!store.record({result}));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE leased_by IS NULL")).toInt(), 1);
}

void tst_PgStore::recordSkipsRowTakenOver()
{
    QVERIFY(addProspect({}) > 0);
    DatabaseConfig slow = m_server->config();
    slow.workerId = QStringLiteral("slow");
    slow.leaseSeconds = 1;
    DatabaseConfig fast = m_server->config();
    fast.workerId = QStringLiteral("fast");

    SyncStore slowWorker(m_database->handle(), slow);
    SyncStore fastWorker(m_database->handle(), fast);
    const auto slowItems = slowWorker.dueItems(10, QDateTime::currentDateTimeUtc());
    QTest::qWait(1200);
    QCOMPARE(fastWorker.dueItems(10, QDateTime::currentDateTimeUtc())->size(), 1);

    SyncResult late;
    late.item = slowItems->first();
    late.status = SyncStatus::Synced;
    QVERIFY(!slowWorker.record({late}));
    QCOMPARE(scalar(QStringLiteral("SELECT leased_by FROM sync_queue")).toString(), QStringLiteral("fast"));
}

void tst_PgStore::releaseLeasesFreesRows()
{
    for (int i = 0; i < 3; ++i)
        QVERIFY(addProspect({}) > 0);
    {
        SyncStore store(m_database->handle());
        QCOMPARE(store.dueItems(10, QDateTime::currentDateTimeUtc())->size(), 3);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE leased_by IS NOT NULL")).toInt(), 3);
    }
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE leased_by IS NOT NULL")).toInt(), 0);
}

void tst_PgStore::budgetCountsRollingWindow()
{
    SharedRateBudget budget(m_database->handle(), QStringLiteral("hubspot:1"), 3, 1000, 2, 1000);
    QCOMPARE(budget.take(false), 0);
    QCOMPARE(budget.take(false), 0);
    QCOMPARE(budget.take(false), 0);
    const qint64 wait = budget.take(false);
    // The budget keeps each start a skew margin longer than the window.
    QVERIFY2(wait > 0 && wait <= 1000 + RateLimiter::kSkewMarginMs, qPrintable(QString::number(wait)));

    // Search has its own row and limit.
    QCOMPARE(budget.take(true), 0);
    QCOMPARE(budget.take(true), 0);
    QVERIFY(budget.take(true) > 0);

    QTest::qWait(int(wait) + 20);
    QCOMPARE(budget.take(false), 0);
    QCOMPARE(SharedRateBudget::budgetKey(m_database->handle(), QStringLiteral("hubspot")), QStringLiteral("hubspot"));
}

void tst_PgStore::budgetSharedAcrossConnections()
{
    Database second(QStringLiteral("pg-store-budget"));
    QVERIFY(!second.open(m_server->config()));
    SharedRateBudget first(m_database->handle(), QStringLiteral("hubspot:42"), 4, 10000);
    SharedRateBudget other(second.handle(), QStringLiteral("hubspot:42"), 4, 10000);
    SharedRateBudget unrelated(second.handle(), QStringLiteral("hubspot:43"), 4, 10000);

    QCOMPARE(first.take(false), 0);
    QCOMPARE(other.take(false), 0);
    QCOMPARE(first.take(false), 0);
    QCOMPARE(other.take(false), 0);
    QVERIFY(first.take(false) > 0);
    QVERIFY(other.take(false) > 0);
    QCOMPARE(unrelated.take(false), 0);
}

QTEST_GUILESS_MAIN(tst_PgStore)
#include "tst_pgstore.moc"
