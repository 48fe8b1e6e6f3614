#pragma once

#include "CrmObjectType.h"
#include "CrmRecord.h"
#include "FormFields.h"
#include "HttpResponse.h"
#include "PropertyCatalog.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Breezee::Sandbox {

// HubSpot's object batch endpoints accept at most 100 inputs per call.
constexpr qsizetype MaxObjectBatchInputs = 100;

// Returns the record with the requested properties that exist in the
// catalog (null when unset) plus hs_object_id and the create and
// last-modified properties: the shape of reads and searches.
QJsonObject recordWithProperties(const CrmObjectType &type, const QString &id,
                                 const QHash<QString, QString> &properties, qint64 createdAtMs, qint64 updatedAtMs,
                                 const QStringList &requested, const PropertyCatalog &catalog);
QJsonObject recordWithProperties(const CrmObjectType &type, const CrmRecord &record, const QStringList &requested,
                                 const PropertyCatalog &catalog);

// Returns the record with every property that has a value, the shape of
// the create and update responses.
QJsonObject recordWithAllProperties(const CrmRecord &record);

// Reads the "properties" query parameter, which may repeat and may contain
// a comma-separated list, or the type's defaults when it is absent.
QStringList requestedProperties(const FormFields &query, const CrmObjectType &type);

// Reads body.properties of a batch read or search, or the type's defaults.
QStringList requestedProperties(const QJsonObject &body, const CrmObjectType &type);

// 404 OBJECT_NOT_FOUND for one record id.
HttpResponse objectNotFound(const QString &id);

// The 207 error entry for ids that a batch read or update did not find.
QJsonObject notFoundBatchError(const CrmObjectType &type, const QStringList &ids);

// One 207 error entry that names the failed input by its objectWriteTraceId.
QJsonObject traceIdBatchError(const QString &category, const QString &message, const QString &traceId);

// {status:"COMPLETE", results, numErrors?, errors?, startedAt, completedAt}
// with 207 when there are errors and `successStatus` otherwise.
HttpResponse batchResponse(const QJsonArray &results, const QJsonArray &errors, qint64 startedAtMs,
                           qint64 completedAtMs, int successStatus);

// Reads body.inputs as an array of objects with at most `maxInputs`
// entries. On failure returns nothing and stores the 400 in `error`.
std::optional<QJsonArray> readInputs(const QJsonObject &body, HttpResponse &error,
                                     qsizetype maxInputs = MaxObjectBatchInputs);

// Reads input.properties, which must be an object when present.
std::optional<QJsonObject> readPropertiesObject(const QJsonObject &input, const QString &where, HttpResponse &error);

// Reads an input "id", which HubSpot sends as a string. A JSON number is
// taken in its decimal form.
QString inputId(const QJsonObject &input);

bool isRecordIdProperty(const QString &idProperty);

} // namespace Breezee::Sandbox
