#pragma once

#include <QString>

namespace Breezee {

// Kind of reason the sync could not send a prospect, inferred from the
// recorded message. The message may come from this console or from HubSpot.
enum class FailureKind {
    Email,
    Validation,
    RateLimit,
    Authorization,
    Other,
};

inline constexpr int kFailureKindCount = 5;

// Derives the kind from a sync_state.last_error or sync_log message. It
// looks for HubSpot's error codes and for the console's own wording, in
// English and in the current translation.
FailureKind classifyFailure(const QString &message);

// A short title for a group of failures, for example "No or invalid email
// address".
QString failureKindTitle(FailureKind kind);

// What support staff can do about failures of this kind, in plain words.
QString failureKindFix(FailureKind kind);

// Returns HubSpot's own words when the message wraps them, for example the
// part after "HubSpot rejected the contact: ", and the whole message
// otherwise.
QString hubSpotMessage(const QString &message);

} // namespace Breezee
