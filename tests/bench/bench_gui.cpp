// GUI benchmark: the console's window over a large store. Prints figures
// and asserts nothing. It opens the window over a baseline store (1,000
// prospects by default) and over a large one (100,000). For each it prints
// the time until the window is exposed and until the Contacts page shows
// its first rows, and the median and worst latency of 20 contact searches
// by email. It also prints the resident memory after loading and after
// scrolling through the contacts, and the longest stall of the GUI thread
// while the sync runs against the HubSpot sandbox for a fixed time.
// Ratios compare the large store with the baseline.
// Run it on a display and inside a session with a keychain, for example:
//   dbus-run-session -- bash -c 'export XDG_RUNTIME_DIR=$(mktemp -d) XDG_DATA_HOME=$(mktemp -d);
//     echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
//     xvfb-run -a -s "-screen 0 1280x800x24" build/tests/bench/bench_gui'
//   bench_gui [--prospects N] [--baseline M] [--sync-seconds S]

#include "FakeBrowser.h"
#include "GuiTestSupport.h"
#include "SandboxProcess.h"
#include "SandboxProfile.h"

#include "ContactsModel.h"
#include "ContactsPage.h"
#include "MainWindow.h"
#include "integration/IntegrationController.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDesktopServices>
#include <QDialog>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSettings>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

namespace {

const int kSearchCount = 20;
const int kScrollSteps = 60;

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

// VmRSS from /proc/self/status in KiB, or -1 where it is missing.
qint64 residentKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;

    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QString mib(qint64 kib)
{
    return QStringLiteral("%1 MiB").arg(kib / 1024.0, 0, 'f', 1);
}

QString ratio(double large, double baseline)
{
    if (baseline <= 0)
        return QStringLiteral("n/a");
    return QStringLiteral("%1x").arg(large / baseline, 0, 'f', 2);
}

// Inserts prospects "Bench <n>" with bench<n>@example.com in one
// transaction; the store's trigger queues each for the sync.
bool seedProspects(const Profile &profile, int count)
{
    GuiTest::StoreWriter store(profile);
    if (!store.isOpen())
        return false;

    QSqlDatabase db = QSqlDatabase::database(QStringLiteral("test-writer"));
    db.transaction();
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO prospects (email, email_normalized, first_name, last_name, "
                                  "company_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    const QString now = storeTimestamp();
    for (int index = 0; index < count; ++index) {
        const QString email = QStringLiteral("bench%1@example.com").arg(index);
        insert.addBindValue(email);
        insert.addBindValue(email);
        insert.addBindValue(QStringLiteral("Bench"));
        insert.addBindValue(QString::number(index));
        insert.addBindValue(QStringLiteral("Example Company %1").arg(index % 55));
        insert.addBindValue(now);
        insert.addBindValue(now);
        if (!insert.exec())
            return false;
    }
    return db.commit();
}

// Receives the URLs that the console would open in a browser, so that no
// real browser starts; the benchmark plays the browser itself.
class BrowserSink : public QObject {
    Q_OBJECT

public slots:
    void openUrl(const QUrl &url) { urls << url; }

public:
    QList<QUrl> urls;
};

struct Figures {
    int prospects = 0;
    qint64 windowShownMs = 0;
    qint64 firstRowsMs = 0;
    double searchMedianMs = 0;
    double searchWorstMs = 0;
    qint64 rssBeforeKib = 0;
    qint64 rssLoadedKib = 0;
    qint64 rssScrolledKib = 0;
    int rowsAfterScrolling = 0;
    qint64 syncStallMs = -1;
    // The maximum stall while each page was shown, in page order.
    QList<qint64> pageStallMs;
    int syncedDuringRun = 0;
};

class GuiBenchmark {
public:
    GuiBenchmark(SandboxProcess *sandbox, const QString &redirectUri, int syncSeconds)
        : m_sandbox(sandbox)
        , m_redirectUri(redirectUri)
        , m_syncSeconds(syncSeconds)
    {
    }

    // Without `sync`, only the window, search and scrolling figures.
    bool run(int prospects, Figures &figures, bool sync = true);

private:
    bool openWindow(const Profile &profile, Figures &figures);
    void measureSearch(Figures &figures);
    void measureScrolling(Figures &figures);
    bool measureSyncStall(Figures &figures);

    SandboxProcess *m_sandbox = nullptr;
    QString m_redirectUri;
    int m_syncSeconds = 30;
    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<IntegrationController> m_controller;
    std::unique_ptr<MainWindow> m_window;
};

bool GuiBenchmark::run(int prospects, Figures &figures, bool sync)
{
    figures.prospects = prospects;
    m_directory = std::make_unique<QTemporaryDir>();
    const QString credentials = m_directory->filePath(QStringLiteral("credentials.ini"));
    writeSandboxCredentials(credentials, m_sandbox->baseUrl(), m_redirectUri);
    const Profile profile = sandboxProfile(m_directory->path(), QStringLiteral("bench%1").arg(prospects), credentials);
    QDir().mkpath(profile.dataDirectory);

    {
        // The store's schema comes from the controller's first start.
        IntegrationController schema(profile);
        if (Status status = schema.start()) {
            print(QStringLiteral("error: the store did not open: %1").arg(status->message));
            return false;
        }
    }
    if (!seedProspects(profile, prospects)) {
        print(QStringLiteral("error: seeding %1 prospects failed").arg(prospects));
        return false;
    }

    figures.rssBeforeKib = residentKib();
    if (!openWindow(profile, figures))
        return false;

    measureSearch(figures);
    measureScrolling(figures);
    const bool synced = !sync || measureSyncStall(figures);

    m_window->close();
    m_window.reset();
    m_controller.reset();
    m_settings.reset();
    m_directory.reset();
    return synced;
}

bool GuiBenchmark::openWindow(const Profile &profile, Figures &figures)
{
    QElapsedTimer clock;
    clock.start();

    m_controller = std::make_unique<IntegrationController>(profile);
    if (Status status = m_controller->start()) {
        print(QStringLiteral("error: %1").arg(status->message));
        return false;
    }
    m_settings = std::make_unique<QSettings>(m_directory->filePath(QStringLiteral("console.ini")),
                                             QSettings::IniFormat);
    m_window = std::make_unique<MainWindow>(m_controller.get(), m_settings.get());
    m_window->resize(1280, 800);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get())) {
        print(QStringLiteral("error: the window was not exposed"));
        return false;
    }
    figures.windowShownMs = clock.elapsed();

