// Issue 21: the small hand-written documents people paste into a mock server to try an idea, served over
// real sockets. Each fixture is as a user would write it: no info, no descriptions, Swagger 2.0 without
// produces, form and multipart bodies with every kind of constraint, Digest auth.
#include "core/apidocument.h"
#include "core/checks.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "fixtureserver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

struct Reply
{
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QByteArray wwwAuthenticate;
    Json json() const { return parseJson(body); }
    // "type@loc" of each error of a 422 body, loc joined by '.'.
    QStringList errors() const
    {
        QStringList out;
        const Json body = json();
        for (const Json &e : body[u"detail"].toArray()) {
            QStringList loc;
            for (const Json &part : e[u"loc"].toArray())
                loc.append(part.isString() ? part.toString() : QString::number(part.toInteger()));
            out.append(e[u"type"].toString() + u'@' + loc.join(u'.'));
        }
        return out;
    }
};

struct Part
{
    QByteArray name;
    QByteArray content;
    QByteArray contentType; // none when empty
    QByteArray fileName;    // none when empty
};

QByteArray multipartBody(const QList<Part> &parts)
{
    QByteArray body;
    for (const Part &p : parts) {
        body += "--XyZ\r\nContent-Disposition: form-data; name=\"" + p.name + '"';
        if (!p.fileName.isEmpty())
            body += "; filename=\"" + p.fileName + '"';
        body += "\r\n";
        if (!p.contentType.isEmpty())
            body += "Content-Type: " + p.contentType + "\r\n";
        body += "\r\n" + p.content + "\r\n";
    }
    return body + "--XyZ--\r\n";
}

} // namespace

class tst_HandWritten : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void minimalDocumentsOpenWithWarnings_data();
    void minimalDocumentsOpenWithWarnings();
    void minimalDocumentIsServed();
    void swaggerExamplesAreUsed();
    void allowEmptyValueFalseIsEnforced();
    void explicitStatusWinsOverRangeAndDefault();
    void objectQueryParametersInFormStyle_data();
    void objectQueryParametersInFormStyle();
    void digestIsAcceptedWhenWellFormed();
    void urlEncodedFieldsAreValidated_data();
    void urlEncodedFieldsAreValidated();
    void multipartPartsAreValidated_data();
    void multipartPartsAreValidated();
    void malformedMultipartIsRefused();

private:
    Reply send(const portico::testing::FixtureServer &server, const QByteArray &method, const QString &path,
               const QByteArray &body = {}, const QList<std::pair<QByteArray, QByteArray>> &headers = {});

    portico::testing::FixtureServer m_minimal, m_swagger, m_forms;
    QNetworkAccessManager m_network;
};

void tst_HandWritten::initTestCase()
{
    QVERIFY(m_minimal.start(QFINDTESTDATA("../data/mock/handwritten/minimal.yaml"), this));
    QVERIFY(m_swagger.start(QFINDTESTDATA("../data/mock/handwritten/swagger.yaml"), this));
    QVERIFY(m_forms.start(QFINDTESTDATA("../data/mock/handwritten/forms.yaml"), this));
}

void tst_HandWritten::cleanupTestCase()
{
    m_minimal.stop();
    m_swagger.stop();
    m_forms.stop();
}

Reply tst_HandWritten::send(const portico::testing::FixtureServer &server, const QByteArray &method, const QString &path,
                            const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkReply *reply = portico::testing::sendAndWait(m_network, QNetworkRequest(QUrl(server.baseUrl() + path)), method, body, headers);
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->rawHeader("Content-Type"),
            reply->readAll(), reply->rawHeader("WWW-Authenticate")};
}

void tst_HandWritten::minimalDocumentsOpenWithWarnings_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("warnings"); // "pointer: start of message"
    QTest::newRow("no info, no descriptions, stray content key") << u"minimal.yaml"_s << QStringList{
        u": OpenAPI requires an info object"_s,
        u"/paths/~1ping/get/responses/200: response 200 has no description"_s,
        u"/paths/~1stray/get/responses/200: response 200 has no description"_s,
        u"/paths/~1stray/get/responses/200/content/description: content entry \"description\" is not a media type"_s};
    QTest::newRow("Swagger 2.0 without info or produces") << u"swagger.yaml"_s << QStringList{u": OpenAPI requires an info object"_s};
}

void tst_HandWritten::minimalDocumentsOpenWithWarnings()
{
    QFETCH(QString, file);
    QFETCH(QStringList, warnings);
    ApiDocument doc;
    const auto loaded = doc.load(QFINDTESTDATA(u"../data/mock/handwritten/"_s + file));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().toString()));
    const QList<Problem> problems = checkDocument(doc);
    QCOMPARE(problems.size(), warnings.size());
    for (qsizetype i = 0; i < problems.size(); ++i) {
        QCOMPARE(problems[i].severity, Problem::Severity::Warning);
        QVERIFY(!problems[i].blocksServing);
        const QString said = problems[i].location.pointer + u": "_s + problems[i].message;
        QVERIFY2(said.startsWith(warnings[i]), qPrintable(said));
    }
}

