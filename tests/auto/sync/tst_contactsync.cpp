// HubSpotContactSync against the HubSpot sandbox: the fill-blank rule on a
// real round trip, and what the request bodies carry.

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
#include <QTemporaryDir>
#include <QSqlQuery>
#include <QtTest>

using namespace Breezee;
using Breezee::Test::SandboxProcess;
using Breezee::Test::freeLoopbackPort;

class tst_ContactSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void updateFillsOnlyBlankFields();
    void blankValuesAreNotSent();
    void duplicateEmailsBecomeOneContact();
    void invalidEmailIsFailedNotSent();
    void existingContactConflictBecomesUpdate();
    void mergedContactIsRemapped();
    void partialSuccessMarksOnlyConfirmed();
    void resyncOfNotesLeavesFieldsAlone();

private:
    SyncSummary runSync();
    QJsonObject contactByEmail(const QString &email);
    QList<QJsonObject> bodiesFor(const QString &path);

    SandboxProcess m_sandbox;
    ResolvedProvider m_provider;
    TokenSet m_tokens;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
};

void tst_ContactSync::initTestCase()
{
    const QString redirectUri = QStringLiteral("http://localhost:%1/callback").arg(freeLoopbackPort());
    QVERIFY(m_sandbox.start({QStringLiteral("--auto-approve"), QStringLiteral("--redirect-uri"), redirectUri}));
    m_provider = sandboxProvider(m_sandbox.baseUrl(), redirectUri);
}

void tst_ContactSync::init()
{
    // A reset also deletes the tokens, so every test connects again.
    QVERIFY(m_sandbox.reset());
    m_tokens = grantSandboxTokens(m_provider);
    QVERIFY(m_tokens.isValid());

    m_dir = std::make_unique<QTemporaryDir>();
    m_database = std::make_unique<Database>(QStringLiteral("test"));
    QVERIFY(!m_database->open(DatabaseConfig::fromString(m_dir->filePath(QStringLiteral("store.sqlite")))));
}

void tst_ContactSync::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

SyncSummary tst_ContactSync::runSync()
{
    return runSandboxSync(m_provider, m_tokens, m_dir->path());
}

QJsonObject tst_ContactSync::contactByEmail(const QString &email)
{
    const QJsonArray contacts = m_sandbox.state().value(QLatin1String("contacts")).toArray();
    for (const QJsonValue &value : contacts) {
        const QJsonObject properties = value.toObject().value(QLatin1String("properties")).toObject();
        if (properties.value(QLatin1String("email")).toString().compare(email, Qt::CaseInsensitive) == 0)
            return properties;
    }
    return {};
}

QList<QJsonObject> tst_ContactSync::bodiesFor(const QString &path)
{
    QList<QJsonObject> bodies;
    const QJsonArray requests = m_sandbox.requests();
    for (const QJsonValue &value : requests) {
        const QJsonObject request = value.toObject();
        if (request.value(QLatin1String("path")).toString() == path)
            bodies << request.value(QLatin1String("body")).toObject();
    }
    return bodies;
}

