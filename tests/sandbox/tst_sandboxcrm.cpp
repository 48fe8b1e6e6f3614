#include "SandboxProcess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using Breezee::Test::HttpResult;
using Breezee::Test::SandboxProcess;

namespace {

const QString Contacts = QStringLiteral("/crm/v3/objects/contacts");
const QString Companies = QStringLiteral("/crm/v3/objects/companies");
const QString Notes = QStringLiteral("/crm/v3/objects/notes");

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject inputsBody(const QJsonArray &inputs)
{
    return QJsonObject{{QStringLiteral("inputs"), inputs}};
}

QJsonObject propertiesInput(const QJsonObject &properties)
{
    return QJsonObject{{QStringLiteral("properties"), properties}};
}

QJsonObject filter(const QString &property, const QString &op, const QJsonValue &value = QJsonValue::Undefined)
{
    QJsonObject object{{QStringLiteral("propertyName"), property}, {QStringLiteral("operator"), op}};
    if (value.isArray())
        object.insert(QStringLiteral("values"), value);
    else if (!value.isUndefined())
        object.insert(QStringLiteral("value"), value);
    return object;
}

QJsonObject searchBody(const QList<QJsonArray> &groups)
{
    QJsonArray filterGroups;
    for (const QJsonArray &filters : groups)
        filterGroups.append(QJsonObject{{QStringLiteral("filters"), filters}});
    return QJsonObject{{QStringLiteral("filterGroups"), filterGroups}};
}

QJsonObject association(const QString &targetId, int typeId)
{
    const QJsonObject type{{QStringLiteral("associationCategory"), QStringLiteral("HUBSPOT_DEFINED")},
                           {QStringLiteral("associationTypeId"), typeId}};
    return QJsonObject{{QStringLiteral("to"), QJsonObject{{QStringLiteral("id"), targetId}}},
                       {QStringLiteral("types"), QJsonArray{type}}};
}

QJsonObject noteInput(const QString &timestamp, const QString &body, const QJsonArray &associations = {})
{
    QJsonObject properties{{QStringLiteral("hs_note_body"), body}};
    if (!timestamp.isNull())
        properties.insert(QStringLiteral("hs_timestamp"), timestamp);
    QJsonObject input = propertiesInput(properties);
    input.insert(QStringLiteral("associations"), associations);
    return input;
}

QJsonObject pairInput(const QString &fromId, const QString &toId)
{
    return QJsonObject{{QStringLiteral("from"), QJsonObject{{QStringLiteral("id"), fromId}}},
                       {QStringLiteral("to"), QJsonObject{{QStringLiteral("id"), toId}}}};
}

QStringList sortedValues(const QJsonArray &results, const QString &property)
{
    QStringList values;
    for (const QJsonValue &result : results)
        values.append(result.toObject().value(QStringLiteral("properties")).toObject().value(property).toString());
    values.sort();
    return values;
}

QStringList idsOf(const QJsonArray &array)
{
    QStringList ids;
    for (const QJsonValue &value : array)
        ids.append(value.toString());
    return ids;
}

int rawStatus(const QByteArray &response)
{
    const QList<QByteArray> parts = response.left(response.indexOf("\r\n")).split(' ');
    return parts.size() >= 2 ? parts.at(1).toInt() : 0;
}

QByteArray rawHeader(const QByteArray &response, const QByteArray &name)
{
    const QList<QByteArray> lines = response.left(response.indexOf("\r\n\r\n")).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

QByteArray rawBody(const QByteArray &response)
{
    const qsizetype end = response.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : response.mid(end + 4);
}

// Sends one request on a fresh connection and returns every byte received
// until the server closes the connection or `timeoutMs` passes.
QByteArray exchangeRaw(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};

    socket.write(request);
    socket.flush();

    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(100);
        received += socket.readAll();
    }
    received += socket.readAll();
    return received;
}

QByteArray rawJsonPost(const QString &path, const QJsonObject &body, const QString &token)
{
    const QByteArray payload = toJson(body);
    return "POST " + path.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Authorization: Bearer " + token.toLatin1() + "\r\n"
           "Content-Type: application/json\r\n"
           "Content-Length: " + QByteArray::number(payload.size()) + "\r\n"
           "Connection: close\r\n\r\n" + payload;
}

} // namespace

// Companies, search, notes, associations, merged contacts, the CRM fault
// switches and the request log summary of the HubSpot sandbox, driven over
// HTTP.
class tst_SandboxCrm : public QObject {
    Q_OBJECT

private slots:
    void cleanup();

    void companiesCreateReadUpdate();
    void companiesBatchEndpoints();
    void companySearchByNameIgnoresCase();

    void searchOperators_data();
    void searchOperators();
    void searchOrsGroupsAndAndsFilters();
    void searchRejectsOverLimits_data();
    void searchRejectsOverLimits();
    void searchInMaxIsConfigurable();
    void searchPagingSortAndProperties();
    void searchLagHidesNewWrites();
    void searchRateLimitIsSecondly();

    void noteCreateWithAssociations();
    void noteRejectsInvalidInput_data();
    void noteRejectsInvalidInput();
    void noteBatchCreateAndRead();
    void noteBatchArchiveRemovesNotes();

    void associationsDefaultSingleAndBatch();
    void associationsBatchCreatePrimary();
    void associationsBatchReadAndLimits();
    void contactInlineAssociationToCompany();

    void mergedIdReadsPrimary();
    void mergedIdNotFoundMode();
    void mergeThroughCrmEndpoint();
    void additionalEmailConflicts();
    void conflictBodyStyles();

    void crmStatusShapes_data();
    void crmStatusShapes();
    void crmStatus429Policies();
    void crmResetClosesConnection();
    void crmResetAfterHandlingWrites();
    void crmStallDelaysResponse();
    void crmTruncateShortensBody();
    void crmTruncateShortLengthSendsMore();
    void crmNonJsonBodies_data();
    void crmNonJsonBodies();
    void rateStormEndsOnTime();
    void faultPathFilterAndCount();
    void latencyDelaysCrmCalls();
    void crmFaultsRejectInvalidInput_data();
    void crmFaultsRejectInvalidInput();

    void requestSummaryCounts();
    void requestsSincePages();
    void stateFileKeepsCompaniesNotesLinks();
    void tenThousandContactsStayFast();
    void commandLineRejectsBadCrmOptions_data();
    void commandLineRejectsBadCrmOptions();

private:
    // Starts the sandbox without rate limits and search lag, plus `extra`
    // (later options win), and connects with every CRM scope.
    bool startSandbox(const QStringList &extra = {});

    HttpResult post(const QString &path, const QJsonObject &body);
    HttpResult send(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QString createContact(const QString &email);
    QString createCompany(const QString &name, const QString &domain = {});
    HttpResult search(const QString &objectPath, const QJsonObject &body);

    std::unique_ptr<SandboxProcess> m_sandbox;
    QString m_token;
};

void tst_SandboxCrm::cleanup()
{
    if (QTest::currentTestFailed() && m_sandbox)
        qWarning().noquote() << "sandbox stderr:\n" << m_sandbox->standardError().right(4000);
    m_sandbox.reset();
    m_token.clear();
}

bool tst_SandboxCrm::startSandbox(const QStringList &extra)
{
    m_sandbox = std::make_unique<SandboxProcess>();
    const QStringList arguments = QStringList{QStringLiteral("--rate-limit"), QStringLiteral("0"),
                                              QStringLiteral("--search-rate-limit"), QStringLiteral("0"),
                                              QStringLiteral("--search-lag-ms"), QStringLiteral("0")}
        + extra;
    if (!m_sandbox->start(arguments)) {
        qWarning().noquote() << m_sandbox->errorString();
        return false;
    }

    m_token = m_sandbox->obtainAccessToken();
    if (m_token.isEmpty())
        qWarning().noquote() << m_sandbox->errorString();
    return !m_token.isEmpty();
}

HttpResult tst_SandboxCrm::send(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    const QByteArray payload = body.isEmpty() && method == "GET" ? QByteArray() : toJson(body);
    return m_sandbox->send(method, path, payload,
                           {qMakePair(QByteArray("Authorization"), "Bearer " + m_token.toLatin1())});
}

HttpResult tst_SandboxCrm::post(const QString &path, const QJsonObject &body)
{
    return send("POST", path, body);
}

HttpResult tst_SandboxCrm::search(const QString &objectPath, const QJsonObject &body)
{
    return post(objectPath + QStringLiteral("/search"), body);
}

QString tst_SandboxCrm::createContact(const QString &email)
{
    const HttpResult result = post(Contacts, propertiesInput({{QStringLiteral("email"), email}}));
    return result.json().value(QStringLiteral("id")).toString();
}

QString tst_SandboxCrm::createCompany(const QString &name, const QString &domain)
{
    QJsonObject properties{{QStringLiteral("name"), name}};
    if (!domain.isEmpty())
        properties.insert(QStringLiteral("domain"), domain);
    return post(Companies, propertiesInput(properties)).json().value(QStringLiteral("id")).toString();
}

// --- Companies ---

void tst_SandboxCrm::companiesCreateReadUpdate()
{
    QVERIFY(startSandbox());

    const HttpResult created = post(Companies, propertiesInput({{QStringLiteral("name"), QStringLiteral("Acme Corp")},
                                                                {QStringLiteral("domain"), QStringLiteral("acme.test")}}));
    QCOMPARE(created.status, 201);
    const QString id = created.json().value(QStringLiteral("id")).toString();
    const QJsonObject createdProperties = created.json().value(QStringLiteral("properties")).toObject();
    QCOMPARE(createdProperties.value(QStringLiteral("hs_object_id")).toString(), id);
    QVERIFY(!createdProperties.value(QStringLiteral("createdate")).toString().isEmpty());
    QVERIFY(!createdProperties.value(QStringLiteral("hs_lastmodifieddate")).toString().isEmpty());
    QVERIFY(!createdProperties.contains(QStringLiteral("lastmodifieddate")));

    const HttpResult read = send("GET", Companies + QLatin1Char('/') + id);
    QCOMPARE(read.status, 200);
    const QJsonObject readProperties = read.json().value(QStringLiteral("properties")).toObject();
    QCOMPARE(readProperties.value(QStringLiteral("name")).toString(), QStringLiteral("Acme Corp"));
    QCOMPARE(readProperties.value(QStringLiteral("domain")).toString(), QStringLiteral("acme.test"));
    QCOMPARE(read.json().value(QStringLiteral("archived")).toBool(true), false);

    const HttpResult updated = send("PATCH", Companies + QLatin1Char('/') + id,
                                    propertiesInput({{QStringLiteral("city"), QStringLiteral("Lyon")}}));
    QCOMPARE(updated.status, 200);
    QCOMPARE(updated.json().value(QStringLiteral("properties")).toObject().value(QStringLiteral("city")).toString(),
             QStringLiteral("Lyon"));

    QCOMPARE(send("GET", Companies + QStringLiteral("/424242")).status, 404);
    QCOMPARE(post(Companies, propertiesInput({{QStringLiteral("no_such_property"), QStringLiteral("x")}})).status, 400);
    QCOMPARE(post(Companies, propertiesInput({{QStringLiteral("hs_lastmodifieddate"), QStringLiteral("1")}})).status, 400);
}

void tst_SandboxCrm::companiesBatchEndpoints()
{
    QVERIFY(startSandbox());

    QJsonArray inputs;
    for (int i = 0; i < 3; ++i) {
        inputs.append(propertiesInput({{QStringLiteral("name"), QStringLiteral("Company %1").arg(i)},
                                       {QStringLiteral("domain"), QStringLiteral("c%1.test").arg(i)}}));
    }
    const HttpResult created = post(Companies + QStringLiteral("/batch/create"), inputsBody(inputs));
    QCOMPARE(created.status, 201);
    const QJsonArray results = created.json().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 3);
    const QString firstId = results.at(0).toObject().value(QStringLiteral("id")).toString();
    const QString secondId = results.at(1).toObject().value(QStringLiteral("id")).toString();

