#pragma once

#include "common/Result.h"
#include "oauth/Provider.h"
#include "oauth/TokenSet.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Breezee {

// Upper bound for one request to a token, introspection or revoke endpoint.
constexpr int kTokenRequestTimeoutMs = 30000;

// A provider's report on a token and the account behind it.
struct TokenInfo {
    bool active = false;
    QString accountId;
    QString accountDomain;
    QString user;
    QStringList scopes;
};

// Direct calls to a provider's token endpoints, form-encoded with the
// client credentials in the body: refresh, introspection and revocation.
// Error codes: "invalid_grant" means the refresh token is dead, so the
// person must reconnect. "offline" means the provider was not reached and
// the refresh token is still good.
class TokenClient : public QObject {
    Q_OBJECT

public:
    TokenClient(ResolvedProvider provider, QNetworkAccessManager *network, QObject *parent = nullptr);

    // A reply without a refresh_token keeps the one passed in.
    void refresh(const QString &refreshToken, std::function<void(Result<TokenSet>)> done);
    void introspect(const QString &token, const QString &tokenTypeHint,
                    std::function<void(Result<TokenInfo>)> done);
    void revoke(const QString &refreshToken, std::function<void(Status)> done);

    // Turns a failed token-endpoint reply into an Error; `body` is the
    // reply's content.
    static Error parseTokenError(QNetworkReply *reply, const QByteArray &body);

    // Reads an introspection reply, in HubSpot's shape or RFC 7662's.
    static TokenInfo parseTokenInfo(const QJsonObject &object);

    // Upper bound for one request; a stalled endpoint fails as "offline"
    // after it. Default kTokenRequestTimeoutMs.
    void setRequestTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

private:
    QNetworkReply *post(const QUrl &url, const QList<QPair<QString, QString>> &fields);

    ResolvedProvider m_provider;
    QNetworkAccessManager *m_network;
    int m_timeoutMs = kTokenRequestTimeoutMs;
};

} // namespace Breezee
