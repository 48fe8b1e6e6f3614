#include "SyncActivityPanel.h"

#include "PageStyle.h"
#include "ThroughputSparkline.h"

#include <QBoxLayout>
#include <QEvent>
#include <QLabel>
#include <QProgressBar>

namespace Breezee {

namespace {

const int kProgressBarHeight = 8;

} // namespace

SyncActivityPanel::SyncActivityPanel(QWidget *parent)
    : QWidget(parent)
    , m_stateLabel(new QLabel(this))
    , m_timeLeftLabel(new QLabel(this))
    , m_progressBar(new QProgressBar(this))
    , m_countsLabel(new QLabel(this))
    , m_sparklineLabel(new QLabel(this))
    , m_sparkline(new ThroughputSparkline(this))
{
    setObjectName(QStringLiteral("syncActivityPanel"));
    m_stateLabel->setObjectName(QStringLiteral("syncStateLabel"));
    m_timeLeftLabel->setObjectName(QStringLiteral("syncTimeLeftLabel"));
    m_progressBar->setObjectName(QStringLiteral("syncProgressBar"));
    m_countsLabel->setObjectName(QStringLiteral("syncCountsLabel"));
    m_sparkline->setObjectName(QStringLiteral("throughputSparkline"));

    QFont stateFont = m_stateLabel->font();
    stateFont.setBold(true);
    m_stateLabel->setFont(stateFont);
    m_stateLabel->setWordWrap(true);
    m_timeLeftLabel->setForegroundRole(QPalette::PlaceholderText);
    m_timeLeftLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_countsLabel->setForegroundRole(QPalette::PlaceholderText);
    m_countsLabel->setWordWrap(true);
    m_sparklineLabel->setForegroundRole(QPalette::PlaceholderText);
    m_sparklineLabel->setWordWrap(true);

    m_progressBar->setTextVisible(false);
    m_progressBar->setFixedHeight(kProgressBarHeight);

    auto *stateRow = new QHBoxLayout;
    stateRow->setContentsMargins(0, 0, 0, 0);
    stateRow->addWidget(m_stateLabel, 1);
    stateRow->addWidget(m_timeLeftLabel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->setSpacing(4);
    layout->addLayout(stateRow);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_countsLabel);
    layout->addSpacing(2);
    layout->addWidget(m_sparkline);
    layout->addWidget(m_sparklineLabel);

    applyActivity();
}

void SyncActivityPanel::setActivity(const SyncActivity &activity)
{
    m_activity = activity;
    applyActivity();
}

QString SyncActivityPanel::stateText() const
{
    return m_stateLabel->text();
}

QString SyncActivityPanel::countsText() const
{
    return m_countsLabel->isVisibleTo(this) ? m_countsLabel->text() : QString();
}

QString SyncActivityPanel::timeLeftText() const
{
    return m_timeLeftLabel->isVisibleTo(this) ? m_timeLeftLabel->text() : QString();
}

void SyncActivityPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);

    if (event->type() == QEvent::LanguageChange)
        applyActivity();
    else if (event->type() == QEvent::PaletteChange)
        applyStateColour();
}

void SyncActivityPanel::applyActivity()
{
    const SyncActivity &activity = m_activity;
    setVisible(activity.state != SyncActivity::State::Hidden);

    m_stateLabel->setText(activity.stateText());
    applyStateColour();

    const QString timeLeft = Breezee::timeLeftText(activity.remainingMs);
    m_timeLeftLabel->setText(timeLeft);
    m_timeLeftLabel->setVisible(activity.hasProgress() && !timeLeft.isEmpty());

    const bool progress = activity.hasProgress();
    m_progressBar->setVisible(progress);
    m_progressBar->setRange(0, qMax(1, activity.total));
    m_progressBar->setValue(qMin(activity.done(), qMax(1, activity.total)));
    m_progressBar->setAccessibleName(tr("Sync progress"));
    m_progressBar->setAccessibleDescription(activity.countsText());

    // Counts stay after a run, until the next one starts.
    const bool runOrIdle = activity.isRunning() || activity.state == SyncActivity::State::Idle;
    const bool counts = runOrIdle && (activity.done() > 0 || progress);
    m_countsLabel->setText(activity.countsText());
    m_countsLabel->setVisible(counts);

    updateSparkline();
}

void SyncActivityPanel::updateSparkline()
{
    const SyncActivity &activity = m_activity;
    const bool requests = !activity.requests.isEmpty();
    const QList<int> &values = requests ? activity.requests : activity.throughput;
    const bool show = activity.isRunning() && !values.isEmpty();

    m_sparkline->setVisible(show);
    m_sparklineLabel->setVisible(show);
    if (!show)
        return;

    if (requests) {
        m_sparkline->setValues(values, tr("requests"));
        m_sparkline->setBudget(activity.requestBudget);
        m_sparklineLabel->setText(tr("Requests per 10 s over the last 5 minutes; the dashed line is the budget of "
                                     "%1 per 10 s.")
                                      .arg(activity.requestBudget));
        return;
    }

    m_sparkline->setValues(values, tr("prospects"));
    m_sparkline->setBudget(0);
    m_sparklineLabel->setText(tr("Prospects synced per 10 s over the last 5 minutes"));
}

void SyncActivityPanel::applyStateColour()
{
    // A style sheet colour, because the provider card's style sheet would
    // override a palette set on the label.
    // Setting a style sheet polishes the widget again, so an unchanged one
    // is left alone on the frequent progress updates.
    const QColor colour = toneColour(m_activity.tone(), palette());
    const QString style = QStringLiteral("color: %1;").arg(colour.name());
    if (m_stateLabel->styleSheet() != style)
        m_stateLabel->setStyleSheet(style);
    applyProgressBarStyle(m_progressBar);
}

} // namespace Breezee
