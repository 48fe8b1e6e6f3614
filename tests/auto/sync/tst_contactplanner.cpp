// The fill-blank rule as a pure function: which properties a create or an
// update carries, and the decision recorded for each field.

#include "hubspot/ContactPlanner.h"
#include "store/ProspectStore.h"

#include <QtTest>

using namespace Breezee;

class tst_ContactPlanner : public QObject {
    Q_OBJECT

private slots:
    void updateFillsOnlyBlankFields();
    void secondRunSendsOnlyBreezeeProperties();
    void blankValuesAreNeverSent_data();
    void blankValuesAreNeverSent();
    void createCarriesEmailAndFilledFields();
    void nativeFieldsAreNeverWritten();
};

namespace {

Prospect ada()
{
    Prospect prospect;
    prospect.id = 1;
    prospect.email = QStringLiteral(" Ada@Example.com ");
    prospect.firstName = QStringLiteral("ada");
    prospect.jobTitle = QStringLiteral("Engineer");
    prospect.phone = QStringLiteral("+44 20 7946 0000");
    prospect.leadScore = 72;
    prospect.sourceChannel = QStringLiteral("Website chat");
    prospect.lifecycleStage = QStringLiteral("lead");
    prospect.lastActivityAt = QDateTime(QDate(2025, 3, 14), QTime(8, 30), Qt::UTC);
    prospect.createdAt = QDateTime(QDate(2025, 3, 1), QTime(9, 0), Qt::UTC);
    return prospect;
}

RemoteContact remoteAda()
{
    RemoteContact remote;
    remote.id = QStringLiteral("501");
    remote.properties.insert(QStringLiteral("email"), QStringLiteral("ada@example.com"));
    remote.properties.insert(QStringLiteral("firstname"), QStringLiteral("Ada"));
    remote.properties.insert(QStringLiteral("jobtitle"), QStringLiteral("CTO"));
    remote.properties.insert(QStringLiteral("lifecyclestage"), QStringLiteral("customer"));
    return remote;
}

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

} // namespace

void tst_ContactPlanner::updateFillsOnlyBlankFields()
{
    const ContactPlan plan = planContact(ada(), remoteAda());

    QVERIFY(!plan.create);
    QCOMPARE(plan.remoteId, QStringLiteral("501"));
    QCOMPARE(sortedKeys(plan.properties),
             QStringList({QStringLiteral("breezee_last_activity_date"), QStringLiteral("breezee_score"),
                          QStringLiteral("breezee_source"), QStringLiteral("phone")}));
    QCOMPARE(plan.properties.value(QStringLiteral("phone")).toString(), QStringLiteral("+44 20 7946 0000"));
    QCOMPARE(plan.properties.value(QStringLiteral("breezee_score")).toString(), QStringLiteral("72"));
    QCOMPARE(plan.properties.value(QStringLiteral("breezee_last_activity_date")).toString(),
             QStringLiteral("1741941000000"));

    QCOMPARE(plan.outcomes.value(QStringLiteral("firstname")).decision, FieldDecision::KeptRemote);
    QCOMPARE(plan.outcomes.value(QStringLiteral("firstname")).remoteValue, QStringLiteral("Ada"));
    QCOMPARE(plan.outcomes.value(QStringLiteral("jobtitle")).decision, FieldDecision::KeptRemote);
    QCOMPARE(plan.outcomes.value(QStringLiteral("phone")).decision, FieldDecision::Written);
    QCOMPARE(plan.outcomes.value(QStringLiteral("lastname")).decision, FieldDecision::BlankLocal);
}

void tst_ContactPlanner::secondRunSendsOnlyBreezeeProperties()
{
    RemoteContact remote = remoteAda();
    remote.properties.insert(QStringLiteral("phone"), QStringLiteral("+44 20 7946 0000"));

    const ContactPlan plan = planContact(ada(), remote);

    QCOMPARE(sortedKeys(plan.properties),
             QStringList({QStringLiteral("breezee_last_activity_date"), QStringLiteral("breezee_score"),
                          QStringLiteral("breezee_source")}));
    QCOMPARE(plan.outcomes.value(QStringLiteral("phone")).decision, FieldDecision::AlreadyEqual);
}

void tst_ContactPlanner::blankValuesAreNeverSent_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("null") << QString();
    QTest::newRow("empty") << QStringLiteral("");
    QTest::newRow("spaces") << QStringLiteral("   ");
    QTest::newRow("tab and newline") << QStringLiteral("\t\n");
}

void tst_ContactPlanner::blankValuesAreNeverSent()
{
    QFETCH(QString, value);
    Prospect prospect = ada();
    prospect.phone = value;
    prospect.jobTitle = value;
    prospect.companyName = value;
    prospect.sourceChannel = value;

    for (const std::optional<RemoteContact> &remote : {std::optional<RemoteContact>(), std::optional(RemoteContact{QStringLiteral("7"), {}})}) {
        const ContactPlan plan = planContact(prospect, remote);
        QVERIFY(!plan.properties.contains(QStringLiteral("phone")));
        QVERIFY(!plan.properties.contains(QStringLiteral("jobtitle")));
        QVERIFY(!plan.properties.contains(QStringLiteral("company")));
        QVERIFY(!plan.properties.contains(QStringLiteral("breezee_source")));
        for (auto it = plan.properties.constBegin(); it != plan.properties.constEnd(); ++it)
            QVERIFY2(!it.value().toString().trimmed().isEmpty(), qPrintable(it.key()));
    }
}

void tst_ContactPlanner::createCarriesEmailAndFilledFields()
{
    const ContactPlan plan = planContact(ada(), std::nullopt);

    QVERIFY(plan.create);
    QCOMPARE(plan.properties.value(QStringLiteral("email")).toString(), QStringLiteral("ada@example.com"));
    QCOMPARE(plan.properties.value(QStringLiteral("firstname")).toString(), QStringLiteral("ada"));
    QCOMPARE(plan.properties.value(QStringLiteral("jobtitle")).toString(), QStringLiteral("Engineer"));
    QVERIFY(!plan.properties.contains(QStringLiteral("lastname")));
}

void tst_ContactPlanner::nativeFieldsAreNeverWritten()
{
    for (const std::optional<RemoteContact> &remote : {std::optional<RemoteContact>(), std::optional(remoteAda())}) {
        const ContactPlan plan = planContact(ada(), remote);
        for (const char *name : {"lifecyclestage", "hs_lead_status", "company", "website"})
            QVERIFY2(!plan.properties.contains(QLatin1String(name)), name);
    }
}

QTEST_GUILESS_MAIN(tst_ContactPlanner)
#include "tst_contactplanner.moc"
