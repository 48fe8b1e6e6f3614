#include "SandboxProcess.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>
#include <QUrlQuery>

namespace Breezee::Test {

namespace {

constexpr int StartTimeoutMs = 10000;
constexpr int StopTimeoutMs = 3000;

} // namespace

SandboxProcess::SandboxProcess()
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    QObject::connect(&m_process, &QProcess::readyReadStandardError, [this] {
        m_standardError += m_process.readAllStandardError();
    });
}

SandboxProcess::~SandboxProcess()
{
    stop();
}

QString SandboxProcess::executablePath()
{
    const QString fromEnvironment = qEnvironmentVariable("BREEZEE_SANDBOX_PATH");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral(BREEZEE_SANDBOX_PATH);
}

bool SandboxProcess::start(const QStringList &arguments)
{
    stop();
    m_port = 0;
    m_errorString.clear();

    m_process.start(executablePath(), arguments);
    if (!m_process.waitForStarted(StartTimeoutMs)) {
        m_errorString = QStringLiteral("Cannot start %1: %2").arg(executablePath(), m_process.errorString());
        return false;
    }

    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!m_process.canReadLine() && !deadline.hasExpired() && m_process.state() == QProcess::Running)
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));

    const QByteArray line = m_process.canReadLine() ? m_process.readLine().trimmed() : QByteArray();
    if (line.startsWith("LISTENING ")) {
        m_port = quint16(line.mid(10).toUInt());
        if (m_port != 0)
            return true;
    }

    m_standardError += m_process.readAllStandardError();
    m_errorString = QStringLiteral("The sandbox did not print LISTENING within %1 ms; first stdout line: '%2'; stderr: '%3'")
                        .arg(StartTimeoutMs)
                        .arg(QString::fromUtf8(line), QString::fromUtf8(m_standardError));
    stop();
    return false;
}

void SandboxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;

    m_process.terminate();
    if (!m_process.waitForFinished(StopTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(StopTimeoutMs);
    }
    m_standardError += m_process.readAllStandardError();
}

bool SandboxProcess::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

QByteArray SandboxProcess::standardError()
{
    m_standardError += m_process.readAllStandardError();
    return m_standardError;
}

QUrl SandboxProcess::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QUrl SandboxProcess::url(const QString &pathAndQuery) const
{
    return QUrl(baseUrl().toString() + pathAndQuery);
}

HttpResult SandboxProcess::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QList<QPair<QByteArray, QByteArray>> allHeaders = headers;
    bool hasContentType = false;
    for (const auto &header : headers)
        hasContentType = hasContentType || header.first.toLower() == "content-type";
    if (!body.isEmpty() && !hasContentType)
        allHeaders.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));

    return sendBlocking(m_network, method, url(pathAndQuery), body, allHeaders);
}

QJsonObject SandboxProcess::state()
{
    return send("GET", QStringLiteral("/_sandbox/state")).json();
}

QString SandboxProcess::seedContact(const QJsonObject &properties)
{
    const QJsonObject body{{QStringLiteral("properties"), properties}};
    const HttpResult result = send("POST", QStringLiteral("/_sandbox/contacts"),
                                   QJsonDocument(body).toJson(QJsonDocument::Compact));
    return result.json().value(QStringLiteral("id")).toString();
}

QJsonArray SandboxProcess::requests()
{
    return send("GET", QStringLiteral("/_sandbox/requests")).json().value(QStringLiteral("requests")).toArray();
}

bool SandboxProcess::reset()
{
    return send("POST", QStringLiteral("/_sandbox/reset"), QByteArray("{}")).status == 200;
}

bool SandboxProcess::setFaults(const QJsonObject &switches)
{
    const HttpResult result = send("POST", QStringLiteral("/_sandbox/faults"),
                                   QJsonDocument(switches).toJson(QJsonDocument::Compact));
    if (result.status == 200)
        return true;

    m_errorString = QStringLiteral("POST /_sandbox/faults returned %1: %2")
                        .arg(result.status)
                        .arg(QString::fromUtf8(result.body));
    return false;
}

bool SandboxProcess::clearFaults()
{
    const HttpResult result = send("DELETE", QStringLiteral("/_sandbox/faults"));
    if (result.status == 200)
        return true;

    m_errorString = QStringLiteral("DELETE /_sandbox/faults returned %1").arg(result.status);
    return false;
}

QJsonObject SandboxProcess::faults()
{
    return send("GET", QStringLiteral("/_sandbox/faults")).json();
}

namespace {

const QString DefaultClientId = QStringLiteral("breezee-sandbox-client");
const QString DefaultClientSecret = QStringLiteral("breezee-sandbox-secret");

QJsonObject withPath(QJsonObject fault, const QString &path)
{
    if (!path.isEmpty())
        fault.insert(QStringLiteral("path"), path);
    return fault;
}

QJsonObject withLimits(QJsonObject fault, int count, const QString &grantType = {})
{
    if (count != SandboxProcess::Unlimited)
        fault.insert(QStringLiteral("count"), count);
    if (!grantType.isEmpty())
        fault.insert(QStringLiteral("grant_type"), grantType);
    return fault;
}

} // namespace

