#include "SyncPreview.h"

#include "common/Logging.h"
#include "hubspot/ContactPlanner.h"
#include "hubspot/HubSpotClient.h"
#include "oauth/TokenBroker.h"
#include "store/ProspectStore.h"
#include "store/SyncStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace Breezee {

namespace {

const QString kContactsPath = QStringLiteral("/crm/v3/objects/contacts");
const QString kPropertiesPath = QStringLiteral("/crm/v3/properties/contacts");
const QString kCompanySearchPath = QStringLiteral("/crm/v3/objects/companies/search");

// The preview shares the account's request budget with a running sync, so
// it takes less than half of HubSpot's 110 requests per 10 s.
constexpr int kPreviewRateLimit = 50;
constexpr int kPreviewRateWindowMs = 10000;

struct BreezeePropertyType {
    const char *name;
    const char *type;
};

// NOTE: the sync creates these properties with these types, so keep both
// lists equal.
const QList<BreezeePropertyType> &breezeePropertyTypes()
{
    static const QList<BreezeePropertyType> types = {
        {kScoreProperty, "number"},
        {kSourceProperty, "string"},
        {kLastActivityProperty, "datetime"},
    };
    return types;
}

// HubSpot fields the console reads for the preview but never writes.
const QStringList &neverWrittenProperties()
{
    static const QStringList names = {QStringLiteral("lifecyclestage"), QStringLiteral("hs_lead_status")};
    return names;
}

QString errorDetail(const ApiResponse &response)
{
    QStringList parts{response.message()};
    const QJsonArray errors = response.json.value(QLatin1String("errors")).toArray();
    for (const QJsonValue &error : errors) {
        const QString message = error.toObject().value(QLatin1String("message")).toString();
        if (!message.isEmpty() && !parts.contains(message))
            parts << message;
    }
    return parts.join(QStringLiteral(": "));
}

FieldPreviewDecision previewDecision(FieldDecision decision)
{
    switch (decision) {
    case FieldDecision::Written:
        return FieldPreviewDecision::Written;
    case FieldDecision::KeptRemote:
        return FieldPreviewDecision::KeptRemote;
    case FieldDecision::AlreadyEqual:
        return FieldPreviewDecision::AlreadyEqual;
    case FieldDecision::BlankLocal:
        return FieldPreviewDecision::Blank;
    }
    return FieldPreviewDecision::Blank;
}

CompanyCandidate companyCandidate(const QJsonValue &result)
{
    const QJsonObject object = result.toObject();
    return CompanyCandidate{
        object.value(QLatin1String("id")).toString(),
        object.value(QLatin1String("properties")).toObject().value(QLatin1String("name")).toString()};
}

QList<CompanyCandidate> candidatesFromJson(const QString &json)
{
    QList<CompanyCandidate> candidates;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        candidates << CompanyCandidate{object.value(QLatin1String("id")).toString(),
                                       object.value(QLatin1String("name")).toString()};
    }
    return candidates;
}

RemoteContact remoteContact(const QJsonObject &object)
{
    RemoteContact remote;
    remote.id = object.value(QLatin1String("id")).toString();
    const QJsonObject properties = object.value(QLatin1String("properties")).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        if (!it.value().isNull())
            remote.properties.insert(it.key(), it.value().toString());
    }
    return remote;
}

QJsonObject companySearchBody(const QJsonArray &filterGroups)
{
    return QJsonObject{{QStringLiteral("filterGroups"), filterGroups},
                       {QStringLiteral("properties"), QJsonArray{QStringLiteral("name")}},
                       {QStringLiteral("limit"), 200}};
}

QString longestWord(const QString &name)
{
    QString word;
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &candidate : words) {
        if (candidate.size() > word.size())
            word = candidate;
    }
    return word;
}

} // namespace

// The outcome of one company name in HubSpot.
struct CompanyResolution {
    CompanyPreviewOutcome outcome = CompanyPreviewOutcome::Unknown;
    QString remoteId;
    QList<CompanyCandidate> candidates;
};

struct SyncPreview::Run {
    QList<qint64> prospectIds;
    SyncPreviewResult result;
    QHash<qint64, Prospect> prospects;
    QStringList emails;
    QHash<QString, RemoteContact> remoteByEmail;

