#pragma once

#include "import/CsvReader.h"
#include "import/HeaderMapping.h"
#include "import/ImportReport.h"
#include "store/ProspectStore.h"

#include <QList>
#include <QTimeZone>

namespace Breezee {

// Converts one CSV record into the prospect fields it fills. A blank value
// leaves the field empty, and the email is taken as given. A lead score or
// date that cannot be parsed is left out and described in `warnings`.
Prospect prospectFromRow(const CsvRecord &record, const HeaderMapping &mapping,
                         const QTimeZone &assumedZone, QList<ImportIssue> &warnings);

// Copies the fields that an imported row fills into a stored prospect, using
// the rules described at ProspectImporter. Returns whether anything changed.
bool mergeImportedFields(Prospect &stored, const Prospect &row);

} // namespace Breezee
