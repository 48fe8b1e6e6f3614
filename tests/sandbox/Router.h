#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Breezee::Sandbox {

// A request with the values of the `{name}` segments of its route pattern,
// percent-decoded.
struct RouteContext {
    const HttpRequest &request;
    QHash<QString, QString> params;

    QString param(const QString &name) const { return params.value(name); }
};

using RouteHandler = std::function<HttpResponse(const RouteContext &)>;

// Maps a method and a path pattern such as
// "/crm/v3/objects/contacts/{contactId}" to a handler. Patterns are tried in
// the order they were added, so add literal paths before patterns with a
// `{name}` segment in the same place.
class Router {
public:
    void add(const QByteArray &method, const QString &pattern, RouteHandler handler);

    // Runs the first matching route. An unknown path gets a 404 JSON body,
    // a known path with another method a 405 with an Allow header. When
    // `matchedPattern` is given, it receives the pattern of the route that
    // ran, or the request path when none matched.
    HttpResponse dispatch(const HttpRequest &request, QString *matchedPattern = nullptr) const;

private:
    struct Route {
        QByteArray method;
        QString pattern;
        QStringList segments;
        RouteHandler handler;
    };

    static bool match(const Route &route, const QStringList &segments, QHash<QString, QString> &params);

    QList<Route> m_routes;
};

} // namespace Breezee::Sandbox