    // Company names still to resolve, what search found for them, and the
    // outcome per normalized name.
    QStringList namesToResolve;
    QHash<QString, QList<CompanyCandidate>> searchCandidates;
    QHash<QString, CompanyResolution> resolutions;
};

const FieldPreview *ProspectPreview::field(const QString &property) const
{
    for (const FieldPreview &entry : fields) {
        if (entry.property == property)
            return &entry;
    }
    return nullptr;
}

const ProspectPreview *SyncPreviewResult::prospect(qint64 prospectId) const
{
    for (const ProspectPreview &entry : prospects) {
        if (entry.prospectId == prospectId)
            return &entry;
    }
    return nullptr;
}

SyncPreview::SyncPreview(QSqlDatabase db, QUrl apiBaseUrl, TokenBroker *broker, QObject *parent)
    : QObject(parent)
    , m_connectionName(db.connectionName())
    , m_broker(broker)
    , m_network(new QNetworkAccessManager(this))
    , m_client(new HubSpotClient(std::move(apiBaseUrl), m_network, this))
{
    qRegisterMetaType<SyncPreviewResult>();
    qRegisterMetaType<Error>();
    m_client->rateLimiter() = RateLimiter(kPreviewRateLimit, kPreviewRateWindowMs);
}

SyncPreview::~SyncPreview() = default;

QSqlDatabase SyncPreview::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

void SyncPreview::previewProspects(const QList<qint64> &prospectIds)
{
    start(prospectIds);
}

void SyncPreview::previewQueue()
{
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("SELECT prospect_id FROM sync_queue ORDER BY enqueued_at, prospect_id"))) {
        const Error error{QStringLiteral("db_error"),
                          tr("Reading the sync queue failed: %1").arg(query.lastError().text())};
        m_run.reset();
        emit errorOccurred(error);
        return;
    }

    QList<qint64> ids;
    while (query.next())
        ids << query.value(0).toLongLong();
    start(ids);
}

void SyncPreview::cancel()
{
    if (m_run)
        qCInfo(lcSync) << "preview cancelled";
    m_run.reset();
}

void SyncPreview::start(const QList<qint64> &prospectIds)
{
    auto run = std::make_shared<Run>();
    run->prospectIds = prospectIds;
    m_run = run;
    qCInfo(lcSync) << "preview started for" << prospectIds.size() << "prospects";

    if (!m_broker) {
        fail(run, {QStringLiteral("not_connected"), tr("HubSpot is not connected, so nothing can be previewed.")});
        return;
    }
    if (Status status = loadLocal(*run)) {
        fail(run, *status);
        return;
    }

    m_broker->requestToken(this, [this, run](Result<TokenSet> token) {
        if (!isCurrent(run))
            return;
        if (!token.ok()) {
            fail(run, token.error());
            return;
        }
        m_accessToken = token.value().accessToken;
        m_client->setAccessToken(m_accessToken);

        checkProperties(run, [this, run] {
            readContacts(run, 0, [this, run] {
                planProspects(*run);
                resolveCompanies(run, [this, run] { finish(run); });
            });
        });
    });
}

// Reads the prospects and their stored notes, and plans the notes, which
// needs nothing from HubSpot.
Status SyncPreview::loadLocal(Run &run)
{
    const QSqlDatabase db = database();
    if (!db.isOpen())
        return Error{QStringLiteral("db_not_open"),
                     tr("The preview cannot read the store because its connection is not open.")};

    ProspectStore prospects(db);
    const SyncStore store(db);
    const QList<Prospect> found = prospects.findByIds(run.prospectIds);
    for (const Prospect &prospect : found)
        run.prospects.insert(prospect.id, prospect);

    for (qint64 id : std::as_const(run.prospectIds)) {
        ProspectPreview preview;
        preview.prospectId = id;

        const auto prospect = run.prospects.constFind(id);
        if (prospect == run.prospects.constEnd()) {
            preview.skipReason = tr("The prospect was deleted.");
            run.result.prospects << preview;
            continue;
        }

        preview.email = normalizeEmail(prospect->email);
        if (preview.email.isEmpty()) {
            preview.skipReason = tr("No email address: HubSpot identifies contacts by email.");
        } else if (!isUsableEmail(preview.email)) {
            preview.skipReason = tr("The email address \"%1\" is not valid.").arg(preview.email);
        }
        if (preview.isSkipped()) {
            run.result.prospects << preview;
            continue;
        }

        if (!run.emails.contains(preview.email))
            run.emails << preview.email;

        const auto stored = store.notes({id});
        if (!stored.ok())
            return stored.error();
        QSet<QString> keys;
        for (const StoredNote &note : stored.value()) {
            keys.insert(note.note.key());
            if (note.remoteId.isEmpty())
                preview.notesToPost << note.note;
        }
        preview.notesToPost += planNotes(*prospect, prospects.chatSessions(id), prospects.activities(id),
                                         store.syncedProfile(id), keys);

        preview.company.displayName = prospect->companyName.simplified();
        preview.company.normalizedName = normalizeCompanyName(prospect->companyName);
        run.result.prospects << preview;
    }
    return std::nullopt;
}

