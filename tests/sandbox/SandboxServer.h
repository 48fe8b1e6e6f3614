#pragma once

#include "AssociationsService.h"
#include "Clock.h"
#include "ContactsService.h"
#include "CrmAccess.h"
#include "ExampleIdpService.h"
#include "FaultSwitches.h"
#include "HttpServer.h"
#include "OAuthActivity.h"
#include "OAuthService.h"
#include "ObjectsService.h"
#include "PropertiesService.h"
#include "RateLimiter.h"
#include "RequestLog.h"
#include "Router.h"
#include "SandboxConfig.h"
#include "SandboxState.h"
#include "SupportService.h"

#include <QObject>

#include <optional>

namespace Breezee::Sandbox {

// The whole sandbox: state, services and routes behind one HTTP server.
class SandboxServer : public QObject {
    Q_OBJECT

public:
    explicit SandboxServer(SandboxConfig config, QObject *parent = nullptr);

    // Loads the state file, if one is set, and starts listening. Returns
    // the error when either fails.
    std::optional<QString> start();
    quint16 port() const { return m_http.port(); }

    // Returns the response to one parsed request. HttpServer calls it.
    HttpResponse handle(const HttpRequest &request);

signals:
    void requestFinished(const QByteArray &method, const QByteArray &path, int status);
    void requestRejected(int status, const QString &reason);
    void warning(const QString &message);

private:
    void recordRequest(const HttpRequest &request, const QString &route, const HttpResponse &response,
                       qint64 receivedAtMs, qint64 durationMs);
    void saveIfChanged();

    SandboxConfig m_config;
    Clock m_clock;
    SandboxState m_state;
    RateLimiter m_limiter;
    RateLimiter m_searchLimiter;
    RequestLog m_log;
    FaultSwitches m_faults;
    OAuthActivity m_oauthActivity;
    Router m_router;
    CrmAccess m_access;
    OAuthService m_oauth;
    ExampleIdpService m_exampleIdp;
    ContactsService m_contacts;
    ObjectsService m_companies;
    ObjectsService m_notes;
    AssociationsService m_associations;
    PropertiesService m_properties;
    SupportService m_support;
    HttpServer m_http;
};

} // namespace Breezee::Sandbox
