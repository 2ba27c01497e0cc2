// Response templating ({{request.path.id}}, {{uuid}}, ...) and the request accessors templates read through.
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/mockresponse.h"
#include "mock/templating.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

Json json(const QByteArray &text)
{
    JsonParser parser;
    auto parsed = parser.parse(text);
    if (!parsed.ok())
        qFatal("bad JSON in test data: %s", text.constData());
    return std::move(parsed).value();
}

MockRequest sampleRequest()
{
    MockRequest request;
    request.method = "POST";
    request.path = u"/users/42/orders"_s;
    request.target = "/users/42/orders?q=shoes&tag=a&tag=b";
    request.query = {{u"q"_s, u"shoes"_s}, {u"tag"_s, u"a"_s}, {u"tag"_s, u"b"_s}};
    request.headers = {
        {"host", "api.test"},
        {"content-type", "application/json; charset=utf-8"},
        {"x-id", "abc-123"},
        {"cookie", "session=s3cr3t; theme=\"dark\""},
    };
    request.body = R"({"name":"Ada","tags":["x","y"],"user":{"address":{"city":"Paris"}},)"
                   R"("items":[{"sku":"A1","qty":2}],"active":true,"nothing":null})";
    request.client = u"127.0.0.1:5000"_s;
    return request;
}

// Path parameters as the engine passes them (coerced by the operation's schema); query parameters typed
// where the operation declares them. The body is left null so the renderer parses the request's own.
TemplateContext sampleContext(const MockRequest &request)
{
    TemplateContext ctx;
    ctx.request = &request;
    ctx.pathParams = json(R"({"id": 42, "orderId": "o-1", "file.name": "x.txt"})");
    ctx.queryParams = json(R"({"q": "shoes", "limit": 10, "tag": ["a", "b"]})");
    ctx.seed = 7;
    ctx.now = QDateTime(QDate(2024, 2, 3), QTime(4, 5, 6, 789), Qt::UTC);
    return ctx;
}

QByteArray renderText(const QByteArray &templateJson, const TemplateContext &ctx)
{
    return toJson(renderTemplates(json(templateJson), ctx));
}

} // namespace

class tst_Templating : public QObject
{
    Q_OBJECT

private slots:
    void render_data();
    void render();
    void containsTemplates_data();
    void containsTemplates();
    void rawQueryWhenNoTypedParameters();
    void explicitBodyWinsAndOnlyJsonIsParsed();
    void withoutRequest();
    void randomIsDeterministicPerSeed();
    void randomRanges_data();
    void randomRanges();
    void uuidsAreVersion4AndDistinct();
    void hostileInput_data();
    void hostileInput();
    void outputIsBounded();
    void deepNestingIsBounded();
    void unchangedSubtreesShareStorage();

    void cookieHeader_data();
    void cookieHeader();
    void requestAccessors();
    void mediaType_data();
    void mediaType();
    void responseHeaders();
};

