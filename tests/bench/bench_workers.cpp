// Server-mode benchmark: breezee-integrations sync workers on one
// PostgreSQL queue against the HubSpot sandbox. Prints figures and asserts
// nothing. Two workloads, each run with 1 and then 2 workers:
//  - throughput: N prospects (default 100,000) with the sandbox's rate
//    limit and the client's limit lifted, so the database, the sandbox and
//    the CPU set the pace;
//  - rate-bound: M prospects (default 1,000) in batches of 5 at HubSpot's
//    110 requests per 10 s, which the two workers share through the
//    rate_budget row, so a second worker should add nothing.
// Needs a PostgreSQL server whose role may create databases, named by
// BREEZEE_TEST_PG_URL (scripts/pg-test-server.sh start DIR prints one).
//   bench_workers [--prospects N] [--limited-prospects M]

#include "FakeBrowser.h"
#include "SandboxProcess.h"
#include "SandboxTokens.h"
#include "TestProvider.h"

#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

// Runs one statement on the server's own database, for CREATE and DROP
// DATABASE.
bool runAdmin(const DatabaseConfig &admin, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench-admin"));
        db.setHostName(admin.hostName);
        db.setPort(admin.port);
        db.setUserName(admin.userName);
        db.setPassword(admin.password);
        db.setDatabaseName(admin.databaseName);
        if (db.open()) {
            QSqlQuery query(db);
            query.exec(QStringLiteral("SET client_min_messages = warning"));
            ok = query.exec(sql);
            if (!ok)
                print(QStringLiteral("error: %1").arg(query.lastError().text()));
            db.close();
        } else {
            print(QStringLiteral("error: %1").arg(db.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-admin"));
    return ok;
}

struct RunResult {
    bool ok = false;
    double seconds = 0;
    int synced = 0;
    int requests = 0;
    int rateLimited = 0;
};

// One run: a fresh database with `count` prospects, a fresh sandbox, and
// `workers` sync --once processes started together.
RunResult runWorkers(const QString &serverUrl, int count, int workers, bool limited, int batchSize)
{
    RunResult result;
    QTemporaryDir dir;
    const DatabaseConfig admin = DatabaseConfig::fromString(serverUrl);
    const QString name = QStringLiteral("breezee_bench_%1").arg(QCoreApplication::applicationPid());
    if (!runAdmin(admin, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name))
        || !runAdmin(admin, QStringLiteral("CREATE DATABASE %1").arg(name)))
        return result;
    QUrl url(serverUrl);
    url.setPath(QLatin1Char('/') + name);

    {
        Database database(QStringLiteral("bench-fill"));
        DatabaseConfig config = admin;
        config.databaseName = name;
        if (Status status = database.open(config)) {
            print(status->message);
            return result;
        }
        ProspectStore store(database.handle());
        database.handle().transaction();
        for (int i = 0; i < count; ++i) {
            Prospect prospect;
            prospect.email = QStringLiteral("bench%1@example.com").arg(i);
            prospect.firstName = QStringLiteral("Bench");
            prospect.lastName = QString::number(i);
            prospect.leadScore = i % 100;
            store.insert(prospect);
        }
        database.handle().commit();
    }

    SandboxProcess sandbox;
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QStringList sandboxArguments{QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri};
    if (!limited)
        sandboxArguments << QStringLiteral("--rate-limit") << QStringLiteral("0");
    if (!sandbox.start(sandboxArguments)) {
        print(QStringLiteral("error: %1").arg(sandbox.errorString()));
        return result;
    }
    const TokenSet tokens = grantSandboxTokens(sandboxProvider(sandbox.baseUrl(), redirectUri));

    QFile credentials(dir.filePath(QStringLiteral("credentials.ini")));
    credentials.open(QIODevice::WriteOnly);
    credentials.write(QStringLiteral("[hubspot]\nclient_id=breezee-sandbox-client\nclient_secret=breezee-sandbox-secret\n"
                                     "auth_base_url=%1\napi_base_url=%1\n")
                          .arg(sandbox.baseUrl().toString())
                          .toUtf8());
    credentials.close();
    QFile tokenFile(dir.filePath(QStringLiteral("tokens")));
    tokenFile.open(QIODevice::WriteOnly);
    tokenFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    tokenFile.write("hubspot/refresh_token=" + tokens.refreshToken.toUtf8() + '\n');
    tokenFile.close();

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("BREEZEE_DATA_DIR"), dir.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("BREEZEE_CREDENTIALS"), credentials.fileName());
    environment.insert(QStringLiteral("BREEZEE_DATABASE"), url.toString());
    environment.insert(QStringLiteral("BREEZEE_TOKEN_FILE"), tokenFile.fileName());
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("breezee.*.info=false"));

    const QStringList arguments = {QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--batch-size"),
                                   QString::number(batchSize), QStringLiteral("--rate-limit"),
                                   limited ? QStringLiteral("110") : QStringLiteral("0")};
    std::vector<std::unique_ptr<QProcess>> processes;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < workers; ++i) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment);
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->start(QStringLiteral(BREEZEE_CLI), arguments);
        processes.push_back(std::move(process));
    }
    // Waits in the event loop, which also drains the sandbox's request
    // lines from its stderr pipe. A full pipe would stall the sandbox.
    const auto running = [&processes] {
        return std::any_of(processes.cbegin(), processes.cend(),
                           [](const auto &process) { return process->state() != QProcess::NotRunning; });
    };
    while (running())
        QTest::qWait(100);
    result.seconds = clock.elapsed() / 1000.0;
    // Exit code 3: a worker found only rows the other one leased.
    result.ok = std::all_of(processes.cbegin(), processes.cend(), [](const auto &process) {
        return process->exitStatus() == QProcess::NormalExit && (process->exitCode() == 0 || process->exitCode() == 3);
    });

    {
        Database database(QStringLiteral("bench-count"));
        DatabaseConfig config = admin;
        config.databaseName = name;
        database.open(config);
        QSqlQuery query(database.handle());
        if (query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_state WHERE status = 'synced'")) && query.next())
            result.synced = query.value(0).toInt();
    }
    const QJsonObject summary = sandbox.requestSummary();
    result.requests = summary.value(QLatin1String("total")).toInt();
    result.rateLimited = summary.value(QLatin1String("rateLimited")).toInt();

    sandbox.stop();
    runAdmin(admin, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name));
    return result;
}

