#pragma once

#include "common/Result.h"
#include "oauth/Provider.h"
#include "oauth/TokenSet.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>

class QNetworkAccessManager;
class QNetworkReply;
class QOAuth2AuthorizationCodeFlow;
class QOAuthHttpServerReplyHandler;

namespace Breezee {

// Runs one OAuth 2.0 authorization-code grant with PKCE in the system
// browser: QOAuth2AuthorizationCodeFlow plus the fixes that Qt 6.4 needs.
// The redirect URI is taken verbatim from the provider's registered list
// (the first whose port is free), the listener binds to loopback only and
// closes on success, error, cancel and timeout. Create one per attempt.
class OAuthConnector : public QObject {
    Q_OBJECT

public:
    explicit OAuthConnector(ResolvedProvider provider, QObject *parent = nullptr);
    ~OAuthConnector() override;

    // Time from start() to the token reply; HubSpot sends nothing back when
    // the person declines, so only a timeout ends that case.
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    // Upper bound for the code exchange request.
    void setTokenRequestTimeout(int milliseconds) { m_tokenRequestTimeoutMs = milliseconds; }

    void start();
    void cancel();

    QUrl redirectUri() const { return m_redirectUri; }
    bool isListening() const;

signals:
    // The URL to open in a browser. It carries `state` and the PKCE
    // challenge, so it is shown to the person but never logged.
    void authorizationUrlReady(const QUrl &url);
    void succeeded(const Breezee::TokenSet &tokens);
    void failed(const Breezee::Error &error);

private:
    bool listenOnRegisteredUri();
    void configureFlow();
    void onCallbackReceived(const QVariantMap &values);
    void onNetworkReplyFinished(QNetworkReply *reply);
    void onGranted();
    void finishWithError(const Error &error);
    void shutDown();

    ResolvedProvider m_provider;
    QNetworkAccessManager *m_network = nullptr;
    QOAuth2AuthorizationCodeFlow *m_flow = nullptr;
    QOAuthHttpServerReplyHandler *m_handler = nullptr;
    QUrl m_redirectUri;
    QByteArray m_state;
    QByteArray m_codeVerifier;
    QVariantMap m_tokenReply;
    QTimer m_timeout;
    int m_timeoutMs = 5 * 60 * 1000;
    int m_tokenRequestTimeoutMs = 30000;
    bool m_finished = false;
};

} // namespace Breezee
