// Companies and timeline notes on a real round trip through the sandbox.
// Company names match exactly after trimming and case folding, a missing
// company is created once despite the search lag, and an ambiguous name is
// left for a person. Notes are posted once, with the event's time, an
// escaped body and the contact association.

#include "SandboxProcess.h"
#include "SandboxSync.h"
#include "SandboxTokens.h"

#include "oauth/CredentialStore.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/ProspectStore.h"
#include "store/SyncStore.h"
#include "sync/HubSpotContactSync.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_CompaniesNotes : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void linksExactTrimmedMatch();
    void createsMissingCompanyOnce();
    void ambiguousNameLinksNone();
    void chosenCompanyIsLinked();
    void failedCompanyCreateKeepsProspectQueued();
    void chatSummaryNotePostedOnce();
    void stageChangeAddsContactActivity();
    void notePostedBeforeCrashIsNotRepeated_data();
    void notePostedBeforeCrashIsNotRepeated();

private:
    SyncSummary runSync();
    qint64 insertProspect(const QString &email, const QString &company = {}, const QString &first = {},
                          const QString &last = {});
    QJsonObject contact(const QString &email);
    QJsonArray notesOf(const QString &email);
    static qint64 timestampMs(const QJsonValue &value);

    SandboxProcess m_sandbox;
    ResolvedProvider m_provider;
    TokenSet m_tokens;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
};

void tst_CompaniesNotes::initTestCase()
{
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri}));
    m_provider = sandboxProvider(m_sandbox.baseUrl(), redirectUri);
}

void tst_CompaniesNotes::init()
{
    QVERIFY(m_sandbox.reset());
    m_tokens = grantSandboxTokens(m_provider);
    QVERIFY(m_tokens.isValid());
    m_dir = std::make_unique<QTemporaryDir>();
    m_database = std::make_unique<Database>(QStringLiteral("test"));
    QVERIFY(!m_database->open(DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")))));
}

void tst_CompaniesNotes::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

SyncSummary tst_CompaniesNotes::runSync()
{
    return runSandboxSync(m_provider, m_tokens, m_dir->path());
}

qint64 tst_CompaniesNotes::insertProspect(const QString &email, const QString &company, const QString &first,
                                          const QString &last)
{
    ProspectStore prospects(m_database->handle());
    Prospect prospect;
    prospect.email = email;
    prospect.companyName = company;
    prospect.firstName = first;
    prospect.lastName = last;
    prospect.sourceChannel = QStringLiteral("Website chat");
    const auto id = prospects.insert(prospect);
    return id.ok() ? id.value() : -1;
}

QJsonObject tst_CompaniesNotes::contact(const QString &email)
{
    const QJsonArray contacts = m_sandbox.state().value(QLatin1String("contacts")).toArray();
    for (const QJsonValue &value : contacts) {
        const QJsonObject object = value.toObject();
        if (object.value(QLatin1String("properties")).toObject().value(QLatin1String("email")).toString() == email)
            return object;
    }
    return {};
}

QJsonArray tst_CompaniesNotes::notesOf(const QString &email)
{
    const QString id = contact(email).value(QLatin1String("id")).toString();
    QJsonArray notes;
    const QJsonArray all = m_sandbox.state().value(QLatin1String("notes")).toArray();
    for (const QJsonValue &value : all) {
        const QJsonArray contacts = value.toObject().value(QLatin1String("associations")).toObject()
                                        .value(QLatin1String("contacts")).toArray();
        if (contacts.contains(QJsonValue(id)))
            notes.append(value);
    }
    return notes;
}

qint64 tst_CompaniesNotes::timestampMs(const QJsonValue &value)
{
    const QString text = value.toString();
    bool isNumber = false;
    const qint64 ms = text.toLongLong(&isNumber);
    if (isNumber)
        return ms;
    return QDateTime::fromString(text, Qt::ISODateWithMs).toMSecsSinceEpoch();
}

void tst_CompaniesNotes::linksExactTrimmedMatch()
{
    m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("Example Widgets Ltd")}});
    m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("Example Widgets GmbH")}});
    const QString exact = m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("example widgets ")}});
    QVERIFY(!exact.isEmpty());
    QVERIFY(m_sandbox.publishSearchIndex());

    insertProspect(QStringLiteral("wendy@example.com"), QStringLiteral("Example Widgets"));
    const SyncSummary summary = runSync();
    QVERIFY2(!summary.error, summary.error ? qPrintable(summary.error->message) : "");
    QCOMPARE(summary.synced, 1);

    QCOMPARE(contact(QStringLiteral("wendy@example.com")).value(QLatin1String("companyIds")).toArray(),
             QJsonArray{exact});
    QCOMPARE(m_sandbox.state().value(QLatin1String("companies")).toArray().size(), 3);
}

