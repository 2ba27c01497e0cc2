#include "formats.h"
#include "jsonwriter.h"
#include "schema.h"
#include "schemanode.h"

#include <QHash>
#include <QScopeGuard>
#include <QVarLengthArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using namespace schema;

// The instance location being validated, as a chain on the stack; turned into a `loc` only on error.
struct Path
{
    const Path *parent = nullptr;
    const QString *key = nullptr; // null: an array index
    qsizetype index = 0;
};

// The schema resources entered so far: `$dynamicRef`'s dynamic scope, innermost first.
struct Scope
{
    const Scope *parent = nullptr;
    const Resource *resource = nullptr;
};

// Which members or items of the current instance some successful subschema evaluated (the annotations that
// unevaluatedProperties / unevaluatedItems consume). Collected only where such a keyword needs them.
struct Evaluated
{
    std::vector<uint8_t> marks;
    void ensure(size_t n)
    {
        if (marks.size() < n)
            marks.resize(n, 0);
    }
    void mark(size_t i)
    {
        ensure(i + 1);
        marks[i] = 1;
    }
    void merge(const Evaluated &other)
    {
        ensure(other.marks.size());
        for (size_t i = 0; i < other.marks.size(); ++i)
            marks[i] |= other.marks[i];
    }
    bool isMarked(size_t i) const { return i < marks.size() && marks[i]; }
};

qsizetype codePoints(const QString &s)
{
    qsizetype n = s.size();
    for (qsizetype i = 1; i < s.size(); ++i) {
        if (s[i].isLowSurrogate() && s[i - 1].isHighSurrogate())
            --n;
    }
    return n;
}

QString plural(qint64 n, const QString &word)
{
    return n == 1 ? word : word + u's';
}

int compareNumbers(const Json &a, const Json &b)
{
    if (a.isInteger() && b.isInteger())
        return a.toInteger() < b.toInteger() ? -1 : (a.toInteger() > b.toInteger() ? 1 : 0);
    const double x = a.toDouble(), y = b.toDouble();
    return x < y ? -1 : (x > y ? 1 : 0);
}

bool isMultipleOf(const Json &value, const Json &divisor)
{
    if (value.isInteger() && divisor.isInteger() && divisor.toInteger() != 0)
        return value.toInteger() % divisor.toInteger() == 0;
    const double q = value.toDouble() / divisor.toDouble();
    if (!std::isfinite(q))
        return false;
    return std::abs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::abs(q));
}

unsigned typeOf(const Json &v)
{
    switch (v.type()) {
    case Json::Type::Null: return NullBit;
    case Json::Type::Bool: return BoolBit;
    case Json::Type::Integer: return IntegerBit | NumberBit;
    case Json::Type::Double: return v.isIntegral() ? (IntegerBit | NumberBit) : NumberBit;
    case Json::Type::String: return StringBit;
    case Json::Type::Array: return ArrayBit;
    case Json::Type::Object: return ObjectBit;
    }
    return 0;
}

// pydantic's lax conversions (and FastAPI's parameter parsing): "42" → 42, "4.5" → 4.5, "yes" → true.
std::optional<Json> parseInteger(QStringView s)
{
    s = s.trimmed();
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    if (ok)
        return Json(v);
    // pydantic accepts "42.0" / "42.00" for integers but not "42.5".
    const qsizetype dot = s.indexOf(u'.');
    if (dot > 0) {
        bool zeros = true;
        for (QChar c : s.mid(dot + 1))
            zeros &= c == u'0';
        if (zeros) {
            const qint64 w = s.left(dot).toLongLong(&ok);
            if (ok)
                return Json(w);
        }
    }
    return std::nullopt;
}

std::optional<Json> parseNumber(QStringView s)
{
    s = s.trimmed();
    if (auto i = parseInteger(s); i && !s.contains(u'.'))
        return i;
    bool ok = false;
    const double d = s.toDouble(&ok);
    if (ok && std::isfinite(d))
        return Json(d);
    return std::nullopt;
}

std::optional<Json> parseBool(QStringView s)
{
    static const QStringList yes = {u"true"_s, u"1"_s, u"yes"_s, u"on"_s, u"t"_s, u"y"_s};
    static const QStringList no = {u"false"_s, u"0"_s, u"no"_s, u"off"_s, u"f"_s, u"n"_s};
    const QString lower = s.trimmed().toString().toLower();
    if (yes.contains(lower))
        return Json(true);
    if (no.contains(lower))
        return Json(false);
    return std::nullopt;
}

std::optional<Json> laxConvert(const Json &v, unsigned types)
{
    if ((types & IntegerBit) && !(types & NumberBit & ~IntegerBit)) {
        if (v.isString())
            return parseInteger(v.toString());
        if (v.isBool())
            return Json(qint64(v.toBool()));
    }
    if (types & NumberBit) {
        if (v.isString())
            return parseNumber(v.toString());
        if (v.isBool())
            return Json(qint64(v.toBool()));
    }
    if (types & BoolBit) {
        if (v.isString())
            return parseBool(v.toString());
        if (v.isInteger() && (v.toInteger() == 0 || v.toInteger() == 1))
            return Json(v.toInteger() == 1);
    }
    return std::nullopt;
}

const Node *followRefs(const Node *n)
{
    for (int guard = 0; n && guard < 64; ++guard) {
        if (n->types || !n->ref)
            return n;
        n = n->ref;
    }
    return n;
}

