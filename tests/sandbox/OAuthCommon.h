#pragma once

#include "AuthStore.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Breezee::Sandbox {

// Pieces of the OAuth 2.0 authorization-code grant that HubSpot and
// Example IdP share.

QStringList splitScopes(const QString &text);

// RFC 7636: a challenge or verifier is 43 to 128 characters of
// [A-Z a-z 0-9 - . _ ~].
bool isPkceString(const QString &text);

// Checks a code_verifier against the code's S256 or plain challenge.
bool verifierMatches(const AuthorizationCode &code, const QString &verifier);

// Appends percent-encoded query items to a redirect URI, after any query
// that the URI already has.
QByteArray withQueryItems(const QString &uri, const QList<QPair<QString, QString>> &items);

} // namespace Breezee::Sandbox