void tst_CompaniesNotes::createsMissingCompanyOnce()
{
    insertProspect(QStringLiteral("road@example.com"), QStringLiteral("Acme Rockets"));
    QCOMPARE(runSync().synced, 1);

    // The next prospect comes while HubSpot's search does not show the new
    // company yet: it must be linked, not created again.
    insertProspect(QStringLiteral("coyote@example.com"), QStringLiteral("  acme   ROCKETS "));
    QCOMPARE(runSync().synced, 1);

    const QJsonArray companies = m_sandbox.state().value(QLatin1String("companies")).toArray();
    QCOMPARE(companies.size(), 1);
    const QString id = companies.first().toObject().value(QLatin1String("id")).toString();
    QCOMPARE(contact(QStringLiteral("road@example.com")).value(QLatin1String("companyIds")).toArray(), QJsonArray{id});
    QCOMPARE(contact(QStringLiteral("coyote@example.com")).value(QLatin1String("companyIds")).toArray(), QJsonArray{id});
}

void tst_CompaniesNotes::ambiguousNameLinksNone()
{
    const QString first = m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("Globex")}});
    const QString second = m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("GLOBEX")}});
    QVERIFY(m_sandbox.publishSearchIndex());

    const qint64 id = insertProspect(QStringLiteral("hank@example.com"), QStringLiteral("Globex"));
    QCOMPARE(runSync().synced, 1);

    QCOMPARE(contact(QStringLiteral("hank@example.com")).value(QLatin1String("companyIds")).toArray(), QJsonArray());
    QSqlQuery query(m_database->handle());
    QVERIFY(query.exec(QStringLiteral("SELECT status FROM company_links WHERE prospect_id = %1").arg(id)));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("ambiguous"));
    QVERIFY(query.exec(QStringLiteral("SELECT candidates FROM companies WHERE normalized_name = 'globex'")));
    QVERIFY(query.next());
    QVERIFY(query.value(0).toString().contains(first));
    QVERIFY(query.value(0).toString().contains(second));
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_log WHERE message LIKE 'Company ambiguous%'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 1);
}

