#include "GuiTestSupport.h"

#include "ActivityModel.h"
#include "ContactsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Breezee;

class tst_GuiModels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void contactsRefreshAppliesDifference();
    void contactsRefreshSkipsUnchangedStore();
    void contactsStatusFromQueueAndState_data();
    void contactsStatusFromQueueAndState();
    void contactsCounts();
    void contactsFilterNeedsEveryWord();
    void contactsFetchInPages();
    void contactsSortInSql_data();
    void contactsSortInSql();
    void contactsSyncResultUpdatesInPlace();
    void contactsStatusFilterFollowsSync();
    void contactsDeletionRemovesRow();
    void contactsLoadProspectFetchesPages();
    void contactsSearchFindsEmailAmong100k();
    void contactsClosedConnectionIsError();
    void searchKeyFoldsCaseAndAccents_data();
    void searchKeyFoldsCaseAndAccents();
    void activityPollAddsNewestFirst();
    void activityKeepsMaximumRows();
    void activityUnknownLevelShownAsIs();
    void activityFilterByMinimumLevel();
    void activityClosedConnectionIsError();
    void activityFilterInSql();
    void activityFilterReachesOlderEntries();

private:
    qint64 addProspect(const QString &name);
    void addManyProspects(int count);

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<GuiTest::StoreWriter> m_store;
    std::unique_ptr<Database> m_reader;
};

namespace {

const QString kReaderConnection = QStringLiteral("test-reader");
const auto kTesterMode = QAbstractItemModelTester::FailureReportingMode::QtTest;

} // namespace

void tst_GuiModels::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_GuiModels::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());

    const Profile profile = GuiTest::makeProfile(m_directory->path());
    m_store = std::make_unique<GuiTest::StoreWriter>(profile);
    QVERIFY(m_store->isOpen());

    m_reader = std::make_unique<Database>(kReaderConnection);
    const Status status = m_reader->open(profile.database);
    QVERIFY2(!status, status ? qPrintable(status->message) : "");
}

void tst_GuiModels::cleanup()
{
    m_reader.reset();
    m_store.reset();
    m_directory.reset();
}

qint64 tst_GuiModels::addProspect(const QString &name)
{
    return m_store->insertProspect(name, QStringLiteral("Tester"), name.toLower() + QStringLiteral("@example.com"),
                                   QStringLiteral("Example Ltd"));
}

// Inserts prospects "Bulk <n>" with prospect<n>@bulk.example in one
// transaction; row by row with autocommit would take minutes.
void tst_GuiModels::addManyProspects(int count)
{
    QSqlDatabase db = QSqlDatabase::database(QStringLiteral("test-writer"));
    QVERIFY(db.transaction());

    QSqlQuery insert(db);
    QVERIFY(insert.prepare(QStringLiteral("INSERT INTO prospects (email, email_normalized, first_name, last_name, "
                                          "company_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")));
    const QString now = storeTimestamp();
    for (int index = 0; index < count; ++index) {
        const QString email = QStringLiteral("prospect%1@bulk.example").arg(index);
        insert.addBindValue(email);
        insert.addBindValue(email);
        insert.addBindValue(QStringLiteral("Bulk"));
        insert.addBindValue(QString::number(index));
        insert.addBindValue(QStringLiteral("Company %1").arg(index % 500));
        insert.addBindValue(now);
        insert.addBindValue(now);
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    }
    QVERIFY(db.commit());
}

void tst_GuiModels::contactsRefreshAppliesDifference()
{
    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);

    const qint64 ada = addProspect(QStringLiteral("Ada"));
    const qint64 bob = addProspect(QStringLiteral("Bob"));
    const qint64 cy = addProspect(QStringLiteral("Cy"));
    QVERIFY(!model.refresh());
    QCOMPARE(model.rowCount(), 3);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Bob goes, Dee arrives, Cy gets synced and Ada stays as she is.
    m_store->markSynced(cy, QStringLiteral("51009"));
    m_store->dequeue(bob);
    QSqlQuery remove(QSqlDatabase::database(QStringLiteral("test-writer")));
    QVERIFY(remove.exec(QStringLiteral("DELETE FROM prospects WHERE id = %1").arg(bob)));
    const qint64 dee = addProspect(QStringLiteral("Dee"));

    QVERIFY(!model.refresh());
    QCOMPARE(resets.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.contact(0).prospectId, ada);
    QCOMPARE(model.contact(1).prospectId, cy);
    QCOMPARE(model.contact(1).status, ContactSyncStatus::Synced);
    QCOMPARE(model.contact(2).prospectId, dee);
    QCOMPARE(model.rowOfProspect(dee), 2);
    QCOMPARE(model.rowOfProspect(bob), -1);
}

