// OpenAPI conversion: every rule on its own (Swagger 2.0 → 3.1, 3.0 → 3.1, 3.1 → 3.0.3, extension stripping),
// then every document of the @readme/oas-examples npm package imported, exported, re-imported and served.
#include "core/apidocument.h"
#include "core/documentio.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/openapiconvert.h"
#include "mock/mockengine.h"
#include "mock/routetable.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

const QString kOasExamples = QStringLiteral(PORTICO_NPM_DIR "/@readme/oas-examples");

Json json(const QByteArray &text)
{
    JsonParser parser;
    auto parsed = parser.parse(text);
    if (!parsed.ok())
        qFatal("bad JSON in the test: %s\n%s", qPrintable(parsed.error().message), text.constData());
    return *parsed;
}

QString show(const Json &value)
{
    return QString::fromUtf8(toJson(value));
}

// A 3.0 or 3.1 document around one schema "S", next to a typed model "T" and an untyped one "U" to refer to.
Json documentWith(const QString &version, const Json &schema)
{
    return Json(JsonObject{
        {u"openapi"_s, Json(version)},
        {u"info"_s, json(R"({"title": "t", "version": "1"})")},
        {u"paths"_s, Json(JsonObject{})},
        {u"components"_s,
         Json(JsonObject{
             {u"schemas"_s, Json(JsonObject{
                                {u"S"_s, schema},
                                {u"T"_s, json(R"({"type": "object", "properties": {"id": {"type": "integer"}}})")},
                                {u"U"_s, json(R"({"allOf": [{"$ref": "#/components/schemas/T"}]})")},
                            })}})},
    });
}

QStringList pointers(const QList<ConversionWarning> &warnings)
{
    QStringList out;
    for (const ConversionWarning &w : warnings)
        out.append(w.pointer);
    return out;
}

QString describe(const QList<ConversionWarning> &warnings)
{
    QStringList out;
    for (const ConversionWarning &w : warnings)
        out.append(w.pointer + u": "_s + w.message);
    return out.join(u"\n"_s);
}

// Checks each "pointer": expected value of an object against the document; "!pointer": null means absent.
void compareAt(const Json &document, const Json &expectations)
{
    for (const auto &[pointer, expected] : expectations.toObject()) {
        if (pointer.startsWith(u'!')) {
            QVERIFY2(!jsonpointer::resolve(document, pointer.mid(1)), qPrintable(u"present: "_s + pointer.mid(1)));
            continue;
        }
        const Json *actual = jsonpointer::resolve(document, pointer);
        QVERIFY2(actual, qPrintable(u"missing: "_s + pointer + u"\nin "_s + show(document)));
        QVERIFY2(*actual == expected,
                 qPrintable(pointer + u"\n  actual:   "_s + show(*actual) + u"\n  expected: "_s + show(expected)));
    }
}

QStringList oasExampleFiles()
{
    QStringList files;
    for (const QString &version : {u"2.0"_s, u"3.0"_s, u"3.1"_s}) {
        for (const QString &format : {u"json"_s, u"yaml"_s}) {
            QDirIterator it(kOasExamples + u'/' + version + u'/' + format, {u"*.json"_s, u"*.yaml"_s}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
        }
    }
    files.sort();
    return files;
}

// A concrete path for a template: every {parameter} becomes "1".
QString concretePath(const QString &pathTemplate)
{
    static const QRegularExpression parameter(u"\\{[^}/]*\\}"_s);
    QString path = pathTemplate;
    path.replace(parameter, u"1"_s);
    return path;
}

} // namespace

class tst_OpenApiConvert : public QObject
{
    Q_OBJECT

private slots:
    void schemaFrom30_data();
    void schemaFrom30();
    void schemaTo30_data();
    void schemaTo30();
    void swaggerDocument_data();
    void swaggerDocument();
    void documentFrom30_data();
    void documentFrom30();
    void documentTo30_data();
    void documentTo30();
    void leftovers31AreConvertedWithWarnings();
    void version31IsUnchanged();
    void unsupportedInputIsAnError_data();
    void unsupportedInputIsAnError();
    void stripExtensionsKeepsNamesAndData();
    void exportsAreDeterministic();
    void apiDocumentOpensEveryVersion_data();
    void apiDocumentOpensEveryVersion();
    void oasExamples_data();
    void oasExamples();
};

void tst_OpenApiConvert::schemaFrom30_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QStringList>("warnings"); // pointers

    const QStringList none;
    QTest::addRow("nullable type becomes a type union") << QByteArray(R"({"type": "string", "nullable": true})")
                                                        << QByteArray(R"({"type": ["string", "null"]})") << none;
    QTest::addRow("nullable false is dropped")
        << QByteArray(R"({"type": "string", "nullable": false})") << QByteArray(R"({"type": "string"})") << none;
    QTest::addRow("nullable enum gains null")
        << QByteArray(R"({"type": "string", "enum": ["a", "b"], "nullable": true})")
        << QByteArray(R"({"type": ["string", "null"], "enum": ["a", "b", null]})") << none;
    QTest::addRow("nullable enum without type gains null")
        << QByteArray(R"({"enum": [1, 2], "nullable": true})") << QByteArray(R"({"enum": [1, 2, null]})") << none;
    QTest::addRow("nullable $ref becomes anyOf with null")
        << QByteArray(R"({"$ref": "#/components/schemas/T", "nullable": true})")
        << QByteArray(R"({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})") << none;
    QTest::addRow("nullable allOf of one $ref keeps annotations outside")
        << QByteArray(
               R"({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true, "readOnly": true})")
        << QByteArray(
               R"({"description": "d", "readOnly": true, "anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})")
        << none;
    QTest::addRow("nullable allOf with a type wraps the whole schema")
        << QByteArray(R"({"type": "object", "allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})")
        << QByteArray(
               R"({"anyOf": [{"type": "object", "allOf": [{"$ref": "#/components/schemas/T"}]}, {"type": "null"}]})")
        << none;
    QTest::addRow("nullable oneOf is wrapped, not appended to")
        << QByteArray(R"({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})")
        << QByteArray(R"({"anyOf": [{"oneOf": [{"type": "string"}, {"type": "integer"}]}, {"type": "null"}]})") << none;
    QTest::addRow("nullable anyOf gains a null branch")
        << QByteArray(R"({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})")
        << QByteArray(R"({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})") << none;
    QTest::addRow("nullable without type or enum already accepts null")
        << QByteArray(R"({"description": "anything", "nullable": true})")
        << QByteArray(R"({"description": "anything"})") << none;
    QTest::addRow("exclusiveMinimum true moves the bound")
        << QByteArray(R"({"type": "integer", "minimum": 1, "exclusiveMinimum": true})")
        << QByteArray(R"({"type": "integer", "exclusiveMinimum": 1})") << none;
    QTest::addRow("exclusiveMaximum false is dropped")
        << QByteArray(R"({"maximum": 5, "exclusiveMaximum": false})") << QByteArray(R"({"maximum": 5})") << none;
    QTest::addRow("exclusiveMinimum without minimum is reported")
        << QByteArray(R"({"type": "number", "exclusiveMinimum": true})") << QByteArray(R"({"type": "number"})")
        << QStringList{u"/components/schemas/S/exclusiveMinimum"_s};
    QTest::addRow("example becomes examples") << QByteArray(R"({"type": "string", "example": "x"})")
                                              << QByteArray(R"({"type": "string", "examples": ["x"]})") << none;
    QTest::addRow("format binary becomes contentMediaType")
        << QByteArray(R"({"type": "string", "format": "binary"})")
        << QByteArray(R"({"type": "string", "contentMediaType": "application/octet-stream"})") << none;
    QTest::addRow("format byte becomes contentEncoding")
        << QByteArray(R"({"type": "string", "format": "byte"})")
        << QByteArray(R"({"type": "string", "contentEncoding": "base64"})") << none;
    QTest::addRow("other formats stay") << QByteArray(R"({"type": "string", "format": "date-time"})")
                                        << QByteArray(R"({"type": "string", "format": "date-time"})") << none;
    QTest::addRow("subschemas are converted")
        << QByteArray(R"({"type": "object", "properties": {"a": {"type": "string", "nullable": true, "example": "x"}},
                          "additionalProperties": {"type": "integer", "nullable": true},
                          "items": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
                          "not": {"type": "boolean", "nullable": true}})")
        << QByteArray(R"({"type": "object", "properties": {"a": {"type": ["string", "null"], "examples": ["x"]}},
                          "additionalProperties": {"type": ["integer", "null"]},
                          "items": {"type": "number", "exclusiveMinimum": 0},
                          "not": {"type": ["boolean", "null"]}})")
        << none;
    QTest::addRow("extensions are kept") << QByteArray(R"({"type": "string", "x-foo": {"nullable": true}})")
                                         << QByteArray(R"({"type": "string", "x-foo": {"nullable": true}})") << none;
    QTest::addRow("discriminator stays with its oneOf")
        << QByteArray(
               R"({"oneOf": [{"$ref": "#/components/schemas/T"}], "discriminator": {"propertyName": "id"}, "nullable": true})")
        << QByteArray(
               R"({"anyOf": [{"oneOf": [{"$ref": "#/components/schemas/T"}], "discriminator": {"propertyName": "id"}}, {"type": "null"}]})")
        << none;
}

void tst_OpenApiConvert::schemaFrom30()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, warnings);
    const auto converted = convertToOpenApi31(documentWith(u"3.0.3"_s, json(input)));
    QVERIFY(converted.ok());
    QCOMPARE(converted->sourceVersion, u"3.0.3"_s);
    QCOMPARE(converted->document[u"openapi"].toString(), u"3.1.0"_s);
    const Json &actual = converted->document[u"components"][u"schemas"][u"S"];
    QVERIFY2(actual == json(expected),
             qPrintable(u"actual:   "_s + show(actual) + u"\nexpected: "_s + show(json(expected))));
    QCOMPARE(pointers(converted->warnings), warnings);
}