void tst_ContactSync::updateFillsOnlyBlankFields()
{
    m_sandbox.seedContact(QJsonObject{{QStringLiteral("email"), QStringLiteral("ada@example.com")},
                                      {QStringLiteral("firstname"), QStringLiteral("Ada")},
                                      {QStringLiteral("jobtitle"), QStringLiteral("CTO")},
                                      {QStringLiteral("lifecyclestage"), QStringLiteral("customer")}});

    Prospect prospect;
    prospect.email = QStringLiteral("Ada@Example.com");
    prospect.firstName = QStringLiteral("ada");
    prospect.jobTitle = QStringLiteral("Engineer");
    prospect.phone = QStringLiteral("+44 20 7946 0000");
    prospect.leadScore = 80;
    prospect.sourceChannel = QStringLiteral("Website chat");
    ProspectStore prospects(m_database->handle());
    const auto id = prospects.insert(prospect);
    QVERIFY(id.ok());

    const SyncSummary first = runSync();
    QVERIFY2(!first.error, first.error ? qPrintable(first.error->message) : "");
    QCOMPARE(first.synced, 1);
    QCOMPARE(first.failed, 0);

    const QJsonObject contact = contactByEmail(QStringLiteral("ada@example.com"));
    QCOMPARE(contact.value(QLatin1String("firstname")).toString(), QStringLiteral("Ada"));
    QCOMPARE(contact.value(QLatin1String("jobtitle")).toString(), QStringLiteral("CTO"));
    QCOMPARE(contact.value(QLatin1String("lifecyclestage")).toString(), QStringLiteral("customer"));
    QCOMPARE(contact.value(QLatin1String("phone")).toString(), QStringLiteral("+44 20 7946 0000"));
    QCOMPARE(contact.value(QLatin1String("breezee_score")).toString(), QStringLiteral("80"));
    QCOMPARE(contact.value(QLatin1String("breezee_source")).toString(), QStringLiteral("Website chat"));
    QVERIFY(!contact.value(QLatin1String("breezee_last_activity_date")).toString().isEmpty());

    const QList<QJsonObject> updates = bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/update"));
    QCOMPARE(updates.size(), 1);
    QStringList sent = updates.first().value(QLatin1String("inputs")).toArray().first().toObject()
                           .value(QLatin1String("properties")).toObject().keys();
    sent.sort();
    QCOMPARE(sent, QStringList({QStringLiteral("breezee_last_activity_date"), QStringLiteral("breezee_score"),
                                QStringLiteral("breezee_source"), QStringLiteral("phone")}));
    QVERIFY(bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/create")).isEmpty());

    SyncStore store(m_database->handle());
    QVERIFY(!store.enqueue({id.value()}, QStringLiteral("resync")));
    const SyncSummary second = runSync();
    QCOMPARE(second.synced, 1);

    const QList<QJsonObject> allUpdates = bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/update"));
    QCOMPARE(allUpdates.size(), 2);
    sent = allUpdates.last().value(QLatin1String("inputs")).toArray().first().toObject()
               .value(QLatin1String("properties")).toObject().keys();
    sent.sort();
    QCOMPARE(sent, QStringList({QStringLiteral("breezee_last_activity_date"), QStringLiteral("breezee_score"),
                                QStringLiteral("breezee_source")}));
    QCOMPARE(store.remoteId(id.value()), m_sandbox.state().value(QLatin1String("contacts")).toArray()
                                             .first().toObject().value(QLatin1String("id")).toString());
}

void tst_ContactSync::blankValuesAreNotSent()
{
    Prospect prospect;
    prospect.email = QStringLiteral("cleo@example.com");
    prospect.firstName = QStringLiteral("Cleo");
    prospect.jobTitle = QStringLiteral("   ");
    prospect.companyName = QString();
    ProspectStore prospects(m_database->handle());
    QVERIFY(prospects.insert(prospect).ok());

    const SyncSummary summary = runSync();
    QCOMPARE(summary.synced, 1);

    const QList<QJsonObject> creates = bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/create"));
    QCOMPARE(creates.size(), 1);
    const QJsonObject properties = creates.first().value(QLatin1String("inputs")).toArray().first().toObject()
                                       .value(QLatin1String("properties")).toObject();
    QVERIFY(!properties.contains(QLatin1String("jobtitle")));
    QVERIFY(!properties.contains(QLatin1String("phone")));
    QVERIFY(!properties.contains(QLatin1String("company")));
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it)
        QVERIFY2(!it.value().toString().trimmed().isEmpty(), qPrintable(it.key()));
}

void tst_ContactSync::duplicateEmailsBecomeOneContact()
{
    ProspectStore prospects(m_database->handle());
    Prospect first;
    first.email = QStringLiteral("ben.sample@example.com");
    first.firstName = QStringLiteral("Ben");
    Prospect second;
    second.email = QStringLiteral("  BEN.sample@example.com ");
    second.phone = QStringLiteral("+1 555 0100");
    const auto firstId = prospects.insert(first);
    const auto secondId = prospects.insert(second);
    QVERIFY(firstId.ok() && secondId.ok());

    const SyncSummary summary = runSync();
    QCOMPARE(summary.synced, 2);

    const QJsonArray contacts = m_sandbox.state().value(QLatin1String("contacts")).toArray();
    QCOMPARE(contacts.size(), 1);
    SyncStore store(m_database->handle());
    QCOMPARE(store.remoteId(firstId.value()), contacts.first().toObject().value(QLatin1String("id")).toString());
    QCOMPARE(store.remoteId(secondId.value()), store.remoteId(firstId.value()));
}

