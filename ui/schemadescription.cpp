#include "schemadescription.h"

#include "core/jsonpointer.h"
#include "core/jsonwriter.h"

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;

namespace {

constexpr qsizetype kMaxValueText = 80;
constexpr QStringView kModelPrefix = u"/components/schemas/";

// "Item" for "/components/schemas/Item"; empty for any other pointer (a property, a $defs entry).
QString modelName(const QString &pointer)
{
    if (!pointer.startsWith(kModelPrefix))
        return {};
    const QStringView rest = QStringView(pointer).mid(kModelPrefix.size());
    if (rest.isEmpty() || rest.contains(u'/'))
        return {};
    return core::jsonpointer::split(pointer).value_or(QStringList()).value(2);
}

QStringList typeList(const Json &type)
{
    QStringList out;
    if (type.isString())
        out.append(type.toString());
    for (const Json &t : type.toArray())
        out.append(t.toString());
    return out;
}

bool isNullSchema(const Json &schema)
{
    return schema[u"type"].toString() == u"null" ||
           (schema.toObject().size() == 1 && schema[u"const"].isNull() && schema.toObject().contains(u"const"));
}

// The range of two bounds in the fewest words: "1..80", "≥ 1", "≤ 80".
QString range(const Json &min, const Json &max)
{
    if (min.isNumber() && max.isNumber())
        return SchemaDescriber::valueText(min) + u".."_s + SchemaDescriber::valueText(max);
    if (min.isNumber())
        return u"≥ "_s + SchemaDescriber::valueText(min);
    return u"≤ "_s + SchemaDescriber::valueText(max);
}

// How a row reads inside a larger phrase ("array of Tag", not "array of Tag (string)").
QString shortType(const SchemaRow &row)
{
    if (row.model.isEmpty() || row.recursive)
        return row.type;
    return row.type.endsWith(u" | null") ? row.model + u" | null"_s : row.model;
}

// A union member's type inside a larger phrase: "array of (string | null)".
QString grouped(const QString &type)
{
    return type.contains(u" | ") || type.contains(u" & ") ? u"("_s + type + u')' : type;
}

} // namespace

SchemaDescriber::SchemaDescriber(const Json &documentRoot, Limits limits)
    : m_root(documentRoot)
    , m_limits(limits)
{}

QString SchemaDescriber::valueText(const Json &value)
{
    QString text = value.isString() ? value.toString() : QString::fromUtf8(core::toJson(value));
    if (text.size() > kMaxValueText)
        text = text.left(kMaxValueText - 1) + u'…';
    return text;
}

SchemaRow SchemaDescriber::describe(const QString &name, const Json &schema, bool required)
{
    SchemaRow row;
    row.name = name;
    row.required = required;
    ++m_rows;
    fill(row, schema, 0);
    return row;
}

