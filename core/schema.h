#pragma once

#include "json.h"
#include "result.h"
#include "validationerror.h"

#include <QHash>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace portico::core {

namespace schema {
struct Node;
class Graph;
} // namespace schema
class CompilerState;

struct SchemaOptions
{
    // Assert `format` (date-time, email, uuid, ...) as FastAPI/pydantic do. The JSON Schema suite's required
    // tests expect annotation-only behaviour.
    bool assertFormats = true;
    // pydantic's lax mode for bodies: numeric strings count as numbers, "true"/1 as booleans, and so on.
    bool lax = false;
    // Bounds validation recursion (instance nesting and $ref chains that do not consume input).
    int maxDepth = 256;
};

struct InPlaceCycle;

// A compiled schema: cheap to copy, immutable, safe to use from many threads at once.
class Schema
{
public:
    Schema() = default;

    bool isNull() const { return !m_node; }
    bool isValid(const Json &instance) const;
    // Every error, each with its full loc: `locPrefix` is prepended (e.g. ["body"]).
    ValidationErrors validate(const Json &instance, const JsonArray &locPrefix = {}) const;
    // Converts raw parameter values (path/query/header/cookie arrive as strings; a query key may repeat) to the
    // schema's type as FastAPI does, then validates. Returns the typed value; errors are appended.
    Json coerceParameter(const QStringList &raw, const JsonArray &loc, ValidationErrors *errors) const;
    // Applies pydantic's lax conversions all the way down ("3" → 3 where the schema says integer: form fields,
    // object parameters, lax bodies) and returns the converted copy; what does not convert stays as it was.
    Json coerceLax(const Json &instance) const;

    const SchemaOptions &options() const;
    // The JSON type(s) this schema accepts when that is evident (follows $ref and nullable unions); for
    // parameter coercion and UI hints. A bit per Json::Type.
    unsigned acceptedTypes() const;

private:
    friend class SchemaCompiler;
    friend QList<InPlaceCycle> findInPlaceCycles(const QList<Schema> &schemas);
    Schema(std::shared_ptr<const schema::Graph> graph, const schema::Node *node) : m_graph(std::move(graph)), m_node(node) {}

    std::shared_ptr<const schema::Graph> m_graph;
    const schema::Node *m_node = nullptr;
};

// A cycle of in-place applicators (`$ref`, allOf/anyOf/oneOf, not, if/then/else, dependentSchemas): the
// schema applies itself to the same value again, so no value can be validated against it (recursion_loop).
struct InPlaceCycle
{
    qsizetype schema; // index of the schema it was found from
    QStringList names; // the models along it, the first repeated last: A → B → A
};
// Each such cycle reachable from the schemas, once. A recursive model (a tree whose children are trees) is
// not one: each step moves to a member or item.
QList<InPlaceCycle> findInPlaceCycles(const QList<Schema> &schemas);


// Compiles schemas once into validators. Documents are registered by URI; `$ref`s between them, `$id`,
// `$anchor`, `$dynamicRef` and `$dynamicAnchor` resolve per JSON Schema 2020-12. Every schema compiled by one
// compiler shares one graph, so the models of an API document are compiled once however often they are used.
class SchemaCompiler
{
public:
    // Returns the document at a URI that is not registered (a remote ref); nullopt refuses it.
    using Loader = std::function<std::optional<Json>(const QString &uri)>;

    explicit SchemaCompiler(SchemaOptions options = {});
    ~SchemaCompiler();
    SchemaCompiler(const SchemaCompiler &) = delete;
    SchemaCompiler &operator=(const SchemaCompiler &) = delete;

    void setLoader(Loader loader);
    // Registers a document (a schema, or an OpenAPI document containing schemas) under its retrieval URI.
    void addDocument(const QString &uri, const Json &document);
    // Compiles the schema at `uri` (a registered document URI plus an optional fragment: a JSON pointer or an
    // anchor). Errors name the unresolvable reference.
    Result<Schema> compile(const QString &uri);
    // Compiles a standalone schema value (registered under `uri`).
    Result<Schema> compile(const Json &schema, const QString &uri = QStringLiteral("urn:portico:schema"));

private:
    std::shared_ptr<schema::Graph> m_graph;
    std::unique_ptr<CompilerState> m_state;
};

} // namespace portico::core