void tst_GuiModels::contactsRefreshSkipsUnchangedStore()
{
    ContactsModel model(kReaderConnection);
    addProspect(QStringLiteral("Ada"));

    QSignalSpy refreshed(&model, &ContactsModel::refreshed);
    QVERIFY(!model.refreshIfChanged());
    QCOMPARE(refreshed.size(), 1);

    QVERIFY(!model.refreshIfChanged());
    QCOMPARE(refreshed.size(), 1);

    addProspect(QStringLiteral("Bob"));
    QVERIFY(!model.refreshIfChanged());
    QCOMPARE(refreshed.size(), 2);
    QCOMPARE(model.rowCount(), 2);
}

void tst_GuiModels::contactsStatusFromQueueAndState_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("queued");
    QTest::addColumn<int>("status");

    QTest::newRow("new, queued") << QString() << true << int(ContactSyncStatus::Queued);
    QTest::newRow("new, not queued") << QString() << false << int(ContactSyncStatus::NotSynced);
    QTest::newRow("synced") << QStringLiteral("synced") << false << int(ContactSyncStatus::Synced);
    QTest::newRow("synced, queued again") << QStringLiteral("synced") << true << int(ContactSyncStatus::Queued);
    QTest::newRow("failed") << QStringLiteral("failed") << false << int(ContactSyncStatus::Failed);
    QTest::newRow("failed, queued for retry") << QStringLiteral("failed") << true << int(ContactSyncStatus::Queued);
    QTest::newRow("pending") << QStringLiteral("pending") << false << int(ContactSyncStatus::NotSynced);
}

void tst_GuiModels::contactsStatusFromQueueAndState()
{
    QFETCH(QString, state);
    QFETCH(bool, queued);
    QFETCH(int, status);

    const qint64 id = addProspect(QStringLiteral("Ada"));
    if (!state.isEmpty()) {
        QSqlQuery query(QSqlDatabase::database(QStringLiteral("test-writer")));
        query.prepare(QStringLiteral("INSERT INTO sync_state (prospect_id, status, last_error) VALUES (?, ?, ?)"));
        query.addBindValue(id);
        query.addBindValue(state);
        query.addBindValue(state == QLatin1String("failed") ? QStringLiteral("INVALID_EMAIL") : QString());
        QVERIFY(query.exec());
    }
    if (!queued)
        m_store->dequeue(id);

    ContactsModel model(kReaderConnection);
    QVERIFY(!model.refresh());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(int(model.contact(0).status), status);

    const QModelIndex index = model.index(0, ContactsModel::StatusColumn);
    QCOMPARE(index.data().toString(), contactSyncStatusText(ContactSyncStatus(status)));
    QVERIFY(!index.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!index.data(Qt::ToolTipRole).toString().isEmpty());
    if (state == QLatin1String("failed"))
        QVERIFY(index.data(Qt::ToolTipRole).toString().contains(QStringLiteral("INVALID_EMAIL")));
}

void tst_GuiModels::contactsCounts()
{
    const qint64 synced = addProspect(QStringLiteral("Ada"));
    const qint64 failed = addProspect(QStringLiteral("Bob"));
    const qint64 fresh = addProspect(QStringLiteral("Cy"));
    addProspect(QStringLiteral("Dee"));
    m_store->markSynced(synced, QStringLiteral("51010"));
    m_store->markFailed(failed, QStringLiteral("INVALID_EMAIL"));
    m_store->dequeue(fresh);

    ContactsModel model(kReaderConnection);
    QVERIFY(!model.refresh());

    const ContactCounts counts = model.counts();
    QCOMPARE(counts.total, 4);
    QCOMPARE(counts.synced, 1);
    QCOMPARE(counts.failed, 1);
    QCOMPARE(counts.notSynced, 1);
    QCOMPARE(counts.queued, 1);
}

