#include "FaultWorkload.h"

#include "hubspot/NotePlanner.h"
#include "store/Database.h"
#include "store/ProspectStore.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>

namespace Breezee::Test {

namespace {

constexpr int kProspectCount = 1000;
constexpr int kCompanyCount = 40;
constexpr int kMaxProblems = 8;

const QDateTime &workloadEpoch()
{
    static const QDateTime epoch(QDate(2025, 1, 6), QTime(9, 0), Qt::UTC);
    return epoch;
}

void addProblem(WorkloadOutcome &outcome, const QString &problem)
{
    if (outcome.problems.size() < kMaxProblems)
        outcome.problems << problem;
}

QString propertyOf(const QJsonObject &contact, const QString &name)
{
    const QJsonValue value = contact.value(QLatin1String("properties")).toObject().value(name);
    return value.isNull() || value.isUndefined() ? QString() : value.toVariant().toString();
}

// Every address that identifies a contact: its email and, after a merge,
// the merged contacts' emails in hs_additional_emails.
QStringList contactEmails(const QJsonObject &contact)
{
    QStringList emails{normalizeEmail(propertyOf(contact, QStringLiteral("email")))};
    const QStringList additional = propertyOf(contact, QStringLiteral("hs_additional_emails"))
                                       .split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &email : additional)
        emails << normalizeEmail(email);
    emails.removeAll(QString());
    emails.removeDuplicates();
    return emails;
}

// hs_timestamp comes back as milliseconds or as ISO 8601.
qint64 timestampMs(const QJsonValue &value)
{
    bool isNumber = false;
    const qint64 ms = value.toVariant().toString().toLongLong(&isNumber);
    if (isNumber)
        return ms;
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QString noteKey(const QString &body, qint64 timestampMs)
{
    return QString::number(timestampMs) + QLatin1Char('|') + body;
}

// The notes a prospect's first sync posts: "Created" and one per chat summary.
QStringList expectedNoteKeys(const WorkloadProspect &prospect)
{
    QStringList keys;
    keys << noteKey(expectedNoteBody(QStringLiteral("Created in Breezee from %1.").arg(prospect.sourceChannel)),
                    prospect.createdAt.toMSecsSinceEpoch());
    for (const WorkloadChat &chat : prospect.chats)
        keys << noteKey(expectedNoteBody(QStringLiteral("Chat summary: %1").arg(chat.summary)),
                        chat.summaryAt.toMSecsSinceEpoch());
    return keys;
}

// True when `actual` is one of the prospects' non-blank values, or blank
// when all of them are blank.
bool matchesOneOf(const QString &actual, const QStringList &localValues)
{
    QStringList usable;
    for (const QString &value : localValues) {
        if (!value.trimmed().isEmpty())
            usable << value.trimmed();
    }
    if (usable.isEmpty())
        return actual.isEmpty();
    return usable.contains(actual);
}

} // namespace

QString expectedNoteBody(const QString &plainText)
{
    return noteBody(plainText);
}

QString WorkloadOutcome::describe() const
{
    QString text = QStringLiteral("synced %1, lost %2, duplicated %3, notes duplicated %4, unexpected notes %5, "
                                  "notes missing %6, orphan notes %7, field violations %8, companies duplicated %9, "
                                  "queued %10")
                       .arg(synced)
                       .arg(lost)
                       .arg(duplicated)
                       .arg(notesDuplicated)
                       .arg(notesUnexpected)
                       .arg(notesMissing)
                       .arg(orphanNotes)
                       .arg(fieldViolations)
                       .arg(companiesDuplicated)
                       .arg(queued);
    if (!problems.isEmpty())
        text += QStringLiteral("; ") + problems.join(QStringLiteral("; "));
    return text;
}

FaultWorkload::FaultWorkload()
{
    const QDateTime epoch = workloadEpoch();
    for (int i = 0; i < kProspectCount; ++i) {
        WorkloadProspect prospect;
        prospect.email = QStringLiteral("prospect%1@fault-workload.example").arg(i);
        // Every 50th prospect repeats an earlier address in capitals: one
        // HubSpot contact must hold both.
        if (i % 50 == 49)
            prospect.email = QStringLiteral("prospect%1@fault-workload.example").arg(i - 25).toUpper();
        prospect.firstName = QStringLiteral("Fay%1").arg(i);
        prospect.lastName = QStringLiteral("Workload");
        if (i % 3 == 0)
            prospect.phone = QStringLiteral("+44 20 7946 %1").arg(i, 4, 10, QLatin1Char('0'));
        if (i % 4 != 0)
            prospect.jobTitle = QStringLiteral("Title %1").arg(i % 7);
        if (i % 5 != 4)
            prospect.companyName = QStringLiteral("Fault Company %1 Ltd").arg(i % kCompanyCount);
        prospect.sourceChannel = i % 2 ? QStringLiteral("Website chat") : QStringLiteral("Expo booth");
        prospect.leadScore = i % 100;
        prospect.createdAt = epoch.addSecs(i);
        prospect.lastActivityAt = epoch.addSecs(3600 + i * 60);
        prospect.chats << WorkloadChat{QStringLiteral("Asked about plan %1 & <b>pricing</b> #%2").arg(i % 9).arg(i),
                                       epoch.addDays(1).addSecs(i * 60)};
        if (i % 3 == 1)
            prospect.chats << WorkloadChat{QStringLiteral("Follow-up call %1 booked").arg(i), epoch.addDays(2).addSecs(i * 60)};
        m_prospects << prospect;

        if (i % 50 == 10) {
            // HubSpot has this person already, with other values and no
            // phone or last name.
            const QJsonObject properties{{QStringLiteral("email"), prospect.email},
                                         {QStringLiteral("firstname"), QStringLiteral("Remote%1").arg(i)},
                                         {QStringLiteral("jobtitle"), QStringLiteral("Remote title")},
                                         {QStringLiteral("lifecyclestage"), QStringLiteral("customer")}};
            m_remoteContacts << RemoteContactSeed{prospect.email, properties};
        }
    }
}

int FaultWorkload::distinctEmailCount() const
{
    QSet<QString> emails;
    for (const WorkloadProspect &prospect : m_prospects)
        emails.insert(normalizeEmail(prospect.email));
    return int(emails.size());
}

Status FaultWorkload::writeStore(const QString &databasePath) const
{
    const QString connectionName = QStringLiteral("fault-workload-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Database database(connectionName);
    if (Status status = database.open(DatabaseConfig::fromString(databasePath)))
        return status;

    ProspectStore store(database.handle());
    if (!beginWriteTransaction(database.handle()))
        return Error{QStringLiteral("workload"), QStringLiteral("cannot start a transaction in %1").arg(databasePath)};

    for (const WorkloadProspect &source : m_prospects) {
        Prospect prospect;
        prospect.email = source.email;
        prospect.firstName = source.firstName;
        prospect.lastName = source.lastName;
        prospect.phone = source.phone;
        prospect.jobTitle = source.jobTitle;
        prospect.companyName = source.companyName;
        prospect.sourceChannel = source.sourceChannel;
        prospect.leadScore = source.leadScore;
        prospect.createdAt = source.createdAt;
        prospect.lastActivityAt = source.lastActivityAt;
        const Result<qint64> id = store.insert(prospect);
        if (!id.ok())
            return id.error();
        for (const WorkloadChat &chat : source.chats) {
            const Result<qint64> chatId = store.addChatSession(id.value(), chat.summaryAt.addSecs(-600), chat.summary,
                                                               chat.summaryAt);
            if (!chatId.ok())
                return chatId.error();
        }
    }

    if (!database.handle().commit())
        return Error{QStringLiteral("workload"), QStringLiteral("commit failed in %1").arg(databasePath)};
    return std::nullopt;
}

WorkloadOutcome FaultWorkload::check(const QJsonObject &sandboxState, const QString &databasePath) const
{
    WorkloadOutcome outcome;
    outcome.distinctEmails = distinctEmailCount();
    checkContacts(sandboxState.value(QLatin1String("contacts")).toArray(), outcome);
    checkNotes(sandboxState, outcome);

    QHash<QString, int> companiesByName;
    const QJsonArray companies = sandboxState.value(QLatin1String("companies")).toArray();
    for (const QJsonValue &company : companies)
        companiesByName[propertyOf(company.toObject(), QStringLiteral("name")).simplified().toLower()] += 1;
    for (auto it = companiesByName.cbegin(); it != companiesByName.cend(); ++it) {
        if (it.value() > 1) {
            outcome.companiesDuplicated += it.value() - 1;
            addProblem(outcome, QStringLiteral("company \"%1\" exists %2 times").arg(it.key()).arg(it.value()));
        }
    }

    checkStore(databasePath, outcome);
    return outcome;
}

void FaultWorkload::checkContacts(const QJsonArray &contacts, WorkloadOutcome &outcome) const
{
    QHash<QString, QList<const WorkloadProspect *>> prospectsByEmail;
    for (const WorkloadProspect &prospect : m_prospects)
        prospectsByEmail[normalizeEmail(prospect.email)] << &prospect;
    QHash<QString, QString> remoteFirstNames;
    for (const RemoteContactSeed &seed : m_remoteContacts)
        remoteFirstNames.insert(normalizeEmail(seed.email), seed.properties.value(QLatin1String("firstname")).toString());

    QHash<QString, int> contactsByEmail;
    for (const QJsonValue &value : contacts) {
        const QJsonObject contact = value.toObject();
        const QStringList emails = contactEmails(contact);
        QList<const WorkloadProspect *> owners;
        for (const QString &email : emails) {
            contactsByEmail[email] += 1;
            owners += prospectsByEmail.value(email);
        }
        if (owners.isEmpty()) {
            addProblem(outcome, QStringLiteral("contact %1 (%2) belongs to no prospect")
                                    .arg(contact.value(QLatin1String("id")).toString(), emails.join(QLatin1Char(','))));
            outcome.duplicated += 1;
            continue;
        }

        QStringList firstNames, lastNames, phones, titles, sources, scores;
        for (const WorkloadProspect *owner : std::as_const(owners)) {
            firstNames << owner->firstName;
            lastNames << owner->lastName;
            phones << owner->phone;
            titles << owner->jobTitle;
            sources << owner->sourceChannel;
            scores << QString::number(owner->leadScore);
        }

        // A contact HubSpot already had keeps its values: the sync fills
        // blanks only. A merged contact keeps the primary's values.
        QString remoteFirstName;
        for (const QString &email : emails)
            remoteFirstName = remoteFirstName.isEmpty() ? remoteFirstNames.value(email) : remoteFirstName;
        const bool merged = emails.size() > 1 && !propertyOf(contact, QStringLiteral("hs_additional_emails")).isEmpty();

        QStringList violations;
        const QString firstName = propertyOf(contact, QStringLiteral("firstname"));
        if (!remoteFirstName.isEmpty()) {
            if (firstName != remoteFirstName && !merged)
                violations << QStringLiteral("firstname \"%1\" replaced \"%2\"").arg(firstName, remoteFirstName);
            if (propertyOf(contact, QStringLiteral("jobtitle")) != QLatin1String("Remote title"))
                violations << QStringLiteral("jobtitle \"%1\" replaced \"Remote title\"")
                                  .arg(propertyOf(contact, QStringLiteral("jobtitle")));
            if (propertyOf(contact, QStringLiteral("lifecyclestage")) != QLatin1String("customer"))
                violations << QStringLiteral("lifecyclestage changed to \"%1\"")
                                  .arg(propertyOf(contact, QStringLiteral("lifecyclestage")));
        } else {
            if (!matchesOneOf(firstName, firstNames) && !merged)
                violations << QStringLiteral("firstname \"%1\"").arg(firstName);
            if (!matchesOneOf(propertyOf(contact, QStringLiteral("jobtitle")), titles) && !merged)
                violations << QStringLiteral("jobtitle \"%1\"").arg(propertyOf(contact, QStringLiteral("jobtitle")));
            if (!propertyOf(contact, QStringLiteral("lifecyclestage")).isEmpty())
                violations << QStringLiteral("lifecyclestage written");
        }
        if (!matchesOneOf(propertyOf(contact, QStringLiteral("lastname")), lastNames) && !merged)
            violations << QStringLiteral("lastname \"%1\"").arg(propertyOf(contact, QStringLiteral("lastname")));
        if (!matchesOneOf(propertyOf(contact, QStringLiteral("phone")), phones) && !merged)
            violations << QStringLiteral("phone \"%1\"").arg(propertyOf(contact, QStringLiteral("phone")));
        if (!propertyOf(contact, QStringLiteral("hs_lead_status")).isEmpty())
            violations << QStringLiteral("hs_lead_status written");
        if (!sources.contains(propertyOf(contact, QStringLiteral("breezee_source"))))
            violations << QStringLiteral("breezee_source \"%1\"").arg(propertyOf(contact, QStringLiteral("breezee_source")));
        if (!scores.contains(propertyOf(contact, QStringLiteral("breezee_score"))))
            violations << QStringLiteral("breezee_score \"%1\"").arg(propertyOf(contact, QStringLiteral("breezee_score")));
        if (propertyOf(contact, QStringLiteral("breezee_last_activity_date")).isEmpty())
            violations << QStringLiteral("breezee_last_activity_date missing");

        if (!violations.isEmpty()) {
            outcome.fieldViolations += 1;
            addProblem(outcome, QStringLiteral("contact %1: %2").arg(emails.join(QLatin1Char(',')), violations.join(QStringLiteral(", "))));
        }
    }

    for (auto it = prospectsByEmail.cbegin(); it != prospectsByEmail.cend(); ++it) {
        const int count = contactsByEmail.value(it.key());
        if (count == 0) {
            outcome.lost += 1;
            addProblem(outcome, QStringLiteral("no contact for %1").arg(it.key()));
        } else if (count > 1) {
            outcome.duplicated += count - 1;
            addProblem(outcome, QStringLiteral("%1 contacts for %2").arg(count).arg(it.key()));
        }
    }
}

void FaultWorkload::checkNotes(const QJsonObject &sandboxState, WorkloadOutcome &outcome) const
{
    QHash<QString, QList<const WorkloadProspect *>> prospectsByEmail;
    for (const WorkloadProspect &prospect : m_prospects)
        prospectsByEmail[normalizeEmail(prospect.email)] << &prospect;

    QHash<QString, QJsonObject> notesById;
    const QJsonArray notes = sandboxState.value(QLatin1String("notes")).toArray();
    for (const QJsonValue &value : notes) {
        const QJsonObject note = value.toObject();
        notesById.insert(note.value(QLatin1String("id")).toVariant().toString(), note);
        if (note.value(QLatin1String("associations")).toObject().value(QLatin1String("contacts")).toArray().isEmpty())
            outcome.orphanNotes += 1;
    }

    const QJsonArray contacts = sandboxState.value(QLatin1String("contacts")).toArray();
    for (const QJsonValue &value : contacts) {
        const QJsonObject contact = value.toObject();
        QHash<QString, int> expected;
        for (const QString &email : contactEmails(contact)) {
            for (const WorkloadProspect *prospect : prospectsByEmail.value(email)) {
                for (const QString &key : expectedNoteKeys(*prospect))
                    expected[key] += 1;
            }
        }

        QHash<QString, int> actual;
        const QJsonArray noteIds = contact.value(QLatin1String("noteIds")).toArray();
        for (const QJsonValue &id : noteIds) {
            const QJsonObject note = notesById.value(id.toVariant().toString());
            actual[noteKey(note.value(QLatin1String("body")).toString(),
                           timestampMs(note.value(QLatin1String("timestamp"))))] += 1;
        }

        const QString label = propertyOf(contact, QStringLiteral("email"));
        for (auto it = actual.cbegin(); it != actual.cend(); ++it) {
            const int extra = it.value() - expected.value(it.key());
            if (extra <= 0)
                continue;
            if (expected.contains(it.key()))
                outcome.notesDuplicated += extra;
            else
                outcome.notesUnexpected += extra;
            addProblem(outcome, QStringLiteral("%1 has note \"%2\" %3 times").arg(label, it.key().left(60)).arg(it.value()));
        }
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            const int missing = it.value() - actual.value(it.key());
            if (missing > 0) {
                outcome.notesMissing += missing;
                addProblem(outcome, QStringLiteral("%1 lacks note \"%2\"").arg(label, it.key().left(60)));
            }
        }
    }
}

void FaultWorkload::checkStore(const QString &databasePath, WorkloadOutcome &outcome) const
{
    const QString connectionName = QStringLiteral("fault-check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            addProblem(outcome, QStringLiteral("cannot open %1").arg(databasePath));
        } else {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM sync_state WHERE status = 'synced'), "
                                          "(SELECT COUNT(*) FROM sync_queue)"))
                && query.next()) {
                outcome.synced = query.value(0).toInt();
                outcome.queued = query.value(1).toInt();
            }
            query.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connectionName);
}

} // namespace Breezee::Test
