// Checks that no secret is left by a crash or in an export. A headless sync
// with every log category on is killed with SIGSEGV during its work. Then
// the Activity and Errors views export their rows as CSV. The crash output,
// the data directory and the exports must not contain the refresh token,
// an access token or the client secret, and no core file is written.

#include "HeadlessWorker.h"
#include "SandboxProcess.h"

#include "ActivityModel.h"
#include "ActivityPage.h"
#include "ErrorsPage.h"
#include "integration/IntegrationController.h"
#include "oauth/CredentialStore.h"
#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace Breezee;
using Breezee::Test::CliRun;
using Breezee::Test::HeadlessWorker;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

const QString kClientSecret = QStringLiteral("breezee-sandbox-secret");
const QString kViewConnection = QStringLiteral("crash-secrets-views");
constexpr int kProspects = 400;

// Finds sandbox access tokens: 64 letters, digits and dashes with both
// letter cases, which hex digests never have.
QStringList accessTokensIn(const QByteArray &content)
{
    static const QRegularExpression shape(QStringLiteral("(?<![A-Za-z0-9-])[A-Za-z0-9-]{64}(?![A-Za-z0-9-])"));
    static const QRegularExpression upper(QStringLiteral("[A-Z]"));
    static const QRegularExpression lower(QStringLiteral("[a-z]"));
    QStringList found;
    auto matches = shape.globalMatch(QString::fromLatin1(content));
    while (matches.hasNext()) {
        const QString candidate = matches.next().captured(0);
        if (candidate.contains(upper) && candidate.contains(lower))
            found << candidate;
    }
    return found;
}

} // namespace

class tst_CrashSecrets : public QObject {
    Q_OBJECT

private slots:
    void crashOutputAndExportsHoldNoSecret();
};

