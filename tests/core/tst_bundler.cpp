// Multi-file documents: bundling external $refs into one document (cycles included), refusing URLs and paths
// outside the project folder, opening them through ApiDocument, and circular references working everywhere
// a document is used: checks, validation, generated responses, the docs routes and exports.
#include "core/apidocument.h"
#include "core/bundler.h"
#include "core/checks.h"
#include "core/documentio.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/openapiconvert.h"
#include "core/schema.h"
#include "core/yamlio.h"
#include "mock/mockengine.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/multifile/") + name;
}

// Every local $ref of the document, with where it is written.
void collectRefs(const Json &value, const QString &pointer, QList<std::pair<QString, QString>> &out)
{
    if (value.isArray()) {
        const JsonArray &items = value.toArray();
        for (size_t i = 0; i < items.size(); ++i)
            collectRefs(items[i], jsonpointer::append(pointer, qsizetype(i)), out);
        return;
    }
    for (const auto &[key, member] : value.toObject()) {
        if (key == u"$ref" && member.isString())
            out.append({pointer, member.toString()});
        else
            collectRefs(member, jsonpointer::append(pointer, key), out);
    }
}

void verifyRefsResolve(const Json &document)
{
    QList<std::pair<QString, QString>> refs;
    collectRefs(document, QString(), refs);
    QVERIFY(!refs.isEmpty());
    for (const auto &[at, ref] : refs) {
        QVERIFY2(ref.startsWith(u"#/"), qPrintable(at + u": "_s + ref));
        QVERIFY2(jsonpointer::resolve(document, jsonpointer::fromUriFragment(ref)), qPrintable(at + u": "_s + ref));
    }
}

MockEngine::Outcome request(MockEngine &engine, const QByteArray &method, const QString &path,
                            const QByteArray &body = {})
{
    MockRequest r;
    r.method = method;
    r.path = path;
    r.target = path.toUtf8();
    r.body = body;
    r.client = u"127.0.0.1:1"_s;
    if (!body.isEmpty())
        r.headers.append({QByteArray("content-type"), QByteArray("application/json")});
    return engine.handle(r, *engine.table());
}

} // namespace

class tst_Bundler : public QObject
{
    Q_OBJECT

private slots:
    void bundlesEveryKindOfReference();
    void cyclesBecomeLocalReferences();
    void namesAreStableAndCollisionFree();
    void bundlingKeepsTheVersion_data();
    void bundlingKeepsTheVersion();
    void refusals_data();
    void refusals();
    void symlinkOutOfTheFolderIsRefused();
    void refsToSchemaIdsAreNotRemote();
    void apiDocumentOpensMultiFileProjects_data();
    void apiDocumentOpensMultiFileProjects();
    void circularReferencesWorkEverywhere_data();
    void circularReferencesWorkEverywhere();
    void validationFollowsCyclesAcrossFiles();
};

