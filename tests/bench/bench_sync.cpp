// Sync benchmark against the HubSpot sandbox. Prints figures and asserts
// nothing. The workload is N prospects, each with a chat summary and one of
// 55 companies, at HubSpot's public-app limit of 110 requests per 10 s.
// It prints the wall time, HTTP requests per prospect, the share of the
// rate-limit bound reached, 429s, the maximum stall of the main event loop
// while the sync thread runs, and the latency from a prospect update to
// its HubSpot write. A naive per-record strategy (search, create or update, note,
// company search, company create, association: one request each) runs on
// a sample in the same process; its wall time at the same limit is
// estimated from its request count.
//   bench_sync [--prospects N] [--naive-sample M]

#include "SandboxProcess.h"
#include "SandboxTokens.h"

#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/ProspectStore.h"
#include "sync/SyncController.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

constexpr double kBudgetPerSecond = 11.0; // 110 requests per 10 s

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QString companyName(int index)
{
    static const QStringList names = {
        QStringLiteral("Gottlieb and Sons"), QStringLiteral("Schmitt and Sons"), QStringLiteral("Brekke, Dietrich and Klein"),
        QStringLiteral("Hettinger and Sons"), QStringLiteral("Braun-Murray"), QStringLiteral("Bartell Group")};
    return index < names.size() ? names.at(index) : QStringLiteral("Example Company %1").arg(index);
}

void insertProspects(QSqlDatabase db, int count)
{
    ProspectStore prospects(db);
    beginWriteTransaction(db);
    for (int i = 0; i < count; ++i) {
        Prospect prospect;
        prospect.email = QStringLiteral("bench%1@example.com").arg(i);
        prospect.firstName = QStringLiteral("Bench");
        prospect.lastName = QString::number(i);
        prospect.companyName = companyName(i % 55);
        prospect.leadScore = i % 100;
        prospect.sourceChannel = QStringLiteral("Website chat");
        const auto id = prospects.insert(prospect);
        if (id.ok())
            prospects.addChatSession(id.value(), QDateTime::currentDateTimeUtc().addSecs(-600),
                                     QStringLiteral("Asked about pricing for %1 seats").arg(i % 40 + 1),
                                     QDateTime::currentDateTimeUtc().addSecs(-300));
    }
    db.commit();
}

int totalRequests(SandboxProcess &sandbox)
{
    return sandbox.requestSummary().value(QLatin1String("total")).toInt();
}

int searchRequests(SandboxProcess &sandbox)
{
    const QJsonObject routes = sandbox.requestSummary().value(QLatin1String("byRoute")).toObject();
    int count = 0;
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        if (it.key().endsWith(QLatin1String("/search")))
            count += it.value().toInt();
    }
    return count;
}

// One blocking request for the naive strategy; returns the JSON body.
QJsonObject call(SandboxProcess &sandbox, const QString &token, const QByteArray &method, const QString &path,
                 const QJsonObject &body = {})
{
    const auto result = sandbox.send(method, path, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(),
                                     {{"Authorization", "Bearer " + token.toUtf8()}, {"Content-Type", "application/json"}});
    return QJsonDocument::fromJson(result.body).object();
}

