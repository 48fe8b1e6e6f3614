#include "Commands.h"

#include "common/Profile.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Breezee::setSharedApplicationIdentity();
    QCoreApplication::setApplicationName(QStringLiteral("integrations"));

    return Breezee::Cli::run(app);
}