void tst_Bundler::bundlesEveryKindOfReference()
{
    QList<ConversionWarning> warnings;
    const auto bundled = bundleDocument(fixture(u"openapi.yaml"_s), &warnings);
    QVERIFY2(bundled.ok(), qPrintable(bundled.ok() ? QString() : bundled.error().toString()));
    QVERIFY(warnings.isEmpty());
    const Json &doc = bundled->document;
    QVERIFY(!hasExternalRefs(doc));
    verifyRefsResolve(doc);

    QStringList files;
    for (const QString &file : bundled->files)
        files.append(QDir(fixture(QString())).relativeFilePath(file));
    QCOMPARE(files, (QStringList{u"openapi.yaml"_s, u"paths/pets.yaml"_s, u"schemas/pet.yaml"_s,
                                 u"schemas/person.yaml"_s, u"responses.yaml"_s, u"parameters.yaml"_s}));

    // A path item is copied in place; schemas, parameters and responses become components.
    QCOMPARE(doc[u"paths"][u"/pets"][u"get"][u"operationId"].toString(), u"listPets"_s);
    QCOMPARE(doc[u"paths"][u"/pets"][u"get"][u"responses"][u"200"][u"content"][u"application/json"][u"schema"][u"items"]
                [u"$ref"]
                    .toString(),
             u"#/components/schemas/pet"_s);
    QCOMPARE(doc[u"paths"][u"/pets/{id}"][u"get"][u"parameters"][0][u"$ref"].toString(),
             u"#/components/parameters/PetId"_s);
    QCOMPARE(doc[u"paths"][u"/pets/{id}"][u"get"][u"responses"][u"404"][u"$ref"].toString(),
             u"#/components/responses/NotFound"_s);
    QCOMPARE(doc[u"paths"][u"/pets"][u"post"][u"responses"][u"default"][u"$ref"].toString(),
             u"#/components/responses/NotFound"_s);
    QCOMPARE(doc[u"components"][u"parameters"][u"PetId"][u"in"].toString(), u"path"_s);
    QCOMPARE(doc[u"components"][u"schemas"][u"pet"][u"required"], Json(JsonArray{Json(u"name"_s)}));
    // `#/$defs/Tag` inside pet.yaml points into pet.yaml, so it becomes a component of its own.
    QCOMPARE(doc[u"components"][u"schemas"][u"pet"][u"properties"][u"tags"][u"items"][u"$ref"].toString(),
             u"#/components/schemas/Tag"_s);
    QCOMPARE(doc[u"components"][u"schemas"][u"Tag"][u"maxLength"].toInteger(), 20);
}

void tst_Bundler::cyclesBecomeLocalReferences()
{
    const auto bundled = bundleDocument(fixture(u"openapi.yaml"_s));
    QVERIFY(bundled.ok());
    const Json &schemas = bundled->document[u"components"][u"schemas"];
    QCOMPARE(schemas[u"pet"][u"properties"][u"owner"][u"$ref"].toString(), u"#/components/schemas/person"_s);
    QCOMPARE(schemas[u"person"][u"properties"][u"pets"][u"items"][u"$ref"].toString(), u"#/components/schemas/pet"_s);
    QCOMPARE(schemas[u"person"][u"properties"][u"manager"][u"$ref"].toString(), u"#/components/schemas/person"_s);
    // `schemas/person.yaml` and `./schemas/person.yaml#` are the same target: one component.
    QCOMPARE(bundled
                 ->document[u"paths"][u"/people"][u"post"][u"responses"][u"201"][u"content"][u"application/json"]
                           [u"schema"][u"$ref"]
                 .toString(),
             u"#/components/schemas/person"_s);
}

void tst_Bundler::namesAreStableAndCollisionFree()
{
    const auto a = bundleDocument(fixture(u"openapi.yaml"_s));
    const auto b = bundleDocument(fixture(u"openapi.yaml"_s));
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(toYaml(a->document), toYaml(b->document));
    const Json &schemas = a->document[u"components"][u"schemas"];
    // The project's own Error stays; responses.yaml's Error gets its file's name in front.
    QCOMPARE(schemas[u"Error"][u"type"].toString(), u"string"_s);
    QCOMPARE(schemas[u"responses_Error"][u"type"].toString(), u"object"_s);
    QCOMPARE(a->document[u"components"][u"responses"][u"NotFound"][u"content"][u"application/json"][u"schema"][u"$ref"]
                 .toString(),
             u"#/components/schemas/responses_Error"_s);
    QStringList names;
    for (const auto &[name, schema] : schemas.toObject())
        names.append(name);
    QCOMPARE(names, (QStringList{u"Error"_s, u"pet"_s, u"person"_s, u"Tag"_s, u"responses_Error"_s}));
}

void tst_Bundler::bundlingKeepsTheVersion_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pointer"); // where the external schema landed
    QTest::addRow("OpenAPI 3.0") << fixture(u"v30/openapi.yaml"_s) << u"/components/schemas/Node"_s;
    QTest::addRow("Swagger 2.0") << fixture(u"v20/swagger.yaml"_s) << u"/definitions/Thing"_s;
}

