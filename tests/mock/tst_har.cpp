// HAR 1.2 export and import of traces: structure, round trip, and HAR files written by browsers.
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/har.h"

#include <QTest>
#include <QTimeZone>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

Json json(const QByteArray &text)
{
    JsonParser parser;
    auto parsed = parser.parse(text);
    if (!parsed.ok())
        qFatal("bad JSON in test data: %s", text.constData());
    return std::move(parsed).value();
}

// A checker for the fields HAR 1.2 requires (http://www.softwareishard.com/blog/har-12-spec/), their types,
// and its rule that custom fields start with '_'. Problems are collected as "path: what" strings.
class HarChecker
{
public:
    QStringList problems;

    void checkDocument(const Json &har)
    {
        const Json &log = object(har, u"log", u""_s);
        string(log, u"version", u"log"_s);
        if (log[u"version"].toString() != u"1.2")
            problems.append(u"log.version: not 1.2"_s);
        const Json &creator = object(log, u"creator", u"log"_s);
        string(creator, u"name", u"log.creator"_s);
        string(creator, u"version", u"log.creator"_s);
        const Json &entries = array(log, u"entries", u"log"_s);
        onlyKnown(log, {u"version", u"creator", u"browser", u"pages", u"entries", u"comment"}, u"log"_s);
        for (size_t i = 0; i < entries.toArray().size(); ++i)
            checkEntry(entries[qsizetype(i)], u"log.entries[%1]"_s.arg(i));
    }

private:
    void checkEntry(const Json &entry, const QString &at)
    {
        const QString started = string(entry, u"startedDateTime", at);
        if (!QDateTime::fromString(started, Qt::ISODateWithMs).isValid())
            problems.append(at + u".startedDateTime: not ISO 8601: "_s + started);
        const double time = number(entry, u"time", at);
        if (time < 0)
            problems.append(at + u".time: negative"_s);
        checkRequest(object(entry, u"request", at), at + u".request"_s);
        checkResponse(object(entry, u"response", at), at + u".response"_s);
        object(entry, u"cache", at);
        const Json &timings = object(entry, u"timings", at);
        const QString timingsAt = at + u".timings"_s;
        const double sum = number(timings, u"send", timingsAt) + number(timings, u"wait", timingsAt)
            + number(timings, u"receive", timingsAt);
        if (std::abs(sum - time) > 1e-9)
            problems.append(at + u": time is not the sum of the timings"_s);
        onlyKnown(entry, {u"pageref", u"startedDateTime", u"time", u"request", u"response", u"cache", u"timings",
                          u"serverIPAddress", u"connection", u"comment"}, at);
    }

    void checkRequest(const Json &request, const QString &at)
    {
        string(request, u"method", at);
        const QUrl url(string(request, u"url", at));
        if (!url.isValid() || url.isRelative() || url.host().isEmpty())
            problems.append(at + u".url: not an absolute URL"_s);
        string(request, u"httpVersion", at);
        nameValues(array(request, u"cookies", at), at + u".cookies"_s);
        nameValues(array(request, u"headers", at), at + u".headers"_s);
        nameValues(array(request, u"queryString", at), at + u".queryString"_s);
        if (request.toObject().contains(u"postData")) {
            const Json &postData = object(request, u"postData", at);
            string(postData, u"mimeType", at + u".postData"_s);
            if (!postData[u"text"].isString() && !postData[u"params"].isArray())
                problems.append(at + u".postData: neither text nor params"_s);
            onlyKnown(postData, {u"mimeType", u"params", u"text", u"comment"}, at + u".postData"_s);
        }
        number(request, u"headersSize", at);
        number(request, u"bodySize", at);
        onlyKnown(request, {u"method", u"url", u"httpVersion", u"cookies", u"headers", u"queryString", u"postData",
                            u"headersSize", u"bodySize", u"comment"}, at);
    }

