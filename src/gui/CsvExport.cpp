#include "CsvExport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QSaveFile>

namespace Breezee {

QString csvCell(const QString &value)
{
    QString cell = value;
    if (!cell.isEmpty()) {
        const QChar first = cell.at(0);
        if (first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-')
            || first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r'))
            cell.prepend(QLatin1Char('\''));
    }

    const bool quote = cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"'))
        || cell.contains(QLatin1Char('\n')) || cell.contains(QLatin1Char('\r'));
    if (!quote)
        return cell;

    cell.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + cell + QLatin1Char('"');
}

QByteArray csvDocument(const QStringList &header, const QList<QStringList> &rows)
{
    QString text;
    auto appendLine = [&text](const QStringList &cells) {
        QStringList line;
        line.reserve(cells.size());
        for (const QString &cell : cells)
            line << csvCell(cell);
        text += line.join(QLatin1Char(',')) + QLatin1String("\r\n");
    };

    appendLine(header);
    for (const QStringList &row : rows)
        appendLine(row);

    return QByteArrayLiteral("\xEF\xBB\xBF") + text.toUtf8();
}

Status writeCsvFile(const QString &path, const QStringList &header, const QList<QStringList> &rows)
{
    QSaveFile file(path);
    const QByteArray document = csvDocument(header, rows);
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.commit())
        return Error{QStringLiteral("csv_write_failed"),
                     QCoreApplication::translate("Breezee::CsvExport", "Writing %1 failed: %2")
                         .arg(QDir::toNativeSeparators(path), file.errorString())};
    return std::nullopt;
}

QString csvTime(const QDateTime &time)
{
    if (!time.isValid())
        return QString();
    return time.toUTC().toString(Qt::ISODate);
}

} // namespace Breezee
