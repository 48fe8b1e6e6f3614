#include "HubSpotContactSync.h"

#include "common/Logging.h"
#include "hubspot/CompanyMatcher.h"
#include "hubspot/HubSpotClient.h"
#include "hubspot/HubSpotResponses.h"
#include "oauth/TokenBroker.h"
#include "store/Database.h"
#include "store/ProspectStore.h"
#include "store/SharedRateBudget.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>

namespace Breezee {

namespace {

const QString kContactsPath = QStringLiteral("/crm/v3/objects/contacts");
const QString kPropertiesPath = QStringLiteral("/crm/v3/properties/contacts");
const QString kGroupName = QStringLiteral("breezee");

// A batch whose requests failed for a passing reason is tried again then.
constexpr int kTransientRetrySeconds = 60;

// How long a new company may take to show in HubSpot's search. NOTE: an
// estimate, because HubSpot documents the search delay only as a few seconds.
constexpr qint64 kSearchSettleMs = 10000;

struct PropertySpec {
    const char *name;
    const char *label;
    const char *type;
    const char *fieldType;
};

const QList<PropertySpec> &breezeeProperties()
{
    static const QList<PropertySpec> specs = {
        {kScoreProperty, "BREEZEE SCORE", "number", "number"},
        {kSourceProperty, "BREEZEE SOURCE", "string", "text"},
        {kLastActivityProperty, "BREEZEE LAST ACTIVITY DATE", "datetime", "date"},
    };
    return specs;
}

// A company from a search result.
CompanyCandidate companyCandidate(const QJsonValue &result)
{
    const QJsonObject object = result.toObject();
    return CompanyCandidate{object.value(QLatin1String("id")).toString(),
                            object.value(QLatin1String("properties")).toObject().value(QLatin1String("name")).toString()};
}

// Identifies a note by body and time, the only way to match HubSpot's
// results to requests; hs_timestamp comes back as ISO 8601 or ms epoch.
QString noteContentKey(const QString &body, const QString &timestamp)
{
    const QDateTime time = QDateTime::fromString(timestamp, Qt::ISODateWithMs);
    return body + QLatin1Char('|') + QString::number(time.isValid() ? time.toMSecsSinceEpoch() : timestamp.toLongLong());
}

QString noteContentKey(const QJsonValue &result)
{
    const QJsonObject properties = result.toObject().value(QLatin1String("properties")).toObject();
    return noteContentKey(properties.value(QLatin1String("hs_note_body")).toString(),
                          properties.value(QLatin1String("hs_timestamp")).toString());
}

QString noteContentKey(const PlannedNote &note)
{
    return noteContentKey(note.body, QString::number(note.occurredAt.toMSecsSinceEpoch()));
}

QString timelineKey(const QString &contactId, const QString &contentKey)
{
    return contactId + QLatin1Char('\n') + contentKey;
}

// Orders HubSpot's numeric ids, oldest first.
void sortNoteIds(QStringList &ids)
{
    std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
}

// A contact that needs no write: synced, with the message's %1 as its id.
template<typename Entry>
void markUnchanged(Entry &entry, const QString &messageWithId)
{
    entry.done = true;
    entry.status = SyncStatus::Synced;
    entry.remoteId = entry.plan.remoteId;
    entry.logKind = QStringLiteral("unchanged");
    entry.logMessage = messageWithId.arg(entry.remoteId);
}

// Returns the contacts of a batch read response with their non-empty properties.
QList<RemoteContact> remoteContactsIn(const ApiResponse &response)
{
    QList<RemoteContact> contacts;
    const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
    for (const QJsonValue &value : results) {
        const QJsonObject object = value.toObject();
        RemoteContact remote;
        remote.id = object.value(QLatin1String("id")).toString();
        if (remote.id.isEmpty())
            continue;
        const QJsonObject properties = object.value(QLatin1String("properties")).toObject();
        for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
            if (!it.value().isNull())
                remote.properties.insert(it.key(), it.value().toString());
        }
        contacts << remote;
    }
    return contacts;
}

} // namespace

// One distinct email in a batch, with every queued prospect that has it.
struct HubSpotContactSync::Entry {
    QString email;
    QList<QueueItem> items;
    Prospect merged;
    // The contact id stored at an earlier sync, read first. When HubSpot
    // no longer has it, the email lookup finds the contact and its id
    // replaces the stored one.
    QString storedId;
    SyncParts parts;
    std::optional<RemoteContact> remote;
    ContactPlan plan;
    // The fields were not part of a resync: the stored decisions stay.
    bool keepDecisions = false;
    // The contact is written but its notes are not all confirmed, because
    // the run stopped or a step failed. It is recorded as not yet synced, so
    // the next pass plans its first-sync note again. The stored notes keep
    // that from posting anything twice.
    bool notesIncomplete = false;
    bool done = false;
    SyncStatus status = SyncStatus::Pending;
    QString remoteId;
    QString error;
    bool transient = false;
    bool retryNow = false;
    QString logKind;
    QString logMessage;
};

// A note of this batch with the contact it belongs to.
struct HubSpotContactSync::NoteToPost {
    StoredNote stored;
    QString contactId;
    int entryIndex = -1;
};

struct HubSpotContactSync::Batch {
    QList<Entry> entries;
    QList<SyncResult> immediate;
    QHash<qint64, int> entryByProspect;
    // Entries to update, from the plan and from creates that found the
    // contact existing.
    QList<int> updates;
    QList<NoteToPost> newNotes;
    QList<NoteToPost> unconfirmedNotes;
    QList<NoteResult> postedNotes;
    // HubSpot ids of the batch's notes, stored earlier or recorded now.
    QSet<QString> recordedNoteIds;
    QHash<qint64, Prospect> prospects;

    // Companies: prospect -> normalized name to link, the names' display
    // spelling, what HubSpot's search found per name, and the outcome.
    QHash<qint64, QString> companyByProspect;
    QHash<qint64, QString> contactByProspect;
    QHash<QString, QString> companyDisplayName;
    QHash<QString, QList<CompanyCandidate>> companyCandidates;
    QHash<QString, StoredCompany> resolvedCompanies;
    // The company id a person chose among ambiguous candidates, by prospect.
    QHash<qint64, QString> chosenCompany;
    QStringList companiesToCreate;
    QList<CompanyLink> companyLinks;
};

HubSpotContactSync::HubSpotContactSync(QObject *parent)
    : QObject(parent)
    // A child, so that moveToThread() takes the timer along.
    , m_pollTimer(new QTimer(this))
{
    qRegisterMetaType<SyncProgress>();
    qRegisterMetaType<SyncSummary>();
    qRegisterMetaType<SyncOptions>();
    qRegisterMetaType<Error>();

    m_pollTimer->setSingleShot(true);
    connect(m_pollTimer, &QTimer::timeout, this, &HubSpotContactSync::processNextBatch);
}

HubSpotContactSync::~HubSpotContactSync() = default;

void HubSpotContactSync::start(const SyncOptions &options)
{
    if (m_running)
        return;

    m_options = options;
    m_database = std::make_unique<Database>(options.connectionName);
    if (Status status = m_database->open(options.database)) {
        qCWarning(lcSync) << "cannot open the store:" << status->message;
        emit finished(SyncSummary{0, 0, 0, status});
        return;
    }
    m_store = std::make_unique<SyncStore>(m_database->handle(), options.database);

    m_network = new QNetworkAccessManager(this);
    m_client = new HubSpotClient(options.provider.apiBaseUrl, m_network, this);
    m_client->rateLimiter() = RateLimiter(options.rateLimit, options.rateWindowMs);
    // Workers of one account on PostgreSQL share its rate budget.
    if (options.database.isPostgres())
        m_client->setSharedBudget(std::make_shared<SharedRateBudget>(
            m_database->handle(), SharedRateBudget::budgetKey(m_database->handle(), options.provider.definition.key),
            options.rateLimit, options.rateWindowMs));
    connect(m_client, &HubSpotClient::rateLimitWait, this, [this](qint64) {
        if (m_progress.waitingForRateLimit)
            return;
        m_progress.waitingForRateLimit = true;
        emitProgress();
    });

    m_running = true;
    m_progress = SyncProgress{};
    m_progress.running = true;
    m_progress.requestBudget = options.rateLimit;
    qCInfo(lcSync) << "sync started" << (options.watch ? "(watching the queue)" : "(one pass)");
    m_store->appendLog(QStringLiteral("info"), QStringLiteral("run"), 0, tr("Sync started."));
    emitProgress();

    // m_busy marks a chain of requests in flight: a stop then waits for the
    // chain to record what HubSpot already did.
    m_busy = true;
    ensureFreshToken([this] {
        ensureProperties([this] {
            m_busy = false;
            processNextBatch();
        });
    });
}

void HubSpotContactSync::stop()
{
    if (!m_running)
        return;
    qCInfo(lcSync) << "stop requested";
    m_running = false;
    m_pollTimer->stop();
    if (!m_busy)
        finishRun();
}

void HubSpotContactSync::wake()
{
    if (!m_running || m_busy)
        return;
    m_pollTimer->stop();
    processNextBatch();
}

void HubSpotContactSync::ensureFreshToken(std::function<void()> next)
{
    // The broker returns a still-valid token at once and refreshes first
    // when the token is close to expiry.
    m_options.broker->requestToken(this, [this, next](Result<TokenSet> result) {
        if (!result.ok()) {
            handleAuthorizationFailure(result.error());
            return;
        }
        m_accessToken = result.value().accessToken;
        m_client->setAccessToken(m_accessToken);
        if (!m_running) {
            finishRun();
            return;
        }
        next();
    });
}

