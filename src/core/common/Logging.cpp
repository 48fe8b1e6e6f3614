#include "Logging.h"

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

namespace {

QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

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
}

} // namespace Breezee
