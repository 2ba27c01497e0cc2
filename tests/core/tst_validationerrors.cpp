// Validation errors in FastAPI/pydantic-v2 shape, parameter coercion, lax mode and hostile input.
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/schema.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

Schema compileOrFail(const QByteArray &schemaText, SchemaOptions options = {})
{
    SchemaCompiler compiler(options);
    const auto compiled = compiler.compile(parseJson(schemaText));
    if (!compiled.ok())
        qFatal("schema did not compile: %s", qPrintable(compiled.error().toString()));
    return compiled.value();
}

QByteArray detail(const Schema &schema, const QByteArray &instance)
{
    return toJson(detailBody(schema.validate(parseJson(instance), JsonArray{Json(u"body"_s)})));
}

const QByteArray kItem = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 5},
    "price": {"type": "number", "exclusiveMinimum": 0},
    "count": {"type": "integer", "minimum": 1, "maximum": 10, "multipleOf": 2},
    "status": {"enum": ["new", "used", "broken"]},
    "kind": {"const": "item"},
    "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2, "uniqueItems": true},
    "note": {"type": ["string", "null"]}
  },
  "required": ["name", "price"],
  "additionalProperties": false
})";

} // namespace

class tst_ValidationErrors : public QObject
{
    Q_OBJECT

private slots:
    void fastApiShape_data();
    void fastApiShape();
    void everyErrorIsReportedInModelOrder();
    void unionsAreTaggedLikePydantic();
    void discriminatorChoosesTheBranch_data();
    void discriminatorChoosesTheBranch();
    void discriminatorWithUntaggedBranchFallsBackToTheUnion();
    void discriminatorIsInheritedFromTheBaseModel();
    void formatsAreAssertedByDefault();
    void parameterCoercion_data();
    void parameterCoercion();
    void laxBodies();
    void refCycleTerminates();
    void selfReferenceOnTheSameValueStops();
    void uniqueItemsIsLinear();
    void nestedUnionsArePolynomial();
    void compileErrorsNameTheirPlace();
    void deepInstanceIsBounded();
    void catastrophicPatternIsBounded();
};

