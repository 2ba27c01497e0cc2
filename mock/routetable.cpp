#include "routetable.h"

#include "responsebuilder.h"
#include "templating.h"

#include "core/apidocument.h"
#include "core/canonicalorder.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/yamlio.h"

#include <QUrl>
#include <QVarLengthArray>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

QStringList serverBasePaths(const Json &document)
{
    QStringList paths;
    for (const Json &server : document[u"servers"].toArray()) {
        QString url = server[u"url"].toString();
        // Server variables at their defaults: "https://{region}.example.com/{version}".
        for (const auto &[name, variable] : server[u"variables"].toObject())
            url.replace(u'{' + name + u'}', variable[u"default"].toString());
        QString path = url.startsWith(u'/') ? url : QUrl(url).path(QUrl::FullyEncoded);
        while (path.endsWith(u'/'))
            path.chop(1);
        if (!path.isEmpty() && path.startsWith(u'/') && !path.contains(u'{') && !paths.contains(path))
            paths.append(path);
    }
    // The longest first: /api/v2 is tried before /api.
    std::stable_sort(paths.begin(), paths.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return paths;
}


int parseStatus(const QString &status)
{
    if (status.size() == 3 && status.endsWith(u"XX", Qt::CaseInsensitive))
        return status.left(1).toInt() * 100;
    bool ok = false;
    const int code = status.toInt(&ok);
    return ok ? code : 0;
}

int latencyValue(const Json &v, int *max)
{
    if (v.isNumber()) {
        *max = int(v.toInteger());
        return *max;
    }
    const QStringList parts = v.toString().split(u".."_s);
    if (parts.size() == 2) {
        *max = parts[1].trimmed().toInt();
        return parts[0].trimmed().toInt();
    }
    *max = v.toString().toInt();
    return *max;
}

} // namespace

const ResponsePlan *CompiledOperation::response(int code) const
{
    for (const ResponsePlan &r : responses) {
        // An exact status ("404"), not a range ("4XX") or "default".
        if (r.code == code && r.status.size() == 3 && r.status.at(1).isDigit() && r.status.at(2).isDigit())
            return &r;
    }
    for (const ResponsePlan &r : responses) {
        if (r.status.size() == 3 && r.status.endsWith(u"XX", Qt::CaseInsensitive) && r.code == code / 100 * 100)
            return &r;
    }
    for (const ResponsePlan &r : responses) {
        if (r.status == u"default")
            return &r;
    }
    return nullptr;
}

const ResponsePlan *CompiledOperation::firstSuccess() const
{
    // `default` is compiled as 200 but describes errors: a documented 204 wins over it (issue 13, item 5).
    // An exact status says more than a range: `201` wins over `2XX` (compiled as 200).
    const auto isRange = [](const ResponsePlan &r) { return !r.status.at(1).isDigit(); };
    const ResponsePlan *best = nullptr;
    for (const ResponsePlan &r : responses) {
        if (r.status == u"default" || r.code < 200 || r.code >= 300)
            continue;
        if (!best || std::pair(isRange(r), r.code) < std::pair(isRange(*best), best->code))
            best = &r;
    }
    if (best)
        return best;
    for (const ResponsePlan &r : responses) {
        if (r.status == u"default")
            return &r;
    }
    return responses.isEmpty() ? nullptr : &responses.first();
}

namespace {

// A request path's segments, percent-decoded: "/a/b%2Fc/" gives {"a", "b/c"} (an empty path and a trailing
// slash give no segment). Segments are views into the path itself unless they needed decoding, so matching
// the usual path costs no allocation.
class PathSegments
{
public:
    explicit PathSegments(QStringView encodedPath)
    {
        // A plain loop over the characters: QStringView's tokenize() and contains() run each one-character
        // search through Qt 6.4's general substring search.
        qsizetype start = 0;
        for (qsizetype i = 0; i <= encodedPath.size(); ++i) {
            if (i < encodedPath.size() && encodedPath[i] != u'/')
                continue;
            QStringView part = encodedPath.sliced(start, i - start);
            start = i + 1;
            if (part.isEmpty())
                continue;
            if (std::find(part.begin(), part.end(), u'%') != part.end()) {
                m_decoded.append(QUrl::fromPercentEncoding(part.toUtf8()));
                part = m_decoded.last(); // the string's buffer stays put when m_decoded grows
            }
            m_views.append(part);
        }
    }

