// bench/import: how long a large document takes from file to a served route table — parse (JSON/YAML with
// positions), convert to OpenAPI 3.1 (real work for 3.0 input; a scan for 3.0 leftovers for 3.1), compile the
// mock route table (every schema compiled, examples prepared) — and ApiDocument::load end to end. The goal is
// under a second for a ~5 MB document. Prints one machine-parsable line per file: medians of N runs, in CPU
// milliseconds of the loading thread (total_wall_ms for comparison).
//
//     portico-bench-import FILE... [--runs N]
#include "core/apidocument.h"
#include "core/canonicalorder.h"
#include "core/documentio.h"
#include "core/openapiconvert.h"
#include "core/yamlio.h"
#include "mock/routetable.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// CPU time of this thread: on a shared machine wall time mostly measures the neighbours.
double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

struct Stopwatch
{
    QElapsedTimer wall;
    double cpu = 0;
    void start()
    {
        wall.start();
        cpu = cpuMs();
    }
    // Milliseconds since the last lap: {wall, cpu}.
    std::pair<double, double> lap()
    {
        const std::pair<double, double> out{double(wall.nsecsElapsed()) / 1e6, cpuMs() - cpu};
        start();
        return out;
    }
};

struct Stage
{
    QList<double> wall, cpu;
    void add(std::pair<double, double> lap)
    {
        wall.append(lap.first);
        cpu.append(lap.second);
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList files;
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == u"--runs" && i + 1 < argc)
            runs = std::max(1, QString::fromLocal8Bit(argv[++i]).toInt());
        else
            files.append(arg);
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "usage: portico-bench-import FILE... [--runs N]\n");
        return 2;
    }
    int code = 0;
    for (const QString &file : files) {
        Stage parse, convert, compile, total, load, yaml;
        qsizetype operations = 0;
        for (int run = 0; run < runs; ++run) {
            Stopwatch clock;
            clock.start();
            auto loaded = readDocumentFile(file);
            if (!loaded.ok()) {
                std::fprintf(stderr, "%s\n", qPrintable(loaded.error().toString()));
                return 1;
            }
            parse.add(clock.lap());
            auto converted = convertToOpenApi31(loaded->root);
            if (!converted.ok()) {
                std::fprintf(stderr, "%s\n", qPrintable(converted.error().toString()));
                return 1;
            }
            convert.add(clock.lap());
            auto table = portico::mock::RouteTable::compile(converted->document, {});
            if (!table.ok()) {
                std::fprintf(stderr, "%s: %s\n", qPrintable(file), qPrintable(table.error().toString()));
                return 1;
            }
            compile.add(clock.lap());
            total.add({parse.wall.last() + convert.wall.last() + compile.wall.last(),
                       parse.cpu.last() + convert.cpu.last() + compile.cpu.last()});
            operations = (*table)->operations().size();

            ApiDocument doc;
            clock.start();
            if (!doc.load(file).ok())
                return 1;
            load.add(clock.lap());
            // Part of compile: the route table keeps the document as /openapi.yaml, and YAML is slow to write.
            const QByteArray text = toYaml(canonicalOpenApiOrder(converted->document));
            yaml.add(clock.lap());
        }
        const double mb = double(QFileInfo(file).size()) / (1024 * 1024);
        const double cpu = median(total.cpu);
        std::printf("portico-import %s size_mb=%.2f operations=%lld parse_ms=%.0f convert_ms=%.0f compile_ms=%.0f "
                    "total_ms=%.0f total_wall_ms=%.0f apidocument_load_ms=%.0f of_compile_yaml_ms=%.0f goal_1s=%s\n",
                    qPrintable(QFileInfo(file).fileName()), mb, qint64(operations), median(parse.cpu),
                    median(convert.cpu), median(compile.cpu), cpu, median(total.wall), median(load.cpu),
                    median(yaml.cpu), cpu < 1000 ? "met" : "MISSED");
        if (cpu >= 1000)
            code = 1;
    }
    return code;
}
