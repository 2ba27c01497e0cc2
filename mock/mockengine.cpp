#include "mockengine.h"

#include "docspages.h"
#include "har.h"
#include "ratelimiter.h"
#include "requestvalidation.h"
#include "resourcehandler.h"
#include "resourcestore.h"
#include "responsebuilder.h"
#include "security.h"

#include "core/jsonpointer.h"
#include "core/jsonwriter.h"

#include <QDateTime>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

quint64 mix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Generated data depends on the seed and the request alone, so the same request gets the same answer.
quint64 requestSalt(const MockRequest &r, quint64 seed)
{
    quint64 h = seed ^ 1469598103934665603ull;
    for (const QByteArray *part : {&r.method, &r.target, &r.body}) {
        for (char c : *part)
            h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    return mix(h);
}

// Faults and latency ranges draw from a sequence: the same seed and request sequence give the same run.
double unitRandom(quint64 seed, quint64 sequence, quint64 stream)
{
    return double(mix(seed ^ mix(sequence * 31 + stream)) >> 11) / double(1ull << 53);
}

bool ruleMatches(const Rule &rule, const MockRequest &request, const QList<std::pair<QString, QString>> &pathParams,
                 const ValidatedRequest &validated)
{
    for (const RuleCondition &c : rule.when) {
        QList<Json> values;
        switch (c.source) {
        case RuleCondition::Source::Path:
            for (const auto &[name, value] : pathParams) {
                if (name == c.name)
                    values.append(Json(value));
            }
            break;
        case RuleCondition::Source::Query:
            for (const QString &v : request.queryValues(c.name))
                values.append(Json(v));
            break;
        case RuleCondition::Source::Header:
            if (request.hasHeader(c.name.toLatin1()))
                values.append(Json(QString::fromUtf8(request.header(c.name.toLatin1()))));
            break;
        case RuleCondition::Source::Cookie:
            if (request.hasCookie(c.name))
                values.append(Json(request.cookie(c.name)));
            break;
        case RuleCondition::Source::Body:
            if (validated.bodyParsed) {
                if (const Json *v = jsonpointer::resolve(validated.body, c.name))
                    values.append(*v);
            }
            break;
        }
        if (!c.holds(values))
            return false;
    }
    return true;
}

// Prism's `Prefer: code=404, example=notFound, dynamic=true`.
ResponseChoice preferChoice(const QByteArray &prefer, bool *given)
{
    ResponseChoice choice;
    *given = false;
    if (prefer.isEmpty())
        return choice;
    for (QByteArray part : prefer.split(',')) {
        for (QByteArray item : part.split(';')) {
            item = item.trimmed();
            const qsizetype eq = item.indexOf('=');
            if (eq < 0)
                continue;
            const QByteArray key = item.left(eq).trimmed().toLower();
            const QByteArray value = item.mid(eq + 1).trimmed();
            if (key == "code") {
                // Only a status HTTP can carry: `code=18446744073709551617` once went out as "HTTP/1.1 0".
                bool ok = false;
                const int code = value.toInt(&ok);
                if (ok && code >= 100 && code <= 599) {
                    choice.status = code;
                    *given = true;
                }
            } else if (key == "example") {
                choice.example = QString::fromUtf8(value);
                *given = true;
            } else if (key == "dynamic") {
                choice.dynamic = value == "true";
                *given = true;
            }
        }
    }
    return choice;
}

void addCors(MockResponse &r, const MockRequest &request, const MockSettings &settings)
{
    if (!settings.cors)
        return;
    const QByteArray origin = request.header("origin");
    if (!settings.corsOrigins.isEmpty()) {
        // Origins the user named (x-portico cors.origins, --cors-origin) may send cookies and credentials.
        if (!settings.corsOrigins.contains(QString::fromUtf8(origin)))
            return;
        r.setHeader("access-control-allow-origin"_ba, origin);
        r.setHeader("access-control-allow-credentials"_ba, "true"_ba);
        r.setHeader("vary"_ba, "Origin"_ba);
    } else {
        // The friendly default: any page may call the mock, but never with the browser's credentials for it,
        // so no page can act as the user on the mock or read what their cookies unlock.
        r.setHeader("access-control-allow-origin"_ba, "*"_ba);
    }
    r.setHeader("access-control-expose-headers"_ba, "*"_ba);
}

MockResponse jsonResponse(int status, const QByteArray &body)
{
    MockResponse r;
    r.status = status;
    r.setHeader("content-type"_ba, "application/json"_ba);
    r.body = body;
    return r;
}

} // namespace

