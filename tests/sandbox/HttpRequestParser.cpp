#include "HttpRequestParser.h"

namespace Breezee::Sandbox {

namespace {

// RFC 9110 token characters, used by methods and header names.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArray("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Header values may contain visible characters, spaces, tabs and bytes of
// 0x80 and above, but no other control characters.
bool isFieldValue(const QByteArray &text)
{
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7f)
            return false;
    }
    return true;
}

bool isRequestTarget(const QByteArray &target)
{
    if (!target.startsWith('/'))
        return false;
    for (char c : target) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f)
            return false;
    }
    return true;
}

bool isDigits(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

HttpRequestParser::HttpRequestParser()
    : HttpRequestParser(Limits{})
{
}

HttpRequestParser::HttpRequestParser(Limits limits)
    : m_limits(limits)
{
}

HttpRequestParser::Status HttpRequestParser::feed(QByteArray &buffer)
{
    switch (m_phase) {
    case Phase::Head:
        return parseHead(buffer);
    case Phase::Body:
        return readBody(buffer);
    case Phase::Ready:
        return Status::RequestReady;
    case Phase::Failed:
        return Status::Failed;
    }
    return Status::Failed;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    m_request = HttpRequest();
    m_bodyLength = 0;
    m_phase = Phase::Head;
    return request;
}

HttpRequestParser::Status HttpRequestParser::parseHead(QByteArray &buffer)
{
    // A client may send empty lines between requests, and RFC 9112 recommends
    // that servers skip them.
    qsizetype leading = 0;
    while (buffer.mid(leading, 2) == "\r\n")
        leading += 2;
    if (leading > 0)
        buffer.remove(0, leading);

    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (buffer.size() > m_limits.maxHeaderBytes)
            return fail(431, QStringLiteral("The request head exceeds %1 bytes.").arg(m_limits.maxHeaderBytes));
        return Status::NeedMoreData;
    }

    if (headEnd + 4 > m_limits.maxHeaderBytes)
        return fail(431, QStringLiteral("The request head exceeds %1 bytes.").arg(m_limits.maxHeaderBytes));

    const QByteArray head = buffer.left(headEnd);
    buffer.remove(0, headEnd + 4);

    const QList<QByteArray> lines = head.split('\n');
    for (const QByteArray &line : lines) {
        if (line != lines.last() && !line.endsWith('\r'))
            return fail(400, QStringLiteral("A line of the request head does not end in CRLF."));
    }

    if (!parseRequestLine(lines.first().chopped(lines.size() > 1 ? 1 : 0)))
        return Status::Failed;

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = i + 1 < lines.size() ? lines.at(i).chopped(1) : lines.at(i);
        if (!parseHeaderLine(line))
            return Status::Failed;
    }

    if (!parseFraming())
        return Status::Failed;

    m_phase = Phase::Body;
    return readBody(buffer);
}

bool HttpRequestParser::parseRequestLine(const QByteArray &line)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3) {
        fail(400, QStringLiteral("The request line is not 'METHOD target HTTP/x.y'."));
        return false;
    }

    if (!isToken(parts.at(0))) {
        fail(400, QStringLiteral("The request method is not a valid token."));
        return false;
    }
    m_request.method = parts.at(0);

    const QByteArray target = parts.at(1);
    if (!isRequestTarget(target)) {
        fail(400, QStringLiteral("The request target must be a path that starts with '/'."));
        return false;
    }
    m_request.target = target;

    const qsizetype questionMark = target.indexOf('?');
    m_request.path = questionMark < 0 ? target : target.left(questionMark);
    if (questionMark >= 0)
        m_request.query = FormFields::parse(target.mid(questionMark + 1));

    const QByteArray version = parts.at(2);
    const bool wellFormed = version.size() == 8 && version.startsWith("HTTP/")
        && isDigits(version.mid(5, 1)) && version.at(6) == '.' && isDigits(version.mid(7, 1));
    if (!wellFormed) {
        fail(400, QStringLiteral("The HTTP version is malformed."));
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are supported."));
        return false;
    }
    m_request.version = version;
    return true;
}

bool HttpRequestParser::parseHeaderLine(const QByteArray &line)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        fail(400, QStringLiteral("Obsolete header line folding is not accepted."));
        return false;
    }

    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        fail(400, QStringLiteral("A header line has no name followed by ':'."));
        return false;
    }

    const QByteArray name = line.left(colon);
    if (!isToken(name)) {
        fail(400, QStringLiteral("A header name contains characters outside the token set."));
        return false;
    }

    const QByteArray value = line.mid(colon + 1).trimmed();
    if (!isFieldValue(value)) {
        fail(400, QStringLiteral("The value of header '%1' contains control characters.")
                      .arg(QString::fromLatin1(name)));
        return false;
    }

    m_request.headers.append({name.toLower(), value});
    return true;
}

bool HttpRequestParser::parseFraming()
{
    int hostCount = 0;
    QByteArray contentLength;
    for (const auto &entry : std::as_const(m_request.headers)) {
        if (entry.first == "host")
            ++hostCount;

        if (entry.first == "transfer-encoding") {
            fail(501, QStringLiteral("Transfer-Encoding is not supported; send a Content-Length body."));
            return false;
        }

        if (entry.first != "content-length")
            continue;
        if (!isDigits(entry.second)) {
            fail(400, QStringLiteral("Content-Length is not a decimal number."));
            return false;
        }
        if (!contentLength.isNull() && contentLength != entry.second) {
            fail(400, QStringLiteral("The request carries conflicting Content-Length headers."));
            return false;
        }
        contentLength = entry.second;
    }

    if (m_request.version == "HTTP/1.1" && hostCount != 1) {
        fail(400, QStringLiteral("An HTTP/1.1 request must carry exactly one Host header."));
        return false;
    }

    // 18 digits always fit in qint64, and anything longer is far above the limit.
    bool ok = contentLength.size() <= 18;
    m_bodyLength = contentLength.isNull() ? 0 : contentLength.toLongLong(&ok);
    if (!ok || m_bodyLength > m_limits.maxBodyBytes) {
        fail(413, QStringLiteral("The request body exceeds %1 bytes.").arg(m_limits.maxBodyBytes));
        return false;
    }

    return true;
}

HttpRequestParser::Status HttpRequestParser::readBody(QByteArray &buffer)
{
    const qint64 missing = m_bodyLength - m_request.body.size();
    if (missing > 0) {
        const qsizetype take = qsizetype(qMin<qint64>(missing, buffer.size()));
        m_request.body += buffer.left(take);
        buffer.remove(0, take);
    }

    if (m_request.body.size() < m_bodyLength)
        return Status::NeedMoreData;

    m_phase = Phase::Ready;
    return Status::RequestReady;
}

HttpRequestParser::Status HttpRequestParser::fail(int status, const QString &message)
{
    m_phase = Phase::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    return Status::Failed;
}

} // namespace Breezee::Sandbox
