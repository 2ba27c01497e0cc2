#include "templating.h"

#include "core/jsonparser.h"
#include "core/jsonwriter.h"

#include <QHash>
#include <QUuid>

#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;
using portico::core::Json;
using portico::core::JsonArray;
using portico::core::JsonObject;

namespace portico::mock {
namespace {

// Values nested deeper than this are returned unrendered: no real example puts a template that deep, and the
// walk must stop long before the stack does.
constexpr int kMaxDepth = 512;
// A rendered string stops growing here, so a template like "{{request.body}}" repeated through a large
// example cannot multiply a large request body into gigabytes.
constexpr qsizetype kMaxRenderedChars = 8 * 1024 * 1024;

constexpr QStringView kOpen = u"{{";

bool isOpenAt(QStringView s, qsizetype i)
{
    return s[i] == u'{' && i + 1 < s.size() && s[i + 1] == u'{';
}

struct Scan
{
    enum Kind { Closed, Reopened, End };
    Kind kind;
    qsizetype pos; // of the closing "}}" or of the next "{{"
};

// From just after an opening "{{": finds the "}}" that closes it (skipping any inside quoted arguments), or
// the next "{{", which makes the first one plain text. "{{" ends the search even inside quotes: that way no
// character is scanned twice, so rendering stays linear in the string's length whatever it holds.
Scan scanExpression(QStringView s, qsizetype from)
{
    QChar quote; // null outside quotes
    for (qsizetype i = from; i < s.size(); ++i) {
        if (isOpenAt(s, i))
            return {Scan::Reopened, i};
        const QChar c = s[i];
        if (!quote.isNull()) {
            if (c == u'\\' && i + 1 < s.size() && s[i + 1] != u'{')
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if (c == u'}' && i + 1 < s.size() && s[i + 1] == u'}') {
            return {Scan::Closed, i};
        } else if ((c == u'"' || c == u'\'') && (i == from || s[i - 1].isSpace())) {
            // Only a quote that starts an argument opens one, so an apostrophe in a path is just a character.
            quote = c;
        }
    }
    return {Scan::End, s.size()};
}

struct Token
{
    QString text;
    bool quoted = false;
};

// Splits an expression into whitespace-separated words and quoted arguments ("..." or '...', with backslash
// escapes). nullopt when malformed, which leaves the template as written.
std::optional<QList<Token>> tokenize(QStringView expr)
{
    QList<Token> tokens;
    const qsizetype n = expr.size();
    qsizetype i = 0;
    while (true) {
        while (i < n && expr[i].isSpace())
            ++i;
        if (i >= n)
            return tokens;
        const QChar quote = expr[i];
        if (quote == u'"' || quote == u'\'') {
            Token token{{}, true};
            bool closed = false;
            for (++i; i < n;) {
                const QChar c = expr[i++];
                if (c == u'\\' && i < n) {
                    token.text += expr[i++];
                } else if (c == quote) {
                    closed = true;
                    break;
                } else {
                    token.text += c;
                }
            }
            if (!closed || (i < n && !expr[i].isSpace()))
                return std::nullopt;
            tokens.append(std::move(token));
        } else {
            const qsizetype start = i;
            while (i < n && !expr[i].isSpace())
                ++i;
            tokens.append({expr.sliced(start, i - start).toString(), false});
        }
    }
}

// What an expression stands for: a value, a known reference to something absent, or not a template at all.
struct Outcome
{
    enum Kind { Unknown, Missing, Value };
    Kind kind = Unknown;
    Json value;
    bool stable = false; // the same within one render (not random), so its text may be reused

    static Outcome missing() { return {Missing, {}, true}; }
    static Outcome of(Json v, bool stable = true) { return {Value, std::move(v), stable}; }
};

QString textOf(const Json &value)
{
    switch (value.type()) {
    case Json::Type::String:
        return value.toString();
    case Json::Type::Integer:
        return QString::number(value.toInteger());
    case Json::Type::Double:
        return QString::fromLatin1(core::formatDouble(value.toDouble()));
    case Json::Type::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case Json::Type::Null:
        return u"null"_s;
    case Json::Type::Array:
    case Json::Type::Object:
        return QString::fromUtf8(core::toJson(value));
    }
    return {};
}

// An argument of randomChoice: quoted means a string; a bare word is a number, boolean or null when it reads
// as one, so {{randomChoice 1 2 3}} gives integers.
Json tokenValue(const Token &token)
{
    if (token.quoted)
        return token.text;
    if (token.text == u"true")
        return true;
    if (token.text == u"false")
        return false;
    if (token.text == u"null")
        return Json();
    bool ok = false;
    const qint64 integer = token.text.toLongLong(&ok);
    if (ok)
        return integer;
    const double number = token.text.toDouble(&ok);
    if (ok && std::isfinite(number))
        return number;
    return token.text;
}

// Follows a dotted path ("user.address.city", "items.0.sku") through objects and arrays.
Outcome navigate(const Json &root, QStringView path)
{
    const Json *current = &root;
    for (const QStringView segment : path.split(u'.')) {
        if (segment.isEmpty())
            return Outcome::missing();
        if (current->isObject()) {
            current = current->toObject().find(segment);
        } else if (current->isArray()) {
            bool ok = false;
            const qulonglong index = segment.toULongLong(&ok);
            const bool digits = ok && segment.front().isDigit(); // toULongLong also takes "+1" and " 1"
            if (!digits || index >= current->toArray().size())
                return Outcome::missing();
            current = &current->toArray()[size_t(index)];
        } else {
            return Outcome::missing();
        }
        if (!current)
            return Outcome::missing();
    }
    return Outcome::of(*current);
}

// A parameter by name, then a path inside it. The whole remainder is tried as a name first, because
// parameter names may contain dots ("filter.name").
Outcome lookupParameter(const Json &params, QStringView path)
{
    if (!params.isObject())
        return Outcome::missing();
    if (const Json *whole = params.toObject().find(path))
        return Outcome::of(*whole);
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0)
        return Outcome::missing();
    const Json *first = params.toObject().find(path.first(dot));
    if (!first)
        return Outcome::missing();
    return navigate(*first, path.sliced(dot + 1));
}

// One render: the random stream, the clock and the lazily built views of the request are shared by every
// template in the value, so a response is consistent with itself (one "now") and reproducible (one seed).
class Renderer
{
public:
    explicit Renderer(const TemplateContext &ctx) : m_ctx(ctx), m_randomState(ctx.seed) {}

