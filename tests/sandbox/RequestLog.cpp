#include "RequestLog.h"

#include <algorithm>

namespace Breezee::Sandbox {

void RequestLog::record(RequestLogEntry entry)
{
    ++m_total;
    entry.sequence = m_total;
    m_countsByPath[entry.method + ' ' + entry.path] += 1;
    m_countsByRoute[QString::fromLatin1(entry.method) + QLatin1Char(' ') + entry.route] += 1;
    m_countsByStatus[entry.status] += 1;
    if (entry.status == 429)
        ++m_rateLimited;
    if (m_total == 1)
        m_firstAtMs = entry.receivedAtMs;
    m_lastAtMs = entry.receivedAtMs;

    if (m_entries.size() >= MaxEntries) {
        // Dropping a tenth at once keeps the removal cost rare.
        const qsizetype drop = MaxEntries / 10;
        m_entries.remove(0, drop);
        m_dropped += drop;
    }
    m_entries.append(std::move(entry));
}

QJsonObject RequestLog::entryToJson(const RequestLogEntry &entry)
{
    QJsonObject object;
    object.insert(QStringLiteral("seq"), double(entry.sequence));
    object.insert(QStringLiteral("method"), QString::fromLatin1(entry.method));
    object.insert(QStringLiteral("path"), QString::fromLatin1(entry.path));
    object.insert(QStringLiteral("route"), entry.route);
    object.insert(QStringLiteral("status"), entry.status);
    object.insert(QStringLiteral("timeMs"), double(entry.receivedAtMs));
    object.insert(QStringLiteral("durationMs"), double(entry.durationMs));
    if (!entry.fault.isEmpty())
        object.insert(QStringLiteral("fault"), entry.fault);
    if (!entry.body.isUndefined())
        object.insert(QStringLiteral("body"), entry.body);
    return object;
}

QJsonArray RequestLog::entriesToJson() const
{
    QJsonArray array;
    for (const RequestLogEntry &entry : m_entries)
        array.append(entryToJson(entry));
    return array;
}

QJsonObject RequestLog::pageToJson(qint64 since, int limit) const
{
    // Sequence numbers rise by one per entry, so the first wanted entry
    // sits at a computable index.
    const qint64 firstSequence = m_entries.isEmpty() ? m_total + 1 : m_entries.constFirst().sequence;
    const qsizetype start = qsizetype(qBound<qint64>(0, since + 1 - firstSequence, m_entries.size()));
    const qsizetype end = qMin<qsizetype>(m_entries.size(), start + limit);

    QJsonArray array;
    for (qsizetype i = start; i < end; ++i)
        array.append(entryToJson(m_entries.at(i)));

    const qint64 next = end > start ? m_entries.at(end - 1).sequence : qMax(since, firstSequence - 1);

    QJsonObject page;
    page.insert(QStringLiteral("requests"), array);
    page.insert(QStringLiteral("next"), double(next));
    page.insert(QStringLiteral("total"), double(m_total));
    page.insert(QStringLiteral("droppedFromLog"), double(m_dropped));
    return page;
}

QJsonObject RequestLog::summaryToJson() const
{
    QJsonObject byRoute;
    for (auto it = m_countsByRoute.begin(); it != m_countsByRoute.end(); ++it)
        byRoute.insert(it.key(), it.value());

    QJsonObject byStatus;
    for (auto it = m_countsByStatus.begin(); it != m_countsByStatus.end(); ++it)
        byStatus.insert(QString::number(it.key()), it.value());

    QJsonObject summary;
    summary.insert(QStringLiteral("total"), double(m_total));
    summary.insert(QStringLiteral("byRoute"), byRoute);
    summary.insert(QStringLiteral("byStatus"), byStatus);
    summary.insert(QStringLiteral("rateLimited"), double(m_rateLimited));
    summary.insert(QStringLiteral("firstAtMs"), m_total > 0 ? QJsonValue(double(m_firstAtMs)) : QJsonValue());
    summary.insert(QStringLiteral("lastAtMs"), m_total > 0 ? QJsonValue(double(m_lastAtMs)) : QJsonValue());
    summary.insert(QStringLiteral("droppedFromLog"), double(m_dropped));
    return summary;
}

QJsonObject RequestLog::countersToJson() const
{
    QJsonObject requests;
    for (auto it = m_countsByPath.begin(); it != m_countsByPath.end(); ++it)
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
    m_countsByPath.clear();
    m_countsByRoute.clear();
    m_countsByStatus.clear();
    m_total = 0;
    m_dropped = 0;
    m_rateLimited = 0;
    m_firstAtMs = 0;
    m_lastAtMs = 0;
}

} // namespace Breezee::Sandbox
