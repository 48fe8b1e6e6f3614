#include "ActivityPage.h"

#include "ActivityModel.h"
#include "CsvExport.h"
#include "Icons.h"
#include "StatusTone.h"
#include "PageStyle.h"
#include "ui_ActivityPage.h"

#include <QAction>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QMessageBox>
#include <QLocale>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>

namespace Breezee {

namespace {

struct LevelFilterItem {
    const char *text;
    LogLevel minimumLevel;
};

const LevelFilterItem kLevelFilterItems[] = {
    {QT_TRANSLATE_NOOP("Breezee::ActivityPage", "All levels"), LogLevel::Info},
    {QT_TRANSLATE_NOOP("Breezee::ActivityPage", "Warnings and errors"), LogLevel::Warning},
    {QT_TRANSLATE_NOOP("Breezee::ActivityPage", "Errors only"), LogLevel::Error},
};

const int kSearchDelayMs = 200;

const char *const kHeaderKey = "header";
const char *const kLevelKey = "level";
const char *const kKindKey = "kind";

} // namespace

ActivityPage::ActivityPage(const QString &connectionName, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ActivityPage>())
    , m_model(new ActivityModel(connectionName, this))
    , m_filterModel(new ActivityFilterModel(this))
{
    m_ui->setupUi(this);
    m_ui->countLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->emptyHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->errorLabel->hide();
    applyTitleFont();

    m_ui->searchEdit->addAction(Icons::themedIcon(QStringLiteral("search"), palette()),
                                QLineEdit::LeadingPosition);

    m_filterModel->setSourceModel(m_model);
    setUpView();
    setUpLevelFilter();
    setUpKindFilter();
    setUpActions();

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(kSearchDelayMs);
    connect(&m_searchDelay, &QTimer::timeout, this, &ActivityPage::applyQueryFilter);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, &ActivityPage::applyQueryFilter);
    connect(m_ui->prospectFilterButton, &QToolButton::clicked, this, [this] { setProspectFilter(0); });
    connect(m_ui->exportButton, &QPushButton::clicked, this, &ActivityPage::chooseAndExport);
    connect(m_ui->activityView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 prospectId = index.data(ActivityModel::ProspectIdRole).toLongLong();
        if (prospectId > 0)
            emit prospectActivated(prospectId);
    });
    updateProspectFilterButton();

    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &ActivityPage::poll);
    connect(m_ui->pauseButton, &QPushButton::clicked, this, [this] { setPaused(!m_paused); });

    updateLiveState();
    updateCount();
    updateEmptyState();
}

ActivityPage::~ActivityPage() = default;

QTableView *ActivityPage::view() const
{
    return m_ui->activityView;
}

void ActivityPage::setPaused(bool paused)
{
    if (paused == m_paused)
        return;

    m_paused = paused;
    updateLiveState();
    updatePollTimer();

    if (!m_paused && isVisible())
        poll();
}

void ActivityPage::setUnavailable(const QString &message)
{
    m_unavailableMessage = message;
    m_ui->pauseButton->setEnabled(false);
    m_ui->levelFilterCombo->setEnabled(false);
    m_ui->kindFilterCombo->setEnabled(false);
    m_ui->searchEdit->setEnabled(false);
    m_ui->exportButton->setEnabled(false);
    updatePollTimer();
    updateLiveState();
    updateEmptyState();
}

void ActivityPage::poll()
{
    if (!m_unavailableMessage.isEmpty())
        return;

    // New entries arrive at the top. When the log is scrolled down, the
    // first visible entry stays where it is instead of sliding away.
    QTableView *view = m_ui->activityView;
    qint64 anchorId = 0;
    int anchorRow = -1;
    if (view->verticalScrollBar()->value() > 0) {
        anchorRow = view->rowAt(0);
        if (anchorRow >= 0)
            anchorId = m_filterModel->index(anchorRow, 0).data(ActivityModel::EntryIdRole).toLongLong();
    }

    const Result<int> added = m_model->poll();
    if (!added.ok()) {
        showResult(added.error());
        return;
    }
    showResult(std::nullopt);

    if (added.value() == 0)
        return;

    if (anchorRow >= 0) {
        const int sourceRow = m_model->rowOfEntry(anchorId);
        const QModelIndex index = m_filterModel->mapFromSource(m_model->index(sourceRow, 0));
        if (index.isValid())
            view->scrollTo(index, QAbstractItemView::PositionAtTop);
    }

    updateCount();
    updateEmptyState();
}

void ActivityPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);

    if (!m_paused)
        poll();
    updatePollTimer();
}

void ActivityPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_pollTimer.stop();
}

void ActivityPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);

    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        for (int index = 0; index < m_ui->levelFilterCombo->count(); ++index)
            m_ui->levelFilterCombo->setItemText(index, tr(kLevelFilterItems[index].text));
        m_ui->kindFilterCombo->setItemText(0, tr("All kinds"));
        for (int index = 1; index < m_ui->kindFilterCombo->count(); ++index)
            m_ui->kindFilterCombo->setItemText(
                index, ActivityModel::kindText(m_ui->kindFilterCombo->itemData(index).toString()));
        updateProspectFilterButton();
        updateLiveState();
        updateCount();
        updateEmptyState();
    } else if (event->type() == QEvent::FontChange) {
        applyTitleFont();
    }
}

void ActivityPage::setUpView()
{
    QTableView *view = m_ui->activityView;
    view->setModel(m_filterModel);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    QHeaderView *header = view->horizontalHeader();
    header->resizeSection(ActivityModel::TimeColumn, 150);
    header->resizeSection(ActivityModel::LevelColumn, 110);
    header->resizeSection(ActivityModel::KindColumn, 110);
    header->resizeSection(ActivityModel::ProspectColumn, 250);
}

void ActivityPage::setUpLevelFilter()
{
    for (const LevelFilterItem &item : kLevelFilterItems)
        m_ui->levelFilterCombo->addItem(tr(item.text), int(item.minimumLevel));

    connect(m_ui->levelFilterCombo, &QComboBox::currentIndexChanged, this, &ActivityPage::applyLevelFilter);
}

void ActivityPage::setUpKindFilter()
{
    m_ui->kindFilterCombo->addItem(tr("All kinds"), QString());
    const QStringList kinds = ActivityModel::knownKinds();
    for (const QString &kind : kinds)
        m_ui->kindFilterCombo->addItem(ActivityModel::kindText(kind), kind);

    connect(m_ui->kindFilterCombo, &QComboBox::currentIndexChanged, this, &ActivityPage::applyQueryFilter);
}

void ActivityPage::setUpActions()
{
    auto *onlyProspect = new QAction(tr("Show only this &prospect's entries"), m_ui->activityView);
    connect(onlyProspect, &QAction::triggered, this, [this] {
        const QModelIndex index = m_ui->activityView->currentIndex();
        const qint64 prospectId = currentProspectId();
        if (prospectId > 0)
            setProspectFilter(prospectId,
                              index.siblingAtColumn(ActivityModel::ProspectColumn).data().toString());
    });

    auto *openProspect = new QAction(tr("&Open prospect in Contacts"), m_ui->activityView);
    connect(openProspect, &QAction::triggered, this, [this] {
        const qint64 prospectId = currentProspectId();
        if (prospectId > 0)
            emit prospectActivated(prospectId);
    });

    m_ui->activityView->addActions({onlyProspect, openProspect});
}

void ActivityPage::setProspectFilter(qint64 prospectId, const QString &label)
{
    m_prospectLabel = prospectId > 0 ? label : QString();
    ActivityFilter filter = m_model->filter();
    filter.prospectId = qMax<qint64>(0, prospectId);
    if (filter != m_model->filter()) {
        const Result<int> result = m_model->setFilter(filter);
        showResult(result.ok() ? Status() : Status(result.error()));
    }
    updateProspectFilterButton();
    updateCount();
    updateEmptyState();
}

