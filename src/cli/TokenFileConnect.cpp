// connect --token-file: the OAuth sign-in for a server without a keyring.
// The refresh token goes into the named owner-only file instead.

#include "CliSupport.h"
#include "Commands.h"

#include "common/Logging.h"
#include "integration/IntegrationController.h"
#include "oauth/OAuthConnector.h"
#include "oauth/TokenFileStore.h"
#include "store/Database.h"

#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace Breezee::Cli {

namespace {

// Records the connection for `status`, as the keyring path does. The token
// itself stays in the file.
Status recordConnection(const Profile &profile, const QString &key, const TokenSet &tokens)
{
    Database database(QStringLiteral("cli-connect-record"));
    if (Status status = database.open(profile.database))
        return status;

    QSqlQuery query(database.handle());
    query.prepare(QStringLiteral(
        "INSERT INTO integrations (provider_key, state, account_id, granted_scopes, connected_at, last_error, "
        "updated_at) VALUES (?, 'connected', ?, ?, ?, NULL, ?) "
        "ON CONFLICT (provider_key) DO UPDATE SET state = excluded.state, account_id = excluded.account_id, "
        "granted_scopes = excluded.granted_scopes, connected_at = excluded.connected_at, last_error = NULL, "
        "updated_at = excluded.updated_at"));
    const QString now = storeTimestamp();
    query.addBindValue(key);
    query.addBindValue(tokens.accountId);
    query.addBindValue(tokens.scopes.join(QLatin1Char(' ')));
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec())
        return Error{QStringLiteral("db_write_failed"),
                     tr("Saving the connection in the store failed: %1").arg(query.lastError().text())};
    return std::nullopt;
}

} // namespace

int runConnectToFile(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
                     const Options &options, const QString &tokenFile)
{
    const auto timeoutSeconds = intOption(parser, options.timeout, 1, 24 * 3600);
    if (!timeoutSeconds)
        return UsageError;
    if (Status status = TokenFileStore::checkFile(tokenFile, true)) {
        err() << status->message << Qt::endl;
        return UsageError;
    }

    const QString key = parser.value(options.provider);
    Database database(QStringLiteral("cli-connect"));
    if (Status status = database.open(profile.database)) {
        err() << status->message << Qt::endl;
        return RuntimeError;
    }
    const auto definition = loadProvider(database.handle(), key);
    if (!definition.ok()) {
        err() << definition.error().message << Qt::endl;
        return UsageError;
    }
    const auto provider = resolveProvider(definition.value(), loadCredentials(profile.credentialsFile, key),
                                          profile.credentialsFile);
    if (!provider.ok()) {
        err() << provider.error().message << Qt::endl;
        return UsageError;
    }
    database.close();

    err() << TokenFileStore::startWarning(tokenFile) << Qt::endl;

    TokenFileStore store(tokenFile);
    OAuthConnector connector(provider.value());
    connector.setTimeout(*timeoutSeconds * 1000);
    const bool openBrowser = !parser.isSet(options.noBrowser)
        && (qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY"));
    int exitCode = RuntimeError;

    QObject::connect(&connector, &OAuthConnector::authorizationUrlReady, &app, [openBrowser](const QUrl &url) {
        out() << tr("Open this URL in a browser and allow access:") << Qt::endl
              << url.toString(QUrl::FullyEncoded) << Qt::endl;
        if (openBrowser && !QProcess::startDetached(QStringLiteral("xdg-open"), {url.toString(QUrl::FullyEncoded)}))
            err() << tr("Could not start xdg-open; open the URL yourself.") << Qt::endl;
    });
    QObject::connect(&connector, &OAuthConnector::failed, &app, [&exitCode](const Error &error) {
        err() << error.message << Qt::endl;
        exitCode = NotConnected;
        QCoreApplication::quit();
    });
    QObject::connect(&connector, &OAuthConnector::succeeded, &app,
                     [&](const TokenSet &tokens) {
        if (tokens.refreshToken.isEmpty()) {
            err() << tr("%1 sent no refresh token, so there is nothing to keep in %2.")
                         .arg(provider->definition.displayName, tokenFile)
                  << Qt::endl;
            exitCode = NotConnected;
            QCoreApplication::quit();
            return;
        }
        store.write(IntegrationController::refreshTokenKey(key), tokens.refreshToken, [&, tokens](Status status) {
            if (status) {
                err() << status->message << Qt::endl;
                exitCode = RuntimeError;
            } else {
                out() << tr("Connected %1 (account %2). The refresh token is in %3.")
                             .arg(provider->definition.displayName, tokens.accountId, tokenFile)
                      << Qt::endl;
                qCInfo(lcCli) << "connected" << key << "with a token file";
                exitCode = Success;
                // The sync works without the record, so a failure here only
                // leaves `status` behind.
                if (Status recorded = recordConnection(profile, key, tokens)) {
                    qCWarning(lcCli) << "recording the connection of" << key << "failed:" << recorded->message;
                    err() << recorded->message << Qt::endl;
                }
            }
            QCoreApplication::quit();
        });
    });

    QMetaObject::invokeMethod(&connector, &OAuthConnector::start, Qt::QueuedConnection);
    app.exec();
    return exitCode;
}

} // namespace Breezee::Cli
