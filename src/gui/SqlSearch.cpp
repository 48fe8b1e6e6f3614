#include "SqlSearch.h"

#include "common/Logging.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#ifdef BREEZEE_HAVE_SQLITE3_API
#include <sqlite3.h>
#endif

namespace Breezee {

namespace {

const char *const kFoldFunction = "breezee_fold";

#ifdef BREEZEE_HAVE_SQLITE3_API

// breezee_fold(text): foldSearchKey for SQL. ASCII text, the usual case for
// emails, takes a byte loop instead of Unicode normalization.
void foldSqlFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }

    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const int bytes = sqlite3_value_bytes(argv[0]);
    QByteArray folded(text, bytes);

    const bool ascii = std::all_of(folded.cbegin(), folded.cend(), [](char c) { return (c & 0x80) == 0; });
    if (ascii) {
        for (char &c : folded) {
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
        }
    } else {
        folded = foldSearchKey(QString::fromUtf8(folded)).toUtf8();
    }

    sqlite3_result_text(context, folded.constData(), int(folded.size()), SQLITE_TRANSIENT);
}

bool registerFoldFunction(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;

    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (!connection)
        return false;

    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    const int result = sqlite3_create_function_v2(connection, kFoldFunction, 1, flags, nullptr, foldSqlFunction,
                                                  nullptr, nullptr, nullptr);
    if (result != SQLITE_OK) {
        qCWarning(lcGui) << "registering" << kFoldFunction << "failed:" << sqlite3_errstr(result);
        return false;
    }
    return true;
}

#else

bool registerFoldFunction(const QSqlDatabase &)
{
    return false;
}

#endif

bool hasFoldFunction(const QSqlDatabase &db)
{
    QSqlQuery probe(db);
    return probe.exec(QStringLiteral("SELECT %1('A')").arg(QLatin1String(kFoldFunction))) && probe.next()
        && probe.value(0).toString() == QLatin1String("a");
}

} // namespace

QString foldSearchKey(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString key;
    key.reserve(decomposed.size());
    for (const QChar character : decomposed) {
        if (character.category() == QChar::Mark_NonSpacing)
            continue;
        key.append(character.toCaseFolded());
    }

    // QChar folds one character to one character, so the German sharp s
    // needs the full folding by hand.
    key.replace(QChar(0x00DF), QLatin1String("ss"));
    return key;
}

QStringList searchTerms(const QString &text)
{
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    return text.split(whitespace, Qt::SkipEmptyParts);
}

SqlSearch::SqlSearch(const QSqlDatabase &db)
    : m_sqlite(db.driverName() == QLatin1String("QSQLITE"))
{
    if (!m_sqlite || !db.isOpen())
        return;

    m_foldsAccents = hasFoldFunction(db) || (registerFoldFunction(db) && hasFoldFunction(db));
}

QString SqlSearch::fold(const QString &expression) const
{
    if (m_foldsAccents)
        return QStringLiteral("%1(%2)").arg(QLatin1String(kFoldFunction), expression);
    return QStringLiteral("lower(%1)").arg(expression);
}

QString SqlSearch::contains(const QString &haystack) const
{
    if (m_sqlite)
        return QStringLiteral("instr(%1, ?) > 0").arg(haystack);
    return QStringLiteral("strpos(%1, ?) > 0").arg(haystack);
}

QString SqlSearch::termValue(const QString &term) const
{
    // NOTE: without breezee_fold, SQLite's lower() changes only ASCII
    // letters, so accented text matches only when typed with its accents.
    if (m_foldsAccents)
        return foldSearchKey(term);
    return term.toLower();
}

} // namespace Breezee
