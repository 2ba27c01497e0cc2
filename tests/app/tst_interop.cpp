// portico import / export / bundle end to end: real processes and files, exit codes and located warnings, and
// every export checked by validators no one here wrote (@apidevtools/swagger-parser and @redocly/cli lint).
#include "core/bundler.h"
#include "core/documentio.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"

#include <QDirIterator>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kPortico = QStringLiteral(PORTICO_BINARY_DIR "/app/portico");
const QString kSource = QStringLiteral(PORTICO_SOURCE_DIR);
const QString kNpm = QStringLiteral(PORTICO_NPM_DIR);
const QString kOasExamples = kNpm + u"/@readme/oas-examples"_s;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run run(const QString &program, const QStringList &arguments, int timeoutMs = 120000)
{
    QProcess p;
    p.setWorkingDirectory(kSource);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PORTICO_NPM_DIR"_s, kNpm);
    env.insert(u"NO_COLOR"_s, u"1"_s);
    env.insert(u"REDOCLY_TELEMETRY"_s, u"off"_s);
    env.insert(u"REDOCLY_SUPPRESS_UPDATE_NOTICE"_s, u"true"_s);
    p.setProcessEnvironment(env);
    p.start(program, arguments);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-2, p.readAllStandardOutput(), QString::fromUtf8(p.readAllStandardError()) + u"\n(timed out)"_s};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

Run runPortico(const QStringList &arguments)
{
    return run(kPortico, arguments);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

Json readDocument(const QString &path)
{
    auto file = readDocumentFile(path);
    return file.ok() ? file->root : Json();
}

// The documents every export is checked on: the bundled examples and all of @readme/oas-examples.
QStringList sourceDocuments()
{
    QStringList files;
    for (const QString &name : {u"store.yaml"_s, u"ml-inference.yaml"_s, u"live-metrics.yaml"_s})
        files.append(kSource + u"/resources/examples/"_s + name);
    QStringList examples;
    for (const QString &version : {u"2.0"_s, u"3.0"_s, u"3.1"_s}) {
        for (const QString &format : {u"json"_s, u"yaml"_s}) {
            QDirIterator it(kOasExamples + u'/' + version + u'/' + format, {u"*.json"_s, u"*.yaml"_s}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext())
                examples.append(it.next());
        }
    }
    examples.sort();
    return files + examples;
}

QString shortName(const QString &path)
{
    if (path.startsWith(kOasExamples))
        return u"oas-examples/"_s + path.mid(kOasExamples.size() + 1);
    return path.mid(kSource.size() + 1);
}

// `redocly lint --format=json` prints one JSON object per file, back to back.
QList<Json> splitConcatenatedJson(const QByteArray &text)
{
    QList<Json> out;
    qsizetype start = text.indexOf('{');
    while (start >= 0) {
        qsizetype next = text.indexOf("\n}{", start);
        const qsizetype end = next < 0 ? text.lastIndexOf('}') + 1 : next + 2;
        out.append(parseJson(text.mid(start, end - start)));
        start = next < 0 ? -1 : next + 2;
    }
    return out;
}

struct LintError
{
    QString file;
    QString rule;
    QString pointer;
    QString message;
};

QList<LintError> redoclyErrors(const QStringList &files, QString *log)
{
    const Run lint =
        run(kNpm + u"/.bin/redocly"_s,
            QStringList{u"lint"_s, u"--config"_s, kSource + u"/tools/redocly-lint.yaml"_s, u"--format=json"_s} + files,
            600000);
    *log = lint.err.right(2000);
    QList<LintError> errors;
    for (const Json &report : splitConcatenatedJson(lint.out)) {
        for (const Json &problem : report[u"problems"].toArray()) {
            if (problem[u"severity"].toString() != u"error")
                continue;
            const Json &location = problem[u"location"][0];
            // Redocly names files relative to its working directory.
            const QString file =
                QDir::cleanPath(QDir(kSource).absoluteFilePath(location[u"source"][u"ref"].toString()));
            errors.append(
                {file, problem[u"ruleId"].toString(), location[u"pointer"].toString(), problem[u"message"].toString()});
        }
    }
    if (lint.exitCode != 0 && errors.isEmpty())
        *log += u"\nredocly exited %1 without reporting errors"_s.arg(lint.exitCode);
    return errors;
}

// Defects of the input documents themselves, which an export faithfully keeps: each is allowed only where
// Redocly reports the same rule on the original file as well (checked below), so none can hide a new error.
struct InputDefect
{
    QRegularExpression file; // the original's short name
    QString rule;
    QRegularExpression pointer;
};

const QList<InputDefect> &inputDefects()
{
    static const QList<InputDefect> defects = {
        // `type: number` with `enum: ["", "", 0, 2, 2]`: strings that can never validate.
        {QRegularExpression(u"^oas-examples/3\\.0/(json|yaml)/schema-enums\\."_s), u"no-enum-type-mismatch"_s,
         QRegularExpression(u"/enum/"_s)},
        // ReadMe's x-code-samples (name/language/code/install) are not Redoc's x-code-samples (lang/source), whose
        // shape Redocly checks although OpenAPI leaves extensions free-form.
        {QRegularExpression(u"^oas-examples/3\\.[01]/(json|yaml)/readme(-extensions)?\\."_s), u"struct"_s,
         QRegularExpression(u"/x-code-samples/"_s)},
    };
    return defects;
}

} // namespace

