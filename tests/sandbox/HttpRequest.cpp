#include "HttpRequest.h"

namespace Breezee::Sandbox {

namespace {

bool connectionHeaderHas(const QByteArray &value, const QByteArray &option)
{
    const QList<QByteArray> options = value.split(',');
    for (const QByteArray &candidate : options) {
        if (candidate.trimmed().toLower() == option)
            return true;
    }
    return false;
}

} // namespace

QByteArray HttpRequest::header(const QByteArray &name) const
{
    const QByteArray key = name.toLower();
    for (const auto &entry : headers) {
        if (entry.first == key)
            return entry.second;
    }
    return {};
}

bool HttpRequest::hasHeader(const QByteArray &name) const
{
    const QByteArray key = name.toLower();
    for (const auto &entry : headers) {
        if (entry.first == key)
            return true;
    }
    return false;
}

bool HttpRequest::keepAlive() const
{
    const QByteArray connection = header("connection");

    if (version == "HTTP/1.0")
        return connectionHeaderHas(connection, "keep-alive");

    return !connectionHeaderHas(connection, "close");
}

QByteArray HttpRequest::mediaType() const
{
    const QByteArray contentType = header("content-type");
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray type = semicolon < 0 ? contentType : contentType.left(semicolon);
    return type.trimmed().toLower();
}

} // namespace Breezee::Sandbox