void SyncPreview::checkProperties(RunPtr run, Step next)
{
    callApi(run, "GET", kPropertiesPath, {}, [this, run, next](const ApiResponse &response) {
        if (!response.isSuccess()) {
            qCWarning(lcSync) << "preview: reading the contact properties failed:" << response.status;
            run->result.warnings << tr("The Breezee properties could not be checked: %1").arg(errorDetail(response));
            next();
            return;
        }

        QHash<QString, QString> typeByName;
        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const QJsonObject property = value.toObject();
            typeByName.insert(property.value(QLatin1String("name")).toString(),
                              property.value(QLatin1String("type")).toString());
        }

        for (const BreezeePropertyType &expected : breezeePropertyTypes()) {
            const QString name = QLatin1String(expected.name);
            if (!typeByName.contains(name)) {
                run->result.missingProperties << name;
                continue;
            }
            if (typeByName.value(name) != QLatin1String(expected.type)) {
                run->result.warnings << tr("The HubSpot property %1 has the type \"%2\" but the console writes "
                                           "\"%3\", so the sync stops until it is deleted or renamed in HubSpot.")
                                            .arg(name, typeByName.value(name), QLatin1String(expected.type));
            }
        }
        next();
    });
}

void SyncPreview::readContacts(RunPtr run, int offset, Step next)
{
    if (offset >= run->emails.size()) {
        next();
        return;
    }

    const QStringList chunk = run->emails.mid(offset, kBatchReadSize);
    QJsonArray inputs;
    for (const QString &email : chunk)
        inputs.append(QJsonObject{{QStringLiteral("id"), email}});
    QStringList properties = contactPropertiesToRead();
    properties += neverWrittenProperties();
    const QJsonObject body{{QStringLiteral("idProperty"), QStringLiteral("email")},
                           {QStringLiteral("inputs"), inputs},
                           {QStringLiteral("properties"), QJsonArray::fromStringList(properties)}};

    callApi(run, "POST", kContactsPath + QStringLiteral("/batch/read"), body,
            [this, run, offset, next](const ApiResponse &response) {
        if (!response.isSuccess()) {
            fail(run, {QStringLiteral("preview_failed"),
                       tr("Looking up contacts in HubSpot failed: %1").arg(errorDetail(response))});
            return;
        }

        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const RemoteContact remote = remoteContact(value.toObject());
            run->remoteByEmail.insert(normalizeEmail(remote.properties.value(QStringLiteral("email"))), remote);

            // A secondary email finds the contact under its primary one.
            const QStringList additional = remote.properties.value(QStringLiteral("hs_additional_emails"))
                                               .split(QLatin1Char(';'), Qt::SkipEmptyParts);
            for (const QString &email : additional)
                run->remoteByEmail.insert(normalizeEmail(email), remote);
        }
        readContacts(run, offset + kBatchReadSize, next);
    });
}

