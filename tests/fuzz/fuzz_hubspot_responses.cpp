// libFuzzer target: what the product reads from HubSpot's responses. The
// first byte picks the HTTP status, the text up to the first LF is the
// Retry-After header and the rest is the body, read as:
//  - a HubSpot API response: message, category, error detail, missing
//    scopes, the "Existing ID" of a conflict, batch/read contacts and
//    batch/create or batch/update results;
//  - a token endpoint error (TokenClient::parseTokenError) and a token
//    introspection reply (TokenClient::parseTokenInfo).

#include "FuzzSupport.h"

#include "hubspot/HubSpotResponses.h"
#include "oauth/TokenClient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <array>

namespace {

// The statuses whose handling differs somewhere in the product, plus 0 for
// "no response arrived".
constexpr std::array<int, 14> kStatuses = {0, 200, 201, 204, 207, 400, 401, 403, 404, 409, 423, 429, 500, 503};

// A finished reply with a chosen status and error, as QNetworkAccessManager
// hands it to TokenClient::parseTokenError.
class FinishedReply : public QNetworkReply {
public:
    FinishedReply(int status, QNetworkReply::NetworkError error)
    {
        setUrl(QUrl(QStringLiteral("http://127.0.0.1:9/oauth/v1/token")));
        setOperation(QNetworkAccessManager::PostOperation);
        if (status != 0)
            setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
        if (error != QNetworkReply::NoError)
            setError(error, QStringLiteral("fuzzed network error"));
        open(QIODevice::ReadOnly);
        setFinished(true);
    }

    void abort() override {}

protected:
    qint64 readData(char *, qint64) override { return -1; }
};

QNetworkReply::NetworkError networkErrorFor(int status, uint8_t selector)
{
    if (status == 0)
        return selector % 2 ? QNetworkReply::ConnectionRefusedError : QNetworkReply::SslHandshakeFailedError;
    if (status >= 400)
        return QNetworkReply::ProtocolInvalidOperationError;
    return QNetworkReply::NoError;
}

void readApiAnswer(int status, const QByteArray &body, const QByteArray &retryAfter)
{
    const Breezee::ApiResponse response = Breezee::readApiResponse(status, body, retryAfter);
    (void)response.isSuccess();
    (void)response.category();

    const QString message = response.message();
    (void)Breezee::existingContactIdFromMessage(message);
    (void)Breezee::hubSpotErrorDetail(response);
    (void)Breezee::hubSpotMissingScopes(response);
    (void)Breezee::readBatchReadContacts(response.json);

    const Breezee::BatchWriteResult result = Breezee::readBatchWriteResult(response.json);
    for (const Breezee::BatchWriteError &error : result.errors)
        (void)Breezee::existingContactIdFromMessage(error.message);
}

void readTokenAnswer(int status, uint8_t selector, const QByteArray &body)
{
    FinishedReply reply(status, networkErrorFor(status, selector));
    const Breezee::Error error = Breezee::TokenClient::parseTokenError(&reply, body);
    (void)error.code.size();

    const QJsonObject object = QJsonDocument::fromJson(body).object();
    (void)Breezee::TokenClient::parseTokenInfo(object);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Breezee::Fuzz::initialize();
    if (size == 0)
        return 0;

    const int status = kStatuses[data[0] % kStatuses.size()];
    const QByteArray rest = QByteArray::fromRawData(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const qsizetype lineEnd = rest.indexOf('\n');
    const QByteArray retryAfter = lineEnd < 0 ? QByteArray() : rest.left(lineEnd);
    const QByteArray body = lineEnd < 0 ? rest : rest.mid(lineEnd + 1);

    readApiAnswer(status, body, retryAfter);
    readTokenAnswer(status, data[0], body);
    return 0;
}