void tst_GuiModels::contactsFilterNeedsEveryWord()
{
    m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"), QStringLiteral("ada@engines.example"),
                            QStringLiteral("Engines Ltd"));
    m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Byron"), QStringLiteral("byron@poets.example"),
                            QStringLiteral("Poets"));

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    QVERIFY(!model.refresh());

    model.setSearchText(QStringLiteral("ada"));
    QVERIFY(!model.lastStatus());
    QCOMPARE(model.rowCount(), 2);

    model.setSearchText(QStringLiteral("  ADA   engines "));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.matchingCount(), 1);
    QCOMPARE(model.index(0, ContactsModel::NameColumn).data().toString(), QStringLiteral("Ada Lovelace"));

    model.setStatusFilter(ContactSyncStatus::Synced);
    QCOMPARE(model.rowCount(), 0);

    model.setStatusFilter(std::nullopt);
    model.setSearchText(QString());
    QCOMPARE(model.rowCount(), 2);
}

void tst_GuiModels::contactsFetchInPages()
{
    addManyProspects(450);

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    QVERIFY(!model.refresh());

    QCOMPARE(model.matchingCount(), 450);
    QCOMPARE(model.counts().total, 450);
    QCOMPARE(model.rowCount(), ContactsModel::kPageSize);
    QVERIFY(model.canFetchMore({}));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * ContactsModel::kPageSize);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), ContactsModel::kPageSize);

    model.fetchMore({});
    QCOMPARE(model.rowCount(), 450);
    QVERIFY(!model.canFetchMore({}));

    // Rows stay in prospect id order across the pages.
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.contact(row - 1).prospectId < model.contact(row).prospectId);

    // A refresh keeps every loaded row rather than falling back to one page.
    QVERIFY(!model.refresh());
    QCOMPARE(model.rowCount(), 450);
}

void tst_GuiModels::contactsSortInSql_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<QStringList>("emails");

    QTest::newRow("name ascending, accents folded")
        << int(ContactsModel::NameColumn) << int(Qt::AscendingOrder)
        << QStringList{"ada@example.com", "emile@example.com", "erin@example.com", "zoe@example.com"};
    QTest::newRow("name descending")
        << int(ContactsModel::NameColumn) << int(Qt::DescendingOrder)
        << QStringList{"zoe@example.com", "erin@example.com", "emile@example.com", "ada@example.com"};
    QTest::newRow("hubspot id numeric")
        << int(ContactsModel::RemoteIdColumn) << int(Qt::AscendingOrder)
        << QStringList{"emile@example.com", "erin@example.com", "zoe@example.com", "ada@example.com"};
    QTest::newRow("status")
        << int(ContactsModel::StatusColumn) << int(Qt::AscendingOrder)
        << QStringList{"erin@example.com", "zoe@example.com", "ada@example.com", "emile@example.com"};
}

void tst_GuiModels::contactsSortInSql()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(QStringList, emails);

    const qint64 zoe = m_store->insertProspect(QStringLiteral("Zoe"), QStringLiteral("Zed"),
                                               QStringLiteral("zoe@example.com"), QString());
    const qint64 emile = m_store->insertProspect(QString::fromUtf8("\u00c9mile"), QStringLiteral("Durand"),
                                                 QStringLiteral("emile@example.com"), QString());
    const qint64 ada = m_store->insertProspect(QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                               QStringLiteral("ada@example.com"), QString());
    m_store->insertProspect(QStringLiteral("Erin"), QStringLiteral("Early"), QStringLiteral("erin@example.com"),
                            QString());
    m_store->markSynced(ada, QStringLiteral("100"));
    m_store->markSynced(zoe, QStringLiteral("99"));
    m_store->markFailed(emile, QStringLiteral("INVALID_EMAIL"));

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    model.sort(column, Qt::SortOrder(order));
    QVERIFY(!model.refresh());

    QStringList shown;
    for (int row = 0; row < model.rowCount(); ++row)
        shown << model.contact(row).email;
    QCOMPARE(shown, emails);
}

