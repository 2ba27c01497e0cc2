// The bounded, thread-safe trace buffer, body capping, and the JSON shape of a trace record.
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/tracebuffer.h"

#include <QAtomicInt>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

TraceRecord record(quint64 id = 0, const QString &client = {})
{
    TraceRecord r;
    r.id = id;
    r.client = client;
    return r;
}

QList<quint64> idsOf(const QList<TraceRecord> &records)
{
    QList<quint64> ids;
    for (const TraceRecord &r : records)
        ids.append(r.id);
    return ids;
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> ids;
    for (quint64 id = first; id <= last; ++id)
        ids.append(id);
    return ids;
}

} // namespace

class tst_TraceBuffer : public QObject
{
    Q_OBJECT

private slots:
    void assignsIncreasingIds();
    void capacityDropsOldest_data();
    void capacityDropsOldest();
    void snapshot_data();
    void snapshot();
    void latest();
    void clearKeepsIdCounter();
    void setCapacity_data();
    void setCapacity();
    void byteBudgetDropsOldest();
    void capBody_data();
    void capBody();
    void concurrentAppendsAndReads();
    void storedRecordsKeepEveryField();

    void traceJson();
    void traceJsonBodies_data();
    void traceJsonBodies();
};

void tst_TraceBuffer::assignsIncreasingIds()
{
    TraceBuffer buffer;
    QCOMPARE(buffer.lastId(), 0u);
    QCOMPARE(buffer.append(record()), 1u);
    QCOMPARE(buffer.append(record()), 2u);
    // A record that brings its id (an import) keeps it, and numbering continues above it.
    QCOMPARE(buffer.append(record(10)), 10u);
    QCOMPARE(buffer.append(record()), 11u);
    // A lower imported id does not move the counter back.
    QCOMPARE(buffer.append(record(5)), 5u);
    QCOMPARE(buffer.append(record()), 12u);
    QCOMPARE(buffer.lastId(), 12u);
    QCOMPARE(idsOf(buffer.snapshot()), QList<quint64>({1, 2, 10, 11, 5, 12}));
}

void tst_TraceBuffer::capacityDropsOldest_data()
{
    QTest::addColumn<qsizetype>("capacity");
    QTest::addColumn<int>("appended");
    QTest::addColumn<quint64>("firstKept");
    QTest::addRow("under capacity") << qsizetype(10) << 7 << quint64(1);
    QTest::addRow("exactly full") << qsizetype(10) << 10 << quint64(1);
    QTest::addRow("one past full") << qsizetype(10) << 11 << quint64(2);
    QTest::addRow("wrapped several times") << qsizetype(10) << 95 << quint64(86);
    QTest::addRow("capacity one") << qsizetype(1) << 5 << quint64(5);
    QTest::addRow("zero capacity means one") << qsizetype(0) << 3 << quint64(3);
    QTest::addRow("default capacity") << TraceBuffer::DefaultCapacity << 10'050 << quint64(51);
}

void tst_TraceBuffer::capacityDropsOldest()
{
    QFETCH(qsizetype, capacity);
    QFETCH(int, appended);
    QFETCH(quint64, firstKept);
    TraceBuffer buffer(capacity);
    for (int i = 0; i < appended; ++i)
        buffer.append(record());
    const qsizetype expectedSize = qsizetype(quint64(appended) - firstKept + 1);
    QCOMPARE(buffer.size(), expectedSize);
    QVERIFY(buffer.size() <= buffer.capacity());
    QCOMPARE(buffer.lastId(), quint64(appended));
    QCOMPARE(idsOf(buffer.snapshot()), range(firstKept, quint64(appended)));
}

void tst_TraceBuffer::snapshot_data()
{
    QTest::addColumn<quint64>("afterId");
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<QList<quint64>>("expected");
    // The buffer holds ids 6..15 (capacity 10, 15 appended), wrapped in the middle of its storage.
    QTest::addRow("everything") << quint64(0) << qsizetype(-1) << range(6, 15);
    QTest::addRow("after an evicted id") << quint64(3) << qsizetype(-1) << range(6, 15);
    QTest::addRow("after a kept id") << quint64(12) << qsizetype(-1) << range(13, 15);
    QTest::addRow("after the last id") << quint64(15) << qsizetype(-1) << QList<quint64>();
    QTest::addRow("after a future id") << quint64(99) << qsizetype(-1) << QList<quint64>();
    QTest::addRow("limit takes the oldest first") << quint64(0) << qsizetype(3) << range(6, 8);
    QTest::addRow("limit with afterId pages forward") << quint64(8) << qsizetype(4) << range(9, 12);
    QTest::addRow("limit larger than what is left") << quint64(13) << qsizetype(50) << range(14, 15);
    QTest::addRow("limit zero") << quint64(0) << qsizetype(0) << QList<quint64>();
}