    const QJsonObject readBody{{QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), firstId}},
                                                                     QJsonObject{{QStringLiteral("id"), QStringLiteral("999")}}}},
                               {QStringLiteral("properties"), QJsonArray{QStringLiteral("name")}}};
    const HttpResult read = post(Companies + QStringLiteral("/batch/read"), readBody);
    QCOMPARE(read.status, 207);
    QCOMPARE(read.json().value(QStringLiteral("numErrors")).toInt(), 1);
    const QJsonObject error = read.json().value(QStringLiteral("errors")).toArray().at(0).toObject();
    QCOMPARE(error.value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_NOT_FOUND"));
    QVERIFY(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("COMPANY")));
    QCOMPARE(idsOf(error.value(QStringLiteral("context")).toObject().value(QStringLiteral("ids")).toArray()),
             QStringList{QStringLiteral("999")});

    const QJsonArray updates = {QJsonObject{{QStringLiteral("id"), secondId},
                                            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("domain"), QString()}}}}};
    const HttpResult updated = post(Companies + QStringLiteral("/batch/update"), inputsBody(updates));
    QCOMPARE(updated.status, 200);
    const QJsonObject state = m_sandbox->state();
    bool cleared = false;
    for (const QJsonValue &company : state.value(QStringLiteral("companies")).toArray()) {
        const QJsonObject object = company.toObject();
        if (object.value(QStringLiteral("id")).toString() == secondId)
            cleared = !object.value(QStringLiteral("properties")).toObject().contains(QStringLiteral("domain"));
    }
    QVERIFY(cleared);

    QJsonArray tooMany;
    for (int i = 0; i < 101; ++i)
        tooMany.append(propertiesInput({{QStringLiteral("name"), QStringLiteral("x")}}));
    QCOMPARE(post(Companies + QStringLiteral("/batch/create"), inputsBody(tooMany)).status, 400);
}

void tst_SandboxCrm::companySearchByNameIgnoresCase()
{
    QVERIFY(startSandbox());
    const QString id = createCompany(QStringLiteral("Acme Corp"), QStringLiteral("acme.test"));
    createCompany(QStringLiteral("Beta Ltd"));

    const HttpResult result = search(Companies, searchBody({{filter(QStringLiteral("name"), QStringLiteral("EQ"),
                                                                    QStringLiteral("ACME corp"))}}));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json().value(QStringLiteral("total")).toInt(), 1);
    const QJsonObject first = result.json().value(QStringLiteral("results")).toArray().at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("id")).toString(), id);
    const QJsonObject properties = first.value(QStringLiteral("properties")).toObject();
    QCOMPARE(properties.value(QStringLiteral("domain")).toString(), QStringLiteral("acme.test"));
    QVERIFY(properties.contains(QStringLiteral("hs_lastmodifieddate")));
    QVERIFY(!result.json().contains(QStringLiteral("paging")));
}

// --- Search ---

void tst_SandboxCrm::searchOperators_data()
{
    QTest::addColumn<QJsonObject>("condition");
    QTest::addColumn<QStringList>("expected");

    const QString email = QStringLiteral("email");
    const QString score = QStringLiteral("score");
    QTest::newRow("EQ ignores case") << filter(email, QStringLiteral("EQ"), QStringLiteral("ANN@Alpha.test"))
                                     << QStringList{QStringLiteral("ann@alpha.test")};
    QTest::newRow("EQ finds additional email") << filter(email, QStringLiteral("EQ"), QStringLiteral("old@alpha.test"))
                                               << QStringList{QStringLiteral("ann@alpha.test")};
    QTest::newRow("NEQ") << filter(QStringLiteral("firstname"), QStringLiteral("NEQ"), QStringLiteral("ann"))
                         << QStringList{QStringLiteral("bob@beta.test"), QStringLiteral("cy@beta.test")};
    QTest::newRow("IN lowercase") << filter(email, QStringLiteral("IN"), QJsonArray{QStringLiteral("bob@beta.test"),
                                                                                     QStringLiteral("cy@beta.test")})
                                  << QStringList{QStringLiteral("bob@beta.test"), QStringLiteral("cy@beta.test")};
    QTest::newRow("IN uppercase matches nothing") << filter(email, QStringLiteral("IN"), QJsonArray{QStringLiteral("BOB@beta.test")})
                                                  << QStringList{};
    QTest::newRow("NOT_IN") << filter(email, QStringLiteral("NOT_IN"), QJsonArray{QStringLiteral("bob@beta.test")})
                            << QStringList{QStringLiteral("ann@alpha.test"), QStringLiteral("cy@beta.test")};
    QTest::newRow("HAS_PROPERTY") << filter(score, QStringLiteral("HAS_PROPERTY"))
                                  << QStringList{QStringLiteral("ann@alpha.test"), QStringLiteral("bob@beta.test")};
    QTest::newRow("NOT_HAS_PROPERTY") << filter(score, QStringLiteral("NOT_HAS_PROPERTY"))
                                      << QStringList{QStringLiteral("cy@beta.test")};
    QTest::newRow("CONTAINS_TOKEN word") << filter(QStringLiteral("jobtitle"), QStringLiteral("CONTAINS_TOKEN"), QStringLiteral("ENGINEER"))
                                         << QStringList{QStringLiteral("bob@beta.test")};
    QTest::newRow("CONTAINS_TOKEN wildcard") << filter(email, QStringLiteral("CONTAINS_TOKEN"), QStringLiteral("*@beta.test"))
                                             << QStringList{QStringLiteral("bob@beta.test"), QStringLiteral("cy@beta.test")};
    QTest::newRow("GT number") << filter(score, QStringLiteral("GT"), QStringLiteral("9"))
                               << QStringList{QStringLiteral("bob@beta.test")};
    QTest::newRow("GTE number") << filter(score, QStringLiteral("GTE"), QStringLiteral("5"))
                                << QStringList{QStringLiteral("ann@alpha.test"), QStringLiteral("bob@beta.test")};
    QTest::newRow("LT number") << filter(score, QStringLiteral("LT"), QStringLiteral("10"))
                               << QStringList{QStringLiteral("ann@alpha.test")};
    QTest::newRow("LTE number") << filter(score, QStringLiteral("LTE"), QStringLiteral("5"))
                                << QStringList{QStringLiteral("ann@alpha.test")};
    QJsonObject between = filter(score, QStringLiteral("BETWEEN"), QStringLiteral("4"));
    between.insert(QStringLiteral("highValue"), QStringLiteral("6"));
    QTest::newRow("BETWEEN inclusive") << between << QStringList{QStringLiteral("ann@alpha.test")};
    QTest::newRow("enumeration EQ is exact") << filter(QStringLiteral("lifecyclestage"), QStringLiteral("EQ"), QStringLiteral("LEAD"))
                                             << QStringList{};
    QTest::newRow("enumeration EQ") << filter(QStringLiteral("lifecyclestage"), QStringLiteral("EQ"), QStringLiteral("lead"))
                                    << QStringList{QStringLiteral("cy@beta.test")};
}