bool SandboxProcess::failTokenRequests(const QString &preset, int count, const QString &grantType)
{
    const QJsonObject fault = withLimits({{QStringLiteral("preset"), preset}}, count, grantType);
    return setFaults({{QStringLiteral("token_error"), fault}});
}

bool SandboxProcess::failTokenRequests(int status, const QJsonObject &body, int count, const QString &grantType)
{
    QJsonObject fault{{QStringLiteral("status"), status}};
    if (!body.isEmpty())
        fault.insert(QStringLiteral("body"), body);
    return setFaults({{QStringLiteral("token_error"), withLimits(fault, count, grantType)}});
}

bool SandboxProcess::stallTokenRequests(int milliseconds, int count, const QString &grantType)
{
    const QJsonObject fault = withLimits({{QStringLiteral("ms"), milliseconds}}, count, grantType);
    return setFaults({{QStringLiteral("token_stall_ms"), fault}});
}

bool SandboxProcess::omitRefreshToken(int count)
{
    return setFaults({{QStringLiteral("refresh_without_refresh_token"), withLimits({}, count)}});
}

bool SandboxProcess::expireCrmTokens(int count)
{
    return setFaults({{QStringLiteral("crm_401"), withLimits({}, count)}});
}

bool SandboxProcess::denyCrmScope(const QString &scope, int count)
{
    const QJsonObject fault = withLimits({{QStringLiteral("scope"), scope}}, count);
    return setFaults({{QStringLiteral("crm_403_missing_scope"), fault}});
}

bool SandboxProcess::grantOnlyScopes(const QStringList &scopes)
{
    return setFaults({{QStringLiteral("grant_scopes"), QJsonArray::fromStringList(scopes)}});
}

bool SandboxProcess::failRevoke(int status, int count)
{
    return setFaults({{QStringLiteral("revoke_error"), withLimits({{QStringLiteral("status"), status}}, count)}});
}

bool SandboxProcess::dropRevokeRequests(int count)
{
    const QJsonObject fault = withLimits({{QStringLiteral("status"), QStringLiteral("unreachable")}}, count);
    return setFaults({{QStringLiteral("revoke_error"), fault}});
}

bool SandboxProcess::failCrmRequests(int status, int count, const QString &path)
{
    return setFaults({{QStringLiteral("crm_status"), withPath(withLimits({{QStringLiteral("status"), status}}, count), path)}});
}

bool SandboxProcess::rateLimitCrmRequests(const QString &policy, int retryAfterSeconds, int count, const QString &path)
{
    QJsonObject fault{{QStringLiteral("status"), 429}, {QStringLiteral("policy"), policy}};
    if (retryAfterSeconds >= 0)
        fault.insert(QStringLiteral("retry_after"), retryAfterSeconds);
    return setFaults({{QStringLiteral("crm_status"), withPath(withLimits(fault, count), path)}});
}

bool SandboxProcess::resetCrmConnections(int count, const QString &path, bool afterHandling)
{
    QJsonObject fault;
    if (afterHandling)
        fault.insert(QStringLiteral("after_handling"), true);
    return setFaults({{QStringLiteral("crm_reset"), withPath(withLimits(fault, count), path)}});
}

bool SandboxProcess::stallCrmRequests(int milliseconds, int count, const QString &path)
{
    const QJsonObject fault = withPath(withLimits({{QStringLiteral("ms"), milliseconds}}, count), path);
    return setFaults({{QStringLiteral("crm_stall_ms"), fault}});
}

bool SandboxProcess::truncateCrmResponses(int count, const QString &path)
{
    return setFaults({{QStringLiteral("crm_truncate"), withPath(withLimits({}, count), path)}});
}

bool SandboxProcess::sendNonJsonCrmResponses(const QString &kind, int count, const QString &path)
{
    const QJsonObject fault = withPath(withLimits({{QStringLiteral("kind"), kind}}, count), path);
    return setFaults({{QStringLiteral("crm_non_json"), fault}});
}

bool SandboxProcess::startRateLimitStorm(int milliseconds, const QString &path)
{
    const QJsonObject fault = withPath({{QStringLiteral("ms"), milliseconds}}, path);
    return setFaults({{QStringLiteral("rate_429_storm_ms"), fault}});
}

QString SandboxProcess::allCrmScopes()
{
    return QStringLiteral("oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.companies.read "
                          "crm.objects.companies.write crm.schemas.contacts.read crm.schemas.contacts.write "
                          "crm.schemas.companies.read crm.schemas.companies.write");
}