void tst_ValidationErrors::fastApiShape_data()
{
    QTest::addColumn<QByteArray>("instance");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("string_too_short (the issue's example)") << QByteArray(R"({"name":"","price":1})")
        << QByteArray(R"({"detail":[{"type":"string_too_short","loc":["body","name"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]})");
    QTest::addRow("string_too_long") << QByteArray(R"({"name":"abcdef","price":1})")
        << QByteArray(R"({"detail":[{"type":"string_too_long","loc":["body","name"],"msg":"String should have at most 5 characters","input":"abcdef","ctx":{"max_length":5}}]})");
    QTest::addRow("missing gives the enclosing object as input") << QByteArray(R"({"name":"a"})")
        << QByteArray(R"({"detail":[{"type":"missing","loc":["body","price"],"msg":"Field required","input":{"name":"a"}}]})");
    QTest::addRow("greater_than") << QByteArray(R"({"name":"a","price":0})")
        << QByteArray(R"({"detail":[{"type":"greater_than","loc":["body","price"],"msg":"Input should be greater than 0","input":0,"ctx":{"gt":0}}]})");
    QTest::addRow("int_from_float") << QByteArray(R"({"name":"a","price":1,"count":2.5})")
        << QByteArray(R"({"detail":[{"type":"int_from_float","loc":["body","count"],"msg":"Input should be a valid integer, got a number with a fractional part","input":2.5}]})");
    QTest::addRow("less_than_equal") << QByteArray(R"({"name":"a","price":1,"count":12})")
        << QByteArray(R"({"detail":[{"type":"less_than_equal","loc":["body","count"],"msg":"Input should be less than or equal to 10","input":12,"ctx":{"le":10}}]})");
    QTest::addRow("multiple_of") << QByteArray(R"({"name":"a","price":1,"count":3})")
        << QByteArray(R"({"detail":[{"type":"multiple_of","loc":["body","count"],"msg":"Input should be a multiple of 2","input":3,"ctx":{"multiple_of":2}}]})");
    QTest::addRow("enum") << QByteArray(R"({"name":"a","price":1,"status":"old"})")
        << QByteArray(R"({"detail":[{"type":"enum","loc":["body","status"],"msg":"Input should be 'new', 'used' or 'broken'","input":"old","ctx":{"expected":"'new', 'used' or 'broken'"}}]})");
    QTest::addRow("literal_error") << QByteArray(R"({"name":"a","price":1,"kind":"thing"})")
        << QByteArray(R"({"detail":[{"type":"literal_error","loc":["body","kind"],"msg":"Input should be 'item'","input":"thing","ctx":{"expected":"'item'"}}]})");
    QTest::addRow("string_pattern_mismatch") << QByteArray(R"({"name":"a","price":1,"code":"abc"})")
        << QByteArray(R"({"detail":[{"type":"string_pattern_mismatch","loc":["body","code"],"msg":"String should match pattern '^[A-Z]{3}$'","input":"abc","ctx":{"pattern":"^[A-Z]{3}$"}}]})");
    QTest::addRow("too_short list") << QByteArray(R"({"name":"a","price":1,"tags":[]})")
        << QByteArray(R"({"detail":[{"type":"too_short","loc":["body","tags"],"msg":"List should have at least 1 item after validation, not 0","input":[],"ctx":{"field_type":"List","min_length":1,"actual_length":0}}]})");
    QTest::addRow("too_long list") << QByteArray(R"({"name":"a","price":1,"tags":["x","y","z"]})")
        << QByteArray(R"({"detail":[{"type":"too_long","loc":["body","tags"],"msg":"List should have at most 2 items after validation, not 3","input":["x","y","z"],"ctx":{"field_type":"List","max_length":2,"actual_length":3}}]})");
    QTest::addRow("item errors carry their index") << QByteArray(R"({"name":"a","price":1,"tags":[7]})")
        << QByteArray(R"({"detail":[{"type":"string_type","loc":["body","tags",0],"msg":"Input should be a valid string","input":7}]})");
    QTest::addRow("extra_forbidden") << QByteArray(R"({"name":"a","price":1,"colour":"red"})")
        << QByteArray(R"({"detail":[{"type":"extra_forbidden","loc":["body","colour"],"msg":"Extra inputs are not permitted","input":"red"}]})");
    QTest::addRow("nullable reports its non-null type") << QByteArray(R"({"name":"a","price":1,"note":5})")
        << QByteArray(R"({"detail":[{"type":"string_type","loc":["body","note"],"msg":"Input should be a valid string","input":5}]})");
    QTest::addRow("wrong body type") << QByteArray(R"([1])")
        << QByteArray(R"({"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[1]}]})");
}

void tst_ValidationErrors::fastApiShape()
{
    QFETCH(QByteArray, instance);
    QFETCH(QByteArray, expected);
    QCOMPARE(detail(compileOrFail(kItem), instance), expected);
}

void tst_ValidationErrors::everyErrorIsReportedInModelOrder()
{
    const auto errors = compileOrFail(kItem).validate(parseJson(R"({"extra":1,"count":0,"name":""})"), JsonArray{Json(u"body"_s)});
    QStringList seen;
    for (const ValidationError &e : errors)
        seen.append(e.type + u':' + e.loc.back().toString());
    QCOMPARE(seen, (QStringList{u"string_too_short:name"_s, u"missing:price"_s, u"greater_than_equal:count"_s,
                                u"extra_forbidden:extra"_s}));
}

void tst_ValidationErrors::unionsAreTaggedLikePydantic()
{
    const Schema schema = compileOrFail(R"({"$defs":{"Cat":{"type":"object","properties":{"meow":{"type":"boolean"}},"required":["meow"]}},
        "properties":{"v":{"anyOf":[{"type":"integer"},{"$ref":"#/$defs/Cat"}]},"w":{"anyOf":[{"type":"integer"},{"type":"null"}]}}})");
    QCOMPARE(detail(schema, R"({"v":"x"})"),
             QByteArray(R"({"detail":[{"type":"int_type","loc":["body","v","int"],"msg":"Input should be a valid integer","input":"x"},)"
                        R"({"type":"model_attributes_type","loc":["body","v","Cat"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"x"}]})"));
    // Optional[int]: no tag, just the int error.
    QCOMPARE(detail(schema, R"({"w":"x"})"),
             QByteArray(R"({"detail":[{"type":"int_type","loc":["body","w"],"msg":"Input should be a valid integer","input":"x"}]})"));
    QVERIFY(schema.validate(parseJson(R"({"v":{"meow":true},"w":null})")).isEmpty());
}

