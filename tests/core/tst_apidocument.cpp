// The typed document model: lossless load/save, canonical order, edits with signals, $ref-following renames.
#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/yamlio.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kExamples = QStringLiteral(PORTICO_SOURCE_DIR "/resources/examples");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

} // namespace

class tst_ApiDocument : public QObject
{
    Q_OBJECT

private slots:
    void examplesRoundTrip_data();
    void examplesRoundTrip();
    void authorOrderSurvivesEditAndSave();
    void canonicalOrderForKnownObjects();
    void unknownKeysAndExtensionsSurvive();
    void loadErrorsAreLocatedAndNeverHalfApply_data();
    void loadErrorsAreLocatedAndNeverHalfApply();
    void typedViews();
    void fieldEditsEmitSignals();
    void renameModelFollowsEveryRef();
    void endpointsAddRemove();
    void saveIsAtomic();
};

void tst_ApiDocument::examplesRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("saveAs");
    for (const QString &name : {u"store"_s, u"ml-inference"_s, u"live-metrics"_s}) {
        QTest::addRow("%s as yaml", qPrintable(name)) << name + u".yaml"_s << u"yaml"_s;
        QTest::addRow("%s as json", qPrintable(name)) << name + u".yaml"_s << u"json"_s;
    }
}

void tst_ApiDocument::examplesRoundTrip()
{
    QFETCH(QString, file);
    QFETCH(QString, saveAs);
    ApiDocument doc;
    const auto loaded = doc.load(kExamples + u'/' + file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    const Json original = doc.root();

    QTemporaryDir dir;
    const QString first = dir.filePath(u"first."_s + saveAs);
    doc.setFormat(saveAs == u"json" ? FileFormat::Json : FileFormat::Yaml);
    QVERIFY(doc.save(first).ok());

    ApiDocument reloaded;
    QVERIFY(reloaded.load(first).ok());
    // Nothing lost: equal as JSON, and every map the author ordered (paths, properties) keeps its order.
    QVERIFY(reloaded.root() == original);
    QCOMPARE(reloaded.root()[u"paths"].toObject().size(), original[u"paths"].toObject().size());
    for (qsizetype i = 0; i < original[u"paths"].toObject().size(); ++i)
        QCOMPARE(reloaded.root()[u"paths"].toObject().at(i).first, original[u"paths"].toObject().at(i).first);
    for (const QString &model : doc.modelNames()) {
        QStringList before, after;
        for (const ModelField &f : doc.fields(model))
            before.append(f.name);
        for (const ModelField &f : reloaded.fields(model))
            after.append(f.name);
        QCOMPARE(after, before);
    }
    // A saved file saves to itself byte for byte.
    const QString second = dir.filePath(u"second."_s + saveAs);
    QVERIFY(reloaded.save(second).ok());
    QCOMPARE(readAll(second), readAll(first));
}

void tst_ApiDocument::authorOrderSurvivesEditAndSave()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"api.yaml"_s);
    writeAll(path, "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /zeta: {get: {responses: {'200': {description: ok}}}}\n"
                   "  /alpha: {get: {responses: {'200': {description: ok}}}}\ncomponents:\n  schemas:\n"
                   "    Item:\n      type: object\n      properties:\n        zebra: {type: string}\n        apple: {type: integer}\n");
    ApiDocument doc;
    QVERIFY(doc.load(path).ok());
    ModelField mango;
    mango.name = u"mango"_s;
    mango.schema = parseJson(R"({"type":"number"})");
    mango.required = true;
    doc.setField(u"Item"_s, mango);
    QVERIFY(doc.save().ok());
    ApiDocument reloaded;
    QVERIFY(reloaded.load(path).ok());
    QStringList names;
    for (const ModelField &f : reloaded.fields(u"Item"_s))
        names.append(f.name);
    QCOMPARE(names, (QStringList{u"zebra"_s, u"apple"_s, u"mango"_s}));
    QCOMPARE(reloaded.root()[u"paths"].toObject().at(0).first, u"/zeta"_s);
    QVERIFY(reloaded.fields(u"Item"_s).last().required);
}

