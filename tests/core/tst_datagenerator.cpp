// Sample data generated from schemas: valid against its own schema, deterministic, realistic.
#include "core/apidocument.h"
#include "core/datagenerator.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/regex.h"
#include "core/schema.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

class tst_DataGenerator : public QObject
{
    Q_OBJECT

private slots:
    void everyExampleModelGeneratesValidData_data();
    void everyExampleModelGeneratesValidData();
    void constraintsAreHonoured_data();
    void constraintsAreHonoured();
    void deterministicPerSeedAndSalt();
    void recursiveModelsEnd();
    void patterns_data();
    void patterns();
    void realSpecShapesAreValid_data();
    void realSpecShapesAreValid();
    void unsatisfiableSchemasAreReported();
};

void tst_DataGenerator::everyExampleModelGeneratesValidData_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("model");
    for (const QString &file : {u"store.yaml"_s, u"ml-inference.yaml"_s, u"live-metrics.yaml"_s}) {
        ApiDocument doc;
        QVERIFY(doc.load(QStringLiteral(PORTICO_SOURCE_DIR "/resources/examples/") + file).ok());
        for (const QString &model : doc.modelNames())
            QTest::addRow("%s %s", qPrintable(file), qPrintable(model)) << file << model;
    }
}

void tst_DataGenerator::everyExampleModelGeneratesValidData()
{
    QFETCH(QString, file);
    QFETCH(QString, model);
    ApiDocument doc;
    QVERIFY(doc.load(QStringLiteral(PORTICO_SOURCE_DIR "/resources/examples/") + file).ok());
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:doc"_s, doc.root());
    const auto schema = compiler.compile(u"urn:doc#"_s + ApiDocument::modelPointer(model));
    QVERIFY(schema.ok());
    // Without the author's examples the generator has to build everything from the constraints.
    Json stripped = doc.root();
    std::function<void(Json &)> strip = [&](Json &v) {
        if (v.isObject()) {
            v.object().remove(u"examples");
            v.object().remove(u"example");
            for (auto &[k, child] : v.object())
                strip(child);
        } else if (v.isArray()) {
            for (Json &child : v.array())
                strip(child);
        }
    };
    strip(stripped);
    for (const Json &document : {doc.root(), stripped}) {
        const DataGenerator generator(document);
        for (quint64 salt = 0; salt < 20; ++salt) {
            const Json sample = generator.generateAt(ApiDocument::modelPointer(model), salt);
            const auto errors = schema->validate(sample);
            QVERIFY2(errors.isEmpty(), QByteArray(toJson(sample) + " -> " + toJson(detailBody(errors))).constData());
        }
    }
}

