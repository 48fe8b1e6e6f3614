#include "BlockingHttp.h"

#include <QBuffer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTimer>

namespace Breezee::Test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    const QByteArray key = name.toLower();
    for (const auto &entry : headers) {
        if (entry.first.toLower() == key)
            return entry.second;
    }
    return {};
}

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpResult::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

HttpResult sendBlocking(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                        const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers,
                        int timeoutMs)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);

    QBuffer *payload = nullptr;
    if (!body.isEmpty() || method == "POST" || method == "PATCH" || method == "PUT") {
        payload = new QBuffer;
        payload->setData(body);
        payload->open(QIODevice::ReadOnly);
    }

    QNetworkReply *reply = network.sendCustomRequest(request, method, payload);
    if (payload)
        payload->setParent(reply);

    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    HttpResult result;
    if (!reply->isFinished()) {
        result.timedOut = true;
        result.body = reply->readAll();
        reply->abort();
    } else {
        result.body = reply->readAll();
    }

    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.errorString = reply->errorString();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

QByteArray formEncode(const QList<QPair<QString, QString>> &fields)
{
    QByteArray encoded;
    for (const auto &field : fields) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(field.first) + '=' + QUrl::toPercentEncoding(field.second);
    }
    return encoded;
}

} // namespace Breezee::Test
