#include "FormFields.h"

namespace Breezee::Sandbox {

namespace {

QString decodeComponent(QByteArray component)
{
    component.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(component));
}

} // namespace

FormFields FormFields::parse(const QByteArray &encoded)
{
    FormFields fields;

    const QList<QByteArray> pairs = encoded.split('&');
    for (const QByteArray &pair : pairs) {
        if (pair.isEmpty())
            continue;

        const qsizetype equals = pair.indexOf('=');
        const QByteArray name = equals < 0 ? pair : pair.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        fields.m_fields.append({decodeComponent(name), decodeComponent(value)});
    }

    return fields;
}

std::optional<QByteArray> FormFields::rawValue(const QByteArray &encoded, const QString &name)
{
    const QList<QByteArray> pairs = encoded.split('&');
    for (const QByteArray &pair : pairs) {
        const qsizetype equals = pair.indexOf('=');
        const QByteArray rawName = equals < 0 ? pair : pair.left(equals);
        if (pair.isEmpty() || decodeComponent(rawName) != name)
            continue;
        return equals < 0 ? QByteArray() : pair.mid(equals + 1);
    }
    return std::nullopt;
}

bool FormFields::contains(const QString &name) const
{
    for (const auto &field : m_fields) {
        if (field.first == name)
            return true;
    }
    return false;
}

QString FormFields::value(const QString &name) const
{
    for (const auto &field : m_fields) {
        if (field.first == name)
            return field.second;
    }
    return {};
}

QStringList FormFields::values(const QString &name) const
{
    QStringList result;
    for (const auto &field : m_fields) {
        if (field.first == name)
            result.append(field.second);
    }
    return result;
}

} // namespace Breezee::Sandbox