void tst_ContactSync::invalidEmailIsFailedNotSent()
{
    ProspectStore prospects(m_database->handle());
    Prospect bad;
    bad.email = QStringLiteral("ben.sample@@example.com");
    Prospect good;
    good.email = QStringLiteral("dana@example.com");
    QVERIFY(prospects.insert(bad).ok());
    QVERIFY(prospects.insert(good).ok());

    const SyncSummary summary = runSync();
    QCOMPARE(summary.synced, 1);
    QCOMPARE(summary.failed, 1);
    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), 1);
}

void tst_ContactSync::existingContactConflictBecomesUpdate()
{
    const QString existing = m_sandbox.seedContact(QJsonObject{{QStringLiteral("email"), QStringLiteral("ben.sample@example.com")},
                                                               {QStringLiteral("firstname"), QStringLiteral("Benjamin")}});
    // The read by email misses the contact once, as when someone creates
    // it between the read and the create. HubSpot then rejects the create
    // with "Contact already exists. Existing ID: N".
    QVERIFY(m_sandbox.setFaults(QJsonObject{
        {QStringLiteral("crm_status"),
         QJsonObject{{QStringLiteral("status"), 200},
                     {QStringLiteral("count"), 1},
                     {QStringLiteral("path"), QStringLiteral("/contacts/batch/read")},
                     {QStringLiteral("body"), QJsonObject{{QStringLiteral("status"), QStringLiteral("COMPLETE")},
                                                          {QStringLiteral("results"), QJsonArray()}}}}}}));

    Prospect prospect;
    prospect.email = QStringLiteral("ben.sample@example.com");
    prospect.firstName = QStringLiteral("Ben");
    prospect.phone = QStringLiteral("+1 555 0100");
    ProspectStore prospects(m_database->handle());
    const auto id = prospects.insert(prospect);
    QVERIFY(id.ok());

    const SyncSummary summary = runSync();
    QCOMPARE(summary.synced, 1);
    QCOMPARE(summary.failed, 0);

    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), 1);
    const QJsonObject contact = contactByEmail(QStringLiteral("ben.sample@example.com"));
    QCOMPARE(contact.value(QLatin1String("firstname")).toString(), QStringLiteral("Benjamin"));
    QCOMPARE(contact.value(QLatin1String("phone")).toString(), QStringLiteral("+1 555 0100"));
    const QList<QJsonObject> updates = bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/update"));
    QCOMPARE(updates.size(), 1);
    const QJsonObject input = updates.first().value(QLatin1String("inputs")).toArray().first().toObject();
    QCOMPARE(input.value(QLatin1String("id")).toString(), existing);
    QVERIFY(!input.value(QLatin1String("properties")).toObject().contains(QLatin1String("firstname")));
    QCOMPARE(SyncStore(m_database->handle()).remoteId(id.value()), existing);
}

void tst_ContactSync::mergedContactIsRemapped()
{
    ProspectStore prospects(m_database->handle());
    Prospect ada;
    ada.email = QStringLiteral("ada@example.com");
    ada.firstName = QStringLiteral("Ada");
    const auto id = prospects.insert(ada);
    QVERIFY(id.ok());
    QCOMPARE(runSync().synced, 1);

    SyncStore store(m_database->handle());
    const QString first = store.remoteId(id.value());
    const QString primary = m_sandbox.seedContact(QJsonObject{{QStringLiteral("email"), QStringLiteral("ada.work@example.com")},
                                                              {QStringLiteral("jobtitle"), QStringLiteral("CTO")}});
    QVERIFY(m_sandbox.mergeContacts(primary, first));

    ada = *prospects.findById(id.value());
    ada.jobTitle = QStringLiteral("Engineer");
    ada.phone = QStringLiteral("+44 20 7946 0000");
    QVERIFY(!prospects.update(ada));
    const SyncSummary summary = runSync();
    QCOMPARE(summary.synced, 1);

    QCOMPARE(store.remoteId(id.value()), primary);
    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), 1);
    const QJsonObject contact = m_sandbox.contactState(primary).value(QLatin1String("properties")).toObject();
    QCOMPARE(contact.value(QLatin1String("jobtitle")).toString(), QStringLiteral("CTO"));
    QCOMPARE(contact.value(QLatin1String("phone")).toString(), QStringLiteral("+44 20 7946 0000"));
    QVERIFY(bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/create")).size() == 1);

    QSqlQuery log(m_database->handle());
    QVERIFY(log.exec(QStringLiteral("SELECT message FROM sync_log WHERE kind = 'remapped'")));
    QVERIFY(log.next());
    QVERIFY2(log.value(0).toString().contains(primary), qPrintable(log.value(0).toString()));
}

