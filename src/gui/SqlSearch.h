#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Breezee {

// Lowercases the text and strips accents, so "Émile" matches "emile" and
// "Straße" matches "strasse".
QString foldSearchKey(const QString &text);

// Splits search text at whitespace. A row matches when it contains every
// word.
QStringList searchTerms(const QString &text);

// Builds SQL fragments that search and sort text the way foldSearchKey
// compares it. On SQLite the GUI registers breezee_fold(), an SQL function
// that calls foldSearchKey, when the build found the SQLite headers. Without
// it the fragments fall back to lower(), which folds only ASCII on SQLite
// and leaves accents in place on PostgreSQL.
class SqlSearch {
public:
    // Registers breezee_fold() on the connection if it is SQLite and the
    // function is missing.
    explicit SqlSearch(const QSqlDatabase &db);

    bool foldsAccents() const { return m_foldsAccents; }
    bool isSqlite() const { return m_sqlite; }

    // Wraps an SQL text expression so that it compares like foldSearchKey.
    QString fold(const QString &expression) const;

    // An SQL condition that is true when `haystack` (already folded)
    // contains the value bound to the next placeholder.
    QString contains(const QString &haystack) const;

    // Returns a search word in the form that contains() expects.
    QString termValue(const QString &term) const;

private:
    bool m_sqlite = false;
    bool m_foldsAccents = false;
};

} // namespace Breezee
