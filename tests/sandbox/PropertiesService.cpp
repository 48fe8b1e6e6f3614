#include "PropertiesService.h"

#include "HubSpotErrors.h"

#include <QRegularExpression>

namespace Breezee::Sandbox {

namespace {

// HubSpot caps unique-value properties at 10 per object type.
constexpr int MaxUniqueProperties = 10;

bool isValidInternalName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9_]{0,99}$"));
    return pattern.match(name).hasMatch();
}

// Field types allowed for each property type, from HubSpot's properties
// guide (calculation fields are left out because they cannot be written).
bool isValidFieldType(const QString &type, const QString &fieldType)
{
    static const QHash<QString, QStringList> allowed = {
        {QStringLiteral("number"), {QStringLiteral("number")}},
        {QStringLiteral("string"), {QStringLiteral("text"), QStringLiteral("textarea"), QStringLiteral("html"),
                                    QStringLiteral("phonenumber"), QStringLiteral("file")}},
        {QStringLiteral("datetime"), {QStringLiteral("date")}},
        {QStringLiteral("date"), {QStringLiteral("date")}},
        {QStringLiteral("bool"), {QStringLiteral("booleancheckbox")}},
        {QStringLiteral("enumeration"), {QStringLiteral("select"), QStringLiteral("radio"),
                                         QStringLiteral("checkbox"), QStringLiteral("booleancheckbox")}},
    };
    return allowed.value(type).contains(fieldType);
}

QString firstMissingField(const QJsonObject &body, const QStringList &fields)
{
    for (const QString &field : fields) {
        if (body.value(field).toString().isEmpty())
            return field;
    }
    return {};
}

HttpResponse alreadyExists(const QString &message)
{
    return errorResponse(409, QStringLiteral("OBJECT_ALREADY_EXISTS"), message);
}

// Checks enumeration options: each an object with a label and a value, and
// no value twice.
std::optional<QString> checkOptions(const QJsonValue &options)
{
    if (!options.isArray() || options.toArray().isEmpty())
        return QStringLiteral("Enumeration properties need a non-empty 'options' array.");

    QStringList values;
    const QJsonArray array = options.toArray();
    for (const QJsonValue &option : array) {
        const QJsonObject object = option.toObject();
        const QString value = object.value(QStringLiteral("value")).toString();
        if (value.isEmpty() || object.value(QStringLiteral("label")).toString().isEmpty())
            return QStringLiteral("Each option needs a non-empty 'label' and 'value'.");
        if (values.contains(value))
            return QStringLiteral("The option value '%1' appears more than once.").arg(value);
        values.append(value);
    }
    return std::nullopt;
}

} // namespace

PropertiesService::PropertiesService(SandboxState &state, const Clock &clock)
    : m_state(state)
    , m_clock(clock)
{
}

void PropertiesService::registerRoutes(Router &router, CrmAccess &access)
{
    // NOTE: the scopes are checked per route, not per object type, so a
    // token with only company schema scopes may also read contact
    // properties here. HubSpot checks the object type's own scopes.
    const QStringList readScopes = {QStringLiteral("crm.schemas.contacts.read"),
                                    QStringLiteral("crm.objects.contacts.read"),
                                    QStringLiteral("crm.schemas.contacts.write"),
                                    QStringLiteral("crm.schemas.companies.read"),
                                    QStringLiteral("crm.objects.companies.read"),
                                    QStringLiteral("crm.schemas.companies.write")};
    const QStringList writeScopes = {QStringLiteral("crm.schemas.contacts.write"),
                                     QStringLiteral("crm.schemas.companies.write")};
    const QString base = QStringLiteral("/crm/v3/properties/{objectType}");

    router.add("GET", base + QStringLiteral("/groups"),
               access.guard(readScopes, [this](const RouteContext &c) { return listGroups(c); }));
    router.add("POST", base + QStringLiteral("/groups"),
               access.guard(writeScopes, [this](const RouteContext &c) { return createGroup(c); }));
    router.add("GET", base, access.guard(readScopes, [this](const RouteContext &c) { return listProperties(c); }));
    router.add("POST", base, access.guard(writeScopes, [this](const RouteContext &c) { return createProperty(c); }));
    router.add("GET", base + QStringLiteral("/{propertyName}"),
               access.guard(readScopes, [this](const RouteContext &c) { return readProperty(c); }));
}

PropertyCatalog *PropertiesService::catalogFor(const RouteContext &context, HttpResponse &error)
{
    const QString objectType = context.param(QStringLiteral("objectType"));
    const std::optional<CrmObjectKind> kind = crmObjectKindFromName(objectType);
    if (kind)
        return &m_state.catalog(*kind);

    error = validationError(QStringLiteral("Unable to infer object type from: %1").arg(objectType));
    return nullptr;
}

