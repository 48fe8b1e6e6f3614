#include "Pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace Breezee {

QByteArray randomUnreservedString(int length)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    const int alphabetSize = int(sizeof(alphabet)) - 1;

    QByteArray text(length, Qt::Uninitialized);
    QRandomGenerator *generator = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        text[i] = alphabet[generator->bounded(alphabetSize)];
    return text;
}

QByteArray pkceChallenge(const QByteArray &verifier)
{
    const QByteArray digest = QCryptographicHash::hash(verifier, QCryptographicHash::Sha256);
    return digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace Breezee