void tst_Templating::render_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    // Typed substitution: a string that is exactly one template becomes the value itself.
    QTest::addRow("whole path parameter keeps its integer type") << R"("{{request.path.id}}")"_ba << "42"_ba;
    QTest::addRow("path parameter in text is stringified") << R"("user-{{request.path.id}}")"_ba
                                                           << R"("user-42")"_ba;
    QTest::addRow("path parameter name with a dot") << R"("{{request.path.file.name}}")"_ba << R"("x.txt")"_ba;
    QTest::addRow("whole path") << R"("{{request.path}}")"_ba << R"("/users/42/orders")"_ba;
    QTest::addRow("method") << R"("{{request.method}}")"_ba << R"("POST")"_ba;
    QTest::addRow("query value") << R"("{{request.query.q}}")"_ba << R"("shoes")"_ba;
    QTest::addRow("typed query value") << R"("{{request.query.limit}}")"_ba << "10"_ba;
    QTest::addRow("repeated query key is an array") << R"("{{request.query.tag}}")"_ba << R"(["a","b"])"_ba;
    QTest::addRow("array in text is JSON") << R"("tags={{request.query.tag}}")"_ba << R"("tags=[\"a\",\"b\"]")"_ba;
    QTest::addRow("index into a query array") << R"("{{request.query.tag.1}}")"_ba << R"("b")"_ba;
    QTest::addRow("header name is case-insensitive") << R"("{{request.header.X-Id}}")"_ba << R"("abc-123")"_ba;
    QTest::addRow("headers alias") << R"("{{request.headers.x-id}}")"_ba << R"("abc-123")"_ba;
    QTest::addRow("missing header as whole value is null") << R"("{{request.header.x-missing}}")"_ba << "null"_ba;
    QTest::addRow("missing header in text is empty") << R"("[{{request.header.x-missing}}]")"_ba << R"("[]")"_ba;
    QTest::addRow("cookie") << R"("{{request.cookie.session}}")"_ba << R"("s3cr3t")"_ba;
    QTest::addRow("quoted cookie value is unquoted") << R"("{{request.cookie.theme}}")"_ba << R"("dark")"_ba;
    QTest::addRow("missing cookie is null") << R"("{{request.cookie.nope}}")"_ba << "null"_ba;
    QTest::addRow("body field") << R"("{{request.body.name}}")"_ba << R"("Ada")"_ba;
    QTest::addRow("nested body field") << R"("{{request.body.user.address.city}}")"_ba << R"("Paris")"_ba;
    QTest::addRow("body array index") << R"("{{request.body.items.0.sku}}")"_ba << R"("A1")"_ba;
    QTest::addRow("bracket index") << R"("{{request.body.items[0].qty}}")"_ba << "2"_ba;
    QTest::addRow("body array keeps its type") << R"("{{request.body.tags}}")"_ba << R"(["x","y"])"_ba;
    QTest::addRow("body object keeps its type") << R"("{{request.body.user}}")"_ba
                                                << R"({"address":{"city":"Paris"}})"_ba;
    QTest::addRow("body object in text is JSON") << R"("u={{request.body.user}}")"_ba
                                                 << R"("u={\"address\":{\"city\":\"Paris\"}}")"_ba;
    QTest::addRow("boolean in text") << R"("active: {{request.body.active}}")"_ba << R"("active: true")"_ba;
    QTest::addRow("explicit null in text") << R"("n={{request.body.nothing}}")"_ba << R"("n=null")"_ba;
    QTest::addRow("explicit null as whole value") << R"("{{request.body.nothing}}")"_ba << "null"_ba;
    QTest::addRow("index out of range is missing") << R"("{{request.body.items.5.sku}}")"_ba << "null"_ba;
    QTest::addRow("non-numeric index into an array is missing") << R"("{{request.body.items.x}}")"_ba << "null"_ba;
    QTest::addRow("path through a string is missing") << R"("<{{request.body.name.first}}>")"_ba << R"("<>")"_ba;
    QTest::addRow("whitespace inside braces") << R"("{{   request.path.id   }}")"_ba << "42"_ba;
    QTest::addRow("several templates in one string")
        << R"("{{request.method}} {{request.path}}?q={{request.query.q}}")"_ba
        << R"("POST /users/42/orders?q=shoes")"_ba;

    // Anything that is not a known template stays exactly as written.
    QTest::addRow("unknown helper stays literal") << R"("{{frobnicate 1 2}}")"_ba << R"("{{frobnicate 1 2}}")"_ba;
    QTest::addRow("unknown request section stays literal") << R"("{{request.nonsense}}")"_ba
                                                           << R"("{{request.nonsense}}")"_ba;
    QTest::addRow("bare request stays literal") << R"("{{request}}")"_ba << R"("{{request}}")"_ba;
    QTest::addRow("request path with an argument stays literal") << R"("{{request.path.id 3}}")"_ba
                                                                 << R"("{{request.path.id 3}}")"_ba;
    QTest::addRow("trailing dot stays literal") << R"("{{request.body.}}")"_ba << R"("{{request.body.}}")"_ba;
    QTest::addRow("unknown next to known") << R"("{{nope}}-{{request.path.id}}")"_ba << R"("{{nope}}-42")"_ba;
    QTest::addRow("quoted helper name stays literal") << R"("{{\"now\"}}")"_ba << R"("{{\"now\"}}")"_ba;
    QTest::addRow("empty braces stay literal") << R"("a{{}}b")"_ba << R"("a{{}}b")"_ba;
    QTest::addRow("triple braces stay literal") << R"("{{{request.path.id}}}")"_ba << R"("{{{request.path.id}}}")"_ba;
    QTest::addRow("escaped braces are literal") << R"("\\{{request.path.id}}")"_ba << R"("{{request.path.id}}")"_ba;
    QTest::addRow("escape next to a real template") << R"("\\{{x}} {{request.path.id}}")"_ba << R"("{{x}} 42")"_ba;
    QTest::addRow("unterminated template") << R"("{{request.path.id")"_ba << R"("{{request.path.id")"_ba;
    QTest::addRow("unterminated then valid") << R"("{{ oops {{request.path.id}}")"_ba << R"("{{ oops 42")"_ba;
    QTest::addRow("unterminated quote then valid") << R"("{{now \"oops}} {{request.path.id}}")"_ba
                                                   << R"("{{now \"oops}} 42")"_ba;
    QTest::addRow("stray closing braces") << R"("}} {{request.path.id}} }}")"_ba << R"("}} 42 }}")"_ba;
    QTest::addRow("apostrophe in a path is not a quote") << R"("{{request.body.it's}}")"_ba << "null"_ba;

    // Structure: only string values are rendered.
    QTest::addRow("non-strings untouched") << R"({"n":1,"d":1.5,"b":true,"x":null})"_ba
                                           << R"({"n":1,"d":1.5,"b":true,"x":null})"_ba;
    QTest::addRow("keys are not rendered") << R"({"{{request.path.id}}":"{{request.path.id}}"})"_ba
                                           << R"({"{{request.path.id}}":42})"_ba;
    QTest::addRow("nested objects and arrays keep key order")
        << R"({"z":[{"id":"{{request.path.id}}","k":"{{request.body.name}}"}],"a":"plain"})"_ba
        << R"({"z":[{"id":42,"k":"Ada"}],"a":"plain"})"_ba;

    // Helpers with a fixed clock and single-valued choices are deterministic without knowing the seed.
    QTest::addRow("now is ISO-8601 UTC with milliseconds") << R"("{{now}}")"_ba << R"("2024-02-03T04:05:06.789Z")"_ba;
    QTest::addRow("now with a double-quoted format") << R"("{{now \"yyyy-MM-dd\"}}")"_ba << R"("2024-02-03")"_ba;
    QTest::addRow("now with a single-quoted format") << R"("{{now 'HH:mm'}}")"_ba << R"("04:05")"_ba;
    QTest::addRow("format containing braces") << R"("{{now '}}yyyy'}}")"_ba << R"("}}2024")"_ba;
    QTest::addRow("now in text") << R"("on {{now 'yyyy'}}!")"_ba << R"("on 2024!")"_ba;
    QTest::addRow("now with two formats stays literal") << R"("{{now 'a' 'b'}}")"_ba << R"("{{now 'a' 'b'}}")"_ba;
    QTest::addRow("randomChoice of one string") << R"("{{randomChoice 'only'}}")"_ba << R"("only")"_ba;
    QTest::addRow("randomChoice bare number is typed") << R"("{{randomChoice 7}}")"_ba << "7"_ba;
    QTest::addRow("randomChoice bare true is typed") << R"("{{randomChoice true}}")"_ba << "true"_ba;
    QTest::addRow("randomChoice quoted number is a string") << R"("{{randomChoice '7'}}")"_ba << R"("7")"_ba;
    QTest::addRow("randomChoice without options stays literal") << R"("{{randomChoice}}")"_ba
                                                                << R"("{{randomChoice}}")"_ba;
    QTest::addRow("randomInt with equal bounds") << R"("{{randomInt 5 5}}")"_ba << "5"_ba;
    QTest::addRow("randomInt with bad bounds stays literal") << R"("{{randomInt a b}}")"_ba
                                                             << R"("{{randomInt a b}}")"_ba;
    QTest::addRow("randomInt with one bound stays literal") << R"("{{randomInt 5}}")"_ba << R"("{{randomInt 5}}")"_ba;
    QTest::addRow("randomFloat with equal bounds") << R"("{{randomFloat 2.5 2.5}}")"_ba << "2.5"_ba;
    QTest::addRow("uuid with an argument stays literal") << R"("{{uuid 4}}")"_ba << R"("{{uuid 4}}")"_ba;
}

void tst_Templating::render()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const MockRequest request = sampleRequest();
    const TemplateContext ctx = sampleContext(request);
    const Json rendered = renderTemplates(json(input), ctx);
    QCOMPARE(toJson(rendered), toJson(json(expected)));
    // Types matter, not just text: 42 must be an integer, not "42".
    QVERIFY(rendered.identical(json(expected)));
}

void tst_Templating::containsTemplates_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("expected");
    QTest::addRow("plain string") << R"("hello")"_ba << false;
    QTest::addRow("single braces") << R"("{a}")"_ba << false;
    QTest::addRow("template string") << R"("{{uuid}}")"_ba << true;
    QTest::addRow("escaped braces still need rendering") << R"("\\{{x}}")"_ba << true;
    QTest::addRow("template deep in an array") << R"([1, [2, {"a": ["{{now}}"]}]])"_ba << true;
    QTest::addRow("template only in a key") << R"({"{{now}}": 1})"_ba << false;
    QTest::addRow("numbers and nulls") << R"([1, 2.5, null, true, {}])"_ba << false;
}

void tst_Templating::containsTemplates()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, expected);
    const Json value = json(input);
    QCOMPARE(portico::mock::containsTemplates(value), expected);
    // The promise the engine relies on: without templates, rendering is the identity.
    if (!expected)
        QVERIFY(renderTemplates(value, TemplateContext()).identical(value));
}

