#pragma once

#include "hubspot/ContactPlanner.h"
#include "store/SyncStore.h"
#include "sync/SyncTypes.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Breezee {

class Database;
class HubSpotClient;
struct ApiResponse;

// Pushes queued prospects one way into HubSpot contacts, in batches of up to
// 100 through HubSpot's batch endpoints. Meant to live in its own QThread:
// start() opens the worker's own database connection and network manager
// in the calling thread, and every signal is safe to receive queued.
class HubSpotContactSync : public QObject {
    Q_OBJECT

public:
    explicit HubSpotContactSync(QObject *parent = nullptr);
    ~HubSpotContactSync() override;

public slots:
    void start(const Breezee::SyncOptions &options);
    // Stops after the request in flight; queued work stays queued.
    void stop();
    // Looks at the queue now instead of at the next poll.
    void wake();

signals:
    void progressChanged(const Breezee::SyncProgress &progress);
    // The refresh token was rejected, or HubSpot rejected a freshly
    // refreshed token; the sync stops until the person reconnects.
    void authorizationLost(const Breezee::Error &error);
    void finished(const Breezee::SyncSummary &summary);

private:
    struct Entry;
    struct Batch;
    struct NoteToPost;

    void ensureFreshToken(std::function<void()> next);
    void ensureProperties(std::function<void()> next);
    void createMissingProperties(QStringList missing, std::function<void()> next);
    void processNextBatch();
    void readRemoteContacts(std::shared_ptr<Batch> batch);
    void readContactsById(std::shared_ptr<Batch> batch, QList<int> entries, std::function<void()> done);
    void readContactsByEmail(std::shared_ptr<Batch> batch);
    void updateExistingContacts(std::shared_ptr<Batch> batch, QList<int> entries, std::function<void()> done);
    bool authorizationLostOn(const ApiResponse &response);
    void deferProspects(std::shared_ptr<Batch> batch, const QList<qint64> &prospectIds, const QString &message);
    void planBatch(std::shared_ptr<Batch> batch);
    void createContacts(std::shared_ptr<Batch> batch, QList<int> entries, std::function<void()> done);
    void updateContacts(std::shared_ptr<Batch> batch, QList<int> entries, std::function<void()> done);
    void linkCompanies(std::shared_ptr<Batch> batch, std::function<void()> done);
    void searchCompanies(std::shared_ptr<Batch> batch, QStringList names, std::function<void()> done);
    void searchCompanyByToken(std::shared_ptr<Batch> batch, QStringList names, std::function<void()> done);
    void createCompanies(std::shared_ptr<Batch> batch, std::function<void()> done);
    void associateCompanies(std::shared_ptr<Batch> batch, std::function<void()> done);
    // The companies created by a request that was sent twice, by normalized
    // name, with the window in which HubSpot made them.
    struct CreatedCompanies {
        QHash<QString, QString> idByName;
        qint64 sentAtMs = 0;
        qint64 answeredAtMs = 0;
    };
    void removeCompanyCopies(CreatedCompanies created, std::function<void()> done);
    void archiveUnlinkedCompanies(QStringList candidateIds, std::function<void()> done);
    void planNotesForBatch(std::shared_ptr<Batch> batch, std::function<void()> done);
    void confirmPostedNotes(std::shared_ptr<Batch> batch, std::function<void()> done);
    void postNotes(std::shared_ptr<Batch> batch, int offset, std::function<void()> done);
    // Note ids on the contacts' timelines, keyed by contact, body and time.
    using TimelineNotes = QMultiHash<QString, QString>;
    void readTimelineNotes(const QSet<QString> &contactIds, std::function<void(Result<TimelineNotes>)> done);
    void readNoteContents(QJsonArray noteIds, QHash<QString, QStringList> contactsByNote, int offset,
                          std::shared_ptr<TimelineNotes> found, std::function<void(Result<TimelineNotes>)> done);
    void removeResentNotes(std::shared_ptr<Batch> batch, QList<NoteToPost> chunk, std::function<void()> done);
    void archiveNotes(QHash<qint64, QStringList> copiesByProspect, std::function<void()> done);
    void waitWhileRunning(qint64 milliseconds, std::function<void()> next);
    void deferUnlinkedCompanies(std::shared_ptr<Batch> batch);
    void failNotesOfBatch(std::shared_ptr<Batch> batch, const QString &message);
    void failNotes(std::shared_ptr<Batch> batch, const QString &message);
    void finishBatch(std::shared_ptr<Batch> batch);
    void failEntries(std::shared_ptr<Batch> batch, const QList<int> &entries, const QString &message,
                     bool transient);

    // Sends a request; on a 401 it refreshes the token once and replays.
    void callApi(const QByteArray &method, const QString &path, const QJsonObject &body,
                 std::function<void(const ApiResponse &)> done, bool replayed = false);
    void handleAuthorizationFailure(const Error &error);
    void finishRun(std::optional<Error> error = std::nullopt);
    void emitProgress();

    SyncOptions m_options;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<SyncStore> m_store;
    QNetworkAccessManager *m_network = nullptr;
    HubSpotClient *m_client = nullptr;
    QString m_accessToken;
    QTimer *m_pollTimer;
    SyncProgress m_progress;
    bool m_running = false;
    bool m_busy = false;
    bool m_propertiesChecked = false;
};

} // namespace Breezee