class tst_Interop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void usage();
    void importConvertsAndLocatesWarnings();
    void importWritesTheRequestedFormat_data();
    void importWritesTheRequestedFormat();
    void exportOptions();
    void exportsAreDeterministic();
    void bundleWritesOneFile();
    void bundleRefusals_data();
    void bundleRefusals();
    void checkAndServeOpenOtherVersions();
    void nothingRewritesAConvertedFileInPlace();
    void exportsPassExternalValidators();

private:
    QTemporaryDir m_dir;
};

void tst_Interop::initTestCase()
{
    QVERIFY2(QFileInfo(kPortico).isExecutable(), "build the portico executable first");
    QVERIFY(m_dir.isValid());
}

void tst_Interop::usage()
{
    const Run help = runPortico({u"--help"_s});
    QVERIFY(help.out.contains("import IN"));
    QVERIFY(help.out.contains("export FILE"));
    QVERIFY(help.out.contains("bundle IN"));
    for (const QString &command : {u"import"_s, u"export"_s, u"bundle"_s}) {
        QCOMPARE(runPortico({command, u"--help"_s}).exitCode, 0);
        QCOMPARE(runPortico({command}).exitCode, 2);
        QCOMPARE(runPortico({command, u"/nonexistent/api.yaml"_s}).exitCode, 2);
        QCOMPARE(runPortico({command, u"resources/examples/store.yaml"_s, u"--format"_s, u"xml"_s}).exitCode, 2);
        // Unusable input is invalid input.
        QCOMPARE(runPortico({command, u"tests/data/broken/not-openapi.json"_s}).exitCode, 1);
        QCOMPARE(runPortico({command, u"tests/data/broken/syntax-error.yaml"_s}).exitCode, 1);
        // An output that cannot be written is an I/O error.
        QCOMPARE(
            runPortico({command, u"resources/examples/store.yaml"_s, u"-o"_s, u"/nonexistent/dir/out.yaml"_s}).exitCode,
            2);
    }
    QCOMPARE(runPortico({u"export"_s, u"resources/examples/store.yaml"_s, u"--openapi"_s, u"2.0"_s}).exitCode, 2);
}

