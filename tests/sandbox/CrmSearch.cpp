#include "CrmSearch.h"

#include "CrmObjectJson.h"
#include "HubSpotErrors.h"

#include <QJsonArray>

namespace Breezee::Sandbox {

HttpResponse searchObjects(SandboxState &state, CrmObjectKind kind, const RouteContext &context,
                           const SearchLimits &limits, qint64 nowMs)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const CrmObjectType &type = crmObjectType(kind);
    const PropertyCatalog &catalog = state.catalog(kind);
    const std::optional<SearchRequest> request = parseSearchRequest(*body, type, catalog, limits, error);
    if (!request)
        return error;

    SearchIndex &index = state.store(kind).searchIndex();
    index.publishDue(nowMs);
    const QList<const SearchDocument *> matches = findDocuments(index, type, *request);

    QJsonArray results;
    const qsizetype end = qMin<qsizetype>(matches.size(), qsizetype(request->after) + request->limit);
    for (qsizetype i = request->after; i < end; ++i) {
        const SearchDocument *document = matches.at(i);
        results.append(recordWithProperties(type, document->id, document->properties, document->createdAtMs,
                                            document->updatedAtMs, request->properties, catalog));
    }

    QJsonObject response;
    response.insert(QStringLiteral("total"), int(matches.size()));
    response.insert(QStringLiteral("results"), results);

    // Like HubSpot, the sandbox offers a next page whenever more results
    // exist, even past the 10,000th result that search refuses to page to.
    if (request->limit > 0 && end < matches.size()) {
        QJsonObject next;
        next.insert(QStringLiteral("after"), QString::number(end));
        response.insert(QStringLiteral("paging"), QJsonObject{{QStringLiteral("next"), next}});
    }
    return HttpResponse::json(200, response);
}

} // namespace Breezee::Sandbox
