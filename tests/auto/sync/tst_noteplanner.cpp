// Which timeline notes a prospect needs, their times and their bodies.

#include "hubspot/NotePlanner.h"
#include "store/ProspectStore.h"

#include <QTimeZone>
#include <QtTest>

using namespace Breezee;

class tst_NotePlanner : public QObject {
    Q_OBJECT

private slots:
    void chatSummaryUsesItsOwnTime();
    void bodyShowsMarkupAsText();
    void longBodyCutsOnCodePoint();
    void createdOnlyOnFirstSync();
    void plannedNotesAreNotRepeated();
    void stageChangeBecomesContactActivity();
    void scoreChangeBecomesContactActivity();
    void activitiesBecomeNotes();
};

namespace {

Prospect ada()
{
    Prospect prospect;
    prospect.id = 7;
    prospect.email = QStringLiteral("ada@example.com");
    prospect.firstName = QStringLiteral("Ada");
    prospect.lastName = QStringLiteral("Example");
    prospect.sourceChannel = QStringLiteral("Website chat");
    prospect.createdAt = QDateTime(QDate(2025, 3, 1), QTime(9, 0), Qt::UTC);
    prospect.updatedAt = QDateTime(QDate(2025, 3, 20), QTime(10, 0), Qt::UTC);
    return prospect;
}

ChatSession expoChat()
{
    ChatSession chat;
    chat.id = 3;
    chat.prospectId = 7;
    chat.startedAt = QDateTime(QDate(2025, 3, 14), QTime(9, 0), QTimeZone("Europe/Berlin")).toUTC();
    chat.summary = QStringLiteral("Met at Example Expo; wants pricing <b>soon</b> & a demo");
    chat.summaryAt = QDateTime(QDate(2025, 3, 14), QTime(9, 30), QTimeZone("Europe/Berlin")).toUTC();
    return chat;
}

SyncedProfile syncedBefore(const QString &stage = {}, std::optional<int> score = std::nullopt)
{
    SyncedProfile profile;
    profile.everSynced = true;
    profile.lifecycleStage = stage;
    profile.leadScore = score;
    return profile;
}

} // namespace

void tst_NotePlanner::chatSummaryUsesItsOwnTime()
{
    const QList<PlannedNote> notes = planNotes(ada(), {expoChat()}, {}, syncedBefore(), {});
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.first().kind, QString::fromLatin1(NoteKind::ChatSummary));
    QCOMPARE(notes.first().sourceId, QStringLiteral("3"));
    QCOMPARE(notes.first().occurredAt.toMSecsSinceEpoch(), Q_INT64_C(1741941000000));
}

void tst_NotePlanner::bodyShowsMarkupAsText()
{
    const QList<PlannedNote> notes = planNotes(ada(), {expoChat()}, {}, syncedBefore(), {});
    QCOMPARE(notes.first().body,
             QStringLiteral("Chat summary: Met at Example Expo; wants pricing &lt;b&gt;soon&lt;/b&gt; &amp; a demo"));
}

void tst_NotePlanner::longBodyCutsOnCodePoint()
{
    // An emoji (a surrogate pair) straddles the limit.
    QString text(kMaxNoteBodyLength - 2, QLatin1Char('a'));
    text += QString::fromUtf8("\xF0\x9F\x98\x80") + QStringLiteral("tail");
    const QString body = noteBody(text);

    QVERIFY(body.size() < kMaxNoteBodyLength);
    QVERIFY(!body.back().isHighSurrogate());
    QVERIFY(!body.isEmpty());

    // An entity is not cut in half either.
    QString ampersands(kMaxNoteBodyLength, QLatin1Char('&'));
    const QString escaped = noteBody(ampersands);
    QVERIFY(escaped.size() < kMaxNoteBodyLength);
    QVERIFY(escaped.endsWith(QLatin1String("&amp;")));
}

void tst_NotePlanner::createdOnlyOnFirstSync()
{
    const QList<PlannedNote> first = planNotes(ada(), {}, {}, SyncedProfile{}, {});
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.first().kind, QString::fromLatin1(NoteKind::Created));
    QCOMPARE(first.first().occurredAt, ada().createdAt);
    QVERIFY(first.first().body.contains(QLatin1String("Website chat")));

    QVERIFY(planNotes(ada(), {}, {}, syncedBefore(), {}).isEmpty());
}

void tst_NotePlanner::plannedNotesAreNotRepeated()
{
    const QList<PlannedNote> first = planNotes(ada(), {expoChat()}, {}, SyncedProfile{}, {});
    QCOMPARE(first.size(), 2);

    QSet<QString> keys;
    for (const PlannedNote &note : first)
        keys.insert(note.key());
    QVERIFY(planNotes(ada(), {expoChat()}, {}, SyncedProfile{}, keys).isEmpty());
}

void tst_NotePlanner::stageChangeBecomesContactActivity()
{
    Prospect prospect = ada();
    prospect.lifecycleStage = QStringLiteral("lead");

    const QList<PlannedNote> notes = planNotes(prospect, {}, {}, syncedBefore(QStringLiteral("subscriber")), {});
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.first().kind, QString::fromLatin1(NoteKind::ContactActivity));
    QCOMPARE(notes.first().body, QStringLiteral("Ada Example moved to Lead"));
    QCOMPARE(notes.first().occurredAt, prospect.updatedAt);

    QVERIFY(planNotes(prospect, {}, {}, syncedBefore(QStringLiteral("lead")), {}).isEmpty());
}

void tst_NotePlanner::scoreChangeBecomesContactActivity()
{
    Prospect prospect = ada();
    prospect.leadScore = 80;

    const QList<PlannedNote> notes = planNotes(prospect, {}, {}, syncedBefore(QString(), 55), {});
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.first().body, QStringLiteral("Ada Example's lead score changed from 55 to 80"));

    QVERIFY(planNotes(prospect, {}, {}, syncedBefore(QString(), 80), {}).isEmpty());
}

void tst_NotePlanner::activitiesBecomeNotes()
{
    Activity meeting;
    meeting.id = 11;
    meeting.kind = ActivityKind::MeetingBooked;
    meeting.occurredAt = QDateTime(QDate(2025, 3, 15), QTime(14, 0), Qt::UTC);
    meeting.details = QStringLiteral("Demo call, 30 min");
    Activity form;
    form.id = 12;
    form.kind = ActivityKind::FormSubmission;
    form.occurredAt = QDateTime(QDate(2025, 3, 16), QTime(8, 0), Qt::UTC);

    const QList<PlannedNote> notes = planNotes(ada(), {}, {meeting, form}, syncedBefore(), {});
    QCOMPARE(notes.size(), 2);
    QCOMPARE(notes.at(0).kind, QString::fromLatin1(NoteKind::MeetingBooked));
    QCOMPARE(notes.at(0).body, QStringLiteral("Meeting booked: Demo call, 30 min"));
    QCOMPARE(notes.at(0).occurredAt, meeting.occurredAt);
    QCOMPARE(notes.at(1).kind, QString::fromLatin1(NoteKind::FormSubmission));
    QCOMPARE(notes.at(1).body, QStringLiteral("Contact form submitted"));
}

QTEST_GUILESS_MAIN(tst_NotePlanner)
#include "tst_noteplanner.moc"
