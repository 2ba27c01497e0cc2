#include "responsebuilder.h"

#include "har.h"
#include "templating.h"

#include "core/jsonwriter.h"

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

// The content the client asked for: the first documented media type its Accept header allows.
const MediaPlan *chooseMedia(const ResponsePlan &plan, const QByteArray &accept)
{
    if (plan.content.isEmpty())
        return nullptr;
    if (accept.isEmpty())
        return &plan.content.first();
    QList<std::pair<double, QByteArray>> wanted;
    for (const QByteArray &part : accept.split(',')) {
        const QList<QByteArray> pieces = part.split(';');
        double q = 1.0;
        for (qsizetype i = 1; i < pieces.size(); ++i) {
            const QByteArray p = pieces[i].trimmed();
            if (p.startsWith("q="))
                q = p.mid(2).toDouble();
        }
        if (q > 0)
            wanted.append({q, pieces[0].trimmed().toLower()});
    }
    std::stable_sort(wanted.begin(), wanted.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &[q, type] : wanted) {
        for (const MediaPlan &m : plan.content) {
            const QByteArray media = m.mediaType.toLatin1();
            if (type == "*/*" || type == media || (type.endsWith("/*") && media.startsWith(type.chopped(1))))
                return &m;
        }
    }
    return &plan.content.first();
}

QByteArray framedEvent(const StreamConfig &s, const Json &item, int index)
{
    const QByteArray data = item.isString() ? item.toString().toUtf8() : toJson(item);
    if (!s.sse)
        return data + '\n';
    QByteArray event;
    if (!s.event.isEmpty())
        event += "event: " + s.event.toUtf8() + '\n';
    event += "id: " + QByteArray::number(index + 1) + '\n';
    for (const QByteArray &line : data.split('\n'))
        event += "data: " + line + '\n';
    return event + '\n';
}

} // namespace

QByteArray serializeBody(const Json &value, QStringView mediaType)
{
    if (value.isString() && !mediaType.contains(u"json"))
        return value.toString().toUtf8();
    return toJson(value);
}

MockResponse problemResponse(int status, const QString &detail, const JsonObject &extensions)
{
    MockResponse r;
    r.status = status;
    r.setHeader("content-type"_ba, "application/problem+json"_ba);
    JsonObject problem{{u"type"_s, Json(u"about:blank"_s)},
                       {u"title"_s, Json(reasonPhrase(status))},
                       {u"status"_s, Json(qint64(status))},
                       {u"detail"_s, Json(detail)}};
    for (const auto &[name, value] : extensions) // RFC 9457 §3.2: extension members
        problem.insert(name, value);
    r.body = toJson(Json(std::move(problem)));
    return r;
}

void addDocumentedHeaders(const RouteTable &table, const ResponsePlan *plan, MockResponse &r, quint64 salt);

