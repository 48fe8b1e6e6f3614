#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Breezee;

namespace {

using ProspectChange = std::function<void(Prospect &)>;

} // namespace

Q_DECLARE_METATYPE(ProspectChange)

class tst_Store : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void openTwiceIsIdempotent();
    void migrateAgainChangesNothing();

    void insertEnqueuesOnce();
    void insertStoresFields();
    void insertStoresEmptyAsNull();
    void insertKeepsGivenCreatedAt();

    void updateSyncedFieldBumpsGeneration_data();
    void updateSyncedFieldBumpsGeneration();
    void updateWithoutChangeEnqueuesNothing();
    void updateCreatedAtOnlyEnqueuesNothing();
    void updateUnknownIdFails();

    void findByEmailIgnoresCaseAndSpaces();
    void findByIdsSkipsUnknown();

    void addMemoryEnqueuesNothing();
    void addChatSessionEnqueues();
    void addActivityEnqueues();
    void addActivityRejectsUnknownKind();
    void addProfileMatchEnqueues();
    void addRecordForUnknownProspectFails();

    void normalizeEmail_data();
    void normalizeEmail();
    void isUsableEmail_data();
    void isUsableEmail();

private:
    QSqlDatabase db() const { return m_database->handle(); }
    Prospect sampleProspect() const;
    qint64 insertSample();
    int queueRows() const;
    int queueGeneration(qint64 prospectId) const;
    QString queueReason(qint64 prospectId) const;
    void clearQueue();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    int m_connection = 0;
};

void tst_Store::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());

    m_database = std::make_unique<Database>(QStringLiteral("tst_store_%1").arg(++m_connection));
    DatabaseConfig config;
    config.databaseName = m_dir->filePath(QStringLiteral("store.sqlite"));
    const Status status = m_database->open(config);
    QVERIFY2(!status, qPrintable(status ? status->message : QString()));
}

void tst_Store::cleanup()
{
    m_database.reset();
    m_dir.reset();
}

Prospect tst_Store::sampleProspect() const
{
    Prospect prospect;
    prospect.email = QStringLiteral("Ada.Lovelace@Example.com");
    prospect.firstName = QStringLiteral("Ada");
    prospect.lastName = QStringLiteral("Lovelace");
    prospect.phone = QStringLiteral("+44 20 7946 0000");
    prospect.jobTitle = QStringLiteral("Analyst, Engines");
    prospect.companyName = QStringLiteral("Analytical Engines Ltd");
    prospect.leadScore = 40;
    prospect.sourceChannel = QStringLiteral("chat");
    prospect.lifecycleStage = QStringLiteral("lead");
    prospect.lastActivityAt = QDateTime(QDate(2024, 8, 14), QTime(11, 39, 2, 318), Qt::UTC);
    return prospect;
}

qint64 tst_Store::insertSample()
{
    ProspectStore store(db());
    const Result<qint64> id = store.insert(sampleProspect());
    if (!id) {
        qWarning() << id.error().message;
        return 0;
    }
    return id.value();
}

int tst_Store::queueRows() const
{
    QSqlQuery query(db());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM sync_queue")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int tst_Store::queueGeneration(qint64 prospectId) const
{
    QSqlQuery query(db());
    query.prepare(QStringLiteral("SELECT generation FROM sync_queue WHERE prospect_id = ?"));
    query.addBindValue(prospectId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toInt();
}

QString tst_Store::queueReason(qint64 prospectId) const
{
    QSqlQuery query(db());
    query.prepare(QStringLiteral("SELECT reason FROM sync_queue WHERE prospect_id = ?"));
    query.addBindValue(prospectId);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0).toString();
}

// Empties the queue as a finished sync would.
void tst_Store::clearQueue()
{
    QSqlQuery query(db());
    QVERIFY(query.exec(QStringLiteral("DELETE FROM sync_queue")));
}

void tst_Store::openTwiceIsIdempotent()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_database.reset();

    m_database = std::make_unique<Database>(QStringLiteral("tst_store_reopen"));
    DatabaseConfig config;
    config.databaseName = path;
    const Status status = m_database->open(config);
    QVERIFY2(!status, qPrintable(status ? status->message : QString()));

    QSqlQuery query(db());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT version), MIN(version), MAX(version) "
                                      "FROM schema_version")));
    QVERIFY(query.next());
    // Each migration is recorded exactly once. Version 5 exists only on
    // PostgreSQL.
    QCOMPARE(query.value(0).toInt(), 5);
    QCOMPARE(query.value(1).toInt(), 5);
    QCOMPARE(query.value(2).toInt(), 1);
    QCOMPARE(query.value(3).toInt(), 6);

    ProspectStore store(db());
    QCOMPARE(store.count(), 1);
    QVERIFY(store.findById(id).has_value());
}