unsigned acceptedTypesOf(const Node *n, int depth = 0)
{
    if (!n || depth > 32)
        return 0;
    if (n->isBoolean)
        return 0;
    if (n->types)
        return n->types;
    if (n->ref)
        return acceptedTypesOf(n->ref, depth + 1);
    unsigned t = 0;
    for (const auto *list : {&n->anyOf, &n->oneOf}) {
        for (const Node *b : *list) {
            const unsigned bt = acceptedTypesOf(b, depth + 1);
            if (!bt)
                return 0; // a branch of any type
            t |= bt;
        }
    }
    for (const Node *b : n->allOf) {
        if (unsigned bt = acceptedTypesOf(b, depth + 1))
            return bt;
    }
    if (n->rare().hasConst)
        return typeOf(n->rare().constValue) & ~(n->rare().constValue.isIntegral() ? 0u : 0u);
    return t;
}

// pydantic's name for a union member in `loc`: the model's name, else its type.
QString unionTag(const Node *n, qsizetype index)
{
    for (const Node *m = n; m; m = m->ref) {
        if (!m->modelName.isEmpty())
            return m->modelName;
        if (m->types)
            break;
    }
    const Node *t = followRefs(n);
    const unsigned types = t ? t->types : 0;
    if (types == StringBit) return u"str"_s;
    if (types == IntegerBit) return u"int"_s;
    if (types == (NumberBit | IntegerBit)) return u"float"_s;
    if (types == BoolBit) return u"bool"_s;
    if (types == ArrayBit) return u"list"_s;
    if (types == ObjectBit) return u"dict"_s;
    if (types == NullBit) return u"none"_s;
    return u"schema[%1]"_s.arg(index);
}

class Run
{
public:
    Run(const Graph &graph, const JsonArray &prefix)
        : m_options(graph.options), m_prefix(prefix), m_remembersProbes(!graph.options.lax && !graph.hasDynamicRefs)
    {
        char here;
        m_stackStart = reinterpret_cast<quintptr>(&here);
    }

    bool validate(const Node *n, const Json &v, const Path *path, const Scope *scope, Evaluated *ev, int depth,
                  ValidationErrors *sink) const;

private:
    JsonArray loc(const Path *path) const
    {
        QVarLengthArray<const Path *, 16> chain;
        for (const Path *p = path; p; p = p->parent)
            chain.append(p);
        JsonArray out = m_prefix;
        out.reserve(m_prefix.size() + size_t(chain.size()));
        for (qsizetype i = chain.size() - 1; i >= 0; --i)
            out.push_back(chain[i]->key ? Json(*chain[i]->key) : Json(qint64(chain[i]->index)));
        return out;
    }

    void report(ValidationErrors *sink, const Path *path, QString type, QString msg, const Json &input,
                JsonObject ctx = {}) const
    {
        if (sink && sink->size() < kMaxErrors)
            sink->append({std::move(type), loc(path), std::move(msg), input, std::move(ctx)});
    }

    void typeError(ValidationErrors *sink, const Path *path, const Node *n, const Json &v) const;
    bool probe(const Node *n, const Json &v, const Path *path, const Scope *scope, int depth) const;
    bool validateObject(const Node *n, const JsonObject &o, const Json &v, const Path *path, const Scope *scope,
                        Evaluated *ev, int depth, ValidationErrors *sink) const;
    bool validateArray(const Node *n, const JsonArray &a, const Json &v, const Path *path, const Scope *scope,
                       Evaluated *ev, int depth, ValidationErrors *sink) const;
    bool validateUnion(const Node *n, const std::vector<const Node *> &branches, bool exactlyOne, const Json &v,
                       const Path *path, const Scope *scope, Evaluated *ev, int depth, ValidationErrors *sink) const;
    std::optional<bool> validateTagged(const Discriminator &d, const JsonObject &o, const Json &v, const Path *path,
                                       const Scope *scope, Evaluated *ev, int depth, ValidationErrors *sink) const;

    // Recursion is bounded twice: by depth (cycles through $ref) and by the stack actually used, because a
    // frame's size differs between builds (a sanitizer build's frames are several times larger) and a server
    // thread's stack may be smaller than the main thread's.
    bool stackExhausted() const
    {
        char here;
        const quintptr now = reinterpret_cast<quintptr>(&here);
        const quintptr used = now > m_stackStart ? now - m_stackStart : m_stackStart - now;
        return used > kStackBudget;
    }
    static constexpr quintptr kStackBudget = 1024 * 1024;
    // Enough said: a union reports every branch's errors, so a value that fails nested unions deep down would
    // otherwise cost, and say, branches^depth errors.
    static constexpr qsizetype kMaxErrors = 1000;

    const SchemaOptions &m_options;
    const JsonArray &m_prefix;
    quintptr m_stackStart = 0;

    // The (schema, value) pairs being validated, innermost last: pydantic's recursion guard. Reaching a pair
    // that is already being validated (`{"$ref": "#", "properties": …}` on the same value) can never finish;
    // before this guard such a schema ran until the depth bound, branching at every level (256^depth).
    // A value's pairs are contiguous at the end: values below it are pushed after it and gone before it is.
    mutable QVarLengthArray<std::pair<const Node *, const Json *>, 32> m_active;

    // Whether a union branch, `not` or `if` matched a value, remembered: nested unions would otherwise try
    // the same branch on the same value once per path to it, exponentially many. Values are the caller's
    // (lax mode's converted temporaries would alias), and without `$dynamicRef` the answer is path-free.
    const bool m_remembersProbes;
    mutable QHash<std::pair<const Node *, const Json *>, bool> m_probes;
};

