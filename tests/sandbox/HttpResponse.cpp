#include "HttpResponse.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>

namespace Breezee::Sandbox {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 207: return "Multi-Status";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 423: return "Locked";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse response;
    response.status = status;
    response.setHeader("Content-Type", "application/json;charset=utf-8");
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::json(int status, const QJsonArray &array)
{
    HttpResponse response;
    response.status = status;
    response.setHeader("Content-Type", "application/json;charset=utf-8");
    response.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::html(int status, const QByteArray &page)
{
    HttpResponse response;
    response.status = status;
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.body = page;
    return response;
}

HttpResponse HttpResponse::redirect(const QByteArray &location)
{
    HttpResponse response;
    response.status = 302;
    response.setHeader("Location", location);
    response.setHeader("Cache-Control", "no-store");
    return response;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

HttpResponse HttpResponse::dropped()
{
    HttpResponse response;
    response.status = 0;
    response.dropConnection = true;
    return response;
}

HttpResponse HttpResponse::deferred(int stallMs, std::function<HttpResponse()> produce)
{
    HttpResponse response;
    response.status = 0;
    response.stallMs = stallMs;
    response.continuation = std::move(produce);
    return response;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray key = name.toLower();
    headers.removeIf([&key](const auto &entry) { return entry.first.toLower() == key; });
    headers.append({name, value});
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    const QByteArray key = name.toLower();
    for (const auto &entry : headers) {
        if (entry.first.toLower() == key)
            return entry.second;
    }
    return {};
}

QByteArray HttpResponse::serialize(bool keepAlive) const
{
    QByteArray out;
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";

    for (const auto &entry : headers)
        out += entry.first + ": " + entry.second + "\r\n";

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString date = QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    out += "Date: " + date.toLatin1() + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

} // namespace Breezee::Sandbox