    std::optional<Json> render(const Json &value, int depth);

private:
    std::optional<Json> renderString(const QString &s);
    std::optional<QString> substitute(QStringView expression);
    Outcome evaluate(QStringView expression);
    Outcome evaluateHelper(const QString &name, const QList<Token> &args);
    Outcome evaluateRequest(QStringView path);

    quint64 nextRandom();
    const QDateTime &now();
    const Json &query();
    const Json &body();

    const TemplateContext &m_ctx;
    quint64 m_randomState;
    QDateTime m_now;
    std::optional<Json> m_query;
    std::optional<Json> m_body;
    QHash<QString, QString> m_textCache;
};

std::optional<Json> Renderer::render(const Json &value, int depth)
{
    if (depth > kMaxDepth)
        return std::nullopt;
    switch (value.type()) {
    case Json::Type::String:
        return renderString(value.toString());
    case Json::Type::Array: {
        // Copy only once something changed: most of a large example is usually plain data, which then keeps
        // sharing the document's storage.
        const JsonArray &array = value.toArray();
        std::optional<JsonArray> out;
        for (size_t i = 0; i < array.size(); ++i) {
            std::optional<Json> rendered = render(array[i], depth + 1);
            if (rendered && !out) {
                out.emplace();
                out->reserve(array.size());
                out->insert(out->end(), array.begin(), array.begin() + qsizetype(i));
            }
            if (out)
                out->push_back(rendered ? std::move(*rendered) : array[i]);
        }
        if (!out)
            return std::nullopt;
        return Json(std::move(*out));
    }
    case Json::Type::Object: {
        const JsonObject &object = value.toObject();
        std::optional<JsonObject> out;
        for (qsizetype i = 0; i < object.size(); ++i) {
            const auto &[key, member] = object.at(i);
            std::optional<Json> rendered = render(member, depth + 1);
            if (rendered && !out) {
                out.emplace(object.begin(), object.begin() + i);
                out->reserve(object.size());
            }
            if (out)
                out->append(key, rendered ? std::move(*rendered) : member);
        }
        if (!out)
            return std::nullopt;
        return Json(std::move(*out));
    }
    default:
        return std::nullopt;
    }
}

std::optional<Json> Renderer::renderString(const QString &s)
{
    const QStringView view(s);
    qsizetype open = view.indexOf(kOpen);
    if (open < 0)
        return std::nullopt;

    if (open == 0) {
        const Scan scan = scanExpression(view, 2);
        if (scan.kind == Scan::Closed && scan.pos == view.size() - 2) {
            Outcome outcome = evaluate(view.sliced(2, scan.pos - 2));
            switch (outcome.kind) {
            case Outcome::Unknown:
                return std::nullopt;
            case Outcome::Missing:
                return Json();
            case Outcome::Value:
                return std::move(outcome.value);
            }
        }
    }

    QString out;
    bool changed = false;
    qsizetype literalFrom = 0; // start of the text not yet copied to `out`
    while (open >= 0) {
        if (open > 0 && view[open - 1] == u'\\') {
            out += view.sliced(literalFrom, open - 1 - literalFrom);
            out += kOpen;
            literalFrom = open + 2;
            changed = true;
            open = view.indexOf(kOpen, literalFrom);
            continue;
        }
        const Scan scan = scanExpression(view, open + 2);
        if (scan.kind == Scan::End)
            break; // no "{{" follows, so the rest is text
        if (scan.kind == Scan::Reopened) {
            open = scan.pos;
            continue;
        }
        const qsizetype after = scan.pos + 2;
        std::optional<QString> text;
        if (out.size() >= kMaxRenderedChars)
            text.emplace(); // over budget: stop evaluating, the output would be dropped anyway
        else
            text = substitute(view.sliced(open + 2, scan.pos - open - 2));
        if (text) {
            out += view.sliced(literalFrom, open - literalFrom);
            if (out.size() + text->size() <= kMaxRenderedChars)
                out += *text;
            literalFrom = after;
            changed = true;
        }
        open = view.indexOf(kOpen, after);
    }
    if (!changed)
        return std::nullopt;
    out += view.sliced(literalFrom);
    return Json(std::move(out));
}

std::optional<QString> Renderer::substitute(QStringView expression)
{
    const QString key = expression.trimmed().toString();
    if (const auto cached = m_textCache.constFind(key); cached != m_textCache.cend())
        return *cached;
    const Outcome outcome = evaluate(expression);
    if (outcome.kind == Outcome::Unknown)
        return std::nullopt;
    QString text = outcome.kind == Outcome::Missing ? QString() : textOf(outcome.value);
    if (outcome.stable)
        m_textCache.insert(key, text);
    return text;
}

Outcome Renderer::evaluate(QStringView expression)
{
    const std::optional<QList<Token>> tokens = tokenize(expression);
    if (!tokens || tokens->isEmpty() || tokens->front().quoted)
        return {};
    const QString &head = tokens->front().text;
    const QList<Token> args = tokens->sliced(1);
    if (head == u"request" || head.startsWith(u"request.")) {
        if (!args.isEmpty())
            return {};
        return evaluateRequest(head);
    }
    return evaluateHelper(head, args);
}

Outcome Renderer::evaluateHelper(const QString &name, const QList<Token> &args)
{
    if (name == u"now") {
        if (args.isEmpty())
            return Outcome::of(now().toString(Qt::ISODateWithMs));
        if (args.size() == 1)
            return Outcome::of(now().toString(args.front().text));
        return {};
    }
    if (name == u"uuid") {
        if (!args.isEmpty())
            return {};
        QByteArray bytes(16, Qt::Uninitialized);
        const quint64 high = nextRandom();
        const quint64 low = nextRandom();
        for (int i = 0; i < 8; ++i) {
            bytes[i] = char(high >> (56 - 8 * i));
            bytes[8 + i] = char(low >> (56 - 8 * i));
        }
        bytes[6] = char((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = char((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return Outcome::of(QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces), false);
    }
    if (name == u"randomInt") {
        qint64 low = 0;
        qint64 high = 100;
        if (args.size() == 2) {
            bool okLow = false;
            bool okHigh = false;
            low = args[0].text.toLongLong(&okLow);
            high = args[1].text.toLongLong(&okHigh);
            if (!okLow || !okHigh)
                return {};
        } else if (!args.isEmpty()) {
            return {};
        }
        if (low > high)
            std::swap(low, high);
        // Unsigned arithmetic: the span of the full qint64 range wraps to 0, meaning "any value".
        const quint64 span = quint64(high) - quint64(low) + 1;
        const quint64 offset = span == 0 ? nextRandom() : nextRandom() % span;
        return Outcome::of(qint64(quint64(low) + offset), false);
    }
    if (name == u"randomFloat") {
        double low = 0;
        double high = 1;
        if (args.size() == 2) {
            bool okLow = false;
            bool okHigh = false;
            low = args[0].text.toDouble(&okLow);
            high = args[1].text.toDouble(&okHigh);
            if (!okLow || !okHigh || !std::isfinite(low) || !std::isfinite(high))
                return {};
        } else if (!args.isEmpty()) {
            return {};
        }
        if (low > high)
            std::swap(low, high);
        const double unit = double(nextRandom() >> 11) * 0x1.0p-53; // [0, 1) from the top 53 bits
        const double value = low + (high - low) * unit;
        return Outcome::of(std::isfinite(value) ? value : low, false);
    }
    if (name == u"randomChoice") {
        if (args.isEmpty())
            return {};
        return Outcome::of(tokenValue(args[qsizetype(nextRandom() % quint64(args.size()))]), false);
    }
    return {};
}

Outcome Renderer::evaluateRequest(QStringView path)
{
    if (path.size() <= 8)
        return {}; // "request" alone names nothing in particular
    // items[0].sku is items.0.sku; brackets never occur in header or cookie names (RFC 9110 tokens).
    QString normalised = path.sliced(8).toString();
    normalised.replace(u'[', u'.');
    normalised.remove(u']');
    const QStringView rest(normalised);
    const qsizetype dot = rest.indexOf(u'.');
    const QStringView section = dot < 0 ? rest : rest.first(dot);
    const bool hasRemainder = dot >= 0;
    const QStringView remainder = hasRemainder ? rest.sliced(dot + 1) : QStringView();
    if (hasRemainder && remainder.isEmpty())
        return {};
    const MockRequest *request = m_ctx.request;

    if (section == u"method") {
        if (hasRemainder)
            return {};
        return request ? Outcome::of(QString::fromLatin1(request->method)) : Outcome::missing();
    }
    if (section == u"path") {
        if (!hasRemainder)
            return request ? Outcome::of(request->path) : Outcome::missing();
        return lookupParameter(m_ctx.pathParams, remainder);
    }
    if (section == u"query") {
        if (!hasRemainder)
            return query().isObject() ? Outcome::of(query()) : Outcome::missing();
        return lookupParameter(query(), remainder);
    }
    if (section == u"header" || section == u"headers") {
        if (!hasRemainder)
            return {};
        const QByteArray name = remainder.toLatin1();
        if (!request || !request->hasHeader(name))
            return Outcome::missing();
        return Outcome::of(headerText(request->header(name)));
    }
    if (section == u"cookie" || section == u"cookies") {
        if (!hasRemainder)
            return {};
        if (!request || !request->hasCookie(remainder))
            return Outcome::missing();
        return Outcome::of(request->cookie(remainder));
    }
    if (section == u"body") {
        if (!hasRemainder)
            return body().isNull() ? Outcome::missing() : Outcome::of(body());
        return navigate(body(), remainder);
    }
    return {};
}

quint64 Renderer::nextRandom()
{
    // SplitMix64: the seed advanced by a fixed odd step per draw (the counter), then mixed. Small, fast, and
    // every seed gives a good stream, which is all mock data needs.
    quint64 z = (m_randomState += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

const QDateTime &Renderer::now()
{
    if (!m_now.isValid())
        m_now = m_ctx.now.isValid() ? m_ctx.now.toUTC() : QDateTime::currentDateTimeUtc();
    return m_now;
}

const Json &Renderer::query()
{
    if (m_ctx.queryParams.isObject())
        return m_ctx.queryParams;
    if (!m_query) {
        // No typed parameters (no operation declared them): the raw query, a repeated key as an array.
        JsonObject object;
        if (m_ctx.request) {
            for (const auto &[key, value] : m_ctx.request->query) {
                Json *existing = object.find(key);
                if (!existing)
                    object.append(key, value);
                else if (existing->isArray())
                    existing->array().push_back(value);
                else
                    *existing = JsonArray{*existing, Json(value)};
            }
        }
        m_query = Json(std::move(object));
    }
    return *m_query;
}

const Json &Renderer::body()
{
    if (!m_ctx.body.isNull())
        return m_ctx.body;
    if (!m_body) {
        m_body = Json();
        const MockRequest *request = m_ctx.request;
        if (request && !request->body.isEmpty()) {
            const QByteArray type = request->mediaType();
            if (type.isEmpty() || type == "application/json" || type.endsWith("+json")) {
                core::JsonParser parser;
                auto parsed = parser.parse(request->body);
                if (parsed.ok())
                    m_body = std::move(parsed).value();
            }
        }
    }
    return *m_body;
}

bool contains(const Json &value, int depth)
{
    if (depth > kMaxDepth)
        return false;
    switch (value.type()) {
    case Json::Type::String:
        return value.toString().contains(kOpen);
    case Json::Type::Array:
        for (const Json &element : value.toArray()) {
            if (contains(element, depth + 1))
                return true;
        }
        return false;
    case Json::Type::Object:
        for (const auto &member : value.toObject()) {
            if (contains(member.second, depth + 1))
                return true;
        }
        return false;
    default:
        return false;
    }
}

} // namespace

Json renderTemplates(const Json &value, const TemplateContext &ctx)
{
    Renderer renderer(ctx);
    std::optional<Json> rendered = renderer.render(value, 0);
    return rendered ? std::move(*rendered) : value;
}

bool containsTemplates(const Json &value)
{
    return contains(value, 0);
}

} // namespace portico::mock
