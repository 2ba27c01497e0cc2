// The order-preserving JSON value, its parser and writer, and the YAML reader/writer.
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/yamlio.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace portico::core;

class tst_Json : public QObject
{
    Q_OBJECT

private slots:
    void keyOrderSurvivesRoundTrip();
    void byteOrderMarkInsideAStringIsKept();
    void numbersKeepTheirKind();
    void syntaxErrors_data();
    void syntaxErrors();
    void nestingLimitIsAnErrorNotACrash();
    void sourceMapGivesLineAndColumn();
    void duplicateKeys();
    void largeObjectsStayIndexedThroughEdits();
    void duplicateKeysInLargeObjects();
    void oneLineDocumentOf20MBHasEveryPosition();
    void sourceMapKeysEscapedTokensAndAliases();
    void longStringsOfLargeDocumentsAreShared();
    void trailSpellsItsPointerOnRequest();
    void copyOnWrite();
    void schemaEquality();
    void yamlRoundTrip_data();
    void yamlRoundTrip();
    void yamlPositionsAndErrors();
    void yamlAliasBombIsBounded();
    void yamlAliasesAndKeys();
};

void tst_Json::keyOrderSurvivesRoundTrip()
{
    const QByteArray text = R"({"zeta":1,"alpha":{"b":[1,2,{"y":null,"x":true}],"a":"s"},"mid":false})";
    const Json v = parseJson(text);
    QVERIFY(v.isObject());
    QCOMPARE(v.toObject().at(0).first, u"zeta"_s);
    QCOMPARE(v.toObject().at(1).first, u"alpha"_s);
    QCOMPARE(toJson(v), text);
    // Indented output reads back identically, and formats to itself byte for byte.
    const QByteArray pretty = toJson(v, JsonStyle::Indented);
    QVERIFY(parseJson(pretty).identical(v));
    QCOMPARE(toJson(parseJson(pretty), JsonStyle::Indented), pretty);
}

void tst_Json::numbersKeepTheirKind()
{
    const Json v = parseJson("[1, 1.0, -0, 1e3, 12345678901234567890, 0.1, -2.5e-7]");
    const JsonArray &a = v.toArray();
    QVERIFY(a[0].isInteger());
    QVERIFY(a[1].isDouble());
    QVERIFY(a[1].isIntegral());
    QVERIFY(a[3].isDouble());
    QVERIFY(a[4].isDouble()); // beyond int64
    QCOMPARE(a[5].toDouble(), 0.1);
    QCOMPARE(toJson(v), "[1,1.0,0,1000.0,12345678901234567168.0,0.1,-2.5e-07]");
    QVERIFY(a[0] == a[1]); // JSON Schema equality: 1 == 1.0
    QVERIFY(!a[0].identical(a[1]));
    // Beyond a double's range: too large is infinity, as in Python, and is written as null (as JavaScript
    // writes it); too small is zero, not infinity (the fuzzer's first find).
    const Json extremes = parseJson("[9e1111, -9e1111, 1e-400, -1e-400, 4.9e-324]");
    const JsonArray &e = extremes.toArray();
    QCOMPARE(e[0].toDouble(), std::numeric_limits<double>::infinity());
    QCOMPARE(e[1].toDouble(), -std::numeric_limits<double>::infinity());
    QCOMPARE(e[2].toDouble(), 0.0);
    QCOMPARE(e[3].toDouble(), 0.0);
    // A double as an integer saturates (fuzz_schema: `minContains: 888…81` was undefined behaviour); infinity
    // too, and NaN, which no JSON text gives but arithmetic can, is the fallback.
    QCOMPARE(parseJson("8.9e102").toInteger(), std::numeric_limits<qint64>::max());
    QCOMPARE(parseJson("-8.9e102").toInteger(), std::numeric_limits<qint64>::min());
    QCOMPARE(e[0].toInteger(), std::numeric_limits<qint64>::max());
    QCOMPARE(Json(std::nan("")).toInteger(7), 7);
    QCOMPARE(parseJson("9223372036854775807.0").toInteger(), std::numeric_limits<qint64>::max());
    QCOMPARE(parseJson("-9223372036854775808.0").toInteger(), std::numeric_limits<qint64>::min());
    QCOMPARE(parseJson("-2.9").toInteger(), -2);
    QVERIFY(e[4].toDouble() > 0);
    QCOMPARE(toJson(extremes).left(10), QByteArray("[null,null"));
}