void SyncPreview::planProspects(Run &run)
{
    for (ProspectPreview &preview : run.result.prospects) {
        if (preview.isSkipped())
            continue;

        const Prospect &prospect = run.prospects[preview.prospectId];
        const auto found = run.remoteByEmail.constFind(preview.email);
        const std::optional<RemoteContact> remote =
            found == run.remoteByEmail.constEnd() ? std::nullopt : std::optional<RemoteContact>(*found);
        const ContactPlan plan = planContact(prospect, remote);
        preview.createContact = plan.create;
        preview.remoteId = plan.remoteId;

        // The sync finds the contact by email and never changes it.
        FieldPreview email{QStringLiteral("email"), FieldPreviewDecision::Written, preview.email, QString()};
        if (remote) {
            email.remoteValue = remote->properties.value(QStringLiteral("email"));
            email.decision = normalizeEmail(email.remoteValue) == preview.email ? FieldPreviewDecision::AlreadyEqual
                                                                               : FieldPreviewDecision::KeptRemote;
        }
        preview.fields << email;

        for (const StandardField &field : standardFields()) {
            const FieldOutcome outcome = plan.outcomes.value(QLatin1String(field.property));
            preview.fields << FieldPreview{QLatin1String(field.property), previewDecision(outcome.decision),
                                           outcome.localValue, outcome.remoteValue};
        }

        for (const QString &name : neverWrittenProperties()) {
            const QString local = name == QLatin1String("lifecyclestage") ? prospect.lifecycleStage : QString();
            preview.fields << FieldPreview{name, FieldPreviewDecision::NeverWritten, local,
                                           remote ? remote->properties.value(name) : QString()};
        }

        for (const BreezeePropertyType &property : breezeePropertyTypes()) {
            const FieldOutcome outcome = plan.outcomes.value(QLatin1String(property.name));
            preview.fields << FieldPreview{QLatin1String(property.name), previewDecision(outcome.decision),
                                           outcome.localValue, outcome.remoteValue};
        }
    }
}

void SyncPreview::resolveCompanies(RunPtr run, Step next)
{
    QList<qint64> ids;
    for (const ProspectPreview &preview : std::as_const(run->result.prospects)) {
        if (!preview.isSkipped() && !preview.company.normalizedName.isEmpty())
            ids << preview.prospectId;
    }

    const SyncStore store(database());
    const QHash<qint64, CompanyLink> links = store.companyLinks(ids);
    const QSet<qint64> withCompany(ids.cbegin(), ids.cend());
    QStringList names;
    for (ProspectPreview &preview : run->result.prospects) {
        if (!withCompany.contains(preview.prospectId))
            continue;

        const CompanyLink link = links.value(preview.prospectId);
        if (link.status == QLatin1String("chosen")) {
            preview.company.outcome = CompanyPreviewOutcome::LinkChosen;
            preview.company.remoteId = link.remoteCompanyId;
            continue;
        }
        if (!m_lookUpCompaniesAgain && link.status == QLatin1String("linked")
            && link.normalizedName == preview.company.normalizedName) {
            preview.company.outcome = CompanyPreviewOutcome::AlreadyLinked;
            preview.company.remoteId = link.remoteCompanyId;
            continue;
        }
        if (!names.contains(preview.company.normalizedName))
            names << preview.company.normalizedName;
    }

    // The sync trusts the companies table first: a company it created a
    // moment ago is not in HubSpot's search yet.
    const QHash<QString, StoredCompany> cached = store.companies(names);
    for (const QString &name : std::as_const(names)) {
        const auto company = cached.constFind(name);
        if (company == cached.constEnd()) {
            run->namesToResolve << name;
            continue;
        }
        CompanyResolution resolution;
        if (company->status == QLatin1String("ambiguous")) {
            resolution.outcome = CompanyPreviewOutcome::Ambiguous;
            resolution.candidates = candidatesFromJson(company->candidates);
        } else if (!company->remoteId.isEmpty()) {
            resolution.outcome = CompanyPreviewOutcome::Link;
            resolution.remoteId = company->remoteId;
        }
        run->resolutions.insert(name, resolution);
    }

    searchCompanies(run, run->namesToResolve, [this, run, next] {
        finishCompanies(*run);
        next();
    });
}

