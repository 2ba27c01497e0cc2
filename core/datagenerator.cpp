#include "datagenerator.h"

#include "allofmerge.h"
#include "jsonpointer.h"
#include "patterngenerator.h"
#include "regex.h"
#include "samplerandom.h"
#include "schema.h"

#include <QDateTime>
#include <QHash>
#include <QReadWriteLock>
#include <QTimeZone>
#include <QUrl>
#include <QSet>

#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace portico::core {

// The schemas generateAt() checks its values against, compiled from the generator's document on first use.
// Validation holds the read lock: compiling adds to the graph the compiled schemas share.
class GeneratedDataCheck
{
public:
    explicit GeneratedDataCheck(const Json &document) { m_compiler.addDocument(kUri, document); }

    // Whether `value` is valid against the schema at `pointer`; nullopt when that schema does not compile.
    std::optional<bool> isValid(const QString &pointer, const Json &value)
    {
        {
            QReadLocker read(&m_lock);
            if (const auto it = m_schemas.constFind(pointer); it != m_schemas.cend())
                return it->has_value() ? std::optional<bool>((*it)->isValid(value)) : std::nullopt;
        }
        QWriteLocker write(&m_lock);
        auto it = m_schemas.find(pointer);
        if (it == m_schemas.end()) {
            auto compiled = m_compiler.compile(kUri + u'#' + QString::fromUtf8(QUrl::toPercentEncoding(pointer, "/")));
            it = m_schemas.insert(pointer, compiled.ok() ? std::optional<Schema>(*compiled) : std::nullopt);
        }
        return it->has_value() ? std::optional<bool>((*it)->isValid(value)) : std::nullopt;
    }

private:
    static inline const QString kUri = u"urn:portico:generator"_s;
    QReadWriteLock m_lock;
    SchemaCompiler m_compiler;
    QHash<QString, std::optional<Schema>> m_schemas;
};

namespace {

const QStringList kWords = {u"alpha"_s, u"bravo"_s, u"cedar"_s, u"delta"_s, u"ember"_s, u"fjord"_s, u"garnet"_s,
                            u"harbor"_s, u"indigo"_s, u"juniper"_s, u"kestrel"_s, u"lumen"_s, u"maple"_s, u"nova"_s,
                            u"orchid"_s, u"pixel"_s, u"quartz"_s, u"raven"_s, u"sierra"_s, u"tundra"_s};
const QStringList kFirstNames = {u"Ada"_s, u"Grace"_s, u"Alan"_s, u"Linus"_s, u"Margaret"_s, u"Dennis"_s, u"Barbara"_s, u"Ken"_s};
const QStringList kLastNames = {u"Lovelace"_s, u"Hopper"_s, u"Turing"_s, u"Torvalds"_s, u"Hamilton"_s, u"Ritchie"_s, u"Liskov"_s, u"Thompson"_s};

// What one generation knows of where it is: the schema's JSON pointer in the document when it is a node of
// it (nullptr for a schema merged from allOf parts), so examples, enums and union branches can be checked.
using At = const QString *;

QString childPointer(At at, QStringView keyword, QStringView name = {})
{
    QString out = *at + u'/' + keyword;
    if (!name.isNull())
        out += u'/' + QString(name.toString()).replace(u'~', u"~0"_s).replace(u'/', u"~1"_s);
    return out;
}

class Generation
{
public:
    Generation(const Json &document, const GeneratorOptions &options, GeneratedDataCheck *check)
        : m_document(document), m_options(options), m_check(check), m_useExamples(options.useExamples),
          m_merge(document, options.maxDepth, [this](const QString &what) { unmet(nullptr, what); })
    {
    }

    // What could not be met, each with its schema's pointer.
    const QStringList &unmet() const { return m_unmet; }