void tst_ApiDocument::canonicalOrderForKnownObjects()
{
    ApiDocument doc;
    QVERIFY(doc.loadFromData(R"({"paths":{"/a":{"get":{"responses":{"200":{"description":"x"}},"x-portico-latency":5,"summary":"S","operationId":"a"}}},"info":{"version":"1","title":"T"},"openapi":"3.1.0"})",
                             u"mem.json"_s, FileFormat::Json).ok());
    const Json saved = parseJson(doc.serialized());
    QCOMPARE(saved.toObject().at(0).first, u"openapi"_s);
    QCOMPARE(saved.toObject().at(1).first, u"info"_s);
    QCOMPARE(saved[u"info"].toObject().at(0).first, u"title"_s);
    const JsonObject &op = saved[u"paths"][u"/a"][u"get"].toObject();
    QCOMPARE(op.at(0).first, u"summary"_s);
    QCOMPARE(op.at(1).first, u"operationId"_s);
    QCOMPARE(op.at(2).first, u"responses"_s);
    QCOMPARE(op.at(3).first, u"x-portico-latency"_s); // extensions last
}

void tst_ApiDocument::unknownKeysAndExtensionsSurvive()
{
    ApiDocument doc;
    QVERIFY(doc.loadFromData("openapi: 3.1.0\ninfo: {title: T, version: '1', x-logo: {url: 'l.png'}}\nx-portico: {seed: 7}\n"
                             "paths: {}\nwebhooks: {}\ncomponents:\n  schemas:\n    A: {type: object, x-weird: [1, {b: 2}], futureKeyword: true}\n",
                             u"mem.yaml"_s, FileFormat::Yaml).ok());
    const auto back = readYaml(doc.serialized());
    QVERIFY(back.ok());
    QVERIFY(*back == doc.root());
    QCOMPARE((*back)[u"x-portico"][u"seed"].toInteger(), 7);
    QCOMPARE((*back)[u"components"][u"schemas"][u"A"][u"x-weird"][1][u"b"].toInteger(), 2);
    QVERIFY((*back)[u"components"][u"schemas"][u"A"][u"futureKeyword"].toBool());
}

void tst_ApiDocument::loadErrorsAreLocatedAndNeverHalfApply_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("yaml syntax") << u"syntax-error.yaml"_s << 15 << u"invalid YAML"_s;
    QTest::addRow("json trailing comma") << u"syntax-error.json"_s << 8 << u"Expecting property name"_s;
    QTest::addRow("not openapi") << u"not-openapi.json"_s << 0 << u"no \"openapi\""_s;
}

void tst_ApiDocument::loadErrorsAreLocatedAndNeverHalfApply()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, messagePart);
    ApiDocument doc;
    QVERIFY(doc.load(kExamples + u"/store.yaml"_s).ok());
    const Json before = doc.root();
    QSignalSpy reset(&doc, &ApiDocument::documentReset);
    const QString path = QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/broken/") + file;
    const auto result = doc.load(path);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().location.file, path);
    if (line > 0)
        QCOMPARE(result.error().location.line, line);
    QVERIFY2(result.error().message.contains(messagePart), qPrintable(result.error().message));
    QVERIFY(doc.root().identical(before));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(doc.filePath(), kExamples + u"/store.yaml"_s);
}

void tst_ApiDocument::typedViews()
{
    ApiDocument doc;
    QVERIFY(doc.load(kExamples + u"/store.yaml"_s).ok());
    QCOMPARE(doc.info().title, u"Portico Store"_s);
    QVERIFY(!doc.servers().isEmpty());
    const auto endpoint = doc.endpoint(u"/items/{itemId}"_s, u"get"_s);
    QVERIFY(endpoint);
    QCOMPARE(endpoint->pointer, u"/paths/~1items~1{itemId}/get"_s);
    const auto pathParam = std::find_if(endpoint->parameters.begin(), endpoint->parameters.end(),
                                        [](const ApiParameter &p) { return p.in == u"path"; });
    QVERIFY(pathParam != endpoint->parameters.end());
    QCOMPARE(pathParam->name, u"itemId"_s);
    QVERIFY(pathParam->required);
    QVERIFY(!endpoint->responses.isEmpty());
    QCOMPARE(endpoint->responses.first().status, u"200"_s);
    QVERIFY(endpoint->extensions.contains(u"x-portico-rules"));
    const auto post = doc.endpoint(u"/items"_s, u"POST"_s);
    QVERIFY(post && post->requestBody);
    QCOMPARE(post->requestBody->content.first().name, u"application/json"_s);
    QVERIFY(!doc.securitySchemes().isEmpty());
    const auto fields = doc.fields(u"Item"_s);
    QVERIFY(fields.size() > 3);
    QVERIFY(std::any_of(fields.begin(), fields.end(), [](const ModelField &f) { return f.isNullable(); }));
}

