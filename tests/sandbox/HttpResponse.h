#pragma once

#include "HttpRequest.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

#include <functional>

namespace Breezee::Sandbox {

// One HTTP response before serialization. The connection adds
// Content-Length, Connection and Date when it writes the response.
struct HttpResponse {
    int status = 200;
    HttpHeaders headers;
    QByteArray body;
    bool closeConnection = false;

    // Closes the connection without writing anything, as a server that
    // crashed mid-request would.
    bool dropConnection = false;

    // Writes the headers with the full Content-Length but only the first
    // half of the body, then closes the connection.
    bool truncateBody = false;

    // Writes a Content-Length of half the body, then the whole body, then
    // closes the connection.
    bool shortContentLength = false;

    // The fault switch that shaped this response, for the request log.
    // Empty for a normal response.
    QString faultName;

    // Set by deferred(): the connection sends nothing for stallMs, then
    // writes what `continuation` returns. -1 means no response is ever sent.
    int stallMs = 0;
    std::function<HttpResponse()> continuation;

    bool isDeferred() const { return bool(continuation); }

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonArray &array);
    static HttpResponse html(int status, const QByteArray &page);
    static HttpResponse redirect(const QByteArray &location);
    static HttpResponse empty(int status);
    static HttpResponse dropped();

    // A response that waits `stallMs` (-1: forever) and then runs
    // `produce`. `produce` does not run when the client closes first.
    static HttpResponse deferred(int stallMs, std::function<HttpResponse()> produce);

    // Replaces every header of that name, matched case-insensitively.
    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    QByteArray serialize(bool keepAlive) const;
};

QByteArray reasonPhrase(int status);

} // namespace Breezee::Sandbox
