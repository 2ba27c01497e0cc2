#include "formbody.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

QString typeOf(const Json &schema)
{
    const Json &type = schema[u"type"];
    for (const Json &t : type.isArray() ? type.toArray() : JsonArray{type}) {
        if (t.isString() && t.toString() != u"null")
            return t.toString();
    }
    if (schema.toObject().contains(u"properties") || schema.toObject().contains(u"additionalProperties"))
        return u"object"_s;
    if (schema.toObject().contains(u"items"))
        return u"array"_s;
    return {};
}

// The properties of a form schema: its own and its allOf parts' (one level: what form schemas use).
void collectProperties(const Json &schema, const Json &document, JsonObject *out)
{
    const Json &s = jsonpointer::followLocalRefs(schema, document);
    for (const auto &[name, property] : s[u"properties"].toObject())
        out->insert(name, property);
    for (const Json &part : s[u"allOf"].toArray()) {
        for (const auto &[name, property] : jsonpointer::followLocalRefs(part, document)[u"properties"].toObject())
            out->insert(name, property);
    }
}

bool typeMatches(QByteArrayView type, const QString &allowed)
{
    if (allowed == u"*/*")
        return true;
    if (allowed.endsWith(u"/*"))
        return type.startsWith(QStringView(allowed).chopped(1).toLatin1());
    return type == allowed.toLatin1();
}

bool isJsonType(QByteArrayView type)
{
    return type == "application/json" || type.endsWith("+json");
}

QByteArray mediaTypeOf(QByteArray headerValue)
{
    if (const qsizetype semicolon = headerValue.indexOf(';'); semicolon >= 0)
        headerValue.truncate(semicolon);
    return headerValue.trimmed().toLower();
}

// The value of `parameter="…"` (or unquoted) in a header such as Content-Disposition; null when absent.
QByteArray headerParameter(const QByteArray &header, QByteArrayView parameter)
{
    for (QByteArray part : header.split(';')) {
        part = part.trimmed();
        if (part.size() <= parameter.size() || part[parameter.size()] != '=' || !part.toLower().startsWith(parameter))
            continue;
        QByteArray value = part.mid(parameter.size() + 1);
        if (value.startsWith('"') && value.endsWith('"') && value.size() >= 2)
            value = value.mid(1, value.size() - 2);
        return value.isNull() ? QByteArray("") : value;
    }
    return {};
}

ValidationError partError(const QString &name, QString type, QString message, Json input, JsonObject ctx = {})
{
    return {std::move(type), JsonArray{Json(u"body"_s), Json(name)}, std::move(message), std::move(input), std::move(ctx)};
}

} // namespace

FormPlan planForm(const Json &schema, const Json &encoding, const Json &document, bool multipart)
{
    FormPlan plan;
    JsonObject properties;
    collectProperties(schema, document, &properties);
    for (const auto &[name, raw] : properties) {
        plan.propertyNames.append(name);
        const Json &property = jsonpointer::followLocalRefs(raw, document);
        const QString type = typeOf(property);
        FormField field;
        field.shape = type == u"array" ? FormField::Shape::Array
                    : type == u"object" ? FormField::Shape::Object
                                        : FormField::Shape::Scalar;
        const QString itemType = typeOf(jsonpointer::followLocalRefs(property[u"items"], document));
        // Multipart's default part types (§4.8.15.1): objects, and arrays of them, are JSON.
        field.jsonItems = multipart && (type == u"object" || (type == u"array" && itemType == u"object"));
        field.text = type == u"string" || (type == u"array" && itemType == u"string");
        const Json &e = encoding[name];
        if (multipart) {
            // The encoding's list, else the property's own contentMediaType (OpenAPI 3.1's way to type a file).
            const QString types = e[u"contentType"].isString() ? e[u"contentType"].toString()
                                                                : property[u"contentMediaType"].toString();
            for (const QString &t : types.split(u',', Qt::SkipEmptyParts))
                field.contentTypes.append(t.trimmed().toLower());
        } else if (const auto style = parameterStyle(e[u"style"].toString(), u"query"_s)) {
            // Style and explode apply to urlencoded bodies only (§4.8.15.1).
            field.style = *style;
            field.explode = e[u"explode"].isBool() ? e[u"explode"].toBool() : defaultExplode(*style);
        }
        plan.fields.insert(name, field);
    }
    return plan;
}

