#include "HubSpotClient.h"

#include "common/Logging.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QRandomGenerator>
#include <QTimer>

namespace Breezee {

namespace {

bool isJsonObject(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && document.isObject();
}

// Tells whether a request creates CRM objects, so that sending it twice
// could create them twice. Associations and searches are safe to repeat.
bool createsObjects(const QByteArray &method, const QString &path)
{
    if (method != "POST")
        return false;

    static const QRegularExpression create(QStringLiteral("^/crm/v3/objects/[^/?]+(/batch/create)?(\\?.*)?$"));
    return create.match(path).hasMatch();
}

} // namespace

QString ApiResponse::message() const
{
    const QString text = json.value(QLatin1String("message")).toString();
    if (!text.isEmpty())
        return text;
    if (status == 0)
        return networkErrorString;
    return QStringLiteral("HTTP %1").arg(status);
}

HubSpotClient::HubSpotClient(QUrl apiBaseUrl, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_apiBaseUrl(std::move(apiBaseUrl))
    , m_network(network)
{
    m_clock.start();
}

void HubSpotClient::get(const QString &path, Callback done)
{
    schedule(Request{"GET", path, QByteArray(), std::move(done)}, 0);
}

void HubSpotClient::post(const QString &path, const QJsonObject &body, Callback done)
{
    schedule(Request{"POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done)}, 0);
}

void HubSpotClient::schedule(Request request, qint64 delayMs)
{
    if (delayMs <= 0) {
        dispatch(std::move(request));
        return;
    }
    QTimer::singleShot(int(delayMs), this, [this, request]() mutable { dispatch(std::move(request)); });
}

void HubSpotClient::dispatch(Request request)
{
    // Search requests count against the search budget only, as HubSpot
    // counts them.
    const bool search = request.path.endsWith(QLatin1String("/search"));
    RateLimiter &limiter = search ? m_searchLimiter : m_limiter;
    const qint64 now = m_clock.elapsed();
    qint64 wait = limiter.delayBeforeNext(now);
    if (wait == 0 && m_sharedBudget) {
        const qint64 sharedWait = m_sharedBudget->take(search);
        if (sharedWait > 0)
            wait = sharedWait + RateLimiter::kSkewMarginMs;
    }
    if (wait > 0) {
        emit rateLimitWait(wait);
        schedule(std::move(request), wait);
        return;
    }
    limiter.recordRequest(now);

    QUrl url = m_apiBaseUrl;
    const int query = request.path.indexOf(QLatin1Char('?'));
    url.setPath(url.path() + (query < 0 ? request.path : request.path.left(query)));
    if (query >= 0)
        url.setQuery(request.path.mid(query + 1));

    QNetworkRequest networkRequest(url);
    networkRequest.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
    networkRequest.setRawHeader("Accept", "application/json");
    networkRequest.setTransferTimeout(m_timeoutMs);
    if (!request.body.isEmpty())
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));

    request.attempt += 1;
    QNetworkReply *reply = m_network->sendCustomRequest(networkRequest, request.method, request.body);
    auto timesSent = std::make_shared<int>(0);
    connect(reply, &QNetworkReply::requestSent, this, [timesSent] { ++*timesSent; });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, request, timesSent]() { onFinished(reply, request, *timesSent); });
}

void HubSpotClient::onFinished(QNetworkReply *reply, Request request, int timesSent)
{
    reply->deleteLater();

    ApiResponse response;
    response.timesSent = timesSent;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.networkError = reply->error();
    response.networkErrorString = reply->errorString();
    response.body = reply->readAll();
    response.json = QJsonDocument::fromJson(response.body).object();
    bool hasRetryAfter = false;
    const int retryAfterSeconds = reply->rawHeader("Retry-After").trimmed().toInt(&hasRetryAfter);
    if (hasRetryAfter && retryAfterSeconds >= 0)
        response.retryAfterMs = qint64(retryAfterSeconds) * 1000;

    if (response.isSuccess() && response.status != 204 && !isJsonObject(response.body)) {
        // A proxy's HTML page or a cut-off body: what HubSpot did is
        // unknown, so the response counts as missing.
        response.status = 0;
        response.networkError = QNetworkReply::ProtocolFailure;
        response.networkErrorString = tr("HubSpot sent a response that is not valid JSON.");
        response.json = QJsonObject();
    }

    // A create whose outcome is unknown is never sent again here: the
    // caller checks what HubSpot has before it tries again.
    const bool rejectedUnprocessed = response.status == 429 || response.status == 423;
    const bool outcomeUnknown = response.status >= 500
        || (response.status == 0 && response.networkError != QNetworkReply::NoError);
    const bool retriable = rejectedUnprocessed || (outcomeUnknown && !createsObjects(request.method, request.path));
    if (retriable && request.attempt < kMaxAttempts) {
        const qint64 delay = retryDelay(response, request.attempt);
        qCInfo(lcHttp) << request.method << request.path.section(QLatin1Char('?'), 0, 0) << "answered"
                       << response.status << response.networkErrorString << "- retry" << request.attempt
                       << "in" << delay << "ms";
        if (response.status == 429) {
            RateLimiter &limiter = request.path.endsWith(QLatin1String("/search")) ? m_searchLimiter : m_limiter;
            limiter.pauseUntil(m_clock.elapsed() + delay);
            emit rateLimitWait(delay);
        }
        schedule(std::move(request), delay);
        return;
    }

    if (!response.isSuccess())
        qCWarning(lcHttp) << request.method << request.path.section(QLatin1Char('?'), 0, 0) << "failed:"
                          << response.status << response.category() << response.message();
    if (response.timesSent > 1)
        qCInfo(lcHttp) << request.method << request.path.section(QLatin1Char('?'), 0, 0) << "was sent"
                       << response.timesSent << "times after the connection closed";
    request.done(response);
}

qint64 HubSpotClient::retryDelay(const ApiResponse &response, int attempt) const
{
    const qint64 jitter = QRandomGenerator::global()->bounded(250);

    if (response.retryAfterMs >= 0)
        return response.retryAfterMs + jitter;

    if (response.status == 429) {
        const QString policy = response.json.value(QLatin1String("policyName")).toString();
        const QString message = response.json.value(QLatin1String("message")).toString();
        if (policy == QLatin1String("TEN_SECONDLY_ROLLING"))
            return 10000 + jitter;
        if (message.contains(QLatin1String("secondly"), Qt::CaseInsensitive))
            return 1000 + jitter;
        return 10000 + jitter;
    }
    if (response.status == 423)
        return 2000 + jitter;

    const qint64 base = 500LL << qMin(attempt - 1, 5);
    return base + jitter;
}

} // namespace Breezee