qint64 ActivityPage::prospectFilter() const
{
    return m_model->filter().prospectId;
}

Status ActivityPage::exportCsv(const QString &path) const
{
    QList<QStringList> rows;
    rows.reserve(m_filterModel->rowCount());
    for (int row = 0; row < m_filterModel->rowCount(); ++row) {
        const int sourceRow = m_filterModel->mapToSource(m_filterModel->index(row, 0)).row();
        const ActivityEntry &entry = m_model->entry(sourceRow);
        rows << QStringList{csvTime(entry.at), entry.levelName, entry.kind,
                            entry.prospectId > 0 ? QString::number(entry.prospectId) : QString(),
                            entry.prospectEmail, entry.message};
    }

    const QStringList header{QStringLiteral("time"), QStringLiteral("level"), QStringLiteral("kind"),
                             QStringLiteral("prospect_id"), QStringLiteral("email"), QStringLiteral("message")};
    return writeCsvFile(path, header, rows);
}

void ActivityPage::saveSettings(QSettings &settings) const
{
    settings.setValue(QLatin1String(kHeaderKey), m_ui->activityView->horizontalHeader()->saveState());
    settings.setValue(QLatin1String(kLevelKey), m_ui->levelFilterCombo->currentData().toInt());
    settings.setValue(QLatin1String(kKindKey), m_ui->kindFilterCombo->currentData().toString());
}

void ActivityPage::restoreSettings(const QSettings &settings)
{
    const QByteArray header = settings.value(QLatin1String(kHeaderKey)).toByteArray();
    if (!header.isEmpty())
        m_ui->activityView->horizontalHeader()->restoreState(header);

    // A value that no item carries, for example from a later version,
    // leaves the filter as it is.
    const int level = m_ui->levelFilterCombo->findData(settings.value(QLatin1String(kLevelKey)));
    if (level >= 0)
        m_ui->levelFilterCombo->setCurrentIndex(level);

    const int kind = m_ui->kindFilterCombo->findData(settings.value(QLatin1String(kKindKey)).toString());
    if (kind >= 0)
        m_ui->kindFilterCombo->setCurrentIndex(kind);
}

void ActivityPage::applyQueryFilter()
{
    m_searchDelay.stop();

    ActivityFilter filter = m_model->filter();
    filter.searchText = m_ui->searchEdit->text();
    filter.kind = m_ui->kindFilterCombo->currentData().toString();
    if (filter == m_model->filter())
        return;

    const Result<int> result = m_model->setFilter(filter);
    showResult(result.ok() ? Status() : Status(result.error()));
    updateCount();
    updateEmptyState();
}

void ActivityPage::updateProspectFilterButton()
{
    const qint64 prospectId = m_model->filter().prospectId;
    m_ui->prospectFilterButton->setVisible(prospectId > 0);
    if (prospectId <= 0)
        return;

    const QString label = m_prospectLabel.isEmpty() ? tr("Prospect %1").arg(prospectId) : m_prospectLabel;
    // U+2715 is a multiplication x, the usual mark for removing a filter.
    m_ui->prospectFilterButton->setText(tr("Only %1").arg(label) + QStringLiteral("  \u2715"));
    m_ui->prospectFilterButton->setAccessibleName(tr("Remove the filter on %1").arg(label));
}

void ActivityPage::chooseAndExport()
{
    const QString name = QStringLiteral("breezee-activity-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export activity as CSV"),
                                                      QDir::home().filePath(name), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;

    if (const Status status = exportCsv(path)) {
        QMessageBox::warning(this, tr("Export activity as CSV"), status->message);
        return;
    }
    emit statusMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
}

qint64 ActivityPage::currentProspectId() const
{
    return m_ui->activityView->currentIndex().data(ActivityModel::ProspectIdRole).toLongLong();
}