void tst_ApiDocument::fieldEditsEmitSignals()
{
    ApiDocument doc;
    QVERIFY(doc.addModel(u"Pet"_s));
    QSignalSpy changed(&doc, &ApiDocument::valueChanged);
    QSignalSpy models(&doc, &ApiDocument::modelsChanged);
    for (const QString &name : {u"name"_s, u"age"_s, u"owner"_s}) {
        ModelField f;
        f.name = name;
        f.schema = parseJson(R"({"type":"string"})");
        f.required = name != u"owner";
        doc.setField(u"Pet"_s, f);
    }
    QCOMPARE(changed.count(), 3);
    QCOMPARE(models.count(), 3);
    QCOMPARE(changed.last().first().toString(), u"/components/schemas/Pet"_s);
    QVERIFY(doc.moveField(u"Pet"_s, 2, 0));
    QCOMPARE(doc.fields(u"Pet"_s).first().name, u"owner"_s);
    QVERIFY(doc.renameField(u"Pet"_s, u"name"_s, u"title"_s));
    QCOMPARE(toJson(doc.modelSchema(u"Pet"_s)[u"required"]), QByteArray(R"(["title","age"])"));
    QVERIFY(doc.removeField(u"Pet"_s, u"age"_s));
    QCOMPARE(toJson(doc.modelSchema(u"Pet"_s)[u"required"]), QByteArray(R"(["title"])"));
    QCOMPARE(changed.count(), 6);
}

void tst_ApiDocument::renameModelFollowsEveryRef()
{
    ApiDocument doc;
    QVERIFY(doc.load(kExamples + u"/store.yaml"_s).ok());
    const QByteArray before = toJson(doc.root());
    const int refs = before.count("#/components/schemas/Item\"") + before.count("#/components/schemas/Item/");
    QVERIFY(refs > 0);
    QSignalSpy models(&doc, &ApiDocument::modelsChanged);
    QVERIFY(doc.renameModel(u"Item"_s, u"Product"_s));
    QVERIFY(!doc.renameModel(u"Product"_s, u"Order"_s)); // taken
    QCOMPARE(models.count(), 1);
    const QByteArray after = toJson(doc.root());
    QCOMPARE(after.count("#/components/schemas/Item\""), 0);
    QCOMPARE(after.count("#/components/schemas/Product\"") + after.count("#/components/schemas/Product/"), refs);
    // The renamed model keeps its position among the models.
    QCOMPARE(doc.modelNames().indexOf(u"Product"_s), 0);
}

void tst_ApiDocument::endpointsAddRemove()
{
    ApiDocument doc;
    QSignalSpy endpoints(&doc, &ApiDocument::endpointsChanged);
    QVERIFY(doc.addEndpoint(u"/things/{id}"_s, u"get"_s, {}));
    QVERIFY(!doc.addEndpoint(u"/things/{id}"_s, u"get"_s, {}));
    QVERIFY(!doc.addEndpoint(u"no-slash"_s, u"get"_s, {}));
    QVERIFY(doc.addEndpoint(u"/things/{id}"_s, u"delete"_s, {}));
    QCOMPARE(doc.endpoints().size(), 2);
    QVERIFY(doc.removeEndpoint(u"/things/{id}"_s, u"get"_s));
    QVERIFY(doc.removeEndpoint(u"/things/{id}"_s, u"delete"_s));
    QVERIFY(doc.root()[u"paths"].toObject().isEmpty());
    QVERIFY(endpoints.count() >= 4);
}

void tst_ApiDocument::saveIsAtomic()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"api.json"_s);
    ApiDocument doc;
    doc.setFormat(FileFormat::Json);
    QVERIFY(doc.save(path).ok());
    const QByteArray good = readAll(path);
    // A save into a folder that cannot be written fails cleanly and leaves nothing half-written.
    const auto failed = doc.save(dir.filePath(u"missing-folder/api.json"_s));
    QVERIFY(!failed.ok());
    QVERIFY(failed.error().message.startsWith(u"cannot"_s));
    QCOMPARE(readAll(path), good);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"api.json"_s});
}

QTEST_GUILESS_MAIN(tst_ApiDocument)
#include "tst_apidocument.moc"
