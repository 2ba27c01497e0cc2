#include "parameterstyles.h"

#include <QHash>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

// Deeper brackets than this are refused: a hostile key must not build a deep value.
constexpr int kMaxBracketDepth = 32;

std::optional<JsonObject> pairsToObject(const QStringList &flat)
{
    if (flat.size() % 2 != 0)
        return std::nullopt;
    JsonObject out;
    for (qsizetype i = 0; i + 1 < flat.size(); i += 2)
        out.insert(flat[i], Json(flat[i + 1]));
    return out;
}

std::optional<JsonObject> assignmentsToObject(const QStringList &assignments)
{
    JsonObject out;
    for (const QString &a : assignments) {
        const qsizetype eq = a.indexOf(u'=');
        if (eq <= 0)
            return std::nullopt;
        out.insert(a.left(eq), Json(a.mid(eq + 1)));
    }
    return out;
}

// Into `node` (an object or array; null becomes what the key asks for), at the bracket path `path`.
bool insertAt(Json &node, QStringView path, const QString &value, int depth)
{
    if (path.isEmpty()) {
        node = Json(value);
        return true;
    }
    if (depth > kMaxBracketDepth || !path.startsWith(u'['))
        return false;
    const qsizetype close = path.indexOf(u']');
    if (close < 0)
        return false;
    const QStringView key = path.mid(1, close - 1);
    const QStringView rest = path.mid(close + 1);
    bool numeric = false;
    const qsizetype index = key.toLongLong(&numeric);
    if (key.isEmpty() || (numeric && index >= 0)) {
        // `a[]` appends; `a[3]` is the item at 3 (its fields may come in several keys: a[3][x], a[3][y]).
        if (node.isNull())
            node = Json(JsonArray{});
        if (!node.isArray())
            return false;
        JsonArray &items = node.array();
        if (key.isEmpty()) {
            items.push_back(Json());
            return insertAt(items.back(), rest, value, depth + 1);
        }
        // Dense only: an index may name an item already there or the next one. `a[1000]=x&a[2000]=x…` grew the
        // array by a thousand items per key (gigabytes from a 10 MiB body).
        if (index > qsizetype(items.size()))
            return false;
        if (index == qsizetype(items.size()))
            items.push_back(Json());
        return insertAt(items[size_t(index)], rest, value, depth + 1);
    }
    if (node.isNull())
        node = Json(JsonObject{});
    if (!node.isObject())
        return false;
    JsonObject &members = node.object();
    const QString name = key.toString();
    Json *child = members.find(name);
    if (!child) {
        members.append(name, Json());
        child = members.find(name);
    }
    return insertAt(*child, rest, value, depth + 1);
}

} // namespace

std::optional<ParameterStyle> parameterStyle(const QString &style, const QString &in)
{
    if (style.isEmpty())
        return in == u"path" || in == u"header" ? ParameterStyle::Simple : ParameterStyle::Form;
    static const QHash<QString, ParameterStyle> kStyles = {
        {u"form"_s, ParameterStyle::Form},     {u"spaceDelimited"_s, ParameterStyle::SpaceDelimited},
        {u"pipeDelimited"_s, ParameterStyle::PipeDelimited}, {u"deepObject"_s, ParameterStyle::DeepObject},
        {u"simple"_s, ParameterStyle::Simple}, {u"label"_s, ParameterStyle::Label},
        {u"matrix"_s, ParameterStyle::Matrix},
    };
    const auto it = kStyles.constFind(style);
    return it == kStyles.cend() ? std::nullopt : std::optional<ParameterStyle>(*it);
}

bool defaultExplode(ParameterStyle style)
{
    return style == ParameterStyle::Form;
}

QStringList arrayItems(const QStringList &raw, ParameterStyle style, bool explode, const QString &name)
{
    QStringList out;
    for (const QString &value : raw) {
        switch (style) {
        case ParameterStyle::Form:
        case ParameterStyle::DeepObject:
            if (explode)
                out.append(value);
            else
                out.append(value.split(u','));
            break;
        case ParameterStyle::SpaceDelimited:
            out.append(explode ? QStringList{value} : value.split(u' '));
            break;
        case ParameterStyle::PipeDelimited:
            out.append(explode ? QStringList{value} : value.split(u'|'));
            break;
        case ParameterStyle::Simple:
            out.append(value.split(u','));
            break;
        case ParameterStyle::Label: // .a.b (explode) or .a,b
            out.append(value.startsWith(u'.') ? value.mid(1).split(explode ? u'.' : u',') : QStringList{value});
            break;
        case ParameterStyle::Matrix: { // ;id=a;id=b (explode) or ;id=a,b
            const QString prefix = u';' + name + u'=';
            if (!explode) {
                out.append(value.startsWith(prefix) ? value.mid(prefix.size()).split(u',') : QStringList{value});
                break;
            }
            for (const QString &part : value.split(u';', Qt::SkipEmptyParts))
                out.append(part.startsWith(name + u'=') ? part.mid(name.size() + 1) : part);
            break;
        }
        }
    }
    return out;
}

