#include "Commands.h"

#include "CliSupport.h"

#include "common/Logging.h"
#include "common/Profile.h"
#include "import/ProspectImporter.h"
#include "integration/IntegrationController.h"
#include "store/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QProcess>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimer>

namespace Breezee::Cli {

namespace {

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
    // With several files, every line names its file.
    const bool several = files.size() > 1;
    for (const QString &file : files) {
        const QString prefix = several ? file + QStringLiteral(": ") : QString();
        const auto report = importer.importFile(file, importOptions);
        if (!report.ok()) {
            err() << prefix << report.error().message << Qt::endl;
            // A file that cannot be opened and a wrong --map are the
            // caller's input to fix, not a failure of the import.
            const QString code = report.error().code;
            const bool usage = code == QLatin1String("import_open_failed") || code.startsWith(QLatin1String("mapping_"));
            if (exitCode != RuntimeError)
                exitCode = usage ? UsageError : RuntimeError;
            continue;
        }
        out() << prefix << report->summary() << Qt::endl;
        for (const ImportIssue &issue : report->rejected)
            err() << prefix << issue.toString() << Qt::endl;
        for (const ImportIssue &issue : report->warnings)
            err() << prefix << issue.toString() << Qt::endl;
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
           "  resync           queue prospects again: --all, --failed or --prospect ID\n"
           "  log              print the newest sync log entries, or follow them\n"
           "  status           show connections and queue counts\n"
           "  disconnect       revoke the sign-in at the provider and delete it here\n\n"
           "Server mode: with --database postgresql://... several sync workers, on one host or "
           "several, share one queue and one HubSpot rate budget.\n\n"
           "Exit codes: 0 success, 1 usage or configuration error, 2 not connected or "
           "reconnect required, 3 sync finished with failed or queued prospects, 4 other error."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 tr("import, connect, sync, resync, log, status or disconnect"));

    Options options;
    parser.addOptions({options.profile, options.dataDir, options.database, options.credentials,
                       options.tokenFile, options.provider, options.noBrowser, options.timeout, options.once,
                       options.watch, options.pollInterval, options.batchSize, options.leaseSeconds,
                       options.workerId, options.rateLimit, options.map, options.source, options.all,
                       options.failed, options.prospect, options.parts, options.lines, options.follow,
                       options.level});
    // Qt's own message for an unknown option does not point to --help.
    if (!parser.parse(app.arguments())) {
        err() << parser.errorText() << ' ' << tr("Run \"breezee-integrations --help\" to see every option.")
              << Qt::endl;
        return UsageError;
    }
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        err() << tr("Name a command: import, connect, sync, resync, log, status or disconnect. See --help.")
              << Qt::endl;
        return UsageError;
    }

    const Profile profile = profileFrom(parser, options);
    const QString command = positional.first();
    if (command == QLatin1String("import"))
        return runImport(profile, parser, options);
    if (command == QLatin1String("status"))
        return runStatus(profile);
    if (command == QLatin1String("connect")) {
        const QString tokenFile = tokenFilePath(parser, options);
        if (!tokenFile.isEmpty())
            return runConnectToFile(app, profile, parser, options, tokenFile);
        return runConnect(app, profile, parser, options);
    }
    if (command == QLatin1String("disconnect")) {
        if (!tokenFilePath(parser, options).isEmpty()) {
            err() << tr("disconnect: with a token file, revoke the app's access in HubSpot's settings and "
                        "delete the file yourself; disconnect works on the keyring only.")
                  << Qt::endl;
            return UsageError;
        }
        return runDisconnect(app, profile, parser, options);
    }
    if (command == QLatin1String("resync"))
        return runResync(profile, parser, options);
    if (command == QLatin1String("log"))
        return runLog(app, profile, parser, options);
    if (command == QLatin1String("sync")) {
        if (parser.isSet(options.once) == parser.isSet(options.watch)) {
            err() << tr("sync: choose --once (drain the queue and exit) or --watch (keep running).")
                  << Qt::endl;
            return UsageError;
        }
        return runSync(app, profile, parser, options);
    }

    err() << tr("Unknown command \"%1\". Use import, connect, sync, resync, log, status or disconnect.")
                 .arg(command)
          << Qt::endl;
    return UsageError;
}

} // namespace Breezee::Cli