void tst_DataGenerator::constraintsAreHonoured_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addRow("integer bounds") << QByteArray(R"({"type":"integer","minimum":5,"maximum":7})");
    QTest::addRow("exclusive integer bounds") << QByteArray(R"({"type":"integer","exclusiveMinimum":5,"exclusiveMaximum":7})");
    QTest::addRow("multipleOf") << QByteArray(R"({"type":"integer","minimum":10,"maximum":100,"multipleOf":7})");
    QTest::addRow("number exclusive") << QByteArray(R"({"type":"number","exclusiveMinimum":0,"maximum":1})");
    QTest::addRow("number multipleOf") << QByteArray(R"({"type":"number","minimum":0,"maximum":5,"multipleOf":0.25})");
    QTest::addRow("string lengths") << QByteArray(R"({"type":"string","minLength":30,"maxLength":31})");
    QTest::addRow("short string") << QByteArray(R"({"type":"string","maxLength":2})");
    QTest::addRow("formats") << QByteArray(R"({"type":"object","required":["a","b","c","d","e","f","g","h"],"properties":{"a":{"format":"date-time"},"b":{"format":"date"},"c":{"format":"email"},"d":{"format":"uuid"},"e":{"format":"uri"},"f":{"format":"ipv4"},"g":{"format":"ipv6"},"h":{"format":"time"}}})");
    QTest::addRow("unique items") << QByteArray(R"({"type":"array","items":{"enum":[1,2,3]},"minItems":3,"uniqueItems":true})");
    QTest::addRow("prefixItems") << QByteArray(R"({"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"minItems":2,"items":false})");
    QTest::addRow("nullable") << QByteArray(R"({"type":["integer","null"],"minimum":3})");
    QTest::addRow("allOf") << QByteArray(R"({"allOf":[{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"string"}},"required":["b"]}]})");
    QTest::addRow("oneOf with const discriminators") << QByteArray(R"({"oneOf":[{"type":"object","properties":{"k":{"const":"a"}},"required":["k"]},{"type":"object","properties":{"k":{"const":"b"}},"required":["k"]}]})");
    // Bounds beyond qint64 (undefined behaviour once, as the fuzzer found for minContains): clamped, still valid.
    QTest::addRow("huge integer minimum") << QByteArray(R"({"type":"integer","minimum":1e300})");
    QTest::addRow("huge integer maximum") << QByteArray(R"({"type":"integer","exclusiveMaximum":-1e300})");
    QTest::addRow("no extra properties") << QByteArray(R"({"type":"object","properties":{"a":{"type":"boolean"}},"additionalProperties":false,"minProperties":1})");
}

void tst_DataGenerator::constraintsAreHonoured()
{
    QFETCH(QByteArray, schema);
    const Json s = parseJson(schema);
    SchemaCompiler compiler;
    const auto compiled = compiler.compile(s);
    QVERIFY(compiled.ok());
    GeneratorOptions options;
    for (quint64 seed = 0; seed < 50; ++seed) {
        options.seed = seed;
        const Json sample = DataGenerator(s, options).generate(s);
        QVERIFY2(compiled->isValid(sample), QByteArray(toJson(sample) + " " + toJson(detailBody(compiled->validate(sample)))).constData());
    }
}

void tst_DataGenerator::deterministicPerSeedAndSalt()
{
    const Json schema = parseJson(R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},"at":{"format":"date-time"}},"required":["id","name","at"]})");
    GeneratorOptions options;
    options.seed = 42;
    const DataGenerator a(schema, options), b(schema, options);
    QCOMPARE(toJson(a.generate(schema, 7)), toJson(b.generate(schema, 7)));
    QSet<QByteArray> distinct;
    for (quint64 salt = 0; salt < 10; ++salt)
        distinct.insert(toJson(a.generate(schema, salt)));
    QVERIFY(distinct.size() > 5);
    options.seed = 43;
    QVERIFY(toJson(DataGenerator(schema, options).generate(schema, 7)) != toJson(a.generate(schema, 7)));
}

void tst_DataGenerator::recursiveModelsEnd()
{
    const Json doc = parseJson(R"({"components":{"schemas":{"Node":{"type":"object","required":["children"],"properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/components/schemas/Node"}}}}}}})");
    const Json sample = DataGenerator(doc).generateAt(u"/components/schemas/Node"_s);
    QVERIFY(sample.isObject());
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:d"_s, doc);
    QVERIFY(compiler.compile(u"urn:d#/components/schemas/Node"_s)->isValid(sample));
}

void tst_DataGenerator::patterns_data()
{
    QTest::addColumn<QString>("pattern");
    for (const QString &p : {u"^[a-z]+[\\x30-\\x39]{2}$"_s, u"^[a-zA-Z]((?!--|__)[a-zA-Z0-9-_.])+$"_s, u"^[A-Z]{3}-\\d{4}$"_s, u"^(foo|bar)+baz?$"_s, u"^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$"_s,
                             u"^\\+?[1-9]\\d{1,14}$"_s, u"^[^\\s@]+$"_s, u"^SKU-(?:[0-9A-F]{2}){3}$"_s, u"^v\\d+\\.\\d+\\.\\d+$"_s,
                             // SendGrid: word boundaries, and a URL with optional parts
                             u"\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b"_s,
                             u"^((http[s]?|ftp):\\/)?\\/?([^:\\/\\s]+)((\\/\\w+)*\\/)([\\w\\-\\.]+[^#?\\s]+)(.*)?(#[\\w\\-]+)?$"_s})
        QTest::addRow("%s", qPrintable(p)) << p;
}

