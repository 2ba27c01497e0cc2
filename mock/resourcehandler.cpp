#include "resourcehandler.h"

#include "resourcestore.h"

#include "core/jsonwriter.h"

#include <QDateTime>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

const MediaPlan *jsonMedia(const ResponsePlan *plan)
{
    if (!plan)
        return nullptr;
    for (const MediaPlan &m : plan->content) {
        if (m.mediaType.contains(u"json"))
            return &m;
    }
    return nullptr;
}

BuiltResponse jsonAnswer(const CompiledOperation &op, int status, const Json &body)
{
    BuiltResponse out;
    out.response.status = status;
    const ResponsePlan *plan = op.response(status);
    out.media = jsonMedia(plan);
    if (!body.isNull() && status != 204) {
        out.bodyValue = body;
        out.response.body = toJson(body);
        out.response.setHeader("content-type"_ba, "application/json"_ba);
    }
    return out;
}

// Puts `detail` in the first message-like string member of an error body (also one object down, as in
// `{"error": {"message": …}}`). Returns whether it found one.
bool setMessage(core::Json &body, const QString &detail, int depth = 0)
{
    static const QStringList kMessageKeys = {u"message"_s, u"detail"_s, u"error_description"_s, u"error"_s,
                                             u"title"_s, u"description"_s, u"msg"_s};
    if (!body.isObject() || depth > 1)
        return false;
    for (const QString &key : kMessageKeys) {
        if (body[key].isString()) {
            body.object().insert(key, core::Json(detail));
            return true;
        }
    }
    for (const QString &key : kMessageKeys) {
        core::Json inner = body[key];
        if (setMessage(inner, detail, depth + 1)) {
            body.object().insert(key, std::move(inner));
            return true;
        }
    }
    return false;
}

BuiltResponse notFound(const RouteTable &table, const CompiledOperation &op, const MockRequest &request,
                       const ValidatedRequest &validated, quint64 salt, const QString &detail)
{
    if (const ResponsePlan *plan = op.response(404); plan && plan->status == u"404" && !plan->content.isEmpty()) {
        ResponseChoice choice;
        choice.status = 404;
        BuiltResponse out = buildResponse(table, op, choice, request, validated, salt);
        // The documented body says what a 404 looks like; its example's text names some other record. Say
        // which one is missing, where the body has a message and its schema allows it.
        core::Json body = out.example ? out.example->value : out.bodyValue;
        if (out.media && setMessage(body, detail) && (out.media->schema.isNull() || out.media->schema.isValid(body))) {
            out.response.body = encodeBody(body, *out.media, table.document());
            out.bodyValue = std::move(body);
            out.example = nullptr;
        }
        return out;
    }
    BuiltResponse out;
    out.response = problemResponse(404, detail);
    return out;
}

int successCode(const CompiledOperation &op, int fallback)
{
    const ResponsePlan *ok = op.firstSuccess();
    return ok && ok->code >= 200 && ok->code < 300 ? ok->code : fallback;
}

KeyKind keyKind(const ResourcePlan &plan)
{
    return plan.uuidKeys ? KeyKind::Uuid : (plan.integerKeys ? KeyKind::Integer : KeyKind::String);
}

// A change the store refused for a reason other than a missing record. 503 when the data journal could not take
// it: the client may retry, and nothing it was told succeeded was lost.
BuiltResponse storeFailure(const StoreResult &result)
{
    const int status = result.status == StoreStatus::Conflict ? 409
        : result.status == StoreStatus::Unavailable         ? 503
                                                            : 422;
    BuiltResponse out;
    out.response = problemResponse(status, result.message);
    return out;
}

} // namespace

void seedResources(ResourceStore &store, const RouteTable &table)
{
    const Json &data = table.document()[u"x-portico"][u"data"];
    for (const CompiledOperation *op : table.operations()) {
        if (!op->resource || op->resource->itemOperation)
            continue;
        const ResourcePlan &plan = *op->resource;
        if (data[plan.name].isArray()) {
            store.seed(plan.name, plan.key, data[plan.name].toArray());
            continue;
        }
        if (op->method != "GET")
            continue;
        const MediaPlan *media = jsonMedia(op->firstSuccess());
        if (!media || media->examples.isEmpty())
            continue;
        const Json &example = media->examples.first().value;
        const Json &records = plan.envelope.isEmpty() ? example : example[plan.envelope];
        if (records.isArray())
            store.seed(plan.name, plan.key, records.toArray());
    }
}

