#pragma once

#include "SyncActivity.h"
#include "integration/IntegrationController.h"

#include <QFrame>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace Breezee {

class SyncActivityPanel;

namespace Ui {
class ProviderCard;
}

// One provider on the Integrations page: badge, name, description, state
// pill, account, permissions and the buttons that fit the state. The card
// only shows state and emits requests, and the page passes them on to the
// IntegrationController.
class ProviderCard : public QFrame {
    Q_OBJECT

public:
    explicit ProviderCard(const ProviderStatus &status, QWidget *parent = nullptr);
    ~ProviderCard() override;

    QString providerKey() const { return m_status.definition.key; }
    const ProviderStatus &status() const { return m_status; }
    void setStatus(const ProviderStatus &status);

    // Shows the authorization URL while the card is connecting, because
    // opening a browser can fail without any error.
    void setAuthorizationUrl(const QUrl &url);
    QUrl authorizationUrl() const { return m_authorizationUrl; }
    void setBrowserOpened(bool opened);

    // Shows an error under the state until it is dismissed or the provider
    // connects.
    void showError(const QString &message);
    void clearError();
    QString errorText() const;

    // The text of the state pill, for example "Connected" or "Coming soon".
    QString stateText() const;

    // Shows the provider's sync: its state, progress and throughput. A
    // Hidden activity hides the panel.
    void setSyncActivity(const SyncActivity &activity);
    SyncActivityPanel *syncPanel() const { return m_syncPanel; }

    // Shows or hides the list of permissions with their reasons.
    void setScopesExpanded(bool expanded);
    bool scopesExpanded() const { return m_scopesExpanded; }

signals:
    void connectRequested(const QString &providerKey);
    void cancelRequested(const QString &providerKey);
    void disconnectRequested(const QString &providerKey);
    void testRequested(const QString &providerKey);
    void openBrowserRequested(const QString &providerKey, const QUrl &url);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyStatus();
    void updateHeader();
    void updateAccount();
    void updateMessage();
    void updateConnectingPanel();
    void updateButtons();
    void updateScopes();
    void updateAccessibility();
    void applyPaletteStyles();
    void copyAuthorizationUrl();
    bool hasAccount() const;

    std::unique_ptr<Ui::ProviderCard> m_ui;
    ProviderStatus m_status;
    SyncActivityPanel *m_syncPanel = nullptr;
    QUrl m_authorizationUrl;
    bool m_browserOpened = true;
    bool m_scopesExpanded = false;
    QTimer m_copiedFeedback;
};

} // namespace Breezee
