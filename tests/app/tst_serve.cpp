// `portico serve` as a user runs it: a real process, real files, real HTTP, signals and exit codes.
#include "core/apidocument.h"
#include "core/jsonparser.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kPortico = QStringLiteral(PORTICO_BINARY_DIR "/app/portico");
const QString kFeatures = QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/mock/features.yaml");

// A running `portico serve`; stops it (SIGTERM) when destroyed.
class Served
{
public:
    explicit Served(const QStringList &arguments)
    {
        m_process.setProgram(kPortico);
        m_process.setArguments(QStringList{u"serve"_s} + arguments);
        m_process.start();
    }
    ~Served()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            m_process.waitForFinished(10000);
        }
    }
    // Waits for the "Serving ... on http://host:port" line.
    QString waitForUrl()
    {
        static const QRegularExpression url(u"on (http://127\\.0\\.0\\.1:\\d+)"_s);
        for (int i = 0; i < 100; ++i) {
            m_out += m_process.readAllStandardOutput();
            const auto m = url.match(QString::fromUtf8(m_out));
            if (m.hasMatch())
                return m.captured(1);
            if (m_process.state() == QProcess::NotRunning)
                return {};
            m_process.waitForReadyRead(100);
        }
        return {};
    }
    QByteArray output()
    {
        m_out += m_process.readAllStandardOutput();
        return m_out;
    }
    QByteArray errors() { return m_err += m_process.readAllStandardError(); }
    int stop()
    {
        m_process.terminate();
        m_process.waitForFinished(15000);
        output();
        errors();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QByteArray m_out, m_err;
};

struct Reply
{
    int status = 0;
    QByteArray body;
};

Reply fetch(QNetworkAccessManager &network, const QByteArray &method, const QString &url, const QByteArray &body = {})
{
    QNetworkRequest request{QUrl(url)};
    if (!body.isEmpty())
        request.setRawHeader("Content-Type", "application/json");
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10000);
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return r;
}

// Writes `bytes` to a new file in `dir`; returns its path.
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class tst_Serve : public QObject
{
    Q_OBJECT

private slots:
    void servesAndLogs();
    void portInUseIsAClearError();
    void invalidDocumentExitsOne();
    void minimalDocumentServesWithWarnings();
    void gracefulShutdownWritesHarAndData();
    void sigtermWhileBusyExitsWithinTheGracePeriod();
    void acknowledgedWritesSurviveKill();
    void sameSeedSameBytes();
    void announcesInvalidExamplesAndTheApiUrl();
    void watchReloadsAndKeepsTheLastGoodVersion();
    void jsonLogLines();
    void failOnMismatch();
    void recordCapturesTheBackend();
    void projectRunSettings();

private:
    QNetworkAccessManager m_network;
};

void tst_Serve::servesAndLogs()
{
    Served served({kFeatures, u"--port"_s, u"0"_s, u"--threads"_s, u"2"_s});
    const QString url = served.waitForUrl();
    QVERIFY2(!url.isEmpty(), served.errors().constData());
    const Reply r = fetch(m_network, "GET", url + u"/items/abc"_s);
    QCOMPARE(r.status, 422);
    QTRY_VERIFY(served.output().contains("GET /items/abc 422"));
    QVERIFY(served.output().contains("path.id: Input should be a valid integer"));
    QCOMPARE(served.stop(), 0);
}

void tst_Serve::portInUseIsAClearError()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    Served served({kFeatures, u"--port"_s, QString::number(taken.serverPort())});
    QVERIFY(served.process().waitForFinished(10000));
    QCOMPARE(served.process().exitCode(), 2);
    const QByteArray err = served.errors();
    QVERIFY2(err.contains(QByteArray("cannot listen on 127.0.0.1:" + QByteArray::number(taken.serverPort()))), err.constData());
    QVERIFY(err.contains("--port 0"));
}