void tst_Store::migrateAgainChangesNothing()
{
    QSqlQuery providers(db());
    QVERIFY(providers.exec(QStringLiteral("SELECT COUNT(*) FROM providers")));
    QVERIFY(providers.next());
    const int providerCount = providers.value(0).toInt();
    providers.finish();

    QSqlQuery versions(db());
    QVERIFY(versions.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")));
    QVERIFY(versions.next());
    const int migrationCount = versions.value(0).toInt();
    versions.finish();

    QVERIFY(!migrate(db()));

    QSqlQuery query(db());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), migrationCount);
    query.finish();

    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM providers")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), providerCount);
}

void tst_Store::insertEnqueuesOnce()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);

    QCOMPARE(queueRows(), 1);
    QCOMPARE(queueGeneration(id), 1);
    QCOMPARE(queueReason(id), QStringLiteral("created"));
}

void tst_Store::insertStoresFields()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);

    ProspectStore store(db());
    const std::optional<Prospect> stored = store.findById(id);
    QVERIFY(stored.has_value());

    const Prospect expected = sampleProspect();
    QCOMPARE(stored->id, id);
    QCOMPARE(stored->email, expected.email);
    QCOMPARE(stored->firstName, expected.firstName);
    QCOMPARE(stored->lastName, expected.lastName);
    QCOMPARE(stored->phone, expected.phone);
    QCOMPARE(stored->jobTitle, expected.jobTitle);
    QCOMPARE(stored->companyName, expected.companyName);
    QCOMPARE(stored->leadScore, expected.leadScore);
    QCOMPARE(stored->sourceChannel, expected.sourceChannel);
    QCOMPARE(stored->lifecycleStage, expected.lifecycleStage);
    QCOMPARE(stored->lastActivityAt, expected.lastActivityAt);
    QCOMPARE(stored->lastActivityAt.timeSpec(), Qt::UTC);
    QVERIFY(stored->createdAt.isValid());
    QVERIFY(stored->updatedAt.isValid());

    QSqlQuery query(db());
    query.prepare(QStringLiteral("SELECT email_normalized, last_activity_at FROM prospects WHERE id = ?"));
    query.addBindValue(id);
    QVERIFY(query.exec());
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("ada.lovelace@example.com"));
    QCOMPARE(query.value(1).toString(), QStringLiteral("2024-08-14T11:39:02.318Z"));
}

void tst_Store::insertStoresEmptyAsNull()
{
    Prospect prospect;
    prospect.email = QStringLiteral("only.email@example.com");
    prospect.firstName = QStringLiteral("");

    ProspectStore store(db());
    const Result<qint64> id = store.insert(prospect);
    QVERIFY(id.ok());

    QSqlQuery query(db());
    query.prepare(QStringLiteral(
        "SELECT first_name IS NULL, phone IS NULL, lead_score IS NULL, last_activity_at IS NULL "
        "FROM prospects WHERE id = ?"));
    query.addBindValue(id.value());
    QVERIFY(query.exec());
    QVERIFY(query.next());
    QVERIFY(query.value(0).toBool());
    QVERIFY(query.value(1).toBool());
    QVERIFY(query.value(2).toBool());
    QVERIFY(query.value(3).toBool());

    const std::optional<Prospect> stored = store.findById(id.value());
    QVERIFY(stored.has_value());
    QVERIFY(!stored->leadScore.has_value());
    QVERIFY(!stored->lastActivityAt.isValid());
}

