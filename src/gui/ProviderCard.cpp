#include "ProviderCard.h"

#include "Icons.h"
#include "StatusTone.h"
#include "SyncActivityPanel.h"
#include "ui_ProviderCard.h"

#include <QCoreApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLocale>
#include <QSet>

namespace Breezee {

namespace {

const int kBadgeSize = 40;

// Translates a description or permission reason from the provider seed. A
// provider added by a data file falls back to its own text.
QString seedText(const QString &text)
{
    return QCoreApplication::translate("ProviderSeed", text.toUtf8().constData());
}

// The card frame follows the palette, so it reads in light and dark themes.
const char *const kCardStyle =
    "QFrame[providerCard=\"true\"] {"
    "  background-color: palette(base);"
    "  border: 1px solid palette(mid);"
    "  border-radius: 10px;"
    "}";
const int kCopiedFeedbackMs = 2000;

struct ScopeEntry {
    QString scope;
    QString reason;
    bool granted = true;
};

void clearLayout(QLayout *layout)
{
    while (QLayoutItem *item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

QString colourCss(QColor colour, qreal alpha)
{
    colour.setAlphaF(alpha);
    return QStringLiteral("rgba(%1, %2, %3, %4)")
        .arg(colour.red())
        .arg(colour.green())
        .arg(colour.blue())
        .arg(colour.alphaF(), 0, 'f', 2);
}

} // namespace

ProviderCard::ProviderCard(const ProviderStatus &status, QWidget *parent)
    : QFrame(parent)
    , m_ui(std::make_unique<Ui::ProviderCard>())
    , m_status(status)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("providerCard_") + status.definition.key);
    setProperty("providerCard", true);
    setStyleSheet(QLatin1String(kCardStyle));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);

    QFont nameFont = m_ui->nameLabel->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.2);
    m_ui->nameLabel->setFont(nameFont);

    m_ui->descriptionLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->connectedSinceLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->browserHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->errorPanel->setObjectName(QStringLiteral("errorPanel"));
    m_ui->errorPanel->hide();
    m_ui->scopesPanel->hide();
    m_ui->connectButton->setDefault(true);
    m_ui->reconnectButton->setDefault(true);

    // The sync panel sits under the state message, above the connecting
    // and error panels.
    m_syncPanel = new SyncActivityPanel(this);
    m_syncPanel->hide();
    m_ui->cardLayout->insertWidget(m_ui->cardLayout->indexOf(m_ui->messageLabel) + 1, m_syncPanel);

    m_copiedFeedback.setSingleShot(true);
    m_copiedFeedback.setInterval(kCopiedFeedbackMs);
    connect(&m_copiedFeedback, &QTimer::timeout, this,
            [this] { m_ui->copyUrlButton->setText(tr("Cop&y")); });

    connect(m_ui->connectButton, &QPushButton::clicked, this,
            [this] { emit connectRequested(providerKey()); });
    connect(m_ui->reconnectButton, &QPushButton::clicked, this,
            [this] { emit connectRequested(providerKey()); });
    connect(m_ui->cancelButton, &QPushButton::clicked, this,
            [this] { emit cancelRequested(providerKey()); });
    connect(m_ui->disconnectButton, &QPushButton::clicked, this,
            [this] { emit disconnectRequested(providerKey()); });
    connect(m_ui->testButton, &QPushButton::clicked, this, [this] { emit testRequested(providerKey()); });
    connect(m_ui->openBrowserButton, &QPushButton::clicked, this,
            [this] { emit openBrowserRequested(providerKey(), m_authorizationUrl); });
    connect(m_ui->copyUrlButton, &QPushButton::clicked, this, &ProviderCard::copyAuthorizationUrl);
    connect(m_ui->dismissErrorButton, &QToolButton::clicked, this, &ProviderCard::clearError);
    connect(m_ui->scopesToggle, &QToolButton::clicked, this,
            [this] { setScopesExpanded(!m_scopesExpanded); });

    applyPaletteStyles();
    applyStatus();
}

ProviderCard::~ProviderCard() = default;

void ProviderCard::setStatus(const ProviderStatus &status)
{
    const bool leftConnecting = m_status.state == ConnectionState::Connecting
        && status.state != ConnectionState::Connecting;
    m_status = status;

    if (leftConnecting) {
        m_authorizationUrl.clear();
        m_browserOpened = true;
    }

    if (status.state == ConnectionState::Connected)
        clearError();

    applyStatus();
}

