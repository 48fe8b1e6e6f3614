#pragma once

#include "BlockingHttp.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Breezee::Test {

// Runs the built hubspot-sandbox executable for one test. start() waits for
// its "LISTENING <port>" line, and the destructor ends the process. The
// helpers block in a local event loop with a timeout, for tests only.
class SandboxProcess {
public:
    SandboxProcess();
    ~SandboxProcess();

    SandboxProcess(const SandboxProcess &) = delete;
    SandboxProcess &operator=(const SandboxProcess &) = delete;

    // Starts the sandbox with `arguments` added to the command line and
    // waits up to 10 s for it to listen. Returns false and sets
    // errorString() when it exits or stays silent.
    bool start(const QStringList &arguments = {});

    // Ends the process: SIGTERM, then SIGKILL after 3 s.
    void stop();

    bool isRunning() const;

    // Why the last failed start() or fault switch call failed.
    QString errorString() const { return m_errorString; }

    // The sandbox's stderr so far: one "METHOD path status" line per request.
    QByteArray standardError();

    quint16 port() const { return m_port; }
    QUrl baseUrl() const;
    QUrl url(const QString &pathAndQuery) const;

    // GET /_sandbox/state, or an empty object when the call fails.
    QJsonObject state();

    // Seeds a contact through POST /_sandbox/contacts without HubSpot's
    // rules. Returns its id, or an empty string when the call fails.
    QString seedContact(const QJsonObject &properties);

    // GET /_sandbox/requests: the requests the sandbox responded to, oldest first.
    QJsonArray requests();

    // POST /_sandbox/reset, which also clears the fault switches and the
    // OAuth request counters. Returns false when the call fails.
    bool reset();

    // Fault switches (/_sandbox/faults). Each setter returns false and sets
    // errorString() when the sandbox rejects the switch. A count limits a
    // switch to that many matching requests, and Unlimited keeps it on
    // until cleared. An empty grantType matches every grant type.
    static constexpr int Unlimited = -1;

    // POST /_sandbox/faults: each key of `switches` replaces that switch,
    // and a null value clears it.
    bool setFaults(const QJsonObject &switches);

    // DELETE /_sandbox/faults: turns every switch off.
    bool clearFaults();

    // GET /_sandbox/faults: the active switches with their remaining counts.
    QJsonObject faults();

    // token_error with a preset: "invalid_grant" or "server_error".
    bool failTokenRequests(const QString &preset, int count = Unlimited, const QString &grantType = {});

    // token_error with an HTTP status and, unless empty, a JSON body.
    bool failTokenRequests(int status, const QJsonObject &body, int count = Unlimited,
                           const QString &grantType = {});

    // token_stall_ms: token requests wait `milliseconds` before they are
    // handled, or wait for ever with -1.
    bool stallTokenRequests(int milliseconds, int count = Unlimited, const QString &grantType = {});

    // refresh_without_refresh_token: refresh replies leave out refresh_token.
    bool omitRefreshToken(int count = Unlimited);

    // crm_401: CRM requests with a valid token get 401 EXPIRED_AUTHENTICATION.
    bool expireCrmTokens(int count = Unlimited);

    // crm_403_missing_scope: CRM requests get 403 MISSING_SCOPES naming `scope`.
    bool denyCrmScope(const QString &scope, int count = Unlimited);

    // grant_scopes: tokens issued from now on carry exactly `scopes`.
    bool grantOnlyScopes(const QStringList &scopes);

    // revoke_error: the revoke endpoints respond with `status`.
    bool failRevoke(int status, int count = Unlimited);

    // revoke_error "unreachable": the revoke endpoints close the connection
    // without a response.
    bool dropRevokeRequests(int count = Unlimited);

    // OAuth activity from /_sandbox/state. `provider` is "hubspot" or
    // "other-idp"; `grantType` is "authorization_code", "refresh_token" or
    // "other". The counts cover every request that reached the endpoint,
    // including rejected and stalled ones.
    int tokenRequestCount(const QString &grantType, const QString &provider = QStringLiteral("hubspot"));
    int revokeRequestCount(const QString &provider = QStringLiteral("hubspot"));

    // The non-secret fields of the latest authorize and token requests of
    // either provider, or an empty object before the first one.
    QJsonObject lastAuthorize();
    QJsonObject lastTokenRequest();

    // Sends one request to the sandbox, with a JSON content type when
    // `body` is non-empty and no Content-Type is given.
    HttpResult send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // Path of the executable: $BREEZEE_SANDBOX_PATH when set, else the one
    // built with the tests.
    static QString executablePath();

private:
    QJsonObject oauthCounters(const QString &provider);

    QProcess m_process;
    QNetworkAccessManager m_network;
    QByteArray m_standardError;
    QString m_errorString;
    quint16 m_port = 0;
};

// Returns a TCP port on 127.0.0.1 that was free a moment ago. Another
// process may take it before the caller binds, so use it only in tests.
quint16 freeLoopbackPort();

} // namespace Breezee::Test
