#include "OAuthActivity.h"

#include "FormFields.h"

namespace Breezee::Sandbox {

namespace {

QJsonValue decodedOrNull(const FormFields &fields, const QString &name)
{
    return fields.contains(name) ? QJsonValue(fields.value(name)) : QJsonValue(QJsonValue::Null);
}

QJsonValue rawOrNull(const QByteArray &encoded, const QString &name)
{
    const std::optional<QByteArray> raw = FormFields::rawValue(encoded, name);
    return raw ? QJsonValue(QString::fromLatin1(*raw)) : QJsonValue(QJsonValue::Null);
}

// Inserts `name` decoded and `name`_raw as sent, or nulls when absent.
void insertField(QJsonObject &record, const FormFields &fields, const QByteArray &encoded, const QString &name)
{
    record.insert(name, decodedOrNull(fields, name));
    record.insert(name + QStringLiteral("_raw"), rawOrNull(encoded, name));
}

QByteArray rawQuery(const HttpRequest &request)
{
    const qsizetype questionMark = request.target.indexOf('?');
    return questionMark < 0 ? QByteArray() : request.target.mid(questionMark + 1);
}

bool hasBasicAuthorization(const HttpRequest &request)
{
    return request.header("authorization").trimmed().toLower().startsWith("basic ");
}

QString clientAuthentication(const HttpRequest &request, const FormFields &fields)
{
    const bool basic = hasBasicAuthorization(request);
    const bool body = fields.contains(QStringLiteral("client_secret"));
    if (basic && body)
        return QStringLiteral("both");
    if (basic)
        return QStringLiteral("basic");
    return body ? QStringLiteral("body") : QStringLiteral("none");
}

} // namespace

QString providerName(OAuthProvider provider)
{
    return provider == OAuthProvider::HubSpot ? QStringLiteral("hubspot") : QStringLiteral("other-idp");
}

QString OAuthActivity::grantTypeOf(const HttpRequest &request)
{
    if (request.mediaType() != "application/x-www-form-urlencoded")
        return {};
    return FormFields::parse(request.body).value(QStringLiteral("grant_type"));
}

void OAuthActivity::recordAuthorize(OAuthProvider provider, const HttpRequest &request, int status, qint64 nowMs)
{
    const FormFields &query = request.query;
    const QByteArray encoded = rawQuery(request);

    QJsonObject record;
    record.insert(QStringLiteral("provider"), providerName(provider));
    record.insert(QStringLiteral("path"), QString::fromLatin1(request.path));
    record.insert(QStringLiteral("status"), status);
    record.insert(QStringLiteral("at_ms"), double(nowMs));
    record.insert(QStringLiteral("client_id"), decodedOrNull(query, QStringLiteral("client_id")));
    record.insert(QStringLiteral("response_type"), decodedOrNull(query, QStringLiteral("response_type")));
    insertField(record, query, encoded, QStringLiteral("redirect_uri"));
    insertField(record, query, encoded, QStringLiteral("scope"));
    insertField(record, query, encoded, QStringLiteral("optional_scope"));
    record.insert(QStringLiteral("has_state"), query.contains(QStringLiteral("state")));
    record.insert(QStringLiteral("has_code_challenge"), query.contains(QStringLiteral("code_challenge")));
    record.insert(QStringLiteral("code_challenge_method"), decodedOrNull(query, QStringLiteral("code_challenge_method")));

    m_lastAuthorize = record;
}

void OAuthActivity::recordTokenRequest(OAuthProvider provider, const HttpRequest &request, qint64 nowMs)
{
    const bool isForm = request.mediaType() == "application/x-www-form-urlencoded";
    const QByteArray encoded = isForm ? request.body : QByteArray();
    const FormFields fields = FormFields::parse(encoded);
    const QString grantType = fields.value(QStringLiteral("grant_type"));

    Counters &counters = countersOf(provider);
    if (grantType == QLatin1String("authorization_code"))
        ++counters.authorizationCode;
    else if (grantType == QLatin1String("refresh_token"))
        ++counters.refreshToken;
    else
        ++counters.otherGrant;

    QJsonObject record;
    record.insert(QStringLiteral("provider"), providerName(provider));
    record.insert(QStringLiteral("path"), QString::fromLatin1(request.path));
    record.insert(QStringLiteral("at_ms"), double(nowMs));
    record.insert(QStringLiteral("content_type"), QString::fromLatin1(request.mediaType()));
    record.insert(QStringLiteral("grant_type"), decodedOrNull(fields, QStringLiteral("grant_type")));
    record.insert(QStringLiteral("client_id"), decodedOrNull(fields, QStringLiteral("client_id")));
    insertField(record, fields, encoded, QStringLiteral("redirect_uri"));
    insertField(record, fields, encoded, QStringLiteral("scope"));
    record.insert(QStringLiteral("client_auth"), clientAuthentication(request, fields));
    record.insert(QStringLiteral("has_client_secret"), fields.contains(QStringLiteral("client_secret")));
    record.insert(QStringLiteral("has_code"), fields.contains(QStringLiteral("code")));
    record.insert(QStringLiteral("has_code_verifier"), fields.contains(QStringLiteral("code_verifier")));
    record.insert(QStringLiteral("has_refresh_token"), fields.contains(QStringLiteral("refresh_token")));

    m_lastTokenRequest = record;
}

void OAuthActivity::countRevoke(OAuthProvider provider)
{
    ++countersOf(provider).revoke;
}

QJsonObject OAuthActivity::countersToJson(OAuthProvider provider) const
{
    const Counters &counters = m_counters.at(std::size_t(provider));

    QJsonObject tokenRequests;
    tokenRequests.insert(QStringLiteral("authorization_code"), counters.authorizationCode);
    tokenRequests.insert(QStringLiteral("refresh_token"), counters.refreshToken);
    tokenRequests.insert(QStringLiteral("other"), counters.otherGrant);

    QJsonObject object;
    object.insert(QStringLiteral("token_requests"), tokenRequests);
    object.insert(QStringLiteral("revoke_requests"), counters.revoke);
    return object;
}

QJsonValue OAuthActivity::lastAuthorize() const
{
    return m_lastAuthorize.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m_lastAuthorize);
}

QJsonValue OAuthActivity::lastTokenRequest() const
{
    return m_lastTokenRequest.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m_lastTokenRequest);
}

void OAuthActivity::clear()
{
    m_counters = {};
    m_lastAuthorize = QJsonObject();
    m_lastTokenRequest = QJsonObject();
}

} // namespace Breezee::Sandbox