void report(const QString &label, int workers, const RunResult &run)
{
    print(QStringLiteral("%1, %2 worker(s): %3 synced in %4 s = %5 prospects/s, %6 requests, %7 answered 429%8")
              .arg(label)
              .arg(workers)
              .arg(run.synced)
              .arg(run.seconds, 0, 'f', 1)
              .arg(run.seconds > 0 ? run.synced / run.seconds : 0, 0, 'f', 0)
              .arg(run.requests)
              .arg(run.rateLimited)
              .arg(run.ok ? QString() : QStringLiteral(" (a worker failed)")));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption prospects(QStringLiteral("prospects"),
                                       QStringLiteral("Prospects of the throughput runs. Default: 100000."),
                                       QStringLiteral("count"), QStringLiteral("100000"));
    const QCommandLineOption limitedProspects(QStringLiteral("limited-prospects"),
                                              QStringLiteral("Prospects of the rate-bound runs. Default: 1000."),
                                              QStringLiteral("count"), QStringLiteral("1000"));
    parser.addOptions({prospects, limitedProspects});
    parser.process(app);

    const QString serverUrl = qEnvironmentVariable("BREEZEE_TEST_PG_URL");
    if (serverUrl.isEmpty()) {
        print(QStringLiteral("Set BREEZEE_TEST_PG_URL to a PostgreSQL server whose role may create databases, "
                             "for example the URL that scripts/pg-test-server.sh start DIR prints."));
        return 1;
    }

    const int count = parser.value(prospects).toInt();
    const RunResult one = runWorkers(serverUrl, count, 1, false, 100);
    report(QStringLiteral("throughput, limit lifted"), 1, one);
    const RunResult two = runWorkers(serverUrl, count, 2, false, 100);
    report(QStringLiteral("throughput, limit lifted"), 2, two);
    print(QStringLiteral("throughput ratio, 2 workers over 1: %1x").arg(one.seconds / two.seconds, 0, 'f', 2));

    const int limitedCount = parser.value(limitedProspects).toInt();
    const RunResult limitedOne = runWorkers(serverUrl, limitedCount, 1, true, 5);
    report(QStringLiteral("rate-bound, 110 per 10 s"), 1, limitedOne);
    const RunResult limitedTwo = runWorkers(serverUrl, limitedCount, 2, true, 5);
    report(QStringLiteral("rate-bound, 110 per 10 s"), 2, limitedTwo);
    print(QStringLiteral("rate-bound ratio, 2 workers over 1: %1x")
              .arg(limitedOne.seconds / limitedTwo.seconds, 0, 'f', 2));
    return 0;
}
