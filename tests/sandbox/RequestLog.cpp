#include "RequestLog.h"

namespace Breezee::Sandbox {

void RequestLog::record(RequestLogEntry entry)
{
    ++m_total;
    m_countsByRoute[entry.method + ' ' + entry.path] += 1;
    if (entry.status == 429)
        ++m_rateLimited;

    if (m_entries.size() >= MaxEntries) {
        // Dropping a tenth at once keeps the removal cost rare.
        const qsizetype drop = MaxEntries / 10;
        m_entries.remove(0, drop);
        m_dropped += drop;
    }
    m_entries.append(std::move(entry));
}

QJsonArray RequestLog::entriesToJson() const
{
    QJsonArray array;
    for (const RequestLogEntry &entry : m_entries) {
        QJsonObject object;
        object.insert(QStringLiteral("method"), QString::fromLatin1(entry.method));
        object.insert(QStringLiteral("path"), QString::fromLatin1(entry.path));
        object.insert(QStringLiteral("status"), entry.status);
        object.insert(QStringLiteral("timeMs"), double(entry.receivedAtMs));
        object.insert(QStringLiteral("durationMs"), double(entry.durationMs));
        if (!entry.body.isUndefined())
            object.insert(QStringLiteral("body"), entry.body);
        array.append(object);
    }
    return array;
}

QJsonObject RequestLog::countersToJson() const
{
    QJsonObject requests;
    for (auto it = m_countsByRoute.begin(); it != m_countsByRoute.end(); ++it)
        requests.insert(QString::fromLatin1(it.key()), it.value());

    QJsonObject counters;
    counters.insert(QStringLiteral("requests"), requests);
    counters.insert(QStringLiteral("rateLimited"), double(m_rateLimited));
    counters.insert(QStringLiteral("total"), double(m_total));
    counters.insert(QStringLiteral("droppedFromLog"), double(m_dropped));
    return counters;
}

void RequestLog::clear()
{
    m_entries.clear();
    m_countsByRoute.clear();
    m_total = 0;
    m_dropped = 0;
    m_rateLimited = 0;
}

} // namespace Breezee::Sandbox