void tst_GuiModels::contactsSyncResultUpdatesInPlace()
{
    const qint64 ada = addProspect(QStringLiteral("Ada"));
    addProspect(QStringLiteral("Bob"));

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    model.sort(ContactsModel::NameColumn);
    QVERIFY(!model.refresh());
    QCOMPARE(model.contact(0).status, ContactSyncStatus::Queued);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy refreshed(&model, &ContactsModel::refreshed);

    m_store->markSynced(ada, QStringLiteral("51020"));
    QVERIFY(!model.refreshIfChanged());

    QCOMPARE(refreshed.size(), 1);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(model.contact(0).status, ContactSyncStatus::Synced);
    QCOMPARE(model.contact(0).remoteId, QStringLiteral("51020"));
    QCOMPARE(model.counts().synced, 1);
    QCOMPARE(model.counts().queued, 1);
}

void tst_GuiModels::contactsStatusFilterFollowsSync()
{
    const qint64 ada = addProspect(QStringLiteral("Ada"));
    const qint64 bob = addProspect(QStringLiteral("Bob"));
    const qint64 cy = addProspect(QStringLiteral("Cy"));

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    model.setStatusFilter(ContactSyncStatus::Queued);
    QVERIFY(!model.refresh());
    QCOMPARE(model.rowCount(), 3);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    m_store->markSynced(bob, QStringLiteral("51021"));
    QVERIFY(!model.refreshIfChanged());

    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.contact(0).prospectId, ada);
    QCOMPARE(model.contact(1).prospectId, cy);
    QCOMPARE(model.matchingCount(), 2);
}

void tst_GuiModels::contactsDeletionRemovesRow()
{
    addProspect(QStringLiteral("Ada"));
    const qint64 bob = addProspect(QStringLiteral("Bob"));
    addProspect(QStringLiteral("Cy"));

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    QVERIFY(!model.refresh());

    QSqlQuery remove(QSqlDatabase::database(QStringLiteral("test-writer")));
    QVERIFY(remove.exec(QStringLiteral("DELETE FROM prospects WHERE id = %1").arg(bob)));

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(!model.refreshIfChanged());
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfProspect(bob), -1);
    QCOMPARE(model.counts().total, 2);
}

void tst_GuiModels::contactsLoadProspectFetchesPages()
{
    addManyProspects(450);

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    QVERIFY(!model.refresh());
    QCOMPARE(model.rowCount(), ContactsModel::kPageSize);

    const qint64 last = model.contact(0).prospectId + 449;
    QCOMPARE(model.rowOfProspect(last), -1);
    QCOMPARE(model.loadProspect(last), 449);
    QCOMPARE(model.rowCount(), 450);
    QCOMPARE(model.contact(449).prospectId, last);

    model.setSearchText(QStringLiteral("prospect17@"));
    QCOMPARE(model.loadProspect(last), -1);
}

