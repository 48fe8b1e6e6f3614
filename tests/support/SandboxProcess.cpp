#include "SandboxProcess.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QTcpServer>

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
