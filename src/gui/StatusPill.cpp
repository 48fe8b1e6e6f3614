#include "StatusPill.h"

#include <QPainter>
#include <QPainterPath>

namespace Breezee {

namespace {

const int kHorizontalPadding = 10;
const int kVerticalPadding = 3;
const int kDotGap = 6;

int dotDiameter(const QFontMetrics &metrics)
{
    return qMax(6, metrics.height() / 2 - 1);
}

} // namespace

StatusPill::StatusPill(QWidget *parent)
    : QLabel(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void StatusPill::setState(const QString &text, Tone tone)
{
    m_tone = tone;
    setText(text);
    setAccessibleName(tr("Status: %1").arg(text));
    updateGeometry();
    update();
}

QSize StatusPill::sizeHint() const
{
    const QFontMetrics metrics(font());
    const int width = kHorizontalPadding * 2 + dotDiameter(metrics) + kDotGap
        + metrics.horizontalAdvance(text());
    const int height = metrics.height() + kVerticalPadding * 2;
    return {width, height};
}

QSize StatusPill::minimumSizeHint() const
{
    return sizeHint();
}

void StatusPill::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);

    const QColor accent = toneColour(m_tone, palette());
    const bool dark = isDarkPalette(palette());

    QColor fill = accent;
    fill.setAlphaF(dark ? 0.22 : 0.12);
    QColor border = accent;
    border.setAlphaF(dark ? 0.55 : 0.45);

    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath path;
    path.addRoundedRect(frame, frame.height() / 2, frame.height() / 2);
    painter.fillPath(path, fill);
    painter.setPen(QPen(border, 1));
    painter.drawPath(path);

    const QFontMetrics metrics(font());
    const int diameter = dotDiameter(metrics);
    const QRectF dot(kHorizontalPadding, (height() - diameter) / 2.0, diameter, diameter);
    painter.setPen(Qt::NoPen);
    painter.setBrush(accent);
    painter.drawEllipse(dot);

    const QColor textColour = m_tone == Tone::Neutral || m_tone == Tone::Muted
        ? accent
        : (dark ? accent.lighter(115) : accent.darker(115));
    painter.setPen(textColour);
    const QRect textRect = rect().adjusted(kHorizontalPadding + diameter + kDotGap, 0, -kHorizontalPadding, 0);
    painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, text());
}

} // namespace Breezee