void HubSpotContactSync::handleAuthorizationFailure(const Error &error)
{
    m_busy = false;
    if (error.code == QLatin1String("offline")) {
        qCWarning(lcSync) << "HubSpot unreachable, retrying in" << kTransientRetrySeconds << "s";
        m_store->appendLog(QStringLiteral("warning"), QStringLiteral("offline"), 0, error.message);
        if (!m_options.watch || !m_running) {
            finishRun(error);
            return;
        }
        m_pollTimer->start(kTransientRetrySeconds * 1000);
        return;
    }

    qCWarning(lcSync) << "authorization lost:" << error.code;
    m_store->appendLog(QStringLiteral("error"), QStringLiteral("auth"), 0, error.message);
    emit authorizationLost(error);
    finishRun(error);
}

void HubSpotContactSync::callApi(const QByteArray &method, const QString &path, const QJsonObject &body,
                                 std::function<void(const ApiResponse &)> done, bool replayed)
{
    auto handle = [this, method, path, body, done, replayed](const ApiResponse &response) {
        if (response.status == 403 && response.category() == QLatin1String("MISSING_SCOPES")) {
            // Without the scope no retry can succeed: stop the run and ask
            // for a reconnect that grants it. Queued work stays queued.
            const QStringList scopes = hubSpotMissingScopes(response);
            const QString names = scopes.isEmpty() ? response.message() : scopes.join(QStringLiteral(", "));
            m_busy = false;
            handleAuthorizationFailure({QStringLiteral("missing_scopes"),
                                        tr("Reconnect required: HubSpot did not grant the permission %1, "
                                           "which the sync needs. Reconnect and allow every permission "
                                           "listed.")
                                            .arg(names)});
            return;
        }
        if (response.status != 401 || replayed) {
            done(response);
            return;
        }
        qCInfo(lcSync) << "HubSpot returned 401" << response.category() << "- refreshing once";
        m_options.broker->requestTokenAfterUnauthorized(this, m_accessToken, [=](Result<TokenSet> result) {
            if (!result.ok()) {
                // The refresh's own error (invalid_grant with HubSpot's
                // reason, or offline) explains the stop better than the 401.
                m_busy = false;
                handleAuthorizationFailure(result.error());
                return;
            }
            m_accessToken = result.value().accessToken;
            m_client->setAccessToken(m_accessToken);
            callApi(method, path, body, done, true);
        });
    };

    ++m_progress.requestsSent;
    if (method == "GET")
        m_client->get(path, handle);
    else
        m_client->post(path, body, handle);
}

void HubSpotContactSync::ensureProperties(std::function<void()> next)
{
    if (m_propertiesChecked) {
        next();
        return;
    }

    callApi("GET", kPropertiesPath, {}, [this, next](const ApiResponse &response) {
        if (response.status == 401) {
            handleAuthorizationFailure({QStringLiteral("invalid_grant"),
                                        tr("Reconnect required: HubSpot rejected the access token "
                                           "right after a refresh (%1).")
                                            .arg(response.message())});
            return;
        }
        if (!response.isSuccess()) {
            const Error error{QStringLiteral("properties_unavailable"),
                              tr("Reading the HubSpot contact properties failed: %1").arg(hubSpotErrorDetail(response))};
            m_store->appendLog(QStringLiteral("error"), QStringLiteral("properties"), 0, error.message);
            if (response.status == 0 || response.status >= 500) {
                handleAuthorizationFailure({QStringLiteral("offline"), error.message});
                return;
            }
            finishRun(error);
            return;
        }

        QHash<QString, QString> existing;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const QJsonObject property = value.toObject();
            existing.insert(property.value(QLatin1String("name")).toString(),
                            property.value(QLatin1String("type")).toString());
        }

        QStringList missing;
        for (const PropertySpec &spec : breezeeProperties()) {
            const QString name = QLatin1String(spec.name);
            if (!existing.contains(name)) {
                missing << name;
                continue;
            }
            if (existing.value(name) != QLatin1String(spec.type)) {
                const QString message = tr("The HubSpot property %1 exists with type \"%2\" but the "
                                           "console writes \"%3\". Delete or rename it in HubSpot, "
                                           "then sync again.")
                                            .arg(name, existing.value(name), QLatin1String(spec.type));
                m_store->appendLog(QStringLiteral("error"), QStringLiteral("properties"), 0, message);
                finishRun(Error{QStringLiteral("property_type_mismatch"), message});
                return;
            }
        }

        createMissingProperties(missing, next);
    });
}

void HubSpotContactSync::createMissingProperties(QStringList missing, std::function<void()> next)
{
    if (missing.isEmpty()) {
        m_propertiesChecked = true;
        next();
        return;
    }

    auto createNext = std::make_shared<std::function<void()>>();
    // The pending request keeps the property creator alive, not the creator
    // itself: capturing its own shared_ptr would leak it.
    std::weak_ptr<std::function<void()>> weakCreator = createNext;
    *createNext = [this, missing, next, weakCreator]() mutable {
        if (missing.isEmpty()) {
            m_propertiesChecked = true;
            next();
            return;
        }
        const QString name = missing.takeFirst();
        PropertySpec spec{};
        for (const PropertySpec &candidate : breezeeProperties()) {
            if (name == QLatin1String(candidate.name))
                spec = candidate;
        }
        const QJsonObject body{{QStringLiteral("name"), name},
                               {QStringLiteral("label"), QLatin1String(spec.label)},
                               {QStringLiteral("type"), QLatin1String(spec.type)},
                               {QStringLiteral("fieldType"), QLatin1String(spec.fieldType)},
                               {QStringLiteral("groupName"), kGroupName},
                               {QStringLiteral("description"),
                                QStringLiteral("Written by the Breezee Integrations Console.")}};
        callApi("POST", kPropertiesPath, body, [this, name, createNext = weakCreator.lock()](const ApiResponse &response) {
            // 409: someone created it meanwhile, which is as good.
            if (!response.isSuccess() && response.status != 409) {
                const QString message = tr("Creating the HubSpot property %1 failed: %2")
                                            .arg(name, hubSpotErrorDetail(response));
                m_store->appendLog(QStringLiteral("error"), QStringLiteral("properties"), 0, message);
                finishRun(Error{QStringLiteral("property_create_failed"), message});
                return;
            }
            m_store->appendLog(QStringLiteral("info"), QStringLiteral("properties"), 0,
                               tr("Created the HubSpot contact property %1.").arg(name));
            (*createNext)();
        });
    };

    const QJsonObject group{{QStringLiteral("name"), kGroupName},
                            {QStringLiteral("label"), QStringLiteral("Breezee")},
                            {QStringLiteral("displayOrder"), -1}};
    callApi("POST", kPropertiesPath + QStringLiteral("/groups"), group,
            [this, createNext](const ApiResponse &response) {
                if (!response.isSuccess() && response.status != 409) {
                    const QString message = tr("Creating the HubSpot property group \"breezee\" failed: %1")
                                                .arg(hubSpotErrorDetail(response));
                    m_store->appendLog(QStringLiteral("error"), QStringLiteral("properties"), 0, message);
                    finishRun(Error{QStringLiteral("property_create_failed"), message});
                    return;
                }
                (*createNext)();
            });
}

void HubSpotContactSync::processNextBatch()
{
    if (!m_running) {
        finishRun();
        return;
    }

    m_progress.queued = m_store->queueSize();
    m_progress.waitingForRateLimit = false;

    const auto due = m_store->dueItems(m_options.batchSize, QDateTime::currentDateTimeUtc());
    if (!due.ok()) {
        finishRun(due.error());
        return;
    }
    if (due.value().isEmpty()) {
        emitProgress();
        if (m_options.watch) {
            m_pollTimer->start(m_options.pollIntervalMs);
            return;
        }
        finishRun();
        return;
    }

    auto batch = std::make_shared<Batch>();
    ProspectStore prospects(m_database->handle());
    QHash<QString, int> entryByEmail;

    for (const QueueItem &item : due.value()) {
        const std::optional<Prospect> prospect = prospects.findById(item.prospectId);
        if (!prospect) {
            batch->immediate << SyncResult{item, SyncStatus::Failed, {}, tr("The prospect was deleted."),
                                           {}, QStringLiteral("skipped"), {}, {}};
            continue;
        }

        const QString email = normalizeEmail(prospect->email);
        if (!isUsableEmail(email)) {
            const QString reason = email.isEmpty()
                ? tr("No email address: HubSpot identifies contacts by email. Add an email to sync "
                     "this prospect.")
                : tr("The email address \"%1\" is not valid. Correct it to sync this prospect.").arg(email);
            batch->immediate << SyncResult{item, SyncStatus::Failed, {}, reason, {}, QStringLiteral("failed"),
                                           reason, {}};
            continue;
        }

        const QString storedId = m_store->remoteId(item.prospectId);
        auto found = entryByEmail.constFind(email);
        if (found == entryByEmail.constEnd()) {
            Entry entry;
            entry.email = email;
            entry.merged = *prospect;
            entry.items << item;
            entry.storedId = storedId;
            entry.parts = item.parts;
            batch->entryByProspect.insert(item.prospectId, int(batch->entries.size()));
            entryByEmail.insert(email, int(batch->entries.size()));
            batch->entries << entry;
            continue;
        }

        // Two prospects with one email become one contact: the first one's
        // values win and the other fills its blanks.
        Entry &entry = batch->entries[*found];
        entry.items << item;
        entry.parts |= item.parts;
        if (entry.storedId.isEmpty())
            entry.storedId = storedId;
        batch->entryByProspect.insert(item.prospectId, *found);
        for (const StandardField &field : standardFields()) {
            if (usableValue(entry.merged.*field.member).isEmpty())
                entry.merged.*field.member = (*prospect).*field.member;
        }
        if (!entry.merged.leadScore)
            entry.merged.leadScore = prospect->leadScore;
        if (usableValue(entry.merged.sourceChannel).isEmpty())
            entry.merged.sourceChannel = prospect->sourceChannel;
        if (prospect->lastActivityAt > entry.merged.lastActivityAt)
            entry.merged.lastActivityAt = prospect->lastActivityAt;
    }

    m_busy = true;
    ensureFreshToken([this, batch] {
        if (batch->entries.isEmpty()) {
            finishBatch(batch);
            return;
        }
        readRemoteContacts(batch);
    });
}

