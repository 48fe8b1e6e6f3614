// libFuzzer target: the OAuth redirect that the browser sends to the
// loopback listener. The input is the request line, for example
// "GET /callback?code=X&state=Y HTTP/1.1". The target parses it and checks
// it against a fixed `state` as the connector does. Then it re-encodes the
// code as for the token request.

#include "FuzzSupport.h"

#include "oauth/OAuthCallback.h"

namespace {

const QString kCallbackPath = QStringLiteral("/callback");
const QByteArray kState("fuzz-state");

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Breezee::Fuzz::initialize();

    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)Breezee::reencodeAuthorizationCode(input);

    const Breezee::Result<QVariantMap> values = Breezee::parseOAuthCallback(input, kCallbackPath);
    if (!values)
        return 0;

    if (Breezee::checkOAuthCallback(values.value(), kState))
        return 0;

    const QByteArray code = values->value(QStringLiteral("code")).toByteArray();
    (void)Breezee::reencodeAuthorizationCode(code);
    return 0;
}