    Json value(const Json &schema, Random &random, int depth, const QString &nameHint, At at)
    {
        if (schema.isBool())
            return schema.toBool() ? Json(u"sample"_s) : Json();
        // Depth counts nesting (members, items); `$ref`, allOf and unions count as hops, so a model reached
        // through three references still gets its optional fields, and reference cycles still end.
        if (!schema.isObject())
            return Json();
        if (depth > m_options.maxDepth + 8 || m_hops > kMaxHops) {
            // Only a value every level of which is required gets here: a model that requires itself never ends.
            unmet(at, u"it requires itself at every level, so no finite value satisfies it"_s);
            return Json();
        }
        const Hop hop(m_hops);
        const JsonObject &s = schema.toObject();
        // allOf, and a `$ref` beside constraints of its own (OpenAPI 3.1), are generated from one schema that
        // holds all their parts: generating each part and merging values gave a part that only adds a
        // description the whole object, and left what one part requires and another defines a placeholder.
        if (s.contains(u"allOf") || (s.contains(u"$ref") && AllOfMerge::hasConstraintBesideRef(s)))
            return checked(at, [&] { return value(Json(m_merge.flattened(s, depth)), random, depth, nameHint, nullptr); });
        if (const Json &ref = s.value(u"$ref"); ref.isString() && ref.toString().startsWith(u'#')) {
            const QString pointer = jsonpointer::fromUriFragment(ref.toString());
            const Json *target = jsonpointer::resolve(m_document, pointer);
            if (!target)
                return Json();
            const QString name = ref.toString().section(u'/', -1);
            return value(*target, random, depth, nameHint.isEmpty() ? name : nameHint, &pointer);
        }
        if (s.contains(u"const"))
            return s.value(u"const");
        if (const Json &e = s.value(u"enum"); e.isArray() && !e.toArray().empty())
            return member(e.toArray(), s, random, at, u"enum"_s);
        if (m_useExamples) {
            if (const Json &examples = s.value(u"examples"); examples.isArray() && !examples.toArray().empty()) {
                if (auto chosen = validMember(examples.toArray(), s, random, at))
                    return *chosen;
            } else if (s.contains(u"example")) {
                if (auto chosen = validMember(JsonArray{s.value(u"example")}, s, random, at))
                    return *chosen;
            }
        }
        for (const QString &union_ : {u"oneOf"_s, u"anyOf"_s}) {
            const JsonArray &branches = s.value(union_).toArray();
            if (!branches.empty())
                return unionValue(s, union_, branches, random, depth, nameHint, at);
        }
        return typed(s, primaryType(s), random, depth, nameHint, at);
    }

private:
    static constexpr int kMaxHops = 64;
    static constexpr int kMaxChecks = 512;
    struct Hop
    {
        explicit Hop(int &hops) : m_hops(hops) { ++m_hops; }
        ~Hop() { --m_hops; }
        int &m_hops;
    };

    void unmet(At at, const QString &what) { m_unmet.append((at ? *at : u"(merged allOf)"_s) + u": "_s + what); }

    // An optional member or item whose schema cannot be met is left out rather than generated invalid.
    template<typename Make>
    std::optional<Json> unlessUnmet(const Make &make)
    {
        const qsizetype before = m_unmet.size();
        Json v = make();
        if (m_unmet.size() == before)
            return v;
        m_unmet.resize(before);
        return std::nullopt;
    }

    // Checks are counted: retries nest (a union in an array in a union), and one generation does at most
    // kMaxChecks of them; past that, values are taken as they come.
    bool valid(At at, const Json &v)
    {
        if (!m_check || !at || ++m_checks > kMaxChecks)
            return true;
        return m_check->isValid(*at, v).value_or(true);
    }

    // Generated several ways until the schema at `at` accepts it (a union two branches accept, a merged allOf
    // whose parts disagree); the last attempt when none does.
    // Retries leave examples out: one written on a part of a merged allOf describes that part, not the whole.
    template<typename Make>
    Json checked(At at, const Make &make)
    {
        Json v = make();
        if (valid(at, v))
            return v;
        const bool examples = m_useExamples;
        m_useExamples = false;
        for (int attempt = 0; attempt < 3 && !valid(at, v); ++attempt)
            v = make();
        m_useExamples = examples;
        return v;
    }

    static bool hasType(const JsonObject &s, const Json &v)
    {
        const Json &type = s.value(u"type");
        if (type.isNull())
            return true;
        const auto is = [&](const QString &t) {
            if (t == u"integer")
                return v.isIntegral();
            if (t == u"number")
                return v.isNumber();
            if (t == u"string")
                return v.isString();
            if (t == u"boolean")
                return v.isBool();
            if (t == u"array")
                return v.isArray();
            if (t == u"object")
                return v.isObject();
            return t == u"null" && v.isNull();
        };
        if (type.isString())
            return is(type.toString());
        for (const Json &t : type.toArray()) {
            if (is(t.toString()))
                return true;
        }
        return false;
    }