void tst_SandboxCrm::searchOperators()
{
    QFETCH(QJsonObject, condition);
    QFETCH(QStringList, expected);

    QVERIFY(startSandbox());
    const QJsonObject property{{QStringLiteral("name"), QStringLiteral("score")},
                               {QStringLiteral("label"), QStringLiteral("Score")},
                               {QStringLiteral("type"), QStringLiteral("number")},
                               {QStringLiteral("fieldType"), QStringLiteral("number")},
                               {QStringLiteral("groupName"), QStringLiteral("contactinformation")}};
    QCOMPARE(post(QStringLiteral("/crm/v3/properties/contacts"), property).status, 201);

    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("ann@alpha.test")},
                            {QStringLiteral("hs_additional_emails"), QStringLiteral("old@alpha.test")},
                            {QStringLiteral("firstname"), QStringLiteral("Ann")},
                            {QStringLiteral("score"), QStringLiteral("5")}});
    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("bob@beta.test")},
                            {QStringLiteral("firstname"), QStringLiteral("Bob")},
                            {QStringLiteral("jobtitle"), QStringLiteral("Senior Engineer")},
                            {QStringLiteral("score"), QStringLiteral("12")}});
    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("cy@beta.test")},
                            {QStringLiteral("lifecyclestage"), QStringLiteral("lead")}});

    const HttpResult result = search(Contacts, searchBody({QJsonArray{condition}}));
    QCOMPARE(result.status, 200);
    const QJsonArray results = result.json().value(QStringLiteral("results")).toArray();
    QCOMPARE(sortedValues(results, QStringLiteral("email")), expected);
    QCOMPARE(result.json().value(QStringLiteral("total")).toInt(), expected.size());
}

void tst_SandboxCrm::searchOrsGroupsAndAndsFilters()
{
    QVERIFY(startSandbox());
    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("a@x.test")}, {QStringLiteral("city"), QStringLiteral("Oslo")}});
    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("b@x.test")}, {QStringLiteral("city"), QStringLiteral("Rome")}});
    m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("c@y.test")}, {QStringLiteral("city"), QStringLiteral("Oslo")}});

    const QJsonArray osloOnX = {filter(QStringLiteral("city"), QStringLiteral("EQ"), QStringLiteral("oslo")),
                                filter(QStringLiteral("email"), QStringLiteral("CONTAINS_TOKEN"), QStringLiteral("*@x.test"))};
    const QJsonArray rome = {filter(QStringLiteral("city"), QStringLiteral("EQ"), QStringLiteral("Rome"))};

    const HttpResult anded = search(Contacts, searchBody({osloOnX}));
    QCOMPARE(sortedValues(anded.json().value(QStringLiteral("results")).toArray(), QStringLiteral("email")),
             QStringList{QStringLiteral("a@x.test")});

    const HttpResult ored = search(Contacts, searchBody({osloOnX, rome}));
    QCOMPARE(sortedValues(ored.json().value(QStringLiteral("results")).toArray(), QStringLiteral("email")),
             (QStringList{QStringLiteral("a@x.test"), QStringLiteral("b@x.test")}));
}

void tst_SandboxCrm::searchRejectsOverLimits_data()
{
    QTest::addColumn<QJsonObject>("body");

    const QJsonObject eq = filter(QStringLiteral("email"), QStringLiteral("EQ"), QStringLiteral("a@x.test"));
    QList<QJsonArray> sixGroups;
    for (int i = 0; i < 6; ++i)
        sixGroups.append(QJsonArray{eq});
    QTest::newRow("6 filter groups") << searchBody(sixGroups);

    QJsonArray eleven;
    for (int i = 0; i < 11; ++i)
        eleven.append(eq);
    QTest::newRow("11 filters in a group") << searchBody({eleven});

    QJsonArray nine;
    for (int i = 0; i < 9; ++i)
        nine.append(eq);
    QTest::newRow("27 filters in total") << searchBody({nine, nine, nine});

    QJsonArray values;
    for (int i = 0; i < 101; ++i)
        values.append(QStringLiteral("user%1@x.test").arg(i));
    QTest::newRow("101 IN values") << searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("IN"), values)}});

    QTest::newRow("limit 201") << QJsonObject{{QStringLiteral("limit"), 201}};
    QTest::newRow("after 10000") << QJsonObject{{QStringLiteral("after"), QStringLiteral("10000")}};
    QTest::newRow("after not a number") << QJsonObject{{QStringLiteral("after"), QStringLiteral("abc")}};
    QTest::newRow("two sorts") << QJsonObject{{QStringLiteral("sorts"), QJsonArray{QStringLiteral("email"), QStringLiteral("city")}}};
    QTest::newRow("unknown property") << searchBody({QJsonArray{filter(QStringLiteral("nope"), QStringLiteral("EQ"), QStringLiteral("x"))}});
    QTest::newRow("unknown operator") << searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("LIKE"), QStringLiteral("x"))}});
    QTest::newRow("BETWEEN without highValue")
        << searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("BETWEEN"), QStringLiteral("a"))}});
    QTest::newRow("EQ without value") << searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("EQ"))}});
    QTest::newRow("query over 3000 characters") << QJsonObject{{QStringLiteral("query"), QString(3001, QLatin1Char('a'))}};
}

void tst_SandboxCrm::searchRejectsOverLimits()
{
    QFETCH(QJsonObject, body);

    QVERIFY(startSandbox());
    const HttpResult result = search(Contacts, body);
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("category")).toString(), QStringLiteral("VALIDATION_ERROR"));
    QVERIFY(!result.json().value(QStringLiteral("message")).toString().isEmpty());
}

void tst_SandboxCrm::searchInMaxIsConfigurable()
{
    QVERIFY(startSandbox({QStringLiteral("--search-in-max"), QStringLiteral("3")}));

    const QJsonArray three = {QStringLiteral("a@x.test"), QStringLiteral("b@x.test"), QStringLiteral("c@x.test")};
    QJsonArray four = three;
    four.append(QStringLiteral("d@x.test"));

    QCOMPARE(search(Contacts, searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("IN"), three)}})).status, 200);
    const HttpResult rejected = search(Contacts, searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("IN"), four)}}));
    QCOMPARE(rejected.status, 400);
    QVERIFY(rejected.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("3")));
}

void tst_SandboxCrm::searchPagingSortAndProperties()
{
    QVERIFY(startSandbox());
    for (int i = 0; i < 25; ++i) {
        m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("user%1@page.test").arg(i, 2, 10, QLatin1Char('0'))},
                                {QStringLiteral("city"), QStringLiteral("Paris")}});
    }

    const QJsonObject sort{{QStringLiteral("propertyName"), QStringLiteral("email")},
                           {QStringLiteral("direction"), QStringLiteral("DESCENDING")}};
    QJsonObject body{{QStringLiteral("sorts"), QJsonArray{sort}},
                     {QStringLiteral("properties"), QJsonArray{QStringLiteral("email")}}};

    QStringList seen;
    QString after;
    int pages = 0;
    do {
        if (!after.isEmpty())
            body.insert(QStringLiteral("after"), after);
        const HttpResult page = search(Contacts, body);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.json().value(QStringLiteral("total")).toInt(), 25);
        const QJsonArray results = page.json().value(QStringLiteral("results")).toArray();
        QVERIFY(results.size() <= 10);
        for (const QJsonValue &result : results) {
            const QJsonObject properties = result.toObject().value(QStringLiteral("properties")).toObject();
            QVERIFY(!properties.contains(QStringLiteral("city")));
            QVERIFY(properties.contains(QStringLiteral("hs_object_id")));
            seen.append(properties.value(QStringLiteral("email")).toString());
        }
        after = page.json().value(QStringLiteral("paging")).toObject().value(QStringLiteral("next")).toObject()
                    .value(QStringLiteral("after")).toString();
        ++pages;
    } while (!after.isEmpty() && pages < 10);

    QCOMPARE(pages, 3);
    QCOMPARE(seen.size(), 25);
    QCOMPARE(seen.first(), QStringLiteral("user24@page.test"));
    QCOMPARE(seen.last(), QStringLiteral("user00@page.test"));

    const HttpResult limited = search(Contacts, QJsonObject{{QStringLiteral("limit"), 200}});
    QCOMPARE(limited.json().value(QStringLiteral("results")).toArray().size(), 25);
    const HttpResult defaults = search(Contacts, QJsonObject());
    QCOMPARE(defaults.json().value(QStringLiteral("results")).toArray().size(), 10);

    const HttpResult countOnly = search(Contacts, QJsonObject{{QStringLiteral("limit"), 0}});
    QCOMPARE(countOnly.json().value(QStringLiteral("total")).toInt(), 25);
    QCOMPARE(countOnly.json().value(QStringLiteral("results")).toArray().size(), 0);
    QVERIFY(!countOnly.json().contains(QStringLiteral("paging")));
}

void tst_SandboxCrm::searchLagHidesNewWrites()
{
    // The lag is long enough for the first search and batch read to run
    // before it ends, even on a loaded machine.
    QVERIFY(startSandbox({QStringLiteral("--search-lag-ms"), QStringLiteral("1500")}));

    const HttpResult created = post(Contacts + QStringLiteral("/batch/create"),
                                    inputsBody({propertiesInput({{QStringLiteral("email"), QStringLiteral("lag@x.test")},
                                                                 {QStringLiteral("city"), QStringLiteral("Oslo")}})}));
    QCOMPARE(created.status, 201);
    QElapsedTimer sinceWrite;
    sinceWrite.start();

    const QJsonObject byEmail = searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("EQ"), QStringLiteral("lag@x.test"))}});
    QCOMPARE(search(Contacts, byEmail).json().value(QStringLiteral("total")).toInt(), 0);

    const QJsonObject readBody{{QStringLiteral("idProperty"), QStringLiteral("email")},
                               {QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("lag@x.test")}}}}};
    const HttpResult read = post(Contacts + QStringLiteral("/batch/read"), readBody);
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value(QStringLiteral("results")).toArray().size(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(search(Contacts, byEmail).json().value(QStringLiteral("total")).toInt(), 1, 8000);
    QVERIFY(sinceWrite.elapsed() >= 1500);

    // An update shows the old value in search until the lag has passed.
    const QString id = created.json().value(QStringLiteral("results")).toArray().at(0).toObject().value(QStringLiteral("id")).toString();
    QCOMPARE(send("PATCH", Contacts + QLatin1Char('/') + id, propertiesInput({{QStringLiteral("city"), QStringLiteral("Rome")}})).status, 200);
    QJsonObject withCity = byEmail;
    withCity.insert(QStringLiteral("properties"), QJsonArray{QStringLiteral("city")});
    const auto citySeen = [&] {
        return search(Contacts, withCity).json().value(QStringLiteral("results")).toArray().at(0).toObject()
            .value(QStringLiteral("properties")).toObject().value(QStringLiteral("city")).toString();
    };
    QCOMPARE(citySeen(), QStringLiteral("Oslo"));
    QTRY_COMPARE_WITH_TIMEOUT(citySeen(), QStringLiteral("Rome"), 8000);

    // Publishing skips the wait.
    createContact(QStringLiteral("now@x.test"));
    QVERIFY(m_sandbox->publishSearchIndex());
    const QJsonObject now = searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("EQ"), QStringLiteral("now@x.test"))}});
    QCOMPARE(search(Contacts, now).json().value(QStringLiteral("total")).toInt(), 1);
}

