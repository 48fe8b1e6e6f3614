#include "OAuthConnector.h"

#include "common/Logging.h"
#include "oauth/Pkce.h"
#include "oauth/TokenClient.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>

namespace Breezee {

namespace {

// A loopback listener that reports the registered redirect URI verbatim.
// Qt's own callback() returns http://127.0.0.1:PORT/ up to 6.7.1 and
// http://localhost:PORT/ later. The provider accepts only the exact string
// registered for the app, in the authorize URL and in the code exchange.
class RegisteredUriReplyHandler : public QOAuthHttpServerReplyHandler {
public:
    RegisteredUriReplyHandler(const QUrl &redirectUri, QObject *parent)
        // QHostAddress(...) is spelled out: a bare QHostAddress::LocalHost
        // converts to the port overload and listens on all interfaces.
        : QOAuthHttpServerReplyHandler(QHostAddress(QHostAddress::LocalHost),
                                       quint16(redirectUri.port()), parent)
        , m_redirectUri(redirectUri.toString(QUrl::FullyEncoded))
    {
        setCallbackPath(redirectUri.path());
    }

    QString callback() const override { return m_redirectUri; }

private:
    QString m_redirectUri;
};

// Width of the random `state`; Qt's own is 8 characters and reused.
constexpr int kStateLength = 43;
constexpr int kVerifierLength = 64;

} // namespace

OAuthConnector::OAuthConnector(ResolvedProvider provider, QObject *parent)
    : QObject(parent)
    , m_provider(std::move(provider))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finishWithError({QStringLiteral("authorization_timeout"),
                         OAuthConnector::tr("Signing in to %1 was not finished within %2 minutes. If you declined "
                            "or closed the browser tab, click Connect to try again.")
                             .arg(m_provider.definition.displayName)
                             .arg(m_timeoutMs / 60000.0, 0, 'g', 2)});
    });
}

OAuthConnector::~OAuthConnector()
{
    shutDown();
}

bool OAuthConnector::isListening() const
{
    return m_handler && m_handler->isListening();
}

void OAuthConnector::start()
{
    if (!listenOnRegisteredUri())
        return;

    configureFlow();
    m_timeout.start(m_timeoutMs);
    qCInfo(lcOAuth) << "authorization started for" << m_provider.definition.key << "listening on"
                    << urlForLog(m_redirectUri);
    m_flow->grant();
}

void OAuthConnector::cancel()
{
    finishWithError({QStringLiteral("authorization_cancelled"), OAuthConnector::tr("Connecting was cancelled.")});
}

bool OAuthConnector::listenOnRegisteredUri()
{
    QStringList busyPorts;
    for (const QString &text : std::as_const(m_provider.definition.redirectUris)) {
        const QUrl uri(text);
        if (uri.port() <= 0) {
            qCWarning(lcOAuth) << "skipping redirect URI without a port" << text;
            continue;
        }

        auto *handler = new RegisteredUriReplyHandler(uri, this);
        if (handler->isListening()) {
            m_handler = handler;
            m_redirectUri = uri;
            return true;
        }

        qCWarning(lcOAuth) << "redirect port busy:" << uri.port();
        busyPorts << QString::number(uri.port());
        delete handler;
    }

    finishWithError({QStringLiteral("redirect_port_busy"),
                     OAuthConnector::tr("Cannot listen for the browser's answer: port %1 on 127.0.0.1 is in use by "
                        "another program. Close that program, or register another redirect URI "
                        "for the app and add it to the provider seed, then try again.")
                         .arg(busyPorts.join(QStringLiteral(", ")))});
    return false;
}

void OAuthConnector::configureFlow()
{
    m_network = new QNetworkAccessManager(this);
    m_network->setTransferTimeout(m_tokenRequestTimeoutMs);
    connect(m_network, &QNetworkAccessManager::finished, this, &OAuthConnector::onNetworkReplyFinished);

    m_flow = new QOAuth2AuthorizationCodeFlow(m_network, this);
    m_flow->setAuthorizationUrl(m_provider.authorizeUrl);
    m_flow->setAccessTokenUrl(m_provider.tokenUrl);
    m_flow->setClientIdentifier(m_provider.credentials.clientId);
    m_flow->setClientIdentifierSharedKey(m_provider.credentials.clientSecret);
    m_flow->setScope(m_provider.definition.scopeNames().join(QLatin1Char(' ')));
    m_flow->setReplyHandler(m_handler);

    m_state = randomUnreservedString(kStateLength);
    m_flow->setState(QString::fromLatin1(m_state));
    m_codeVerifier = randomUnreservedString(kVerifierLength);

    m_handler->setCallbackText(OAuthConnector::tr("You are signed in. Return to the Breezee Integrations Console; "
                                  "you can close this tab."));

    const QByteArray verifier = m_codeVerifier;
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // Qt 6.8 brings PKCE; keep the manual parameters for 6.4 only.
    m_flow->setPkceMethod(QOAuth2AuthorizationCodeFlow::PkceMethod::S256, kVerifierLength);
#endif
    m_flow->setModifyParametersFunction(
        [verifier](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *parameters) {
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
            if (stage == QAbstractOAuth::Stage::RequestingAuthorization) {
                parameters->insert(QStringLiteral("code_challenge"), pkceChallenge(verifier));
                parameters->insert(QStringLiteral("code_challenge_method"), QByteArray("S256"));
                return;
            }
#endif
            if (stage == QAbstractOAuth::Stage::RequestingAccessToken) {
                // Qt 6.4 percent-encodes a code that arrived as %2B or %2F a
                // second time; decode twice and encode once.
                const QByteArray sent = parameters->value(QStringLiteral("code")).toByteArray();
                const QByteArray code = QByteArray::fromPercentEncoding(QByteArray::fromPercentEncoding(sent));
                parameters->replace(QStringLiteral("code"), QUrl::toPercentEncoding(QString::fromUtf8(code)));
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
                parameters->insert(QStringLiteral("code_verifier"), verifier);
#endif
            }
        });

    connect(m_flow, &QAbstractOAuth::authorizeWithBrowser, this, &OAuthConnector::authorizationUrlReady);
    connect(m_flow, &QAbstractOAuth::granted, this, &OAuthConnector::onGranted);
    connect(m_flow, &QAbstractOAuth2::error, this,
            [this](const QString &error, const QString &description, const QUrl &) {
                finishWithError({error.isEmpty() ? QStringLiteral("authorization_failed") : error,
                                 OAuthConnector::tr("%1 did not authorize the connection: %2")
                                     .arg(m_provider.definition.displayName,
                                          description.isEmpty() ? error : description)});
            });
    connect(m_handler, &QAbstractOAuthReplyHandler::callbackReceived, this,
            &OAuthConnector::onCallbackReceived);
    connect(m_handler, &QAbstractOAuthReplyHandler::tokensReceived, this,
            [this](const QVariantMap &tokens) { m_tokenReply = tokens; });
}

