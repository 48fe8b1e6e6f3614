#include "SearchQuery.h"

#include "CrmObjectJson.h"
#include "HubSpotErrors.h"
#include "PropertyValues.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>

namespace Breezee::Sandbox {

namespace {

const QStringList SingleValueOperators = {
    QStringLiteral("EQ"), QStringLiteral("NEQ"), QStringLiteral("LT"), QStringLiteral("LTE"),
    QStringLiteral("GT"), QStringLiteral("GTE"), QStringLiteral("BETWEEN"),
    QStringLiteral("CONTAINS_TOKEN"), QStringLiteral("NOT_CONTAINS_TOKEN"),
};
const QStringList MultiValueOperators = {QStringLiteral("IN"), QStringLiteral("NOT_IN")};
const QStringList NoValueOperators = {QStringLiteral("HAS_PROPERTY"), QStringLiteral("NOT_HAS_PROPERTY")};

bool isKnownOperator(const QString &name)
{
    return SingleValueOperators.contains(name) || MultiValueOperators.contains(name)
        || NoValueOperators.contains(name);
}

// Reads a filter value: HubSpot's schema types it as a string, and
// clients also send numbers and booleans.
std::optional<QString> readScalar(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull() || value.isArray() || value.isObject())
        return std::nullopt;
    return propertyValueFromJson(value);
}

std::optional<int> readNonNegativeInteger(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (number < 0 || number != std::floor(number) || number > 2147483647.0)
            return std::nullopt;
        return int(number);
    }

    if (value.isString()) {
        bool ok = false;
        const int number = value.toString().toInt(&ok);
        if (!ok || number < 0)
            return std::nullopt;
        return number;
    }
    return std::nullopt;
}

QString typeOf(const SearchFilter &filter)
{
    return filter.definition ? filter.definition->type : QStringLiteral("string");
}

// Converts a datetime or date value, stored or sent, to ms since the epoch.
std::optional<qint64> timeValue(const QString &value)
{
    static const QRegularExpression epoch(QStringLiteral("^-?[0-9]{1,15}$"));
    if (epoch.match(value).hasMatch())
        return value.toLongLong();

    const QDateTime dateTime = QDateTime::fromString(value, Qt::ISODateWithMs);
    if (dateTime.isValid())
        return dateTime.toMSecsSinceEpoch();

    const QDate date = QDate::fromString(value, Qt::ISODate);
    if (date.isValid())
        return date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
    return std::nullopt;
}

// Compares a stored value with a filter value by the property's type:
// numbers and times by value, strings ignoring case. Returns nothing when
// either side cannot be read as that type.
std::optional<int> compareValues(const QString &type, const QString &stored, const QString &wanted)
{
    if (type == QLatin1String("number")) {
        bool storedOk = false;
        bool wantedOk = false;
        const double a = stored.toDouble(&storedOk);
        const double b = wanted.toDouble(&wantedOk);
        if (!storedOk || !wantedOk)
            return std::nullopt;
        return a < b ? -1 : (a > b ? 1 : 0);
    }

    if (type == QLatin1String("datetime") || type == QLatin1String("date")) {
        const std::optional<qint64> a = timeValue(stored);
        const std::optional<qint64> b = timeValue(wanted);
        if (!a || !b)
            return std::nullopt;
        return *a < *b ? -1 : (*a > *b ? 1 : 0);
    }

    const int result = stored.trimmed().compare(wanted.trimmed(), Qt::CaseInsensitive);
    return result < 0 ? -1 : (result > 0 ? 1 : 0);
}

bool isEqual(const SearchFilter &filter, const QString &stored, const QString &wanted)
{
    if (typeOf(filter) == QLatin1String("enumeration"))
        return stored == wanted;

    const std::optional<int> order = compareValues(typeOf(filter), stored, wanted);
    return order && *order == 0;
}

// IN and NOT_IN take string values as sent and compare them with the
// stored value in lower case, so only lowercase values can match.
bool isInValues(const SearchFilter &filter, const QString &stored)
{
    const QString type = typeOf(filter);
    for (const QString &wanted : filter.values) {
        if (type == QLatin1String("enumeration")) {
            if (stored == wanted)
                return true;
            continue;
        }
        if (type == QLatin1String("string") || type == QLatin1String("bool")) {
            if (stored.trimmed().toLower() == wanted)
                return true;
            continue;
        }
        const std::optional<int> order = compareValues(type, stored, wanted);
        if (order && *order == 0)
            return true;
    }
    return false;
}