void tst_SandboxCrm::searchRateLimitIsSecondly()
{
    QVERIFY(startSandbox({QStringLiteral("--search-rate-limit"), QStringLiteral("2"), QStringLiteral("--rate-limit"),
                          QStringLiteral("110")}));

    const HttpResult first = search(Contacts, QJsonObject());
    QCOMPARE(first.status, 200);
    QVERIFY(first.header("X-HubSpot-RateLimit-Max").isEmpty());
    QCOMPARE(search(Contacts, QJsonObject()).status, 200);

    const HttpResult limited = search(Contacts, QJsonObject());
    QCOMPARE(limited.status, 429);
    const QJsonObject body = limited.json();
    QCOMPARE(body.value(QStringLiteral("message")).toString(), QStringLiteral("You have reached your secondly limit."));
    QCOMPARE(body.value(QStringLiteral("errorType")).toString(), QStringLiteral("RATE_LIMIT"));
    QCOMPARE(body.value(QStringLiteral("policyName")).toString(), QStringLiteral("SECONDLY"));
    QVERIFY(!body.value(QStringLiteral("correlationId")).toString().isEmpty());
    QVERIFY(limited.header("X-HubSpot-RateLimit-Remaining").isEmpty());

    // Searches do not use up the rolling limit of the other endpoints.
    const HttpResult list = send("GET", Contacts);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.header("X-HubSpot-RateLimit-Remaining"), QByteArray("109"));

    // The window is one second long.
    QTest::qWait(1100);
    QCOMPARE(search(Contacts, QJsonObject()).status, 200);
}

// --- Notes ---

void tst_SandboxCrm::noteCreateWithAssociations()
{
    QVERIFY(startSandbox());
    const QString contactId = createContact(QStringLiteral("note@x.test"));
    const QString companyId = createCompany(QStringLiteral("Acme"));

    const HttpResult created = post(Notes, noteInput(QStringLiteral("2024-05-01T09:30:00Z"), QStringLiteral("Called about the demo"),
                                                     {association(contactId, 202), association(companyId, 190)}));
    QCOMPARE(created.status, 201);
    const QString noteId = created.json().value(QStringLiteral("id")).toString();
    const QJsonObject properties = created.json().value(QStringLiteral("properties")).toObject();
    QCOMPARE(properties.value(QStringLiteral("hs_timestamp")).toString(), QStringLiteral("2024-05-01T09:30:00.000Z"));
    QVERIFY(properties.contains(QStringLiteral("hs_createdate")));

    const QJsonArray notes = m_sandbox->contactNotes(contactId);
    QCOMPARE(notes.size(), 1);
    const QJsonObject note = notes.at(0).toObject();
    QCOMPARE(note.value(QStringLiteral("id")).toString(), noteId);
    QCOMPARE(note.value(QStringLiteral("body")).toString(), QStringLiteral("Called about the demo"));
    QCOMPARE(note.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2024-05-01T09:30:00.000Z"));
    const QJsonObject associations = note.value(QStringLiteral("associations")).toObject();
    QCOMPARE(idsOf(associations.value(QStringLiteral("contacts")).toArray()), QStringList{contactId});
    QCOMPARE(idsOf(associations.value(QStringLiteral("companies")).toArray()), QStringList{companyId});

    // A millisecond timestamp is stored in ISO form.
    QCOMPARE(post(Notes, noteInput(QStringLiteral("1714555800000"), QStringLiteral("Second"), {association(contactId, 202)})).status, 201);
    QCOMPARE(m_sandbox->contactNotes(contactId).size(), 2);

    const QJsonObject state = m_sandbox->state();
    QCOMPARE(state.value(QStringLiteral("notes")).toArray().size(), 2);
    QCOMPARE(idsOf(m_sandbox->contactState(contactId).value(QStringLiteral("noteIds")).toArray()).size(), 2);
}

void tst_SandboxCrm::noteRejectsInvalidInput_data()
{
    QTest::addColumn<QString>("timestamp");
    QTest::addColumn<int>("bodyLength");
    QTest::addColumn<int>("typeId");
    QTest::addColumn<bool>("unknownTarget");
    QTest::addColumn<QString>("expectedText");

    QTest::newRow("missing hs_timestamp") << QString() << 10 << 202 << false << QStringLiteral("hs_timestamp");
    QTest::newRow("invalid hs_timestamp") << QStringLiteral("yesterday") << 10 << 202 << false << QStringLiteral("hs_timestamp");
    QTest::newRow("body over 65536") << QStringLiteral("2024-05-01T09:30:00Z") << 65537 << 202 << false << QStringLiteral("65536");
    QTest::newRow("unknown association type") << QStringLiteral("2024-05-01T09:30:00Z") << 10 << 999 << false << QStringLiteral("999");
    QTest::newRow("unknown target") << QStringLiteral("2024-05-01T09:30:00Z") << 10 << 202 << true << QStringLiteral("424242");
}

void tst_SandboxCrm::noteRejectsInvalidInput()
{
    QFETCH(QString, timestamp);
    QFETCH(int, bodyLength);
    QFETCH(int, typeId);
    QFETCH(bool, unknownTarget);
    QFETCH(QString, expectedText);

    QVERIFY(startSandbox());
    const QString contactId = unknownTarget ? QStringLiteral("424242") : createContact(QStringLiteral("n@x.test"));

    const HttpResult result = post(Notes, noteInput(timestamp, QString(bodyLength, QLatin1Char('b')), {association(contactId, typeId)}));
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("category")).toString(), QStringLiteral("VALIDATION_ERROR"));
    QVERIFY2(result.json().value(QStringLiteral("message")).toString().contains(expectedText), result.body.left(400).constData());
    QCOMPARE(m_sandbox->state().value(QStringLiteral("notes")).toArray().size(), 0);
}

void tst_SandboxCrm::noteBatchCreateAndRead()
{
    QVERIFY(startSandbox());
    const QString contactId = createContact(QStringLiteral("batch@x.test"));

    const HttpResult created = post(Notes + QStringLiteral("/batch/create"),
                                    inputsBody({noteInput(QStringLiteral("2024-05-01T09:00:00Z"), QStringLiteral("one"), {association(contactId, 202)}),
                                                noteInput(QStringLiteral("2024-05-02T09:00:00Z"), QStringLiteral("two"), {association(contactId, 202)})}));
    QCOMPARE(created.status, 201);
    QCOMPARE(created.json().value(QStringLiteral("results")).toArray().size(), 2);

    // Without trace ids a missing target fails the whole batch.
    const HttpResult rejected = post(Notes + QStringLiteral("/batch/create"),
                                     inputsBody({noteInput(QStringLiteral("2024-05-03T09:00:00Z"), QStringLiteral("three"), {association(contactId, 202)}),
                                                 noteInput(QStringLiteral("2024-05-03T09:00:00Z"), QStringLiteral("four"), {association(QStringLiteral("777"), 202)})}));
    QCOMPARE(rejected.status, 400);
    QCOMPARE(m_sandbox->contactNotes(contactId).size(), 2);

    // With trace ids only that input fails.
    QJsonObject good = noteInput(QStringLiteral("2024-05-03T09:00:00Z"), QStringLiteral("three"), {association(contactId, 202)});
    good.insert(QStringLiteral("objectWriteTraceId"), QStringLiteral("t-good"));
    QJsonObject bad = noteInput(QStringLiteral("2024-05-03T09:00:00Z"), QStringLiteral("four"), {association(QStringLiteral("777"), 202)});
    bad.insert(QStringLiteral("objectWriteTraceId"), QStringLiteral("t-bad"));
    const HttpResult partial = post(Notes + QStringLiteral("/batch/create"), inputsBody({good, bad}));
    QCOMPARE(partial.status, 207);
    QCOMPARE(partial.json().value(QStringLiteral("numErrors")).toInt(), 1);
    const QJsonObject error = partial.json().value(QStringLiteral("errors")).toArray().at(0).toObject();
    QCOMPARE(idsOf(error.value(QStringLiteral("context")).toObject().value(QStringLiteral("objectWriteTraceId")).toArray()),
             QStringList{QStringLiteral("t-bad")});

    const QJsonArray notes = m_sandbox->contactNotes(contactId);
    QCOMPARE(notes.size(), 3);
    QCOMPARE(notes.at(0).toObject().value(QStringLiteral("body")).toString(), QStringLiteral("one"));
    QCOMPARE(notes.at(2).toObject().value(QStringLiteral("body")).toString(), QStringLiteral("three"));

    const QString firstNoteId = notes.at(0).toObject().value(QStringLiteral("id")).toString();
    const QJsonObject readBody{{QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), firstNoteId}}}},
                               {QStringLiteral("properties"), QJsonArray{QStringLiteral("hs_note_body")}}};
    const HttpResult read = post(Notes + QStringLiteral("/batch/read"), readBody);
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value(QStringLiteral("results")).toArray().at(0).toObject().value(QStringLiteral("properties"))
                 .toObject().value(QStringLiteral("hs_note_body")).toString(),
             QStringLiteral("one"));

    QJsonArray tooMany;
    for (int i = 0; i < 101; ++i)
        tooMany.append(noteInput(QStringLiteral("2024-05-03T09:00:00Z"), QStringLiteral("x")));
    QCOMPARE(post(Notes + QStringLiteral("/batch/create"), inputsBody(tooMany)).status, 400);
}

