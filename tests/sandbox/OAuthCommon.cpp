#include "OAuthCommon.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QUrl>

namespace Breezee::Sandbox {

QStringList splitScopes(const QString &text)
{
    return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

bool isPkceString(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._~-]{43,128}$"));
    return pattern.match(text).hasMatch();
}

bool verifierMatches(const AuthorizationCode &code, const QString &verifier)
{
    if (code.codeChallengeMethod == QLatin1String("plain"))
        return verifier == code.codeChallenge;

    const QByteArray digest = QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray encoded = digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QString::fromLatin1(encoded) == code.codeChallenge;
}

QByteArray withQueryItems(const QString &uri, const QList<QPair<QString, QString>> &items)
{
    QByteArray location = uri.toUtf8();
    char separator = location.contains('?') ? '&' : '?';
    for (const auto &item : items) {
        location += separator + QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
        separator = '&';
    }
    return location;
}

} // namespace Breezee::Sandbox
