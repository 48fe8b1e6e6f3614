#pragma once

#include <QList>
#include <QString>

namespace Breezee {

// Folds a company name for comparison: trimmed, case-folded, inner runs of
// white space collapsed to one space. "Example Widgets" and
// " example  widgets " compare equal; "Example Widgets Ltd" does not.
QString normalizeCompanyName(const QString &name);

struct CompanyCandidate {
    QString id;
    QString name;
};

enum class CompanyMatchKind { None, One, Ambiguous };

struct CompanyMatch {
    CompanyMatchKind kind = CompanyMatchKind::None;
    QString id;                         // for One
    QList<CompanyCandidate> candidates; // every exact match, for Ambiguous
};

// Keeps the candidates whose normalized name equals `normalizedName`.
CompanyMatch matchCompany(const QString &normalizedName, const QList<CompanyCandidate> &candidates);

} // namespace Breezee
