// Several breezee-integrations workers on one PostgreSQL queue against the
// HubSpot sandbox. No prospect is created twice, and a killed worker's
// leased rows are taken over after the lease expires. The shared budget
// keeps the workers together inside HubSpot's rolling limit, and sync
// --watch wakes on NOTIFY. Skips when BREEZEE_TEST_PG_URL names no server.

#include "FakeBrowser.h"
#include "PgTestDatabase.h"
#include "SandboxProcess.h"
#include "SandboxTokens.h"
#include "TestProvider.h"

#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <memory>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

// Exit code 0, or 3 (rows still queued) from a worker of several.
bool finishedCleanly(const QProcess *worker)
{
    return worker->exitStatus() == QProcess::NormalExit && (worker->exitCode() == 0 || worker->exitCode() == 3);
}

// HubSpot's limit for public apps, which the sandbox enforces by default.
constexpr int kRateLimit = 110;
constexpr qint64 kRateWindowMs = 10000;

} // namespace

class tst_PgWorkers : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void twoWorkersCreateEachEmailOnce();
    void killedWorkerLeaseIsTakenOver();
    void sharedBudgetHoldsRollingLimit();
    void watchWakesOnNotify();
    void resyncAndLogCommands();
    void tokenFileMustBeOwnerOnly();
    void connectWritesTokenFile();
    void helpNamesUnitsAndDefaults();

private:
    bool startSandbox(const QStringList &arguments);
    void addProspects(int count, const QString &prefix);
    QProcess *startWorker(const QStringList &arguments);
    // Waits in the event loop until every worker exited. The loop also
    // drains the sandbox's request lines from its stderr pipe, which would
    // otherwise fill and stall the sandbox.
    bool waitForWorkers(int timeoutMs);
    int runCli(const QStringList &arguments, QString *output = nullptr, int timeoutMs = 120000);
    int queryInt(const QString &sql);
    // Every email the sandbox accepted in a contact create, with its count.
    QHash<QString, int> createdEmails();
    QJsonArray allRequests();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxProcess> m_sandbox;
    std::unique_ptr<PgTestDatabase> m_server;
    std::unique_ptr<Database> m_database;
    QList<QProcess *> m_workers;
    QProcessEnvironment m_environment;
    QString m_tokenFile;
    QString m_redirectUri;
    // Standard output alone of the last runCli().
    QString m_lastStdout;
};

void tst_PgWorkers::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("BREEZEE_TEST_PG_URL"))
        QSKIP("BREEZEE_TEST_PG_URL is not set: no PostgreSQL test server");
}

void tst_PgWorkers::init()
{
    if (qEnvironmentVariableIsEmpty("BREEZEE_TEST_PG_URL"))
        return;
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<PgTestDatabase>(QStringLiteral("workers"));
    QVERIFY2(m_server->isValid(), qPrintable(m_server->errorString()));
    m_database = std::make_unique<Database>(QStringLiteral("pg-workers-test"));
    const Status status = m_database->open(m_server->config());
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    m_tokenFile = m_dir->filePath(QStringLiteral("tokens"));
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("BREEZEE_PROFILE"), QStringLiteral("pg-workers-%1").arg(QCoreApplication::applicationPid()));
    m_environment.insert(QStringLiteral("BREEZEE_DATA_DIR"), m_dir->filePath(QStringLiteral("data")));
    m_environment.insert(QStringLiteral("BREEZEE_CREDENTIALS"), m_dir->filePath(QStringLiteral("credentials.ini")));
    m_environment.insert(QStringLiteral("BREEZEE_DATABASE"), m_server->url());
    m_environment.insert(QStringLiteral("BREEZEE_TOKEN_FILE"), m_tokenFile);
    // The headless path must not need a display.
    m_environment.remove(QStringLiteral("DISPLAY"));
    m_environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
}

void tst_PgWorkers::cleanup()
{
    for (QProcess *worker : std::as_const(m_workers)) {
        if (worker->state() != QProcess::NotRunning) {
            worker->kill();
            worker->waitForFinished(5000);
        }
        delete worker;
    }
    m_workers.clear();
    m_sandbox.reset();
    m_database.reset();
    m_server.reset();
    m_dir.reset();
}

