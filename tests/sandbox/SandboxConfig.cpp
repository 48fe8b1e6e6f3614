#include "SandboxConfig.h"

#include <QCommandLineParser>
#include <QUrl>

#include <optional>

namespace Breezee::Sandbox {

namespace {

struct IntegerOption {
    const QCommandLineOption &option;
    qint64 minimum;
    qint64 maximum;
};

bool readInteger(const QCommandLineParser &parser, const IntegerOption &spec, qint64 &target, QString &error)
{
    if (!parser.isSet(spec.option))
        return true;

    const QString text = parser.value(spec.option);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < spec.minimum || value > spec.maximum) {
        error = QStringLiteral("Invalid value '%1' for --%2: expected an integer from %3 to %4.")
                    .arg(text, spec.option.names().constFirst())
                    .arg(spec.minimum)
                    .arg(spec.maximum);
        return false;
    }

    target = value;
    return true;
}

std::optional<QString> firstInvalidUrl(const QStringList &uris)
{
    for (const QString &uri : uris) {
        const QUrl url(uri, QUrl::StrictMode);
        if (!url.isValid() || url.isRelative() || url.host().isEmpty())
            return uri;
    }
    return std::nullopt;
}

CommandLineOutcome failure(const QString &message)
{
    CommandLineOutcome outcome;
    outcome.action = CommandLineOutcome::Action::Fail;
    outcome.text = message + QStringLiteral("\nRun with --help to list the options.\n");
    return outcome;
}

} // namespace