void tst_CompaniesNotes::chosenCompanyIsLinked()
{
    m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("Globex")}});
    const QString second = m_sandbox.seedCompany(QJsonObject{{QStringLiteral("name"), QStringLiteral("GLOBEX")}});
    QVERIFY(m_sandbox.publishSearchIndex());
    const qint64 id = insertProspect(QStringLiteral("hank@example.com"), QStringLiteral("Globex"));
    QCOMPARE(runSync().synced, 1);

    // A person picks the second candidate; the next sync links it and
    // writes nothing else.
    SyncStore store(m_database->handle());
    QVERIFY(!store.chooseCompany(id, second));
    const int updatesBefore = m_sandbox.requestCount(QStringLiteral("POST /crm/v3/objects/contacts/batch/update"));
    QCOMPARE(runSync().synced, 1);

    QCOMPARE(contact(QStringLiteral("hank@example.com")).value(QLatin1String("companyIds")).toArray(), QJsonArray{second});
    QSqlQuery query(m_database->handle());
    QVERIFY(query.exec(QStringLiteral("SELECT status, remote_company_id FROM company_links WHERE prospect_id = %1").arg(id)));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("linked"));
    QCOMPARE(query.value(1).toString(), second);
    query.finish();
    QCOMPARE(m_sandbox.requestCount(QStringLiteral("POST /crm/v3/objects/contacts/batch/update")), updatesBefore);

    // A choice for a prospect without a company name is rejected with the reason.
    const qint64 nameless = insertProspect(QStringLiteral("ivy@example.com"), QString());
    const Status rejected = store.chooseCompany(nameless, second);
    QVERIFY(rejected);
    QVERIFY2(rejected->message.contains(QLatin1String("no company name")), qPrintable(rejected->message));
}

void tst_CompaniesNotes::failedCompanyCreateKeepsProspectQueued()
{
    // A 400 is not retried within the run, unlike a 5xx.
    QVERIFY(m_sandbox.failCrmRequests(400, 1, QStringLiteral("/companies/batch/create")));
    const qint64 id = insertProspect(QStringLiteral("road@example.com"), QStringLiteral("Acme Rockets"));
    const SyncSummary first = runSync();
    QCOMPARE(first.remaining, 1);

    QSqlQuery query(m_database->handle());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM company_links WHERE prospect_id = %1").arg(id)));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
    QVERIFY(query.exec(QStringLiteral("UPDATE sync_queue SET not_before = NULL")));

    QCOMPARE(runSync().synced, 1);
    const QJsonArray companies = m_sandbox.state().value(QLatin1String("companies")).toArray();
    QCOMPARE(companies.size(), 1);
    QCOMPARE(contact(QStringLiteral("road@example.com")).value(QLatin1String("companyIds")).toArray(),
             QJsonArray{companies.first().toObject().value(QLatin1String("id")).toString()});
}

void tst_CompaniesNotes::chatSummaryNotePostedOnce()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"), QString(), QStringLiteral("Ada"),
                                     QStringLiteral("Example"));
    ProspectStore prospects(m_database->handle());
    const QDateTime written(QDate(2025, 3, 14), QTime(9, 30), QTimeZone("Europe/Berlin"));
    QVERIFY(prospects.addChatSession(id, written.addSecs(-1800), QStringLiteral("Met at Example Expo; wants pricing <b>soon</b> & a demo"),
                                     written).ok());

    QCOMPARE(runSync().synced, 1);
    QJsonArray notes = notesOf(QStringLiteral("ada@example.com"));
    QCOMPARE(notes.size(), 2); // Created and the chat summary

    QJsonObject chat;
    for (const QJsonValue &note : notes) {
        if (note.toObject().value(QLatin1String("body")).toString().startsWith(QLatin1String("Chat summary")))
            chat = note.toObject();
    }
    QVERIFY(!chat.isEmpty());
    QCOMPARE(timestampMs(chat.value(QLatin1String("timestamp"))), Q_INT64_C(1741941000000));
    QCOMPARE(chat.value(QLatin1String("body")).toString(),
             QStringLiteral("Chat summary: Met at Example Expo; wants pricing &lt;b&gt;soon&lt;/b&gt; &amp; a demo"));

    // A resync posts nothing again.
    SyncStore store(m_database->handle());
    QVERIFY(!store.enqueue({id}, QStringLiteral("resync")));
    QCOMPARE(runSync().synced, 1);
    QCOMPARE(notesOf(QStringLiteral("ada@example.com")).size(), 2);
}

