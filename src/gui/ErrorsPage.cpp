#include "ErrorsPage.h"

#include "CsvExport.h"
#include "PageStyle.h"
#include "StatusTone.h"
#include "common/Logging.h"
#include "integration/IntegrationController.h"
#include "ui_ErrorsPage.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace Breezee {

namespace {

const int kProspectIdRole = Qt::UserRole + 1;
const int kMessageRole = Qt::UserRole + 2;

std::optional<qint64> dataVersion(const QString &connectionName)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isOpen() || db.driverName() != QLatin1String("QSQLITE"))
        return std::nullopt;

    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA data_version")) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

QString csvFileName(const QString &stem)
{
    return QStringLiteral("%1-%2.csv").arg(stem, QDate::currentDate().toString(Qt::ISODate));
}

} // namespace

ErrorsPage::ErrorsPage(IntegrationController *controller, QString connectionName, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ErrorsPage>())
    , m_controller(controller)
    , m_connectionName(std::move(connectionName))
{
    m_ui->setupUi(this);
    m_ui->countLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->introLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->emptyHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->errorLabel->hide();
    m_ui->messageEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->groupsSplitter->setStretchFactor(0, 1);
    m_ui->groupsSplitter->setStretchFactor(1, 3);
    m_ui->groupsSplitter->setSizes({260, 780});

    QHeaderView *header = m_ui->prospectsTree->header();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(0, 160);
    header->resizeSection(1, 220);
    header->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_ui->prospectsTree->setStyleSheet(QStringLiteral("QTreeView::item { padding: 3px 2px; }"));
    m_ui->groupList->setStyleSheet(QStringLiteral("QListWidget::item { padding: 6px 4px; }"));
    applyFonts();

    m_refreshTimer.setInterval(kRefreshIntervalMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ErrorsPage::reloadIfChanged);
    connect(m_ui->groupList, &QListWidget::currentRowChanged, this, &ErrorsPage::showGroup);
    connect(m_ui->prospectsTree, &QTreeWidget::currentItemChanged, this, &ErrorsPage::showSelectedMessage);
    connect(m_ui->prospectsTree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        emit prospectActivated(item->data(0, kProspectIdRole).toLongLong());
    });
    connect(m_ui->retryGroupButton, &QPushButton::clicked, this, &ErrorsPage::retryCurrentGroup);
    connect(m_ui->exportGroupButton, &QPushButton::clicked, this,
            [this] { chooseAndExport(currentGroup()); });
    connect(m_ui->exportAllButton, &QPushButton::clicked, this, [this] { chooseAndExport(std::nullopt); });

    updateCount();
    updateEmptyState();
}

ErrorsPage::~ErrorsPage() = default;

void ErrorsPage::setUnavailable(const QString &message)
{
    m_unavailableMessage = message;
    m_refreshTimer.stop();
    m_ui->exportAllButton->setEnabled(false);
    updateEmptyState();
}

void ErrorsPage::reload()
{
    if (!m_unavailableMessage.isEmpty())
        return;

    m_dataVersion = dataVersion(m_connectionName);
    const Result<FailureReport> report = loadFailureReport(QSqlDatabase::database(m_connectionName, false));
    if (!report.ok()) {
        qCWarning(lcGui) << "reading the failed prospects failed:" << report.error().code;
        showResult(report.error());
        return;
    }

    showResult(std::nullopt);
    m_report = report.value();
    m_loaded = true;
    populateGroups();
    updateCount();
    updateEmptyState();
}

int ErrorsPage::currentGroup() const
{
    return m_ui->groupList->currentRow();
}

void ErrorsPage::setCurrentGroup(int group)
{
    m_ui->groupList->setCurrentRow(group);
}

QString ErrorsPage::fixText() const
{
    return m_ui->fixLabel->text();
}

QString ErrorsPage::messageText() const
{
    return m_ui->messageEdit->toPlainText();
}

