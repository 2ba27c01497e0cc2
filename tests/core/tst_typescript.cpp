// The TypeScript client generator: exact type shapes, and every bundled example and every @readme/oas-examples
// document compiled by the real TypeScript compiler under --strict; the generated fetch code run under node.
#include "core/documentio.h"
#include "core/openapiconvert.h"
#include "core/typescriptgenerator.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kSource = QStringLiteral(PORTICO_SOURCE_DIR);
const QString kNpm = QStringLiteral(PORTICO_NPM_DIR);
const QString kTsc = kNpm + u"/typescript/bin/tsc"_s;
const QString kOasExamples = kNpm + u"/@readme/oas-examples"_s;

// Documents written as YAML in the tests read best; parse them the way files are parsed.
Json yaml(const QByteArray &text)
{
    auto parsed = parseDocument(text, u"test.yaml"_s, FileFormat::Yaml);
    if (!parsed.ok())
        qFatal("bad test YAML: %s", qPrintable(parsed.error().toString()));
    return parsed->root;
}

Json documentWith(const QByteArray &schemasYaml, const QByteArray &pathsYaml = "{}")
{
    return yaml("openapi: 3.1.0\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://api.example.com/v1'}]\n"
                "paths: " +
                pathsYaml + "\ncomponents:\n  schemas: " + schemasYaml + "\n");
}

struct Source
{
    QString name; // row name and file stem
    QString path;
};