void tst_Store::insertKeepsGivenCreatedAt()
{
    Prospect prospect = sampleProspect();
    prospect.createdAt = QDateTime(QDate(2024, 8, 13), QTime(18, 4, 34, 666), Qt::UTC);

    ProspectStore store(db());
    const Result<qint64> id = store.insert(prospect);
    QVERIFY(id.ok());

    QSqlQuery query(db());
    query.prepare(QStringLiteral("SELECT created_at, updated_at FROM prospects WHERE id = ?"));
    query.addBindValue(id.value());
    QVERIFY(query.exec());
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("2024-08-13T18:04:34.666Z"));
    const QDateTime updatedAt = QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs);
    QVERIFY(updatedAt.isValid());
    QVERIFY(qAbs(updatedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

void tst_Store::updateSyncedFieldBumpsGeneration_data()
{
    QTest::addColumn<ProspectChange>("change");

    QTest::newRow("email") << ProspectChange([](Prospect &p) { p.email = QStringLiteral("ada@example.org"); });
    QTest::newRow("first_name") << ProspectChange([](Prospect &p) { p.firstName = QStringLiteral("Augusta"); });
    QTest::newRow("last_name") << ProspectChange([](Prospect &p) { p.lastName = QStringLiteral("King"); });
    QTest::newRow("phone cleared") << ProspectChange([](Prospect &p) { p.phone.clear(); });
    QTest::newRow("mobile_phone") << ProspectChange([](Prospect &p) { p.mobilePhone = QStringLiteral("+44 7700 900000"); });
    QTest::newRow("job_title") << ProspectChange([](Prospect &p) { p.jobTitle = QStringLiteral("Mathematician"); });
    QTest::newRow("company_name") << ProspectChange([](Prospect &p) { p.companyName = QStringLiteral("Babbage & Co"); });
    QTest::newRow("lead_score") << ProspectChange([](Prospect &p) { p.leadScore = 41; });
    QTest::newRow("lead_score cleared") << ProspectChange([](Prospect &p) { p.leadScore.reset(); });
    QTest::newRow("source_channel") << ProspectChange([](Prospect &p) { p.sourceChannel = QStringLiteral("CSV import"); });
    QTest::newRow("lifecycle_stage") << ProspectChange([](Prospect &p) { p.lifecycleStage = QStringLiteral("customer"); });
    QTest::newRow("last_activity_at") << ProspectChange([](Prospect &p) { p.lastActivityAt = p.lastActivityAt.addSecs(60); });
}

void tst_Store::updateSyncedFieldBumpsGeneration()
{
    QFETCH(ProspectChange, change);

    const qint64 id = insertSample();
    QVERIFY(id > 0);
    QCOMPARE(queueGeneration(id), 1);

    ProspectStore store(db());
    std::optional<Prospect> prospect = store.findById(id);
    QVERIFY(prospect.has_value());
    change(*prospect);
    QVERIFY(!store.update(*prospect));

    QCOMPARE(queueRows(), 1);
    QCOMPARE(queueGeneration(id), 2);
    QCOMPARE(queueReason(id), QStringLiteral("updated"));
}

void tst_Store::updateWithoutChangeEnqueuesNothing()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    clearQueue();

    ProspectStore store(db());
    const std::optional<Prospect> prospect = store.findById(id);
    QVERIFY(prospect.has_value());
    QVERIFY(!store.update(*prospect));

    QCOMPARE(queueRows(), 0);
}

void tst_Store::updateCreatedAtOnlyEnqueuesNothing()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    clearQueue();

    ProspectStore store(db());
    std::optional<Prospect> prospect = store.findById(id);
    QVERIFY(prospect.has_value());
    prospect->createdAt = QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5), Qt::UTC);
    QVERIFY(!store.update(*prospect));

    QCOMPARE(queueRows(), 0);
    QCOMPARE(store.findById(id)->createdAt, prospect->createdAt);
}