void ErrorsPage::retryCurrentGroup()
{
    const int group = currentGroup();
    if (group < 0 || group >= m_report.groups.size())
        return;

    const QList<qint64> ids = m_report.groups.at(group).prospectIds();
    qCInfo(lcGui) << "retrying" << ids.size() << "failed prospects of one group";
    m_controller->resync(ids);
    emit statusMessage(ids.size() == 1 ? tr("1 failed prospect put back on the sync queue.")
                                       : tr("%1 failed prospects put back on the sync queue.")
                                             .arg(QLocale().toString(ids.size())));
    reload();
}

Status ErrorsPage::exportGroupCsv(int group, const QString &path) const
{
    if (group < 0 || group >= m_report.groups.size())
        return Error{QStringLiteral("no_group"), tr("Choose a group of failures to export.")};

    return writeCsvFile(path, failureCsvHeader(), failureCsvRows({m_report.groups.at(group)}));
}

Status ErrorsPage::exportAllCsv(const QString &path) const
{
    return writeCsvFile(path, failureCsvHeader(), failureCsvRows(m_report.groups));
}

void ErrorsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);

    if (!m_unavailableMessage.isEmpty())
        return;

    reload();
    m_refreshTimer.start();
}

void ErrorsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refreshTimer.stop();
}

void ErrorsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);

    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        populateGroups();
        updateCount();
        updateEmptyState();
    } else if (event->type() == QEvent::FontChange) {
        applyFonts();
    }
}

void ErrorsPage::reloadIfChanged()
{
    const std::optional<qint64> version = dataVersion(m_connectionName);
    if (m_loaded && version.has_value() && version == m_dataVersion)
        return;

    reload();
}

void ErrorsPage::populateGroups()
{
    // The chosen kind stays chosen when the groups are read again.
    const QListWidgetItem *previous = m_ui->groupList->currentItem();
    const int previousKind = previous ? previous->data(Qt::UserRole).toInt() : -1;

    const QSignalBlocker blocker(m_ui->groupList);
    m_ui->groupList->clear();

    int current = m_report.groups.isEmpty() ? -1 : 0;
    for (int index = 0; index < m_report.groups.size(); ++index) {
        const FailureGroup &group = m_report.groups.at(index);
        auto *item = new QListWidgetItem(tr("%1 (%2)").arg(failureKindTitle(group.kind),
                                                          QLocale().toString(group.prospects.size())),
                                         m_ui->groupList);
        item->setData(Qt::UserRole, int(group.kind));
        if (int(group.kind) == previousKind)
            current = index;
    }

    m_ui->groupList->setCurrentRow(current);
    showGroup(current);
}

void ErrorsPage::showGroup(int group)
{
    const bool valid = group >= 0 && group < m_report.groups.size();
    m_ui->retryGroupButton->setEnabled(valid);
    m_ui->exportGroupButton->setEnabled(valid);
    m_ui->prospectsTree->clear();
    if (!valid) {
        m_ui->groupTitleLabel->clear();
        m_ui->fixLabel->clear();
        m_ui->messageEdit->clear();
        return;
    }

    const FailureGroup &failures = m_report.groups.at(group);
    m_ui->groupTitleLabel->setText(failureKindTitle(failures.kind));
    m_ui->fixLabel->setText(failureKindFix(failures.kind));
    m_ui->prospectsHeading->setText(tr("Prospects affected (%1)").arg(QLocale().toString(failures.prospects.size())));
    m_ui->retryGroupButton->setAccessibleName(tr("Retry the %1 prospects of this group")
                                                  .arg(QLocale().toString(failures.prospects.size())));

    QList<QTreeWidgetItem *> items;
    items.reserve(failures.prospects.size());
    for (const FailedProspect &prospect : failures.prospects) {
        const QString when = prospect.lastAttemptAt.isValid()
            ? QLocale().toString(prospect.lastAttemptAt.toLocalTime(), QLocale::ShortFormat)
            : QString();
        auto *item = new QTreeWidgetItem(QStringList{prospect.name, prospect.email, when,
                                                     prospect.message.simplified()});
        item->setData(0, kProspectIdRole, prospect.prospectId);
        item->setData(0, kMessageRole, prospect.message);
        item->setToolTip(3, prospect.message);
        items << item;
    }
    m_ui->prospectsTree->addTopLevelItems(items);
    m_ui->prospectsTree->setCurrentItem(items.value(0));
    showSelectedMessage();
}

