#include "NavigationRailDelegate.h"

#include <QPainter>
#include <QPainterPath>

namespace Breezee {

namespace {

const int kHorizontalInset = 8;
const int kVerticalInset = 3;
const int kIconTop = 10;
const int kTextGap = 4;
const qreal kCornerRadius = 8.0;

} // namespace

void NavigationRailDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QStyleOptionViewItem item(option);
    initStyleOption(&item, index);

    const bool selected = item.state.testFlag(QStyle::State_Selected);
    const bool hovered = item.state.testFlag(QStyle::State_MouseOver);
    const bool focused = item.state.testFlag(QStyle::State_HasFocus);
    const QPalette &palette = item.palette;
    const QRectF tile = QRectF(item.rect).adjusted(kHorizontalInset, kVerticalInset, -kHorizontalInset,
                                                   -kVerticalInset);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    QPainterPath path;
    path.addRoundedRect(tile, kCornerRadius, kCornerRadius);
    if (selected) {
        painter->fillPath(path, palette.color(QPalette::Highlight));
    } else if (hovered) {
        QColor hover = palette.color(QPalette::Highlight);
        hover.setAlphaF(0.14);
        painter->fillPath(path, hover);
    }

    // A ring inside the tile marks keyboard focus.
    if (focused) {
        const QColor ring = selected ? palette.color(QPalette::HighlightedText)
                                     : palette.color(QPalette::Highlight);
        painter->setPen(QPen(ring, 1.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(tile.adjusted(2.5, 2.5, -2.5, -2.5), kCornerRadius - 2, kCornerRadius - 2);
    }

    const QIcon::Mode mode = selected ? QIcon::Selected : QIcon::Normal;
    const QRect iconRect(int(tile.center().x()) - kIconSize / 2, int(tile.top()) + kIconTop, kIconSize,
                         kIconSize);
    item.icon.paint(painter, iconRect, Qt::AlignCenter, mode);

    const QRect textRect(int(tile.left()) + 2, iconRect.bottom() + kTextGap, int(tile.width()) - 4,
                         int(tile.bottom()) - iconRect.bottom() - kTextGap);

    // Long labels, such as German "Integrationen" in bold, shrink a little
    // before they are elided.
    QFont font = item.font;
    font.setPointSizeF(font.pointSizeF() * 0.92);
    if (selected)
        font.setBold(true);
    const qreal smallest = font.pointSizeF() * 0.8;
    while (QFontMetrics(font).horizontalAdvance(item.text) > textRect.width() && font.pointSizeF() > smallest)
        font.setPointSizeF(font.pointSizeF() - 0.25);
    painter->setFont(font);
    painter->setPen(palette.color(selected ? QPalette::HighlightedText : QPalette::WindowText));

    const QString text = QFontMetrics(font).elidedText(item.text, Qt::ElideRight, textRect.width());
    painter->drawText(textRect, Qt::AlignHCenter | Qt::AlignTop, text);

    painter->restore();
}

QSize NavigationRailDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int width = option.widget ? option.widget->width() : option.rect.width();
    return {width, kItemHeight};
}

} // namespace Breezee
