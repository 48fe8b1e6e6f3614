#pragma once

#include "common/Profile.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace Breezee::Cli {

// Translates a user-visible string of the command-line program.
inline QString tr(const char *text)
{
    return QCoreApplication::translate("breezee-integrations", text);
}

QTextStream &out();
QTextStream &err();

// Every option of every command. The help text names each option's unit
// and default.
struct Options {
    QCommandLineOption profile{QStringLiteral("profile"),
                               tr("Profile to use: its own data directory and keychain entries. "
                                  "Default: \"default\", or $BREEZEE_PROFILE."),
                               tr("name")};
    QCommandLineOption dataDir{QStringLiteral("data-dir"),
                               tr("Data directory of the profile. Default: the user's application "
                                  "data directory plus the profile name, or $BREEZEE_DATA_DIR."),
                               tr("directory")};
    QCommandLineOption database{QStringLiteral("database"),
                                tr("SQLite file, or postgresql://user:password@host:port/name for server "
                                   "mode. Default: breezee.sqlite in the data directory, or "
                                   "$BREEZEE_DATABASE."),
                                tr("path-or-url")};
    QCommandLineOption credentials{QStringLiteral("credentials"),
                                   tr("INI file with one [provider] group holding client_id, "
                                      "client_secret and the URL bases. Default: credentials.ini "
                                      "in the profile's config directory, or $BREEZEE_CREDENTIALS."),
                                   tr("file")};
    QCommandLineOption tokenFile{QStringLiteral("token-file"),
                                 tr("connect, sync, disconnect: keep the refresh token in this file "
                                    "instead of the keyring, for servers without a Secret Service. The "
                                    "file must be owned by you with mode 0600. Default: the keyring, "
                                    "or $BREEZEE_TOKEN_FILE."),
                                 tr("file")};
    QCommandLineOption provider{QStringLiteral("provider"),
                                tr("connect, disconnect: provider key from the seed. Default: hubspot."),
                                tr("key"), QStringLiteral("hubspot")};
    QCommandLineOption noBrowser{QStringLiteral("no-browser"),
                                 tr("connect: only print the authorization URL; do not open a "
                                    "browser.")};
    QCommandLineOption timeout{QStringLiteral("timeout"),
                               tr("connect: seconds to wait for the browser sign-in. Default: 300."),
                               tr("seconds"), QStringLiteral("300")};
    QCommandLineOption once{QStringLiteral("once"), tr("sync: drain the queue once and exit.")};
    QCommandLineOption watch{QStringLiteral("watch"),
                             tr("sync: keep running and sync new queue rows as they appear, until "
                                "SIGTERM or SIGINT. On PostgreSQL it also wakes at once when a row "
                                "is queued (LISTEN/NOTIFY).")};
    QCommandLineOption pollInterval{QStringLiteral("poll-interval"),
                                    tr("sync --watch: milliseconds between looks at the queue. Default: 1000."),
                                    tr("milliseconds"), QStringLiteral("1000")};
    QCommandLineOption batchSize{QStringLiteral("batch-size"),
                                 tr("sync: prospects per HubSpot batch request, 1 to 100. Default: 100."),
                                 tr("count"), QStringLiteral("100")};
    QCommandLineOption leaseSeconds{QStringLiteral("lease"),
                                    tr("sync on PostgreSQL: seconds a worker holds the queue rows it took "
                                       "before another worker may take them over. Default: 120."),
                                    tr("seconds"), QStringLiteral("120")};
    QCommandLineOption workerId{QStringLiteral("worker-id"),
                                tr("sync on PostgreSQL: this worker's name in the queue's leases. "
                                   "Default: host:pid."),
                                tr("name")};
    QCommandLineOption rateLimit{QStringLiteral("rate-limit"),
                                 tr("sync: HubSpot requests per 10-second window, shared by every worker "
                                    "of the account on PostgreSQL. Default: 110, HubSpot's limit for "
                                    "public apps. 0 turns the limit off, for test servers only."),
                                 tr("requests"), QStringLiteral("110")};
    QCommandLineOption map{QStringLiteral("map"),
                           tr("import: map a field to CSV columns, field=Column or "
                              "field=Column|Other; repeatable."),
                           tr("mapping")};
    QCommandLineOption source{QStringLiteral("source"),
                              tr("import: source channel for rows without one. Default: \"CSV import\"."),
                              tr("name")};
    QCommandLineOption all{QStringLiteral("all"), tr("resync: queue every prospect.")};
    QCommandLineOption failed{QStringLiteral("failed"),
                              tr("resync: queue every prospect whose last sync failed.")};
    QCommandLineOption prospect{QStringLiteral("prospect"),
                                tr("resync: queue this prospect id; repeatable, and a comma list works too."),
                                tr("id")};
    QCommandLineOption parts{QStringLiteral("parts"),
                             tr("resync: the parts to send again, a comma list of fields, notes and "
                                "company. Default: all three."),
                             tr("parts")};
    QCommandLineOption lines{QStringLiteral("lines"),
                             tr("log: how many of the newest sync log entries to print. Default: 20."),
                             tr("count"), QStringLiteral("20")};
    QCommandLineOption follow{QStringLiteral("follow"),
                              tr("log: keep printing new entries as they are written, until SIGTERM "
                                 "or SIGINT; looks every second.")};
    QCommandLineOption level{QStringLiteral("level"),
                             tr("log: the lowest level to print: info, warning or error. Default: info."),
                             tr("level"), QStringLiteral("info")};
};

// The profile that the options and the environment select.
Profile profileFrom(const QCommandLineParser &parser, const Options &options);

// The token file that --token-file or BREEZEE_TOKEN_FILE names, or empty
// for the keyring.
QString tokenFilePath(const QCommandLineParser &parser, const Options &options);

// Parses a whole number option within [minimum, maximum]. Otherwise it
// prints the usage error and returns nullopt.
std::optional<int> intOption(const QCommandLineParser &parser, const QCommandLineOption &option, int minimum,
                             int maximum);

// The commands beyond import, status, connect and disconnect.
int runSync(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
            const Options &options);
int runResync(const Profile &profile, const QCommandLineParser &parser, const Options &options);
int runLog(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
           const Options &options);
int runConnectToFile(QCoreApplication &app, const Profile &profile, const QCommandLineParser &parser,
                     const Options &options, const QString &tokenFile);

} // namespace Breezee::Cli
