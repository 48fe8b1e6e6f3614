#include "Icons.h"

#include <QFile>
#include <QFontDatabase>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QSvgRenderer>

namespace Breezee::Icons {

namespace {

const int kIconSizes[] = {16, 20, 24, 32, 48, 64, 128};

QString resourcePath(const QString &name)
{
    return QStringLiteral(":/icons/%1.svg").arg(name);
}

// Renders the SVG at every standard size. QSvgRenderer is used directly
// rather than QIcon(path), so the icons do not depend on finding the
// SVG icon engine plugin at run time.
QIcon renderSvg(const QString &path, const QColor &tint = {}, const QColor &selectedTint = {})
{
    QSvgRenderer renderer(path);
    if (!renderer.isValid())
        return {};

    auto render = [&](int size, const QColor &colour) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);

        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter);

        if (colour.isValid()) {
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
            painter.fillRect(pixmap.rect(), colour);
        }
        return pixmap;
    };

    QIcon icon;
    for (int size : kIconSizes) {
        icon.addPixmap(render(size, tint), QIcon::Normal);
        if (selectedTint.isValid())
            icon.addPixmap(render(size, selectedTint), QIcon::Selected);
    }
    return icon;
}

QIcon letterBadge(const QString &displayName)
{
    const QString letter = displayName.isEmpty() ? QStringLiteral("?") : displayName.left(1).toUpper();

    QIcon icon;
    for (int size : kIconSizes) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);

        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        QPainterPath square;
        square.addRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), size * 0.23, size * 0.23);
        painter.fillPath(square, QColor(0x6b, 0x72, 0x80));

        QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
        font.setBold(true);
        font.setPixelSize(qMax(6, size / 2));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(pixmap.rect(), Qt::AlignCenter, letter);
        painter.end();

        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

QIcon appIcon()
{
    static const QIcon icon = renderSvg(resourcePath(QStringLiteral("breezee")));
    return icon;
}

QIcon providerBadge(const QString &providerKey, const QString &displayName)
{
    const QString path = resourcePath(QStringLiteral("providers/") + providerKey);
    if (!QFile::exists(path))
        return letterBadge(displayName);

    return renderSvg(path);
}

QIcon themedIcon(const QString &name, const QPalette &palette)
{
    return renderSvg(resourcePath(name), palette.color(QPalette::WindowText),
                     palette.color(QPalette::HighlightedText));
}

QIcon colourIcon(const QString &name)
{
    return renderSvg(resourcePath(name));
}

QIcon statusDot(const QColor &colour)
{
    static QHash<QRgb, QIcon> cache;
    const auto cached = cache.constFind(colour.rgba());
    if (cached != cache.constEnd())
        return *cached;

    QIcon icon;
    for (int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);

        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        const qreal diameter = size * 0.5;
        painter.drawEllipse(QRectF((size - diameter) / 2, (size - diameter) / 2, diameter, diameter));
        painter.end();

        icon.addPixmap(pixmap);
    }

    cache.insert(colour.rgba(), icon);
    return icon;
}

} // namespace Breezee::Icons
