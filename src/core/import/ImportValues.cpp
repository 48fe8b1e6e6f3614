#include "ImportValues.h"

#include <QRegularExpression>
#include <QStringList>

namespace Breezee {

namespace {

struct TextFormat {
    QString pattern;
    bool hasTime;
};

// Qt date formats tried after ISO 8601, most specific first.
const QList<TextFormat> &textFormats()
{
    static const QList<TextFormat> formats = {
        {QStringLiteral("M/d/yyyy h:mm:ss AP"), true},
        {QStringLiteral("M/d/yyyy h:mm AP"), true},
        {QStringLiteral("M/d/yyyy H:mm:ss"), true},
        {QStringLiteral("M/d/yyyy H:mm"), true},
        {QStringLiteral("M/d/yyyy"), false},
        {QStringLiteral("d.M.yyyy H:mm:ss"), true},
        {QStringLiteral("d.M.yyyy H:mm"), true},
        {QStringLiteral("d.M.yyyy"), false},
        {QStringLiteral("yyyy/M/d H:mm:ss"), true},
        {QStringLiteral("yyyy/M/d H:mm"), true},
        {QStringLiteral("yyyy/M/d"), false},
        {QStringLiteral("MMM d, yyyy h:mm AP"), true},
        {QStringLiteral("MMM d, yyyy"), false},
        {QStringLiteral("d MMM yyyy H:mm"), true},
        {QStringLiteral("d MMM yyyy"), false},
    };
    return formats;
}

QDateTime midnightUtc(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), Qt::UTC);
}

// Reads a date-time that carries no offset as a wall-clock time in `zone`.
std::optional<QDateTime> inZone(const QDateTime &local, const QTimeZone &zone)
{
    const QDateTime zoned(local.date(), local.time(), zone.isValid() ? zone : QTimeZone::utc());
    if (!zoned.isValid())
        return std::nullopt;
    return zoned.toUTC();
}

std::optional<QDateTime> parseUnixTime(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("^\\d{10}(\\d{3})?$"));
    if (!digits.match(text).hasMatch())
        return std::nullopt;

    const qint64 number = text.toLongLong();
    const qint64 milliseconds = text.size() == 13 ? number : number * 1000;
    return QDateTime::fromMSecsSinceEpoch(milliseconds, Qt::UTC);
}

std::optional<QDateTime> parseIso(const QString &text, const QTimeZone &assumedZone)
{
    // QDate's ISO parser also accepts "2024-08-14T11:39" and drops the time,
    // so only a bare date may take this path.
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            return midnightUtc(date);
    }

    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;

    if (time.timeSpec() == Qt::LocalTime)
        return inZone(time, assumedZone);

    return time.toUTC();
}

std::optional<QDateTime> parseTextFormats(const QString &text, const QTimeZone &assumedZone)
{
    for (const TextFormat &format : textFormats()) {
        const QDateTime time = QDateTime::fromString(text, format.pattern);
        if (!time.isValid())
            continue;

        if (!format.hasTime)
            return midnightUtc(time.date());
        return inZone(time, assumedZone);
    }
    return std::nullopt;
}

} // namespace

std::optional<QDateTime> parseImportDateTime(const QString &text, const QTimeZone &assumedZone)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;

    if (std::optional<QDateTime> unixTime = parseUnixTime(trimmed))
        return unixTime;

    if (std::optional<QDateTime> iso = parseIso(trimmed, assumedZone))
        return iso;

    return parseTextFormats(trimmed, assumedZone);
}

std::optional<int> parseLeadScore(const QString &text)
{
    bool ok = false;
    const int score = text.trimmed().toInt(&ok);
    if (!ok)
        return std::nullopt;
    return score;
}

} // namespace Breezee
