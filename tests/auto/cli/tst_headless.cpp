// The headless path end to end: breezee-integrations import, connect (the
// sandbox approves by itself, the loopback redirect and code exchange stay
// real) and sync --once, ending with one HubSpot contact per distinct email
// of the bundled sample files.

#include "FakeBrowser.h"
#include "SandboxProcess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_Headless : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void importsSampleFiles();
    void connectsThroughBrowserRedirect();
    void syncOnceFillsSandbox();
    void secondSyncChangesNothing();
    void statusReportsCounts();
    void watchSyncsNewRowsUntilSigterm();
    void syncNeedsOnceOrWatch();

private:
    int runCli(const QStringList &arguments, QString *output = nullptr, int timeoutMs = 120000);
    QJsonObject contactByEmail(const QJsonArray &contacts, const QString &email);

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
    QProcessEnvironment m_environment;
};

void tst_Headless::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri}));

    // The seed registers fixed redirect ports, which may be busy on a test
    // machine. The credential block's redirect_uris, set through the
    // environment below, replaces the seed's list with a free port.
    QFile credentials(m_dir.filePath(QStringLiteral("credentials.ini")));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write(QStringLiteral("[hubspot]\nclient_id=breezee-sandbox-client\n"
                                     "client_secret=breezee-sandbox-secret\nauth_base_url=%1\napi_base_url=%1\n")
                          .arg(m_sandbox.baseUrl().toString())
                          .toUtf8());
    credentials.close();

    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("BREEZEE_PROFILE"), QStringLiteral("headless-test-%1").arg(QCoreApplication::applicationPid()));
    m_environment.insert(QStringLiteral("BREEZEE_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
    m_environment.insert(QStringLiteral("BREEZEE_CREDENTIALS"), credentials.fileName());
    m_environment.insert(QStringLiteral("BREEZEE_HUBSPOT_REDIRECT_URIS"), redirectUri);
    m_environment.remove(QStringLiteral("DISPLAY"));
}

void tst_Headless::cleanupTestCase()
{
    runCli({QStringLiteral("disconnect")});
}

int tst_Headless::runCli(const QStringList &arguments, QString *output, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(BREEZEE_CLI), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        return -1;
    }
    const QString stdoutText = QString::fromUtf8(process.readAllStandardOutput());
    const QString stderrText = QString::fromUtf8(process.readAllStandardError());
    if (output)
        *output = stdoutText;
    if (process.exitCode() != 0)
        qWarning().noquote() << arguments.join(QLatin1Char(' ')) << "->" << process.exitCode() << stdoutText << stderrText;
    return process.exitCode();
}

QJsonObject tst_Headless::contactByEmail(const QJsonArray &contacts, const QString &email)
{
    for (const QJsonValue &value : contacts) {
        const QJsonObject properties = value.toObject().value(QLatin1String("properties")).toObject();
        if (properties.value(QLatin1String("email")).toString() == email)
            return properties;
    }
    return {};
}

void tst_Headless::importsSampleFiles()
{
    QString output;
    QCOMPARE(runCli({QStringLiteral("import"), QStringLiteral(BREEZEE_SAMPLE_DIR "/atomic-crm-contacts.csv"),
                     QStringLiteral(BREEZEE_SAMPLE_DIR "/salesforce-leads.csv")},
                    &output),
             0);
    QVERIFY2(output.contains(QLatin1String("500")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("11")), qPrintable(output));
}

void tst_Headless::connectsThroughBrowserRedirect()
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(BREEZEE_CLI), {QStringLiteral("connect"), QStringLiteral("--no-browser"),
                                                QStringLiteral("--timeout"), QStringLiteral("60")});
    QVERIFY(process.waitForStarted());

    QUrl authorizeUrl;
    QDeadlineTimer deadline(20000);
    while (!authorizeUrl.isValid() && !deadline.hasExpired()) {
        process.waitForReadyRead(500);
        while (process.canReadLine()) {
            const QString line = QString::fromUtf8(process.readLine()).trimmed();
            if (line.startsWith(QLatin1String("http")))
                authorizeUrl = QUrl(line);
        }
    }
    QVERIFY2(authorizeUrl.isValid(), qPrintable(QString::fromUtf8(process.readAllStandardError())));
    QCOMPARE(openInFakeBrowser(authorizeUrl), 200);

    QVERIFY(process.waitForFinished(30000));
    const QString rest = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(process.exitCode() == 0, qPrintable(rest + QString::fromUtf8(process.readAllStandardError())));
    QVERIFY2(rest.contains(QLatin1String("Connected HubSpot")), qPrintable(rest));
}

