#include "extensionchecks.h"

#include "apidocument.h"
#include "jsonpointer.h"

#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

// Where an object sits in the document, as far as the extensions care.
enum class Place { Root, PathItem, Operation, GetOperation, ResponseMedia, SecurityScheme, Elsewhere };

Place placeOf(const QStringList &t)
{
    if (t.isEmpty())
        return Place::Root;
    if (t[0] == u"paths") {
        if (t.size() == 2)
            return Place::PathItem;
        if (t.size() == 3 && ApiDocument::kMethods.contains(t[2]))
            return t[2] == u"get" ? Place::GetOperation : Place::Operation;
        if (t.size() == 7 && t[3] == u"responses" && t[5] == u"content")
            return Place::ResponseMedia;
    }
    if (t.size() == 5 && t[0] == u"components" && t[1] == u"responses" && t[3] == u"content")
        return Place::ResponseMedia;
    if (t.size() == 3 && t[0] == u"components" && t[1] == u"securitySchemes")
        return Place::SecurityScheme;
    return Place::Elsewhere;
}

struct Extension
{
    QList<Place> places;
    QString where; // for the message
};

const QHash<QString, Extension> &extensions()
{
    static const QHash<QString, Extension> known = {
        {u"x-portico"_s, {{Place::Root}, u"the root of the document"_s}},
        {u"x-portico-resource"_s, {{Place::Operation, Place::GetOperation, Place::PathItem}, u"an operation or a path item"_s}},
        {u"x-portico-latency"_s, {{Place::Operation, Place::GetOperation, Place::PathItem}, u"an operation or a path item"_s}},
        {u"x-portico-rules"_s, {{Place::Operation, Place::GetOperation}, u"an operation"_s}},
        {u"x-portico-faults"_s, {{Place::Operation, Place::GetOperation, Place::PathItem}, u"an operation or a path item"_s}},
        {u"x-portico-stream"_s, {{Place::ResponseMedia}, u"a media type of a response"_s}},
        {u"x-portico-websocket"_s, {{Place::GetOperation}, u"a get operation"_s}},
        {u"x-portico-rate-limit"_s, {{Place::Operation, Place::GetOperation, Place::PathItem}, u"an operation or a path item"_s}},
        {u"x-portico-credentials"_s, {{Place::SecurityScheme}, u"a security scheme"_s}},
    };
    return known;
}

const QStringList kSettings = {u"seed"_s, u"lax"_s, u"strict_responses"_s, u"cors"_s, u"threads"_s, u"proxy"_s,
                               u"data"_s, u"host"_s, u"port"_s, u"data_file"_s};

bool isCount(const Json &v)
{
    return v.isInteger() && v.toInteger() >= 0;
}

class ExtensionChecker
{
public:
    QList<ExtensionIssue> issues;

    void visit(const Json &value, const jsonpointer::Trail &trail, int depth)
    {
        if (depth > 64)
            return;
        if (value.isArray()) {
            const JsonArray &a = value.toArray();
            for (size_t i = 0; i < a.size(); ++i)
                visit(a[i], trail.child(qsizetype(i)), depth + 1);
            return;
        }
        if (!value.isObject())
            return;
        for (const auto &[key, member] : value.toObject()) {
            if (key.startsWith(u"x-portico")) {
                // Where the object sits matters only for the (rare) objects that carry an extension.
                const QString pointer = trail.toString();
                check(key, member, placeOf(jsonpointer::split(pointer).value_or(QStringList())), jsonpointer::append(pointer, key));
                continue; // its contents are the user's data
            }
            if (key == u"example" || key == u"examples" || key == u"default" || key == u"const" || key == u"enum")
                continue;
            visit(member, trail.child(key), depth + 1);
        }
    }

private:
    void add(const QString &message, const QString &pointer) { issues.append({message, pointer}); }