void HubSpotContactSync::readRemoteContacts(std::shared_ptr<Batch> batch)
{
    QList<int> withStoredId;
    for (int i = 0; i < batch->entries.size(); ++i) {
        if (!batch->entries.at(i).storedId.isEmpty())
            withStoredId << i;
    }

    readContactsById(batch, withStoredId, [this, batch] { readContactsByEmail(batch); });
}

bool HubSpotContactSync::authorizationLostOn(const ApiResponse &response)
{
    if (response.status != 401)
        return false;

    // callApi has refreshed and replayed once already.
    handleAuthorizationFailure({QStringLiteral("invalid_grant"),
                                tr("Reconnect required: HubSpot rejected the access token right after a refresh "
                                   "(%1).")
                                    .arg(response.message())});
    return true;
}

void HubSpotContactSync::readContactsById(std::shared_ptr<Batch> batch, QList<int> entries, std::function<void()> done)
{
    if (entries.isEmpty()) {
        done();
        return;
    }

    QStringList ids;
    for (int index : std::as_const(entries)) {
        if (!ids.contains(batch->entries.at(index).storedId))
            ids << batch->entries.at(index).storedId;
    }
    QJsonArray inputs;
    for (const QString &id : std::as_const(ids))
        inputs.append(QJsonObject{{QStringLiteral("id"), id}});
    QStringList properties = contactPropertiesToRead();
    properties << QStringLiteral("hs_merged_object_ids");
    const QJsonObject body{{QStringLiteral("inputs"), inputs},
                           {QStringLiteral("properties"), QJsonArray::fromStringList(properties)}};

    callApi("POST", kContactsPath + QStringLiteral("/batch/read"), body,
            [this, batch, entries, done](const ApiResponse &response) {
        if (authorizationLostOn(response))
            return;
        if (!response.isSuccess()) {
            QList<int> all;
            for (int i = 0; i < batch->entries.size(); ++i)
                all << i;
            failEntries(batch, all, tr("Reading contacts from HubSpot failed: %1").arg(hubSpotErrorDetail(response)), true);
            finishBatch(batch);
            return;
        }

        // A merged contact is returned for the ids merged into it. An id
        // that HubSpot no longer has is missing from the 207 response and
        // is looked up again by email.
        QHash<QString, RemoteContact> remoteById;
        const QList<RemoteContact> contacts = remoteContactsIn(response);
        for (const RemoteContact &remote : contacts) {
            remoteById.insert(remote.id, remote);
            const QStringList merged = remote.properties.value(QStringLiteral("hs_merged_object_ids"))
                                           .split(QLatin1Char(';'), Qt::SkipEmptyParts);
            for (const QString &id : merged)
                remoteById.insert(id.trimmed(), remote);
        }

        for (int index : entries) {
            Entry &entry = batch->entries[index];
            auto found = remoteById.constFind(entry.storedId);
            if (found == remoteById.constEnd()) {
                qCInfo(lcSync) << "stored contact id not found; looking up by email:" << entry.storedId;
                continue;
            }
            entry.remote = *found;
            if (found->id != entry.storedId) {
                m_store->appendLog(QStringLiteral("info"), QStringLiteral("remapped"), entry.items.first().prospectId,
                                   tr("HubSpot contact %1 was merged into %2; the prospect now points to %2.")
                                       .arg(entry.storedId, found->id));
            }
        }
        done();
    });
}

void HubSpotContactSync::readContactsByEmail(std::shared_ptr<Batch> batch)
{
    QList<int> unread;
    QJsonArray inputs;
    for (int i = 0; i < batch->entries.size(); ++i) {
        const Entry &entry = batch->entries.at(i);
        if (entry.done || entry.remote)
            continue;
        unread << i;
        inputs.append(QJsonObject{{QStringLiteral("id"), entry.email}});
    }
    if (unread.isEmpty()) {
        planBatch(batch);
        return;
    }

    // Batch read by email, not search: HubSpot's search index lags by
    // seconds, so a contact created moments ago would be created again.
    const QJsonObject body{{QStringLiteral("idProperty"), QStringLiteral("email")},
                           {QStringLiteral("inputs"), inputs},
                           {QStringLiteral("properties"), QJsonArray::fromStringList(contactPropertiesToRead())}};

    callApi("POST", kContactsPath + QStringLiteral("/batch/read"), body, [this, batch, unread](const ApiResponse &response) {
        if (authorizationLostOn(response))
            return;
        if (!response.isSuccess()) {
            QList<int> all;
            for (int i = 0; i < batch->entries.size(); ++i)
                all << i;
            failEntries(batch, all, tr("Looking up contacts in HubSpot failed: %1").arg(hubSpotErrorDetail(response)),
                        true);
            finishBatch(batch);
            return;
        }

        QHash<QString, RemoteContact> remoteByEmail;
        const QList<RemoteContact> contacts = remoteContactsIn(response);
        for (const RemoteContact &remote : contacts) {
            remoteByEmail.insert(normalizeEmail(remote.properties.value(QStringLiteral("email"))), remote);

            // A lookup by a secondary email returns the contact with its
            // primary email. Indexing the additional emails too matches
            // such a result to the prospect that asked for it.
            const QStringList additional = remote.properties.value(QStringLiteral("hs_additional_emails"))
                                               .split(QLatin1Char(';'), Qt::SkipEmptyParts);
            for (const QString &email : additional)
                remoteByEmail.insert(normalizeEmail(email), remote);
        }

        for (int index : unread) {
            Entry &entry = batch->entries[index];
            auto it = remoteByEmail.constFind(entry.email);
            if (it == remoteByEmail.constEnd())
                continue;
            entry.remote = *it;
            if (!entry.storedId.isEmpty() && entry.storedId != it->id) {
                m_store->appendLog(QStringLiteral("info"), QStringLiteral("remapped"), entry.items.first().prospectId,
                                   tr("HubSpot contact %1 is gone; found %2 by email and the prospect now points "
                                      "to it.")
                                       .arg(entry.storedId, it->id));
            }
        }
        planBatch(batch);
    });
}

void HubSpotContactSync::planBatch(std::shared_ptr<Batch> batch)
{
    QList<int> creates;
    QSet<QString> claimedIds;
    for (int i = 0; i < batch->entries.size(); ++i) {
        Entry &entry = batch->entries[i];
        if (entry.done)
            continue;

        // Two emails can lead to one contact after a merge in HubSpot, so
        // the batch writes it once and the other entry follows next pass.
        if (entry.remote && claimedIds.contains(entry.remote->id)) {
            entry.done = true;
            entry.transient = true;
            entry.retryNow = true;
            entry.logKind = QStringLiteral("retry");
            entry.logMessage = tr("HubSpot contact %1 is also another prospect's contact; it is updated on the "
                                  "next pass.").arg(entry.remote->id);
            continue;
        }
        if (entry.remote)
            claimedIds.insert(entry.remote->id);

        entry.plan = planContact(entry.merged, entry.remote);
        if (entry.plan.create) {
            creates << i;
            continue;
        }
        if (!entry.parts.testFlag(SyncPart::Fields)) {
            entry.keepDecisions = true;
            markUnchanged(entry, tr("HubSpot contact %1: fields were not part of this resync."));
            continue;
        }
        if (entry.plan.properties.isEmpty()) {
            markUnchanged(entry, tr("HubSpot contact %1 is up to date."));
            continue;
        }
        batch->updates << i;
    }

    createContacts(batch, creates, [this, batch] {
        updateContacts(batch, batch->updates, [this, batch] {
            linkCompanies(batch, [this, batch] {
                planNotesForBatch(batch, [this, batch] { finishBatch(batch); });
            });
        });
    });
}