void tst_Templating::rawQueryWhenNoTypedParameters()
{
    const MockRequest request = sampleRequest();
    TemplateContext ctx = sampleContext(request);
    ctx.queryParams = Json();
    QCOMPARE(renderText(R"("{{request.query}}")", ctx), R"({"q":"shoes","tag":["a","b"]})"_ba);
    QCOMPARE(renderText(R"("{{request.query.tag.0}}")", ctx), R"("a")"_ba);
    QCOMPARE(renderText(R"("{{request.query.limit}}")", ctx), "null"_ba);
}

void tst_Templating::explicitBodyWinsAndOnlyJsonIsParsed()
{
    MockRequest request = sampleRequest();
    TemplateContext ctx = sampleContext(request);
    ctx.body = json(R"({"name": "Grace"})");
    QCOMPARE(renderText(R"("{{request.body.name}}")", ctx), R"("Grace")"_ba);

    ctx.body = Json();
    request.headers[1].second = "application/vnd.api+json";
    QCOMPARE(renderText(R"("{{request.body.name}}")", ctx), R"("Ada")"_ba);

    request.headers[1].second = "text/plain";
    QCOMPARE(renderText(R"("{{request.body.name}}")", ctx), "null"_ba);
    QCOMPARE(renderText(R"("[{{request.body}}]")", ctx), R"("[]")"_ba);

    request.headers[1].second = "application/json";
    request.body = "{not json";
    QCOMPARE(renderText(R"("{{request.body}}")", ctx), "null"_ba);
}

