#include "Router.h"

#include "HubSpotErrors.h"

namespace Breezee::Sandbox {

namespace {

QStringList splitPath(const QByteArray &path)
{
    QStringList segments;
    const QList<QByteArray> raw = path.split('/');
    for (const QByteArray &segment : raw) {
        if (!segment.isEmpty())
            segments.append(QString::fromUtf8(QByteArray::fromPercentEncoding(segment)));
    }
    return segments;
}

bool isParameter(const QString &segment)
{
    return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

} // namespace

void Router::add(const QByteArray &method, const QString &pattern, RouteHandler handler)
{
    Route route;
    route.method = method;
    route.pattern = pattern;
    route.segments = splitPath(pattern.toUtf8());
    route.handler = std::move(handler);
    m_routes.append(std::move(route));
}

HttpResponse Router::dispatch(const HttpRequest &request, QString *matchedPattern) const
{
    const QStringList segments = splitPath(request.path);
    if (matchedPattern)
        *matchedPattern = QString::fromUtf8(request.path);
    QByteArrayList allowed;

    for (const Route &route : m_routes) {
        QHash<QString, QString> params;
        if (!match(route, segments, params))
            continue;

        if (route.method != request.method) {
            if (!allowed.contains(route.method))
                allowed.append(route.method);
            continue;
        }

        if (matchedPattern)
            *matchedPattern = route.pattern;
        return route.handler(RouteContext{request, params});
    }

    const QString target = QString::fromLatin1(request.method + ' ' + request.path);
    if (!allowed.isEmpty()) {
        HttpResponse response = errorResponse(405, QStringLiteral("METHOD_NOT_ALLOWED"),
                                              QStringLiteral("The method is not allowed for %1.").arg(target));
        response.setHeader("Allow", allowed.join(", "));
        return response;
    }

    // The body of HubSpot's own response for an unknown route was not
    // checked. This keeps the usual error shape so clients can parse it.
    return errorResponse(404, QStringLiteral("RESOURCE_NOT_FOUND"),
                         QStringLiteral("No endpoint matches %1.").arg(target));
}

bool Router::match(const Route &route, const QStringList &segments, QHash<QString, QString> &params)
{
    if (route.segments.size() != segments.size())
        return false;

    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        if (isParameter(expected)) {
            params.insert(expected.mid(1, expected.size() - 2), segments.at(i));
            continue;
        }
        if (expected != segments.at(i))
            return false;
    }
    return true;
}

} // namespace Breezee::Sandbox