    // A member of `values` the schema accepts, starting from a random one; nullopt when none does.
    std::optional<Json> validMember(const JsonArray &values, const JsonObject &s, Random &random, At at)
    {
        const qsizetype n = qsizetype(values.size());
        const qsizetype first = random.between(0, n - 1);
        for (qsizetype i = 0; i < n; ++i) {
            const Json &v = values[size_t((first + i) % n)];
            if (hasType(s, v) && valid(at, v))
                return v;
        }
        return std::nullopt;
    }

    Json member(const JsonArray &values, const JsonObject &s, Random &random, At at, const QString &keyword)
    {
        if (auto chosen = validMember(values, s, random, at))
            return *chosen;
        unmet(at, u"no member of its %1 satisfies the schema"_s.arg(keyword));
        return values[size_t(random.between(0, qint64(values.size()) - 1))];
    }

    Json unionValue(const JsonObject &s, const QString &union_, const JsonArray &branches, Random &random, int depth,
                    const QString &nameHint, At at)
    {
        // Prefer a non-null branch: a mock that always answers null teaches a frontend little.
        std::vector<qsizetype> candidates;
        for (qsizetype i = 0; i < qsizetype(branches.size()); ++i) {
            if (branches[size_t(i)][u"type"].toString() != u"null")
                candidates.push_back(i);
        }
        if (candidates.empty())
            return Json();
        // A union inside an object schema with its own properties combines both.
        const bool combine = s.contains(u"properties") || s.contains(u"required");
        JsonObject rest;
        if (combine) {
            rest = s;
            rest.remove(union_);
        }
        // Branches in turn from a random one, until the whole schema accepts the value: a `oneOf` value must
        // match exactly one branch, and a branch's value often matches its siblings too.
        const size_t first = size_t(random.between(0, qint64(candidates.size()) - 1));
        Json firstValue;
        for (size_t i = 0; i < candidates.size() * 2 && i < 12; ++i) {
            const qsizetype index = candidates[(first + i) % candidates.size()];
            const Json &branch = branches[size_t(index)];
            const QString branchPointer = at ? childPointer(at, union_, QString::number(index)) : QString();
            Json v = combine ? value(Json(m_merge.flattened(JsonObject{{u"allOf"_s, Json(JsonArray{Json(rest), branch})}}, depth)),
                                     random, depth, nameHint, nullptr)
                             : value(branch, random, depth, nameHint, at ? &branchPointer : nullptr);
            if (tagged(s, branches, branch, v, at) || distinguished(union_, branches, index, v, at, depth))
                return v;
            if (i == 0)
                firstValue = std::move(v);
        }
        unmet(at, u"no value of its %1 branches was accepted"_s.arg(union_));
        return firstValue;
    }

    // A oneOf value its sibling branches accept too is told apart from them: what only a sibling requires is
    // left out, else a member only a sibling defines is added with a type the sibling refuses (when this
    // branch allows other members). Whether the union then accepts the value.
    bool distinguished(const QString &union_, const JsonArray &branches, qsizetype index, Json &v, At at, int depth)
    {
        if (!at || union_ != u"oneOf" || !v.isObject() || v.toObject().isEmpty())
            return false;
        // Flattening reports the branches' own conflicts, which are not this value's: they are forgotten.
        const auto flat = [&](const Json &branch) {
            const qsizetype before = m_unmet.size();
            JsonObject merged = m_merge.flattened(JsonObject{{u"allOf"_s, Json(JsonArray{branch})}}, depth);
            m_unmet.resize(before);
            return merged;
        };
        const JsonObject own = flat(branches[size_t(index)]);
        const JsonArray &ownRequired = own.value(u"required").toArray();
        std::vector<JsonObject> siblings;
        for (qsizetype j = 0; j < qsizetype(branches.size()); ++j) {
            if (j != index)
                siblings.push_back(flat(branches[size_t(j)]));
        }
        for (const JsonObject &sibling : siblings) {
            for (const Json &name : sibling.value(u"required").toArray()) {
                if (std::find(ownRequired.begin(), ownRequired.end(), name) == ownRequired.end())
                    v.object().remove(name.toString());
            }
        }
        if (valid(at, v))
            return true;
        if (own.value(u"additionalProperties") == Json(false) || own.value(u"unevaluatedProperties") == Json(false))
            return false;
        for (const JsonObject &sibling : siblings) {
            for (const auto &[name, property] : sibling.value(u"properties").toObject()) {
                if (own.value(u"properties").toObject().contains(name) || v.toObject().contains(name))
                    continue;
                if (const std::optional<Json> refused = refusedBy(property)) {
                    v.object().insert(name, *refused);
                    break;
                }
            }
        }
        return valid(at, v);
    }