// Dog accepts every pet, and Lizard's tag is a `const` without a mapping entry: plain `oneOf` would refuse
// {"petType": "lizard"} as matching two branches; the tag picks one, as OpenAPI and pydantic mean.
const QByteArray kPets = R"({"components":{"schemas":{
  "Pet":{"oneOf":[{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Dog"},{"$ref":"#/components/schemas/Lizard"}],
         "discriminator":{"propertyName":"petType","mapping":{"kitty":"Cat","dog":"#/components/schemas/Dog","gone":"#/components/schemas/Nope"}}},
  "Cat":{"type":"object","properties":{"petType":{"type":"string"},"meows":{"type":"boolean"}},"required":["petType","meows"]},
  "Dog":{"type":"object","properties":{"petType":{"type":"string"},"name":{"type":"string"}},"required":["petType"]},
  "Lizard":{"type":"object","properties":{"petType":{"const":"lizard"},"name":{"type":"string"}},"required":["petType"]},
  "Shape":{"anyOf":[{"$ref":"#/components/schemas/Circle"},{"type":"object","properties":{"sides":{"type":"integer"}},"required":["sides"]}],
           "discriminator":{"propertyName":"kind"}},
  "Circle":{"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"number"}},"required":["kind","r"]},
  "Animal":{"type":"object","properties":{"species":{"type":"string"}},"required":["species"],
            "discriminator":{"propertyName":"species","mapping":{"bird":"#/components/schemas/Bird"}}},
  "Bird":{"allOf":[{"$ref":"#/components/schemas/Animal"},{"properties":{"wings":{"type":"integer"}}}]},
  "Bee":{"allOf":[{"$ref":"#/components/schemas/Animal"},{"properties":{"wings":{"type":"integer"},"stings":{"type":"boolean"}},"required":["stings"]}]},
  "Flyer":{"oneOf":[{"$ref":"#/components/schemas/Bird"},{"$ref":"#/components/schemas/Bee"}]},
  "Parent":{"type":"object","required":["petType"],"properties":{"petType":{"enum":["cat","dog"]}},"discriminator":{"propertyName":"petType"}},
  "Kitten":{"allOf":[{"$ref":"#/components/schemas/Parent"},{"properties":{"meows":{"type":"boolean"}},"required":["meows"]}]},
  "Puppy":{"allOf":[{"$ref":"#/components/schemas/Parent"},{"properties":{"barks":{"type":"boolean"}},"required":["barks"]}]},
  "Young":{"oneOf":[{"$ref":"#/components/schemas/Kitten"},{"$ref":"#/components/schemas/Puppy"}]},
  "Failure":{"type":"object","required":["error"],"properties":{"error":{"type":"string"}}},
  "KittenOrFailure":{"oneOf":[{"$ref":"#/components/schemas/Kitten"},{"$ref":"#/components/schemas/Failure"}]}
}}})";

Schema compileModel(const QString &name)
{
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:pets"_s, parseJson(kPets));
    const auto compiled = compiler.compile(u"urn:pets#/components/schemas/"_s + name);
    if (!compiled.ok())
        qFatal("schema did not compile: %s", qPrintable(compiled.error().toString()));
    return compiled.value();
}

void tst_ValidationErrors::discriminatorChoosesTheBranch_data()
{
    QTest::addColumn<QByteArray>("instance");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("tag from a const, branches overlap") << QByteArray(R"({"petType":"lizard","name":"Liz"})") << QByteArray(R"({"detail":[]})");
    QTest::addRow("tag from the schema name") << QByteArray(R"({"petType":"Dog"})") << QByteArray(R"({"detail":[]})");
    QTest::addRow("mapping by name") << QByteArray(R"({"petType":"kitty","meows":true})") << QByteArray(R"({"detail":[]})");
    QTest::addRow("errors name the tag")
        << QByteArray(R"({"petType":"kitty"})")
        << QByteArray(R"({"detail":[{"type":"missing","loc":["body","kitty","meows"],"msg":"Field required","input":{"petType":"kitty"}}]})");
    QTest::addRow("a tag's own constraint still holds")
        << QByteArray(R"({"petType":"Lizard"})")
        << QByteArray(R"({"detail":[{"type":"literal_error","loc":["body","Lizard","petType"],"msg":"Input should be 'lizard'","input":"Lizard","ctx":{"expected":"'lizard'"}}]})");
    QTest::addRow("unknown tag")
        << QByteArray(R"({"petType":"bird"})")
        << QByteArray(R"({"detail":[{"type":"union_tag_invalid","loc":["body"],"msg":"Input tag 'bird' found using 'petType' does not match any of the expected tags: 'kitty', 'dog', 'Cat', 'Dog', 'Lizard', 'lizard'","input":{"petType":"bird"},)"
                      R"("ctx":{"discriminator":"'petType'","tag":"bird","expected_tags":"'kitty', 'dog', 'Cat', 'Dog', 'Lizard', 'lizard'"}}]})");
    QTest::addRow("no tag")
        << QByteArray(R"({"name":"Rex"})")
        << QByteArray(R"({"detail":[{"type":"union_tag_not_found","loc":["body"],"msg":"Unable to extract tag using discriminator 'petType'","input":{"name":"Rex"},"ctx":{"discriminator":"'petType'"}}]})");
}

