#pragma once

#include "SyncActivity.h"
#include "common/Result.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <memory>

class QUrl;

namespace Breezee {

class IntegrationController;
class ProviderCard;

namespace Ui {
class IntegrationsPage;
}

// A grid of provider cards in seed order. The page passes the cards'
// requests to the controller, opens the authorization URL in the browser
// and shows a confirmation dialog before a disconnect.
class IntegrationsPage : public QWidget {
    Q_OBJECT

public:
    explicit IntegrationsPage(IntegrationController *controller, QWidget *parent = nullptr);
    ~IntegrationsPage() override;

    ProviderCard *card(const QString &providerKey) const;
    QList<ProviderCard *> cards() const { return m_cards; }

    // Shows the sync's state, progress and throughput on the provider's
    // card.
    void setSyncActivity(const QString &providerKey, const SyncActivity &activity);

    // Returns the number of card columns, 1 to 3, that fit into `width`
    // pixels.
    static int columnCountForWidth(int width);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuildCards();
    void layoutCards(bool force = false);
    void updateCard(const QString &providerKey);
    void showAuthorizationUrl(const QString &providerKey, const QUrl &url);
    void openInBrowser(const QString &providerKey, const QUrl &url);
    void showError(const QString &providerKey, const Error &error);
    void confirmDisconnect(const QString &providerKey);
    void applyTitleFont();

    std::unique_ptr<Ui::IntegrationsPage> m_ui;
    IntegrationController *m_controller = nullptr;
    QList<ProviderCard *> m_cards;
    QHash<QString, ProviderCard *> m_cardsByKey;
    QHash<QString, SyncActivity> m_activities;
    int m_columns = 0;
};

} // namespace Breezee