QStringList tokens(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    return text.toLower().split(separators, Qt::SkipEmptyParts);
}

// NOTE: HubSpot's tokenizer is not documented. Here a token is a run of
// letters and digits, a value without '*' matches when its tokens appear
// in order in the stored value, and '*' is a wildcard over the whole value
// or one space-separated word.
bool containsToken(const QString &stored, const QString &wanted)
{
    if (wanted.contains(QLatin1Char('*'))) {
        const QString pattern = QRegularExpression::wildcardToRegularExpression(
            wanted.trimmed().toLower(), QRegularExpression::UnanchoredWildcardConversion);
        const QRegularExpression wildcard(QStringLiteral("^(?:%1)$").arg(pattern));
        if (wildcard.match(stored.trimmed().toLower()).hasMatch())
            return true;

        const QStringList words = stored.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        return std::any_of(words.begin(), words.end(),
                           [&wildcard](const QString &word) { return wildcard.match(word).hasMatch(); });
    }

    const QStringList storedTokens = tokens(stored);
    const QStringList wantedTokens = tokens(wanted);
    if (wantedTokens.isEmpty())
        return false;

    for (qsizetype start = 0; start + wantedTokens.size() <= storedTokens.size(); ++start) {
        if (storedTokens.mid(start, wantedTokens.size()) == wantedTokens)
            return true;
    }
    return false;
}

bool anyOf(const QStringList &values, const std::function<bool(const QString &)> &predicate)
{
    return std::any_of(values.begin(), values.end(), predicate);
}

// Every word of the free-text query must start a token of one of the
// object type's query properties.
bool matchesQuery(const QString &query, const CrmObjectType &type, const QHash<QString, QString> &properties)
{
    const QStringList words = tokens(query);
    if (words.isEmpty())
        return true;

    QStringList available;
    for (const QString &property : type.queryProperties)
        available += tokens(properties.value(property));

    return std::all_of(words.begin(), words.end(), [&available](const QString &word) {
        return std::any_of(available.begin(), available.end(),
                           [&word](const QString &token) { return token.startsWith(word); });
    });
}

HttpResponse searchError(const QString &message)
{
    return validationError(message);
}

std::optional<SearchFilter> parseFilter(const QJsonValue &value, const QString &where,
                                        const PropertyCatalog &catalog, const SearchLimits &limits,
                                        HttpResponse &error)
{
    const QJsonObject object = value.toObject();
    SearchFilter filter;
    filter.propertyName = object.value(QStringLiteral("propertyName")).toString();
    filter.operatorName = object.value(QStringLiteral("operator")).toString();

    if (!value.isObject() || filter.propertyName.isEmpty() || filter.operatorName.isEmpty()) {
        error = searchError(QStringLiteral("Invalid input JSON: %1 needs both 'propertyName' and 'operator'.")
                                .arg(where));
        return std::nullopt;
    }

    if (!isKnownOperator(filter.operatorName)) {
        error = searchError(QStringLiteral("Invalid input JSON: %1 has the unknown operator '%2'.")
                                .arg(where, filter.operatorName));
        return std::nullopt;
    }

    // NOTE: HubSpot's response to a filter on a property that does not
    // exist was not confirmed. The sandbox rejects it so that typos show up.
    filter.definition = catalog.find(filter.propertyName);
    if (!filter.definition) {
        error = searchError(QStringLiteral("%1 filters on the property '%2', which does not exist.")
                                .arg(where, filter.propertyName));
        return std::nullopt;
    }

    if (SingleValueOperators.contains(filter.operatorName)) {
        const std::optional<QString> single = readScalar(object.value(QStringLiteral("value")));
        if (!single) {
            error = searchError(QStringLiteral("Invalid input JSON: operator %1 in %2 requires a 'value'.")
                                    .arg(filter.operatorName, where));
            return std::nullopt;
        }
        filter.value = *single;
    }

    if (filter.operatorName == QLatin1String("BETWEEN")) {
        const std::optional<QString> high = readScalar(object.value(QStringLiteral("highValue")));
        if (!high) {
            error = searchError(QStringLiteral("Invalid input JSON: operator BETWEEN in %1 requires a 'highValue'.")
                                    .arg(where));
            return std::nullopt;
        }
        filter.highValue = *high;
    }

    if (MultiValueOperators.contains(filter.operatorName)) {
        const QJsonArray values = object.value(QStringLiteral("values")).toArray();
        if (values.isEmpty()) {
            error = searchError(QStringLiteral("Invalid input JSON: operator %1 in %2 requires a non-empty "
                                               "'values' array.").arg(filter.operatorName, where));
            return std::nullopt;
        }
        if (values.size() > limits.maxInValues) {
            error = searchError(QStringLiteral("%1 has %2 values for operator %3, but the limit is %4 values.")
                                    .arg(where)
                                    .arg(values.size())
                                    .arg(filter.operatorName)
                                    .arg(limits.maxInValues));
            return std::nullopt;
        }
        for (const QJsonValue &item : values) {
            const std::optional<QString> text = readScalar(item);
            if (!text) {
                error = searchError(QStringLiteral("Invalid input JSON: the values of %1 must be strings.").arg(where));
                return std::nullopt;
            }
            filter.values.append(*text);
        }
    }

    return filter;
}

