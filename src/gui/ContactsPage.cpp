#include "ContactsPage.h"

#include "ContactsModel.h"
#include "Icons.h"
#include "StatusTone.h"
#include "integration/IntegrationController.h"
#include "PageStyle.h"
#include "ProspectDetailPane.h"
#include "ResyncDialog.h"
#include "common/Logging.h"
#include "ui_ContactsPage.h"

#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLocale>
#include <QMessageBox>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>

namespace Breezee {

namespace {

const int kSearchDelayMs = 150;

struct StatusFilterItem {
    const char *text;
    int status;
};

// A status of -1 means "All".
const StatusFilterItem kStatusFilterItems[] = {
    {QT_TRANSLATE_NOOP("Breezee::ContactsPage", "All"), -1},
    {QT_TRANSLATE_NOOP("Breezee::ContactsPage", "Synced"), int(ContactSyncStatus::Synced)},
    {QT_TRANSLATE_NOOP("Breezee::ContactsPage", "Queued"), int(ContactSyncStatus::Queued)},
    {QT_TRANSLATE_NOOP("Breezee::ContactsPage", "Failed"), int(ContactSyncStatus::Failed)},
    {QT_TRANSLATE_NOOP("Breezee::ContactsPage", "Not synced"), int(ContactSyncStatus::NotSynced)},
};

} // namespace

ContactsPage::ContactsPage(IntegrationController *controller, const QString &connectionName, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ContactsPage>())
    , m_controller(controller)
    , m_connectionName(connectionName)
    , m_model(new ContactsModel(connectionName, this))
    , m_detailPane(new ProspectDetailPane(connectionName))
{
    m_ui->setupUi(this);
    m_ui->countLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->emptyHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->errorLabel->hide();
    m_ui->searchEdit->addAction(Icons::themedIcon(QStringLiteral("search"), palette()),
                                QLineEdit::LeadingPosition);
    applyTitleFont();

    setUpView();
    setUpActions();

    m_ui->contentSplitter->addWidget(m_detailPane);
    m_ui->contentSplitter->setStretchFactor(0, 3);
    m_ui->contentSplitter->setStretchFactor(1, 2);
    m_ui->contentSplitter->setSizes({580, 540});
    m_detailPane->setCredentialsFile(m_controller->profile().credentialsFile);
    updateHubSpotStatus(QStringLiteral("hubspot"));
    connect(m_controller, &IntegrationController::providerChanged, this, &ContactsPage::updateHubSpotStatus);
    setUpStatusFilter();

    m_refreshTimer.setInterval(kRefreshIntervalMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ContactsPage::refreshIfChanged);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(kSearchDelayMs);
    connect(&m_searchDelay, &QTimer::timeout, this, &ContactsPage::applySearch);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, &ContactsPage::applySearch);

    connect(m_ui->resyncButton, &QPushButton::clicked, this, &ContactsPage::resyncSelected);
    connect(m_ui->resyncAllButton, &QPushButton::clicked, this, &ContactsPage::resyncAll);
    connect(m_resyncFailedButton, &QPushButton::clicked, this, &ContactsPage::resyncFailed);
    connect(m_detailPane, &ProspectDetailPane::resyncRequested, this, &ContactsPage::openResyncDialog);
    connect(m_ui->emptyActionButton, &QPushButton::clicked, this, &ContactsPage::runEmptyAction);
    connect(m_ui->contactsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ContactsPage::updateButtons);
    connect(m_ui->contactsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ContactsPage::showCurrentProspect);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ContactsPage::showCurrentProspect);
    connect(m_model, &ContactsModel::refreshed, m_detailPane, &ProspectDetailPane::reload);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ContactsPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ContactsPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ContactsPage::updateEmptyState);

    updateCounts();
    updateEmptyState();
    updateButtons();
}

ContactsPage::~ContactsPage() = default;

QTableView *ContactsPage::view() const
{
    return m_ui->contactsView;
}

QString ContactsPage::countText() const
{
    return m_ui->countLabel->text();
}

void ContactsPage::setUnavailable(const QString &message)
{
    m_unavailableMessage = message;
    m_refreshTimer.stop();
    updateEmptyState();
    updateButtons();
}