bool tst_PgWorkers::startSandbox(const QStringList &arguments)
{
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    m_redirectUri = redirectUri;
    m_sandbox = std::make_unique<SandboxProcess>();
    if (!m_sandbox->start(QStringList{QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri}
                          + arguments)) {
        qWarning() << "sandbox:" << m_sandbox->errorString();
        return false;
    }

    QFile credentials(m_dir->filePath(QStringLiteral("credentials.ini")));
    if (!credentials.open(QIODevice::WriteOnly))
        return false;
    credentials.write(QStringLiteral("[hubspot]\nclient_id=breezee-sandbox-client\n"
                                     "client_secret=breezee-sandbox-secret\nauth_base_url=%1\napi_base_url=%1\n")
                          .arg(m_sandbox->baseUrl().toString())
                          .toUtf8());
    credentials.close();

    // The real code grant, then the refresh token into an owner-only file.
    const TokenSet tokens = grantSandboxTokens(sandboxProvider(m_sandbox->baseUrl(), redirectUri));
    if (tokens.refreshToken.isEmpty())
        return false;
    QFile tokenFile(m_tokenFile);
    if (!tokenFile.open(QIODevice::WriteOnly))
        return false;
    tokenFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    tokenFile.write("hubspot/refresh_token=" + tokens.refreshToken.toUtf8() + '\n');
    return true;
}

void tst_PgWorkers::addProspects(int count, const QString &prefix)
{
    ProspectStore store(m_database->handle());
    QVERIFY(m_database->handle().transaction());
    for (int i = 0; i < count; ++i) {
        Prospect prospect;
        prospect.email = QStringLiteral("%1%2@example.com").arg(prefix).arg(i);
        prospect.firstName = QStringLiteral("Worker");
        prospect.lastName = QString::number(i);
        QVERIFY(store.insert(prospect).ok());
    }
    QVERIFY(m_database->handle().commit());
}

QProcess *tst_PgWorkers::startWorker(const QStringList &arguments)
{
    auto *process = new QProcess;
    process->setProcessEnvironment(m_environment);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->start(QStringLiteral(BREEZEE_CLI), arguments);
    m_workers << process;
    return process;
}

bool tst_PgWorkers::waitForWorkers(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    const auto running = [this] {
        return std::any_of(m_workers.cbegin(), m_workers.cend(),
                           [](const QProcess *worker) { return worker->state() != QProcess::NotRunning; });
    };
    while (running() && !deadline.hasExpired())
        QTest::qWait(100);
    return !running();
}

int tst_PgWorkers::runCli(const QStringList &arguments, QString *output, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(BREEZEE_CLI), arguments);
    process.waitForStarted();
    // The event loop drains the sandbox's stderr pipe meanwhile.
    QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(50);
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(5000);
        return -1;
    }
    const QString stdoutText = QString::fromUtf8(process.readAllStandardOutput());
    const QString stderrText = QString::fromUtf8(process.readAllStandardError());
    m_lastStdout = stdoutText;
    if (output)
        *output = stdoutText + stderrText;
    if (process.exitCode() != 0)
        qInfo().noquote() << arguments.join(QLatin1Char(' ')) << "->" << process.exitCode() << stdoutText << stderrText;
    return process.exitCode();
}

