#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Breezee::Sandbox {

// Plain HTML pages of Example IdP, the generic OAuth 2.0 provider.

// The consent page, titled "Authorize <app> on Example IdP", with Allow
// (id "allow") and Deny (id "deny") buttons that POST to
// /other-idp/oauth/authorize/decision.
QByteArray renderExampleIdpConsentPage(const QString &appName, const QString &user, const QStringList &scopes,
                                       const QString &pendingRequestId);

// The page shown instead of a redirect when the client or redirect URI is
// not registered, or the consent request is unknown.
QByteArray renderExampleIdpErrorPage(const QString &message);

} // namespace Breezee::Sandbox
