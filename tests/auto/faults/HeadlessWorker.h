#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace Breezee::Test {

// One finished run of breezee-integrations.
struct CliRun {
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::NormalExit;
    bool timedOut = false;
    QString output;
    QString errors;
    qint64 elapsedMs = 0;

    bool crashed() const { return exitStatus == QProcess::CrashExit; }
    // The exit and the last lines of both streams, for failure messages.
    QString describe() const;
};

// Runs the headless breezee-integrations executable on one profile that
// lives in a test's temporary directory: its own data directory, database,
// credentials file pointing at a sandbox, and keychain entries.
class HeadlessWorker {
public:
    HeadlessWorker(const QString &executable, const QString &profileName, const QString &directory);

    // Writes the credentials file for a sandbox at `sandboxBase` whose only
    // registered redirect URI is `redirectUri`.
    void useSandbox(const QUrl &sandboxBase, const QString &redirectUri);

    QString databasePath() const { return m_directory + QStringLiteral("/data/breezee.sqlite"); }
    QString dataDirectory() const { return m_directory + QStringLiteral("/data"); }
    QString profileName() const { return m_profileName; }
    // The keychain service the executable uses for this profile.
    QString keychainService() const;

    QProcessEnvironment environment() const { return m_environment; }
    // Replaces the environment of every later run.
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }

    // Runs one command to its end, killing it after `timeoutMs`.
    CliRun run(const QStringList &arguments, int timeoutMs = 120000,
               const QProcessEnvironment &environment = {}) const;

    // Runs "connect --no-browser" and approves the printed authorization
    // URL in a fake browser, as a person would. Returns the run.
    CliRun connect() const;

    // Starts "sync --once" without waiting. The caller owns the process.
    std::unique_ptr<QProcess> startSync(const QProcessEnvironment &environment = {}) const;

    // Waits for a started process and collects its run.
    static CliRun finish(QProcess &process, int timeoutMs);

private:
    QString m_executable;
    QString m_profileName;
    QString m_directory;
    QProcessEnvironment m_environment;
};

} // namespace Breezee::Test
