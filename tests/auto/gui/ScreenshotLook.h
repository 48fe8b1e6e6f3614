#pragma once

#include <QApplication>
#include <QColor>
#include <QDir>
#include <QLocale>
#include <QPalette>
#include <QStyleFactory>
#include <QTranslator>
#include <QWidget>

namespace GuiTest {

// The dark palette of the screenshots, close to a dark desktop theme.
inline QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    palette.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
    palette.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7b, 0xd9));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Mid, QColor(0x4a, 0x4d, 0x53));
    palette.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x42));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    palette.setColor(QPalette::Light, QColor(0x50, 0x53, 0x59));
    palette.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3c));
    palette.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa3, 0xa8));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x82, 0x87));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x82, 0x87));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x82, 0x87));
    return palette;
}

// Dialogs that need a HubSpot connection are captured by their GUI tests.
// With BREEZEE_SCREENSHOT_DIR set, a test saves them there, in the language
// of BREEZEE_SCREENSHOT_LANGUAGE ("de" or English) and, with
// BREEZEE_SCREENSHOT_PALETTE=dark, on the dark palette. Such a run is for
// pictures: assertions on English texts may fail in German.
inline bool screenshotsRequested()
{
    return qEnvironmentVariableIsSet("BREEZEE_SCREENSHOT_DIR");
}

inline QString screenshotSuffix()
{
    QString suffix;
    if (qEnvironmentVariable("BREEZEE_SCREENSHOT_PALETTE") == QLatin1String("dark"))
        suffix += QStringLiteral("-dark");
    else
        suffix += QStringLiteral("-light");
    const QString language = qEnvironmentVariable("BREEZEE_SCREENSHOT_LANGUAGE");
    if (!language.isEmpty() && language != QLatin1String("en"))
        suffix += QLatin1Char('-') + language;
    return suffix;
}

// Applies the requested language and palette. Call it once, first.
inline void applyScreenshotLook()
{
    if (!screenshotsRequested())
        return;

    const QString language = qEnvironmentVariable("BREEZEE_SCREENSHOT_LANGUAGE");
    if (!language.isEmpty() && language != QLatin1String("en")) {
        static QTranslator translator;
        if (translator.load(QStringLiteral(":/i18n/breezee_%1.qm").arg(language))) {
            QCoreApplication::installTranslator(&translator);
            QLocale::setDefault(QLocale(language));
        }
    }
    if (qEnvironmentVariable("BREEZEE_SCREENSHOT_PALETTE") == QLatin1String("dark")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }
}

// Saves the widget as NAME<suffix>.png when screenshots are requested.
inline void saveScreenshot(QWidget *widget, const QString &name)
{
    if (!screenshotsRequested() || !widget)
        return;
    const QDir directory(qEnvironmentVariable("BREEZEE_SCREENSHOT_DIR"));
    widget->grab().save(directory.filePath(name + screenshotSuffix() + QStringLiteral(".png")));
}

} // namespace GuiTest