void SchemaDescriber::fill(SchemaRow &row, const Json &schema, int depth)
{
    if (schema.isBool()) {
        row.type = schema.toBool() ? tr("any") : tr("nothing (always rejected)");
        return;
    }
    if (!schema.isObject()) {
        row.type = tr("any");
        return;
    }
    // Annotations next to a $ref (OpenAPI 3.1 allows them) describe this use of the model, so they come first.
    if (row.description.isEmpty())
        row.description = schema[u"description"].toString().trimmed();
    addConstraints(row, schema);

    if (const Json &ref = schema[u"$ref"]; ref.isString()) {
        fillRef(row, ref.toString(), depth);
        return;
    }

    QStringList types = typeList(schema[u"type"]);
    bool nullable = types.removeAll(u"null"_s) > 0;
    if (types.isEmpty()) {
        // Schemas often leave `type` out where their keywords make it obvious.
        const auto &o = schema.toObject();
        if (o.contains(u"properties") || o.contains(u"additionalProperties") || o.contains(u"required"))
            types.append(u"object"_s);
        else if (o.contains(u"items") || o.contains(u"prefixItems"))
            types.append(u"array"_s);
        else if (o.contains(u"const"))
            types.append(core::typeName(schema[u"const"].type()));
        else if (!schema[u"enum"].toArray().empty())
            types.append(core::typeName(schema[u"enum"].toArray().front().type()));
        nullable = nullable || types.removeAll(u"null"_s) > 0;
    }

    QStringList pieces;
    QStringList base;
    for (const QString &type : std::as_const(types))
        base.append(baseType(row, schema, type, depth));
    if (!base.isEmpty())
        pieces.append(base.join(u" | "));

    if (const JsonArray &allOf = schema[u"allOf"].toArray(); !allOf.empty()) {
        // Composition: the parts' fields are this row's fields.
        QStringList labels;
        for (const Json &part : allOf) {
            SchemaRow merged;
            fill(merged, part, depth);
            labels.append(grouped(shortType(merged)));
            for (SchemaRow &child : merged.children)
                row.children.push_back(std::move(child));
            row.constraints.append(merged.constraints);
            if (row.description.isEmpty())
                row.description = merged.description;
        }
        pieces.append(labels.join(u" & "));
    }
    for (const QString &keyword : {u"oneOf"_s, u"anyOf"_s}) {
        const JsonArray &members = schema[keyword].toArray();
        if (!members.empty())
            pieces.append(alternatives(row, members, keyword, depth, nullable));
    }

    QString type = pieces.join(u" & ");
    if (type.isEmpty())
        type = tr("any");
    if (nullable && !type.endsWith(u"| null"))
        type = grouped(type) + u" | null"_s;
    row.type = type;
    row.constraints.removeDuplicates();
}

void SchemaDescriber::fillRef(SchemaRow &row, const QString &ref, int depth)
{
    const QString pointer = ref.startsWith(u'#') ? core::jsonpointer::fromUriFragment(ref) : QString();
    const QString model = modelName(pointer);
    const QString shortName = model.isEmpty() ? ref.section(u'/', -1) : model;
    const Json *target = ref.startsWith(u'#') ? core::jsonpointer::resolve(m_root, pointer) : nullptr;
    row.model = model;
    if (!target) {
        row.type = shortName.isEmpty() ? ref : shortName;
        row.constraints.append(tr("unresolved reference %1").arg(ref));
        return;
    }
    if (m_refStack.contains(pointer)) {
        // A model inside itself (a tree node's children, a linked list's next): name it and stop.
        row.type = shortName;
        row.recursive = true;
        row.constraints.append(tr("recursive: see %1 above").arg(shortName));
        return;
    }
    if (depth > m_limits.maxDepth || m_rows >= m_limits.maxRows) {
        // Past the budgets only a name: unions of unions of models would otherwise still be walked for their
        // type words alone.
        row.type = shortName;
        m_truncated = true;
        return;
    }
    m_refStack.append(pointer);
    fill(row, *target, depth);
    m_refStack.removeLast();
    if (model.isEmpty())
        return; // a reference to a property or a $defs entry reads as that schema's own type
    const auto &o = target->toObject();
    // Objects read best as just their model name; a model that is a string, a number or a union also says
    // what it is underneath.
    const bool structured =
        o.contains(u"properties") || o.contains(u"allOf") || row.type == u"object" || o.contains(u"$ref");
    if (row.type.endsWith(u" | null") && !structured)
        row.type = model + u" ("_s + row.type.chopped(7) + u") | null"_s;
    else if (row.type.endsWith(u" | null"))
        row.type = model + u" | null"_s;
    else if (structured)
        row.type = model;
    else
        row.type = model + u" ("_s + row.type + u')';
}

