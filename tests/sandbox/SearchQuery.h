#pragma once

#include "CrmObjectType.h"
#include "HttpResponse.h"
#include "PropertyCatalog.h"
#include "SearchIndex.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Breezee::Sandbox {

// Limits of HubSpot's CRM search, from its search guide and its changelog
// of 2024-08 ("Expanded Filtering Capabilities"). The number of values one
// IN filter may carry is not documented, so it is configurable.
struct SearchLimits {
    static constexpr int MaxFilterGroups = 5;
    static constexpr int MaxFiltersPerGroup = 10;
    static constexpr int MaxFilters = 25;
    static constexpr int MaxLimit = 200;
    static constexpr int DefaultLimit = 10;
    static constexpr int MaxResults = 10000;
    static constexpr int MaxQueryLength = 3000;

    int maxInValues = 100;
};

struct SearchFilter {
    QString propertyName;
    QString operatorName;
    QString value;
    QString highValue;
    QStringList values;
    const PropertyDefinition *definition = nullptr;
};

struct SearchSort {
    QString propertyName;
    bool descending = false;
    const PropertyDefinition *definition = nullptr;
};

// A checked search request body.
struct SearchRequest {
    // Groups are ORed, the filters in a group ANDed.
    QList<QList<SearchFilter>> filterGroups;
    QString query;
    QStringList properties;
    int limit = SearchLimits::DefaultLimit;
    int after = 0;
    std::optional<SearchSort> sort;
};

// Checks a search body against HubSpot's rules. On failure returns nothing
// and stores the 400 VALIDATION_ERROR in `error`. The catalog must outlive
// the returned request, which points at its definitions.
std::optional<SearchRequest> parseSearchRequest(const QJsonObject &body, const CrmObjectType &type,
                                                const PropertyCatalog &catalog, const SearchLimits &limits,
                                                HttpResponse &error);

// Whether a document's properties pass one filter. String comparisons
// ignore case, except for enumeration properties, and IN and NOT_IN compare
// string values in lower case with the values as sent, so that a value
// with capitals matches nothing, as HubSpot documents.
bool matchesFilter(const SearchFilter &filter, const QHash<QString, QString> &properties);

// Runs the filters, the free-text query and the sort over the visible
// documents and returns every match in result order.
QList<const SearchDocument *> findDocuments(const SearchIndex &index, const CrmObjectType &type,
                                            const SearchRequest &request);

} // namespace Breezee::Sandbox