    // A value of a type `schema` does not accept, when its `type` says which; nullopt otherwise.
    std::optional<Json> refusedBy(const Json &schema) const
    {
        const Json &s = jsonpointer::followLocalRefs(schema, m_document);
        if (s[u"type"].isNull())
            return std::nullopt;
        for (const Json &candidate : {Json(qint64(0)), Json(u"-"_s), Json(true), Json(JsonObject{})}) {
            if (!hasType(s.toObject(), candidate))
                return candidate;
        }
        return std::nullopt;
    }

    // A discriminated union's value carries the tag that names its branch: the mapping's key for the branch,
    // else the tag the branch generated itself (its `const` or `enum`), else the branch's schema name. Whether
    // the whole union accepts the value.
    bool tagged(const JsonObject &s, const JsonArray &branches, const Json &branch, Json &v, At at)
    {
        const JsonObject &discriminator = discriminatorOf(s, branches);
        const QString property = discriminator.value(u"propertyName").toString();
        if (property.isEmpty() || !v.isObject())
            return valid(at, v);
        const QString ref = branch[u"$ref"].toString();
        const QString name = schemaName(ref);
        QStringList tags;
        for (const auto &[tag, target] : discriminator.value(u"mapping").toObject()) {
            if (!ref.isEmpty() && (target.toString() == ref || target.toString() == name))
                tags.append(tag);
        }
        if (const Json *own = v.toObject().find(property); own && own->isString())
            tags.append(own->toString());
        if (!name.isEmpty())
            tags.append(name);
        for (const QString &tag : tags) {
            v.object().insert(property, Json(tag));
            if (valid(at, v))
                return true;
        }
        return tags.isEmpty() && valid(at, v);
    }

private:
    // A union's own discriminator, else the one its branches inherit from a base model (`Cat: allOf: [Pet]`).
    const JsonObject &discriminatorOf(const JsonObject &s, const JsonArray &branches) const
    {
        static const JsonObject none;
        if (const Json &own = s.value(u"discriminator"); own.isObject())
            return own.toObject();
        QSet<const Json *> seen; // per branch: branches share their base
        std::function<const Json *(const Json &)> find = [&](const Json &schema) -> const Json * {
            if (seen.contains(&schema) || seen.size() > kMaxHops)
                return nullptr;
            seen.insert(&schema);
            if (const Json &d = schema[u"discriminator"]; d.isObject())
                return &d;
            if (const Json &ref = schema[u"$ref"]; ref.isString() && ref.toString().startsWith(u'#')) {
                if (const Json *target = jsonpointer::resolve(m_document, jsonpointer::fromUriFragment(ref.toString())))
                    return find(*target);
            }
            for (const Json &part : schema[u"allOf"].toArray()) {
                if (const Json *d = find(part))
                    return d;
            }
            return nullptr;
        };
        // Every branch must extend a base with one, as the validator asks.
        const Json *found = nullptr;
        for (const Json &branch : branches) {
            seen.clear();
            const Json *d = find(branch);
            if (!d)
                return none;
            found = found ? found : d;
        }
        return found ? found->toObject() : none;
    }

    // "Cat" for "#/components/schemas/Cat": the tag a discriminator gives a branch without a mapping.
    static QString schemaName(const QString &ref)
    {
        const qsizetype slash = ref.lastIndexOf(u'/');
        const auto tokens = slash < 0 ? std::nullopt : jsonpointer::split(QStringView(ref).sliced(slash));
        return tokens && tokens->size() == 1 ? tokens->first() : QString();
    }

