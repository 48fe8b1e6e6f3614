#include "Commands.h"

#include "common/Logging.h"
#include "common/Profile.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    Breezee::installSecretSafeLogging();
    QCoreApplication app(argc, argv);
    Breezee::setSharedApplicationIdentity();
    QCoreApplication::setApplicationName(QStringLiteral("integrations"));

    return Breezee::Cli::run(app);
}
