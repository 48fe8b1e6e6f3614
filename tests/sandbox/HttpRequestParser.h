#pragma once

#include "HttpRequest.h"

#include <QByteArray>
#include <QString>

namespace Breezee::Sandbox {

// Incremental HTTP/1.0 and HTTP/1.1 request parser for bodies framed by
// Content-Length. It reads from a connection buffer and removes the bytes of
// each complete request. Lines must end in CRLF, and the parser rejects a bare
// LF inside the head, obsolete line folding and Transfer-Encoding.
class HttpRequestParser {
public:
    struct Limits {
        qsizetype maxHeaderBytes = 64 * 1024;
        qint64 maxBodyBytes = 10 * 1024 * 1024;
    };

    enum class Status { NeedMoreData, RequestReady, Failed };

    HttpRequestParser();
    explicit HttpRequestParser(Limits limits);

    // Consumes bytes from the front of `buffer`. After RequestReady, call
    // takeRequest() and feed again, because the buffer may contain a
    // pipelined request.
    // After Failed the parser stays failed, and the connection must close.
    Status feed(QByteArray &buffer);

    HttpRequest takeRequest();

    // Status code and message of the failure, such as 400, 413, 431, 501 or
    // 505. Meaningful only after feed() returned Failed.
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

    // Method and path of the failed request when its request line parsed.
    QByteArray failedMethod() const { return m_request.method; }
    QByteArray failedPath() const { return m_request.path; }

private:
    enum class Phase { Head, Body, Ready, Failed };

    Status parseHead(QByteArray &buffer);
    Status readBody(QByteArray &buffer);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool parseFraming();
    Status fail(int status, const QString &message);

    Limits m_limits;
    Phase m_phase = Phase::Head;
    HttpRequest m_request;
    qint64 m_bodyLength = 0;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace Breezee::Sandbox
