// The parsers that the fuzz targets drive, checked on known inputs: the
// OAuth callback readers and the HubSpot response readers.

#include "hubspot/HubSpotResponses.h"
#include "oauth/OAuthCallback.h"
#include "oauth/TokenClient.h"

#include <QtTest>

using namespace Breezee;

class tst_FuzzedParsers : public QObject {
    Q_OBJECT

private slots:
    void callbackRequestLine_data();
    void callbackRequestLine();
    void callbackQueryValues();
    void callbackCheck_data();
    void callbackCheck();
    void authorizationCodeReencoding_data();
    void authorizationCodeReencoding();
    void retryAfterHeader_data();
    void retryAfterHeader();
    void errorDetailAndScopes();
    void existingContactId();
    void batchReadContacts();
    void batchWriteResult();
    void wrongJsonShapes();
    void tokenInfoAccountIds_data();
    void tokenInfoAccountIds();
};

void tst_FuzzedParsers::callbackRequestLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("errorCode");

    QTest::newRow("code and state") << QByteArray("GET /callback?code=a&state=s HTTP/1.1\r\n") << QString();
    QTest::newRow("without CRLF") << QByteArray("GET /callback?code=a HTTP/1.0") << QString();
    QTest::newRow("no query") << QByteArray("GET /callback HTTP/1.1") << QString();
    QTest::newRow("other path") << QByteArray("GET /favicon.ico HTTP/1.1\r\n") << QStringLiteral("callback_wrong_path");
    QTest::newRow("path prefix") << QByteArray("GET /callbackx?code=a HTTP/1.1") << QStringLiteral("callback_wrong_path");
    QTest::newRow("POST") << QByteArray("POST /callback?code=a HTTP/1.1") << QStringLiteral("callback_malformed");
    QTest::newRow("HTTP/2") << QByteArray("GET /callback?code=a HTTP/2.0") << QStringLiteral("callback_malformed");
    QTest::newRow("absolute form") << QByteArray("GET http://127.0.0.1/callback HTTP/1.1") << QStringLiteral("callback_malformed");
    QTest::newRow("two spaces") << QByteArray("GET  /callback HTTP/1.1") << QStringLiteral("callback_malformed");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("callback_malformed");
    QTest::newRow("bad escape") << QByteArray("GET /callback?code=%ZZ HTTP/1.1") << QStringLiteral("callback_malformed");
}

void tst_FuzzedParsers::callbackRequestLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, errorCode);

    const Result<QVariantMap> values = parseOAuthCallback(line, QStringLiteral("/callback"));

    QCOMPARE(values.ok(), errorCode.isEmpty());
    if (!values.ok())
        QCOMPARE(values.error().code, errorCode);
}

void tst_FuzzedParsers::callbackQueryValues()
{
    const Result<QVariantMap> values = parseOAuthCallback(
        "GET /callback?code=na1%2Bx%2Fy&state=first&state=last&error_description=user%20said%20no HTTP/1.1",
        QStringLiteral("/callback"));

    QVERIFY(values.ok());
    // QUrlQuery's default decoding keeps %2B and %2F, the reason the
    // connector re-encodes the code.
    QCOMPARE(values->value(QStringLiteral("code")).toString(), QStringLiteral("na1%2Bx%2Fy"));
    QCOMPARE(values->value(QStringLiteral("state")).toString(), QStringLiteral("last"));
    QCOMPARE(values->value(QStringLiteral("error_description")).toString(), QStringLiteral("user said no"));
}

void tst_FuzzedParsers::callbackCheck_data()
{
    QTest::addColumn<QVariantMap>("values");
    QTest::addColumn<QString>("errorCode");

    QTest::newRow("code") << QVariantMap{{QStringLiteral("code"), QStringLiteral("c")},
                                         {QStringLiteral("state"), QStringLiteral("s1")}}
                          << QString();
    QTest::newRow("error") << QVariantMap{{QStringLiteral("error"), QStringLiteral("access_denied")},
                                          {QStringLiteral("state"), QStringLiteral("s1")}}
                           << QString();
    QTest::newRow("other state") << QVariantMap{{QStringLiteral("code"), QStringLiteral("c")},
                                                {QStringLiteral("state"), QStringLiteral("s2")}}
                                 << QStringLiteral("state_mismatch");
    QTest::newRow("no state") << QVariantMap{{QStringLiteral("code"), QStringLiteral("c")}}
                              << QStringLiteral("state_mismatch");
    QTest::newRow("no code") << QVariantMap{{QStringLiteral("state"), QStringLiteral("s1")}}
                             << QStringLiteral("code_missing");
}

void tst_FuzzedParsers::callbackCheck()
{
    QFETCH(QVariantMap, values);
    QFETCH(QString, errorCode);

    const Status status = checkOAuthCallback(values, "s1");

    QCOMPARE(status.has_value(), !errorCode.isEmpty());
    if (status)
        QCOMPARE(status->code, errorCode);
}

void tst_FuzzedParsers::authorizationCodeReencoding_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QByteArray("abc-123") << QByteArray("abc-123");
    QTest::newRow("encoded once") << QByteArray("a%2Bb%2Fc") << QByteArray("a%2Bb%2Fc");
    QTest::newRow("encoded twice") << QByteArray("a%252Bb%252Fc") << QByteArray("a%2Bb%2Fc");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void tst_FuzzedParsers::authorizationCodeReencoding()
{
    QFETCH(QByteArray, sent);
    QFETCH(QByteArray, expected);

    QCOMPARE(reencodeAuthorizationCode(sent), expected);
}