void tst_Serve::invalidDocumentExitsOne()
{
    Served served({QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/broken/syntax-error.yaml"), u"--port"_s, u"0"_s});
    QVERIFY(served.process().waitForFinished(10000));
    QCOMPARE(served.process().exitCode(), 1);
    QVERIFY(served.errors().contains("syntax-error.yaml:15:26: error"));
}

void tst_Serve::gracefulShutdownWritesHarAndData()
{
    QTemporaryDir dir;
    const QString har = dir.filePath(u"run.har"_s), data = dir.filePath(u"data.json"_s);
    {
        Served served({kFeatures, u"--port"_s, u"0"_s, u"--har"_s, har, u"--data"_s, data});
        const QString url = served.waitForUrl();
        QVERIFY(!url.isEmpty());
        QCOMPARE(fetch(m_network, "POST", url + u"/items"_s, R"({"name":"Kept","price":3})").status, 201);
        QCOMPARE(fetch(m_network, "GET", url + u"/items/mine"_s).status, 200);
        QCOMPARE(served.stop(), 0); // SIGTERM: a graceful stop is a success
        QVERIFY(served.output().contains("Stopped after 2 requests."));
    }
    QFile harFile(har);
    QVERIFY(harFile.open(QIODevice::ReadOnly));
    const Json log = parseJson(harFile.readAll())[u"log"];
    QCOMPARE(log[u"version"].toString(), u"1.2"_s);
    QCOMPARE(log[u"entries"].toArray().size(), size_t(2));
    QCOMPARE(log[u"entries"][0][u"response"][u"status"].toInteger(), 201);
    // The data file survives the restart.
    Served again({kFeatures, u"--port"_s, u"0"_s, u"--data"_s, data});
    const QString url = again.waitForUrl();
    const Reply list = fetch(m_network, "GET", url + u"/items?name=Kept"_s);
    QCOMPARE(parseJson(list.body).toArray().size(), size_t(1));
}

// Issue 20: a worker busy with a long request kept the process alive 18 s after SIGTERM. Now the process
// saves, says so and exits 0 once the grace period (2 s) is over.
void tst_Serve::sigtermWhileBusyExitsWithinTheGracePeriod()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"api.yaml"_s), data = dir.filePath(u"data.json"_s);
    ApiDocument doc;
    QVERIFY(doc.load(kFeatures).ok());
    // Ten million generated items: several seconds of work for the one worker, well past the grace period.
    QVERIFY(doc.setValue(u"/paths/~1big"_s, parseJson(R"({"get":{"responses":{"200":{"description":"big","content":{
        "application/json":{"schema":{"type":"array","minItems":10000000,"items":{"type":"integer"}}}}}}}})")));
    QVERIFY(doc.save(file).ok());
    Served served({file, u"--port"_s, u"0"_s, u"--threads"_s, u"1"_s, u"--data"_s, data});
    const QString url = served.waitForUrl();
    QVERIFY(!url.isEmpty());
    QCOMPARE(fetch(m_network, "POST", url + u"/items"_s, R"({"name":"Kept","price":3})").status, 201);
    QTcpSocket busy;
    busy.connectToHost(QHostAddress::LocalHost, QUrl(url).port());
    QVERIFY(busy.waitForConnected(3000));
    busy.write("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(busy.waitForBytesWritten(3000));
    QTest::qWait(300);
    QElapsedTimer stopping;
    stopping.start();
    QCOMPARE(served.stop(), 0);
    QVERIFY2(stopping.elapsed() < 6000, qPrintable(QString::number(stopping.elapsed())));
    QVERIFY2(served.errors().contains("still being answered"), served.errors().constData());
    QFile saved(data);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().contains("Kept"));
}

