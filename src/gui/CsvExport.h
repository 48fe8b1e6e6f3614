#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Breezee {

// Returns one CSV cell. A value that a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return) gets a leading
// apostrophe, and a value with a comma, quote or line break is quoted.
QString csvCell(const QString &value);

// Builds a CSV document: UTF-8 with a byte order mark, so spreadsheet
// programs detect the encoding, and CRLF line ends as RFC 4180 uses.
QByteArray csvDocument(const QStringList &header, const QList<QStringList> &rows);

// Writes a CSV document atomically. The error names the file.
Status writeCsvFile(const QString &path, const QStringList &header, const QList<QStringList> &rows);

// Returns a time as the CSV exports write it: ISO 8601 in UTC.
QString csvTime(const QDateTime &time);

} // namespace Breezee