void tst_Interop::importConvertsAndLocatesWarnings()
{
    const QString in = m_dir.filePath(u"legacy.yaml"_s);
    writeFile(in, "swagger: '2.0'\n"
                  "info: {title: Legacy, version: '1'}\n"
                  "host: api.example.com\n"
                  "paths:\n"
                  "  /items:\n"
                  "    get:\n"
                  "      parameters:\n"
                  "        - {in: query, name: ids, type: array, items: {type: string}, collectionFormat: tsv}\n"
                  "      responses:\n"
                  "        '200': {description: ok, schema: {type: string, x-nullable: true}}\n");
    const QString out = m_dir.filePath(u"imported.json"_s);
    const Run r = runPortico({u"import"_s, in, u"-o"_s, out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(in + u":3:1: warning: no \"schemes\" given; the server URL assumes https [at /host]"_s),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(in + u":8:70: warning: collectionFormat \"tsv\""_s), qPrintable(r.err));
    const Json doc = readDocument(out);
    QCOMPARE(doc[u"openapi"].toString(), u"3.1.0"_s);
    QCOMPARE(doc[u"servers"][0][u"url"].toString(), u"https://api.example.com"_s);
    QCOMPARE(doc[u"paths"][u"/items"][u"get"][u"responses"][u"200"][u"content"][u"application/json"][u"schema"],
             parseJson(R"({"type": ["string", "null"]})"));
    QVERIFY(readAll(out).startsWith("{\n  \"openapi\": \"3.1.0\""));
}

void tst_Interop::importWritesTheRequestedFormat_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("start");
    QTest::addRow("yaml from the extension") << kOasExamples + u"/3.0/json/petstore.json"_s
                                             << QStringList{u"-o"_s, u"OUT.yaml"_s} << QByteArray("openapi: 3.1.0\n");
    QTest::addRow("json by --format") << kOasExamples + u"/2.0/yaml/petstore.yaml"_s
                                      << QStringList{u"-o"_s, u"OUT.txt"_s, u"--format"_s, u"json"_s}
                                      << QByteArray("{\n");
    QTest::addRow("standard output in the input's format")
        << kOasExamples + u"/3.1/yaml/petstore.yaml"_s << QStringList{} << QByteArray("openapi: 3.1.0\n");
}

void tst_Interop::importWritesTheRequestedFormat()
{
    QFETCH(QString, input);
    QFETCH(QStringList, options);
    QFETCH(QByteArray, start);
    QString out;
    for (QString &option : options) {
        if (option.startsWith(u"OUT"))
            option = out = m_dir.filePath(option);
    }
    const Run r = runPortico(QStringList{u"import"_s, input} + options);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QByteArray bytes = out.isEmpty() ? r.out : readAll(out);
    QVERIFY2(bytes.startsWith(start), bytes.left(200).constData());
}