void tst_Json::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addRow("empty input") << QByteArray("") << u"Expecting value"_s << 0 << 1 << 1;
    QTest::addRow("trailing comma in object") << QByteArray("{\n  \"a\": 1,\n}") << u"Expecting property name enclosed in double quotes"_s << 12 << 3 << 1;
    QTest::addRow("trailing comma in array") << QByteArray("[1,]") << u"Expecting value"_s << 3 << 1 << 4;
    QTest::addRow("missing colon") << QByteArray("{\"a\" 1}") << u"Expecting ':' delimiter"_s << 5 << 1 << 6;
    QTest::addRow("missing comma") << QByteArray("[1 2]") << u"Expecting ',' delimiter"_s << 3 << 1 << 4;
    QTest::addRow("unterminated string") << QByteArray("[\"abc") << u"Unterminated string starting at"_s << 1 << 1 << 2;
    QTest::addRow("bad escape") << QByteArray("\"a\\x\"") << u"Invalid \\escape"_s << 2 << 1 << 3;
    QTest::addRow("extra data") << QByteArray("{} x") << u"Extra data"_s << 3 << 1 << 4;
    QTest::addRow("NaN is not JSON") << QByteArray("NaN") << u"Expecting value"_s << 0 << 1 << 1;
    QTest::addRow("raw newline in string") << QByteArray("\"a\nb\"") << u"Invalid control character at"_s << 2 << 1 << 3;
    QTest::addRow("offset counts characters") << QByteArray("[\"\xc3\xa9\xc3\xa9\" x]") << u"Expecting ',' delimiter"_s << 6 << 1 << 7;
    QTest::addRow("invalid utf-8") << QByteArray("\"\xff\"") << u"Invalid UTF-8 in string"_s << 1 << 1 << 2;
}

void tst_Json::syntaxErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QFETCH(int, offset);
    QFETCH(int, line);
    QFETCH(int, column);
    JsonParser parser;
    const auto result = parser.parse(text);
    QVERIFY(!result.ok());
    QCOMPARE(parser.syntaxError().message, message);
    QCOMPARE(parser.syntaxError().characterOffset, offset);
    QCOMPARE(result.error().location.line, line);
    QCOMPARE(result.error().location.column, column);
}

void tst_Json::nestingLimitIsAnErrorNotACrash()
{
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    JsonParser parser;
    const auto result = parser.parse(deep);
    QVERIFY(!result.ok());
    QCOMPARE(parser.syntaxError().message, u"Maximum nesting depth exceeded"_s);
    QCOMPARE(parser.syntaxError().characterOffset, 256);
    const QByteArray ok = QByteArray(256, '[') + QByteArray(256, ']');
    QVERIFY(JsonParser().parse(ok).ok());
    // The YAML reader has the same limit.
    QVERIFY(!readYaml(QByteArray(100000, '[') + QByteArray(100000, ']')).ok());
}

void tst_Json::sourceMapGivesLineAndColumn()
{
    SourceMap map;
    JsonParseOptions options;
    options.sourceMap = &map;
    const QByteArray text = "{\n  \"paths\": {\n    \"/items/{id}\": {\n      \"get\": [1, \"é\", 3]\n    }\n  }\n}";
    QVERIFY(JsonParser(options).parse(text).ok());
    QCOMPARE(map.find(u"/paths/~1items~1{id}/get").line, 4);
    QCOMPARE(map.find(u"/paths/~1items~1{id}/get").column, 7);
    QCOMPARE(map.find(u"/paths/~1items~1{id}/get/2").column, 23);
    // A pointer with no position of its own falls back to its nearest ancestor.
    QCOMPARE(map.find(u"/paths/~1items~1{id}/get/responses").line, 4);
}

