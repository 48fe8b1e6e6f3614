#include "ImportReport.h"

#include <QCoreApplication>

namespace Breezee {

QString ImportIssue::toString() const
{
    return QCoreApplication::translate("Breezee::ImportReport", "line %1: %2").arg(line).arg(reason);
}

QString ImportReport::summary() const
{
    return QCoreApplication::translate("Breezee::ImportReport",
                                       "Rows read: %1, created: %2, updated: %3, unchanged: "
                                       "%4, rejected: %5, warnings: %6")
        .arg(rowsRead)
        .arg(created)
        .arg(updated)
        .arg(unchanged)
        .arg(rejected.size())
        .arg(warnings.size());
}

} // namespace Breezee