std::optional<JsonObject> objectFromValue(const QString &raw, ParameterStyle style, bool explode, const QString &name)
{
    switch (style) {
    case ParameterStyle::Simple:
        return explode ? assignmentsToObject(raw.split(u',')) : pairsToObject(raw.split(u','));
    case ParameterStyle::Label:
        if (!raw.startsWith(u'.'))
            return std::nullopt;
        return explode ? assignmentsToObject(raw.mid(1).split(u'.')) : pairsToObject(raw.mid(1).split(u','));
    case ParameterStyle::Matrix:
        if (explode)
            return assignmentsToObject(raw.split(u';', Qt::SkipEmptyParts));
        if (const QString prefix = u';' + name + u'='; raw.startsWith(prefix))
            return pairsToObject(raw.mid(prefix.size()).split(u','));
        return std::nullopt;
    case ParameterStyle::Form:
        return explode ? std::nullopt : pairsToObject(raw.split(u','));
    default:
        return std::nullopt;
    }
}

QStringList bracketedItems(const QList<std::pair<QString, QString>> &query, const QString &name)
{
    QStringList out;
    for (const auto &[key, value] : query) {
        if (key.size() < name.size() + 2 || !key.startsWith(name) || key[name.size()] != u'[' || !key.endsWith(u']'))
            continue;
        const QStringView inside = QStringView(key).mid(name.size() + 1, key.size() - name.size() - 2);
        bool numeric = inside.isEmpty();
        if (!numeric)
            (void)inside.toUInt(&numeric);
        if (numeric)
            out.append(value);
    }
    return out;
}

std::optional<JsonObject> objectFromQuery(const QList<std::pair<QString, QString>> &query, ParameterStyle style,
                                          const QString &name, const QStringList &properties, const QStringList &claimed)
{
    JsonObject root;
    bool found = false;
    if (style == ParameterStyle::DeepObject || style == ParameterStyle::Form) {
        // Bracketed keys under the name: the deepObject style, and what Stripe-like clients send for form.
        for (const auto &[key, value] : query) {
            if (key.size() > name.size() && key.startsWith(name) && key[name.size()] == u'[') {
                found = insertBracketed(root, key, value) || found;
            }
        }
    }
    if (found)
        return root.value(name).isObject() ? std::optional<JsonObject>(root.value(name).toObject()) : std::nullopt;
    if (style != ParameterStyle::Form)
        return std::nullopt;
    // Exploded form: the object's properties are keys of their own (?role=admin&firstName=Ada).
    JsonObject object;
    for (const auto &[key, value] : query) {
        if (properties.isEmpty() ? !claimed.contains(key) : properties.contains(key))
            object.insert(key, Json(value));
    }
    if (object.isEmpty())
        return std::nullopt;
    return object;
}

bool insertBracketed(JsonObject &root, QStringView key, const QString &value)
{
    const qsizetype open = key.indexOf(u'[');
    if (open <= 0 || !key.endsWith(u']'))
        return false;
    // The brackets are checked before anything is added: `a[b]c]` or `a[b` is a plain key.
    int depth = 0;
    for (qsizetype i = open; i < key.size();) {
        const qsizetype close = key.indexOf(u']', i);
        if (key[i] != u'[' || close < 0 || key.mid(i + 1, close - i - 1).contains(u'[') || ++depth > kMaxBracketDepth)
            return false;
        i = close + 1;
    }
    const QString name = key.left(open).toString();
    Json *member = root.find(name);
    const bool added = !member;
    if (added) {
        root.append(name, Json());
        member = root.find(name);
    }
    // In place: copying the value for each key made 100,000 `items[i]` fields quadratic.
    if (insertAt(*member, key.mid(open), value, 0))
        return true;
    if (added)
        root.remove(name); // the key is then a plain one: leave no empty value of its name behind
    return false;
}

} // namespace portico::mock