    qsizetype size() const { return m_views.size(); }
    QStringView operator[](qsizetype i) const { return m_views[i]; }

    // Runs `use` with the segments joined by '/' (the literal route table's key). A path without
    // percent-encoding or repeated slashes already holds that text, and a non-owning string over it serves
    // for the lookup.
    template <typename Use>
    auto withKey(Use use) const
    {
        if (m_decoded.isEmpty() && !m_views.isEmpty()) {
            // The span from the first segment to the last is the key when single slashes separate them.
            const QStringView span(m_views.first().data(), m_views.last().data() + m_views.last().size());
            qsizetype joinedSize = m_views.size() - 1;
            for (QStringView view : m_views)
                joinedSize += view.size();
            if (span.size() == joinedSize)
                return use(QString::fromRawData(span.data(), span.size()));
        }
        QString key;
        for (qsizetype i = 0; i < m_views.size(); ++i)
            key += (i ? u"/" : u"") + m_views[i].toString();
        return use(key);
    }

private:
    QVarLengthArray<QStringView, 8> m_views;
    QStringList m_decoded; // the segments that needed decoding
};

} // namespace

namespace {

class Compiler
{
public:
    Compiler(const Json &document, const MockSettings &settings, const QString &uri)
        : m_document(document), m_uri(uri), m_requests(requestOptions(settings)), m_forms(formOptions(settings))
        , m_responses(responseOptions(settings))
    {
        m_requests.addDocument(uri, document);
        m_forms.addDocument(uri, document);
        m_responses.addDocument(uri, document);
    }

    // Form fields are strings on the wire; like FastAPI's Form(...), they are always read leniently.
    static SchemaOptions formOptions(const MockSettings &s)
    {
        SchemaOptions o = requestOptions(s);
        o.lax = true;
        return o;
    }

    static SchemaOptions requestOptions(const MockSettings &s)
    {
        SchemaOptions o;
        o.lax = s.lax;
        o.maxDepth = s.maxDepth;
        return o;
    }
    static SchemaOptions responseOptions(const MockSettings &s)
    {
        SchemaOptions o;
        o.maxDepth = s.maxDepth;
        return o;
    }

    // A schema that does not compile leaves its value unvalidated; `portico check` reports why.
    Schema compile(SchemaCompiler &compiler, const QString &pointer)
    {
        auto compiled = compiler.compile(m_uri + u'#' + pointer);
        return compiled.ok() ? compiled.value() : Schema();
    }

