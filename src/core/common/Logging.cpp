#include "Logging.h"

#include <QRegularExpression>
#include <QUrl>

Q_LOGGING_CATEGORY(lcStore, "breezee.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcImport, "breezee.import", QtInfoMsg)
Q_LOGGING_CATEGORY(lcOAuth, "breezee.oauth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcKeychain, "breezee.keychain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "breezee.hubspot.http", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSync, "breezee.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGui, "breezee.gui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "breezee.cli", QtInfoMsg)

namespace Breezee {

QString urlForLog(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
        .toString();
}

QString redactSecrets(const QString &message)
{
    // The query of any URL, the values of the OAuth parameters and token
    // fields, and Bearer credentials, wherever they appear.
    static const QRegularExpression urlQuery(QStringLiteral("(\\b[a-z][a-z0-9+.-]*://[^\\s'\"?#]*)\\?[^\\s'\"]*"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression parameter(
        QStringLiteral("\\b(code|state|code_verifier|code_challenge|client_secret|refresh_token|access_token|"
                       "token)(\"?\\s*[=:]\\s*\"?)[^\\s&\"',}]+"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bearer(QStringLiteral("\\b(Bearer\\s+)[^\\s\"',}]+"),
                                           QRegularExpression::CaseInsensitiveOption);

    QString safe = message;
    safe.replace(urlQuery, QStringLiteral("\\1?[query removed]"));
    safe.replace(parameter, QStringLiteral("\\1\\2[removed]"));
    safe.replace(bearer, QStringLiteral("\\1[removed]"));
    return safe;
}

namespace {

QLoggingCategory::CategoryFilter g_previousFilter = nullptr;
QtMessageHandler g_previousHandler = nullptr;

// Every message passes through here, Qt's own too: a platform plugin may
// print a whole authorize URL with its state and PKCE challenge.
void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString safe = redactSecrets(message);
    if (g_previousHandler)
        g_previousHandler(type, context, safe);
    else
        qt_message_output(type, context, safe);
}

void filterCategory(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);

    if (qstrncmp(category->categoryName(), "qt.networkauth", 14) == 0)
        category->setEnabled(QtDebugMsg, false);
}

} // namespace

void installSecretSafeLogging()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    g_previousFilter = QLoggingCategory::installFilter(filterCategory);
    g_previousHandler = qInstallMessageHandler(redactingHandler);
}

} // namespace Breezee
