#include "AuthStore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QUuid>

namespace Breezee::Sandbox {

namespace {

// Pending consent pages beyond this count drop the oldest, so an endless
// series of abandoned sign-ins cannot grow memory without bound.
constexpr qsizetype MaxPendingAuthorizations = 1000;

QString randomAccessToken()
{
    static const QByteArray alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";

    QString token;
    token.reserve(64);
    for (int i = 0; i < 64; ++i)
        token.append(QLatin1Char(alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())))));
    return token;
}

QString randomUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonArray toJsonArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList toStringList(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

qint64 toInt64(const QJsonValue &value)
{
    return qint64(value.toDouble());
}

} // namespace

QByteArray AuthStore::hashSecret(const QString &secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex();
}

QString AuthStore::addPending(PendingAuthorization pending)
{
    pending.id = randomUuid();

    if (m_pendingOrder.size() >= MaxPendingAuthorizations)
        m_pending.remove(m_pendingOrder.takeFirst());

    m_pendingOrder.append(pending.id);
    m_pending.insert(pending.id, pending);
    return pending.id;
}

std::optional<PendingAuthorization> AuthStore::takePending(const QString &id)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd())
        return std::nullopt;

    PendingAuthorization pending = it.value();
    m_pending.erase(it);
    m_pendingOrder.removeOne(id);
    return pending;
}

QString AuthStore::issueCode(const PendingAuthorization &approved, qint64 expiresAtMs)
{
    const QString code = randomUuid();

    AuthorizationCode record;
    record.codeHash = hashSecret(code);
    record.clientId = approved.clientId;
    record.redirectUri = approved.redirectUri;
    record.scopes = approved.scopes;
    record.codeChallenge = approved.codeChallenge;
    record.codeChallengeMethod = approved.codeChallengeMethod;
    record.expiresAtMs = expiresAtMs;
    m_codes.insert(record.codeHash, record);
    return code;
}

AuthorizationCode *AuthStore::findCode(const QString &code)
{
    const auto it = m_codes.find(hashSecret(code));
    return it == m_codes.end() ? nullptr : &it.value();
}

QString AuthStore::issueRefreshToken(const QString &clientId, const QStringList &scopes, qint64 hubId,
                                     qint64 userId, qint64 nowMs)
{
    const QString token = randomUuid();

    RefreshTokenRecord record;
    record.tokenHash = hashSecret(token);
    record.clientId = clientId;
    record.scopes = scopes;
    record.hubId = hubId;
    record.userId = userId;
    record.issuedAtMs = nowMs;
    m_refreshTokens.insert(record.tokenHash, record);
    return token;
}

RefreshTokenRecord *AuthStore::findRefreshToken(const QString &token)
{
    const auto it = m_refreshTokens.find(hashSecret(token));
    return it == m_refreshTokens.end() ? nullptr : &it.value();
}

QString AuthStore::issueAccessToken(const RefreshTokenRecord &refresh, const QStringList &scopes,
                                    qint64 expiresAtMs)
{
    const QString token = randomAccessToken();

    AccessTokenRecord record;
    record.tokenHash = hashSecret(token);
    record.refreshTokenHash = refresh.tokenHash;
    record.clientId = refresh.clientId;
    record.scopes = scopes;
    record.hubId = refresh.hubId;
    record.userId = refresh.userId;
    record.expiresAtMs = expiresAtMs;
    m_accessTokens.insert(record.tokenHash, record);
    return token;
}

const AccessTokenRecord *AuthStore::findAccessToken(const QString &token) const
{
    const auto it = m_accessTokens.constFind(hashSecret(token));
    return it == m_accessTokens.constEnd() ? nullptr : &it.value();
}

AccessTokenRecord *AuthStore::findAccessToken(const QString &token)
{
    const auto it = m_accessTokens.find(hashSecret(token));
    return it == m_accessTokens.end() ? nullptr : &it.value();
}

const RefreshTokenRecord *AuthStore::findRefreshTokenByHash(const QByteArray &tokenHash) const
{
    const auto it = m_refreshTokens.constFind(tokenHash);
    return it == m_refreshTokens.constEnd() ? nullptr : &it.value();
}

QJsonObject AuthStore::counts(qint64 nowMs) const
{
    int codesUsed = 0;
    int codesExpired = 0;
    for (const AuthorizationCode &code : m_codes) {
        if (code.used)
            ++codesUsed;
        else if (code.expiresAtMs <= nowMs)
            ++codesExpired;
    }

    int refreshRevoked = 0;
    for (const RefreshTokenRecord &token : m_refreshTokens) {
        if (token.revoked)
            ++refreshRevoked;
    }

    int accessActive = 0;
    int accessRevoked = 0;
    for (const AccessTokenRecord &token : m_accessTokens) {
        if (token.revoked)
            ++accessRevoked;
        else if (token.expiresAtMs > nowMs)
            ++accessActive;
    }

    QJsonObject counts;
    counts.insert(QStringLiteral("pendingAuthorizations"), int(m_pending.size()));
    counts.insert(QStringLiteral("codesIssued"), int(m_codes.size()));
    counts.insert(QStringLiteral("codesUsed"), codesUsed);
    counts.insert(QStringLiteral("codesExpiredUnused"), codesExpired);
    counts.insert(QStringLiteral("refreshTokensIssued"), int(m_refreshTokens.size()));
    counts.insert(QStringLiteral("refreshTokensActive"), int(m_refreshTokens.size()) - refreshRevoked);
    counts.insert(QStringLiteral("refreshTokensRevoked"), refreshRevoked);
    counts.insert(QStringLiteral("accessTokensIssued"), int(m_accessTokens.size()));
    counts.insert(QStringLiteral("accessTokensActive"), accessActive);
    counts.insert(QStringLiteral("accessTokensRevoked"), accessRevoked);
    return counts;
}