    void checkResponse(const Json &response, const QString &at)
    {
        number(response, u"status", at);
        string(response, u"statusText", at);
        string(response, u"httpVersion", at);
        nameValues(array(response, u"cookies", at), at + u".cookies"_s);
        nameValues(array(response, u"headers", at), at + u".headers"_s);
        const Json &content = object(response, u"content", at);
        number(content, u"size", at + u".content"_s);
        string(content, u"mimeType", at + u".content"_s);
        if (content.toObject().contains(u"text"))
            string(content, u"text", at + u".content"_s);
        if (content.toObject().contains(u"encoding") && content[u"encoding"].toString() != u"base64")
            problems.append(at + u".content.encoding: not base64"_s);
        onlyKnown(content, {u"size", u"compression", u"mimeType", u"text", u"encoding", u"comment"},
                  at + u".content"_s);
        string(response, u"redirectURL", at);
        number(response, u"headersSize", at);
        number(response, u"bodySize", at);
        onlyKnown(response, {u"status", u"statusText", u"httpVersion", u"cookies", u"headers", u"content",
                             u"redirectURL", u"headersSize", u"bodySize", u"comment"}, at);
    }

    void nameValues(const Json &list, const QString &at)
    {
        for (size_t i = 0; i < list.toArray().size(); ++i) {
            const Json &pair = list[qsizetype(i)];
            const QString pairAt = at + u"[%1]"_s.arg(i);
            string(pair, u"name", pairAt);
            string(pair, u"value", pairAt);
        }
    }

    const Json &object(const Json &parent, QStringView key, const QString &at)
    {
        if (!parent[key].isObject())
            problems.append(at + u'.' + key + u": missing or not an object"_s);
        return parent[key];
    }
    const Json &array(const Json &parent, QStringView key, const QString &at)
    {
        if (!parent[key].isArray())
            problems.append(at + u'.' + key + u": missing or not an array"_s);
        return parent[key];
    }
    QString string(const Json &parent, QStringView key, const QString &at)
    {
        if (!parent[key].isString())
            problems.append(at + u'.' + key + u": missing or not a string"_s);
        return parent[key].toString();
    }
    double number(const Json &parent, QStringView key, const QString &at)
    {
        if (!parent[key].isNumber())
            problems.append(at + u'.' + key + u": missing or not a number"_s);
        return parent[key].toDouble();
    }
    void onlyKnown(const Json &object, std::initializer_list<QStringView> known, const QString &at)
    {
        for (const auto &[key, value] : object.toObject()) {
            if (!key.startsWith(u'_') && std::find(known.begin(), known.end(), QStringView(key)) == known.end())
                problems.append(at + u'.' + key + u": not a HAR 1.2 field and not _-prefixed"_s);
        }
    }
};

QList<TraceRecord> sampleRecords()
{
    QList<TraceRecord> records;

    TraceRecord get;
    get.id = 3;
    get.started = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    get.durationUs = 1'500;
    get.client = u"127.0.0.1:40000"_s;
    get.method = "GET";
    get.target = "/items?q=red+shoes&tag=a&tag=b";
    get.requestHeaders = {{"host", "api.test:8080"}, {"accept", "application/json"}, {"cookie", "sid=1; x=\"y\""}};
    get.operationId = u"listItems"_s;
    get.operationPointer = u"/paths/~1items/get"_s;
    get.rule = u"red things"_s;
    get.status = 200;
    get.responseHeaders = {{"content-type", "application/json"},
                           {"set-cookie", "sid=xyz; Path=/; HttpOnly; Secure; Domain=api.test"},
                           {"set-cookie", "theme=dark"}};
    get.responseBody = R"([{"id":1,"name":"caf\u00e9 \u20ac"}])";
    get.latencyMs = 20;
    records.append(get);

    TraceRecord post;
    post.id = 4;
    post.started = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 6), Qt::UTC);
    post.durationUs = 250'001;
    post.method = "POST";
    post.target = "/items";
    post.requestHeaders = {{"content-type", "application/json; charset=utf-8"}};
    post.requestBody = "{\"name\":\"Z\xc3\xbcrich\"";
    post.requestBodyTruncated = true;
    post.operationId = u"createItem"_s;
    post.requestErrors = json(R"([{"type":"json_invalid","loc":["body",12],"msg":"JSON decode error",)"
                              R"("input":{},"ctx":{"error":"Expecting ',' delimiter"}}])");
    post.responseErrors = json(R"([{"type":"missing","loc":["response","id"],"msg":"Field required"}])");
    post.status = 422;
    post.responseHeaders = {{"content-type", "application/json"}};
    post.responseBody = R"({"detail":[]})";
    post.responseBodyTruncated = true;
    post.fault = u"status"_s;
    records.append(post);

    TraceRecord binary;
    binary.id = 5;
    binary.started = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 7, 1), Qt::UTC);
    binary.durationUs = 0;
    binary.method = "PUT";
    binary.target = "/files/a%20b.png";
    binary.requestHeaders = {{"host", "localhost"}, {"content-type", "image/png"}};
    binary.requestBody = QByteArray("\x89PNG\r\n\x1a\n\0\xff", 10);
    binary.status = 201;
    binary.responseHeaders = {{"location", "/files/a%20b.png"}, {"content-type", "application/octet-stream"}};
    binary.responseBody = QByteArray("\0\x01\x02\xfe\xff", 5);
    binary.proxied = true;
    records.append(binary);

    TraceRecord reset;
    reset.id = 6;
    reset.started = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 8), Qt::UTC);
    reset.durationUs = 99;
    reset.method = "DELETE";
    reset.target = "/items/1";
    reset.status = 0;
    reset.fault = u"reset"_s;
    records.append(reset);
    return records;
}

} // namespace

