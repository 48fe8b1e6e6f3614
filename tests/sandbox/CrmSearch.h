#pragma once

#include "Clock.h"
#include "CrmObjectType.h"
#include "Router.h"
#include "SandboxState.h"
#include "SearchQuery.h"

namespace Breezee::Sandbox {

// POST /crm/v3/objects/{type}/search over the object type's search index:
// the response {total, results, paging?} shows each record as it was when
// its last write became visible to search.
HttpResponse searchObjects(SandboxState &state, CrmObjectKind kind, const RouteContext &context,
                           const SearchLimits &limits, qint64 nowMs);

} // namespace Breezee::Sandbox