bool Run::probe(const Node *n, const Json &v, const Path *path, const Scope *scope, int depth) const
{
    if (!m_remembersProbes)
        return validate(n, v, path, scope, nullptr, depth + 1, nullptr);
    const std::pair key(n, &v);
    if (const auto it = m_probes.constFind(key); it != m_probes.cend())
        return *it;
    const bool matched = validate(n, v, path, scope, nullptr, depth + 1, nullptr);
    m_probes.insert(key, matched);
    return matched;
}

void Run::typeError(ValidationErrors *sink, const Path *path, const Node *n, const Json &v) const
{
    if (!sink)
        return;
    // Like pydantic's Optional[X], a nullable type reports the error of its non-null type.
    const unsigned t = n->types & ~NullBit;
    // pydantic's lax mode (form fields, lax bodies) read the string and could not: a parsing error.
    if (m_options.lax && v.isString() && !(t & (StringBit | ArrayBit | ObjectBit))) {
        if ((t & IntegerBit) && !(t & NumberBit))
            report(sink, path, u"int_parsing"_s, u"Input should be a valid integer, unable to parse string as an integer"_s, v);
        else if (t & NumberBit)
            report(sink, path, u"float_parsing"_s, u"Input should be a valid number, unable to parse string as a number"_s, v);
        else if (t & BoolBit)
            report(sink, path, u"bool_parsing"_s, u"Input should be a valid boolean, unable to interpret input"_s, v);
        if (t & (IntegerBit | NumberBit | BoolBit))
            return;
    }
    if (t & StringBit)
        report(sink, path, u"string_type"_s, u"Input should be a valid string"_s, v);
    else if ((t & IntegerBit) && !(t & NumberBit) && v.isDouble())
        report(sink, path, u"int_from_float"_s, u"Input should be a valid integer, got a number with a fractional part"_s, v);
    else if ((t & IntegerBit) && !(t & NumberBit))
        report(sink, path, u"int_type"_s, u"Input should be a valid integer"_s, v);
    else if (t & NumberBit)
        report(sink, path, u"float_type"_s, u"Input should be a valid number"_s, v);
    else if (t & BoolBit)
        report(sink, path, u"bool_type"_s, u"Input should be a valid boolean"_s, v);
    else if ((t & ObjectBit) && !n->properties.empty())
        report(sink, path, u"model_attributes_type"_s, u"Input should be a valid dictionary or object to extract fields from"_s, v);
    else if (t & ObjectBit)
        report(sink, path, u"dict_type"_s, u"Input should be a valid dictionary"_s, v);
    else if (t & ArrayBit)
        report(sink, path, u"list_type"_s, u"Input should be a valid list"_s, v);
    else
        report(sink, path, u"none_required"_s, u"Input should be None"_s, v);
}

