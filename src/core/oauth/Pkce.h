#pragma once

#include <QByteArray>

namespace Breezee {

// Random text of `length` characters from the RFC 3986 unreserved set,
// drawn from the system's secure generator. Used for `state` and the PKCE
// code verifier.
QByteArray randomUnreservedString(int length);

// The PKCE S256 challenge: BASE64URL(SHA-256(verifier)) without padding.
QByteArray pkceChallenge(const QByteArray &verifier);

} // namespace Breezee