void SyncPreview::searchCompanies(RunPtr run, QStringList names, Step next)
{
    if (names.isEmpty()) {
        next();
        return;
    }

    // IN compares whole lowercase values, and normalized names are case-folded.
    const QStringList chunk = names.mid(0, kSearchNamesPerRequest);
    const QStringList rest = names.mid(kSearchNamesPerRequest);
    const QJsonArray filters{QJsonObject{{QStringLiteral("propertyName"), QStringLiteral("name")},
                                         {QStringLiteral("operator"), QStringLiteral("IN")},
                                         {QStringLiteral("values"), QJsonArray::fromStringList(chunk)}}};
    const QJsonArray groups{QJsonObject{{QStringLiteral("filters"), filters}}};

    callApi(run, "POST", kCompanySearchPath, companySearchBody(groups),
            [this, run, chunk, rest, next](const ApiResponse &response) {
        if (!response.isSuccess()) {
            qCWarning(lcSync) << "preview: company search failed:" << response.status;
            run->result.warnings << tr("Searching HubSpot for companies failed: %1").arg(errorDetail(response));
            searchCompanies(run, rest, next);
            return;
        }

        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const CompanyCandidate candidate = companyCandidate(value);
            run->searchCandidates[normalizeCompanyName(candidate.name)] << candidate;
        }

        // A name stored with stray spaces escapes IN, as in the sync.
        QStringList missed;
        for (const QString &name : chunk) {
            if (!run->searchCandidates.contains(name))
                missed << name;
        }
        searchCompaniesByWord(run, missed, [this, run, chunk, rest, next] {
            for (const QString &name : chunk) {
                const CompanyMatch match = matchCompany(name, run->searchCandidates.value(name));
                CompanyResolution resolution;
                if (match.kind == CompanyMatchKind::None) {
                    resolution.outcome = CompanyPreviewOutcome::Create;
                } else if (match.kind == CompanyMatchKind::One) {
                    resolution.outcome = CompanyPreviewOutcome::Link;
                    resolution.remoteId = match.id;
                } else {
                    resolution.outcome = CompanyPreviewOutcome::Ambiguous;
                    resolution.candidates = match.candidates;
                }
                run->resolutions.insert(name, resolution);
            }
            searchCompanies(run, rest, next);
        });
    });
}

void SyncPreview::searchCompaniesByWord(RunPtr run, QStringList names, Step next)
{
    if (names.isEmpty()) {
        next();
        return;
    }

    // Filter groups are ORed, and HubSpot takes five per search.
    const QStringList chunk = names.mid(0, kTokenSearchGroups);
    const QStringList rest = names.mid(kTokenSearchGroups);
    QJsonArray groups;
    for (const QString &name : chunk) {
        const QJsonArray filters{QJsonObject{{QStringLiteral("propertyName"), QStringLiteral("name")},
                                             {QStringLiteral("operator"), QStringLiteral("CONTAINS_TOKEN")},
                                             {QStringLiteral("value"), longestWord(name)}}};
        groups.append(QJsonObject{{QStringLiteral("filters"), filters}});
    }

    callApi(run, "POST", kCompanySearchPath, companySearchBody(groups),
            [this, run, chunk, rest, next](const ApiResponse &response) {
        if (!response.isSuccess()) {
            qCWarning(lcSync) << "preview: company search by word failed:" << response.status;
            searchCompaniesByWord(run, rest, next);
            return;
        }

        const QJsonArray results = response.json.value(QLatin1String("results")).toArray();
        for (const QJsonValue &value : results) {
            const CompanyCandidate candidate = companyCandidate(value);
            const QString name = normalizeCompanyName(candidate.name);
            if (chunk.contains(name))
                run->searchCandidates[name] << candidate;
        }
        searchCompaniesByWord(run, rest, next);
    });
}

// Copies each name's resolution to its prospects and lists the ambiguous
// names once each.
void SyncPreview::finishCompanies(Run &run)
{
    QHash<QString, int> ambiguousIndex;
    for (ProspectPreview &preview : run.result.prospects) {
        CompanyPreview &company = preview.company;
        if (preview.isSkipped() || company.normalizedName.isEmpty())
            continue;
        if (company.outcome == CompanyPreviewOutcome::LinkChosen
            || company.outcome == CompanyPreviewOutcome::AlreadyLinked)
            continue;

        // A name whose search failed stays Unknown.
        const CompanyResolution resolution = run.resolutions.value(company.normalizedName);
        company.outcome = resolution.outcome;
        company.remoteId = resolution.remoteId;
        company.candidates = resolution.candidates;
        if (company.outcome != CompanyPreviewOutcome::Ambiguous)
            continue;

        auto index = ambiguousIndex.constFind(company.normalizedName);
        if (index == ambiguousIndex.constEnd()) {
            index = ambiguousIndex.insert(company.normalizedName, int(run.result.ambiguousCompanies.size()));
            run.result.ambiguousCompanies << AmbiguousCompany{company.displayName, company.normalizedName,
                                                              company.candidates, {}};
        }
        run.result.ambiguousCompanies[*index].prospectIds << preview.prospectId;
    }
}

