#include "GuiTestSupport.h"

#include "ProspectDetailPane.h"
#include "ProspectDetails.h"

#include <QFile>
#include <QJsonDocument>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Breezee;

Q_DECLARE_METATYPE(Breezee::ConnectionState)

namespace {

const QString kReaderConnection = QStringLiteral("test-reader");

// HubSpot had firstname "Ada", jobtitle "CTO" and no phone; the console had
// "ada", "Engineer" and a phone number.
const char *const kC15Decisions = R"({
    "firstname": {"decision": "kept_remote", "local": "ada", "remote": "Ada"},
    "lastname": {"decision": "already_equal", "local": "Lovelace", "remote": "Lovelace"},
    "phone": {"decision": "written", "local": "+44 20 7946 0000"},
    "mobilephone": {"decision": "blank_local"},
    "jobtitle": {"decision": "kept_remote", "local": "Engineer", "remote": "CTO"},
    "breezee_score": {"decision": "written", "local": "87"},
    "breezee_source": {"decision": "blank_local"},
    "breezee_last_activity_date": {"decision": "written", "local": "1741941000000"}
})";

ProviderStatus hubSpotStatus(ConnectionState state, const QString &hubId)
{
    ProviderStatus status;
    status.definition.key = QStringLiteral("hubspot");
    status.definition.displayName = QStringLiteral("HubSpot");
    status.definition.live = true;
    status.state = state;
    status.accountId = hubId;
    return status;
}

} // namespace

class tst_DetailPane : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void c15DecisionsInPlainWords();
    void neverWrittenFields();
    void breezeePropertiesSent();
    void openInHubSpotUsesAuthBaseUrl();
    void openInHubSpotNeedsHubAndHost();
    void contactUrl_data();
    void contactUrl();
    void explainer_data();
    void explainer();
    void historyIsThisProspectsOnly();
    void memoriesNeverSent();
    void unknownProspectShowsError();
    void noSelectionShowsPlaceholder();

private:
    qint64 insertProspect(const QString &email);
    void writeCredentials(const QString &authBaseUrl);

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<GuiTest::StoreWriter> m_store;
    std::unique_ptr<Database> m_reader;
    QString m_credentialsFile;
};

void tst_DetailPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("BREEZEE_HUBSPOT_AUTH_BASE_URL");
}

void tst_DetailPane::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());

    const Profile profile = GuiTest::makeProfile(m_directory->path());
    m_store = std::make_unique<GuiTest::StoreWriter>(profile);
    QVERIFY(m_store->isOpen());

    m_reader = std::make_unique<Database>(kReaderConnection);
    const Status status = m_reader->open(profile.database);
    QVERIFY2(!status, status ? qPrintable(status->message) : "");

    m_credentialsFile = m_directory->filePath(QStringLiteral("credentials.ini"));
}

void tst_DetailPane::cleanup()
{
    m_reader.reset();
    m_store.reset();
    m_directory.reset();
}

qint64 tst_DetailPane::insertProspect(const QString &email)
{
    const QString now = storeTimestamp();
    return m_store->execute(
        QStringLiteral("INSERT INTO prospects (email, email_normalized, first_name, last_name, phone, job_title, "
                       "company_name, lead_score, lifecycle_stage, created_at, updated_at) "
                       "VALUES (?, ?, 'ada', 'Lovelace', '+44 20 7946 0000', 'Engineer', 'Engines Ltd', 87, "
                       "'lead', ?, ?)"),
        {email, email.trimmed().toLower(), now, now});
}

void tst_DetailPane::writeCredentials(const QString &authBaseUrl)
{
    QSettings credentials(m_credentialsFile, QSettings::IniFormat);
    credentials.beginGroup(QStringLiteral("hubspot"));
    credentials.setValue(QStringLiteral("client_id"), QStringLiteral("test-client"));
    credentials.setValue(QStringLiteral("auth_base_url"), authBaseUrl);
    credentials.endGroup();
    credentials.sync();
}

