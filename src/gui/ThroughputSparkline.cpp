#include "ThroughputSparkline.h"

#include "StatusTone.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace Breezee {

namespace {

const int kPreferredWidth = 240;
const int kMinimumWidth = 90;
const int kBarGap = 1;

} // namespace

ThroughputSparkline::ThroughputSparkline(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Throughput"));
    updateAccessibleText();
}

void ThroughputSparkline::setValues(const QList<int> &values, const QString &unit)
{
    if (values == m_values && unit == m_unit)
        return;

    m_values = values;
    m_unit = unit;
    updateAccessibleText();
    update();
}

void ThroughputSparkline::setBudget(int budget)
{
    if (budget == m_budget)
        return;

    m_budget = qMax(0, budget);
    updateAccessibleText();
    update();
}

int ThroughputSparkline::scaleMaximum() const
{
    const int largest = m_values.isEmpty() ? 0 : *std::max_element(m_values.cbegin(), m_values.cend());
    return qMax(1, qMax(largest, m_budget));
}

QSize ThroughputSparkline::sizeHint() const
{
    return {kPreferredWidth, fontMetrics().height() * 2 + 4};
}

QSize ThroughputSparkline::minimumSizeHint() const
{
    return {kMinimumWidth, fontMetrics().height() * 2 + 4};
}

void ThroughputSparkline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRectF area = QRectF(rect()).adjusted(0.5, 2.5, -0.5, -0.5);

    // A faint baseline, so an empty chart still reads as a chart.
    QColor baseline = palette().color(QPalette::Mid);
    painter.setPen(QPen(baseline, 1));
    painter.drawLine(area.bottomLeft(), area.bottomRight());

    if (m_values.isEmpty())
        return;

    const double scale = area.height() / scaleMaximum();
    const double slot = area.width() / m_values.size();
    const QColor bar = toneColour(Tone::Progress, palette());
    for (int index = 0; index < m_values.size(); ++index) {
        const double height = m_values.at(index) * scale;
        if (height <= 0)
            continue;
        const QRectF rect(area.left() + index * slot, area.bottom() - height, qMax(1.0, slot - kBarGap), height);
        painter.fillRect(rect, bar);
    }

    if (m_budget <= 0)
        return;

    // The budget line sits on top of the bars, so a full bar meets it.
    const double y = area.bottom() - m_budget * scale;
    QPen budgetPen(toneColour(Tone::Warning, palette()), 1.5, Qt::DashLine);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(budgetPen);
    painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
}

void ThroughputSparkline::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);

    if (event->type() == QEvent::LanguageChange) {
        setAccessibleName(tr("Throughput"));
        updateAccessibleText();
    }
}

void ThroughputSparkline::updateAccessibleText()
{
    const QLocale locale;
    const int last = m_values.isEmpty() ? 0 : m_values.last();
    const int peak = m_values.isEmpty() ? 0 : *std::max_element(m_values.cbegin(), m_values.cend());

    QString text = tr("%1 %2 in the last 10 seconds, at most %3 per 10 seconds")
                       .arg(locale.toString(last), m_unit, locale.toString(peak));
    if (m_budget > 0)
        text += QLatin1Char(' ') + tr("(budget %1 per 10 seconds)").arg(locale.toString(m_budget));
    setAccessibleDescription(text);
    setToolTip(text);
}

} // namespace Breezee
