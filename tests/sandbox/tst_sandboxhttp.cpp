#include "FormFields.h"
#include "HttpRequestParser.h"
#include "Router.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Breezee::Sandbox;

namespace {

const QByteArray ValidRequest = "POST /crm/v3/objects/contacts/batch/read?x=1 HTTP/1.1\r\n"
                                "Host: 127.0.0.1\r\n"
                                "Content-Type: application/json\r\n"
                                "Content-Length: 13\r\n"
                                "\r\n"
                                "{\"inputs\":[]}";

} // namespace

// In-process checks of the request parser, form decoding and the router,
// without a socket.
class tst_SandboxHttp : public QObject {
    Q_OBJECT

private slots:
    void parserAcceptsByteByByteInput();
    void parserSplitsPipelinedRequests();
    void parserSurvivesMutatedInput();
    void parserStopsAtHeaderLimit();
    void formFieldsDecodePlusAndPercent_data();
    void formFieldsDecodePlusAndPercent();
    void formFieldsRawValueKeepsEncoding_data();
    void formFieldsRawValueKeepsEncoding();
    void routerDecodesPathParameters();
};

void tst_SandboxHttp::parserAcceptsByteByByteInput()
{
    HttpRequestParser parser;
    QByteArray buffer;
    HttpRequestParser::Status status = HttpRequestParser::Status::NeedMoreData;

    for (qsizetype i = 0; i < ValidRequest.size(); ++i) {
        QCOMPARE(status, HttpRequestParser::Status::NeedMoreData);
        buffer += ValidRequest.at(i);
        status = parser.feed(buffer);
    }

    QCOMPARE(status, HttpRequestParser::Status::RequestReady);
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/crm/v3/objects/contacts/batch/read"));
    QCOMPARE(request.query.value(QStringLiteral("x")), QStringLiteral("1"));
    QCOMPARE(request.header("CONTENT-TYPE"), QByteArray("application/json"));
    QCOMPARE(request.body, QByteArray("{\"inputs\":[]}"));
    QVERIFY(request.keepAlive());
    QVERIFY(buffer.isEmpty());
}

void tst_SandboxHttp::parserSplitsPipelinedRequests()
{
    HttpRequestParser parser;
    QByteArray buffer = ValidRequest + "\r\n" + ValidRequest + "GET /a HTTP/1.0\r\n\r\n";

    QList<QByteArray> paths;
    while (parser.feed(buffer) == HttpRequestParser::Status::RequestReady)
        paths.append(parser.takeRequest().path);

    QCOMPARE(paths.size(), 3);
    QCOMPARE(paths.last(), QByteArray("/a"));
    QVERIFY(buffer.isEmpty());
}

void tst_SandboxHttp::parserSurvivesMutatedInput()
{
    // A fixed seed keeps failures reproducible.
    QRandomGenerator random(20240501);
    const QList<int> allowedErrors = {400, 413, 431, 501, 505};

    for (int round = 0; round < 3000; ++round) {
        QByteArray input = ValidRequest;
        const int mutations = 1 + random.bounded(4);
        for (int m = 0; m < mutations; ++m) {
            const int position = random.bounded(int(input.size()));
            input[position] = char(random.bounded(256));
        }

        HttpRequestParser parser;
        QByteArray buffer = input;
        HttpRequestParser::Status status = parser.feed(buffer);
        while (status == HttpRequestParser::Status::RequestReady) {
            parser.takeRequest();
            status = parser.feed(buffer);
        }

        if (status == HttpRequestParser::Status::Failed)
            QVERIFY2(allowedErrors.contains(parser.errorStatus()), qPrintable(QString::number(parser.errorStatus())));
    }
}