bool parseFilterGroups(const QJsonObject &body, const PropertyCatalog &catalog, const SearchLimits &limits,
                       SearchRequest &request, HttpResponse &error)
{
    const QJsonValue groupsValue = body.value(QStringLiteral("filterGroups"));
    if (groupsValue.isUndefined() || groupsValue.isNull())
        return true;

    if (!groupsValue.isArray()) {
        error = searchError(QStringLiteral("Invalid input JSON: 'filterGroups' must be an array."));
        return false;
    }

    const QJsonArray groups = groupsValue.toArray();
    if (groups.size() > SearchLimits::MaxFilterGroups) {
        error = searchError(QStringLiteral("The request has %1 filter groups, but the maximum is %2.")
                                .arg(groups.size())
                                .arg(SearchLimits::MaxFilterGroups));
        return false;
    }

    int total = 0;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const QJsonArray filters = groups.at(g).toObject().value(QStringLiteral("filters")).toArray();

        // NOTE: whether HubSpot rejects an empty filter group or ignores it
        // was not confirmed; the sandbox rejects it.
        if (filters.isEmpty()) {
            error = searchError(QStringLiteral("filterGroups[%1] has no filters. Each filter group needs at least "
                                               "one filter.").arg(g));
            return false;
        }
        if (filters.size() > SearchLimits::MaxFiltersPerGroup) {
            error = searchError(QStringLiteral("filterGroups[%1] has %2 filters, but the maximum per filter group "
                                               "is %3.").arg(g).arg(filters.size()).arg(SearchLimits::MaxFiltersPerGroup));
            return false;
        }

        total += int(filters.size());
        if (total > SearchLimits::MaxFilters) {
            error = searchError(QStringLiteral("The request has more than %1 filters in all filter groups "
                                               "together, but the maximum is %1.").arg(SearchLimits::MaxFilters));
            return false;
        }

        QList<SearchFilter> group;
        for (qsizetype f = 0; f < filters.size(); ++f) {
            const QString where = QStringLiteral("filterGroups[%1].filters[%2]").arg(g).arg(f);
            const std::optional<SearchFilter> filter = parseFilter(filters.at(f), where, catalog, limits, error);
            if (!filter)
                return false;
            group.append(*filter);
        }
        request.filterGroups.append(group);
    }
    return true;
}

bool parseSorts(const QJsonObject &body, const PropertyCatalog &catalog, SearchRequest &request, HttpResponse &error)
{
    const QJsonArray sorts = body.value(QStringLiteral("sorts")).toArray();
    if (sorts.isEmpty())
        return true;

    if (sorts.size() > 1) {
        error = searchError(QStringLiteral("The request has %1 sort rules, but search supports one.").arg(sorts.size()));
        return false;
    }

    // Both forms occur: {"propertyName", "direction"} and a bare property
    // name, optionally with a leading '-' for descending order.
    SearchSort sort;
    const QJsonValue rule = sorts.first();
    if (rule.isString()) {
        sort.propertyName = rule.toString();
        sort.descending = sort.propertyName.startsWith(QLatin1Char('-'));
        if (sort.descending)
            sort.propertyName.remove(0, 1);
    } else {
        const QJsonObject object = rule.toObject();
        sort.propertyName = object.value(QStringLiteral("propertyName")).toString();
        const QString direction = object.value(QStringLiteral("direction")).toString(QStringLiteral("ASCENDING"));
        if (direction != QLatin1String("ASCENDING") && direction != QLatin1String("DESCENDING")) {
            error = searchError(QStringLiteral("Sort direction must be ASCENDING or DESCENDING, not '%1'.").arg(direction));
            return false;
        }
        sort.descending = direction == QLatin1String("DESCENDING");
    }

    sort.definition = catalog.find(sort.propertyName);
    if (!sort.definition) {
        error = searchError(QStringLiteral("Cannot sort by '%1': the property does not exist.").arg(sort.propertyName));
        return false;
    }

    request.sort = sort;
    return true;
}

