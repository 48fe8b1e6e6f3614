#pragma once

#include "hubspot/RateLimiter.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Breezee {

// One finished HubSpot API call. `status` is 0 when no HTTP response arrived.
struct ApiResponse {
    int status = 0;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString;
    QByteArray body;
    QJsonObject json;
    qint64 retryAfterMs = -1;
    // How often the network stack wrote the request. Qt sends a request
    // again by itself when the connection closes before the response, POST
    // included, so above 1 a create may have been carried out twice.
    int timesSent = 0;

    bool isSuccess() const { return status >= 200 && status < 300; }
    QString category() const { return json.value(QLatin1String("category")).toString(); }
    // HubSpot's message, or the network error when no response arrived.
    QString message() const;
};

// Sends JSON requests to the HubSpot API with the Bearer token, inside the
// rate budget. Retries what HubSpot documents as retryable: 429 (after the
// wait its policy names), 423, 5xx and timeouts, with growing delays and
// jitter, up to kMaxAttempts. A 401 goes back to the caller, which refreshes
// the token and replays once.
class HubSpotClient : public QObject {
    Q_OBJECT

public:
    HubSpotClient(QUrl apiBaseUrl, QNetworkAccessManager *network, QObject *parent = nullptr);

    void setAccessToken(const QString &token) { m_accessToken = token; }
    RateLimiter &rateLimiter() { return m_limiter; }
    // CRM search has its own budget: 5 requests per second per account.
    RateLimiter &searchRateLimiter() { return m_searchLimiter; }
    void setRequestTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    // Makes every request also wait for a budget shared with other
    // processes; without one, the in-process limiters alone decide.
    void setSharedBudget(std::shared_ptr<SharedRequestBudget> budget) { m_sharedBudget = std::move(budget); }

    using Callback = std::function<void(const ApiResponse &)>;

    void get(const QString &path, Callback done);
    void post(const QString &path, const QJsonObject &body, Callback done);

    static constexpr int kMaxAttempts = 6;

signals:
    // Emitted when a request waits for the rate limit, with the wait in ms.
    void rateLimitWait(qint64 milliseconds);

private:
    struct Request {
        QByteArray method;
        QString path;
        QByteArray body;
        Callback done;
        int attempt = 0;
    };

    void schedule(Request request, qint64 delayMs);
    void dispatch(Request request);
    void onFinished(QNetworkReply *reply, Request request, int timesSent);
    qint64 retryDelay(const ApiResponse &response, int attempt) const;

    QUrl m_apiBaseUrl;
    QNetworkAccessManager *m_network;
    QString m_accessToken;
    RateLimiter m_limiter;
    RateLimiter m_searchLimiter{5, 1000};
    std::shared_ptr<SharedRequestBudget> m_sharedBudget;
    QElapsedTimer m_clock;
    int m_timeoutMs = 30000;
};

} // namespace Breezee