    MediaPlan media(const ApiMediaType &m, bool forResponse)
    {
        MediaPlan plan;
        plan.mediaType = m.name.toLower();
        plan.contentType = plan.mediaType.contains(u'*') ? "application/json"_ba : plan.mediaType.toLatin1();
        const bool multipart = plan.mediaType == u"multipart/form-data";
        const bool form = multipart || plan.mediaType == u"application/x-www-form-urlencoded";
        if (!m.schema.isNull()) {
            plan.schemaJson = m.schema;
            plan.schemaPointer = m.pointer + u"/schema"_s;
            plan.schema = compile(forResponse ? m_responses : (form ? m_forms : m_requests), plan.schemaPointer);
        }
        if (form && !forResponse) {
            const Json *mediaObject = jsonpointer::resolve(m_document, m.pointer);
            plan.form = std::make_shared<const FormPlan>(
                planForm(m.schema, mediaObject ? (*mediaObject)[u"encoding"] : Json(), m_document, multipart));
        }
        for (const auto &[name, raw] : m.examples) {
            const Json *example = &jsonpointer::followLocalRefs(raw, m_document);
            if (example->toObject().contains(u"value"))
                plan.examples.append(prepare(name, (*example)[u"value"], plan));
        }
        if (m.example)
            plan.examples.append(prepare(u"example"_s, *m.example, plan));
        const Json &stream = jsonpointer::resolve(m_document, m.pointer) ? (*jsonpointer::resolve(m_document, m.pointer))[u"x-portico-stream"] : Json::null();
        const bool sse = plan.mediaType == u"text/event-stream";
        const bool ndjson = plan.mediaType == u"application/x-ndjson" || plan.mediaType == u"application/jsonl";
        if (forResponse && (sse || ndjson)) {
            StreamConfig s;
            s.sse = sse;
            s.intervalMs = int(stream[u"interval_ms"].toInteger(1000));
            s.count = int(stream[u"count"].toInteger(10));
            s.event = stream[u"event"].toString();
            s.retryMs = int(stream[u"retry_ms"].toInteger(-1));
            s.examples = stream[u"examples"].toArray();
            s.itemSchema = stream[u"item_schema"];
            plan.stream = s;
        }
        return plan;
    }

    PreparedExample prepare(const QString &name, const Json &value, const MediaPlan &plan) const
    {
        PreparedExample e{name, value, containsTemplates(value), {}, {}};
        if (!e.templated) {
            e.bytes = encodeBody(value, plan, m_document);
            if (!plan.schema.isNull()) {
                const ValidationErrors errors = plan.schema.validate(value, JsonArray{Json(u"response"_s)});
                if (!errors.isEmpty())
                    e.errors = detailBody(errors)[u"detail"];
            }
        }
        return e;
    }

    void securitySchemes(std::vector<std::unique_ptr<SecuritySchemePlan>> &out, const ApiDocument &doc)
    {
        for (const ApiSecurityScheme &s : doc.securitySchemes()) {
            auto plan = std::make_unique<SecuritySchemePlan>();
            plan->name = s.name;
            plan->type = s.type;
            plan->scheme = s.scheme.toLower(); // HTTP auth scheme names are case-insensitive (RFC 7235)
            plan->in = s.in;
            plan->parameterName = s.parameterName;
            for (const Json &c : m_document[u"components"][u"securitySchemes"][s.name][u"x-portico-credentials"].toArray())
                plan->accepted.insert(c.toString());
            m_schemes.insert(s.name, plan.get());
            out.push_back(std::move(plan));
        }
    }

    QList<QList<const SecuritySchemePlan *>> security(const Json &requirements)
    {
        QList<QList<const SecuritySchemePlan *>> out;
        for (const Json &requirement : requirements.toArray()) {
            QList<const SecuritySchemePlan *> all;
            for (const auto &[name, scopes] : requirement.toObject()) {
                if (const SecuritySchemePlan *s = m_schemes.value(name))
                    all.append(s);
            }
            out.append(all); // an empty requirement ({}) makes security optional
        }
        return out;
    }