QString SchemaDescriber::baseType(SchemaRow &row, const Json &schema, const QString &type, int depth)
{
    const bool expand = depth < m_limits.maxDepth;
    // Checked before describing a child, not after: models that fan out (ten fields of ten fields of ...) would
    // otherwise be described in full and then thrown away.
    auto budgetLeft = [&] {
        if (m_rows < m_limits.maxRows)
            return true;
        m_truncated = true;
        if (!row.constraints.contains(tr("(more fields not shown)")))
            row.constraints.append(tr("(more fields not shown)"));
        return false;
    };
    auto add = [&](SchemaRow child) {
        if (!budgetLeft())
            return;
        ++m_rows;
        row.children.push_back(std::move(child));
    };
    auto cut = [&] {
        m_truncated = true;
        if (!row.constraints.contains(tr("(nested too deeply to show)")))
            row.constraints.append(tr("(nested too deeply to show)"));
    };

    if (type == u"array") {
        QStringList itemTypes;
        const JsonArray &prefix = schema[u"prefixItems"].toArray();
        for (size_t i = 0; i < prefix.size(); ++i) {
            SchemaRow item;
            item.name = u"[%1]"_s.arg(i);
            fill(item, prefix[i], depth + 1);
            itemTypes.append(shortType(item));
            if (expand)
                add(std::move(item));
        }
        const Json &items = schema[u"items"];
        if (items.isObject() || (items.isBool() && prefix.empty())) {
            SchemaRow item;
            item.name = u"[ ]"_s;
            fill(item, items, depth + 1);
            itemTypes.append(shortType(item));
            // The item row is worth its line only when it says more than "array of X" already did.
            if (!item.children.empty() || !item.constraints.isEmpty() || !item.description.isEmpty()) {
                if (expand)
                    add(std::move(item));
                else
                    cut();
            }
        }
        if (itemTypes.isEmpty())
            return tr("array");
        if (!prefix.empty())
            return tr("tuple [%1]").arg(itemTypes.join(u", "));
        return tr("array of %1").arg(grouped(itemTypes.front()));
    }

    if (type == u"object") {
        const auto &properties = schema[u"properties"].toObject();
        const JsonArray &required = schema[u"required"].toArray();
        // An object that is expanded lists all its fields (so a body's own fields always show); the budgets
        // decide which objects are expanded, checked before describing anything below.
        if (!properties.isEmpty() && !expand) {
            cut();
        } else if (!properties.isEmpty() && budgetLeft()) {
            for (const auto &[name, property] : properties) {
                SchemaRow child;
                child.name = name;
                child.required = std::find(required.begin(), required.end(), Json(name)) != required.end();
                ++m_rows;
                fill(child, property, depth + 1);
                row.children.push_back(std::move(child));
            }
        }
        const Json &additional = schema[u"additionalProperties"];
        if (additional.isObject()) {
            SchemaRow value;
            value.name = tr("{any name}");
            fill(value, additional, depth + 1);
            const QString valueType = shortType(value);
            if (expand && (!value.children.empty() || !value.constraints.isEmpty() || !properties.isEmpty()))
                add(std::move(value));
            if (properties.isEmpty())
                return tr("map of %1").arg(grouped(valueType));
        }
        return u"object"_s;
    }

    const QString format = schema[u"format"].toString();
    return format.isEmpty() ? type : type + u" ("_s + format + u')';
}

QString SchemaDescriber::alternatives(SchemaRow &row, const JsonArray &members, const QString &keyword, int depth,
                                      bool &nullable)
{
    std::vector<const Json *> options;
    for (const Json &member : members) {
        if (isNullSchema(member))
            nullable = true;
        else
            options.push_back(&member);
    }
    if (options.size() == 1) {
        // `anyOf: [X, {type: null}]` is how 3.1 writes "nullable X": read it as X itself.
        SchemaRow single;
        single.description = row.description;
        fill(single, *options.front(), depth);
        row.description = single.description;
        row.model = single.model;
        row.recursive = single.recursive;
        row.constraints.append(single.constraints);
        for (SchemaRow &child : single.children)
            row.children.push_back(std::move(child));
        return single.type;
    }
    QStringList labels;
    for (size_t i = 0; i < options.size(); ++i) {
        SchemaRow option;
        fill(option, *options[i], depth + 1);
        option.name = option.model.isEmpty() ? tr("option %1").arg(i + 1) : option.model;
        labels.append(grouped(shortType(option)));
        if (depth < m_limits.maxDepth && m_rows < m_limits.maxRows) {
            ++m_rows;
            row.children.push_back(std::move(option));
        } else {
            m_truncated = true;
        }
    }
    return keyword + u": "_s + labels.join(u" | ");
}