void HubSpotContactSync::createContacts(std::shared_ptr<Batch> batch, QList<int> entries, std::function<void()> done)
{
    if (entries.isEmpty() || !m_running) {
        done();
        return;
    }

    QJsonArray inputs;
    QHash<QString, int> entryByTraceId;
    for (int index : std::as_const(entries)) {
        const Entry &entry = batch->entries.at(index);
        // With a trace id on every input, HubSpot returns 207 for one
        // conflict instead of failing the whole batch.
        const QString traceId = QStringLiteral("breezee-%1").arg(entry.items.first().prospectId);
        entryByTraceId.insert(traceId, index);
        inputs.append(QJsonObject{{QStringLiteral("properties"), entry.plan.properties},
                                  {QStringLiteral("associations"), QJsonArray()},
                                  {QStringLiteral("objectWriteTraceId"), traceId}});
    }

    callApi("POST", kContactsPath + QStringLiteral("/batch/create"), QJsonObject{{QStringLiteral("inputs"), inputs}},
            [this, batch, entries, entryByTraceId, done](const ApiResponse &response) {
        if ((response.status == 400 || response.status == 409) && entries.size() > 1) {
            // One bad record fails the whole batch: split to isolate it.
            const QList<int> first = entries.mid(0, entries.size() / 2);
            const QList<int> second = entries.mid(entries.size() / 2);
            createContacts(batch, first, [this, batch, second, done] { createContacts(batch, second, done); });
            return;
        }
        const QString conflictId = response.status == 409 ? existingContactIdFromMessage(response.message()) : QString();
        if (!conflictId.isEmpty()) {
            // Created by someone else meanwhile: update it under the same
            // fill-blank rule instead.
            Entry &entry = batch->entries[entries.first()];
            entry.remote = RemoteContact{conflictId, {}};
            updateExistingContacts(batch, entries, done);
            return;
        }
        if (!response.isSuccess() && response.status != 207) {
            const bool transient = response.status == 0 || response.status >= 500 || response.status == 429
                || response.status == 401 || response.status == 409;
            failEntries(batch, entries, tr("Creating the contact in HubSpot failed: %1").arg(hubSpotErrorDetail(response)),
                        transient);
            done();
            return;
        }

        QHash<QString, QString> idByEmail;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const QJsonObject object = value.toObject();
            const QString email = object.value(QLatin1String("properties")).toObject().value(QLatin1String("email")).toString();
            idByEmail.insert(normalizeEmail(email), object.value(QLatin1String("id")).toString());
        }

        QList<int> conflicts;
        const QJsonArray errors = response.json.value(QLatin1String("errors")).toArray();
        for (const QJsonValue &value : errors) {
            const QJsonObject error = value.toObject();
            const QString message = error.value(QLatin1String("message")).toString();
            const QJsonArray traceIds = error.value(QLatin1String("context")).toObject()
                                            .value(QLatin1String("objectWriteTraceId")).toArray();
            for (const QJsonValue &traceId : traceIds) {
                const int index = entryByTraceId.value(traceId.toString(), -1);
                if (index < 0)
                    continue;
                Entry &entry = batch->entries[index];
                const QString existingId = existingContactIdFromMessage(message);
                if (!existingId.isEmpty()) {
                    // Someone created it meanwhile: update it under the
                    // fill-blank rule, below.
                    entry.remote = RemoteContact{existingId, {}};
                    conflicts << index;
                    continue;
                }
                entry.done = true;
                entry.status = SyncStatus::Failed;
                entry.error = tr("HubSpot rejected the contact: %1").arg(message);
                entry.logKind = QStringLiteral("failed");
                entry.logMessage = entry.error;
            }
        }

        for (int index : entries) {
            Entry &entry = batch->entries[index];
            if (entry.done || conflicts.contains(index))
                continue;
            const QString id = idByEmail.value(entry.email);
            entry.done = true;
            if (id.isEmpty()) {
                // An input with neither a result nor an error is a failure,
                // never a success.
                entry.status = SyncStatus::Pending;
                entry.transient = true;
                entry.error = tr("HubSpot returned no result for this contact; it will be tried again.");
                entry.logKind = QStringLiteral("retry");
                entry.logMessage = entry.error;
                continue;
            }
            entry.status = SyncStatus::Synced;
            entry.remoteId = id;
            entry.logKind = QStringLiteral("created");
            entry.logMessage = tr("Created HubSpot contact %1 for %2.").arg(id, entry.email);
        }
        updateExistingContacts(batch, conflicts, done);
    });
}

void HubSpotContactSync::updateExistingContacts(std::shared_ptr<Batch> batch, QList<int> entries,
                                                std::function<void()> done)
{
    if (entries.isEmpty()) {
        done();
        return;
    }

    // The blank check needs HubSpot's current values, so read the
    // contacts a create ran into before planning their update.
    QJsonArray inputs;
    for (int index : std::as_const(entries))
        inputs.append(QJsonObject{{QStringLiteral("id"), batch->entries.at(index).remote->id}});
    const QJsonObject body{{QStringLiteral("inputs"), inputs},
                           {QStringLiteral("properties"), QJsonArray::fromStringList(contactPropertiesToRead())}};

    callApi("POST", kContactsPath + QStringLiteral("/batch/read"), body,
            [this, batch, entries, done](const ApiResponse &response) {
        if (authorizationLostOn(response))
            return;

        QHash<QString, RemoteContact> remoteById;
        if (response.isSuccess()) {
            const QList<RemoteContact> contacts = remoteContactsIn(response);
            for (const RemoteContact &remote : contacts)
                remoteById.insert(remote.id, remote);
        }

        for (int index : entries) {
            Entry &entry = batch->entries[index];
            const QString existingId = entry.remote->id;
            auto found = remoteById.constFind(existingId);
            if (found == remoteById.constEnd()) {
                entry.done = true;
                entry.transient = true;
                entry.retryNow = true;
                entry.error = tr("HubSpot already has this contact (id %1) but could not show it; it is tried "
                                 "again on the next pass.").arg(existingId);
                entry.logKind = QStringLiteral("retry");
                entry.logMessage = entry.error;
                continue;
            }

            entry.remote = *found;
            entry.plan = planContact(entry.merged, entry.remote);
            m_store->appendLog(QStringLiteral("info"), QStringLiteral("conflict"), entry.items.first().prospectId,
                               tr("HubSpot already had a contact for %1 (id %2); it is updated instead.")
                                   .arg(entry.email, existingId));
            if (entry.plan.properties.isEmpty()) {
                markUnchanged(entry, tr("HubSpot contact %1 is up to date."));
                continue;
            }
            batch->updates << index;
        }
        done();
    });
}

void HubSpotContactSync::updateContacts(std::shared_ptr<Batch> batch, QList<int> entries, std::function<void()> done)
{
    if (entries.isEmpty() || !m_running) {
        done();
        return;
    }

    QJsonArray inputs;
    for (int index : std::as_const(entries)) {
        const Entry &entry = batch->entries.at(index);
        inputs.append(QJsonObject{{QStringLiteral("id"), entry.plan.remoteId},
                                  {QStringLiteral("properties"), entry.plan.properties}});
    }

    callApi("POST", kContactsPath + QStringLiteral("/batch/update"), QJsonObject{{QStringLiteral("inputs"), inputs}},
            [this, batch, entries, done](const ApiResponse &response) {
        if (response.status == 400 && entries.size() > 1) {
            const QList<int> first = entries.mid(0, entries.size() / 2);
            const QList<int> second = entries.mid(entries.size() / 2);
            updateContacts(batch, first, [this, batch, second, done] { updateContacts(batch, second, done); });
            return;
        }
        if (!response.isSuccess() && response.status != 207) {
            const bool transient = response.status == 0 || response.status >= 500 || response.status == 429
                || response.status == 401;
            failEntries(batch, entries, tr("Updating the contact in HubSpot failed: %1").arg(hubSpotErrorDetail(response)),
                        transient);
            done();
            return;
        }

        QSet<QString> updatedIds;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results)
            updatedIds.insert(value.toObject().value(QLatin1String("id")).toString());

        QHash<QString, QJsonObject> errorById;
        const QJsonArray errors = response.json.value(QLatin1String("errors")).toArray();
        for (const QJsonValue &value : errors) {
            const QJsonObject error = value.toObject();
            const QJsonArray ids = error.value(QLatin1String("context")).toObject().value(QLatin1String("ids")).toArray();
            for (const QJsonValue &id : ids)
                errorById.insert(id.toString(), error);
        }

        for (int index : entries) {
            Entry &entry = batch->entries[index];
            entry.done = true;
            entry.remoteId = entry.plan.remoteId;
            if (updatedIds.contains(entry.plan.remoteId)) {
                entry.status = SyncStatus::Synced;
                entry.logKind = QStringLiteral("updated");
                entry.logMessage = tr("Updated HubSpot contact %1 (%2).")
                                       .arg(entry.remoteId, QStringList(entry.plan.properties.keys()).join(QStringLiteral(", ")));
                continue;
            }
            const QJsonObject error = errorById.value(entry.plan.remoteId);
            const QString message = error.value(QLatin1String("message")).toString();
            entry.status = SyncStatus::Failed;
            entry.logKind = QStringLiteral("failed");
            if (error.value(QLatin1String("category")).toString() == QLatin1String("OBJECT_NOT_FOUND")) {
                // Deleted or merged away: the next pass finds the contact
                // again by email and remaps the prospect.
                entry.transient = true;
                entry.retryNow = true;
                entry.error = tr("HubSpot contact %1 no longer exists (%2); the prospect is looked up again by "
                                 "email.").arg(entry.remoteId, message);
            } else if (message.isEmpty()) {
                entry.transient = true;
                entry.error = tr("HubSpot returned no result for this contact; it will be tried again.");
            } else {
                entry.error = tr("HubSpot rejected the update: %1").arg(message);
            }
            entry.logMessage = entry.error;
        }
        done();
    });
}

void HubSpotContactSync::linkCompanies(std::shared_ptr<Batch> batch, std::function<void()> done)
{
    ProspectStore prospects(m_database->handle());
    QList<qint64> ids;
    for (const Entry &entry : std::as_const(batch->entries)) {
        if (entry.status != SyncStatus::Synced || entry.remoteId.isEmpty())
            continue;
        for (const QueueItem &item : entry.items) {
            if (!item.parts.testFlag(SyncPart::Company))
                continue;
            const std::optional<Prospect> prospect = prospects.findById(item.prospectId);
            if (!prospect)
                continue;
            batch->prospects.insert(item.prospectId, *prospect);
            const QString name = normalizeCompanyName(prospect->companyName);
            if (name.isEmpty())
                continue;
            ids << item.prospectId;
            batch->companyByProspect.insert(item.prospectId, name);
            batch->contactByProspect.insert(item.prospectId, entry.remoteId);
            batch->companyDisplayName.insert(name, prospect->companyName.simplified());
        }
    }

    // A prospect already linked to the company of that name needs nothing.
    // One whose company a person chose is associated to that company.
    const QHash<qint64, CompanyLink> existing = m_store->companyLinks(ids);
    for (auto it = existing.cbegin(); it != existing.cend(); ++it) {
        if (it->normalizedName != batch->companyByProspect.value(it.key()))
            continue;
        if (it->status == QLatin1String("chosen") && !it->remoteCompanyId.isEmpty()) {
            batch->chosenCompany.insert(it.key(), it->remoteCompanyId);
            batch->companyByProspect.remove(it.key());
        } else if (it->status == QLatin1String("linked")) {
            batch->companyByProspect.remove(it.key());
        }
    }

    QStringList names;
    for (const QString &name : std::as_const(batch->companyByProspect)) {
        if (!names.contains(name))
            names << name;
    }
    if (!m_running) {
        deferUnlinkedCompanies(batch);
        done();
        return;
    }
    if (names.isEmpty()) {
        associateCompanies(batch, done);
        return;
    }

    // A company whose create was sent but never confirmed (the run was
    // killed or the response lost) may exist already. Search finds it once
    // HubSpot's index has caught up, so wait for that before searching.
    batch->resolvedCompanies = m_store->companies(names);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 settleMs = 0;
    for (auto it = batch->resolvedCompanies.begin(); it != batch->resolvedCompanies.end();) {
        if (it->status == QLatin1String("rejected")) {
            it = batch->resolvedCompanies.erase(it);
            continue;
        }
        if (it->status != QLatin1String("creating")) {
            ++it;
            continue;
        }
        settleMs = qMax(settleMs, kSearchSettleMs - it->resolvedAt.msecsTo(now));
        it = batch->resolvedCompanies.erase(it);
    }

    QStringList unresolved;
    for (const QString &name : std::as_const(names)) {
        if (!batch->resolvedCompanies.contains(name))
            unresolved << name;
    }
    if (settleMs > 0)
        qCInfo(lcSync) << "waiting" << settleMs << "ms for HubSpot's search to show companies created earlier";
    waitWhileRunning(settleMs, [this, batch, unresolved, done] {
        if (!m_running) {
            deferUnlinkedCompanies(batch);
            done();
            return;
        }
        searchCompanies(batch, unresolved, [this, batch, done] {
            createCompanies(batch, [this, batch, done] { associateCompanies(batch, done); });
        });
    });
}