class tst_Har : public QObject
{
    Q_OBJECT

private slots:
    void hasEveryRequiredField();
    void roundTrip();
    void entryDetails();
    void urlAndQueryString_data();
    void urlAndQueryString();
    void cookies();
    void reasonPhrases_data();
    void reasonPhrases();
    void importsBrowserHar();
    void rejectsNonHar_data();
    void rejectsNonHar();
};

void tst_Har::hasEveryRequiredField()
{
    const Json har = toHar(sampleRecords(), u"1.2.3"_s);
    // Check the document as written to disk, not only the in-memory value.
    const Json reread = json(toJson(har, JsonStyle::Indented));
    HarChecker checker;
    checker.checkDocument(reread);
    QVERIFY2(checker.problems.isEmpty(), qPrintable(checker.problems.join(u'\n')));
    QCOMPARE(reread[u"log"][u"entries"].toArray().size(), size_t(4));
    QCOMPARE(reread[u"log"][u"creator"][u"name"].toString(), u"Portico"_s);
    QCOMPARE(reread[u"log"][u"creator"][u"version"].toString(), u"1.2.3"_s);

    // The checker is not vacuous: it notices a missing field and an unprefixed custom one.
    JsonObject broken = reread.toObject();
    Json &entry = broken.find(u"log")->object().find(u"entries")->array().front();
    entry.object().remove(u"timings");
    entry.object().insert(u"custom"_s, 1);
    HarChecker strict;
    strict.checkDocument(Json(broken));
    QVERIFY2(strict.problems.contains(u"log.entries[0].timings: missing or not an object"_s),
             qPrintable(strict.problems.join(u'\n')));
    QVERIFY(strict.problems.contains(u"log.entries[0].custom: not a HAR 1.2 field and not _-prefixed"_s));
    QVERIFY(strict.problems.contains(u"log.entries[0]: time is not the sum of the timings"_s));
    for (const QString &problem : std::as_const(strict.problems))
        QVERIFY2(problem.startsWith(u"log.entries[0]"), qPrintable(problem)); // the other entries are fine

    // No records is still a valid HAR.
    HarChecker empty;
    empty.checkDocument(toHar({}, u"0"_s));
    QVERIFY(empty.problems.isEmpty());
}

