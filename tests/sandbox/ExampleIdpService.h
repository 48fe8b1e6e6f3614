#pragma once

#include "AuthStore.h"
#include "Clock.h"
#include "FaultSwitches.h"
#include "FormFields.h"
#include "OAuthActivity.h"
#include "Router.h"
#include "SandboxConfig.h"
#include "SandboxState.h"

namespace Breezee::Sandbox {

// Example IdP: a generic OAuth 2.0 provider under /other-idp/oauth/ that
// follows the RFCs rather than HubSpot. It has the authorization-code grant
// with optional PKCE (RFC 6749, RFC 7636), errors after a valid redirect URI
// sent back to it (Deny gives access_denied), client authentication by HTTP
// Basic or form fields, revocation (RFC 7009) and introspection (RFC 7662).
// Revoking a refresh token also ends the access tokens issued from it. Its
// codes and tokens are kept apart from HubSpot's, and it accepts any scope
// names that RFC 6749 allows.
class ExampleIdpService {
public:
    ExampleIdpService(const SandboxConfig &config, SandboxState &state, const Clock &clock, FaultSwitches &faults,
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
    QJsonObject describeToken(const QString &token) const;

    // Reads the form body and authenticates the client by HTTP Basic or by
    // client_id and client_secret fields, but not both (RFC 6749 section
    // 2.3.1). On failure returns false and sets `error`.
    bool authenticateClient(const HttpRequest &request, FormFields &fields, HttpResponse &error) const;

    AuthStore &store() { return m_state.otherIdpAuth; }
    const AuthStore &store() const { return m_state.otherIdpAuth; }

    const SandboxConfig &m_config;
    SandboxState &m_state;
    const Clock &m_clock;
    FaultSwitches &m_faults;
    OAuthActivity &m_activity;
};

} // namespace Breezee::Sandbox