void tst_DetailPane::c15DecisionsInPlainWords()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"));
    QVERIFY(id > 0);
    m_store->execute(QStringLiteral("INSERT INTO sync_state (prospect_id, remote_id, status, last_attempt_at, "
                                    "last_synced_at, attempts, decisions) VALUES (?, '51001', 'synced', ?, ?, 1, ?)"),
                     {id, storeTimestamp(), storeTimestamp(), QString::fromUtf8(kC15Decisions)});
    m_store->dequeue(id);

    ProspectDetailPane pane(kReaderConnection);
    pane.showProspect(id);
    QCOMPARE(pane.prospectId(), id);
    QVERIFY(pane.errorText().isEmpty());

    QCOMPARE(pane.decisionText(QStringLiteral("firstname")), QStringLiteral("Kept HubSpot's value 'Ada'"));
    QCOMPARE(pane.decisionText(QStringLiteral("jobtitle")), QStringLiteral("Kept HubSpot's value 'CTO'"));
    QCOMPARE(pane.decisionText(QStringLiteral("phone")), QStringLiteral("Written"));
    QCOMPARE(pane.decisionText(QStringLiteral("lastname")), QStringLiteral("Already the same in HubSpot"));
    QCOMPARE(pane.decisionText(QStringLiteral("mobilephone")), QStringLiteral("Blank locally, not sent"));
    QCOMPARE(pane.decisionText(QStringLiteral("email")), QStringLiteral("Used to find the contact, not changed"));

    QCOMPARE(pane.localValueText(QStringLiteral("firstname")), QStringLiteral("ada"));
    QCOMPARE(pane.localValueText(QStringLiteral("jobtitle")), QStringLiteral("Engineer"));
    QCOMPARE(pane.localValueText(QStringLiteral("phone")), QStringLiteral("+44 20 7946 0000"));

    // A synced prospect needs no explanation.
    QVERIFY(pane.explanationText().isEmpty());
}

void tst_DetailPane::neverWrittenFields()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"));
    m_store->execute(QStringLiteral("INSERT INTO sync_state (prospect_id, remote_id, status, decisions) "
                                    "VALUES (?, '51001', 'synced', ?)"),
                     {id, QString::fromUtf8(kC15Decisions)});

    ProspectDetailPane pane(kReaderConnection);
    pane.showProspect(id);

    for (const char *property : {"lifecyclestage", "hs_lead_status"}) {
        const QString text = pane.decisionText(QLatin1String(property));
        QVERIFY2(text.startsWith(QStringLiteral("Never written")), qPrintable(text));
    }
    QCOMPARE(pane.localValueText(QStringLiteral("lifecyclestage")), QStringLiteral("lead"));
}

void tst_DetailPane::breezeePropertiesSent()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"));
    m_store->execute(QStringLiteral("INSERT INTO sync_state (prospect_id, remote_id, status, decisions) "
                                    "VALUES (?, '51001', 'synced', ?)"),
                     {id, QString::fromUtf8(kC15Decisions)});

    ProspectDetailPane pane(kReaderConnection);
    pane.showProspect(id);

    QCOMPARE(pane.localValueText(QStringLiteral("breezee_score")), QStringLiteral("87"));
    QCOMPARE(pane.decisionText(QStringLiteral("breezee_score")), QStringLiteral("Written"));
    QCOMPARE(pane.decisionText(QStringLiteral("breezee_source")), QStringLiteral("Blank locally, not sent"));

    // The last-activity date goes out as milliseconds and reads as a date.
    const QString date = pane.localValueText(QStringLiteral("breezee_last_activity_date"));
    QVERIFY(!date.isEmpty());
    QVERIFY2(!date.contains(QStringLiteral("1741941000000")), qPrintable(date));
}

