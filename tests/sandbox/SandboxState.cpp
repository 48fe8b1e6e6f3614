#include "SandboxState.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace Breezee::Sandbox {

namespace {

constexpr int StateFormatVersion = 1;

} // namespace

bool SandboxState::takeChanged()
{
    const bool changed = m_changed;
    m_changed = false;
    return changed;
}

void SandboxState::reset()
{
    contacts.clear();
    contactProperties.reset();
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
    object.insert(QStringLiteral("auth"), auth.toJson());
    object.insert(QStringLiteral("otherIdpAuth"), otherIdpAuth.toJson());
    return object;
}

void SandboxState::loadJson(const QJsonObject &object)
{
    contacts.loadJson(object.value(QStringLiteral("contacts")).toObject());
    contactProperties.loadCustomJson(object.value(QStringLiteral("contactProperties")).toObject());
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
