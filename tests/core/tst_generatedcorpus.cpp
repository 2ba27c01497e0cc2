// Generated data is valid against its schema for every schema of real public specs (issue 13, item 6): each
// schema of each document of the corpus (tests/data/corpus/sample.txt) is generated from with several salts
// and validated with Portico's own validator, as the mock validates what it answers.
#include "core/apidocument.h"
#include "core/datagenerator.h"
#include "core/jsonwriter.h"
#include "core/openapiwalk.h"
#include "core/schema.h"
#include "core/validationerror.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

const QString kCorpus = QStringLiteral(PORTICO_CORPUS_DIR);
const QString kOasExamples = QStringLiteral(PORTICO_NPM_DIR) + u"/@readme/oas-examples"_s;

QStringList corpusFiles()
{
    QStringList files;
    QFile list(QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/corpus/sample.txt"));
    if (!list.open(QIODevice::ReadOnly))
        return files;
    for (const QByteArray &line : list.readAll().split('\n')) {
        const QString name = QString::fromUtf8(line.trimmed());
        if (!name.isEmpty() && !name.startsWith(u'#'))
            files.append(kCorpus + u"/api/"_s + name);
    }
    for (const QString &version : {u"3.0"_s, u"3.1"_s}) {
        const QDir dir(kOasExamples + u'/' + version + u"/json"_s);
        for (const QString &name : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name))
            files.append(dir.filePath(name));
    }
    return files;
}

// Where the mock generates from: the schema of every media type, parameter and header, and every model.
QStringList schemaPointers(Json root)
{
    QStringList pointers;
    openapi::walkDocument(root, openapi::Spec::OpenApi31, [&](Json &, openapi::Kind kind, const jsonpointer::Trail &at) {
        if (kind != openapi::Kind::Schema)
            return true;
        pointers.append(at.toString());
        return false;
    });
    return pointers;
}

} // namespace

class tst_GeneratedCorpus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void generatedDataIsValid_data();
    void generatedDataIsValid();
    void cleanupTestCase();

private:
    int m_schemas = 0;
    int m_failed = 0;
    int m_unmet = 0;
};

void tst_GeneratedCorpus::initTestCase()
{
    QVERIFY2(QFile::exists(kCorpus + u"/api/box.com.json"_s),
             qPrintable(u"the corpus is not installed at %1: run tools/test.sh (or npm install --prefix tools/corpus)"_s.arg(kCorpus)));
}

void tst_GeneratedCorpus::generatedDataIsValid_data()
{
    QTest::addColumn<QString>("file");
    const QString only = qEnvironmentVariable("PORTICO_CORPUS_FILES"); // measurement: any files, ':'-separated
    for (const QString &file : only.isEmpty() ? corpusFiles() : only.split(u':'))
        QTest::newRow(qPrintable(QFileInfo(file).dir().dirName() + u'/' + QFileInfo(file).fileName())) << file;
}

void tst_GeneratedCorpus::generatedDataIsValid()
{
    QFETCH(QString, file);
    ApiDocument doc;
    const auto loaded = doc.load(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:doc"_s, doc.root());
    const DataGenerator generator(doc.root());
    QStringList failures;
    QStringList reported;
    int schemas = 0;
    for (const QString &pointer : schemaPointers(doc.root())) {
        const auto schema = compiler.compile(u"urn:doc#"_s + QString::fromUtf8(QUrl::toPercentEncoding(pointer, "/")));
        if (!schema.ok())
            continue; // a schema that does not compile is check's to report, and the mock does not generate from it
        ++schemas;
        for (quint64 salt = 0; salt < 3; ++salt) {
            QStringList unmet;
            const Json sample = generator.generateAt(pointer, salt, &unmet);
            const ValidationErrors errors = schema->validate(sample);
            if (errors.isEmpty())
                continue;
            const QString failure = pointer + u": "_s + QString::fromUtf8(toJson(sample).left(300)) + u" -> "_s
                + QString::fromUtf8(toJson(detailBody(errors)).left(400));
            // The generator says what it could not meet: a schema no value satisfies (a pattern that excludes
            // its own lengths, an enum of strings on an array) is counted, not failed; an invalid value it
            // does not account for is a failure.
            if (unmet.isEmpty())
                failures.append(failure);
            else
                reported.append(failure + u"\n      unmet: "_s + unmet.join(u"; "_s));
            break;
        }
    }
    m_schemas += schemas;
    m_failed += int(failures.size());
    m_unmet += int(reported.size());
    qInfo("%d schemas, %d generate invalid data, %d reported unsatisfied", schemas, int(failures.size()), int(reported.size()));
    if (qEnvironmentVariableIsSet("PORTICO_CORPUS_VERBOSE")) {
        for (const QString &failure : failures)
            qInfo("FAILED %s", qPrintable(failure));
        for (const QString &failure : reported)
            qInfo("UNMET %s", qPrintable(failure));
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 8).join(u"\n"_s)));
}

void tst_GeneratedCorpus::cleanupTestCase()
{
    qInfo("generated data: %d schemas, %d invalid, %d that the generator reports it cannot satisfy", m_schemas,
          m_failed, m_unmet);
}

QTEST_GUILESS_MAIN(tst_GeneratedCorpus)
#include "tst_generatedcorpus.moc"
