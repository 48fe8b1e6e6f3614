#include "ProspectDetailPane.h"

#include "ActivityModel.h"
#include "CompanyChoicePanel.h"
#include "ContactsModel.h"
#include "PageStyle.h"
#include "StatusTone.h"
#include "common/Logging.h"
#include "oauth/Provider.h"
#include "ui_ProspectDetailPane.h"

#include <QDesktopServices>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QSqlDatabase>

namespace Breezee {

namespace {

const char *const kHubSpotKey = "hubspot";
const int kPropertyRole = Qt::UserRole + 1;

QString colourCss(QColor colour, qreal alpha)
{
    colour.setAlphaF(alpha);
    return QStringLiteral("rgba(%1, %2, %3, %4)")
        .arg(colour.red())
        .arg(colour.green())
        .arg(colour.blue())
        .arg(colour.alphaF(), 0, 'f', 2);
}

void setUpTree(QTreeWidget *tree)
{
    tree->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    tree->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    tree->setSelectionMode(QAbstractItemView::NoSelection);
    tree->setFocusPolicy(Qt::NoFocus);
    tree->setUniformRowHeights(false);
    tree->header()->setStretchLastSection(true);
    tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    tree->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    tree->setStyleSheet(QStringLiteral("QTreeView::item { padding: 3px 2px; }"));
}

ContactSyncStatus statusOf(const ProspectDetails &details)
{
    if (details.queued)
        return ContactSyncStatus::Queued;
    if (details.syncStatus == QLatin1String("synced"))
        return ContactSyncStatus::Synced;
    if (details.syncStatus == QLatin1String("failed"))
        return ContactSyncStatus::Failed;
    return ContactSyncStatus::NotSynced;
}

Tone toneOf(ContactSyncStatus status)
{
    switch (status) {
    case ContactSyncStatus::Synced:
        return Tone::Success;
    case ContactSyncStatus::Queued:
        return Tone::Progress;
    case ContactSyncStatus::Failed:
        return Tone::Danger;
    case ContactSyncStatus::NotSynced:
        return Tone::Muted;
    }
    return Tone::Muted;
}

QTreeWidgetItem *addRow(QTreeWidget *tree, const QString &property, const QStringList &texts)
{
    auto *item = new QTreeWidgetItem(tree, texts);
    item->setData(0, kPropertyRole, property);
    for (int column = 0; column < texts.size(); ++column)
        item->setToolTip(column, texts.at(column));
    return item;
}

} // namespace

ProspectDetailPane::ProspectDetailPane(QString connectionName, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ProspectDetailPane>())
    , m_connectionName(std::move(connectionName))
{
    m_ui->setupUi(this);
    m_ui->placeholderLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->subtitleLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->memoriesNoteLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->explainerPanel->setObjectName(QStringLiteral("explainerPanel"));

    for (QTreeWidget *tree : {m_ui->fieldsTree, m_ui->breezeeTree, m_ui->historyTree, m_ui->memoriesTree})
        setUpTree(tree);

    connect(m_ui->openInHubSpotButton, &QPushButton::clicked, this, &ProspectDetailPane::openInHubSpot);

    m_resyncButton = new QPushButton(tr("Res&ync…"), this);
    m_resyncButton->setObjectName(QStringLiteral("resyncProspectButton"));
    m_resyncButton->setAccessibleName(tr("Resync this prospect with a preview"));
    // The actions have their own row, so that longer translations of their
    // labels still fit beside each other.
    m_ui->actionsLayout->insertWidget(0, m_resyncButton);
    connect(m_resyncButton, &QPushButton::clicked, this, [this] {
        if (m_prospectId > 0)
            emit resyncRequested(m_prospectId);
    });

    m_companyChoice = new CompanyChoicePanel(m_connectionName, this);
    m_ui->detailsLayout->insertWidget(m_ui->detailsLayout->indexOf(m_ui->explainerPanel) + 1, m_companyChoice);
    connect(m_companyChoice, &CompanyChoicePanel::companyChosen, this, &ProspectDetailPane::reload);

    applyStyle();
    showProspect(0);
}

ProspectDetailPane::~ProspectDetailPane() = default;

void ProspectDetailPane::setCredentialsFile(const QString &path)
{
    m_credentialsFile = path;
    updateHubSpotLink();
}

void ProspectDetailPane::setHubSpotStatus(const ProviderStatus &status)
{
    m_hubSpot = status;
    if (m_details)
        populate();
}

void ProspectDetailPane::showProspect(qint64 prospectId)
{
    m_prospectId = prospectId;
    reload();
}

void ProspectDetailPane::reload()
{
    m_details.reset();
    m_errorText.clear();

    if (m_prospectId <= 0) {
        m_ui->placeholderLabel->setText(tr("Select a prospect to see what the sync sent to HubSpot."));
        m_ui->paneStack->setCurrentWidget(m_ui->placeholderPage);
        updateHubSpotLink();
        return;
    }

    const Result<ProspectDetails> details =
        loadProspectDetails(QSqlDatabase::database(m_connectionName, false), m_prospectId);
    if (!details.ok()) {
        qCWarning(lcGui) << "reading prospect" << m_prospectId << "failed:" << details.error().code;
        m_errorText = details.error().message;
        m_ui->placeholderLabel->setText(m_errorText);
        m_ui->paneStack->setCurrentWidget(m_ui->placeholderPage);
        updateHubSpotLink();
        return;
    }

    m_details = details.value();
    populate();
    m_ui->paneStack->setCurrentWidget(m_ui->detailsScroll);
}

QString ProspectDetailPane::localValueText(const QString &property) const
{
    const QString text = rowText(m_ui->fieldsTree, property, 1);
    return text.isNull() ? rowText(m_ui->breezeeTree, property, 1) : text;
}

QString ProspectDetailPane::decisionText(const QString &property) const
{
    const QString text = rowText(m_ui->fieldsTree, property, 2);
    return text.isNull() ? rowText(m_ui->breezeeTree, property, 2) : text;
}

QString ProspectDetailPane::explanationText() const
{
    return m_ui->explainerPanel->isVisibleTo(this) ? m_ui->explainerLabel->text() : QString();
}

QStringList ProspectDetailPane::historyMessages() const
{
    QStringList messages;
    for (int row = 0; row < m_ui->historyTree->topLevelItemCount(); ++row)
        messages << m_ui->historyTree->topLevelItem(row)->text(2);
    return messages;
}

QStringList ProspectDetailPane::memoryTexts() const
{
    QStringList texts;
    for (int row = 0; row < m_ui->memoriesTree->topLevelItemCount(); ++row) {
        const QTreeWidgetItem *item = m_ui->memoriesTree->topLevelItem(row);
        texts << QStringLiteral("%1=%2 (%3)").arg(item->text(0), item->text(1), item->text(2));
    }
    return texts;
}

void ProspectDetailPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);

    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        m_resyncButton->setText(tr("Res&ync…"));
        reload();
    } else if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyStyle();
        if (m_details)
            populateHeader();
    }
}