HttpResponse PropertiesService::listProperties(const RouteContext &context)
{
    HttpResponse error;
    const PropertyCatalog *catalog = catalogFor(context, error);
    if (!catalog)
        return error;

    QJsonArray results;
    const QList<PropertyDefinition> properties = catalog->properties();
    for (const PropertyDefinition &definition : properties)
        results.append(definition.toJson());

    return HttpResponse::json(200, QJsonObject{{QStringLiteral("results"), results}});
}

HttpResponse PropertiesService::readProperty(const RouteContext &context)
{
    HttpResponse error;
    const PropertyCatalog *catalog = catalogFor(context, error);
    if (!catalog)
        return error;

    const QString name = context.param(QStringLiteral("propertyName"));
    const PropertyDefinition *definition = catalog->find(name);
    if (!definition) {
        return errorResponse(404, QStringLiteral("OBJECT_NOT_FOUND"),
                             QStringLiteral("Unable to find property %1 for object type %2.")
                                 .arg(name, context.param(QStringLiteral("objectType"))));
    }

    return HttpResponse::json(200, definition->toJson());
}

HttpResponse PropertiesService::createProperty(const RouteContext &context)
{
    HttpResponse error;
    PropertyCatalog *catalog = catalogFor(context, error);
    if (!catalog)
        return error;

    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const QString missing = firstMissingField(*body, {QStringLiteral("name"), QStringLiteral("label"),
                                                      QStringLiteral("type"), QStringLiteral("fieldType"),
                                                      QStringLiteral("groupName")});
    if (!missing.isEmpty())
        return validationError(QStringLiteral("The property definition is missing the required field '%1'.").arg(missing));

    PropertyDefinition definition = PropertyDefinition::fromJson(*body);
    if (!isValidInternalName(definition.name)) {
        return validationError(QStringLiteral("Property name '%1' is invalid: use 1 to 100 lowercase letters, digits "
                                              "and underscores, starting with a letter.").arg(definition.name));
    }

    if (!isValidFieldType(definition.type, definition.fieldType)) {
        return validationError(QStringLiteral("Property type '%1' cannot use fieldType '%2'.")
                                   .arg(definition.type, definition.fieldType));
    }

    if (definition.type == QLatin1String("enumeration")) {
        const std::optional<QString> optionsError = checkOptions(body->value(QStringLiteral("options")));
        if (optionsError)
            return validationError(*optionsError);
    }

    if (!catalog->findGroup(definition.groupName)) {
        return validationError(QStringLiteral("Property group '%1' does not exist; create it first.")
                                   .arg(definition.groupName));
    }

    if (catalog->find(definition.name))
        return alreadyExists(QStringLiteral("Property named '%1' already exists.").arg(definition.name));

    if (definition.hasUniqueValue && catalog->uniquePropertyCount() >= MaxUniqueProperties) {
        return validationError(QStringLiteral("An object type can have at most %1 unique value properties.")
                                   .arg(MaxUniqueProperties));
    }

    definition.formField = body->value(QStringLiteral("formField")).toBool();
    definition.createdAtMs = m_clock.nowMs();
    definition.updatedAtMs = definition.createdAtMs;
    catalog->add(definition);
    m_state.markChanged();
    return HttpResponse::json(201, definition.toJson());
}

HttpResponse PropertiesService::listGroups(const RouteContext &context)
{
    HttpResponse error;
    const PropertyCatalog *catalog = catalogFor(context, error);
    if (!catalog)
        return error;

    QJsonArray results;
    const QList<PropertyGroup> groups = catalog->groups();
    for (const PropertyGroup &group : groups)
        results.append(group.toJson());

    return HttpResponse::json(200, QJsonObject{{QStringLiteral("results"), results}});
}

HttpResponse PropertiesService::createGroup(const RouteContext &context)
{
    HttpResponse error;
    PropertyCatalog *catalog = catalogFor(context, error);
    if (!catalog)
        return error;

    const std::optional<QJsonObject> body = parseJsonObjectBody(context.request, error);
    if (!body)
        return error;

    const QString missing = firstMissingField(*body, {QStringLiteral("name"), QStringLiteral("label")});
    if (!missing.isEmpty())
        return validationError(QStringLiteral("The property group is missing the required field '%1'.").arg(missing));

    const PropertyGroup group = PropertyGroup::fromJson(*body);
    if (!isValidInternalName(group.name)) {
        return validationError(QStringLiteral("Property group name '%1' is invalid: use 1 to 100 lowercase letters, "
                                              "digits and underscores, starting with a letter.").arg(group.name));
    }

    // HubSpot's response for an existing group name was not confirmed.
    // This mirrors its 409 for an existing property.
    if (catalog->findGroup(group.name))
        return alreadyExists(QStringLiteral("Property group named '%1' already exists.").arg(group.name));

    catalog->addGroup(group);
    m_state.markChanged();
    return HttpResponse::json(201, group.toJson());
}

} // namespace Breezee::Sandbox