void tst_OpenApiConvert::schemaTo30_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QStringList>("warnings");

    const QStringList none;
    QTest::addRow("type union with null becomes nullable")
        << QByteArray(R"({"type": ["string", "null"]})") << QByteArray(R"({"type": "string", "nullable": true})")
        << none;
    QTest::addRow("nullable enum keeps its null")
        << QByteArray(R"({"type": ["string", "null"], "enum": ["a", null]})")
        << QByteArray(R"({"type": "string", "nullable": true, "enum": ["a", null]})") << none;
    QTest::addRow("anyOf $ref or null takes the target's type")
        << QByteArray(R"({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})")
        << QByteArray(R"({"type": "object", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})") << none;
    QTest::addRow("anyOf $ref without a type or null keeps an exact null branch")
        << QByteArray(R"({"anyOf": [{"$ref": "#/components/schemas/U"}, {"type": "null"}]})")
        << QByteArray(
               R"({"anyOf": [{"$ref": "#/components/schemas/U"}, {"type": "string", "nullable": true, "enum": [null]}]})")
        << none;
    QTest::addRow("oneOf inline or null merges")
        << QByteArray(R"({"description": "d", "oneOf": [{"type": "string", "minLength": 1}, {"type": "null"}]})")
        << QByteArray(R"({"description": "d", "type": "string", "nullable": true, "minLength": 1})") << none;
    QTest::addRow("oneOf of several or null keeps them")
        << QByteArray(R"({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "string"}, {"const": null}]})")
        << QByteArray(
               R"({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "string"}, {"type": "string", "nullable": true, "enum": [null]}]})")
        << none;
    QTest::addRow("several types become anyOf with their keywords")
        << QByteArray(R"({"type": ["string", "integer"], "minLength": 2, "minimum": 3, "description": "d"})")
        << QByteArray(
               R"({"anyOf": [{"type": "string", "minLength": 2}, {"type": "integer", "minimum": 3}], "description": "d"})")
        << none;
    QTest::addRow("several types with null are each nullable")
        << QByteArray(R"({"type": ["array", "boolean", "null"]})")
        << QByteArray(
               R"({"anyOf": [{"type": "array", "nullable": true, "items": {}}, {"type": "boolean", "nullable": true}]})")
        << none;
    QTest::addRow("numeric exclusiveMinimum becomes the boolean form")
        << QByteArray(R"({"type": "number", "exclusiveMinimum": 1})")
        << QByteArray(R"({"type": "number", "exclusiveMinimum": true, "minimum": 1})") << none;
    QTest::addRow("a stricter inclusive bound wins")
        << QByteArray(R"({"type": "number", "exclusiveMaximum": 5, "maximum": 3})")
        << QByteArray(R"({"type": "number", "maximum": 3})") << none;
    QTest::addRow("examples becomes example") << QByteArray(R"({"type": "string", "examples": ["a"]})")
                                              << QByteArray(R"({"type": "string", "example": "a"})") << none;
    QTest::addRow("extra examples are reported")
        << QByteArray(R"({"type": "string", "examples": ["a", "b"]})")
        << QByteArray(R"({"type": "string", "example": "a"})") << QStringList{u"/components/schemas/S/examples"_s};
    QTest::addRow("const becomes a single-value enum")
        << QByteArray(R"({"const": "x"})") << QByteArray(R"({"enum": ["x"]})") << none;
    QTest::addRow("$ref siblings are wrapped in allOf")
        << QByteArray(R"({"$ref": "#/components/schemas/T", "description": "d"})")
        << QByteArray(R"({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "d"})") << none;
    QTest::addRow("a lone $ref stays") << QByteArray(R"({"$ref": "#/components/schemas/T"})")
                                       << QByteArray(R"({"$ref": "#/components/schemas/T"})") << none;
    QTest::addRow("contentEncoding becomes format byte")
        << QByteArray(R"({"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"})")
        << QByteArray(R"({"type": "string", "format": "byte"})") << none;
    QTest::addRow("contentMediaType becomes format binary")
        << QByteArray(R"({"type": "string", "contentMediaType": "application/octet-stream"})")
        << QByteArray(R"({"type": "string", "format": "binary"})") << none;
    QTest::addRow("2020-12 keywords 3.0 lacks are reported")
        << QByteArray(
               R"({"type": "object", "patternProperties": {"^a": {}}, "unevaluatedProperties": false, "$comment": "c"})")
        << QByteArray(R"({"type": "object"})")
        << QStringList{u"/components/schemas/S/patternProperties"_s, u"/components/schemas/S/unevaluatedProperties"_s,
                       u"/components/schemas/S/$comment"_s};
    QTest::addRow("boolean subschemas become objects")
        << QByteArray(R"({"type": "object", "properties": {"a": true, "b": false}, "additionalProperties": false})")
        << QByteArray(R"({"type": "object", "properties": {"a": {}, "b": {"not": {}}}, "additionalProperties": false})")
        << none;
    QTest::addRow("arrays get items") << QByteArray(R"({"type": "array"})")
                                      << QByteArray(R"({"type": "array", "items": {}})") << none;
    QTest::addRow("a null-only schema is reported")
        << QByteArray(R"({"type": "null"})") << QByteArray(R"({"type": "string", "nullable": true, "enum": [null]})")
        << QStringList{u"/components/schemas/S/type"_s};
    QTest::addRow("subschemas are converted")
        << QByteArray(R"({"type": "object", "properties": {"a": {"type": ["integer", "null"], "examples": [1]}},
                          "items": {"type": "number", "exclusiveMaximum": 2}})")
        << QByteArray(R"({"type": "object", "properties": {"a": {"type": "integer", "nullable": true, "example": 1}},
                          "items": {"type": "number", "exclusiveMaximum": true, "maximum": 2}})")
        << none;
}

void tst_OpenApiConvert::schemaTo30()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, warnings);
    const auto converted = convertToOpenApi30(documentWith(u"3.1.0"_s, json(input)));
    QVERIFY(converted.ok());
    QCOMPARE(converted->document[u"openapi"].toString(), u"3.0.3"_s);
    const Json &actual = converted->document[u"components"][u"schemas"][u"S"];
    QVERIFY2(actual == json(expected),
             qPrintable(u"actual:   "_s + show(actual) + u"\nexpected: "_s + show(json(expected))));
    QCOMPARE(pointers(converted->warnings), warnings);
}

