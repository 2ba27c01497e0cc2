// portico import / export / bundle: other OpenAPI versions in, other versions and single files out.
#include "cli.h"
#include "core/apidocument.h"
#include "core/bundler.h"
#include "core/documentio.h"
#include "core/jsonwriter.h"
#include "core/openapiconvert.h"
#include "core/openapiwalk.h"
#include "core/yamlio.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::app {
namespace {

struct Common
{
    QString input;
    QString output; // "-" or empty: standard output
    std::optional<FileFormat> format;
};

// Parses IN, -o OUT and --format for a sub-command; returns false (and the exit code) on --help or a usage error.
bool parseCommon(QCommandLineParser &parser, const QString &command, const QStringList &arguments, Common *common,
                 int *code)
{
    parser.setApplicationDescription(u"portico "_s + command);
    parser.addHelpOption();
    const QCommandLineOption output({u"o"_s, u"output"_s}, u"Write to OUT ('-' or absent: standard output)."_s,
                                    u"OUT"_s);
    const QCommandLineOption format(u"format"_s, u"json or yaml (default: from OUT's extension, else the input's)."_s,
                                    u"FORMAT"_s);
    parser.addOption(output);
    parser.addOption(format);
    if (!parser.parse(QStringList{u"portico "_s + command} + arguments)) {
        err() << "portico " << command << ": " << parser.errorText() << "\nTry 'portico " << command << " --help'.\n";
        *code = ExitUsage;
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *code = ExitOk;
        return false;
    }
    if (parser.positionalArguments().size() != 1) {
        err() << "portico " << command << ": expected one input file\nTry 'portico " << command << " --help'.\n";
        *code = ExitUsage;
        return false;
    }
    common->input = parser.positionalArguments().first();
    common->output = parser.value(output);
    if (parser.isSet(format)) {
        const QString f = parser.value(format).toLower();
        if (f != u"json" && f != u"yaml" && f != u"yml") {
            err() << "portico " << command << ": --format must be json or yaml\n";
            *code = ExitUsage;
            return false;
        }
        common->format = f == u"json" ? FileFormat::Json : FileFormat::Yaml;
    } else if (!common->output.isEmpty() && common->output != u"-") {
        const QString suffix = QFileInfo(common->output).suffix().toLower();
        if (suffix == u"json")
            common->format = FileFormat::Json;
        else if (suffix == u"yaml" || suffix == u"yml")
            common->format = FileFormat::Yaml;
    }
    if (!QFileInfo::exists(common->input)) {
        err() << common->input << ": error: no such file\n";
        *code = ExitUsage;
        return false;
    }
    return true;
}

int write(const Common &common, const QByteArray &bytes)
{
    if (common.output.isEmpty() || common.output == u"-") {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        return ExitOk;
    }
    const auto written = writeFileAtomically(common.output, bytes);
    if (!written.ok()) {
        err() << written.error().toString() << Qt::endl;
        return ExitUsage;
    }
    return ExitOk;
}

void printWarnings(const QList<ConversionWarning> &warnings, const std::function<Location(const QString &)> &locate)
{
    for (const ConversionWarning &w : warnings)
        err() << Error{w.message, locate(w.pointer)}.toString(u"warning") << '\n';
    err().flush();
}

std::unique_ptr<ApiDocument> load(const QString &path, int *code)
{
    auto doc = std::make_unique<ApiDocument>();
    const auto loaded = doc->load(path);
    if (!loaded.ok()) {
        err() << loaded.error().toString() << Qt::endl;
        *code = loaded.error().message.startsWith(u"cannot open"_s) ? ExitUsage : ExitInvalid;
        return nullptr;
    }
    printConversionWarnings(*doc);
    return doc;
}

} // namespace

void printConversionWarnings(const ApiDocument &document)
{
    printWarnings(document.conversionWarnings(), [&](const QString &pointer) { return document.locate(pointer); });
}

int runImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        u"IN"_s, u"Swagger 2.0, OpenAPI 3.0 or 3.1 document (JSON or YAML; may $ref other local files)."_s);
    Common common;
    int code = ExitOk;
    if (!parseCommon(parser, u"import"_s, arguments, &common, &code))
        return code;
    auto doc = load(common.input, &code);
    if (!doc)
        return code;
    return write(common, serializeDocument(doc->root(), common.format.value_or(doc->format())));
}

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE"_s, u"The project (any version Portico opens)."_s);
    const QCommandLineOption version(
        u"openapi"_s, u"3.1 (default) or 3.0 (3.0.3; what 3.0 cannot express is reported)."_s, u"VERSION"_s, u"3.1"_s);
    const QCommandLineOption strip(u"strip-extensions"_s, u"Remove every x- extension (x-portico-* included)."_s);
    parser.addOption(version);
    parser.addOption(strip);
    Common common;
    int code = ExitOk;
    if (!parseCommon(parser, u"export"_s, arguments, &common, &code))
        return code;
    const QString target = parser.value(version);
    if (target != u"3.1" && target != u"3.0") {
        err() << "portico export: --openapi must be 3.1 or 3.0\n";
        return ExitUsage;
    }
    auto doc = load(common.input, &code);
    if (!doc)
        return code;
    Json root = doc->root();
    if (target == u"3.0") {
        auto converted = convertToOpenApi30(root);
        if (!converted.ok()) {
            err() << converted.error().toString() << Qt::endl;
            return ExitInvalid;
        }
        printWarnings(converted->warnings, [&](const QString &pointer) { return doc->locate(pointer); });
        root = std::move(converted.value().document);
    }
    if (parser.isSet(strip))
        root = stripExtensions(root);
    return write(common, serializeDocument(root, common.format.value_or(doc->format())));
}

int runBundle(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"IN"_s, u"The root file of a document split over several local files."_s);
    Common common;
    int code = ExitOk;
    if (!parseCommon(parser, u"bundle"_s, arguments, &common, &code))
        return code;
    auto file = readDocumentFile(common.input);
    if (!file.ok()) {
        err() << file.error().toString() << Qt::endl;
        return file.error().message.startsWith(u"cannot open"_s) ? ExitUsage : ExitInvalid;
    }
    if (!openapi::specOf(file->root)) {
        err() << Error{u"not a Swagger 2.0 or OpenAPI 3.x document"_s, {common.input, 0, 0, u""_s}}.toString()
              << Qt::endl;
        return ExitInvalid;
    }
    QList<ConversionWarning> warnings;
    auto bundled = bundleDocument(*file, &warnings);
    if (!bundled.ok()) {
        err() << bundled.error().toString() << Qt::endl;
        return ExitInvalid;
    }
    const SourceMap &map = file->sourceMap;
    printWarnings(warnings, [&](const QString &pointer) {
        const auto pos = map.find(pointer);
        return Location{common.input, pos.line, pos.column, pointer};
    });
    // Bundling keeps the version and the author's key order; only the references change.
    const FileFormat format = common.format.value_or(file->format);
    return write(common, format == FileFormat::Json ? toJson(bundled->document, JsonStyle::Indented)
                                                    : toYaml(bundled->document));
}

} // namespace portico::app
