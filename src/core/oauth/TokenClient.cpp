#include "TokenClient.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <cmath>

namespace Breezee {

namespace {

bool isNetworkFailure(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

QStringList toStringList(const QJsonValue &value)
{
    QStringList list;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            list << item.toString();
    } else if (value.isString()) {
        list = value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    return list;
}

// Returns a string or a whole JSON number as text. A number beyond the
// 64-bit range or with a fraction is no id, so it becomes empty.
QString valueAsString(const QJsonValue &value)
{
    if (!value.isDouble())
        return value.toString();

    const double number = value.toDouble();
    const bool whole = std::isfinite(number) && std::trunc(number) == number;
    if (!whole || number < -9.2e18 || number > 9.2e18)
        return QString();
    return QString::number(qint64(number));
}

// Returns the first of the named fields that is present.
QJsonValue firstPresent(const QJsonObject &object, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QJsonValue value = object.value(QLatin1String(name));
        if (!value.isUndefined() && !value.isNull())
            return value;
    }
    return QJsonValue();
}

} // namespace

TokenInfo TokenClient::parseTokenInfo(const QJsonObject &object)
{
    // HubSpot names the account hub_id and the scopes an array; RFC 7662
    // providers use sub and a space-separated scope string.
    TokenInfo info;
    info.active = object.value(QLatin1String("active")).toBool();
    info.accountId = valueAsString(firstPresent(object, {"hub_id", "account_id", "sub"}));
    info.accountDomain = firstPresent(object, {"hub_domain", "domain"}).toString();
    info.user = firstPresent(object, {"user", "username", "email"}).toString();
    info.scopes = toStringList(firstPresent(object, {"scopes", "scope"}));
    return info;
}

TokenClient::TokenClient(ResolvedProvider provider, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_provider(std::move(provider))
    , m_network(network)
{
}

Error TokenClient::parseTokenError(QNetworkReply *reply, const QByteArray &body)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0 && isNetworkFailure(reply->error()))
        return {QStringLiteral("offline"),
                TokenClient::tr("%1 could not be reached (%2). The connection is kept; retrying when the "
                   "network is back.")
                    .arg(reply->url().host(), reply->errorString())};

    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString error = object.value(QLatin1String("error")).toString();
    QString description = object.value(QLatin1String("error_description")).toString();
    if (description.isEmpty())
        description = object.value(QLatin1String("message")).toString();
    const QString legacyStatus = object.value(QLatin1String("status")).toString();

    // Before v3, HubSpot sent only status BAD_REFRESH_TOKEN for a dead token.
    if (error == QLatin1String("invalid_grant") || legacyStatus == QLatin1String("BAD_REFRESH_TOKEN"))
        return {QStringLiteral("invalid_grant"),
                TokenClient::tr("Reconnect required: the provider rejected the saved sign-in (%1).")
                    .arg(description.isEmpty() ? error : description)};

    if (status >= 500 || status == 429)
        return {QStringLiteral("offline"),
                TokenClient::tr("The token endpoint answered HTTP %1. Retrying shortly.").arg(status)};

    return {error.isEmpty() ? QStringLiteral("token_request_failed") : error,
            TokenClient::tr("The token endpoint answered HTTP %1: %2")
                .arg(status)
                .arg(description.isEmpty() ? reply->errorString() : description)};
}

QNetworkReply *TokenClient::post(const QUrl &url, const QList<QPair<QString, QString>> &fields)
{
    QUrlQuery form;
    for (const auto &field : fields)
        form.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(field.first)),
                          QString::fromLatin1(QUrl::toPercentEncoding(field.second)));

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_timeoutMs);
    return m_network->post(request, form.toString(QUrl::FullyEncoded).toLatin1());
}

void TokenClient::refresh(const QString &refreshToken, std::function<void(Result<TokenSet>)> done)
{
    QNetworkReply *reply = post(m_provider.tokenUrl,
                                {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                 {QStringLiteral("client_id"), m_provider.credentials.clientId},
                                 {QStringLiteral("client_secret"), m_provider.credentials.clientSecret},
                                 {QStringLiteral("refresh_token"), refreshToken}});

    connect(reply, &QNetworkReply::finished, this, [reply, refreshToken, done] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status >= 400) {
            const Error error = parseTokenError(reply, body);
            qCWarning(lcOAuth) << "token refresh failed:" << error.code << "HTTP" << status;
            done(error);
            return;
        }

        const QJsonObject object = QJsonDocument::fromJson(body).object();
        TokenSet tokens;
        tokens.accessToken = object.value(QLatin1String("access_token")).toString();
        tokens.refreshToken = object.value(QLatin1String("refresh_token")).toString(refreshToken);
        if (tokens.refreshToken.isEmpty())
            tokens.refreshToken = refreshToken;
        const int expiresIn = object.value(QLatin1String("expires_in")).toInt(1800);
        tokens.expiresAt = QDateTime::currentDateTimeUtc().addSecs(expiresIn);
        tokens.scopes = toStringList(firstPresent(object, {"scopes", "scope"}));
        tokens.accountId = valueAsString(firstPresent(object, {"hub_id", "account_id"}));

        if (tokens.accessToken.isEmpty()) {
            done(Error{QStringLiteral("token_reply_invalid"),
                       TokenClient::tr("The token endpoint answered without an access token.")});
            return;
        }
        qCInfo(lcOAuth) << "access token refreshed, valid for" << expiresIn << "s";
        done(tokens);
    });
}

void TokenClient::introspect(const QString &token, const QString &tokenTypeHint,
                             std::function<void(Result<TokenInfo>)> done)
{
    if (!m_provider.introspectUrl.isValid() || m_provider.introspectUrl.isEmpty()) {
        done(Error{QStringLiteral("introspection_unsupported"),
                   TokenClient::tr("%1 has no token introspection endpoint.").arg(m_provider.definition.displayName)});
        return;
    }

    QNetworkReply *reply = post(m_provider.introspectUrl,
                                {{QStringLiteral("client_id"), m_provider.credentials.clientId},
                                 {QStringLiteral("client_secret"), m_provider.credentials.clientSecret},
                                 {QStringLiteral("token"), token},
                                 {QStringLiteral("token_type_hint"), tokenTypeHint}});

    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status >= 400) {
            done(parseTokenError(reply, body));
            return;
        }

        const QJsonObject object = QJsonDocument::fromJson(body).object();
        done(parseTokenInfo(object));
    });
}

void TokenClient::revoke(const QString &refreshToken, std::function<void(Status)> done)
{
    if (!m_provider.revokeUrl.isValid() || m_provider.revokeUrl.isEmpty()) {
        done(Error{QStringLiteral("revoke_unsupported"),
                   TokenClient::tr("%1 has no revoke endpoint.").arg(m_provider.definition.displayName)});
        return;
    }

    QNetworkReply *reply = post(m_provider.revokeUrl,
                                {{QStringLiteral("client_id"), m_provider.credentials.clientId},
                                 {QStringLiteral("client_secret"), m_provider.credentials.clientSecret},
                                 {QStringLiteral("token"), refreshToken},
                                 {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}});

    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status >= 400) {
            done(parseTokenError(reply, body));
            return;
        }
        qCInfo(lcOAuth) << "refresh token revoked";
        done(std::nullopt);
    });
}

} // namespace Breezee
