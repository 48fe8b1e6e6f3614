#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringConverter>
#include <QStringList>

#include <optional>

class QIODevice;

namespace Breezee {

// One CSV record and the physical line (1-based) on which it starts.
struct CsvRecord {
    int line = 0;
    QStringList fields;
};

// Reads RFC 4180 CSV from a QIODevice, one record at a time.
//
// The input must be UTF-8, and a leading byte order mark is dropped. Lines
// may end in LF, CRLF or a lone CR, and the last line needs no line break. A
// field in double quotes may contain commas, doubled quotes ("") and line
// breaks. Each line break inside a field is returned as "\n". Blank lines
// between records are skipped. Text after the closing quote of a field is
// kept as part of that field, as spreadsheet programs do.
//
// Reading stops at the first error: a line that is not valid UTF-8, UTF-16
// input, a quoted field still open at the end of the input, or a failed read.
// The error names the line.
class CsvReader {
    Q_DECLARE_TR_FUNCTIONS(Breezee::CsvReader)

public:
    // The device must be open for reading without QIODevice::Text and must
    // outlive the reader.
    explicit CsvReader(QIODevice *device);

    // Returns the next record, or nothing at the end of the input or after an
    // error. error() distinguishes the two.
    std::optional<CsvRecord> next();

    const Status &error() const { return m_error; }

    // Reads every record of the device.
    static Result<QList<CsvRecord>> readAll(QIODevice *device);

private:
    bool fetchLine(QString &line);
    bool readRawLine();
    void fail(const QString &code, const QString &message);

    QIODevice *m_device;
    QStringDecoder m_decoder;
    QStringList m_pendingLines;
    int m_lineNumber = 0; // the last physical line handed to the parser
    bool m_atStart = true;
    Status m_error;
};

} // namespace Breezee
