#include "MainWindow.h"
#include "common/CoreDumps.h"
#include "common/Logging.h"
#include "common/Profile.h"
#include "integration/IntegrationController.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

#include <memory>

namespace {

// --help and --version must work without a display, so they are handled
// before any window-system connection is made.
bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" || argument == "-v"
            || argument == "--version" || argument == "-?")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    Breezee::setApplicationIdentity(QStringLiteral("breezee-console"));
    Breezee::installSecretSafeLogging();
    Breezee::disableCoreDumps();
    std::unique_ptr<QCoreApplication> app;
    if (asksForHelpOrVersion(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QGuiApplication::setDesktopFileName(QStringLiteral("example.breezee.IntegrationsConsole"));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("breezee"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Connects HubSpot with OAuth 2.0 and syncs prospects one way into HubSpot contacts."));
    parser.addHelpOption();
    parser.addVersionOption();

    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        QCoreApplication::translate("main", "Profile to open (default: BREEZEE_PROFILE, or \"default\"). "
                                            "Each profile has its own data and keychain entries."),
        QCoreApplication::translate("main", "name"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QCoreApplication::translate("main", "Directory for the profile's data (default: BREEZEE_DATA_DIR, or "
                                            "the profile's folder in the user's application data)."),
        QCoreApplication::translate("main", "dir"));
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QCoreApplication::translate("main", "SQLite file or postgresql://user:password@host:port/db URL "
                                            "(default: BREEZEE_DATABASE, or breezee.sqlite in the data "
                                            "directory)."),
        QCoreApplication::translate("main", "path|url"));
    const QCommandLineOption credentialsOption(
        QStringLiteral("credentials"),
        QCoreApplication::translate("main", "INI file with each provider's OAuth client id and secret "
                                            "(default: BREEZEE_CREDENTIALS, or credentials.ini in the "
                                            "profile's configuration folder)."),
        QCoreApplication::translate("main", "file"));
    parser.addOptions({profileOption, dataDirOption, databaseOption, credentialsOption});
    parser.process(*app);

    Breezee::ProfileOptions options;
    options.name = parser.value(profileOption);
    options.dataDirectory = parser.value(dataDirOption);
    options.database = parser.value(databaseOption);
    options.credentialsFile = parser.value(credentialsOption);

    Breezee::IntegrationController controller(Breezee::resolveProfile(options));
    if (const Breezee::Status status = controller.start()) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Breezee Integrations Console"),
                              status->message);
        return 1;
    }

    QSettings settings;
    Breezee::MainWindow window(&controller, &settings);
    window.show();
    return app->exec();
}
