#pragma once

#include "BlockingHttp.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Breezee::Test {

// Runs the built hubspot-sandbox executable for one test. start() waits for
// its "LISTENING <port>" line, and the destructor ends the process. The
// helpers block in a local event loop with a timeout, for tests only.
class SandboxProcess {
public:
    SandboxProcess();
    ~SandboxProcess();

    SandboxProcess(const SandboxProcess &) = delete;
    SandboxProcess &operator=(const SandboxProcess &) = delete;

    // Starts the sandbox with `arguments` added to the command line and
    // waits up to 10 s for it to listen. Returns false and sets
    // errorString() when it exits or stays silent.
    bool start(const QStringList &arguments = {});

    // Ends the process: SIGTERM, then SIGKILL after 3 s.
    void stop();

    bool isRunning() const;
    QString errorString() const { return m_errorString; }

    // The sandbox's stderr so far: one "METHOD path status" line per request.
    QByteArray standardError();

    quint16 port() const { return m_port; }
    QUrl baseUrl() const;
    QUrl url(const QString &pathAndQuery) const;

    // GET /_sandbox/state, or an empty object when the call fails.
    QJsonObject state();

    // Seeds a contact through POST /_sandbox/contacts without HubSpot's
    // rules. Returns its id, or an empty string when the call fails.
    QString seedContact(const QJsonObject &properties);

    // GET /_sandbox/requests: the requests the sandbox responded to, oldest first.
    QJsonArray requests();

    // POST /_sandbox/reset. Returns false when the call fails.
    bool reset();

    // Sends one request to the sandbox, with a JSON content type when
    // `body` is non-empty and no Content-Type is given.
    HttpResult send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // Path of the executable: $BREEZEE_SANDBOX_PATH when set, else the one
    // built with the tests.
    static QString executablePath();

private:
    QProcess m_process;
    QNetworkAccessManager m_network;
    QByteArray m_standardError;
    QString m_errorString;
    quint16 m_port = 0;
};

// Returns a TCP port on 127.0.0.1 that was free a moment ago. Another
// process may take it before the caller binds, so use it only in tests.
quint16 freeLoopbackPort();

} // namespace Breezee::Test
