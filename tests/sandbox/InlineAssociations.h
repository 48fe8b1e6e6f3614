#pragma once

#include "AssociationStore.h"
#include "HttpResponse.h"
#include "SandboxState.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Breezee::Sandbox {

struct InlineAssociation {
    RecordRef to;
    int typeId = 0;
};

// The "associations" of one create input, checked. A format error (not
// an array, a missing id, an unknown association type) fails the whole
// request. A target record that does not exist is reported separately, so
// that a batch can fail just that input when it carries an
// objectWriteTraceId.
struct InlineAssociationsCheck {
    QList<InlineAssociation> associations;
    QString formatError;
    QString missingTargetError;
};

// Reads input.associations of a create of `fromKind`, in HubSpot's form
// [{"to":{"id":"..."},"types":[{"associationCategory":"HUBSPOT_DEFINED",
// "associationTypeId":202}]}]. `where` names the input in messages.
// `followMerges` lets a merged contact id stand for the contact it was
// merged into.
InlineAssociationsCheck readInlineAssociations(const QJsonObject &input, CrmObjectKind fromKind,
                                               const QString &where, const SandboxState &state, bool followMerges);

void applyInlineAssociations(AssociationStore &associations, const RecordRef &from,
                             const QList<InlineAssociation> &links);

// 400 VALIDATION_ERROR for an association that cannot be made.
HttpResponse invalidAssociationResponse(const QString &message);

} // namespace Breezee::Sandbox