void tst_SandboxCrm::noteBatchArchiveRemovesNotes()
{
    QVERIFY(startSandbox());
    const QString contactId = createContact(QStringLiteral("archive@x.test"));
    const HttpResult created = post(Notes + QStringLiteral("/batch/create"),
                                    inputsBody({noteInput(QStringLiteral("2024-05-01T09:00:00Z"), QStringLiteral("kept"), {association(contactId, 202)}),
                                                noteInput(QStringLiteral("2024-05-01T09:00:00Z"), QStringLiteral("copy"), {association(contactId, 202)})}));
    QCOMPARE(created.status, 201);
    QString copyId;
    for (const QJsonValue &result : created.json().value(QStringLiteral("results")).toArray()) {
        const QJsonObject note = result.toObject();
        if (note.value(QStringLiteral("properties")).toObject().value(QStringLiteral("hs_note_body")).toString() == QLatin1String("copy"))
            copyId = note.value(QStringLiteral("id")).toString();
    }
    QVERIFY(!copyId.isEmpty());

    // Unknown ids are skipped, and the response is 204 without a body.
    const HttpResult archived = post(Notes + QStringLiteral("/batch/archive"),
                                     inputsBody({QJsonObject{{QStringLiteral("id"), copyId}},
                                                 QJsonObject{{QStringLiteral("id"), QStringLiteral("987654")}}}));
    QCOMPARE(archived.status, 204);
    QVERIFY(archived.body.isEmpty());

    const QJsonArray notes = m_sandbox->contactNotes(contactId);
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.at(0).toObject().value(QStringLiteral("body")).toString(), QStringLiteral("kept"));
    const QJsonObject readBody{{QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), copyId}}}}};
    QCOMPARE(post(Notes + QStringLiteral("/batch/read"), readBody).json().value(QStringLiteral("results")).toArray().size(), 0);

    QCOMPARE(post(Notes + QStringLiteral("/batch/archive"), inputsBody({QJsonObject{}})).status, 400);
    QJsonArray tooMany;
    for (int i = 0; i < 101; ++i)
        tooMany.append(QJsonObject{{QStringLiteral("id"), QString::number(i + 1)}});
    QCOMPARE(post(Notes + QStringLiteral("/batch/archive"), inputsBody(tooMany)).status, 400);
}

// --- Associations ---

void tst_SandboxCrm::associationsDefaultSingleAndBatch()
{
    QVERIFY(startSandbox());
    const QString contactId = createContact(QStringLiteral("assoc@x.test"));
    const QString otherContactId = createContact(QStringLiteral("assoc2@x.test"));
    const QString companyId = createCompany(QStringLiteral("Acme"));

    const HttpResult single = send("PUT", QStringLiteral("/crm/v4/objects/contact/%1/associations/default/company/%2")
                                              .arg(contactId, companyId));
    QCOMPARE(single.status, 200);
    QCOMPARE(single.json().value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETE"));
    const QJsonArray results = single.json().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 2);
    QCOMPARE(results.at(0).toObject().value(QStringLiteral("associationSpec")).toObject()
                 .value(QStringLiteral("associationTypeId")).toInt(), 279);
    QCOMPARE(results.at(1).toObject().value(QStringLiteral("associationSpec")).toObject()
                 .value(QStringLiteral("associationTypeId")).toInt(), 280);
    QCOMPARE(idsOf(m_sandbox->contactState(contactId).value(QStringLiteral("companyIds")).toArray()), QStringList{companyId});

    const HttpResult batch = post(QStringLiteral("/crm/v4/associations/companies/contacts/batch/associate/default"),
                                  inputsBody({pairInput(companyId, otherContactId), pairInput(companyId, QStringLiteral("31337"))}));
    QCOMPARE(batch.status, 207);
    QCOMPARE(batch.json().value(QStringLiteral("numErrors")).toInt(), 1);
    QCOMPARE(idsOf(m_sandbox->contactState(otherContactId).value(QStringLiteral("companyIds")).toArray()), QStringList{companyId});

    QCOMPARE(send("PUT", QStringLiteral("/crm/v4/objects/contact/%1/associations/default/company/999").arg(contactId)).status, 404);
    QCOMPARE(send("PUT", QStringLiteral("/crm/v4/objects/widget/%1/associations/default/company/%2").arg(contactId, companyId)).status, 400);
}

void tst_SandboxCrm::associationsBatchCreatePrimary()
{
    QVERIFY(startSandbox());
    const QString contactId = createContact(QStringLiteral("primary@x.test"));
    const QString firstCompany = createCompany(QStringLiteral("First"));
    const QString secondCompany = createCompany(QStringLiteral("Second"));

    const auto primaryInput = [&](const QString &companyId) {
        QJsonObject input = pairInput(contactId, companyId);
        input.insert(QStringLiteral("types"), QJsonArray{QJsonObject{{QStringLiteral("associationCategory"), QStringLiteral("HUBSPOT_DEFINED")},
                                                                     {QStringLiteral("associationTypeId"), 1}}});
        return input;
    };

    const HttpResult first = post(QStringLiteral("/crm/v4/associations/contact/company/batch/create"), inputsBody({primaryInput(firstCompany)}));
    QCOMPARE(first.status, 201);
    const QJsonObject result = first.json().value(QStringLiteral("results")).toArray().at(0).toObject();
    QCOMPARE(result.value(QStringLiteral("fromObjectTypeId")).toString(), QStringLiteral("0-1"));
    QCOMPARE(result.value(QStringLiteral("toObjectTypeId")).toString(), QStringLiteral("0-2"));
    QCOMPARE(qint64(result.value(QStringLiteral("toObjectId")).toDouble()), firstCompany.toLongLong());
    QCOMPARE(result.value(QStringLiteral("labels")).toArray(), QJsonArray{QStringLiteral("Primary")});
    QCOMPARE(m_sandbox->contactState(contactId).value(QStringLiteral("primaryCompanyId")).toString(), firstCompany);

    // A contact has one primary company: the second takes the label.
    QCOMPARE(post(QStringLiteral("/crm/v4/associations/contact/company/batch/create"), inputsBody({primaryInput(secondCompany)})).status, 201);
    const QJsonObject contact = m_sandbox->contactState(contactId);
    QCOMPARE(contact.value(QStringLiteral("primaryCompanyId")).toString(), secondCompany);
    QCOMPARE(idsOf(contact.value(QStringLiteral("companyIds")).toArray()), (QStringList{firstCompany, secondCompany}));

    QJsonObject invalid = pairInput(contactId, firstCompany);
    invalid.insert(QStringLiteral("types"), QJsonArray{QJsonObject{{QStringLiteral("associationCategory"), QStringLiteral("HUBSPOT_DEFINED")},
                                                                   {QStringLiteral("associationTypeId"), 202}}});
    QCOMPARE(post(QStringLiteral("/crm/v4/associations/contact/company/batch/create"), inputsBody({invalid})).status, 400);

    QJsonArray tooMany;
    for (int i = 0; i < 2001; ++i)
        tooMany.append(primaryInput(firstCompany));
    QCOMPARE(post(QStringLiteral("/crm/v4/associations/contact/company/batch/create"), inputsBody(tooMany)).status, 400);
}

void tst_SandboxCrm::associationsBatchReadAndLimits()
{
    QVERIFY(startSandbox());
    const QString contactId = createContact(QStringLiteral("read@x.test"));
    const QString lonelyId = createContact(QStringLiteral("lonely@x.test"));
    const QString companyId = createCompany(QStringLiteral("Acme"));
    QCOMPARE(send("PUT", QStringLiteral("/crm/v4/objects/0-1/%1/associations/default/0-2/%2").arg(contactId, companyId)).status, 200);

    const QJsonObject body = inputsBody({QJsonObject{{QStringLiteral("id"), contactId}}, QJsonObject{{QStringLiteral("id"), lonelyId}}});
    const HttpResult read = post(QStringLiteral("/crm/v4/associations/contacts/companies/batch/read"), body);
    QCOMPARE(read.status, 207);
    const QJsonObject result = read.json().value(QStringLiteral("results")).toArray().at(0).toObject();
    QCOMPARE(result.value(QStringLiteral("from")).toObject().value(QStringLiteral("id")).toString(), contactId);
    const QJsonObject to = result.value(QStringLiteral("to")).toArray().at(0).toObject();
    QCOMPARE(qint64(to.value(QStringLiteral("toObjectId")).toDouble()), companyId.toLongLong());
    const QJsonObject type = to.value(QStringLiteral("associationTypes")).toArray().at(0).toObject();
    QCOMPARE(type.value(QStringLiteral("category")).toString(), QStringLiteral("HUBSPOT_DEFINED"));
    QCOMPARE(type.value(QStringLiteral("typeId")).toInt(), 279);
    const QJsonObject error = read.json().value(QStringLiteral("errors")).toArray().at(0).toObject();
    QCOMPARE(error.value(QStringLiteral("subCategory")).toString(), QStringLiteral("crm.associations.NO_ASSOCIATIONS_FOUND"));

    const HttpResult reverse = post(QStringLiteral("/crm/v4/associations/company/contact/batch/read"),
                                    inputsBody({QJsonObject{{QStringLiteral("id"), companyId}}}));
    QCOMPARE(reverse.status, 200);
    const QJsonObject reverseType = reverse.json().value(QStringLiteral("results")).toArray().at(0).toObject()
                                        .value(QStringLiteral("to")).toArray().at(0).toObject()
                                        .value(QStringLiteral("associationTypes")).toArray().at(0).toObject();
    QCOMPARE(reverseType.value(QStringLiteral("typeId")).toInt(), 280);

    QJsonArray tooMany;
    for (int i = 0; i < 1001; ++i)
        tooMany.append(QJsonObject{{QStringLiteral("id"), contactId}});
    QCOMPARE(post(QStringLiteral("/crm/v4/associations/contacts/companies/batch/read"), inputsBody(tooMany)).status, 400);
}

