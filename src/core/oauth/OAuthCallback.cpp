#include "OAuthCallback.h"
#include "OAuthConnector.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

namespace Breezee {

namespace {

// Shares the connector's translation context, because the connector shows
// these messages.
Error malformed()
{
    return {QStringLiteral("callback_malformed"),
            OAuthConnector::tr("The browser sent a request that is not a valid sign-in answer. Click Connect to "
               "start again.")};
}

bool isHttpVersion(const QByteArray &text)
{
    return text == "HTTP/1.0" || text == "HTTP/1.1";
}

} // namespace

Result<QVariantMap> parseOAuthCallback(const QByteArray &requestLine, const QString &callbackPath)
{
    QByteArray line = requestLine;
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);

    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || parts.at(0) != "GET" || !isHttpVersion(parts.at(2)))
        return malformed();

    const QByteArray target = parts.at(1);
    if (!target.startsWith('/'))
        return malformed();

    const QUrl url = QUrl::fromEncoded(QByteArrayLiteral("http://127.0.0.1") + target, QUrl::StrictMode);
    if (!url.isValid())
        return malformed();

    if (url.path() != callbackPath)
        return Error{QStringLiteral("callback_wrong_path"),
                     OAuthConnector::tr("The browser answered on a path other than the registered redirect URI. "
                        "Click Connect to start again.")};

    QVariantMap values;
    const QUrlQuery query(url);
    const QList<QPair<QString, QString>> items = query.queryItems();
    for (const auto &item : items)
        values.insert(item.first, item.second);

    return values;
}

Status checkOAuthCallback(const QVariantMap &values, const QByteArray &expectedState)
{
    const QByteArray state = values.value(QStringLiteral("state")).toByteArray();
    if (state != expectedState)
        return Error{QStringLiteral("state_mismatch"),
                     OAuthConnector::tr("The browser returned an answer that does not belong to this sign-in "
                        "attempt. Click Connect to start again.")};

    if (!values.contains(QStringLiteral("code")) && !values.contains(QStringLiteral("error")))
        return Error{QStringLiteral("code_missing"),
                     OAuthConnector::tr("The browser returned no authorization code. Click Connect to start "
                        "again.")};

    return std::nullopt;
}

QByteArray reencodeAuthorizationCode(const QByteArray &sent)
{
    const QByteArray code = QByteArray::fromPercentEncoding(QByteArray::fromPercentEncoding(sent));
    return QUrl::toPercentEncoding(QString::fromUtf8(code));
}

} // namespace Breezee