void tst_CrashSecrets::crashOutputAndExportsHoldNoSecret()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    SandboxProcess sandbox;
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(sandbox.start({QStringLiteral("--redirect-uri"), redirectUri, QStringLiteral("--auto-approve")}));

    HeadlessWorker worker(QStringLiteral(BREEZEE_CLI), QStringLiteral("crash-secrets-%1").arg(QCoreApplication::applicationPid()),
                          directory.path());
    worker.useSandbox(sandbox.baseUrl(), redirectUri);
    {
        Database database(QStringLiteral("crash-secrets-seed"));
        QVERIFY(!database.open(DatabaseConfig::fromString(worker.databasePath())));
        ProspectStore prospects(database.handle());
        for (int i = 0; i < kProspects; ++i) {
            Prospect prospect;
            // An invalid address, so that the Errors view has a row.
            prospect.email = i == 7 ? QStringLiteral("not-an-address") : QStringLiteral("crash%1@example.com").arg(i);
            prospect.firstName = QStringLiteral("Crash");
            prospect.companyName = QStringLiteral("Crash Company %1").arg(i % 10);
            QVERIFY(prospects.insert(prospect).ok());
        }
    }

    const CliRun connected = worker.connect();
    QVERIFY2(connected.exitCode == 0, qPrintable(connected.describe()));

    CredentialStore keychain(worker.keychainService());
    std::optional<Result<QString>> refreshToken;
    keychain.read(IntegrationController::refreshTokenKey(QStringLiteral("hubspot")),
                  [&refreshToken](Result<QString> secret) { refreshToken = secret; });
    QTRY_VERIFY_WITH_TIMEOUT(refreshToken.has_value(), 20000);
    QVERIFY(refreshToken->ok());
    QVERIFY(!refreshToken->value().isEmpty());

    // Every log category is on, as for debugging, and the process is killed
    // once the first batch is done.
    QProcessEnvironment environment = worker.environment();
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*=true"));
    // The shell allows core files in the data directory, so only the
    // console's own guard keeps them away.
    const std::unique_ptr<QProcess> sync = std::make_unique<QProcess>();
    sync->setProcessEnvironment(environment);
    sync->setWorkingDirectory(worker.dataDirectory());
    sync->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("ulimit -c unlimited 2>/dev/null; exec \"$0\" sync --once"),
                                            QStringLiteral(BREEZEE_CLI)});
    QVERIFY(sync->waitForStarted(10000));
    QByteArray errors;
    QDeadlineTimer deadline(60000);
    while (!errors.contains("batch done") && !deadline.hasExpired() && sync->state() == QProcess::Running) {
        sync->waitForReadyRead(200);
        errors += sync->readAllStandardError();
    }
    QVERIFY2(errors.contains("batch done"), errors.right(2000).constData());
    ::kill(pid_t(sync->processId()), SIGSEGV);
    CliRun crashed = HeadlessWorker::finish(*sync, 30000);
    // Under AddressSanitizer the signal ends in its report and exit code 1.
    QVERIFY2(crashed.crashed() || crashed.exitCode != 0, qPrintable(crashed.describe()));
    crashed.errors.prepend(QString::fromUtf8(errors));

    QFile crashOutput(worker.dataDirectory() + QStringLiteral("/crash-output.txt"));
    QVERIFY(crashOutput.open(QIODevice::WriteOnly));
    crashOutput.write(crashed.output.toUtf8() + crashed.errors.toUtf8());
    crashOutput.close();
    QVERIFY2(crashed.errors.contains(QLatin1String("breezee.oauth: access token refreshed")), "the token refresh was not logged");
    QVERIFY2(crashed.errors.contains(QLatin1String("qt.core")), "Qt's own categories were not logged");

    // Exports the rows as a support person would before sending them on.
    Database views(kViewConnection);
    QVERIFY(!views.open(DatabaseConfig::fromString(worker.databasePath())));
    ActivityPage activity(kViewConnection);
    activity.poll();
    QVERIFY(activity.model()->rowCount() > 0);
    const QString activityCsv = worker.dataDirectory() + QStringLiteral("/activity.csv");
    QVERIFY(!activity.exportCsv(activityCsv));
    ErrorsPage failures(nullptr, kViewConnection);
    failures.reload();
    QVERIFY(!failures.report().groups.isEmpty());
    const QString errorsCsv = worker.dataDirectory() + QStringLiteral("/errors.csv");
    QVERIFY(!failures.exportAllCsv(errorsCsv));

    const QStringList coreFiles = QDir(worker.dataDirectory()).entryList({QStringLiteral("core*")}, QDir::Files);
    QVERIFY2(coreFiles.isEmpty(), qPrintable(coreFiles.join(QLatin1String(", "))));

    QStringList files;
    QDirIterator it(worker.dataDirectory(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    QVERIFY(files.contains(crashOutput.fileName()));
    QVERIFY(files.contains(activityCsv));
    QVERIFY(files.contains(errorsCsv));
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray content = file.readAll();
        for (const QString &secret : {refreshToken->value(), kClientSecret}) {
            QVERIFY2(!content.contains(secret.toUtf8()), qPrintable(QStringLiteral("a secret was found in %1").arg(path)));
            QVERIFY2(!content.contains(QUrl::toPercentEncoding(secret)),
                     qPrintable(QStringLiteral("a secret was found in %1").arg(path)));
        }
        const QStringList tokens = accessTokensIn(content);
        QVERIFY2(tokens.isEmpty(), qPrintable(QStringLiteral("%1 access tokens found in %2").arg(tokens.size()).arg(path)));
        static const QRegularExpression bearer(QStringLiteral("Bearer (?!\\[removed\\])"));
        QVERIFY2(!QString::fromLatin1(content).contains(bearer),
                 qPrintable(QStringLiteral("an Authorization header was found in %1").arg(path)));
    }
}

QTEST_MAIN(tst_CrashSecrets)
#include "tst_crashsecrets.moc"