void SyncPreview::finish(RunPtr run)
{
    SyncPreviewResult &result = run->result;
    SyncPreviewTotals &totals = result.totals;
    QSet<QString> created;
    QSet<QString> matched;
    QSet<QString> companiesCreated;
    QSet<QString> companiesLinked;

    for (const ProspectPreview &preview : std::as_const(result.prospects)) {
        ++totals.prospects;
        if (preview.isSkipped()) {
            ++totals.prospectsSkipped;
            continue;
        }
        (preview.createContact ? created : matched).insert(preview.email);
        totals.notesToPost += int(preview.notesToPost.size());

        switch (preview.company.outcome) {
        case CompanyPreviewOutcome::Create:
            companiesCreated.insert(preview.company.normalizedName);
            break;
        case CompanyPreviewOutcome::Link:
        case CompanyPreviewOutcome::LinkChosen:
            companiesLinked.insert(preview.company.remoteId);
            break;
        default:
            break;
        }
    }

    totals.contactsToCreate = int(created.size());
    totals.contactsMatched = int(matched.size());
    totals.companiesToCreate = int(companiesCreated.size());
    totals.companiesToLink = int(companiesLinked.size());
    totals.companiesAmbiguous = int(result.ambiguousCompanies.size());
    totals.propertiesToCreate = int(result.missingProperties.size());

    qCInfo(lcSync) << "preview finished:" << totals.contactsToCreate << "contacts to create,"
                   << totals.contactsMatched << "matched," << totals.companiesAmbiguous << "ambiguous companies";
    m_run.reset();
    emit finished(result);
}

void SyncPreview::fail(RunPtr run, const Error &error)
{
    if (!isCurrent(run))
        return;

    qCWarning(lcSync) << "preview failed:" << error.code;
    m_run.reset();
    emit errorOccurred(error);
}

void SyncPreview::callApi(RunPtr run, const QByteArray &method, const QString &path, const QJsonObject &body,
                          std::function<void(const ApiResponse &)> done, bool replayed)
{
    auto handle = [this, run, method, path, body, done, replayed](const ApiResponse &response) {
        if (!isCurrent(run))
            return;
        if (response.status == 403 && response.category() == QLatin1String("MISSING_SCOPES")) {
            fail(run, {QStringLiteral("missing_scopes"),
                       tr("HubSpot did not grant a permission the preview needs: %1. Reconnect and allow every "
                          "permission listed.")
                           .arg(errorDetail(response))});
            return;
        }
        if (response.status != 401 || replayed) {
            done(response);
            return;
        }

        m_broker->requestTokenAfterUnauthorized(this, m_accessToken, [=](Result<TokenSet> token) {
            if (!isCurrent(run))
                return;
            if (!token.ok()) {
                fail(run, token.error());
                return;
            }
            m_accessToken = token.value().accessToken;
            m_client->setAccessToken(m_accessToken);
            callApi(run, method, path, body, done, true);
        });
    };

    if (method == "GET")
        m_client->get(path, handle);
    else
        m_client->post(path, body, handle);
}

QString fieldPreviewDecisionText(FieldPreviewDecision decision)
{
    switch (decision) {
    case FieldPreviewDecision::Written:
        return QCoreApplication::translate("Breezee::SyncPreview", "Written");
    case FieldPreviewDecision::KeptRemote:
        return QCoreApplication::translate("Breezee::SyncPreview", "Kept HubSpot's value");
    case FieldPreviewDecision::AlreadyEqual:
        return QCoreApplication::translate("Breezee::SyncPreview", "Already the same in HubSpot");
    case FieldPreviewDecision::Blank:
        return QCoreApplication::translate("Breezee::SyncPreview", "Blank, not sent");
    case FieldPreviewDecision::NeverWritten:
        return QCoreApplication::translate("Breezee::SyncPreview", "Never written");
    }
    return QString();
}

} // namespace Breezee
