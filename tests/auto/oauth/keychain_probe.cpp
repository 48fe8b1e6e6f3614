// Second process of the keychain tests: reads one entry through the
// product's CredentialStore and prints its SHA-256 (never the secret), or
// NOT_FOUND, or ERROR <code>.
//   keychain_probe SERVICE KEY

#include "oauth/CredentialStore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 3) {
        QTextStream(stderr) << "usage: keychain_probe SERVICE KEY\n";
        return 2;
    }

    Breezee::CredentialStore store(arguments.at(1));
    int exitCode = 1;
    store.read(arguments.at(2), [&exitCode](Breezee::Result<QString> secret) {
        QTextStream out(stdout);
        if (!secret.ok()) {
            out << "ERROR " << secret.error().code << '\n';
        } else if (secret.value().isEmpty()) {
            out << "NOT_FOUND\n";
            exitCode = 0;
        } else {
            out << QCryptographicHash::hash(secret.value().toUtf8(), QCryptographicHash::Sha256).toHex() << '\n';
            exitCode = 0;
        }
        QCoreApplication::quit();
    });
    app.exec();
    return exitCode;
}
