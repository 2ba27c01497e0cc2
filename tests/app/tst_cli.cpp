// The portico executable end to end: real processes, real files, exit codes and messages.
#include "core/jsonparser.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kPortico = QStringLiteral(PORTICO_BINARY_DIR "/app/portico");
const QString kSource = QStringLiteral(PORTICO_SOURCE_DIR);

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run runPortico(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess p;
    p.setWorkingDirectory(kSource);
    p.start(kPortico, arguments);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        qFatal("portico did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), QString::fromUtf8(p.readAllStandardError())};
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersion();
    void fileWithoutDisplayPrintsSummary();
    void usageErrorsExitTwo();
    void checkBundledExamples_data();
    void checkBundledExamples();
    void checkBrokenFiles_data();
    void checkBrokenFiles();
    void checkReportsIgnoredExtensions();
    void checkReportsEachProblemOnce();
    void checkReportsRefCyclesThatNeverEnd();
    void formatIsIdempotent();
    void validateAgainstModel();
    void validateAgainstSchemaFile();
    void validateOptions();
    void validateWithShippedMetaSchemas();
};

void tst_Cli::helpAndVersion()
{
    const Run help = runPortico({u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("check FILE"));
    QVERIFY(help.out.contains("validate"));
    const Run version = runPortico({u"--version"_s});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out.trimmed(), QByteArray("portico " PORTICO_VERSION));
    QCOMPARE(runPortico({u"validate"_s, u"--help"_s}).exitCode, 0);
}

void tst_Cli::fileWithoutDisplayPrintsSummary()
{
    QProcess p;
    p.setWorkingDirectory(kSource);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.remove(u"PORTICO_EXIT_AFTER_SHOWN"_s);
    p.setProcessEnvironment(env);
    p.start(kPortico, {u"resources/examples/store.yaml"_s});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(out.contains("GET     /items/{itemId}"), out.constData());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(u"portico serve resources/examples/store.yaml"_s), qPrintable(err));
}

void tst_Cli::usageErrorsExitTwo()
{
    QCOMPARE(runPortico({}).exitCode, 2);
    QCOMPARE(runPortico({u"frobnicate"_s}).exitCode, 2);
    QCOMPARE(runPortico({u"check"_s}).exitCode, 2);
    const Run missing = runPortico({u"check"_s, u"/nonexistent/api.yaml"_s});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains(u"no such file"_s));
    QCOMPARE(runPortico({u"check"_s, u"--bogus"_s, u"x"_s}).exitCode, 2);
    QCOMPARE(runPortico({u"validate"_s, u"--model"_s, u"X"_s, u"--schema"_s, u"y"_s, u"z"_s}).exitCode, 2);
}

void tst_Cli::checkBundledExamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addRow("store") << u"resources/examples/store.yaml"_s;
    QTest::addRow("ml-inference") << u"resources/examples/ml-inference.yaml"_s;
    QTest::addRow("live-metrics") << u"resources/examples/live-metrics.yaml"_s;
}

void tst_Cli::checkBundledExamples()
{
    QFETCH(QString, file);
    const Run run = runPortico({u"check"_s, file});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.err.contains(u"0 errors"_s));
}

void tst_Cli::checkBrokenFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // FILE:LINE:COL: error: ... must appear
    const QString broken = u"tests/data/broken/"_s;
    QTest::addRow("broken ref") << broken + u"broken-ref.yaml"_s
                                << broken + u"broken-ref.yaml:27:17: error: broken $ref: \"#/components/schemas/Missing\" points to nothing [at /paths/~1items~1{id}/get/responses/200/content/application~1json/schema/$ref]"_s;
    QTest::addRow("duplicate operationId") << broken + u"duplicate-operation-id.yaml"_s
                                           << broken + u"duplicate-operation-id.yaml:27:7: error: duplicate operationId \"getItem\""_s;
    QTest::addRow("template without parameter") << broken + u"path-param-missing.yaml"_s
                                                << u"error: path template {id} has no path parameter named \"id\""_s;
    QTest::addRow("parameter not in template") << broken + u"path-param-extra.yaml"_s
                                               << u"error: path parameter \"revision\" does not appear in the path /items/{id}"_s;
    QTest::addRow("example breaks its schema") << broken + u"bad-example.yaml"_s
                                               << u"error: example does not match its schema at name: String should have at least 3 characters [string_too_short]"_s;
    QTest::addRow("yaml syntax") << broken + u"syntax-error.yaml"_s << broken + u"syntax-error.yaml:15:26: error: invalid YAML"_s;
    QTest::addRow("json syntax") << broken + u"syntax-error.json"_s
                                 << broken + u"syntax-error.json:8:3: error: invalid JSON: Expecting property name enclosed in double quotes"_s;
    QTest::addRow("not openapi") << broken + u"not-openapi.json"_s << u"not an OpenAPI document"_s;
}

