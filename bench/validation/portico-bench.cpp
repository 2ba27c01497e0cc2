// bench/validation: Portico's validator on the same documents and workloads as ajv-bench.mjs.
// Each pass parses the raw bytes and validates with every error collected (ajv's allErrors), as a server
// receiving request bodies must. Prints one machine-parsable line per workload, like the ajv script.
#include "core/jsonparser.h"
#include "core/schema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        std::exit(2);
    }
    return f.readAll();
}

struct Workload
{
    const char *name;
    QString file;
    bool ndjson;
    const Schema *schema;
};

qsizetype pass(const QList<QByteArray> &docs, const Schema &schema)
{
    qsizetype invalid = 0;
    JsonParser parser;
    for (const QByteArray &doc : docs) {
        auto parsed = parser.parse(doc);
        if (!parsed.ok() || !schema.validate(*parsed).isEmpty())
            ++invalid;
    }
    return invalid;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: portico-bench-validation DATA_DIR\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    const double seconds = qEnvironmentVariableIsSet("BENCH_SECONDS") ? qEnvironmentVariable("BENCH_SECONDS").toDouble() : 2.0;

    SchemaCompiler compiler; // formats asserted, as ajv-formats does
    const Json trade = parseJson(readFile(dir + u"/trade.schema.json"_s));
    const Json batch = parseJson(readFile(dir + u"/batch.schema.json"_s));
    compiler.addDocument(trade[u"$id"].toString(), trade);
    compiler.addDocument(batch[u"$id"].toString(), batch);
    const auto tradeSchema = compiler.compile(trade[u"$id"].toString());
    const auto batchSchema = compiler.compile(batch[u"$id"].toString());
    if (!tradeSchema.ok() || !batchSchema.ok()) {
        std::fprintf(stderr, "schema does not compile\n");
        return 2;
    }
    const Workload workloads[] = {
        {"small-valid", u"small-valid.ndjson"_s, true, &tradeSchema.value()},
        {"small-mixed", u"small-mixed.ndjson"_s, true, &tradeSchema.value()},
        {"batch-10000", u"batch-10000.json"_s, false, &batchSchema.value()},
    };
    std::fprintf(stderr, "# portico %s, ~%.0fs per workload\n", PORTICO_VERSION, seconds);
    for (const Workload &w : workloads) {
        const QByteArray raw = readFile(dir + u'/' + w.file);
        QList<QByteArray> docs;
        if (w.ndjson) {
            for (const QByteArray &line : raw.split('\n')) {
                if (!line.trimmed().isEmpty())
                    docs.append(line.trimmed());
            }
        } else {
            docs.append(raw.trimmed());
        }
        qsizetype bytes = 0;
        for (const QByteArray &d : docs)
            bytes += d.size();
        const qsizetype trades = w.ndjson ? docs.size() : qsizetype(parseJson(docs.first())[u"trades"].toArray().size());

        const qsizetype invalid = pass(docs, *w.schema);
        QElapsedTimer warm;
        warm.start();
        while (warm.elapsed() < qint64(std::min(500.0, seconds * 250)))
            pass(docs, *w.schema);

        QElapsedTimer timer;
        timer.start();
        qint64 passes = 0;
        do {
            pass(docs, *w.schema);
            ++passes;
        } while (timer.nsecsElapsed() < qint64(seconds * 1e9));
        const double secs = double(timer.nsecsElapsed()) / 1e9;
        std::printf("portico %s docs_per_s=%.0f mb_per_s=%.2f", w.name, double(passes * docs.size()) / secs,
                    double(passes * bytes) / 1e6 / secs);
        if (!w.ndjson)
            std::printf(" trades_per_s=%.0f", double(passes * trades) / secs);
        std::printf(" invalid=%lld\n", static_cast<long long>(invalid));
        std::fflush(stdout);
    }
    return 0;
}
