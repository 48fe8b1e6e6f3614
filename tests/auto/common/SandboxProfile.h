#pragma once

#include "common/Profile.h"

#include <QCoreApplication>
#include <QSettings>
#include <QString>
#include <QUrl>

// Writes the HubSpot credential block for the sandbox into `file`, with
// `redirectUri` as the only registered redirect URI, as an admin's
// credentials.ini would hold it.
inline void writeSandboxCredentials(const QString &file, const QUrl &sandboxBase, const QString &redirectUri)
{
    QSettings credentials(file, QSettings::IniFormat);
    credentials.beginGroup(QStringLiteral("hubspot"));
    credentials.setValue(QStringLiteral("client_id"), QStringLiteral("breezee-sandbox-client"));
    credentials.setValue(QStringLiteral("client_secret"), QStringLiteral("breezee-sandbox-secret"));
    credentials.setValue(QStringLiteral("auth_base_url"), sandboxBase.toString());
    credentials.setValue(QStringLiteral("api_base_url"), sandboxBase.toString());
    credentials.setValue(QStringLiteral("redirect_uris"), redirectUri);
    credentials.sync();
}

// A profile whose data lives in `directory`/data, with its own keychain
// service so that tests never share entries.
inline Breezee::Profile sandboxProfile(const QString &directory, const QString &name, const QString &credentialsFile)
{
    Breezee::Profile profile;
    profile.name = name;
    profile.dataDirectory = directory + QStringLiteral("/data");
    profile.credentialsFile = credentialsFile;
    profile.keychainService = QStringLiteral("Breezee %1 test %2").arg(name).arg(QCoreApplication::applicationPid());
    profile.database = Breezee::DatabaseConfig::fromString(profile.dataDirectory + QStringLiteral("/breezee.sqlite"));
    return profile;
}