void tst_Store::updateUnknownIdFails()
{
    Prospect prospect = sampleProspect();
    prospect.id = 4242;

    ProspectStore store(db());
    const Status status = store.update(prospect);
    QVERIFY(status.has_value());
    QCOMPARE(status->code, QStringLiteral("not_found"));
    QVERIFY(status->message.contains(QStringLiteral("4242")));
}

void tst_Store::findByEmailIgnoresCaseAndSpaces()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);

    ProspectStore store(db());
    const std::optional<Prospect> found = store.findByEmail(QStringLiteral("  ADA.lovelace@example.COM "));
    QVERIFY(found.has_value());
    QCOMPARE(found->id, id);

    QVERIFY(!store.findByEmail(QStringLiteral("ada@example.com")).has_value());
    QVERIFY(!store.findByEmail(QString()).has_value());
}

void tst_Store::findByIdsSkipsUnknown()
{
    ProspectStore store(db());
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        Prospect prospect = sampleProspect();
        prospect.email = QStringLiteral("person%1@example.com").arg(i);
        const Result<qint64> id = store.insert(prospect);
        QVERIFY(id.ok());
        ids << id.value();
    }

    const QList<Prospect> found = store.findByIds({ids.at(2), 999, ids.at(0), ids.at(2)});
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).id, ids.at(0));
    QCOMPARE(found.at(1).id, ids.at(2));
    QCOMPARE(store.count(), 3);
}

void tst_Store::addMemoryEnqueuesNothing()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    clearQueue();

    ProspectStore store(db());
    const Result<qint64> memory = store.addMemory(id, QStringLiteral("favourite_colour"), QStringLiteral("green"));
    QVERIFY2(memory.ok(), qPrintable(memory.error().message));

    QCOMPARE(queueRows(), 0);
    const QList<Memory> memories = store.memories(id);
    QCOMPARE(memories.size(), 1);
    QCOMPARE(memories.at(0).key, QStringLiteral("favourite_colour"));
    QCOMPARE(memories.at(0).value, QStringLiteral("green"));
    QVERIFY(memories.at(0).capturedAt.isValid());
}

void tst_Store::addChatSessionEnqueues()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    clearQueue();

    const QDateTime started(QDate(2024, 9, 1), QTime(10, 0), Qt::UTC);
    const QDateTime summarized(QDate(2024, 9, 1), QTime(10, 15), Qt::UTC);

    ProspectStore store(db());
    const Result<qint64> session =
        store.addChatSession(id, started, QStringLiteral("Asked about pricing."), summarized);
    QVERIFY2(session.ok(), qPrintable(session.error().message));

    QCOMPARE(queueRows(), 1);
    QCOMPARE(queueReason(id), QStringLiteral("chat_session"));

    const QList<ChatSession> sessions = store.chatSessions(id);
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions.at(0).startedAt, started);
    QCOMPARE(sessions.at(0).summary, QStringLiteral("Asked about pricing."));
    QCOMPARE(sessions.at(0).summaryAt, summarized);
}

void tst_Store::addActivityEnqueues()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    QCOMPARE(queueGeneration(id), 1);

    const QDateTime occurred(QDate(2024, 9, 2), QTime(9, 30), Qt::UTC);

    ProspectStore store(db());
    const Result<qint64> activity =
        store.addActivity(id, ActivityKind::MeetingBooked, occurred, QStringLiteral("Demo call"));
    QVERIFY2(activity.ok(), qPrintable(activity.error().message));

    QCOMPARE(queueRows(), 1);
    QCOMPARE(queueGeneration(id), 2);
    QCOMPARE(queueReason(id), QStringLiteral("activity"));

    const QList<Activity> activities = store.activities(id);
    QCOMPARE(activities.size(), 1);
    QCOMPARE(activities.at(0).kind, QString(ActivityKind::MeetingBooked));
    QCOMPARE(activities.at(0).occurredAt, occurred);
}