std::optional<BuiltResponse> runResource(ResourceStore &store, const RouteTable &table, const CompiledOperation &op,
                                         const MockRequest &request, const ValidatedRequest &validated, quint64 salt)
{
    const ResourcePlan &plan = *op.resource;
    QString id;
    if (plan.itemOperation) {
        for (const auto &[name, value] : validated.pathParams.toObject()) {
            if (name == plan.keyParameter)
                id = ResourceStore::textOf(value);
        }
    }
    auto missing = [&] { return notFound(table, op, request, validated, salt, u"No %1 with %2 %3"_s.arg(plan.name, plan.key, id)); };

    if (!plan.itemOperation && op.method == "GET") {
        const ListResult list = store.list(plan.name, request.query);
        Json body(list.records);
        if (!plan.envelope.isEmpty()) {
            const MediaPlan *media = jsonMedia(op.firstSuccess());
            Json envelope = media && !media->examples.isEmpty() && media->examples.first().value.isObject()
                ? media->examples.first().value : Json(JsonObject{});
            JsonObject &o = envelope.object();
            o.insert(plan.envelope, body);
            if (o.contains(u"total"))
                o.insert(u"total"_s, Json(qint64(list.total)));
            if (o.contains(u"limit") && validated.queryParams[u"limit"].isNumber())
                o.insert(u"limit"_s, validated.queryParams[u"limit"]);
            if (o.contains(u"offset") && validated.queryParams[u"offset"].isNumber())
                o.insert(u"offset"_s, validated.queryParams[u"offset"]);
            body = envelope;
        }
        BuiltResponse out = jsonAnswer(op, successCode(op, 200), body);
        out.response.setHeader("x-total-count"_ba, QByteArray::number(list.total));
        return out;
    }
    if (!plan.itemOperation && op.method == "POST") {
        if (!validated.body.isObject())
            return std::nullopt;
        Json record = validated.body;
        JsonObject &fields = record.object();
        for (const auto &[name, value] : plan.defaults) {
            if (!fields.contains(name))
                fields.insert(name, value);
        }
        for (const QString &name : plan.timestamps) {
            if (!fields.contains(name))
                fields.insert(name, Json(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)));
        }
        const StoreResult created = store.create(plan.name, std::move(record), keyKind(plan));
        if (!created.ok())
            return storeFailure(created);
        BuiltResponse out = jsonAnswer(op, successCode(op, 201), created.record);
        out.response.setHeader("location"_ba, (request.path + u'/' + ResourceStore::textOf(created.record[plan.key])).toUtf8());
        return out;
    }
    if (!plan.itemOperation)
        return std::nullopt;
    if (op.method == "GET") {
        const auto record = store.get(plan.name, id);
        return record ? jsonAnswer(op, successCode(op, 200), *record) : missing();
    }
    if (op.method == "PUT") {
        if (!validated.body.isObject())
            return std::nullopt;
        const StoreResult replaced = store.replace(plan.name, id, validated.body);
        if (replaced.status == StoreStatus::NotFound)
            return missing();
        return replaced.ok() ? jsonAnswer(op, successCode(op, 200), replaced.record) : storeFailure(replaced);
    }
    if (op.method == "PATCH") {
        const Schema &schema = plan.recordSchema;
        const StoreResult patched = store.patch(plan.name, id, validated.body,
                                                [&schema](const Json &merged) { return schema.isNull() || schema.isValid(merged); });
        if (patched.status == StoreStatus::NotFound)
            return missing();
        if (patched.status == StoreStatus::Rejected) {
            // The store hands back the merged record it refused.
            const ValidationErrors errors = schema.validate(patched.record, JsonArray{Json(u"body"_s)});
            BuiltResponse out;
            out.response.status = 422;
            out.response.setHeader("content-type"_ba, "application/json"_ba);
            out.response.body = toJson(detailBody(errors));
            return out;
        }
        return patched.ok() ? jsonAnswer(op, successCode(op, 200), patched.record) : storeFailure(patched);
    }
    if (op.method == "DELETE") {
        const StoreResult removed = store.remove(plan.name, id);
        if (removed.status == StoreStatus::NotFound)
            return missing();
        if (!removed.ok())
            return storeFailure(removed);
        const int status = successCode(op, 204);
        return jsonAnswer(op, status, status == 204 ? Json() : removed.record);
    }
    return std::nullopt;
}

} // namespace portico::mock
