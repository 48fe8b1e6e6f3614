#include "Profile.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace Breezee {

namespace {

QString firstNonEmpty(const QString &option, const char *environmentName, const QString &fallback)
{
    if (!option.isEmpty())
        return option;

    const QString fromEnvironment = qEnvironmentVariable(environmentName);
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;

    return fallback;
}

} // namespace

void setApplicationIdentity(const QString &executableName)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Breezee"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("breezee.example"));
    QCoreApplication::setApplicationName(executableName);
    QCoreApplication::setApplicationVersion(QStringLiteral(BREEZEE_VERSION));
}

Profile resolveProfile(const ProfileOptions &options)
{
    Profile profile;
    profile.name = firstNonEmpty(options.name, "BREEZEE_PROFILE", QStringLiteral("default"));

    // Both executables share one tree, whatever their application names.
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/Breezee/integrations");
    profile.dataDirectory = QDir::cleanPath(firstNonEmpty(
        options.dataDirectory, "BREEZEE_DATA_DIR", appData + QLatin1Char('/') + profile.name));

    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/Breezee/integrations");
    profile.credentialsFile = firstNonEmpty(
        options.credentialsFile, "BREEZEE_CREDENTIALS",
        configDir + QLatin1Char('/') + profile.name + QStringLiteral("/credentials.ini"));

    profile.keychainService = QStringLiteral("Breezee Integrations (%1)").arg(profile.name);

    const QString database = firstNonEmpty(
        options.database, "BREEZEE_DATABASE",
        profile.dataDirectory + QStringLiteral("/breezee.sqlite"));
    profile.database = DatabaseConfig::fromString(database);

    return profile;
}

} // namespace Breezee