void ProviderCard::setSyncActivity(const SyncActivity &activity)
{
    const bool show = m_status.definition.live && activity.state != SyncActivity::State::Hidden;
    m_syncPanel->setActivity(activity);
    m_syncPanel->setVisible(show);
}

void ProviderCard::setAuthorizationUrl(const QUrl &url)
{
    m_authorizationUrl = url;
    updateConnectingPanel();
}

void ProviderCard::setBrowserOpened(bool opened)
{
    m_browserOpened = opened;
    updateConnectingPanel();
}

void ProviderCard::showError(const QString &message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorPanel->setVisible(!message.isEmpty());
    updateMessage();
    updateAccessibility();
}

void ProviderCard::clearError()
{
    showError(QString());
}

QString ProviderCard::errorText() const
{
    return m_ui->errorPanel->isVisibleTo(this) ? m_ui->errorLabel->text() : QString();
}

QString ProviderCard::stateText() const
{
    return m_ui->statePill->text();
}

void ProviderCard::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);

    if (event->type() == QEvent::PaletteChange) {
        applyPaletteStyles();
        updateHeader();
        updateMessage();
        updateScopes();
    } else if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        applyStatus();
    }
}

void ProviderCard::applyStatus()
{
    updateHeader();
    updateAccount();
    updateMessage();
    updateConnectingPanel();
    updateScopes();
    updateButtons();
    updateAccessibility();
}

void ProviderCard::updateHeader()
{
    const ProviderDefinition &definition = m_status.definition;
    const QIcon badge = Icons::providerBadge(definition.key, definition.displayName);
    m_ui->badgeLabel->setPixmap(badge.pixmap(kBadgeSize, kBadgeSize));
    m_ui->badgeLabel->setAccessibleName(tr("%1 badge").arg(definition.displayName));
    m_ui->nameLabel->setText(definition.displayName);
    m_ui->descriptionLabel->setText(seedText(definition.description));

    // A roadmap provider is greyed as a whole. Its labels stay readable by
    // screen readers.
    setEnabled(definition.live);

    if (!definition.live) {
        m_ui->statePill->setState(tr("Coming soon"), Tone::Muted);
        return;
    }

    m_ui->statePill->setState(connectionStateText(m_status.state),
                              connectionStateTone(m_status.state));
}

void ProviderCard::updateAccount()
{
    const bool show = m_status.definition.live && hasAccount()
        && m_status.state != ConnectionState::Disconnected
        && m_status.state != ConnectionState::Connecting;

    m_ui->accountLabel->setVisible(show);
    m_ui->connectedSinceLabel->setVisible(show && m_status.connectedAt.isValid());
    if (!show)
        return;

    QStringList parts;
    if (!m_status.accountId.isEmpty()) {
        // HubSpot calls an account a hub (or portal), so its id reads
        // "Hub 24680135". Other providers use the plain word.
        parts << (providerKey() == QLatin1String("hubspot") ? tr("Hub %1") : tr("Account %1"))
                     .arg(m_status.accountId);
    }
    if (!m_status.accountDomain.isEmpty())
        parts << m_status.accountDomain;
    if (!m_status.accountUser.isEmpty())
        parts << m_status.accountUser;
    m_ui->accountLabel->setText(parts.join(QStringLiteral(" · ")));

    if (m_status.connectedAt.isValid()) {
        const QString when = QLocale().toString(m_status.connectedAt.toLocalTime(), QLocale::ShortFormat);
        m_ui->connectedSinceLabel->setText(tr("Connected since %1").arg(when));
    }
}

