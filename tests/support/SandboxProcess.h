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

    // CRM transport faults. `path` limits a switch to requests whose path
    // contains it (empty: every CRM request).

    // crm_status: CRM requests get `status` (500, 502, 503, 504, 423, ...)
    // with a HubSpot-shaped JSON body.
    bool failCrmRequests(int status, int count = Unlimited, const QString &path = {});

    // crm_status 429: `policy` is "TEN_SECONDLY_ROLLING" or "SECONDLY", and
    // a `retryAfterSeconds` of 0 or more adds a Retry-After header.
    bool rateLimitCrmRequests(const QString &policy, int retryAfterSeconds = -1, int count = Unlimited,
                              const QString &path = {});

    // crm_reset: CRM requests get their connection closed without a
    // response. With `afterHandling` the request is carried out first.
    bool resetCrmConnections(int count = Unlimited, const QString &path = {}, bool afterHandling = false);

    // crm_stall_ms: CRM responses wait `milliseconds` (-1: for ever).
    bool stallCrmRequests(int milliseconds, int count = Unlimited, const QString &path = {});

    // crm_truncate: CRM responses promise more body bytes than they send.
    bool truncateCrmResponses(int count = Unlimited, const QString &path = {});

    // crm_non_json: CRM requests get 200 with `kind` "text", "html" or "empty".
    bool sendNonJsonCrmResponses(const QString &kind, int count = Unlimited, const QString &path = {});

    // rate_429_storm_ms: every CRM request gets 429 TEN_SECONDLY_ROLLING for
    // `milliseconds` from now.
    bool startRateLimitStorm(int milliseconds, const QString &path = {});

    // Scopes that cover every sandbox CRM endpoint.
    static QString allCrmScopes();

    // Runs HubSpot's authorization code flow against the sandbox with the
    // default client, secret and first redirect URI (pressing Allow unless
    // --auto-approve is set) and returns the access token, or an empty
    // string with errorString() set.
    QString obtainAccessToken(const QString &scopes = allCrmScopes());

    // POST /_sandbox/companies: seeds a company without HubSpot's rules.
    QString seedCompany(const QJsonObject &properties);

    // POST /_sandbox/contacts/merge: merges `mergedId` into `primaryId`.
    bool mergeContacts(const QString &primaryId, const QString &mergedId);

    // GET /_sandbox/contacts/{id}: the stored contact with companyIds,
    // primaryCompanyId and noteIds, or an empty object when it is unknown.
    QJsonObject contactState(const QString &contactId);

    // GET /_sandbox/contacts/{id}/notes: the contact's notes by hs_timestamp,
    // each with id, body, timestamp, properties and associations.
    QJsonArray contactNotes(const QString &contactId);

    // POST /_sandbox/search/publish: makes every pending write visible to
    // search at once.
    bool publishSearchIndex();

    // GET /_sandbox/requests?summary=1: total, byRoute ("POST
    // /crm/v3/objects/contacts/batch/create": n), byStatus, rateLimited,
    // firstAtMs and lastAtMs.
    QJsonObject requestSummary();

    // The summary's count for one "METHOD route pattern".
    int requestCount(const QString &methodAndRoute);

    // GET /_sandbox/requests?since=N&limit=M: the entries after sequence
    // number N and "next", the N for the following page.
    QJsonObject requestsSince(qint64 since, int limit = 1000);

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