void ContactsPage::refresh()
{
    reload(true);
}

void ContactsPage::focusSearch()
{
    m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->searchEdit->selectAll();
}

bool ContactsPage::showProspect(qint64 prospectId)
{
    if (!m_unavailableMessage.isEmpty())
        return false;

    if (!m_model->lastStatus() && m_model->matchingCount() == 0 && m_model->counts().total == 0)
        reload(true);

    int row = m_model->loadProspect(prospectId);
    if (row < 0 && (!m_ui->searchEdit->text().isEmpty() || m_ui->statusFilterCombo->currentIndex() != 0)) {
        const QSignalBlocker searchBlocker(m_ui->searchEdit);
        const QSignalBlocker comboBlocker(m_ui->statusFilterCombo);
        m_ui->searchEdit->clear();
        m_ui->statusFilterCombo->setCurrentIndex(0);
        m_searchDelay.stop();
        m_model->setSearchText(QString());
        m_model->setStatusFilter(std::nullopt);
        row = m_model->loadProspect(prospectId);
    }

    updateCounts();
    updateEmptyState();
    if (row < 0) {
        m_detailPane->showProspect(prospectId);
        return false;
    }

    const QModelIndex index = m_model->index(row, ContactsModel::NameColumn);
    m_ui->contactsView->setCurrentIndex(index);
    m_ui->contactsView->selectRow(row);
    m_ui->contactsView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_detailPane->showProspect(prospectId);
    return true;
}

void ContactsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);

    if (!m_unavailableMessage.isEmpty())
        return;

    refreshIfChanged();
    m_refreshTimer.start();
}

void ContactsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refreshTimer.stop();
}

void ContactsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);

    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        m_resyncFailedButton->setText(tr("Resync &failed…"));
        for (int index = 0; index < m_ui->statusFilterCombo->count(); ++index)
            m_ui->statusFilterCombo->setItemText(index, tr(kStatusFilterItems[index].text));
        updateCounts();
        updateEmptyState();
        fitStatusColumn();
    } else if (event->type() == QEvent::FontChange) {
        applyTitleFont();
        fitStatusColumn();
    }
}

void ContactsPage::setUpView()
{
    QTableView *view = m_ui->contactsView;
    view->setModel(m_model);
    view->sortByColumn(ContactsModel::NameColumn, Qt::AscendingOrder);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 12);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setMinimumSectionSize(80);

    // The sync status follows the name, so that it stays in sight when the
    // list is narrow at 1280 pixels and the email and company need room.
    QHeaderView *header = view->horizontalHeader();
    header->moveSection(header->visualIndex(ContactsModel::StatusColumn), 1);
    header->resizeSection(ContactsModel::NameColumn, 150);
    fitStatusColumn();
    header->resizeSection(ContactsModel::EmailColumn, 210);
    header->resizeSection(ContactsModel::CompanyColumn, 150);
    header->resizeSection(ContactsModel::RemoteIdColumn, 120);
}

// The status column fits the longest status text of the current language
// next to its dot.
void ContactsPage::fitStatusColumn()
{
    const QFontMetrics metrics = m_ui->contactsView->fontMetrics();
    int width = 0;
    for (ContactSyncStatus status : {ContactSyncStatus::NotSynced, ContactSyncStatus::Queued,
                                     ContactSyncStatus::Synced, ContactSyncStatus::Failed})
        width = qMax(width, metrics.horizontalAdvance(contactSyncStatusText(status)));
    m_ui->contactsView->horizontalHeader()->resizeSection(ContactsModel::StatusColumn, width + 40);
}