void tst_Headless::syncOnceFillsSandbox()
{
    QString output;
    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once")}, &output, 300000), 0);
    QVERIFY2(output.contains(QLatin1String("511 synced, 0 failed, 0 still queued")), qPrintable(output));

    const QJsonArray contacts = m_sandbox.state().value(QLatin1String("contacts")).toArray();
    QCOMPARE(contacts.size(), 511);

    QSet<QString> emails;
    for (const QJsonValue &value : contacts)
        emails.insert(value.toObject().value(QLatin1String("properties")).toObject().value(QLatin1String("email")).toString());
    QCOMPARE(emails.size(), 511);

    const QJsonObject serena = contactByEmail(contacts, QStringLiteral("fpatterfield0@engadget.com"));
    QCOMPARE(serena.value(QLatin1String("firstname")).toString(), QStringLiteral("Serena"));
    QCOMPARE(serena.value(QLatin1String("lastname")).toString(), QStringLiteral("Patterfield"));
    QCOMPARE(serena.value(QLatin1String("mobilephone")).toString(), QStringLiteral("+1 (619) 307-7599"));
    QCOMPARE(serena.value(QLatin1String("jobtitle")).toString(), QStringLiteral("VP New Markets"));
    QVERIFY(serena.value(QLatin1String("phone")).isNull() || serena.value(QLatin1String("phone")).toString().isEmpty());

    const QJsonObject lorrie = contactByEmail(contacts, QStringLiteral("lgeratt2@icq.com"));
    QCOMPARE(lorrie.value(QLatin1String("jobtitle")).toString(), QStringLiteral("Founder, CTO"));

    const QJsonObject shelley = contactByEmail(contacts, QStringLiteral("shelley_kerluke47@hotmail.com"));
    QCOMPARE(shelley.value(QLatin1String("firstname")).toString(), QStringLiteral("Shelley"));
    QCOMPARE(shelley.value(QLatin1String("phone")).toString(), QStringLiteral("1-955-371-0847 x371"));
    QCOMPARE(shelley.value(QLatin1String("jobtitle")).toString(), QStringLiteral("Ubiquitous"));
    QVERIFY(!shelley.value(QLatin1String("breezee_last_activity_date")).toString().isEmpty());
    QVERIFY(!shelley.value(QLatin1String("breezee_source")).toString().isEmpty());

    for (const QJsonValue &value : contacts) {
        const QJsonObject properties = value.toObject().value(QLatin1String("properties")).toObject();
        QVERIFY(!properties.contains(QLatin1String("hs_lead_status")) || properties.value(QLatin1String("hs_lead_status")).isNull());
        QVERIFY(!properties.contains(QLatin1String("lifecyclestage")) || properties.value(QLatin1String("lifecyclestage")).isNull());
    }
}

void tst_Headless::secondSyncChangesNothing()
{
    const int before = m_sandbox.state().value(QLatin1String("contacts")).toArray().size();
    QString output;
    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once")}, &output), 0);
    QVERIFY2(output.contains(QLatin1String("0 synced, 0 failed, 0 still queued")), qPrintable(output));
    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), before);
}

void tst_Headless::statusReportsCounts()
{
    QString output;
    QCOMPARE(runCli({QStringLiteral("status")}, &output), 0);
    QVERIFY2(output.contains(QLatin1String("HubSpot: connected")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("Prospects: 511, synced: 511, failed: 0, queued: 0")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("Salesforce: coming soon")), qPrintable(output));
}

void tst_Headless::watchSyncsNewRowsUntilSigterm()
{
    QProcess watcher;
    watcher.setProcessEnvironment(m_environment);
    watcher.start(QStringLiteral(BREEZEE_CLI), {QStringLiteral("sync"), QStringLiteral("--watch"),
                                                QStringLiteral("--poll-interval"), QStringLiteral("200")});
    QVERIFY(watcher.waitForStarted());

    // A prospect captured while the worker runs reaches HubSpot by itself.
    QFile csv(m_dir.filePath(QStringLiteral("late.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("Email,First Name,Company\nlate.arrival@example.com,Lena,Late Arrivals Inc\n");
    csv.close();
    QCOMPARE(runCli({QStringLiteral("import"), csv.fileName()}), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!contactByEmail(m_sandbox.state().value(QLatin1String("contacts")).toArray(),
                                             QStringLiteral("late.arrival@example.com"))
                                  .isEmpty(),
                             20000);

    // SIGTERM, as systemd sends it, stops the worker within 5 s.
    QElapsedTimer clock;
    clock.start();
    watcher.terminate();
    QVERIFY(watcher.waitForFinished(5000));
    QVERIFY(clock.elapsed() < 5000);
    QCOMPARE(watcher.exitStatus(), QProcess::NormalExit);
    QVERIFY2(watcher.exitCode() == 0, watcher.readAllStandardOutput() + watcher.readAllStandardError().right(1500));
}

void tst_Headless::syncNeedsOnceOrWatch()
{
    QString output;
    QCOMPARE(runCli({QStringLiteral("sync")}, &output), 1);
    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--watch")}, &output), 1);
    QCOMPARE(runCli({QStringLiteral("sync"), QStringLiteral("--watch"), QStringLiteral("--poll-interval"),
                     QStringLiteral("soon")}, &output), 1);
}

QTEST_GUILESS_MAIN(tst_Headless)
#include "tst_headless.moc"
