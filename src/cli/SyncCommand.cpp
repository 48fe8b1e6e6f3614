// The sync command: one worker, in SQLite mode alone or on PostgreSQL next
// to other workers that share its queue and rate budget.

#include "CliSupport.h"
#include "Commands.h"
#include "QueueListener.h"
#include "StopSignalWatcher.h"

#include "common/Logging.h"
#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "oauth/TokenFileStore.h"
#include "store/Database.h"
#include "sync/HubSpotContactSync.h"

#include <memory>

namespace Breezee::Cli {

namespace {

// The keyring, or the token file the administrator named. A token file
// that is missing or readable by others stops the command here, with the
// fix in the message, instead of failing later during the sync.
Result<std::unique_ptr<CredentialStore>> chooseTokenStore(const Profile &profile, const QString &tokenFile)
{
    if (tokenFile.isEmpty())
        return std::make_unique<CredentialStore>(profile.keychainService);

    if (Status status = TokenFileStore::checkFile(tokenFile))
        return *status;

    err() << TokenFileStore::startWarning(tokenFile) << Qt::endl;
    qCWarning(lcCli) << "refresh token kept in a file instead of the keyring";
    return std::unique_ptr<CredentialStore>(std::make_unique<TokenFileStore>(tokenFile));
}

void printSummary(const SyncSummary &summary, const Profile &profile, int *exitCode)
{
    out() << tr("%1 synced, %2 failed, %3 still queued.")
                 .arg(summary.synced)
                 .arg(summary.failed)
                 .arg(summary.remaining)
          << Qt::endl;
    if (!summary.error) {
        *exitCode = summary.failed > 0 || summary.remaining > 0 ? SyncIncomplete : Success;
        return;
    }

    err() << summary.error->message << Qt::endl;
    const bool reconnect = summary.error->code == QLatin1String("invalid_grant");
    if (reconnect)
        err() << tr("Run \"breezee-integrations connect --profile %1\" to connect again.").arg(profile.name)
              << Qt::endl;
    if (summary.error->code == QLatin1String("keychain_unavailable"))
        err() << tr("On a server without a keyring, name a token file with --token-file.") << Qt::endl;
    *exitCode = reconnect ? NotConnected : RuntimeError;
}

} // namespace

int runSync(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
            const Options &options)
{
    const bool watch = parser.isSet(options.watch);
    const auto pollInterval = intOption(parser, options.pollInterval, 10, 24 * 3600 * 1000);
    const auto batchSize = intOption(parser, options.batchSize, 1, 100);
    const auto leaseSeconds = intOption(parser, options.leaseSeconds, 1, 24 * 3600);
    const auto rateLimit = intOption(parser, options.rateLimit, 0, 100000);
    if (!pollInterval || !batchSize || !leaseSeconds || !rateLimit)
        return UsageError;

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

    auto tokenStore = chooseTokenStore(profile, tokenFilePath(parser, options));
    if (!tokenStore.ok()) {
        err() << tokenStore.error().message << Qt::endl;
        return UsageError;
    }

    int exitCode = RuntimeError;
    const QString key = provider->definition.key;
    TokenBroker broker(provider.value(), tokenStore.value().get(), IntegrationController::refreshTokenKey(key),
                       profile.dataDirectory + QLatin1Char('/') + key + QStringLiteral(".refresh.lock"));
    HubSpotContactSync worker;

    QObject::connect(&worker, &HubSpotContactSync::finished, &app,
                     [&exitCode, &profile, watch](const SyncSummary &summary) {
        printSummary(summary, profile, &exitCode);
        // A watcher asked to stop ends cleanly; rows still queued wait for
        // its next start.
        if (watch && exitCode == SyncIncomplete && summary.failed == 0)
            exitCode = Success;
        QCoreApplication::quit();
    });

    SyncOptions syncOptions;
    syncOptions.database = profile.database;
    syncOptions.database.leaseSeconds = *leaseSeconds;
    syncOptions.database.workerId = parser.value(options.workerId);
    syncOptions.provider = provider.value();
    syncOptions.broker = &broker;
    syncOptions.batchSize = *batchSize;
    syncOptions.watch = watch;
    syncOptions.pollIntervalMs = *pollInterval;
    syncOptions.rateLimit = *rateLimit;
    syncOptions.connectionName = QStringLiteral("cli-sync");

    // SIGTERM (from systemd) and SIGINT stop the worker after the request
    // in flight; it records what finished and leaves the rest queued.
    StopSignalWatcher stopSignals;
    QObject::connect(&stopSignals, &StopSignalWatcher::stopRequested, &worker, [&worker] {
        qCInfo(lcCli) << "stop signal received";
        worker.stop();
    });

    // On PostgreSQL a watching worker also wakes when the queue triggers
    // NOTIFY, so a change is synced without waiting for the poll.
    QueueListener listener;
    if (watch && profile.database.isPostgres()) {
        if (Status status = listener.start(profile.database))
            qCWarning(lcCli).noquote() << status->message << "- relying on the poll timer alone";
        QObject::connect(&listener, &QueueListener::queueChanged, &worker, &HubSpotContactSync::wake);
    }

    if (watch)
        qCInfo(lcCli) << "watching the sync queue every" << *pollInterval << "ms";
    if (profile.database.isPostgres())
        qCInfo(lcCli).noquote() << "server mode: worker" << syncOptions.database.effectiveWorkerId() << "on"
                                << profile.database.displayName() << "with" << *leaseSeconds << "s leases";
    QMetaObject::invokeMethod(&worker, [&worker, syncOptions] { worker.start(syncOptions); }, Qt::QueuedConnection);

    app.exec();
    return exitCode;
}

} // namespace Breezee::Cli
