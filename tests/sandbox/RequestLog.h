#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace Breezee::Sandbox {

struct RequestLogEntry {
    QByteArray method;
    QByteArray path;
    int status = 0;
    qint64 receivedAtMs = 0;
    qint64 durationMs = 0;
    // The JSON body of a CRM write (POST, PATCH, PUT or DELETE under /crm/),
    // undefined for every other request. Token and authorize requests are
    // never stored because their bodies carry secrets.
    QJsonValue body = QJsonValue(QJsonValue::Undefined);
};

// The requests the sandbox responded to, except its own /_sandbox/ endpoints,
// and counters per method and path. Keeps the newest MaxEntries entries.
class RequestLog {
public:
    static constexpr qsizetype MaxEntries = 50000;

    void record(RequestLogEntry entry);

    QJsonArray entriesToJson() const;

    // {"requests":{"POST /path":n,...},"rateLimited":n,"total":n,"dropped":n}
    QJsonObject countersToJson() const;

    void clear();

private:
    QList<RequestLogEntry> m_entries;
    QHash<QByteArray, int> m_countsByRoute;
    qint64 m_total = 0;
    qint64 m_dropped = 0;
    qint64 m_rateLimited = 0;
};

} // namespace Breezee::Sandbox