void tst_TraceBuffer::snapshot()
{
    QFETCH(quint64, afterId);
    QFETCH(qsizetype, limit);
    QFETCH(QList<quint64>, expected);
    TraceBuffer buffer(10);
    for (int i = 0; i < 15; ++i)
        buffer.append(record());
    QCOMPARE(idsOf(buffer.snapshot(afterId, limit)), expected);
}

void tst_TraceBuffer::latest()
{
    TraceBuffer buffer(5);
    QVERIFY(buffer.latest(3).isEmpty());
    for (int i = 0; i < 8; ++i)
        buffer.append(record());
    QCOMPARE(idsOf(buffer.latest(2)), QList<quint64>({7, 8}));
    QCOMPARE(idsOf(buffer.latest(100)), range(4, 8));
    QVERIFY(buffer.latest(0).isEmpty());
    QVERIFY(buffer.latest(-1).isEmpty());
}

void tst_TraceBuffer::clearKeepsIdCounter()
{
    TraceBuffer buffer(4);
    for (int i = 0; i < 6; ++i)
        buffer.append(record());
    buffer.clear();
    QCOMPARE(buffer.size(), 0);
    QVERIFY(buffer.snapshot().isEmpty());
    QCOMPARE(buffer.lastId(), 6u);
    // A poller that saw id 6 must see what comes next, not miss it because ids restarted at 1.
    QCOMPARE(buffer.append(record()), 7u);
    QCOMPARE(idsOf(buffer.snapshot(6)), QList<quint64>({7}));
    for (int i = 0; i < 5; ++i)
        buffer.append(record());
    QCOMPARE(idsOf(buffer.snapshot()), range(9, 12));
}

void tst_TraceBuffer::setCapacity_data()
{
    QTest::addColumn<int>("before"); // records appended at capacity 10
    QTest::addColumn<qsizetype>("newCapacity");
    QTest::addColumn<int>("after"); // records appended at the new capacity
    QTest::addColumn<QList<quint64>>("expected");
    QTest::addRow("shrink a wrapped buffer") << 14 << qsizetype(3) << 0 << range(12, 14);
    QTest::addRow("shrink then keep wrapping") << 14 << qsizetype(3) << 4 << range(16, 18);
    QTest::addRow("grow a full buffer") << 12 << qsizetype(20) << 5 << range(3, 17);
    QTest::addRow("grow then wrap") << 12 << qsizetype(12) << 7 << range(8, 19);
    QTest::addRow("shrink below size of partly filled") << 4 << qsizetype(2) << 1 << range(4, 5);
    QTest::addRow("same capacity") << 15 << qsizetype(10) << 1 << range(7, 16);
}

void tst_TraceBuffer::setCapacity()
{
    QFETCH(int, before);
    QFETCH(qsizetype, newCapacity);
    QFETCH(int, after);
    QFETCH(QList<quint64>, expected);
    TraceBuffer buffer(10);
    for (int i = 0; i < before; ++i)
        buffer.append(record());
    buffer.setCapacity(newCapacity);
    QCOMPARE(buffer.capacity(), newCapacity);
    for (int i = 0; i < after; ++i)
        buffer.append(record());
    QCOMPARE(idsOf(buffer.snapshot()), expected);
    QCOMPARE(buffer.size(), expected.size());
}