std::optional<QList<FormPart>> parseMultipart(const QByteArray &body, const QByteArray &contentType)
{
    QByteArray boundary = headerParameter(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 200)
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    QList<FormPart> parts;
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
        // A part's headers end before the next delimiter: one without its blank line is malformed.
        const qsizetype headerEnd = body.indexOf("\r\n\r\n", position);
        const qsizetype nextDelimiter = body.indexOf(QByteArray("\r\n" + delimiter), position);
        if (headerEnd < 0 || (nextDelimiter >= 0 && nextDelimiter < headerEnd))
            return std::nullopt;
        const QByteArray headers = body.mid(position, headerEnd - position);
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), headerEnd + 4);
        if (next < 0)
            return std::nullopt;
        FormPart part;
        for (const QByteArray &line : headers.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray key = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (key == "content-disposition")
                part.name = QString::fromUtf8(headerParameter(value, "name"));
            else if (key == "content-type")
                part.contentType = mediaTypeOf(value);
        }
        if (part.name.isEmpty())
            return std::nullopt;
        part.content = body.mid(headerEnd + 4, next - headerEnd - 4);
        parts.append(std::move(part));
        position = next + 2;
    }
}

QList<FormPart> parseUrlEncoded(const QByteArray &body)
{
    QList<FormPart> fields;
    for (const QByteArray &pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        // '+' is a space only before percent-decoding: "%2B" stays a plus.
        const auto decode = [](QByteArray text) { return QByteArray::fromPercentEncoding(text.replace('+', ' ')); };
        FormPart field;
        field.name = QString::fromUtf8(decode(equals < 0 ? pair : pair.left(equals)));
        field.content = equals < 0 ? QByteArray() : decode(pair.mid(equals + 1));
        fields.append(std::move(field));
    }
    return fields;
}

Json decodeForm(const QList<FormPart> &parts, const FormPlan &plan, ValidationErrors *errors)
{
    JsonObject out;
    for (const FormPart &part : parts) {
        const QString value = QString::fromUtf8(part.content);
        const auto known = plan.fields.constFind(part.name);
        // `metadata[plan]=gold`, `expand[]=a`, `items[0][price]=x`: how Stripe-like clients send nested form
        // data (deepObject in the `encoding` object), read whenever the key is not a property itself.
        if (known == plan.fields.cend() && part.name.contains(u'[') && insertBracketed(out, part.name, value))
            continue;
        const FormField field = known == plan.fields.cend() ? FormField() : *known;
        if (!field.contentTypes.isEmpty() && !part.contentType.isEmpty()
            && std::none_of(field.contentTypes.begin(), field.contentTypes.end(),
                            [&](const QString &t) { return typeMatches(part.contentType, t); })) {
            errors->append(partError(part.name, u"content_type"_s,
                                     u"Part should be of type %1, not %2"_s.arg(field.contentTypes.join(u" or "_s),
                                                                               QString::fromLatin1(part.contentType)),
                                     Json(QString::fromLatin1(part.contentType)),
                                     {{u"expected"_s, Json(field.contentTypes.join(u", "_s))}}));
            continue;
        }
        std::optional<Json> json;
        // A string property keeps a JSON part as text: a `.json` file upload is a string (a file) still.
        if ((isJsonType(part.contentType) && !field.text) || (part.contentType.isEmpty() && field.jsonItems)) {
            JsonParser parser;
            auto parsed = parser.parse(part.content);
            if (!parsed.ok()) {
                errors->append(partError(part.name, u"json_invalid"_s, u"JSON decode error"_s, Json(value),
                                         {{u"error"_s, Json(parser.syntaxError().message)}}));
                continue;
            }
            json = std::move(parsed).value();
        }
        switch (field.shape) {
        case FormField::Shape::Array: {
            Json *items = out.find(part.name);
            if (!items) {
                out.append(part.name, Json(JsonArray{}));
                items = out.find(part.name);
            }
            if (json && json->isArray() && !field.jsonItems) {
                for (const Json &item : json->toArray())
                    items->array().push_back(item);
            } else if (json) {
                items->array().push_back(*json);
            } else {
                for (const QString &item : arrayItems({value}, field.style, field.explode, part.name))
                    items->array().push_back(Json(item));
            }
            break;
        }
        case FormField::Shape::Object:
            if (json)
                out.insert(part.name, *json);
            else if (auto object = objectFromValue(value, ParameterStyle::Form, false, part.name))
                out.insert(part.name, Json(std::move(*object)));
            else
                out.insert(part.name, Json(value)); // validation reports it is not an object
            break;
        case FormField::Shape::Scalar:
            out.insert(part.name, json ? *json : Json(value));
            break;
        }
    }
    return Json(std::move(out));
}

} // namespace portico::mock