void tst_ValidationErrors::discriminatorChoosesTheBranch()
{
    QFETCH(QByteArray, instance);
    QFETCH(QByteArray, expected);
    QCOMPARE(detail(compileModel(u"Pet"_s), instance), expected);
}

void tst_ValidationErrors::discriminatorWithUntaggedBranchFallsBackToTheUnion()
{
    const Schema shape = compileModel(u"Shape"_s);
    QVERIFY(shape.validate(parseJson(R"({"kind":"circle","r":1.5})")).isEmpty());
    QVERIFY(shape.validate(parseJson(R"({"kind":"square","sides":4})")).isEmpty());
    QVERIFY(shape.validate(parseJson(R"({"sides":3})")).isEmpty());
    // A known tag still decides alone.
    const auto errors = shape.validate(parseJson(R"({"kind":"circle","sides":4})"), JsonArray{Json(u"body"_s)});
    QCOMPARE(errors.size(), 1);
    QCOMPARE(toJson(errors[0].loc), QByteArray(R"(["body","circle","r"])"));
}

// Bird and Bee extend Animal, which holds the discriminator; Bird accepts every bee, so only the tag tells.
void tst_ValidationErrors::discriminatorIsInheritedFromTheBaseModel()
{
    const Schema flyer = compileModel(u"Flyer"_s);
    QVERIFY(flyer.validate(parseJson(R"({"species":"Bee","wings":4,"stings":true})")).isEmpty());
    QVERIFY(flyer.validate(parseJson(R"({"species":"bird","wings":2,"stings":false})")).isEmpty());
    QCOMPARE(detail(flyer, R"({"species":"Bee","wings":4})"),
             QByteArray(R"({"detail":[{"type":"missing","loc":["body","Bee","stings"],"msg":"Field required","input":{"species":"Bee","wings":4}}]})"));
    const auto unknown = flyer.validate(parseJson(R"({"species":"moth"})"));
    QCOMPARE(unknown.size(), 1);
    QCOMPARE(unknown[0].type, u"union_tag_invalid"_s);
    QCOMPARE(unknown[0].ctx.value(u"expected_tags").toString(), u"'bird', 'Bird', 'Bee'"_s);
    // A value of the base's enum that every branch accepts names no branch: the plain union decides.
    const Schema young = compileModel(u"Young"_s);
    QVERIFY(young.validate(parseJson(R"({"petType":"dog","barks":true})")).isEmpty());
    QVERIFY(young.validate(parseJson(R"({"petType":"cat","meows":false})")).isEmpty());
    QVERIFY(!young.isValid(parseJson(R"({"petType":"cat"})")));
    // A value both branches accept is valid (plain oneOf would refuse it as matching two): DigitalOcean's
    // droplet actions, whose mapping points into files the bundle left out.
    QVERIFY(young.validate(parseJson(R"({"petType":"cat","meows":true,"barks":true})")).isEmpty());
    // Only some branches extend the base: no discriminator, a plain union.
    const Schema mixed = compileModel(u"KittenOrFailure"_s);
    QVERIFY(mixed.validate(parseJson(R"({"error":"nope"})")).isEmpty());
    QVERIFY(mixed.validate(parseJson(R"({"petType":"cat","meows":true})")).isEmpty());
}

