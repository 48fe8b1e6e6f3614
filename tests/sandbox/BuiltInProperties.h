#pragma once

#include "CrmObjectType.h"
#include "PropertyCatalog.h"

#include <QList>

namespace Breezee::Sandbox {

// HubSpot's built-in properties of an object type, as far as the sandbox
// models them, and the group they belong to.
QList<PropertyDefinition> builtInProperties(CrmObjectKind kind);
QList<PropertyGroup> builtInGroups(CrmObjectKind kind);

} // namespace Breezee::Sandbox
