#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace Breezee::Sandbox {

struct RequestLogEntry {
    // Position in the log since the start or the last reset, from 1.
    qint64 sequence = 0;
    QByteArray method;
    QByteArray path;
    // The route pattern that handled the request, such as
    // "/crm/v3/objects/contacts/{contactId}", or the path when none matched.
    QString route;
    int status = 0;
    qint64 receivedAtMs = 0;
    qint64 durationMs = 0;
    // The fault switch that shaped the response, or empty.
    QString fault;
    // The JSON body of a CRM write (POST, PATCH, PUT or DELETE under /crm/),
    // undefined for every other request. Token and authorize requests are
    // never stored because their bodies carry secrets.
    QJsonValue body = QJsonValue(QJsonValue::Undefined);
};

// The requests the sandbox responded to, except its own /_sandbox/ endpoints,
// and counters that cover every request since the start or the last reset.
// Keeps the newest MaxEntries entries.
class RequestLog {
public:
    static constexpr qsizetype MaxEntries = 50000;

    void record(RequestLogEntry entry);

    QJsonArray entriesToJson() const;

    // The entries after sequence number `since`, oldest first, at most
    // `limit` of them, as {"requests":[...],"next":<since for the next
    // page>,"total":n,"droppedFromLog":n}.
    QJsonObject pageToJson(qint64 since, int limit) const;

    // {"total","byRoute":{"POST /crm/...":n},"byStatus":{"200":n},
    //  "rateLimited","firstAtMs","lastAtMs","droppedFromLog"}
    QJsonObject summaryToJson() const;

    // {"requests":{"POST /path":n,...},"rateLimited":n,"total":n,"droppedFromLog":n}
    QJsonObject countersToJson() const;

    void clear();

private:
    static QJsonObject entryToJson(const RequestLogEntry &entry);

    QList<RequestLogEntry> m_entries;
    QHash<QByteArray, int> m_countsByPath;
    QHash<QString, int> m_countsByRoute;
    QHash<int, int> m_countsByStatus;
    qint64 m_total = 0;
    qint64 m_dropped = 0;
    qint64 m_rateLimited = 0;
    qint64 m_firstAtMs = 0;
    qint64 m_lastAtMs = 0;
};

} // namespace Breezee::Sandbox