    std::shared_ptr<CompiledOperation> operation(const ApiEndpoint &e, const Json &pathItem)
    {
        auto op = std::make_shared<CompiledOperation>();
        op->method = e.method.toUpper().toLatin1();
        op->pathTemplate = e.path;
        for (const QString &pair : e.path.section(u'?', 1).section(u'#', 0, 0).split(u'&', Qt::SkipEmptyParts)) {
            const QString key = pair.section(u'=', 0, 0), value = pair.section(u'=', 1);
            if (value.size() > 2 && value.startsWith(u'{') && value.endsWith(u'}') && !key.contains(u'{'))
                op->pathParametersInQuery.insert(value.mid(1, value.size() - 2), key);
        }
        op->operationId = e.operationId;
        op->pointer = e.pointer;
        for (const ApiParameter &p : e.parameters) {
            // OpenAPI: header parameters named Accept, Content-Type or Authorization are ignored (the media
            // types and the security requirements say those); validating them refused valid requests
            // (Docker's POST /build, issue 13, item 11).
            if (p.in == u"header"
                && (p.name.compare(u"accept", Qt::CaseInsensitive) == 0 || p.name.compare(u"content-type", Qt::CaseInsensitive) == 0
                    || p.name.compare(u"authorization", Qt::CaseInsensitive) == 0))
                continue;
            ParameterPlan plan;
            plan.name = p.name;
            plan.in = p.in;
            plan.required = p.required;
            using L = ParameterPlan::Location;
            plan.location = p.in == u"path" ? L::Path : p.in == u"query" ? L::Query : p.in == u"header" ? L::Header
                          : p.in == u"cookie" ? L::Cookie : L::Unknown;
            if (!p.schema.isNull())
                plan.schema = compile(m_requests, p.pointer + u"/schema"_s);
            const Json *raw = jsonpointer::resolve(m_document, p.pointer);
            const Json &explode = raw ? (*raw)[u"explode"] : Json::null();
            // A style OpenAPI does not define is read as the location's default; `portico check` names it.
            plan.style = parameterStyle(raw ? (*raw)[u"style"].toString() : QString(), p.in)
                             .value_or(*parameterStyle(QString(), p.in));
            plan.explode = explode.isBool() ? explode.toBool() : defaultExplode(plan.style);
            if (!plan.schema.isNull()) {
                const unsigned types = plan.schema.acceptedTypes();
                plan.object = (types & (1u << unsigned(Json::Type::Object))) && !(types & (1u << unsigned(Json::Type::Array)))
                    && !(types & (1u << unsigned(Json::Type::String)));
                if (plan.object) {
                    plan.formSchema = compile(m_forms, p.pointer + u"/schema"_s);
                    const Json *schema = jsonpointer::resolve(m_document, QString(p.pointer + u"/schema"_s));
                    for (const auto &[name, property] : schema ? jsonpointer::followLocalRefs(*schema, m_document)[u"properties"].toObject() : JsonObject{})
                        plan.propertyNames.append(name);
                }
            }
            plan.loc = JsonArray{Json(p.in), Json(p.name)};
            plan.headerName = p.name.toLower().toLatin1();
            op->parameters.append(plan);
        }
        // Known once per document: the query keys an exploded form object without properties leaves alone.
        for (ParameterPlan &plan : op->parameters) {
            if (!plan.object || plan.location != ParameterPlan::Location::Query)
                continue;
            for (const ParameterPlan &other : std::as_const(op->parameters)) {
                if (other.location == ParameterPlan::Location::Query && other.name != plan.name)
                    plan.otherQueryNames.append(other.name);
            }
        }
        if (e.requestBody) {
            op->hasRequestBody = true;
            op->bodyRequired = e.requestBody->required;
            for (const ApiMediaType &m : e.requestBody->content)
                op->requestBody.append(media(m, false));
        }
        for (const ApiResponse &r : e.responses) {
            ResponsePlan plan;
            plan.status = r.status;
            plan.code = r.status == u"default" ? 200 : parseStatus(r.status);
            for (const ApiMediaType &m : r.content)
                plan.content.append(media(m, true));
            for (const auto &[name, header] : r.headers)
                plan.headers.append({name.toLower().toLatin1(), header});
            op->responses.append(plan);
        }
        const Json &raw = pathItem[e.method];
        auto extension = [&](QStringView name) -> const Json & {
            const Json &own = raw[name];
            return own.isNull() ? pathItem[name] : own;
        };
        const JsonArray &rules = raw[u"x-portico-rules"].toArray();
        for (size_t i = 0; i < rules.size(); ++i)
            op->rules.append(rule(rules[i], u"x-portico-rules[%1]"_s.arg(i)));
        for (const Json &f : extension(u"x-portico-faults").toArray()) {
            FaultPlan fault;
            fault.probability = f[u"probability"].isNumber() ? f[u"probability"].toDouble() : 1.0;
            if (f[u"reset"].toBool())
                fault.kind = FaultPlan::Kind::Reset;
            else if (f[u"slow_body_ms"].isNumber()) {
                fault.kind = FaultPlan::Kind::SlowBody;
                fault.slowBodyMs = int(f[u"slow_body_ms"].toInteger());
            } else if (f[u"status"].isNumber())
                fault.status = int(f[u"status"].toInteger());
            else
                continue;
            op->faults.append(fault);
        }
        if (const Json &latency = extension(u"x-portico-latency"); !latency.isNull())
            op->latencyMin = latencyValue(latency, &op->latencyMax);
        if (const Json &limit = extension(u"x-portico-rate-limit"); limit.isObject()) {
            op->rateLimitRequests = int(limit[u"requests"].toInteger());
            op->rateLimitSeconds = limit[u"per_seconds"].toDouble(60);
        }
        const Json *security = raw.toObject().find(u"security");
        op->security = this->security(security ? *security : m_document[u"security"]);
        if (const Json &resource = extension(u"x-portico-resource"); !resource.isNull())
            op->resource = resourcePlan(resource, e, *op);
        if (const Json &ws = raw[u"x-portico-websocket"]; ws.isObject()) {
            WebSocketScript script;
            script.onOpen = ws[u"on_open"].toArray();
            script.stream = ws[u"stream"];
            for (const Json &reply : ws[u"replies"].toArray())
                script.replies.append({compileConditions(reply[u"when"]), reply[u"send"]});
            script.echo = ws[u"echo"].toBool();
            op->websocket = std::move(script);
        }
        return op;
    }

