#include "IntegrationsPage.h"

#include "DisconnectDialog.h"
#include "ProviderCard.h"
#include "common/Logging.h"
#include "integration/IntegrationController.h"
#include "PageStyle.h"
#include "ui_IntegrationsPage.h"

#include <QDesktopServices>
#include <QGuiApplication>
#include <QEvent>
#include <QUrl>

namespace Breezee {

namespace {

const int kMinimumCardWidth = 340;
const int kMaximumColumns = 3;
const int kGridSpacing = 16;

} // namespace

IntegrationsPage::IntegrationsPage(IntegrationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::IntegrationsPage>())
    , m_controller(controller)
{
    m_ui->setupUi(this);
    m_ui->subtitleLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->scrollArea->viewport()->installEventFilter(this);
    m_ui->scrollArea->viewport()->setAutoFillBackground(false);
    m_ui->cardsContainer->setAutoFillBackground(false);
    applyTitleFont();

    connect(m_controller, &IntegrationController::providerChanged, this, &IntegrationsPage::updateCard);
    connect(m_controller, &IntegrationController::authorizationUrlReady, this,
            &IntegrationsPage::showAuthorizationUrl);
    connect(m_controller, &IntegrationController::errorOccurred, this, &IntegrationsPage::showError);

    rebuildCards();
}

IntegrationsPage::~IntegrationsPage() = default;

ProviderCard *IntegrationsPage::card(const QString &providerKey) const
{
    return m_cardsByKey.value(providerKey);
}

void IntegrationsPage::setSyncActivity(const QString &providerKey, const SyncActivity &activity)
{
    // Kept, so that a card built later shows it too.
    m_activities.insert(providerKey, activity);

    if (ProviderCard *card = m_cardsByKey.value(providerKey))
        card->setSyncActivity(activity);
}

int IntegrationsPage::columnCountForWidth(int width)
{
    const int columns = (width + kGridSpacing) / (kMinimumCardWidth + kGridSpacing);
    return qBound(1, columns, kMaximumColumns);
}

bool IntegrationsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->scrollArea->viewport() && event->type() == QEvent::Resize)
        layoutCards();

    return QWidget::eventFilter(watched, event);
}

void IntegrationsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);

    if (event->type() == QEvent::LanguageChange)
        m_ui->retranslateUi(this);
    else if (event->type() == QEvent::FontChange)
        applyTitleFont();
}

void IntegrationsPage::rebuildCards()
{
    qDeleteAll(m_cards);
    m_cards.clear();
    m_cardsByKey.clear();

    const QList<ProviderStatus> providers = m_controller->providers();
    for (const ProviderStatus &status : providers) {
        auto *card = new ProviderCard(status, m_ui->cardsContainer);
        connect(card, &ProviderCard::connectRequested, m_controller, &IntegrationController::connectProvider);
        connect(card, &ProviderCard::cancelRequested, m_controller, &IntegrationController::cancelConnect);
        connect(card, &ProviderCard::disconnectRequested, this, &IntegrationsPage::confirmDisconnect);
        connect(card, &ProviderCard::testRequested, m_controller, &IntegrationController::testConnection);
        connect(card, &ProviderCard::openBrowserRequested, this, &IntegrationsPage::openInBrowser);
        if (m_activities.contains(status.definition.key))
            card->setSyncActivity(m_activities.value(status.definition.key));
        m_cards << card;
        m_cardsByKey.insert(status.definition.key, card);
    }

    m_ui->emptyLabel->setVisible(m_cards.isEmpty());
    m_ui->scrollArea->setVisible(!m_cards.isEmpty());
    layoutCards(true);
}

void IntegrationsPage::layoutCards(bool force)
{
    const int columns = columnCountForWidth(m_ui->scrollArea->viewport()->width());
    if (columns == m_columns && !force)
        return;

    m_columns = columns;
    QGridLayout *grid = m_ui->cardsGrid;
    for (ProviderCard *card : std::as_const(m_cards))
        grid->removeWidget(card);

    // Cards keep their own height, so one card with its permissions
    // expanded does not stretch its neighbours.
    for (int index = 0; index < m_cards.size(); ++index)
        grid->addWidget(m_cards.at(index), index / columns, index % columns, Qt::AlignTop);

    for (int column = 0; column < kMaximumColumns; ++column)
        grid->setColumnStretch(column, column < columns ? 1 : 0);

    // The row after the last card takes the spare height, so the rows stay
    // packed at the top of the page.
    const int rows = (m_cards.size() + columns - 1) / columns;
    for (int row = 0; row <= m_cards.size(); ++row)
        grid->setRowStretch(row, 0);
    grid->setRowStretch(rows, 1);
}

void IntegrationsPage::updateCard(const QString &providerKey)
{
    ProviderCard *card = m_cardsByKey.value(providerKey);
    if (card) {
        card->setStatus(m_controller->provider(providerKey));
        return;
    }

    // A provider that was not there when the page was built, for example
    // after a seed update. A key that the controller does not list changes
    // nothing.
    const QList<ProviderStatus> providers = m_controller->providers();
    const bool listed = std::any_of(providers.cbegin(), providers.cend(), [&](const ProviderStatus &status) {
        return status.definition.key == providerKey;
    });
    if (listed)
        rebuildCards();
}

void IntegrationsPage::showAuthorizationUrl(const QString &providerKey, const QUrl &url)
{
    // The controller sends an empty URL when a flow is already running, and
    // the card keeps the URL it has.
    ProviderCard *card = m_cardsByKey.value(providerKey);
    if (!card || url.isEmpty())
        return;

    card->setAuthorizationUrl(url);
    openInBrowser(providerKey, url);
}

void IntegrationsPage::openInBrowser(const QString &providerKey, const QUrl &url)
{
    ProviderCard *card = m_cardsByKey.value(providerKey);
    if (!card || url.isEmpty())
        return;

    // openUrl can return true even when no browser starts, so the card
    // keeps the URL visible either way.
    // The offscreen platform has no desktop to open a browser on.
    const bool offscreen = QGuiApplication::platformName() == QLatin1String("offscreen");
    const bool opened = !offscreen && QDesktopServices::openUrl(url);
    if (!opened)
        qCWarning(lcGui) << "could not open a browser for" << urlForLog(url);
    card->setBrowserOpened(opened);
}

void IntegrationsPage::showError(const QString &providerKey, const Error &error)
{
    ProviderCard *card = m_cardsByKey.value(providerKey);
    if (!card) {
        qCWarning(lcGui) << "error for unknown provider" << providerKey << error.code;
        return;
    }

    card->showError(error.message);
}

void IntegrationsPage::confirmDisconnect(const QString &providerKey)
{
    ProviderCard *card = m_cardsByKey.value(providerKey);
    if (!card)
        return;

    DisconnectDialog dialog(card->status().definition.displayName, this);
    if (dialog.exec() != QDialog::Accepted)
        return;

    m_controller->disconnectProvider(providerKey);
}

void IntegrationsPage::applyTitleFont()
{
    applyPageTitleFont(m_ui->titleLabel);
}

} // namespace Breezee
