#pragma once

#include "FormFields.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Breezee::Sandbox {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One parsed HTTP/1.x request. Header names are stored in lower case.
struct HttpRequest {
    QByteArray method;
    QByteArray target;
    QByteArray path;
    FormFields query;
    QByteArray version;
    HttpHeaders headers;
    QByteArray body;

    // Returns the first value of a header, matched case-insensitively, or an
    // empty array when the header is absent.
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;

    // HTTP/1.1 keeps the connection open unless "Connection: close" is sent.
    // HTTP/1.0 closes it unless "Connection: keep-alive" is sent.
    bool keepAlive() const;

    // Returns the media type of Content-Type without parameters, lower case.
    QByteArray mediaType() const;
};

} // namespace Breezee::Sandbox