void tst_Templating::withoutRequest()
{
    TemplateContext ctx;
    ctx.pathParams = json(R"({"id": 1})");
    QCOMPARE(renderText(R"(["{{request.method}}", "{{request.header.host}}", "{{request.cookie.a}}", )"
                    R"("{{request.body.x}}", "{{request.path}}", "{{request.path.id}}", "<{{request.query.q}}>"])",
                    ctx),
             R"([null,null,null,null,null,1,"<>"])"_ba);
}

void tst_Templating::randomIsDeterministicPerSeed()
{
    const QByteArray input = R"(["{{uuid}}", "{{randomInt 0 1000000}}", "{{randomFloat 0 1}}", )"
                             R"("{{randomChoice 'a' 'b' 'c' 'd' 'e' 'f' 'g' 'h'}}", "id-{{uuid}}"])";
    TemplateContext a;
    a.seed = 12345;
    TemplateContext b = a;
    QCOMPARE(renderText(input, a), renderText(input, b));

    // Across seeds the output varies: collect distinct renderings of the whole array.
    QSet<QByteArray> seen;
    for (quint64 seed = 0; seed < 50; ++seed) {
        TemplateContext ctx;
        ctx.seed = seed;
        seen.insert(renderText(input, ctx));
    }
    QCOMPARE(seen.size(), 50);
}

