// portico generate: client types and a server skeleton from the design.
#include "cli.h"
#include "core/apidocument.h"
#include "core/documentio.h"
#include "core/fastapigenerator.h"
#include "core/typescriptgenerator.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::app {
namespace {

void printWarnings(const QList<CodegenWarning> &warnings, const ApiDocument &document)
{
    for (const CodegenWarning &w : warnings)
        err() << Error{w.message, document.locate(w.pointer)}.toString(u"warning") << '\n';
    err().flush();
}

} // namespace

int runGenerate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"portico generate: code from the design.\n\n"_s
        u"  typescript FILE -o api.ts   One self-contained TypeScript module: a type per model and a typed\n"_s
        u"                              fetch function per operation ('-' or no -o: standard output).\n"_s
        u"  fastapi FILE -o DIR         A runnable FastAPI application: models.py (Pydantic), one router per\n"_s
        u"                              tag, main.py; handlers return the documented examples.\n\n"_s
        u"FILE may be OpenAPI 3.1, 3.0 or Swagger 2.0 (converted first). What the target language cannot\n"_s
        u"express is reported as located warnings on standard error."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"TARGET"_s, u"typescript or fastapi"_s);
    parser.addPositionalArgument(u"FILE"_s, u"The API document."_s);
    const QCommandLineOption output({u"o"_s, u"output"_s}, u"Output file (typescript) or directory (fastapi)."_s,
                                    u"OUT"_s);
    const QCommandLineOption pydantic(u"pydantic"_s, u"fastapi: Pydantic major version, 2 (default) or 1."_s, u"N"_s,
                                      u"2"_s);
    const QCommandLineOption seed(u"seed"_s, u"fastapi: seed of the sample data returned where no example is given."_s,
                                  u"N"_s, u"0"_s);
    parser.addOptions({output, pydantic, seed});
    if (!parser.parse(QStringList{u"portico generate"_s} + arguments)) {
        err() << "portico generate: " << parser.errorText() << "\nTry 'portico generate --help'.\n";
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    const QString target = positional.value(0);
    if (positional.size() != 2 || (target != u"typescript" && target != u"fastapi")) {
        err() << "portico generate: expected typescript|fastapi FILE\nTry 'portico generate --help'.\n";
        return ExitUsage;
    }
    const QString pydanticVersion = parser.value(pydantic);
    bool seedOk = false;
    const quint64 seedValue = parser.value(seed).toULongLong(&seedOk);
    if ((pydanticVersion != u"1" && pydanticVersion != u"2") || !seedOk) {
        err() << "portico generate: --pydantic must be 1 or 2 and --seed a non-negative integer\n";
        return ExitUsage;
    }
    if (target == u"fastapi" && (!parser.isSet(output) || parser.value(output) == u"-")) {
        err() << "portico generate fastapi: -o DIR is required\n";
        return ExitUsage;
    }

    const QString file = positional.at(1);
    if (!QFileInfo::exists(file)) {
        err() << file << ": error: no such file\n";
        return ExitUsage;
    }
    ApiDocument document;
    if (const auto loaded = document.load(file); !loaded.ok()) {
        err() << loaded.error().toString() << '\n';
        return loaded.error().message.startsWith(u"cannot open"_s) ? ExitUsage : ExitInvalid;
    }
    printConversionWarnings(document);

    QList<CodegenWarning> warnings;
    if (target == u"typescript") {
        const QByteArray code = generateTypeScript(document.root(), &warnings).toUtf8();
        printWarnings(warnings, document);
        const QString out = parser.value(output);
        if (out.isEmpty() || out == u"-") {
            std::fwrite(code.constData(), 1, size_t(code.size()), stdout);
            return ExitOk;
        }
        if (const auto written = writeFileAtomically(out, code); !written.ok()) {
            err() << written.error().toString() << '\n';
            return ExitUsage;
        }
        return ExitOk;
    }

    FastApiOptions options;
    options.pydantic = pydanticVersion.toInt();
    options.seed = seedValue;
    const GeneratedFiles files = generateFastApi(document.root(), options, &warnings);
    printWarnings(warnings, document);
    const QDir dir(parser.value(output));
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString path = dir.filePath(it.key());
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            err() << QFileInfo(path).absolutePath() << ": error: cannot create the directory\n";
            return ExitUsage;
        }
        if (const auto written = writeFileAtomically(path, it.value()); !written.ok()) {
            err() << written.error().toString() << '\n';
            return ExitUsage;
        }
    }
    err() << "Wrote " << files.size() << " files to " << QDir::toNativeSeparators(dir.path()) << "; run: cd "
          << QDir::toNativeSeparators(dir.path()) << " && uvicorn main:app --reload\n";
    return ExitOk;
}

} // namespace portico::app