void HubSpotContactSync::waitWhileRunning(qint64 milliseconds, std::function<void()> next)
{
    // Short steps, so that a stop request ends the wait at once.
    if (milliseconds <= 0 || !m_running) {
        next();
        return;
    }

    const qint64 step = qMin<qint64>(milliseconds, 200);
    QTimer::singleShot(int(step), this, [this, milliseconds, step, next] { waitWhileRunning(milliseconds - step, next); });
}

void HubSpotContactSync::deferUnlinkedCompanies(std::shared_ptr<Batch> batch)
{
    // The run stopped before these prospects were linked to their company:
    // they stay queued for the next start.
    const QList<qint64> waiting = batch->companyByProspect.keys() + batch->chosenCompany.keys();
    batch->companyByProspect.clear();
    batch->chosenCompany.clear();
    deferProspects(batch, waiting, tr("The sync stopped before the company was linked."));
    for (qint64 id : waiting) {
        const int index = batch->entryByProspect.value(id, -1);
        if (index >= 0)
            batch->entries[index].retryNow = true;
    }
}

void HubSpotContactSync::searchCompanies(std::shared_ptr<Batch> batch, QStringList names, std::function<void()> done)
{
    if (names.isEmpty()) {
        done();
        return;
    }

    // One search finds many names: IN with lowercase values, at most 100.
    const QStringList chunk = names.mid(0, 100);
    const QStringList rest = names.mid(100);
    const QJsonObject body{
        {QStringLiteral("filterGroups"),
         QJsonArray{QJsonObject{{QStringLiteral("filters"),
                                 QJsonArray{QJsonObject{{QStringLiteral("propertyName"), QStringLiteral("name")},
                                                        {QStringLiteral("operator"), QStringLiteral("IN")},
                                                        {QStringLiteral("values"), QJsonArray::fromStringList(chunk)}}}}}}},
        {QStringLiteral("properties"), QJsonArray{QStringLiteral("name")}},
        {QStringLiteral("limit"), 200}};

    callApi("POST", QStringLiteral("/crm/v3/objects/companies/search"), body,
            [this, batch, chunk, rest, done](const ApiResponse &response) {
        if (!response.isSuccess()) {
            qCWarning(lcSync) << "company search failed:" << response.status << response.message();
            QList<qint64> waiting;
            for (auto it = batch->companyByProspect.cbegin(); it != batch->companyByProspect.cend(); ++it) {
                if (chunk.contains(it.value()))
                    waiting << it.key();
            }
            for (qint64 id : std::as_const(waiting))
                batch->companyByProspect.remove(id);
            deferProspects(batch, waiting,
                           tr("Looking up the company in HubSpot failed: %1").arg(hubSpotErrorDetail(response)));
            searchCompanies(batch, rest, done);
            return;
        }

        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const CompanyCandidate candidate = companyCandidate(value);
            batch->companyCandidates[normalizeCompanyName(candidate.name)] << candidate;
        }

        // IN compares whole values, so a name stored with stray spaces is
        // missed; search those again by their longest word.
        QStringList missed;
        for (const QString &name : chunk) {
            if (!batch->companyCandidates.contains(name))
                missed << name;
        }
        searchCompanyByToken(batch, missed, [this, batch, chunk, rest, done] {
            for (const QString &name : chunk) {
                const CompanyMatch match = matchCompany(name, batch->companyCandidates.value(name));
                StoredCompany company{name, batch->companyDisplayName.value(name), QString(), QString(), QString()};
                if (match.kind == CompanyMatchKind::None) {
                    batch->companiesToCreate << name;
                    continue;
                }
                if (match.kind == CompanyMatchKind::One) {
                    company.remoteId = match.id;
                    company.status = QStringLiteral("linked");
                } else {
                    QJsonArray candidates;
                    for (const CompanyCandidate &candidate : match.candidates)
                        candidates.append(QJsonObject{{QStringLiteral("id"), candidate.id}, {QStringLiteral("name"), candidate.name}});
                    company.status = QStringLiteral("ambiguous");
                    company.candidates = QString::fromUtf8(QJsonDocument(candidates).toJson(QJsonDocument::Compact));
                }
                m_store->saveCompany(company);
                batch->resolvedCompanies.insert(name, company);
            }
            searchCompanies(batch, rest, done);
        });
    });
}

void HubSpotContactSync::searchCompanyByToken(std::shared_ptr<Batch> batch, QStringList names, std::function<void()> done)
{
    if (names.isEmpty()) {
        done();
        return;
    }

    // Filter groups are ORed and HubSpot allows five per search, so one
    // request looks for five names, each by its longest word.
    const QStringList chunk = names.mid(0, 5);
    const QStringList rest = names.mid(5);
    QJsonArray groups;
    for (const QString &name : chunk) {
        QString token;
        for (const QString &word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (word.size() > token.size())
                token = word;
        }
        groups.append(QJsonObject{{QStringLiteral("filters"),
                                   QJsonArray{QJsonObject{{QStringLiteral("propertyName"), QStringLiteral("name")},
                                                          {QStringLiteral("operator"), QStringLiteral("CONTAINS_TOKEN")},
                                                          {QStringLiteral("value"), token}}}}});
    }
    const QJsonObject body{{QStringLiteral("filterGroups"), groups},
                           {QStringLiteral("properties"), QJsonArray{QStringLiteral("name")}},
                           {QStringLiteral("limit"), 200}};

    callApi("POST", QStringLiteral("/crm/v3/objects/companies/search"), body,
            [this, batch, chunk, rest, done](const ApiResponse &response) {
        if (response.isSuccess()) {
            const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
            for (const QJsonValue &value : results) {
                const CompanyCandidate candidate = companyCandidate(value);
                const QString name = normalizeCompanyName(candidate.name);
                if (chunk.contains(name))
                    batch->companyCandidates[name] << candidate;
            }
        } else {
            qCWarning(lcSync) << "company search by word failed:" << response.status << response.message();
        }
        searchCompanyByToken(batch, rest, done);
    });
}

void HubSpotContactSync::createCompanies(std::shared_ptr<Batch> batch, std::function<void()> done)
{
    if (batch->companiesToCreate.isEmpty()) {
        done();
        return;
    }
    if (!m_running) {
        deferUnlinkedCompanies(batch);
        done();
        return;
    }

    const QStringList chunk = batch->companiesToCreate.mid(0, 100);
    batch->companiesToCreate = batch->companiesToCreate.mid(100);

    // Marked before the request: if no response arrives, a later run
    // looks for the company instead of creating it again.
    for (const QString &name : chunk)
        m_store->saveCompany(StoredCompany{name, batch->companyDisplayName.value(name), QString(),
                                           QStringLiteral("creating"), QString(), {}});

    QJsonArray inputs;
    for (int i = 0; i < chunk.size(); ++i) {
        // A trace id per input: one rejected name does not fail the rest.
        inputs.append(QJsonObject{{QStringLiteral("properties"),
                                   QJsonObject{{QStringLiteral("name"), batch->companyDisplayName.value(chunk.at(i))}}},
                                  {QStringLiteral("associations"), QJsonArray()},
                                  {QStringLiteral("objectWriteTraceId"), QStringLiteral("company-%1").arg(i)}});
    }

    const qint64 sentAtMs = QDateTime::currentMSecsSinceEpoch();
    callApi("POST", QStringLiteral("/crm/v3/objects/companies/batch/create"), QJsonObject{{QStringLiteral("inputs"), inputs}},
            [this, batch, chunk, sentAtMs, done](const ApiResponse &response) {
        if (!response.isSuccess())
            qCWarning(lcSync) << "creating companies failed:" << response.status << response.message();
        CreatedCompanies created{{}, sentAtMs, QDateTime::currentMSecsSinceEpoch()};

        const QJsonArray results = response.isSuccess() ? response.json.value(QLatin1String("results")).toArray()
                                                        : QJsonArray();
        for (const QJsonValue &value : results) {
            const QJsonObject object = value.toObject();
            const QString displayName = object.value(QLatin1String("properties")).toObject().value(QLatin1String("name")).toString();
            const QString name = normalizeCompanyName(displayName);
            const QString id = object.value(QLatin1String("id")).toString();
            if (!chunk.contains(name) || id.isEmpty())
                continue;
            StoredCompany company{name, displayName, id, QStringLiteral("linked"), QString()};
            // Remembered at once: HubSpot's search will not show it for a
            // few seconds, and the next batch must not create it again.
            m_store->saveCompany(company);
            batch->resolvedCompanies.insert(name, company);
            created.idByName.insert(name, id);
            m_store->appendLog(QStringLiteral("info"), QStringLiteral("company"), 0,
                               tr("Created HubSpot company %1 (%2).").arg(company.remoteId, displayName));
        }

        // A name without a result stays unlinked and its prospects queued.
        QList<qint64> waiting;
        for (auto it = batch->companyByProspect.cbegin(); it != batch->companyByProspect.cend(); ++it) {
            if (chunk.contains(it.value()) && !batch->resolvedCompanies.contains(it.value()))
                waiting << it.key();
        }
        // HubSpot returned an error status, so it created none of them and
        // the next pass need not wait for its search.
        if (response.status >= 400 && response.status < 500) {
            for (const QString &name : chunk) {
                if (!batch->resolvedCompanies.contains(name))
                    m_store->saveCompany(StoredCompany{name, batch->companyDisplayName.value(name), QString(),
                                                       QStringLiteral("rejected"), QString(), {}});
            }
        }
        if (!waiting.isEmpty()) {
            for (qint64 id : std::as_const(waiting))
                batch->companyByProspect.remove(id);
            deferProspects(batch, waiting, tr("Creating the company in HubSpot failed: %1").arg(hubSpotErrorDetail(response)));
        }

        auto next = [this, batch, done] { createCompanies(batch, done); };
        if (response.timesSent > 1 && !created.idByName.isEmpty()) {
            removeCompanyCopies(created, next);
            return;
        }
        next();
    });
}