void tst_TraceBuffer::byteBudgetDropsOldest()
{
    TraceRecord big = record();
    big.requestBody = QByteArray(1000, 'a');
    big.responseBody = QByteArray(1000, 'b');
    const qsizetype each = TraceBuffer::footprint(big);
    QVERIFY(each >= 2000);
    TraceBuffer buffer(1000, 10 * each);
    for (int i = 0; i < 25; ++i)
        buffer.append(big);
    // The count allows 1000; the bytes allow 10.
    QCOMPARE(buffer.size(), 10);
    QCOMPARE(buffer.bytes(), 10 * each);
    QCOMPARE(idsOf(buffer.snapshot()), range(16, 25));
    // Errors count too: an error's input may be a whole body.
    TraceRecord failed = record();
    failed.requestErrors = Json(JsonArray{Json(JsonObject{{u"input"_s, Json(QString(5000, u'x'))}})});
    QVERIFY(TraceBuffer::footprint(failed) >= 10000);
    // A smaller budget trims at once; the newest record stays even alone over it.
    buffer.setByteBudget(3 * each);
    QCOMPARE(idsOf(buffer.snapshot()), range(23, 25));
    buffer.setByteBudget(1);
    QCOMPARE(idsOf(buffer.snapshot()), range(25, 25));
    buffer.append(big);
    QCOMPARE(idsOf(buffer.snapshot()), range(26, 26));
    QCOMPARE(buffer.bytes(), each);
}

void tst_TraceBuffer::capBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qsizetype>("cap");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<bool>("truncated");
    QTest::addRow("under the cap") << "hello"_ba << qsizetype(10) << "hello"_ba << false;
    QTest::addRow("exactly the cap") << "hello"_ba << qsizetype(5) << "hello"_ba << false;
    QTest::addRow("over the cap") << "hello world"_ba << qsizetype(5) << "hello"_ba << true;
    QTest::addRow("zero cap") << "x"_ba << qsizetype(0) << ""_ba << true;
    QTest::addRow("negative cap keeps all") << "hello"_ba << qsizetype(-1) << "hello"_ba << false;
    QTest::addRow("empty body") << QByteArray() << qsizetype(4) << QByteArray() << false;
    // "aé€😀" is a, c3 a9, e2 82 ac, f0 9f 98 80: cuts inside a sequence drop the whole sequence.
    const QByteArray utf8 = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"_ba;
    QTest::addRow("cut inside a 2-byte sequence") << utf8 << qsizetype(2) << "a"_ba << true;
    QTest::addRow("cut after a 2-byte sequence") << utf8 << qsizetype(3) << "a\xc3\xa9"_ba << true;
    QTest::addRow("cut inside a 3-byte sequence, 1 in") << utf8 << qsizetype(4) << "a\xc3\xa9"_ba << true;
    QTest::addRow("cut inside a 3-byte sequence, 2 in") << utf8 << qsizetype(5) << "a\xc3\xa9"_ba << true;
    QTest::addRow("cut inside a 4-byte sequence, 3 in") << utf8 << qsizetype(9) << "a\xc3\xa9\xe2\x82\xac"_ba
                                                        << true;
    // Binary data that merely looks like continuation bytes is cut at the cap, not shortened further.
    QTest::addRow("run of continuation bytes") << QByteArray(10, '\x80') << qsizetype(6) << QByteArray(6, '\x80')
                                               << true;
}

void tst_TraceBuffer::capBody()
{
    QFETCH(QByteArray, body);
    QFETCH(qsizetype, cap);
    QFETCH(QByteArray, expected);
    QFETCH(bool, truncated);
    bool wasTruncated = !truncated;
    const QByteArray capped = TraceBuffer::capBody(body, cap, &wasTruncated);
    QCOMPARE(capped, expected);
    QCOMPARE(wasTruncated, truncated);
    QVERIFY(cap < 0 || capped.size() <= cap);
    if (body.isValidUtf8())
        QVERIFY(capped.isValidUtf8());
}

