#include "SandboxState.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace Breezee::Sandbox {

namespace {

constexpr int StateFormatVersion = 1;

} // namespace

SandboxState::SandboxState() = default;

CrmObjectStore &SandboxState::store(CrmObjectKind kind)
{
    switch (kind) {
    case CrmObjectKind::Contact:
        return contacts;
    case CrmObjectKind::Company:
        return companies;
    case CrmObjectKind::Note:
        break;
    }
    return notes;
}

const CrmObjectStore &SandboxState::store(CrmObjectKind kind) const
{
    return const_cast<SandboxState *>(this)->store(kind);
}

PropertyCatalog &SandboxState::catalog(CrmObjectKind kind)
{
    switch (kind) {
    case CrmObjectKind::Contact:
        return contactProperties;
    case CrmObjectKind::Company:
        return companyProperties;
    case CrmObjectKind::Note:
        break;
    }
    return noteProperties;
}

const PropertyCatalog &SandboxState::catalog(CrmObjectKind kind) const
{
    return const_cast<SandboxState *>(this)->catalog(kind);
}

const CrmRecord *SandboxState::findRecord(CrmObjectKind kind, const QString &id, bool followMerges) const
{
    const CrmRecord *record = store(kind).find(id);
    if (record || !followMerges || kind != CrmObjectKind::Contact)
        return record;

    const QString primaryId = contacts.mergedInto(id);
    return primaryId.isEmpty() ? nullptr : contacts.find(primaryId);
}

std::optional<QString> SandboxState::mergeContacts(const QString &primaryId, const QString &mergedId, qint64 nowMs)
{
    const CrmRecord *primary = contacts.find(primaryId);
    const CrmRecord *merged = contacts.find(mergedId);
    const RecordRef primaryRef{CrmObjectKind::Contact, primary ? primary->key() : 0};
    const RecordRef mergedRef{CrmObjectKind::Contact, merged ? merged->key() : 0};

    if (std::optional<QString> error = contacts.merge(primaryId, mergedId, nowMs))
        return error;

    associations.mergeInto(mergedRef, primaryRef);
    markChanged();
    return std::nullopt;
}

void SandboxState::setSearchLagMs(qint64 lagMs)
{
    contacts.searchIndex().setLagMs(lagMs);
    companies.searchIndex().setLagMs(lagMs);
    notes.searchIndex().setLagMs(lagMs);
}

void SandboxState::publishSearchIndexes()
{
    contacts.searchIndex().publishAll();
    companies.searchIndex().publishAll();
    notes.searchIndex().publishAll();
}

bool SandboxState::takeChanged()
{
    const bool changed = m_changed;
    m_changed = false;
    return changed;
}

void SandboxState::reset()
{
    contacts.clear();
    companies.clear();
    notes.clear();
    associations.clear();
    contactProperties.reset();
    companyProperties.reset();
    noteProperties.reset();
    auth.clear();
    otherIdpAuth.clear();
    markChanged();
}

QJsonObject SandboxState::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("formatVersion"), StateFormatVersion);
    object.insert(QStringLiteral("contacts"), contacts.toJson());
    object.insert(QStringLiteral("contactProperties"), contactProperties.customToJson());
    object.insert(QStringLiteral("companies"), companies.toJson());
    object.insert(QStringLiteral("companyProperties"), companyProperties.customToJson());
    object.insert(QStringLiteral("notes"), notes.toJson());
    object.insert(QStringLiteral("associations"), associations.toJson());
    object.insert(QStringLiteral("auth"), auth.toJson());
    object.insert(QStringLiteral("otherIdpAuth"), otherIdpAuth.toJson());
    return object;
}

void SandboxState::loadJson(const QJsonObject &object)
{
    contacts.loadJson(object.value(QStringLiteral("contacts")).toObject());
    contactProperties.loadCustomJson(object.value(QStringLiteral("contactProperties")).toObject());
    companies.loadJson(object.value(QStringLiteral("companies")).toObject());
    companyProperties.loadCustomJson(object.value(QStringLiteral("companyProperties")).toObject());
    notes.loadJson(object.value(QStringLiteral("notes")).toObject());
    associations.loadJson(object.value(QStringLiteral("associations")).toArray());
    auth.loadJson(object.value(QStringLiteral("auth")).toObject());
    otherIdpAuth.loadJson(object.value(QStringLiteral("otherIdpAuth")).toObject());
}

std::optional<QString> SandboxState::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return std::nullopt;

    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("Cannot read state file %1: %2").arg(path, file.errorString());

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return QStringLiteral("State file %1 is not a JSON object (%2); fix or delete it.")
            .arg(path, error.errorString());
    }

    const int version = document.object().value(QStringLiteral("formatVersion")).toInt();
    if (version != StateFormatVersion) {
        return QStringLiteral("State file %1 has format version %2, expected %3; delete it to start empty.")
            .arg(path)
            .arg(version)
            .arg(StateFormatVersion);
    }

    loadJson(document.object());
    return std::nullopt;
}

std::optional<QString> SandboxState::save(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write state file %1: %2").arg(path, file.errorString());

    file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return QStringLiteral("Cannot write state file %1: %2").arg(path, file.errorString());

    return std::nullopt;
}

} // namespace Breezee::Sandbox
