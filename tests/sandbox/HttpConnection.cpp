#include "HttpConnection.h"

#include <QJsonObject>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace Breezee::Sandbox {

namespace {

// Time a closing connection keeps reading and discarding what the client
// still sends, so that the kernel does not reset the connection before the
// client has read the response.
constexpr int LingerMs = 2000;

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const RequestHandler &handler,
                               int idleTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(handler)
{
    m_socket->setParent(this);

    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] { m_socket->abort(); });
    m_idleTimer.start();

    // A coarse timer may fire up to 5% early, and a stall must last at
    // least the time a test requested.
    m_stallTimer.setSingleShot(true);
    m_stallTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stallTimer, &QTimer::timeout, this, &HttpConnection::finishStall);

    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            deleteLater();
    });
}

void HttpConnection::readAvailable()
{
    if (m_closing) {
        m_socket->readAll();
        return;
    }

    m_buffer += m_socket->readAll();
    if (m_stalled)
        return;

    m_idleTimer.start();
    processBuffer();
}

void HttpConnection::processBuffer()
{
    while (!m_closing && !m_stalled) {
        const HttpRequestParser::Status status = m_parser.feed(m_buffer);
        if (status == HttpRequestParser::Status::NeedMoreData)
            return;

        if (status == HttpRequestParser::Status::Failed) {
            rejectMalformed();
            return;
        }

        const HttpRequest request = m_parser.takeRequest();
        deliver(request, m_handler(request));
    }
}

void HttpConnection::deliver(const HttpRequest &request, HttpResponse response)
{
    if (response.isDeferred()) {
        stall(request, std::move(response));
        return;
    }

    if (response.dropConnection) {
        emit requestFinished(request.method, request.path, 0);
        closeAfterWrite();
        return;
    }

    if (response.truncateBody) {
        const QByteArray bytes = response.serialize(false);
        m_socket->write(bytes.left(bytes.size() - response.body.size() + response.body.size() / 2));
        emit requestFinished(request.method, request.path, response.status);
        closeAfterWrite();
        return;
    }

    if (response.shortContentLength) {
        // Headers computed for half the body, followed by all of it.
        HttpResponse half = response;
        half.body = response.body.left(response.body.size() / 2);
        m_socket->write(half.serialize(false) + response.body.mid(half.body.size()));
        emit requestFinished(request.method, request.path, response.status);
        closeAfterWrite();
        return;
    }

    const bool keepAlive = request.keepAlive() && !response.closeConnection;

    m_socket->write(response.serialize(keepAlive));
    emit requestFinished(request.method, request.path, response.status);

    if (!keepAlive)
        closeAfterWrite();
}

void HttpConnection::stall(const HttpRequest &request, HttpResponse response)
{
    // The idle timer stays off, so that only the client ends a stall that
    // never finishes.
    m_stalled = true;
    m_idleTimer.stop();
    m_stalledRequest = request;
    m_stalledResponse = std::move(response);

    if (m_stalledResponse.stallMs < 0)
        return;

    m_stallTimer.start(m_stalledResponse.stallMs);
}

void HttpConnection::finishStall()
{
    const HttpRequest request = std::move(m_stalledRequest);
    const HttpResponse stalled = std::move(m_stalledResponse);
    m_stalledRequest = HttpRequest();
    m_stalledResponse = HttpResponse();
    m_stalled = false;

    deliver(request, stalled.continuation());
    if (m_closing || m_stalled)
        return;

    m_idleTimer.start();
    processBuffer();
}

void HttpConnection::rejectMalformed()
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("error"));
    body.insert(QStringLiteral("message"), m_parser.errorMessage());
    body.insert(QStringLiteral("category"), QStringLiteral("BAD_REQUEST"));

    const HttpResponse response = HttpResponse::json(m_parser.errorStatus(), body);
    m_socket->write(response.serialize(false));

    const QByteArray method = m_parser.failedMethod().isEmpty() ? QByteArray("-") : m_parser.failedMethod();
    const QByteArray path = m_parser.failedPath().isEmpty() ? QByteArray("-") : m_parser.failedPath();
    emit requestFinished(method, path, response.status);
    emit requestRejected(response.status, m_parser.errorMessage());

    closeAfterWrite();
}

void HttpConnection::closeAfterWrite()
{
    m_closing = true;
    m_buffer.clear();
    m_idleTimer.start(LingerMs);

    if (m_socket->bytesToWrite() == 0) {
        shutdownWrite();
        return;
    }

    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() == 0)
            shutdownWrite();
    });
}

void HttpConnection::shutdownWrite()
{
    if (m_writeShutDown)
        return;
    m_writeShutDown = true;

    // Half-close: the client sees the end of the response while the socket
    // still drains its unread request bytes. The connection ends when the
    // client closes its side or the linger timer aborts it.
#ifdef Q_OS_UNIX
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#else
    m_socket->disconnectFromHost();
#endif
}

} // namespace Breezee::Sandbox
