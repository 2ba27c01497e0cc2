#include "datagenerator.h"

#include "jsonpointer.h"
#include "regex.h"

#include <QDateTime>
#include <QTimeZone>
#include <QSet>

#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

// splitmix64: tiny, fast and good enough for sample data; seeded per value so output is reproducible.
class Random
{
public:
    explicit Random(quint64 seed) : m_state(seed) {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    qint64 between(qint64 low, qint64 high) // inclusive
    {
        if (high <= low)
            return low;
        const quint64 span = quint64(high - low) + 1;
        return low + qint64(span == 0 ? next() : next() % span);
    }
    double unit() { return double(next() >> 11) / double(1ull << 53); }

private:
    quint64 m_state;
};

quint64 mix(quint64 a, quint64 b)
{
    return Random(a ^ (b * 0x9E3779B97F4A7C15ull)).next();
}

quint64 hashString(const QString &s)
{
    quint64 h = 1469598103934665603ull;
    for (QChar c : s)
        h = (h ^ c.unicode()) * 1099511628211ull;
    return h;
}

const QStringList kWords = {u"alpha"_s, u"bravo"_s, u"cedar"_s, u"delta"_s, u"ember"_s, u"fjord"_s, u"garnet"_s,
                            u"harbor"_s, u"indigo"_s, u"juniper"_s, u"kestrel"_s, u"lumen"_s, u"maple"_s, u"nova"_s,
                            u"orchid"_s, u"pixel"_s, u"quartz"_s, u"raven"_s, u"sierra"_s, u"tundra"_s};
const QStringList kFirstNames = {u"Ada"_s, u"Grace"_s, u"Alan"_s, u"Linus"_s, u"Margaret"_s, u"Dennis"_s, u"Barbara"_s, u"Ken"_s};
const QStringList kLastNames = {u"Lovelace"_s, u"Hopper"_s, u"Turing"_s, u"Torvalds"_s, u"Hamilton"_s, u"Ritchie"_s, u"Liskov"_s, u"Thompson"_s};

// Generates strings from the common regex subset: literals, escapes, classes, '.', groups with alternation,
// and the quantifiers ? * + {n} {n,} {n,m}. Unknown syntax (lookarounds, backreferences) gives nullopt.
class PatternGenerator
{
public:
    PatternGenerator(const QString &pattern, Random &random) : m_p(pattern), m_random(random) {}

    std::optional<QString> run()
    {
        QString out;
        if (!alternation(out) || m_i != m_p.size())
            return std::nullopt;
        return out;
    }

private:
    bool alternation(QString &out)
    {
        QList<QString> branches;
        QString current;
        while (true) {
            if (!sequence(current))
                return false;
            branches.append(current);
            current.clear();
            if (m_i < m_p.size() && m_p[m_i] == u'|') {
                ++m_i;
                continue;
            }
            break;
        }
        out += branches[m_random.between(0, branches.size() - 1)];
        return true;
    }

    bool sequence(QString &out)
    {
        while (m_i < m_p.size() && m_p[m_i] != u'|' && m_p[m_i] != u')') {
            const qsizetype atomStart = m_i;
            QString once;
            if (!atom(once))
                return false;
            qint64 low = 1, high = 1;
            if (!quantifier(low, high))
                return false;
            const qint64 count = m_random.between(low, high);
            for (qint64 k = 0; k < count; ++k) {
                if (k == 0) {
                    out += once;
                    continue;
                }
                // Re-run the atom for fresh random choices on each repetition.
                const qsizetype save = m_i;
                m_i = atomStart;
                QString again;
                if (!atom(again))
                    return false;
                m_i = save;
                out += again;
            }
        }
        return true;
    }

    bool quantifier(qint64 &low, qint64 &high)
    {
        if (m_i >= m_p.size())
            return true;
        const QChar c = m_p[m_i];
        if (c == u'?') {
            low = 0, high = 1;
        } else if (c == u'*') {
            low = 0, high = 3;
        } else if (c == u'+') {
            low = 1, high = 3;
        } else if (c == u'{') {
            const qsizetype close = m_p.indexOf(u'}', m_i);
            if (close < 0)
                return false;
            const QString body = m_p.mid(m_i + 1, close - m_i - 1);
            const auto parts = body.split(u',');
            bool ok = false;
            low = parts[0].toLongLong(&ok);
            if (!ok)
                return false;
            high = parts.size() == 1 ? low : (parts[1].isEmpty() ? low + 3 : parts[1].toLongLong(&ok));
            if (!ok || high < low)
                return false;
            m_i = close;
        } else {
            return true;
        }
        ++m_i;
        if (m_i < m_p.size() && (m_p[m_i] == u'?' || m_p[m_i] == u'+'))
            ++m_i; // lazy/possessive: same strings
        return true;
    }

    QChar pick(const QString &set) { return set[m_random.between(0, set.size() - 1)]; }