bool Run::validate(const Node *n, const Json &input, const Path *path, const Scope *scope, Evaluated *ev, int depth,
                   ValidationErrors *sink) const
{
    if (sink && sink->size() >= kMaxErrors)
        return false; // the value is invalid already: the errors said so
    if (depth > m_options.maxDepth * 4 || stackExhausted()) {
        report(sink, path, u"recursion_loop"_s, u"Recursion error - cyclic reference detected"_s, input);
        return false;
    }
    if (n->isBoolean) {
        if (!n->booleanValue)
            report(sink, path, u"forbidden"_s, u"No value is allowed here"_s, input);
        return n->booleanValue;
    }
    for (auto it = m_active.crbegin(); it != m_active.crend() && it->second == &input; ++it) {
        if (it->first == n) {
            report(sink, path, u"recursion_loop"_s, u"Recursion error - cyclic reference detected"_s, input);
            return false;
        }
    }
    m_active.append({n, &input});
    const auto leave = qScopeGuard([this] { m_active.removeLast(); });
    Scope inner{scope, n->resource};
    if (!scope || scope->resource != n->resource)
        scope = &inner;

    std::optional<Evaluated> local;
    Evaluated *track = ev;
    if (n->tracksEvaluation())
        track = &local.emplace();

    bool ok = true;
    // Stops at the first failure when nobody wants the errors: a failed schema's annotations are discarded,
    // so nothing else could be learnt.
    auto failed = [&]() {
        ok = false;
        return !sink;
    };

    const Json *vp = &input;
    std::optional<Json> converted;
    if (n->types && !(typeOf(input) & n->types)) {
        if (m_options.lax)
            converted = laxConvert(input, n->types);
        if (!converted) {
            typeError(sink, path, n, input);
            return false;
        }
        vp = &*converted;
    }
    const Json &v = *vp;

    if (n->ref && !validate(n->ref, v, path, scope, track, depth + 1, sink) && failed())
        return false;
    if (n->rare().dynamicRef) {
        const Node *target = n->rare().dynamicRef;
        if (!n->rare().dynamicAnchorName.isEmpty()) {
            QVarLengthArray<const Resource *, 16> chain;
            for (const Scope *s = scope; s; s = s->parent)
                chain.append(s->resource);
            for (qsizetype i = chain.size() - 1; i >= 0; --i) {
                if (const Node *anchor = chain[i]->dynamicAnchors.value(n->rare().dynamicAnchorName)) {
                    target = anchor;
                    break;
                }
            }
        }
        if (!validate(target, v, path, scope, track, depth + 1, sink) && failed())
            return false;
    }

    if (n->rare().hasConst && !(v == n->rare().constValue)) {
        const QString expected = pythonRepr(n->rare().constValue);
        report(sink, path, u"literal_error"_s, u"Input should be "_s + expected, v, {{u"expected"_s, Json(expected)}});
        if (failed())
            return false;
    }
    if (n->hasEnum) {
        bool found = false;
        for (const Json &e : n->enumValues)
            found = found || e == v;
        if (!found) {
            if (sink) {
                QStringList reprs;
                for (const Json &e : n->enumValues)
                    reprs.append(pythonRepr(e));
                QString expected = reprs.size() > 1 ? reprs.mid(0, reprs.size() - 1).join(u", "_s) + u" or "_s + reprs.last()
                                                    : reprs.value(0);
                report(sink, path, u"enum"_s, u"Input should be "_s + expected, v, {{u"expected"_s, Json(expected)}});
            }
            if (failed())
                return false;
        }
    }

    if (v.isNumber()) {
        auto bound = [&](const std::optional<Json> &limit, auto violates, const QString &type, const QString &words,
                         const QString &key) {
            if (limit && violates(compareNumbers(v, *limit))) {
                report(sink, path, type, words + QString::fromUtf8(toJson(*limit)), v, {{key, *limit}});
                return failed();
            }
            return false;
        };
        if (bound(n->rare().minimum, [](int c) { return c < 0; }, u"greater_than_equal"_s, u"Input should be greater than or equal to "_s, u"ge"_s)
            || bound(n->rare().exclusiveMinimum, [](int c) { return c <= 0; }, u"greater_than"_s, u"Input should be greater than "_s, u"gt"_s)
            || bound(n->rare().maximum, [](int c) { return c > 0; }, u"less_than_equal"_s, u"Input should be less than or equal to "_s, u"le"_s)
            || bound(n->rare().exclusiveMaximum, [](int c) { return c >= 0; }, u"less_than"_s, u"Input should be less than "_s, u"lt"_s))
            return false;
        if (n->rare().multipleOf && !isMultipleOf(v, *n->rare().multipleOf)) {
            report(sink, path, u"multiple_of"_s, u"Input should be a multiple of "_s + QString::fromUtf8(toJson(*n->rare().multipleOf)), v,
                   {{u"multiple_of"_s, *n->rare().multipleOf}});
            if (failed())
                return false;
        }
    } else if (v.isString()) {
        const QString &s = v.toString();
        if (n->rare().minLength || n->rare().maxLength) {
            const qsizetype length = codePoints(s);
            if (n->rare().minLength && length < *n->rare().minLength) {
                report(sink, path, u"string_too_short"_s,
                       u"String should have at least %1 %2"_s.arg(*n->rare().minLength).arg(plural(*n->rare().minLength, u"character"_s)), v,
                       {{u"min_length"_s, Json(*n->rare().minLength)}});
                if (failed())
                    return false;
            }
            if (n->rare().maxLength && length > *n->rare().maxLength) {
                report(sink, path, u"string_too_long"_s,
                       u"String should have at most %1 %2"_s.arg(*n->rare().maxLength).arg(plural(*n->rare().maxLength, u"character"_s)), v,
                       {{u"max_length"_s, Json(*n->rare().maxLength)}});
                if (failed())
                    return false;
            }
        }
        if (n->pattern) {
            const Regex::Match m = n->pattern->search(s);
            if (m == Regex::Match::No) {
                report(sink, path, u"string_pattern_mismatch"_s, u"String should match pattern '%1'"_s.arg(n->pattern->pattern()), v,
                       {{u"pattern"_s, Json(n->pattern->pattern())}});
                if (failed())
                    return false;
            } else if (m == Regex::Match::LimitExceeded) {
                report(sink, path, u"string_pattern_timeout"_s,
                       u"String could not be matched against pattern '%1' within the backtracking limit"_s.arg(n->pattern->pattern()), v,
                       {{u"pattern"_s, Json(n->pattern->pattern())}});
                if (failed())
                    return false;
            }
        }
        if (m_options.assertFormats && n->formatId != Format::Unknown) {
            if (const auto failure = checkFormat(n->formatId, s)) {
                JsonObject ctx;
                if (!failure->ctxKey.isEmpty())
                    ctx.append(failure->ctxKey, Json(failure->reason));
                report(sink, path, failure->type, failure->message, v, std::move(ctx));
                if (failed())
                    return false;
            }
        }
    } else if (v.isArray()) {
        if (!validateArray(n, v.toArray(), v, path, scope, track, depth, sink) && failed())
            return false;
    } else if (v.isObject()) {
        if (!validateObject(n, v.toObject(), v, path, scope, track, depth, sink) && failed())
            return false;
    }

    for (const Node *b : n->allOf) {
        if (!validate(b, v, path, scope, track, depth + 1, sink) && failed())
            return false;
    }
    if (!n->anyOf.empty() && !validateUnion(n, n->anyOf, false, v, path, scope, track, depth, sink) && failed())
        return false;
    if (!n->oneOf.empty() && !validateUnion(n, n->oneOf, true, v, path, scope, track, depth, sink) && failed())
        return false;
    if (n->rare().notSchema && probe(n->rare().notSchema, v, path, scope, depth)) {
        report(sink, path, u"not_allowed"_s, u"Input should not match the excluded schema"_s, v);
        if (failed())
            return false;
    }
    if (n->rare().ifSchema) {
        Evaluated condition;
        const bool holds = track ? validate(n->rare().ifSchema, v, path, scope, &condition, depth + 1, nullptr)
                                 : probe(n->rare().ifSchema, v, path, scope, depth);
        if (holds) {
            if (track)
                track->merge(condition);
            if (n->rare().thenSchema && !validate(n->rare().thenSchema, v, path, scope, track, depth + 1, sink) && failed())
                return false;
        } else if (n->rare().elseSchema && !validate(n->rare().elseSchema, v, path, scope, track, depth + 1, sink) && failed()) {
            return false;
        }
    }
    if (v.isObject()) {
        const JsonObject &o = v.toObject();
        for (const auto &[name, dependent] : n->rare().dependentSchemas) {
            if (o.contains(name) && !validate(dependent, v, path, scope, track, depth + 1, sink) && failed())
                return false;
        }
    }

    // unevaluated* run last: they see what every other keyword of this schema (and its in-place
    // applicators) evaluated.
    if (n->rare().unevaluatedProperties && v.isObject() && ok) {
        const JsonObject &o = v.toObject();
        for (qsizetype i = 0; i < o.size(); ++i) {
            if (local->isMarked(size_t(i)))
                continue;
            const Path child{path, &o.at(i).first};
            if (n->rare().unevaluatedProperties->isBoolean && !n->rare().unevaluatedProperties->booleanValue) {
                report(sink, &child, u"extra_forbidden"_s, u"Extra inputs are not permitted"_s, o.at(i).second);
                if (failed())
                    return false;
            } else if (!validate(n->rare().unevaluatedProperties, o.at(i).second, &child, scope, nullptr, depth + 1, sink) && failed()) {
                return false;
            }
            local->mark(size_t(i));
        }
    }
    if (n->rare().unevaluatedItems && v.isArray() && ok) {
        const JsonArray &a = v.toArray();
        for (size_t i = 0; i < a.size(); ++i) {
            if (local->isMarked(i))
                continue;
            const Path child{path, nullptr, qsizetype(i)};
            if (!validate(n->rare().unevaluatedItems, a[i], &child, scope, nullptr, depth + 1, sink) && failed())
                return false;
            local->mark(i);
        }
    }
    if (ok && ev && local)
        ev->merge(*local);
    return ok;
}