void tst_GuiModels::contactsSearchFindsEmailAmong100k()
{
    const int count = 100000;
    addManyProspects(count);

    ContactsModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    model.sort(ContactsModel::NameColumn);
    QVERIFY(!model.refresh());
    QCOMPARE(model.counts().total, count);
    QCOMPARE(model.matchingCount(), count);
    QCOMPARE(model.rowCount(), ContactsModel::kPageSize);

    model.setSearchText(QStringLiteral("Prospect73219@Bulk.Example"));
    QVERIFY(!model.lastStatus());
    QCOMPARE(model.matchingCount(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.contact(0).email, QStringLiteral("prospect73219@bulk.example"));
    QCOMPARE(model.contact(0).name, QStringLiteral("Bulk 73219"));

    // Part of an address matches every prospect that contains it.
    model.setSearchText(QStringLiteral("prospect7321"));
    QCOMPARE(model.matchingCount(), 11);

    model.setSearchText(QString());
    QCOMPARE(model.matchingCount(), count);
    QCOMPARE(model.rowCount(), ContactsModel::kPageSize);
}

void tst_GuiModels::contactsClosedConnectionIsError()
{
    ContactsModel model(QStringLiteral("no-such-connection"));
    const Status status = model.refresh();
    QVERIFY(status.has_value());
    QCOMPARE(status->code, QStringLiteral("db_not_open"));
    QCOMPARE(model.rowCount(), 0);
}

void tst_GuiModels::searchKeyFoldsCaseAndAccents_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");

    QTest::newRow("ascii") << QStringLiteral("Ada LOVELACE") << QStringLiteral("ada lovelace");
    QTest::newRow("acute") << QString::fromUtf8("Émile") << QStringLiteral("emile");
    QTest::newRow("umlaut") << QString::fromUtf8("Jürgen Müller") << QStringLiteral("jurgen muller");
    QTest::newRow("cedilla") << QString::fromUtf8("François") << QStringLiteral("francois");
    QTest::newRow("sharp s") << QString::fromUtf8("Straße") << QStringLiteral("strasse");
    QTest::newRow("empty") << QString() << QString();
}

void tst_GuiModels::searchKeyFoldsCaseAndAccents()
{
    QFETCH(QString, text);
    QFETCH(QString, key);

    QCOMPARE(ContactsModel::searchKeyFor(text), key);
}

void tst_GuiModels::activityPollAddsNewestFirst()
{
    ActivityModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);

    const Result<int> empty = model.poll();
    QVERIFY(empty.ok());
    QCOMPARE(empty.value(), 0);

    const qint64 prospect = addProspect(QStringLiteral("Ada"));
    const qint64 first = m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), prospect,
                                            QStringLiteral("first"));
    const qint64 second = m_store->insertLog(QStringLiteral("warning"), QStringLiteral("updated"), prospect,
                                             QStringLiteral("second"));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const Result<int> added = model.poll();
    QVERIFY(added.ok());
    QCOMPARE(added.value(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.entry(0).id, second);
    QCOMPARE(model.entry(1).id, first);
    QCOMPARE(model.lastSeenId(), second);
    QCOMPARE(model.rowOfEntry(first), 1);
    QCOMPARE(model.index(0, ActivityModel::ProspectColumn).data().toString(), QStringLiteral("ada@example.com"));

    const Result<int> none = model.poll();
    QVERIFY(none.ok());
    QCOMPARE(none.value(), 0);
    QCOMPARE(model.rowCount(), 2);
}

void tst_GuiModels::activityKeepsMaximumRows()
{
    ActivityModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    model.setMaximumRows(5);

    QList<qint64> ids;
    for (int index = 0; index < 8; ++index)
        ids << m_store->insertLog(QStringLiteral("info"), QStringLiteral("batch"), QVariant(),
                                  QStringLiteral("entry %1").arg(index));

    const Result<int> firstPoll = model.poll();
    QVERIFY(firstPoll.ok());
    QCOMPARE(firstPoll.value(), 5);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.entry(0).id, ids.at(7));
    QCOMPARE(model.entry(4).id, ids.at(3));

    for (int index = 8; index < 11; ++index)
        ids << m_store->insertLog(QStringLiteral("info"), QStringLiteral("batch"), QVariant(),
                                  QStringLiteral("entry %1").arg(index));

    const Result<int> secondPoll = model.poll();
    QVERIFY(secondPoll.ok());
    QCOMPARE(secondPoll.value(), 3);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.entry(0).id, ids.at(10));
    QCOMPARE(model.entry(4).id, ids.at(6));

    model.setMaximumRows(2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.entry(1).id, ids.at(9));
}