void tst_OpenApiConvert::swaggerDocument_data()
{
    QTest::addColumn<QByteArray>("swagger");
    QTest::addColumn<QByteArray>("expectations"); // pointer → value; "!pointer" → absent
    QTest::addColumn<QStringList>("warnings");

    const QStringList none;
    QTest::addRow("host, basePath and schemes become servers")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "api.example.com",
                          "basePath": "/v2", "schemes": ["https", "http"], "paths": {}})")
        << QByteArray(
               R"({"/openapi": "3.1.0", "/servers": [{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}],
                          "!/host": null, "!/swagger": null})")
        << none;
    QTest::addRow("a host without schemes assumes https")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "h", "paths": {}})")
        << QByteArray(R"({"/servers": [{"url": "https://h"}]})") << QStringList{u"/host"_s};
    QTest::addRow("basePath alone is a relative server")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "basePath": "/api", "paths": {}})")
        << QByteArray(R"({"/servers": [{"url": "/api"}]})") << none;
    QTest::addRow("definitions become components and refs follow")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
                          "definitions": {"Pet": {"type": "object", "properties": {"tag": {"$ref": "#/definitions/Tag"},
                                                  "owner": {"type": "string", "x-nullable": true}}, "example": {"tag": {}}},
                                          "Tag": {"type": "object", "discriminator": "kind", "properties": {"kind": {"type": "string"}}}}})")
        << QByteArray(R"({"/components/schemas/Pet/properties/tag": {"$ref": "#/components/schemas/Tag"},
                          "/components/schemas/Pet/properties/owner": {"type": ["string", "null"]},
                          "/components/schemas/Pet/examples": [{"tag": {}}],
                          "/components/schemas/Tag/discriminator": {"propertyName": "kind"}, "!/definitions": null})")
        << none;
    QTest::addRow("definition names OpenAPI 3 rejects are renamed")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
                          "definitions": {"Page«Pet»": {"type": "object"}, "Holder": {"properties": {"p": {"$ref": "#/definitions/Page«Pet»"}}}}})")
        << QByteArray(R"({"/components/schemas/Page_Pet_": {"type": "object"},
                          "/components/schemas/Holder/properties/p": {"$ref": "#/components/schemas/Page_Pet_"}})")
        << QStringList{u"/definitions/Page«Pet»"_s};
    QTest::addRow("a body parameter becomes a request body per consumed media type")
        << QByteArray(
               R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "consumes": ["application/json", "application/xml"],
                          "paths": {"/pets": {"post": {"parameters": [{"in": "body", "name": "pet", "required": true, "description": "d",
                              "schema": {"$ref": "#/definitions/Pet"}, "x-e": 1}], "responses": {"200": {"description": "ok"}}}}},
                          "definitions": {"Pet": {"type": "object"}}})")
        << QByteArray(
               R"({"/paths/~1pets/post/requestBody": {"description": "d", "required": true, "x-codegen-request-body-name": "pet", "x-e": 1,
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                                          "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                          "!/paths/~1pets/post/parameters": null})")
        << none;
    QTest::addRow("a body without consumes is JSON")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
                          "paths": {"/a": {"put": {"parameters": [{"in": "body", "name": "body", "schema": {"type": "string"}}],
                                                   "responses": {"204": {"description": "ok"}}}}}})")
        << QByteArray(
               R"({"/paths/~1a/put/requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}}})")
        << none;
    QTest::addRow("formData becomes a urlencoded form")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
                          "paths": {"/f": {"post": {"consumes": ["application/x-www-form-urlencoded"], "parameters": [
                              {"in": "formData", "name": "name", "type": "string", "required": true, "description": "who"},
                              {"in": "formData", "name": "tags", "type": "array", "items": {"type": "string"}}],
                              "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(
               R"({"/paths/~1f/post/requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {
                              "schema": {"type": "object", "properties": {"name": {"description": "who", "type": "string"},
                                         "tags": {"type": "array", "items": {"type": "string"}}}, "required": ["name"]},
                              "encoding": {"tags": {"style": "form", "explode": false}}}}}})")
        << none;
    QTest::addRow("a file upload becomes multipart")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
                          "paths": {"/u": {"post": {"parameters": [{"in": "formData", "name": "file", "type": "file"}],
                                                    "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"/paths/~1u/post/requestBody/content/multipart~1form-data/schema/properties/file":
                              {"type": "string", "contentMediaType": "application/octet-stream"}})")
        << none;
    QTest::addRow("produces, response schemas, examples and headers")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "produces": ["application/json"],
                          "paths": {"/p": {"get": {"produces": ["application/json", "text/plain"], "responses": {"200": {"description": "ok",
                              "schema": {"type": "string"}, "examples": {"application/json": "x", "application/xml": "<x/>"},
                              "headers": {"X-Rate-Limit": {"type": "integer", "description": "calls left"}}}}}}}})")
        << QByteArray(R"({"/paths/~1p/get/responses/200": {"description": "ok",
                              "headers": {"X-Rate-Limit": {"description": "calls left", "schema": {"type": "integer"}}},
                              "content": {"application/json": {"schema": {"type": "string"}, "example": "x"},
                                          "text/plain": {"schema": {"type": "string"}},
                                          "application/xml": {"schema": {"type": "string"}, "example": "<x/>"}}}})")
        << none;
    QTest::addRow("collectionFormat becomes style and explode")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
                          "paths": {"/q/{ids}": {"get": {"parameters": [
                              {"in": "query", "name": "csv", "type": "array", "items": {"type": "string"}},
                              {"in": "query", "name": "multi", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                              {"in": "query", "name": "pipes", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
                              {"in": "query", "name": "ssv", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"},
                              {"in": "query", "name": "tsv", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"},
                              {"in": "path", "name": "ids", "type": "array", "items": {"type": "integer"}}],
                              "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(
               R"({"/paths/~1q~1{ids}/get/parameters/0/style": "form", "/paths/~1q~1{ids}/get/parameters/0/explode": false,
                          "/paths/~1q~1{ids}/get/parameters/1/explode": true,
                          "/paths/~1q~1{ids}/get/parameters/2/style": "pipeDelimited",
                          "/paths/~1q~1{ids}/get/parameters/3/style": "spaceDelimited",
                          "!/paths/~1q~1{ids}/get/parameters/4/style": null,
                          "/paths/~1q~1{ids}/get/parameters/5": {"in": "path", "name": "ids", "required": true,
                              "schema": {"type": "array", "items": {"type": "integer"}}}})")
        << QStringList{u"/paths/~1q~1{ids}/get/parameters/4/collectionFormat"_s};
    QTest::addRow("shared parameters and responses become components")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
                          "parameters": {"limit": {"in": "query", "name": "limit", "type": "integer", "maximum": 10, "exclusiveMaximum": true},
                                         "item": {"in": "body", "name": "item", "schema": {"type": "object"}}},
                          "responses": {"NotFound": {"description": "nope", "schema": {"type": "string"}}},
                          "paths": {"/i": {"post": {"parameters": [{"$ref": "#/parameters/limit"}, {"$ref": "#/parameters/item"}],
                                                    "responses": {"404": {"$ref": "#/responses/NotFound"}}}}}})")
        << QByteArray(
               R"({"/components/parameters/limit": {"in": "query", "name": "limit", "schema": {"type": "integer", "exclusiveMaximum": 10}},
                          "/components/requestBodies/item": {"content": {"application/json": {"schema": {"type": "object"}}},
                                                             "x-codegen-request-body-name": "item"},
                          "/components/responses/NotFound": {"description": "nope", "content": {"application/json": {"schema": {"type": "string"}}}},
                          "/paths/~1i/post/parameters": [{"$ref": "#/components/parameters/limit"}],
                          "/paths/~1i/post/requestBody": {"$ref": "#/components/requestBodies/item"},
                          "/paths/~1i/post/responses/404": {"$ref": "#/components/responses/NotFound"}})")
        << none;
    QTest::addRow("a path-level body applies to each operation")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
                          "paths": {"/b": {"parameters": [{"in": "body", "name": "body", "schema": {"type": "integer"}},
                                                          {"in": "header", "name": "X-Id", "type": "string"}],
                                           "put": {"responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"/paths/~1b/put/requestBody/content/application~1json/schema": {"type": "integer"},
                          "/paths/~1b/parameters": [{"in": "header", "name": "X-Id", "schema": {"type": "string"}}]})")
        << none;
    QTest::addRow("security definitions become schemes with flows")
        << QByteArray(
               R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "securityDefinitions": {
                              "basic": {"type": "basic", "description": "b"},
                              "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                              "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {"r": "read"}},
                              "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}},
                              "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
                              "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t",
                                       "scopes": {}, "x-e": true}},
                          "security": [{"key": []}]})")
        << QByteArray(R"({"/components/securitySchemes/basic": {"type": "http", "scheme": "basic", "description": "b"},
                          "/components/securitySchemes/key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                          "/components/securitySchemes/implicit/flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"r": "read"}}},
                          "/components/securitySchemes/password/flows": {"password": {"tokenUrl": "https://t", "scopes": {}}},
                          "/components/securitySchemes/app/flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}},
                          "/components/securitySchemes/code": {"type": "oauth2", "x-e": true, "flows": {"authorizationCode": {
                              "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}},
                          "/security": [{"key": []}]})")
        << none;
    QTest::addRow("extensions survive everywhere")
        << QByteArray(R"({"swagger": "2.0", "x-root": 1, "info": {"title": "t", "version": "1", "x-info": 2},
                          "paths": {"x-paths": 3, "/e": {"x-item": 4, "get": {"x-op": 5, "parameters": [{"in": "query", "name": "q",
                              "type": "string", "x-param": 6}], "responses": {"200": {"description": "ok", "x-resp": 7}}}}}})")
        << QByteArray(
               R"({"/x-root": 1, "/info/x-info": 2, "/paths/x-paths": 3, "/paths/~1e/x-item": 4, "/paths/~1e/get/x-op": 5,
                          "/paths/~1e/get/parameters/0/x-param": 6, "/paths/~1e/get/responses/200/x-resp": 7})")
        << none;
    // Issue 13, item 10: a scheme named with a space is an invalid 3.x component name; renamed everywhere it is
    // used, with a warning.
    QTest::addRow("security scheme names are made valid")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
                          "securityDefinitions": {"api key": {"type": "apiKey", "name": "X-Key", "in": "header"}},
                          "security": [{"api key": []}],
                          "paths": {"/s": {"get": {"security": [{"api key": []}, {}], "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"/components/securitySchemes/api_key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                          "!/components/securitySchemes/api key": null, "/security": [{"api_key": []}],
                          "/paths/~1s/get/security": [{"api_key": []}, {}]})")
        << QStringList{u"/securityDefinitions/api key"_s};
    // ... and references inside extensions follow the definitions to components.
    QTest::addRow("references in extensions are rewritten")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "definitions": {"Pet": {"type": "object"}},
                          "x-models": {"pet": {"$ref": "#/definitions/Pet"}, "list": ["#/definitions/Pet"]},
                          "paths": {"/p": {"get": {"x-response-schema": {"$ref": "#/definitions/Pet"},
                              "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"/x-models": {"pet": {"$ref": "#/components/schemas/Pet"}, "list": ["#/components/schemas/Pet"]},
                          "/paths/~1p/get/x-response-schema": {"$ref": "#/components/schemas/Pet"}})")
        << none;
    QTest::addRow("operation schemes become operation servers")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "h", "schemes": ["https"],
                          "paths": {"/s": {"get": {"schemes": ["wss"], "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"/paths/~1s/get/servers": [{"url": "wss://h"}]})") << none;
    QTest::addRow("unknown fields are reported, not silently dropped")
        << QByteArray(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "bogus": 1,
                          "paths": {"/u": {"get": {"whatever": true, "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"!/bogus": null})") << QStringList{u"/bogus"_s, u"/paths/~1u/get/whatever"_s};
}

void tst_OpenApiConvert::swaggerDocument()
{
    QFETCH(QByteArray, swagger);
    QFETCH(QByteArray, expectations);
    QFETCH(QStringList, warnings);
    const auto converted = convertToOpenApi31(json(swagger));
    QVERIFY(converted.ok());
    QCOMPARE(converted->sourceVersion, u"2.0"_s);
    compareAt(converted->document, json(expectations));
    QVERIFY2(pointers(converted->warnings) == warnings, qPrintable(describe(converted->warnings)));
}

void tst_OpenApiConvert::documentFrom30_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QByteArray>("expectations");
    QTest::addColumn<QStringList>("warnings");

    const QStringList none;
    QTest::addRow("a binary body names its media type")
        << QByteArray(R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/img": {"put": {
                              "requestBody": {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
                              "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(
               R"({"/paths/~1img/put/requestBody/content/image~1png/schema": {"type": "string", "contentMediaType": "image/png"}})")
        << none;
    QTest::addRow("media type and parameter examples stay as they are")
        << QByteArray(R"({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/e": {"get": {
                              "parameters": [{"in": "query", "name": "q", "schema": {"type": "string"}, "example": "p"}],
                              "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}, "example": "m"}}}}}}}})")
        << QByteArray(
               R"({"/paths/~1e/get/parameters/0/example": "p", "/paths/~1e/get/responses/200/content/application~1json/example": "m"})")
        << none;
    QTest::addRow("discriminator mapping names become references")
        << QByteArray(
               R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {
                              "A": {"type": "object"}, "P": {"oneOf": [{"$ref": "#/components/schemas/A"}],
                              "discriminator": {"propertyName": "k", "mapping": {"a": "A", "b": "#/components/schemas/A"}}}}}})")
        << QByteArray(
               R"({"/components/schemas/P/discriminator/mapping": {"a": "#/components/schemas/A", "b": "#/components/schemas/A"}})")
        << none;
    QTest::addRow("a reference to a schema example follows it into examples")
        << QByteArray(
               R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/r": {"get": {"responses": {"200": {
                              "description": "ok", "content": {"application/json": {"examples": {"one": {"value": {"$ref": "#/components/schemas/R/example"}}}}}}}}}},
                          "components": {"schemas": {"R": {"type": "object", "example": {"a": 1}}}}})")
        << QByteArray(
               R"({"/paths/~1r/get/responses/200/content/application~1json/examples/one/value": {"$ref": "#/components/schemas/R/examples/0"}})")
        << none;
    QTest::addRow("x-webhooks become webhooks")
        << QByteArray(R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-webhooks": {"ping": {"post": {
                              "requestBody": {"content": {"application/json": {"schema": {"type": "string", "nullable": true}}}},
                              "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"!/x-webhooks": null,
                          "/webhooks/ping/post/requestBody/content/application~1json/schema": {"type": ["string", "null"]}})")
        << none;
}

void tst_OpenApiConvert::documentFrom30()
{
    QFETCH(QByteArray, document);
    QFETCH(QByteArray, expectations);
    QFETCH(QStringList, warnings);
    const auto converted = convertToOpenApi31(json(document));
    QVERIFY(converted.ok());
    compareAt(converted->document, json(expectations));
    QVERIFY2(pointers(converted->warnings) == warnings, qPrintable(describe(converted->warnings)));
}

void tst_OpenApiConvert::documentTo30_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QByteArray>("expectations");
    QTest::addColumn<QStringList>("warnings");

    QTest::addRow("3.1-only document fields")
        << QByteArray(R"({"openapi": "3.1.0", "jsonSchemaDialect": "https://example.com/dialect",
                          "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
                          "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": ["string", "null"]}}}},
                                                         "responses": {"200": {"description": "ok"}}}}}})")
        << QByteArray(R"({"/openapi": "3.0.3", "!/jsonSchemaDialect": null, "!/info/summary": null,
                          "/info/license": {"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"}, "/paths": {}, "!/webhooks": null,
                          "/x-webhooks/ping/post/requestBody/content/application~1json/schema": {"type": "string", "nullable": true}})")
        << QStringList{u"/info/summary"_s, u"/info/license/identifier"_s, u"/jsonSchemaDialect"_s, u"/webhooks"_s};
    QTest::addRow("path items from components are copied in place")
        << QByteArray(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                          "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
                          "components": {"pathItems": {"A": {"get": {"responses": {"200": {"description": "ok"}}}}}}})")
        << QByteArray(
               R"({"/paths/~1a": {"get": {"responses": {"200": {"description": "ok"}}}}, "!/components/pathItems": null})")
        << QStringList{u"/components/pathItems"_s};
    QTest::addRow("mutualTLS goes with its requirements")
        << QByteArray(
               R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "security": [{"mtls": []}, {"key": []}],
                          "paths": {"/m": {"get": {"security": [{"mtls": []}], "responses": {"200": {"description": "ok"}}}}},
                          "components": {"securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "name": "k", "in": "header"}}}})")
        << QByteArray(
               R"({"/security": [{"key": []}], "/paths/~1m/get/security": [], "!/components/securitySchemes/mtls": null})")
        << QStringList{u"/components/securitySchemes/mtls"_s, u"/paths/~1m/get/security"_s};
    QTest::addRow("operations without responses get a default one")
        << QByteArray(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/n": {"get": {}}}})")
        << QByteArray(R"({"/paths/~1n/get/responses": {"default": {"description": "Default response"}}})")
        << QStringList{u"/paths/~1n/get"_s};
    QTest::addRow("$defs move to components and refs follow")
        << QByteArray(
               R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {
                              "S": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/S/$defs/D"}},
                                    "$defs": {"D": {"type": ["integer", "null"]}}}}}})")
        << QByteArray(R"({"/components/schemas/S/properties/a": {"$ref": "#/components/schemas/D"},
                          "/components/schemas/D": {"type": "integer", "nullable": true}, "!/components/schemas/S/$defs": null})")
        << QStringList{};
}

