#include "PageStyle.h"

#include <QLabel>

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

} // namespace Breezee
