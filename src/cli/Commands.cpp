#include "Commands.h"

#include "common/Logging.h"
#include "common/Profile.h"
#include "import/ProspectImporter.h"
#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/SyncStore.h"
#include "StopSignalWatcher.h"
#include "sync/HubSpotContactSync.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcess>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace Breezee::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("breezee-integrations", text);
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

struct Options {
    QCommandLineOption profile{QStringLiteral("profile"),
                               tr("Profile to use: its own data directory and keychain entries. "
                                  "Default: \"default\", or $BREEZEE_PROFILE."),
                               tr("name")};
    QCommandLineOption dataDir{QStringLiteral("data-dir"),
                               tr("Data directory of the profile. Default: the user's application "
                                  "data directory plus the profile name, or $BREEZEE_DATA_DIR."),
                               tr("directory")};
    QCommandLineOption database{QStringLiteral("database"),
                                tr("SQLite file, or postgresql://user:password@host:port/name. "
                                   "Default: breezee.sqlite in the data directory, or "
                                   "$BREEZEE_DATABASE."),
                                tr("path-or-url")};
    QCommandLineOption credentials{QStringLiteral("credentials"),
                                   tr("INI file with one [provider] group holding client_id, "
                                      "client_secret and the URL bases. Default: credentials.ini "
                                      "in the profile's config directory, or $BREEZEE_CREDENTIALS."),
                                   tr("file")};
    QCommandLineOption provider{QStringLiteral("provider"),
                                tr("connect, disconnect: provider key from the seed. Default: hubspot."),
                                tr("key"), QStringLiteral("hubspot")};
    QCommandLineOption noBrowser{QStringLiteral("no-browser"),
                                 tr("connect: only print the authorization URL; do not open a "
                                    "browser.")};
    QCommandLineOption timeout{QStringLiteral("timeout"),
                               tr("connect: seconds to wait for the browser sign-in. Default: 300."),
                               tr("seconds"), QStringLiteral("300")};
    QCommandLineOption once{QStringLiteral("once"), tr("sync: drain the queue once and exit.")};
    QCommandLineOption watch{QStringLiteral("watch"),
                             tr("sync: keep running and sync new queue rows as they appear, until "
                                "SIGTERM or SIGINT.")};
    QCommandLineOption pollInterval{QStringLiteral("poll-interval"),
                                    tr("sync --watch: milliseconds between looks at the queue. Default: 1000."),
                                    tr("milliseconds"), QStringLiteral("1000")};
    QCommandLineOption batchSize{QStringLiteral("batch-size"),
                                 tr("sync: prospects per HubSpot batch request, 1 to 100. Default: 100."),
                                 tr("count"), QStringLiteral("100")};
    QCommandLineOption map{QStringLiteral("map"),
                           tr("import: map a field to CSV columns, field=Column or "
                              "field=Column|Other; repeatable."),
                           tr("mapping")};
    QCommandLineOption source{QStringLiteral("source"),
                              tr("import: source channel for rows without one. Default: \"CSV import\"."),
                              tr("name")};
};

Profile profileFrom(const QCommandLineParser &parser, const Options &options)
{
    ProfileOptions profileOptions;
    profileOptions.name = parser.value(options.profile);
    profileOptions.dataDirectory = parser.value(options.dataDir);
    profileOptions.database = parser.value(options.database);
    profileOptions.credentialsFile = parser.value(options.credentials);
    return resolveProfile(profileOptions);
}

int runImport(const Profile &profile, const QCommandLineParser &parser, const Options &options)
{
    const QStringList files = parser.positionalArguments().mid(1);
    if (files.isEmpty()) {
        err() << tr("import: name at least one CSV file, for example: breezee-integrations import "
                    "contacts.csv") << Qt::endl;
        return UsageError;
    }

    Database database(QStringLiteral("cli-import"));
    if (Status status = database.open(profile.database)) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }

    ImportOptions importOptions;
    importOptions.mapping = parser.values(options.map);
    if (parser.isSet(options.source))
        importOptions.defaultSourceChannel = parser.value(options.source);

    ProspectImporter importer(database.handle());
    int exitCode = Success;
    for (const QString &file : files) {
        const auto report = importer.importFile(file, importOptions);
        if (!report.ok()) {
            err() << report.error().message << Qt::endl;
            exitCode = RuntimeError;
            continue;
        }
        out() << report->summary() << Qt::endl;
        for (const ImportIssue &issue : report->rejected)
            err() << issue.toString() << Qt::endl;
        for (const ImportIssue &issue : report->warnings)
            err() << issue.toString() << Qt::endl;
    }
    return exitCode;
}

