#pragma once

#include "FakeBrowser.h"
#include "TestProvider.h"

#include "oauth/OAuthConnector.h"

#include <QSignalSpy>
#include <QTest>

// Runs the real code grant against an auto-approving sandbox and returns the
// tokens, or an invalid TokenSet when the grant failed.
inline Breezee::TokenSet grantSandboxTokens(const Breezee::ResolvedProvider &provider)
{
    Breezee::OAuthConnector connector(provider);
    QSignalSpy urlReady(&connector, &Breezee::OAuthConnector::authorizationUrlReady);
    QSignalSpy succeeded(&connector, &Breezee::OAuthConnector::succeeded);
    connector.start();
    if (urlReady.isEmpty() && !urlReady.wait(5000))
        return {};

    openInFakeBrowser(urlReady.first().first().toUrl());
    if (succeeded.isEmpty() && !succeeded.wait(10000))
        return {};
    return succeeded.first().first().value<Breezee::TokenSet>();
}
