// The generated TypeScript client and the mock agree on every parameter style (issue 13, item 1): the client
// generated from tests/data/mock/parameter-styles.yaml calls `portico serve` of the same document with
// node's own fetch, and each answer (the mock echoes what it read) must be the value the client was given.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kPortico = QStringLiteral(PORTICO_BINARY_DIR "/app/portico");
const QString kTsc = QStringLiteral(PORTICO_NPM_DIR "/typescript/bin/tsc");
const QString kFixture = QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/mock/parameter-styles.yaml");

} // namespace

class tst_ClientStyles : public QObject
{
    Q_OBJECT

private slots:
    void generatedClientTalksToTheMock();
};

void tst_ClientStyles::generatedClientTalksToTheMock()
{
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    QVERIFY2(!node.isEmpty() && QFile::exists(kTsc), "node or typescript (tools/npm) is not installed; run tools/setup.sh");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess generate;
    generate.start(kPortico, {u"generate"_s, u"typescript"_s, kFixture, u"-o"_s, dir.filePath(u"api.ts"_s)});
    QVERIFY(generate.waitForFinished(60000));
    QVERIFY2(generate.exitCode() == 0, generate.readAllStandardError().constData());

    QProcess serve;
    serve.start(kPortico, {u"serve"_s, kFixture, u"--port"_s, u"0"_s, u"--threads"_s, u"1"_s});
    QVERIFY(serve.waitForStarted());
    QByteArray out;
    static const QRegularExpression listening(u"on (http://127\\.0\\.0\\.1:\\d+)"_s);
    QRegularExpressionMatch match;
    QTRY_VERIFY_WITH_TIMEOUT((out += serve.readAllStandardOutput(), match = listening.match(QString::fromUtf8(out))).hasMatch(), 20000);

    QFile main(dir.filePath(u"main.ts"_s));
    QVERIFY(main.open(QIODevice::WriteOnly));
    main.write(R"TS(import { createClient } from "./api";
declare const process: { argv: string[] }; // node's, without installing @types/node

async function main() {
  const api = createClient({ baseUrl: process.argv[2] });
  const out: unknown[] = [];
  const answer = async (call: Promise<{ status: number; body: unknown }>) => {
    try {
      const r = await call;
      out.push(r.status, r.body);
    } catch (e) {
      const error = e as { status?: number; body?: unknown };
      out.push(error.status ?? String(e), error.body ?? null);
    }
  };
  await answer(api.search({ filter: { plan: "gold", size: 3, created: { gte: 100 } }, tags: ["a", "b c"], ids: [1, 2], point: { x: 1, y: 2 }, names: ["n1", "n2"] }));
  await answer(api.pages({ page: { number: 2, size: 20 } }));
  await answer(api.label({ ids: [3, 4, 5] }));
  await answer(api.matrix({ coords: { lat: 50.1, lon: 8.6 } }));
  await answer(api.matrixList({ ids: [1, 2] }));
  await answer(api.simple({ obj: { role: "admin", age: 7 }, "X-Ids": [1, 2] }));
  await answer(api.createCustomer({ body: { email: "ada@example.com", metadata: { plan: "gold" }, expand: ["sources", "tax"],
                                            items: [{ price: "p1", quantity: 2 }, { price: "p2" }] } }));
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
    run.start(node, {u"main.js"_s, match.captured(1)});
    QVERIFY(run.waitForFinished(60000));
    serve.terminate();
    serve.waitForFinished(10000);
    const QByteArray errors = run.readAllStandardError();
    QVERIFY2(run.exitCode() == 0, errors.right(1500).constData());
    const QByteArray answers = run.readAllStandardOutput().trimmed();
    QCOMPARE(answers,
             QByteArray(R"([200,{"query":{"filter":{"plan":"gold","size":3,"created":{"gte":100}},"tags":["a","b c"],"ids":[1,2],"point":{"x":1,"y":2},"names":["n1","n2"]}},)"
                        R"(200,{"query":{"page":{"number":2,"size":20}}},200,{"ids":[3,4,5]},200,{"coords":{"lat":50.1,"lon":8.6}},)"
                        R"(200,{"ids":[1,2]},200,{"obj":{"role":"admin","age":7},"header":"1,2"},)"
                        R"(200,{"body":{"email":"ada@example.com","metadata":{"plan":"gold"},"expand":["sources","tax"],"items":[{"price":"p1","quantity":2},{"price":"p2"}]}}])"));
}

QTEST_GUILESS_MAIN(tst_ClientStyles)
#include "tst_clientstyles.moc"
