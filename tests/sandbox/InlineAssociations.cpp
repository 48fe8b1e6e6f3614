#include "InlineAssociations.h"

#include "HubSpotErrors.h"

#include <QJsonArray>

namespace Breezee::Sandbox {

namespace {

QString idText(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    return value.toString();
}

} // namespace

InlineAssociationsCheck readInlineAssociations(const QJsonObject &input, CrmObjectKind fromKind,
                                               const QString &where, const SandboxState &state, bool followMerges)
{
    InlineAssociationsCheck check;
    const QJsonValue value = input.value(QStringLiteral("associations"));
    if (value.isUndefined() || value.isNull())
        return check;

    if (!value.isArray()) {
        check.formatError = QStringLiteral("Invalid input JSON: %1.associations must be an array.").arg(where);
        return check;
    }

    const QJsonArray entries = value.toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString entryName = QStringLiteral("%1.associations[%2]").arg(where).arg(i);
        const QJsonObject entry = entries.at(i).toObject();
        const QString targetId = idText(entry.value(QStringLiteral("to")).toObject().value(QStringLiteral("id")));
        const QJsonArray types = entry.value(QStringLiteral("types")).toArray();
        if (targetId.isEmpty() || types.isEmpty()) {
            check.formatError = QStringLiteral("Invalid input JSON: %1 needs 'to.id' and a non-empty 'types' array.")
                                    .arg(entryName);
            return check;
        }

        for (const QJsonValue &typeValue : types) {
            const QJsonObject typeObject = typeValue.toObject();
            const QString category = typeObject.value(QStringLiteral("associationCategory")).toString();
            const int typeId = typeObject.value(QStringLiteral("associationTypeId")).toInt(-1);
            const AssociationType *type = findAssociationType(fromKind, typeId);
            if (category != QLatin1String("HUBSPOT_DEFINED") || !type) {
                check.formatError = QStringLiteral("%1 uses association type %2 %3, which does not exist for %4.")
                                        .arg(entryName, category)
                                        .arg(typeId)
                                        .arg(crmObjectType(fromKind).pluralName);
                return check;
            }

            const CrmRecord *target = state.findRecord(type->to, targetId, followMerges);
            if (!target) {
                // NOTE: HubSpot's wording for a missing association target
                // was not confirmed.
                if (check.missingTargetError.isEmpty()) {
                    check.missingTargetError = QStringLiteral("%1 points at %2 %3, which does not exist.")
                                                   .arg(entryName, crmObjectType(type->to).singularName, targetId);
                }
                continue;
            }
            check.associations.append({RecordRef{type->to, target->key()}, typeId});
        }
    }
    return check;
}

void applyInlineAssociations(AssociationStore &associations, const RecordRef &from,
                             const QList<InlineAssociation> &links)
{
    for (const InlineAssociation &association : links)
        associations.add(from, association.to, association.typeId);
}

HttpResponse invalidAssociationResponse(const QString &message)
{
    return validationError(message);
}

} // namespace Breezee::Sandbox
