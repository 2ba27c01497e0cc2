#include "cli.h"

#include "core/apidocument.h"
#include "core/checks.h"
#include "core/documentio.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/schema.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QUrl>

#include <cstdio>
#include <utility>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::app {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

namespace {

void printError(const Error &error)
{
    err() << error.toString() << Qt::endl;
}

// Parses a sub-command's options; returns false (after printing why) on a usage error or --help.
bool parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments, int *exitCode)
{
    parser.setApplicationDescription(u"portico "_s + command);
    parser.addHelpOption();
    if (!parser.parse(QStringList{u"portico "_s + command} + arguments)) {
        err() << "portico " << command << ": " << parser.errorText() << "\nTry 'portico " << command << " --help'.\n";
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

// Loads a project; on failure prints the located error and returns the exit code to use.
std::unique_ptr<ApiDocument> loadProject(const QString &path, int *exitCode)
{
    if (!QFileInfo::exists(path)) {
        err() << path << ": error: no such file\n";
        *exitCode = ExitUsage;
        return nullptr;
    }
    auto doc = std::make_unique<ApiDocument>();
    const auto loaded = doc->load(path);
    if (!loaded.ok()) {
        printError(loaded.error());
        // A file that exists but is not a valid document is invalid input; an unreadable one is an I/O error.
        *exitCode = ExitInvalid;
        if (loaded.error().message.startsWith(u"cannot open"_s))
            *exitCode = ExitUsage;
        return nullptr;
    }
    printConversionWarnings(*doc);
    return doc;
}

// A command whose process ends once it has reported hands its document here instead of freeing it: giving a
// large document's millions of values back to the allocator one at a time was the last 6 % of `portico check`
// on GitHub's spec, and the system takes the whole heap back at once. The pointer stays reachable, so leak
// checkers see no leak.
void keepUntilExit(std::unique_ptr<ApiDocument> doc)
{
    static ApiDocument *kept = nullptr;
    delete std::exchange(kept, doc.release());
}

} // namespace

int runCheck(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE"_s, u"The OpenAPI document to check."_s);
    const QCommandLineOption strict(u"warnings-as-errors"_s, u"Exit 1 on warnings too."_s);
    parser.addOption(strict);
    int code = ExitOk;
    if (!parse(parser, u"check"_s, arguments, &code))
        return code;
    if (parser.positionalArguments().size() != 1) {
        err() << "portico check: expected one FILE\n";
        return ExitUsage;
    }
    auto doc = loadProject(parser.positionalArguments().first(), &code);
    if (!doc)
        return code;
    int errors = 0, warnings = int(doc->conversionWarnings().size());
    for (const Problem &p : checkDocument(*doc)) {
        err() << p.toString() << '\n';
        ++(p.severity == Problem::Severity::Error ? errors : warnings);
    }
    err() << doc->filePath() << ": " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
          << (warnings == 1 ? " warning" : " warnings") << Qt::endl;
    keepUntilExit(std::move(doc));
    return errors > 0 || (warnings > 0 && parser.isSet(strict)) ? ExitInvalid : ExitOk;
}

int runFormat(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE"_s, u"The OpenAPI document to format (rewritten in place unless -o is given)."_s);
    const QCommandLineOption output({u"o"_s, u"output"_s}, u"Write to OUT instead ('-' for standard output)."_s, u"OUT"_s);
    const QCommandLineOption check(u"check"_s, u"Only report whether FILE is formatted (exit 1 if not)."_s);
    parser.addOption(output);
    parser.addOption(check);
    int code = ExitOk;
    if (!parse(parser, u"format"_s, arguments, &code))
        return code;
    if (parser.positionalArguments().size() != 1) {
        err() << "portico format: expected one FILE\n";
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().first();
    auto doc = loadProject(path, &code);
    if (!doc)
        return code;
    QString target = parser.isSet(output) ? parser.value(output) : path;
    if ((doc->convertedOnLoad() || doc->bundledOnLoad()) && (parser.isSet(check) || target == path)) {
        // Formatting in place would turn a 2.0/3.0 file, or a root file and its $refs, into one OpenAPI 3.1 file.
        err() << path << ": error: the file is "
              << (doc->convertedOnLoad() ? u"OpenAPI/Swagger "_s + doc->sourceVersion() : u"split over several files"_s)
              << "; format writes one OpenAPI 3.1 file: use -o OUT, or 'portico import'\n";
        return ExitUsage;
    }
    if (target != u"-" && target != path)
        doc->setFormat(detectFormat(target, {}));
    const QByteArray formatted = doc->serialized();
    if (parser.isSet(check)) {
        QFile f(path);
        const bool same = f.open(QIODevice::ReadOnly) && f.readAll() == formatted;
        if (!same)
            err() << path << ": not canonically formatted\n";
        return same ? ExitOk : ExitInvalid;
    }
    if (target == u"-") {
        std::fwrite(formatted.constData(), 1, size_t(formatted.size()), stdout);
        return ExitOk;
    }
    const auto written = writeFileAtomically(target, formatted);
    if (!written.ok()) {
        printError(written.error());
        return ExitUsage;
    }
    return ExitOk;
}

namespace {

// Local files next to the schema may be referenced; nothing outside its folder and nothing remote.
SchemaCompiler::Loader folderLoader(const QString &folder)
{
    const QString root = QDir(folder).canonicalPath();
    return [root](const QString &uri) -> std::optional<Json> {
        const QUrl url(uri);
        if (!url.isLocalFile())
            return std::nullopt;
        const QString path = QFileInfo(url.toLocalFile()).canonicalFilePath();
        if (path.isEmpty() || !QString(path + u'/').startsWith(QString(root + u'/')))
            return std::nullopt;
        auto file = readDocumentFile(path);
        if (!file.ok())
            return std::nullopt;
        return file->root;
    };
}

} // namespace

int runValidate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE"_s, u"The project (with --model) holding the model."_s, u"[FILE]"_s);
    parser.addPositionalArgument(u"DATA"_s, u"The JSON document to validate ('-' for standard input)."_s);
    const QCommandLineOption model(u"model"_s, u"Validate against this model (components.schemas) of FILE."_s, u"NAME"_s);
    const QCommandLineOption schemaFile(u"schema"_s, u"Validate against this JSON Schema file."_s, u"SCHEMA"_s);
    const QCommandLineOption formatMode(u"format-mode"_s, u"assert (default, as FastAPI) or annotate."_s, u"MODE"_s, u"assert"_s);
    const QCommandLineOption lax(u"lax"_s, u"pydantic's lax coercion: numeric strings count as numbers, and so on."_s);
    parser.addOptions({model, schemaFile, formatMode, lax});
    int code = ExitOk;
    if (!parse(parser, u"validate"_s, arguments, &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    const bool byModel = parser.isSet(model);
    if (byModel == parser.isSet(schemaFile) || positional.size() != (byModel ? 2 : 1)) {
        err() << "portico validate: use either FILE --model NAME DATA or --schema SCHEMA DATA\n";
        return ExitUsage;
    }
    const QString mode = parser.value(formatMode);
    if (mode != u"assert" && mode != u"annotate") {
        err() << "portico validate: --format-mode must be assert or annotate\n";
        return ExitUsage;
    }
    SchemaOptions options;
    options.assertFormats = mode == u"assert";
    options.lax = parser.isSet(lax);
    SchemaCompiler compiler(options);

    QString target;
    if (byModel) {
        auto doc = loadProject(positional.first(), &code);
        if (!doc)
            return ExitUsage;
        const QString name = parser.value(model);
        if (!doc->modelNames().contains(name)) {
            err() << doc->filePath() << ": error: no model named \"" << name << "\" (models: "
                  << doc->modelNames().join(u", "_s) << ")\n";
            return ExitUsage;
        }
        const QString uri = QUrl::fromLocalFile(QFileInfo(positional.first()).absoluteFilePath()).toString();
        compiler.addDocument(uri, doc->root());
        compiler.setLoader(folderLoader(QFileInfo(positional.first()).absolutePath()));
        target = uri + u'#' + ApiDocument::modelPointer(name);
    } else {
        const QString path = parser.value(schemaFile);
        auto file = readDocumentFile(path);
        if (!file.ok()) {
            printError(file.error());
            return ExitUsage;
        }
        const QString uri = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString();
        compiler.addDocument(uri, file->root);
        compiler.setLoader(folderLoader(QFileInfo(path).absolutePath()));
        target = uri;
    }
    const auto compiled = compiler.compile(target);
    if (!compiled.ok()) {
        Error e = compiled.error();
        if (e.location.file.startsWith(u"file:"))
            e.location.file = QUrl(e.location.file).toLocalFile();
        printError(e);
        return ExitUsage;
    }

    const QString dataPath = positional.last();
    QByteArray data;
    if (dataPath == u"-") {
        QFile in;
        if (in.open(stdin, QIODevice::ReadOnly))
            data = in.readAll();
    } else {
        QFile in(dataPath);
        if (!in.open(QIODevice::ReadOnly)) {
            err() << dataPath << ": error: cannot open: " << in.errorString() << '\n';
            return ExitUsage;
        }
        data = in.readAll();
    }
    JsonParser jsonParser;
    const auto instance = jsonParser.parse(data);
    ValidationErrors errors;
    if (!instance.ok()) {
        const JsonSyntaxError &syntax = jsonParser.syntaxError();
        errors.append({u"json_invalid"_s, JsonArray{Json(qint64(syntax.characterOffset))}, u"JSON decode error"_s,
                       Json(JsonObject{}), JsonObject{{u"error"_s, Json(syntax.message)}}});
        err() << dataPath << ':' << syntax.line << ':' << syntax.column << ": error: invalid JSON: " << syntax.message << '\n';
    } else {
        errors = compiled->validate(*instance);
    }
    if (errors.isEmpty()) {
        err() << dataPath << ": valid\n";
        return ExitOk;
    }
    const QByteArray body = toJson(detailBody(errors), JsonStyle::Indented);
    std::fwrite(body.constData(), 1, size_t(body.size()), stdout);
    return ExitInvalid;
}

int runSummary(const QString &file)
{
    int code = ExitOk;
    auto doc = loadProject(file, &code);
    if (!doc)
        return code;
    QTextStream out(stdout);
    const ApiInfo info = doc->info();
    out << info.title << ' ' << info.version << '\n';
    const auto endpoints = doc->endpoints();
    out << endpoints.size() << " endpoints, " << doc->modelNames().size() << " models\n\n";
    for (const ApiEndpoint &e : endpoints)
        out << "  " << e.method.toUpper().leftJustified(7) << ' ' << e.path.leftJustified(32) << ' ' << e.summary << '\n';
    out << "\nModels: " << doc->modelNames().join(u", "_s) << '\n';
    out.flush();
    const auto problems = checkDocument(*doc);
    for (const Problem &p : problems)
        err() << p.toString() << '\n';
    // Reached when `portico FILE` finds no screen for the workbench (no DISPLAY, or an offscreen platform).
    err() << "No display to open the workbench on; to run this file as a mock server: portico serve "
          << QDir::toNativeSeparators(file) << '\n';
    return ExitOk;
}

} // namespace portico::app