void tst_OpenApiConvert::documentTo30()
{
    QFETCH(QByteArray, document);
    QFETCH(QByteArray, expectations);
    QFETCH(QStringList, warnings);
    const auto converted = convertToOpenApi30(json(document));
    QVERIFY(converted.ok());
    compareAt(converted->document, json(expectations));
    QVERIFY2(pointers(converted->warnings) == warnings, qPrintable(describe(converted->warnings)));
}

void tst_OpenApiConvert::leftovers31AreConvertedWithWarnings()
{
    const Json doc = documentWith(u"3.1.0"_s, json(R"({"type": "object", "properties": {
        "a": {"type": "string", "nullable": true, "example": "kept"},
        "b": {"type": "integer", "minimum": 1, "exclusiveMinimum": true}}})"));
    const auto converted = convertToOpenApi31(doc);
    QVERIFY(converted.ok());
    compareAt(converted->document,
              json(R"({"/components/schemas/S/properties/a": {"type": ["string", "null"], "example": "kept"},
                                            "/components/schemas/S/properties/b": {"type": "integer", "exclusiveMinimum": 1}})"));
    QCOMPARE(pointers(converted->warnings), (QStringList{u"/components/schemas/S/properties/a/nullable"_s,
                                                         u"/components/schemas/S/properties/b/exclusiveMinimum"_s}));
}

