// Renders the console's pages, every provider card state, the sync states
// of the HubSpot card and the dialogs into PNG files, for checking the look
// in light and dark palettes. Not a test: scripts/screenshots.sh runs it
// under xvfb-run with the output directory as argument, --dark for a dark
// palette and --lang de for the German translation.

#include "GuiTestSupport.h"
#include "ScreenshotLook.h"

#include "AboutDialog.h"
#include "ContactsPage.h"
#include "DisconnectDialog.h"
#include "ErrorsPage.h"
#include "IntegrationsPage.h"
#include "MainWindow.h"
#include "ProviderCard.h"
#include "StatusPill.h"
#include "StatusTone.h"
#include "SyncActivity.h"
#include "integration/IntegrationController.h"

#include <QApplication>
#include <QBoxLayout>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTranslator>

using namespace Breezee;

namespace {

// A message of the sync in the language of the screenshot, as the sync
// writes it when it runs in that language.
QString syncText(const char *source)
{
    return QCoreApplication::translate("Breezee::HubSpotContactSync", source);
}

void fillStore(GuiTest::StoreWriter &store)
{
    const QStringList first = {"Ada", "Grace", "Alan", QString::fromUtf8("Émile"), "Linus", "Margaret",
                               "Ken", "Barbara", "Donald", "Frances", "Radia", "Edsger"};
    const QStringList last = {"Lovelace", "Hopper", "Turing", "Durand", "Torvalds", "Hamilton",
                              "Thompson", "Liskov", "Knuth", "Allen", "Perlman", "Dijkstra"};
    const QStringList companies = {"Analytical Engines Ltd", "Cobol Systems", "Bletchley Works",
                                   "Lyon Logiciels", "Kernel Org", "Apollo Guidance"};

    for (int index = 0; index < 48; ++index) {
        const QString given = first.at(index % first.size());
        const QString family = last.at((index * 5) % last.size());
        const QString email = QStringLiteral("%1.%2%3@example.com")
                                  .arg(given.toLower(), family.toLower())
                                  .arg(index);
        const qint64 id = store.insertProspect(given, family, email, companies.at(index % companies.size()));
        if (index % 8 < 6)
            store.markSynced(id, QString::number(51000000000LL + id * 37));
        else if (index % 8 == 6)
            store.markFailed(id, syncText("HubSpot rejected the contact: %1").arg(QStringLiteral("INVALID_EMAIL")));

        if (index % 3 == 0)
            store.insertLog(QStringLiteral("info"), QStringLiteral("created"), id,
                            syncText("Created HubSpot contact %1 for %2.").arg(51000000000LL + id * 37).arg(email));
        if (index % 8 == 6)
            store.insertLog(QStringLiteral("error"), QStringLiteral("failed"), id,
                            syncText("HubSpot rejected the contact: %1").arg(QStringLiteral("INVALID_EMAIL")));
        if (index % 16 == 5)
            store.insertLog(QStringLiteral("warning"), QStringLiteral("retry"), id,
                            syncText("Creating the contact in HubSpot failed: %1")
                                .arg(QStringLiteral("You have reached your ten_secondly_rolling limit.")));
    }

    // Failures of every kind for the Errors page.
    const QStringList failures = {
        syncText("HubSpot rejected the contact: %1")
            .arg(QStringLiteral("Property values were not valid: [{\"isValid\":false,"
                                "\"message\":\"Property \\\"breezee_score\\\" does not exist\",\"error\":"
                                "\"PROPERTY_DOESNT_EXIST\",\"name\":\"breezee_score\"}]")),
        syncText("Creating the contact in HubSpot failed: %1")
            .arg(QStringLiteral("You have reached your ten_secondly_rolling limit.")),
        syncText("No email address: HubSpot identifies contacts by email. Add an email to sync this prospect."),
        syncText("Reconnect required: HubSpot rejected the access token right after a refresh (%1).")
            .arg(QStringLiteral("HTTP 401")),
    };
    for (int index = 0; index < 9; ++index) {
        const QString email = index % 4 == 2 ? QString() : QStringLiteral("failed%1@example.com").arg(index);
        const qint64 id = store.insertProspect(QStringLiteral("Failed"), QString::number(index), email,
                                               QStringLiteral("Kernel Org"));
        store.markFailed(id, failures.at(index % failures.size()));
        store.insertLog(QStringLiteral("error"), QStringLiteral("failed"), id, failures.at(index % failures.size()));
    }
}

// Ada from the HubSpot fill-blank case: HubSpot kept "Ada" and "CTO", the
// phone was written, and one memory stays local.
qint64 addDecisionExample(GuiTest::StoreWriter &store)
{
    const QString now = storeTimestamp();
    const qint64 id = store.execute(
        QStringLiteral("INSERT INTO prospects (email, email_normalized, first_name, last_name, phone, job_title, "
                       "company_name, lead_score, source_channel, lifecycle_stage, created_at, updated_at) "
                       "VALUES ('ada@engines.example', 'ada@engines.example', 'ada', 'Lovelace', "
                       "'+44 20 7946 0000', 'Engineer', 'Analytical Engines Ltd', 87, 'webinar', 'lead', ?, ?)"),
        {now, now});
    const QString decisions = QStringLiteral(
        "{\"email\":{\"decision\":\"written\",\"local\":\"ada@engines.example\"},"
        "\"firstname\":{\"decision\":\"kept_remote\",\"local\":\"ada\",\"remote\":\"Ada\"},"
        "\"lastname\":{\"decision\":\"already_equal\",\"local\":\"Lovelace\",\"remote\":\"Lovelace\"},"
        "\"phone\":{\"decision\":\"written\",\"local\":\"+44 20 7946 0000\"},"
        "\"mobilephone\":{\"decision\":\"blank_local\"},"
        "\"jobtitle\":{\"decision\":\"kept_remote\",\"local\":\"Engineer\",\"remote\":\"CTO\"},"
        "\"breezee_score\":{\"decision\":\"written\",\"local\":\"87\"},"
        "\"breezee_source\":{\"decision\":\"written\",\"local\":\"webinar\"},"
        "\"breezee_last_activity_date\":{\"decision\":\"written\",\"local\":\"1741941000000\"}}");
    store.execute(QStringLiteral("INSERT INTO sync_state (prospect_id, remote_id, status, last_attempt_at, "
                                 "last_synced_at, attempts, decisions) VALUES (?, '51000000777', 'synced', ?, ?, 1, ?)"),
                  {id, now, now, decisions});
    store.dequeue(id);
    store.execute(QStringLiteral("INSERT INTO memories (prospect_id, key, value, captured_at) VALUES (?, ?, ?, ?)"),
                  {id, QStringLiteral("prefers"), QStringLiteral("Calls after 3 pm"), now});
    store.insertLog(QStringLiteral("info"), QStringLiteral("created"), id,
                    syncText("Created HubSpot contact %1 for %2.")
                        .arg(QStringLiteral("51000000777"), QStringLiteral("ada@engines.example")));
    return id;
}

ProviderStatus hubSpot(const IntegrationController &controller, ConnectionState state, bool withAccount)
{
    ProviderStatus status = controller.provider(QStringLiteral("hubspot"));
    status.state = state;
    if (withAccount) {
        status.accountId = QStringLiteral("24680135");
        status.accountDomain = QStringLiteral("breezee-demo.sandbox.hubspot.test");
        status.accountUser = QStringLiteral("admin@breezee.example");
        status.grantedScopes = status.definition.scopeNames();
        status.connectedAt = QDateTime::currentDateTimeUtc().addDays(-3);
    }
    return status;
}

// Shows the state that a card was given in the status bar's pill too, as
// the window does for a real connection.
void showConnectionInStatusBar(MainWindow &window, ConnectionState state)
{
    auto *pill = window.statusBar()->findChild<StatusPill *>();
    if (!pill)
        return;
    pill->setState(QCoreApplication::translate("Breezee::MainWindow", "%1: %2")
                       .arg(QStringLiteral("HubSpot"), connectionStateText(state)),
                   connectionStateTone(state));
}

// Lays the gallery out with room to spare and grabs it down to its lowest
// card. The cards sit at the top of their columns at their own height,
// because the gallery's heightForWidth comes out too small when a wide
// state pill makes a description wrap into more lines.
void savePacked(QWidget &gallery, const QString &path)
{
    const int width = 960;
    const int margin = 20;
    gallery.resize(width, 2400);
    gallery.show();
    QApplication::processEvents();

    int bottom = 0;
    const QList<ProviderCard *> cards = gallery.findChildren<ProviderCard *>();
    for (const ProviderCard *card : cards)
        bottom = qMax(bottom, card->geometry().bottom());
    gallery.grab(QRect(0, 0, width, bottom + margin)).save(path);
}

void saveGallery(const IntegrationController &controller, const QString &path)
{
    QWidget gallery;
    gallery.setWindowTitle(QStringLiteral("Provider card states"));
    auto *columns = new QHBoxLayout(&gallery);
    columns->setSpacing(16);
    columns->setContentsMargins(20, 20, 20, 20);
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    left->setSpacing(16);
    right->setSpacing(16);
    columns->addLayout(left);
    columns->addLayout(right);

    auto *connected = new ProviderCard(hubSpot(controller, ConnectionState::Connected, true));
    connected->setScopesExpanded(true);

    auto *connecting = new ProviderCard(hubSpot(controller, ConnectionState::Connecting, false));
    connecting->setAuthorizationUrl(QUrl(QStringLiteral(
        "https://app.hubspot.test/oauth/authorize?client_id=demo&redirect_uri=http%3A%2F%2Flocalhost%3A53682%2Fcallback")));
    connecting->setBrowserOpened(false);

    auto *expired = new ProviderCard(hubSpot(controller, ConnectionState::TokenExpired, true));

    ProviderStatus offlineStatus = hubSpot(controller, ConnectionState::Offline, true);
    offlineStatus.message = QCoreApplication::translate("Breezee::TokenClient",
                                                        "%1 could not be reached (%2). The connection is kept; "
                                                        "retrying when the network is back.")
                                .arg(QStringLiteral("api.hubapi.test"), QStringLiteral("Connection refused"));
    auto *offline = new ProviderCard(offlineStatus);

    auto *error = new ProviderCard(hubSpot(controller, ConnectionState::Error, false));
    error->showError(QCoreApplication::translate("Breezee::Provider",
                                                 "%1 is not configured: the value \"%2\" is missing. Set it in the [%3] "
                                                 "group of %4 or in the environment variable %5.")
                         .arg(QStringLiteral("HubSpot"), QStringLiteral("client_id"), QStringLiteral("hubspot"),
                              QStringLiteral("credentials.ini"), QStringLiteral("BREEZEE_HUBSPOT_CLIENT_ID")));

    auto *disconnected = new ProviderCard(hubSpot(controller, ConnectionState::Disconnected, false));

    left->addWidget(connected, 0, Qt::AlignTop);
    left->addWidget(offline, 0, Qt::AlignTop);
    left->addStretch();
    right->addWidget(connecting, 0, Qt::AlignTop);
    right->addWidget(expired, 0, Qt::AlignTop);
    right->addWidget(error, 0, Qt::AlignTop);
    right->addWidget(disconnected, 0, Qt::AlignTop);
    right->addStretch();

    savePacked(gallery, path);
}

// The HubSpot card in each sync state, as the tracker builds them from the
// sync's progress signals.
void saveSyncGallery(const IntegrationController &controller, const QString &path)
{
    QWidget gallery;
    gallery.setWindowTitle(QStringLiteral("Sync states"));
    auto *columns = new QHBoxLayout(&gallery);
    columns->setSpacing(16);
    columns->setContentsMargins(20, 20, 20, 20);
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    left->setSpacing(16);
    right->setSpacing(16);
    columns->addLayout(left);
    columns->addLayout(right);

    const auto addCard = [&](QVBoxLayout *column, ConnectionState state, const SyncActivityTracker &tracker) {
        auto *card = new ProviderCard(hubSpot(controller, state, true));
        card->setSyncActivity(tracker.activity());
        column->addWidget(card, 0, Qt::AlignTop);
    };

    // A first sync of 5,000 prospects, 2 minutes in, at about 240 per 10 s.
    SyncActivityTracker syncing;
    syncing.setConnectionState(ConnectionState::Connected);
    syncing.setQueueSize(5000);
    SyncProgress progress;
    progress.running = true;
    syncing.updateProgress(progress, 0);
    const int batches[] = {100, 300, 200, 300, 200, 300, 200, 200, 300, 200, 300, 200};
    int done = 0;
    for (int step = 0; step < 12; ++step) {
        progress.queued = 5000 - done;
        done += batches[step];
        progress.synced = done - step / 3;
        progress.failed = step / 3;
        syncing.updateProgress(progress, (step + 1) * 10000);
    }
    syncing.advanceTo(125000);
    addCard(left, ConnectionState::Connected, syncing);

    SyncActivityTracker waiting = syncing;
    progress.waitingForRateLimit = true;
    progress.queued = 5000 - done;
    waiting.updateProgress(progress, 126000);
    addCard(left, ConnectionState::Connected, waiting);
    left->addStretch();

    SyncActivityTracker paused;
    paused.setConnectionState(ConnectionState::TokenExpired);
    paused.setQueueSize(132);
    addCard(right, ConnectionState::TokenExpired, paused);

    SyncActivityTracker offline;
    offline.setConnectionState(ConnectionState::Offline);
    offline.setQueueSize(1);
    addCard(right, ConnectionState::Offline, offline);

    SyncActivityTracker idle;
    idle.setConnectionState(ConnectionState::Connected);
    SyncProgress finished;
    finished.running = true;
    idle.updateProgress(finished, 0);
    finished.synced = 511;
    finished.failed = 3;
    finished.running = false;
    idle.updateProgress(finished, 60000);
    addCard(right, ConnectionState::Connected, idle);
    right->addStretch();

    savePacked(gallery, path);
}

// Imports a small file with one rejected row and one warning, and grabs
// the result box that the window shows.
void saveImportResult(MainWindow &window, const QString &directory, const QString &path)
{
    const QString csv = directory + QStringLiteral("/prospects.csv");
    QFile file(csv);
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write("email,first_name,last_name,company,lead_score\n"
               "new1@example.com,Nia,Okafor,Northwind Traders,71\n"
               "new2@example.com,Tomas,Berg,Fjord Analytics,abc\n"
               ",Nobody,Known,Nowhere,12\n");
    file.close();

    window.importFile(csv);
    QApplication::processEvents();
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("importResultBox"));
    if (!box)
        return;
    QTest::qWait(500);
    box->grab().save(path);
    box->close();
}

} // namespace