void HubSpotContactSync::removeCompanyCopies(CreatedCompanies created, std::function<void()> done)
{
    // The network stack sent the create again after the connection closed,
    // so HubSpot may have made each company twice. A copy has the same name,
    // no contacts and a creation time near the request, and HubSpot's search
    // shows it only after a delay.
    qCInfo(lcSync) << "company create was sent twice; looking for copies of" << created.idByName.size() << "companies";
    waitWhileRunning(kSearchSettleMs, [this, created, done] {
        const QJsonObject body{
            {QStringLiteral("filterGroups"),
             QJsonArray{QJsonObject{{QStringLiteral("filters"),
                                     QJsonArray{QJsonObject{{QStringLiteral("propertyName"), QStringLiteral("name")},
                                                            {QStringLiteral("operator"), QStringLiteral("IN")},
                                                            {QStringLiteral("values"), QJsonArray::fromStringList(created.idByName.keys())}}}}}}},
            {QStringLiteral("properties"), QJsonArray{QStringLiteral("name"), QStringLiteral("createdate")}},
            {QStringLiteral("limit"), 200}};

        callApi("POST", QStringLiteral("/crm/v3/objects/companies/search"), body, [this, created, done](const ApiResponse &response) {
            if (!response.isSuccess()) {
                qCWarning(lcSync) << "looking for company copies failed:" << response.status << response.message();
                m_store->appendLog(QStringLiteral("warning"), QStringLiteral("company"), 0,
                                   tr("Companies may exist twice in HubSpot, because looking for copies failed: %1 "
                                      "Look for companies of the same name without contacts in HubSpot.")
                                       .arg(hubSpotErrorDetail(response)));
                done();
                return;
            }

            // NOTE: five minutes either side allow for a clock difference
            // between this computer and HubSpot. The value is an estimate.
            constexpr qint64 kClockSlackMs = 5 * 60 * 1000;
            QStringList candidates;
            const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
            for (const QJsonValue &value : results) {
                const QJsonObject object = value.toObject();
                const QJsonObject properties = object.value(QLatin1String("properties")).toObject();
                const QString id = object.value(QLatin1String("id")).toString();
                const QString name = normalizeCompanyName(properties.value(QLatin1String("name")).toString());
                const QDateTime createdAt = QDateTime::fromString(properties.value(QLatin1String("createdate")).toString(), Qt::ISODateWithMs);
                const bool inWindow = createdAt.isValid()
                    && createdAt.toMSecsSinceEpoch() >= created.sentAtMs - kClockSlackMs
                    && createdAt.toMSecsSinceEpoch() <= created.answeredAtMs + kClockSlackMs;
                if (created.idByName.contains(name) && created.idByName.value(name) != id && inWindow)
                    candidates << id;
            }
            archiveUnlinkedCompanies(candidates, done);
        });
    });
}

void HubSpotContactSync::archiveUnlinkedCompanies(QStringList candidateIds, std::function<void()> done)
{
    if (candidateIds.isEmpty()) {
        done();
        return;
    }

    // A company that any contact is linked to stays, because someone uses it.
    QJsonArray inputs;
    for (const QString &id : std::as_const(candidateIds))
        inputs.append(QJsonObject{{QStringLiteral("id"), id}});
    callApi("POST", QStringLiteral("/crm/v4/associations/company/contact/batch/read"),
            QJsonObject{{QStringLiteral("inputs"), inputs}}, [this, candidateIds, done](const ApiResponse &response) {
        if (!response.isSuccess() && response.status != 207) {
            qCWarning(lcSync) << "reading the links of company copies" << candidateIds << "failed:" << response.status
                              << response.message();
            done();
            return;
        }

        QSet<QString> linked;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const QJsonObject object = value.toObject();
            if (!object.value(QLatin1String("to")).toArray().isEmpty())
                linked.insert(object.value(QLatin1String("from")).toObject().value(QLatin1String("id")).toString());
        }
        QJsonArray copies;
        for (const QString &id : candidateIds) {
            if (!linked.contains(id))
                copies.append(QJsonObject{{QStringLiteral("id"), id}});
        }
        if (copies.isEmpty()) {
            done();
            return;
        }

        callApi("POST", QStringLiteral("/crm/v3/objects/companies/batch/archive"), QJsonObject{{QStringLiteral("inputs"), copies}},
                [this, count = copies.size(), done](const ApiResponse &archived) {
            if (archived.isSuccess())
                m_store->appendLog(QStringLiteral("info"), QStringLiteral("company"), 0,
                                   tr("Archived %n company copies that HubSpot had created twice.", nullptr, count));
            else
                m_store->appendLog(QStringLiteral("warning"), QStringLiteral("company"), 0,
                                   tr("%n companies exist twice in HubSpot, and archiving the copies failed: %1 "
                                      "Delete the copies without contacts in HubSpot.", nullptr, count)
                                       .arg(hubSpotErrorDetail(archived)));
            done();
        });
    });
}

void HubSpotContactSync::associateCompanies(std::shared_ptr<Batch> batch, std::function<void()> done)
{
    QJsonArray inputs;
    QList<CompanyLink> pending;
    const auto addLink = [&inputs, &pending, batch](qint64 prospectId, const QString &name, const QString &companyId) {
        inputs.append(QJsonObject{
            {QStringLiteral("from"), QJsonObject{{QStringLiteral("id"), batch->contactByProspect.value(prospectId)}}},
            {QStringLiteral("to"), QJsonObject{{QStringLiteral("id"), companyId}}},
            {QStringLiteral("types"), QJsonArray{QJsonObject{{QStringLiteral("associationCategory"), QStringLiteral("HUBSPOT_DEFINED")},
                                                             {QStringLiteral("associationTypeId"), 279}}}}});
        pending << CompanyLink{prospectId, name, companyId, QStringLiteral("linked")};
    };

    for (auto it = batch->companyByProspect.cbegin(); it != batch->companyByProspect.cend(); ++it) {
        const StoredCompany company = batch->resolvedCompanies.value(it.value());
        if (company.status == QLatin1String("ambiguous")) {
            batch->companyLinks << CompanyLink{it.key(), it.value(), QString(), QStringLiteral("ambiguous")};
            m_store->appendLog(QStringLiteral("warning"), QStringLiteral("company"), it.key(),
                               tr("Company ambiguous: HubSpot has several companies named \"%1\"; choose one in "
                                  "the console.").arg(company.displayName));
            continue;
        }
        if (!company.remoteId.isEmpty())
            addLink(it.key(), it.value(), company.remoteId);
    }
    for (auto it = batch->chosenCompany.cbegin(); it != batch->chosenCompany.cend(); ++it) {
        addLink(it.key(), normalizeCompanyName(batch->prospects.value(it.key()).companyName), it.value());
    }

    if (inputs.isEmpty()) {
        done();
        return;
    }
    if (!m_running) {
        deferUnlinkedCompanies(batch);
        done();
        return;
    }

    callApi("POST", QStringLiteral("/crm/v4/associations/contact/company/batch/create"),
            QJsonObject{{QStringLiteral("inputs"), inputs}}, [this, batch, pending, done](const ApiResponse &response) {
        if (!response.isSuccess()) {
            qCWarning(lcSync) << "linking companies failed:" << response.status << response.message();
            QList<qint64> waiting;
            for (const CompanyLink &link : pending)
                waiting << link.prospectId;
            deferProspects(batch, waiting, tr("Linking the company in HubSpot failed: %1").arg(hubSpotErrorDetail(response)));
            done();
            return;
        }

        // An association that exists already is as good as a new one. With
        // a 207, the links named in the results count and the rest wait.
        QSet<QString> linked;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const QJsonObject result = value.toObject();
            linked.insert(result.value(QLatin1String("fromObjectId")).toVariant().toString() + QLatin1Char('>')
                          + result.value(QLatin1String("toObjectId")).toVariant().toString());
        }
        const bool partial = response.status == 207 || !response.json.value(QLatin1String("errors")).toArray().isEmpty();
        QList<qint64> waiting;
        for (const CompanyLink &link : pending) {
            const QString key = batch->contactByProspect.value(link.prospectId) + QLatin1Char('>') + link.remoteCompanyId;
            if (partial && !linked.contains(key)) {
                waiting << link.prospectId;
                continue;
            }
            batch->companyLinks << link;
        }
        if (!waiting.isEmpty())
            deferProspects(batch, waiting, tr("HubSpot did not confirm the company link: %1").arg(hubSpotErrorDetail(response)));
        done();
    });
}