int runStatus(const Profile &profile)
{
    Database database(QStringLiteral("cli-status"));
    if (Status status = database.open(profile.database)) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }

    out() << tr("Profile: %1").arg(profile.name) << Qt::endl;
    out() << tr("Database: %1").arg(profile.database.displayName()) << Qt::endl;

    QSqlQuery query(database.handle());
    query.exec(QStringLiteral("SELECT p.display_name, p.status, COALESCE(i.state, 'disconnected'), "
                              "i.account_id, i.last_error FROM providers p "
                              "LEFT JOIN integrations i ON i.provider_key = p.key ORDER BY p.sort_order"));
    while (query.next()) {
        const bool live = query.value(1).toString() == QLatin1String("live");
        QString line = QStringLiteral("  %1: %2").arg(query.value(0).toString(),
                                                      live ? query.value(2).toString() : tr("coming soon"));
        if (!query.value(3).toString().isEmpty())
            line += tr(" (account %1)").arg(query.value(3).toString());
        out() << line << Qt::endl;
        if (!query.value(4).toString().isEmpty())
            out() << "    " << query.value(4).toString() << Qt::endl;
    }

    query.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM prospects), "
                              "(SELECT COUNT(*) FROM sync_state WHERE status = 'synced'), "
                              "(SELECT COUNT(*) FROM sync_state WHERE status = 'failed'), "
                              "(SELECT COUNT(*) FROM sync_queue)"));
    if (query.next())
        out() << tr("Prospects: %1, synced: %2, failed: %3, queued: %4")
                     .arg(query.value(0).toInt())
                     .arg(query.value(1).toInt())
                     .arg(query.value(2).toInt())
                     .arg(query.value(3).toInt())
              << Qt::endl;
    return Success;
}

int runConnect(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
               const Options &options)
{
    IntegrationController controller(profile);
    controller.setSyncEnabled(false);
    if (Status status = controller.start()) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }

    const QString key = parser.value(options.provider);
    const bool openBrowser = !parser.isSet(options.noBrowser)
        && (qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY"));
    int exitCode = RuntimeError;

    QObject::connect(&controller, &IntegrationController::authorizationUrlReady, &app,
                     [openBrowser](const QString &, const QUrl &url) {
        out() << tr("Open this URL in a browser and allow access:") << Qt::endl
              << url.toString(QUrl::FullyEncoded) << Qt::endl;
        if (openBrowser && !QProcess::startDetached(QStringLiteral("xdg-open"), {url.toString(QUrl::FullyEncoded)}))
            err() << tr("Could not start xdg-open; open the URL yourself.") << Qt::endl;
    });
    QObject::connect(&controller, &IntegrationController::providerChanged, &app,
                     [&controller, &exitCode, key](const QString &changed) {
        if (changed != key)
            return;
        const ProviderStatus status = controller.provider(key);
        if (status.state == ConnectionState::Connected) {
            out() << tr("Connected %1 (account %2).").arg(status.definition.displayName, status.accountId)
                  << Qt::endl;
            exitCode = Success;
            QTimer::singleShot(1000, qApp, &QCoreApplication::quit); // lets the account look-up finish
        } else if (status.state == ConnectionState::Error || status.state == ConnectionState::Disconnected) {
            err() << (status.message.isEmpty() ? tr("Connecting was cancelled.") : status.message) << Qt::endl;
            exitCode = NotConnected;
            QCoreApplication::quit();
        }
    });

    bool validTimeout = false;
    const int timeoutSeconds = parser.value(options.timeout).toInt(&validTimeout);
    if (!validTimeout || timeoutSeconds <= 0) {
        err() << tr("--timeout \"%1\" is not a positive number of seconds.").arg(parser.value(options.timeout))
              << Qt::endl;
        return UsageError;
    }
    QTimer::singleShot(qint64(timeoutSeconds) * 1000, &app, [&controller, key] { controller.cancelConnect(key); });

    QMetaObject::invokeMethod(&controller, [&controller, key] { controller.connectProvider(key); },
                              Qt::QueuedConnection);
    app.exec();
    return exitCode;
}

int runDisconnect(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
                  const Options &options)
{
    IntegrationController controller(profile);
    controller.setSyncEnabled(false);
    if (Status status = controller.start()) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }

    const QString key = parser.value(options.provider);
    int exitCode = RuntimeError;
    QObject::connect(&controller, &IntegrationController::providerChanged, &app,
                     [&controller, &exitCode, key](const QString &changed) {
        const ProviderStatus status = controller.provider(key);
        if (changed != key || status.state != ConnectionState::Disconnected)
            return;
        out() << tr("Disconnected %1.").arg(status.definition.displayName);
        if (!status.message.isEmpty())
            out() << ' ' << status.message;
        out() << Qt::endl;
        exitCode = Success;
        QCoreApplication::quit();
    });

    QMetaObject::invokeMethod(&controller, [&controller, key] { controller.disconnectProvider(key); },
                              Qt::QueuedConnection);
    app.exec();
    return exitCode;
}

