// Parameter styles over real HTTP (issue 13, item 1): each style and explode combination OpenAPI 3.1 defines,
// in each location, read into the value the schema describes, and validated (422 at the right loc).
#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"
#include "fixtureserver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

class tst_ParameterStyles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase() { m_server.stop(); }
    void read_data();
    void read();
    void invalidValuesPointAtTheirPlace_data();
    void invalidValuesPointAtTheirPlace();
    void stripeFormBody();
    void bracketsAreLinear();

private:
    struct Reply
    {
        int status = 0;
        Json json;
        QByteArray body;
    };
    Reply send(const QByteArray &method, const QString &target, const QByteArray &body = {},
               const QList<std::pair<QByteArray, QByteArray>> &headers = {});

    portico::testing::FixtureServer m_server;
    QNetworkAccessManager m_network;
};

void tst_ParameterStyles::initTestCase()
{
    QVERIFY(m_server.start(QFINDTESTDATA("../data/mock/parameter-styles.yaml"), this));
}

tst_ParameterStyles::Reply tst_ParameterStyles::send(const QByteArray &method, const QString &target, const QByteArray &body,
                                                     const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    // The target is sent as written (QUrl::TolerantMode keeps brackets, pipes and semicolons).
    QNetworkReply *reply = portico::testing::sendAndWait(
        m_network, QNetworkRequest(QUrl(m_server.baseUrl() + target, QUrl::TolerantMode)), method, body, headers);
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    if (auto parsed = JsonParser().parse(out.body); parsed.ok())
        out.json = std::move(parsed).value();
    return out;
}

void tst_ParameterStyles::read_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QByteArray>("header"); // X-Ids, or empty
    QTest::addColumn<QByteArray>("expected"); // the answer, exactly

    QTest::newRow("deepObject") << u"/search?filter[plan]=gold&filter[size]=3"_s << QByteArray()
                                << R"({"query":{"filter":{"plan":"gold","size":3}}})"_ba;
    QTest::newRow("deepObject nested") << u"/search?filter[plan]=silver&filter[created][gte]=100"_s << QByteArray()
                                       << R"({"query":{"filter":{"plan":"silver","created":{"gte":100}}}})"_ba;
    QTest::newRow("pipeDelimited") << u"/search?filter[plan]=gold&tags=a|b|c"_s << QByteArray()
                                   << R"({"query":{"filter":{"plan":"gold"},"tags":["a","b","c"]}})"_ba;
    QTest::newRow("spaceDelimited") << u"/search?filter[plan]=gold&ids=1%202%203"_s << QByteArray()
                                    << R"({"query":{"filter":{"plan":"gold"},"ids":[1,2,3]}})"_ba;
    QTest::newRow("form, not exploded, object") << u"/search?filter[plan]=gold&point=x,1,y,2"_s << QByteArray()
                                                << R"({"query":{"filter":{"plan":"gold"},"point":{"x":1,"y":2}}})"_ba;
    QTest::newRow("form, not exploded, array") << u"/search?filter[plan]=gold&names=a,b"_s << QByteArray()
                                               << R"({"query":{"filter":{"plan":"gold"},"names":["a","b"]}})"_ba;
    QTest::newRow("array as bracketed items") << u"/search?filter[plan]=gold&names[0]=x&names[1]=y"_s << QByteArray()
                                              << R"({"query":{"filter":{"plan":"gold"},"names":["x","y"]}})"_ba;
    QTest::newRow("form, exploded, object") << u"/pages?number=2&size=20"_s << QByteArray()
                                            << R"({"query":{"page":{"number":2,"size":20}}})"_ba;
    QTest::newRow("form, exploded, map: the unclaimed keys") << u"/prefs?theme=dark&limit=2&lang=fr"_s << QByteArray()
                                                             << R"({"query":{"prefs":{"theme":"dark","lang":"fr"},"limit":2}})"_ba;
    QTest::newRow("label, exploded") << u"/label/.3.4.5"_s << QByteArray() << R"({"ids":[3,4,5]})"_ba;
    QTest::newRow("matrix, exploded, object") << u"/matrix/;lat=50.1;lon=8.6"_s << QByteArray()
                                              << R"({"coords":{"lat":50.1,"lon":8.6}})"_ba;
    QTest::newRow("matrix, array") << u"/matrix-list/;ids=1,2"_s << QByteArray() << R"({"ids":[1,2]})"_ba;
    QTest::newRow("simple, exploded, object; header array") << u"/simple/role=admin,age=7"_s << "1,2"_ba
                                                             << R"({"obj":{"role":"admin","age":7},"header":"1,2"})"_ba;
}