    ResourcePlan resourcePlan(const Json &config, const ApiEndpoint &e, const CompiledOperation &op)
    {
        ResourcePlan plan;
        if (config.isString()) {
            plan.name = config.toString();
        } else {
            plan.name = config[u"name"].toString();
            if (config[u"key"].isString())
                plan.key = config[u"key"].toString();
            plan.envelope = config[u"envelope"].toString();
        }
        const QStringList segments = e.path.split(u'/', Qt::SkipEmptyParts);
        if (!segments.isEmpty() && segments.last().startsWith(u'{') && segments.last().endsWith(u'}')) {
            plan.itemOperation = true;
            plan.keyParameter = segments.last().mid(1, segments.last().size() - 2);
            for (const ParameterPlan &p : op.parameters) {
                if (p.name == plan.keyParameter) {
                    const unsigned types = p.schema.acceptedTypes();
                    plan.integerKeys = types == 0 || (types & (1u << unsigned(Json::Type::Integer)));
                }
            }
        }
        // The record schema: what the operation answers (PATCH re-validates the merged record against it).
        if (const ResponsePlan *ok = op.firstSuccess()) {
            for (const MediaPlan &m : ok->content) {
                if (m.mediaType.contains(u"json") && !m.schema.isNull()) {
                    plan.recordSchema = m.schema;
                    const Json &record = local(m.schemaJson);
                    const Json &keySchema = local(record[u"properties"][plan.key]);
                    plan.uuidKeys = keySchema[u"format"].toString() == u"uuid";
                    if (keySchema[u"type"].isString())
                        plan.integerKeys = keySchema[u"type"].toString() == u"integer";
                    // The record's properties, with those of its allOf members (`allOf: [{$ref: Base}, {...}]`).
                    JsonArray parts{record};
                    for (const Json &member : record[u"allOf"].toArray())
                        parts.push_back(local(member));
                    for (const Json &part : parts) {
                        for (const auto &[name, property] : part[u"properties"].toObject()) {
                            const Json &p = local(property);
                            if (p.toObject().contains(u"default"))
                                plan.defaults.append({name, p[u"default"]});
                            else if (p[u"readOnly"].toBool() && p[u"format"].toString() == u"date-time")
                                plan.timestamps.append(name);
                        }
                    }
                    break;
                }
            }
        }
        return plan;
    }