    bool escape(QString &out, bool inClass)
    {
        if (m_i >= m_p.size())
            return false;
        const QChar c = m_p[m_i++];
        static const QString digits = u"0123456789"_s;
        static const QString word = u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"_s;
        switch (c.unicode()) {
        case 'd': out += pick(digits); return true;
        case 'w': out += pick(word); return true;
        case 's': out += u' '; return true;
        case 'D': out += u'x'; return true;
        case 'W': out += u'-'; return true;
        case 'S': out += u'x'; return true;
        case 'n': out += u'\n'; return true;
        case 't': out += u'\t'; return true;
        case 'b': case 'B': return !inClass && true;
        default:
            if (c.isLetterOrNumber())
                return false; // \p{..}, backreferences and the like
            out += c;
            return true;
        }
    }

    bool characterClass(QString &out)
    {
        // m_i is after '['
        bool negated = false;
        if (m_i < m_p.size() && m_p[m_i] == u'^') {
            negated = true;
            ++m_i;
        }
        QString members;
        bool first = true;
        while (m_i < m_p.size() && (m_p[m_i] != u']' || first)) {
            first = false;
            QChar c = m_p[m_i++];
            if (c == u'\\') {
                QString e;
                if (!escape(e, true))
                    return false;
                members += e;
                continue;
            }
            if (m_i + 1 < m_p.size() && m_p[m_i] == u'-' && m_p[m_i + 1] != u']') {
                QChar end = m_p[m_i + 1];
                m_i += 2;
                if (end == u'\\')
                    return false;
                for (char16_t x = c.unicode(); x <= end.unicode() && members.size() < 4096; ++x)
                    members += QChar(x);
                continue;
            }
            members += c;
        }
        if (m_i >= m_p.size())
            return false;
        ++m_i; // ']'
        if (negated) {
            static const QString candidates = u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"_s;
            QString allowed;
            for (QChar x : candidates) {
                if (!members.contains(x))
                    allowed += x;
            }
            if (allowed.isEmpty())
                return false;
            out += pick(allowed);
            return true;
        }
        if (members.isEmpty())
            return false;
        out += pick(members);
        return true;
    }

    bool atom(QString &out)
    {
        const QChar c = m_p[m_i++];
        switch (c.unicode()) {
        case '^':
        case '$':
            return true;
        case '.':
            out += pick(u"abcdefghijklmnopqrstuvwxyz"_s);
            return true;
        case '\\':
            return escape(out, false);
        case '[':
            return characterClass(out);
        case '(': {
            if (m_i < m_p.size() && m_p[m_i] == u'?') {
                if (m_i + 1 < m_p.size() && m_p[m_i + 1] == u':')
                    m_i += 2;
                else if (m_i + 1 < m_p.size() && m_p[m_i + 1] == u'<' && m_i + 2 < m_p.size() && m_p[m_i + 2] != u'='
                         && m_p[m_i + 2] != u'!') {
                    const qsizetype close = m_p.indexOf(u'>', m_i);
                    if (close < 0)
                        return false;
                    m_i = close + 1;
                } else
                    return false; // lookarounds
            }
            if (!alternation(out))
                return false;
            if (m_i >= m_p.size() || m_p[m_i] != u')')
                return false;
            ++m_i;
            return true;
        }
        case '*': case '+': case '?': case '{': case ')': case '|':
            return false;
        default:
            out += c;
            return true;
        }
    }

    const QString &m_p;
    qsizetype m_i = 0;
    Random &m_random;
};

class Generation
{
public:
    Generation(const Json &document, const GeneratorOptions &options) : m_document(document), m_options(options) {}

    Json value(const Json &schema, Random &random, int depth, const QString &nameHint)
    {
        if (schema.isBool())
            return schema.toBool() ? Json(u"sample"_s) : Json();
        if (!schema.isObject() || depth > m_options.maxDepth + 8)
            return Json();
        const JsonObject &s = schema.toObject();
        if (const Json &ref = s.value(u"$ref"); ref.isString() && ref.toString().startsWith(u'#')) {
            const Json *target = jsonpointer::resolve(m_document, jsonpointer::fromUriFragment(ref.toString()));
            if (!target || depth > m_options.maxDepth + 4)
                return Json();
            const QString name = ref.toString().section(u'/', -1);
            return value(*target, random, depth + 1, nameHint.isEmpty() ? name : nameHint);
        }
        if (s.contains(u"const"))
            return s.value(u"const");
        if (const Json &e = s.value(u"enum"); e.isArray() && !e.toArray().empty())
            return e.toArray()[size_t(random.between(0, qint64(e.toArray().size()) - 1))];
        if (const Json &examples = s.value(u"examples"); examples.isArray() && !examples.toArray().empty())
            return examples.toArray()[size_t(random.between(0, qint64(examples.toArray().size()) - 1))];
        if (s.contains(u"example"))
            return s.value(u"example");
        if (const Json &allOf = s.value(u"allOf"); allOf.isArray())
            return merged(s, allOf.toArray(), random, depth, nameHint);
        for (const QString &union_ : {u"oneOf"_s, u"anyOf"_s}) {
            const JsonArray &branches = s.value(union_).toArray();
            if (branches.empty())
                continue;
            // Prefer a non-null branch: a mock that always answers null teaches a frontend little.
            std::vector<const Json *> candidates;
            for (const Json &b : branches) {
                if (b[u"type"].toString() != u"null")
                    candidates.push_back(&b);
            }
            if (candidates.empty())
                return Json();
            const Json &branch = *candidates[size_t(random.between(0, qint64(candidates.size()) - 1))];
            // A union inside an object schema with its own properties combines both.
            if (s.contains(u"properties")) {
                JsonObject rest = s;
                rest.remove(union_);
                return merged(rest, JsonArray{branch}, random, depth, nameHint);
            }
            return value(branch, random, depth + 1, nameHint);
        }
        return typed(s, primaryType(s), random, depth, nameHint);
    }

private:
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

