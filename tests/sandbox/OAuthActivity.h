#pragma once

#include "HttpRequest.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <array>

namespace Breezee::Sandbox {

// The two OAuth providers that the sandbox serves.
enum class OAuthProvider { HubSpot, ExampleIdp };

// "hubspot" or "other-idp", as the state dump names the provider.
QString providerName(OAuthProvider provider);

// What the OAuth endpoints received, for tests: token and revoke request
// counts per provider, and the parts of the latest authorize and token
// requests that carry no secret. Codes, tokens, client secrets, `state`,
// PKCE challenges and verifiers are never stored, only whether they were
// present.
class OAuthActivity {
public:
    void recordAuthorize(OAuthProvider provider, const HttpRequest &request, int status, qint64 nowMs);

    // Counts the request under its grant_type and keeps it as the latest.
    void recordTokenRequest(OAuthProvider provider, const HttpRequest &request, qint64 nowMs);
    void countRevoke(OAuthProvider provider);

    // {"token_requests": {"authorization_code": N, "refresh_token": N,
    // "other": N}, "revoke_requests": N} for one provider.
    QJsonObject countersToJson(OAuthProvider provider) const;

    // The latest records, or null before the first request.
    QJsonValue lastAuthorize() const;
    QJsonValue lastTokenRequest() const;

    void clear();

    // Returns the grant_type field of a form-encoded request body, or an
    // empty string.
    static QString grantTypeOf(const HttpRequest &request);

private:
    struct Counters {
        int authorizationCode = 0;
        int refreshToken = 0;
        int otherGrant = 0;
        int revoke = 0;
    };

    Counters &countersOf(OAuthProvider provider) { return m_counters.at(std::size_t(provider)); }

    std::array<Counters, 2> m_counters {};
    QJsonObject m_lastAuthorize;
    QJsonObject m_lastTokenRequest;
};

} // namespace Breezee::Sandbox
