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

QTEST_GUILESS_MAIN(tst_ContactSync)
#include "tst_contactsync.moc"