// The branch a discriminator's tag names decides alone; nullopt when the tag leaves the union to every branch.
std::optional<bool> Run::validateTagged(const Discriminator &d, const JsonObject &o, const Json &v, const Path *path,
                                        const Scope *scope, Evaluated *ev, int depth, ValidationErrors *sink) const
{
    const Json *tag = o.find(d.propertyName);
    const Node *chosen = tag && tag->isString() ? d.find(tag->toString()) : nullptr;
    if (!chosen && tag && tag->isString()) {
        if (const auto accepting = d.shared.constFind(tag->toString()); accepting != d.shared.cend())
            return validateUnion(nullptr, *accepting, false, v, path, scope, ev, depth, sink);
    }
    if (!chosen && !d.coversEveryBranch)
        return std::nullopt;
    const QString discriminator = u'\'' + d.propertyName + u'\'';
    if (!tag) {
        report(sink, path, u"union_tag_not_found"_s, u"Unable to extract tag using discriminator %1"_s.arg(discriminator), v,
               {{u"discriminator"_s, Json(discriminator)}});
        return false;
    }
    if (!chosen) {
        const QString text = tag->isString() ? tag->toString() : QString::fromUtf8(toJson(*tag));
        QStringList expected;
        for (const auto &known : d.tags)
            expected.append(u'\'' + known.first + u'\'');
        report(sink, path, u"union_tag_invalid"_s,
               u"Input tag '%1' found using %2 does not match any of the expected tags: %3"_s.arg(text, discriminator, expected.join(u", "_s)),
               v, {{u"discriminator"_s, Json(discriminator)}, {u"tag"_s, Json(text)}, {u"expected_tags"_s, Json(expected.join(u", "_s))}});
        return false;
    }
    // Like pydantic, errors inside the chosen branch name its tag in `loc`.
    const QString tagText = tag->toString();
    const Path tagged{path, &tagText};
    Evaluated local;
    const bool ok = validate(chosen, v, &tagged, scope, ev ? &local : nullptr, depth + 1, sink);
    if (ok && ev)
        ev->merge(local);
    return ok;
}

bool Run::validateUnion(const Node *n, const std::vector<const Node *> &branches, bool exactlyOne, const Json &v,
                        const Path *path, const Scope *scope, Evaluated *ev, int depth, ValidationErrors *sink) const
{
    // `n` is null for the branches a shared tag value leaves: they are a plain union.
    if (const Discriminator *d = n ? n->rare().discriminator.get() : nullptr; d && d->onOneOf == exactlyOne && v.isObject()) {
        if (const std::optional<bool> decided = validateTagged(*d, v.toObject(), v, path, scope, ev, depth, sink))
            return *decided;
    }
    qsizetype matches = 0;
    QStringList matched;
    for (size_t i = 0; i < branches.size(); ++i) {
        Evaluated branchEvaluated;
        const bool branchMatches = ev ? validate(branches[i], v, path, scope, &branchEvaluated, depth + 1, nullptr)
                                      : probe(branches[i], v, path, scope, depth);
        if (branchMatches) {
            ++matches;
            if (ev)
                ev->merge(branchEvaluated);
            if (exactlyOne)
                matched.append(unionTag(branches[i], qsizetype(i)));
            else if (!ev)
                return true; // anyOf without annotations to collect: the first match decides
        }
    }
    if (exactlyOne && matches > 1) {
        report(sink, path, u"union_multiple_matches"_s,
               u"Input should match exactly one of the schemas, but matches %1: %2"_s.arg(matches).arg(matched.join(u", "_s)), v,
               {{u"matches"_s, Json(JsonArray(matched.cbegin(), matched.cend()))}});
        return false;
    }
    if (matches > 0)
        return true;
    if (!sink)
        return false;
    // Like pydantic's Optional[X]: a union of one type with null reports the type's errors without a tag.
    std::vector<const Node *> candidates;
    for (const Node *b : branches) {
        const Node *t = followRefs(b);
        if (!(t && t->types == NullBit && !v.isNull()))
            candidates.push_back(b);
    }
    if (candidates.size() == 1)
        return validate(candidates.front(), v, path, scope, nullptr, depth + 1, sink);
    for (size_t i = 0; i < branches.size(); ++i) {
        const QString tag = unionTag(branches[i], qsizetype(i));
        const Path tagged{path, &tag};
        validate(branches[i], v, &tagged, scope, nullptr, depth + 1, sink);
    }
    return false;
}