void tst_TraceBuffer::concurrentAppendsAndReads()
{
    constexpr int writers = 4;
    constexpr int perWriter = 5'000;
    constexpr qsizetype capacity = 1'000;
    TraceBuffer buffer(capacity);
    QSemaphore start;
    QAtomicInt readerProblems = 0;
    QAtomicInt writersDone = 0;

    std::vector<std::unique_ptr<QThread>> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back(QThread::create([&buffer, &start, &writersDone, w] {
            start.acquire();
            for (int i = 0; i < perWriter; ++i) {
                TraceRecord r = record(0, u"writer-%1"_s.arg(w));
                r.requestBody = QByteArray::number(i); // this writer's sequence number
                buffer.append(std::move(r));
            }
            writersDone.fetchAndAddOrdered(1);
        }));
    }
    // A reader polling while the writers run: every snapshot must be ordered and within capacity.
    threads.emplace_back(QThread::create([&buffer, &start, &readerProblems, &writersDone] {
        start.acquire();
        quint64 lastSeen = 0;
        while (writersDone.loadAcquire() < writers) {
            const QList<TraceRecord> all = buffer.snapshot();
            if (all.size() > capacity)
                readerProblems.fetchAndAddOrdered(1);
            for (qsizetype i = 1; i < all.size(); ++i) {
                if (all[i].id != all[i - 1].id + 1)
                    readerProblems.fetchAndAddOrdered(1);
            }
            for (const TraceRecord &r : buffer.snapshot(lastSeen, 50)) {
                if (r.id <= lastSeen)
                    readerProblems.fetchAndAddOrdered(1);
                lastSeen = r.id;
            }
        }
    }));
    for (const auto &thread : threads)
        thread->start();
    start.release(writers + 1);
    for (const auto &thread : threads)
        QVERIFY(thread->wait(60'000));

    QCOMPARE(readerProblems.loadRelaxed(), 0);
    QCOMPARE(buffer.lastId(), quint64(writers * perWriter));
    QCOMPARE(buffer.size(), capacity);
    const QList<TraceRecord> kept = buffer.snapshot();
    // Ids were handed out under the same lock that stores the record, so the buffer holds exactly the newest.
    QCOMPARE(idsOf(kept), range(quint64(writers * perWriter) - capacity + 1, quint64(writers * perWriter)));
    // Each writer's records appear in the order that writer appended them, with no gaps: once one of its
    // records is among the newest, so is everything it appended after. So each writer that still has records
    // here has a consecutive run that ends with its last one.
    QHash<QString, int> lastSequence;
    for (const TraceRecord &r : kept) {
        const int sequence = r.requestBody.toInt();
        if (lastSequence.contains(r.client))
            QCOMPARE(sequence, lastSequence.value(r.client) + 1);
        lastSequence[r.client] = sequence;
    }
    QVERIFY(!lastSequence.isEmpty());
    for (auto it = lastSequence.cbegin(); it != lastSequence.cend(); ++it)
        QCOMPARE(it.value(), perWriter - 1);
}

void tst_TraceBuffer::storedRecordsKeepEveryField()
{
    // What comes out is what went in, field for field: text beyond ASCII, binary bodies with NUL bytes, empty
    // values, repeated headers and both error lists.
    TraceRecord r;
    r.started = QDateTime(QDate(2024, 5, 6), QTime(9, 8, 7, 65), QTimeZone::utc());
    r.durationUs = 987'654'321;
    r.client = u"[::1]:5"_s;
    r.method = "PATCH";
    r.target = "/caf%C3%A9/1?q=%E2%82%AC";
    r.requestHeaders = {{"x-empty", ""}, {"x-odd", "abc"}, {"user-agent", "t\xc3\xa9st"}};
    r.requestBody = QByteArray("\0bin\xff\0", 6);
    r.requestBodyTruncated = true;
    r.operationId = u"créer€"_s;
    r.operationPointer = u"/paths/~1caf\u00e9~1{id}/patch"_s;
    r.rule = u"x-portico-rules[2]"_s;
    r.requestErrors = parseJson(R"([{"type":"int_parsing","loc":["path","id"],"msg":"m","input":"x"}])");
    r.responseErrors = parseJson(R"([{"type":"missing","loc":["response","id"],"msg":"Field required","input":{"a":1.5}}])");
    r.status = 599;
    r.responseHeaders = {{"content-type", "application/json"}, {"set-cookie", "a=1"}, {"set-cookie", "b=2"}};
    r.responseBody = "{\"ok\":true}"_ba;
    r.responseBodyTruncated = true;
    r.latencyMs = 1500;
    r.fault = u"reset"_s;
    r.proxied = true;

    TraceBuffer buffer(2);
    const quint64 id = buffer.append(r);
    buffer.append(TraceRecord());
    const QList<TraceRecord> stored = buffer.snapshot();
    QCOMPARE(stored.size(), 2);
    r.id = id;
    QCOMPARE(toJson(stored[0].toJson()), toJson(r.toJson()));
    QCOMPARE(stored[0].started, r.started);
    QCOMPARE(stored[0].requestHeaders, r.requestHeaders);
    QCOMPARE(stored[0].requestBody, r.requestBody);
    QCOMPARE(stored[0].responseErrors, r.responseErrors);
    // An empty record stays empty: no start time, no errors.
    QVERIFY(!stored[1].started.isValid());
    QVERIFY(!stored[1].hasErrors());
    QCOMPARE(toJson(buffer.latest(1).first().toJson()), toJson(stored[1].toJson()));
}

void tst_TraceBuffer::traceJson()
{
    TraceRecord r;
    r.id = 7;
    // Started in a +02:00 zone: the JSON is in UTC.
    r.started = QDateTime(QDate(2024, 5, 6), QTime(9, 8, 7, 65), QTimeZone(2 * 3600));
    r.durationUs = 12'345;
    r.client = u"127.0.0.1:5000"_s;
    r.method = "POST";
    r.target = "/items?x=1";
    r.requestHeaders = {{"content-type", "application/json"}, {"x-a", "1"}};
    r.requestBody = R"({"name":"a"})";
    r.requestBodyTruncated = true;
    r.operationId = u"createItem"_s;
    r.operationPointer = u"/paths/~1items/post"_s;
    r.requestErrors = parseJson(R"([{"type":"missing","loc":["body","price"],"msg":"Field required","input":{}}])");
    r.status = 422;
    r.responseHeaders = {{"content-type", "application/json"}};
    r.responseBody = "\x89PNG\r\n"_ba;
    r.latencyMs = 250;
    r.fault = u"slow-body"_s;
    r.proxied = true;

    const QByteArray expected =
        R"({"id":7,"started":"2024-05-06T07:08:07.065Z","duration_ms":12.345,"client":"127.0.0.1:5000",)"
        R"("request":{"method":"POST","target":"/items?x=1",)"
        R"("headers":[["content-type","application/json"],["x-a","1"]],"body":"{\"name\":\"a\"}",)"
        R"("body_truncated":true},)"
        R"("operation":{"id":"createItem","pointer":"/paths/~1items/post","rule":null},)"
        R"("errors":{"request":[{"type":"missing","loc":["body","price"],"msg":"Field required","input":{}}],)"
        R"("response":null},)"
        R"("response":{"status":422,"headers":[["content-type","application/json"]],)"
        R"("body":{"base64":"iVBORw0K"},"body_truncated":false},)"
        R"("latency_ms":250,"fault":"slow-body","proxied":true})";
    QCOMPARE(toJson(r.toJson()), expected);
    QVERIFY(r.hasErrors());

    // An empty record has the same keys (a stable shape), with nulls where nothing is known.
    const Json empty = TraceRecord().toJson();
    QCOMPARE(empty.toObject().size(), r.toJson().toObject().size());
    QVERIFY(empty[u"started"].isNull());
    QVERIFY(empty[u"operation"][u"id"].isNull());
    QCOMPARE(empty[u"request"][u"body"], Json(QString()));
    QVERIFY(!TraceRecord().hasErrors());
}

void tst_TraceBuffer::traceJsonBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("ASCII text") << "plain"_ba << R"("plain")"_ba;
    QTest::addRow("UTF-8 text") << "caf\xc3\xa9"_ba << "\"caf\xc3\xa9\""_ba;
    QTest::addRow("empty") << QByteArray() << R"("")"_ba;
    QTest::addRow("invalid UTF-8 is base64") << "\xff\xfe"_ba << R"({"base64":"//4="})"_ba;
    QTest::addRow("truncated sequence is base64") << "caf\xc3"_ba << R"({"base64":"Y2Fmww=="})"_ba;
    QTest::addRow("NUL is still text") << QByteArray("a\0b", 3) << R"("a\u0000b")"_ba;
}

void tst_TraceBuffer::traceJsonBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    TraceRecord r;
    r.requestBody = body;
    r.responseBody = body;
    const Json json = r.toJson();
    QCOMPARE(toJson(json[u"request"][u"body"]), expected);
    QCOMPARE(toJson(json[u"response"][u"body"]), expected);
}

QTEST_GUILESS_MAIN(tst_TraceBuffer)
#include "tst_tracebuffer.moc"
