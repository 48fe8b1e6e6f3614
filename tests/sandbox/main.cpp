#include "SandboxConfig.h"
#include "SandboxServer.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Breezee::Sandbox;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hubspot-sandbox"));

    const CommandLineOutcome outcome = parseCommandLine(QCoreApplication::arguments());
    if (outcome.action == CommandLineOutcome::Action::ShowHelp) {
        std::fputs(qPrintable(outcome.text), stdout);
        return 0;
    }
    if (outcome.action == CommandLineOutcome::Action::Fail) {
        std::fputs(qPrintable(outcome.text), stderr);
        return 2;
    }

    SandboxServer server(outcome.config);
    QObject::connect(&server, &SandboxServer::requestFinished,
                     [](const QByteArray &method, const QByteArray &path, int status) {
                         std::fprintf(stderr, "%s %s %d\n", method.constData(), path.constData(), status);
                     });
    QObject::connect(&server, &SandboxServer::requestRejected, [](int status, const QString &reason) {
        std::fprintf(stderr, "rejected malformed request with %d: %s\n", status, qPrintable(reason));
    });
    QObject::connect(&server, &SandboxServer::warning, [](const QString &message) {
        std::fprintf(stderr, "warning: %s\n", qPrintable(message));
    });

    const std::optional<QString> error = server.start();
    if (error) {
        std::fprintf(stderr, "hubspot-sandbox: %s\n", qPrintable(*error));
        return 1;
    }

    std::printf("LISTENING %u\n", unsigned(server.port()));
    std::fflush(stdout);

    return app.exec();
}
