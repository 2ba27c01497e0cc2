#include "requestvalidation.h"

#include "formbody.h"
#include "parameterstyles.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

ValidationError missing(const QString &where, const QString &name)
{
    JsonArray loc{Json(where)};
    if (!name.isNull())
        loc.push_back(Json(name));
    return {u"missing"_s, loc, u"Field required"_s, Json(), {}};
}

bool isJsonMedia(QStringView media)
{
    return media == u"application/json" || media.endsWith(u"+json") || media == u"*/*" || media == u"application/*";
}

const MediaPlan *acceptedMedia(const CompiledOperation &op, QStringView media)
{
    for (const MediaPlan &m : op.requestBody) {
        if (m.mediaType == media)
            return &m;
    }
    for (const MediaPlan &m : op.requestBody) {
        const QStringView type = QStringView(m.mediaType);
        if (type == u"*/*" || (type.endsWith(u"/*") && media.startsWith(type.chopped(1))))
            return &m;
        if (media.endsWith(u"+json") && type == u"application/json")
            return &m;
    }
    return nullptr;
}

} // namespace

ValidatedRequest validateRequest(const MockRequest &request, const CompiledOperation &operation,
                                 const QList<std::pair<QString, QString>> &pathParameters, const MockSettings &settings)
{
    ValidatedRequest out;
    for (const ParameterPlan &p : operation.parameters) {
        QStringList raw;
        using L = ParameterPlan::Location;
        if (p.object && p.location == L::Query && (p.style == ParameterStyle::DeepObject || p.explode)) {
            // deepObject (?filter[plan]=gold) or exploded form (?plan=gold&size=2): the object is spread over
            // several query items.
            if (const auto object = objectFromQuery(request.query, p.style, p.name, p.propertyNames, p.otherQueryNames)) {
                const Json value(*object);
                out.errors.append(p.formSchema.validate(value, p.loc));
                // Typed, as FastAPI hands a handler its model: templates see {"size": 3}, not "3".
                out.queryParams.object().insert(p.name, p.formSchema.coerceLax(value));
            } else if (p.required) {
                out.errors.append(missing(p.in, p.name));
            }
            continue;
        }
        if (p.location == L::Path) {
            for (const auto &[name, value] : pathParameters) {
                if (name == p.name)
                    raw.append(value);
            }
            if (const auto key = operation.pathParametersInQuery.constFind(p.name); raw.isEmpty() && key != operation.pathParametersInQuery.cend())
                raw = request.queryValues(*key);
        } else if (p.location == L::Query) {
            raw = request.queryValues(p.name);
            if (raw.isEmpty() && (p.schema.acceptedTypes() & (1u << unsigned(Json::Type::Array))))
                raw = bracketedItems(request.query, p.name); // ids[]=a or ids[0]=a (deepObject-style clients)
        } else if (p.location == L::Header) {
            for (const auto &[key, value] : request.headers) {
                if (key == p.headerName)
                    raw.append(QString::fromUtf8(value));
            }
        } else if (p.location == L::Cookie) {
            if (request.hasCookie(p.name))
                raw.append(request.cookie(p.name));
        }
        if (raw.isEmpty()) {
            if (p.required)
                out.errors.append(missing(p.in, p.name));
            continue;
        }
        if (p.object) {
            // One value holding the object: k,v pairs, k=v assignments, label or matrix (path, header,
            // non-exploded form).
            const auto object = objectFromValue(raw.last(), p.style, p.explode, p.name);
            const Json sent = object ? Json(*object) : Json(raw.last());
            out.errors.append(p.formSchema.validate(sent, p.loc));
            const Json value = p.formSchema.coerceLax(sent);
            if (p.location == L::Path)
                out.pathParams.object().insert(p.name, value);
            else if (p.location == L::Query)
                out.queryParams.object().insert(p.name, value);
            continue;
        }
        const bool array = p.schema.acceptedTypes() & (1u << unsigned(Json::Type::Array));
        if (array)
            raw = arrayItems(raw, p.style, p.explode, p.name);
        else if (p.style == ParameterStyle::Label && raw.last().startsWith(u'.'))
            raw.last().remove(0, 1); // a primitive: .value
        else if (p.style == ParameterStyle::Matrix && raw.last().startsWith(u';' + p.name + u'='))
            raw.last().remove(0, p.name.size() + 2); // a primitive: ;name=value
        const Json value = p.schema.isNull() ? Json(raw.last()) : p.schema.coerceParameter(raw, p.loc, &out.errors);
        if (p.location == L::Path)
            out.pathParams.object().insert(p.name, value);
        else if (p.location == L::Query)
            out.queryParams.object().insert(p.name, value);
    }

    if (operation.hasRequestBody) {
        const bool empty = request.body.isEmpty();
        if (empty) {
            if (operation.bodyRequired)
                out.errors.append(missing(u"body"_s, QString()));
        } else {
            QString media = QString::fromLatin1(request.mediaType());
            if (media.isEmpty())
                media = u"application/json"_s; // FastAPI reads a body without Content-Type as JSON
            const MediaPlan *plan = acceptedMedia(operation, media);
            if (!plan) {
                out.status = 415;
                return out;
            }
            out.bodyMedia = plan;
            const JsonArray bodyLoc{Json(u"body"_s)};
            if (isJsonMedia(media)) {
                JsonParseOptions options;
                options.maxDepth = settings.maxDepth;
                JsonParser parser(options);
                auto parsed = parser.parse(request.body);
                if (!parsed.ok()) {
                    const JsonSyntaxError &e = parser.syntaxError();
                    out.errors.append({u"json_invalid"_s, JsonArray{Json(u"body"_s), Json(qint64(e.characterOffset))},
                                       u"JSON decode error"_s, Json(JsonObject{}), JsonObject{{u"error"_s, Json(e.message)}}});
                } else {
                    out.body = std::move(parsed).value();
                    out.bodyParsed = true;
                    out.errors.append(plan->schema.validate(out.body, bodyLoc));
                    if (plan->schema.options().lax)
                        out.body = plan->schema.coerceLax(out.body);
                }
            } else if (plan->form) {
                // Form fields arrive as strings, converted to their properties' types as FastAPI's Form(...)
                // does (the form schemas compile lax).
                const auto parts = media == u"multipart/form-data"
                    ? parseMultipart(request.body, request.header("content-type"))
                    : std::optional(parseUrlEncoded(request.body));
                if (!parts) {
                    out.errors.append({u"multipart_invalid"_s, bodyLoc, u"Malformed multipart/form-data body"_s, Json(), {}});
                } else {
                    ValidationErrors partErrors;
                    out.body = decodeForm(*parts, *plan->form, &partErrors);
                    out.bodyParsed = true;
                    // A part already reported (JSON that does not parse, a type not allowed) is left out of the
                    // body; the schema's "missing" for it would only repeat that.
                    QSet<QString> reported;
                    for (const ValidationError &e : partErrors)
                        reported.insert(e.loc[1].toString());
                    out.errors.append(partErrors);
                    for (ValidationError &e : plan->schema.validate(out.body, bodyLoc)) {
                        if (!(e.type == u"missing" && e.loc.size() == 2 && reported.contains(e.loc[1].toString())))
                            out.errors.append(std::move(e));
                    }
                    out.body = plan->schema.coerceLax(out.body);
                }
            } else if (!plan->schema.isNull() && media.startsWith(u"text/")) {
                out.body = Json(QString::fromUtf8(request.body));
                out.bodyParsed = true;
                out.errors.append(plan->schema.validate(out.body, bodyLoc));
            }
        }
    }
    if (!out.errors.isEmpty())
        out.status = 422;
    return out;
}

} // namespace portico::mock
