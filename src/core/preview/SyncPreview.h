#pragma once

#include "common/Result.h"
#include "hubspot/CompanyMatcher.h"
#include "hubspot/NotePlanner.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSqlDatabase>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Breezee {

class HubSpotClient;
class TokenBroker;
struct ApiResponse;

// The decision a sync would take for one HubSpot property of one contact.
enum class FieldPreviewDecision {
    Written,      // the console's value is sent
    KeptRemote,   // HubSpot has another value, which the sync never overwrites
    AlreadyEqual, // HubSpot has the same value
    Blank,        // the console has no value, so nothing is sent
    NeverWritten, // a HubSpot field the console never writes
};

struct FieldPreview {
    QString property;
    FieldPreviewDecision decision = FieldPreviewDecision::Blank;
    QString localValue;
    QString remoteValue;
};

enum class CompanyPreviewOutcome {
    NoCompany,     // the prospect has no company name
    AlreadyLinked, // the contact is associated to that company already
    Link,          // one HubSpot company has the name
    LinkChosen,    // a person chose the company among ambiguous candidates
    Create,        // no HubSpot company has the name, so the sync creates one
    Ambiguous,     // several HubSpot companies have the name, so none is linked
    Unknown,       // the company search failed
};

struct CompanyPreview {
    CompanyPreviewOutcome outcome = CompanyPreviewOutcome::NoCompany;
    QString displayName;
    QString normalizedName;
    QString remoteId;                   // for AlreadyLinked, Link and LinkChosen
    QList<CompanyCandidate> candidates; // for Ambiguous
};

// The plan of a sync for one prospect.
struct ProspectPreview {
    qint64 prospectId = 0;
    QString email; // normalized
    // The reason the sync would not send the prospect at all (no email, an
    // invalid email, deleted), or empty when it would send it.
    QString skipReason;
    bool createContact = false;
    QString remoteId; // the HubSpot contact found by email
    // email, the standard fields, the fields never written, then the
    // Breezee properties.
    QList<FieldPreview> fields;
    // The notes the sync would post: new ones, and ones recorded earlier
    // whose posting HubSpot never confirmed.
    QList<PlannedNote> notesToPost;
    CompanyPreview company;

    bool isSkipped() const { return !skipReason.isEmpty(); }
    // Returns the row of `property`, or nullptr.
    const FieldPreview *field(const QString &property) const;
};

// Counts for a dry run. Contacts count distinct emails, because prospects
// that share an email become one contact. Companies count distinct names.
struct SyncPreviewTotals {
    int prospects = 0;
    int prospectsSkipped = 0;
    int contactsToCreate = 0;
    int contactsMatched = 0;
    int companiesToCreate = 0;
    int companiesToLink = 0;
    int companiesAmbiguous = 0;
    int propertiesToCreate = 0;
    int notesToPost = 0;
};

// A company name that several HubSpot companies have.
struct AmbiguousCompany {
    QString displayName;
    QString normalizedName;
    QList<CompanyCandidate> candidates;
    QList<qint64> prospectIds;
};

struct SyncPreviewResult {
    QList<ProspectPreview> prospects;
    // Breezee contact properties that the sync would create first.
    QStringList missingProperties;
    // Translated sentences about what the preview could not check, or what
    // would stop the sync, for example a property of the wrong type.
    QStringList warnings;
    QList<AmbiguousCompany> ambiguousCompanies;
    SyncPreviewTotals totals;

    // Returns the preview of one prospect, or nullptr.
    const ProspectPreview *prospect(qint64 prospectId) const;
};

// Reads HubSpot to show what a sync would do, and writes nothing: every
// request it sends is a read (a batch read and a search are POSTs that
// change nothing), and it only reads the store. It works asynchronously in
// the thread of the caller's database connection, the GUI thread, with its
// own network manager and HubSpotClient.
//
// Like the sync it reads contacts by email in batches of 100 and checks the
// Breezee properties. It looks company names up in the `companies` table
// first, then with HubSpot's search (IN with lowercase names, at most 5
// search requests per second). Unlike the sync it plans each prospect on
// its own, so two queued prospects with one email show two plans.
class SyncPreview : public QObject {
    Q_OBJECT

public:
    SyncPreview(QSqlDatabase db, QUrl apiBaseUrl, TokenBroker *broker, QObject *parent = nullptr);
    ~SyncPreview() override;

    // Whether a resync of the company part is being previewed: the current
    // link is then ignored, because the resync looks the company up again,
    // unless a person chose it. Default false.
    void setLookUpCompaniesAgain(bool again) { m_lookUpCompaniesAgain = again; }

    // Starts a preview of these prospects, or of every queued one. A
    // preview in flight is abandoned and reports nothing.
    void previewProspects(const QList<qint64> &prospectIds);
    void previewQueue();
    void cancel();

    bool isRunning() const { return m_run != nullptr; }

    static constexpr int kBatchReadSize = 100;
    static constexpr int kSearchNamesPerRequest = 100;
    static constexpr int kTokenSearchGroups = 5;

signals:
    void finished(const Breezee::SyncPreviewResult &result);
    void errorOccurred(const Breezee::Error &error);

private:
    struct Run;
    using RunPtr = std::shared_ptr<Run>;
    using Step = std::function<void()>;

    void start(const QList<qint64> &prospectIds);
    Status loadLocal(Run &run);
    void checkProperties(RunPtr run, Step next);
    void readContacts(RunPtr run, int offset, Step next);
    void planProspects(Run &run);
    void resolveCompanies(RunPtr run, Step next);
    void searchCompanies(RunPtr run, QStringList names, Step next);
    void searchCompaniesByWord(RunPtr run, QStringList names, Step next);
    void finishCompanies(Run &run);
    void finish(RunPtr run);
    void fail(RunPtr run, const Error &error);

    // Sends a read. On a 401 it gets a fresh token once and replays.
    void callApi(RunPtr run, const QByteArray &method, const QString &path, const QJsonObject &body,
                 std::function<void(const ApiResponse &)> done, bool replayed = false);
    bool isCurrent(const RunPtr &run) const { return run && run == m_run; }
    QSqlDatabase database() const;

    // The connection is looked up by name at each use, so that the preview
    // keeps no handle open when its owner closes the connection.
    QString m_connectionName;
    TokenBroker *m_broker;
    QNetworkAccessManager *m_network;
    HubSpotClient *m_client;
    QString m_accessToken;
    RunPtr m_run;
    bool m_lookUpCompaniesAgain = false;
};

// Returns the translated words for a decision, for example "Kept HubSpot's
// value".
QString fieldPreviewDecisionText(FieldPreviewDecision decision);

} // namespace Breezee

Q_DECLARE_METATYPE(Breezee::SyncPreviewResult)