int main(int argc, char *argv[])
{
    setApplicationIdentity(QStringLiteral("breezee-console"));
    QApplication app(argc, argv);

    const QStringList arguments = app.arguments();
    const QString outputDirectory = arguments.size() > 1 ? arguments.at(1) : QStringLiteral(".");
    const bool dark = arguments.contains(QStringLiteral("--dark"));
    const qsizetype langIndex = arguments.indexOf(QStringLiteral("--lang"));
    const QString language = langIndex > 0 && langIndex + 1 < arguments.size() ? arguments.at(langIndex + 1)
                                                                               : QStringLiteral("en");
    const QString suffix = (dark ? QStringLiteral("-dark") : QStringLiteral("-light"))
        + (language == QLatin1String("en") ? QString() : QLatin1Char('-') + language);
    QDir().mkpath(outputDirectory);

    QTranslator translator;
    if (language != QLatin1String("en")) {
        if (!translator.load(QStringLiteral(":/i18n/breezee_%1.qm").arg(language))) {
            qWarning("no translation for %s", qPrintable(language));
            return 1;
        }
        QCoreApplication::installTranslator(&translator);
        QLocale::setDefault(QLocale(language));
    }

    if (dark) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(GuiTest::darkPalette());
    }

    QTemporaryDir directory;
    const Profile profile = GuiTest::makeProfile(directory.path(), QStringLiteral("demo"));
    IntegrationController controller(profile);
    if (const Status status = controller.start()) {
        qWarning("start failed: %s", qPrintable(status->message));
        return 1;
    }

    QSettings settings(directory.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    MainWindow window(&controller, &settings);
    window.resize(1280, 800);
    window.show();

    const QStringList pages = {QStringLiteral("integrations"), QStringLiteral("contacts"),
                               QStringLiteral("activity"), QStringLiteral("errors")};

    // The empty pages first, before the store has any rows.
    for (int page : {int(MainWindow::ContactsPageIndex), int(MainWindow::ActivityPageIndex),
                     int(MainWindow::ErrorsPageIndex)}) {
        window.setCurrentPage(page);
        QTest::qWait(300);
        window.grab().save(QStringLiteral("%1/empty-%2%3.png").arg(outputDirectory, pages.at(page), suffix));
    }

    GuiTest::StoreWriter store(profile);
    fillStore(store);
    const qint64 ada = addDecisionExample(store);

    for (int page = 0; page < pages.size(); ++page) {
        window.setCurrentPage(page);
        if (page == MainWindow::ContactsPageIndex)
            window.showProspectInContacts(ada);
        QApplication::processEvents();
        QTest::qWait(700);
        window.grab().save(QStringLiteral("%1/%2%3.png").arg(outputDirectory, pages.at(page), suffix));
    }

    // A failed prospect in the detail pane, with the explanation.
    window.setCurrentPage(MainWindow::ErrorsPageIndex);
    const qint64 failed = window.errorsPage()->report().groups.first().prospects.first().prospectId;
    window.showProspectInContacts(failed);
    QTest::qWait(500);
    window.grab().save(QStringLiteral("%1/contacts-failed%2.png").arg(outputDirectory, suffix));

    // The real page with HubSpot connected and its permissions expanded.
    window.setCurrentPage(MainWindow::IntegrationsPageIndex);
    ProviderCard *card = window.integrationsPage()->card(QStringLiteral("hubspot"));
    card->setStatus(hubSpot(controller, ConnectionState::Connected, true));
    showConnectionInStatusBar(window, ConnectionState::Connected);
    card->setScopesExpanded(true);
    QTest::qWait(300);
    window.grab().save(QStringLiteral("%1/integrations-connected%2.png").arg(outputDirectory, suffix));

    // The widest state pill, which leaves the least room for the
    // description beside it.
    card->setScopesExpanded(false);
    card->setStatus(hubSpot(controller, ConnectionState::TokenExpired, true));
    showConnectionInStatusBar(window, ConnectionState::TokenExpired);
    QTest::qWait(300);
    window.grab().save(QStringLiteral("%1/integrations-reconnect%2.png").arg(outputDirectory, suffix));

    saveGallery(controller, QStringLiteral("%1/cards%2.png").arg(outputDirectory, suffix));
    saveSyncGallery(controller, QStringLiteral("%1/cards-sync%2.png").arg(outputDirectory, suffix));
    saveImportResult(window, directory.path(), QStringLiteral("%1/import-result%2.png").arg(outputDirectory, suffix));

    AboutDialog about(controller.profile(), &window);
    about.show();
    QTest::qWait(800);
    about.grab().save(QStringLiteral("%1/about%2.png").arg(outputDirectory, suffix));
    about.close();

    DisconnectDialog disconnect(QStringLiteral("HubSpot"), &window);
    disconnect.show();
    QTest::qWait(800);
    disconnect.grab().save(QStringLiteral("%1/disconnect%2.png").arg(outputDirectory, suffix));
    disconnect.close();
    window.close();
    return 0;
}
