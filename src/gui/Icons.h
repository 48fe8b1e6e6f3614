#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

namespace Breezee::Icons {

// The application icon, in several sizes.
QIcon appIcon();

// A provider's badge from :/icons/providers/<key>.svg. A provider without
// its own badge gets a grey rounded square with the first letter of its name.
QIcon providerBadge(const QString &providerKey, const QString &displayName);

// A monochrome icon from :/icons/<name>.svg, tinted with the palette's text
// colour and, for the Selected mode, with its highlighted-text colour, so it
// stays readable in light and dark palettes.
QIcon themedIcon(const QString &name, const QPalette &palette);

// A coloured icon from :/icons/<name>.svg, used as drawn.
QIcon colourIcon(const QString &name);

// A filled circle, used as a status dot in tables and the status bar.
QIcon statusDot(const QColor &colour);

} // namespace Breezee::Icons
