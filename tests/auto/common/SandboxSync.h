#pragma once

#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "sync/HubSpotContactSync.h"

#include <QCoreApplication>
#include <QDir>
#include <QSignalSpy>

// Runs one pass of HubSpotContactSync on the test's thread over the SQLite
// store in `directory`/store.sqlite, with `tokens` already granted, and
// returns its summary. A run that does not finish within a minute returns
// a "timeout" error.
inline Breezee::SyncSummary runSandboxSync(const Breezee::ResolvedProvider &provider, const Breezee::TokenSet &tokens,
                                           const QString &directory)
{
    using namespace Breezee;

    CredentialStore keychain(QStringLiteral("Breezee sync test %1").arg(QCoreApplication::applicationPid()));
    TokenBroker broker(provider, &keychain, QStringLiteral("hubspot/refresh_token"),
                       directory + QStringLiteral("/hubspot.refresh.lock"));
    broker.setTokens(tokens);

    HubSpotContactSync worker;
    QSignalSpy finished(&worker, &HubSpotContactSync::finished);
    SyncOptions options;
    options.database = DatabaseConfig::fromString(directory + QStringLiteral("/store.sqlite"));
    options.provider = provider;
    options.broker = &broker;
    options.connectionName = QStringLiteral("test-worker");
    worker.start(options);
    if (finished.isEmpty())
        finished.wait(60000);
    if (finished.isEmpty())
        return SyncSummary{0, 0, -1, Error{QStringLiteral("timeout"), QStringLiteral("sync did not finish")}};
    return finished.first().first().value<SyncSummary>();
}