void tst_HandWritten::minimalDocumentIsServed()
{
    const Reply ping = send(m_minimal, "GET", u"/ping"_s);
    QCOMPARE(ping.status, 200);
    QCOMPARE(ping.contentType, "application/json"_ba);
    QVERIFY(ping.json()[u"ok"].isBool());
    // The stray `description` entry is left out; the JSON entry answers.
    const Reply stray = send(m_minimal, "GET", u"/stray"_s);
    QCOMPARE(stray.status, 200);
    QCOMPARE(stray.contentType, "application/json"_ba);
    QCOMPARE(stray.body, R"({"stray":false})"_ba);
}

void tst_HandWritten::swaggerExamplesAreUsed()
{
    const Reply pets = send(m_swagger, "GET", u"/pets"_s);
    QCOMPARE(pets.status, 200);
    QCOMPARE(pets.contentType, "application/json"_ba); // no produces: JSON
    QCOMPARE(pets.body, R"([{"name":"Rex"}])"_ba);    // the example keyed by */*
    const Reply toys = send(m_swagger, "GET", u"/toys"_s);
    QCOMPARE(toys.status, 200);
    QCOMPARE(toys.contentType, "application/json"_ba); // the example's own type, outside produces
    QCOMPARE(toys.body, R"({"id":7})"_ba);
}

void tst_HandWritten::allowEmptyValueFalseIsEnforced()
{
    const QList<std::pair<QByteArray, QByteArray>> form{{"Content-Type", "application/x-www-form-urlencoded"}};
    const Reply empty = send(m_swagger, "POST", u"/find?q="_s, "note=", form);
    QCOMPARE(empty.status, 422);
    QCOMPARE(empty.errors(), (QStringList{u"string_too_short@query.q"_s, u"string_too_short@body.note"_s}));
    QCOMPARE(send(m_swagger, "POST", u"/find?q=a"_s, "note=b", form).status, 200);
}

void tst_HandWritten::explicitStatusWinsOverRangeAndDefault()
{
    const Reply r = send(m_minimal, "POST", u"/orders"_s);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, R"({"which":"created"})"_ba);
}

void tst_HandWritten::objectQueryParametersInFormStyle_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("errors");
    QTest::newRow("explode false") << u"/search?pagination=offset,0,limit,12"_s << QStringList();
    QTest::newRow("explode false, bound") << u"/search?pagination=offset,0,limit,123"_s << QStringList{u"less_than_equal@query.pagination.limit"_s};
    QTest::newRow("explode true") << u"/page?offset=0&limit=12"_s << QStringList();
    QTest::newRow("explode true, bound") << u"/page?offset=0&limit=123"_s << QStringList{u"less_than_equal@query.page.limit"_s};
    QTest::newRow("explode true, missing member") << u"/page?offset=0"_s << QStringList{u"missing@query.page.limit"_s};
}

void tst_HandWritten::objectQueryParametersInFormStyle()
{
    QFETCH(QString, path);
    QFETCH(QStringList, errors);
    const Reply r = send(m_minimal, "GET", path);
    QCOMPARE(r.status, errors.isEmpty() ? 200 : 422);
    if (!errors.isEmpty())
        QCOMPARE(r.errors(), errors);
}

void tst_HandWritten::digestIsAcceptedWhenWellFormed()
{
    const Reply none = send(m_minimal, "GET", u"/vault"_s);
    QCOMPARE(none.status, 401);
    QVERIFY2(none.wwwAuthenticate.startsWith("Digest realm=\"portico\""), none.wwwAuthenticate.constData());
    QVERIFY(none.wwwAuthenticate.contains("nonce=\""));
    const QByteArray wellFormed = R"(Digest username="ada", realm="portico", nonce="abc", uri="/vault", qop=auth, nc=00000001, cnonce="x1", response="6629fae49393a05397450978507c4ef1")";
    QCOMPARE(send(m_minimal, "GET", u"/vault"_s, {}, {{"Authorization", wellFormed}}).status, 200);
    for (const QByteArray &bad : {"Digest garbage"_ba, R"(Digest username="ada", realm="portico")"_ba,
                                  R"(Digest username="ada, realm="portico", nonce="n", uri="/", response="r")"_ba,
                                  "Bearer abc"_ba}) {
        const Reply r = send(m_minimal, "GET", u"/vault"_s, {}, {{"Authorization", bad}});
        QCOMPARE(r.status, 401);
        QVERIFY(r.wwwAuthenticate.startsWith("Digest "));
    }
}

