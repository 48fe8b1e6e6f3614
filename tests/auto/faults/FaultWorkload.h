#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Breezee::Test {

// One chat whose summary the sync posts as a timeline note.
struct WorkloadChat {
    QString summary;
    QDateTime summaryAt;
};

// One local prospect of the workload, as written into the store.
struct WorkloadProspect {
    QString email;
    QString firstName;
    QString lastName;
    QString phone;
    QString jobTitle;
    QString companyName;
    QString sourceChannel;
    int leadScore = 0;
    QDateTime createdAt;
    QDateTime lastActivityAt;
    QList<WorkloadChat> chats;
};

// A contact that HubSpot has before the first sync, seeded into the
// sandbox. Its firstname, jobtitle and lifecyclestage must survive every
// sync, because the sync only fills blank fields.
struct RemoteContactSeed {
    QString email;
    QJsonObject properties;
};

// What a finished run left behind, compared with what the workload
// expects. Every count is 0 in a correct run, except `synced` and
// `distinctEmails`.
struct WorkloadOutcome {
    int synced = 0;              // prospects whose sync_state is 'synced'
    int distinctEmails = 0;      // expected HubSpot contacts
    int lost = 0;                // distinct emails with no HubSpot contact
    int duplicated = 0;          // contacts beyond one per distinct email
    int notesDuplicated = 0;     // expected notes posted more than once
    int notesUnexpected = 0;     // notes that no prospect calls for
    int notesMissing = 0;        // expected notes that HubSpot does not have
    int orphanNotes = 0;         // notes associated to no contact
    int fieldViolations = 0;     // contacts whose values break the sync rules
    int companiesDuplicated = 0; // companies beyond one per distinct name
    int queued = -1;             // sync_queue rows left
    QStringList problems;        // the first few findings, for messages

    QString describe() const;
};

// The fault tests' workload: 1,000 prospects in the local store, 980
// distinct emails (20 prospects repeat another's address in capitals), 40
// company names, one or two chat summaries each, and 20 emails that
// HubSpot already has with other values.
class FaultWorkload {
public:
    FaultWorkload();

    const QList<WorkloadProspect> &prospects() const { return m_prospects; }
    const QList<RemoteContactSeed> &remoteContacts() const { return m_remoteContacts; }
    int distinctEmailCount() const;

    // Creates the store at `databasePath` (SQLite) with every prospect and
    // chat session, all queued for the sync.
    Status writeStore(const QString &databasePath) const;

    // Compares the sandbox's /_sandbox/state dump and the store with the
    // workload.
    WorkloadOutcome check(const QJsonObject &sandboxState, const QString &databasePath) const;

private:
    void checkContacts(const QJsonArray &contacts, WorkloadOutcome &outcome) const;
    void checkNotes(const QJsonObject &sandboxState, WorkloadOutcome &outcome) const;
    void checkStore(const QString &databasePath, WorkloadOutcome &outcome) const;

    QList<WorkloadProspect> m_prospects;
    QList<RemoteContactSeed> m_remoteContacts;
};

// Returns the note body the sync writes for plain text, as NotePlanner
// builds it.
QString expectedNoteBody(const QString &plainText);

} // namespace Breezee::Test
