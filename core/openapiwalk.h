#pragma once

#include "json.h"
#include "jsonpointer.h"

#include <QString>
#include <functional>
#include <optional>

namespace portico::core::openapi {

// The OpenAPI dialects Portico reads. Conversion, bundling and extension stripping all need to know what each
// value of a document *is* (a schema, a parameter, example data, a map of user-chosen names), and that differs
// between them.
enum class Spec
{
    Swagger20,
    OpenApi30,
    OpenApi31
};

// Which dialect a document is written in, from its `swagger` / `openapi` field; nullopt when it is none of them.
std::optional<Spec> specOf(const Json &root);

// The typed objects of an OpenAPI document. `Other` covers fixed-field objects that hold nothing referencable
// but may carry `x-` extensions (info, contact, license, server, tag, external docs, OAuth flows, ...).
enum class Kind
{
    Document,
    Components,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Header,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
    SwaggerItems, // Swagger 2.0's `items` of non-body parameters and headers: schema-like, but not a schema
    Other,
};

// Called for each typed object, parents first, with the trail to it (its JSON pointer, spelled out on request). It may modify or replace the value; the
// walk then continues into what the value is afterwards. Returning false skips the value's children. A
// Reference Object (`$ref`) is visited with the kind it stands for; its siblings are not walked except for
// schemas and path items, whose `$ref` may have siblings.
using Visitor = std::function<bool(Json &value, Kind kind, const jsonpointer::Trail &at)>;

void walk(Json &value, Kind kind, Spec spec, const jsonpointer::Trail &at, const Visitor &visit);
inline void walkDocument(Json &root, Spec spec, const Visitor &visit)
{
    walk(root, Kind::Document, spec, jsonpointer::Trail(), visit);
}

// Calls `visit` for every direct subschema of a JSON Schema object (properties, items, allOf, ..., $defs) with the
// trail to it. Works for draft 4 (Swagger 2.0, OpenAPI 3.0) and 2020-12 (OpenAPI 3.1) keywords alike.
void forEachSubschema(Json &schema, const jsonpointer::Trail &at,
                      const std::function<void(Json &, const jsonpointer::Trail &)> &visit);

bool isExtension(QStringView key);

} // namespace portico::core::openapi
