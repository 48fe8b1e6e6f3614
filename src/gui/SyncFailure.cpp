#include "SyncFailure.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace Breezee {

namespace {

const char *const kSyncContext = "Breezee::HubSpotContactSync";

// The sync's messages that wrap a HubSpot response. The sync translates
// them in its own context, so these entries share it.
const char *const kWrappingMessages[] = {
    QT_TRANSLATE_NOOP("Breezee::HubSpotContactSync", "HubSpot rejected the contact: %1"),
    QT_TRANSLATE_NOOP("Breezee::HubSpotContactSync", "HubSpot rejected the update: %1"),
    QT_TRANSLATE_NOOP("Breezee::HubSpotContactSync", "Creating the contact in HubSpot failed: %1"),
    QT_TRANSLATE_NOOP("Breezee::HubSpotContactSync", "Updating the contact in HubSpot failed: %1"),
    QT_TRANSLATE_NOOP("Breezee::HubSpotContactSync", "Looking up contacts in HubSpot failed: %1"),
};

// The part of a message template before its first placeholder.
QStringList prefixesOf(const char *source)
{
    QStringList prefixes;
    for (const QString &text : {QString::fromUtf8(source), QCoreApplication::translate(kSyncContext, source)}) {
        const qsizetype placeholder = text.indexOf(QLatin1String("%1"));
        const QString prefix = placeholder < 0 ? text : text.left(placeholder);
        if (!prefix.isEmpty() && !prefixes.contains(prefix))
            prefixes << prefix;
    }
    return prefixes;
}

bool containsAny(const QString &message, const QStringList &needles)
{
    return std::any_of(needles.cbegin(), needles.cend(), [&message](const QString &needle) {
        return message.contains(needle, Qt::CaseInsensitive);
    });
}

// Words that mark each kind. The English and German wording of this
// console's messages are listed with HubSpot's error codes and phrases.
const QStringList &emailWords()
{
    static const QStringList words = {
        QStringLiteral("INVALID_EMAIL"),  QStringLiteral("email address"), QStringLiteral("E-Mail-Adresse"),
        QStringLiteral("Email is invalid"), QStringLiteral("no email"),
    };
    return words;
}

const QStringList &authorizationWords()
{
    static const QStringList words = {
        QStringLiteral("HTTP 401"),         QStringLiteral("HTTP 403"),
        QStringLiteral("MISSING_SCOPES"),   QStringLiteral("INVALID_AUTHENTICATION"),
        QStringLiteral("EXPIRED_AUTHENTICATION"), QStringLiteral("Reconnect required"),
        QStringLiteral("access token"),     QStringLiteral("Authentication credentials"),
        QStringLiteral("required scope"),   QStringLiteral("scopes are required"),
        QStringLiteral("Neu verbinden"),    QStringLiteral("Zugriffstoken"),
    };
    return words;
}

const QStringList &rateLimitWords()
{
    static const QStringList words = {
        QStringLiteral("HTTP 429"),  QStringLiteral("RATE_LIMIT"),  QStringLiteral("rate limit"),
        QStringLiteral("secondly"),  QStringLiteral("daily limit"), QStringLiteral("reached your"),
        QStringLiteral("Ratenlimit"),
    };
    return words;
}

const QStringList &validationWords()
{
    static const QStringList words = {
        QStringLiteral("VALIDATION_ERROR"),      QStringLiteral("Property values were not valid"),
        QStringLiteral("INVALID_PROPERTY"),      QStringLiteral("PROPERTY_DOESNT_EXIST"),
        QStringLiteral("READ_ONLY_VALUE"),       QStringLiteral("HTTP 400"),
        QStringLiteral("HubSpot rejected"),      QStringLiteral("lehnte"),
        QStringLiteral("abgelehnt"),
    };
    return words;
}

} // namespace

FailureKind classifyFailure(const QString &message)
{
    if (containsAny(message, emailWords()))
        return FailureKind::Email;
    if (containsAny(message, authorizationWords()))
        return FailureKind::Authorization;
    if (containsAny(message, rateLimitWords()))
        return FailureKind::RateLimit;
    if (containsAny(message, validationWords()))
        return FailureKind::Validation;
    return FailureKind::Other;
}

QString failureKindTitle(FailureKind kind)
{
    switch (kind) {
    case FailureKind::Email:
        return QCoreApplication::translate("Breezee::SyncFailure", "No or invalid email address");
    case FailureKind::Validation:
        return QCoreApplication::translate("Breezee::SyncFailure", "Rejected by HubSpot's validation");
    case FailureKind::RateLimit:
        return QCoreApplication::translate("Breezee::SyncFailure", "HubSpot rate limit");
    case FailureKind::Authorization:
        return QCoreApplication::translate("Breezee::SyncFailure", "HubSpot authorization");
    case FailureKind::Other:
        return QCoreApplication::translate("Breezee::SyncFailure", "Other errors");
    }
    return {};
}

QString failureKindFix(FailureKind kind)
{
    switch (kind) {
    case FailureKind::Email:
        return QCoreApplication::translate(
            "Breezee::SyncFailure",
            "HubSpot finds contacts by email address, so these prospects cannot be sent. Correct or add the "
            "email address in the source system, import the prospects again, and they are queued "
            "automatically.");
    case FailureKind::Validation:
        return QCoreApplication::translate(
            "Breezee::SyncFailure",
            "HubSpot refused one of the values. Read HubSpot's message below to see which property and "
            "value it rejected, correct the value in the source system and import again. If a property "
            "is missing or has the wrong type in HubSpot, ask the HubSpot administrator to fix it, then "
            "retry the group.");
    case FailureKind::RateLimit:
        return QCoreApplication::translate(
            "Breezee::SyncFailure",
            "HubSpot limits how many requests an app may send. Nothing is wrong with these prospects: "
            "wait a few minutes and retry the group. If it happens every day, the account's daily limit "
            "is too low for the number of prospects.");
    case FailureKind::Authorization:
        return QCoreApplication::translate(
            "Breezee::SyncFailure",
            "HubSpot did not accept the console's sign-in or a permission is missing. Reconnect HubSpot "
            "on the Integrations page and allow every requested permission, then retry the group.");
    case FailureKind::Other:
        return QCoreApplication::translate(
            "Breezee::SyncFailure",
            "The cause is not one of the known kinds. Read the message below. Retry the group once; if "
            "the error comes back, send the message to the Breezee support team.");
    }
    return {};
}

QString hubSpotMessage(const QString &message)
{
    for (const char *source : kWrappingMessages) {
        const QStringList prefixes = prefixesOf(source);
        for (const QString &prefix : prefixes) {
            if (message.startsWith(prefix))
                return message.mid(prefix.size()).trimmed();
        }
    }
    return message;
}

} // namespace Breezee