void HubSpotContactSync::deferProspects(std::shared_ptr<Batch> batch, const QList<qint64> &prospectIds,
                                        const QString &message)
{
    // The contact itself is written. The queue row stays so that the rest
    // is done on a later pass.
    for (qint64 id : prospectIds) {
        const int index = batch->entryByProspect.value(id, -1);
        if (index < 0)
            continue;
        Entry &entry = batch->entries[index];
        entry.transient = true;
        entry.error = message;
        entry.logKind = QStringLiteral("retry");
        entry.logMessage = message;
    }
}

void HubSpotContactSync::planNotesForBatch(std::shared_ptr<Batch> batch, std::function<void()> done)
{
    if (!m_running) {
        for (Entry &entry : batch->entries) {
            if (entry.status == SyncStatus::Synced && entry.parts.testFlag(SyncPart::Notes))
                entry.notesIncomplete = true;
        }
        done();
        return;
    }

    ProspectStore prospects(m_database->handle());
    for (int index = 0; index < batch->entries.size(); ++index) {
        const Entry &entry = batch->entries.at(index);
        if (entry.status != SyncStatus::Synced || entry.remoteId.isEmpty())
            continue;

        for (const QueueItem &item : entry.items) {
            if (!item.parts.testFlag(SyncPart::Notes))
                continue;
            const std::optional<Prospect> prospect = prospects.findById(item.prospectId);
            if (!prospect)
                continue;
            batch->prospects.insert(item.prospectId, *prospect);

            const auto stored = m_store->notes({item.prospectId});
            if (!stored.ok()) {
                failNotesOfBatch(batch, stored.error().message);
                done();
                return;
            }
            QSet<QString> keys;
            for (const StoredNote &note : stored.value()) {
                keys.insert(note.note.key());
                if (note.remoteId.isEmpty())
                    batch->unconfirmedNotes << NoteToPost{note, entry.remoteId, index};
                else
                    batch->recordedNoteIds.insert(note.remoteId);
            }

            const QList<PlannedNote> planned = planNotes(*prospect, prospects.chatSessions(item.prospectId),
                                                         prospects.activities(item.prospectId),
                                                         m_store->syncedProfile(item.prospectId), keys);
            const auto added = m_store->addPendingNotes(item.prospectId, planned);
            if (!added.ok()) {
                failNotesOfBatch(batch, added.error().message);
                done();
                return;
            }
            for (const StoredNote &note : added.value())
                batch->newNotes << NoteToPost{note, entry.remoteId, index};
        }
    }

    if (!batch->unconfirmedNotes.isEmpty()) {
        confirmPostedNotes(batch, [this, batch, done] { postNotes(batch, 0, done); });
        return;
    }
    postNotes(batch, 0, done);
}

void HubSpotContactSync::confirmPostedNotes(std::shared_ptr<Batch> batch, std::function<void()> done)
{
    // Notes recorded but never confirmed were perhaps posted just before a
    // crash. Look on the contacts' timelines for them before posting again.
    QSet<QString> contactIds;
    for (const NoteToPost &note : std::as_const(batch->unconfirmedNotes))
        contactIds.insert(note.contactId);

    readTimelineNotes(contactIds, [this, batch, done](Result<TimelineNotes> found) {
        if (!found.ok()) {
            failNotes(batch, found.error().message);
            batch->newNotes.clear();
            done();
            return;
        }

        // A note found more than once was sent twice. Each stored note takes
        // the oldest copy not yet taken, and the copies left are archived
        // once every note has taken its own.
        QList<NoteToPost> stillMissing;
        QHash<QString, qint64> prospectByKey;
        for (const NoteToPost &note : std::as_const(batch->unconfirmedNotes)) {
            const QString key = timelineKey(note.contactId, noteContentKey(note.stored.note));
            QStringList ids = found->values(key);
            ids.removeIf([batch](const QString &id) { return batch->recordedNoteIds.contains(id); });
            if (ids.isEmpty()) {
                stillMissing << note;
                continue;
            }
            sortNoteIds(ids);
            batch->recordedNoteIds.insert(ids.first());
            batch->postedNotes << NoteResult{note.stored.id, ids.first()};
            prospectByKey.insert(key, note.stored.prospectId);
        }

        QHash<qint64, QStringList> copies;
        for (auto it = prospectByKey.cbegin(); it != prospectByKey.cend(); ++it) {
            const QStringList ids = found->values(it.key());
            for (const QString &id : ids) {
                if (!batch->recordedNoteIds.contains(id))
                    copies[it.value()] << id;
            }
        }
        batch->newNotes = stillMissing + batch->newNotes;
        archiveNotes(copies, done);
    });
}

void HubSpotContactSync::readTimelineNotes(const QSet<QString> &contactIds,
                                           std::function<void(Result<TimelineNotes>)> done)
{
    QJsonArray inputs;
    for (const QString &id : contactIds)
        inputs.append(QJsonObject{{QStringLiteral("id"), id}});

    callApi("POST", QStringLiteral("/crm/v4/associations/contact/note/batch/read"),
            QJsonObject{{QStringLiteral("inputs"), inputs}}, [this, done](const ApiResponse &response) {
        if (!response.isSuccess() && response.status != 207) {
            done(Error{QStringLiteral("notes_unreadable"),
                       tr("Checking the contact's notes in HubSpot failed: %1").arg(hubSpotErrorDetail(response))});
            return;
        }

        QJsonArray noteIds;
        QHash<QString, QStringList> contactsByNote;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &result : results) {
            const QJsonObject object = result.toObject();
            const QString contactId = object.value(QLatin1String("from")).toObject().value(QLatin1String("id")).toString();
            const QJsonArray targets = object.value(QLatin1String("to")).toArray();
            for (const QJsonValue &target : targets) {
                const QString noteId = QString::number(target.toObject().value(QLatin1String("toObjectId")).toInteger());
                if (!contactsByNote.contains(noteId))
                    noteIds.append(QJsonObject{{QStringLiteral("id"), noteId}});
                contactsByNote[noteId] << contactId;
            }
        }
        readNoteContents(noteIds, contactsByNote, 0, std::make_shared<TimelineNotes>(), done);
    });
}

void HubSpotContactSync::readNoteContents(QJsonArray noteIds, QHash<QString, QStringList> contactsByNote, int offset,
                                          std::shared_ptr<TimelineNotes> found,
                                          std::function<void(Result<TimelineNotes>)> done)
{
    if (offset >= noteIds.size()) {
        done(*found);
        return;
    }

    // HubSpot reads at most 100 objects per batch request.
    QJsonArray inputs;
    for (int i = offset; i < qMin(offset + 100, int(noteIds.size())); ++i)
        inputs.append(noteIds.at(i));
    const QJsonObject body{{QStringLiteral("inputs"), inputs},
                           {QStringLiteral("properties"), QJsonArray{QStringLiteral("hs_note_body"), QStringLiteral("hs_timestamp")}}};
    callApi("POST", QStringLiteral("/crm/v3/objects/notes/batch/read"), body,
            [this, noteIds, contactsByNote, offset, found, done](const ApiResponse &response) {
        if (!response.isSuccess() && response.status != 207) {
            done(Error{QStringLiteral("notes_unreadable"),
                       tr("Reading the contact's notes in HubSpot failed: %1").arg(hubSpotErrorDetail(response))});
            return;
        }

        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const QString noteId = value.toObject().value(QLatin1String("id")).toString();
            for (const QString &contactId : contactsByNote.value(noteId))
                found->insert(timelineKey(contactId, noteContentKey(value)), noteId);
        }
        readNoteContents(noteIds, contactsByNote, offset + 100, found, done);
    });
}

void HubSpotContactSync::removeResentNotes(std::shared_ptr<Batch> batch, QList<NoteToPost> chunk,
                                           std::function<void()> done)
{
    // The network stack sent the create again after the connection closed,
    // so HubSpot may hold the chunk's notes twice. The copies that were not
    // confirmed are archived.
    QSet<QString> contactIds;
    for (const NoteToPost &note : std::as_const(chunk))
        contactIds.insert(note.contactId);

    readTimelineNotes(contactIds, [this, batch, chunk, done](Result<TimelineNotes> found) {
        if (!found.ok()) {
            qCWarning(lcSync) << "notes sent twice were not checked:" << found.error().message;
            m_store->appendLog(QStringLiteral("warning"), QStringLiteral("notes"), chunk.first().stored.prospectId,
                               tr("Notes may be on the HubSpot timeline twice, because checking them failed: %1 "
                                  "Look for copies on the contact's timeline in HubSpot.")
                                   .arg(found.error().message));
            done();
            return;
        }

        QHash<qint64, QStringList> copies;
        QSet<QString> seen;
        for (const NoteToPost &note : std::as_const(chunk)) {
            const QString key = timelineKey(note.contactId, noteContentKey(note.stored.note));
            if (seen.contains(key))
                continue;
            seen.insert(key);
            const QStringList ids = found->values(key);
            for (const QString &id : ids) {
                if (!batch->recordedNoteIds.contains(id))
                    copies[note.stored.prospectId] << id;
            }
        }
        archiveNotes(copies, done);
    });
}