void tst_Cli::checkBrokenFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const Run run = runPortico({u"check"_s, file});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
}

void tst_Cli::checkReportsIgnoredExtensions()
{
    const QString file = u"tests/data/broken/extensions.yaml"_s;
    const Run run = runPortico({u"check"_s, file});
    QCOMPARE(run.exitCode, 0); // warnings: the mock still starts and ignores these
    const QStringList expected = {
        u":4:1: warning: x-portico is ignored: unknown setting \"strict_response\""_s,
        u":7:5: warning: x-portico-rules has no effect here: it belongs on an operation"_s,
        u":9:7: warning: unknown extension \"x-portico-latncy\""_s,
        u":10:7: warning: x-portico-latency is ignored: expected milliseconds (150) or a range \"min..max\" with min <= max"_s,
        u":11:7: warning: x-portico-faults is ignored: each fault is"_s,
        u":12:7: warning: x-portico-rate-limit is ignored: expected {requests: integer >= 1"_s,
        u"warning: x-portico-stream has no effect here: it belongs on a media type of a response"_s,
        u":21:7: warning: x-portico-websocket has no effect here: it belongs on a get operation"_s,
        u"warning: x-portico-credentials is ignored: expected a list of strings"_s,
    };
    for (const QString &line : expected)
        QVERIFY2(run.err.contains(line), qPrintable(line + u"\n--- not in ---\n"_s + run.err));
    QVERIFY2(!run.err.contains(u"x-portico-anything"_s), "examples are the user's data");
    QVERIFY(run.err.contains(u"0 errors, 9 warnings"_s));

    const Run security = runPortico({u"check"_s, u"tests/data/broken/unknown-security.yaml"_s});
    QVERIFY2(security.err.contains(u"unknown-security.yaml:11:19: warning: security requirement names \"apiKey\", which "
                                   "components.securitySchemes does not declare"_s),
             qPrintable(security.err));
    QVERIFY(security.err.contains(u"0 errors, 1 warning\n"_s)); // the declared bearer is fine
}

void tst_Cli::checkReportsEachProblemOnce()
{
    const Run run = runPortico({u"check"_s, u"tests/data/broken/shared-example.yaml"_s});
    QCOMPARE(run.exitCode, 1);
    const QString shortName = u"error: example \"short\" does not match its schema at name: String should have at least 3 "
                              "characters [string_too_short] [at /components/examples/Short/value]"_s;
    const QString notObject = u"error: example \"default\" does not match its schema: Input should be a valid dictionary "
                              "[dict_type] [at /components/responses/Accepted/content/application~1json/examples/default/value]"_s;
    QCOMPARE(run.err.count(shortName), 1);
    QCOMPARE(run.err.count(notObject), 1);
    QVERIFY2(run.err.contains(u"2 errors, 0 warnings"_s), qPrintable(run.err));
}

void tst_Cli::checkReportsRefCyclesThatNeverEnd()
{
    const Run run = runPortico({u"check"_s, u"tests/data/broken/ref-cycles.yaml"_s});
    QCOMPARE(run.exitCode, 1);
    const QString cycle = u"error: $ref cycle that applies a schema to the same value again (%1)"_s;
    QVERIFY2(run.err.contains(u"ref-cycles.yaml:9:5: "_s + cycle.arg(u"A → B → A"_s)), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"ref-cycles.yaml:11:5: "_s + cycle.arg(u"Self → Self"_s)), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"ref-cycles.yaml:13:5: "_s + cycle.arg(u"Loop → Loop"_s)), qPrintable(run.err));
    QVERIFY2(!run.err.contains(u"Tree"_s), qPrintable(run.err)); // a recursive model is fine
    QVERIFY(run.err.contains(u"3 errors, 0 warnings"_s));
}