void tst_Har::roundTrip()
{
    const QList<TraceRecord> originals = sampleRecords();
    QString error = u"stale"_s;
    const QList<TraceRecord> back = fromHar(json(toJson(toHar(originals, u"1.0"_s))), &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(back.size(), originals.size());
    for (qsizetype i = 0; i < back.size(); ++i) {
        const TraceRecord &a = originals[i];
        const TraceRecord &b = back[i];
        QCOMPARE(b.id, a.id);
        QCOMPARE(b.started, a.started);
        QCOMPARE(b.durationUs, a.durationUs);
        QCOMPARE(b.client, a.client);
        QCOMPARE(b.method, a.method);
        QCOMPARE(b.target, a.target);
        QCOMPARE(b.requestHeaders, a.requestHeaders);
        QCOMPARE(b.requestBody, a.requestBody);
        QCOMPARE(b.requestBodyTruncated, a.requestBodyTruncated);
        QCOMPARE(b.operationId, a.operationId);
        QCOMPARE(b.operationPointer, a.operationPointer);
        QCOMPARE(b.rule, a.rule);
        QVERIFY(b.requestErrors.identical(a.requestErrors));
        QVERIFY(b.responseErrors.identical(a.responseErrors));
        QCOMPARE(b.status, a.status);
        QCOMPARE(b.responseHeaders, a.responseHeaders);
        QCOMPARE(b.responseBody, a.responseBody);
        QCOMPARE(b.responseBodyTruncated, a.responseBodyTruncated);
        QCOMPARE(b.latencyMs, a.latencyMs);
        QCOMPARE(b.fault, a.fault);
        QCOMPARE(b.proxied, a.proxied);
        // Everything the trace JSON shows survives, which covers any field added to both later.
        QCOMPARE(toJson(b.toJson()), toJson(a.toJson()));
    }
}

void tst_Har::entryDetails()
{
    const Json entries = toHar(sampleRecords(), u"1.0"_s)[u"log"][u"entries"];
    const Json &get = entries[0];
    QCOMPARE(get[u"startedDateTime"].toString(), u"2024-01-02T03:04:05.678Z"_s);
    QCOMPARE(get[u"time"].toDouble(), 1.5);
    QCOMPARE(get[u"timings"][u"wait"].toDouble(), 1.5);
    QCOMPARE(get[u"request"][u"httpVersion"].toString(), u"HTTP/1.1"_s);
    QCOMPARE(get[u"request"][u"headersSize"].toInteger(), -1);
    QVERIFY(!get[u"request"].toObject().contains(u"postData")); // no body, no postData
    QCOMPARE(get[u"request"][u"bodySize"].toInteger(), 0);
    QCOMPARE(get[u"response"][u"statusText"].toString(), u"OK"_s);
    QCOMPARE(get[u"response"][u"content"][u"mimeType"].toString(), u"application/json"_s);
    QCOMPARE(get[u"response"][u"content"][u"text"].toString(), u"[{\"id\":1,\"name\":\"caf\\u00e9 \\u20ac\"}]"_s);
    QCOMPARE(get[u"response"][u"content"][u"size"].toInteger(), sampleRecords()[0].responseBody.size());
    QCOMPARE(toJson(get[u"_portico"][u"operationId"]), R"("listItems")"_ba);
    QCOMPARE(get[u"_portico"][u"latencyMs"].toInteger(), 20);
    QVERIFY(get[u"_portico"][u"errors"][u"request"].isNull());

    const Json &post = entries[1];
    QCOMPARE(post[u"request"][u"url"].toString(), u"http://127.0.0.1/items"_s);
    QCOMPARE(post[u"request"][u"postData"][u"mimeType"].toString(), u"application/json; charset=utf-8"_s);
    QCOMPARE(post[u"request"][u"postData"][u"text"].toString(), u"{\"name\":\"Zürich\""_s);
    QCOMPARE(post[u"request"][u"bodySize"].toInteger(), sampleRecords()[1].requestBody.size());
    QCOMPARE(post[u"response"][u"statusText"].toString(), u"Unprocessable Content"_s);
    QCOMPARE(post[u"_portico"][u"errors"][u"request"][0][u"type"].toString(), u"json_invalid"_s);

    // Binary bodies are base64: `encoding` on response content as HAR defines, `_encoding` on postData.
    const Json &binary = entries[2];
    QCOMPARE(binary[u"request"][u"postData"][u"_encoding"].toString(), u"base64"_s);
    QCOMPARE(QByteArray::fromBase64(binary[u"request"][u"postData"][u"text"].toString().toLatin1()),
             sampleRecords()[2].requestBody);
    QCOMPARE(binary[u"response"][u"content"][u"encoding"].toString(), u"base64"_s);
    QCOMPARE(binary[u"response"][u"content"][u"size"].toInteger(), 5);
    QCOMPARE(binary[u"response"][u"redirectURL"].toString(), u"/files/a%20b.png"_s);
    QCOMPARE(binary[u"request"][u"url"].toString(), u"http://localhost/files/a%20b.png"_s);

    const Json &reset = entries[3];
    QCOMPARE(reset[u"response"][u"status"].toInteger(), 0);
    QCOMPARE(reset[u"response"][u"statusText"].toString(), QString());
    QCOMPARE(reset[u"response"][u"content"][u"size"].toInteger(), 0);

    // An unknown start time is the epoch, so the required field is still a valid date.
    TraceRecord undated;
    undated.method = "GET";
    undated.target = "/";
    const Json entry = toHar({undated}, u"1.0"_s)[u"log"][u"entries"][0];
    QCOMPARE(entry[u"startedDateTime"].toString(), u"1970-01-01T00:00:00.000Z"_s);
}

void tst_Har::urlAndQueryString_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("queryString");
    QTest::addRow("no host header") << "/items"_ba << QByteArray() << u"http://127.0.0.1/items"_s << "[]"_ba;
    QTest::addRow("host with port, repeated keys, plus as space")
        << "/items?q=red+shoes&tag=a&tag=b"_ba << "api.test:8080"_ba
        << u"http://api.test:8080/items?q=red+shoes&tag=a&tag=b"_s
        << R"([{"name":"q","value":"red shoes"},{"name":"tag","value":"a"},{"name":"tag","value":"b"}])"_ba;
    QTest::addRow("percent-encoded, no value, empty name, empty pair")
        << "/s?x=%C3%A9%26&flag&=v&"_ba << "h"_ba << u"http://h/s?x=%C3%A9%26&flag&=v&"_s
        << R"([{"name":"x","value":"é&"},{"name":"flag","value":""},{"name":"","value":"v"}])"_ba;
    QTest::addRow("absolute-form target from a proxy client")
        << "http://upstream.test/x?y=1"_ba << "other"_ba << u"http://upstream.test/x?y=1"_s
        << R"([{"name":"y","value":"1"}])"_ba;
    QTest::addRow("asterisk-form") << "*"_ba << QByteArray() << u"http://127.0.0.1/*"_s << "[]"_ba;
}

