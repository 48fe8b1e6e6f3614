#pragma once

#include "HttpRequestParser.h"
#include "HttpServer.h"

#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace Breezee::Sandbox {

// One accepted TCP connection. Deletes itself when the socket disconnects.
// While a deferred response waits, requests pipelined behind it stay in
// the buffer until it is written.
class HttpConnection : public QObject {
    Q_OBJECT

public:
    HttpConnection(QTcpSocket *socket, const RequestHandler &handler, int idleTimeoutMs,
                   QObject *parent = nullptr);

signals:
    void requestFinished(const QByteArray &method, const QByteArray &path, int status);
    void requestRejected(int status, const QString &reason);

private:
    void readAvailable();
    void processBuffer();
    void deliver(const HttpRequest &request, HttpResponse response);
    void stall(const HttpRequest &request, HttpResponse response);
    void finishStall();
    void rejectMalformed();
    void closeAfterWrite();
    void shutdownWrite();

    QTcpSocket *m_socket;
    RequestHandler m_handler;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    QTimer m_idleTimer;
    QTimer m_stallTimer;
    HttpRequest m_stalledRequest;
    HttpResponse m_stalledResponse;
    bool m_stalled = false;
    bool m_closing = false;
    bool m_writeShutDown = false;
};

} // namespace Breezee::Sandbox
