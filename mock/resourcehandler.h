#pragma once

#include "requestvalidation.h"
#include "responsebuilder.h"
#include "routetable.h"

#include <optional>

namespace portico::mock {

class ResourceStore;

// Fills empty collections from `x-portico.data.<name>` or else from the list operation's example.
void seedResources(ResourceStore &store, const RouteTable &table);

// Runs an `x-portico-resource` operation against its collection (json-server-like CRUD). nullopt when the
// operation's method has no collection meaning (the normal response pipeline then answers).
std::optional<BuiltResponse> runResource(ResourceStore &store, const RouteTable &table, const CompiledOperation &op,
                                         const MockRequest &request, const ValidatedRequest &validated, quint64 salt);

} // namespace portico::mock
