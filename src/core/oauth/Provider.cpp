#include "Provider.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

namespace {

const char *const kSelectProviders =
    "SELECT key, display_name, description, status, authorize_url, token_url, revoke_url, "
    "introspect_url, scopes, redirect_uris, sort_order FROM providers";

ProviderDefinition readProvider(const QSqlQuery &query)
{
    ProviderDefinition definition;
    definition.key = query.value(0).toString();
    definition.displayName = query.value(1).toString();
    definition.description = query.value(2).toString();
    definition.live = query.value(3).toString() == QLatin1String("live");
    definition.authorizeUrl = query.value(4).toString();
    definition.tokenUrl = query.value(5).toString();
    definition.revokeUrl = query.value(6).toString();
    definition.introspectUrl = query.value(7).toString();

    const QJsonArray scopes = QJsonDocument::fromJson(query.value(8).toString().toUtf8()).array();
    for (const QJsonValue &scope : scopes) {
        const QJsonObject object = scope.toObject();
        definition.scopes << ProviderScope{object.value(QLatin1String("scope")).toString(),
                                           object.value(QLatin1String("reason")).toString()};
    }

    const QJsonArray redirects = QJsonDocument::fromJson(query.value(9).toString().toUtf8()).array();
    for (const QJsonValue &uri : redirects)
        definition.redirectUris << uri.toString();

    definition.sortOrder = query.value(10).toInt();
    return definition;
}

QString environmentName(const QString &providerKey, const QString &name)
{
    return QStringLiteral("BREEZEE_%1_%2").arg(providerKey.toUpper(), name.toUpper());
}

} // namespace

QStringList ProviderDefinition::scopeNames() const
{
    QStringList names;
    for (const ProviderScope &scope : scopes)
        names << scope.scope;
    return names;
}

Result<QList<ProviderDefinition>> loadProviders(QSqlDatabase db)
{
    QSqlQuery query(db);
    if (!query.exec(QLatin1String(kSelectProviders) + QLatin1String(" ORDER BY sort_order, key")))
        return Error{QStringLiteral("db_error"), query.lastError().text()};

    QList<ProviderDefinition> providers;
    while (query.next())
        providers << readProvider(query);
    return providers;
}

Result<ProviderDefinition> loadProvider(QSqlDatabase db, const QString &key)
{
    QSqlQuery query(db);
    query.prepare(QLatin1String(kSelectProviders) + QLatin1String(" WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec())
        return Error{QStringLiteral("db_error"), query.lastError().text()};
    if (!query.next())
        return Error{QStringLiteral("provider_unknown"),
                     QCoreApplication::translate("Breezee::Provider",
                                                 "No provider with the key \"%1\" is known. Check the "
                                                 "provider seed.")
                         .arg(key)};
    return readProvider(query);
}

ProviderCredentials loadCredentials(const QString &credentialsFile, const QString &providerKey)
{
    QHash<QString, QString> values;

    if (!credentialsFile.isEmpty()) {
        QSettings file(credentialsFile, QSettings::IniFormat);
        file.beginGroup(providerKey);
        const QStringList keys = file.childKeys();
        for (const QString &name : keys)
            values.insert(name, file.value(name).toString());
        file.endGroup();
    }

    const QString prefix = environmentName(providerKey, QString());
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList names = environment.keys();
    for (const QString &name : names) {
        if (name.startsWith(prefix) && name.size() > prefix.size())
            values.insert(name.mid(prefix.size()).toLower(), environment.value(name));
    }

    ProviderCredentials credentials;
    credentials.clientId = values.take(QStringLiteral("client_id"));
    credentials.clientSecret = values.take(QStringLiteral("client_secret"));
    credentials.values = values;
    return credentials;
}

Result<ResolvedProvider> resolveProvider(const ProviderDefinition &definition,
                                         const ProviderCredentials &credentials,
                                         const QString &credentialsFile)
{
    auto missing = [&](const QString &name) {
        return Error{QStringLiteral("provider_not_configured"),
                     QCoreApplication::translate(
                         "Breezee::Provider",
                         "%1 is not configured: the value \"%2\" is missing. Set it in the [%3] "
                         "group of %4 or in the environment variable %5.")
                         .arg(definition.displayName, name, definition.key, credentialsFile,
                              environmentName(definition.key, name))};
    };

    if (!definition.live)
        return Error{QStringLiteral("provider_roadmap"),
                     QCoreApplication::translate("Breezee::Provider", "%1 is not available yet.")
                         .arg(definition.displayName)};
    if (credentials.clientId.isEmpty())
        return missing(QStringLiteral("client_id"));
    if (credentials.clientSecret.isEmpty())
        return missing(QStringLiteral("client_secret"));

    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z0-9_]+)\\}"));
    QString unresolved;
    auto fill = [&](const QString &templateUrl) {
        QString url = templateUrl;
        auto it = placeholder.globalMatch(templateUrl);
        while (it.hasNext()) {
            const QString name = it.next().captured(1);
            const QString value = credentials.values.value(name);
            if (value.isEmpty() && unresolved.isEmpty())
                unresolved = name;
            QString base = value;
            while (base.endsWith(QLatin1Char('/')))
                base.chop(1);
            url.replace(QLatin1Char('{') + name + QLatin1Char('}'), base);
        }
        return QUrl(url);
    };

    ResolvedProvider resolved;
    resolved.definition = definition;

    // The app registered at the provider may list other redirect URIs than
    // the seed; "redirect_uris" in the credential block replaces the list.
    const QString redirectOverride = credentials.values.value(QStringLiteral("redirect_uris"));
    if (!redirectOverride.trimmed().isEmpty())
        resolved.definition.redirectUris = redirectOverride.split(QRegularExpression(QStringLiteral("[\\s,]+")),
                                                                  Qt::SkipEmptyParts);
    resolved.credentials = credentials;
    resolved.authorizeUrl = fill(definition.authorizeUrl);
    resolved.tokenUrl = fill(definition.tokenUrl);
    resolved.revokeUrl = fill(definition.revokeUrl);
    resolved.introspectUrl = fill(definition.introspectUrl);
    resolved.apiBaseUrl = QUrl(credentials.values.value(QStringLiteral("api_base_url")));
    if (!unresolved.isEmpty())
        return missing(unresolved);

    for (const QUrl &url : {resolved.authorizeUrl, resolved.tokenUrl}) {
        if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
            return Error{QStringLiteral("provider_url_invalid"),
                         QCoreApplication::translate("Breezee::Provider",
                                                     "The %1 URL \"%2\" is not a valid http or https "
                                                     "URL. Correct the credential block in %3.")
                             .arg(definition.displayName, url.toString(), credentialsFile)};
    }

    if (resolved.definition.redirectUris.isEmpty())
        return Error{QStringLiteral("provider_no_redirect"),
                     QCoreApplication::translate("Breezee::Provider",
                                                 "%1 has no registered redirect URI in the provider "
                                                 "seed.")
                         .arg(definition.displayName)};

    return resolved;
}

} // namespace Breezee