void tst_SandboxCrm::contactInlineAssociationToCompany()
{
    QVERIFY(startSandbox());
    const QString companyId = createCompany(QStringLiteral("Acme"));

    QJsonObject input = propertiesInput({{QStringLiteral("email"), QStringLiteral("inline@x.test")}});
    input.insert(QStringLiteral("associations"), QJsonArray{association(companyId, 279)});
    const HttpResult created = post(Contacts, input);
    QCOMPARE(created.status, 201);
    const QString contactId = created.json().value(QStringLiteral("id")).toString();

    const QJsonArray companies = m_sandbox->contactState(contactId).value(QStringLiteral("companyIds")).toArray();
    QCOMPARE(idsOf(companies), QStringList{companyId});

    input.insert(QStringLiteral("properties"), QJsonObject{{QStringLiteral("email"), QStringLiteral("inline2@x.test")}});
    input.insert(QStringLiteral("associations"), QJsonArray{association(QStringLiteral("1234"), 279)});
    QCOMPARE(post(Contacts, input).status, 400);
}

// --- Merged contacts and conflicts ---

void tst_SandboxCrm::mergedIdReadsPrimary()
{
    QVERIFY(startSandbox());
    const QString primaryId = createContact(QStringLiteral("keep@x.test"));
    const QString mergedId = createContact(QStringLiteral("gone@x.test"));
    const QString companyId = createCompany(QStringLiteral("Acme"));
    QCOMPARE(send("PUT", QStringLiteral("/crm/v4/objects/contact/%1/associations/default/company/%2").arg(mergedId, companyId)).status, 200);

    QVERIFY2(m_sandbox->mergeContacts(primaryId, mergedId), qPrintable(m_sandbox->errorString()));

    const HttpResult read = send("GET", Contacts + QLatin1Char('/') + mergedId);
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value(QStringLiteral("id")).toString(), primaryId);

    const QJsonObject byEmail{{QStringLiteral("idProperty"), QStringLiteral("email")},
                              {QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("GONE@x.test")}}}},
                              {QStringLiteral("properties"), QJsonArray{QStringLiteral("email")}}};
    const HttpResult batch = post(Contacts + QStringLiteral("/batch/read"), byEmail);
    QCOMPARE(batch.status, 200);
    const QJsonObject found = batch.json().value(QStringLiteral("results")).toArray().at(0).toObject();
    QCOMPARE(found.value(QStringLiteral("id")).toString(), primaryId);
    QCOMPARE(found.value(QStringLiteral("properties")).toObject().value(QStringLiteral("email")).toString(), QStringLiteral("keep@x.test"));

    const HttpResult patched = send("PATCH", Contacts + QLatin1Char('/') + mergedId, propertiesInput({{QStringLiteral("city"), QStringLiteral("Oslo")}}));
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json().value(QStringLiteral("id")).toString(), primaryId);

    const QJsonObject primary = m_sandbox->contactState(primaryId);
    const QJsonObject properties = primary.value(QStringLiteral("properties")).toObject();
    QCOMPARE(properties.value(QStringLiteral("hs_additional_emails")).toString(), QStringLiteral("gone@x.test"));
    QCOMPARE(properties.value(QStringLiteral("hs_merged_object_ids")).toString(), mergedId);
    QCOMPARE(idsOf(primary.value(QStringLiteral("companyIds")).toArray()), QStringList{companyId});
    QVERIFY(m_sandbox->contactState(mergedId).isEmpty());

    // The merged contact's old email now belongs to the primary.
    const HttpResult conflict = post(Contacts, propertiesInput({{QStringLiteral("email"), QStringLiteral("gone@x.test")}}));
    QCOMPARE(conflict.status, 409);
    QVERIFY(conflict.json().value(QStringLiteral("message")).toString().endsWith(primaryId));

    QVERIFY(!m_sandbox->mergeContacts(primaryId, primaryId));
    QVERIFY(!m_sandbox->mergeContacts(primaryId, QStringLiteral("5555")));
}

void tst_SandboxCrm::mergedIdNotFoundMode()
{
    QVERIFY(startSandbox({QStringLiteral("--merged-ids"), QStringLiteral("not-found")}));
    const QString primaryId = createContact(QStringLiteral("keep@x.test"));
    const QString mergedId = createContact(QStringLiteral("gone@x.test"));
    QVERIFY(m_sandbox->mergeContacts(primaryId, mergedId));

    QCOMPARE(send("GET", Contacts + QLatin1Char('/') + mergedId).status, 404);
    QCOMPARE(send("PATCH", Contacts + QLatin1Char('/') + mergedId, propertiesInput({{QStringLiteral("city"), QStringLiteral("x")}})).status, 404);

    const HttpResult batch = post(Contacts + QStringLiteral("/batch/read"), inputsBody({QJsonObject{{QStringLiteral("id"), mergedId}}}));
    QCOMPARE(batch.status, 207);
}

void tst_SandboxCrm::mergeThroughCrmEndpoint()
{
    QVERIFY(startSandbox());
    const QString primaryId = createContact(QStringLiteral("p@x.test"));
    const QString mergedId = createContact(QStringLiteral("m@x.test"));

    const HttpResult merged = post(Contacts + QStringLiteral("/merge"), QJsonObject{{QStringLiteral("primaryObjectId"), primaryId},
                                                                                    {QStringLiteral("objectIdToMerge"), mergedId}});
    QCOMPARE(merged.status, 200);
    QCOMPARE(merged.json().value(QStringLiteral("id")).toString(), primaryId);
    QCOMPARE(m_sandbox->state().value(QStringLiteral("mergedContactCount")).toInt(), 1);

    const HttpResult missing = post(Contacts + QStringLiteral("/merge"), QJsonObject{{QStringLiteral("primaryObjectId"), primaryId},
                                                                                     {QStringLiteral("objectIdToMerge"), QStringLiteral("8888")}});
    QCOMPARE(missing.status, 404);
}

void tst_SandboxCrm::additionalEmailConflicts()
{
    QVERIFY(startSandbox());
    const QString ownerId = m_sandbox->seedContact({{QStringLiteral("email"), QStringLiteral("main@x.test")},
                                                    {QStringLiteral("hs_additional_emails"), QStringLiteral("second@x.test;third@x.test")}});

    const HttpResult created = post(Contacts, propertiesInput({{QStringLiteral("email"), QStringLiteral("THIRD@x.test")}}));
    QCOMPARE(created.status, 409);
    QCOMPARE(created.json().value(QStringLiteral("category")).toString(), QStringLiteral("CONFLICT"));
    QCOMPARE(created.json().value(QStringLiteral("message")).toString(), QStringLiteral("Contact already exists. Existing ID: %1").arg(ownerId));

    const QString otherId = createContact(QStringLiteral("other@x.test"));
    const HttpResult updated = send("PATCH", Contacts + QLatin1Char('/') + otherId,
                                    propertiesInput({{QStringLiteral("email"), QStringLiteral("second@x.test")}}));
    QCOMPARE(updated.status, 409);
}

void tst_SandboxCrm::conflictBodyStyles()
{
    QVERIFY(startSandbox({QStringLiteral("--conflict-body"), QStringLiteral("extended")}));
    const QString existingId = createContact(QStringLiteral("dup@x.test"));

    const HttpResult conflict = post(Contacts, propertiesInput({{QStringLiteral("email"), QStringLiteral("dup@x.test")}}));
    QCOMPARE(conflict.status, 409);
    const QJsonObject body = conflict.json();
    QCOMPARE(body.value(QStringLiteral("category")).toString(), QStringLiteral("OBJECT_ALREADY_EXISTS"));
    QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("CONTACT_EXISTS"));
    QCOMPARE(qint64(body.value(QStringLiteral("identityProfile")).toObject().value(QStringLiteral("vid")).toDouble()),
             existingId.toLongLong());
    QCOMPARE(body.value(QStringLiteral("errors")).toArray().at(0).toObject().value(QStringLiteral("in")).toString(),
             QStringLiteral("email"));
    QVERIFY(body.value(QStringLiteral("message")).toString().endsWith(existingId));
}

// --- CRM fault switches ---

void tst_SandboxCrm::crmStatusShapes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("category");

    QTest::newRow("500") << 500 << QStringLiteral("INTERNAL_ERROR");
    QTest::newRow("502") << 502 << QStringLiteral("BAD_GATEWAY");
    QTest::newRow("503") << 503 << QStringLiteral("SERVICE_UNAVAILABLE");
    QTest::newRow("504") << 504 << QStringLiteral("GATEWAY_TIMEOUT");
    QTest::newRow("423") << 423 << QStringLiteral("LOCKED");
}