void tst_OpenApiConvert::version31IsUnchanged()
{
    const Json doc = documentWith(u"3.1.1"_s, json(R"({"type": ["string", "null"], "examples": ["a"], "x-e": 1})"));
    const auto converted = convertToOpenApi31(doc);
    QVERIFY(converted.ok());
    QVERIFY(converted->document.identical(doc));
    QVERIFY(converted->warnings.isEmpty());
    QCOMPARE(converted->sourceVersion, u"3.1.1"_s);
}

void tst_OpenApiConvert::unsupportedInputIsAnError_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("pointer");
    QTest::addRow("Swagger 1.2") << QByteArray(R"({"swagger": "1.2"})") << u"/swagger"_s;
    QTest::addRow("OpenAPI 2.5") << QByteArray(R"({"openapi": "2.5.0"})") << u"/openapi"_s;
    QTest::addRow("OpenAPI 3.2") << QByteArray(R"({"openapi": "3.2.0"})") << u"/openapi"_s;
    QTest::addRow("a number for a version") << QByteArray(R"({"openapi": 3.1})") << u"/openapi"_s;
    QTest::addRow("no version") << QByteArray(R"({"info": {}})") << u""_s;
    QTest::addRow("not an object") << QByteArray(R"([1, 2])") << u""_s;
}