void tst_Bundler::bundlingKeepsTheVersion()
{
    QFETCH(QString, file);
    QFETCH(QString, pointer);
    const auto original = readDocumentFile(file);
    QVERIFY(original.ok());
    const auto bundled = bundleDocument(file);
    QVERIFY(bundled.ok());
    QCOMPARE(bundled->document[u"openapi"], original->root[u"openapi"]);
    QCOMPARE(bundled->document[u"swagger"], original->root[u"swagger"]);
    const Json *schema = jsonpointer::resolve(bundled->document, pointer);
    QVERIFY(schema);
    // Self-references inside the external file now point at the component.
    QList<std::pair<QString, QString>> refs;
    collectRefs(*schema, QString(), refs);
    for (const auto &[at, ref] : refs)
        QCOMPARE(ref, u"#"_s + pointer);
    verifyRefsResolve(bundled->document);
}

void tst_Bundler::refusals_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");   // part of the error
    QTest::addColumn<QString>("errorFile"); // the file the error points into
    QTest::addColumn<int>("line");
    QTest::addRow("a URL") << fixture(u"refused/url.yaml"_s) << u"\"https://example.com/schemas/pet.yaml\" is a URL"_s
                           << fixture(u"refused/url.yaml"_s) << 12;
    QTest::addRow("a path out of the folder")
        << fixture(u"refused/escape.yaml"_s)
        << u"\"../../broken/bad-example.yaml#/info\" points outside the project folder"_s
        << fixture(u"refused/escape.yaml"_s) << 12;
    QTest::addRow("a path out of the folder from a referenced file")
        << fixture(u"refused/nested-escape.yaml"_s) << u"\"../../schemas/pet.yaml\" points outside the project folder"_s
        << fixture(u"refused/sub/inner.yaml"_s) << 4;
    QTest::addRow("a missing file") << fixture(u"refused/missing.yaml"_s) << u"\"nowhere.yaml\": no such file"_s
                                    << fixture(u"refused/missing.yaml"_s) << 6;
    QTest::addRow("a pointer to nothing")
        << fixture(u"refused/bad-pointer.yaml"_s) << u"has nothing at /properties/nope"_s
        << fixture(u"refused/bad-pointer.yaml"_s) << 6;
    QTest::addRow("an anchor fragment") << fixture(u"refused/anchor.yaml"_s) << u"only JSON pointer fragments"_s
                                        << fixture(u"refused/anchor.yaml"_s) << 6;
    QTest::addRow("a path item that includes itself")
        << fixture(u"refused/path-cycle.yaml"_s) << u"is circular"_s << fixture(u"refused/path-cycle-item.yaml"_s) << 1;
}

void tst_Bundler::refusals()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    QFETCH(QString, errorFile);
    QFETCH(int, line);
    const auto bundled = bundleDocument(file);
    QVERIFY(!bundled.ok());
    const Error &error = bundled.error();
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    QCOMPARE(QFileInfo(error.location.file).canonicalFilePath(), QFileInfo(errorFile).canonicalFilePath());
    QCOMPARE(error.location.line, line);
    QVERIFY(error.location.pointer.endsWith(u"/$ref"));

    // ApiDocument refuses the same way and keeps what it had.
    ApiDocument doc;
    const Json before = doc.root();
    const auto loaded = doc.load(file);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().message, error.message);
    QVERIFY(doc.root() == before);
}

void tst_Bundler::symlinkOutOfTheFolderIsRefused()
{
    QTemporaryDir outside, project;
    QVERIFY(outside.isValid() && project.isValid());
    {
        QFile secret(outside.filePath(u"secret.yaml"_s));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("type: string\n");
    }
    QVERIFY(QFile::link(outside.path(), project.filePath(u"linked"_s)));
    {
        QFile root(project.filePath(u"openapi.yaml"_s));
        QVERIFY(root.open(QIODevice::WriteOnly));
        root.write("openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A:\n      $ref: "
                   "linked/secret.yaml\n");
    }
    const auto bundled = bundleDocument(project.filePath(u"openapi.yaml"_s));
    QVERIFY(!bundled.ok());
    QVERIFY2(bundled.error().message.contains(u"symbolic link"_s), qPrintable(bundled.error().toString()));
}

