#include "NotePlanner.h"

#include "store/ProspectStore.h"

#include <QCoreApplication>

namespace Breezee {

// The translation context of the note texts.
class NotePlanner {
    Q_DECLARE_TR_FUNCTIONS(Breezee::NotePlanner)
};

namespace {

QString displayName(const Prospect &prospect)
{
    const QString name = (prospect.firstName.trimmed() + QLatin1Char(' ') + prospect.lastName.trimmed()).trimmed();
    return name.isEmpty() ? prospect.email.trimmed() : name;
}

QString stageLabel(const QString &stage)
{
    QString label = stage.trimmed();
    if (!label.isEmpty())
        label[0] = label.at(0).toUpper();
    return label;
}

void addIfNew(QList<PlannedNote> &notes, const QSet<QString> &alreadyPlanned, PlannedNote note)
{
    if (alreadyPlanned.contains(note.key()) || !note.occurredAt.isValid())
        return;
    notes << std::move(note);
}

} // namespace

QString noteBody(const QString &plainText)
{
    QString body = plainText.toHtmlEscaped();
    body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    if (body.size() < kMaxNoteBodyLength)
        return body;

    // Cut below the limit without splitting a surrogate pair or an entity.
    int cut = kMaxNoteBodyLength - 1;
    if (body.at(cut - 1).isHighSurrogate())
        --cut;
    const int entityStart = body.lastIndexOf(QLatin1Char('&'), cut - 1);
    if (entityStart >= 0 && body.indexOf(QLatin1Char(';'), entityStart) >= cut)
        cut = entityStart;
    return body.left(cut);
}

QList<PlannedNote> planNotes(const Prospect &prospect, const QList<ChatSession> &chats,
                             const QList<Activity> &activities, const SyncedProfile &synced,
                             const QSet<QString> &alreadyPlanned)
{
    QList<PlannedNote> notes;

    if (!synced.everSynced) {
        const QString source = prospect.sourceChannel.trimmed().isEmpty() ? NotePlanner::tr("an unknown channel")
                                                                          : prospect.sourceChannel.trimmed();
        addIfNew(notes, alreadyPlanned,
                 {QLatin1String(NoteKind::Created), QStringLiteral("first-sync"), prospect.createdAt,
                  noteBody(NotePlanner::tr("Created in Breezee from %1.").arg(source))});
    }

    for (const ChatSession &chat : chats) {
        if (chat.summary.trimmed().isEmpty())
            continue;
        const QDateTime time = chat.summaryAt.isValid() ? chat.summaryAt : chat.startedAt;
        addIfNew(notes, alreadyPlanned,
                 {QLatin1String(NoteKind::ChatSummary), QString::number(chat.id), time,
                  noteBody(NotePlanner::tr("Chat summary: %1").arg(chat.summary.trimmed()))});
    }

    for (const Activity &activity : activities) {
        const bool meeting = activity.kind == ActivityKind::MeetingBooked;
        const QString kind = QLatin1String(meeting ? NoteKind::MeetingBooked : NoteKind::FormSubmission);
        QString text = meeting ? NotePlanner::tr("Meeting booked") : NotePlanner::tr("Contact form submitted");
        if (!activity.details.trimmed().isEmpty())
            text += QStringLiteral(": ") + activity.details.trimmed();
        addIfNew(notes, alreadyPlanned, {kind, QString::number(activity.id), activity.occurredAt, noteBody(text)});
    }

    if (synced.everSynced) {
        const QDateTime time = prospect.updatedAt.isValid() ? prospect.updatedAt : QDateTime::currentDateTimeUtc();
        const QString stage = prospect.lifecycleStage.trimmed();
        if (!stage.isEmpty() && stage != synced.lifecycleStage.trimmed()) {
            addIfNew(notes, alreadyPlanned,
                     {QLatin1String(NoteKind::ContactActivity), QStringLiteral("stage:%1@%2").arg(stage, time.toString(Qt::ISODateWithMs)),
                      time, noteBody(NotePlanner::tr("%1 moved to %2").arg(displayName(prospect), stageLabel(stage)))});
        }
        if (prospect.leadScore && prospect.leadScore != synced.leadScore) {
            const QString previous = synced.leadScore ? QString::number(*synced.leadScore) : NotePlanner::tr("none");
            addIfNew(notes, alreadyPlanned,
                     {QLatin1String(NoteKind::ContactActivity),
                      QStringLiteral("score:%1@%2").arg(*prospect.leadScore).arg(time.toString(Qt::ISODateWithMs)), time,
                      noteBody(NotePlanner::tr("%1's lead score changed from %2 to %3")
                                   .arg(displayName(prospect), previous)
                                   .arg(*prospect.leadScore))});
        }
    }

    return notes;
}

} // namespace Breezee