void tst_HandWritten::urlEncodedFieldsAreValidated_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("errors");
    QTest::newRow("valid") << "name=ada&age=36&key=aGVsbG8%3D&plan=pro&tags=a&tags=b&ids=1,2,3"_ba << QStringList();
    QTest::newRow("pattern") << "name=Ada&tags=a&tags=b"_ba << QStringList{u"string_pattern_mismatch@body.name"_s};
    QTest::newRow("maxLength") << "name=adalovelace&tags=a&tags=b"_ba << QStringList{u"string_too_long@body.name"_s};
    QTest::newRow("minimum") << "name=ada&age=-1&tags=a&tags=b"_ba << QStringList{u"greater_than_equal@body.age"_s};
    QTest::newRow("integer") << "name=ada&age=old&tags=a&tags=b"_ba << QStringList{u"int_parsing@body.age"_s};
    QTest::newRow("byte is base64") << "name=ada&key=%25%25&tags=a&tags=b"_ba << QStringList{u"bytes_invalid_encoding@body.key"_s};
    QTest::newRow("enum") << "name=ada&plan=gold&tags=a&tags=b"_ba << QStringList{u"enum@body.plan"_s};
    QTest::newRow("required") << "age=3"_ba << QStringList{u"missing@body.name"_s, u"missing@body.tags"_s};
    QTest::newRow("repeated fields make the array") << "name=ada&tags=a"_ba << QStringList{u"too_short@body.tags"_s};
    QTest::newRow("explode false splits one field") << "name=ada&tags=a&tags=b&ids=1,2,3,4"_ba << QStringList{u"too_long@body.ids"_s};
    QTest::newRow("a key without '=' is a field") << "name=ada&tags=a&tags=b&age"_ba << QStringList{u"int_parsing@body.age"_s};
    QTest::newRow("items convert") << "name=ada&tags=a&tags=b&ids=1,x"_ba << QStringList{u"int_parsing@body.ids.1"_s};
}

void tst_HandWritten::urlEncodedFieldsAreValidated()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, errors);
    const Reply r = send(m_forms, "POST", u"/signup"_s, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(r.status, errors.isEmpty() ? 204 : 422);
    if (!errors.isEmpty())
        QCOMPARE(r.errors(), errors);
}

void tst_HandWritten::multipartPartsAreValidated_data()
{
    QTest::addColumn<QList<Part>>("parts");
    QTest::addColumn<QStringList>("errors");
    const Part file{"file", "\x89PNG\r\n\x1a\n-bytes", "application/octet-stream", "a.png"};
    QTest::newRow("valid, JSON part typed") << QList<Part>{file, {"meta", R"({"n":1})", "application/json", {}}, {"ids", "1", {}, {}}, {"ids", "2", {}, {}}} << QStringList();
    QTest::newRow("valid, object part untyped is JSON") << QList<Part>{file, {"meta", R"({"n":1})", {}, {}}} << QStringList();
    QTest::newRow("a file of an allowed type") << QList<Part>{file, {"meta", R"({"n":1})", {}, {}}, {"avatar", "img", "image/jpeg", "a.jpg"}} << QStringList();
    QTest::newRow("JSON part's constraints") << QList<Part>{file, {"meta", R"({"n":"x"})", {}, {}}} << QStringList{u"int_parsing@body.meta.n"_s};
    QTest::newRow("JSON part does not parse") << QList<Part>{file, {"meta", R"({"n":1)", {}, {}}} << QStringList{u"json_invalid@body.meta"_s};
    QTest::newRow("repeated parts make the array") << QList<Part>{file, {"meta", R"({"n":1})", {}, {}}, {"ids", "1", {}, {}}, {"ids", "z", {}, {}}} << QStringList{u"int_parsing@body.ids.1"_s};
    QTest::newRow("part type from encoding") << QList<Part>{file, {"meta", R"({"n":1})", {}, {}}, {"avatar", "text", "text/plain", "a.txt"}} << QStringList{u"content_type@body.avatar"_s};
    QTest::newRow("part type from contentMediaType") << QList<Part>{file, {"meta", R"({"n":1})", {}, {}}, {"photo", "text", "text/plain", "a.txt"}} << QStringList{u"content_type@body.photo"_s};
    QTest::newRow("part of the contentMediaType") << QList<Part>{file, {"meta", R"({"n":1})", {}, {}}, {"photo", "img", "image/png", "a.png"}} << QStringList();
    QTest::newRow("a JSON file is a file") << QList<Part>{{"file", R"({"not":"parsed"})", "application/json", "a.json"}, {"meta", R"({"n":1})", {}, {}}} << QStringList();
    QTest::newRow("required file") << QList<Part>{{"meta", R"({"n":1})", {}, {}}} << QStringList{u"missing@body.file"_s};
}

void tst_HandWritten::multipartPartsAreValidated()
{
    QFETCH(QList<Part>, parts);
    QFETCH(QStringList, errors);
    const Reply r = send(m_forms, "POST", u"/upload"_s, multipartBody(parts), {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
    QCOMPARE(r.status, errors.isEmpty() ? 204 : 422);
    if (!errors.isEmpty())
        QCOMPARE(r.errors(), errors);
}

void tst_HandWritten::malformedMultipartIsRefused()
{
    // The first part's headers never end before the next delimiter.
    const QByteArray body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n--XyZ\r\n"
                            "Content-Disposition: form-data; name=\"meta\"\r\n\r\n{\"n\":1}\r\n--XyZ--\r\n";
    const Reply r = send(m_forms, "POST", u"/upload"_s, body, {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errors(), QStringList{u"multipart_invalid@body"_s});
}

QTEST_GUILESS_MAIN(tst_HandWritten)
#include "tst_handwritten.moc"