    m_window->setCurrentPage(MainWindow::ContactsPageIndex);
    ContactsModel *model = m_window->contactsPage()->model();
    while (model->rowCount() == 0 && clock.elapsed() < 60000)
        QTest::qWait(1);
    figures.firstRowsMs = clock.elapsed();

    QApplication::processEvents();
    figures.rssLoadedKib = residentKib();
    return true;
}

// Types an address into the search field and presses Enter, which runs the
// search at once instead of after the typing pause. The time runs from the
// key press until the table shows the one match.
void GuiBenchmark::measureSearch(Figures &figures)
{
    ContactsPage *page = m_window->contactsPage();
    auto *search = page->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    ContactsModel *model = page->model();

    QList<double> latencies;
    for (int round = 0; round < kSearchCount; ++round) {
        const int index = (round * 7919 + 13) % figures.prospects;
        search->setText(QStringLiteral("bench%1@example.com").arg(index));

        QElapsedTimer clock;
        clock.start();
        QTest::keyClick(search, Qt::Key_Return);
        while (model->rowCount() != 1 && clock.elapsed() < 10000)
            QTest::qWait(1);
        latencies << clock.nsecsElapsed() / 1e6;
    }

    std::sort(latencies.begin(), latencies.end());
    figures.searchMedianMs = latencies.at(latencies.size() / 2);
    figures.searchWorstMs = latencies.last();

    search->clear();
    QTest::keyClick(search, Qt::Key_Return);
}

// Scrolls to the end of the table step by step, so that the model fetches
// page after page as a person scrolling would.
void GuiBenchmark::measureScrolling(Figures &figures)
{
    QTableView *view = m_window->contactsPage()->view();
    for (int step = 0; step < kScrollSteps; ++step) {
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
        QTest::qWait(5);
    }
    figures.rowsAfterScrolling = view->model()->rowCount();
    figures.rssScrolledKib = residentKib();
}

// Connects HubSpot through the sandbox, confirms the first sync and lets it
// run for the given time while the window switches between its pages. A
// 10 ms timer measures the largest gap between its ticks.
bool GuiBenchmark::measureSyncStall(Figures &figures)
{
    QSignalSpy urlReady(m_controller.get(), &IntegrationController::authorizationUrlReady);
    m_controller->connectProvider(QStringLiteral("hubspot"));
    if (urlReady.isEmpty() && !urlReady.wait(10000)) {
        print(QStringLiteral("error: no authorization URL"));
        return false;
    }
    openInFakeBrowser(urlReady.first().at(1).toUrl());

    QElapsedTimer connectClock;
    connectClock.start();
    while (m_controller->provider(QStringLiteral("hubspot")).state != ConnectionState::Connected
           && connectClock.elapsed() < 20000)
        QTest::qWait(10);
    if (m_controller->provider(QStringLiteral("hubspot")).state != ConnectionState::Connected) {
        print(QStringLiteral("error: HubSpot did not connect: %1")
                  .arg(m_controller->provider(QStringLiteral("hubspot")).message));
        return false;
    }

    // The window requests a confirmation before the first sync of a
    // connection. The benchmark confirms and closes the dry-run dialog.
    QTest::qWait(200);
    if (m_controller->isFirstSyncPending())
        m_controller->confirmFirstSync();
    const QList<QDialog *> dialogs = m_window->findChildren<QDialog *>();
    for (QDialog *dialog : dialogs) {
        dialog->hide();
        dialog->deleteLater();
    }

    const int pages[] = {MainWindow::IntegrationsPageIndex, MainWindow::ContactsPageIndex,
                         MainWindow::ActivityPageIndex, MainWindow::ErrorsPageIndex};
    figures.pageStallMs = QList<qint64>(4, 0);
    int pageIndex = 0;

    QElapsedTimer tick;
    qint64 longestStall = 0;
    QTimer probe;
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 stall = tick.restart() - 10;
        longestStall = std::max(longestStall, stall);
        qint64 &pageStall = figures.pageStallMs[(pageIndex + 3) % 4];
        pageStall = std::max(pageStall, stall);
    });

    QElapsedTimer clock;
    clock.start();
    tick.start();
    probe.start();
    while (clock.elapsed() < m_syncSeconds * 1000) {
        m_window->setCurrentPage(pages[pageIndex++ % 4]);
        QTest::qWait(2500);
        const SyncActivity activity = m_window->syncActivity();
        if (!activity.isRunning() && activity.done() > 0)
            break;
    }
    probe.stop();

    figures.syncStallMs = longestStall;
    figures.syncedDuringRun = m_window->syncActivity().done();
    return true;
}