    static QString primaryType(const JsonObject &s)
    {
        const Json &type = s.value(u"type");
        if (type.isString())
            return type.toString();
        for (const Json &t : type.toArray()) {
            if (t.toString() != u"null")
                return t.toString();
        }
        if (type.isArray() && !type.toArray().empty())
            return u"null"_s;
        if (s.contains(u"properties") || s.contains(u"additionalProperties") || s.contains(u"required"))
            return u"object"_s;
        if (s.contains(u"items") || s.contains(u"prefixItems"))
            return u"array"_s;
        if (s.contains(u"minLength") || s.contains(u"maxLength") || s.contains(u"pattern") || s.contains(u"format"))
            return u"string"_s;
        if (s.contains(u"minimum") || s.contains(u"maximum") || s.contains(u"multipleOf"))
            return u"number"_s;
        return u"string"_s;
    }

    Json typed(const JsonObject &s, const QString &type, Random &random, int depth, const QString &nameHint, At at)
    {
        if (type == u"null")
            return Json();
        if (type == u"boolean")
            return Json(random.between(0, 1) == 1);
        if (type == u"integer")
            return integer(s, random, nameHint);
        if (type == u"number")
            return number(s, random);
        if (type == u"array")
            return array(s, random, depth, nameHint, at);
        if (type == u"object")
            return object(s, random, depth, at);
        return string(s, random, nameHint, at);
    }

    Json integer(const JsonObject &s, Random &random, const QString &nameHint)
    {
        qint64 low = nameHint.endsWith(u"id"_s, Qt::CaseInsensitive) ? 1 : 0;
        qint64 high = nameHint.endsWith(u"id"_s, Qt::CaseInsensitive) ? 1000 : 100;
        // Bounds clamped well inside qint64: `minimum: 1e300` converted as is was undefined behaviour, and the
        // arithmetic below (±1, ±100) must not overflow either.
        const auto bound = [](double d) { return std::isnan(d) ? qint64(0) : qint64(std::clamp(d, -4e18, 4e18)); };
        // A bound out there leaves no qint64 at all: JSON Schema counts an integral double as an integer, and
        // every double that large is integral.
        constexpr double inf = std::numeric_limits<double>::infinity();
        if (const double min = s.value(u"minimum").toDouble(); s.contains(u"minimum") && min > 4e18)
            return Json(std::ceil(min));
        if (const double min = s.value(u"exclusiveMinimum").toDouble(); s.contains(u"exclusiveMinimum") && min > 4e18)
            return Json(std::nextafter(min, inf));
        if (const double max = s.value(u"maximum").toDouble(); s.contains(u"maximum") && max < -4e18)
            return Json(std::floor(max));
        if (const double max = s.value(u"exclusiveMaximum").toDouble(); s.contains(u"exclusiveMaximum") && max < -4e18)
            return Json(std::nextafter(max, -inf));
        if (s.contains(u"minimum"))
            low = bound(std::ceil(s.value(u"minimum").toDouble()));
        if (s.contains(u"exclusiveMinimum"))
            low = bound(std::floor(s.value(u"exclusiveMinimum").toDouble())) + 1;
        if (s.contains(u"maximum"))
            high = bound(std::floor(s.value(u"maximum").toDouble()));
        if (s.contains(u"exclusiveMaximum"))
            high = bound(std::ceil(s.value(u"exclusiveMaximum").toDouble())) - 1;
        if (!s.contains(u"maximum") && !s.contains(u"exclusiveMaximum") && high < low)
            high = low + 100;
        if (!s.contains(u"minimum") && !s.contains(u"exclusiveMinimum") && low > high)
            low = high - 100;
        const qint64 step = s.value(u"multipleOf").isIntegral() ? std::max<qint64>(1, s.value(u"multipleOf").toInteger()) : 1;
        if (step > 1) {
            const qint64 first = qint64(std::ceil(double(low) / double(step)));
            const qint64 last = qint64(std::floor(double(high) / double(step)));
            return Json(random.between(first, std::max(first, last)) * step);
        }
        return Json(random.between(low, high));
    }