QString SandboxProcess::obtainAccessToken(const QString &scopes)
{
    const QString redirectUri = QStringLiteral("http://localhost:53682/callback");
    const QList<QPair<QString, QString>> authorizeFields = {{QStringLiteral("client_id"), DefaultClientId},
                                                            {QStringLiteral("redirect_uri"), redirectUri},
                                                            {QStringLiteral("scope"), scopes}};
    const HttpResult page = send("GET", QStringLiteral("/oauth/authorize?") + QString::fromLatin1(formEncode(authorizeFields)));

    // With --auto-approve the authorize request redirects at once.
    QByteArray location = page.header("Location");
    if (page.status == 200) {
        static const QRegularExpression pendingId(QStringLiteral("name=\"request_id\" value=\"([^\"]+)\""));
        const QString requestId = pendingId.match(QString::fromUtf8(page.body)).captured(1);
        const HttpResult decision = send(
            "POST", QStringLiteral("/oauth/authorize/decision"),
            formEncode({{QStringLiteral("request_id"), requestId}, {QStringLiteral("decision"), QStringLiteral("allow")}}),
            {qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"))});
        location = decision.header("Location");
    }

    const QString code = QUrlQuery(QUrl(QString::fromUtf8(location))).queryItemValue(QStringLiteral("code"));
    if (code.isEmpty()) {
        m_errorString = QStringLiteral("The authorize request gave no code (status %1).").arg(page.status);
        return {};
    }

    const HttpResult token = send("POST", QStringLiteral("/oauth/v3/token"),
                                  formEncode({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                              {QStringLiteral("client_id"), DefaultClientId},
                                              {QStringLiteral("client_secret"), DefaultClientSecret},
                                              {QStringLiteral("redirect_uri"), redirectUri},
                                              {QStringLiteral("code"), code}}),
                                  {qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"))});
    const QString accessToken = token.json().value(QStringLiteral("access_token")).toString();
    if (accessToken.isEmpty())
        m_errorString = QStringLiteral("The code exchange failed with status %1.").arg(token.status);
    return accessToken;
}

QString SandboxProcess::seedCompany(const QJsonObject &properties)
{
    const QJsonObject body{{QStringLiteral("properties"), properties}};
    const HttpResult result = send("POST", QStringLiteral("/_sandbox/companies"),
                                   QJsonDocument(body).toJson(QJsonDocument::Compact));
    return result.json().value(QStringLiteral("id")).toString();
}

bool SandboxProcess::mergeContacts(const QString &primaryId, const QString &mergedId)
{
    const QJsonObject body{{QStringLiteral("primaryId"), primaryId}, {QStringLiteral("mergedId"), mergedId}};
    const HttpResult result = send("POST", QStringLiteral("/_sandbox/contacts/merge"),
                                   QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (result.status == 200)
        return true;

    m_errorString = QStringLiteral("POST /_sandbox/contacts/merge returned %1: %2")
                        .arg(result.status)
                        .arg(QString::fromUtf8(result.body));
    return false;
}

QJsonObject SandboxProcess::contactState(const QString &contactId)
{
    const HttpResult result = send("GET", QStringLiteral("/_sandbox/contacts/%1").arg(contactId));
    return result.status == 200 ? result.json() : QJsonObject();
}

QJsonArray SandboxProcess::contactNotes(const QString &contactId)
{
    return send("GET", QStringLiteral("/_sandbox/contacts/%1/notes").arg(contactId))
        .json()
        .value(QStringLiteral("notes"))
        .toArray();
}

bool SandboxProcess::publishSearchIndex()
{
    return send("POST", QStringLiteral("/_sandbox/search/publish"), QByteArray("{}")).status == 200;
}

QJsonObject SandboxProcess::requestSummary()
{
    return send("GET", QStringLiteral("/_sandbox/requests?summary=1")).json();
}

int SandboxProcess::requestCount(const QString &methodAndRoute)
{
    return requestSummary().value(QStringLiteral("byRoute")).toObject().value(methodAndRoute).toInt();
}

QJsonObject SandboxProcess::requestsSince(qint64 since, int limit)
{
    return send("GET", QStringLiteral("/_sandbox/requests?since=%1&limit=%2").arg(since).arg(limit)).json();
}

QJsonObject SandboxProcess::oauthCounters(const QString &provider)
{
    const QJsonObject counters = state().value(QStringLiteral("counters")).toObject();
    if (provider == QLatin1String("other-idp"))
        return counters.value(QStringLiteral("other_idp")).toObject();
    return counters;
}

int SandboxProcess::tokenRequestCount(const QString &grantType, const QString &provider)
{
    return oauthCounters(provider).value(QStringLiteral("token_requests")).toObject().value(grantType).toInt();
}

int SandboxProcess::revokeRequestCount(const QString &provider)
{
    return oauthCounters(provider).value(QStringLiteral("revoke_requests")).toInt();
}

QJsonObject SandboxProcess::lastAuthorize()
{
    return state().value(QStringLiteral("last_authorize")).toObject();
}

QJsonObject SandboxProcess::lastTokenRequest()
{
    return state().value(QStringLiteral("last_token_request")).toObject();
}

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    return server.serverPort();
}

} // namespace Breezee::Test
