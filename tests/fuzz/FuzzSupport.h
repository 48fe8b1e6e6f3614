#pragma once

#include <QCoreApplication>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>

namespace Breezee::Fuzz {

// Creates the QCoreApplication that Qt's plugin loading and translations
// expect, once per process, and drops every log message: the product logs
// on the rejected inputs that a fuzzer produces millions of.
inline void initialize()
{
    static int argc = 1;
    static char name[] = "breezee-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *application = nullptr;
    if (application)
        return;

    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    application = new QCoreApplication(argc, argv);
}

} // namespace Breezee::Fuzz
