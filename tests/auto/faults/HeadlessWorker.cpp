#include "HeadlessWorker.h"

#include "FakeBrowser.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>

namespace Breezee::Test {

namespace {

QString lastLines(const QString &text, int count)
{
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.mid(qMax(0, lines.size() - count)).join(QLatin1Char('\n'));
}

} // namespace

QString CliRun::describe() const
{
    const QString exit = timedOut ? QStringLiteral("timed out")
        : crashed()               ? QStringLiteral("killed")
                                  : QStringLiteral("exit %1").arg(exitCode);
    return QStringLiteral("%1 after %2 ms\nstdout: %3\nstderr: %4")
        .arg(exit)
        .arg(elapsedMs)
        .arg(lastLines(output, 5), lastLines(errors, 12));
}

HeadlessWorker::HeadlessWorker(const QString &executable, const QString &profileName, const QString &directory)
    : m_executable(executable)
    , m_profileName(profileName)
    , m_directory(directory)
{
    QDir().mkpath(dataDirectory());
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("BREEZEE_PROFILE"), profileName);
    m_environment.insert(QStringLiteral("BREEZEE_DATA_DIR"), dataDirectory());
    m_environment.insert(QStringLiteral("BREEZEE_CREDENTIALS"), m_directory + QStringLiteral("/credentials.ini"));
    m_environment.remove(QStringLiteral("DISPLAY"));
    m_environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
}

void HeadlessWorker::useSandbox(const QUrl &sandboxBase, const QString &redirectUri)
{
    QFile credentials(m_directory + QStringLiteral("/credentials.ini"));
    if (credentials.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        credentials.write(QStringLiteral("[hubspot]\nclient_id=breezee-sandbox-client\n"
                                         "client_secret=breezee-sandbox-secret\nauth_base_url=%1\napi_base_url=%1\n")
                              .arg(sandboxBase.toString())
                              .toUtf8());
    }
    // The seed registers fixed redirect ports that may be busy, so this list
    // replaces it with the port the sandbox accepts.
    m_environment.insert(QStringLiteral("BREEZEE_HUBSPOT_REDIRECT_URIS"), redirectUri);
}

QString HeadlessWorker::keychainService() const
{
    return QStringLiteral("Breezee Integrations (%1)").arg(m_profileName);
}

CliRun HeadlessWorker::run(const QStringList &arguments, int timeoutMs, const QProcessEnvironment &environment) const
{
    QProcess process;
    process.setProcessEnvironment(environment.isEmpty() ? m_environment : environment);
    process.start(m_executable, arguments);
    return finish(process, timeoutMs);
}

CliRun HeadlessWorker::connect() const
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(m_executable, {QStringLiteral("connect"), QStringLiteral("--no-browser"), QStringLiteral("--timeout"),
                                 QStringLiteral("60")});
    if (!process.waitForStarted(10000))
        return finish(process, 0);

    QString printed;
    QUrl authorizeUrl;
    QDeadlineTimer deadline(20000);
    while (!authorizeUrl.isValid() && !deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        while (process.canReadLine()) {
            const QString line = QString::fromUtf8(process.readLine());
            printed += line;
            if (line.startsWith(QLatin1String("http")))
                authorizeUrl = QUrl(line.trimmed());
        }
    }
    if (authorizeUrl.isValid())
        openInFakeBrowser(authorizeUrl);

    CliRun run = finish(process, 30000);
    run.output.prepend(printed);
    return run;
}

std::unique_ptr<QProcess> HeadlessWorker::startSync(const QProcessEnvironment &environment) const
{
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(environment.isEmpty() ? m_environment : environment);
    process->start(m_executable, {QStringLiteral("sync"), QStringLiteral("--once")});
    process->waitForStarted(10000);
    return process;
}

CliRun HeadlessWorker::finish(QProcess &process, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    CliRun run;
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(timeoutMs)) {
        run.timedOut = true;
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = process.exitCode();
    run.exitStatus = process.exitStatus();
    run.output = QString::fromUtf8(process.readAllStandardOutput());
    run.errors = QString::fromUtf8(process.readAllStandardError());
    run.elapsedMs = clock.elapsed();
    return run;
}

} // namespace Breezee::Test
