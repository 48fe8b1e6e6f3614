#pragma once

#include <QStyledItemDelegate>

namespace Breezee {

// Paints a navigation rail item: the icon above its label on a rounded
// highlight when selected. Colours come from the view's palette.
class NavigationRailDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static constexpr int kItemHeight = 68;
    static constexpr int kIconSize = 26;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Breezee