void tst_GuiModels::activityUnknownLevelShownAsIs()
{
    m_store->insertLog(QStringLiteral("debug"), QStringLiteral("probe"), QVariant(), QStringLiteral("odd level"));

    ActivityModel model(kReaderConnection);
    QVERIFY(model.poll().ok());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ActivityModel::LevelColumn).data().toString(), QStringLiteral("debug"));
    QCOMPARE(model.index(0, ActivityModel::KindColumn).data().toString(), QStringLiteral("probe"));
    QCOMPARE(model.index(0, ActivityModel::LevelColumn).data(ActivityModel::LevelRole).toInt(),
             int(LogLevel::Info));
}

void tst_GuiModels::activityFilterByMinimumLevel()
{
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), QVariant(), QStringLiteral("a"));
    m_store->insertLog(QStringLiteral("warning"), QStringLiteral("updated"), QVariant(), QStringLiteral("b"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), QVariant(), QStringLiteral("c"));

    ActivityModel model(kReaderConnection);
    ActivityFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, kTesterMode);
    QVERIFY(model.poll().ok());

    QCOMPARE(filter.rowCount(), 3);
    filter.setMinimumLevel(LogLevel::Warning);
    QCOMPARE(filter.rowCount(), 2);
    filter.setMinimumLevel(LogLevel::Error);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, ActivityModel::MessageColumn).data().toString(), QStringLiteral("c"));
}

void tst_GuiModels::activityClosedConnectionIsError()
{
    ActivityModel model(QStringLiteral("no-such-connection"));
    const Result<int> result = model.poll();
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QStringLiteral("db_not_open"));
}

void tst_GuiModels::activityFilterInSql()
{
    const qint64 ada = addProspect(QStringLiteral("Ada"));
    const qint64 bob = addProspect(QStringLiteral("Bob"));
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("created"), ada, QStringLiteral("Created 51001"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), bob,
                       QStringLiteral("HubSpot rejected the contact: INVALID_EMAIL"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), ada,
                       QStringLiteral("Updating the contact in HubSpot failed: HTTP 502"));
    m_store->insertLog(QStringLiteral("info"), QStringLiteral("run"), QVariant(), QStringLiteral("Sync started."));

    ActivityModel model(kReaderConnection);
    QAbstractItemModelTester tester(&model, kTesterMode);
    QVERIFY(model.poll().ok());
    QCOMPARE(model.rowCount(), 4);

    QVERIFY(model.setFilter({QStringLiteral("REJECTED"), QString(), 0}).ok());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).prospectId, bob);

    // The search also reads the prospect's email and name.
    QVERIFY(model.setFilter({QStringLiteral("ada tester"), QString(), 0}).ok());
    QCOMPARE(model.rowCount(), 2);

    QVERIFY(model.setFilter({QString(), QStringLiteral("failed"), 0}).ok());
    QCOMPARE(model.rowCount(), 2);

    QVERIFY(model.setFilter({QString(), QStringLiteral("failed"), ada}).ok());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).message, QStringLiteral("Updating the contact in HubSpot failed: HTTP 502"));

    // New entries arrive only when they match.
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), bob, QStringLiteral("other prospect"));
    QCOMPARE(model.poll().value(), 0);
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), ada, QStringLiteral("second failure"));
    QCOMPARE(model.poll().value(), 1);
    QCOMPARE(model.entry(0).message, QStringLiteral("second failure"));

    QVERIFY(model.setFilter({}).ok());
    QCOMPARE(model.rowCount(), 6);
}

void tst_GuiModels::activityFilterReachesOlderEntries()
{
    const qint64 ada = addProspect(QStringLiteral("Ada"));
    m_store->insertLog(QStringLiteral("error"), QStringLiteral("failed"), ada, QStringLiteral("old failure"));
    for (int index = 0; index < 20; ++index)
        m_store->insertLog(QStringLiteral("info"), QStringLiteral("batch"), QVariant(),
                           QStringLiteral("batch %1").arg(index));

    ActivityModel model(kReaderConnection);
    model.setMaximumRows(5);
    QVERIFY(model.poll().ok());
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.rowOfEntry(1), -1);

    QVERIFY(model.setFilter({QString(), QString(), ada}).ok());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).message, QStringLiteral("old failure"));
}

QTEST_MAIN(tst_GuiModels)
#include "tst_guimodels.moc"
