// Renders one SVG file into square PNG files for the hicolor icon theme:
//   breezee-render-icon INPUT.svg OUTPUT_DIR NAME SIZE...
// writes OUTPUT_DIR/SIZExSIZE/apps/NAME.png for each SIZE.

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

#include <cstdio>

namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

bool renderIcon(QSvgRenderer &renderer, int size, const QString &file)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);

    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    renderer.render(&painter, QRectF(0, 0, size, size));
    painter.end();

    return image.save(file, "PNG");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    const QStringList arguments = app.arguments().mid(1);
    if (arguments.size() < 4) {
        err() << "usage: breezee-render-icon INPUT.svg OUTPUT_DIR NAME SIZE..." << Qt::endl;
        return 1;
    }

    QSvgRenderer renderer(arguments.at(0));
    if (!renderer.isValid()) {
        err() << "error: " << arguments.at(0) << " is not a valid SVG file" << Qt::endl;
        return 1;
    }

    const QDir outputDir(arguments.at(1));
    const QString name = arguments.at(2);
    for (const QString &sizeText : arguments.mid(3)) {
        bool valid = false;
        const int size = sizeText.toInt(&valid);
        if (!valid || size < 1 || size > 1024) {
            err() << "error: icon size \"" << sizeText << "\" is not a number from 1 to 1024" << Qt::endl;
            return 1;
        }

        const QString folder = QStringLiteral("%1x%1/apps").arg(size);
        const QString file = outputDir.filePath(folder + QLatin1Char('/') + name + QStringLiteral(".png"));
        if (!outputDir.mkpath(folder) || !renderIcon(renderer, size, file)) {
            err() << "error: could not write " << file << Qt::endl;
            return 1;
        }
    }
    return 0;
}