void ProspectDetailPane::populate()
{
    populateHeader();
    populateFields();
    populateBreezeeProperties();
    populateHistory();
    populateMemories();
    updateHubSpotLink();
    m_companyChoice->showProspect(m_prospectId);
}

void ProspectDetailPane::populateHeader()
{
    const ProspectDetails &details = *m_details;
    const Prospect &prospect = details.prospect;

    const QString name = (prospect.firstName + QLatin1Char(' ') + prospect.lastName).trimmed();
    m_ui->nameLabel->setText(name.isEmpty() ? tr("Prospect %1").arg(prospect.id) : name);

    QStringList subtitle;
    subtitle << (prospect.email.isEmpty() ? tr("No email address") : prospect.email);
    if (!prospect.companyName.isEmpty())
        subtitle << prospect.companyName;
    m_ui->subtitleLabel->setText(subtitle.join(QStringLiteral(" · ")));

    const ContactSyncStatus status = statusOf(details);
    m_ui->statusPill->setState(contactSyncStatusText(status), toneOf(status));

    if (details.remoteId.isEmpty()) {
        m_ui->remoteIdLabel->setText(tr("Not in HubSpot"));
    } else {
        m_ui->remoteIdLabel->setText(tr("HubSpot contact %1").arg(details.remoteId));
    }

    QString statusTip;
    if (details.lastSyncedAt.isValid())
        statusTip = tr("Last synced %1").arg(QLocale().toString(details.lastSyncedAt.toLocalTime(),
                                                                QLocale::ShortFormat));
    m_ui->statusPill->setToolTip(statusTip);

    const QString explanation = explainNotInHubSpot(details, m_hubSpot.state);
    m_ui->explainerPanel->setVisible(!explanation.isEmpty());
    m_ui->explainerLabel->setText(explanation);
}

void ProspectDetailPane::populateFields()
{
    QTreeWidget *tree = m_ui->fieldsTree;
    tree->clear();

    for (const PropertyInfo &property : standardProperties()) {
        const QString name = QLatin1String(property.name);
        QTreeWidgetItem *item = addRow(tree, name, {propertyLabel(property), localPropertyValue(m_details->prospect, name),
                                                    describeDecision(name, *m_details)});
        if (name == QLatin1String("lifecyclestage") || name == QLatin1String("hs_lead_status"))
            item->setToolTip(2, tr("The console never changes this field; it belongs to HubSpot."));
        if (name == QLatin1String("hs_lead_status"))
            item->setToolTip(1, tr("The console does not store a lead status."));
    }
}

