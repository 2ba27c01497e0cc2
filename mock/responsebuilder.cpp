#include "responsebuilder.h"

#include "har.h"
#include "templating.h"

#include "core/jsonwriter.h"
#include "core/xmlwriter.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

bool isJsonMedia(QStringView media)
{
    return media == u"application/json" || media.endsWith(u"+json") || media.contains(u'*');
}

// How much the client wants a documented media type: the q of the most specific Accept range that matches
// it (exact, then type/*, then */*), 0 when none does. A documented wildcard matches whatever is asked.
double quality(const QList<std::pair<double, QByteArray>> &ranges, const QByteArray &media)
{
    double best = 0;
    int bestSpecificity = -1;
    for (const auto &[q, range] : ranges) {
        int specificity = -1;
        if (range == media || media.contains('*'))
            specificity = 2;
        else if (range == "application/json" && media.endsWith("+json"))
            specificity = 1; // problem+json and the like are JSON to a client asking for JSON
        else if (range.endsWith("/*") && range != "*/*" && media.startsWith(range.chopped(1)))
            specificity = 1;
        else if (range == "*/*")
            specificity = 0;
        if (specificity > bestSpecificity) {
            bestSpecificity = specificity;
            best = q;
        }
    }
    return best;
}

} // namespace

Negotiated negotiate(const ResponsePlan &plan, const QByteArray &accept)
{
    if (plan.content.isEmpty())
        return {};
    QList<std::pair<double, QByteArray>> ranges;
    for (const QByteArray &part : accept.split(',')) {
        const QList<QByteArray> pieces = part.split(';');
        const QByteArray range = pieces[0].trimmed().toLower();
        if (range.isEmpty())
            continue;
        double q = 1.0;
        for (qsizetype i = 1; i < pieces.size(); ++i) {
            const QByteArray p = pieces[i].trimmed();
            if (p.startsWith("q="))
                q = p.mid(2).toDouble();
        }
        ranges.append({q, range});
    }
    if (ranges.isEmpty())
        ranges.append({1.0, "*/*"_ba});
    // The most wanted documented type; among equals JSON (what generated data is), then document order.
    const MediaPlan *chosen = nullptr;
    double chosenQuality = 0;
    for (const MediaPlan &m : plan.content) {
        // Documented parameters (`application/json; charset=utf-8`) do not take part in matching.
        const double q = quality(ranges, m.mediaType.section(u';', 0, 0).trimmed().toLatin1());
        if (q > chosenQuality || (q > 0 && q == chosenQuality && isJsonMedia(m.mediaType) && !isJsonMedia(chosen->mediaType))) {
            chosen = &m;
            chosenQuality = q;
        }
    }
    return chosen ? Negotiated{chosen, false} : Negotiated{nullptr, true};
}

namespace {

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

bool isXmlMedia(QStringView media)
{
    return media == u"application/xml" || media == u"text/xml" || media.endsWith(u"+xml");
}

QByteArray encodeBody(const Json &value, const MediaPlan &media, const Json &document)
{
    // A body is in the type it is labelled with: XML for XML types, shaped by the schema's `xml` objects.
    if (isXmlMedia(media.mediaType))
        return toXml(value, media.schemaJson, document);
    return serializeBody(value, media.mediaType);
}

MockResponse notAcceptable(const ResponsePlan &plan, const CompiledOperation &op, const QByteArray &accept)
{
    JsonArray documented;
    QStringList names;
    for (const MediaPlan &m : plan.content) {
        documented.push_back(Json(m.mediaType));
        names.append(m.mediaType);
    }
    return problemResponse(406, u"Accept: %1 allows none of the media types of the %2 response of %3 %4 (%5)"_s
                                    .arg(QString::fromLatin1(accept), plan.status, QString::fromLatin1(op.method),
                                         op.pathTemplate, names.join(u", "_s)),
                           JsonObject{{u"documented"_s, Json(std::move(documented))}});
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
    const Negotiated negotiated = plan ? negotiate(*plan, request.header("accept")) : Negotiated{};
    if (negotiated.notAcceptable) {
        out.response = notAcceptable(*plan, op, request.header("accept"));
        return out;
    }
    const MediaPlan *media = negotiated.media;
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
            r.body = encodeBody(body, *media, table.document());
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
    const MediaPlan *media = negotiate(*plan, request.header("accept")).media;
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
            // Headers that describe the framing or encoding of the body the mock sends itself: a documented
            // `content-encoding: gzip` (recorded from a real server) on a plain body broke every client.
            static const QSet<QByteArray> kFraming = {"content-type", "content-length", "content-encoding",
                                                      "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer"};
            if (kFraming.contains(name))
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