void tst_Cli::formatIsIdempotent()
{
    QTemporaryDir dir;
    const QString once = dir.filePath(u"once.yaml"_s);
    QCOMPARE(runPortico({u"format"_s, u"resources/examples/store.yaml"_s, u"-o"_s, once}).exitCode, 0);
    QCOMPARE(runPortico({u"format"_s, u"--check"_s, once}).exitCode, 0);
    const QString inPlace = dir.filePath(u"in-place.yaml"_s);
    QVERIFY(QFile::copy(once, inPlace));
    QCOMPARE(runPortico({u"format"_s, inPlace}).exitCode, 0);
    QFile a(once), b(inPlace);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll());
    QCOMPARE(runPortico({u"format"_s, u"--check"_s, u"resources/examples/ml-inference.yaml"_s}).exitCode, 1);
    const Run toStdout = runPortico({u"format"_s, once, u"-o"_s, u"-"_s});
    QCOMPARE(toStdout.exitCode, 0);
    QVERIFY(toStdout.out.startsWith("openapi: 3.1.0\ninfo:\n"));
}

void tst_Cli::validateAgainstModel()
{
    QTemporaryDir dir;
    const QString item = dir.filePath(u"item.json"_s);
    const QString project = u"resources/examples/ml-inference.yaml"_s;
    writeFile(item, R"({"features": [], "model_version": "v0"})");
    const Run invalid = runPortico({u"validate"_s, project, u"--model"_s, u"PredictRequest"_s, item});
    QCOMPARE(invalid.exitCode, 1);
    const Json body = parseJson(invalid.out);
    const JsonArray &detail = body[u"detail"].toArray();
    QVERIFY2(detail.size() >= 2, invalid.out.constData());
    QCOMPARE(detail[0][u"type"].toString(), u"too_short"_s);
    QCOMPARE(detail[0][u"loc"][0].toString(), u"features"_s);

    writeFile(item, R"({"features": [0.5, 1.25], "model_version": "churn-v2"})");
    const Run valid = runPortico({u"validate"_s, project, u"--model"_s, u"PredictRequest"_s, item});
    QVERIFY2(valid.exitCode == 0, qPrintable(valid.err + QString::fromUtf8(valid.out)));
    QVERIFY(valid.out.isEmpty());

    writeFile(item, "{\"features\": [1,]}");
    const Run syntax = runPortico({u"validate"_s, project, u"--model"_s, u"PredictRequest"_s, item});
    QCOMPARE(syntax.exitCode, 1);
    QCOMPARE(parseJson(syntax.out)[u"detail"][0][u"type"].toString(), u"json_invalid"_s);
    QCOMPARE(parseJson(syntax.out)[u"detail"][0][u"ctx"][u"error"].toString(), u"Expecting value"_s);
    QVERIFY(syntax.err.contains(u":1:17: error: invalid JSON"_s));

    QCOMPARE(runPortico({u"validate"_s, project, u"--model"_s, u"NoSuchModel"_s, item}).exitCode, 2);
}

void tst_Cli::validateAgainstSchemaFile()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(u"common.yaml"_s), "$defs:\n  Name: {type: string, minLength: 2}\n");
    writeFile(dir.filePath(u"person.json"_s), R"({"type":"object","properties":{"name":{"$ref":"common.yaml#/$defs/Name"}},"required":["name"]})");
    writeFile(dir.filePath(u"data.json"_s), R"({"name":"x"})");
    const Run run = runPortico({u"validate"_s, u"--schema"_s, dir.filePath(u"person.json"_s), dir.filePath(u"data.json"_s)});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(parseJson(run.out)[u"detail"][0][u"type"].toString(), u"string_too_short"_s);
    // Standard input works too.
    const Run piped = runPortico({u"validate"_s, u"--schema"_s, dir.filePath(u"person.json"_s), u"-"_s}, R"({"name":"Ada"})");
    QCOMPARE(piped.exitCode, 0);
    // A $ref that leaves the schema's folder is refused, not followed.
    writeFile(dir.filePath(u"escape.json"_s), R"({"$ref":"../../etc/passwd"})");
    const Run escape = runPortico({u"validate"_s, u"--schema"_s, dir.filePath(u"escape.json"_s), dir.filePath(u"data.json"_s)});
    QCOMPARE(escape.exitCode, 2);
    QVERIFY(escape.err.contains(u"cannot resolve $ref"_s));
    // A schema that does not compile is unusable input.
    writeFile(dir.filePath(u"bad.json"_s), R"({"type":"strnig"})");
    const Run bad = runPortico({u"validate"_s, u"--schema"_s, dir.filePath(u"bad.json"_s), dir.filePath(u"data.json"_s)});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains(u"unknown type \"strnig\""_s));
}