    // A schema, or the local schema its $ref points at (one step; a reference that leads nowhere is null).
    const Json &local(const Json &schema) const
    {
        if (!schema[u"$ref"].isString() || !schema[u"$ref"].toString().startsWith(u'#'))
            return schema;
        const Json *target = jsonpointer::resolve(m_document, jsonpointer::fromUriFragment(schema[u"$ref"].toString()));
        return target ? *target : Json::null();
    }

    Rule rule(const Json &raw, const QString &label)
    {
        Rule r;
        r.label = label;
        r.when = compileConditions(raw[u"when"]);
        const Json &respond = raw[u"respond"];
        r.status = int(respond[u"status"].toInteger(200));
        r.example = respond[u"example"].toString();
        if (respond.toObject().contains(u"body"))
            r.body = respond[u"body"];
        for (const auto &[name, value] : respond[u"headers"].toObject())
            r.headers.append({name.toLower().toLatin1(), value.isString() ? value.toString().toUtf8() : toJson(value)});
        return r;
    }

private:
    const Json &m_document;
    QString m_uri;
    SchemaCompiler m_requests;
    SchemaCompiler m_forms;
    SchemaCompiler m_responses;
    QHash<QString, const SecuritySchemePlan *> m_schemes;
};

} // namespace

Result<std::shared_ptr<const RouteTable>> RouteTable::compile(const Json &document, const MockSettings &settings, const QString &uri)
{
    if (auto error = checkIsOpenApi31(document, uri, {}))
        return *error;
    auto table = std::shared_ptr<RouteTable>(new RouteTable);
    table->m_document = document;
    table->m_settings = settings;
    GeneratorOptions generatorOptions;
    generatorOptions.seed = settings.seed;
    table->m_generator = std::make_unique<DataGenerator>(document, generatorOptions);
    table->m_title = document[u"info"][u"title"].toString();

    ApiDocument doc;
    doc.setRoot(document);
    Compiler compiler(document, settings, uri);
    compiler.securitySchemes(table->m_securitySchemes, doc);
    for (const auto &scheme : table->m_securitySchemes)
        table->m_credentialPlaces.add(*scheme);

    table->m_basePaths = serverBasePaths(document);
    QHash<QString, std::shared_ptr<PathRoute>> routes; // by shape: templates differing only in names are one
    QList<std::shared_ptr<PathRoute>> ordered;
    for (const ApiEndpoint &e : doc.endpoints()) {
        QList<TemplateSegment> segments;
        QStringList shape, names;
        // A query string or fragment written into the path (`/export?filename={filename}`, AWS's and Box's
        // `/schema#add`) is not part of what a client sends as the path: routed without it.
        const QString routedPath = e.path.section(u'?', 0, 0).section(u'#', 0, 0);
        for (const QString &segment : routedPath.split(u'/', Qt::SkipEmptyParts)) {
            segments.append(TemplateSegment::parse(segment));
            shape.append(segments.last().shape());
            names += segments.last().names();
        }
        auto &route = routes[shape.join(u'/')];
        if (!route) {
            route = std::make_shared<PathRoute>();
            route->pathTemplate = e.path;
            route->templated = std::any_of(segments.cbegin(), segments.cend(),
                                           [](const TemplateSegment &t) { return t.kind != TemplateSegment::Kind::Literal; });
            route->segments = std::move(segments);
            ordered.append(route);
        }
        const QByteArray method = e.method.toUpper().toLatin1();
        if (route->operations.contains(method))
            continue; // the same method under an equivalent template: the first one serves (`check` warns)
        route->operations.insert(method, compiler.operation(e, document[u"paths"][e.path]));
        route->parameterNames.insert(method, names);
    }
    for (const auto &route : ordered) {
        QByteArrayList methods;
        for (const QString &m : ApiDocument::kMethods) {
            const QByteArray upper = m.toUpper().toLatin1();
            if (route->operations.contains(upper))
                methods.append(upper);
        }
        if (route->operations.contains("GET") && !route->operations.contains("HEAD"))
            methods.append("HEAD");
        if (!route->operations.contains("OPTIONS"))
            methods.append("OPTIONS");
        route->allow = methods.join(", ");
        if (!route->templated) {
            QStringList texts;
            for (const TemplateSegment &segment : std::as_const(route->segments))
                texts.append(segment.text);
            table->m_literalRoutes.insert(texts.join(u'/'), route);
        } else {
            table->m_templatedRoutes[int(route->segments.size())].append(route);
        }
    }
    // Most specific first: at the first position where two templates differ, a literal segment wins over text
    // with parameters in it (more literal text first), which wins over a bare parameter.
    for (auto &list : table->m_templatedRoutes) {
        std::stable_sort(list.begin(), list.end(), [](const auto &a, const auto &b) {
            for (qsizetype i = 0; i < a->segments.size(); ++i) {
                const TemplateSegment &x = a->segments[i];
                const TemplateSegment &y = b->segments[i];
                if (x.kind != y.kind)
                    return x.kind < y.kind;
                if (x.kind == TemplateSegment::Kind::Mixed && x.literalLength != y.literalLength)
                    return x.literalLength > y.literalLength;
            }
            return false;
        });
    }
    return std::shared_ptr<const RouteTable>(std::move(table));
}