void tst_SandboxCrm::crmStatusShapes()
{
    QFETCH(int, status);
    QFETCH(QString, category);

    QVERIFY(startSandbox());
    QVERIFY2(m_sandbox->failCrmRequests(status, 1), qPrintable(m_sandbox->errorString()));

    const HttpResult failed = send("GET", Contacts);
    QCOMPARE(failed.status, status);
    QCOMPARE(failed.json().value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(failed.json().value(QStringLiteral("category")).toString(), category);
    QVERIFY(!failed.json().value(QStringLiteral("correlationId")).toString().isEmpty());

    QCOMPARE(send("GET", Contacts).status, 200);
    QVERIFY(m_sandbox->faults().isEmpty());
}

void tst_SandboxCrm::crmStatus429Policies()
{
    QVERIFY(startSandbox());

    QVERIFY(m_sandbox->rateLimitCrmRequests(QStringLiteral("TEN_SECONDLY_ROLLING"), 2, 1));
    const HttpResult rolling = send("GET", Contacts);
    QCOMPARE(rolling.status, 429);
    QCOMPARE(rolling.header("Retry-After"), QByteArray("2"));
    QCOMPARE(rolling.header("X-HubSpot-RateLimit-Remaining"), QByteArray("0"));
    QCOMPARE(rolling.json().value(QStringLiteral("policyName")).toString(), QStringLiteral("TEN_SECONDLY_ROLLING"));
    QCOMPARE(rolling.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("You have reached your ten_secondly_rolling limit."));

    QVERIFY(m_sandbox->rateLimitCrmRequests(QStringLiteral("SECONDLY"), -1, 1));
    const HttpResult secondly = search(Contacts, QJsonObject());
    QCOMPARE(secondly.status, 429);
    QVERIFY(secondly.header("Retry-After").isEmpty());
    QCOMPARE(secondly.json().value(QStringLiteral("policyName")).toString(), QStringLiteral("SECONDLY"));
    QCOMPARE(secondly.json().value(QStringLiteral("errorType")).toString(), QStringLiteral("RATE_LIMIT"));
}

void tst_SandboxCrm::crmResetClosesConnection()
{
    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->resetCrmConnections(1));

    const QJsonObject body = inputsBody({propertiesInput({{QStringLiteral("email"), QStringLiteral("reset@x.test")}})});
    const QByteArray response = exchangeRaw(m_sandbox->port(), rawJsonPost(Contacts + QStringLiteral("/batch/create"), body, m_token));
    QVERIFY(response.isEmpty());
    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 0);

    const QJsonArray log = m_sandbox->requests();
    QCOMPARE(log.last().toObject().value(QStringLiteral("status")).toInt(), 0);
    QCOMPARE(log.last().toObject().value(QStringLiteral("fault")).toString(), QStringLiteral("crm_reset"));

    // QNetworkAccessManager sends a request again once when a kept-alive
    // connection closes without a response, so a Qt client sees the
    // failure only from a count of 2.
    QVERIFY(m_sandbox->resetCrmConnections(2));
    const HttpResult viaQt = send("GET", Contacts);
    QCOMPARE(viaQt.status, 0);
    QCOMPARE(viaQt.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(m_sandbox->requestCount(QStringLiteral("GET /crm/v3/objects/contacts")), 2);
}

void tst_SandboxCrm::crmResetAfterHandlingWrites()
{
    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->resetCrmConnections(1, QStringLiteral("/batch/create"), true));

    const QJsonObject body = inputsBody({propertiesInput({{QStringLiteral("email"), QStringLiteral("lost@x.test")}})});
    const QByteArray response = exchangeRaw(m_sandbox->port(), rawJsonPost(Contacts + QStringLiteral("/batch/create"), body, m_token));
    QVERIFY(response.isEmpty());
    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 1);

    // A retry of the same create then meets the contact it created.
    const HttpResult retry = post(Contacts + QStringLiteral("/batch/create"), body);
    QCOMPARE(retry.status, 409);
}

void tst_SandboxCrm::crmStallDelaysResponse()
{
    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->stallCrmRequests(400, 1));

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(send("GET", Contacts).status, 200);
    QVERIFY2(timer.elapsed() >= 400, qPrintable(QString::number(timer.elapsed())));

    timer.restart();
    QCOMPARE(send("GET", Contacts).status, 200);
    QVERIFY(timer.elapsed() < 400);

    const QJsonArray log = m_sandbox->requests();
    QCOMPARE(log.at(log.size() - 2).toObject().value(QStringLiteral("fault")).toString(), QStringLiteral("crm_stall_ms"));
    QVERIFY(!log.last().toObject().contains(QStringLiteral("fault")));
}

void tst_SandboxCrm::crmTruncateShortensBody()
{
    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->truncateCrmResponses(1));

    const QJsonObject body = inputsBody({propertiesInput({{QStringLiteral("email"), QStringLiteral("cut@x.test")}})});
    const QByteArray response = exchangeRaw(m_sandbox->port(), rawJsonPost(Contacts + QStringLiteral("/batch/create"), body, m_token));
    QCOMPARE(rawStatus(response), 201);
    const int declared = rawHeader(response, "Content-Length").toInt();
    QVERIFY(declared > 0);
    QVERIFY2(rawBody(response).size() < declared, response.constData());
    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 1);

    QVERIFY(m_sandbox->truncateCrmResponses(1));
    const HttpResult viaQt = send("GET", Contacts);
    QCOMPARE(viaQt.error, QNetworkReply::RemoteHostClosedError);

    const HttpResult next = send("GET", Contacts);
    QCOMPARE(next.status, 200);
    QVERIFY(!next.json().isEmpty());
}

void tst_SandboxCrm::crmTruncateShortLengthSendsMore()
{
    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->setFaults(QJsonObject{{QStringLiteral("crm_truncate"),
                                              QJsonObject{{QStringLiteral("short_length"), true}, {QStringLiteral("count"), 1}}}}));
    QCOMPARE(m_sandbox->faults().value(QStringLiteral("crm_truncate")).toObject().value(QStringLiteral("short_length")).toBool(), true);

    const QJsonObject body = inputsBody({propertiesInput({{QStringLiteral("email"), QStringLiteral("long@x.test")}})});
    const QByteArray response = exchangeRaw(m_sandbox->port(), rawJsonPost(Contacts + QStringLiteral("/batch/create"), body, m_token));
    QCOMPARE(rawStatus(response), 201);
    const int declared = rawHeader(response, "Content-Length").toInt();
    QVERIFY(declared > 0);
    QVERIFY2(rawBody(response).size() > declared, response.constData());
    QCOMPARE(m_sandbox->state().value(QStringLiteral("contacts")).toArray().size(), 1);

    QVERIFY(!m_sandbox->setFaults(QJsonObject{{QStringLiteral("crm_truncate"), QJsonObject{{QStringLiteral("short_length"), 1}}}}));
}

void tst_SandboxCrm::crmNonJsonBodies_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("contentType");

    QTest::newRow("text") << QStringLiteral("text") << QByteArray("application/json");
    QTest::newRow("html") << QStringLiteral("html") << QByteArray("text/html");
    QTest::newRow("empty") << QStringLiteral("empty") << QByteArray("application/json");
}

void tst_SandboxCrm::crmNonJsonBodies()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, contentType);

    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->sendNonJsonCrmResponses(kind, 1));

    const HttpResult result = send("GET", Contacts);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith(contentType));
    QJsonParseError error;
    QJsonDocument::fromJson(result.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);

    QVERIFY(!send("GET", Contacts).json().isEmpty());
}

void tst_SandboxCrm::rateStormEndsOnTime()
{
    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->startRateLimitStorm(500));
    QElapsedTimer timer;
    timer.start();

    const HttpResult stormed = send("GET", Contacts);
    QCOMPARE(stormed.status, 429);
    QCOMPARE(stormed.json().value(QStringLiteral("policyName")).toString(), QStringLiteral("TEN_SECONDLY_ROLLING"));
    QCOMPARE(search(Contacts, QJsonObject()).status, 429);
    QVERIFY(m_sandbox->faults().contains(QStringLiteral("rate_429_storm_ms")));

    QTRY_COMPARE_WITH_TIMEOUT(send("GET", Contacts).status, 200, 3000);
    QVERIFY(timer.elapsed() >= 500);
    QVERIFY(!m_sandbox->faults().contains(QStringLiteral("rate_429_storm_ms")));
}

void tst_SandboxCrm::faultPathFilterAndCount()
{
    QVERIFY(startSandbox());
    QVERIFY(m_sandbox->failCrmRequests(503, 2, QStringLiteral("/batch/create")));

    const QJsonObject create = inputsBody({propertiesInput({{QStringLiteral("email"), QStringLiteral("p@x.test")}})});
    QCOMPARE(send("GET", Contacts).status, 200);
    QCOMPARE(post(Contacts + QStringLiteral("/batch/read"), inputsBody({})).status, 200);
    QCOMPARE(post(Contacts + QStringLiteral("/batch/create"), create).status, 503);
    QCOMPARE(m_sandbox->faults().value(QStringLiteral("crm_status")).toObject().value(QStringLiteral("count")).toInt(), 1);
    QCOMPARE(post(Companies + QStringLiteral("/batch/create"), inputsBody({})).status, 503);
    QCOMPARE(post(Contacts + QStringLiteral("/batch/create"), create).status, 201);
}

void tst_SandboxCrm::latencyDelaysCrmCalls()
{
    QVERIFY(startSandbox({QStringLiteral("--latency-ms"), QStringLiteral("250")}));

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(send("GET", Contacts).status, 200);
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));

    timer.restart();
    QCOMPARE(m_sandbox->send("GET", QStringLiteral("/_sandbox/faults")).status, 200);
    QVERIFY(timer.elapsed() < 250);
}

void tst_SandboxCrm::crmFaultsRejectInvalidInput_data()
{
    QTest::addColumn<QJsonObject>("switches");

    QTest::newRow("status below 400") << QJsonObject{{QStringLiteral("crm_status"), 302}};
    QTest::newRow("policy without 429") << QJsonObject{{QStringLiteral("crm_status"), QJsonObject{{QStringLiteral("status"), 503}, {QStringLiteral("policy"), QStringLiteral("SECONDLY")}}}};
    QTest::newRow("unknown policy") << QJsonObject{{QStringLiteral("crm_status"), QJsonObject{{QStringLiteral("status"), 429}, {QStringLiteral("policy"), QStringLiteral("HOURLY")}}}};
    QTest::newRow("negative retry_after") << QJsonObject{{QStringLiteral("crm_status"), QJsonObject{{QStringLiteral("status"), 429}, {QStringLiteral("retry_after"), -1}}}};
    QTest::newRow("empty path") << QJsonObject{{QStringLiteral("crm_reset"), QJsonObject{{QStringLiteral("path"), QString()}}}};
    QTest::newRow("unknown field") << QJsonObject{{QStringLiteral("crm_truncate"), QJsonObject{{QStringLiteral("size"), 3}}}};
    QTest::newRow("stall zero") << QJsonObject{{QStringLiteral("crm_stall_ms"), 0}};
    QTest::newRow("non-json kind") << QJsonObject{{QStringLiteral("crm_non_json"), QStringLiteral("xml")}};
    QTest::newRow("storm forever") << QJsonObject{{QStringLiteral("rate_429_storm_ms"), -1}};
}