bool Run::validateArray(const Node *n, const JsonArray &a, const Json &v, const Path *path, const Scope *scope,
                        Evaluated *ev, int depth, ValidationErrors *sink) const
{
    bool ok = true;
    auto failed = [&]() {
        ok = false;
        return !sink;
    };
    const auto size = qint64(a.size());
    if (n->rare().minItems && size < *n->rare().minItems) {
        report(sink, path, u"too_short"_s,
               u"List should have at least %1 %2 after validation, not %3"_s.arg(*n->rare().minItems).arg(plural(*n->rare().minItems, u"item"_s)).arg(size), v,
               {{u"field_type"_s, Json(u"List"_s)}, {u"min_length"_s, Json(*n->rare().minItems)}, {u"actual_length"_s, Json(size)}});
        if (failed())
            return false;
    }
    if (n->rare().maxItems && size > *n->rare().maxItems) {
        report(sink, path, u"too_long"_s,
               u"List should have at most %1 %2 after validation, not %3"_s.arg(*n->rare().maxItems).arg(plural(*n->rare().maxItems, u"item"_s)).arg(size), v,
               {{u"field_type"_s, Json(u"List"_s)}, {u"max_length"_s, Json(*n->rare().maxItems)}, {u"actual_length"_s, Json(size)}});
        if (failed())
            return false;
    }
    if (n->uniqueItems) {
        // Items by hash, each compared only with earlier items of equal hash: linear in the array, where
        // comparing every pair made a 100k-item body cost 5·10⁹ comparisons. The seed is per process, so a
        // client cannot choose items that all collide.
        QMultiHash<size_t, size_t> seen;
        seen.reserve(qsizetype(a.size()));
        const size_t seed = QHashSeed::globalSeed();
        for (size_t i = 0; i < a.size(); ++i) {
            const size_t h = a[i].hash(seed);
            std::optional<size_t> first; // only unique items are kept, so at most one is equal
            for (auto it = seen.constFind(h); it != seen.cend() && it.key() == h && !first; ++it) {
                if (a[*it] == a[i])
                    first = *it;
            }
            if (!first) {
                seen.insert(h, i);
                continue;
            }
            const Path child{path, nullptr, qsizetype(i)};
            report(sink, &child, u"unique_items"_s, u"List should have unique items; this one repeats item %1"_s.arg(*first), a[i],
                   {{u"duplicate_of"_s, Json(qint64(*first))}});
            if (failed())
                return false;
        }
    }
    const size_t prefix = std::min(n->rare().prefixItems.size(), a.size());
    for (size_t i = 0; i < prefix; ++i) {
        const Path child{path, nullptr, qsizetype(i)};
        if (!validate(n->rare().prefixItems[i], a[i], &child, scope, nullptr, depth + 1, sink) && failed())
            return false;
        if (ev)
            ev->mark(i);
    }
    if (n->items) {
        if (n->items->isBoolean && !n->items->booleanValue && a.size() > prefix) {
            report(sink, path, u"too_long"_s,
                   u"Tuple should have at most %1 %2 after validation, not %3"_s.arg(prefix).arg(plural(qint64(prefix), u"item"_s)).arg(size), v,
                   {{u"field_type"_s, Json(u"Tuple"_s)}, {u"max_length"_s, Json(qint64(prefix))}, {u"actual_length"_s, Json(size)}});
            if (failed())
                return false;
        } else {
            for (size_t i = prefix; i < a.size(); ++i) {
                const Path child{path, nullptr, qsizetype(i)};
                if (!validate(n->items, a[i], &child, scope, nullptr, depth + 1, sink) && failed())
                    return false;
                if (ev)
                    ev->mark(i);
            }
        }
    }
    if (n->rare().contains) {
        qint64 matches = 0;
        for (size_t i = 0; i < a.size(); ++i) {
            const Path child{path, nullptr, qsizetype(i)};
            if (validate(n->rare().contains, a[i], &child, scope, nullptr, depth + 1, nullptr)) {
                ++matches;
                if (ev)
                    ev->mark(i);
            }
        }
        const qint64 minimum = n->rare().minContains.value_or(1);
        if (matches < minimum) {
            report(sink, path, u"contains"_s,
                   u"List should contain at least %1 %2 matching the contains schema, not %3"_s.arg(minimum).arg(plural(minimum, u"item"_s)).arg(matches), v,
                   {{u"min_contains"_s, Json(minimum)}, {u"actual_count"_s, Json(matches)}});
            if (failed())
                return false;
        }
        if (n->rare().maxContains && matches > *n->rare().maxContains) {
            report(sink, path, u"contains"_s,
                   u"List should contain at most %1 %2 matching the contains schema, not %3"_s.arg(*n->rare().maxContains).arg(plural(*n->rare().maxContains, u"item"_s)).arg(matches), v,
                   {{u"max_contains"_s, Json(*n->rare().maxContains)}, {u"actual_count"_s, Json(matches)}});
            if (failed())
                return false;
        }
    }
    return ok;
}

