#include "SandboxServer.h"

#include <QElapsedTimer>
#include <QJsonDocument>

namespace Breezee::Sandbox {

namespace {

// Bodies of CRM writes are kept in the request log so tests can assert what
// a client sent. Token and consent requests are left out: they carry
// secrets.
bool isCrmWrite(const HttpRequest &request)
{
    return request.method != "GET" && request.path.startsWith("/crm/");
}

QJsonValue bodyForLog(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isObject())
        return document.object();
    if (document.isArray())
        return document.array();
    return QString::fromUtf8(body.left(64 * 1024));
}

} // namespace

SandboxServer::SandboxServer(SandboxConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_limiter(m_config.rateLimit, m_config.rateWindowMs)
    , m_searchLimiter(m_config.searchRateLimit, 1000)
    , m_access(m_config, m_state, m_limiter, m_searchLimiter, m_clock, m_faults)
    , m_oauth(m_config, m_state, m_clock, m_faults, m_oauthActivity)
    , m_exampleIdp(m_config, m_state, m_clock, m_faults, m_oauthActivity)
    , m_contacts(m_state, m_clock, m_config)
    , m_companies(CrmObjectKind::Company, m_state, m_clock, m_config)
    , m_notes(CrmObjectKind::Note, m_state, m_clock, m_config)
    , m_associations(m_state, m_clock, m_config)
    , m_properties(m_state, m_clock)
    , m_support(m_state, m_log, m_limiter, m_searchLimiter, m_clock, m_faults, m_oauthActivity)
    , m_http([this](const HttpRequest &request) { return handle(request); })
{
    m_oauth.registerRoutes(m_router);
    m_exampleIdp.registerRoutes(m_router);
    m_state.setSearchLagMs(m_config.searchLagMs);

    m_contacts.registerRoutes(m_router, m_access);
    m_companies.registerRoutes(m_router, m_access);
    m_notes.registerRoutes(m_router, m_access);
    m_associations.registerRoutes(m_router, m_access);
    m_properties.registerRoutes(m_router, m_access);
    m_support.registerRoutes(m_router);

    connect(&m_http, &HttpServer::requestFinished, this, &SandboxServer::requestFinished);
    connect(&m_http, &HttpServer::requestRejected, this, &SandboxServer::requestRejected);
}

std::optional<QString> SandboxServer::start()
{
    if (!m_config.stateFile.isEmpty()) {
        const std::optional<QString> error = m_state.load(m_config.stateFile);
        if (error)
            return error;
    }

    if (!m_http.listen(m_config.port))
        return QStringLiteral("Cannot listen on 127.0.0.1:%1: %2").arg(m_config.port).arg(m_http.errorString());

    return std::nullopt;
}

HttpResponse SandboxServer::handle(const HttpRequest &request)
{
    QElapsedTimer timer;
    timer.start();
    const qint64 receivedAtMs = m_clock.nowMs();

    QString route;
    HttpResponse response = m_router.dispatch(request, &route);
    saveIfChanged();

    // A deferred response is logged when its continuation has produced the
    // final response.
    if (response.isDeferred()) {
        response.continuation = [this, request, route, receivedAtMs, timer,
                                 produce = std::move(response.continuation)] {
            const HttpResponse finalResponse = produce();
            saveIfChanged();
            if (!request.path.startsWith("/_sandbox/"))
                recordRequest(request, route, finalResponse, receivedAtMs, timer.elapsed());
            return finalResponse;
        };
        return response;
    }

    if (!request.path.startsWith("/_sandbox/"))
        recordRequest(request, route, response, receivedAtMs, timer.elapsed());
    return response;
}

void SandboxServer::recordRequest(const HttpRequest &request, const QString &route, const HttpResponse &response,
                                  qint64 receivedAtMs, qint64 durationMs)
{
    RequestLogEntry entry;
    entry.method = request.method;
    entry.path = request.path;
    entry.route = route;
    entry.status = response.status;
    entry.fault = response.faultName;
    entry.receivedAtMs = receivedAtMs;
    entry.durationMs = durationMs;
    if (isCrmWrite(request))
        entry.body = bodyForLog(request.body);
    m_log.record(std::move(entry));
}

void SandboxServer::saveIfChanged()
{
    if (!m_state.takeChanged() || m_config.stateFile.isEmpty())
        return;

    const std::optional<QString> error = m_state.save(m_config.stateFile);
    if (error)
        emit warning(*error);
}

} // namespace Breezee::Sandbox