void tst_Json::duplicateKeys()
{
    QCOMPARE(toJson(parseJson(R"({"a":1,"b":2,"a":3})")), QByteArray(R"({"a":3,"b":2})"));
    JsonParseOptions strict;
    strict.rejectDuplicateKeys = true;
    const auto result = JsonParser(strict).parse("{\"a\":1,\n\"a\":3}");
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, u"Duplicate key"_s);
    QCOMPARE(result.error().location.line, 2);
}

// Past JsonObject::kIndexedSize members lookups go through a hash index; every edit must keep it in step
// with the members, checked here against a plain list of what the object should hold.
void tst_Json::largeObjectsStayIndexedThroughEdits()
{
    JsonObject o;
    QStringList expected;
    for (int i = 0; i < 1000; ++i) {
        o.append(u"k%1"_s.arg(i), Json(i));
        expected.append(u"k%1"_s.arg(i));
    }
    o.remove(u"k10");
    expected.removeAll(u"k10"_s);
    o.insertAt(3, u"inserted"_s, Json(-1));
    expected.insert(3, u"inserted"_s);
    QVERIFY(o.rename(u"k999", u"last"_s));
    expected.replace(expected.indexOf(u"k999"_s), u"last"_s);
    QVERIFY(!o.rename(u"k1", u"k2"_s)); // the name is taken
    o.move(0, 500);
    expected.move(0, 500);
    o.insert(u"k5"_s, Json(u"replaced"_s));
    QCOMPARE(o.size(), qsizetype(expected.size()));
    for (qsizetype i = 0; i < o.size(); ++i) {
        QCOMPARE(o.at(i).first, expected[i]);
        QCOMPARE(o.indexOf(expected[i]), i);
    }
    QVERIFY(!o.contains(u"k10"));
    QVERIFY(!o.contains(u"k999"));
    QCOMPARE(o.value(u"k5").toString(), u"replaced"_s);

    // Equality ignores key order, also for indexed objects; a copy keeps its index.
    JsonObject reversed;
    for (qsizetype i = o.size() - 1; i >= 0; --i)
        reversed.append(o.at(i).first, o.at(i).second);
    QVERIFY(Json(o) == Json(reversed));
    const JsonObject copy = o;
    QCOMPARE(copy.indexOf(u"inserted"), qsizetype(expected.indexOf(u"inserted"_s)));
}

// 100,000 keys: each duplicate check is a hash lookup (a linear scan made this quadratic: 28 s for 80,000).
void tst_Json::duplicateKeysInLargeObjects()
{
    QByteArray text = "{";
    for (int i = 0; i < 100000; ++i)
        text += "\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ",\n";
    QByteArray lax = text + "\"k5\":\"last wins\"}";
    const Json parsed = parseJson(lax);
    QCOMPARE(parsed.toObject().size(), qsizetype(100000));
    QCOMPARE(parsed[u"k5"].toString(), u"last wins"_s);
    QCOMPARE(parsed.toObject().indexOf(u"k99999"), qsizetype(99999));

    JsonParseOptions strict;
    strict.rejectDuplicateKeys = true;
    const auto rejected = JsonParser(strict).parse(lax);
    QVERIFY(!rejected.ok());
    QCOMPARE(rejected.error().message, u"Duplicate key"_s);
    QCOMPARE(rejected.error().location.line, 100001);
}