void tst_ValidationErrors::formatsAreAssertedByDefault()
{
    const QByteArray schemaText = R"({"properties":{"email":{"format":"email"},"id":{"format":"uuid"},"at":{"format":"date-time"}}})";
    const QByteArray bad = R"({"email":"nope","id":"123","at":"yesterday"})";
    const auto asserted = compileOrFail(schemaText).validate(parseJson(bad));
    QCOMPARE(asserted.size(), 3);
    QCOMPARE(asserted[0].type, u"value_error"_s);
    QVERIFY(asserted[0].msg.startsWith(u"value is not a valid email address: "_s));
    QVERIFY(asserted[0].ctx.contains(u"reason"));
    QCOMPARE(asserted[1].type, u"uuid_parsing"_s);
    QCOMPARE(asserted[2].type, u"datetime_parsing"_s);
    SchemaOptions annotate;
    annotate.assertFormats = false;
    QVERIFY(compileOrFail(schemaText, annotate).validate(parseJson(bad)).isEmpty());
}

void tst_ValidationErrors::parameterCoercion_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QStringList>("raw");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("errorType");
    QTest::addRow("integer") << QByteArray(R"({"type":"integer"})") << QStringList{u"42"_s} << QByteArray("42") << QString();
    QTest::addRow("integer with zero fraction") << QByteArray(R"({"type":"integer"})") << QStringList{u"42.0"_s} << QByteArray("42") << QString();
    QTest::addRow("integer rejects a fraction") << QByteArray(R"({"type":"integer"})") << QStringList{u"42.5"_s} << QByteArray("null") << u"int_parsing"_s;
    QTest::addRow("integer rejects words") << QByteArray(R"({"type":"integer"})") << QStringList{u"ten"_s} << QByteArray("null") << u"int_parsing"_s;
    QTest::addRow("number") << QByteArray(R"({"type":"number"})") << QStringList{u"42"_s} << QByteArray("42") << QString();
    QTest::addRow("number with fraction") << QByteArray(R"({"type":"number"})") << QStringList{u"4.5"_s} << QByteArray("4.5") << QString();
    QTest::addRow("number rejects words") << QByteArray(R"({"type":"number"})") << QStringList{u"x"_s} << QByteArray("null") << u"float_parsing"_s;
    for (const QString &yes : {u"true"_s, u"1"_s, u"YES"_s, u"on"_s, u"t"_s, u"Y"_s})
        QTest::addRow("bool %s", qPrintable(yes)) << QByteArray(R"({"type":"boolean"})") << QStringList{yes} << QByteArray("true") << QString();
    for (const QString &no : {u"false"_s, u"0"_s, u"No"_s, u"off"_s, u"f"_s, u"n"_s})
        QTest::addRow("bool %s", qPrintable(no)) << QByteArray(R"({"type":"boolean"})") << QStringList{no} << QByteArray("false") << QString();
    QTest::addRow("bool rejects maybe") << QByteArray(R"({"type":"boolean"})") << QStringList{u"maybe"_s} << QByteArray("null") << u"bool_parsing"_s;
    QTest::addRow("string stays a string") << QByteArray(R"({"type":"string"})") << QStringList{u"42"_s} << QByteArray(R"("42")") << QString();
    QTest::addRow("array from repeated keys") << QByteArray(R"({"type":"array","items":{"type":"integer"}})") << QStringList{u"1"_s, u"2"_s} << QByteArray("[1,2]") << QString();
    QTest::addRow("constraint after coercion") << QByteArray(R"({"type":"integer","maximum":100})") << QStringList{u"500"_s} << QByteArray("500") << u"less_than_equal"_s;
    QTest::addRow("nullable integer") << QByteArray(R"({"anyOf":[{"type":"integer"},{"type":"null"}]})") << QStringList{u"7"_s} << QByteArray("7") << QString();
}

void tst_ValidationErrors::parameterCoercion()
{
    QFETCH(QByteArray, schema);
    QFETCH(QStringList, raw);
    QFETCH(QByteArray, value);
    QFETCH(QString, errorType);
    ValidationErrors errors;
    const JsonArray loc{Json(u"query"_s), Json(u"limit"_s)};
    const Json coerced = compileOrFail(schema).coerceParameter(raw, loc, &errors);
    QCOMPARE(toJson(coerced), value);
    if (errorType.isEmpty()) {
        QVERIFY(errors.isEmpty());
    } else {
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().type, errorType);
        QCOMPARE(toJson(Json(errors.first().loc)).left(16), QByteArray(R"(["query","limit")"));
    }
}