void tst_Store::addActivityRejectsUnknownKind()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    clearQueue();

    ProspectStore store(db());
    const Result<qint64> activity =
        store.addActivity(id, QStringLiteral("page_view"), QDateTime::currentDateTimeUtc());
    QVERIFY(!activity.ok());
    QCOMPARE(activity.error().code, QStringLiteral("invalid_activity_kind"));
    QVERIFY(activity.error().message.contains(QStringLiteral("page_view")));
    QCOMPARE(queueRows(), 0);
}

void tst_Store::addProfileMatchEnqueues()
{
    const qint64 id = insertSample();
    QVERIFY(id > 0);
    clearQueue();

    ProspectStore store(db());
    const Result<qint64> match = store.addProfileMatch(id, QStringLiteral("Mid-market SaaS"), 0.82);
    QVERIFY2(match.ok(), qPrintable(match.error().message));

    QCOMPARE(queueReason(id), QStringLiteral("profile_match"));
    const QList<ProfileMatch> matches = store.profileMatches(id);
    QCOMPARE(matches.size(), 1);
    QCOMPARE(matches.at(0).profile, QStringLiteral("Mid-market SaaS"));
    QVERIFY(matches.at(0).score.has_value());
    QCOMPARE(*matches.at(0).score, 0.82);
}

void tst_Store::addRecordForUnknownProspectFails()
{
    ProspectStore store(db());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("memory for prospect 777 failed")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("chat session for prospect 777 failed")));

    const Result<qint64> memory = store.addMemory(777, QStringLiteral("k"), QStringLiteral("v"));
    QVERIFY(!memory.ok());
    QCOMPARE(memory.error().code, QStringLiteral("db_error"));

    const Result<qint64> session = store.addChatSession(777, QDateTime::currentDateTimeUtc());
    QVERIFY(!session.ok());

    QCOMPARE(queueRows(), 0);
}

void tst_Store::normalizeEmail_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("mixed case") << QStringLiteral("Shelley_Kerluke47@Hotmail.com")
                                << QStringLiteral("shelley_kerluke47@hotmail.com");
    QTest::newRow("surrounding spaces") << QStringLiteral("  ben@example.com\t") << QStringLiteral("ben@example.com");
    QTest::newRow("non-ASCII") << QStringLiteral("ÉLODIE@Exemple.FR") << QStringLiteral("élodie@exemple.fr");
    QTest::newRow("empty") << QString() << QString();
}

void tst_Store::normalizeEmail()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    QCOMPARE(Breezee::normalizeEmail(input), expected);
}

void tst_Store::isUsableEmail_data()
{
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<bool>("usable");

    QTest::newRow("plain") << QStringLiteral("ben@example.com") << true;
    QTest::newRow("plus and dots") << QStringLiteral("ben.sample+crm@mail.example.co.uk") << true;
    QTest::newRow("non-ASCII") << QStringLiteral("élodie@exemple.fr") << true;
    QTest::newRow("two at signs") << QStringLiteral("ben.sample@@example.com") << false;
    QTest::newRow("no at sign") << QStringLiteral("ben.example.com") << false;
    QTest::newRow("empty local part") << QStringLiteral("@example.com") << false;
    QTest::newRow("domain without dot") << QStringLiteral("ben@localhost") << false;
    QTest::newRow("empty domain label") << QStringLiteral("ben@example..com") << false;
    QTest::newRow("domain ends with dot") << QStringLiteral("ben@example.com.") << false;
    QTest::newRow("inner space") << QStringLiteral("ben sample@example.com") << false;
    QTest::newRow("tab") << QStringLiteral("ben@exam\tple.com") << false;
    QTest::newRow("two addresses") << QStringLiteral("a@example.com;b@example.com") << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_Store::isUsableEmail()
{
    QFETCH(QString, normalized);
    QFETCH(bool, usable);

    QCOMPARE(Breezee::isUsableEmail(normalized), usable);
}

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