// Real specs ship minified, on one line. Columns are counted on from the previous value, so loading a
// 20 MB line costs linear time (counting from the line's start for each value made 5.7 MB take 189 s).
void tst_Json::oneLineDocumentOf20MBHasEveryPosition()
{
    QByteArray text = "{\"title\":\"\xc3\xa9t\xc3\xa9\",\"items\":[";
    const int count = 520000;
    for (int i = 0; i < count; ++i)
        text += (i ? "," : "") + QByteArray("{\"name\":\"item-") + QByteArray::number(i) + "\",\"tags\":[\"a\",\"b\"]}";
    text += "]}";
    QVERIFY(text.size() > 20'000'000);
    SourceMap map;
    JsonParseOptions options;
    options.sourceMap = &map;
    const auto parsed = JsonParser(options).parse(text);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->operator[](u"items").toArray().size(), size_t(count));
    // Every value has a position: the root's two members; each item, its two members and its two tags.
    QCOMPARE(map.size(), qsizetype(2 + count * 5));
    // Columns count characters: "été" is 3 characters in 5 bytes.
    QCOMPARE(map.find(u"/title").column, 2);
    QCOMPARE(map.find(u"/items").column, 16);
    const QString lastName = u"/items/%1/name"_s.arg(count - 1);
    const qsizetype lastNameByte = text.lastIndexOf("\"name\"");
    QCOMPARE(map.find(lastName).line, 1);
    QCOMPARE(map.find(lastName).column, int(lastNameByte - 2 + 1));
}

void tst_Json::sourceMapKeysEscapedTokensAndAliases()
{
    SourceMap map;
    JsonParseOptions options;
    options.sourceMap = &map;
    const QByteArray text = "{\"definitions\": {\"a/b~c\": {\"type\": \"string\"}},\n \"x\": [true]}";
    QVERIFY(JsonParser(options).parse(text).ok());
    QCOMPARE(map.find(u"/definitions/a~1b~0c/type").column, 28);
    QCOMPARE(map.find(u"/x/0").line, 2);
    QCOMPARE(map.find(u"/x/0").column, 8);
    // Text that is not a pointer (a broken $ref's fragment) falls back to the root; it used to loop for ever.
    QCOMPARE(map.find(u"garbage/x/0").line, map.find(u"").line);
    QCOMPARE(map.find(u"garbage").column, map.find(u"").column);
    // Converted documents report at their new pointers.
    QCOMPARE(map.find(u"/components/schemas/a~1b~0c/type").line, 0);
    map.alias(u"/definitions", u"/components/schemas"_s);
    QCOMPARE(map.find(u"/components/schemas/a~1b~0c/type").column, 28);
    QCOMPARE(map.find(u"/components/schemas/a~1b~0c/missing").column, 18);
    // The hash of a pointer built token by token equals the hash of its text.
    QCOMPARE(SourceMap::child(SourceMap::child(SourceMap::kRootKey, u"a/b~c"), 12), SourceMap::keyOf(u"/a~1b~0c/12"));
}

// Large documents repeat long texts (descriptions, $refs); each distinct one is stored once. Sharing is what
// keeps Microsoft Graph's check within its memory budget, so the test pins it, not just the values.
void tst_Json::longStringsOfLargeDocumentsAreShared()
{
    const QByteArray ascii = "#/components/schemas/microsoft.graph.directoryObject";
    const QByteArray accented = "R\\u00e9sum\\u00e9 is escaped, but this one is \xc3\xa9" "crit as UTF-8 text";
    const QByteArray plainAccented = "this one is \xc3\xa9" "crit as UTF-8 text, long enough to share";
    QByteArray text = "[";
    for (int i = 0; i < 2000; ++i)
        text += (i ? "," : "") + QByteArray("{\"$ref\":\"") + ascii + "\",\"d\":\"" + accented + "\",\"e\":\"" + plainAccented + "\"}";
    text += "]";
    QVERIFY(text.size() > 64 * 1024);
    const Json large = parseJson(text);
    const JsonArray &items = large.toArray();
    QCOMPARE(items.size(), size_t(2000));
    const QString &first = items.front()[u"$ref"].toString();
    const QString &last = items.back()[u"$ref"].toString();
    QCOMPARE(first, QString::fromLatin1(ascii));
    QCOMPARE(last.constData(), first.constData());
    QCOMPARE(items.back()[u"e"].toString(), QString::fromUtf8(plainAccented));
    QCOMPARE(items.back()[u"e"].toString().constData(), items.front()[u"e"].toString().constData());
    QCOMPARE(items.back()[u"d"].toString(), u"R\u00e9sum\u00e9 is escaped, but this one is \u00e9crit as UTF-8 text"_s);

    // Bad UTF-8 is still an error, whether or not its text is shared.
    QByteArray bad = text;
    bad.replace(plainAccented, QByteArray(plainAccented).replace("\xc3\xa9", "\xc3\x28"));
    QVERIFY(!JsonParser().parse(bad).ok());
}