bool parsePaging(const QJsonObject &body, SearchRequest &request, HttpResponse &error)
{
    const QJsonValue limit = body.value(QStringLiteral("limit"));
    if (!limit.isUndefined() && !limit.isNull()) {
        const std::optional<int> value = readNonNegativeInteger(limit);
        if (!value || *value > SearchLimits::MaxLimit) {
            error = searchError(QStringLiteral("limit must be an integer from 0 to %1.").arg(SearchLimits::MaxLimit));
            return false;
        }
        request.limit = *value;
    }

    const QJsonValue after = body.value(QStringLiteral("after"));
    if (!after.isUndefined() && !after.isNull() && !(after.isString() && after.toString().isEmpty())) {
        const std::optional<int> value = readNonNegativeInteger(after);
        if (!value) {
            error = searchError(QStringLiteral("after must be the non-negative integer from paging.next.after."));
            return false;
        }
        // HubSpot returns at most 10,000 results per query and rejects a
        // page that starts past them with 400.
        if (*value >= SearchLimits::MaxResults) {
            error = searchError(QStringLiteral("Search can page through at most %1 results per query; after=%2 is "
                                               "past that. Narrow the filters instead.")
                                    .arg(SearchLimits::MaxResults)
                                    .arg(*value));
            return false;
        }
        request.after = *value;
    }
    return true;
}

// Returns the candidates of one filter group from the index's lookup
// tables, or nothing when the group needs a full scan.
std::optional<QList<qint64>> lookupCandidates(const SearchIndex &index, const QList<SearchFilter> &group)
{
    for (const SearchFilter &filter : group) {
        const bool objectId = filter.propertyName == QLatin1String("hs_object_id");
        if (filter.operatorName == QLatin1String("EQ") && objectId)
            return QList<qint64>{filter.value.trimmed().toLongLong()};

        if (!index.isKeyProperty(filter.propertyName))
            continue;

        if (filter.operatorName == QLatin1String("EQ"))
            return index.lookup(filter.propertyName, filter.value.trimmed().toLower());

        if (filter.operatorName == QLatin1String("IN")) {
            QList<qint64> keys;
            for (const QString &value : filter.values)
                keys += index.lookup(filter.propertyName, value);
            return keys;
        }
    }
    return std::nullopt;
}

bool matchesGroup(const QList<SearchFilter> &group, const QHash<QString, QString> &properties)
{
    return std::all_of(group.begin(), group.end(),
                       [&properties](const SearchFilter &filter) { return matchesFilter(filter, properties); });
}

} // namespace

std::optional<SearchRequest> parseSearchRequest(const QJsonObject &body, const CrmObjectType &type,
                                                const PropertyCatalog &catalog, const SearchLimits &limits,
                                                HttpResponse &error)
{
    SearchRequest request;
    if (!parseFilterGroups(body, catalog, limits, request, error))
        return std::nullopt;
    if (!parseSorts(body, catalog, request, error))
        return std::nullopt;
    if (!parsePaging(body, request, error))
        return std::nullopt;

    const QJsonValue query = body.value(QStringLiteral("query"));
    if (!query.isUndefined() && !query.isNull() && !query.isString()) {
        error = searchError(QStringLiteral("Invalid input JSON: 'query' must be a string."));
        return std::nullopt;
    }
    request.query = query.toString();
    if (request.query.size() > SearchLimits::MaxQueryLength) {
        error = searchError(QStringLiteral("query is %1 characters long, but the maximum is %2.")
                                .arg(request.query.size())
                                .arg(SearchLimits::MaxQueryLength));
        return std::nullopt;
    }

    request.properties = requestedProperties(body, type);
    return request;
}