CommandLineOutcome parseCommandLine(const QStringList &arguments)
{
    const SandboxConfig defaults;

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Local stand-in for HubSpot's OAuth 2.0 and CRM v3 APIs, for tests of the "
        "Breezee Integrations Console. Listens on 127.0.0.1 only and prints "
        "'LISTENING <port>' as its first line."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption port(QStringLiteral("port"),
        QStringLiteral("TCP port on 127.0.0.1 (default 0: a free port chosen by the system)."),
        QStringLiteral("N"));
    const QCommandLineOption clientId(QStringLiteral("client-id"),
        QStringLiteral("OAuth client id of the app (default %1).").arg(defaults.clientId),
        QStringLiteral("ID"));
    const QCommandLineOption clientSecret(QStringLiteral("client-secret"),
        QStringLiteral("OAuth client secret of the app (default %1).").arg(defaults.clientSecret),
        QStringLiteral("SECRET"));
    const QCommandLineOption redirectUri(QStringLiteral("redirect-uri"),
        QStringLiteral("Registered redirect URI, compared exactly including the port; repeat "
                       "for several (default %1).").arg(defaults.redirectUris.join(QStringLiteral(", "))),
        QStringLiteral("URI"));
    const QCommandLineOption appName(QStringLiteral("app-name"),
        QStringLiteral("App name on the consent page (default \"%1\").").arg(defaults.appName),
        QStringLiteral("NAME"));
    const QCommandLineOption hubId(QStringLiteral("hub-id"),
        QStringLiteral("HubSpot account id that installs the app (default %1).").arg(defaults.hubId),
        QStringLiteral("ID"));
    const QCommandLineOption hubDomain(QStringLiteral("hub-domain"),
        QStringLiteral("Domain of that account (default %1).").arg(defaults.hubDomain),
        QStringLiteral("DOMAIN"));
    const QCommandLineOption user(QStringLiteral("user"),
        QStringLiteral("Email of the signed-in HubSpot user (default %1).").arg(defaults.user),
        QStringLiteral("EMAIL"));
    const QCommandLineOption autoApprove(QStringLiteral("auto-approve"),
        QStringLiteral("Answer a valid authorize request, at HubSpot and at Example IdP, with a redirect "
                       "carrying a code at once, as if the user pressed Allow."));
    const QCommandLineOption accessLifetime(QStringLiteral("access-token-lifetime"),
        QStringLiteral("Access token lifetime in seconds (default %1).").arg(defaults.accessTokenLifetimeSeconds),
        QStringLiteral("SECONDS"));
    const QCommandLineOption codeLifetime(QStringLiteral("code-lifetime"),
        QStringLiteral("Authorization code lifetime in seconds (default %1).").arg(defaults.codeLifetimeSeconds),
        QStringLiteral("SECONDS"));
    const QCommandLineOption rateLimit(QStringLiteral("rate-limit"),
        QStringLiteral("CRM requests allowed per hub within the rate window (default %1; 0 lifts the "
                       "limit and drops the X-HubSpot-RateLimit-* headers).").arg(defaults.rateLimit),
        QStringLiteral("N"));
    const QCommandLineOption rateWindow(QStringLiteral("rate-window-ms"),
        QStringLiteral("Length of the rolling rate window in milliseconds (default %1).").arg(defaults.rateWindowMs),
        QStringLiteral("MS"));
    const QCommandLineOption searchLag(QStringLiteral("search-lag-ms"),
        QStringLiteral("Milliseconds before a created or updated record shows up in CRM search; batch read and "
                       "get by id see it at once (default %1).").arg(defaults.searchLagMs),
        QStringLiteral("MS"));
    const QCommandLineOption searchRate(QStringLiteral("search-rate-limit"),
        QStringLiteral("CRM search requests allowed per hub and second (default %1; 0 lifts the limit).")
            .arg(defaults.searchRateLimit),
        QStringLiteral("N"));
    const QCommandLineOption searchInMax(QStringLiteral("search-in-max"),
        QStringLiteral("Values one IN or NOT_IN search filter may carry before the search fails with 400 "
                       "(default %1).").arg(defaults.searchInMax),
        QStringLiteral("N"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"),
        QStringLiteral("Fixed delay added to every CRM response, in milliseconds (default %1).").arg(defaults.latencyMs),
        QStringLiteral("MS"));
    const QCommandLineOption mergedIds(QStringLiteral("merged-ids"),
        QStringLiteral("What the id of a contact merged into another finds on reads and updates by id: "
                       "'primary' (the contact it was merged into, the default) or 'not-found' (404)."),
        QStringLiteral("MODE"));
    const QCommandLineOption conflictBody(QStringLiteral("conflict-body"),
        QStringLiteral("Shape of the 409 for an existing contact email: 'classic' (category CONFLICT, the default) "
                       "or 'extended' (category OBJECT_ALREADY_EXISTS with identityProfile)."),
        QStringLiteral("STYLE"));
    const QCommandLineOption stateFile(QStringLiteral("state-file"),
        QStringLiteral("JSON file to load at start and rewrite after each change (default: none, "
                       "data stays in memory)."),
        QStringLiteral("PATH"));

    const QCommandLineOption otherClientId(QStringLiteral("other-client-id"),
        QStringLiteral("OAuth client id of the app at Example IdP, the generic provider under /other-idp/oauth/ "
                       "(default %1).").arg(defaults.otherClientId),
        QStringLiteral("ID"));
    const QCommandLineOption otherClientSecret(QStringLiteral("other-client-secret"),
        QStringLiteral("OAuth client secret of the app at Example IdP (default %1).").arg(defaults.otherClientSecret),
        QStringLiteral("SECRET"));
    const QCommandLineOption otherRedirectUri(QStringLiteral("other-redirect-uri"),
        QStringLiteral("Redirect URI registered at Example IdP, compared exactly including the port; repeat for "
                       "several (default %1).").arg(defaults.otherRedirectUris.join(QStringLiteral(", "))),
        QStringLiteral("URI"));

    parser.addOptions({help, port, clientId, clientSecret, redirectUri, appName, hubId, hubDomain, user,
                       autoApprove, accessLifetime, codeLifetime, rateLimit, rateWindow, searchLag, searchRate,
                       searchInMax, latency, mergedIds, conflictBody, stateFile,
                       otherClientId, otherClientSecret, otherRedirectUri});

    if (!parser.parse(arguments))
        return failure(parser.errorText());

    if (parser.isSet(help)) {
        CommandLineOutcome outcome;
        outcome.action = CommandLineOutcome::Action::ShowHelp;
        outcome.text = parser.helpText();
        return outcome;
    }

    if (!parser.positionalArguments().isEmpty())
        return failure(QStringLiteral("Unexpected argument '%1'.").arg(parser.positionalArguments().constFirst()));

    CommandLineOutcome outcome;
    SandboxConfig &config = outcome.config;
    QString error;

    qint64 portValue = 0;
    qint64 accessValue = config.accessTokenLifetimeSeconds;
    qint64 codeValue = config.codeLifetimeSeconds;
    qint64 rateValue = config.rateLimit;
    qint64 windowValue = config.rateWindowMs;
    qint64 searchLagValue = config.searchLagMs;
    qint64 searchRateValue = config.searchRateLimit;
    qint64 searchInMaxValue = config.searchInMax;
    qint64 latencyValue = config.latencyMs;
    const bool numbersValid = readInteger(parser, {port, 0, 65535}, portValue, error)
        && readInteger(parser, {hubId, 1, std::numeric_limits<qint64>::max()}, config.hubId, error)
        && readInteger(parser, {accessLifetime, 1, 365 * 24 * 3600}, accessValue, error)
        && readInteger(parser, {codeLifetime, 1, 365 * 24 * 3600}, codeValue, error)
        && readInteger(parser, {rateLimit, 0, 1000000}, rateValue, error)
        && readInteger(parser, {rateWindow, 1, 24 * 3600 * 1000}, windowValue, error)
        && readInteger(parser, {searchLag, 0, 3600 * 1000}, searchLagValue, error)
        && readInteger(parser, {searchRate, 0, 1000000}, searchRateValue, error)
        && readInteger(parser, {searchInMax, 1, 100000}, searchInMaxValue, error)
        && readInteger(parser, {latency, 0, 600 * 1000}, latencyValue, error);
    if (!numbersValid)
        return failure(error);

    config.port = quint16(portValue);
    config.accessTokenLifetimeSeconds = int(accessValue);
    config.codeLifetimeSeconds = int(codeValue);
    config.rateLimit = int(rateValue);
    config.rateWindowMs = int(windowValue);
    config.searchLagMs = int(searchLagValue);
    config.searchRateLimit = int(searchRateValue);
    config.searchInMax = int(searchInMaxValue);
    config.latencyMs = int(latencyValue);

    if (parser.isSet(mergedIds)) {
        const QString mode = parser.value(mergedIds);
        if (mode != QLatin1String("primary") && mode != QLatin1String("not-found"))
            return failure(QStringLiteral("Invalid value '%1' for --merged-ids: expected 'primary' or 'not-found'.").arg(mode));
        config.followMergedIds = mode == QLatin1String("primary");
    }
    if (parser.isSet(conflictBody)) {
        const QString style = parser.value(conflictBody);
        if (style != QLatin1String("classic") && style != QLatin1String("extended"))
            return failure(QStringLiteral("Invalid value '%1' for --conflict-body: expected 'classic' or 'extended'.").arg(style));
        config.extendedConflictBody = style == QLatin1String("extended");
    }

    if (parser.isSet(clientId))
        config.clientId = parser.value(clientId);
    if (parser.isSet(clientSecret))
        config.clientSecret = parser.value(clientSecret);
    if (parser.isSet(appName))
        config.appName = parser.value(appName);
    if (parser.isSet(hubDomain))
        config.hubDomain = parser.value(hubDomain);
    if (parser.isSet(user))
        config.user = parser.value(user);
    if (parser.isSet(stateFile))
        config.stateFile = parser.value(stateFile);
    config.autoApprove = parser.isSet(autoApprove);

    if (parser.isSet(otherClientId))
        config.otherClientId = parser.value(otherClientId);
    if (parser.isSet(otherClientSecret))
        config.otherClientSecret = parser.value(otherClientSecret);

    if (parser.isSet(redirectUri))
        config.redirectUris = parser.values(redirectUri);
    if (parser.isSet(otherRedirectUri))
        config.otherRedirectUris = parser.values(otherRedirectUri);
    if (std::optional<QString> invalid = firstInvalidUrl(config.redirectUris))
        return failure(QStringLiteral("Invalid --redirect-uri '%1': expected an absolute URL.").arg(*invalid));
    if (std::optional<QString> invalid = firstInvalidUrl(config.otherRedirectUris))
        return failure(QStringLiteral("Invalid --other-redirect-uri '%1': expected an absolute URL.").arg(*invalid));

    if (config.clientId.isEmpty() || config.clientSecret.isEmpty())
        return failure(QStringLiteral("--client-id and --client-secret must not be empty."));
    if (config.otherClientId.isEmpty() || config.otherClientSecret.isEmpty())
        return failure(QStringLiteral("--other-client-id and --other-client-secret must not be empty."));

    return outcome;
}

} // namespace Breezee::Sandbox