void tst_DataGenerator::patterns()
{
    QFETCH(QString, pattern);
    const auto regex = Regex::compile(pattern);
    QVERIFY(regex);
    for (quint64 seed = 0; seed < 20; ++seed) {
        const auto s = DataGenerator::stringForPattern(pattern, seed);
        QVERIFY2(s, qPrintable(pattern));
        QVERIFY2(regex->search(*s) == Regex::Match::Yes, qPrintable(*s));
    }
}

// The shapes of issue 13 item 6, each from a public spec: generateAt() must give a value its schema accepts,
// with nothing reported unmet.
void tst_DataGenerator::realSpecShapesAreValid_data()
{
    QTest::addColumn<QByteArray>("schemas"); // components.schemas; the value of "Target" is generated
    // AWS: a description-only allOf part beside the model.
    QTest::addRow("allOf with a description part") << QByteArray(R"({"Obj":{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}},
        "Target":{"type":"object","properties":{"obj":{"allOf":[{"$ref":"#/components/schemas/Obj"},{"description":"The object."}]}},"required":["obj"]}})");
    // Codat: a property inside an allOf whose $ref target keeps its own properties in an allOf; required
    // names defined by another part.
    QTest::addRow("required across nested allOf") << QByteArray(R"({"Base":{"allOf":[{"type":"object","properties":{"pageNumber":{"type":"integer"},"pageSize":{"type":"integer"}}}]},
        "Target":{"allOf":[{"$ref":"#/components/schemas/Base"},{"properties":{"results":{"type":"array","items":{"type":"string"}}}}],"required":["pageNumber","pageSize","results"]}})");
    // DigitalOcean: required at the outer level, properties from the referenced part, deep in a list.
    QTest::addRow("outer required over a $ref part") << QByteArray(R"({"Project":{"type":"object","properties":{"name":{"type":"string"},"is_default":{"type":"boolean"},"environment":{"type":"string","enum":["Development","Production"]}}},
        "Target":{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"array","items":{"allOf":[{"$ref":"#/components/schemas/Project"}],"required":["name","is_default","environment"]}}}}}}})");
    QTest::addRow("format byte is base64") << QByteArray(R"({"Target":{"type":"object","required":["blob"],"properties":{"blob":{"type":"string","format":"byte","contentEncoding":"base64"}}}})");
    // Stripe: a required, non-nullable object several references down is an object, not null.
    QTest::addRow("required $ref object deep down") << QByteArray(R"({"A":{"type":"object","required":["b"],"properties":{"b":{"$ref":"#/components/schemas/B"}}},
        "B":{"type":"object","required":["c"],"properties":{"c":{"$ref":"#/components/schemas/C"}}},"C":{"type":"object","required":["d"],"properties":{"d":{"anyOf":[{"$ref":"#/components/schemas/D"}]}}},
        "D":{"type":"object","required":["e"],"properties":{"e":{"$ref":"#/components/schemas/E"}}},"E":{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}},
        "Target":{"type":"object","required":["a"],"properties":{"a":{"$ref":"#/components/schemas/A"}}}})");
    // Vercel: object branches without additionalProperties: a value of one must not also match the other.
    QTest::addRow("oneOf of overlapping objects") << QByteArray(R"({"Target":{"oneOf":[{"type":"object","properties":{"name":{"type":"string"}}},
        {"type":"object","required":["name","target"],"properties":{"name":{"type":"string"},"target":{"type":"string","enum":["production"]}}}]}})");
    // Discriminated unions (Adyen, Stripe's event objects): branches that overlap, told apart by a tag from
    // the mapping, a `const`, or the schema name; Dog's `kind` is any string.
    QTest::addRow("discriminated union") << QByteArray(R"({"Target":{"type":"object","required":["pet"],"properties":{"pet":{
        "oneOf":[{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Dog"},{"$ref":"#/components/schemas/Fish"}],
        "discriminator":{"propertyName":"kind","mapping":{"kitty":"#/components/schemas/Cat"}}}}},
        "Cat":{"type":"object","required":["kind"],"properties":{"kind":{"type":"string"},"name":{"type":"string"}}},
        "Dog":{"type":"object","required":["kind"],"properties":{"kind":{"type":"string","minLength":2},"name":{"type":"string"}}},
        "Fish":{"type":"object","required":["kind"],"properties":{"kind":{"const":"fish"},"fins":{"type":"integer"}}}})");
    // SendGrid: two patterns on one property, from two allOf parts; both must hold.
    QTest::addRow("patterns from two allOf parts") << QByteArray(R"({"Common":{"type":"object","properties":{"key":{"type":"string","pattern":"^$|^[A-Za-z0-9]+","maxLength":64}}},
        "Target":{"allOf":[{"$ref":"#/components/schemas/Common"},{"properties":{"key":{"type":"string","pattern":"^[A-Za-z0-9]+","minLength":3,"maxLength":50}}}],"required":["key"]}})");
    // SendGrid: a pattern open at its end, under a minimum length its matches fall short of.
    QTest::addRow("open pattern, minimum length") << QByteArray(R"({"Target":{"type":"string","pattern":"^[A-Z]","minLength":12,"maxLength":50}})");
    // SendGrid: an optional property whose allOf parts share no enum value is left out.
    QTest::addRow("optional property with no common enum value") << QByteArray(R"({"Target":{"allOf":[{"type":"object","properties":{"b":{"type":"string","enum":["bounced","blocked"]}}},
        {"properties":{"b":{"type":"string","enum":["soft","hard"]}}}],"properties":{"n":{"type":"integer"}},"required":["n"]}})");
    // SendGrid: the same patterned property in the outer properties and in an allOf part.
    QTest::addRow("a property in both the outer schema and a part") << QByteArray(R"({"Common":{"type":"object","properties":{"n":{"type":"integer"}}},
        "Target":{"allOf":[{"$ref":"#/components/schemas/Common"},{"type":"object","required":["k","t"],"properties":{"k":{"type":"string","pattern":"^[A-Za-z0-9]+","minLength":3,"maxLength":50},"t":{"type":"string","pattern":"^$|^[A-Za-z0-9]+","minLength":0,"maxLength":64}}}],
        "properties":{"k":{"type":"string","pattern":"^[A-Za-z0-9]+","minLength":3,"maxLength":50},"t":{"type":"string","pattern":"^$|^[A-Za-z0-9]+","minLength":0,"maxLength":64}}}})");
    // LaunchDarkly, Vimeo: examples that break their own schema are not used.
    QTest::addRow("invalid examples") << QByteArray(R"({"Target":{"type":"object","required":["on","setting","when"],"properties":{"on":{"type":"boolean","example":"true"},
        "setting":{"type":"boolean","example":null},"when":{"type":"string","format":"date-time","example":"2018-02-10T09:30Z"}}}})");
    // Linode: a lookahead in the pattern.
    QTest::addRow("pattern with a lookahead") << QByteArray(R"({"Target":{"type":"string","minLength":3,"maxLength":32,"pattern":"^[a-zA-Z]((?!--|__)[a-zA-Z0-9-_.])+$"}})");
    QTest::addRow("not, if/then/else, dependentRequired, uniqueItems") << QByteArray(R"({"Target":{"type":"object","required":["kind","tags"],
        "properties":{"kind":{"enum":["a","b"]},"tags":{"type":"array","minItems":3,"uniqueItems":true,"items":{"type":"integer","minimum":1,"maximum":3}},"n":{"type":"integer","not":{"const":0}},"card":{"type":"string"},"cvc":{"type":"string"}},
        "dependentRequired":{"card":["cvc"]},"if":{"properties":{"kind":{"const":"a"}}},"then":{"required":["n"]},"else":{"required":["card"]}}})");
}