void tst_SandboxCrm::crmFaultsRejectInvalidInput()
{
    QFETCH(QJsonObject, switches);

    QVERIFY(startSandbox());
    QVERIFY(!m_sandbox->setFaults(switches));
    QVERIFY(m_sandbox->errorString().contains(QStringLiteral("400")));
    QVERIFY(m_sandbox->faults().isEmpty());
}

// --- Request log ---

void tst_SandboxCrm::requestSummaryCounts()
{
    QVERIFY(startSandbox());
    const QString first = createContact(QStringLiteral("s1@x.test"));
    createContact(QStringLiteral("s2@x.test"));
    send("GET", Contacts + QLatin1Char('/') + first);
    send("GET", Contacts + QStringLiteral("/999"));
    QVERIFY(m_sandbox->failCrmRequests(429, 1));
    send("GET", Contacts);

    const QJsonObject summary = m_sandbox->requestSummary();
    const QJsonObject byRoute = summary.value(QStringLiteral("byRoute")).toObject();
    QCOMPARE(byRoute.value(QStringLiteral("POST /crm/v3/objects/contacts")).toInt(), 2);
    QCOMPARE(byRoute.value(QStringLiteral("GET /crm/v3/objects/contacts/{contactId}")).toInt(), 2);
    QCOMPARE(m_sandbox->requestCount(QStringLiteral("GET /crm/v3/objects/contacts")), 1);
    const QJsonObject byStatus = summary.value(QStringLiteral("byStatus")).toObject();
    QCOMPARE(byStatus.value(QStringLiteral("201")).toInt(), 2);
    QCOMPARE(byStatus.value(QStringLiteral("404")).toInt(), 1);
    QCOMPARE(summary.value(QStringLiteral("rateLimited")).toInt(), 1);
    QVERIFY(summary.value(QStringLiteral("firstAtMs")).toDouble() > 0);
    QVERIFY(summary.value(QStringLiteral("lastAtMs")).toDouble() >= summary.value(QStringLiteral("firstAtMs")).toDouble());

    // The three OAuth requests of startSandbox() count too.
    QCOMPARE(summary.value(QStringLiteral("total")).toInt(), 8);
}

void tst_SandboxCrm::requestsSincePages()
{
    // startSandbox() sends three OAuth requests, so the log contains 8.
    QVERIFY(startSandbox());
    for (int i = 0; i < 5; ++i)
        send("GET", Contacts);

    const QJsonObject firstPage = m_sandbox->requestsSince(0, 4);
    const QJsonArray firstEntries = firstPage.value(QStringLiteral("requests")).toArray();
    QCOMPARE(firstEntries.size(), 4);
    QCOMPARE(firstEntries.at(0).toObject().value(QStringLiteral("seq")).toInt(), 1);
    const qint64 next = qint64(firstPage.value(QStringLiteral("next")).toDouble());
    QCOMPARE(next, 4);

    const QJsonObject secondPage = m_sandbox->requestsSince(next, 100);
    const QJsonArray secondEntries = secondPage.value(QStringLiteral("requests")).toArray();
    QCOMPARE(secondEntries.size(), 4);
    QCOMPARE(secondEntries.at(0).toObject().value(QStringLiteral("seq")).toInt(), 5);
    QCOMPARE(secondEntries.last().toObject().value(QStringLiteral("route")).toString(), QStringLiteral("/crm/v3/objects/contacts"));

    const qint64 end = qint64(secondPage.value(QStringLiteral("next")).toDouble());
    QCOMPARE(m_sandbox->requestsSince(end).value(QStringLiteral("requests")).toArray().size(), 0);
    QCOMPARE(m_sandbox->send("GET", QStringLiteral("/_sandbox/requests?since=-1")).status, 400);
}

void tst_SandboxCrm::stateFileKeepsCompaniesNotesLinks()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(QStringLiteral("state.json"));

    QVERIFY(startSandbox({QStringLiteral("--state-file"), path}));
    const QString contactId = createContact(QStringLiteral("kept@x.test"));
    const QString companyId = createCompany(QStringLiteral("Kept Inc"));
    QCOMPARE(send("PUT", QStringLiteral("/crm/v4/objects/contact/%1/associations/default/company/%2").arg(contactId, companyId)).status, 200);
    QCOMPARE(post(Notes, noteInput(QStringLiteral("2024-05-01T09:30:00Z"), QStringLiteral("kept note"), {association(contactId, 202)})).status, 201);
    const QString mergedId = createContact(QStringLiteral("merged@x.test"));
    QVERIFY(m_sandbox->mergeContacts(contactId, mergedId));
    m_sandbox.reset();

    QVERIFY(startSandbox({QStringLiteral("--state-file"), path}));
    const QJsonObject contact = m_sandbox->contactState(contactId);
    QCOMPARE(idsOf(contact.value(QStringLiteral("companyIds")).toArray()), QStringList{companyId});
    QCOMPARE(m_sandbox->contactNotes(contactId).at(0).toObject().value(QStringLiteral("body")).toString(), QStringLiteral("kept note"));
    QCOMPARE(send("GET", Contacts + QLatin1Char('/') + mergedId).json().value(QStringLiteral("id")).toString(), contactId);

    const HttpResult found = search(Companies, searchBody({QJsonArray{filter(QStringLiteral("name"), QStringLiteral("EQ"), QStringLiteral("kept inc"))}}));
    QCOMPARE(found.json().value(QStringLiteral("total")).toInt(), 1);
}

// 10,000 contacts with a note each in batches of 100, then lookups by email
// and the state dump. The time bounds are generous so that a loaded 2-core
// machine passes; a linear-time regression exceeds them by far.
void tst_SandboxCrm::tenThousandContactsStayFast()
{
    QVERIFY(startSandbox());

    QElapsedTimer timer;
    timer.start();
    for (int batch = 0; batch < 100; ++batch) {
        QJsonArray contacts;
        for (int i = 0; i < 100; ++i) {
            const int n = batch * 100 + i;
            contacts.append(propertiesInput({{QStringLiteral("email"), QStringLiteral("bulk%1@load.test").arg(n)},
                                             {QStringLiteral("firstname"), QStringLiteral("Bulk")}}));
        }
        const HttpResult created = post(Contacts + QStringLiteral("/batch/create"), inputsBody(contacts));
        QCOMPARE(created.status, 201);

        QJsonArray notes;
        for (const QJsonValue &result : created.json().value(QStringLiteral("results")).toArray()) {
            const QString id = result.toObject().value(QStringLiteral("id")).toString();
            notes.append(noteInput(QStringLiteral("2024-05-01T09:30:00Z"), QStringLiteral("imported"), {association(id, 202)}));
        }
        QCOMPARE(post(Notes + QStringLiteral("/batch/create"), inputsBody(notes)).status, 201);
    }
    const qint64 writeMs = timer.elapsed();

    timer.restart();
    QJsonArray emails;
    for (int i = 0; i < 100; ++i)
        emails.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("BULK%1@load.test").arg(i * 97)}});
    const HttpResult read = post(Contacts + QStringLiteral("/batch/read"),
                                 QJsonObject{{QStringLiteral("idProperty"), QStringLiteral("email")}, {QStringLiteral("inputs"), emails}});
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value(QStringLiteral("results")).toArray().size(), 100);
    const HttpResult found = search(Contacts, searchBody({QJsonArray{filter(QStringLiteral("email"), QStringLiteral("EQ"), QStringLiteral("bulk9999@load.test"))}}));
    QCOMPARE(found.json().value(QStringLiteral("total")).toInt(), 1);
    const qint64 readMs = timer.elapsed();

    timer.restart();
    const QJsonObject state = m_sandbox->state();
    const qint64 dumpMs = timer.elapsed();
    QCOMPARE(state.value(QStringLiteral("contacts")).toArray().size(), 10000);
    QCOMPARE(state.value(QStringLiteral("notes")).toArray().size(), 10000);

    qInfo("10,000 contacts and notes: writes %lld ms, lookups %lld ms, state dump %lld ms", writeMs, readMs, dumpMs);
    QVERIFY2(writeMs < 60000, qPrintable(QString::number(writeMs)));
    QVERIFY2(readMs < 5000, qPrintable(QString::number(readMs)));
    QVERIFY2(dumpMs < 10000, qPrintable(QString::number(dumpMs)));
}

void tst_SandboxCrm::commandLineRejectsBadCrmOptions_data()
{
    QTest::addColumn<QStringList>("arguments");

    QTest::newRow("merged-ids") << QStringList{QStringLiteral("--merged-ids"), QStringLiteral("ignore")};
    QTest::newRow("conflict-body") << QStringList{QStringLiteral("--conflict-body"), QStringLiteral("short")};
    QTest::newRow("search-in-max 0") << QStringList{QStringLiteral("--search-in-max"), QStringLiteral("0")};
    QTest::newRow("latency-ms negative") << QStringList{QStringLiteral("--latency-ms"), QStringLiteral("-1")};
    QTest::newRow("search-lag-ms text") << QStringList{QStringLiteral("--search-lag-ms"), QStringLiteral("soon")};
}

void tst_SandboxCrm::commandLineRejectsBadCrmOptions()
{
    QFETCH(QStringList, arguments);

    SandboxProcess sandbox;
    QVERIFY(!sandbox.start(arguments));
    QVERIFY2(sandbox.errorString().contains(arguments.first()), qPrintable(sandbox.errorString()));
}

QTEST_GUILESS_MAIN(tst_SandboxCrm)
#include "tst_sandboxcrm.moc"