int tst_PgWorkers::queryInt(const QString &sql)
{
    QSqlQuery query(m_database->handle());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QJsonArray tst_PgWorkers::allRequests()
{
    return m_sandbox->requestsSince(0, 50000).value(QLatin1String("requests")).toArray();
}

QHash<QString, int> tst_PgWorkers::createdEmails()
{
    QHash<QString, int> emails;
    const QJsonArray requests = allRequests();
    for (const QJsonValue &value : requests) {
        const QJsonObject request = value.toObject();
        const int status = request.value(QLatin1String("status")).toInt();
        if (!request.value(QLatin1String("path")).toString().endsWith(QLatin1String("/contacts/batch/create"))
            || status < 200 || status >= 300)
            continue;

        QJsonValue body = request.value(QLatin1String("body"));
        if (body.isString())
            body = QJsonDocument::fromJson(body.toString().toUtf8()).object();
        const QJsonArray inputs = body.toObject().value(QLatin1String("inputs")).toArray();
        for (const QJsonValue &input : inputs)
            emails[input.toObject().value(QLatin1String("properties")).toObject().value(QLatin1String("email")).toString()] += 1;
    }
    return emails;
}

void tst_PgWorkers::twoWorkersCreateEachEmailOnce()
{
    QVERIFY(startSandbox({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
    const int count = 400;
    addProspects(count, QStringLiteral("pair"));

    // Small batches, so the two workers interleave many times.
    const QStringList arguments = {QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--batch-size"),
                                   QStringLiteral("10"), QStringLiteral("--rate-limit"), QStringLiteral("0")};
    QProcess *first = startWorker(arguments + QStringList{QStringLiteral("--worker-id"), QStringLiteral("first")});
    QProcess *second = startWorker(arguments + QStringList{QStringLiteral("--worker-id"), QStringLiteral("second")});
    QVERIFY(waitForWorkers(180000));
    // A worker that finds only rows leased by the other one stops with
    // exit code 3, because they count as still queued when it stops.
    QVERIFY2(finishedCleanly(first), first->readAllStandardError().right(2000).constData());
    QVERIFY2(finishedCleanly(second), second->readAllStandardError().right(2000).constData());

    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue")), 0);
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_state WHERE status = 'synced'")), count);

    const QHash<QString, int> created = createdEmails();
    QCOMPARE(created.size(), count);
    for (auto it = created.cbegin(); it != created.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("%1 created %2 times").arg(it.key()).arg(it.value())));
    QCOMPARE(m_sandbox->state().value(QLatin1String("contacts")).toArray().size(), count);

    // Both workers did part of the work.
    const QString firstOutput = QString::fromUtf8(first->readAllStandardOutput());
    const QString secondOutput = QString::fromUtf8(second->readAllStandardOutput());
    QVERIFY2(!firstOutput.startsWith(QLatin1String("0 synced")), qPrintable(firstOutput));
    QVERIFY2(!secondOutput.startsWith(QLatin1String("0 synced")), qPrintable(secondOutput));
}

void tst_PgWorkers::killedWorkerLeaseIsTakenOver()
{
    QVERIFY(startSandbox({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
    const int count = 30;
    addProspects(count, QStringLiteral("lease"));

    // The first worker takes every row, then hangs on the create until it
    // is killed.
    QVERIFY(m_sandbox->stallCrmRequests(60000, SandboxProcess::Unlimited, QStringLiteral("/contacts/batch/create")));
    const QStringList arguments = {QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--lease"),
                                   QStringLiteral("3"), QStringLiteral("--rate-limit"), QStringLiteral("0")};
    QProcess *doomed = startWorker(arguments + QStringList{QStringLiteral("--worker-id"), QStringLiteral("doomed")});
    QTRY_COMPARE_WITH_TIMEOUT(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE leased_by = 'doomed'")),
                              count, 30000);
    doomed->kill(); // SIGKILL: no chance to release the leases
    QVERIFY(doomed->waitForFinished(5000));
    QVERIFY(m_sandbox->clearFaults());
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE leased_by = 'doomed'")), count);

    // While the lease lasts, another worker leaves the rows alone.
    QString output;
    const QStringList survivor = arguments + QStringList{QStringLiteral("--worker-id"), QStringLiteral("survivor")};
    const int early = runCli(survivor, &output);
    const bool leaseStillHeld = queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE leased_by = 'doomed' "
                                                        "AND lease_until > clock_timestamp()")) > 0;
    if (leaseStillHeld) {
        QCOMPARE(early, 3);
        QVERIFY2(output.contains(QStringLiteral("0 synced")), qPrintable(output));
    }

    // After it expires, the rows are taken over and synced.
    QTRY_COMPARE_WITH_TIMEOUT(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE lease_until > "
                                                      "clock_timestamp()")),
                              0, 10000);
    QCOMPARE(runCli(survivor, &output), 0);
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue")), 0);
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_state WHERE status = 'synced'")), count);

    // The stalled create may have gone through before the kill. HubSpot's
    // conflict response then links the existing contact instead of a copy.
    const QJsonArray contacts = m_sandbox->state().value(QLatin1String("contacts")).toArray();
    QSet<QString> emails;
    for (const QJsonValue &contact : contacts)
        emails.insert(contact.toObject().value(QLatin1String("properties")).toObject().value(QLatin1String("email")).toString());
    QCOMPARE(contacts.size(), count);
    QCOMPARE(emails.size(), count);
}

void tst_PgWorkers::sharedBudgetHoldsRollingLimit()
{
    QVERIFY(startSandbox({}));
    const int count = 160;
    addProspects(count, QStringLiteral("budget"));

    // One prospect per batch: about two requests per prospect, well over
    // what one 10 s window allows, so the two workers must share.
    const QStringList arguments = {QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--batch-size"),
                                   QStringLiteral("1")};
    QProcess *first = startWorker(arguments);
    QProcess *second = startWorker(arguments);
    QVERIFY(waitForWorkers(240000));
    QVERIFY2(finishedCleanly(first), first->readAllStandardError().right(2000).constData());
    QVERIFY2(finishedCleanly(second), second->readAllStandardError().right(2000).constData());
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue")), 0);
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_state WHERE status = 'synced'")), count);

    QList<qint64> times;
    int rateLimited = 0;
    const QJsonArray requests = allRequests();
    for (const QJsonValue &value : requests) {
        const QJsonObject request = value.toObject();
        const QString path = request.value(QLatin1String("path")).toString();
        if (!path.startsWith(QLatin1String("/crm/")) || path.endsWith(QLatin1String("/search")))
            continue;
        if (request.value(QLatin1String("status")).toInt() == 429)
            ++rateLimited;
        times << qint64(request.value(QLatin1String("timeMs")).toDouble());
    }
    std::sort(times.begin(), times.end());
    QVERIFY2(times.size() > kRateLimit, qPrintable(QString::number(times.size())));
    QCOMPARE(rateLimited, 0);

    int busiest = 0;
    for (qsizetype start = 0; start < times.size(); ++start) {
        const auto end = std::lower_bound(times.cbegin() + start, times.cend(), times.at(start) + kRateWindowMs);
        busiest = qMax(busiest, int(end - (times.cbegin() + start)));
    }
    qInfo() << times.size() << "CRM requests, at most" << busiest << "in one 10 s window";
    QVERIFY2(busiest <= kRateLimit, qPrintable(QStringLiteral("%1 requests in one 10 s window").arg(busiest)));
}

void tst_PgWorkers::watchWakesOnNotify()
{
    QVERIFY(startSandbox({QStringLiteral("--rate-limit"), QStringLiteral("0")}));

    // A poll interval of ten minutes: only the NOTIFY can wake it in time.
    QProcess *watcher = startWorker({QStringLiteral("sync"), QStringLiteral("--watch"), QStringLiteral("--poll-interval"),
                                     QStringLiteral("600000"), QStringLiteral("--rate-limit"), QStringLiteral("0")});
    QVERIFY(watcher->waitForStarted());

    // The first prospect may be found by the look at the queue that follows
    // the start. After it is synced the worker sleeps on its poll timer.
    addProspects(1, QStringLiteral("first"));
    QTRY_COMPARE_WITH_TIMEOUT(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_state WHERE status = 'synced'")), 1,
                              30000);
    QTest::qWait(500);

    addProspects(1, QStringLiteral("notified"));
    QTRY_COMPARE_WITH_TIMEOUT(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_state WHERE status = 'synced'")), 2,
                              15000);
    QCOMPARE(m_sandbox->state().value(QLatin1String("contacts")).toArray().size(), 2);

    ::kill(watcher->processId(), SIGTERM);
    QVERIFY(watcher->waitForFinished(10000));
    QCOMPARE(watcher->exitStatus(), QProcess::NormalExit);
}

void tst_PgWorkers::resyncAndLogCommands()
{
    QVERIFY(startSandbox({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
    addProspects(3, QStringLiteral("resync"));
    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--rate-limit"), QStringLiteral("0")}), 0);
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue")), 0);

    QString output;
    const int firstId = queryInt(QStringLiteral("SELECT MIN(id) FROM prospects"));
    QCOMPARE(runCli({QStringLiteral("resync"), QStringLiteral("--prospect"), QString::number(firstId),
                     QStringLiteral("--parts"), QStringLiteral("notes,fields")},
                    &output),
             0);
    QVERIFY2(output.contains(QLatin1String("fields,notes")), qPrintable(output));
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE scope = 'fields,notes'")), 1);

    QCOMPARE(runCli({QStringLiteral("resync"), QStringLiteral("--all")}, &output), 0);
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE scope = 'all'")), 3);

    QCOMPARE(runCli({QStringLiteral("resync"), QStringLiteral("--prospect"), QStringLiteral("999999")}, &output), 1);
    QVERIFY2(output.contains(QLatin1String("999999")), qPrintable(output));
    QCOMPARE(runCli({QStringLiteral("resync"), QStringLiteral("--parts"), QStringLiteral("everything"),
                     QStringLiteral("--all")},
                    &output),
             1);
    QCOMPARE(runCli({QStringLiteral("resync")}, &output), 1);

    QCOMPARE(runCli({QStringLiteral("log"), QStringLiteral("--lines"), QStringLiteral("2")}, &output), 0);
    QCOMPARE(m_lastStdout.trimmed().split(QLatin1Char('\n')).size(), 2);
    QVERIFY2(m_lastStdout.contains(QLatin1String("Sync stopped")), qPrintable(m_lastStdout));
    QCOMPARE(runCli({QStringLiteral("log"), QStringLiteral("--level"), QStringLiteral("error")}, &output), 0);
    QVERIFY2(m_lastStdout.trimmed().isEmpty(), qPrintable(m_lastStdout));
    QCOMPARE(runCli({QStringLiteral("log"), QStringLiteral("--level"), QStringLiteral("loud")}, &output), 1);
}

void tst_PgWorkers::tokenFileMustBeOwnerOnly()
{
    QVERIFY(startSandbox({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
    addProspects(1, QStringLiteral("token"));

    QFile::setPermissions(m_tokenFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                           | QFileDevice::ReadOther);
    QString output;
    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once")}, &output), 1);
    QVERIFY2(output.contains(QStringLiteral("chmod 600 %1").arg(m_tokenFile)), qPrintable(output));
    QCOMPARE(queryInt(QStringLiteral("SELECT COUNT(*) FROM sync_queue")), 1);

    QFile::setPermissions(m_tokenFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--rate-limit"), QStringLiteral("0")},
                    &output),
             0);
    QVERIFY2(output.contains(QStringLiteral("Warning: the HubSpot refresh token is kept in the file %1").arg(m_tokenFile)),
             qPrintable(output));

    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--token-file"),
                     m_dir->filePath(QStringLiteral("missing"))},
                    &output),
             1);
    QVERIFY2(output.contains(QLatin1String("does not exist")), qPrintable(output));
}

void tst_PgWorkers::connectWritesTokenFile()
{
    QVERIFY(startSandbox({QStringLiteral("--rate-limit"), QStringLiteral("0")}));
    addProspects(1, QStringLiteral("connected"));
    const QString tokenFile = m_dir->filePath(QStringLiteral("new-tokens"));

    // The seed's fixed redirect ports may be busy; use the sandbox's.
    QProcessEnvironment environment = m_environment;
    environment.insert(QStringLiteral("BREEZEE_HUBSPOT_REDIRECT_URIS"), m_redirectUri);
    QProcess connect;
    connect.setProcessEnvironment(environment);
    connect.start(QStringLiteral(BREEZEE_CLI), {QStringLiteral("connect"), QStringLiteral("--no-browser"),
                                                QStringLiteral("--token-file"), tokenFile, QStringLiteral("--timeout"),
                                                QStringLiteral("60")});
    QVERIFY(connect.waitForStarted());

    QUrl authorizeUrl;
    QDeadlineTimer deadline(20000);
    while (!authorizeUrl.isValid() && !deadline.hasExpired()) {
        connect.waitForReadyRead(500);
        while (connect.canReadLine()) {
            const QString line = QString::fromUtf8(connect.readLine()).trimmed();
            if (line.startsWith(QLatin1String("http")))
                authorizeUrl = QUrl(line);
        }
    }
    QByteArray errors = connect.readAllStandardError();
    QVERIFY2(authorizeUrl.isValid(), errors.constData());
    QCOMPARE(openInFakeBrowser(authorizeUrl), 200);
    QVERIFY(connect.waitForFinished(30000));
    errors += connect.readAllStandardError();
    QVERIFY2(connect.exitCode() == 0, errors.constData());
    QVERIFY2(errors.contains("Warning: the HubSpot refresh token is kept in the file"), errors.constData());

    QCOMPARE(QFileInfo(tokenFile).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), 0);
    QFile written(tokenFile);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().contains("hubspot/refresh_token="));

    // The status names the connection, as after a keyring connect.
    QString status;
    QCOMPARE(runCli({QStringLiteral("status")}, &status), 0);
    QVERIFY2(status.contains(QLatin1String("HubSpot: connected (account ")), qPrintable(status));

    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--rate-limit"), QStringLiteral("0"),
                     QStringLiteral("--token-file"), tokenFile}),
             0);
    QCOMPARE(m_sandbox->state().value(QLatin1String("contacts")).toArray().size(), 1);
}

void tst_PgWorkers::helpNamesUnitsAndDefaults()
{
    QString output;
    QCOMPARE(runCli({QStringLiteral("--help")}, &output), 0);
    for (const char *expected : {"--lease <seconds>", "Default: 120.", "--rate-limit <requests>", "Default: 110",
                                 "--token-file <file>", "--lines <count>", "Default: 20.", "--parts <parts>",
                                 "--follow", "--level <level>", "postgresql://"})
        QVERIFY2(output.contains(QLatin1String(expected)), expected);
}

QTEST_GUILESS_MAIN(tst_PgWorkers)
#include "tst_pgworkers.moc"