void tst_Bundler::refsToSchemaIdsAreNotRemote()
{
    LoadedFile file;
    file.path = fixture(u"inline.yaml"_s);
    file.root = parseJson(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
        "A": {"$id": "https://example.com/schemas/a", "type": "string"},
        "B": {"$ref": "https://example.com/schemas/a"},
        "C": {"$ref": "parameters.yaml#/PetId/schema"}}}})");
    QList<ConversionWarning> warnings;
    const auto bundled = bundleDocument(file, &warnings);
    QVERIFY2(bundled.ok(), qPrintable(bundled.ok() ? QString() : bundled.error().toString()));
    QVERIFY(warnings.isEmpty());
    QCOMPARE(bundled->document[u"components"][u"schemas"][u"B"][u"$ref"].toString(),
             u"https://example.com/schemas/a"_s);
    QCOMPARE(bundled->document[u"components"][u"schemas"][u"C"][u"$ref"].toString(),
             u"#/components/schemas/PetId_schema"_s);
}

void tst_Bundler::apiDocumentOpensMultiFileProjects_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("referencedFiles");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("OpenAPI 3.1") << fixture(u"openapi.yaml"_s) << u"3.1.0"_s << 5
                                 << u"/components/schemas/pet/properties/name"_s
                                 << QByteArray(R"({"type": "string", "minLength": 1})");
    QTest::addRow("OpenAPI 3.0, converted after bundling")
        << fixture(u"v30/openapi.yaml"_s) << u"3.0.3"_s << 1 << u"/components/schemas/Node/properties/label"_s
        << QByteArray(R"({"type": ["string", "null"], "examples": ["root"]})");
    QTest::addRow("Swagger 2.0, converted after bundling")
        << fixture(u"v20/swagger.yaml"_s) << u"2.0"_s << 1 << u"/components/schemas/Thing/properties/part"_s
        << QByteArray(R"({"$ref": "#/components/schemas/Thing"})");
}