void ErrorsPage::showSelectedMessage()
{
    const QTreeWidgetItem *item = m_ui->prospectsTree->currentItem();
    if (!item) {
        m_ui->messageEdit->clear();
        return;
    }

    const QString message = item->data(0, kMessageRole).toString();
    m_ui->messageEdit->setPlainText(message.isEmpty() ? tr("No message was recorded.") : hubSpotMessage(message));
}

void ErrorsPage::updateCount()
{
    const QLocale locale;
    const int failed = m_report.failedCount();
    QString text = failed == 1 ? tr("1 failed prospect") : tr("%1 failed prospects").arg(locale.toString(failed));
    if (m_report.queuedForRetry > 0)
        text += QStringLiteral(" · ") + tr("%1 queued for another try").arg(locale.toString(m_report.queuedForRetry));
    m_ui->countLabel->setText(text);
    m_ui->exportAllButton->setEnabled(m_unavailableMessage.isEmpty() && failed > 0);
}

void ErrorsPage::updateEmptyState()
{
    applyEmptyStateTitleFont(m_ui->emptyTitleLabel);

    if (!m_unavailableMessage.isEmpty()) {
        m_ui->emptyTitleLabel->setText(tr("The errors are not available"));
        m_ui->emptyHintLabel->setText(m_unavailableMessage);
        m_ui->viewStack->setCurrentWidget(m_ui->emptyPage);
        return;
    }

    if (!m_report.groups.isEmpty()) {
        m_ui->viewStack->setCurrentWidget(m_ui->groupsSplitter);
        return;
    }

    m_ui->emptyTitleLabel->setText(tr("No failed prospects"));
    m_ui->emptyHintLabel->setText(m_report.queuedForRetry > 0
                                      ? tr("Every prospect that failed is queued for another try.")
                                      : tr("Prospects appear here when HubSpot rejects them or the sync "
                                           "cannot send them."));
    m_ui->viewStack->setCurrentWidget(m_ui->emptyPage);
}

void ErrorsPage::showResult(const Status &status)
{
    m_ui->errorLabel->setVisible(status.has_value());
    if (!status)
        return;

    QPalette palette = m_ui->errorLabel->palette();
    palette.setColor(QPalette::WindowText, toneColour(Tone::Danger, this->palette()));
    m_ui->errorLabel->setPalette(palette);
    m_ui->errorLabel->setText(status->message);
}

void ErrorsPage::chooseAndExport(std::optional<int> group)
{
    const QString stem = group ? QStringLiteral("breezee-failures-group") : QStringLiteral("breezee-failures");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export failures as CSV"),
                                                      QDir::home().filePath(csvFileName(stem)),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;

    const Status status = group ? exportGroupCsv(*group, path) : exportAllCsv(path);
    if (status) {
        QMessageBox::warning(this, tr("Export failures as CSV"), status->message);
        return;
    }
    emit statusMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
}

void ErrorsPage::applyFonts()
{
    applyPageTitleFont(m_ui->titleLabel);
    applyEmptyStateTitleFont(m_ui->groupTitleLabel);

    QFont heading = font();
    heading.setBold(true);
    for (QLabel *label : {m_ui->fixHeading, m_ui->messageHeading, m_ui->prospectsHeading})
        label->setFont(heading);
}

} // namespace Breezee
