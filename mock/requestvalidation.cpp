#include "requestvalidation.h"

#include "parameterstyles.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"

#include <QUrlQuery>

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

// Form fields arrive as strings; each is converted to its property's type as FastAPI's Form(...) does.
Json formObject(const QList<std::pair<QString, QString>> &fields, const MediaPlan &media, const Json &document)
{
    const Json *schema = &media.schemaJson;
    for (int hops = 0; hops < 8 && (*schema)[u"$ref"].isString(); ++hops) {
        const Json *target = jsonpointer::resolve(document, jsonpointer::fromUriFragment((*schema)[u"$ref"].toString()));
        if (!target)
            break;
        schema = target;
    }
    JsonObject out;
    for (const auto &[name, value] : fields) {
        // `metadata[plan]=gold`, `expand[]=a`, `items[0][price]=x`: how Stripe-like clients send nested form
        // data (deepObject in the `encoding` object), read whenever the key's base is not a property itself.
        if (name.contains(u'[') && !(*schema)[u"properties"].toObject().contains(name) && insertBracketed(out, name, value))
            continue;
        const Json &property = (*schema)[u"properties"][name];
        QString type = property[u"type"].toString();
        if (property[u"type"].isArray())
            type = property[u"type"][0].toString();
        if (type == u"array") {
            Json *existing = out.find(name);
            if (!existing) {
                out.append(name, Json(JsonArray{}));
                existing = out.find(name);
            }
            existing->array().push_back(Json(value));
            continue;
        }
        out.insert(name, Json(value));
    }
    return Json(std::move(out));
}

} // namespace

std::optional<QList<std::pair<QString, QByteArray>>> parseMultipart(const QByteArray &body, const QByteArray &contentType)
{
    const qsizetype at = contentType.indexOf("boundary=");
    if (at < 0)
        return std::nullopt;
    QByteArray boundary = contentType.mid(at + 9);
    if (const qsizetype semicolon = boundary.indexOf(';'); semicolon >= 0)
        boundary.truncate(semicolon);
    boundary = boundary.trimmed();
    if (boundary.startsWith('"') && boundary.endsWith('"') && boundary.size() >= 2)
        boundary = boundary.mid(1, boundary.size() - 2);
    if (boundary.isEmpty() || boundary.size() > 200)
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    QList<std::pair<QString, QByteArray>> parts;
    qsizetype position = body.indexOf(delimiter);
    if (position < 0)
        return std::nullopt;
    while (true) {
        position += delimiter.size();
        if (body.mid(position, 2) == "--")
            return parts; // closing delimiter
        if (body.mid(position, 2) != "\r\n")
            return std::nullopt;
        position += 2;
        const qsizetype headerEnd = body.indexOf("\r\n\r\n", position);
        if (headerEnd < 0)
            return std::nullopt;
        const QByteArray headers = body.mid(position, headerEnd - position);
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), headerEnd + 4);
        if (next < 0)
            return std::nullopt;
        QString name;
        for (const QByteArray &line : headers.split('\n')) {
            const QByteArray trimmed = line.trimmed();
            if (!trimmed.toLower().startsWith("content-disposition:"))
                continue;
            const qsizetype n = trimmed.indexOf("name=\"");
            if (n >= 0) {
                const qsizetype end = trimmed.indexOf('"', n + 6);
                name = QString::fromUtf8(trimmed.mid(n + 6, end - n - 6));
            }
        }
        if (name.isEmpty())
            return std::nullopt;
        parts.append({name, body.mid(headerEnd + 4, next - headerEnd - 4)});
        position = next + 2;
    }
}

ValidatedRequest validateRequest(const MockRequest &request, const CompiledOperation &operation,
                                 const QList<std::pair<QString, QString>> &pathParameters, const MockSettings &settings,
                                 const Json &document)
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
                out.queryParams.object().insert(p.name, value);
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
            const Json value = object ? Json(*object) : Json(raw.last());
            out.errors.append(p.formSchema.validate(value, p.loc));
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
                }
            } else if (media == u"application/x-www-form-urlencoded") {
                QList<std::pair<QString, QString>> fields;
                for (const auto &[k, v] : QUrlQuery(QString::fromUtf8(request.body).replace(u'+', u' ')).queryItems(QUrl::FullyDecoded))
                    fields.append({k, v});
                out.body = formObject(fields, *plan, document);
                out.bodyParsed = true;
                out.errors.append(plan->schema.validate(out.body, bodyLoc));
            } else if (media == u"multipart/form-data") {
                const auto parts = parseMultipart(request.body, request.header("content-type"));
                if (!parts) {
                    out.errors.append({u"multipart_invalid"_s, bodyLoc, u"Malformed multipart/form-data body"_s, Json(), {}});
                } else {
                    QList<std::pair<QString, QString>> fields;
                    for (const auto &[name, content] : *parts)
                        fields.append({name, QString::fromUtf8(content)});
                    out.body = formObject(fields, *plan, document);
                    out.bodyParsed = true;
                    out.errors.append(plan->schema.validate(out.body, bodyLoc));
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