void tst_OpenApiConvert::unsupportedInputIsAnError()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, pointer);
    const auto to31 = convertToOpenApi31(json(document));
    QVERIFY(!to31.ok());
    QCOMPARE(to31.error().location.pointer, pointer);
    QVERIFY(!convertToOpenApi30(json(document)).ok());
}

void tst_OpenApiConvert::stripExtensionsKeepsNamesAndData()
{
    const Json doc =
        json(R"({"openapi": "3.1.0", "x-portico": {"seed": 1}, "info": {"title": "t", "version": "1", "x-logo": "l"},
        "paths": {"x-p": 1, "/a": {"get": {"x-portico-latency": 5, "responses": {"x-r": 1, "200": {"description": "ok",
            "headers": {"x-rate-limit": {"schema": {"type": "integer", "x-s": 1}}},
            "content": {"application/json": {"schema": {"type": "object", "properties": {"x-name": {"type": "string"}}, "x-s": 2},
                                             "example": {"x-data": 1}}}}}}}},
        "components": {"schemas": {"x-model": {"type": "string"}}}})");
    const Json stripped = stripExtensions(doc);
    const Json expected = json(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
            "headers": {"x-rate-limit": {"schema": {"type": "integer"}}},
            "content": {"application/json": {"schema": {"type": "object", "properties": {"x-name": {"type": "string"}}},
                                             "example": {"x-data": 1}}}}}}}},
        "components": {"schemas": {"x-model": {"type": "string"}}}})");
    QVERIFY2(stripped == expected, qPrintable(show(stripped)));
}