void tst_Cli::validateOptions()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(u"s.json"_s), R"({"properties":{"at":{"type":"string","format":"date-time"},"n":{"type":"integer"}}})");
    writeFile(dir.filePath(u"d.json"_s), R"({"at":"not a date","n":"5"})");
    const QString s = dir.filePath(u"s.json"_s), d = dir.filePath(u"d.json"_s);
    const Run strict = runPortico({u"validate"_s, u"--schema"_s, s, d});
    QCOMPARE(strict.exitCode, 1);
    QCOMPARE(parseJson(strict.out)[u"detail"].toArray().size(), size_t(2));
    const Run annotate = runPortico({u"validate"_s, u"--format-mode"_s, u"annotate"_s, u"--schema"_s, s, d});
    QCOMPARE(parseJson(annotate.out)[u"detail"].toArray().size(), size_t(1));
    const Run both = runPortico({u"validate"_s, u"--format-mode"_s, u"annotate"_s, u"--lax"_s, u"--schema"_s, s, d});
    QCOMPARE(both.exitCode, 0);
    QCOMPARE(runPortico({u"validate"_s, u"--format-mode"_s, u"maybe"_s, u"--schema"_s, s, d}).exitCode, 2);
}

// Meta-schemas named by URI resolve from the copies Portico ships, without a network; one it does not ship is
// refused with its name.
void tst_Cli::validateWithShippedMetaSchemas()
{
    QTemporaryDir dir;
    const QString s = dir.filePath(u"s.json"_s), d = dir.filePath(u"d.json"_s);
    // A draft-07 schema whose property is itself an OpenAPI 3.1 schema (the OAS dialect, which $refs 2020-12).
    writeFile(s, R"({"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                     "properties":{"schema":{"$ref":"https://spec.openapis.org/oas/3.1/dialect/base"}}})");
    writeFile(d, R"({"schema":{"type":"object","discriminator":{"propertyName":"kind"},"example":{}}})");
    QCOMPARE(runPortico({u"validate"_s, u"--schema"_s, s, d}).exitCode, 0);
    writeFile(d, R"({"schema":{"type":"strnig","discriminator":{"propertyName":7}}})");
    const Run invalid = runPortico({u"validate"_s, u"--schema"_s, s, d});
    QCOMPARE(invalid.exitCode, 1);
    const QByteArray detail = invalid.out;
    QVERIFY2(detail.contains("propertyName") && detail.contains("\"strnig\""), detail.constData());
    // Every draft's meta-schema resolves: validating a schema against its own meta-schema.
    for (const QString &uri : {u"http://json-schema.org/draft-04/schema#"_s, u"http://json-schema.org/draft-06/schema#"_s,
                              u"https://json-schema.org/draft/2019-09/schema"_s, u"https://json-schema.org/draft/2020-12/schema"_s}) {
        writeFile(s, u"{\"$ref\":\"%1\"}"_s.arg(uri).toUtf8());
        writeFile(d, R"({"type":"object","properties":{"a":{"minimum":1}}})");
        QCOMPARE(runPortico({u"validate"_s, u"--schema"_s, s, d}).exitCode, 0);
        writeFile(d, R"({"type":"object","properties":{"a":{"minimum":"one"}}})");
        QCOMPARE(runPortico({u"validate"_s, u"--schema"_s, s, d}).exitCode, 1);
    }
    writeFile(s, R"({"$schema":"https://example.com/my-dialect","type":"object"})");
    const Run unknown = runPortico({u"validate"_s, u"--schema"_s, s, d});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(u"unknown meta-schema: $schema \"https://example.com/my-dialect\""_s), qPrintable(unknown.err));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
