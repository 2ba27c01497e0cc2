#pragma once

#include "credentialredaction.h"
#include "formbody.h"
#include "mockrequest.h"
#include "parameterstyles.h"
#include "rulecondition.h"

#include "core/datagenerator.h"
#include "core/regex.h"
#include "core/json.h"
#include "core/result.h"
#include "core/schema.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <memory>
#include <mutex>
#include <optional>

namespace portico::mock {

// Run settings: the project's `x-portico` object, overridden by command-line options.
struct MockSettings
{
    quint64 seed = 0;
    bool lax = false; // pydantic's lax coercion for bodies
    bool strictResponses = false; // a response that breaks its schema becomes a 500
    bool cors = true;
    QStringList corsOrigins; // empty: any
    QString proxyUrl;
    bool proxyAll = false;
    qint64 maxBodyBytes = 10 * 1024 * 1024;
    int maxDepth = 256;
};

struct ParameterPlan
{
    QString name;
    QString in; // path, query, header, cookie
    enum class Location { Path, Query, Header, Cookie, Unknown };
    Location location = Location::Unknown; // `in`, read once
    bool required = false;
    core::Schema schema;
    // How the value is serialized (style and explode, OpenAPI's defaults for the location).
    ParameterStyle style = ParameterStyle::Form;
    bool explode = true;
    // An object-valued parameter (deepObject, exploded form, k=v pairs): assembled from the request, then
    // validated with `formSchema` (strings read leniently, as form fields are).
    bool object = false;
    core::Schema formSchema;
    QStringList propertyNames; // the object's properties: the keys of an exploded form object
    QStringList otherQueryNames; // the operation's other query parameters: keys such an object cannot claim
    core::JsonArray loc; // ["query", "limit"]: where its errors point
    QByteArray headerName; // lower case, for header parameters
};

struct StreamConfig
{
    bool sse = true; // else NDJSON
    int intervalMs = 1000;
    int count = 10; // 0: until the client leaves
    QString event;
    int retryMs = -1;
    core::JsonArray examples;
    core::Json itemSchema; // raw, for generation
};

// A documented example, prepared once per document version: most mock answers are a static example, and
// they should cost a lookup, not a serialisation and a validation per request.
struct PreparedExample
{
    QString name;
    core::Json value;
    bool templated = false; // contains {{...}}: rendered per request
    QByteArray bytes; // serialised (when not templated)
    core::Json errors; // its mismatches with the schema (FastAPI detail array), null when it matches
};

struct MediaPlan
{
    QString mediaType; // lower case
    QByteArray contentType; // what a response of this media says it is ("*/*" and the like answer JSON)
    core::Json schemaJson; // raw (for generation), null when none
    core::Schema schema;
    QString schemaPointer; // where the schema lives, for generation from the document
    QList<PreparedExample> examples; // in document order
    std::optional<StreamConfig> stream;
    std::shared_ptr<const FormPlan> form; // how a form request body's fields are read; null for other media
};

struct ResponsePlan
{
    QString status; // "200", "4XX", "default"
    int code = 0; // concrete status (for "2XX" the lowest of its class, for default 500)
    QList<MediaPlan> content;
    QList<std::pair<QByteArray, core::Json>> headers; // documented headers and their schemas
};

struct Rule
{
    QList<RuleCondition> when;
    int status = 200;
    QString example;
    std::optional<core::Json> body;
    HeaderList headers;
    QString label; // "x-portico-rules[0]"
};

// x-portico-websocket, compiled: replies match the incoming message like x-portico-rules match a body.
struct WebSocketScript
{
    struct Reply
    {
        QList<RuleCondition> when;
        core::Json send; // one message or a list of them
    };
    core::JsonArray onOpen;
    core::Json stream; // {interval_ms, count, examples, item_schema}, null when none
    QList<Reply> replies;
    bool echo = false;
};

struct FaultPlan
{
    enum class Kind { Status, Reset, SlowBody };
    Kind kind = Kind::Status;
    int status = 500;
    int slowBodyMs = 0;
    double probability = 1.0;
};

struct SecuritySchemePlan
{
    QString name;
    QString type; // apiKey, http, oauth2, openIdConnect
    QString scheme; // bearer, basic
    QString in; // header, query, cookie
    QString parameterName;
    QSet<QString> accepted; // empty: any non-empty credential
};

struct ResourcePlan
{
    QString name;
    QString key = QStringLiteral("id");
    QString envelope;
    bool itemOperation = false; // path ends in a template segment
    QString keyParameter; // that segment's name
    bool uuidKeys = false;
    bool integerKeys = true;
    core::Schema recordSchema;
    // What the server fills in when a created record leaves it out (docs/extensions.md): properties with a
    // documented `default`, and the current time for `readOnly` date-time properties (created_at).
    QList<std::pair<QString, core::Json>> defaults;
    QStringList timestamps;
};

// Everything needed to answer one operation, compiled once per document version.
struct CompiledOperation
{
    QByteArray method;
    QString pathTemplate;
    QString operationId;
    QString pointer;
    QList<ParameterPlan> parameters;
    // Path parameters whose placeholder a template writes into a query string (`/export?filename={filename}`,
    // as ClickSend does): read from that query key. Parameter name → query key.
    QHash<QString, QString> pathParametersInQuery;
    bool hasRequestBody = false;
    bool bodyRequired = false;
    QList<MediaPlan> requestBody;
    QList<ResponsePlan> responses;
    QList<Rule> rules;
    QList<FaultPlan> faults;
    int latencyMin = 0, latencyMax = 0;
    int rateLimitRequests = 0;
    double rateLimitSeconds = 0;
    // Alternatives (OR) of requirements (AND of schemes). Empty: no security.
    QList<QList<const SecuritySchemePlan *>> security;
    std::optional<ResourcePlan> resource;
    std::optional<WebSocketScript> websocket; // x-portico-websocket

