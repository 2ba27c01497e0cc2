// The official JSON Schema Test Suite (draft 2020-12, required tests) through the command line, as a user
// runs it: `portico validate --schema SCHEMA DATA` per case, the schema and the instance in real files. The
// in-process test (core/schemasuite) checks the validator; this one checks what the CLI adds on top: file
// reading, the shipped meta-schemas (no network), exit codes.
#include "core/jsonparser.h"
#include "core/jsonwriter.h"

#include <algorithm>
#include <array>
#include <memory>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kPortico = QStringLiteral(PORTICO_BINARY_DIR "/app/portico");
const QString kSuite = QStringLiteral(PORTICO_SUITE_DIR) + u"/tests/draft2020-12/"_s;

struct Case
{
    QString name;
    Json schema;
    Json instance;
    bool valid = false;
};

QList<Case> requiredCases()
{
    QList<Case> cases;
    for (const QString &file : QDir(kSuite).entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
        QFile in(kSuite + file);
        if (!in.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file));
        auto groups = JsonParser().parse(in.readAll());
        if (!groups.ok())
            qFatal("cannot parse %s", qPrintable(file));
        for (const Json &group : groups->toArray())
            for (const Json &test : group[u"tests"].toArray())
                cases.append({file + u": "_s + group[u"description"].toString() + u" / "_s + test[u"description"].toString(),
                              group[u"schema"], test[u"data"], test[u"valid"].toBool()});
    }
    return cases;
}

bool writeFile(const QString &path, const Json &value)
{
    QFile out(path);
    return out.open(QIODevice::WriteOnly) && out.write(toJson(value)) >= 0;
}

} // namespace

class tst_SchemaSuiteCli : public QObject
{
    Q_OBJECT

private slots:
    void requiredSuite();
};

void tst_SchemaSuiteCli::requiredSuite()
{
    const QList<Case> cases = requiredCases();
    QVERIFY(cases.size() > 1000);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // Two processes at a time: a case costs a process start, and CI has two cores.
    constexpr int kParallel = 2;
    struct Running
    {
        std::unique_ptr<QProcess> process;
        qsizetype index = -1;
    };
    std::array<Running, kParallel> running;
    qsizetype next = 0;
    int passed = 0;
    int remote = 0;
    QStringList failures;

    const auto start = [&](Running &slot) {
        const Case &c = cases[next];
        const QString schemaPath = dir.filePath(u"schema-%1.json"_s.arg(next));
        const QString dataPath = dir.filePath(u"data-%1.json"_s.arg(next));
        QVERIFY(writeFile(schemaPath, c.schema));
        QVERIFY(writeFile(dataPath, c.instance));
        slot.process = std::make_unique<QProcess>();
        slot.index = next++;
        // The required tests treat `format` as an annotation, as JSON Schema does by default (the CLI asserts it).
        slot.process->start(kPortico, {u"validate"_s, u"--format-mode"_s, u"annotate"_s, u"--schema"_s, schemaPath, dataPath});
    };
    const auto finish = [&](Running &slot) {
        QVERIFY(slot.process->waitForFinished(30000));
        const Case &c = cases[slot.index];
        const int code = slot.process->exitCode();
        const QString stderrText = QString::fromUtf8(slot.process->readAllStandardError());
        // The suite's remotes (http://localhost:1234/…) stand for documents on a network: Portico never fetches
        // a URI, so those cases can only be refused, and must say why.
        if (code == 2 && stderrText.contains(u"no document at http://localhost:1234/"_s))
            ++remote;
        else if (code == (c.valid ? 0 : 1))
            ++passed;
        else
            failures.append(u"%1 (exit %2): %3"_s.arg(c.name).arg(code).arg(stderrText.trimmed()));
        slot.process.reset();
    };

    while (next < cases.size() || std::any_of(running.begin(), running.end(), [](const Running &r) { return bool(r.process); })) {
        for (Running &slot : running) {
            if (slot.process)
                finish(slot);
            if (next < cases.size())
                start(slot);
        }
    }
    qInfo("JSON Schema Test Suite through portico validate: %d passed, %d refused as remote documents, %d failed",
          passed, remote, int(failures.size()));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 20).join(u'\n')));
    // Only the suite's remote-reference cases may be refused, and there are a few dozen of them.
    QVERIFY(remote < 60);
}

QTEST_GUILESS_MAIN(tst_SchemaSuiteCli)
#include "tst_schemasuitecli.moc"
