#pragma once

#include "HttpRequest.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

namespace Breezee::Sandbox {

// One HTTP response before serialization. The connection adds
// Content-Length, Connection and Date when it writes the response.
struct HttpResponse {
    int status = 200;
    HttpHeaders headers;
    QByteArray body;
    bool closeConnection = false;

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonArray &array);
    static HttpResponse html(int status, const QByteArray &page);
    static HttpResponse redirect(const QByteArray &location);

    // Replaces every header of that name, matched case-insensitively.
    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    QByteArray serialize(bool keepAlive) const;
};

QByteArray reasonPhrase(int status);

} // namespace Breezee::Sandbox