void OAuthConnector::onCallbackReceived(const QVariantMap &values)
{
    // Qt 6.4 only logs a warning on a state mismatch and keeps waiting.
    const QByteArray state = values.value(QStringLiteral("state")).toByteArray();
    if (state != m_state) {
        finishWithError({QStringLiteral("state_mismatch"),
                         OAuthConnector::tr("The browser returned an answer that does not belong to this sign-in "
                            "attempt. Click Connect to start again.")});
        return;
    }
    if (!values.contains(QStringLiteral("code")) && !values.contains(QStringLiteral("error"))) {
        finishWithError({QStringLiteral("code_missing"),
                         OAuthConnector::tr("The browser returned no authorization code. Click Connect to start "
                            "again.")});
    }
}

void OAuthConnector::onNetworkReplyFinished(QNetworkReply *reply)
{
    // Qt 6.4 emits no signal when the token endpoint responds with 4xx or
    // 5xx and leaves the flow waiting, so the reply is inspected here.
    if (m_finished || reply->url().adjusted(QUrl::RemoveQuery) != m_provider.tokenUrl.adjusted(QUrl::RemoveQuery))
        return;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status < 400)
        return;

    const QByteArray body = reply->peek(64 * 1024);
    Error error = TokenClient::parseTokenError(reply, body);
    if (error.code == QLatin1String("invalid_grant")) {
        // Here the rejected grant is the authorization code of this
        // attempt, not a saved sign-in.
        const QJsonObject object = QJsonDocument::fromJson(body).object();
        QString reason = object.value(QLatin1String("error_description")).toString();
        if (reason.isEmpty())
            reason = object.value(QLatin1String("message")).toString();
        if (reason.isEmpty())
            reason = QStringLiteral("invalid_grant");
        error.message = OAuthConnector::tr("%1 rejected the authorization code from the browser (%2). Start Connect again "
                           "and approve in the browser within a few minutes.")
                            .arg(m_provider.definition.displayName, reason);
    }
    finishWithError(error);
}

void OAuthConnector::onGranted()
{
    if (m_finished)
        return;

    TokenSet tokens;
    tokens.accessToken = m_flow->token();
    tokens.refreshToken = m_flow->refreshToken();
    tokens.expiresAt = m_flow->expirationAt().toUTC();

    // HubSpot reports the granted scopes as an array named "scopes";
    // RFC 6749 providers as a space-separated "scope".
    const QVariant scopes = m_tokenReply.value(QStringLiteral("scopes"));
    if (scopes.isValid())
        tokens.scopes = scopes.toStringList();
    else
        tokens.scopes = m_tokenReply.value(QStringLiteral("scope"), m_flow->scope()).toString()
                            .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    tokens.accountId = m_tokenReply.value(QStringLiteral("hub_id"),
                                          m_tokenReply.value(QStringLiteral("account_id"))).toString();

    if (tokens.refreshToken.isEmpty()) {
        finishWithError({QStringLiteral("refresh_token_missing"),
                         OAuthConnector::tr("%1 granted access but sent no refresh token, so the connection could "
                            "not be kept. Try again; if it persists, check the app's settings.")
                             .arg(m_provider.definition.displayName)});
        return;
    }

    m_finished = true;
    qCInfo(lcOAuth) << "authorization granted for" << m_provider.definition.key << "account"
                    << tokens.accountId;
    shutDown();
    emit succeeded(tokens);
}

void OAuthConnector::finishWithError(const Error &error)
{
    if (m_finished)
        return;

    m_finished = true;
    qCWarning(lcOAuth) << "authorization failed for" << m_provider.definition.key << error.code;
    shutDown();
    emit failed(error);
}

void OAuthConnector::shutDown()
{
    m_timeout.stop();
    if (m_handler)
        m_handler->close();
}

} // namespace Breezee