void HubSpotContactSync::archiveNotes(QHash<qint64, QStringList> copiesByProspect, std::function<void()> done)
{
    // HubSpot archives at most 100 objects per batch request.
    QJsonArray inputs;
    QHash<qint64, int> countByProspect;
    for (auto it = copiesByProspect.begin(); it != copiesByProspect.end() && inputs.size() < 100;) {
        while (!it.value().isEmpty() && inputs.size() < 100) {
            inputs.append(QJsonObject{{QStringLiteral("id"), it.value().takeFirst()}});
            ++countByProspect[it.key()];
        }
        it = it.value().isEmpty() ? copiesByProspect.erase(it) : std::next(it);
    }
    if (inputs.isEmpty()) {
        done();
        return;
    }

    // Archived notes go to HubSpot's recycle bin, where an admin can
    // restore them.
    callApi("POST", QStringLiteral("/crm/v3/objects/notes/batch/archive"), QJsonObject{{QStringLiteral("inputs"), inputs}},
            [this, copiesByProspect, countByProspect, done](const ApiResponse &response) {
        if (!response.isSuccess())
            qCWarning(lcSync) << "archiving notes sent twice failed for prospects" << countByProspect.keys() << ":"
                              << response.status << response.message();
        for (auto it = countByProspect.cbegin(); it != countByProspect.cend(); ++it) {
            if (response.isSuccess())
                m_store->appendLog(QStringLiteral("info"), QStringLiteral("notes"), it.key(),
                                   tr("Archived %n note(s) that HubSpot had received twice.", nullptr, it.value()));
            else
                m_store->appendLog(QStringLiteral("warning"), QStringLiteral("notes"), it.key(),
                                   tr("%n note(s) are on the HubSpot timeline twice, and archiving the copies failed: "
                                      "%1. Delete the copies on the contact's timeline in HubSpot.",
                                      nullptr, it.value())
                                       .arg(hubSpotErrorDetail(response)));
        }
        archiveNotes(copiesByProspect, done);
    });
}

void HubSpotContactSync::postNotes(std::shared_ptr<Batch> batch, int offset, std::function<void()> done)
{
    if (offset >= batch->newNotes.size()) {
        done();
        return;
    }
    if (!m_running) {
        for (const NoteToPost &note : batch->newNotes.mid(offset))
            batch->entries[note.entryIndex].notesIncomplete = true;
        done();
        return;
    }

    const QList<NoteToPost> chunk = batch->newNotes.mid(offset, 100);
    QJsonArray inputs;
    for (const NoteToPost &note : chunk) {
        const QJsonObject association{
            {QStringLiteral("to"), QJsonObject{{QStringLiteral("id"), note.contactId}}},
            {QStringLiteral("types"), QJsonArray{QJsonObject{{QStringLiteral("associationCategory"), QStringLiteral("HUBSPOT_DEFINED")},
                                                             {QStringLiteral("associationTypeId"), 202}}}}};
        inputs.append(QJsonObject{
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("hs_timestamp"), QString::number(note.stored.note.occurredAt.toMSecsSinceEpoch())},
                         {QStringLiteral("hs_note_body"), note.stored.note.body}}},
            {QStringLiteral("associations"), QJsonArray{association}}});
    }

    callApi("POST", QStringLiteral("/crm/v3/objects/notes/batch/create"), QJsonObject{{QStringLiteral("inputs"), inputs}},
            [this, batch, offset, chunk, done](const ApiResponse &response) {
        if (!response.isSuccess() && response.status != 207) {
            failNotes(batch, tr("Adding notes to the HubSpot timeline failed: %1").arg(hubSpotErrorDetail(response)));
            done();
            return;
        }

        // HubSpot does not promise the order of results: match each one by
        // its body and time.
        QMultiHash<QString, QString> idByContent;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results)
            idByContent.insert(noteContentKey(value), value.toObject().value(QLatin1String("id")).toString());

        bool missing = false;
        for (const NoteToPost &note : chunk) {
            const QString key = noteContentKey(note.stored.note);
            const QString remoteId = idByContent.value(key);
            if (remoteId.isEmpty()) {
                missing = true;
                continue;
            }
            idByContent.remove(key, remoteId);
            batch->postedNotes << NoteResult{note.stored.id, remoteId};
            batch->recordedNoteIds.insert(remoteId);
        }
        if (missing)
            failNotes(batch, tr("HubSpot did not confirm every note; the missing ones are checked and sent again on "
                                "the next pass."));

        auto next = [this, batch, offset, done] { postNotes(batch, offset + 100, done); };
        if (response.timesSent > 1) {
            removeResentNotes(batch, chunk, next);
            return;
        }
        next();
    });
}

void HubSpotContactSync::failNotesOfBatch(std::shared_ptr<Batch> batch, const QString &message)
{
    // Planning stopped part way, so every written contact of the batch
    // waits for its notes, not only those whose notes were planned.
    qCWarning(lcSync) << "planning notes failed:" << message;
    for (Entry &entry : batch->entries) {
        if (entry.status != SyncStatus::Synced || !entry.parts.testFlag(SyncPart::Notes))
            continue;
        entry.transient = true;
        entry.notesIncomplete = true;
        entry.error = message;
        entry.logKind = QStringLiteral("retry");
        entry.logMessage = message;
    }
    batch->newNotes.clear();
    batch->unconfirmedNotes.clear();
}

void HubSpotContactSync::failNotes(std::shared_ptr<Batch> batch, const QString &message)
{
    // The contact itself is fine; keep the prospects queued so that the
    // notes are checked and sent again.
    qCWarning(lcSync) << "notes not confirmed:" << message;
    for (const NoteToPost &note : std::as_const(batch->newNotes) + batch->unconfirmedNotes) {
        Entry &entry = batch->entries[note.entryIndex];
        entry.transient = true;
        entry.notesIncomplete = true;
        entry.error = message;
        entry.logKind = QStringLiteral("retry");
        entry.logMessage = message;
    }
}

void HubSpotContactSync::failEntries(std::shared_ptr<Batch> batch, const QList<int> &entries,
                                     const QString &message, bool transient)
{
    for (int index : entries) {
        Entry &entry = batch->entries[index];
        entry.done = true;
        entry.status = transient ? SyncStatus::Pending : SyncStatus::Failed;
        entry.transient = transient;
        entry.error = message;
        entry.logKind = QStringLiteral("failed");
        entry.logMessage = message;
    }
}

void HubSpotContactSync::finishBatch(std::shared_ptr<Batch> batch)
{
    m_busy = false;

    QList<SyncResult> results = batch->immediate;
    const QDateTime retryAt = QDateTime::currentDateTimeUtc().addSecs(kTransientRetrySeconds);
    int synced = 0;
    int failed = 0;
    // Once a stop was requested, work put back on the queue counts as still
    // queued, not as failed.
    const bool stopping = !m_running;
    const auto count = [&synced, &failed, stopping](const SyncResult &result) {
        if (result.status == SyncStatus::Synced)
            ++synced;
        else if (result.status == SyncStatus::Failed || (result.retryAt.isValid() && !stopping))
            ++failed;
    };
    for (const SyncResult &result : std::as_const(results))
        count(result);

    for (const Entry &entry : std::as_const(batch->entries)) {
        if (!entry.done)
            continue; // stopped before this entry was sent: it stays queued
        const QString decisions = QString::fromUtf8(QJsonDocument(entry.plan.outcomesToJson()).toJson(QJsonDocument::Compact));
        const bool incomplete = entry.notesIncomplete && entry.status == SyncStatus::Synced;
        for (const QueueItem &item : entry.items) {
            SyncResult result;
            result.item = item;
            result.status = incomplete ? SyncStatus::Pending : entry.status;
            result.remoteId = incomplete ? QString() : entry.remoteId;
            result.error = entry.error;
            result.decisionsJson = entry.status == SyncStatus::Synced && !entry.keepDecisions ? decisions : QString();
            result.logKind = entry.logKind;
            result.logMessage = entry.logMessage;
            if (entry.transient)
                result.retryAt = entry.retryNow ? QDateTime::currentDateTimeUtc() : retryAt;
            if (incomplete && !entry.transient)
                result.retryAt = QDateTime::currentDateTimeUtc();
            const auto prospect = batch->prospects.constFind(item.prospectId);
            if (result.status == SyncStatus::Synced && prospect != batch->prospects.constEnd()) {
                result.syncedLifecycleStage = prospect->lifecycleStage.trimmed();
                result.syncedLeadScore = prospect->leadScore;
            }
            count(result);
            results << result;
        }
    }

    if (Status status = m_store->record(results, batch->postedNotes, batch->companyLinks)) {
        qCWarning(lcSync) << "recording a batch failed:" << status->message;
        finishRun(status);
        return;
    }

    m_progress.synced += synced;
    m_progress.failed += failed;
    qCInfo(lcSync) << "batch done:" << synced << "synced," << failed << "not synced";
    emitProgress();

    if (!m_running) {
        finishRun();
        return;
    }
    QMetaObject::invokeMethod(this, &HubSpotContactSync::processNextBatch, Qt::QueuedConnection);
}

void HubSpotContactSync::finishRun(std::optional<Error> error)
{
    m_running = false;
    m_busy = false;
    m_pollTimer->stop();

    SyncSummary summary;
    summary.synced = m_progress.synced;
    summary.failed = m_progress.failed;
    summary.remaining = m_store ? m_store->queueSize() : 0;
    summary.error = error;

    if (m_store) {
        const QString message = tr("Sync stopped: %1 synced, %2 failed, %3 still queued.")
                                    .arg(summary.synced)
                                    .arg(summary.failed)
                                    .arg(summary.remaining);
        m_store->appendLog(summary.failed > 0 || error ? QStringLiteral("warning") : QStringLiteral("info"),
                           QStringLiteral("run"), 0, message);
    }

    m_progress.running = false;
    m_progress.queued = summary.remaining;
    emitProgress();
    qCInfo(lcSync) << "sync finished:" << summary.synced << "synced," << summary.failed << "failed,"
                   << summary.remaining << "queued";

    m_store.reset();
    m_database.reset();
    emit finished(summary);
}

void HubSpotContactSync::emitProgress()
{
    emit progressChanged(m_progress);
}

} // namespace Breezee
