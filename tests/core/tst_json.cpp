// The order-preserving JSON value, its parser and writer, and the YAML reader/writer.
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/yamlio.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

class tst_Json : public QObject
{
    Q_OBJECT

private slots:
    void keyOrderSurvivesRoundTrip();
    void numbersKeepTheirKind();
    void syntaxErrors_data();
    void syntaxErrors();
    void nestingLimitIsAnErrorNotACrash();
    void sourceMapGivesLineAndColumn();
    void duplicateKeys();
    void copyOnWrite();
    void schemaEquality();
    void yamlRoundTrip_data();
    void yamlRoundTrip();
    void yamlPositionsAndErrors();
    void yamlAliasBombIsBounded();
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

QTEST_GUILESS_MAIN(tst_Json)
#include "tst_json.moc"
