#include "CompanyMatcher.h"

namespace Breezee {

QString normalizeCompanyName(const QString &name)
{
    return name.simplified().toCaseFolded();
}

CompanyMatch matchCompany(const QString &normalizedName, const QList<CompanyCandidate> &candidates)
{
    CompanyMatch match;
    for (const CompanyCandidate &candidate : candidates) {
        if (normalizeCompanyName(candidate.name) != normalizedName)
            continue;
        bool seen = false;
        for (const CompanyCandidate &kept : std::as_const(match.candidates))
            seen = seen || kept.id == candidate.id;
        if (!seen)
            match.candidates << candidate;
    }

    if (match.candidates.size() == 1) {
        match.kind = CompanyMatchKind::One;
        match.id = match.candidates.first().id;
    } else if (match.candidates.size() > 1) {
        match.kind = CompanyMatchKind::Ambiguous;
    }
    return match;
}

} // namespace Breezee