void tst_Interop::exportOptions()
{
    const QString source = kOasExamples + u"/3.1/yaml/webhooks.yaml"_s;
    const QString out = m_dir.filePath(u"webhooks-30.yaml"_s);
    const Run r = runPortico({u"export"_s, source, u"--openapi"_s, u"3.0"_s, u"-o"_s, out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(source + u":"_s) &&
                 r.err.contains(u"warning: OpenAPI 3.0 has no webhooks; moved to x-webhooks [at /webhooks]"_s),
             qPrintable(r.err));
    const Json doc = readDocument(out);
    QCOMPARE(doc[u"openapi"].toString(), u"3.0.3"_s);
    QVERIFY(doc.toObject().contains(u"x-webhooks"));

    const QString stripped = m_dir.filePath(u"stripped.json"_s);
    QCOMPARE(runPortico({u"export"_s, u"resources/examples/store.yaml"_s, u"--strip-extensions"_s, u"-o"_s, stripped})
                 .exitCode,
             0);
    QVERIFY(!readAll(stripped).contains("\"x-portico"));
    QVERIFY(readAll(kSource + u"/resources/examples/store.yaml"_s).contains("x-portico"));

    const Run yaml = runPortico({u"export"_s, kOasExamples + u"/3.0/json/petstore.json"_s, u"--format"_s, u"yaml"_s});
    QCOMPARE(yaml.exitCode, 0);
    QVERIFY(yaml.out.startsWith("openapi: 3.1.0\n"));
}

void tst_Interop::exportsAreDeterministic()
{
    for (const QString &version : {u"3.1"_s, u"3.0"_s}) {
        for (const QString &format : {u"json"_s, u"yaml"_s}) {
            const QStringList args{u"export"_s,    kOasExamples + u"/3.0/json/readme-legacy.json"_s,
                                   u"--openapi"_s, version,
                                   u"--format"_s,  format};
            const Run a = runPortico(args);
            const Run b = runPortico(args);
            QCOMPARE(a.exitCode, 0);
            QVERIFY(!a.out.isEmpty());
            QCOMPARE(a.out, b.out);
            QCOMPARE(a.err, b.err);
        }
    }
}

void tst_Interop::bundleWritesOneFile()
{
    const QString out = m_dir.filePath(u"bundled.yaml"_s);
    const Run r = runPortico({u"bundle"_s, u"tests/data/multifile/openapi.yaml"_s, u"-o"_s, out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const Json doc = readDocument(out);
    QCOMPARE(doc[u"openapi"].toString(), u"3.1.0"_s);
    QVERIFY(!hasExternalRefs(doc));
    QVERIFY(doc[u"components"][u"schemas"].toObject().contains(u"person"));
    // The bundle opens anywhere: it needs none of the other files.
    QCOMPARE(runPortico({u"check"_s, out}).exitCode, 0);

    // A 3.0 multi-file document stays 3.0.
    const Run v30 = runPortico({u"bundle"_s, u"tests/data/multifile/v30/openapi.yaml"_s, u"--format"_s, u"json"_s});
    QCOMPARE(v30.exitCode, 0);
    QCOMPARE(parseJson(v30.out)[u"openapi"].toString(), u"3.0.3"_s);
    // Same input, same bytes.
    QCOMPARE(runPortico({u"bundle"_s, u"tests/data/multifile/openapi.yaml"_s}).out, readAll(out));
}

void tst_Interop::bundleRefusals_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    const QString refused = u"tests/data/multifile/refused/"_s;
    QTest::addRow("URL") << refused + u"url.yaml"_s
                         << refused +
                                u"url.yaml:12:17: error: $ref \"https://example.com/schemas/pet.yaml\" is a URL"_s;
    QTest::addRow("path escape")
        << refused + u"escape.yaml"_s
        << refused +
               u"escape.yaml:12:17: error: $ref \"../../broken/bad-example.yaml#/info\" points outside the project folder"_s;
}

void tst_Interop::bundleRefusals()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    for (const QString &command : {u"bundle"_s, u"import"_s, u"check"_s}) {
        const Run r = runPortico({command, file});
        QCOMPARE(r.exitCode, 1);
        // Errors name the canonical path of the file; compare from the repository-relative part on.
        QVERIFY2(r.err.contains(expected.mid(expected.indexOf(u"tests/"_s))), qPrintable(r.err));
    }
}

void tst_Interop::checkAndServeOpenOtherVersions()
{
    const QString swagger = kOasExamples + u"/2.0/yaml/petstore.yaml"_s;
    const Run check = runPortico({u"check"_s, kOasExamples + u"/3.0/yaml/petstore.yaml"_s});
    QVERIFY2(check.exitCode == 0, qPrintable(check.err));

    QProcess serve;
    serve.setWorkingDirectory(kSource);
    serve.start(kPortico, {u"serve"_s, swagger, u"--port"_s, u"0"_s, u"--threads"_s, u"1"_s});
    QVERIFY(serve.waitForStarted());
    QByteArray out;
    static const QRegularExpression url(u"on http://127\\.0\\.0\\.1:(\\d+)"_s);
    QRegularExpressionMatch match;
    auto listening = [&] {
        out += serve.readAllStandardOutput();
        match = url.match(QString::fromUtf8(out));
        return match.hasMatch();
    };
    QTRY_VERIFY_WITH_TIMEOUT(listening(), 20000);
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, quint16(match.captured(1).toUInt()));
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /user/logout HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(5000))
        response += socket.readAll();
    QVERIFY2(response.startsWith("HTTP/1.1 200"), response.left(300).constData());
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
}

void tst_Interop::nothingRewritesAConvertedFileInPlace()
{
    const QString copy = m_dir.filePath(u"petstore-30.yaml"_s);
    QVERIFY(QFile::copy(kOasExamples + u"/3.0/yaml/petstore.yaml"_s, copy));
    const QByteArray before = readAll(copy);
    const Run inPlace = runPortico({u"format"_s, copy});
    QCOMPARE(inPlace.exitCode, 2);
    QVERIFY2(inPlace.err.contains(u"the file is OpenAPI/Swagger 3.0.0"_s), qPrintable(inPlace.err));
    QCOMPARE(runPortico({u"format"_s, u"--check"_s, copy}).exitCode, 2);
    const Run record =
        runPortico({u"serve"_s, copy, u"--record"_s, u"--proxy"_s, u"http://127.0.0.1:9"_s, u"--port"_s, u"0"_s});
    QCOMPARE(record.exitCode, 2);
    QVERIFY2(record.err.contains(u"--record writes back into FILE"_s), qPrintable(record.err));
    QCOMPARE(readAll(copy), before);
    // Elsewhere is fine: that is an import.
    const QString out = m_dir.filePath(u"petstore-31.yaml"_s);
    QCOMPARE(runPortico({u"format"_s, copy, u"-o"_s, out}).exitCode, 0);
    QCOMPARE(readDocument(out)[u"openapi"].toString(), u"3.1.0"_s);
    // A multi-file project is not flattened in place either.
    QCOMPARE(runPortico({u"format"_s, u"--check"_s, u"tests/data/multifile/openapi.yaml"_s}).exitCode, 2);
}