void tst_Templating::randomRanges_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<bool>("integral");
    QTest::addRow("randomInt 1 100") << R"("{{randomInt 1 100}}")"_ba << 1.0 << 100.0 << true;
    QTest::addRow("randomInt negative range") << R"("{{randomInt -10 -5}}")"_ba << -10.0 << -5.0 << true;
    QTest::addRow("randomInt reversed bounds") << R"("{{randomInt 9 3}}")"_ba << 3.0 << 9.0 << true;
    QTest::addRow("randomInt defaults to 0..100") << R"("{{randomInt}}")"_ba << 0.0 << 100.0 << true;
    QTest::addRow("randomInt full qint64 range")
        << R"("{{randomInt -9223372036854775808 9223372036854775807}}")"_ba << -9.3e18 << 9.3e18 << true;
    QTest::addRow("randomFloat 0 1") << R"("{{randomFloat 0 1}}")"_ba << 0.0 << 1.0 << false;
    QTest::addRow("randomFloat -2.5 2.5") << R"("{{randomFloat -2.5 2.5}}")"_ba << -2.5 << 2.5 << false;
    QTest::addRow("randomFloat defaults to 0..1") << R"("{{randomFloat}}")"_ba << 0.0 << 1.0 << false;
}

void tst_Templating::randomRanges()
{
    QFETCH(QByteArray, input);
    QFETCH(double, low);
    QFETCH(double, high);
    QFETCH(bool, integral);
    const Json value = json(input);
    QSet<double> distinct;
    for (quint64 seed = 1; seed <= 500; ++seed) {
        TemplateContext ctx;
        ctx.seed = seed;
        const Json result = renderTemplates(value, ctx);
        QCOMPARE(result.isInteger(), integral);
        QVERIFY(result.isNumber());
        QVERIFY2(result.toDouble() >= low && result.toDouble() <= high, toJson(result).constData());
        distinct.insert(result.toDouble());
    }
    // A generator stuck on one value would pass the bounds check; demand a spread.
    QVERIFY(distinct.size() >= std::min<qsizetype>(qsizetype(high - low) + 1, 5) || !integral);
    QVERIFY(distinct.size() > 1);
}

