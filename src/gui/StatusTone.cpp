#include "StatusTone.h"

#include <QCoreApplication>

namespace Breezee {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor toneColour(Tone tone, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);

    switch (tone) {
    case Tone::Neutral:
        return palette.color(QPalette::WindowText);
    case Tone::Muted:
        return palette.color(QPalette::Disabled, QPalette::WindowText);
    case Tone::Progress:
        return dark ? QColor(0x6c, 0xa8, 0xff) : QColor(0x1f, 0x5f, 0xc8);
    case Tone::Success:
        return dark ? QColor(0x5c, 0xc9, 0x7f) : QColor(0x1e, 0x7f, 0x45);
    case Tone::Warning:
        return dark ? QColor(0xf2, 0xb5, 0x4a) : QColor(0xa3, 0x5f, 0x00);
    case Tone::Danger:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x29, 0x2e);
    }
    return palette.color(QPalette::WindowText);
}

QString connectionStateText(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected:
        return QCoreApplication::translate("Breezee::StatusTone", "Disconnected");
    case ConnectionState::Connecting:
        return QCoreApplication::translate("Breezee::StatusTone", "Waiting for browser");
    case ConnectionState::Connected:
        return QCoreApplication::translate("Breezee::StatusTone", "Connected");
    case ConnectionState::TokenExpired:
        return QCoreApplication::translate("Breezee::StatusTone", "Reconnect required");
    case ConnectionState::Offline:
        return QCoreApplication::translate("Breezee::StatusTone", "Offline, retrying");
    case ConnectionState::Error:
        return QCoreApplication::translate("Breezee::StatusTone", "Error");
    }
    return QCoreApplication::translate("Breezee::StatusTone", "Unknown");
}

Tone connectionStateTone(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected:
        return Tone::Neutral;
    case ConnectionState::Connecting:
        return Tone::Progress;
    case ConnectionState::Connected:
        return Tone::Success;
    case ConnectionState::TokenExpired:
    case ConnectionState::Offline:
        return Tone::Warning;
    case ConnectionState::Error:
        return Tone::Danger;
    }
    return Tone::Neutral;
}

} // namespace Breezee