void ContactsPage::setUpActions()
{
    auto *resync = new QAction(tr("&Resync"), m_ui->contactsView);
    connect(resync, &QAction::triggered, this, &ContactsPage::resyncSelected);

    auto *resyncWithPreview = new QAction(tr("Resync with &preview…"), m_ui->contactsView);
    resyncWithPreview->setObjectName(QStringLiteral("resyncWithPreviewAction"));
    connect(resyncWithPreview, &QAction::triggered, this, &ContactsPage::resyncCurrentWithPreview);

    auto *copyEmail = new QAction(tr("Copy &email"), m_ui->contactsView);
    connect(copyEmail, &QAction::triggered, this, [this] { copySelected(ContactsModel::EmailColumn); });

    auto *copyRemoteId = new QAction(tr("Copy &HubSpot ID"), m_ui->contactsView);
    connect(copyRemoteId, &QAction::triggered, this,
            [this] { copySelected(ContactsModel::RemoteIdColumn); });

    m_ui->contactsView->addActions({resync, resyncWithPreview, copyEmail, copyRemoteId});

    m_resyncFailedButton = new QPushButton(tr("Resync &failed…"), this);
    m_resyncFailedButton->setObjectName(QStringLiteral("resyncFailedButton"));
    m_resyncFailedButton->setToolTip(tr("Put every prospect whose last sync failed back on the sync queue"));
    m_resyncFailedButton->setAccessibleName(tr("Resync failed prospects"));
    m_ui->toolbarLayout->insertWidget(m_ui->toolbarLayout->indexOf(m_ui->resyncAllButton), m_resyncFailedButton);
    setTabOrder(m_ui->resyncButton, m_resyncFailedButton);
    setTabOrder(m_resyncFailedButton, m_ui->resyncAllButton);

    auto *findAction = new QAction(this);
    findAction->setShortcut(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findAction, &QAction::triggered, this, &ContactsPage::focusSearch);
    addAction(findAction);
}

void ContactsPage::setUpStatusFilter()
{
    for (const StatusFilterItem &item : kStatusFilterItems)
        m_ui->statusFilterCombo->addItem(tr(item.text), item.status);

    connect(m_ui->statusFilterCombo, &QComboBox::currentIndexChanged, this, &ContactsPage::applyStatusFilter);
}

void ContactsPage::refreshIfChanged()
{
    reload(false);
}

void ContactsPage::reload(bool force)
{
    if (!m_unavailableMessage.isEmpty())
        return;

    const ScrollAnchor anchor = captureScrollAnchor();
    const Status status = force ? m_model->refresh() : m_model->refreshIfChanged();
    restoreScrollAnchor(anchor);

    showResult(status);
    updateCounts();
    updateEmptyState();
    updateButtons();
}

void ContactsPage::showResult(const Status &status)
{
    m_ui->errorLabel->setVisible(status.has_value());
    if (!status)
        return;

    QPalette palette = m_ui->errorLabel->palette();
    palette.setColor(QPalette::WindowText, toneColour(Tone::Danger, this->palette()));
    m_ui->errorLabel->setPalette(palette);
    m_ui->errorLabel->setText(status->message);
}

// Rows inserted above the visible area would push the rows a person is
// reading down, so the first visible prospect is kept at the top. At the
// very top of the list new rows simply appear.
ContactsPage::ScrollAnchor ContactsPage::captureScrollAnchor() const
{
    const QTableView *view = m_ui->contactsView;
    if (view->verticalScrollBar()->value() == 0)
        return {};

    const int viewRow = view->rowAt(0);
    if (viewRow < 0)
        return {};

    return {m_model->contact(viewRow).prospectId, viewRow};
}

void ContactsPage::restoreScrollAnchor(const ScrollAnchor &anchor)
{
    if (anchor.viewRow < 0)
        return;

    const int row = m_model->rowOfProspect(anchor.prospectId);
    if (row < 0 || row == anchor.viewRow)
        return;

    const QModelIndex index = m_model->index(row, 0);

    m_ui->contactsView->scrollTo(index, QAbstractItemView::PositionAtTop);
}

void ContactsPage::applySearch()
{
    m_searchDelay.stop();
    m_model->setSearchText(m_ui->searchEdit->text());
    showResult(m_model->lastStatus());
    updateCounts();
    updateEmptyState();
}

void ContactsPage::applyStatusFilter()
{
    const int status = m_ui->statusFilterCombo->currentData().toInt();
    m_model->setStatusFilter(status < 0 ? std::nullopt
                                        : std::optional<ContactSyncStatus>(ContactSyncStatus(status)));
    showResult(m_model->lastStatus());
    updateCounts();
    updateEmptyState();
}