TemplateSegment TemplateSegment::parse(const QString &segment)
{
    TemplateSegment t;
    t.text = segment;
    QString pattern;
    qsizetype at = 0;
    int parameters = 0;
    for (auto it = pathTemplateParameter().globalMatch(segment); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        // Greedy: the literal text after a parameter is its last occurrence ("{stem}.{extension}" reads
        // "report.2024.gz" as report.2024 and gz), as a file name's extension is.
        pattern += QRegularExpression::escape(segment.mid(at, m.capturedStart() - at)) + u"(.+)"_s;
        t.literalLength += int(m.capturedStart() - at);
        at = m.capturedEnd();
        ++parameters;
    }
    if (parameters == 0)
        return t;
    if (parameters == 1 && segment.startsWith(u'{') && segment.endsWith(u'}') && at == segment.size()) {
        t.kind = Kind::Parameter;
        t.text = segment.mid(1, segment.size() - 2);
        return t;
    }
    t.kind = Kind::Mixed;
    t.literalLength += int(segment.size() - at);
    t.pattern.setPattern(QRegularExpression::anchoredPattern(pattern + QRegularExpression::escape(segment.mid(at))));
    t.pattern.optimize();
    return t;
}

QStringList TemplateSegment::names() const
{
    switch (kind) {
    case Kind::Literal:
        return {};
    case Kind::Parameter:
        return {text};
    case Kind::Mixed:
        break;
    }
    QStringList out;
    for (auto it = pathTemplateParameter().globalMatch(text); it.hasNext();)
        out.append(it.next().captured(1));
    return out;
}

QString TemplateSegment::shape() const
{
    switch (kind) {
    case Kind::Literal:
        return text;
    case Kind::Parameter:
        return u"{}"_s;
    case Kind::Mixed:
        break;
    }
    return QString(text).replace(pathTemplateParameter(), u"{}"_s);
}

bool TemplateSegment::matches(QStringView value, QStringList &values) const
{
    switch (kind) {
    case Kind::Literal:
        return value == text;
    case Kind::Parameter:
        if (value.isEmpty())
            return false;
        values.append(value.toString());
        return true;
    case Kind::Mixed:
        break;
    }
    const QRegularExpressionMatch m = pattern.match(value);
    if (!m.hasMatch())
        return false;
    for (int i = 1; i <= m.lastCapturedIndex(); ++i)
        values.append(m.captured(i));
    return true;
}

RouteTable::Match RouteTable::match(QByteArrayView method, QStringView path) const
{
    Match m = matchPath(method, path);
    for (qsizetype i = 0; !m.route && i < m_basePaths.size(); ++i) {
        const QString &base = m_basePaths[i];
        if (path.startsWith(base) && (path.size() == base.size() || path[base.size()] == u'/'))
            m = matchPath(method, path.sliced(base.size()));
    }
    return m;
}

