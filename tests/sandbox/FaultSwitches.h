#pragma once

#include <QDeadlineTimer>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Breezee::Sandbox {

// An error that a token endpoint sends in place of its normal response. A
// preset ("invalid_grant" or "server_error") gets its status and body from
// the provider that responds. Otherwise `status` is set, and an empty `body`
// means a generic error of that provider.
struct TokenErrorFault {
    QString preset;
    int status = 0;
    std::optional<QJsonObject> body;
};

// A revoke endpoint fault: an HTTP error, or a connection closed without
// any response.
struct RevokeFault {
    bool unreachable = false;
    int status = 0;
    std::optional<QJsonObject> body;
};

// A CRM response replaced by an HTTP error: the status, for 429 the rate
// limit policy its body names, an optional Retry-After header in seconds,
// and an optional body that replaces HubSpot's.
struct CrmStatusFault {
    int status = 0;
    QString policyName;
    std::optional<int> retryAfterSeconds;
    std::optional<QJsonObject> body;
};

// A CRM connection closed without a response. With `afterHandling` the
// request is carried out first, so only the response is lost.
struct CrmResetFault {
    bool afterHandling = false;
};

// A CRM response whose Content-Length promises more bytes than are sent
// before the connection closes, or with `shortLength` fewer bytes than the
// body that follows. The request is carried out.
struct CrmTruncateFault {
    bool shortLength = false;
};

// A 200 response that is not JSON: "text" (a JSON content type with a
// plain-text body), "html" (an HTML error page) or "empty".
struct CrmNonJsonFault {
    QString kind;
};

// Every CRM request gets 429 TEN_SECONDLY_ROLLING until `endsAt`.
struct CrmRateStormFault {
    QDeadlineTimer endsAt;
};

// Which requests a switch applies to.
struct FaultLimits {
    // Requests left, or empty for "until cleared".
    std::optional<int> remaining;
    // Empty matches every grant_type.
    QString grantType;
    // Empty matches every path; otherwise the request path must contain it.
    QString pathContains;
};

// Failures that tests switch on at run time through /_sandbox/faults. Each
// switch applies until cleared, or to the next `count` requests it matches.
// The token endpoint switches can be limited to one grant_type, and the CRM
// transport switches to paths containing a given part. The token switches
// act on both OAuth providers, the CRM switches on HubSpot's CRM endpoints. Switches live in memory only and are never saved to the
// state file.
class FaultSwitches {
public:
    // Applies the switches in `object`: each key present replaces that
    // switch and a null value clears it. Every key is checked before any is
    // applied. Returns the error message for invalid input.
    std::optional<QString> apply(const QJsonObject &object);
    void clear();

    // The active switches, in a form that apply() accepts. "count" is the
    // number of requests left.
    QJsonObject toJson() const;

    // The take*() functions return the fault for one request and use up one
    // count of it. They return nothing when the switch is off or does not
    // match the request.

    // Milliseconds to delay a token request before handling it, -1 for never.
    std::optional<int> takeTokenStall(const QString &grantType);
    std::optional<TokenErrorFault> takeTokenError(const QString &grantType);

    // Whether this successful refresh reply leaves out refresh_token.
    bool takeRefreshWithoutRefreshToken();

    // Whether this CRM request with a valid token gets 401 EXPIRED_AUTHENTICATION.
    bool takeCrmExpiry();

    // The scope that the 403 MISSING_SCOPES response to this CRM request names.
    std::optional<QString> takeCrmMissingScope();

    std::optional<RevokeFault> takeRevokeError();

    // CRM transport faults for a request to `path`.
    std::optional<CrmStatusFault> takeCrmStatus(const QString &path);
    std::optional<CrmResetFault> takeCrmReset(const QString &path);
    std::optional<int> takeCrmStall(const QString &path);
    std::optional<CrmTruncateFault> takeCrmTruncate(const QString &path);
    std::optional<CrmNonJsonFault> takeCrmNonJson(const QString &path);
    bool takeRateStorm(const QString &path);

    // The scopes that every token issued from now on carries instead of the
    // requested ones. Reading them uses up nothing.
    std::optional<QStringList> grantScopes() const { return m_grantScopes; }

private:
    template <typename T>
    struct Switch {
        T value;
        FaultLimits limits;
    };

    // A switch that carries nothing but its limits.
    struct Flag {};

    template <typename T>
    using Parser = std::optional<QString> (*)(const QJsonValue &, T &, FaultLimits &);

    template <typename T>
    static std::optional<QString> assign(std::optional<Switch<T>> &target, const QJsonValue &value,
                                         Parser<T> parse);

    template <typename T>
    static std::optional<T> take(std::optional<Switch<T>> &fault, const QString &grantType = {},
                                 const QString &path = {});

    template <typename T>
    static void insertJson(QJsonObject &object, const QString &key, const std::optional<Switch<T>> &fault,
                           QJsonObject (*valueToJson)(const T &));

    std::optional<QString> applyOne(const QString &key, const QJsonValue &value);

    std::optional<Switch<TokenErrorFault>> m_tokenError;
    std::optional<Switch<int>> m_tokenStall;
    std::optional<Switch<Flag>> m_refreshWithoutRefreshToken;
    std::optional<Switch<Flag>> m_crmExpiry;
    std::optional<Switch<QString>> m_crmMissingScope;
    std::optional<QStringList> m_grantScopes;
    std::optional<Switch<RevokeFault>> m_revokeError;
    std::optional<Switch<CrmStatusFault>> m_crmStatus;
    std::optional<Switch<CrmResetFault>> m_crmReset;
    std::optional<Switch<int>> m_crmStall;
    std::optional<Switch<CrmTruncateFault>> m_crmTruncate;
    std::optional<Switch<CrmNonJsonFault>> m_crmNonJson;
    std::optional<Switch<CrmRateStormFault>> m_rateStorm;
};

} // namespace Breezee::Sandbox