// Per record: search contact, create or update, note, company search,
// company create when missing, association.
int runNaive(SandboxProcess &sandbox, const QString &token, int count)
{
    const int before = totalRequests(sandbox);
    for (int i = 0; i < count; ++i) {
        const QString email = QStringLiteral("naive%1@example.com").arg(i);
        const QJsonObject filter{{QStringLiteral("propertyName"), QStringLiteral("email")},
                                 {QStringLiteral("operator"), QStringLiteral("EQ")},
                                 {QStringLiteral("value"), email}};
        const QJsonObject found = call(sandbox, token, "POST", QStringLiteral("/crm/v3/objects/contacts/search"),
                                       {{QStringLiteral("filterGroups"), QJsonArray{QJsonObject{{QStringLiteral("filters"), QJsonArray{filter}}}}}});
        QString contactId = found.value(QLatin1String("results")).toArray().first().toObject().value(QLatin1String("id")).toString();
        const QJsonObject properties{{QStringLiteral("email"), email}, {QStringLiteral("firstname"), QStringLiteral("Naive")}};
        if (contactId.isEmpty())
            contactId = call(sandbox, token, "POST", QStringLiteral("/crm/v3/objects/contacts"),
                             {{QStringLiteral("properties"), properties}, {QStringLiteral("associations"), QJsonArray()}})
                            .value(QLatin1String("id")).toString();
        else
            call(sandbox, token, "PATCH", QStringLiteral("/crm/v3/objects/contacts/") + contactId,
                 {{QStringLiteral("properties"), properties}});
        call(sandbox, token, "POST", QStringLiteral("/crm/v3/objects/notes"),
             {{QStringLiteral("properties"), QJsonObject{{QStringLiteral("hs_timestamp"), QString::number(QDateTime::currentMSecsSinceEpoch())},
                                                         {QStringLiteral("hs_note_body"), QStringLiteral("Naive note")}}},
              {QStringLiteral("associations"), QJsonArray()}});
        const QJsonObject companyFilter{{QStringLiteral("propertyName"), QStringLiteral("name")},
                                        {QStringLiteral("operator"), QStringLiteral("EQ")},
                                        {QStringLiteral("value"), companyName(i % 55)}};
        const QJsonObject company = call(sandbox, token, "POST", QStringLiteral("/crm/v3/objects/companies/search"),
                                         {{QStringLiteral("filterGroups"), QJsonArray{QJsonObject{{QStringLiteral("filters"), QJsonArray{companyFilter}}}}}});
        QString companyId = company.value(QLatin1String("results")).toArray().first().toObject().value(QLatin1String("id")).toString();
        if (companyId.isEmpty())
            companyId = call(sandbox, token, "POST", QStringLiteral("/crm/v3/objects/companies"),
                             {{QStringLiteral("properties"), QJsonObject{{QStringLiteral("name"), companyName(i % 55)}}},
                              {QStringLiteral("associations"), QJsonArray()}})
                            .value(QLatin1String("id")).toString();
        sandbox.send("PUT", QStringLiteral("/crm/v4/objects/contact/%1/associations/default/company/%2").arg(contactId, companyId),
                     {}, {{"Authorization", "Bearer " + token.toUtf8()}});
    }
    return totalRequests(sandbox) - before;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption prospectsOption(QStringLiteral("prospects"), QStringLiteral("Prospects to sync. Default: 10000."),
                                             QStringLiteral("count"), QStringLiteral("10000"));
    const QCommandLineOption naiveOption(QStringLiteral("naive-sample"),
                                         QStringLiteral("Prospects for the naive strategy. Default: 200."),
                                         QStringLiteral("count"), QStringLiteral("200"));
    parser.addOptions({prospectsOption, naiveOption});
    parser.process(app);
    const int prospects = parser.value(prospectsOption).toInt();
    const int naiveSample = parser.value(naiveOption).toInt();

    QLoggingCategory::setFilterRules(QStringLiteral("breezee.*.info=false"));
    QTemporaryDir dir;
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());

    // Batched sync at the public-app limit.
    SandboxProcess sandbox;
    if (!sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri})) {
        print(QStringLiteral("error: the sandbox did not start: %1").arg(sandbox.errorString()));
        return 1;
    }
    const ResolvedProvider provider = sandboxProvider(sandbox.baseUrl(), redirectUri);
    const TokenSet tokens = grantSandboxTokens(provider);
    CredentialStore keychain(QStringLiteral("Breezee benchmark %1").arg(QCoreApplication::applicationPid()));
    TokenBroker broker(provider, &keychain, QStringLiteral("hubspot/refresh_token"), dir.filePath(QStringLiteral("lock")));
    broker.setTokens(tokens);

    const DatabaseConfig config = DatabaseConfig::fromString(dir.filePath(QStringLiteral("bench.sqlite")));
    Database database(QStringLiteral("bench"));
    if (Status status = database.open(config)) {
        print(QStringLiteral("error: %1").arg(status->message));
        return 1;
    }
    insertProspects(database.handle(), prospects);
    const int requestsBefore = totalRequests(sandbox);

    SyncController controller;
    QSignalSpy finished(&controller, &SyncController::finished);
    SyncOptions options;
    options.database = config;
    options.provider = provider;
    options.broker = &broker;
    options.watch = false;

    // The maximum gap between ticks of a 10 ms timer on the main thread.
    QElapsedTimer tick;
    qint64 longestStall = 0;
    QTimer probe;
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        longestStall = std::max(longestStall, tick.restart() - 10);
    });
    QElapsedTimer wall;
    wall.start();
    tick.start();
    probe.start();
    controller.start(options);
    while (finished.isEmpty())
        finished.wait(1000);
    probe.stop();
    const double seconds = wall.elapsed() / 1000.0;

    const SyncSummary summary = finished.first().first().value<SyncSummary>();
    const int requests = totalRequests(sandbox) - requestsBefore;
    const int searches = searchRequests(sandbox);
    const int limited = requests - searches; // search has its own budget
    const QJsonObject requestSummary = sandbox.requestSummary();
    print(QStringLiteral("batched sync: %1 prospects, %2 synced, %3 failed, %4 still queued")
              .arg(prospects).arg(summary.synced).arg(summary.failed).arg(summary.remaining));
    print(QStringLiteral("  wall time                 %1 s").arg(seconds, 0, 'f', 1));
    print(QStringLiteral("  HTTP requests             %1 (%2 search)").arg(requests).arg(searches));
    print(QStringLiteral("  requests per prospect     %1").arg(double(requests) / prospects, 0, 'f', 4));
    // A rolling window of 110 per 10 s allows at most 110 * ceil(T / 10)
    // requests in T seconds.
    const double bound = 110.0 * std::ceil(seconds / 10.0);
    print(QStringLiteral("  share of rate-limit bound %1 % (%2 limited requests in %3 s; the window allows %4)")
              .arg(100.0 * limited / bound, 0, 'f', 1).arg(limited).arg(seconds, 0, 'f', 1).arg(bound, 0, 'f', 0));
    print(QStringLiteral("  429s                      %1").arg(requestSummary.value(QLatin1String("rateLimited")).toInt()));
    print(QStringLiteral("  longest main-loop stall   %1 ms").arg(longestStall));

    // Update-to-write latency with the limit lifted and no added latency.
    SandboxProcess fast;
    fast.start({QStringLiteral("--auto-approve"), QStringLiteral("--rate-limit"), QStringLiteral("0"),
                QStringLiteral("--redirect-uri"), redirectUri});
    const ResolvedProvider fastProvider = sandboxProvider(fast.baseUrl(), redirectUri);
    TokenBroker fastBroker(fastProvider, &keychain, QStringLiteral("hubspot/refresh_token"), dir.filePath(QStringLiteral("lock2")));
    fastBroker.setTokens(grantSandboxTokens(fastProvider));
    QTemporaryDir latencyDir;
    const DatabaseConfig latencyConfig = DatabaseConfig::fromString(latencyDir.filePath(QStringLiteral("latency.sqlite")));
    Database latencyDatabase(QStringLiteral("latency"));
    latencyDatabase.open(latencyConfig);
    insertProspects(latencyDatabase.handle(), 1);
    SyncController watcher;
    SyncOptions watchOptions;
    watchOptions.database = latencyConfig;
    watchOptions.provider = fastProvider;
    watchOptions.broker = &fastBroker;
    watchOptions.watch = true;
    watchOptions.pollIntervalMs = 50;
    watchOptions.connectionName = QStringLiteral("latency-worker");
    watcher.start(watchOptions);
    QTest::qWait(2000);

    QList<qint64> latencies;
    ProspectStore latencyStore(latencyDatabase.handle());
    for (int round = 0; round < 9; ++round) {
        std::optional<Prospect> prospect = latencyStore.findById(1);
        prospect->leadScore = 200 + round;
        QElapsedTimer clock;
        clock.start();
        latencyStore.update(*prospect);
        const QString expected = QString::number(200 + round);
        while (clock.elapsed() < 10000) {
            const QJsonArray contacts = fast.state().value(QLatin1String("contacts")).toArray();
            if (!contacts.isEmpty()
                && contacts.first().toObject().value(QLatin1String("properties")).toObject().value(QLatin1String("breezee_score")).toString() == expected)
                break;
            QTest::qWait(5);
        }
        latencies << clock.elapsed();
    }
    watcher.stop();
    std::sort(latencies.begin(), latencies.end());
    print(QStringLiteral("update-to-write latency: median %1 ms, max %2 ms over %3 updates (50 ms poll interval)")
              .arg(latencies.at(latencies.size() / 2)).arg(latencies.last()).arg(latencies.size()));

    // Naive strategy on a sample, limit lifted; its time at the limit is
    // an estimate from its request count.
    SandboxProcess naive;
    naive.start({QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--search-rate-limit"), QStringLiteral("0")});
    const QString naiveToken = naive.obtainAccessToken();
    const int naiveRequests = runNaive(naive, naiveToken, naiveSample);
    const double naivePerProspect = double(naiveRequests) / naiveSample;
    print(QStringLiteral("naive per-record strategy (%1-prospect sample):").arg(naiveSample));
    print(QStringLiteral("  requests per prospect     %1").arg(naivePerProspect, 0, 'f', 2));
    print(QStringLiteral("  estimated wall time for %1 prospects at 11 requests/s: %2 s")
              .arg(prospects).arg(naivePerProspect * prospects / kBudgetPerSecond, 0, 'f', 0));
    print(QStringLiteral("ratio naive/batched requests per prospect: %1x")
              .arg(naivePerProspect / (double(requests) / prospects), 0, 'f', 1));
    return 0;
}
