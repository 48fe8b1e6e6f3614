// The sync's state in the real main window against a HubSpot sandbox: the
// status bar and the HubSpot card show the progress, "Waiting for HubSpot
// rate limit" after a 429, and "Paused: reconnect required (N prospects
// waiting)" once HubSpot rejects the sign-in.

#include "FakeBrowser.h"
#include "GuiTestSupport.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"

#include "IntegrationsPage.h"
#include "MainWindow.h"
#include "ProviderCard.h"
#include "SyncActivityPanel.h"
#include "integration/IntegrationController.h"

#include <QDialog>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

const int kProspects = 250;

} // namespace

class tst_SyncStatus : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void rateLimitWaitShown();
    void rejectedSignInPausesSync();

private:
    ProviderCard *hubSpotCard() const;
    void insertProspects(int first, int count);

    SandboxProcess m_sandbox;
    QString m_redirectUri;
    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<IntegrationController> m_controller;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<GuiTest::StoreWriter> m_store;
};

void tst_SyncStatus::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY2(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), m_redirectUri}),
             qPrintable(m_sandbox.errorString()));

    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
    const QString credentialsFile = m_directory->filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentialsFile, m_sandbox.baseUrl(), m_redirectUri);
    const Profile profile = sandboxProfile(m_directory->path(), QStringLiteral("syncstatus"), credentialsFile);

    m_settings = std::make_unique<QSettings>(m_directory->filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);
    m_controller = std::make_unique<IntegrationController>(profile);
    QVERIFY(!m_controller->start());
    m_store = std::make_unique<GuiTest::StoreWriter>(profile);
    QVERIFY(m_store->isOpen());

    m_window = std::make_unique<MainWindow>(m_controller.get(), m_settings.get());
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_SyncStatus::cleanupTestCase()
{
    m_window.reset();
    m_controller.reset();
    m_store.reset();
    m_settings.reset();
    m_directory.reset();
}

ProviderCard *tst_SyncStatus::hubSpotCard() const
{
    return m_window->integrationsPage()->card(QStringLiteral("hubspot"));
}

void tst_SyncStatus::insertProspects(int first, int count)
{
    for (int index = first; index < first + count; ++index)
        m_store->insertProspect(QStringLiteral("Status"), QString::number(index),
                                QStringLiteral("status%1@example.com").arg(index), QString());
}

void tst_SyncStatus::rateLimitWaitShown()
{
    insertProspects(0, kProspects);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->queueStatusText(), QStringLiteral("Queue: 250"), 5000);

    // The check of the contact properties, the sync's first request, gets
    // 429 with Retry-After 2 s until the test has seen the wait. The dry
    // run's preview reads the properties too, so one 429 would not be
    // enough. The account lookup after the sign-in is not limited.
    QVERIFY2(m_sandbox.rateLimitCrmRequests(QStringLiteral("TEN_SECONDLY_ROLLING"), 2, SandboxProcess::Unlimited,
                                            QStringLiteral("/crm/v3/properties/contacts")),
             qPrintable(m_sandbox.errorString()));

    QSignalSpy urlReady(m_controller.get(), &IntegrationController::authorizationUrlReady);
    m_controller->connectProvider(QStringLiteral("hubspot"));
    QTRY_COMPARE(urlReady.count(), 1);
    QCOMPARE(openInFakeBrowser(urlReady.first().at(1).toUrl()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(int(m_controller->provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::Connected), 20000);

    // The window waits for the dry run of a first sync; the test confirms
    // it without looking at the dialog.
    QTRY_VERIFY(m_controller->isFirstSyncPending());
    m_controller->confirmFirstSync();
    const QList<QDialog *> dialogs = m_window->findChildren<QDialog *>();
    for (QDialog *dialog : dialogs)
        dialog->hide();

    QTRY_VERIFY_WITH_TIMEOUT(m_window->runStatusText().startsWith(QStringLiteral("Waiting for HubSpot rate limit")),
                             10000);
    QVERIFY(m_window->statusProgressBar()->isVisible());
    QCOMPARE(m_window->statusProgressBar()->maximum(), kProspects);
    ProviderCard *card = hubSpotCard();
    QVERIFY(card);
    QCOMPARE(card->syncPanel()->stateText(), QStringLiteral("Waiting for HubSpot rate limit"));
    QVERIFY(card->syncPanel()->isVisibleTo(card));
    QVERIFY(m_sandbox.clearFaults());

    // The run works through the queue, then the bar goes.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->syncActivity().done(), kProspects, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->queueStatusText(), QStringLiteral("Queue: 0"), 5000);
    QTRY_VERIFY(!m_window->statusProgressBar()->isVisible());
    QVERIFY(m_window->runStatusText().contains(QStringLiteral("250 synced · 0 failed")));
}

void tst_SyncStatus::rejectedSignInPausesSync()
{
    // Every CRM request gets 401 and the refresh is rejected, as after the
    // app was uninstalled from the HubSpot account.
    QVERIFY(m_sandbox.expireCrmTokens());
    QVERIFY(m_sandbox.failTokenRequests(QStringLiteral("invalid_grant")));
    insertProspects(kProspects, 3);

    QTRY_COMPARE_WITH_TIMEOUT(int(m_controller->provider(QStringLiteral("hubspot")).state),
                              int(ConnectionState::TokenExpired), 30000);
    const QString paused = QStringLiteral("Paused: reconnect required (3 prospects waiting)");
    QTRY_COMPARE_WITH_TIMEOUT(hubSpotCard()->syncPanel()->stateText(), paused, 10000);
    QVERIFY(m_window->runStatusText().startsWith(paused));
    QVERIFY(!m_window->statusProgressBar()->isVisible());
    QCOMPARE(m_window->syncActivity().state, SyncActivity::State::PausedReconnect);

    QVERIFY(m_sandbox.clearFaults());
}

QTEST_MAIN(tst_SyncStatus)
#include "tst_syncstatus.moc"
