#pragma once

#include <QLoggingCategory>

class QUrl;

// One category per area. Enable with QT_LOGGING_RULES, for example
// "breezee.sync.debug=true". No category ever logs a token, an
// authorization code, a client secret, a `state` or a PKCE verifier.
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcImport)
Q_DECLARE_LOGGING_CATEGORY(lcOAuth)
Q_DECLARE_LOGGING_CATEGORY(lcKeychain)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcGui)
Q_DECLARE_LOGGING_CATEGORY(lcCli)

namespace Breezee {

// Renders a URL for a log line as scheme, host, port and path only, so that
// query strings carrying codes or state never reach a log.
QString urlForLog(const QUrl &url);

// Removes URL queries and the values of OAuth parameters and token fields
// from a message.
QString redactSecrets(const QString &message);

// Keeps Qt NetworkAuth's debug output off whatever the logging rules set,
// because Qt 6.4 logs the whole authorization URL, `state` included, at
// debug level in qt.networkauth.oauth2, and passes every message through
// redactSecrets(). Both executables call it first.
void installSecretSafeLogging();

} // namespace Breezee
