#pragma once

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace Breezee {

struct Prospect;
struct ChatSession;
struct Activity;

// HubSpot's limit for hs_note_body, in UTF-16 code units.
inline constexpr int kMaxNoteBodyLength = 65536;

// Kinds of timeline note, stored in sync_notes.source_kind.
namespace NoteKind {
inline constexpr char ChatSummary[] = "chat_summary";
inline constexpr char MeetingBooked[] = "meeting_booked";
inline constexpr char FormSubmission[] = "form_submission";
inline constexpr char Created[] = "created";
inline constexpr char ContactActivity[] = "contact_activity";
} // namespace NoteKind

// One note to post: what it is about, when it happened, and its HTML body.
struct PlannedNote {
    QString kind;
    QString sourceId;
    QDateTime occurredAt;
    QString body;

    QString key() const { return kind + QLatin1Char('/') + sourceId; }
};

// The state HubSpot last received for a prospect, from sync_state.
struct SyncedProfile {
    bool everSynced = false;
    QString lifecycleStage;
    std::optional<int> leadScore;
};

// Turns plain text into a note body: HTML-escaped, so that "<b>" and "&"
// show as typed, and cut on a code-point boundary below HubSpot's limit.
QString noteBody(const QString &plainText);

// Lists the notes a prospect needs that are not in `alreadyPlanned`, the
// keys of its sync_notes rows. Each chat summary, booked meeting and
// contact-form submission gets one note, the first sync a "Created" note,
// and a changed lifecycle stage or lead score a "Contact Activity" note.
// Each note's time is the event's own time.
QList<PlannedNote> planNotes(const Prospect &prospect, const QList<ChatSession> &chats,
                             const QList<Activity> &activities, const SyncedProfile &synced,
                             const QSet<QString> &alreadyPlanned);

} // namespace Breezee