QByteArray detailMessage(QStringView message)
{
    return toJson(Json(JsonObject{{u"detail"_s, Json(message.toString())}}));
}

MockEngine::MockEngine(QObject *parent)
    : QObject(parent), m_resources(std::make_unique<ResourceStore>()), m_rateLimiter(std::make_unique<RateLimiter>())
{
}

MockEngine::~MockEngine() = default;

Result<bool> MockEngine::setDocument(const Json &document, const MockSettings &settings)
{
    auto compiled = RouteTable::compile(document, settings);
    if (!compiled.ok())
        return compiled.error();
    seedResources(*m_resources, *compiled.value());
    m_table.store(compiled.value(), std::memory_order_release);
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    return true;
}

void MockEngine::resetResources()
{
    m_resources = std::make_unique<ResourceStore>();
}

Result<bool> MockEngine::flush()
{
    return m_resources->flush();
}

MockEngine::Outcome MockEngine::handle(const MockRequest &request, const RouteTable &table)
{
    Outcome out;
    TraceRecord &trace = out.trace;
    trace.started = QDateTime::currentDateTimeUtc();
    trace.client = request.client;
    trace.method = request.method;
    trace.target = request.target;
    trace.requestHeaders = request.headers;
    const MockSettings &settings = table.settings();
    const quint64 sequence = m_sequence.fetch_add(1, std::memory_order_relaxed);

    auto finish = [&](MockResponse response) -> Outcome {
        addCors(response, request, settings);
        out.response = std::move(response);
        return std::move(out); // handle() returns what this returns: move it out, don't copy it
    };

    const RouteTable::Match match = table.match(request.method, request.path);

    // Built-in documentation routes, unless the project defines the same path; always under /_portico/.
    const bool reserved = request.path.startsWith(u"/_portico/"_s);
    if ((reserved || !match.route) && (request.method == "GET" || request.method == "HEAD")) {
        const QString path = reserved ? request.path.mid(9) : request.path;
        if (path == u"/openapi.json") {
            MockResponse r = jsonResponse(200, table.openApiJson());
            return finish(std::move(r));
        }
        if (path == u"/openapi.yaml") {
            MockResponse r;
            r.setHeader("content-type"_ba, "application/yaml; charset=utf-8"_ba);
            r.body = table.openApiYaml();
            return finish(std::move(r));
        }
        const QString openApiUrl = reserved ? u"/_portico/openapi.json"_s : u"/openapi.json"_s;
        if (const auto asset = docsAsset(request.path, table.title(), openApiUrl)) {
            MockResponse r;
            r.setHeader("content-type"_ba, asset->contentType);
            r.setHeader("cache-control"_ba, "no-cache"_ba);
            r.body = asset->body;
            return finish(std::move(r));
        }
    }

    // CORS preflight.
    if (settings.cors && request.method == "OPTIONS" && request.hasHeader("origin")
        && request.hasHeader("access-control-request-method")) {
        MockResponse r;
        r.status = 204;
        const RouteTable::Match m = table.match(request.header("access-control-request-method"), request.path);
        r.setHeader("access-control-allow-methods"_ba, m.route ? m.route->allow : "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"_ba);
        const QByteArray requested = request.header("access-control-request-headers");
        r.setHeader("access-control-allow-headers"_ba, requested.isEmpty() ? "*"_ba : requested);
        r.setHeader("access-control-max-age"_ba, "600"_ba);
        return finish(std::move(r));
    }

    if (!match.route) {
        if (!settings.proxyUrl.isEmpty()) {
            out.forwardToProxy = true;
            return out;
        }
        return finish(jsonResponse(404, detailMessage(u"Not Found")));
    }
    if (!match.operation) {
        MockResponse r;
        if (request.method == "OPTIONS") {
            r.status = 204;
        } else {
            r = jsonResponse(405, detailMessage(u"Method Not Allowed"));
        }
        r.setHeader("allow"_ba, match.route->allow);
        return finish(std::move(r));
    }
    const CompiledOperation &op = *match.operation;
    trace.operationId = op.operationId;
    trace.operationPointer = op.pointer;
    if (settings.proxyAll && !settings.proxyUrl.isEmpty()) {
        // Contract testing: the request is checked against the document too, then the backend answers.
        const ValidatedRequest checked = validateRequest(request, op, match.pathParameters, settings);
        if (!checked.errors.isEmpty())
            trace.requestErrors = detailBody(checked.errors)[u"detail"];
        out.forwardToProxy = true;
        return out;
    }
    const quint64 salt = requestSalt(request, settings.seed);

    // Answers that come before validation carry the operation's documented example for that status if any.
    auto documented = [&](int status, const QString &fallbackDetail) {
        if (const ResponsePlan *plan = op.response(status); plan && plan->status != u"default" && !plan->content.isEmpty()) {
            const ValidatedRequest unvalidated;
            ResponseChoice choice;
            choice.status = status;
            return buildResponse(table, op, choice, request, unvalidated, salt).response;
        }
        return jsonResponse(status, detailMessage(fallbackDetail));
    };

    if (op.websocket && request.header("upgrade").toLower() != "websocket") {
        MockResponse r = documented(426, u"Upgrade Required"_s);
        r.setHeader("upgrade"_ba, "websocket"_ba);
        return finish(std::move(r));
    }

    const SecurityOutcome security = checkSecurity(request, op);
    if (security.status) {
        MockResponse r = documented(security.status, security.message);
        if (!security.wwwAuthenticate.isEmpty())
            r.setHeader("www-authenticate"_ba, security.wwwAuthenticate);
        return finish(std::move(r));
    }

    HeaderList rateHeaders;
    if (op.rateLimitRequests > 0) {
        const QString client = security.credential.isEmpty() ? request.client.section(u':', 0, -2) : security.credential;
        const auto decision = m_rateLimiter->check(op.pointer + u'|' + client, op.rateLimitRequests, op.rateLimitSeconds,
                                                   QDateTime::currentMSecsSinceEpoch());
        rateHeaders.append({"x-ratelimit-limit", QByteArray::number(op.rateLimitRequests)});
        rateHeaders.append({"x-ratelimit-remaining", QByteArray::number(decision.remaining)});
        if (!decision.allowed) {
            MockResponse r = documented(429, u"Too Many Requests"_s);
            r.headers.append(rateHeaders);
            r.setHeader("retry-after"_ba, QByteArray::number(decision.retryAfterSeconds));
            return finish(std::move(r));
        }
    }

    const ValidatedRequest validated = validateRequest(request, op, match.pathParameters, settings);
    if (validated.status == 415)
        return finish(jsonResponse(415, detailMessage(u"Unsupported Media Type")));
    if (!validated.errors.isEmpty()) {
        trace.requestErrors = detailBody(validated.errors)[u"detail"];
        return finish(jsonResponse(422, toJson(detailBody(validated.errors))));
    }

    // Faults, rolled in order: the first status or reset that fires wins; a slow body applies on top.
    int slowBodyMs = 0;
    for (qsizetype i = 0; i < op.faults.size(); ++i) {
        const FaultPlan &f = op.faults[i];
        if (unitRandom(settings.seed, sequence, quint64(i) + 1) >= f.probability)
            continue;
        if (f.kind == FaultPlan::Kind::Reset) {
            trace.fault = u"reset"_s;
            MockResponse r;
            r.fault = MockResponse::Fault::ConnectionReset;
            out.response = std::move(r);
            return out;
        }
        if (f.kind == FaultPlan::Kind::Status) {
            trace.fault = u"status"_s;
            MockResponse r = documented(f.status, reasonPhrase(f.status));
            if (!op.response(f.status))
                r = problemResponse(f.status, u"Injected fault (x-portico-faults)"_s);
            return finish(std::move(r));
        }
        if (f.kind == FaultPlan::Kind::SlowBody && !slowBodyMs) {
            slowBodyMs = f.slowBodyMs;
            trace.fault = u"slow-body"_s;
        }
    }

    BuiltResponse built;
    bool decided = false;
    for (const Rule &rule : op.rules) {
        if (!ruleMatches(rule, request, match.pathParameters, validated))
            continue;
        ResponseChoice choice;
        choice.status = rule.status;
        choice.example = rule.example;
        choice.literalBody = rule.body;
        built = buildResponse(table, op, choice, request, validated, salt);
        for (const auto &[name, value] : rule.headers)
            built.response.setHeader(name, value);
        trace.rule = rule.label;
        decided = true;
        break;
    }
    if (!decided) {
        bool preferred = false;
        ResponseChoice choice = preferChoice(request.header("prefer"), &preferred);
        if (preferred) {
            const bool codeGiven = request.header("prefer").contains("code=");
            if (!codeGiven) {
                const ResponsePlan *ok = op.firstSuccess();
                choice.status = ok ? ok->code : 200;
            }
            if (auto refused = refusedPreference(op, choice, codeGiven, request))
                built.response = std::move(*refused);
            else
                built = buildResponse(table, op, choice, request, validated, salt);
            decided = true;
        }
    }
    if (!decided && op.resource) {
        if (auto resource = runResource(*m_resources, table, op, request, validated, salt)) {
            built = std::move(*resource);
            decided = true;
        }
    }
    if (!decided) {
        const ResponsePlan *ok = op.firstSuccess();
        ResponseChoice choice;
        choice.status = ok ? (ok->code ? ok->code : 200) : 200;
        built = buildResponse(table, op, choice, request, validated, salt);
    }

    // FastAPI's response_model check: the mock's own answer must match what the document promises.
    if (built.example) {
        trace.responseErrors = built.example->errors; // checked once, when the document was compiled
    } else if (built.media && !built.media->schema.isNull() && !built.bodyValue.isNull()) {
        const ValidationErrors errors = built.media->schema.validate(built.bodyValue, JsonArray{Json(u"response"_s)});
        if (!errors.isEmpty())
            trace.responseErrors = detailBody(errors)[u"detail"];
    }
    if (!trace.responseErrors.isNull() && settings.strictResponses) {
        // application/problem+json as documented, the mismatches in an `errors` member (RFC 9457 §3.2).
        return finish(problemResponse(500, u"The mock response does not match its documented schema"_s,
                                      JsonObject{{u"errors"_s, trace.responseErrors}}));
    }

    MockResponse response = std::move(built.response);
    response.headers.append(rateHeaders);
    if (op.latencyMax > 0) {
        const int span = std::max(0, op.latencyMax - op.latencyMin);
        response.delayMs = op.latencyMin + int(unitRandom(settings.seed, sequence, 0) * (span + 1));
        response.delayMs = std::min(response.delayMs, op.latencyMax);
        trace.latencyMs = response.delayMs;
    }
    if (slowBodyMs) {
        response.fault = MockResponse::Fault::SlowBody;
        response.slowBodyMs = slowBodyMs;
    }
    return finish(std::move(response));
}

} // namespace portico::mock