QList<Source> allSources()
{
    QList<Source> out;
    QDir examples(kSource + u"/resources/examples"_s);
    for (const QString &f : examples.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
        out.append({u"example "_s + f, examples.filePath(f)});
    for (const QString &version : {u"3.1"_s, u"3.0"_s, u"2.0"_s}) {
        QDirIterator it(kOasExamples + u'/' + version + u"/json"_s, {u"*.json"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files.append(it.next());
        files.sort();
        for (const QString &f : std::as_const(files))
            out.append(
                {u"oas "_s + version + u' ' + QDir(kOasExamples + u'/' + version + u"/json"_s).relativeFilePath(f), f});
    }
    return out;
}

QString fileStem(const QString &rowName)
{
    QString stem = rowName;
    stem.replace(QRegularExpression(u"[^A-Za-z0-9]+"_s), u"_"_s);
    return stem;
}

struct TscRun
{
    bool ran = false;
    QString failure;                    // why tsc could not run at all
    QHash<QString, QStringList> errors; // file name → diagnostics
};

TscRun runTsc(const QString &directory, const QStringList &files, const QStringList &extra = {})
{
    TscRun run;
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    if (node.isEmpty() || !QFile::exists(kTsc)) {
        run.failure = u"node or typescript (tools/npm) is not installed; run tools/setup.sh"_s;
        return run;
    }
    QProcess tsc;
    tsc.setWorkingDirectory(directory);
    tsc.start(node, QStringList{kTsc, u"--strict"_s, u"--noEmit"_s, u"--target"_s, u"es2020"_s, u"--lib"_s,
                                u"es2020,dom"_s, u"--pretty"_s, u"false"_s} +
                        extra + files);
    if (!tsc.waitForFinished(600000)) {
        run.failure = u"tsc did not finish"_s;
        return run;
    }
    run.ran = true;
    static const QRegularExpression diagnostic(u"^(.+?)\\(\\d+,\\d+\\): error"_s);
    for (const QString &line : QString::fromUtf8(tsc.readAllStandardOutput()).split(u'\n')) {
        if (const auto m = diagnostic.match(line); m.hasMatch())
            run.errors[QFileInfo(m.captured(1)).fileName()].append(line);
        else if (!line.trimmed().isEmpty() && !line.startsWith(u' '))
            run.errors[u"(tsc)"_s].append(line);
    }
    return run;
}

} // namespace

class tst_TypeScript : public QObject
{
    Q_OBJECT

private slots:
    void typeShapes_data();
    void typeShapes();
    void identifiersAreValid_data();
    void identifiersAreValid();
    void operations_data();
    void operations();
    void aliasCycleIsBrokenWithAWarning();
    void compilesUnderStrict_data();
    void compilesUnderStrict();
    void clientRunsAgainstFetch();

private:
    QTemporaryDir m_compileDir;
    std::optional<TscRun> m_compiled;
    QHash<QString, QString> m_generationProblems; // row → why it could not be generated
    QHash<QString, int> m_warningCounts;
};

void tst_TypeScript::typeShapes_data()
{
    QTest::addColumn<QByteArray>("schemas");
    QTest::addColumn<QStringList>("expected");

    QTest::addRow("required and optional properties")
        << QByteArray(
               "{Pet: {type: object, required: [name], properties: {name: {type: string}, age: {type: integer}}}}")
        << QStringList{u"export interface Pet {"_s, u"  name: string;"_s, u"  age?: number;"_s};
    QTest::addRow("nullable as a type union")
        << QByteArray("{Note: {type: object, properties: {text: {type: [string, 'null']}}}}")
        << QStringList{u"  text?: string | null;"_s};
    QTest::addRow("nullable as anyOf with null") << QByteArray("{Note: {type: object, required: [text], properties: "
                                                               "{text: {anyOf: [{type: string}, {type: 'null'}]}}}}")
                                                 << QStringList{u"  text: string | null;"_s};
    QTest::addRow("OpenAPI 3.0 nullable still understood")
        << QByteArray("{Note: {type: object, properties: {n: {type: integer, nullable: true}}}}")
        << QStringList{u"  n?: number | null;"_s};
    QTest::addRow("string enum as literal union")
        << QByteArray("{Status: {type: string, enum: [available, pending, sold]}}")
        << QStringList{u"export type Status = \"available\" | \"pending\" | \"sold\";"_s};
    QTest::addRow("mixed enum with null") << QByteArray("{Level: {enum: [1, two, null, true]}}")
                                          << QStringList{u"export type Level = 1 | \"two\" | null | true;"_s};
    QTest::addRow("const as literal")
        << QByteArray("{Dog: {type: object, required: [kind], properties: {kind: {const: dog}}}}")
        << QStringList{u"  kind: \"dog\";"_s};
    QTest::addRow("recursive model")
        << QByteArray("{Node: {type: object, required: [value], properties: {value: {type: number}, children: {type: "
                      "array, items: {$ref: '#/components/schemas/Node'}}}}}")
        << QStringList{u"export interface Node {"_s, u"  children?: Node[];"_s};
    QTest::addRow("mutually recursive models")
        << QByteArray("{A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}, B: {type: object, "
                      "properties: {a: {$ref: '#/components/schemas/A'}}}}")
        << QStringList{u"  b?: B;"_s, u"  a?: A;"_s};
    QTest::addRow("recursive alias through an array")
        << QByteArray("{Json: {oneOf: [{type: string}, {type: number}, {type: array, items: {$ref: "
                      "'#/components/schemas/Json'}}]}}")
        << QStringList{u"export type Json = string | number | Json[];"_s};
    QTest::addRow("map via additionalProperties")
        << QByteArray("{Labels: {type: object, additionalProperties: {type: string}}}")
        << QStringList{u"  [key: string]: string;"_s};
    QTest::addRow("index signature admits the named properties")
        << QByteArray(
               "{Mixed: {type: object, properties: {count: {type: integer}}, additionalProperties: {type: string}}}")
        << QStringList{u"  count?: number;"_s, u"  [key: string]: string | number | undefined;"_s};
    QTest::addRow("free-form object") << QByteArray("{Anything: {type: object}}")
                                      << QStringList{u"export interface Anything {"_s, u"  [key: string]: unknown;"_s};
    QTest::addRow("closed empty object") << QByteArray("{Nothing: {type: object, additionalProperties: false}}")
                                         << QStringList{u"  [key: string]: never;"_s};
    QTest::addRow("allOf as intersection")
        << QByteArray("{A: {type: object, properties: {a: {type: string}}}, AB: {allOf: [{$ref: "
                      "'#/components/schemas/A'}, {type: object, properties: {b: {type: boolean}}}]}}")
        << QStringList{u"export type AB = A & {"_s, u"  b?: boolean;"_s};
    QTest::addRow("oneOf as union") << QByteArray("{Cat: {type: object}, Dog: {type: object}, Pet: {oneOf: [{$ref: "
                                                  "'#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]}}")
                                    << QStringList{u"export type Pet = Cat | Dog;"_s};
    QTest::addRow("union inside an array is parenthesised")
        << QByteArray("{Ids: {type: array, items: {type: [string, integer]}}}")
        << QStringList{u"export type Ids = (string | number)[];"_s};
    QTest::addRow("tuple with optional tail and rest")
        << QByteArray(
               "{Point: {type: array, prefixItems: [{type: number}, {type: number}, {type: string}], minItems: 2}}")
        << QStringList{u"export type Point = [number, number, string?, ...unknown[]];"_s};
    QTest::addRow("closed tuple")
        << QByteArray(
               "{Pair: {type: array, prefixItems: [{type: string}, {type: boolean}], items: false, minItems: 2}}")
        << QStringList{u"export type Pair = [string, boolean];"_s};
    QTest::addRow("integer and number formats")
        << QByteArray("{N: {type: object, properties: {i: {type: integer, format: int64}, f: {type: number, format: "
                      "float}, d: {type: string, format: date-time}}}}")
        << QStringList{u"  i?: number;"_s, u"  f?: number;"_s, u"  d?: string;"_s, u"@format date-time"_s};
    QTest::addRow("readOnly is readonly, writeOnly documented")
        << QByteArray("{User: {type: object, properties: {id: {type: string, readOnly: true}, password: {type: string, "
                      "writeOnly: true}}}}")
        << QStringList{u"  readonly id?: string;"_s, u"Write-only: sent in requests, never returned."_s};
    QTest::addRow("descriptions become JSDoc")
        << QByteArray("{Item: {type: object, description: 'A thing. */ not the end', properties: {n: {type: string, "
                      "description: 'Its name.', default: x, deprecated: true}}}}")
        << QStringList{u"/** A thing. *\\/ not the end */"_s, u"   * Its name."_s, u"   * @default \"x\""_s,
                       u"   * @deprecated"_s};
    QTest::addRow("property names that are not identifiers are quoted")
        << QByteArray("{Odd: {type: object, properties: {'content-type': {type: string}, '1st': {type: string}, class: "
                      "{type: string}}}}")
        << QStringList{u"  \"content-type\"?: string;"_s, u"  \"1st\"?: string;"_s, u"  class?: string;"_s};
    QTest::addRow("reference into another model's property")
        << QByteArray("{A: {type: object, properties: {name: {type: string, maxLength: 3}}}, B: {type: object, "
                      "properties: {n: {$ref: '#/components/schemas/A/properties/name'}}}}")
        << QStringList{u"  n?: string;"_s};
    QTest::addRow("untyped schema is unknown")
        << QByteArray("{Any: {description: anything}}") << QStringList{u"export type Any = unknown;"_s};
}

void tst_TypeScript::typeShapes()
{
    QFETCH(QByteArray, schemas);
    QFETCH(QStringList, expected);
    const QString ts = generateTypeScript(documentWith(schemas));
    for (const QString &e : std::as_const(expected))
        QVERIFY2(ts.contains(e),
                 qPrintable(u"missing: "_s + e + u"\n--- generated ---\n"_s + ts.mid(ts.indexOf(u"// ---- Models"_s))));
}

void tst_TypeScript::identifiersAreValid_data()
{
    QTest::addColumn<QByteArray>("schemas");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("dotted and dashed names")
        << QByteArray("{'pet-store.Item': {type: object}, Ref: {type: object, properties: {i: {$ref: "
                      "'#/components/schemas/pet-store.Item'}}}}")
        << QStringList{u"export interface PetStoreItem {"_s, u"  i?: PetStoreItem;"_s};
    QTest::addRow("names that shadow what the client uses")
        << QByteArray("{Error: {type: object}, Response: {type: string}, Promise: {type: integer}}")
        << QStringList{u"export interface ErrorModel {"_s, u"export type ResponseModel = string;"_s,
                       u"export type PromiseModel = number;"_s};
    QTest::addRow("reserved words") << QByteArray("{string: {type: string}, default: {type: object}}")
                                    << QStringList{u"export type String = string;"_s, u"export interface Default {"_s};
    QTest::addRow("names that collide after sanitising")
        << QByteArray("{'a-b': {type: string}, 'a.b': {type: integer}}")
        << QStringList{u"export type AB = string;"_s, u"export type AB2 = number;"_s};
    QTest::addRow("leading digit") << QByteArray("{'2fa': {type: string}}")
                                   << QStringList{u"export type _2fa = string;"_s};
}

void tst_TypeScript::identifiersAreValid()
{
    QFETCH(QByteArray, schemas);
    QFETCH(QStringList, expected);
    const QString ts = generateTypeScript(documentWith(schemas));
    for (const QString &e : std::as_const(expected))
        QVERIFY2(ts.contains(e), qPrintable(u"missing: "_s + e + u"\n"_s + ts.mid(ts.indexOf(u"// ---- Models"_s))));
}

void tst_TypeScript::operations_data()
{
    QTest::addColumn<QByteArray>("paths");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("named from operationId, path interpolated and encoded")
        << QByteArray("{'/items/{itemId}': {get: {operationId: get_item, parameters: [{name: itemId, in: path, "
                      "required: true, schema: {type: integer}}],"
                      " responses: {'200': {description: ok, content: {application/json: {schema: {$ref: "
                      "'#/components/schemas/Item'}}}},"
                      " '404': {description: missing, content: {application/problem+json: {schema: {$ref: "
                      "'#/components/schemas/Problem'}}}}}}}}")
        << QStringList{
               u"export async function getItem(params: GetItemParams, options: ClientOptions = {}): Promise<GetItemResponse>"_s,
               u"`/items/${pathValue(params.itemId, \"simple\", false, \"itemId\")}`"_s, u"  | { status: 200; body: Item; response: Response }"_s,
               u"  | { status: 404; body: Problem; response: Response };"_s, u"[\"200\", \"404\"]"_s};
    QTest::addRow("named from method and path without operationId")
        << QByteArray("{'/users/{id}/posts': {get: {parameters: [{name: id, in: path, required: true, schema: {type: "
                      "string}}], responses: {'204': {description: none}}}}}")
        << QStringList{u"export async function getUsersByIdPosts("_s,
                       u"  | { status: 204; body: undefined; response: Response };"_s};
    QTest::addRow("query arrays repeat, headers are sent, body is JSON without readOnly")
        << QByteArray(
               "{'/items': {post: {operationId: createItem, parameters: [{name: tag, in: query, schema: {type: array, "
               "items: {type: string}}},"
               " {name: csv, in: query, style: form, explode: false, schema: {type: array, items: {type: integer}}},"
               " {name: X-Trace, in: header, required: true, schema: {type: string}}, {name: session, in: cookie, "
               "schema: {type: string}}],"
               " requestBody: {required: true, content: {application/json: {schema: {$ref: "
               "'#/components/schemas/Item'}}}},"
               " responses: {'201': {description: created, content: {application/json: {schema: {$ref: "
               "'#/components/schemas/Item'}}}}, default: {description: error}}}}}")
        << QStringList{
               u"  tag?: string[];"_s,
               u"  \"X-Trace\": string;"_s,
               u"  body: Omit<Item, \"id\">;"_s,
               u"appendQuery(query, \"tag\", params.tag, \"form\", true);"_s,
               u"appendQuery(query, \"csv\", params.csv, \"form\", false);"_s,
               u"[[\"X-Trace\", params[\"X-Trace\"], false]]"_s,
               u"{ kind: \"json\", mediaType: \"application/json\", value: params.body }"_s,
               u"  | { status: 100 | 101 | 102 | 103 | 200 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226 | 300 |"_s,
               u"Cookie parameters are set by the browser, not by this function: session."_s};
    QTest::addRow("optional params default to an empty object")
        << QByteArray("{'/search': {get: {operationId: search, parameters: [{name: q, in: query, schema: {type: "
                      "string}}], responses: {'200': {description: ok}}}}}")
        << QStringList{
               u"search(params: SearchParams = {}, options: ClientOptions = {})"_s,
               u"    search: (params: SearchParams = {}, options?: ClientOptions) => search(params, merged(options)),"_s};
    QTest::addRow("operation without parameters")
        << QByteArray("{'/health': {get: {operationId: health, responses: {'200': {description: ok, content: "
                      "{text/plain: {schema: {type: string}}}}}}}}")
        << QStringList{u"export async function health(options: ClientOptions = {}): Promise<HealthResponse>"_s,
                       u"  | { status: 200; body: string; response: Response };"_s};
    QTest::addRow("duplicate operationIds and reserved words stay distinct identifiers")
        << QByteArray("{'/a': {get: {operationId: delete, responses: {'200': {description: ok}}}}, '/b': {get: "
                      "{operationId: delete, responses: {'200': {description: ok}}}},"
                      " '/c': {get: {operationId: fetch, responses: {'200': {description: ok}}}}}")
        << QStringList{u"export async function delete_("_s, u"export async function delete_2("_s,
                       u"export async function fetch_("_s};
    QTest::addRow("multipart files are Blobs")
        << QByteArray("{'/upload': {post: {operationId: upload, requestBody: {content: {multipart/form-data: {schema: "
                      "{type: object, properties: {file: {type: string, format: binary}}}}}},"
                      " responses: {'200': {description: ok}}}}}")
        << QStringList{u"    file?: Blob;"_s, u"kind: \"multipart\""_s};
    QTest::addRow("default base URL is the first server")
        << QByteArray("{}") << QStringList{u"export const DEFAULT_BASE_URL = \"https://api.example.com/v1\";"_s};
}

void tst_TypeScript::operations()
{
    QFETCH(QByteArray, paths);
    QFETCH(QStringList, expected);
    const QByteArray schemas = "{Item: {type: object, required: [id], properties: {id: {type: integer, readOnly: "
                               "true}, name: {type: string}}},"
                               " Problem: {type: object, properties: {title: {type: string}}}}";
    const QString ts = generateTypeScript(documentWith(schemas, paths));
    for (const QString &e : std::as_const(expected))
        QVERIFY2(ts.contains(e),
                 qPrintable(u"missing: "_s + e + u"\n"_s + ts.mid(ts.indexOf(u"// ---- Operations"_s))));
}

void tst_TypeScript::aliasCycleIsBrokenWithAWarning()
{
    QList<CodegenWarning> warnings;
    const QString ts =
        generateTypeScript(documentWith("{A: {oneOf: [{$ref: '#/components/schemas/B'}, {type: string}]}, B: {anyOf: "
                                        "[{$ref: '#/components/schemas/A'}, {type: integer}]}}"),
                           &warnings);
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.front().message.contains(u"refer to each other"_s));
    QVERIFY(ts.contains(u"export type A = B | string;"_s));
    QVERIFY(ts.contains(u"export type B = unknown;"_s) || ts.contains(u"export type B = number;"_s));
}

void tst_TypeScript::compilesUnderStrict_data()
{
    QTest::addColumn<QString>("path");
    const QList<Source> sources = allSources();
    QVERIFY2(sources.size() > 40, "the @readme/oas-examples package is not installed (run tools/setup.sh)");
    for (const Source &s : sources)
        QTest::addRow("%s", qPrintable(s.name)) << s.path;
}

// All documents are generated and compiled by one tsc run on the first row (tsc's start-up dominates); each
// row then reports its own file's diagnostics.
void tst_TypeScript::compilesUnderStrict()
{
    QFETCH(QString, path);
    if (!m_compiled) {
        QVERIFY(m_compileDir.isValid());
        QStringList files;
        for (const Source &s : allSources()) {
            auto file = readDocumentFile(s.path);
            if (!file.ok()) {
                m_generationProblems.insert(s.name, file.error().toString());
                continue;
            }
            auto converted = convertToOpenApi31(file->root);
            if (!converted.ok()) {
                m_generationProblems.insert(s.name, u"conversion to 3.1 failed: "_s + converted.error().toString());
                continue;
            }
            QList<CodegenWarning> warnings;
            const QString ts = generateTypeScript(converted->document, &warnings);
            m_warningCounts.insert(s.name, int(warnings.size()));
            const QString name = fileStem(s.name) + u".ts"_s;
            QFile out(m_compileDir.filePath(name));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(ts.toUtf8());
            files.append(name);
        }
        m_compiled = runTsc(m_compileDir.path(), files);
        int clean = 0;
        for (const QString &f : std::as_const(files))
            clean += m_compiled->errors.contains(f) ? 0 : 1;
        qInfo("tsc --strict: %d of %d generated modules compile without errors", clean, int(files.size()));
    }
    if (!m_compiled->ran)
        QSKIP(qPrintable(m_compiled->failure));
    const QString row = QString::fromUtf8(QTest::currentDataTag());
    QVERIFY2(!m_generationProblems.contains(row), qPrintable(m_generationProblems.value(row)));
    QVERIFY2(!m_compiled->errors.contains(u"(tsc)"_s), qPrintable(m_compiled->errors.value(u"(tsc)"_s).join(u'\n')));
    const QStringList errors = m_compiled->errors.value(fileStem(row) + u".ts"_s);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.mid(0, 20).join(u'\n')));
}

