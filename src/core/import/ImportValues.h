#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace Breezee {

// Parses a date or date-time from a CRM export and returns it in UTC.
//
// Accepted forms: ISO 8601 with or without an offset ("2024-08-14T11:39:02.318+00:00",
// "2024-08-14 11:39"), US dates ("8/14/2024", "8/14/2024 3:05 PM"), dotted
// European dates ("14.08.2024 15:05"), "Aug 14, 2024", "14 Aug 2024", and Unix
// time in seconds (10 digits) or milliseconds (13 digits). A time without an
// offset is read in `assumedZone`. A date without a time means midnight UTC,
// which is how HubSpot stores date-only values.
//
// NOTE: a slashed date is always read month first, so a day-first export
// ("03/04/2024" meaning 3 April) is misread. Such columns need converting to
// ISO 8601 before the import.
std::optional<QDateTime> parseImportDateTime(const QString &text, const QTimeZone &assumedZone);

// Parses a whole number such as "42", "+7" or "-3". "4.5" and "1,200" fail.
std::optional<int> parseLeadScore(const QString &text);

} // namespace Breezee