void tst_DetailPane::openInHubSpotUsesAuthBaseUrl()
{
    writeCredentials(QStringLiteral("https://app.hubspot.test/"));
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"));
    m_store->markSynced(id, QStringLiteral("51001"));

    ProspectDetailPane pane(kReaderConnection);
    pane.setCredentialsFile(m_credentialsFile);
    pane.setHubSpotStatus(hubSpotStatus(ConnectionState::Connected, QStringLiteral("24680135")));
    pane.showProspect(id);

    QCOMPARE(pane.hubSpotUrl(), QUrl(QStringLiteral("https://app.hubspot.test/contacts/24680135/record/0-1/51001")));
    auto *button = pane.findChild<QPushButton *>(QStringLiteral("openInHubSpotButton"));
    QVERIFY(button);
    QVERIFY(button->isVisibleTo(&pane));
    QVERIFY(button->isEnabled());
    QCOMPARE(button->toolTip(), pane.hubSpotUrl().toString());
}

void tst_DetailPane::openInHubSpotNeedsHubAndHost()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"));
    m_store->markSynced(id, QStringLiteral("51001"));

    ProspectDetailPane pane(kReaderConnection);
    pane.setCredentialsFile(m_credentialsFile);
    pane.setHubSpotStatus(hubSpotStatus(ConnectionState::Connected, QStringLiteral("24680135")));
    pane.showProspect(id);

    // No auth_base_url in the credential block: no link, and the tooltip
    // names the setting.
    auto *button = pane.findChild<QPushButton *>(QStringLiteral("openInHubSpotButton"));
    QVERIFY(button);
    QVERIFY(pane.hubSpotUrl().isEmpty());
    QVERIFY(!button->isEnabled());
    QVERIFY2(button->toolTip().contains(QStringLiteral("auth_base_url")), qPrintable(button->toolTip()));

    // A host but no hub id, because HubSpot is not connected.
    writeCredentials(QStringLiteral("https://app.hubspot.test"));
    pane.setHubSpotStatus(hubSpotStatus(ConnectionState::Disconnected, QString()));
    pane.setCredentialsFile(m_credentialsFile);
    QVERIFY(pane.hubSpotUrl().isEmpty());
    QVERIFY(!button->isEnabled());
}

void tst_DetailPane::contactUrl_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("hub");
    QTest::addColumn<QString>("contact");
    QTest::addColumn<QString>("url");

    QTest::newRow("plain") << "https://app.hubspot.com" << "123" << "456"
                           << "https://app.hubspot.com/contacts/123/record/0-1/456";
    QTest::newRow("trailing slashes") << "https://app-eu1.hubspot.com//" << "123" << "456"
                                      << "https://app-eu1.hubspot.com/contacts/123/record/0-1/456";
    QTest::newRow("sandbox port") << "http://127.0.0.1:8080" << "24680135" << "51001"
                                  << "http://127.0.0.1:8080/contacts/24680135/record/0-1/51001";
    QTest::newRow("no base") << "" << "123" << "456" << "";
    QTest::newRow("no hub") << "https://app.hubspot.com" << "" << "456" << "";
    QTest::newRow("no contact") << "https://app.hubspot.com" << "123" << "" << "";
    QTest::newRow("not a web url") << "javascript:alert(1)" << "123" << "456" << "";
    QTest::newRow("id with slash encoded") << "https://app.hubspot.com" << "123" << "45/6"
                                           << "https://app.hubspot.com/contacts/123/record/0-1/45%2F6";
}

void tst_DetailPane::contactUrl()
{
    QFETCH(QString, base);
    QFETCH(QString, hub);
    QFETCH(QString, contact);
    QFETCH(QString, url);

    QCOMPARE(hubSpotContactUrl(base, hub, contact).toString(QUrl::FullyEncoded), url);
}