void ContactsPage::resyncSelected()
{
    const QList<qint64> ids = selectedProspectIds();
    if (ids.isEmpty())
        return;

    m_controller->resync(ids);
    emit statusMessage(ids.size() == 1 ? tr("1 prospect put back on the sync queue.")
                                       : tr("%1 prospects put back on the sync queue.")
                                             .arg(QLocale().toString(ids.size())));
    reload(true);
}

void ContactsPage::resyncAll()
{
    const int total = m_model->counts().total;
    if (total == 0)
        return;

    const QString question = tr("Resync all %1 prospects?").arg(QLocale().toString(total));
    const QString details = tr("Every prospect goes back on the sync queue and is sent to HubSpot again.");

    QMessageBox box(QMessageBox::Question, tr("Resync all prospects"), question,
                    QMessageBox::Cancel, this);
    box.setInformativeText(details);
    QPushButton *confirm = box.addButton(tr("&Resync all"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;

    m_controller->resyncAll();
    emit statusMessage(tr("All prospects put back on the sync queue."));
    reload(true);
}

void ContactsPage::resyncFailed()
{
    const QList<qint64> ids = failedProspectIds();
    if (ids.isEmpty())
        return;

    const QString count = QLocale().toString(ids.size());
    const QString question = ids.size() == 1 ? tr("Resync the 1 failed prospect?")
                                             : tr("Resync the %1 failed prospects?").arg(count);
    QMessageBox box(QMessageBox::Question, tr("Resync failed prospects"), question, QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("resyncFailedBox"));
    box.setInformativeText(tr("Each prospect whose last sync failed goes back on the sync queue and is sent to "
                              "HubSpot again."));
    QPushButton *confirm = box.addButton(tr("&Resync failed"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;

    m_controller->resync(ids);
    emit statusMessage(ids.size() == 1 ? tr("1 failed prospect put back on the sync queue.")
                                       : tr("%1 failed prospects put back on the sync queue.").arg(count));
    reload(true);
}

void ContactsPage::resyncCurrentWithPreview()
{
    const QModelIndex current = m_ui->contactsView->selectionModel()->currentIndex();
    if (!current.isValid())
        return;

    openResyncDialog(current.data(ContactsModel::ProspectIdRole).toLongLong());
}

ResyncDialog *ContactsPage::openResyncDialog(qint64 prospectId)
{
    if (prospectId <= 0 || !m_unavailableMessage.isEmpty())
        return nullptr;

    auto *dialog = new ResyncDialog(m_controller, m_connectionName, prospectId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ResyncDialog::resyncQueued, this, [this](qint64 id, SyncParts parts) {
        emit statusMessage(parts == allSyncParts()
                               ? tr("Prospect %1 put back on the sync queue.").arg(id)
                               : tr("Prospect %1 put back on the sync queue for: %2.").arg(id).arg(scopeText(parts)));
        reload(true);
    });
    dialog->open();
    return dialog;
}

// The prospects the Failed filter shows: failed and not queued again.
QList<qint64> ContactsPage::failedProspectIds() const
{
    QList<qint64> ids;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT s.prospect_id FROM sync_state s LEFT JOIN sync_queue q "
                                   "ON q.prospect_id = s.prospect_id WHERE s.status = 'failed' "
                                   "AND q.prospect_id IS NULL ORDER BY s.prospect_id"))) {
        qCWarning(lcGui) << "reading the failed prospects failed:" << query.lastError().text();
        return ids;
    }

    while (query.next())
        ids << query.value(0).toLongLong();
    return ids;
}

void ContactsPage::runEmptyAction()
{
    if (m_model->counts().total == 0) {
        emit importRequested();
        return;
    }

    m_ui->searchEdit->clear();
    m_ui->statusFilterCombo->setCurrentIndex(0);
    applySearch();
}

void ContactsPage::updateCounts()
{
    const ContactCounts counts = m_model->counts();
    const QLocale locale;

    QStringList parts;
    parts << (counts.total == 1 ? tr("1 prospect") : tr("%1 prospects").arg(locale.toString(counts.total)));
    parts << tr("%1 synced").arg(locale.toString(counts.synced));
    parts << tr("%1 queued").arg(locale.toString(counts.queued));
    if (counts.failed > 0)
        parts << tr("%1 failed").arg(locale.toString(counts.failed));

    const int shown = m_model->matchingCount();
    if (shown != counts.total)
        parts << tr("%1 shown").arg(locale.toString(shown));

    m_ui->countLabel->setText(parts.join(QStringLiteral(" · ")));
}

void ContactsPage::updateEmptyState()
{
    if (!m_unavailableMessage.isEmpty()) {
        m_ui->emptyTitleLabel->setText(tr("The contact list is not available"));
        m_ui->emptyHintLabel->setText(m_unavailableMessage);
        m_ui->emptyActionButton->hide();
        m_ui->viewStack->setCurrentWidget(m_ui->emptyPage);
        return;
    }

    if (m_model->rowCount() > 0) {
        m_ui->viewStack->setCurrentWidget(m_ui->tablePage);
        return;
    }

    applyEmptyStateTitleFont(m_ui->emptyTitleLabel);
    m_ui->emptyActionButton->show();

    if (m_model->counts().total == 0) {
        m_ui->emptyTitleLabel->setText(tr("No prospects yet"));
        m_ui->emptyHintLabel->setText(
            tr("Import a CSV file of prospects to fill this list. Every new prospect goes on the sync queue."));
        m_ui->emptyActionButton->setText(tr("&Import CSV…"));
    } else {
        m_ui->emptyTitleLabel->setText(tr("No matching prospects"));
        m_ui->emptyHintLabel->setText(tr("No prospect matches the search and the status filter."));
        m_ui->emptyActionButton->setText(tr("C&lear search and filter"));
    }
    m_ui->emptyActionButton->setAccessibleName(m_ui->emptyActionButton->text().remove(QLatin1Char('&')));
    m_ui->viewStack->setCurrentWidget(m_ui->emptyPage);
}

void ContactsPage::updateButtons()
{
    const bool available = m_unavailableMessage.isEmpty();
    const bool hasSelection = m_ui->contactsView->selectionModel()->hasSelection();
    m_ui->resyncButton->setEnabled(available && hasSelection);
    m_ui->resyncAllButton->setEnabled(available && m_model->counts().total > 0);
    m_resyncFailedButton->setEnabled(available && m_model->counts().failed > 0);
    m_ui->searchEdit->setEnabled(available);
    m_ui->statusFilterCombo->setEnabled(available);

    const QList<QAction *> actions = m_ui->contactsView->actions();
    for (QAction *action : actions)
        action->setEnabled(available && hasSelection);
}

void ContactsPage::copySelected(int column)
{
    const QModelIndexList rows = m_ui->contactsView->selectionModel()->selectedRows(column);
    QStringList values;
    for (const QModelIndex &index : rows) {
        const QString value = index.data().toString();
        if (!value.isEmpty())
            values << value;
    }

    if (values.isEmpty())
        return;

    QGuiApplication::clipboard()->setText(values.join(QLatin1Char('\n')));
}

void ContactsPage::showCurrentProspect()
{
    const QModelIndex current = m_ui->contactsView->selectionModel()->currentIndex();
    const qint64 prospectId = current.isValid() ? current.data(ContactsModel::ProspectIdRole).toLongLong() : 0;
    if (prospectId != m_detailPane->prospectId())
        m_detailPane->showProspect(prospectId);
}

void ContactsPage::updateHubSpotStatus(const QString &providerKey)
{
    if (providerKey != QLatin1String("hubspot"))
        return;

    m_detailPane->setHubSpotStatus(m_controller->provider(providerKey));
}

void ContactsPage::applyTitleFont()
{
    applyPageTitleFont(m_ui->titleLabel);
}

QList<qint64> ContactsPage::selectedProspectIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_ui->contactsView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        ids << index.data(ContactsModel::ProspectIdRole).toLongLong();

    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace Breezee