    Json merged(const JsonObject &outer, const JsonArray &parts, Random &random, int depth, const QString &nameHint)
    {
        JsonObject combined;
        JsonObject rest = outer;
        rest.remove(u"allOf");
        Json self = value(Json(rest), random, depth + 1, nameHint);
        for (const auto &[k, v] : self.toObject())
            combined.insert(k, v);
        for (const Json &part : parts) {
            const Json generated = value(part, random, depth + 1, nameHint);
            if (!generated.isObject())
                return generated.isNull() ? Json(combined) : generated;
            for (const auto &[k, v] : generated.toObject())
                combined.insert(k, v);
        }
        return Json(std::move(combined));
    }

    Json typed(const JsonObject &s, const QString &type, Random &random, int depth, const QString &nameHint)
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
            return array(s, random, depth, nameHint);
        if (type == u"object")
            return object(s, random, depth);
        return string(s, random, nameHint);
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

    Json string(const JsonObject &s, Random &random, const QString &nameHint)
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
            for (int attempt = 0; attempt < 8 && out.isEmpty(); ++attempt) {
                auto generated = DataGenerator::stringForPattern(s.value(u"pattern").toString(), random.next());
                if (generated && generated->size() >= minLength && generated->size() <= maxLength)
                    out = *generated;
            }
            if (!out.isEmpty())
                return Json(out);
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

    Json array(const JsonObject &s, Random &random, int depth, const QString &nameHint)
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
            Json item = size_t(i) < prefix.size() ? value(prefix[size_t(i)], random, depth + 1, nameHint)
                                                 : value(items.isNull() ? Json(JsonObject{}) : items, random, depth + 1, nameHint);
            if (unique && std::find(out.begin(), out.end(), item) != out.end())
                continue;
            out.push_back(std::move(item));
            ++i;
        }
        return Json(std::move(out));
    }

    Json object(const JsonObject &s, Random &random, int depth)
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
            out.append(name, value(property, child, depth + 1, name));
        }
        for (const QString &name : std::as_const(requiredInOrder)) {
            if (!out.contains(name))
                out.append(name, Json(u"sample"_s));
        }
        const qint64 minProperties = s.value(u"minProperties").toInteger(0);
        const Json &additional = s.value(u"additionalProperties");
        for (qint64 i = out.size(); i < minProperties && !(additional.isBool() && !additional.toBool()); ++i)
            out.append(u"extra%1"_s.arg(i), additional.isObject() ? value(additional, random, depth + 1, {}) : Json(u"sample"_s));
        return Json(std::move(out));
    }

    const Json &m_document;
    const GeneratorOptions &m_options;
};

} // namespace

DataGenerator::DataGenerator(Json document, GeneratorOptions options) : m_document(std::move(document)), m_options(options) {}

Json DataGenerator::generate(const Json &schema, quint64 salt) const
{
    Random random(mix(m_options.seed, salt));
    return Generation(m_document, m_options).value(schema, random, 0, {});
}

Json DataGenerator::generateAt(const QString &pointer, quint64 salt) const
{
    const Json *schema = jsonpointer::resolve(m_document, pointer);
    if (!schema)
        return Json();
    Random random(mix(m_options.seed, salt ^ hashString(pointer)));
    return Generation(m_document, m_options).value(*schema, random, 0, pointer.section(u'/', -1));
}

std::optional<QString> DataGenerator::stringForPattern(const QString &pattern, quint64 seed)
{
    Random random(seed);
    auto generated = PatternGenerator(pattern, random).run();
    // Verify with the real engine: the subset parser may misread exotic syntax.
    if (generated) {
        const auto regex = Regex::compile(pattern);
        if (!regex || regex->search(*generated) != Regex::Match::Yes)
            return std::nullopt;
    }
    return generated;
}

} // namespace portico::core
