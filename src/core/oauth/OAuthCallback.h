#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <QVariantMap>

namespace Breezee {

// Reads the query of a request that the browser sent to the loopback
// redirect listener, for example "GET /callback?code=X&state=Y HTTP/1.1".
// `requestLine` is the first line of the request, with or without its CRLF.
// The target must be an origin-form path equal to `callbackPath`. The query
// items come back decoded the way QUrlQuery's default (PrettyDecoded) does,
// which is also what Qt 6.4's reply handler passes to callbackReceived, and a
// repeated name keeps its last value.
// Error codes: "callback_malformed" and "callback_wrong_path".
Result<QVariantMap> parseOAuthCallback(const QByteArray &requestLine, const QString &callbackPath);

// Checks callback values against the `state` this attempt sent: a different
// state gives "state_mismatch", and a callback with neither `code` nor
// `error` gives "code_missing". An `error` callback passes, because the flow
// reports it on its own.
Status checkOAuthCallback(const QVariantMap &values, const QByteArray &expectedState);

// Returns the authorization code as the token request needs it. Qt 6.4
// percent-encodes a code that arrived as %2B or %2F a second time, so the
// code is decoded twice and encoded once.
QByteArray reencodeAuthorizationCode(const QByteArray &sent);

} // namespace Breezee
