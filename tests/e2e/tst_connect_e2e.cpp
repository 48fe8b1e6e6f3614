// Connect end to end, as a tenant admin does it. The real console window
// runs under Xvfb and the test presses Connect. The system browser is
// Debian's Chromium driven by playwright-core, registered as the desktop's
// http handler: it shows the sandbox's HubSpot consent page and presses
// Allow or Deny, and the card must follow.

#include "IntegrationsPage.h"
#include "MainWindow.h"
#include "ProviderCard.h"
#include "SandboxProcess.h"

#include "integration/IntegrationController.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_ConnectE2E : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void allowConnectsAndShowsHub();
    void denyLeavesCardWaitingUntilCancel();

private:
    void useBrowserAction(const QString &action);
    void saveScreenshot(QWidget *window, const QString &name);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    QString m_redirectUri;
};

void tst_ConnectE2E::initTestCase()
{
    const QString e2eDir = QStringLiteral(BREEZEE_E2E_DIR);
    if (!QFile::exists(e2eDir + QStringLiteral("/node_modules/playwright-core/package.json")))
        QSKIP("playwright-core is not installed; scripts/run-tests.sh installs it with npm ci");
    if (!QFile::exists(QStringLiteral("/usr/bin/chromium")))
        QSKIP("Debian's chromium is not installed; scripts/run-tests.sh installs it");

    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--redirect-uri"), m_redirectUri}));

    // Register a desktop entry as the http handler, the way a browser
    // registers itself, so that QDesktopServices::openUrl reaches it
    // through xdg-open.
    const QString applications = m_dir.filePath(QStringLiteral("xdg-data/applications"));
    QVERIFY(QDir().mkpath(applications));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("xdg-config"))));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("browser-shots"))));

    QFile launcher(m_dir.filePath(QStringLiteral("e2e-browser.sh")));
    QVERIFY(launcher.open(QIODevice::WriteOnly));
    launcher.write(QStringLiteral("#!/bin/sh\n"
                                  "action=$(cat '%1/browser-action')\n"
                                  "exec node '%2/approve-consent.js' \"$1\" $action --screenshot-dir '%1/browser-shots' "
                                  ">> '%1/browser.log' 2>&1\n")
                       .arg(m_dir.path(), QStringLiteral(BREEZEE_E2E_DIR))
                       .toUtf8());
    launcher.close();
    launcher.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    QFile desktop(applications + QStringLiteral("/e2e-browser.desktop"));
    QVERIFY(desktop.open(QIODevice::WriteOnly));
    desktop.write(QStringLiteral("[Desktop Entry]\nType=Application\nName=E2E browser\nExec=%1 %u\n"
                                 "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
                      .arg(launcher.fileName())
                      .toUtf8());
    desktop.close();

    QFile mimeApps(m_dir.filePath(QStringLiteral("xdg-config/mimeapps.list")));
    QVERIFY(mimeApps.open(QIODevice::WriteOnly));
    mimeApps.write("[Default Applications]\nx-scheme-handler/http=e2e-browser.desktop\n"
                   "x-scheme-handler/https=e2e-browser.desktop\n");
    mimeApps.close();

    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("xdg-data")).toUtf8());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("xdg-config")).toUtf8());
    qputenv("XDG_CURRENT_DESKTOP", "X-Generic");

    QFile credentials(m_dir.filePath(QStringLiteral("credentials.ini")));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write(QStringLiteral("[hubspot]\nclient_id=breezee-sandbox-client\nclient_secret=breezee-sandbox-secret\n"
                                     "auth_base_url=%1\napi_base_url=%1\nredirect_uris=%2\n")
                          .arg(m_sandbox.baseUrl().toString(), m_redirectUri)
                          .toUtf8());
}

void tst_ConnectE2E::cleanup()
{
    // Show what the browser printed, which explains most failures here.
    QFile log(m_dir.filePath(QStringLiteral("browser.log")));
    if (QTest::currentTestFailed() && log.open(QIODevice::ReadOnly))
        qInfo().noquote() << "browser log:" << log.readAll();
    QFile::remove(log.fileName());
}