    Json number(const JsonObject &s, Random &random)
    {
        double low = s.contains(u"minimum") ? s.value(u"minimum").toDouble() : 0;
        double high = s.contains(u"maximum") ? s.value(u"maximum").toDouble() : low + 1000;
        bool exclusiveLow = false, exclusiveHigh = false;
        if (s.contains(u"exclusiveMinimum")) {
            low = s.value(u"exclusiveMinimum").toDouble();
            exclusiveLow = true;
            if (!s.contains(u"maximum") && !s.contains(u"exclusiveMaximum"))
                high = low + 1000;
        }
        if (s.contains(u"exclusiveMaximum")) {
            high = s.value(u"exclusiveMaximum").toDouble();
            exclusiveHigh = true;
        }
        if (high < low)
            high = low;
        if (const Json &m = s.value(u"multipleOf"); m.isNumber() && m.toDouble() > 0) {
            const double step = m.toDouble();
            double first = std::ceil(low / step), last = std::floor(high / step);
            if (exclusiveLow && first * step <= low)
                first += 1;
            if (exclusiveHigh && last * step >= high)
                last -= 1;
            const double k = first + std::floor(random.unit() * std::max(0.0, last - first + 1));
            const double v = std::min(k, std::max(first, last)) * step;
            return m.isInteger() ? Json(qint64(std::llround(v))) : Json(v);
        }
        // Two decimals read like prices and measurements; keep away from exclusive bounds.
        double v = low + random.unit() * (high - low);
        v = std::round(v * 100) / 100;
        if ((exclusiveLow && v <= low) || v < low)
            v = low + (high - low) / 2;
        if ((exclusiveHigh && v >= high) || v > high)
            v = low + (high - low) / 2;
        if (exclusiveLow && v <= low)
            v = std::nextafter(low, HUGE_VAL);
        return Json(v);
    }

    QString formatted(const QString &format, Random &random, const QString &nameHint)
    {
        const QDateTime base(QDate(2025, 1, 1), QTime(9, 0), QTimeZone::utc());
        const QDateTime when = base.addSecs(random.between(0, 365LL * 24 * 3600));
        if (format == u"date-time")
            return when.toString(u"yyyy-MM-dd'T'HH:mm:ss'Z'"_s);
        if (format == u"date")
            return when.date().toString(Qt::ISODate);
        if (format == u"time")
            return when.time().toString(u"HH:mm:ss"_s) + u'Z';
        if (format == u"email" || format == u"idn-email")
            return kFirstNames[random.between(0, kFirstNames.size() - 1)].toLower() + u'.'
                + kLastNames[random.between(0, kLastNames.size() - 1)].toLower() + u"@example.com"_s;
        if (format == u"uuid") {
            QString hex;
            for (int i = 0; i < 32; ++i)
                hex += QChar(u"0123456789abcdef"[random.between(0, 15)]);
            hex[12] = u'4';
            hex[16] = QChar(u"89ab"[random.between(0, 3)]);
            return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' + hex.mid(20);
        }
        if (format == u"uri" || format == u"url" || format == u"iri")
            return u"https://example.com/"_s + kWords[random.between(0, kWords.size() - 1)];
        if (format == u"uri-reference" || format == u"iri-reference")
            return u"/"_s + kWords[random.between(0, kWords.size() - 1)];
        if (format == u"hostname" || format == u"idn-hostname")
            return kWords[random.between(0, kWords.size() - 1)] + u".example.com"_s;
        if (format == u"ipv4")
            return u"192.0.2.%1"_s.arg(random.between(1, 254));
        if (format == u"ipv6")
            return u"2001:db8::%1"_s.arg(random.between(1, 0xfff), 0, 16);
        if (format == u"duration")
            return u"PT%1M"_s.arg(random.between(1, 90));
        if (format == u"json-pointer")
            return u"/"_s + kWords[random.between(0, kWords.size() - 1)];
        if (format == u"byte")
            return QString::fromLatin1(kWords[random.between(0, kWords.size() - 1)].toUtf8().toBase64());
        Q_UNUSED(nameHint);
        return {};
    }

