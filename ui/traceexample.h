#pragma once

#include "core/json.h"
#include "core/result.h"
#include "mock/trace.h"

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

class ProjectSession;

enum class ExampleSide
{
    Request,
    Response
};

// Where a captured body belongs in the document as a named example: the Media Type Object of the operation's
// request body, or of the response declared for the status (exact code, then 2XX-style range, then
// `default`), for the body's media type; and the body as the example's value (JSON parsed, other text as a
// string).
struct ExampleTarget
{
    QString mediaPointer; // /paths/~1items/post/requestBody/content/application~1json (after $ref)
    QString mediaType;
    core::Json value;
};

core::Result<ExampleTarget> findExampleTarget(const core::ApiDocument &document, const mock::TraceRecord &record,
                                              ExampleSide side);

// `wanted`, or `wanted-2`, `wanted-3`, ... when the media type already has an example of that name.
QString uniqueExampleName(const core::ApiDocument &document, const QString &mediaPointer, const QString &wanted);

// Adds the body as examples/<name> ({summary, value}) in one undo step, returning the name used. A singular
// `example` already there moves into `examples` in the same step (OpenAPI allows one or the other).
core::Result<QString> saveTraceExample(ProjectSession &session, const mock::TraceRecord &record, ExampleSide side,
                                       const QString &name);

} // namespace portico::ui