void tst_Json::trailSpellsItsPointerOnRequest()
{
    const jsonpointer::Trail root;
    const jsonpointer::Trail paths = root.child(u"paths");
    const jsonpointer::Trail path = paths.child(u"/pets/{id}");
    const jsonpointer::Trail tilde = path.child(u"a~b");
    const jsonpointer::Trail index = tilde.child(qsizetype(12));
    QCOMPARE(root.toString(), QString());
    QCOMPARE(index.toString(), u"/paths/~1pets~1{id}/a~0b/12"_s);
    QCOMPARE(index.parent(), &tilde);
    QCOMPARE(tilde.key(), u"a~b");
    QVERIFY(index.key().isEmpty());
    // A trail may start from a pointer spelled out already.
    const jsonpointer::Trail spelled(u"/components/schemas"_s);
    QCOMPARE(spelled.child(u"Pet").child(u"properties").toString(), u"/components/schemas/Pet/properties"_s);
    QCOMPARE(jsonpointer::resolve(parseJson(R"({"a":[{"b~":1}]})"), index.toString()), nullptr);
}

void tst_Json::copyOnWrite()
{
    Json a = parseJson(R"({"x":[1,2]})");
    Json b = a;
    b.object().find(u"x")->array().push_back(Json(3));
    QCOMPARE(toJson(a), QByteArray(R"({"x":[1,2]})"));
    QCOMPARE(toJson(b), QByteArray(R"({"x":[1,2,3]})"));
}

void tst_Json::schemaEquality()
{
    QVERIFY(parseJson(R"({"a":1,"b":[1.0]})") == parseJson(R"({"b":[1],"a":1.0})"));
    QVERIFY(!(parseJson("[1,2]") == parseJson("[2,1]")));
    QVERIFY(!(parseJson("false") == parseJson("0")));
}

void tst_Json::yamlRoundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("strings that look like other types") << QByteArray(R"({"a":"42","b":"true","c":"null","d":"","e":"1.5","f":"~","g":"0x1F","h":"yes"})");
    QTest::addRow("numbers keep their kind") << QByteArray(R"({"i":42,"d":1.0,"n":-3.25e-10,"big":1e+300})");
    QTest::addRow("multi-line strings") << QByteArray(R"({"block":"line 1\nline 2\n","noTrailing":"a\nb","spaces":"a \nb\n","lead":" x","tabs":"a\tb"})");
    QTest::addRow("special characters") << QByteArray(R"({"colon":"a: b","hash":"a #b","dash":"- x","quote":"'q'","dq":"\"","braces":"{x}","unicode":"héllo ✓","at":"@x"})");
    QTest::addRow("keys that need quotes") << QByteArray(R"({"200":{"description":"OK"},"null":1,"/items/{id}":{"x-a":[]},"":{}})");
    QTest::addRow("nested empties") << QByteArray(R"({"a":[],"b":{},"c":[[],{}],"d":[{"x":null}]})");
}

void tst_Json::yamlRoundTrip()
{
    QFETCH(QByteArray, json);
    const Json value = parseJson(json);
    QVERIFY(value.isObject());
    const QByteArray yaml = toYaml(value);
    const auto back = readYaml(yaml);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
    QVERIFY2(back->identical(value), yaml.constData());
    QCOMPARE(toYaml(*back), yaml);
}

