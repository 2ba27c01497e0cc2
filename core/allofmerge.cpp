#include "allofmerge.h"

#include "jsonpointer.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace portico::core {

// Keywords that only describe: a `$ref` with only these beside it is the referenced schema.
bool AllOfMerge::hasConstraintBesideRef(const JsonObject &s)
{
    static const QSet<QString> kDescriptive = {u"$ref"_s, u"description"_s, u"title"_s, u"summary"_s,
                                               u"deprecated"_s, u"$comment"_s, u"externalDocs"_s, u"xml"_s};
    for (const auto &[key, v] : s) {
        if (!kDescriptive.contains(key) && !key.startsWith(u"x-"))
            return true;
    }
    return false;
}

const JsonObject *AllOfMerge::target(const QString &ref) const
{
    // Only local references: a URL or another file is not in this document (nothing is fetched).
    if (!ref.startsWith(u'#'))
        return nullptr;
    const Json *found = jsonpointer::resolve(m_document, jsonpointer::fromUriFragment(ref));
    return found && found->isObject() ? &found->toObject() : nullptr;
}

JsonObject AllOfMerge::flattened(const JsonObject &s, int depth)
{
    JsonObject out;
    QList<QSet<QString>> closed;
    m_visited.clear();
    flattenInto(out, s, depth, true, closed);
    // A part with `additionalProperties: false` allows only its own properties, whatever the other parts
    // define: those are left out (and must not be required).
    if (!closed.isEmpty()) {
        JsonObject properties;
        for (const auto &[name, schema] : out.value(u"properties").toObject()) {
            const QString &property = name; // clang 14 cannot capture a structured binding
            if (std::all_of(closed.cbegin(), closed.cend(), [&](const QSet<QString> &allowed) { return allowed.contains(property); }))
                properties.insert(name, schema);
        }
        for (const Json &name : out.value(u"required").toArray()) {
            if (!properties.contains(name.toString()))
                m_unmet(u"\"%1\" is required, but an allOf part with additionalProperties false forbids it"_s.arg(name.toString()));
        }
        out.insert(u"properties"_s, Json(std::move(properties)));
    }
    return out;
}

void AllOfMerge::flattenInto(JsonObject &out, const JsonObject &s, int depth, bool outermost, QList<QSet<QString>> &closed)
{
    if (depth > m_maxDepth + 8)
        return;
    if (!outermost && s.value(u"additionalProperties").isBool() && !s.value(u"additionalProperties").toBool()) {
        QSet<QString> allowed;
        for (const auto &[name, schema] : s.value(u"properties").toObject())
            allowed.insert(name);
        closed.append(allowed);
    }
    for (const auto &[key, v] : s) {
        if (key == u"allOf" || key == u"$ref")
            continue;
        if (!outermost && (key == u"example" || key == u"examples"))
            continue;
        mergeKeyword(out, key, v);
    }
    // Each referenced schema is merged once: `A: {allOf: [{$ref: A}, {$ref: A}]}` doubled the work at every
    // level (2^depth) when only depth bounded it.
    const auto follow = [&](const QString &ref) {
        if (m_visited.contains(ref))
            return;
        m_visited.insert(ref);
        if (const JsonObject *referenced = target(ref))
            flattenInto(out, *referenced, depth + 1, false, closed);
    };
    if (const Json &ref = s.value(u"$ref"); ref.isString())
        follow(ref.toString());
    for (const Json &part : s.value(u"allOf").toArray()) {
        // A part reached through `$ref` is flattened from its target, with its own `allOf` too.
        if (const Json &ref = part[u"$ref"]; ref.isString())
            follow(ref.toString());
        else if (part.isObject())
            flattenInto(out, part.toObject(), depth + 1, false, closed);
    }
}

void AllOfMerge::mergeKeyword(JsonObject &out, const QString &key, const Json &v)
{
    const Json &have = out.value(key);
    if (have.isNull() && !out.contains(key)) {
        out.insert(key, v);
        return;
    }
    if (key == u"properties") {
        JsonObject properties = have.toObject();
        for (const auto &[name, schema] : v.toObject()) {
            if (properties.contains(name))
                properties.insert(name, Json(JsonObject{{u"allOf"_s, Json(JsonArray{properties.value(name), schema})}}));
            else
                properties.insert(name, schema);
        }
        out.insert(key, Json(std::move(properties)));
    } else if (key == u"required") {
        JsonArray required = have.toArray();
        for (const Json &name : v.toArray()) {
            if (std::find(required.begin(), required.end(), name) == required.end())
                required.push_back(name);
        }
        out.insert(key, Json(std::move(required)));
    } else if (key == u"items" || key == u"additionalProperties") {
        if (have.isObject() && v.isObject())
            out.insert(key, Json(JsonObject{{u"allOf"_s, Json(JsonArray{have, v})}}));
        else if (v.isBool() && !v.toBool())
            out.insert(key, v);
    } else if (key == u"type") {
        // integer is the narrower of integer and number; otherwise the first part's type stands.
        if (v.toString() == u"integer" && have.toString() == u"number")
            out.insert(key, v);
        else if (v.isString() && have.isString() && v != have && have.toString() != u"integer")
            m_unmet(u"its allOf parts require types %1 and %2"_s.arg(have.toString(), v.toString()));
    } else if (key == u"minimum" || key == u"exclusiveMinimum" || key == u"minLength" || key == u"minItems"
               || key == u"minProperties") {
        if (v.isNumber() && v.toDouble() > have.toDouble())
            out.insert(key, v);
    } else if (key == u"maximum" || key == u"exclusiveMaximum" || key == u"maxLength" || key == u"maxItems"
               || key == u"maxProperties") {
        if (v.isNumber() && v.toDouble() < have.toDouble())
            out.insert(key, v);
    } else if (key == u"enum" && have.isArray() && v.isArray()) {
        JsonArray both;
        for (const Json &e : have.toArray()) {
            if (std::find(v.toArray().begin(), v.toArray().end(), e) != v.toArray().end())
                both.push_back(e);
        }
        if (both.empty())
            m_unmet(u"its allOf parts allow no value in common (enum)"_s); // an optional member is then left out
        else
            out.insert(key, Json(std::move(both)));
    }
    // Anything else: the outer schema's, then the first part's, stands.
}

} // namespace portico::core