void tst_Templating::uuidsAreVersion4AndDistinct()
{
    static const QRegularExpression v4(u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
    TemplateContext ctx;
    ctx.seed = 99;
    const Json result = renderTemplates(json(R"(["{{uuid}}", "{{uuid}}", "{{uuid}}", "x {{uuid}}"])"), ctx);
    QSet<QString> seen;
    for (const Json &element : result.toArray()) {
        QString text = element.toString();
        if (text.startsWith(u"x "))
            text = text.sliced(2);
        QVERIFY2(v4.match(text).hasMatch(), qPrintable(text));
        seen.insert(text);
    }
    QCOMPARE(seen.size(), 4); // the counter advances within one render
}

void tst_Templating::hostileInput_data()
{
    QTest::addColumn<QString>("input");
    constexpr qsizetype size = 1 << 20;
    QTest::addRow("a megabyte of opening braces") << QString(size, u'{');
    QTest::addRow("a megabyte of closing braces") << QString(size, u'}');
    QTest::addRow("unterminated template with a megabyte of spaces") << u"{{"_s + QString(size, u' ');
    QTest::addRow("alternating openers and quotes") << u"{{\""_s.repeated(size / 3);
    QTest::addRow("openers with single quotes") << u"{{ '"_s.repeated(size / 4);
    QTest::addRow("escapes everywhere") << u"\\{{"_s.repeated(size / 3);
    QTest::addRow("backslashes in quotes") << (u"{{now \"\\"_s + QString(size, u'\\'));
    QTest::addRow("many small templates") << u"{{request.path.id}}"_s.repeated(size / 19);
    QTest::addRow("many unknown helpers") << u"{{nope}}"_s.repeated(size / 8);
    QTest::addRow("many uuids") << u"{{uuid}}"_s.repeated(size / 8);
    QTest::addRow("very long expression") << u"{{randomChoice "_s + u"'a' "_s.repeated(size / 4) + u"}}"_s;
}

void tst_Templating::hostileInput()
{
    QFETCH(QString, input);
    const MockRequest request = sampleRequest();
    const TemplateContext ctx = sampleContext(request);
    QElapsedTimer timer;
    timer.start();
    const Json result = renderTemplates(Json(input), ctx);
    // Quadratic scanning of a megabyte would take minutes; linear takes milliseconds (more under sanitizers).
    QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(result.isString() || result.isNumber());
    QVERIFY(result.toString().size() <= 8 * 1024 * 1024);
}

void tst_Templating::outputIsBounded()
{
    MockRequest request = sampleRequest();
    request.body = "\"" + QByteArray(1 << 20, 'x') + "\""; // a one-megabyte JSON string
    TemplateContext ctx;
    ctx.request = &request;
    // 100 copies would be 100 MB; the renderer stops at its 8M-character budget.
    const Json result = renderTemplates(Json(u"{{request.body}};"_s.repeated(100)), ctx);
    QVERIFY(result.isString());
    QVERIFY(result.toString().size() <= 8 * 1024 * 1024);
    QVERIFY(result.toString().size() >= 7 * 1024 * 1024);
    QVERIFY(result.toString().startsWith(QString(1 << 20, u'x') + u';'));
}

void tst_Templating::deepNestingIsBounded()
{
    const MockRequest request = sampleRequest();
    const TemplateContext ctx = sampleContext(request);
    const auto nest = [](int depth) {
        Json value(u"{{request.path.id}}"_s);
        for (int i = 0; i < depth; ++i)
            value = Json(i % 2 ? Json(JsonArray{std::move(value)}) : Json(JsonObject{{u"k"_s, std::move(value)}}));
        return value;
    };
    const auto innermost = [](Json value) {
        while (!value.isString() && !value.isInteger()) {
            const Json next = value.isArray() ? value[0] : value[u"k"];
            value = next;
        }
        return value;
    };

    const Json shallow = renderTemplates(nest(100), ctx);
    QCOMPARE(innermost(shallow), Json(42));

    // Far deeper than any example (and than the parser's limit): neither function follows it all the way down;
    // the template is left as is. Not deeper still, because Json's own destructor recurses.
    const Json deep = nest(2'000);
    QVERIFY(!portico::mock::containsTemplates(deep));
    QCOMPARE(innermost(renderTemplates(deep, ctx)), Json(u"{{request.path.id}}"_s));
}

void tst_Templating::unchangedSubtreesShareStorage()
{
    const MockRequest request = sampleRequest();
    const TemplateContext ctx = sampleContext(request);
    const Json value = json(R"({"big": [1, 2, 3, {"a": "b"}], "id": "{{request.path.id}}"})");
    const Json rendered = renderTemplates(value, ctx);
    QCOMPARE(rendered[u"id"], Json(42));
    // The untouched array is the same shared storage, not a copy.
    QCOMPARE(&rendered[u"big"].toArray(), &value[u"big"].toArray());
}

void tst_Templating::cookieHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QString>("value");
    QTest::addRow("second of two") << "a=b; c=d"_ba << u"c"_s << true << u"d"_s;
    QTest::addRow("no space after semicolon") << "a=b;c=d"_ba << u"c"_s << true << u"d"_s;
    QTest::addRow("quoted value") << "a=\"quoted value\""_ba << u"a"_s << true << u"quoted value"_s;
    QTest::addRow("spaces around name and value") << "  a =  1  ;b=2"_ba << u"a"_s << true << u"1"_s;
    QTest::addRow("value containing equals") << "token=abc==; x=1"_ba << u"token"_s << true << u"abc=="_s;
    QTest::addRow("empty value") << "empty=; x=1"_ba << u"empty"_s << true << QString();
    QTest::addRow("pair without name is skipped") << "=orphan; y=2"_ba << u"y"_s << true << u"2"_s;
    QTest::addRow("pair without equals is skipped") << "flag; y=2"_ba << u"flag"_s << false << QString();
    QTest::addRow("first of repeated names wins") << "a=1; a=2"_ba << u"a"_s << true << u"1"_s;
    QTest::addRow("names are case-sensitive") << "Session=1"_ba << u"session"_s << false << QString();
    QTest::addRow("trailing semicolon") << "a=1;"_ba << u"a"_s << true << u"1"_s;
    QTest::addRow("empty header") << ""_ba << u"a"_s << false << QString();
    QTest::addRow("UTF-8 value") << "city=Z\xc3\xbcrich"_ba << u"city"_s << true << u"Zürich"_s;
}

void tst_Templating::cookieHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, name);
    QFETCH(bool, present);
    QFETCH(QString, value);
    MockRequest request;
    request.headers = {{"cookie", header}};
    QCOMPARE(request.hasCookie(name), present);
    QCOMPARE(request.cookie(name), value);
}