void tst_FuzzedParsers::retryAfterHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("retryAfterMs");

    QTest::newRow("seconds") << QByteArray("2") << qint64(2000);
    QTest::newRow("spaces") << QByteArray(" 3 ") << qint64(3000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("negative") << QByteArray("-1") << qint64(-1);
    QTest::newRow("HTTP date") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(-1);
    QTest::newRow("absent") << QByteArray() << qint64(-1);
}

void tst_FuzzedParsers::retryAfterHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, retryAfterMs);

    QCOMPARE(readApiResponse(429, "{}", header).retryAfterMs, retryAfterMs);
}

void tst_FuzzedParsers::errorDetailAndScopes()
{
    const ApiResponse response = readApiResponse(
        403,
        R"({"message":"Missing scopes","category":"MISSING_SCOPES",
            "context":{"missingScopes":["a.write"]},
            "errors":[{"message":"Missing scopes"},{"message":"b is needed","context":{"missingScopes":["b.read","a.write"]}}]})",
        QByteArray());

    QCOMPARE(response.category(), QStringLiteral("MISSING_SCOPES"));
    QCOMPARE(hubSpotErrorDetail(response), QStringLiteral("Missing scopes: b is needed"));
    QCOMPARE(hubSpotMissingScopes(response), (QStringList{QStringLiteral("a.write"), QStringLiteral("b.read")}));
}

void tst_FuzzedParsers::existingContactId()
{
    QCOMPARE(existingContactIdFromMessage(QStringLiteral("Contact already exists. Existing ID: 6001")),
             QStringLiteral("6001"));
    QCOMPARE(existingContactIdFromMessage(QStringLiteral("Existing ID:42")), QStringLiteral("42"));
    QCOMPARE(existingContactIdFromMessage(QStringLiteral("Existing ID: none")), QString());
}

void tst_FuzzedParsers::batchReadContacts()
{
    const ApiResponse response = readApiResponse(
        200,
        R"({"results":[{"id":"7","properties":{"email":" Ada@Example.com","firstname":"Ada","phone":null,
            "hs_additional_emails":"a.l@example.com;;OLD@example.com"}}]})",
        QByteArray());

    const QHash<QString, RemoteContact> byEmail = readBatchReadContacts(response.json);

    QCOMPARE(byEmail.size(), 3);
    QCOMPARE(byEmail.value(QStringLiteral("ada@example.com")).id, QStringLiteral("7"));
    QCOMPARE(byEmail.value(QStringLiteral("old@example.com")).id, QStringLiteral("7"));
    QVERIFY(!byEmail.value(QStringLiteral("ada@example.com")).properties.contains(QStringLiteral("phone")));
}

void tst_FuzzedParsers::batchWriteResult()
{
    const ApiResponse response = readApiResponse(
        207,
        R"({"results":[{"id":"201","properties":{"email":"Bob@example.com"}}],
            "errors":[{"message":"Contact already exists. Existing ID: 6001","context":{"objectWriteTraceId":["1"]}},
                      {"message":"Invalid value","context":{"ids":["202","203"]}}]})",
        QByteArray());

    const BatchWriteResult result = readBatchWriteResult(response.json);

    QCOMPARE(result.idByEmail.value(QStringLiteral("bob@example.com")), QStringLiteral("201"));
    QVERIFY(result.resultIds.contains(QStringLiteral("201")));
    QCOMPARE(result.errors.size(), 2);
    QCOMPARE(result.errors.at(0).objectWriteTraceIds, QStringList{QStringLiteral("1")});
    QCOMPARE(existingContactIdFromMessage(result.errors.at(0).message), QStringLiteral("6001"));
    QCOMPARE(result.errors.at(1).ids, (QStringList{QStringLiteral("202"), QStringLiteral("203")}));
}

void tst_FuzzedParsers::wrongJsonShapes()
{
    const QList<QByteArray> bodies = {
        "", "[]", "null", "{\"results\":{}}", "{\"results\":[1,\"x\",null,[]]}",
        "{\"errors\":\"x\",\"context\":[]}", "{\"errors\":[{\"context\":{\"missingScopes\":{}}}]}",
    };

    for (const QByteArray &body : bodies) {
        const ApiResponse response = readApiResponse(400, body, "x");
        QCOMPARE(response.retryAfterMs, qint64(-1));
        QCOMPARE(hubSpotErrorDetail(response), QStringLiteral("HTTP 400"));
        QVERIFY(hubSpotMissingScopes(response).isEmpty());
        QVERIFY(readBatchWriteResult(response.json).errors.size() <= 1);
        (void)readBatchReadContacts(response.json);
    }
}

void tst_FuzzedParsers::tokenInfoAccountIds_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("accountId");

    QTest::newRow("number") << QByteArray("{\"hub_id\":24680135}") << QStringLiteral("24680135");
    QTest::newRow("string") << QByteArray("{\"hub_id\":\"24680135\"}") << QStringLiteral("24680135");
    QTest::newRow("sub") << QByteArray("{\"sub\":\"user-7\"}") << QStringLiteral("user-7");
    // Found by fuzzing: a number beyond 64 bits once overflowed the conversion.
    QTest::newRow("beyond 64 bits") << QByteArray("{\"hub_id\":8e121}") << QString();
    QTest::newRow("fraction") << QByteArray("{\"hub_id\":12.5}") << QString();
    QTest::newRow("negative beyond 64 bits") << QByteArray("{\"hub_id\":-1e30}") << QString();
}

void tst_FuzzedParsers::tokenInfoAccountIds()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, accountId);

    const TokenInfo info = TokenClient::parseTokenInfo(QJsonDocument::fromJson(body).object());
    QCOMPARE(info.accountId, accountId);
}

QTEST_GUILESS_MAIN(tst_FuzzedParsers)
#include "tst_fuzzedparsers.moc"