// Issue 20, item 10: every kill -9 lost the 1–8 s of acknowledged writes since the last debounced save. Rounds of
// POSTs under load, each ended by SIGKILL at a moment the server does not expect: every record a client got a 201
// for is there after the restart.
void tst_Serve::acknowledgedWritesSurviveKill()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(u"data.json"_s);
    QSet<QString> acknowledged;
    constexpr int Rounds = 6;
    for (int round = 0; round < Rounds; ++round) {
        Served served({kFeatures, u"--port"_s, u"0"_s, u"--data"_s, data});
        const QString url = served.waitForUrl();
        QVERIFY2(!url.isEmpty(), served.errors().constData());

        // Everything acknowledged so far came back.
        const Reply list = fetch(m_network, "GET", url + u"/items"_s);
        QCOMPARE(list.status, 200);
        QSet<QString> present;
        const Json items = parseJson(list.body);
        for (const Json &item : items.toArray())
            present.insert(item[u"name"].toString());
        for (const QString &name : std::as_const(acknowledged))
            QVERIFY2(present.contains(name), qPrintable(u"round %1 lost %2"_s.arg(round).arg(name)));
        if (round == Rounds - 1)
            break;

        // 32 requests in flight at a time, until the kill.
        QNetworkAccessManager network;
        int sent = 0;
        const int killAfter = 150 + 97 * round; // acknowledged in this round; a different moment each time
        int acknowledgedNow = 0;
        std::function<void()> send = [&] {
            const QString name = u"r%1-%2"_s.arg(round).arg(sent++);
            QNetworkRequest request{QUrl(url + u"/items"_s)};
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            QNetworkReply *reply = network.post(request, QByteArray(R"({"name":")" + name.toUtf8() + R"(","price":1})"));
            connect(reply, &QNetworkReply::finished, this, [&, reply, name] {
                reply->deleteLater();
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201) {
                    acknowledged.insert(name);
                    ++acknowledgedNow;
                }
                if (served.process().state() == QProcess::Running && acknowledgedNow < killAfter)
                    send();
            });
        };
        for (int i = 0; i < 32; ++i)
            send();
        QTRY_VERIFY_WITH_TIMEOUT(acknowledgedNow >= killAfter, 30000);
        served.process().kill(); // SIGKILL, with requests still in flight
        QVERIFY(served.process().waitForFinished(5000));
        QTest::qWait(50); // let the replies cut off by the kill finish
    }
    QVERIFY(acknowledged.size() >= 5 * 150);
}

// Issue 13, item 12: with the same document and --seed, every byte of every answer is the same, from one
// process to the next (required properties without a schema came out in QSet order, which Qt seeds per process).
void tst_Serve::sameSeedSameBytes()
{
    QTemporaryDir dir;
    const QString file = writeFile(dir, u"api.yaml"_s, "openapi: 3.1.0\ninfo: {title: Seeds, version: '1'}\npaths:\n  /thing:\n    get:\n      responses:\n"
              "        '200':\n          description: ok\n          content:\n            application/json:\n"
              "              schema:\n                type: object\n                required: [zeta, yod, xi, wau, vau, ups, tau, sigma]\n"
              "                properties: {name: {type: string}, tags: {type: array, items: {type: string, format: uuid}}}\n");
    QList<QByteArray> bodies;
    for (int run = 0; run < 3; ++run) {
        Served served({file, u"--port"_s, u"0"_s, u"--seed"_s, u"7"_s});
        const QString url = served.waitForUrl();
        QVERIFY(!url.isEmpty());
        const Reply reply = fetch(m_network, "GET", url + u"/thing"_s);
        QCOMPARE(reply.status, 200);
        bodies.append(reply.body);
    }
    QVERIFY2(bodies[0].contains("\"zeta\""), bodies[0].constData());
    QCOMPARE(bodies[1], bodies[0]);
    QCOMPARE(bodies[2], bodies[0]);
}