QJsonObject AuthStore::toJson() const
{
    QJsonArray codes;
    for (const AuthorizationCode &code : m_codes) {
        codes.append(QJsonObject{
            {QStringLiteral("codeSha256"), QString::fromLatin1(code.codeHash)},
            {QStringLiteral("clientId"), code.clientId},
            {QStringLiteral("redirectUri"), code.redirectUri},
            {QStringLiteral("scopes"), toJsonArray(code.scopes)},
            {QStringLiteral("codeChallenge"), code.codeChallenge},
            {QStringLiteral("codeChallengeMethod"), code.codeChallengeMethod},
            {QStringLiteral("expiresAtMs"), double(code.expiresAtMs)},
            {QStringLiteral("used"), code.used},
        });
    }

    QJsonArray refreshTokens;
    for (const RefreshTokenRecord &token : m_refreshTokens) {
        refreshTokens.append(QJsonObject{
            {QStringLiteral("tokenSha256"), QString::fromLatin1(token.tokenHash)},
            {QStringLiteral("clientId"), token.clientId},
            {QStringLiteral("scopes"), toJsonArray(token.scopes)},
            {QStringLiteral("hubId"), double(token.hubId)},
            {QStringLiteral("userId"), double(token.userId)},
            {QStringLiteral("issuedAtMs"), double(token.issuedAtMs)},
            {QStringLiteral("revoked"), token.revoked},
        });
    }

    QJsonArray accessTokens;
    for (const AccessTokenRecord &token : m_accessTokens) {
        accessTokens.append(QJsonObject{
            {QStringLiteral("tokenSha256"), QString::fromLatin1(token.tokenHash)},
            {QStringLiteral("refreshTokenSha256"), QString::fromLatin1(token.refreshTokenHash)},
            {QStringLiteral("clientId"), token.clientId},
            {QStringLiteral("scopes"), toJsonArray(token.scopes)},
            {QStringLiteral("hubId"), double(token.hubId)},
            {QStringLiteral("userId"), double(token.userId)},
            {QStringLiteral("expiresAtMs"), double(token.expiresAtMs)},
            {QStringLiteral("revoked"), token.revoked},
        });
    }

    QJsonObject object;
    object.insert(QStringLiteral("authorizationCodes"), codes);
    object.insert(QStringLiteral("refreshTokens"), refreshTokens);
    object.insert(QStringLiteral("accessTokens"), accessTokens);
    return object;
}

void AuthStore::loadJson(const QJsonObject &object)
{
    clear();

    const QJsonArray codes = object.value(QStringLiteral("authorizationCodes")).toArray();
    for (const QJsonValue &value : codes) {
        const QJsonObject item = value.toObject();
        AuthorizationCode code;
        code.codeHash = item.value(QStringLiteral("codeSha256")).toString().toLatin1();
        code.clientId = item.value(QStringLiteral("clientId")).toString();
        code.redirectUri = item.value(QStringLiteral("redirectUri")).toString();
        code.scopes = toStringList(item.value(QStringLiteral("scopes")));
        code.codeChallenge = item.value(QStringLiteral("codeChallenge")).toString();
        code.codeChallengeMethod = item.value(QStringLiteral("codeChallengeMethod")).toString();
        code.expiresAtMs = toInt64(item.value(QStringLiteral("expiresAtMs")));
        code.used = item.value(QStringLiteral("used")).toBool();
        m_codes.insert(code.codeHash, code);
    }

    const QJsonArray refreshTokens = object.value(QStringLiteral("refreshTokens")).toArray();
    for (const QJsonValue &value : refreshTokens) {
        const QJsonObject item = value.toObject();
        RefreshTokenRecord token;
        token.tokenHash = item.value(QStringLiteral("tokenSha256")).toString().toLatin1();
        token.clientId = item.value(QStringLiteral("clientId")).toString();
        token.scopes = toStringList(item.value(QStringLiteral("scopes")));
        token.hubId = toInt64(item.value(QStringLiteral("hubId")));
        token.userId = toInt64(item.value(QStringLiteral("userId")));
        token.issuedAtMs = toInt64(item.value(QStringLiteral("issuedAtMs")));
        token.revoked = item.value(QStringLiteral("revoked")).toBool();
        m_refreshTokens.insert(token.tokenHash, token);
    }

    const QJsonArray accessTokens = object.value(QStringLiteral("accessTokens")).toArray();
    for (const QJsonValue &value : accessTokens) {
        const QJsonObject item = value.toObject();
        AccessTokenRecord token;
        token.tokenHash = item.value(QStringLiteral("tokenSha256")).toString().toLatin1();
        token.refreshTokenHash = item.value(QStringLiteral("refreshTokenSha256")).toString().toLatin1();
        token.clientId = item.value(QStringLiteral("clientId")).toString();
        token.scopes = toStringList(item.value(QStringLiteral("scopes")));
        token.hubId = toInt64(item.value(QStringLiteral("hubId")));
        token.userId = toInt64(item.value(QStringLiteral("userId")));
        token.expiresAtMs = toInt64(item.value(QStringLiteral("expiresAtMs")));
        token.revoked = item.value(QStringLiteral("revoked")).toBool();
        m_accessTokens.insert(token.tokenHash, token);
    }
}

void AuthStore::clear()
{
    m_pending.clear();
    m_pendingOrder.clear();
    m_codes.clear();
    m_refreshTokens.clear();
    m_accessTokens.clear();
}

} // namespace Breezee::Sandbox
