#include "CsvReader.h"

#include <QIODevice>

namespace Breezee {

namespace {

const QByteArray kUtf8Bom("\xEF\xBB\xBF");

bool startsWithUtf16Bom(const QByteArray &raw)
{
    return raw.startsWith("\xFF\xFE") || raw.startsWith("\xFE\xFF");
}

// Removes one line terminator (LF, CRLF or CR) from the end of a raw line.
void chopLineTerminator(QByteArray &raw)
{
    if (raw.endsWith('\n'))
        raw.chop(1);
    if (raw.endsWith('\r'))
        raw.chop(1);
}

} // namespace

CsvReader::CsvReader(QIODevice *device)
    : m_device(device)
    // Each line is decoded on its own. Stateless turns a sequence cut off at
    // the end of a line into an error, which is right because UTF-8 never
    // encodes a line break inside a multi-byte sequence. Without
    // ConvertInitialBom a stateless decoder drops a BOM at the start of every
    // line. The reader drops only the file's leading BOM, itself.
    , m_decoder(QStringDecoder::Utf8,
                QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom)
{
}

std::optional<CsvRecord> CsvReader::next()
{
    QString line;
    do {
        if (!fetchLine(line))
            return std::nullopt;
    } while (line.isEmpty());

    CsvRecord record;
    record.line = m_lineNumber;

    QString field;
    bool inQuotes = false;
    bool atFieldStart = true;
    int quoteLine = 0;
    qsizetype i = 0;

    for (;;) {
        if (i == line.size()) {
            if (!inQuotes) {
                record.fields.append(field);
                return record;
            }

            field += QLatin1Char('\n');
            if (!fetchLine(line)) {
                if (!m_error)
                    fail(QStringLiteral("csv_unclosed_quote"),
                         tr("Line %1: a quoted field starts here but its closing quote (\") is "
                            "missing. Add the quote and import again.")
                             .arg(quoteLine));
                return std::nullopt;
            }
            i = 0;
            continue;
        }

        const QChar c = line.at(i);

        if (inQuotes) {
            const qsizetype quote = line.indexOf(QLatin1Char('"'), i);
            if (quote < 0) {
                field += QStringView(line).mid(i);
                i = line.size();
                continue;
            }

            field += QStringView(line).mid(i, quote - i);
            const bool doubled = quote + 1 < line.size() && line.at(quote + 1) == QLatin1Char('"');
            if (doubled)
                field += QLatin1Char('"');
            else
                inQuotes = false;
            i = quote + (doubled ? 2 : 1);
            continue;
        }

        if (c == QLatin1Char(',')) {
            record.fields.append(field);
            field.clear();
            atFieldStart = true;
            ++i;
            continue;
        }

        if (c == QLatin1Char('"') && atFieldStart) {
            inQuotes = true;
            atFieldStart = false;
            quoteLine = m_lineNumber;
            ++i;
            continue;
        }

        // An unquoted run, or text after a closing quote, up to the next comma.
        qsizetype comma = line.indexOf(QLatin1Char(','), i);
        if (comma < 0)
            comma = line.size();
        field += QStringView(line).mid(i, comma - i);
        atFieldStart = false;
        i = comma;
    }
}

Result<QList<CsvRecord>> CsvReader::readAll(QIODevice *device)
{
    CsvReader reader(device);
    QList<CsvRecord> records;
    while (std::optional<CsvRecord> record = reader.next())
        records.append(std::move(*record));

    if (reader.error())
        return *reader.error();

    return records;
}

// Hands out the next physical line without its terminator.
bool CsvReader::fetchLine(QString &line)
{
    while (m_pendingLines.isEmpty()) {
        if (!readRawLine())
            return false;
    }

    line = m_pendingLines.takeFirst();
    ++m_lineNumber;
    return true;
}

// Reads up to the next LF, checks and decodes the bytes, and queues the
// lines in them. Lone CRs split them into several lines.
bool CsvReader::readRawLine()
{
    if (m_error)
        return false;

    if (!m_device || !m_device->isReadable()) {
        fail(QStringLiteral("csv_read_failed"), tr("The file is not open for reading."));
        return false;
    }

    if (m_device->atEnd())
        return false;

    QByteArray raw = m_device->readLine();
    if (raw.isEmpty()) {
        fail(QStringLiteral("csv_read_failed"),
             tr("Reading line %1 failed: %2").arg(m_lineNumber + 1).arg(m_device->errorString()));
        return false;
    }

    if (m_atStart) {
        m_atStart = false;
        if (startsWithUtf16Bom(raw)) {
            fail(QStringLiteral("csv_utf16"),
                 tr("The file is UTF-16 text. Save it as UTF-8 (in Excel: \"CSV UTF-8\") and "
                    "import again."));
            return false;
        }
        if (raw.startsWith(kUtf8Bom))
            raw.remove(0, kUtf8Bom.size());
    }

    chopLineTerminator(raw);
    const QString text = m_decoder.decode(raw);
    if (m_decoder.hasError()) {
        fail(QStringLiteral("csv_invalid_utf8"),
             tr("Line %1 is not valid UTF-8 text. Save the file as UTF-8 (in Excel: \"CSV "
                "UTF-8\") and import again.")
                 .arg(m_lineNumber + 1));
        return false;
    }

    m_pendingLines = text.split(QLatin1Char('\r'));
    return true;
}

void CsvReader::fail(const QString &code, const QString &message)
{
    m_error = Error{code, message};
}

} // namespace Breezee