void tst_Har::urlAndQueryString()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, host);
    QFETCH(QString, url);
    QFETCH(QByteArray, queryString);
    TraceRecord r;
    r.method = "GET";
    r.target = target;
    if (!host.isNull())
        r.requestHeaders = {{"host", host}};
    const Json request = toHar({r}, u"1"_s)[u"log"][u"entries"][0][u"request"];
    QCOMPARE(request[u"url"].toString(), url);
    QCOMPARE(toJson(request[u"queryString"]), toJson(json(queryString)));
}

void tst_Har::cookies()
{
    const Json entry = toHar({sampleRecords().front()}, u"1"_s)[u"log"][u"entries"][0];
    QCOMPARE(toJson(entry[u"request"][u"cookies"]),
             R"([{"name":"sid","value":"1"},{"name":"x","value":"y"}])"_ba);
    QCOMPARE(toJson(entry[u"response"][u"cookies"]),
             R"([{"name":"sid","value":"xyz","path":"/","httpOnly":true,"secure":true,"domain":"api.test"},)"
             R"({"name":"theme","value":"dark"}])"_ba);
}

void tst_Har::reasonPhrases_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("phrase");
    QTest::addRow("200") << 200 << u"OK"_s;
    QTest::addRow("204") << 204 << u"No Content"_s;
    QTest::addRow("301") << 301 << u"Moved Permanently"_s;
    QTest::addRow("404") << 404 << u"Not Found"_s;
    QTest::addRow("418") << 418 << u"I'm a teapot"_s;
    QTest::addRow("429") << 429 << u"Too Many Requests"_s;
    QTest::addRow("503") << 503 << u"Service Unavailable"_s;
    QTest::addRow("unassigned code") << 299 << QString();
    QTest::addRow("no response") << 0 << QString();
}

void tst_Har::reasonPhrases()
{
    QFETCH(int, status);
    QFETCH(QString, phrase);
    QCOMPARE(reasonPhrase(status), phrase);
}