void tst_Templating::requestAccessors()
{
    MockRequest request;
    request.headers = {{"x-a", "1"}, {"cookie", "a=1"}, {"x-a", "2"}, {"cookie", "b=2"}};
    request.query = {{u"k"_s, u"1"_s}, {u"other"_s, u"x"_s}, {u"k"_s, u"2"_s}, {u"k"_s, QString()}};
    QCOMPARE(request.header("X-A"), "1"_ba);
    QVERIFY(request.hasHeader("x-A"));
    QVERIFY(!request.hasHeader("x-b"));
    QCOMPARE(request.header("x-b"), QByteArray());
    // HTTP/2 may split cookies across several fields.
    QCOMPARE(request.cookie(u"b"), u"2"_s);
    QCOMPARE(request.queryValues(u"k"), QStringList({u"1"_s, u"2"_s, QString()}));
    QVERIFY(request.hasQuery(u"other"));
    QVERIFY(!request.hasQuery(u"K"));
    QVERIFY(request.queryValues(u"none").isEmpty());
}

void tst_Templating::mediaType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("with charset, mixed case") << "Application/JSON; charset=UTF-8"_ba << "application/json"_ba;
    QTest::addRow("plain") << "text/plain"_ba << "text/plain"_ba;
    QTest::addRow("structured suffix, spaces") << "  application/problem+json ;x=y"_ba
                                               << "application/problem+json"_ba;
    QTest::addRow("absent") << QByteArray() << QByteArray();
}

void tst_Templating::mediaType()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, expected);
    MockRequest request;
    if (!contentType.isNull())
        request.headers = {{"content-type", contentType}};
    QCOMPARE(request.mediaType(), expected);
}

void tst_Templating::responseHeaders()
{
    MockResponse response;
    response.addHeader("Set-Cookie", "a=1");
    response.addHeader("X-Trace", "t1");
    response.addHeader("set-cookie", "b=2");
    QCOMPARE(response.headers.front().first, "set-cookie"_ba); // stored lower-cased
    QCOMPARE(response.header("SET-COOKIE"), "a=1"_ba);

    // setHeader replaces every occurrence, keeping the first one's position.
    response.setHeader("Set-Cookie", "c=3");
    const HeaderList expected{{"set-cookie", "c=3"}, {"x-trace", "t1"}};
    QCOMPARE(response.headers, expected);
    response.setHeader("Content-Type", "application/json");
    QCOMPARE(response.headers.size(), 3);
    QCOMPARE(response.headers.back().first, "content-type"_ba);
    QCOMPARE(response.header("content-type"), "application/json"_ba);
    QCOMPARE(response.header("missing"), QByteArray());
}

QTEST_GUILESS_MAIN(tst_Templating)
#include "tst_templating.moc"
