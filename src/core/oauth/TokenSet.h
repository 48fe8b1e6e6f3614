#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Breezee {

// Tokens and what the provider reported with them. Kept in memory only; the
// refresh token alone goes to the keychain.
struct TokenSet {
    QString accessToken;
    QString refreshToken;
    QDateTime expiresAt;
    QStringList scopes;
    QString accountId;

    bool isValid() const { return !accessToken.isEmpty(); }
};

} // namespace Breezee

Q_DECLARE_METATYPE(Breezee::TokenSet)