void SchemaDescriber::addConstraints(SchemaRow &row, const Json &schema)
{
    QStringList &c = row.constraints;
    if (schema[u"readOnly"].toBool())
        c.append(tr("read-only"));
    if (schema[u"writeOnly"].toBool())
        c.append(tr("write-only"));
    if (schema[u"deprecated"].toBool())
        c.append(tr("deprecated"));
    if (schema.toObject().contains(u"const"))
        c.append(u"= "_s + valueText(schema[u"const"]));
    if (const JsonArray &values = schema[u"enum"].toArray(); !values.empty()) {
        QStringList words;
        for (const Json &v : values)
            words.append(v.isNull() ? u"null"_s : valueText(v));
        c.append(tr("one of: %1").arg(words.join(u", ")));
    }
    if (schema[u"minimum"].isNumber())
        c.append(u"≥ "_s + valueText(schema[u"minimum"]));
    if (schema[u"exclusiveMinimum"].isNumber())
        c.append(u"> "_s + valueText(schema[u"exclusiveMinimum"]));
    if (schema[u"maximum"].isNumber())
        c.append(u"≤ "_s + valueText(schema[u"maximum"]));
    if (schema[u"exclusiveMaximum"].isNumber())
        c.append(u"< "_s + valueText(schema[u"exclusiveMaximum"]));
    if (schema[u"multipleOf"].isNumber())
        c.append(tr("multiple of %1").arg(valueText(schema[u"multipleOf"])));
    if (schema[u"minLength"].isNumber() || schema[u"maxLength"].isNumber())
        c.append(tr("length %1").arg(range(schema[u"minLength"], schema[u"maxLength"])));
    if (schema[u"pattern"].isString())
        c.append(tr("pattern %1").arg(schema[u"pattern"].toString()));
    if (schema[u"minItems"].isNumber() || schema[u"maxItems"].isNumber())
        c.append(tr("%1 items").arg(range(schema[u"minItems"], schema[u"maxItems"])));
    if (schema[u"uniqueItems"].toBool())
        c.append(tr("unique items"));
    if (schema[u"minProperties"].isNumber() || schema[u"maxProperties"].isNumber())
        c.append(tr("%1 fields").arg(range(schema[u"minProperties"], schema[u"maxProperties"])));
    if (schema[u"additionalProperties"].isBool() && !schema[u"additionalProperties"].toBool())
        c.append(tr("no other fields"));
    if (const QString property = schema[u"discriminator"][u"propertyName"].toString(); !property.isEmpty())
        c.append(tr("discriminator: %1").arg(property));
    if (const QString media = schema[u"contentMediaType"].toString(); !media.isEmpty())
        c.append(tr("content: %1").arg(media));
    if (const QString encoding = schema[u"contentEncoding"].toString(); !encoding.isEmpty())
        c.append(tr("encoding: %1").arg(encoding));
    if (schema.toObject().contains(u"default"))
        c.append(tr("default: %1").arg(schema[u"default"].isNull() ? u"null"_s : valueText(schema[u"default"])));
    if (const JsonArray &examples = schema[u"examples"].toArray(); !examples.empty())
        c.append(tr("example: %1").arg(valueText(examples.front())));
    else if (schema.toObject().contains(u"example"))
        c.append(tr("example: %1").arg(valueText(schema[u"example"])));
}

} // namespace portico::ui
