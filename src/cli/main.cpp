#include "Commands.h"

#include "common/CoreDumps.h"
#include "common/Logging.h"
#include "common/Profile.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    Breezee::installSecretSafeLogging();
    Breezee::disableCoreDumps();
    QCoreApplication app(argc, argv);
    Breezee::setApplicationIdentity(QStringLiteral("breezee-integrations"));

    return Breezee::Cli::run(app);
}