    Json string(const JsonObject &s, Random &random, const QString &nameHint, At at)
    {
        const qint64 minLength = s.value(u"minLength").toInteger(0);
        const qint64 maxLength = s.contains(u"maxLength") ? s.value(u"maxLength").toInteger() : std::numeric_limits<qint64>::max();
        QString out;
        if (const Json &f = s.value(u"format"); f.isString()) {
            out = formatted(f.toString(), random, nameHint);
            if (!out.isEmpty())
                return Json(out); // a formatted value is right as it is; cutting it would break the format
        }
        if (out.isEmpty() && s.value(u"pattern").isString()) {
            const QString pattern = s.value(u"pattern").toString();
            std::optional<QString> tooShort;
            for (int attempt = 0; attempt < 8 && out.isEmpty(); ++attempt) {
                auto generated = DataGenerator::stringForPattern(pattern, random.next());
                if (generated && generated->size() >= minLength && generated->size() <= maxLength)
                    out = *generated;
                else if (generated && !generated->isEmpty() && generated->size() < minLength)
                    tooShort = generated;
            }
            // A match too short for minLength often stays one when its last character repeats: the pattern
            // ends in a repetition (`[a-z]+$`) or is open at its end (`^[A-Za-z0-9]+`). The regex decides.
            if (out.isEmpty() && tooShort && minLength <= 4096) {
                QString padded = *tooShort + QString(minLength - tooShort->size(), tooShort->back());
                const auto regex = Regex::compile(pattern);
                if (padded.size() <= maxLength && regex && regex->search(padded) == Regex::Match::Yes)
                    out = std::move(padded);
            }
            if (!out.isEmpty())
                return Json(out);
            unmet(at, u"no string of its length matches its pattern"_s);
        }
        if (out.isEmpty()) {
            const QString hint = nameHint.toLower();
            if (hint.contains(u"email"))
                out = formatted(u"email"_s, random, nameHint);
            else if (hint == u"name" || hint.endsWith(u"_name") || hint.endsWith(u"name"))
                out = kFirstNames[random.between(0, kFirstNames.size() - 1)] + u' ' + kLastNames[random.between(0, kLastNames.size() - 1)];
            else
                out = kWords[random.between(0, kWords.size() - 1)] + u' ' + kWords[random.between(0, kWords.size() - 1)];
        }
        while (out.size() < minLength)
            out += u' ' + kWords[random.between(0, kWords.size() - 1)];
        if (out.size() > maxLength)
            out = out.left(maxLength).trimmed().leftJustified(qsizetype(minLength), u'x');
        return Json(out);
    }

    Json array(const JsonObject &s, Random &random, int depth, const QString &nameHint, At at)
    {
        const qint64 minItems = s.value(u"minItems").toInteger(0);
        qint64 maxItems = s.contains(u"maxItems") ? s.value(u"maxItems").toInteger() : minItems + m_options.extraItems;
        maxItems = std::min(maxItems, minItems + m_options.extraItems);
        const JsonArray &prefix = s.value(u"prefixItems").toArray();
        const Json &items = s.value(u"items");
        if (items.isBool() && !items.toBool())
            maxItems = std::min(maxItems, qint64(prefix.size()));
        const qint64 count = depth >= m_options.maxDepth ? minItems : random.between(std::max<qint64>(minItems, maxItems > 0 ? 1 : 0), maxItems);
        JsonArray out;
        const bool unique = s.value(u"uniqueItems").toBool();
        for (qint64 i = 0, attempts = 0; qint64(out.size()) < count && attempts < count * 8; ++attempts) {
            const QString itemPointer = !at ? QString() : size_t(i) < prefix.size() ? childPointer(at, u"prefixItems", QString::number(i))
                                                                                   : childPointer(at, u"items");
            const At itemAt = at && (size_t(i) < prefix.size() || items.isObject()) ? &itemPointer : nullptr;
            const auto make = [&] {
                return size_t(i) < prefix.size() ? value(prefix[size_t(i)], random, depth + 1, nameHint, itemAt)
                                                 : value(items.isNull() ? Json(JsonObject{}) : items, random, depth + 1, nameHint, itemAt);
            };
            std::optional<Json> maybe = i < minItems ? std::optional<Json>(make()) : unlessUnmet(make);
            if (!maybe)
                break; // items past minItems that cannot be met are left out
            Json item = std::move(*maybe);
            if (unique && std::find(out.begin(), out.end(), item) != out.end())
                continue;
            out.push_back(std::move(item));
            ++i;
        }
        return Json(std::move(out));
    }