void ProspectDetailPane::populateBreezeeProperties()
{
    QTreeWidget *tree = m_ui->breezeeTree;
    tree->clear();

    for (const PropertyInfo &property : breezeeProperties()) {
        const QString name = QLatin1String(property.name);
        const QJsonObject entry = m_details->decisions.value(name).toObject();

        // The value the last sync computed; before any sync, the value the
        // console would send now.
        QString value = entry.value(QLatin1String("local")).toString();
        if (value.isEmpty() && m_details->decisions.isEmpty())
            value = localPropertyValue(m_details->prospect, name);

        addRow(tree, name, {propertyLabel(property), breezeeValueText(name, value),
                            describeDecision(name, *m_details)});
    }
}

void ProspectDetailPane::populateHistory()
{
    QTreeWidget *tree = m_ui->historyTree;
    tree->clear();

    for (const SyncHistoryEntry &entry : std::as_const(m_details->history)) {
        const QString when = QLocale().toString(entry.at.toLocalTime(), QLocale::ShortFormat);
        addRow(tree, QString(), {when, ActivityModel::kindText(entry.kind), entry.message});
    }

    m_ui->historyHeading->setText(m_details->history.size() >= kHistoryLimit
                                      ? tr("Sync history (newest %1)").arg(kHistoryLimit)
                                      : tr("Sync history"));
    tree->setVisible(!m_details->history.isEmpty());
    if (m_details->history.isEmpty())
        m_ui->historyHeading->setText(tr("Sync history: no entries yet"));
}

void ProspectDetailPane::populateMemories()
{
    QTreeWidget *tree = m_ui->memoriesTree;
    tree->clear();

    for (const Memory &memory : std::as_const(m_details->memories))
        addRow(tree, memory.key, {memory.key, memory.value, tr("Never sent")});

    tree->setVisible(!m_details->memories.isEmpty());
    m_ui->memoriesNoteLabel->setText(
        m_details->memories.isEmpty()
            ? tr("No memories. Memories stay in this console; the sync never sends them to HubSpot.")
            : tr("Memories stay in this console. The sync never sends them to HubSpot."));
}

void ProspectDetailPane::updateHubSpotLink()
{
    const QString remoteId = m_details ? m_details->remoteId : QString();
    const QString authBaseUrl = m_credentialsFile.isEmpty()
        ? QString()
        : loadCredentials(m_credentialsFile, QLatin1String(kHubSpotKey)).values.value(QStringLiteral("auth_base_url"));

    m_hubSpotUrl = hubSpotContactUrl(authBaseUrl, m_hubSpot.accountId, remoteId);
    QPushButton *button = m_ui->openInHubSpotButton;
    button->setVisible(!remoteId.isEmpty());
    button->setEnabled(m_hubSpotUrl.isValid() && !m_hubSpotUrl.isEmpty());

    if (!m_hubSpotUrl.isEmpty())
        button->setToolTip(m_hubSpotUrl.toString());
    else if (m_hubSpot.accountId.isEmpty())
        button->setToolTip(tr("Connect HubSpot to open its contacts from here."));
    else
        button->setToolTip(tr("Set auth_base_url in the [hubspot] group of %1 to open contacts from here.")
                               .arg(m_credentialsFile));
}

void ProspectDetailPane::openInHubSpot()
{
    if (m_hubSpotUrl.isEmpty())
        return;

    // openUrl can report success without a browser, so the URL also stays
    // in the button's tooltip.
    if (!QDesktopServices::openUrl(m_hubSpotUrl))
        qCWarning(lcGui) << "could not open a browser for" << urlForLog(m_hubSpotUrl);
}

void ProspectDetailPane::applyStyle()
{
    QFont nameFont = font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.3);
    m_ui->nameLabel->setFont(nameFont);

    QFont headingFont = font();
    headingFont.setBold(true);
    for (QLabel *heading : {m_ui->fieldsHeading, m_ui->breezeeHeading, m_ui->historyHeading,
                            m_ui->memoriesHeading, m_ui->explainerTitleLabel}) {
        heading->setFont(headingFont);
        heading->setContentsMargins(0, 6, 0, 0);
    }
    m_ui->explainerTitleLabel->setContentsMargins(0, 0, 0, 0);

    const QColor warning = toneColour(Tone::Warning, palette());
    m_ui->explainerPanel->setStyleSheet(
        QStringLiteral("QFrame#explainerPanel { border: 1px solid %1; border-radius: 6px; background-color: %2; }")
            .arg(colourCss(warning, 0.6), colourCss(warning, isDarkPalette(palette()) ? 0.16 : 0.08)));
}

QString ProspectDetailPane::rowText(const QTreeWidget *tree, const QString &property, int column) const
{
    for (int row = 0; row < tree->topLevelItemCount(); ++row) {
        const QTreeWidgetItem *item = tree->topLevelItem(row);
        if (item->data(0, kPropertyRole).toString() == property)
            return item->text(column);
    }
    return QString();
}

} // namespace Breezee