void tst_OpenApiConvert::exportsAreDeterministic()
{
    ApiDocument doc;
    const QString file = kOasExamples + u"/2.0/json/petstore-expanded.json"_s;
    QVERIFY(doc.load(file).ok());
    const auto a = convertToOpenApi30(doc.root());
    const auto b = convertToOpenApi30(doc.root());
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(serializeDocument(a->document, FileFormat::Yaml), serializeDocument(b->document, FileFormat::Yaml));
    ApiDocument again;
    QVERIFY(again.load(file).ok());
    QCOMPARE(again.serialized(), doc.serialized());
}

void tst_OpenApiConvert::apiDocumentOpensEveryVersion_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("converted");
    QTest::addRow("Swagger 2.0") << kOasExamples + u"/2.0/yaml/petstore.yaml"_s << u"2.0"_s << true;
    QTest::addRow("OpenAPI 3.0") << kOasExamples + u"/3.0/json/petstore.json"_s << u"3.0.0"_s << true;
    QTest::addRow("OpenAPI 3.1") << kOasExamples + u"/3.1/yaml/petstore.yaml"_s << u"3.1.0"_s << false;
}

void tst_OpenApiConvert::apiDocumentOpensEveryVersion()
{
    QFETCH(QString, file);
    QFETCH(QString, version);
    QFETCH(bool, converted);
    ApiDocument doc;
    const auto loaded = doc.load(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(doc.sourceVersion(), version);
    QCOMPARE(doc.convertedOnLoad(), converted);
    QVERIFY(doc.root()[u"openapi"].toString().startsWith(u"3.1"));
    QVERIFY(!checkIsOpenApi31(doc.root(), file, doc.sourceMap()).has_value());
    QVERIFY(!doc.endpoints().isEmpty());
    QVERIFY(!doc.modelNames().isEmpty());
    if (version == u"2.0") {
        // Problems found at 3.1 pointers still point into the 2.0 file.
        QVERIFY(doc.locate(u"/components/schemas/Pet"_s).line > 1);
    }
}

void tst_OpenApiConvert::oasExamples_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = oasExampleFiles();
    QVERIFY2(files.size() >= 100, "@readme/oas-examples is not installed (run tools/setup.sh)");
    for (const QString &file : files)
        QTest::addRow("%s", qPrintable(file.mid(kOasExamples.size() + 1))) << file;
}

