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
    void contactsClosedConnectionIsError();
    void searchKeyFoldsCaseAndAccents_data();
    void searchKeyFoldsCaseAndAccents();
    void activityPollAddsNewestFirst();
    void activityKeepsMaximumRows();
    void activityUnknownLevelShownAsIs();
    void activityFilterByMinimumLevel();
    void activityClosedConnectionIsError();

private:
    qint64 addProspect(const QString &name);

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
    ContactsFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, kTesterMode);
    QVERIFY(!model.refresh());

    filter.setSearchText(QStringLiteral("ada"));
    QCOMPARE(filter.rowCount(), 2);

    filter.setSearchText(QStringLiteral("  ADA   engines "));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, ContactsModel::NameColumn).data().toString(), QStringLiteral("Ada Lovelace"));

    filter.setStatusFilter(ContactSyncStatus::Synced);
    QCOMPARE(filter.rowCount(), 0);

    filter.setStatusFilter(std::nullopt);
    filter.setSearchText(QString());
    QCOMPARE(filter.rowCount(), 2);
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

QTEST_MAIN(tst_GuiModels)
#include "tst_guimodels.moc"