    const ResponsePlan *response(int code) const;
    const ResponsePlan *firstSuccess() const;
};

// One segment of a path template: literal text ("users"), one parameter ("{id}"), or text and parameters mixed
// ("{name}.json", "{name}:cancel", "v{version}", "{a}.{b}"), which OpenAPI allows and Discourse's and Google's
// APIs use.
struct TemplateSegment
{
    enum class Kind { Literal, Mixed, Parameter }; // in order of precedence: a literal segment wins
    Kind kind = Kind::Literal;
    QString text; // Literal: the text; Parameter: the name; Mixed: the segment as written
    QRegularExpression pattern; // Mixed: the whole segment, one capture per parameter
    int literalLength = 0; // Mixed: characters of literal text (more wins over fewer)

    static TemplateSegment parse(const QString &segment);
    // The parameters' names, in order; and the segment with each name left out ("{}.json").
    QStringList names() const;
    QString shape() const;
    // Whether `value` (a request path's segment, decoded) fits, appending the parameters' values if so.
    bool matches(QStringView value, QStringList &values) const;
};

struct PathRoute
{
    QString pathTemplate;
    QList<TemplateSegment> segments;
    bool templated = false;
    QHash<QByteArray, std::shared_ptr<CompiledOperation>> operations; // by upper-case method
    // Templates that differ only in their parameters' names (`DELETE /a/{x}`, `GET /a/{y}`) are one route;
    // each method keeps its own template's names, in order.
    QHash<QByteArray, QStringList> parameterNames;
    QByteArray allow; // "GET, POST, HEAD, OPTIONS"
};

// The immutable, compiled form of an API document that server threads read: routes, validators and response
// plans. A new table is compiled for each document version and swapped in whole.
class RouteTable
{
public:
    static core::Result<std::shared_ptr<const RouteTable>> compile(const core::Json &document, const MockSettings &settings,
                                                                   const QString &documentUri = QStringLiteral("urn:portico:project"));

    struct Match
    {
        const PathRoute *route = nullptr;
        const CompiledOperation *operation = nullptr;
        QList<std::pair<QString, QString>> pathParameters; // raw (percent-decoded) values
    };
    // Finds the operation for a method and path. Concrete paths win over templated ones; a trailing slash is
    // ignored. route != null with operation == null means the path exists but not the method. A path under
    // one of the base paths matches without it: clients call the URL the document's servers give.
    Match match(QByteArrayView method, QStringView path) const;
    // The paths of the document's servers ("/v2" from Swagger 2.0's basePath, "/api/v3" from
    // "https://example.com/api/v3", server variables at their defaults), longest first; "/" is none.
    const QStringList &basePaths() const { return m_basePaths; }

    const core::Json &document() const { return m_document; }
    const MockSettings &settings() const { return m_settings; }
    const core::DataGenerator &generator() const { return *m_generator; }
    // Rendered on first use (once, thread-safe): a large document's YAML costs more than compiling it.
    const QByteArray &openApiJson() const;
    const QByteArray &openApiYaml() const;
    const QString &title() const { return m_title; }
    QList<const CompiledOperation *> operations() const;
    // Response examples that break their own schemas (checked when compiled); the mock still sends them.
    int invalidExampleCount() const;
    // Paths the project itself defines (a built-in route such as /docs yields to them).
    bool definesPath(QStringView path) const;
    // Where this document's requests carry credentials (kept out of traces).
    const CredentialPlaces &credentialPlaces() const { return m_credentialPlaces; }

private:
    Match matchPath(QByteArrayView method, QStringView path) const;

    core::Json m_document;
    QStringList m_basePaths;
    MockSettings m_settings;
    std::unique_ptr<core::DataGenerator> m_generator;
    mutable std::once_flag m_jsonOnce, m_yamlOnce;
    mutable QByteArray m_openApiJson;
    mutable QByteArray m_openApiYaml;
    QString m_title;
    QHash<QString, std::shared_ptr<PathRoute>> m_literalRoutes; // normalized path → route
    QHash<int, QList<std::shared_ptr<PathRoute>>> m_templatedRoutes; // by segment count, most specific first
    std::vector<std::unique_ptr<SecuritySchemePlan>> m_securitySchemes;
    CredentialPlaces m_credentialPlaces;
};

} // namespace portico::mock