void tst_ValidationErrors::laxBodies()
{
    const QByteArray schemaText = R"({"properties":{"n":{"type":"integer"},"x":{"type":"number"},"b":{"type":"boolean"}}})";
    const Json body = parseJson(R"({"n":"42","x":"1.5","b":"yes"})");
    QCOMPARE(compileOrFail(schemaText).validate(body).size(), 3);
    SchemaOptions lax;
    lax.lax = true;
    QVERIFY(compileOrFail(schemaText, lax).validate(body).isEmpty());
    QCOMPARE(compileOrFail(schemaText, lax).validate(parseJson(R"({"n":"4.5"})")).size(), 1);
}

void tst_ValidationErrors::refCycleTerminates()
{
    const Schema loop = compileOrFail(R"({"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"})");
    const auto errors = loop.validate(parseJson("1"));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().type, u"recursion_loop"_s);
    // A recursive model (a tree) is fine.
    const Schema tree = compileOrFail(R"({"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#"}}}})");
    QVERIFY(tree.isValid(parseJson(R"({"children":[{"children":[{}]}]})")));
    QVERIFY(!tree.isValid(parseJson(R"({"children":[{"children":[1]}]})")));
}

// Issue 20: `$ref: "#"` beside `properties` ran for 20 s and 775 MB on {"a":{"a":1}}, branching at every
// level until the depth bound. The same schema on the same value is pydantic's recursion_loop, at once.
void tst_ValidationErrors::selfReferenceOnTheSameValueStops()
{
    const Schema schema = compileOrFail(R"({"$ref":"#","properties":{"a":{"$ref":"#"}}})");
    QString deep = u"1"_s;
    for (int i = 0; i < 30; ++i) // within the stack budget of a sanitizer build's larger frames
        deep = u"{\"a\":"_s + deep + u'}';
    QElapsedTimer timer;
    timer.start();
    for (const auto &[text, levels] : {std::pair(u"{\"a\":{\"a\":1}}"_s, 3), std::pair(deep, 31)}) {
        // Once per level: each value's own `$ref` loops on it.
        const auto errors = schema.validate(parseJson(text.toUtf8()));
        QCOMPARE(errors.size(), levels);
        for (const ValidationError &e : errors)
            QCOMPARE(e.type, u"recursion_loop"_s);
        QVERIFY(errors.first().loc.empty()); // found where it starts: the top-level value
        QCOMPARE(errors.last().loc.size(), size_t(levels - 1));
        QVERIFY(!schema.isValid(parseJson(text.toUtf8())));
    }
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

// uniqueItems compared every pair: a 1 MB body of 100k distinct items took ~5·10⁹ comparisons. Equality is
// JSON Schema's (1 == 1.0, -0.0 == 0, key order ignored), and each repeat names the first item it repeats.
void tst_ValidationErrors::uniqueItemsIsLinear()
{
    const Schema schema = compileOrFail(R"({"type":"array","uniqueItems":true})");
    QCOMPARE(detail(schema, R"([1,"1",{"a":1,"b":[2]},1.0,{"b":[2.0],"a":1},-0.0,0,[0],[-0.0],null,false,null])"),
             QByteArray(R"({"detail":[)"
                        R"({"type":"unique_items","loc":["body",3],"msg":"List should have unique items; this one repeats item 0","input":1.0,"ctx":{"duplicate_of":0}},)"
                        R"({"type":"unique_items","loc":["body",4],"msg":"List should have unique items; this one repeats item 2","input":{"b":[2.0],"a":1},"ctx":{"duplicate_of":2}},)"
                        R"({"type":"unique_items","loc":["body",6],"msg":"List should have unique items; this one repeats item 5","input":0,"ctx":{"duplicate_of":5}},)"
                        R"({"type":"unique_items","loc":["body",8],"msg":"List should have unique items; this one repeats item 7","input":[-0.0],"ctx":{"duplicate_of":7}},)"
                        R"({"type":"unique_items","loc":["body",11],"msg":"List should have unique items; this one repeats item 9","input":null,"ctx":{"duplicate_of":9}}]})"));
    QByteArray big = "[";
    for (int i = 0; i < 100000; ++i)
        big += (i % 3 == 0 ? u"%1,"_s : i % 3 == 1 ? u"\"s%1\","_s : u"{\"k\":%1},"_s).arg(i).toUtf8();
    big += "99999.0]"; // the last item repeats item 99999, the integer 99999
    const Json items = parseJson(big);
    QElapsedTimer timer;
    timer.start();
    const auto errors = schema.validate(items);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].ctx.value(u"duplicate_of").toInteger(), 99999);
}