// Issue 13, items 4 and 13: a spec whose examples break their schemas (Slack's has 99) no longer starts silently,
// and the URL under the document's server path is printed.
// Issue 21: no info, no response description — Prism, Mockoon and Swagger UI take it, and so does Portico,
// saying what the document lacks.
void tst_Serve::minimalDocumentServesWithWarnings()
{
    QTemporaryDir dir;
    const QString file = writeFile(dir, u"try.yaml"_s, "openapi: 3.0.0\npaths:\n  /ping:\n    get:\n      responses:\n"
                                                      "        '200':\n          content: {application/json: {example: {ok: true}}}\n");
    Served served({file, u"--port"_s, u"0"_s});
    const QString url = served.waitForUrl();
    QVERIFY2(!url.isEmpty(), served.errors().constData());
    QVERIFY2(served.output().contains(QByteArray("Serving " + file.toUtf8() + " on ")), served.output().constData());
    const QByteArray warnings = served.errors();
    QVERIFY2(warnings.contains("warning: OpenAPI requires an info object"), warnings.constData());
    QVERIFY2(warnings.contains("warning: response 200 has no description"), warnings.constData());
    const Reply r = fetch(m_network, "GET", url + u"/ping"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, R"({"ok":true})"_ba);
    QCOMPARE(served.stop(), 0);
}

void tst_Serve::announcesInvalidExamplesAndTheApiUrl()
{
    QTemporaryDir dir;
    const QString file = writeFile(dir, u"api.yaml"_s, "openapi: 3.1.0\ninfo: {title: Examples, version: '1'}\nservers: [{url: 'https://api.example.com/v1'}]\n"
              "paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n"
              "          content: {application/json: {schema: {type: object, properties: {id: {type: integer}}},"
              " examples: {a: {value: {id: one}}, b: {value: {id: 2}}, c: {value: {id: 2.5}}}}}\n");
    Served served({file, u"--port"_s, u"0"_s});
    const QString url = served.waitForUrl();
    QVERIFY(!url.isEmpty());
    QTRY_VERIFY(served.output().contains("examples do not match"));
    const QByteArray printed = served.output();
    QVERIFY2(printed.contains(QByteArray("2 examples do not match their schemas; `portico check " + file.toUtf8() + "` lists them")),
             printed.constData());
    QVERIFY2(printed.contains(QByteArray("api:     " + url.toUtf8() + "/v1")), printed.constData());
    QCOMPARE(fetch(m_network, "GET", url + u"/v1/x"_s).status, 200);
}

void tst_Serve::watchReloadsAndKeepsTheLastGoodVersion()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"api.yaml"_s);
    QVERIFY(QFile::copy(kFeatures, file));
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    Served served({file, u"--port"_s, u"0"_s, u"--watch"_s});
    const QString url = served.waitForUrl();
    QCOMPARE(fetch(m_network, "GET", url + u"/items/mine"_s).body, QByteArray(R"({"mine":true})"));

    ApiDocument doc;
    QVERIFY(doc.load(file).ok());
    QVERIFY(doc.setValue(u"/paths/~1items~1mine/get/responses/200/content/application~1json/example"_s, parseJson(R"({"mine":"edited"})")));
    QVERIFY(doc.save().ok());
    QTRY_COMPARE_WITH_TIMEOUT(fetch(m_network, "GET", url + u"/items/mine"_s).body, QByteArray(R"({"mine":"edited"})"), 5000);

    QFile broken(file);
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("openapi: 3.1.0\ninfo: [unclosed\n");
    broken.close();
    QTRY_VERIFY_WITH_TIMEOUT(served.errors().contains("still serving the last good version"), 5000);
    QCOMPARE(fetch(m_network, "GET", url + u"/items/mine"_s).body, QByteArray(R"({"mine":"edited"})"));
}

void tst_Serve::jsonLogLines()
{
    Served served({kFeatures, u"--port"_s, u"0"_s, u"--log-format"_s, u"json"_s});
    const QString url = served.waitForUrl();
    QCOMPARE(fetch(m_network, "GET", url + u"/items/mine"_s).status, 200);
    QTRY_VERIFY(served.output().contains("\"target\":\"/items/mine\""));
    const QList<QByteArray> lines = served.output().split('\n');
    const auto line = std::find_if(lines.begin(), lines.end(), [](const QByteArray &l) { return l.startsWith('{'); });
    QVERIFY(line != lines.end());
    const Json record = parseJson(*line);
    QCOMPARE(record[u"response"][u"status"].toInteger(), 200);
    QCOMPARE(record[u"operation"][u"id"].toString(), u"myItems"_s);
}

