#pragma once

#include <QString>
#include <QStringList>

namespace Breezee::Sandbox {

// Settings of one sandbox run: the registered HubSpot app, the account that
// installs it, token lifetimes and the rate limit.
struct SandboxConfig {
    quint16 port = 0;

    QString clientId = QStringLiteral("breezee-sandbox-client");
    QString clientSecret = QStringLiteral("breezee-sandbox-secret");
    QStringList redirectUris = {
        QStringLiteral("http://localhost:53682/callback"),
        QStringLiteral("http://localhost:53683/callback"),
        QStringLiteral("http://localhost:53684/callback"),
    };
    QString appName = QStringLiteral("Breezee Integrations Console");
    qint64 appId = 3141592;

    qint64 hubId = 24680135;
    QString hubDomain = QStringLiteral("breezee-demo.sandbox.hubspot.test");
    QString user = QStringLiteral("admin@breezee.example");
    qint64 userId = 7310001;

    bool autoApprove = false;
    int accessTokenLifetimeSeconds = 1800;
    int codeLifetimeSeconds = 300;

    // Requests allowed per hub within rateWindowMs. 0 lifts the limit.
    // HubSpot allows public OAuth apps 110 requests per 10 seconds.
    int rateLimit = 110;
    int rateWindowMs = 10000;

    // The generic OAuth 2.0 provider "Example IdP" under /other-idp/oauth/.
    // It shares appName, user and autoApprove with HubSpot's flow.
    QString otherClientId = QStringLiteral("example-idp-client");
    QString otherClientSecret = QStringLiteral("example-idp-secret");
    QStringList otherRedirectUris = {QStringLiteral("http://localhost:53682/callback")};
    QString otherAccountId = QStringLiteral("example-account-1001");
    QString otherSubject = QStringLiteral("example-user-2002");
    int otherAccessTokenLifetimeSeconds = 3600;

    // JSON file that keeps the data across runs. Empty keeps it in memory.
    QString stateFile;
};

// Result of reading the command line: run with `config`, or print `text`
// (the help, or an error) and exit.
struct CommandLineOutcome {
    enum class Action { Run, ShowHelp, Fail };

    Action action = Action::Run;
    SandboxConfig config;
    QString text;
};

CommandLineOutcome parseCommandLine(const QStringList &arguments);

} // namespace Breezee::Sandbox
