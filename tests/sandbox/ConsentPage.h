#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Breezee::Sandbox {

// What the consent screen shows for one pending authorize request.
struct ConsentPageModel {
    QString appName;
    QString user;
    QString hubDomain;
    qint64 hubId = 0;
    QStringList scopes;
    QStringList optionalScopes;
    QString pendingRequestId;
};

// Plain-language description of a scope, or an empty string when the
// sandbox app cannot request that scope.
QString scopeDescription(const QString &scope);

// HubSpot's consent screen, with Allow (id "allow") and Deny (id "deny")
// buttons that POST to /oauth/authorize/decision.
QByteArray renderConsentPage(const ConsentPageModel &model);

// The page HubSpot shows instead of redirecting when an authorize request
// is invalid.
QByteArray renderAuthorizeErrorPage(const QString &message);

// The page shown after Deny. HubSpot sends nothing to the redirect URI.
QByteArray renderDeclinedPage(const QString &appName);

} // namespace Breezee::Sandbox
