#include "PageStyle.h"

#include "StatusTone.h"

#include <QLabel>
#include <QProgressBar>

namespace Breezee {

namespace {

void applyScaledBoldFont(QLabel *label, qreal scale)
{
    QFont font = label->parentWidget() ? label->parentWidget()->font() : label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * scale);
    label->setFont(font);
}

} // namespace

void applyPageTitleFont(QLabel *label)
{
    applyScaledBoldFont(label, 1.6);
}

void applyEmptyStateTitleFont(QLabel *label)
{
    applyScaledBoldFont(label, 1.2);
}

void applyProgressBarStyle(QProgressBar *bar)
{
    const QPalette palette = bar->palette();
    const QString style = QStringLiteral(
        "QProgressBar { border: 1px solid %1; border-radius: 4px; background-color: %2; }"
        "QProgressBar::chunk { background-color: %3; border-radius: 3px; }")
        .arg(palette.color(QPalette::Mid).name(), palette.color(QPalette::Base).name(),
             toneColour(Tone::Progress, palette).name());
    if (bar->styleSheet() != style)
        bar->setStyleSheet(style);
}

} // namespace Breezee