void tst_DataGenerator::realSpecShapesAreValid()
{
    QFETCH(QByteArray, schemas);
    const Json doc = parseJson(QByteArray("{\"components\":{\"schemas\":" + schemas + "}}"));
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:d"_s, doc);
    const auto schema = compiler.compile(u"urn:d#/components/schemas/Target"_s);
    QVERIFY(schema.ok());
    QSet<QString> tags;
    for (quint64 seed = 0; seed < 20; ++seed) {
        GeneratorOptions options;
        options.seed = seed;
        QStringList unmet;
        const Json sample = DataGenerator(doc, options).generateAt(u"/components/schemas/Target"_s, seed, &unmet);
        QVERIFY2(schema->isValid(sample), QByteArray(toJson(sample) + " " + toJson(detailBody(schema->validate(sample)))).constData());
        QVERIFY2(unmet.isEmpty(), qPrintable(unmet.join(u"; "_s)));
        if (QTest::currentDataTag() == QByteArray("format byte is base64"))
            QVERIFY(!QByteArray::fromBase64(sample[u"blob"].toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors).isEmpty());
        if (QTest::currentDataTag() == QByteArray("invalid examples"))
            QVERIFY(sample[u"on"].isBool() && sample[u"setting"].isBool());
        tags.insert(sample[u"pet"][u"kind"].toString());
    }
    if (QTest::currentDataTag() == QByteArray("discriminated union"))
        QCOMPARE(tags, (QSet<QString>{u"kitty"_s, u"Dog"_s, u"fish"_s}));
}

