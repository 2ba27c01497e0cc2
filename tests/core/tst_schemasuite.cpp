// The official JSON Schema Test Suite (draft 2020-12): every required test, plus the optional format tests
// for the formats Portico asserts. A failing case fails this test.
#include "core/jsonparser.h"
#include "core/schema.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kSuite = QStringLiteral(PORTICO_SUITE_DIR);

std::optional<Json> readJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    auto result = JsonParser().parse(file.readAll());
    if (!result.ok())
        return std::nullopt;
    return std::move(result).value();
}

// An offline stand-in for the suite's remote documents: http://localhost:1234/ is its remotes/ folder. The
// meta-schemas (https://json-schema.org/...) are Portico's own shipped copies: no loader sees those URIs.
std::optional<Json> loadRemote(const QString &uri)
{
    const QString localhost = u"http://localhost:1234/"_s;
    if (uri.startsWith(localhost))
        return readJsonFile(kSuite + u"/remotes/"_s + uri.mid(localhost.size()));
    return std::nullopt;
}

struct Counts
{
    int passed = 0;
    int failed = 0;
};
Counts g_counts;

} // namespace

class tst_SchemaSuite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void suite_data();
    void suite();
    void cleanupTestCase();
};

void tst_SchemaSuite::initTestCase()
{
    QVERIFY2(QDir(kSuite + u"/tests/draft2020-12"_s).exists(), qPrintable(u"suite not found at "_s + kSuite));
}

void tst_SchemaSuite::suite_data()
{
    QTest::addColumn<Json>("schema");
    QTest::addColumn<Json>("instance");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("assertFormats");

    const QString base = kSuite + u"/tests/draft2020-12/"_s;
    QStringList files;
    for (const QString &name : QDir(base).entryList({u"*.json"_s}, QDir::Files, QDir::Name))
        files.append(name);
    // The optional format tests for the formats Portico asserts (as FastAPI does).
    const QStringList formats = {u"date-time"_s, u"date"_s, u"time"_s, u"duration"_s, u"email"_s, u"hostname"_s,
                                 u"ipv4"_s, u"ipv6"_s, u"uri"_s, u"uri-reference"_s, u"uuid"_s, u"regex"_s,
                                 u"json-pointer"_s};
    for (const QString &format : formats)
        files.append(u"optional/format/"_s + format + u".json"_s);

    for (const QString &file : files) {
        const auto groups = readJsonFile(base + file);
        QVERIFY2(groups && groups->isArray(), qPrintable(file));
        const bool assertFormats = file.startsWith(u"optional/format/"_s);
        for (const Json &group : groups->toArray()) {
            for (const Json &test : group[u"tests"].toArray()) {
                const QString name = file + u": "_s + group[u"description"].toString() + u" / "_s + test[u"description"].toString();
                QTest::newRow(qPrintable(name)) << group[u"schema"] << test[u"data"] << test[u"valid"].toBool() << assertFormats;
            }
        }
    }
}

void tst_SchemaSuite::suite()
{
    QFETCH(Json, schema);
    QFETCH(Json, instance);
    QFETCH(bool, valid);
    QFETCH(bool, assertFormats);

    SchemaOptions options;
    options.assertFormats = assertFormats;
    SchemaCompiler compiler(options);
    compiler.setLoader(loadRemote);
    const auto compiled = compiler.compile(schema);
    if (!compiled.ok())
        ++g_counts.failed;
    QVERIFY2(compiled.ok(), qPrintable(compiled.ok() ? QString() : compiled.error().toString()));
    const bool quick = compiled->isValid(instance);
    const ValidationErrors errors = compiled->validate(instance);
    // The fast boolean path and the error-collecting path must agree, and errors come exactly with invalidity.
    const bool ok = quick == valid && errors.isEmpty() == valid;
    ++(ok ? g_counts.passed : g_counts.failed);
    QCOMPARE(quick, valid);
    QCOMPARE(errors.isEmpty(), valid);
}

void tst_SchemaSuite::cleanupTestCase()
{
    qInfo("JSON Schema Test Suite (draft 2020-12): %d passed, %d failed", g_counts.passed, g_counts.failed);
}

QTEST_GUILESS_MAIN(tst_SchemaSuite)
#include "tst_schemasuite.moc"