    Json object(const JsonObject &s, Random &random, int depth, At at)
    {
        // In the document's order: a QSet's order changes from one process to the next, and the same document
        // and seed must give the same bytes (issue 13, item 12).
        QStringList requiredInOrder;
        QSet<QString> required;
        for (const Json &r : s.value(u"required").toArray()) {
            if (!required.contains(r.toString()))
                requiredInOrder.append(r.toString());
            required.insert(r.toString());
        }
        JsonObject out;
        for (const auto &[name, property] : s.value(u"properties").toObject()) {
            if (property[u"writeOnly"].toBool() && !required.contains(name))
                continue;
            if (!required.contains(name) && depth >= m_options.maxDepth / 2)
                continue;
            Random child(mix(random.next(), hashString(name)));
            const QString propertyPointer = at ? childPointer(at, u"properties", name) : QString();
            const QString &member = name; // clang 14 cannot capture a structured binding
            const Json &memberSchema = property;
            const auto make = [&] { return value(memberSchema, child, depth + 1, member, at ? &propertyPointer : nullptr); };
            if (required.contains(name))
                out.append(name, make());
            else if (auto v = unlessUnmet(make))
                out.append(name, std::move(*v));
        }
        // Required names no property defines take what additionalProperties allows.
        const Json &additional = s.value(u"additionalProperties");
        const QString additionalPointer = at && additional.isObject() ? childPointer(at, u"additionalProperties") : QString();
        const At additionalAt = at && additional.isObject() ? &additionalPointer : nullptr;
        for (const QString &name : std::as_const(requiredInOrder)) {
            if (!out.contains(name))
                out.append(name, additional.isObject() ? value(additional, random, depth + 1, name, additionalAt) : Json(u"sample"_s));
        }
        const qint64 minProperties = s.value(u"minProperties").toInteger(0);
        for (qint64 i = out.size(); i < minProperties && !(additional.isBool() && !additional.toBool()); ++i)
            out.append(u"extra%1"_s.arg(i), additional.isObject() ? value(additional, random, depth + 1, {}, additionalAt) : Json(u"sample"_s));
        return Json(std::move(out));
    }

    const Json &m_document;
    const GeneratorOptions &m_options;
    GeneratedDataCheck *m_check = nullptr; // nullptr: nothing is checked (a schema given by value)
    QStringList m_unmet;
    bool m_useExamples = true;
    int m_hops = 0;
    int m_checks = 0;
    AllOfMerge m_merge;
};

} // namespace

DataGenerator::DataGenerator(Json document, GeneratorOptions options)
    : m_document(std::make_shared<const Json>(std::move(document))), m_options(options)
{
    m_check = std::make_shared<GeneratedDataCheck>(*m_document);
}

DataGenerator::~DataGenerator() = default;

Json DataGenerator::generate(const Json &schema, quint64 salt) const
{
    Random random(mix(m_options.seed, salt));
    return Generation(*m_document, m_options, nullptr).value(schema, random, 0, {}, nullptr);
}

Json DataGenerator::generateFrom(const QString &pointer, quint64 salt, const GeneratorOptions &options, QStringList *unmet) const
{
    const Json *schema = jsonpointer::resolve(*m_document, pointer);
    if (!schema)
        return Json();
    Random random(mix(options.seed, salt ^ hashString(pointer)));
    Generation generation(*m_document, options, m_check.get());
    Json out = generation.value(*schema, random, 0, pointer.section(u'/', -1), &pointer);
    if (unmet)
        *unmet = generation.unmet();
    return out;
}

Json DataGenerator::generateAt(const QString &pointer, quint64 salt, QStringList *unmet) const
{
    QStringList reasons;
    Json first = generateFrom(pointer, salt, m_options, &reasons);
    if (m_check->isValid(pointer, first).value_or(true))
        return first;
    // Examples are checked where they are written, but one inside a merged allOf is not: without examples,
    // and with other salts, other values. Deterministic still: the attempts depend only on the salt.
    GeneratorOptions plain = m_options;
    plain.useExamples = false;
    for (quint64 attempt = 0; attempt < 3; ++attempt) {
        QStringList again;
        Json next = generateFrom(pointer, mix(salt, attempt), plain, &again);
        if (m_check->isValid(pointer, next).value_or(true))
            return next;
    }
    if (unmet)
        *unmet = reasons;
    return first;
}

std::optional<QString> DataGenerator::stringForPattern(const QString &pattern, quint64 seed)
{
    return stringMatching(pattern, seed);
}

} // namespace portico::core
