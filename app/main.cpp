// portico: the command line. With a sub-command it runs headless; with a file it opens the project.
#include "cli.h"

#include "ui/workbench.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portico::app;

namespace {

const char *kUsage = R"(Usage: portico [FILE]
       portico <command> [options]

Design, mock and document HTTP APIs. FILE is an OpenAPI 3.1 document (JSON or YAML); OpenAPI 3.0 and
Swagger 2.0 files open too (converted on load), and $refs to other local files are followed.

Commands:
  check FILE                   Report problems in a document (broken $refs, duplicate operationIds,
                               path parameters, examples that break their schemas, ...). Exit 1 on errors.
  format FILE [-o OUT]         Rewrite a document canonically (key order as written survives).
  validate FILE --model NAME DATA
  validate --schema SCHEMA DATA
                               Validate a JSON document; prints FastAPI-style errors. Exit 1 if invalid.
  serve FILE [--port 8000] [--threads N] [--watch] ...
                               Run the document as a validating mock server (see 'portico serve --help').
  import IN [-o OUT]           Convert Swagger 2.0 / OpenAPI 3.0 / 3.1 (multi-file too) to an OpenAPI 3.1
                               project; what cannot be converted is reported as located warnings.
  export FILE [-o OUT] [--openapi 3.1|3.0] [--format json|yaml] [--strip-extensions]
                               Write the project for other tools (3.0 reports what it cannot express).
  bundle IN [-o OUT]           Merge a document split over several files into one (version unchanged).
  generate typescript|fastapi FILE -o OUT
                               Generate client types or a FastAPI application (see 'portico generate --help').

Options:
  -h, --help                   Show this help (or a command's: portico <command> --help).
  -v, --version                Show the version.

Exit codes: 0 success, 1 the input is invalid, 2 usage or I/O error.
)";

} // namespace

int main(int argc, char *argv[])
{
    // No command, or just a file: the workbench, when there is a screen to show it on.
    if (argc == 1 || (argc == 2 && argv[1][0] != '-' && QFileInfo(QString::fromLocal8Bit(argv[1])).isFile())) {
        if (portico::ui::guiAvailable())
            return portico::ui::runWorkbench(argc, argv, argc == 2 ? QString::fromLocal8Bit(argv[1]) : QString());
    }
    // The mock server holds thousands of sockets; Qt's GLib event dispatcher searches its notifier list
    // linearly on every change, its UNIX dispatcher does not.
    if (argc > 1 && qstrcmp(argv[1], "serve") == 0 && !qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"portico"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTICO_VERSION));
    QCoreApplication::setOrganizationName(u"Portico"_s);

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == u"-h" || args.first() == u"--help") {
        std::fputs(kUsage, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    if (args.first() == u"-v" || args.first() == u"--version") {
        std::printf("portico %s\n", PORTICO_VERSION);
        return ExitOk;
    }
    const QString command = args.takeFirst();
    if (command == u"check")
        return runCheck(args);
    if (command == u"format")
        return runFormat(args);
    if (command == u"validate")
        return runValidate(args);
    if (command == u"serve")
        return runServe(args);
    if (command == u"import")
        return runImport(args);
    if (command == u"export")
        return runExport(args);
    if (command == u"bundle")
        return runBundle(args);
    if (command == u"generate")
        return runGenerate(args);
    if (!command.startsWith(u'-') && QFileInfo::exists(command) && args.isEmpty())
        return runSummary(command);
    QTextStream(stderr) << "portico: unknown command or file \"" << command << "\"\n" << "Try 'portico --help'.\n";
    return ExitUsage;
}