bool Run::validateObject(const Node *n, const JsonObject &o, const Json &v, const Path *path, const Scope *scope,
                         Evaluated *ev, int depth, ValidationErrors *sink) const
{
    bool ok = true;
    auto failed = [&]() {
        ok = false;
        return !sink;
    };
    const qsizetype size = o.size();
    // Where each declared property sits in the instance (-1: absent).
    QVarLengthArray<qsizetype, 32> at(qsizetype(n->properties.size()), -1);
    QVarLengthArray<uint8_t, 32> known(size, 0); // members matched by properties or patternProperties
    if (!n->properties.empty()) {
        for (qsizetype i = 0; i < size; ++i) {
            if (const qsizetype j = n->findProperty(o.at(i).first); j >= 0)
                at[j] = i;
        }
    }
    // Declared properties in the model's order, interleaving "missing" errors the way pydantic reports them.
    for (size_t j = 0; j < n->properties.size(); ++j) {
        const qsizetype i = at[qsizetype(j)];
        if (i < 0) {
            if (n->required.contains(n->properties[j].first)) {
                const Path child{path, &n->properties[j].first};
                report(sink, &child, u"missing"_s, u"Field required"_s, v);
                if (failed())
                    return false;
            }
            continue;
        }
        known[i] = 1;
        if (ev)
            ev->mark(size_t(i));
        const Path child{path, &o.at(i).first};
        if (!validate(n->properties[j].second, o.at(i).second, &child, scope, nullptr, depth + 1, sink) && failed())
            return false;
    }
    for (const QString &name : n->required) {
        const bool declared = n->findProperty(name) >= 0;
        if (!declared && !o.contains(name)) {
            const Path child{path, &name};
            report(sink, &child, u"missing"_s, u"Field required"_s, v);
            if (failed())
                return false;
        }
    }
    for (const auto &[regex, child] : n->rare().patternProperties) {
        for (qsizetype i = 0; i < size; ++i) {
            if (regex->search(o.at(i).first) != Regex::Match::Yes)
                continue;
            known[i] = 1;
            if (ev)
                ev->mark(size_t(i));
            const Path childPath{path, &o.at(i).first};
            if (!validate(child, o.at(i).second, &childPath, scope, nullptr, depth + 1, sink) && failed())
                return false;
        }
    }
    if (n->additionalProperties) {
        const bool forbidden = n->additionalProperties->isBoolean && !n->additionalProperties->booleanValue;
        for (qsizetype i = 0; i < size; ++i) {
            if (known[i])
                continue;
            const Path child{path, &o.at(i).first};
            if (forbidden) {
                report(sink, &child, u"extra_forbidden"_s, u"Extra inputs are not permitted"_s, o.at(i).second);
                if (failed())
                    return false;
            } else if (!validate(n->additionalProperties, o.at(i).second, &child, scope, nullptr, depth + 1, sink) && failed()) {
                return false;
            }
            if (ev)
                ev->mark(size_t(i));
        }
    }
    if (n->rare().propertyNames) {
        for (qsizetype i = 0; i < size; ++i) {
            const Path child{path, &o.at(i).first};
            if (!validate(n->rare().propertyNames, Json(o.at(i).first), &child, scope, nullptr, depth + 1, sink) && failed())
                return false;
        }
    }
    if (n->rare().minProperties && size < *n->rare().minProperties) {
        report(sink, path, u"too_short"_s,
               u"Dictionary should have at least %1 %2 after validation, not %3"_s.arg(*n->rare().minProperties).arg(plural(*n->rare().minProperties, u"item"_s)).arg(size), v,
               {{u"field_type"_s, Json(u"Dictionary"_s)}, {u"min_length"_s, Json(*n->rare().minProperties)}, {u"actual_length"_s, Json(qint64(size))}});
        if (failed())
            return false;
    }
    if (n->rare().maxProperties && size > *n->rare().maxProperties) {
        report(sink, path, u"too_long"_s,
               u"Dictionary should have at most %1 %2 after validation, not %3"_s.arg(*n->rare().maxProperties).arg(plural(*n->rare().maxProperties, u"item"_s)).arg(size), v,
               {{u"field_type"_s, Json(u"Dictionary"_s)}, {u"max_length"_s, Json(*n->rare().maxProperties)}, {u"actual_length"_s, Json(qint64(size))}});
        if (failed())
            return false;
    }
    for (const auto &[name, dependencies] : n->rare().dependentRequired) {
        if (!o.contains(name))
            continue;
        for (const QString &dependency : dependencies) {
            if (o.contains(dependency))
                continue;
            const Path child{path, &dependency};
            report(sink, &child, u"missing"_s, u"Field required"_s, v, {{u"required_by"_s, Json(name)}});
            if (failed())
                return false;
        }
    }
    return ok;
}

} // namespace

bool Schema::isValid(const Json &instance) const
{
    if (!m_node)
        return true;
    const JsonArray none;
    return Run(*m_graph, none).validate(m_node, instance, nullptr, nullptr, nullptr, 0, nullptr);
}

ValidationErrors Schema::validate(const Json &instance, const JsonArray &locPrefix) const
{
    ValidationErrors errors;
    if (m_node)
        Run(*m_graph, locPrefix).validate(m_node, instance, nullptr, nullptr, nullptr, 0, &errors);
    return errors;
}

