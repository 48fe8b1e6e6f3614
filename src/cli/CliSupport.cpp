#include "CliSupport.h"

#include <cstdio>

namespace Breezee::Cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

Profile profileFrom(const QCommandLineParser &parser, const Options &options)
{
    ProfileOptions profileOptions;
    profileOptions.name = parser.value(options.profile);
    profileOptions.dataDirectory = parser.value(options.dataDir);
    profileOptions.database = parser.value(options.database);
    profileOptions.credentialsFile = parser.value(options.credentials);
    return resolveProfile(profileOptions);
}

QString tokenFilePath(const QCommandLineParser &parser, const Options &options)
{
    if (parser.isSet(options.tokenFile))
        return parser.value(options.tokenFile);
    return qEnvironmentVariable("BREEZEE_TOKEN_FILE");
}

std::optional<int> intOption(const QCommandLineParser &parser, const QCommandLineOption &option, int minimum,
                             int maximum)
{
    bool valid = false;
    const QString text = parser.value(option);
    const int value = text.toInt(&valid);
    if (valid && value >= minimum && value <= maximum)
        return value;

    err() << tr("--%1 \"%2\" must be a whole number from %3 to %4.")
                 .arg(option.names().constFirst(), text)
                 .arg(minimum)
                 .arg(maximum)
          << Qt::endl;
    return std::nullopt;
}

} // namespace Breezee::Cli
