#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>

class QNetworkAccessManager;

namespace Breezee::Test {

// A finished HTTP exchange as tests need it: status, headers and body.
struct HttpResult {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool timedOut = false;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
    QJsonArray jsonArray() const;
};

// Sends one request and waits for the response in a local event loop, for
// test code only. Redirects are not followed, so a 302 and its Location
// header come back as they are.
HttpResult sendBlocking(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                        const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {},
                        int timeoutMs = 10000);

// Encodes name/value pairs as application/x-www-form-urlencoded.
QByteArray formEncode(const QList<QPair<QString, QString>> &fields);

} // namespace Breezee::Test