int runSync(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
            const Options &options)
{
    const bool watch = parser.isSet(options.watch);
    bool validInterval = false;
    const int pollInterval = parser.value(options.pollInterval).toInt(&validInterval);
    if (!validInterval || pollInterval < 10) {
        err() << tr("--poll-interval \"%1\" must be a whole number of milliseconds, at least 10.")
                     .arg(parser.value(options.pollInterval))
              << Qt::endl;
        return UsageError;
    }

    bool validBatch = false;
    const int batchSize = parser.value(options.batchSize).toInt(&validBatch);
    if (!validBatch || batchSize < 1 || batchSize > 100) {
        err() << tr("--batch-size \"%1\" must be a whole number from 1 to 100.").arg(parser.value(options.batchSize))
              << Qt::endl;
        return UsageError;
    }

    Database database(QStringLiteral("cli-sync-setup"));
    if (Status status = database.open(profile.database)) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }
    const auto definition = loadProvider(database.handle(), QStringLiteral("hubspot"));
    if (!definition.ok()) {
        err() << definition.error().message << Qt::endl;
        return RuntimeError;
    }
    const auto provider = resolveProvider(definition.value(),
                                          loadCredentials(profile.credentialsFile, QStringLiteral("hubspot")),
                                          profile.credentialsFile);
    if (!provider.ok()) {
        err() << provider.error().message << Qt::endl;
        return UsageError;
    }
    database.close();

    int exitCode = RuntimeError;
    CredentialStore keychain(profile.keychainService);
    const QString key = provider->definition.key;
    TokenBroker broker(provider.value(), &keychain, IntegrationController::refreshTokenKey(key),
                       profile.dataDirectory + QLatin1Char('/') + key + QStringLiteral(".refresh.lock"));
    HubSpotContactSync worker;

    QObject::connect(&worker, &HubSpotContactSync::finished, &app, [&exitCode, &profile](const SyncSummary &summary) {
        out() << tr("%1 synced, %2 failed, %3 still queued.")
                     .arg(summary.synced)
                     .arg(summary.failed)
                     .arg(summary.remaining)
              << Qt::endl;
        if (summary.error) {
            err() << summary.error->message << Qt::endl;
            const bool reconnect = summary.error->code == QLatin1String("invalid_grant");
            if (reconnect)
                err() << tr("Run \"breezee-integrations connect --profile %1\" to connect again.").arg(profile.name)
                      << Qt::endl;
            exitCode = reconnect ? NotConnected : RuntimeError;
        } else {
            exitCode = summary.failed > 0 || summary.remaining > 0 ? SyncIncomplete : Success;
        }
        QCoreApplication::quit();
    });

    SyncOptions syncOptions;
    syncOptions.database = profile.database;
    syncOptions.provider = provider.value();
    syncOptions.broker = &broker;
    syncOptions.batchSize = batchSize;
    syncOptions.watch = watch;
    syncOptions.pollIntervalMs = pollInterval;
    syncOptions.connectionName = QStringLiteral("cli-sync");

    // SIGTERM (from systemd) and SIGINT stop the worker after the request
    // in flight; it records what finished and leaves the rest queued.
    StopSignalWatcher stopSignals;
    QObject::connect(&stopSignals, &StopSignalWatcher::stopRequested, &worker, [&worker] {
        qCInfo(lcCli) << "stop signal received";
        worker.stop();
    });
    if (watch)
        qCInfo(lcCli) << "watching the sync queue every" << pollInterval << "ms";
    QMetaObject::invokeMethod(&worker, [&worker, syncOptions] { worker.start(syncOptions); }, Qt::QueuedConnection);

    app.exec();
    return exitCode;
}

} // namespace

int run(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Breezee Integrations, headless: import prospects, connect HubSpot and sync.\n\n"
           "Commands:\n"
           "  import FILE...   import prospects from CSV exports\n"
           "  connect          connect a provider with OAuth in a browser\n"
           "  sync --once      push queued prospects to HubSpot, then exit\n"
           "  sync --watch     keep pushing new and changed prospects until stopped\n"
           "  status           show connections and queue counts\n"
           "  disconnect       revoke the sign-in at the provider and delete it here\n\n"
           "Exit codes: 0 success, 1 usage or configuration error, 2 not connected or "
           "reconnect required, 3 sync finished with failed or queued prospects, 4 other error."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), tr("import, connect, sync, status or disconnect"));

    Options options;
    parser.addOptions({options.profile, options.dataDir, options.database, options.credentials,
                       options.provider, options.noBrowser, options.timeout, options.once, options.watch,
                       options.pollInterval,
                       options.batchSize, options.map, options.source});
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        err() << tr("Name a command: import, connect, sync, status or disconnect. See --help.") << Qt::endl;
        return UsageError;
    }

    const Profile profile = profileFrom(parser, options);
    const QString command = positional.first();
    if (command == QLatin1String("import"))
        return runImport(profile, parser, options);
    if (command == QLatin1String("status"))
        return runStatus(profile);
    if (command == QLatin1String("connect"))
        return runConnect(app, profile, parser, options);
    if (command == QLatin1String("disconnect"))
        return runDisconnect(app, profile, parser, options);
    if (command == QLatin1String("sync")) {
        if (parser.isSet(options.once) == parser.isSet(options.watch)) {
            err() << tr("sync: choose --once (drain the queue and exit) or --watch (keep running).")
                  << Qt::endl;
            return UsageError;
        }
        return runSync(app, profile, parser, options);
    }

    err() << tr("Unknown command \"%1\". Use import, connect, sync, status or disconnect.").arg(command) << Qt::endl;
    return UsageError;
}

} // namespace Breezee::Cli