// Union branches that each validate the rest of the value: without remembering which branch matched which
// value, n levels cost 3^n (here 3^20, within the stack budget of a sanitizer build).
void tst_ValidationErrors::nestedUnionsArePolynomial()
{
    const Schema schema = compileOrFail(R"({"$defs":{"n":{"anyOf":[
        {"type":"object","allOf":[{"properties":{"c":{"$ref":"#/$defs/n"}}},{"required":["never"]}]},
        {"type":"object","allOf":[{"properties":{"c":{"$ref":"#/$defs/n"}}},{"required":["nor this"]}]},
        {"type":"object","properties":{"c":{"$ref":"#/$defs/n"}},"required":["c"]},
        {"type":"integer"}]}},
        "$ref":"#/$defs/n"})");
    QString valid = u"1"_s, invalid = u"\"x\""_s;
    for (int i = 0; i < 20; ++i) {
        valid = u"{\"c\":"_s + valid + u'}';
        invalid = u"{\"c\":"_s + invalid + u'}';
    }
    QElapsedTimer timer;
    timer.start();
    QVERIFY(schema.isValid(parseJson(valid.toUtf8())));
    QVERIFY(!schema.isValid(parseJson(invalid.toUtf8())));
    QVERIFY(schema.validate(parseJson(valid.toUtf8())).isEmpty());
    // Reporting walks every branch: the errors are capped, and so is the walk.
    const auto errors = schema.validate(parseJson(invalid.toUtf8()));
    QVERIFY(!errors.isEmpty() && errors.size() <= 1000);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

// The compiler spells a subschema's pointer out only for an error: it must still be the exact place, below
// nested applicators, behind a `$ref`, and inside a second document.
void tst_ValidationErrors::compileErrorsNameTheirPlace()
{
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:doc"_s, parseJson(R"({
        "components": {"schemas": {
            "A": {"properties": {"x/y": {"allOf": [true, {"items": {"minimum": "low"}}]}}},
            "B": {"$ref": "#/components/schemas/A"},
            "C": {"$ref": "urn:other#/$defs/bad"}}}})"));
    compiler.addDocument(u"urn:other"_s, parseJson(R"({"$defs": {"bad": {"not": {"type": "text"}}}})"));
    for (const QString &model : {u"A"_s, u"B"_s}) {
        const auto a = compiler.compile(u"urn:doc#/components/schemas/"_s + model);
        QVERIFY(!a.ok());
        QCOMPARE(a.error().message, u"minimum must be a number"_s);
        QCOMPARE(a.error().location.file, u"urn:doc"_s);
        QCOMPARE(a.error().location.pointer, u"/components/schemas/A/properties/x~1y/allOf/1/items"_s);
    }
    const auto c = compiler.compile(u"urn:doc#/components/schemas/C"_s);
    QVERIFY(!c.ok());
    QCOMPARE(c.error().location.file, u"urn:other"_s);
    QCOMPARE(c.error().location.pointer, u"/$defs/bad/not"_s);
    const auto missing = compiler.compile(u"urn:doc#/components/schemas/Nope"_s);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().location.pointer, u"/components/schemas/Nope"_s);
}

void tst_ValidationErrors::deepInstanceIsBounded()
{
    Json deep = parseJson("[]");
    for (int i = 0; i < 3000; ++i)
        deep = Json(JsonArray{deep});
    const Schema anything = compileOrFail(R"({"items":{"$ref":"#"}})");
    const auto errors = anything.validate(deep);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().type, u"recursion_loop"_s);
}

void tst_ValidationErrors::catastrophicPatternIsBounded()
{
    const Schema schema = compileOrFail(R"({"type":"string","pattern":"^(a+)+$"})");
    QElapsedTimer timer;
    timer.start();
    const auto errors = schema.validate(Json(QString(40, u'a') + u'!'));
    QVERIFY2(timer.elapsed() < 5000, "a hostile pattern must be cut off by the match limit");
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().type, u"string_pattern_timeout"_s);
}

QTEST_GUILESS_MAIN(tst_ValidationErrors)
#include "tst_validationerrors.moc"
