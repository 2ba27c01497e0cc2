#include "fieldschema.h"

#include "core/regex.h"
#include "core/schema.h"

using namespace Qt::StringLiterals;

namespace portico::ui::fieldschema {

using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {

const QStringList kScalars = {u"string"_s, u"integer"_s, u"number"_s, u"boolean"_s};

// The non-null part of a nullable schema: type: [X, "null"] → X; anyOf: [A, {type: null}] → A.
Json stripNull(const Json &schema)
{
    const Json &type = schema[u"type"];
    if (type.isArray()) {
        JsonArray rest;
        for (const Json &t : type.toArray()) {
            if (t.toString() != u"null")
                rest.push_back(t);
        }
        Json copy = schema;
        if (rest.size() == 1)
            copy.object().insert(u"type"_s, rest.front());
        else
            copy.object().insert(u"type"_s, Json(rest));
        return copy;
    }
    const JsonArray &anyOf = schema[u"anyOf"].toArray();
    if (anyOf.size() == 2) {
        for (int i = 0; i < 2; ++i) {
            if (anyOf[size_t(i)][u"type"].toString() == u"null")
                return anyOf[size_t(1 - i)];
        }
    }
    return schema;
}

QString refName(const Json &schema)
{
    const QString ref = schema[u"$ref"].toString();
    if (!ref.startsWith(kRefPrefix))
        return ref;
    // A reference into another model's property reads as Model.property.
    return ref.mid(kRefPrefix.size()).replace(u"/properties/"_s, u"."_s);
}

const QStringList kKeep = {u"description"_s, u"default"_s, u"examples"_s, u"title"_s, u"deprecated"_s,
                           u"readOnly"_s, u"writeOnly"_s};

} // namespace

QString kind(const Json &raw)
{
    const Json schema = stripNull(raw);
    if (schema[u"$ref"].isString())
        return u"ref"_s;
    if (schema[u"enum"].isArray())
        return u"enum"_s;
    if (schema[u"anyOf"].isArray() || schema[u"oneOf"].isArray())
        return u"union"_s;
    const QString type = schema[u"type"].toString();
    if (kScalars.contains(type) || type == u"array" || type == u"object")
        return type;
    if (schema[u"properties"].isObject())
        return u"object"_s;
    return u"any"_s;
}

QString typeLabel(const Json &raw)
{
    const Json schema = stripNull(raw);
    const QString k = kind(schema);
    if (k == u"ref")
        return refName(schema);
    if (k == u"array") {
        const Json &items = schema[u"items"];
        if (!items.isObject())
            return u"array"_s;
        return u"array of "_s + typeLabel(items);
    }
    if (k == u"union") {
        QStringList parts;
        const JsonArray &branches = schema[u"anyOf"].isArray() ? schema[u"anyOf"].toArray() : schema[u"oneOf"].toArray();
        for (const Json &b : branches)
            parts.append(typeLabel(b));
        return parts.join(u" | "_s);
    }
    return k;
}

QStringList typeChoices(const QStringList &models)
{
    QStringList out = kScalars;
    out << u"object"_s << u"enum"_s << u"any"_s;
    for (const QString &s : kScalars)
        out << u"array of "_s + s;
    for (const QString &m : models)
        out << m;
    for (const QString &m : models)
        out << u"array of "_s + m;
    return out;
}

static Json schemaForLabel(const QString &label)
{
    if (label.startsWith(u"array of "))
        return Json(JsonObject{{u"type"_s, Json(u"array"_s)}, {u"items"_s, schemaForLabel(label.mid(9))}});
    if (kScalars.contains(label) || label == u"object" || label == u"array")
        return Json(JsonObject{{u"type"_s, Json(label)}});
    if (label == u"enum")
        return Json(JsonObject{{u"type"_s, Json(u"string"_s)}, {u"enum"_s, Json(JsonArray{})}});
    if (label == u"any" || label.isEmpty())
        return Json(JsonObject{});
    return Json(JsonObject{{u"$ref"_s, Json(kRefPrefix.toString() + label)}});
}

Json withType(const Json &schema, const QString &label)
{
    if (typeLabel(schema) == label)
        return schema;
    const bool nullable = isNullable(schema);
    Json out = schemaForLabel(label);
    const QString newKind = kind(out);
    const QStringList allowed = constraintKeys(newKind);
    for (const auto &[key, value] : schema.toObject()) {
        const bool keep = kKeep.contains(key) || key.startsWith(u"x-") || (allowed.contains(key) && key != u"enum"
                                                                            && key != u"items");
        if (keep && !out.toObject().contains(key))
            out.object().insert(key, value);
    }
    return nullable ? withNullable(out, true) : out;
}

bool isNullable(const Json &schema)
{
    for (const Json &t : schema[u"type"].toArray()) {
        if (t.toString() == u"null")
            return true;
    }
    const JsonArray &anyOf = schema[u"anyOf"].toArray();
    return std::any_of(anyOf.begin(), anyOf.end(), [](const Json &b) { return b[u"type"].toString() == u"null"; });
}

Json withNullable(const Json &schema, bool nullable)
{
    if (isNullable(schema) == nullable)
        return schema;
    if (!nullable)
        return stripNull(schema);
    const Json &type = schema[u"type"];
    if (type.isString()) {
        Json copy = schema;
        copy.object().insert(u"type"_s, Json(JsonArray{type, Json(u"null"_s)}));
        return copy;
    }
    // A $ref or typeless schema: anyOf keeps the reference intact, with the annotations outside.
    Json inner = schema;
    Json outer{JsonObject{}};
    for (const QString &key : kKeep) {
        if (inner.toObject().contains(key)) {
            outer.object().insert(key, inner[key]);
            inner.object().remove(key);
        }
    }
    outer.object().insertAt(0, u"anyOf"_s, Json(JsonArray{inner, Json(JsonObject{{u"type"_s, Json(u"null"_s)}})}));
    return outer;
}

QStringList constraintKeys(const QString &kind)
{
    if (kind == u"string")
        return {u"format"_s, u"minLength"_s, u"maxLength"_s, u"pattern"_s};
    if (kind == u"integer" || kind == u"number")
        return {u"format"_s, u"minimum"_s, u"exclusiveMinimum"_s, u"maximum"_s, u"exclusiveMaximum"_s, u"multipleOf"_s};
    if (kind == u"array")
        return {u"items"_s, u"minItems"_s, u"maxItems"_s, u"uniqueItems"_s};
    if (kind == u"object")
        return {u"additionalProperties"_s, u"minProperties"_s, u"maxProperties"_s};
    if (kind == u"enum")
        return {u"enum"_s};
    return {};
}

QStringList constraintProblems(const Json &raw, const Json &documentRoot)
{
    QStringList out;
    const Json schema = stripNull(raw);
    auto pair = [&](QStringView low, QStringView high) {
        const Json &a = schema[low];
        const Json &b = schema[high];
        if (a.isNumber() && b.isNumber() && a.toDouble() > b.toDouble())
            out << low.toString() + u": "_s + u"%1 is greater than %2 (%3)"_s.arg(low).arg(high).arg(QString::number(b.toDouble()));
    };
    pair(u"minLength", u"maxLength");
    pair(u"minimum", u"maximum");
    pair(u"exclusiveMinimum", u"exclusiveMaximum");
    pair(u"minItems", u"maxItems");
    pair(u"minProperties", u"maxProperties");
    const Json &multipleOf = schema[u"multipleOf"];
    if (multipleOf.isNumber() && multipleOf.toDouble() <= 0)
        out << u"multipleOf: must be greater than 0"_s;
    for (QStringView key : {u"minLength", u"maxLength", u"minItems", u"maxItems"}) {
        if (schema[key].isNumber() && schema[key].toDouble() < 0)
            out << key.toString() + u": must not be negative"_s;
    }
    if (schema[u"pattern"].isString()) {
        QString error;
        if (!core::Regex::compile(schema[u"pattern"].toString(), &error))
            out << u"pattern: "_s + error;
    }
    if (!out.isEmpty())
        return out;
    // Default and examples against the schema itself, with local $refs resolved through the document.
    core::SchemaCompiler compiler;
    Json wrapped = documentRoot.isObject() ? documentRoot : Json(JsonObject{});
    wrapped.object().insert(u"x-portico-field"_s, raw);
    compiler.addDocument(u"urn:portico:document"_s, wrapped);
    auto compiled = compiler.compile(u"urn:portico:document#/x-portico-field"_s);
    if (!compiled.ok())
        return out;
    auto check = [&](const QString &what, const Json &value) {
        const auto errors = compiled->validate(value);
        if (!errors.isEmpty())
            out << what + u": "_s + errors.first().msg;
    };
    if (schema.toObject().contains(u"default"))
        check(u"default"_s, schema[u"default"]);
    const JsonArray &examples = schema[u"examples"].toArray();
    for (size_t i = 0; i < examples.size(); ++i)
        check(u"examples[%1]"_s.arg(i), examples[i]);
    return out;
}

} // namespace portico::ui::fieldschema
