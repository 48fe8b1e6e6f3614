#include "ContactPlanner.h"

#include "store/ProspectStore.h"

#include <QJsonArray>

namespace Breezee {

const QList<StandardField> &standardFields()
{
    static const QList<StandardField> fields = {
        {"firstname", &Prospect::firstName},
        {"lastname", &Prospect::lastName},
        {"phone", &Prospect::phone},
        {"mobilephone", &Prospect::mobilePhone},
        {"jobtitle", &Prospect::jobTitle},
    };
    return fields;
}

QStringList contactPropertiesToRead()
{
    QStringList names{QStringLiteral("email")};
    for (const StandardField &field : standardFields())
        names << QLatin1String(field.property);
    names << QStringLiteral("hs_additional_emails");
    names << QLatin1String(kScoreProperty) << QLatin1String(kSourceProperty)
          << QLatin1String(kLastActivityProperty);
    return names;
}

QString usableValue(const QString &value)
{
    return value.trimmed();
}

QString decisionName(FieldDecision decision)
{
    switch (decision) {
    case FieldDecision::Written:
        return QStringLiteral("written");
    case FieldDecision::KeptRemote:
        return QStringLiteral("kept_remote");
    case FieldDecision::BlankLocal:
        return QStringLiteral("blank_local");
    case FieldDecision::AlreadyEqual:
        return QStringLiteral("already_equal");
    }
    return QString();
}

QJsonObject ContactPlan::outcomesToJson() const
{
    QJsonObject object;
    for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it) {
        QJsonObject entry{{QStringLiteral("decision"), decisionName(it->decision)}};
        if (!it->localValue.isEmpty())
            entry.insert(QStringLiteral("local"), it->localValue);
        if (!it->remoteValue.isEmpty())
            entry.insert(QStringLiteral("remote"), it->remoteValue);
        object.insert(it.key(), entry);
    }
    return object;
}

namespace {

void planBreezeeProperty(ContactPlan &plan, const char *property, const QString &localValue,
                         const std::optional<RemoteContact> &remote)
{
    const QString name = QLatin1String(property);
    FieldOutcome outcome;
    outcome.localValue = localValue;
    if (remote)
        outcome.remoteValue = remote->properties.value(name);

    if (localValue.isEmpty()) {
        outcome.decision = FieldDecision::BlankLocal;
    } else {
        outcome.decision = FieldDecision::Written;
        plan.properties.insert(name, localValue);
    }
    plan.outcomes.insert(name, outcome);
}

QString lastActivityValue(const Prospect &prospect)
{
    const QDateTime time = prospect.lastActivityAt.isValid() ? prospect.lastActivityAt : prospect.createdAt;
    if (!time.isValid())
        return QString();
    return QString::number(time.toMSecsSinceEpoch());
}

} // namespace

ContactPlan planContact(const Prospect &prospect, const std::optional<RemoteContact> &remote)
{
    ContactPlan plan;
    plan.create = !remote.has_value();
    if (remote)
        plan.remoteId = remote->id;

    if (plan.create) {
        const QString email = normalizeEmail(prospect.email);
        plan.properties.insert(QStringLiteral("email"), email);
        plan.outcomes.insert(QStringLiteral("email"), {FieldDecision::Written, email, QString()});
    }

    for (const StandardField &field : standardFields()) {
        const QString name = QLatin1String(field.property);
        FieldOutcome outcome;
        outcome.localValue = usableValue(prospect.*field.member);
        if (remote)
            outcome.remoteValue = remote->properties.value(name);

        if (outcome.localValue.isEmpty()) {
            outcome.decision = FieldDecision::BlankLocal;
        } else if (!usableValue(outcome.remoteValue).isEmpty()) {
            outcome.decision = outcome.remoteValue == outcome.localValue ? FieldDecision::AlreadyEqual
                                                                         : FieldDecision::KeptRemote;
        } else {
            outcome.decision = FieldDecision::Written;
            plan.properties.insert(name, outcome.localValue);
        }
        plan.outcomes.insert(name, outcome);
    }

    const QString score = prospect.leadScore ? QString::number(*prospect.leadScore) : QString();
    planBreezeeProperty(plan, kScoreProperty, score, remote);
    planBreezeeProperty(plan, kSourceProperty, usableValue(prospect.sourceChannel), remote);
    planBreezeeProperty(plan, kLastActivityProperty, lastActivityValue(prospect), remote);

    return plan;
}

} // namespace Breezee
