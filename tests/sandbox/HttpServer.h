#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>

namespace Breezee::Sandbox {

using RequestHandler = std::function<HttpResponse(const HttpRequest &)>;

// HTTP/1.1 server on 127.0.0.1 only. Each connection runs its own parser,
// responds to requests in order (keep-alive and pipelining) and closes after
// a malformed request, a "Connection: close" or an idle period.
class HttpServer : public QObject {
    Q_OBJECT

public:
    explicit HttpServer(RequestHandler handler, QObject *parent = nullptr);

    // Binds 127.0.0.1:`port`, where port 0 picks a free one. Returns false
    // and sets errorString() when the bind fails.
    bool listen(quint16 port);
    quint16 port() const;
    QString errorString() const;

    // Idle time after which a keep-alive connection is closed, in ms.
    void setIdleTimeout(int milliseconds) { m_idleTimeoutMs = milliseconds; }

signals:
    // Emitted once per response, including rejections of malformed requests.
    // `method` and `path` are "-" when the request line did not parse.
    void requestFinished(const QByteArray &method, const QByteArray &path, int status);

    // Emitted when a malformed request is rejected, with the parser's reason.
    void requestRejected(int status, const QString &reason);

private:
    void acceptConnections();

    QTcpServer m_server;
    RequestHandler m_handler;
    int m_idleTimeoutMs = 60000;
};

} // namespace Breezee::Sandbox
