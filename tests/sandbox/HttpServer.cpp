#include "HttpServer.h"

#include "HttpConnection.h"

#include <QTcpSocket>

namespace Breezee::Sandbox {

HttpServer::HttpServer(RequestHandler handler, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
{
    connect(&m_server, &QTcpServer::newConnection, this, &HttpServer::acceptConnections);
}

bool HttpServer::listen(quint16 port)
{
    return m_server.listen(QHostAddress(QHostAddress::LocalHost), port);
}

quint16 HttpServer::port() const
{
    return m_server.serverPort();
}

QString HttpServer::errorString() const
{
    return m_server.errorString();
}

void HttpServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *connection = new HttpConnection(socket, m_handler, m_idleTimeoutMs, this);
        connect(connection, &HttpConnection::requestFinished, this, &HttpServer::requestFinished);
        connect(connection, &HttpConnection::requestRejected, this, &HttpServer::requestRejected);
    }
}

} // namespace Breezee::Sandbox