void tst_Bundler::apiDocumentOpensMultiFileProjects()
{
    QFETCH(QString, file);
    QFETCH(QString, version);
    QFETCH(int, referencedFiles);
    QFETCH(QString, pointer);
    QFETCH(QByteArray, expected);
    ApiDocument doc;
    const auto loaded = doc.load(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QVERIFY(doc.bundledOnLoad());
    QCOMPARE(doc.referencedFiles().size(), qsizetype(referencedFiles));
    QCOMPARE(doc.sourceVersion(), version);
    QCOMPARE(doc.convertedOnLoad(), version != u"3.1.0");
    QCOMPARE(doc.value(pointer), parseJson(expected));
    verifyRefsResolve(doc.root());
    for (const Problem &p : checkDocument(doc))
        QVERIFY2(p.severity != Problem::Severity::Error, qPrintable(p.toString()));
}

void tst_Bundler::circularReferencesWorkEverywhere_data()
{
    QTest::addColumn<QString>("file");
    QTest::addRow("multi-file cycles") << fixture(u"openapi.yaml"_s);
    QTest::addRow("oas-examples 3.0 schema-circular")
        << QStringLiteral(PORTICO_NPM_DIR "/@readme/oas-examples/3.0/json/schema-circular.json");
    QTest::addRow("oas-examples 2.0 schema-circular")
        << QStringLiteral(PORTICO_NPM_DIR "/@readme/oas-examples/2.0/yaml/schema-circular.yaml");
}

void tst_Bundler::circularReferencesWorkEverywhere()
{
    QFETCH(QString, file);
    ApiDocument doc;
    const auto loaded = doc.load(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));

    // Checks terminate, and find every reference and schema sound. (An example that breaks its schema is the
    // input's own business: 3.0/schema-circular has a string example on an object.)
    for (const Problem &p : checkDocument(doc)) {
        const bool aboutStructure = p.message.contains(u"$ref"_s) || p.message.contains(u"does not compile"_s);
        QVERIFY2(p.severity != Problem::Severity::Error || !aboutStructure, qPrintable(p.toString()));
    }

    // Validation: every model compiles, and a deeply nested instance is checked all the way down.
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:test"_s, doc.root());
    for (const QString &model : doc.modelNames()) {
        const auto compiled = compiler.compile(u"urn:test#"_s + ApiDocument::modelPointer(model));
        QVERIFY2(compiled.ok(), qPrintable(model));
    }

    // Serving: generated responses terminate and match their recursive schemas; docs routes answer.
    MockEngine engine;
    const auto set = engine.setDocument(doc.root(), {});
    QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().toString()));
    for (const ApiEndpoint &e : doc.endpoints()) {
        static const QRegularExpression parameter(u"\\{[^}/]*\\}"_s);
        QString path = e.path;
        path.replace(parameter, u"1"_s);
        const auto outcome = request(engine, e.method.toUpper().toLatin1(), path);
        QVERIFY2(outcome.response.status < 500,
                 qPrintable(e.method + u' ' + path + u" → "_s + QString::number(outcome.response.status)));
        QVERIFY2(outcome.trace.responseErrors.isNull(),
                 qPrintable(QString::fromUtf8(toJson(outcome.trace.responseErrors))));
    }
    const auto openapi = request(engine, "GET", u"/openapi.json"_s);
    QCOMPARE(openapi.response.status, 200);
    // Served as it is, except that the mock itself comes first among the servers ("Try it out" calls it).
    Json served = parseJson(openapi.response.body);
    if (!doc.root()[u"servers"].toArray().empty()) {
        QCOMPARE(served[u"servers"][0][u"url"].toString(), u"/"_s);
        JsonArray &servers = served.object().find(u"servers")->array();
        servers.erase(servers.begin());
    }
    QVERIFY(served == doc.root());
    QCOMPARE(request(engine, "GET", u"/docs"_s).response.status, 200);
    QCOMPARE(request(engine, "GET", u"/redoc"_s).response.status, 200);

    // Export: both versions, every reference still resolves, and the 3.0 export reads back.
    for (const bool to30 : {false, true}) {
        Json exported = doc.root();
        if (to30) {
            const auto converted = convertToOpenApi30(doc.root());
            QVERIFY(converted.ok());
            for (const ConversionWarning &w : converted->warnings)
                QVERIFY2(!w.message.contains(u"does not resolve"_s), qPrintable(w.message));
            exported = converted->document;
        }
        verifyRefsResolve(exported);
        const auto reread =
            parseDocument(serializeDocument(exported, FileFormat::Yaml), u"export.yaml"_s, FileFormat::Yaml);
        QVERIFY(reread.ok());
        QVERIFY(convertToOpenApi31(reread->root).ok());
    }
}

void tst_Bundler::validationFollowsCyclesAcrossFiles()
{
    ApiDocument doc;
    QVERIFY(doc.load(fixture(u"openapi.yaml"_s)).ok());
    MockEngine engine;
    QVERIFY(engine.setDocument(doc.root(), {}).ok());
    const QByteArray valid =
        R"({"name": "Ann", "pets": [{"name": "Rex", "owner": {"name": "Ann", "manager": {"name": "Bob"}}}]})";
    QCOMPARE(request(engine, "POST", u"/people"_s, valid).response.status, 201);
    const QByteArray invalid =
        R"({"name": "Ann", "pets": [{"name": "Rex", "owner": {"name": "Ann", "manager": {"name": 5}}}]})";
    const auto rejected = request(engine, "POST", u"/people"_s, invalid);
    QCOMPARE(rejected.response.status, 422);
    const Json detail = parseJson(rejected.response.body)[u"detail"];
    QCOMPARE(detail[0][u"loc"], parseJson(R"(["body", "pets", 0, "owner", "manager", "name"])"));
    const QByteArray badPet = R"({"name": "Ann", "pets": [{"name": ""}]})";
    QCOMPARE(request(engine, "POST", u"/people"_s, badPet).response.status, 422);
}

QTEST_GUILESS_MAIN(tst_Bundler)
#include "tst_bundler.moc"