void tst_SandboxHttp::parserStopsAtHeaderLimit()
{
    HttpRequestParser parser(HttpRequestParser::Limits{1024, 2048});
    QByteArray buffer = "GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(1100, 'a');

    QCOMPARE(parser.feed(buffer), HttpRequestParser::Status::Failed);
    QCOMPARE(parser.errorStatus(), 431);

    HttpRequestParser bodyParser(HttpRequestParser::Limits{1024, 2048});
    QByteArray big = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2049\r\n\r\n";
    QCOMPARE(bodyParser.feed(big), HttpRequestParser::Status::Failed);
    QCOMPARE(bodyParser.errorStatus(), 413);
}

void tst_SandboxHttp::formFieldsDecodePlusAndPercent_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plus is space") << QByteArray("scope=oauth+crm.objects.contacts.read") << QStringLiteral("scope")
                                   << QStringLiteral("oauth crm.objects.contacts.read");
    QTest::newRow("percent space") << QByteArray("scope=oauth%20x") << QStringLiteral("scope") << QStringLiteral("oauth x");
    QTest::newRow("encoded plus") << QByteArray("state=a%2Bb") << QStringLiteral("state") << QStringLiteral("a+b");
    QTest::newRow("utf-8") << QByteArray("n=%C3%A9") << QStringLiteral("n") << QStringLiteral("\u00e9");
    QTest::newRow("no value") << QByteArray("a&b=2") << QStringLiteral("a") << QString();
    QTest::newRow("first wins") << QByteArray("a=1&a=2") << QStringLiteral("a") << QStringLiteral("1");
}

void tst_SandboxHttp::formFieldsDecodePlusAndPercent()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QString, name);
    QFETCH(QString, expected);

    const FormFields fields = FormFields::parse(encoded);

    QVERIFY(fields.contains(name));
    QCOMPARE(fields.value(name), expected);
}

void tst_SandboxHttp::formFieldsRawValueKeepsEncoding_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("percent space") << QByteArray("scope=oauth%20crm&x=1") << QStringLiteral("scope") << true
                                   << QByteArray("oauth%20crm");
    QTest::newRow("plus space") << QByteArray("a=1&scope=oauth+crm") << QStringLiteral("scope") << true
                                << QByteArray("oauth+crm");
    QTest::newRow("encoded name") << QByteArray("redirect%5Furi=http%3A%2F%2Fx") << QStringLiteral("redirect_uri")
                                  << true << QByteArray("http%3A%2F%2Fx");
    QTest::newRow("first of two") << QByteArray("s=1&s=2") << QStringLiteral("s") << true << QByteArray("1");
    QTest::newRow("no equals") << QByteArray("flag&b=2") << QStringLiteral("flag") << true << QByteArray();
    QTest::newRow("absent") << QByteArray("a=1") << QStringLiteral("scope") << false << QByteArray();
}

void tst_SandboxHttp::formFieldsRawValueKeepsEncoding()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QString, name);
    QFETCH(bool, present);
    QFETCH(QByteArray, expected);

    const std::optional<QByteArray> raw = FormFields::rawValue(encoded, name);

    QCOMPARE(raw.has_value(), present);
    if (present)
        QCOMPARE(*raw, expected);
}

void tst_SandboxHttp::routerDecodesPathParameters()
{
    Router router;
    router.add("GET", QStringLiteral("/crm/v3/objects/contacts/{contactId}"), [](const RouteContext &context) {
        HttpResponse response;
        response.body = context.param(QStringLiteral("contactId")).toUtf8();
        return response;
    });

    HttpRequest request;
    request.method = "GET";
    request.path = "/crm/v3/objects/contacts/ada%40example.com";
    QCOMPARE(router.dispatch(request).body, QByteArray("ada@example.com"));

    request.method = "DELETE";
    const HttpResponse wrongMethod = router.dispatch(request);
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(wrongMethod.header("Allow"), QByteArray("GET"));

    request.path = "/crm/v3/objects/contacts/1/extra";
    QCOMPARE(router.dispatch(request).status, 404);
}

QTEST_GUILESS_MAIN(tst_SandboxHttp)

#include "tst_sandboxhttp.moc"