void tst_OpenApiConvert::oasExamples()
{
    QFETCH(QString, file);

    // Import: any version opens as 3.1.
    ApiDocument doc;
    const auto loaded = doc.load(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    const Json imported = doc.root();

    // Export 3.1 (JSON and YAML) and import again: the same document.
    for (const FileFormat format : {FileFormat::Json, FileFormat::Yaml}) {
        const QByteArray exported = serializeDocument(imported, format);
        auto reparsed = parseDocument(exported, u"export"_s, format);
        QVERIFY2(reparsed.ok(), qPrintable(reparsed.ok() ? QString() : reparsed.error().toString()));
        const auto again = convertToOpenApi31(reparsed->root);
        QVERIFY(again.ok());
        QVERIFY(again->warnings.isEmpty());
        QVERIFY2(again->document == imported,
                 format == FileFormat::Json ? "JSON round trip differs" : "YAML round trip differs");
    }

    // Export 3.0 is stable: importing it and exporting 3.0 again gives the same document.
    const auto to30 = convertToOpenApi30(imported);
    QVERIFY(to30.ok());
    const auto back = convertToOpenApi31(to30->document);
    QVERIFY(back.ok());
    const auto to30again = convertToOpenApi30(back->document);
    QVERIFY(to30again.ok());
    QVERIFY2(to30again->document == to30->document, qPrintable(show(to30again->document).left(2000)));

    // Serve it: the route table compiles and every operation answers without a server error.
    MockEngine engine;
    const auto set = engine.setDocument(imported, {});
    QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().toString()));
    const auto table = engine.table();
    QVERIFY(table);
    int answered = 0;
    for (const CompiledOperation *op : table->operations()) {
        MockRequest request;
        request.method = op->method;
        request.path = concretePath(op->pathTemplate);
        request.target = QUrl::toPercentEncoding(request.path, "/");
        request.headers.append({QByteArray("accept"), QByteArray("*/*")});
        request.client = u"127.0.0.1:1"_s;
        const auto outcome = engine.handle(request, *table);
        bool documentsOnlyServerErrors = !op->responses.isEmpty();
        for (const ResponsePlan &r : op->responses)
            documentsOnlyServerErrors = documentsOnlyServerErrors && r.status != u"default" && r.code >= 500;
        if (!documentsOnlyServerErrors) {
            QVERIFY2(outcome.response.status < 500,
                     qPrintable(u"%1 %2 → %3 %4"_s.arg(QString::fromLatin1(op->method), request.path)
                                    .arg(outcome.response.status)
                                    .arg(QString::fromUtf8(outcome.response.body.left(300)))));
        }
        ++answered;
    }
    QCOMPARE(answered, qsizetype(table->operations().size()));
}

QTEST_GUILESS_MAIN(tst_OpenApiConvert)
#include "tst_openapiconvert.moc"