void printFigures(const Figures &figures)
{
    print(QStringLiteral("%1 prospects:").arg(QLocale().toString(figures.prospects)));
    print(QStringLiteral("  window exposed            %1 ms").arg(figures.windowShownMs));
    print(QStringLiteral("  contacts first rows       %1 ms").arg(figures.firstRowsMs));
    print(QStringLiteral("  search by email           median %1 ms, worst %2 ms over %3 searches")
              .arg(figures.searchMedianMs, 0, 'f', 1)
              .arg(figures.searchWorstMs, 0, 'f', 1)
              .arg(kSearchCount));
    print(QStringLiteral("  RSS before the window     %1").arg(mib(figures.rssBeforeKib)));
    print(QStringLiteral("  RSS after load            %1").arg(mib(figures.rssLoadedKib)));
    print(QStringLiteral("  RSS after scrolling       %1 (%2 rows loaded)")
              .arg(mib(figures.rssScrolledKib))
              .arg(figures.rowsAfterScrolling));
    print(QStringLiteral("  longest GUI-thread stall  %1 ms while the sync ran (%2 prospects done)")
              .arg(figures.syncStallMs)
              .arg(figures.syncedDuringRun));
    if (figures.pageStallMs.size() == 4) {
        print(QStringLiteral("    by page shown           Integrations %1 ms, Contacts %2 ms, Activity %3 ms, "
                             "Errors %4 ms")
                  .arg(figures.pageStallMs.at(0))
                  .arg(figures.pageStallMs.at(1))
                  .arg(figures.pageStallMs.at(2))
                  .arg(figures.pageStallMs.at(3)));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption prospectsOption(QStringLiteral("prospects"),
                                             QStringLiteral("Prospects in the large store. Default: 100000."),
                                             QStringLiteral("count"), QStringLiteral("100000"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline"),
                                            QStringLiteral("Prospects in the baseline store. Default: 1000."),
                                            QStringLiteral("count"), QStringLiteral("1000"));
    const QCommandLineOption syncOption(QStringLiteral("sync-seconds"),
                                        QStringLiteral("Seconds the sync runs for the stall figure. Default: 30."),
                                        QStringLiteral("seconds"), QStringLiteral("30"));
    parser.addOptions({prospectsOption, baselineOption, syncOption});
    parser.process(app);

    QLoggingCategory::setFilterRules(QStringLiteral("breezee.*.info=false"));
    QStandardPaths::setTestModeEnabled(true);

    // Every URL the console opens goes to the sink, never to a browser.
    BrowserSink sink;
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &sink, "openUrl");
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &sink, "openUrl");
    const auto unsetHandlers = qScopeGuard([] {
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    });

    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    SandboxProcess sandbox;
    if (!sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri})) {
        print(QStringLiteral("error: the sandbox did not start: %1").arg(sandbox.errorString()));
        return 1;
    }

    GuiBenchmark benchmark(&sandbox, redirectUri, parser.value(syncOption).toInt());

    // A first window loads the libraries, fonts and icons, so that the
    // baseline's figures do not carry that one-time cost.
    Figures warmUp;
    if (!benchmark.run(100, warmUp, false))
        return 1;

    Figures baseline;
    Figures large;
    if (!benchmark.run(parser.value(baselineOption).toInt(), baseline))
        return 1;
    printFigures(baseline);

    sandbox.reset();
    if (!benchmark.run(parser.value(prospectsOption).toInt(), large))
        return 1;
    printFigures(large);

    print(QStringLiteral("ratios, large store over baseline:"));
    print(QStringLiteral("  window exposed            %1").arg(ratio(large.windowShownMs, baseline.windowShownMs)));
    print(QStringLiteral("  contacts first rows       %1").arg(ratio(large.firstRowsMs, baseline.firstRowsMs)));
    print(QStringLiteral("  search median             %1").arg(ratio(large.searchMedianMs, baseline.searchMedianMs)));
    print(QStringLiteral("  RSS growth after scrolling %1")
              .arg(ratio(large.rssScrolledKib - large.rssBeforeKib, baseline.rssScrolledKib - baseline.rssBeforeKib)));
    print(QStringLiteral("  longest sync stall        %1").arg(ratio(large.syncStallMs, baseline.syncStallMs)));
    return 0;
}

#include "bench_gui.moc"