const SchemaOptions &Schema::options() const
{
    static const SchemaOptions defaults;
    return m_graph ? m_graph->options : defaults;
}

unsigned Schema::acceptedTypes() const
{
    unsigned t = acceptedTypesOf(m_node);
    // Json::Type order: Null, Bool, Integer, Double, String, Array, Object.
    unsigned out = 0;
    if (t & NullBit) out |= 1u << unsigned(Json::Type::Null);
    if (t & BoolBit) out |= 1u << unsigned(Json::Type::Bool);
    if (t & IntegerBit) out |= 1u << unsigned(Json::Type::Integer);
    if (t & NumberBit) out |= 1u << unsigned(Json::Type::Double);
    if (t & StringBit) out |= 1u << unsigned(Json::Type::String);
    if (t & ArrayBit) out |= 1u << unsigned(Json::Type::Array);
    if (t & ObjectBit) out |= 1u << unsigned(Json::Type::Object);
    return out;
}

namespace {

// The schema of an object's member or an array's item, searched through `$ref` and `allOf` parts (how
// models are composed); null when none says. Run per member of a request body, so each search visits at most
// kPartBudget nodes: a hostile schema's diamonds of allOf parts would otherwise cost 2^depth.
constexpr int kPartBudget = 64;

const Node *memberSchema(const Node *n, QStringView key, int *budget, bool top = true)
{
    if (!n || --*budget < 0)
        return nullptr;
    if (const qsizetype i = n->findProperty(key); i >= 0)
        return n->properties[size_t(i)].second;
    if (const Node *found = memberSchema(n->ref, key, budget, false))
        return found;
    for (const Node *part : n->allOf) {
        if (const Node *found = memberSchema(part, key, budget, false))
            return found;
    }
    return top ? n->additionalProperties : nullptr;
}

const Node *itemSchema(const Node *n, size_t index, int *budget)
{
    if (!n || --*budget < 0)
        return nullptr;
    if (index < n->rare().prefixItems.size())
        return n->rare().prefixItems[index];
    if (n->items)
        return n->items;
    if (const Node *found = itemSchema(n->ref, index, budget))
        return found;
    for (const Node *part : n->allOf) {
        if (const Node *found = itemSchema(part, index, budget))
            return found;
    }
    return nullptr;
}

Json laxCopy(const Node *n, const Json &v, int depth)
{
    if (!n || depth > 256)
        return v;
    if (v.isObject()) {
        JsonObject out;
        for (const auto &[key, member] : v.toObject()) {
            int budget = kPartBudget;
            out.append(key, laxCopy(memberSchema(n, key, &budget), member, depth + 1));
        }
        return Json(std::move(out));
    }
    if (v.isArray()) {
        JsonArray out;
        out.reserve(v.toArray().size());
        for (size_t i = 0; i < v.toArray().size(); ++i) {
            int budget = kPartBudget;
            out.push_back(laxCopy(itemSchema(n, i, &budget), v.toArray()[i], depth + 1));
        }
        return Json(std::move(out));
    }
    const unsigned t = acceptedTypesOf(n);
    if (!t || (typeOf(v) & t))
        return v;
    return laxConvert(v, t).value_or(v);
}

} // namespace

Json Schema::coerceLax(const Json &instance) const
{
    return laxCopy(m_node, instance, 0);
}

Json Schema::coerceParameter(const QStringList &raw, const JsonArray &loc, ValidationErrors *errors) const
{
    const unsigned t = acceptedTypesOf(m_node);
    auto convertOne = [&](const QString &text, unsigned types, const JsonArray &at) -> std::optional<Json> {
        if (!types || (types & StringBit))
            return Json(text);
        if (types & IntegerBit && !(types & NumberBit & ~IntegerBit) && !(types & NumberBit)) {
            if (auto v = parseInteger(text))
                return v;
            if (errors)
                errors->append({u"int_parsing"_s, at, u"Input should be a valid integer, unable to parse string as an integer"_s, Json(text), {}});
            return std::nullopt;
        }
        if (types & NumberBit) {
            if (auto v = parseNumber(text))
                return v;
            if (errors)
                errors->append({u"float_parsing"_s, at, u"Input should be a valid number, unable to parse string as a number"_s, Json(text), {}});
            return std::nullopt;
        }
        if (types & BoolBit) {
            if (auto v = parseBool(text))
                return v;
            if (errors)
                errors->append({u"bool_parsing"_s, at, u"Input should be a valid boolean, unable to interpret input"_s, Json(text), {}});
            return std::nullopt;
        }
        if ((types & NullBit) && (text.isEmpty() || text == u"null"))
            return Json();
        return Json(text);
    };

    Json value;
    if (t & ArrayBit) {
        // Arrays come from repeated keys (?tag=a&tag=b), as FastAPI reads List[...] query parameters.
        const Node *arrayNode = followRefs(m_node);
        const unsigned itemTypes = arrayNode && arrayNode->items ? acceptedTypesOf(arrayNode->items) : 0;
        JsonArray items;
        bool allOk = true;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            JsonArray at = loc;
            at.push_back(Json(qint64(i)));
            if (auto item = convertOne(raw[i], itemTypes, at))
                items.push_back(std::move(*item));
            else
                allOk = false;
        }
        if (!allOk)
            return Json();
        value = Json(std::move(items));
    } else {
        if (raw.isEmpty())
            return Json();
        auto one = convertOne(raw.last(), t, loc);
        if (!one)
            return Json();
        value = std::move(*one);
    }
    if (errors)
        errors->append(validate(value, loc));
    return value;
}

} // namespace portico::core
