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

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    return server.serverPort();
}

} // namespace Breezee::Test