    void check(const QString &name, const Json &value, Place place, const QString &at)
    {
        const auto it = extensions().constFind(name);
        if (it == extensions().cend()) {
            add(u"unknown extension \"%1\" (Portico ignores it; a typo? see docs/extensions.md)"_s.arg(name), at);
            return;
        }
        if (!it->places.contains(place)) {
            add(u"%1 has no effect here: it belongs on %2"_s.arg(name, it->where), at);
            return;
        }
        const QString shape = shapeProblem(name, value);
        if (!shape.isEmpty())
            add(u"%1 is ignored: %2"_s.arg(name, shape), at);
    }

    QString shapeProblem(const QString &name, const Json &v) const
    {
        if (name == u"x-portico") {
            if (!v.isObject())
                return u"expected an object of project settings"_s;
            for (const auto &[key, _] : v.toObject()) {
                if (!kSettings.contains(key))
                    return u"unknown setting \"%1\" (known: %2)"_s.arg(key, kSettings.join(u", "_s));
            }
            return {};
        }
        if (name == u"x-portico-resource") {
            if (v.isString() && !v.toString().isEmpty())
                return {};
            return v.isObject() && v[u"name"].isString() ? QString() : u"expected a collection name or {name, key, envelope}"_s;
        }
        if (name == u"x-portico-latency") {
            static const QRegularExpression range(u"^\\s*(\\d+)\\s*\\.\\.\\s*(\\d+)\\s*$"_s);
            if (isCount(v))
                return {};
            const auto m = range.match(v.toString());
            if (v.isString() && m.hasMatch() && m.captured(1).toLongLong() <= m.captured(2).toLongLong())
                return {};
            return u"expected milliseconds (150) or a range \"min..max\" with min <= max"_s;
        }
        if (name == u"x-portico-rules") {
            for (const Json &rule : v.toArray()) {
                if (!rule.isObject() || !rule[u"respond"].isObject() || (!rule[u"when"].isNull() && !rule[u"when"].isObject()))
                    return u"every rule needs a \"respond\" object (and \"when\", if any, is an object)"_s;
            }
            return v.isArray() ? QString() : u"expected a list of {when, respond}"_s;
        }
        if (name == u"x-portico-faults") {
            for (const Json &fault : v.toArray()) {
                const bool kind = fault[u"status"].isInteger() || fault[u"reset"].toBool() || isCount(fault[u"slow_body_ms"]);
                const Json &p = fault[u"probability"];
                if (!kind || (!p.isNull() && !(p.isNumber() && p.toDouble() >= 0 && p.toDouble() <= 1)))
                    return u"each fault is {status: N | reset: true | slow_body_ms: T, probability: 0..1}"_s;
            }
            return v.isArray() ? QString() : u"expected a list of faults"_s;
        }
        if (name == u"x-portico-stream" || name == u"x-portico-websocket") {
            if (!v.isObject())
                return u"expected an object"_s;
            const Json &stream = name == u"x-portico-stream" ? v : v[u"stream"];
            for (const QString &key : {u"interval_ms"_s, u"count"_s}) {
                if (!stream[key].isNull() && !isCount(stream[key]))
                    return u"%1 must be an integer >= 0"_s.arg(key);
            }
            return {};
        }
        if (name == u"x-portico-rate-limit") {
            const bool ok = v[u"requests"].isInteger() && v[u"requests"].toInteger() >= 1 && v[u"per_seconds"].isNumber()
                            && v[u"per_seconds"].toDouble() > 0;
            return ok ? QString() : u"expected {requests: integer >= 1, per_seconds: number > 0}"_s;
        }
        if (name == u"x-portico-credentials") {
            const JsonArray &list = v.toArray();
            const bool ok = v.isArray() && std::all_of(list.begin(), list.end(), [](const Json &c) { return c.isString(); });
            return ok ? QString() : u"expected a list of strings"_s;
        }
        return {};
    }
};

} // namespace

QList<ExtensionIssue> checkPorticoExtensions(const Json &root)
{
    ExtensionChecker checker;
    checker.visit(root, jsonpointer::Trail(), 0);
    return checker.issues;
}

} // namespace portico::core