void tst_ConnectE2E::useBrowserAction(const QString &action)
{
    QFile file(m_dir.filePath(QStringLiteral("browser-action")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(action.toUtf8());
}

void tst_ConnectE2E::saveScreenshot(QWidget *window, const QString &name)
{
    const QString directory = qEnvironmentVariable("BREEZEE_SCREENSHOT_DIR");
    if (directory.isEmpty())
        return;
    QDir().mkpath(directory);
    window->grab().save(directory + QLatin1Char('/') + name + QStringLiteral(".png"));
}

void tst_ConnectE2E::allowConnectsAndShowsHub()
{
    useBrowserAction(QString());

    ProfileOptions options;
    options.name = QStringLiteral("e2e-allow-%1").arg(QCoreApplication::applicationPid());
    options.dataDirectory = m_dir.filePath(QStringLiteral("allow"));
    options.credentialsFile = m_dir.filePath(QStringLiteral("credentials.ini"));
    IntegrationController controller(resolveProfile(options));
    QVERIFY(!controller.start());
    QSettings settings(m_dir.filePath(QStringLiteral("allow-settings.ini")), QSettings::IniFormat);
    MainWindow window(&controller, &settings);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *card = window.findChild<ProviderCard *>(QStringLiteral("providerCard_hubspot"));
    QVERIFY(card);
    auto *connectButton = card->findChild<QPushButton *>(QStringLiteral("connectButton"));
    QVERIFY(connectButton);
    QVERIFY(connectButton->isVisible());
    QTest::mouseClick(connectButton, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(int(controller.provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 60000);
    auto *accountLabel = card->findChild<QLabel *>(QStringLiteral("accountLabel"));
    QVERIFY(accountLabel);
    QTRY_VERIFY_WITH_TIMEOUT(accountLabel->text().contains(QLatin1String("24680135")), 10000);
    QVERIFY(accountLabel->isVisible());
    QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("browser-shots/consent-page.png"))));
    saveScreenshot(&window, QStringLiteral("e2e-connected"));

    // The browser writes its log after the console already has the code.
    auto browserLog = [this] {
        QFile log(m_dir.filePath(QStringLiteral("browser.log")));
        return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(browserLog().contains("You are signed in"),
                              "the browser did not reach the console's callback page", 20000);
}

void tst_ConnectE2E::denyLeavesCardWaitingUntilCancel()
{
    useBrowserAction(QStringLiteral("--deny"));

    ProfileOptions options;
    options.name = QStringLiteral("e2e-deny-%1").arg(QCoreApplication::applicationPid());
    options.dataDirectory = m_dir.filePath(QStringLiteral("deny"));
    options.credentialsFile = m_dir.filePath(QStringLiteral("credentials.ini"));
    IntegrationController controller(resolveProfile(options));
    QVERIFY(!controller.start());
    QSettings settings(m_dir.filePath(QStringLiteral("deny-settings.ini")), QSettings::IniFormat);
    MainWindow window(&controller, &settings);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *card = window.findChild<ProviderCard *>(QStringLiteral("providerCard_hubspot"));
    QVERIFY(card);
    QTest::mouseClick(card->findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_dir.filePath(QStringLiteral("browser-shots/consent-denied.png"))), 60000);

    // HubSpot sends nothing back on Deny, so the card keeps waiting and
    // offers Cancel; Cancel ends the attempt.
    QTest::qWait(1000);
    QCOMPARE(int(controller.provider(QStringLiteral("hubspot")).state), int(ConnectionState::Connecting));
    auto *cancelButton = card->findChild<QPushButton *>(QStringLiteral("cancelButton"));
    QVERIFY(cancelButton);
    QVERIFY(cancelButton->isVisible());
    saveScreenshot(&window, QStringLiteral("e2e-waiting-for-browser"));
    QTest::mouseClick(cancelButton, Qt::LeftButton);
    QTRY_COMPARE(int(controller.provider(QStringLiteral("hubspot")).state), int(ConnectionState::Disconnected));
    QVERIFY(card->findChild<QPushButton *>(QStringLiteral("connectButton"))->isVisible());
}

QTEST_MAIN(tst_ConnectE2E)
#include "tst_connect_e2e.moc"