void tst_Har::importsBrowserHar()
{
    // Shaped like Chrome's export over HTTP/2, with the fields browsers add and the ones they leave out.
    const QByteArray har = R"({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
      "pages": [{"startedDateTime": "2024-03-01T10:00:00.000+01:00", "id": "page_1", "title": "x",
                 "pageTimings": {}}],
      "entries": [
        {"_initiator": {"type": "script"}, "pageref": "page_1",
         "startedDateTime": "2024-03-01T10:00:00.123+01:00", "time": 45.678,
         "request": {"method": "GET", "url": "https://example.com/api/items?page=2#top", "httpVersion": "http/2.0",
                     "headers": [{"name": ":method", "value": "GET"}, {"name": ":authority", "value": "example.com"},
                                 {"name": ":path", "value": "/api/items?page=2"},
                                 {"name": "Accept", "value": "application/json"}],
                     "queryString": [{"name": "page", "value": "2"}], "cookies": [], "headersSize": -1,
                     "bodySize": 0},
         "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0",
                      "headers": [{"name": "Content-Type", "value": "application/json"}], "cookies": [],
                      "content": {"size": 8, "mimeType": "application/json", "text": "eyJvayI6MX0=",
                                  "encoding": "base64"},
                      "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 100},
         "cache": {}, "serverIPAddress": "1.2.3.4",
         "timings": {"blocked": 1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 40, "receive": 5.5}},
        {"startedDateTime": "2024-03-01T10:00:01Z", "time": -1,
         "request": {"method": "post", "url": "http://localhost:8000/form",
                     "postData": {"mimeType": "application/x-www-form-urlencoded",
                                  "params": [{"name": "a b", "value": "1&2"}, {"name": "c", "value": "é"}]}},
         "response": {"status": 0, "content": {}}},
        {"request": {"method": "PUT", "url": "/relative/path?x=1",
                     "postData": {"mimeType": "text/plain", "text": "hi"}}},
        {"request": {"method": "GET", "url": "http://h.test?only=query"}, "response": {"status": 1e300}},
        "not an entry", 42, {"response": {}}
      ]}})";
    QString error;
    const QList<TraceRecord> records = fromHar(json(har), &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(records.size(), 4);

    const TraceRecord &chrome = records[0];
    QCOMPARE(chrome.id, 0u); // no _portico id: a TraceBuffer will number it
    QCOMPARE(chrome.started, QDateTime(QDate(2024, 3, 1), QTime(9, 0, 0, 123), Qt::UTC));
    QCOMPARE(chrome.started.timeSpec(), Qt::UTC);
    QCOMPARE(chrome.durationUs, 45'678);
    QCOMPARE(chrome.method, "GET"_ba);
    QCOMPARE(chrome.target, "/api/items?page=2"_ba);
    const HeaderList requestHeaders{{"host", "example.com"}, {"accept", "application/json"}};
    QCOMPARE(chrome.requestHeaders, requestHeaders);
    QCOMPARE(chrome.requestBody, QByteArray());
    QCOMPARE(chrome.status, 200);
    const HeaderList responseHeaders{{"content-type", "application/json"}};
    QCOMPARE(chrome.responseHeaders, responseHeaders);
    QCOMPARE(chrome.responseBody, R"({"ok":1})"_ba);
    QVERIFY(chrome.requestErrors.isNull());
    QVERIFY(chrome.operationId.isEmpty());

    const TraceRecord &form = records[1];
    QCOMPARE(form.method, "POST"_ba);
    QCOMPARE(form.target, "/form"_ba);
    QCOMPARE(form.durationUs, 0); // -1 means unknown in HAR
    QCOMPARE(form.requestBody, "a%20b=1%262&c=%C3%A9"_ba);
    QCOMPARE(form.status, 0);

    const TraceRecord &minimal = records[2];
    QVERIFY(!minimal.started.isValid());
    QCOMPARE(minimal.target, "/relative/path?x=1"_ba);
    QCOMPARE(minimal.requestBody, "hi"_ba);
    QCOMPARE(minimal.status, 0);

    const TraceRecord &odd = records[3];
    QCOMPARE(odd.target, "/?only=query"_ba);
    QCOMPARE(odd.status, 0); // out of range numbers are ignored, not cast
}

void tst_Har::rejectsNonHar_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("count");
    QTest::addRow("array") << "[]"_ba << false << 0;
    QTest::addRow("string") << R"("har")"_ba << false << 0;
    QTest::addRow("null") << "null"_ba << false << 0;
    QTest::addRow("empty object") << "{}"_ba << false << 0;
    QTest::addRow("log without entries") << R"({"log": {}})"_ba << false << 0;
    QTest::addRow("entries not an array") << R"({"log": {"entries": {}}})"_ba << false << 0;
    QTest::addRow("log not an object") << R"({"log": []})"_ba << false << 0;
    QTest::addRow("no entries is fine") << R"({"log": {"entries": []}})"_ba << true << 0;
    QTest::addRow("bare log object") << R"({"entries": [{"request": {"url": "http://a/b"}}]})"_ba << true << 1;
}

void tst_Har::rejectsNonHar()
{
    QFETCH(QByteArray, document);
    QFETCH(bool, valid);
    QFETCH(int, count);
    QString error;
    const QList<TraceRecord> records = fromHar(json(document), &error);
    QCOMPARE(error.isEmpty(), valid);
    QCOMPARE(records.size(), count);
    // Callers that do not care about the reason may pass no error string.
    QCOMPARE(fromHar(json(document)).size(), count);
}

QTEST_GUILESS_MAIN(tst_Har)
#include "tst_har.moc"