// A schema no value satisfies is reported, with the pointer of the part that cannot be met; the value is
// still the closest the generator has.
void tst_DataGenerator::unsatisfiableSchemasAreReported()
{
    const Json doc = parseJson(R"({"components":{"schemas":{
        "Target":{"type":"object","required":["filters"],"properties":{"filters":{"type":"array","enum":["github","gitlab"],"items":{"type":"string"}}}},
        "Tree":{"type":"object","required":["parent"],"properties":{"parent":{"$ref":"#/components/schemas/Tree"}}},
        "Optional":{"type":"object","properties":{"filters":{"type":"array","enum":["github"]},"ok":{"type":"boolean"}}}}}})");
    const DataGenerator generator(doc);
    QStringList unmet;
    generator.generateAt(u"/components/schemas/Target"_s, 0, &unmet);
    QCOMPARE(unmet, QStringList{u"/components/schemas/Target/properties/filters: no member of its enum satisfies the schema"_s});
    unmet.clear();
    generator.generateAt(u"/components/schemas/Tree"_s, 0, &unmet);
    QVERIFY2(!unmet.isEmpty() && unmet.first().contains(u"requires itself"_s), qPrintable(unmet.join(u"; "_s)));
    // An allOf that refers to itself twice ends at once (each reference is merged once, not 2^depth times).
    const Json loop = parseJson(R"({"components":{"schemas":{"Loop":{"type":"object","properties":{"a":{"type":"string"}},
        "allOf":[{"$ref":"#/components/schemas/Loop"},{"$ref":"#/components/schemas/Loop"}]}}}})");
    QVERIFY(DataGenerator(loop).generateAt(u"/components/schemas/Loop"_s).isObject());
    // An optional member that cannot be met is left out: the object is valid.
    unmet.clear();
    const Json optional = generator.generateAt(u"/components/schemas/Optional"_s, 0, &unmet);
    QVERIFY(unmet.isEmpty());
    QVERIFY(!optional.toObject().contains(u"filters"));
}

QTEST_GUILESS_MAIN(tst_DataGenerator)
#include "tst_datagenerator.moc"