void tst_Interop::exportsPassExternalValidators()
{
    QVERIFY2(QFileInfo::exists(kNpm + u"/.bin/redocly"_s) &&
                 QFileInfo::exists(kNpm + u"/@apidevtools/swagger-parser"_s),
             "npm tools are not installed (run tools/setup.sh)");
    QTemporaryDir exports;
    QVERIFY(exports.isValid());
    const QStringList sources = sourceDocuments();
    QVERIFY(sources.size() > 100);
    QStringList exported;
    QHash<QString, QString> originalOf; // export → original short name
    for (const QString &source : sources) {
        for (const QString &version : {u"3.1"_s, u"3.0"_s}) {
            QString name = shortName(source);
            name.replace(u'/', u'_');
            const QString out = exports.filePath(version + u'_' + name + u".json"_s);
            const Run r = runPortico({u"export"_s, source, u"--openapi"_s, version, u"-o"_s, out});
            QVERIFY2(r.exitCode == 0, qPrintable(shortName(source) + u": "_s + r.err));
            exported.append(out);
            originalOf.insert(out, shortName(source));
        }
    }

    // swagger-parser: one node process for every file.
    const QString list = exports.filePath(u"list.txt"_s);
    writeFile(list, exported.join(u'\n').toUtf8());
    const Run validate = run(u"node"_s, {kSource + u"/tools/validate-openapi.cjs"_s, u"--list"_s, list}, 600000);
    const QStringList lines = QString::fromUtf8(validate.out).split(u'\n', Qt::SkipEmptyParts);
    QStringList failures;
    for (const QString &line : lines) {
        if (line.startsWith(u"error "))
            failures.append(line);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n').left(4000)));
    QVERIFY2(validate.exitCode == 0, qPrintable(validate.err.left(2000)));
    QCOMPARE(lines.filter(QRegularExpression(u"^ok "_s)).size(), exported.size());

    // Redocly: one run over every file; then the originals behind any error, to tell inherited defects apart.
    QString log;
    const QList<LintError> errors = redoclyErrors(exported, &log);
    QStringList unexplained;
    QSet<QString> originalsToLint;
    for (const LintError &e : errors) {
        const QString original = originalOf.value(e.file);
        bool allowed = false;
        for (const InputDefect &d : inputDefects())
            allowed = allowed ||
                      (d.rule == e.rule && d.file.match(original).hasMatch() && d.pointer.match(e.pointer).hasMatch());
        if (allowed)
            originalsToLint.insert(original);
        else
            unexplained.append(u"%1 (%2): %3 %4 at %5"_s.arg(e.file, original, e.rule, e.message, e.pointer));
    }
    QVERIFY2(unexplained.isEmpty(), qPrintable(unexplained.join(u'\n').left(6000) + u'\n' + log));
    if (!originalsToLint.isEmpty()) {
        QStringList originals;
        for (const QString &name : originalsToLint)
            originals.append(kOasExamples + u'/' + name.mid(QStringLiteral("oas-examples/").size()));
        const QList<LintError> inherited = redoclyErrors(originals, &log);
        for (const QString &name : originalsToLint) {
            bool seen = false;
            for (const LintError &e : inherited) {
                for (const InputDefect &d : inputDefects())
                    seen = seen || (e.file.endsWith(name.mid(QStringLiteral("oas-examples/").size())) &&
                                    d.rule == e.rule && d.file.match(name).hasMatch());
            }
            QVERIFY2(seen, qPrintable(u"an allowed input defect no longer shows in the original "_s + name));
        }
    }
    qInfo("%lld exports passed swagger-parser and redocly lint (%lld inherited input defects)", qint64(exported.size()),
          qint64(errors.size()));
}

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_interop.moc"
