#include "QueueListener.h"

#include "common/Logging.h"
#include "store/Database.h"

#include <QSqlDriver>
#include <QSqlError>

namespace Breezee::Cli {

QueueListener::QueueListener(QObject *parent)
    : QObject(parent)
{
}

QueueListener::~QueueListener() = default;

Status QueueListener::start(const DatabaseConfig &config)
{
    m_database = std::make_unique<Database>(QStringLiteral("cli-queue-listener"));
    if (Status status = m_database->open(config))
        return status;

    QSqlDriver *driver = m_database->handle().driver();
    if (!driver->subscribeToNotification(QLatin1String(kChannel)))
        return Error{QStringLiteral("listen_failed"),
                     QStringLiteral("LISTEN %1 failed: %2").arg(QLatin1String(kChannel), driver->lastError().text())};

    connect(driver, &QSqlDriver::notification, this, [this](const QString &name) {
        if (name == QLatin1String(kChannel))
            emit queueChanged();
    });
    qCInfo(lcCli) << "listening for queue notifications on" << kChannel;
    return std::nullopt;
}

} // namespace Breezee::Cli