BuiltResponse buildResponse(const RouteTable &table, const CompiledOperation &op, const ResponseChoice &choice,
                            const MockRequest &request, const ValidatedRequest &validated, quint64 salt)
{
    BuiltResponse out;
    MockResponse &r = out.response;
    r.status = choice.status;
    const ResponsePlan *plan = op.response(choice.status);
    const MediaPlan *media = plan ? chooseMedia(*plan, request.header("accept")) : nullptr;
    out.media = media;

    TemplateContext context;
    context.request = &request;
    context.pathParams = validated.pathParams;
    context.queryParams = validated.queryParams;
    context.body = validated.body;
    context.seed = salt;

    if (media && media->stream) {
        const StreamConfig &s = *media->stream;
        StreamPlan stream;
        stream.kind = s.sse ? StreamPlan::Kind::ServerSentEvents : StreamPlan::Kind::NdJson;
        stream.intervalMs = s.intervalMs;
        stream.repeatForever = s.count == 0;
        const int count = s.count == 0 ? std::max<int>(1, int(s.examples.size())) : s.count;
        for (int i = 0; i < count && i < 100000; ++i) {
            Json item = !s.examples.empty() ? s.examples[size_t(i) % s.examples.size()]
                                            : table.generator().generate(s.itemSchema, salt + quint64(i));
            if (containsTemplates(item))
                item = renderTemplates(item, context);
            stream.events.append(framedEvent(s, item, i));
        }
        if (s.sse && s.retryMs >= 0 && !stream.events.isEmpty())
            stream.events.first().prepend("retry: " + QByteArray::number(s.retryMs) + '\n');
        r.stream = std::move(stream);
        r.setHeader("content-type"_ba, s.sse ? "text/event-stream; charset=utf-8" : "application/x-ndjson");
        r.setHeader("cache-control"_ba, "no-cache"_ba);
        return out;
    }

    if (media) {
        Json body;
        bool haveBody = false;
        if (choice.literalBody) {
            body = *choice.literalBody;
            haveBody = true;
        } else if (!choice.dynamic) {
            for (const PreparedExample &example : media->examples) {
                if (!choice.example.isEmpty() && example.name != choice.example)
                    continue;
                if (!example.templated) {
                    out.example = &example;
                    r.body = example.bytes;
                    r.setHeader("content-type"_ba, media->contentType);
                    addDocumentedHeaders(table, plan, r, salt);
                    return out;
                }
                body = example.value;
                haveBody = true;
                break;
            }
        }
        if (!haveBody && !media->schemaJson.isNull()) {
            body = table.generator().generateAt(media->schemaPointer, salt);
            haveBody = true;
        }
        if (haveBody) {
            if (containsTemplates(body))
                body = renderTemplates(body, context);
            out.bodyValue = body;
            r.body = serializeBody(body, media->mediaType);
            r.setHeader("content-type"_ba, media->contentType);
        }
    }
    addDocumentedHeaders(table, plan, r, salt);
    return out;
}

std::optional<MockResponse> refusedPreference(const CompiledOperation &op, const ResponseChoice &choice, bool codeGiven,
                                              const MockRequest &request)
{
    const QString operation = QString::fromLatin1(op.method) + u' ' + op.pathTemplate;
    const ResponsePlan *plan = op.response(choice.status);
    if (codeGiven && !plan) {
        JsonArray documented;
        QStringList names;
        for (const ResponsePlan &r : op.responses) {
            documented.push_back(Json(r.status));
            names.append(r.status);
        }
        return problemResponse(400, u"Prefer: code=%1 is not a documented response of %2 (documented: %3)"_s
                                        .arg(choice.status).arg(operation, names.join(u", ")),
                               JsonObject{{u"documented"_s, Json(std::move(documented))}});
    }
    if (choice.example.isEmpty() || !plan)
        return std::nullopt;
    const MediaPlan *media = chooseMedia(*plan, request.header("accept"));
    JsonArray known;
    QStringList names;
    for (const PreparedExample &example : media ? media->examples : QList<PreparedExample>{}) {
        if (example.name == choice.example)
            return std::nullopt;
        known.push_back(Json(example.name));
        names.append(example.name);
    }
    return problemResponse(400, u"Prefer: example=%1 is not an example of the %2 response of %3 (%4)"_s
                                    .arg(choice.example, plan->status, operation,
                                         names.isEmpty() ? u"it has no named examples"_s : u"its examples: "_s + names.join(u", ")),
                           JsonObject{{u"examples"_s, Json(std::move(known))}});
}

void addDocumentedHeaders(const RouteTable &table, const ResponsePlan *plan, MockResponse &r, quint64 salt)
{
    if (plan) {
        for (const auto &[name, header] : plan->headers) {
            if (name == "content-type" || name == "content-length")
                continue;
            Json value = header[u"example"];
            if (value.isNull() && !header[u"examples"].toObject().isEmpty())
                value = header[u"examples"].toObject().at(0).second[u"value"];
            if (value.isNull() && header[u"schema"].isObject())
                value = table.generator().generate(header[u"schema"], salt ^ qHash(name));
            if (!value.isNull())
                r.setHeader(name, value.isString() ? value.toString().toUtf8() : toJson(value));
        }
    }
}

} // namespace portico::mock