void ProviderCard::updateMessage()
{
    QString message = m_status.message;

    if (message.isEmpty() && m_status.definition.live) {
        if (m_status.state == ConnectionState::TokenExpired)
            message = tr("%1 no longer accepts the saved sign-in. Reconnect to resume the sync.")
                          .arg(m_status.definition.displayName);
        else if (m_status.state == ConnectionState::Offline)
            message = tr("%1 cannot be reached. The sync retries automatically.")
                          .arg(m_status.definition.displayName);
    }

    // The same text can arrive as the state's message and as an error
    // signal, so it is shown once, in the error panel.
    if (message == m_ui->errorLabel->text() && m_ui->errorPanel->isVisibleTo(this))
        message.clear();

    // While connecting, the connecting panel shows the next step instead.
    const bool show = m_status.definition.live && !message.isEmpty()
        && m_status.state != ConnectionState::Connected && m_status.state != ConnectionState::Connecting;
    m_ui->messageLabel->setVisible(show);
    m_ui->messageLabel->setText(message);

    // The card's style sheet would override a palette set on the label, so
    // the tone goes in as a style sheet colour.
    const Tone tone = m_status.state == ConnectionState::Error ? Tone::Danger
        : m_status.state == ConnectionState::Disconnected      ? Tone::Neutral
                                                               : Tone::Warning;
    m_ui->messageLabel->setStyleSheet(
        QStringLiteral("color: %1;").arg(colourCss(toneColour(tone, palette()), 1.0)));
}

void ProviderCard::updateConnectingPanel()
{
    const bool connecting = m_status.definition.live && m_status.state == ConnectionState::Connecting;
    m_ui->connectingPanel->setVisible(connecting);
    if (!connecting)
        return;

    const QString name = m_status.definition.displayName;
    m_ui->browserLabel->setText(tr("Finish signing in to %1 in your browser.").arg(name));

    const bool hasUrl = !m_authorizationUrl.isEmpty();
    m_ui->urlEdit->setVisible(hasUrl);
    m_ui->copyUrlButton->setVisible(hasUrl);
    m_ui->openBrowserButton->setVisible(hasUrl);
    m_ui->urlEdit->setText(m_authorizationUrl.toString(QUrl::FullyEncoded));
    m_ui->urlEdit->setCursorPosition(0);

    if (!hasUrl) {
        m_ui->browserHintLabel->setText(tr("Preparing the sign-in page…"));
        m_ui->browserHintLabel->setForegroundRole(QPalette::PlaceholderText);
        return;
    }

    if (m_browserOpened) {
        m_ui->browserHintLabel->setText(
            tr("If no browser window opened, copy this address into a browser on this computer:"));
        m_ui->browserHintLabel->setForegroundRole(QPalette::PlaceholderText);
        return;
    }

    m_ui->browserHintLabel->setText(
        tr("The browser could not be opened. Copy this address into a browser on this computer:"));
    m_ui->browserHintLabel->setForegroundRole(QPalette::WindowText);
}

void ProviderCard::updateButtons()
{
    const bool live = m_status.definition.live;
    const ConnectionState state = m_status.state;
    const bool account = hasAccount();

    const bool canConnect = live
        && (state == ConnectionState::Disconnected || (state == ConnectionState::Error && !account));
    const bool canReconnect = live
        && (state == ConnectionState::TokenExpired || (state == ConnectionState::Error && account));
    const bool canCancel = live && state == ConnectionState::Connecting;
    const bool canDisconnect = live
        && (state == ConnectionState::Connected || state == ConnectionState::Offline
            || state == ConnectionState::TokenExpired || (state == ConnectionState::Error && account));

    m_ui->connectButton->setVisible(canConnect);
    m_ui->reconnectButton->setVisible(canReconnect);
    m_ui->cancelButton->setVisible(canCancel);
    m_ui->disconnectButton->setVisible(canDisconnect);
    // A test refreshes the token when needed and reads the account again.
    m_ui->testButton->setVisible(live && (state == ConnectionState::Connected || state == ConnectionState::Offline));

    const QString name = m_status.definition.displayName;
    m_ui->connectButton->setAccessibleName(tr("Connect %1").arg(name));
    m_ui->reconnectButton->setAccessibleName(tr("Reconnect %1").arg(name));
    m_ui->cancelButton->setAccessibleName(tr("Cancel connecting %1").arg(name));
    m_ui->disconnectButton->setAccessibleName(tr("Disconnect %1").arg(name));
    m_ui->testButton->setAccessibleName(tr("Test the connection to %1").arg(name));
    m_ui->testButton->setToolTip(tr("Check that %1 still accepts the sign-in and show the account and permissions it reports")
                                     .arg(name));
    m_ui->connectButton->setToolTip(tr("Sign in to %1 in your browser and allow the sync").arg(name));
    m_ui->reconnectButton->setToolTip(tr("Sign in to %1 again to renew the connection").arg(name));
}