// The generated functions against a recording fetch: URL, query, headers, body and the typed result.
void tst_TypeScript::clientRunsAgainstFetch()
{
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    if (node.isEmpty() || !QFile::exists(kTsc))
        QSKIP("node or typescript (tools/npm) is not installed; run tools/setup.sh");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Json doc = documentWith(
        "{Item: {type: object, required: [id, name], properties: {id: {type: integer, readOnly: true}, name: {type: "
        "string}}}}",
        "{'/shops/{shop}/items': {post: {operationId: addItem, parameters: [{name: shop, in: path, required: true, "
        "schema: {type: string}},"
        " {name: tag, in: query, schema: {type: array, items: {type: string}}}, {name: ids, in: query, explode: false, "
        "schema: {type: array, items: {type: integer}}},"
        " {name: X-Trace, in: header, schema: {type: string}}],"
        " requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}},"
        " responses: {'201': {description: created, content: {application/json: {schema: {$ref: "
        "'#/components/schemas/Item'}}}},"
        " '4XX': {description: bad, content: {application/json: {schema: {type: object, properties: {detail: {type: "
        "string}}}}}}}}}}");
    QFile api(dir.filePath(u"api.ts"_s));
    QVERIFY(api.open(QIODevice::WriteOnly));
    api.write(generateTypeScript(doc).toUtf8());
    api.close();
    QFile main(dir.filePath(u"main.ts"_s));
    QVERIFY(main.open(QIODevice::WriteOnly));
    main.write(R"TS(import { createClient, addItem, ApiError } from "./api";

const calls: { url: string; init: RequestInit }[] = [];
let next = { status: 201, body: '{"id": 7, "name": "Pepper"}' };
const fakeFetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
  calls.push({ url: String(url), init: init ?? {} });
  return new Response(next.body, { status: next.status, headers: { "Content-Type": "application/json" } });
};
const out: unknown[] = [];
async function main() {
  const api = createClient({ baseUrl: "https://shop.test/", fetch: fakeFetch, init: { headers: { Authorization: "Bearer t" } } });
  const created = await api.addItem({ shop: "a b/c", tag: ["x", "y"], ids: [1, 2], "X-Trace": "t1", body: { name: "Pepper" } });
  if (created.status === 201) out.push(created.body.id, created.body.name);
  const headers = new Headers(calls[0].init.headers);
  out.push(calls[0].url, calls[0].init.method, headers.get("x-trace"), headers.get("authorization"), headers.get("content-type"), calls[0].init.body);
  next = { status: 422, body: '{"detail": "bad"}' };
  const bad = await addItem({ shop: "s", body: { name: "" } }, { fetch: fakeFetch });
  if (bad.status !== 201) out.push(bad.status, (bad.body as { detail?: string }).detail);
  out.push(calls[1].url);
  next = { status: 500, body: '{"oops": true}' };
  try {
    await addItem({ shop: "s", body: { name: "x" } }, { fetch: fakeFetch });
    out.push("no error");
  } catch (e) {
    out.push(e instanceof ApiError ? `ApiError ${e.status}` : "other error");
  }
  console.log(JSON.stringify(out));
}
main();
)TS");
    main.close();
    QProcess tsc;
    tsc.setWorkingDirectory(dir.path());
    tsc.start(node, {kTsc, u"--strict"_s, u"--target"_s, u"es2020"_s, u"--lib"_s, u"es2020,dom"_s, u"--module"_s,
                     u"commonjs"_s, u"--pretty"_s, u"false"_s, u"main.ts"_s, u"api.ts"_s});
    QVERIFY(tsc.waitForFinished(120000));
    QVERIFY2(tsc.exitCode() == 0, tsc.readAllStandardOutput().constData());
    QProcess run;
    run.setWorkingDirectory(dir.path());
    run.start(node, {u"main.js"_s});
    QVERIFY(run.waitForFinished(60000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    QCOMPARE(
        run.readAllStandardOutput().trimmed(),
        QByteArray(
            R"([7,"Pepper","https://shop.test/shops/a%20b%2Fc/items?tag=x&tag=y&ids=1%2C2","POST","t1","Bearer t","application/json","{\"name\":\"Pepper\"}",422,"bad","https://api.example.com/v1/shops/s/items","ApiError 500"])"));
}

QTEST_GUILESS_MAIN(tst_TypeScript)
#include "tst_typescript.moc"