void ActivityPage::applyLevelFilter()
{
    m_filterModel->setMinimumLevel(LogLevel(m_ui->levelFilterCombo->currentData().toInt()));
    updateCount();
    updateEmptyState();
}

void ActivityPage::updatePollTimer()
{
    const bool run = isVisible() && !m_paused && m_unavailableMessage.isEmpty();
    if (run && !m_pollTimer.isActive())
        m_pollTimer.start();
    else if (!run)
        m_pollTimer.stop();
}

void ActivityPage::updateLiveState()
{
    if (!m_unavailableMessage.isEmpty()) {
        m_ui->liveStatePill->setState(tr("Unavailable"), Tone::Danger);
        return;
    }

    if (m_paused) {
        m_ui->liveStatePill->setState(tr("Paused"), Tone::Warning);
        m_ui->liveStatePill->setToolTip(tr("New entries are read when you resume."));
        m_ui->pauseButton->setText(tr("&Resume"));
        m_ui->pauseButton->setAccessibleName(tr("Resume live updates"));
        return;
    }

    m_ui->liveStatePill->setState(tr("Live"), Tone::Success);
    m_ui->liveStatePill->setToolTip(tr("New entries appear as the sync writes them."));
    m_ui->pauseButton->setText(tr("&Pause"));
    m_ui->pauseButton->setAccessibleName(tr("Pause live updates"));
}

void ActivityPage::updateCount()
{
    const QLocale locale;
    const int total = m_model->rowCount();
    const int shown = m_filterModel->rowCount();

    QString text = total == 1 ? tr("1 entry") : tr("%1 entries").arg(locale.toString(total));
    if (shown != total)
        text += QStringLiteral(" · ") + tr("%1 shown").arg(locale.toString(shown));
    if (total >= m_model->maximumRows())
        text += QStringLiteral(" · ") + tr("newest %1 kept").arg(locale.toString(m_model->maximumRows()));

    m_ui->countLabel->setText(text);
}

void ActivityPage::updateEmptyState()
{
    applyEmptyStateTitleFont(m_ui->emptyTitleLabel);

    if (!m_unavailableMessage.isEmpty()) {
        m_ui->emptyTitleLabel->setText(tr("The activity log is not available"));
        m_ui->emptyHintLabel->setText(m_unavailableMessage);
        m_ui->viewStack->setCurrentWidget(m_ui->emptyPage);
        return;
    }

    if (m_filterModel->rowCount() > 0) {
        m_ui->viewStack->setCurrentWidget(m_ui->tablePage);
        return;
    }

    const ActivityFilter &filter = m_model->filter();
    const bool filtered = !filter.searchText.trimmed().isEmpty() || !filter.kind.isEmpty() || filter.prospectId > 0;
    if (m_model->rowCount() == 0 && filtered) {
        m_ui->emptyTitleLabel->setText(tr("No matching entries"));
        m_ui->emptyHintLabel->setText(tr("No entry matches the search, the kind and the prospect filter."));
    } else if (m_model->rowCount() == 0) {
        m_ui->emptyTitleLabel->setText(tr("No sync activity yet"));
        m_ui->emptyHintLabel->setText(tr("Entries appear here as soon as the sync runs."));
    } else {
        m_ui->emptyTitleLabel->setText(tr("No entries at this level"));
        m_ui->emptyHintLabel->setText(tr("Choose \"All levels\" to see every entry."));
    }
    m_ui->viewStack->setCurrentWidget(m_ui->emptyPage);
}

void ActivityPage::showResult(const Status &status)
{
    m_ui->errorLabel->setVisible(status.has_value());
    if (!status)
        return;

    QPalette palette = m_ui->errorLabel->palette();
    palette.setColor(QPalette::WindowText, toneColour(Tone::Danger, this->palette()));
    m_ui->errorLabel->setPalette(palette);
    m_ui->errorLabel->setText(status->message);
}

void ActivityPage::applyTitleFont()
{
    applyPageTitleFont(m_ui->titleLabel);
}

} // namespace Breezee
