#pragma once

#include "Clock.h"
#include "FaultSwitches.h"
#include "FormFields.h"
#include "OAuthActivity.h"
#include "Router.h"
#include "SandboxConfig.h"
#include "SandboxState.h"

namespace Breezee::Sandbox {

// HubSpot's OAuth 2.0 endpoints: the authorize page with its consent
// screen, and the token, introspect and revoke calls under /oauth/v1,
// /oauth/v3 and /oauth/2026-03. The token and revoke endpoints obey the
// fault switches, and every request is recorded in OAuthActivity.
class OAuthService {
public:
    OAuthService(const SandboxConfig &config, SandboxState &state, const Clock &clock, FaultSwitches &faults,
                 OAuthActivity &activity);

    void registerRoutes(Router &router);

private:
    HttpResponse authorize(const RouteContext &context);
    HttpResponse decide(const RouteContext &context);
    HttpResponse token(const RouteContext &context);
    HttpResponse answerToken(const HttpRequest &request);
    HttpResponse introspect(const RouteContext &context);
    HttpResponse revoke(const RouteContext &context);

    HttpResponse redirectWithCode(const PendingAuthorization &approved);
    HttpResponse exchangeCode(const FormFields &fields);
    HttpResponse refreshAccessToken(const FormFields &fields);
    HttpResponse tokenReply(const RefreshTokenRecord &refresh, const QString &refreshToken, bool isRefresh);

    // Reads a form body and checks the client credentials. On failure
    // returns false and sets `error` to HubSpot's 400 response.
    bool readClientForm(const HttpRequest &request, FormFields &fields, HttpResponse &error) const;

    const SandboxConfig &m_config;
    SandboxState &m_state;
    const Clock &m_clock;
    FaultSwitches &m_faults;
    OAuthActivity &m_activity;
};

} // namespace Breezee::Sandbox