void tst_CompaniesNotes::stageChangeAddsContactActivity()
{
    const qint64 id = insertProspect(QStringLiteral("ada@example.com"), QString(), QStringLiteral("Ada"),
                                     QStringLiteral("Example"));
    QCOMPARE(runSync().synced, 1);

    ProspectStore prospects(m_database->handle());
    Prospect prospect = *prospects.findById(id);
    prospect.lifecycleStage = QStringLiteral("lead");
    QVERIFY(!prospects.update(prospect));
    QCOMPARE(runSync().synced, 1);

    QStringList bodies;
    for (const QJsonValue &note : notesOf(QStringLiteral("ada@example.com")))
        bodies << note.toObject().value(QLatin1String("body")).toString();
    QVERIFY2(bodies.contains(QStringLiteral("Ada Example moved to Lead")), qPrintable(bodies.join(QLatin1Char('|'))));
    QCOMPARE(bodies.size(), 2);
}

void tst_CompaniesNotes::notePostedBeforeCrashIsNotRepeated_data()
{
    QTest::addColumn<int>("timesPosted");
    QTest::newRow("posted once") << 1;
    // The network stack sent the create again after a closed connection.
    QTest::newRow("posted twice") << 2;
}

void tst_CompaniesNotes::notePostedBeforeCrashIsNotRepeated()
{
    QFETCH(int, timesPosted);

    const qint64 id = insertProspect(QStringLiteral("cleo@example.com"));
    QCOMPARE(runSync().synced, 1);
    QCOMPARE(notesOf(QStringLiteral("cleo@example.com")).size(), 1);

    // A crash between posting a note and recording HubSpot's id leaves a
    // pending row whose note is already on the timeline.
    ProspectStore prospects(m_database->handle());
    const QDateTime at(QDate(2025, 5, 2), QTime(10, 0), Qt::UTC);
    const auto activity = prospects.addActivity(id, ActivityKind::MeetingBooked, at, QStringLiteral("Intro call"));
    QVERIFY(activity.ok());
    SyncStore store(m_database->handle());
    const PlannedNote note{QLatin1String(NoteKind::MeetingBooked), QString::number(activity.value()), at,
                           QStringLiteral("Meeting booked: Intro call")};
    QVERIFY(store.addPendingNotes(id, {note}).ok());

    const QString contactId = contact(QStringLiteral("cleo@example.com")).value(QLatin1String("id")).toString();
    const QJsonObject posted{
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("hs_timestamp"), QString::number(at.toMSecsSinceEpoch())},
                                                   {QStringLiteral("hs_note_body"), note.body}}},
        {QStringLiteral("associations"),
         QJsonArray{QJsonObject{{QStringLiteral("to"), QJsonObject{{QStringLiteral("id"), contactId}}},
                                {QStringLiteral("types"), QJsonArray{QJsonObject{{QStringLiteral("associationCategory"), QStringLiteral("HUBSPOT_DEFINED")},
                                                                                 {QStringLiteral("associationTypeId"), 202}}}}}}}};
    QStringList postedIds;
    for (int i = 0; i < timesPosted; ++i) {
        const auto created = m_sandbox.send("POST", QStringLiteral("/crm/v3/objects/notes"), QJsonDocument(posted).toJson(),
                                            {{"Authorization", "Bearer " + m_tokens.accessToken.toUtf8()},
                                             {"Content-Type", "application/json"}});
        QCOMPARE(created.status, 201);
        postedIds << created.json().value(QLatin1String("id")).toString();
    }
    QCOMPARE(notesOf(QStringLiteral("cleo@example.com")).size(), 1 + timesPosted);

    // The oldest copy is recorded, any other one archived.
    QCOMPARE(runSync().synced, 1);
    QCOMPARE(notesOf(QStringLiteral("cleo@example.com")).size(), 2);
    QSqlQuery query(m_database->handle());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_notes WHERE remote_id IS NULL")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_notes WHERE remote_id = '%1'").arg(postedIds.first())));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 1);
}

QTEST_GUILESS_MAIN(tst_CompaniesNotes)
#include "tst_companiesnotes.moc"
