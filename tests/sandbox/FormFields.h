#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace Breezee::Sandbox {

// Decoded name/value pairs of an application/x-www-form-urlencoded body or
// a query string, in their original order. '+' decodes to a space, as HTML
// forms encode it.
class FormFields {
public:
    FormFields() = default;
    static FormFields parse(const QByteArray &encoded);

    // Returns the value of the first `name` field in `encoded` as sent,
    // still percent-encoded, or nothing when the field is absent. The name
    // is compared after decoding.
    static std::optional<QByteArray> rawValue(const QByteArray &encoded, const QString &name);

    bool contains(const QString &name) const;

    // Returns the first value for `name`, or an empty string.
    QString value(const QString &name) const;
    QStringList values(const QString &name) const;
    bool isEmpty() const { return m_fields.isEmpty(); }

private:
    QList<QPair<QString, QString>> m_fields;
};

} // namespace Breezee::Sandbox