void tst_ContactSync::partialSuccessMarksOnlyConfirmed()
{
    // Ada is updated, Ben's value is rejected, Cleo's id is gone and Dan
    // gets neither a result nor an error.
    ProspectStore prospects(m_database->handle());
    QHash<QString, qint64> ids;
    for (const QString &name : {QStringLiteral("ada"), QStringLiteral("ben"), QStringLiteral("cleo"), QStringLiteral("dan")}) {
        Prospect prospect;
        prospect.email = name + QStringLiteral("@example.com");
        prospect.leadScore = 10;
        const auto id = prospects.insert(prospect);
        QVERIFY(id.ok());
        ids.insert(name, id.value());
    }
    QCOMPARE(runSync().synced, 4);

    SyncStore store(m_database->handle());
    const auto remote = [&](const QString &name) { return store.remoteId(ids.value(name)); };
    const QString benMessage = QStringLiteral("Property values were not valid: [{\"isValid\":false,\"message\":"
                                              "\"50 is not a valid score\",\"name\":\"breezee_score\"}]");
    const QString cleoMessage = QStringLiteral("Could not get some CONTACT objects, they may be deleted or not exist.");
    const QJsonObject body{
        {QStringLiteral("status"), QStringLiteral("COMPLETE")},
        {QStringLiteral("results"), QJsonArray{QJsonObject{{QStringLiteral("id"), remote(QStringLiteral("ada"))},
                                                           {QStringLiteral("properties"), QJsonObject()}}}},
        {QStringLiteral("numErrors"), 2},
        {QStringLiteral("errors"),
         QJsonArray{QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                {QStringLiteral("category"), QStringLiteral("VALIDATION_ERROR")},
                                {QStringLiteral("message"), benMessage},
                                {QStringLiteral("context"), QJsonObject{{QStringLiteral("ids"), QJsonArray{remote(QStringLiteral("ben"))}}}}},
                    QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                {QStringLiteral("category"), QStringLiteral("OBJECT_NOT_FOUND")},
                                {QStringLiteral("message"), cleoMessage},
                                {QStringLiteral("context"), QJsonObject{{QStringLiteral("ids"), QJsonArray{remote(QStringLiteral("cleo"))}}}}}}}};
    QVERIFY(m_sandbox.setFaults(QJsonObject{{QStringLiteral("crm_status"),
                                             QJsonObject{{QStringLiteral("status"), 207},
                                                         {QStringLiteral("count"), 1},
                                                         {QStringLiteral("path"), QStringLiteral("/contacts/batch/update")},
                                                         {QStringLiteral("body"), body}}}}));

    for (qint64 id : std::as_const(ids)) {
        Prospect prospect = *prospects.findById(id);
        prospect.leadScore = 50;
        QVERIFY(!prospects.update(prospect));
    }
    const SyncSummary summary = runSync();

    const auto state = [&](const QString &name) {
        QSqlQuery query(m_database->handle());
        query.exec(QStringLiteral("SELECT status, COALESCE(last_error, '') FROM sync_state WHERE prospect_id = %1")
                       .arg(ids.value(name)));
        query.next();
        return QStringList{query.value(0).toString(), query.value(1).toString()};
    };
    const auto queued = [&](const QString &name) {
        QSqlQuery query(m_database->handle());
        query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_queue WHERE prospect_id = %1").arg(ids.value(name)));
        query.next();
        return query.value(0).toInt() == 1;
    };
    const auto logged = [&](const QString &name, const QString &text) {
        QSqlQuery query(m_database->handle());
        query.prepare(QStringLiteral("SELECT COUNT(*) FROM sync_log WHERE prospect_id = ? AND instr(message, ?) > 0"));
        query.addBindValue(ids.value(name));
        query.addBindValue(text);
        query.exec();
        query.next();
        return query.value(0).toInt() > 0;
    };

    QCOMPARE(state(QStringLiteral("ada")).first(), QStringLiteral("synced"));
    QVERIFY(!queued(QStringLiteral("ada")));

    // Ben keeps HubSpot's message and is sent again on the admin's retry.
    QCOMPARE(state(QStringLiteral("ben")).first(), QStringLiteral("failed"));
    QVERIFY2(state(QStringLiteral("ben")).last().contains(benMessage), qPrintable(state(QStringLiteral("ben")).last()));

    // Cleo's message is in the log, and she was looked up again at once.
    // The sandbox still has her contact, so the retry succeeds.
    QVERIFY(logged(QStringLiteral("cleo"), cleoMessage));
    QCOMPARE(state(QStringLiteral("cleo")).first(), QStringLiteral("synced"));

    // Dan is not synced: failed, and still queued for another try.
    QCOMPARE(state(QStringLiteral("dan")).first(), QStringLiteral("failed"));
    QVERIFY(queued(QStringLiteral("dan")));
    QCOMPARE(summary.remaining, 1);
    QVERIFY(summary.failed >= 2);

    QVERIFY(!store.enqueue({ids.value(QStringLiteral("ben"))}, QStringLiteral("retry")));
    QVERIFY(!store.enqueue({ids.value(QStringLiteral("dan"))}, QStringLiteral("retry")));
    const SyncSummary retry = runSync();
    QCOMPARE(retry.synced, 2);
    QCOMPARE(state(QStringLiteral("ben")).first(), QStringLiteral("synced"));
    QCOMPARE(state(QStringLiteral("dan")).first(), QStringLiteral("synced"));
    QCOMPARE(m_sandbox.state().value(QLatin1String("contacts")).toArray().size(), 4);
}