void tst_Serve::failOnMismatch()
{
    Served served({kFeatures, u"--port"_s, u"0"_s, u"--fail-on-mismatch"_s});
    const QString url = served.waitForUrl();
    QCOMPARE(fetch(m_network, "GET", url + u"/wrong"_s).status, 200);
    QCOMPARE(served.stop(), 1);
    QVERIFY(served.errors().contains("--fail-on-mismatch"));
}

void tst_Serve::recordCapturesTheBackend()
{
    QTemporaryDir dir;
    const QString backendFile = dir.filePath(u"backend.yaml"_s), frontFile = dir.filePath(u"front.yaml"_s);
    QFile backend(backendFile), front(frontFile);
    QVERIFY(backend.open(QIODevice::WriteOnly) && front.open(QIODevice::WriteOnly));
    backend.write("openapi: 3.1.0\ninfo: {title: B, version: '1'}\npaths:\n  /legacy/{id}:\n    get:\n"
                  "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
                  "      responses: {'200': {description: ok, content: {application/json: {example: {id: '{{request.path.id}}'}}}}}\n");
    front.write("openapi: 3.1.0\ninfo: {title: F, version: '1'}\npaths: {}\n");
    backend.close();
    front.close();
    Served real({backendFile, u"--port"_s, u"0"_s});
    const QString realUrl = real.waitForUrl();
    {
        Served recorder({frontFile, u"--port"_s, u"0"_s, u"--proxy"_s, realUrl, u"--record"_s});
        const QString url = recorder.waitForUrl();
        QCOMPARE(fetch(m_network, "GET", url + u"/legacy/7"_s).body, QByteArray(R"({"id":"7"})"));
        QCOMPARE(recorder.stop(), 0);
        QVERIFY(recorder.output().contains("Recorded 1 proxied responses"));
    }
    ApiDocument doc;
    QVERIFY(doc.load(frontFile).ok());
    const auto endpoint = doc.endpoint(u"/legacy/7"_s, u"get"_s);
    QVERIFY(endpoint);
    QCOMPARE(endpoint->responses.first().content.first().examples.at(0).second[u"value"][u"id"].toString(), u"7"_s);
}

QTEST_GUILESS_MAIN(tst_Serve)
void tst_Serve::projectRunSettings()
{
    // x-portico's port and data_file apply when no option overrides them (the GUI's Run reads the same keys).
    QTemporaryDir dir;
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QFile source(kFeatures);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QByteArray yaml = source.readAll();
    QVERIFY(yaml.contains("x-portico: {seed: 7}"));
    yaml.replace("x-portico: {seed: 7}", QByteArray("x-portico: {seed: 7, port: " + QByteArray::number(port) + ", data_file: store/items.json}"));
    QVERIFY(QDir(dir.path()).mkdir(u"store"_s));
    const QString file = writeFile(dir, u"api.yaml"_s, yaml);
    {
        Served served({file});
        const QString url = served.waitForUrl();
        QVERIFY2(!url.isEmpty(), served.errors().constData());
        QCOMPARE(QUrl(url).port(), int(port));
        QCOMPARE(fetch(m_network, "POST", url + u"/items"_s, R"({"name":"Persisted","price":3})").status, 201);
        QCOMPARE(served.stop(), 0);
    }
    QFile data(dir.filePath(u"store/items.json"_s));
    QVERIFY2(data.open(QIODevice::ReadOnly), "the data file is relative to the project file");
    QVERIFY(data.readAll().contains("Persisted"));
    // An option still wins.
    Served overridden({file, u"--port"_s, u"0"_s});
    const QString url = overridden.waitForUrl();
    QVERIFY(!url.isEmpty());
    QVERIFY(QUrl(url).port() != int(port));
}

#include "tst_serve.moc"