RouteTable::Match RouteTable::matchPath(QByteArrayView method, QStringView path) const
{
    Match m;
    const PathSegments segments(path);
    const PathRoute *route = segments.withKey([this](const QString &key) {
        const auto found = m_literalRoutes.constFind(key);
        return found == m_literalRoutes.cend() ? nullptr : found->get();
    });
    QStringList values; // of the template's parameters, in order
    const auto sameLength = m_templatedRoutes.constFind(int(segments.size()));
    if (!route && sameLength != m_templatedRoutes.cend()) {
        for (const auto &candidate : *sameLength) {
            bool ok = true;
            values.clear();
            for (qsizetype i = 0; ok && i < segments.size(); ++i)
                ok = candidate->segments[i].matches(segments[i], values);
            if (ok) {
                route = candidate.get();
                break;
            }
        }
    }
    if (!route)
        return m;
    m.route = route;
    // Methods arrive in upper case; a non-owning array over them serves for the lookup.
    QByteArray upper = QByteArray::fromRawData(method.data(), method.size());
    if (!upper.isUpper())
        upper = upper.toUpper();
    auto operation = route->operations.constFind(upper);
    if (operation == route->operations.cend() && upper == "HEAD")
        operation = route->operations.constFind(QByteArrayLiteral("GET"));
    m.operation = operation == route->operations.cend() ? nullptr : operation->get();
    if (m.operation) {
        const QStringList &names = route->parameterNames[operation.key()];
        for (qsizetype i = 0; i < names.size() && i < values.size(); ++i)
            m.pathParameters.append({names[i], values[i]});
    }
    return m;
}

namespace {

// What /openapi.json serves: the document, with this mock first in `servers` when the document names others,
// so that "Try it out" in /docs calls the mock rather than the staging or production server the document
// lists (Swagger UI sends to the first server). "/" is relative to wherever the mock runs.
Json servedDocument(const Json &document)
{
    Json served = canonicalOpenApiOrder(document);
    if (served[u"servers"].isArray() && !served[u"servers"].toArray().empty()) {
        JsonArray servers = served[u"servers"].toArray();
        servers.insert(servers.begin(), Json(JsonObject{{u"url"_s, Json(u"/"_s)},
                                                        {u"description"_s, Json(u"This Portico mock server"_s)}}));
        served.object().insert(u"servers"_s, Json(std::move(servers)));
    }
    return served;
}

} // namespace

const QByteArray &RouteTable::openApiJson() const
{
    std::call_once(m_jsonOnce, [this] { m_openApiJson = toJson(servedDocument(m_document)); });
    return m_openApiJson;
}

const QByteArray &RouteTable::openApiYaml() const
{
    std::call_once(m_yamlOnce, [this] { m_openApiYaml = toYaml(servedDocument(m_document)); });
    return m_openApiYaml;
}

QList<const CompiledOperation *> RouteTable::operations() const
{
    QList<const CompiledOperation *> out;
    auto collect = [&](const PathRoute &r) {
        for (const auto &op : r.operations)
            out.append(op.get());
    };
    for (const auto &r : m_literalRoutes)
        collect(*r);
    for (const auto &list : m_templatedRoutes) {
        for (const auto &r : list)
            collect(*r);
    }
    return out;
}

int RouteTable::invalidExampleCount() const
{
    int count = 0;
    for (const CompiledOperation *op : operations()) {
        for (const ResponsePlan &response : op->responses) {
            for (const MediaPlan &media : response.content) {
                count += int(std::count_if(media.examples.cbegin(), media.examples.cend(),
                                           [](const PreparedExample &e) { return !e.errors.isNull(); }));
            }
        }
    }
    return count;
}

bool RouteTable::definesPath(QStringView path) const
{
    const Match m = match("GET", path);
    return m.route != nullptr;
}

} // namespace portico::mock