bool matchesFilter(const SearchFilter &filter, const QHash<QString, QString> &properties)
{
    const QStringList values = SearchIndex::matchValues(filter.propertyName, properties);
    const QString &op = filter.operatorName;
    const QString type = typeOf(filter);

    if (op == QLatin1String("HAS_PROPERTY"))
        return !values.isEmpty();
    if (op == QLatin1String("NOT_HAS_PROPERTY"))
        return values.isEmpty();

    const auto equalsValue = [&filter](const QString &stored) { return isEqual(filter, stored, filter.value); };
    const auto inValues = [&filter](const QString &stored) { return isInValues(filter, stored); };
    const auto hasToken = [&filter](const QString &stored) { return containsToken(stored, filter.value); };

    // NOTE: the negative operators also match records without a value,
    // which is how HubSpot is reported to treat NEQ.
    if (op == QLatin1String("EQ"))
        return anyOf(values, equalsValue);
    if (op == QLatin1String("NEQ"))
        return !anyOf(values, equalsValue);
    if (op == QLatin1String("IN"))
        return anyOf(values, inValues);
    if (op == QLatin1String("NOT_IN"))
        return !anyOf(values, inValues);
    if (op == QLatin1String("CONTAINS_TOKEN"))
        return anyOf(values, hasToken);
    if (op == QLatin1String("NOT_CONTAINS_TOKEN"))
        return !anyOf(values, hasToken);

    const auto compared = [&type](const QString &stored, const QString &wanted, const std::function<bool(int)> &test) {
        const std::optional<int> order = compareValues(type, stored, wanted);
        return order && test(*order);
    };

    if (op == QLatin1String("GT"))
        return anyOf(values, [&](const QString &v) { return compared(v, filter.value, [](int o) { return o > 0; }); });
    if (op == QLatin1String("GTE"))
        return anyOf(values, [&](const QString &v) { return compared(v, filter.value, [](int o) { return o >= 0; }); });
    if (op == QLatin1String("LT"))
        return anyOf(values, [&](const QString &v) { return compared(v, filter.value, [](int o) { return o < 0; }); });
    if (op == QLatin1String("LTE"))
        return anyOf(values, [&](const QString &v) { return compared(v, filter.value, [](int o) { return o <= 0; }); });

    // BETWEEN includes both ends.
    return anyOf(values, [&](const QString &v) {
        return compared(v, filter.value, [](int o) { return o >= 0; })
            && compared(v, filter.highValue, [](int o) { return o <= 0; });
    });
}

QList<const SearchDocument *> findDocuments(const SearchIndex &index, const CrmObjectType &type,
                                            const SearchRequest &request)
{
    QList<const SearchDocument *> matches;
    const auto consider = [&](const SearchDocument &document) {
        if (matchesQuery(request.query, type, document.properties))
            matches.append(&document);
    };

    if (request.filterGroups.isEmpty()) {
        for (const SearchDocument &document : index.documents())
            consider(document);
    } else {
        QSet<qint64> keys;
        for (const QList<SearchFilter> &group : request.filterGroups) {
            const std::optional<QList<qint64>> candidates = lookupCandidates(index, group);
            if (!candidates) {
                for (const SearchDocument &document : index.documents()) {
                    if (matchesGroup(group, document.properties))
                        keys.insert(document.key);
                }
                continue;
            }
            for (qint64 key : *candidates) {
                const SearchDocument *document = index.document(key);
                if (document && matchesGroup(group, document->properties))
                    keys.insert(key);
            }
        }

        QList<qint64> ordered = keys.values();
        std::sort(ordered.begin(), ordered.end());
        for (qint64 key : ordered)
            consider(*index.document(key));
    }

    if (!request.sort)
        return matches;

    // Records without the sort property come last in either direction;
    // ties keep id order.
    const SearchSort sort = *request.sort;
    std::stable_sort(matches.begin(), matches.end(), [&sort](const SearchDocument *a, const SearchDocument *b) {
        const QString left = a->properties.value(sort.propertyName);
        const QString right = b->properties.value(sort.propertyName);
        if (left.isEmpty() || right.isEmpty())
            return !left.isEmpty() && right.isEmpty();

        const std::optional<int> order = compareValues(sort.definition->type, left, right);
        if (!order || *order == 0)
            return false;
        return sort.descending ? *order > 0 : *order < 0;
    });
    return matches;
}

} // namespace Breezee::Sandbox
