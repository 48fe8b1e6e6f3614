#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Breezee::Sandbox {

// An authorize request waiting for the user to press Allow or Deny. It is
// kept in memory only and addressed by a random id, never by `state`.
struct PendingAuthorization {
    QString id;
    QString clientId;
    QString redirectUri;
    QStringList scopes;
    std::optional<QString> state;
    QString codeChallenge;
    QString codeChallengeMethod;
    qint64 createdAtMs = 0;
};

struct AuthorizationCode {
    QByteArray codeHash;
    QString clientId;
    QString redirectUri;
    QStringList scopes;
    QString codeChallenge;
    QString codeChallengeMethod;
    qint64 expiresAtMs = 0;
    bool used = false;
};

struct RefreshTokenRecord {
    QByteArray tokenHash;
    QString clientId;
    QStringList scopes;
    qint64 hubId = 0;
    qint64 userId = 0;
    qint64 issuedAtMs = 0;
    bool revoked = false;
};

struct AccessTokenRecord {
    QByteArray tokenHash;
    QByteArray refreshTokenHash;
    QString clientId;
    QStringList scopes;
    qint64 hubId = 0;
    qint64 userId = 0;
    qint64 expiresAtMs = 0;
    // Only Example IdP revokes access tokens. HubSpot's revoke ends the
    // refresh token alone.
    bool revoked = false;
};

// Authorization codes and tokens. Only SHA-256 hashes of codes and tokens
// are kept, in memory and in the state file, so neither the state file nor
// the state dump can leak a usable credential.
class AuthStore {
public:
    QString addPending(PendingAuthorization pending);
    std::optional<PendingAuthorization> takePending(const QString &id);

    // Issues a single-use code for an approved request. Returns the code.
    QString issueCode(const PendingAuthorization &approved, qint64 expiresAtMs);
    AuthorizationCode *findCode(const QString &code);

    // Issues a refresh token (UUID-like). Returns the token.
    QString issueRefreshToken(const QString &clientId, const QStringList &scopes, qint64 hubId,
                              qint64 userId, qint64 nowMs);
    RefreshTokenRecord *findRefreshToken(const QString &token);

    // Issues an access token (64 letters, digits and '-') bound to a
    // refresh token and carrying `scopes`. Returns the token.
    QString issueAccessToken(const RefreshTokenRecord &refresh, const QStringList &scopes, qint64 expiresAtMs);
    const AccessTokenRecord *findAccessToken(const QString &token) const;
    AccessTokenRecord *findAccessToken(const QString &token);
    const RefreshTokenRecord *findRefreshTokenByHash(const QByteArray &tokenHash) const;

    // Counts of codes and tokens by status, for the state dump.
    QJsonObject counts(qint64 nowMs) const;

    QJsonObject toJson() const;
    void loadJson(const QJsonObject &object);
    void clear();

    static QByteArray hashSecret(const QString &secret);

private:
    QHash<QString, PendingAuthorization> m_pending;
    QList<QString> m_pendingOrder;
    QHash<QByteArray, AuthorizationCode> m_codes;
    QHash<QByteArray, RefreshTokenRecord> m_refreshTokens;
    QHash<QByteArray, AccessTokenRecord> m_accessTokens;
};

} // namespace Breezee::Sandbox