void tst_ParameterStyles::read()
{
    QFETCH(QString, target);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, expected);
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!header.isEmpty())
        headers.append({"X-Ids", header});
    const Reply reply = send("GET", target, {}, headers);
    QCOMPARE(reply.status, 200);
    QCOMPARE(toJson(reply.json), expected);
}

void tst_ParameterStyles::invalidValuesPointAtTheirPlace_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QByteArray>("loc"); // of the first error
    QTest::newRow("deepObject member") << u"/search?filter[plan]=bronze"_s << R"(["query","filter","plan"])"_ba;
    QTest::newRow("deepObject bound") << u"/search?filter[plan]=gold&filter[size]=11"_s << R"(["query","filter","size"])"_ba;
    QTest::newRow("deepObject required") << u"/search?filter[size]=1"_s << R"(["query","filter","plan"])"_ba;
    QTest::newRow("spaceDelimited item") << u"/search?filter[plan]=gold&ids=1%20x"_s << R"(["query","ids",1])"_ba;
    QTest::newRow("exploded form object") << u"/pages?number=0"_s << R"(["query","page","number"])"_ba;
    QTest::newRow("label item") << u"/label/.3.x"_s << R"(["path","ids",1])"_ba;
}

void tst_ParameterStyles::invalidValuesPointAtTheirPlace()
{
    QFETCH(QString, target);
    QFETCH(QByteArray, loc);
    const Reply reply = send("GET", target);
    QCOMPARE(reply.status, 422);
    QCOMPARE(toJson(reply.json[u"detail"][0][u"loc"]), loc);
}

// How Stripe's SDKs send a customer: deepObject form fields, nested, with arrays.
void tst_ParameterStyles::stripeFormBody()
{
    const QByteArray form = "email=ada%40example.com&metadata[plan]=gold&metadata[team]=core&expand[]=sources&expand[]=tax"
                            "&items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2";
    const Reply ok = send("POST", u"/customers"_s, form, {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(ok.status, 200);
    QCOMPARE(toJson(ok.json[u"body"]), R"({"email":"ada@example.com","metadata":{"plan":"gold","team":"core"},"expand":["sources","tax"],"items":[{"price":"price_1","quantity":2},{"price":"price_2"}]})"_ba);
    // Indices say which item a field belongs to; an index past the next item is a plain (unknown) key, so a
    // sparse `items[5000]` cannot build a huge array.
    const Reply ordered = send("POST", u"/customers"_s, "email=a&items[0][price]=a&items[1][price]=b&items[0][quantity]=1&items[1][quantity]=3",
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(toJson(ordered.json[u"body"][u"items"]), R"([{"price":"a","quantity":1},{"price":"b","quantity":3}])"_ba);
    const Reply sparse = send("POST", u"/customers"_s, "email=a&items[5000][price]=x", {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(sparse.status, 200);
    QCOMPARE(toJson(sparse.json[u"body"]), R"({"email":"a","items[5000][price]":"x"})"_ba);
    // Still validated: an item without its required price, at its place.
    const Reply bad = send("POST", u"/customers"_s, "email=a&items[0][quantity]=x", {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(bad.status, 422);
    QCOMPARE(toJson(bad.json[u"detail"][0][u"loc"]), R"(["body","items",0,"price"])"_ba);
}

// 20,000 bracketed fields under one name cost about ten times 2,000: each is added in place.
void tst_ParameterStyles::bracketsAreLinear()
{
    const auto body = [](int n) {
        QByteArray form = "email=a";
        for (int i = 0; i < n; ++i)
            form += "&metadata[k" + QByteArray::number(i) + "]=v";
        return form;
    };
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(send("POST", u"/customers"_s, body(2000), {{"Content-Type", "application/x-www-form-urlencoded"}}).status, 200);
    const qint64 small = std::max<qint64>(1, timer.restart());
    QCOMPARE(send("POST", u"/customers"_s, body(20000), {{"Content-Type", "application/x-www-form-urlencoded"}}).status, 200);
    const qint64 large = timer.elapsed();
    QVERIFY2(large < small * 40 + 200, qPrintable(u"2,000 fields: %1 ms, 20,000 fields: %2 ms"_s.arg(small).arg(large)));
}

QTEST_GUILESS_MAIN(tst_ParameterStyles)
#include "tst_parameterstyles.moc"