void tst_Json::yamlPositionsAndErrors()
{
    SourceMap map;
    YamlReadOptions options;
    options.sourceMap = &map;
    const auto ok = readYaml("openapi: 3.1.0\npaths:\n  /items:\n    get:\n      summary: x\n", options);
    QVERIFY(ok.ok());
    QCOMPARE(map.find(u"/paths/~1items/get/summary").line, 5);
    QCOMPARE(map.find(u"/paths/~1items/get/summary").column, 7);
    const auto bad = readYaml("a: 1\nb: [1, 2\nc: 3\n");
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().location.line >= 2);
    const auto dup = readYaml("a: 1\nb: 2\na: 3\n");
    QVERIFY(!dup.ok());
    QCOMPARE(dup.error().location.line, 3);
    QCOMPARE(dup.error().location.pointer, u"/a"_s);
}

void tst_Json::yamlAliasBombIsBounded()
{
    QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; ++c) {
        bomb += QByteArray(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            bomb += QByteArray(i ? ", *" : "*") + prev;
        bomb += "]\n";
        prev = c;
    }
    YamlReadOptions options;
    options.maxNodes = 100'000; // the default (5 million) behaves the same, only slower
    const auto result = readYaml(bomb, options);
    QVERIFY(!result.ok());
    QVERIFY(result.error().message.contains(u"alias bomb"_s));
}

// YAML is read from the parser's events: aliases share their anchor's value, keys keep their text as
// written (a plain 200 is the key "200"), and keys that are not scalars are refused with their place.
void tst_Json::yamlAliasesAndKeys()
{
    SourceMap map;
    YamlReadOptions options;
    options.sourceMap = &map;
    const auto read = readYaml("base: &b {x: 1, y: [a, b]}\ncopy: *b\nlist:\n  - &s text\n  - *s\n200: ok\n~: empty key\n", options);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
    const Json &doc = *read;
    QCOMPARE(toJson(doc[u"copy"]), QByteArray(R"({"x":1,"y":["a","b"]})"));
    QCOMPARE(toJson(doc[u"list"]), QByteArray(R"(["text","text"])"));
    QCOMPARE(doc[u"200"].toString(), u"ok"_s);
    QCOMPARE(doc[u""].toString(), u"empty key"_s);
    QCOMPARE(map.find(u"/list/1").line, 5);
    QCOMPARE(map.find(u"/list/1").column, 5);
    QCOMPARE(map.find(u"/base/y/1").column, 24);

    const auto complexKey = readYaml("a:\n  ? [1, 2]\n  : x\n");
    QVERIFY(!complexKey.ok());
    QVERIFY(complexKey.error().message.contains(u"keys must be scalars"_s));
    QCOMPARE(complexKey.error().location.line, 2);
    const auto aliasKey = readYaml("a: &k name\nb:\n  name: 1\n  *k : 2\n");
    QVERIFY(!aliasKey.ok());
    QCOMPARE(aliasKey.error().location.pointer, u"/b/name"_s);
    const auto tagged = readYaml("a: !custom x\n");
    QVERIFY(!tagged.ok());
    QVERIFY(tagged.error().message.contains(u"unsupported YAML tag"_s));
}

// U+FEFF at the start of a string value is a character, not a byte order mark: the UTF-8 decoder dropped it,
// so "\ufeff" written out as UTF-8 read back as "" (found by fuzz_json on the JSON Schema Test Suite).
void tst_Json::byteOrderMarkInsideAStringIsKept()
{
    const auto escaped = JsonParser().parse(R"(["\ufeffx"])");
    QVERIFY(escaped.ok());
    QCOMPARE(escaped.value()[0].toString(), QString(QChar(0xFEFF)) + u'x');
    const QByteArray written = toJson(escaped.value());
    const auto again = JsonParser().parse(written);
    QVERIFY(again.ok());
    QCOMPARE(again.value()[0].toString(), QString(QChar(0xFEFF)) + u'x');
    // A byte order mark before the document is still skipped.
    QVERIFY(JsonParser().parse("\xEF\xBB\xBF[1]").ok());
}

QTEST_GUILESS_MAIN(tst_Json)
#include "tst_json.moc"