void tst_ContactSync::resyncOfNotesLeavesFieldsAlone()
{
    ProspectStore prospects(m_database->handle());
    Prospect ada;
    ada.email = QStringLiteral("ada@example.com");
    ada.leadScore = 10;
    const auto id = prospects.insert(ada);
    QVERIFY(id.ok());
    QCOMPARE(runSync().synced, 1);
    const int updatesBefore = bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/update")).size();

    SyncStore store(m_database->handle());
    QVERIFY(!store.enqueueResync({id.value()}, SyncPart::Notes, QStringLiteral("resync")));
    QSqlQuery scope(m_database->handle());
    QVERIFY(scope.exec(QStringLiteral("SELECT scope FROM sync_queue WHERE prospect_id = %1").arg(id.value())));
    QVERIFY(scope.next());
    QCOMPARE(scope.value(0).toString(), QStringLiteral("notes"));
    scope.finish();

    QCOMPARE(runSync().synced, 1);
    QCOMPARE(bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/update")).size(), updatesBefore);

    // A change made meanwhile widens the row back to a full sync.
    QVERIFY(!store.enqueueResync({id.value()}, SyncPart::Notes, QStringLiteral("resync")));
    ada = *prospects.findById(id.value());
    ada.leadScore = 20;
    QVERIFY(!prospects.update(ada));
    QVERIFY(scope.exec(QStringLiteral("SELECT scope FROM sync_queue WHERE prospect_id = %1").arg(id.value())));
    QVERIFY(scope.next());
    QCOMPARE(scope.value(0).toString(), QStringLiteral("all"));
    scope.finish();
    QCOMPARE(runSync().synced, 1);
    QCOMPARE(bodiesFor(QStringLiteral("/crm/v3/objects/contacts/batch/update")).size(), updatesBefore + 1);
}

QTEST_GUILESS_MAIN(tst_ContactSync)
#include "tst_contactsync.moc"
