#pragma once

#include "store/DatabaseConfig.h"

#include <QString>

namespace Breezee {

// Storage locations of one profile. Profiles keep a demo or test run apart
// from a real connection, because each has its own data directory, database
// and keychain entries.
struct Profile {
    QString name;
    QString dataDirectory;
    QString credentialsFile;
    QString keychainService;
    DatabaseConfig database;
};

// Explicit choices from the command line; an empty field falls back to the
// environment (BREEZEE_PROFILE, BREEZEE_DATA_DIR, BREEZEE_DATABASE,
// BREEZEE_CREDENTIALS) and then to the default.
struct ProfileOptions {
    QString name;
    QString dataDirectory;
    QString database;
    QString credentialsFile;
};

// Resolves the options into a profile. The default data directory is
// Breezee/integrations/<profile> in QStandardPaths::GenericDataLocation, the
// same for both executables.
Profile resolveProfile(const ProfileOptions &options);

// Sets the organization name, the executable's name (shown by --version and
// used for its QSettings file) and the version.
void setApplicationIdentity(const QString &executableName);

} // namespace Breezee
