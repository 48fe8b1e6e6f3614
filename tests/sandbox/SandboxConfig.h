#pragma once

#include <QString>
#include <QStringList>

namespace Breezee::Sandbox {

// Settings of one sandbox run: the registered HubSpot app, the account that
// installs it, token lifetimes, the rate limits, search behaviour and
// latency.
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

    // Milliseconds before a created or updated record shows up in CRM
    // search. HubSpot documents only "a few moments".
    int searchLagMs = 3000;

    // Search requests allowed per hub and second; 0 lifts the limit. HubSpot
    // allows 5 per second per account.
    int searchRateLimit = 5;

    // Values one IN or NOT_IN search filter may carry. HubSpot does not
    // document this limit.
    int searchInMax = 100;

    // Fixed delay added to every CRM response, in ms.
    int latencyMs = 0;

    // Whether the id of a contact merged into another finds that other
    // contact (true) or nothing (false) on reads and updates by id.
    bool followMergedIds = true;

    // Whether the 409 for an existing contact email uses the newer body
    // (category OBJECT_ALREADY_EXISTS, "error":"CONTACT_EXISTS", errors[].in
    // and identityProfile) instead of the classic {"category":"CONFLICT"}.
    bool extendedConflictBody = false;

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