void tst_DetailPane::explainer_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("queued");
    QTest::addColumn<Breezee::ConnectionState>("connection");
    QTest::addColumn<QString>("expected");

    QTest::newRow("no email") << "" << "" << "" << true << ConnectionState::Connected << "no email address";
    QTest::newRow("invalid email") << "ada@" << "" << "" << true << ConnectionState::Connected
                                   << "'ada@' is not valid";
    QTest::newRow("waiting for reconnect") << "ada@example.com" << "" << "" << true
                                           << ConnectionState::TokenExpired << "Waiting for a reconnect";
    QTest::newRow("not connected") << "ada@example.com" << "" << "" << true << ConnectionState::Disconnected
                                   << "HubSpot is not connected";
    QTest::newRow("queued") << "ada@example.com" << "" << "" << true << ConnectionState::Connected
                            << "next batches";
    QTest::newRow("failed") << "ada@example.com" << "failed"
                            << "HubSpot rejected the contact: Property values were not valid" << false
                            << ConnectionState::Connected << "The last attempt failed: HubSpot rejected the contact";
    QTest::newRow("not queued") << "ada@example.com" << "" << "" << false << ConnectionState::Connected
                                << "Use Resync";
}

void tst_DetailPane::explainer()
{
    QFETCH(QString, email);
    QFETCH(QString, state);
    QFETCH(QString, error);
    QFETCH(bool, queued);
    QFETCH(Breezee::ConnectionState, connection);
    QFETCH(QString, expected);

    const qint64 id = insertProspect(email);
    if (!state.isEmpty())
        m_store->execute(QStringLiteral("INSERT INTO sync_state (prospect_id, status, last_error) VALUES (?, ?, ?)"),
                         {id, state, error});
    if (!queued)
        m_store->dequeue(id);

    ProspectDetailPane pane(kReaderConnection);
    pane.setHubSpotStatus(hubSpotStatus(connection, QStringLiteral("24680135")));
    pane.showProspect(id);

    const QString text = pane.explanationText();
    QVERIFY2(text.contains(expected), qPrintable(text));
}

void tst_DetailPane::historyIsThisProspectsOnly()
{
    const qint64 ada = insertProspect(QStringLiteral("ada@example.com"));
    const qint64 other = insertProspect(QStringLiteral("grace@example.com"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), ada, QStringLiteral("first try failed"));
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), other, QStringLiteral("not Ada's"));
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), ada, QStringLiteral("Created 51001"));

    ProspectDetailPane pane(kReaderConnection);
    pane.showProspect(ada);

    QCOMPARE(pane.historyMessages(), (QStringList{"Created 51001", "first try failed"}));
}

void tst_DetailPane::memoriesNeverSent()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"));
    m_store->execute(QStringLiteral("INSERT INTO memories (prospect_id, key, value, captured_at) VALUES (?, ?, ?, ?)"),
                     {id, QStringLiteral("favourite_language"), QStringLiteral("Analytical Engine code"),
                      storeTimestamp()});

    ProspectDetailPane pane(kReaderConnection);
    pane.showProspect(id);

    QCOMPARE(pane.memoryTexts(), QStringList{"favourite_language=Analytical Engine code (Never sent)"});
}

void tst_DetailPane::unknownProspectShowsError()
{
    ProspectDetailPane pane(kReaderConnection);
    pane.showProspect(999999);
    QVERIFY(pane.errorText().contains(QStringLiteral("999999")));
    QVERIFY(pane.decisionText(QStringLiteral("firstname")).isEmpty());
}

void tst_DetailPane::noSelectionShowsPlaceholder()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"));
    ProspectDetailPane pane(kReaderConnection);
    pane.showProspect(id);
    QVERIFY(!pane.decisionText(QStringLiteral("firstname")).isEmpty());

    pane.showProspect(0);
    QCOMPARE(pane.prospectId(), qint64(0));
    QVERIFY(pane.errorText().isEmpty());
    QVERIFY(pane.hubSpotUrl().isEmpty());
}

QTEST_MAIN(tst_DetailPane)
#include "tst_detailpane.moc"