void ProviderCard::updateScopes()
{
    const ProviderDefinition &definition = m_status.definition;
    const bool connected = hasAccount() && !m_status.grantedScopes.isEmpty()
        && m_status.state != ConnectionState::Disconnected
        && m_status.state != ConnectionState::Connecting;

    QList<ScopeEntry> entries;
    QSet<QString> requested;
    for (const ProviderScope &scope : definition.scopes) {
        requested.insert(scope.scope);
        entries << ScopeEntry{scope.scope, seedText(scope.reason),
                              !connected || m_status.grantedScopes.contains(scope.scope)};
    }
    if (connected) {
        for (const QString &scope : m_status.grantedScopes) {
            if (!requested.contains(scope))
                entries << ScopeEntry{scope, tr("Granted by the account, not requested by this console."), true};
        }
    }

    const bool show = definition.live && !entries.isEmpty();
    m_ui->scopesToggle->setVisible(show);
    if (!show) {
        m_ui->scopesPanel->hide();
        return;
    }

    const int count = entries.size();
    m_ui->scopesToggle->setText(connected ? tr("Permissions granted (%1)").arg(count)
                                          : tr("Permissions requested (%1)").arg(count));
    m_ui->scopesToggle->setToolTip(tr("Show what %1 is allowed to do and why").arg(definition.displayName));

    clearLayout(m_ui->scopesLayout);
    const QColor warning = toneColour(Tone::Warning, palette());
    for (const ScopeEntry &entry : std::as_const(entries)) {
        auto *scopeLabel = new QLabel(m_ui->scopesPanel);
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        mono.setPointSizeF(font().pointSizeF() * 0.95);
        scopeLabel->setFont(mono);
        scopeLabel->setText(entry.granted ? entry.scope : tr("%1 (not granted)").arg(entry.scope));
        scopeLabel->setToolTip(entry.reason);
        scopeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        if (!entry.granted)
            scopeLabel->setStyleSheet(QStringLiteral("color: %1;").arg(colourCss(warning, 1.0)));

        auto *reasonLabel = new QLabel(entry.reason, m_ui->scopesPanel);
        reasonLabel->setWordWrap(true);
        reasonLabel->setForegroundRole(QPalette::PlaceholderText);
        reasonLabel->setContentsMargins(0, 0, 0, 4);

        scopeLabel->setAccessibleName(tr("Permission %1").arg(entry.scope));
        scopeLabel->setAccessibleDescription(entry.reason);
        reasonLabel->setAccessibleName(tr("Reason for %1").arg(entry.scope));

        m_ui->scopesLayout->addWidget(scopeLabel);
        m_ui->scopesLayout->addWidget(reasonLabel);
    }

    setScopesExpanded(m_scopesExpanded);
}

void ProviderCard::updateAccessibility()
{
    const QString name = m_status.definition.displayName;
    setAccessibleName(tr("%1, %2").arg(name, stateText()));
    setAccessibleDescription(seedText(m_status.definition.description));
}

void ProviderCard::applyPaletteStyles()
{
    const QColor danger = toneColour(Tone::Danger, palette());
    m_ui->errorPanel->setStyleSheet(
        QStringLiteral("QFrame#errorPanel { border: 1px solid %1; border-radius: 6px; background-color: %2; }")
            .arg(colourCss(danger, 0.6), colourCss(danger, isDarkPalette(palette()) ? 0.18 : 0.08)));
    m_ui->errorIconLabel->setPixmap(Icons::colourIcon(QStringLiteral("level-error")).pixmap(16, 16));
    m_ui->copyUrlButton->setIcon(Icons::themedIcon(QStringLiteral("copy"), palette()));
}

void ProviderCard::copyAuthorizationUrl()
{
    if (m_authorizationUrl.isEmpty())
        return;

    QGuiApplication::clipboard()->setText(m_authorizationUrl.toString(QUrl::FullyEncoded));
    m_ui->copyUrlButton->setText(tr("Copied"));
    m_copiedFeedback.start();
}

void ProviderCard::setScopesExpanded(bool expanded)
{
    m_scopesExpanded = expanded;
    m_ui->scopesToggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_ui->scopesToggle->setAccessibleName(expanded ? tr("Hide permissions") : tr("Show permissions"));
    m_ui->scopesPanel->setVisible(expanded);
}

bool ProviderCard::hasAccount() const
{
    return !m_status.accountId.isEmpty() || !m_status.accountUser.isEmpty()
        || !m_status.accountDomain.isEmpty();
}

} // namespace Breezee
