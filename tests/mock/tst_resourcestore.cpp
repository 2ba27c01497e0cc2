// The json-server-like collections behind x-portico-resource: CRUD, the query language, key assignment, JSON Merge
// Patch, persistence and concurrent use.
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/resourcestore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <csignal>
#include <limits>

#include <sys/resource.h>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

Json json(const char *text)
{
    const Json value = parseJson(QByteArrayView(text));
    Q_ASSERT_X(!value.isNull() || qstrcmp(text, "null") == 0, "json", text);
    return value;
}

QList<qint64> idsOf(const JsonArray &records, QStringView key = u"id")
{
    QList<qint64> ids;
    for (const Json &record : records)
        ids.append(record[key].toInteger(-1));
    return ids;
}

QueryItems parseQuery(const QString &text)
{
    QueryItems items;
    for (const QString &pair : text.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        items.append(eq < 0 ? std::pair{pair, QString()} : std::pair{pair.left(eq), pair.mid(eq + 1)});
    }
    return items;
}

// Six pets covering the cases the query language cares about: ties, a missing field, nested objects, arrays,
// integers and doubles, upper and lower case.
const char *const Pets = R"([
    {"id": 1, "name": "Biscuit", "price": 450, "species": "dog", "pet": {"breed": "Corgi"},
     "tags": ["small", "fluffy"], "available": true},
    {"id": 2, "name": "Whiskers", "price": 90, "species": "cat", "pet": {"breed": "Siamese"}, "tags": ["small"],
     "available": false},
    {"id": 3, "name": "Goldie", "price": 9.5, "species": "fish", "pet": {"breed": "Comet"}, "available": true},
    {"id": 4, "name": "Rex", "price": 1000, "species": "dog", "pet": {"breed": "Boxer"}, "tags": [],
     "available": true},
    {"id": 5, "name": "biscuit junior", "species": "dog", "pet": {"breed": "Corgi"}, "available": false},
    {"id": 6, "name": "Tweety", "price": 90.0, "species": "bird", "note": "Sings at dawn"}
])";

} // namespace

class tst_ResourceStore : public QObject
{
    Q_OBJECT

private slots:
    void crud();
    void idTextMatching_data();
    void idTextMatching();
    void keyAssignment_data();
    void keyAssignment();
    void freedIdsAreNotReused();
    void seedOnlyFillsEmptyCollections();
    void list_data();
    void list();
    void mergePatch_data();
    void mergePatch();
    void patchKeepsKeyAndHonoursValidator();
    void hostileInput();
    void persistenceRoundTrip();
    void savesAreCoalesced();
    void unreadableDataFileIsNotOverwritten();
    void concurrentCreates();
    void journalHoldsWhatTheDataFileDoesNot();
    void journalReplayIsExact();
    void damagedJournal();
    void journalCompactsDuringASteadyLoad();
    void unwritableJournalRefusesTheChange();
};

void tst_ResourceStore::crud()
{
    ResourceStore store;
    QCOMPARE(store.seed(u"items"_s, u"id"_s, json(R"([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])").toArray()), 2);
    QCOMPARE(store.count(u"items"_s), 2);
    QCOMPARE(store.collectionNames(), QStringList{u"items"_s});

    // Read
    const auto one = store.get(u"items"_s, u"1");
    QVERIFY(one);
    QCOMPARE((*one)[u"name"].toString(), u"a"_s);
    QVERIFY(!store.get(u"items"_s, u"3"));
    QVERIFY(!store.get(u"nothing"_s, u"1"));

    // Create: the key goes first when the store assigns it; the record comes back as stored.
    const StoreResult created = store.create(u"items"_s, json(R"({"name": "c"})"), KeyKind::Integer);
    QVERIFY(created.ok());
    QCOMPARE(toJson(created.record), R"({"id":3,"name":"c"})");
    QVERIFY(store.get(u"items"_s, u"3")->identical(created.record));

    // Replace keeps the key whatever the body says, in the body's position.
    StoreResult replaced = store.replace(u"items"_s, u"3", json(R"({"name": "C", "id": 99, "extra": true})"));
    QVERIFY(replaced.ok());
    QCOMPARE(toJson(replaced.record), R"({"name":"C","id":3,"extra":true})");
    replaced = store.replace(u"items"_s, u"2", json(R"({"name": "B"})"));
    QCOMPARE(toJson(replaced.record), R"({"id":2,"name":"B"})");
    QCOMPARE(store.replace(u"items"_s, u"7", json(R"({"name": "x"})")).status, StoreStatus::NotFound);
    QCOMPARE(store.replace(u"nothing"_s, u"1", json(R"({"name": "x"})")).status, StoreStatus::NotFound);

    // Patch merges.
    const StoreResult patched = store.patch(u"items"_s, u"1", json(R"({"name": null, "price": 5})"));
    QVERIFY(patched.ok());
    QCOMPARE(toJson(patched.record), R"({"id":1,"price":5})");
    QCOMPARE(store.patch(u"items"_s, u"8", json("{}")).status, StoreStatus::NotFound);

    // Remove answers with the removed record, then 404s.
    const StoreResult removed = store.remove(u"items"_s, u"1");
    QVERIFY(removed.ok());
    QCOMPARE(toJson(removed.record), R"({"id":1,"price":5})");
    QCOMPARE(store.remove(u"items"_s, u"1").status, StoreStatus::NotFound);
    QCOMPARE(store.remove(u"nothing"_s, u"1").status, StoreStatus::NotFound);
    QCOMPARE(idsOf(store.list(u"items"_s).records), (QList<qint64>{2, 3}));

    // A collection that was never seeded is created by its first record.
    QVERIFY(store.create(u"fresh"_s, json(R"({"x": 1})")).ok());
    QCOMPARE(store.keyProperty(u"fresh"_s), u"id"_s);
    QCOMPARE(store.collectionNames(), (QStringList{u"items"_s, u"fresh"_s}));

    store.clear();
    QVERIFY(store.collectionNames().isEmpty());
    QCOMPARE(store.count(u"items"_s), 0);
}

void tst_ResourceStore::idTextMatching_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("idText");
    QTest::addColumn<bool>("matches");

    QTest::newRow("integer") << QByteArray("42") << u"42"_s << true;
    QTest::newRow("string digits") << QByteArray(R"("42")") << u"42"_s << true;
    QTest::newRow("integral double") << QByteArray("42.0") << u"42"_s << true;
    QTest::newRow("leading zero") << QByteArray("42") << u"042"_s << false;
    QTest::newRow("plus sign") << QByteArray("42") << u"+42"_s << false;
    QTest::newRow("space") << QByteArray("42") << u" 42"_s << false;
    QTest::newRow("string keeps zeros") << QByteArray(R"("042")") << u"042"_s << true;
    QTest::newRow("string is exact") << QByteArray(R"("042")") << u"42"_s << false;
    QTest::newRow("negative") << QByteArray("-7") << u"-7"_s << true;
    QTest::newRow("fraction") << QByteArray("1.5") << u"1.5"_s << true;
    QTest::newRow("case matters") << QByteArray(R"("Abc")") << u"abc"_s << false;
    QTest::newRow("uuid") << QByteArray(R"("3f2c0e9a-8c1b-4c9e-9d27-2f7f7c1e0b11")")
                          << u"3f2c0e9a-8c1b-4c9e-9d27-2f7f7c1e0b11"_s << true;
    QTest::newRow("int64 max") << QByteArray("9223372036854775807") << u"9223372036854775807"_s << true;
    QTest::newRow("beyond int64") << QByteArray("1e300") << u"1e300"_s << false;
    QTest::newRow("unicode") << QByteArray(R"("café")") << u"café"_s << true;
}

void tst_ResourceStore::idTextMatching()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, idText);
    QFETCH(bool, matches);

    ResourceStore store;
    const Json record = parseJson(QByteArray(R"({"id": )" + key + "}"));
    QVERIFY(record.isObject());
    store.seed(u"c"_s, u"id"_s, {record});
    QCOMPARE(bool(store.get(u"c"_s, idText)), matches);
    QCOMPARE(store.patch(u"c"_s, idText, json("{}")).ok(), matches);
    QCOMPARE(store.remove(u"c"_s, idText).ok(), matches);
}

void tst_ResourceStore::keyAssignment_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("seed");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("expectedKey"); // JSON; "uuid" for a fresh UUID

    const int integer = int(KeyKind::Integer);
    const int uuid = int(KeyKind::Uuid);
    const int string = int(KeyKind::String);
    const int ok = int(StoreStatus::Ok);
    const int conflict = int(StoreStatus::Conflict);
    const int invalid = int(StoreStatus::Invalid);

    QTest::newRow("integer, empty") << u"id"_s << QByteArray("[]") << integer << QByteArray("{}") << ok
                                    << QByteArray("1");
    QTest::newRow("integer, max + 1") << u"id"_s << QByteArray(R"([{"id": 5}, {"id": 2}])") << integer
                                      << QByteArray("{}") << ok << QByteArray("6");
    QTest::newRow("integer, doubles count") << u"id"_s << QByteArray(R"([{"id": 7.0}])") << integer
                                            << QByteArray("{}") << ok << QByteArray("8");
    QTest::newRow("integer, digit strings count") << u"id"_s << QByteArray(R"([{"id": "12"}])") << integer
                                                  << QByteArray("{}") << ok << QByteArray("13");
    QTest::newRow("integer, negatives ignored") << u"id"_s << QByteArray(R"([{"id": -9}])") << integer
                                                << QByteArray("{}") << ok << QByteArray("1");
    QTest::newRow("integer, null key assigned") << u"id"_s << QByteArray(R"([{"id": 1}])") << integer
                                                << QByteArray(R"({"id": null})") << ok << QByteArray("2");
    QTest::newRow("integer, exhausted") << u"id"_s << QByteArray(R"([{"id": 9223372036854775807}])") << integer
                                        << QByteArray("{}") << conflict << QByteArray();
    QTest::newRow("string counter") << u"id"_s << QByteArray(R"([{"id": "a"}, {"id": "b"}])") << string
                                    << QByteArray("{}") << ok << QByteArray(R"("1")");
    QTest::newRow("string counter skips used") << u"id"_s << QByteArray(R"([{"id": "1"}, {"id": "7"}])")
                                               << string << QByteArray("{}") << ok << QByteArray(R"("8")");
    QTest::newRow("uuid") << u"id"_s << QByteArray("[]") << uuid << QByteArray("{}") << ok << QByteArray("uuid");
    QTest::newRow("custom key") << u"sku"_s << QByteArray(R"([{"sku": 10, "id": "x"}])") << integer
                                << QByteArray(R"({"name": "n"})") << ok << QByteArray("11");
    QTest::newRow("given key kept") << u"id"_s << QByteArray(R"([{"id": 1}])") << integer
                                    << QByteArray(R"({"id": 50})") << ok << QByteArray("50");
    QTest::newRow("given string key kept") << u"id"_s << QByteArray("[]") << uuid
                                           << QByteArray(R"({"id": "mine"})") << ok << QByteArray(R"("mine")");
    QTest::newRow("duplicate key") << u"id"_s << QByteArray(R"([{"id": 1}])") << integer
                                   << QByteArray(R"({"id": 1})") << conflict << QByteArray();
    QTest::newRow("duplicate across types") << u"id"_s << QByteArray(R"([{"id": 42}])") << string
                                            << QByteArray(R"({"id": "42"})") << conflict << QByteArray();
    QTest::newRow("object key") << u"id"_s << QByteArray("[]") << integer << QByteArray(R"({"id": {"a": 1}})")
                                << invalid << QByteArray();
    QTest::newRow("boolean key") << u"id"_s << QByteArray("[]") << integer << QByteArray(R"({"id": true})")
                                 << invalid << QByteArray();
    QTest::newRow("not an object") << u"id"_s << QByteArray("[]") << integer << QByteArray("[1, 2]") << invalid
                                   << QByteArray();
}

void tst_ResourceStore::keyAssignment()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, seed);
    QFETCH(int, kind);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, expectedKey);

    ResourceStore store;
    store.seed(u"c"_s, key, parseJson(seed).toArray());
    const qsizetype before = store.count(u"c"_s);
    const StoreResult result = store.create(u"c"_s, parseJson(body), KeyKind(kind));
    QCOMPARE(int(result.status), status);
    if (status != int(StoreStatus::Ok)) {
        QVERIFY(!result.message.isEmpty());
        QCOMPARE(store.count(u"c"_s), before);
        return;
    }
    QCOMPARE(store.count(u"c"_s), before + 1);
    const Json &assigned = result.record[key];
    if (expectedKey == "uuid") {
        QVERIFY(assigned.isString());
        const QUuid parsed(assigned.toString());
        QVERIFY(!parsed.isNull());
        QCOMPARE(parsed.version(), QUuid::Random);
        QCOMPARE(assigned.toString().size(), 36); // no braces
    } else {
        QVERIFY2(assigned.identical(parseJson(expectedKey)), toJson(assigned).constData());
    }
    QVERIFY(store.get(u"c"_s, ResourceStore::textOf(assigned)));
}

void tst_ResourceStore::freedIdsAreNotReused()
{
    ResourceStore store;
    store.seed(u"c"_s, u"id"_s, json(R"([{"id": 1}, {"id": 2}])").toArray());
    QVERIFY(store.remove(u"c"_s, u"2").ok());
    // A client that still holds /c/2 must not reach a different record.
    QCOMPARE(store.create(u"c"_s, json("{}")).record[u"id"].toInteger(), 3);
}

void tst_ResourceStore::seedOnlyFillsEmptyCollections()
{
    ResourceStore store;
    QCOMPARE(store.seed(u"c"_s, u"id"_s, json(R"([{"id": 1}])").toArray()), 1);
    QCOMPARE(store.seed(u"c"_s, u"id"_s, json(R"([{"id": 7}, {"id": 8}])").toArray()), 0);
    QCOMPARE(idsOf(store.list(u"c"_s).records), QList<qint64>{1});
    // An empty collection is filled, and a later seed may rename the key property.
    QCOMPARE(store.seed(u"d"_s, u"id"_s, {}), 0);
    QCOMPARE(store.seed(u"d"_s, u"code"_s, json(R"([{"code": 4}])").toArray()), 1);
    QCOMPARE(store.keyProperty(u"d"_s), u"code"_s);
    QVERIFY(store.get(u"d"_s, u"4"));
    QCOMPARE(store.create(u"d"_s, json("{}")).record[u"code"].toInteger(), 5);
}

void tst_ResourceStore::list_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<qint64>>("ids");
    QTest::addColumn<qsizetype>("total");

    using L = QList<qint64>;
    const L all{1, 2, 3, 4, 5, 6};
    QTest::newRow("everything") << u""_s << all << qsizetype(6);

    // Paging
    QTest::newRow("_page 1") << u"_page=1&_limit=2"_s << L{1, 2} << qsizetype(6);
    QTest::newRow("_page 3") << u"_page=3&_limit=2"_s << L{5, 6} << qsizetype(6);
    QTest::newRow("_page past the end") << u"_page=4&_limit=2"_s << L{} << qsizetype(6);
    QTest::newRow("_page alone pages by 10") << u"_page=1"_s << all << qsizetype(6);
    QTest::newRow("_page 0 is page 1") << u"_page=0&_limit=2"_s << L{1, 2} << qsizetype(6);
    QTest::newRow("_start _end") << u"_start=1&_end=3"_s << L{2, 3} << qsizetype(6);
    QTest::newRow("_start _limit") << u"_start=4&_limit=5"_s << L{5, 6} << qsizetype(6);
    QTest::newRow("_limit") << u"_limit=2"_s << L{1, 2} << qsizetype(6);
    QTest::newRow("limit offset") << u"limit=2&offset=2"_s << L{3, 4} << qsizetype(6);
    QTest::newRow("offset") << u"offset=5"_s << L{6} << qsizetype(6);
    QTest::newRow("limit 0") << u"limit=0"_s << L{} << qsizetype(6);
    QTest::newRow("_limit wins over limit") << u"limit=1&_limit=3"_s << L{1, 2, 3} << qsizetype(6);

    // Sorting: numbers numerically (lexically 1000 < 450 < 9.5 < 90), ties stable, missing last either way.
    QTest::newRow("_sort") << u"_sort=price"_s << L{3, 2, 6, 1, 4, 5} << qsizetype(6);
    QTest::newRow("_sort -field") << u"_sort=-price"_s << L{4, 1, 2, 6, 3, 5} << qsizetype(6);
    QTest::newRow("_order desc") << u"_sort=price&_order=desc"_s << L{4, 1, 2, 6, 3, 5} << qsizetype(6);
    QTest::newRow("_order DESC") << u"_sort=price&_order=DESC"_s << L{4, 1, 2, 6, 3, 5} << qsizetype(6);
    QTest::newRow("two fields") << u"_sort=price,-id"_s << L{3, 6, 2, 1, 4, 5} << qsizetype(6);
    QTest::newRow("two fields, _order list") << u"_sort=species,price&_order=asc,desc"_s << L{6, 2, 4, 1, 5, 3}
                                             << qsizetype(6);
    QTest::newRow("strings by code unit") << u"_sort=name"_s << L{1, 3, 4, 6, 2, 5} << qsizetype(6);
    QTest::newRow("nested field") << u"_sort=pet.breed"_s << L{4, 3, 1, 5, 2, 6} << qsizetype(6);
    QTest::newRow("unknown sort field") << u"_sort=nosuch"_s << all << qsizetype(6);
    QTest::newRow("empty sort") << u"_sort="_s << all << qsizetype(6);

    // Filters
    QTest::newRow("equality") << u"species=dog"_s << L{1, 4, 5} << qsizetype(3);
    QTest::newRow("repeated key is OR") << u"species=dog&species=cat"_s << L{1, 2, 4, 5} << qsizetype(4);
    QTest::newRow("different keys are AND") << u"species=dog&available=true"_s << L{1, 4} << qsizetype(2);
    QTest::newRow("nested") << u"pet.breed=Corgi"_s << L{1, 5} << qsizetype(2);
    QTest::newRow("number as number") << u"price=450.0"_s << L{1} << qsizetype(1);
    QTest::newRow("integer matches double") << u"price=90"_s << L{2, 6} << qsizetype(2);
    QTest::newRow("fraction") << u"price=9.5"_s << L{3} << qsizetype(1);
    QTest::newRow("array contains") << u"tags=small"_s << L{1, 2} << qsizetype(2);
    QTest::newRow("equality is case-sensitive") << u"species=Dog"_s << L{} << qsizetype(0);
    QTest::newRow("_ne") << u"species_ne=dog"_s << L{2, 3, 6} << qsizetype(3);
    QTest::newRow("repeated _ne excludes all") << u"species_ne=dog&species_ne=cat"_s << L{3, 6} << qsizetype(2);
    QTest::newRow("_ne keeps missing") << u"price_ne=90"_s << L{1, 3, 4, 5} << qsizetype(4);
    QTest::newRow("_like") << u"name_like=BISC"_s << L{1, 5} << qsizetype(2);
    QTest::newRow("repeated _like is OR") << u"name_like=bisc&name_like=rex"_s << L{1, 4, 5} << qsizetype(3);
    QTest::newRow("_like is not a regex") << u"name_like=B.*t"_s << L{} << qsizetype(0);
    QTest::newRow("range") << u"price_gte=90&price_lte=450"_s << L{1, 2, 6} << qsizetype(3);
    QTest::newRow("_gt") << u"price_gt=90"_s << L{1, 4} << qsizetype(2);
    QTest::newRow("_lt") << u"price_lt=90"_s << L{3} << qsizetype(1);
    QTest::newRow("q nested") << u"q=corgi"_s << L{1, 5} << qsizetype(2);
    QTest::newRow("q case-insensitive") << u"q=DAWN"_s << L{6} << qsizetype(1);
    QTest::newRow("q in arrays") << u"q=small"_s << L{1, 2} << qsizetype(2);
    QTest::newRow("q skips numbers") << u"q=450"_s << L{} << qsizetype(0);
    QTest::newRow("empty q") << u"q="_s << all << qsizetype(6);
    QTest::newRow("API parameters ignored") << u"include=owner&format=full&_embed=x"_s << all << qsizetype(6);
    QTest::newRow("operator on unknown field ignored") << u"colour_ne=red"_s << all << qsizetype(6);
    QTest::newRow("no match") << u"species=unicorn"_s << L{} << qsizetype(0);
    QTest::newRow("filter, sort and page") << u"species=dog&_sort=-id&_page=1&_limit=2"_s << L{5, 4} << qsizetype(3);

    // Hostile numbers clamp instead of overflowing or crashing.
    QTest::newRow("negative page and limit") << u"_page=-5&_limit=-1"_s << all << qsizetype(6);
    QTest::newRow("non-numeric limit") << u"_limit=abc"_s << all << qsizetype(6);
    QTest::newRow("limit beyond int64") << u"_limit=99999999999999999999"_s << all << qsizetype(6);
    QTest::newRow("huge page") << u"_page=9223372036854775807&_limit=9223372036854775807"_s << L{} << qsizetype(6);
    QTest::newRow("huge start and limit") << u"_start=9223372036854775807&_limit=9223372036854775807"_s << L{}
                                          << qsizetype(6);
    QTest::newRow("huge limit") << u"_start=2&_limit=9223372036854775807"_s << L{3, 4, 5, 6} << qsizetype(6);
    QTest::newRow("negative start") << u"_start=-3&_end=2"_s << L{1, 2} << qsizetype(6);
    QTest::newRow("negative end") << u"_end=-1"_s << L{} << qsizetype(6);
    QTest::newRow("end before start") << u"_start=4&_end=2"_s << L{} << qsizetype(6);
}

void tst_ResourceStore::list()
{
    QFETCH(QString, query);
    QFETCH(QList<qint64>, ids);
    QFETCH(qsizetype, total);

    ResourceStore store;
    store.seed(u"pets"_s, u"id"_s, json(Pets).toArray());
    const ListResult result = store.list(u"pets"_s, parseQuery(query));
    QCOMPARE(idsOf(result.records), ids);
    QCOMPARE(result.total, total);
}

void tst_ResourceStore::mergePatch_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("result");

    // RFC 7386, Appendix A, in order.
    QTest::newRow("A.1") << QByteArray(R"({"a":"b"})") << QByteArray(R"({"a":"c"})") << QByteArray(R"({"a":"c"})");
    QTest::newRow("A.2") << QByteArray(R"({"a":"b"})") << QByteArray(R"({"b":"c"})")
                         << QByteArray(R"({"a":"b","b":"c"})");
    QTest::newRow("A.3") << QByteArray(R"({"a":"b"})") << QByteArray(R"({"a":null})") << QByteArray("{}");
    QTest::newRow("A.4") << QByteArray(R"({"a":"b","b":"c"})") << QByteArray(R"({"a":null})")
                         << QByteArray(R"({"b":"c"})");
    QTest::newRow("A.5") << QByteArray(R"({"a":["b"]})") << QByteArray(R"({"a":"c"})") << QByteArray(R"({"a":"c"})");
    QTest::newRow("A.6") << QByteArray(R"({"a":"c"})") << QByteArray(R"({"a":["b"]})")
                         << QByteArray(R"({"a":["b"]})");
    QTest::newRow("A.7") << QByteArray(R"({"a":{"b":"c"}})") << QByteArray(R"({"a":{"b":"d","c":null}})")
                         << QByteArray(R"({"a":{"b":"d"}})");
    QTest::newRow("A.8") << QByteArray(R"({"a":[{"b":"c"}]})") << QByteArray(R"({"a":[1]})")
                         << QByteArray(R"({"a":[1]})");
    QTest::newRow("A.9") << QByteArray(R"(["a","b"])") << QByteArray(R"(["c","d"])") << QByteArray(R"(["c","d"])");
    QTest::newRow("A.10") << QByteArray(R"({"a":"b"})") << QByteArray(R"(["c"])") << QByteArray(R"(["c"])");
    QTest::newRow("A.11") << QByteArray(R"({"a":"foo"})") << QByteArray("null") << QByteArray("null");
    QTest::newRow("A.12") << QByteArray(R"({"a":"foo"})") << QByteArray(R"("bar")") << QByteArray(R"("bar")");
    QTest::newRow("A.13") << QByteArray(R"({"e":null})") << QByteArray(R"({"a":1})")
                          << QByteArray(R"({"e":null,"a":1})");
    QTest::newRow("A.14") << QByteArray("[1,2]") << QByteArray(R"({"a":"b","c":null})")
                          << QByteArray(R"({"a":"b"})");
    QTest::newRow("A.15") << QByteArray("{}") << QByteArray(R"({"a":{"bb":{"ccc":null}}})")
                          << QByteArray(R"({"a":{"bb":{}}})");
    // Beyond the appendix: member order is kept, and the target is not modified through shared storage.
    QTest::newRow("order kept") << QByteArray(R"({"z":1,"a":2,"m":3})") << QByteArray(R"({"a":20,"n":4})")
                                << QByteArray(R"({"z":1,"a":20,"m":3,"n":4})");
}

void tst_ResourceStore::mergePatch()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, result);

    const Json original = parseJson(target);
    const Json merged = ResourceStore::mergePatch(original, parseJson(patch));
    QCOMPARE(toJson(merged), result);
    QCOMPARE(toJson(original), toJson(parseJson(target))); // copy-on-write: the input is untouched
}

void tst_ResourceStore::patchKeepsKeyAndHonoursValidator()
{
    ResourceStore store;
    store.seed(u"c"_s, u"id"_s, json(R"([{"name": "a", "id": 1, "n": 1}])").toArray());

    // Changing or nulling the key does not move the record.
    StoreResult r = store.patch(u"c"_s, u"1", json(R"({"id": 5, "n": 2})"));
    QVERIFY(r.ok());
    QCOMPARE(toJson(r.record), R"({"name":"a","id":1,"n":2})");
    r = store.patch(u"c"_s, u"1", json(R"({"id": null})"));
    QVERIFY(r.ok());
    QCOMPARE(toJson(r.record), R"({"name":"a","id":1,"n":2})");
    QVERIFY(!store.get(u"c"_s, u"5"));

    // The validator sees the merged record; refusing it leaves the stored one as it was.
    Json seen;
    r = store.patch(u"c"_s, u"1", json(R"({"n": "text"})"), [&](const Json &merged) {
        seen = merged;
        return merged[u"n"].isInteger();
    });
    QCOMPARE(r.status, StoreStatus::Rejected);
    QCOMPARE(toJson(seen), R"({"name":"a","id":1,"n":"text"})");
    QCOMPARE(toJson(r.record), toJson(seen));
    QCOMPARE(toJson(*store.get(u"c"_s, u"1")), R"({"name":"a","id":1,"n":2})");
    r = store.patch(u"c"_s, u"1", json(R"({"n": 3})"), [](const Json &merged) { return merged[u"n"].isInteger(); });
    QVERIFY(r.ok());
    QCOMPARE((*store.get(u"c"_s, u"1"))[u"n"].toInteger(), 3);

    // A patch that is not an object would replace the record with a non-object (RFC 7386): refused.
    QCOMPARE(store.patch(u"c"_s, u"1", json("[1]")).status, StoreStatus::Invalid);
    QCOMPARE(store.patch(u"c"_s, u"1", json("null")).status, StoreStatus::Invalid);
    QCOMPARE(toJson(*store.get(u"c"_s, u"1")), R"({"name":"a","id":1,"n":3})");
}

void tst_ResourceStore::hostileInput()
{
    ResourceStore store;
    // Non-objects are skipped; records without a key are listed but cannot be addressed.
    QCOMPARE(store.seed(u"c"_s, u"id"_s, json(R"([1, "x", null, [], {"name": "keyless"}, {"id": 1e300}])").toArray()),
             2);
    QCOMPARE(store.list(u"c"_s).total, 2);
    QVERIFY(!store.get(u"c"_s, u""));
    QVERIFY(!store.get(u"c"_s, u"null"));
    // 1e300 is not an integer key, so the next integer is still 1.
    QCOMPARE(store.create(u"c"_s, json("{}")).record[u"id"].toInteger(), 1);

    QCOMPARE(store.create(u"c"_s, Json()).status, StoreStatus::Invalid);
    QCOMPARE(store.create(u"c"_s, Json(u"text"_s)).status, StoreStatus::Invalid);
    QCOMPARE(store.replace(u"c"_s, u"1", Json(qint64(5))).status, StoreStatus::Invalid);
    QCOMPARE(store.count(u"c"_s), 3);

    // Unknown collections and odd ids simply find nothing.
    QCOMPARE(store.list(u"nothing"_s, parseQuery(u"_page=2"_s)).total, 0);
    QVERIFY(!store.get(u"c"_s, u"99999999999999999999999"));
    QVERIFY(!store.get(u"c"_s, u"-"));
    QVERIFY(!store.get(u"c"_s, QStringView()));

    // Sorting and filtering across mixed types is deterministic: numbers, strings, booleans, arrays, objects, null,
    // then missing.
    ResourceStore mixed;
    mixed.seed(u"m"_s, u"id"_s,
               json(R"([{"id": 1, "v": "b"}, {"id": 2, "v": null}, {"id": 3}, {"id": 4, "v": {"x": 1}},
                        {"id": 5, "v": [1]}, {"id": 6, "v": true}, {"id": 7, "v": 2.5}, {"id": 8, "v": -1}])")
                   .toArray());
    QCOMPARE(idsOf(mixed.list(u"m"_s, parseQuery(u"_sort=v"_s)).records), (QList<qint64>{8, 7, 1, 6, 5, 4, 2, 3}));
    QCOMPARE(idsOf(mixed.list(u"m"_s, parseQuery(u"v=null"_s)).records), (QList<qint64>{2}));
    QCOMPARE(idsOf(mixed.list(u"m"_s, parseQuery(u"v=true"_s)).records), (QList<qint64>{6}));
    QCOMPARE(idsOf(mixed.list(u"m"_s, parseQuery(u"v.x=1"_s)).records), (QList<qint64>{4}));
    QCOMPARE(idsOf(mixed.list(u"m"_s, parseQuery(u"v.0=1"_s)).records), (QList<qint64>{5}));
    QCOMPARE(idsOf(mixed.list(u"m"_s, parseQuery(u"v_gte=a&v_lt=c"_s)).records), (QList<qint64>{1}));

    // Deep nesting in a record searched by q does not exhaust the stack.
    QByteArray deep;
    for (int i = 0; i < 200; ++i)
        deep += "{\"a\":";
    deep += "\"needle\"";
    deep += QByteArray(200, '}');
    ResourceStore nested;
    nested.seed(u"n"_s, u"id"_s, {parseJson(QByteArray("{\"id\": 1, \"deep\": " + deep + "}"))});
    QCOMPARE(nested.list(u"n"_s, parseQuery(u"q=NEEDLE"_s)).total, 1);
}

void tst_ResourceStore::persistenceRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    const char *const pets = R"([{"id": 1, "zeta": "last key first", "alpha": {"z": 1, "a": [1.0, "x"]}}])";
    {
        ResourceStore store;
        QVERIFY(store.setDataFile(path).ok()); // absent: nothing to load yet
        QCOMPARE(store.dataFile(), path);
        store.seed(u"pets"_s, u"id"_s, json(pets).toArray());
        store.seed(u"orders"_s, u"code"_s, {});
        QVERIFY(store.create(u"pets"_s, json(R"({"name": "Rex", "price": 12.50})")).ok());
        QVERIFY(store.create(u"orders"_s, json(R"({"item": 2})"), KeyKind::String).ok());
        QVERIFY(store.flush().ok());
        QVERIFY(QFile::exists(path));
        const int saves = store.saveCount();
        QVERIFY(store.flush().ok()); // nothing changed since: no write
        QCOMPARE(store.saveCount(), saves);
        QVERIFY(store.remove(u"pets"_s, u"1").ok());
        QVERIFY(store.create(u"pets"_s, json(R"({"id": 1, "zeta": "back", "alpha": null})")).ok());
    } // the destructor flushes what changed after the last flush

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Json saved = parseJson(file.readAll());
    QCOMPARE(toJson(saved), QByteArray(R"({"pets":[{"id":2,"name":"Rex","price":12.5},)"
                                       R"({"id":1,"zeta":"back","alpha":null}],"orders":[{"code":"1","item":2}]})"));

    ResourceStore reloaded;
    QVERIFY(reloaded.setDataFile(path).ok());
    QCOMPARE(reloaded.collectionNames(), (QStringList{u"pets"_s, u"orders"_s}));
    // Seeding after loading declares the key but keeps the loaded records.
    QCOMPARE(reloaded.seed(u"pets"_s, u"id"_s, json(pets).toArray()), 0);
    QCOMPARE(reloaded.seed(u"orders"_s, u"code"_s, {}), 0);
    QVERIFY(reloaded.list(u"pets"_s).records[1].identical(json(R"({"id":1,"zeta":"back","alpha":null})")));
    QVERIFY(reloaded.get(u"orders"_s, u"1"));
    QCOMPARE(reloaded.create(u"pets"_s, json("{}")).record[u"id"].toInteger(), 3);
    QCOMPARE(reloaded.create(u"orders"_s, json("{}"), KeyKind::String).record[u"code"].toString(), u"2"_s);
    QCOMPARE(reloaded.saveCount(), 0); // loading alone writes nothing

    // A YAML data file (as x-portico.data may name) loads too.
    const QString yamlPath = dir.filePath(u"data.yaml"_s);
    QFile yaml(yamlPath);
    QVERIFY(yaml.open(QIODevice::WriteOnly));
    yaml.write("items:\n  - {id: 1, name: Biscuit}\n  - {id: 2, name: Rex}\nnot-a-collection: 3\n");
    yaml.close();
    ResourceStore fromYaml;
    QVERIFY(fromYaml.setDataFile(yamlPath).ok());
    QCOMPARE(idsOf(fromYaml.list(u"items"_s).records), (QList<qint64>{1, 2}));
}

void tst_ResourceStore::savesAreCoalesced()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    ResourceStore store;
    store.setSaveDelay(100);
    store.seed(u"c"_s, u"id"_s, {});
    QVERIFY(store.setDataFile(path).ok());
    QTRY_COMPARE(store.saveCount(), 1); // the file is created
    QSignalSpy failures(&store, &ResourceStore::saveFailed);

    for (int i = 0; i < 500; ++i)
        QVERIFY(store.create(u"c"_s, json(R"({"n": 1})")).ok());
    QCOMPARE(store.saveCount(), 1); // nothing written while the burst runs
    QTRY_COMPARE(store.saveCount(), 2);
    QTest::qWait(250);
    QCOMPARE(store.saveCount(), 2); // one write for the whole burst
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(parseJson(file.readAll())[u"c"].toArray().size(), size_t(500));
    file.close();
    QVERIFY(failures.isEmpty());

    // A failed deferred save is reported, and retried with the next change once the cause is gone.
    QVERIFY(QFile::remove(path));
    QVERIFY(QDir(dir.path()).mkdir(u"data.json"_s)); // a directory where the file should be
    QVERIFY(store.remove(u"c"_s, u"1").ok());
    QTRY_COMPARE(failures.size(), 1);
    QVERIFY(QDir(dir.path()).rmdir(u"data.json"_s));
    QVERIFY(store.remove(u"c"_s, u"2").ok());
    QTRY_COMPARE(store.saveCount(), 3);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(parseJson(file.readAll())[u"c"].toArray().size(), size_t(498));
}

void tst_ResourceStore::unreadableDataFileIsNotOverwritten()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    const QByteArray broken = "{\"items\": [ {\"id\": 1,, ]";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(broken);
    }
    {
        ResourceStore store;
        const auto attached = store.setDataFile(path);
        QVERIFY(!attached.ok());
        QCOMPARE(attached.error().location.file, path);
        QVERIFY(store.dataFile().isEmpty());
        QVERIFY(store.create(u"items"_s, json("{}")).ok());
        QVERIFY(store.flush().ok());
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), broken);

    // Valid JSON of the wrong shape is refused the same way.
    const QString arrayPath = dir.filePath(u"array.json"_s);
    QFile arrayFile(arrayPath);
    QVERIFY(arrayFile.open(QIODevice::WriteOnly));
    arrayFile.write("[1, 2]");
    arrayFile.close();
    ResourceStore store;
    QVERIFY(!store.setDataFile(arrayPath).ok());

    // A file that is not there yet is created at the first save, but its folder has to exist: refused up front
    // rather than failing in a background save.
    const QString orphan = dir.filePath(u"missing/data.json"_s);
    const auto attached = store.setDataFile(orphan);
    QVERIFY(!attached.ok());
    QVERIFY2(attached.error().message.contains(u"does not exist"_s), qPrintable(attached.error().message));
    QCOMPARE(attached.error().location.file, orphan);
    QVERIFY(store.dataFile().isEmpty());
}

void tst_ResourceStore::concurrentCreates()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    constexpr int Threads = 8;
    constexpr int PerThread = 250;

    ResourceStore store;
    store.setSaveDelay(5); // save often, so saves race with the writers too
    QVERIFY(store.setDataFile(path).ok());
    store.seed(u"ints"_s, u"id"_s, {});
    store.seed(u"strings"_s, u"id"_s, {});
    store.seed(u"uuids"_s, u"id"_s, {});

    std::atomic<bool> failed = false;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back(QThread::create([&store, &failed, t] {
            for (int i = 0; i < PerThread; ++i) {
                const Json body(JsonObject{{u"thread"_s, Json(t)}, {u"i"_s, Json(i)}});
                if (!store.create(u"ints"_s, body, KeyKind::Integer).ok()
                    || !store.create(u"strings"_s, body, KeyKind::String).ok()
                    || !store.create(u"uuids"_s, body, KeyKind::Uuid).ok())
                    failed = true;
                // Readers and patchers interleave with the writers.
                if (i % 10 == 0) {
                    const ListResult page = store.list(u"ints"_s, parseQuery(u"_sort=-id&_limit=5&thread=3"_s));
                    if (page.records.size() > 5)
                        failed = true;
                    (void)store.patch(u"ints"_s, u"1", Json(JsonObject{{u"touched"_s, Json(t)}}));
                }
            }
        }));
    }
    for (auto &thread : threads)
        thread->start();
    // Keep this thread's event loop turning meanwhile: the deferred saves run here, racing with the writers.
    const auto allFinished = [&threads] {
        return std::all_of(threads.cbegin(), threads.cend(), [](const auto &t) { return t->isFinished(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(), 120000);
    for (auto &thread : threads)
        QVERIFY(thread->wait(60000));
    QVERIFY(!failed);

    for (const QString &name : {u"ints"_s, u"strings"_s, u"uuids"_s}) {
        const JsonArray records = store.list(name).records;
        QCOMPARE(records.size(), size_t(Threads * PerThread));
        QSet<QString> keys;
        for (const Json &record : records)
            keys.insert(ResourceStore::textOf(record[u"id"]));
        QCOMPARE(keys.size(), Threads * PerThread); // nothing lost, nothing duplicated
        if (name != u"uuids") {
            for (int id = 1; id <= Threads * PerThread; ++id)
                QVERIFY2(keys.contains(QString::number(id)), qPrintable(name));
        }
    }
    QVERIFY(store.list(u"ints"_s).records[0][u"touched"].isInteger());

    // The deferred saves caught up with everything.
    QVERIFY(store.flush().ok());
    ResourceStore reloaded;
    QVERIFY(reloaded.setDataFile(path).ok());
    QCOMPARE(reloaded.count(u"ints"_s), Threads * PerThread);
    QCOMPARE(reloaded.count(u"uuids"_s), Threads * PerThread);
}

namespace {

// The data file and its journal as they are on disk right now, copied to `to`: what a restart after a kill -9 at
// this moment would find.
QString copyAsIfKilled(const QString &dataFile, const QTemporaryDir &to)
{
    const QString copy = to.filePath(u"data.json"_s);
    QFile::remove(copy);
    QFile::remove(copy + u".journal"_s);
    if (QFile::exists(dataFile))
        QFile::copy(dataFile, copy);
    if (QFile::exists(dataFile + u".journal"_s))
        QFile::copy(dataFile + u".journal"_s, copy + u".journal"_s);
    return copy;
}

QByteArray everything(const ResourceStore &store)
{
    QByteArray out;
    for (const QString &name : store.collectionNames())
        out += name.toUtf8() + ": " + toJson(Json(store.list(name).records)) + '\n';
    return out;
}

} // namespace

// Issue 20, item 10: every kill -9 lost the changes acknowledged since the last debounced save. A change is now
// in the journal before create() returns, long before the data file is rewritten.
void tst_ResourceStore::journalHoldsWhatTheDataFileDoesNot()
{
    QTemporaryDir dir, killed;
    QVERIFY(dir.isValid() && killed.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    ResourceStore store;
    store.setSaveDelay(60000); // the data file is not rewritten during this test
    QVERIFY(store.setDataFile(path).ok());
    store.seed(u"pets"_s, u"id"_s, {json(R"({"id": 1, "name": "Seeded"})")});
    QVERIFY(store.create(u"pets"_s, json(R"({"name": "Rex"})")).ok());
    QVERIFY(!QFile::exists(path));

    ResourceStore restarted;
    QVERIFY(restarted.setDataFile(copyAsIfKilled(path, killed)).ok());
    QCOMPARE(everything(restarted), everything(store));
    QCOMPARE(restarted.keyProperty(u"pets"_s), u"id"_s);
    QCOMPARE(restarted.create(u"pets"_s, json("{}")).record[u"id"].toInteger(), 3); // keys go on where they were

    // A clean stop writes the data file and leaves no journal behind.
    QVERIFY(store.remove(u"pets"_s, u"1").ok());
    const QByteArray before = everything(store);
    QVERIFY(store.flush().ok());
    QCOMPARE(QFileInfo(path + u".journal"_s).size(), 0);
    {
        ResourceStore reloaded;
        QVERIFY(reloaded.setDataFile(path).ok());
        QCOMPARE(everything(reloaded), before);
    }
    QVERIFY(!QFile::exists(path + u".journal"_s));
}

// Every kind of change, over records loaded from the data file, replays to exactly what the store held: order,
// keys (integer, string, a key property other than "id") and contents.
void tst_ResourceStore::journalReplayIsExact()
{
    QTemporaryDir dir, killed;
    QVERIFY(dir.isValid() && killed.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"pets": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}, {"id": "3", "name": "C"}],
                       "orders": [{"code": "x", "n": 1}]})");
    }
    ResourceStore store;
    store.setSaveDelay(60000);
    QVERIFY(store.setDataFile(path).ok());
    store.seed(u"orders"_s, u"code"_s, {});
    QVERIFY(store.remove(u"pets"_s, u"2").ok());
    QVERIFY(store.replace(u"pets"_s, u"1", json(R"({"name": "A2", "tags": ["x\ny"]})")).ok());
    QVERIFY(store.patch(u"pets"_s, u"3", json(R"({"name": null, "age": 4})")).ok());
    QVERIFY(store.create(u"pets"_s, json(R"({"id": 2, "name": "B again"})")).ok());
    QVERIFY(store.create(u"orders"_s, json(R"({"n": 2})"), KeyKind::String).ok());
    QVERIFY(store.remove(u"orders"_s, u"x").ok());
    QVERIFY(store.create(u"fresh"_s, json(R"({"v": "new collection"})")).ok());
    for (int i = 0; i < 50; ++i)
        QVERIFY(store.patch(u"pets"_s, u"2", Json(JsonObject{{u"n"_s, Json(i)}})).ok());

    ResourceStore restarted;
    QVERIFY(restarted.setDataFile(copyAsIfKilled(path, killed)).ok());
    QCOMPARE(everything(restarted), everything(store));
    QCOMPARE(restarted.keyProperty(u"orders"_s), u"code"_s);

    // The restart rewrites the data file with what the journal added, and empties the journal.
    QVERIFY(restarted.flush().ok());
    QCOMPARE(QFileInfo(killed.filePath(u"data.json.journal"_s)).size(), 0);
    ResourceStore third;
    QVERIFY(third.setDataFile(killed.filePath(u"data.json"_s)).ok());
    QCOMPARE(everything(third), everything(store));
}

void tst_ResourceStore::damagedJournal()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    const QByteArray data = R"({"pets": [{"id": 1}]})";
    const QByteArray put = DataJournal::putEntry(u"pets"_s, u"id"_s, json(R"({"id": 2})"));
    const auto write = [](const QString &file, const QByteArray &bytes) {
        QFile f(file);
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    };
    QVERIFY(write(path, data));

    // A line cut short by a crash is a write nobody was told succeeded: ignored.
    QVERIFY(write(path + u".journal"_s, put + put.left(put.size() / 2)));
    {
        ResourceStore store;
        QVERIFY(store.setDataFile(path).ok());
        QCOMPARE(idsOf(store.list(u"pets"_s).records), (QList<qint64>{1, 2}));
    }

    // Anything else unreadable refuses the data file, with the line, and overwrites neither file.
    const QByteArray damaged = put + "{\"collection\": \"pets\", \"put\": 3}\n" + put;
    QVERIFY(write(path + u".journal"_s, damaged));
    const QByteArray saved = [&] { QFile f(path); f.open(QIODevice::ReadOnly); return f.readAll(); }();
    {
        ResourceStore store;
        const auto attached = store.setDataFile(path);
        QVERIFY(!attached.ok());
        QCOMPARE(attached.error().location.file, path + u".journal"_s);
        QCOMPARE(attached.error().location.line, 2);
        QVERIFY(store.dataFile().isEmpty());
        QVERIFY(store.create(u"pets"_s, json("{}")).ok());
    }
    QFile journal(path + u".journal"_s);
    QVERIFY(journal.open(QIODevice::ReadOnly));
    QCOMPARE(journal.readAll(), damaged);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), saved);
}

// While changes go on the data file is rewritten only when the journal has grown enough (here: past a small
// limit), and each rewrite keeps the lines appended while it ran.
void tst_ResourceStore::journalCompactsDuringASteadyLoad()
{
    QTemporaryDir dir, killed;
    QVERIFY(dir.isValid() && killed.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    ResourceStore store;
    store.setSaveDelay(20);
    store.setJournalLimit(4096);
    QVERIFY(store.setDataFile(path).ok());
    QElapsedTimer running;
    running.start();
    int created = 0;
    // Never quiet for 20 ms: only the journal limit triggers rewrites. This thread's event loop does not turn
    // meanwhile: they run on the store's own thread.
    while (running.elapsed() < 1500) {
        QVERIFY(store.create(u"c"_s, json(R"({"payload": "0123456789012345678901234567890123456789"})")).ok());
        ++created;
    }
    QVERIFY2(store.saveCount() >= 3, qPrintable(QString::number(store.saveCount())));
    QVERIFY(QFileInfo(path + u".journal"_s).size() < qint64(created) * 80);

    ResourceStore restarted;
    QVERIFY(restarted.setDataFile(copyAsIfKilled(path, killed)).ok());
    QCOMPARE(restarted.count(u"c"_s), created);
}

// A change the journal cannot take (here: the file size limit, as a full disk would) is refused, not acknowledged
// and then lost; a line written in part is cut off again, so later lines stay readable.
void tst_ResourceStore::unwritableJournalRefusesTheChange()
{
    QTemporaryDir dir, killed;
    QVERIFY(dir.isValid() && killed.isValid());
    const QString path = dir.filePath(u"data.json"_s);
    ResourceStore store;
    store.setSaveDelay(60000);
    QVERIFY(store.setDataFile(path).ok());
    store.seed(u"c"_s, u"id"_s, {json(R"({"id": 1})")});
    const qint64 journaled = QFileInfo(path + u".journal"_s).size();
    QVERIFY(journaled > 0);

    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails with EFBIG instead
    rlimit small = saved;
    small.rlim_cur = rlim_t(journaled + 10); // room for part of a line, not a whole one
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const StoreResult created = store.create(u"c"_s, json(R"({"name": "lost?"})"));
    const StoreResult replaced = store.replace(u"c"_s, u"1", json(R"({"x": 1})"));
    const StoreResult patched = store.patch(u"c"_s, u"1", json(R"({"x": 1})"));
    const StoreResult removed = store.remove(u"c"_s, u"1");
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &saved), 0);
    std::signal(SIGXFSZ, oldHandler);

    QCOMPARE(created.status, StoreStatus::Unavailable);
    QVERIFY2(created.message.contains(u"journal"_s), qPrintable(created.message));
    QCOMPARE(replaced.status, StoreStatus::Unavailable);
    QCOMPARE(patched.status, StoreStatus::Unavailable);
    QCOMPARE(removed.status, StoreStatus::Unavailable);
    QCOMPARE(store.count(u"c"_s), 1);
    QVERIFY(store.get(u"c"_s, u"1")->identical(json(R"({"id": 1})")));
    QCOMPARE(QFileInfo(path + u".journal"_s).size(), journaled);

    // Once there is room again, changes are journaled as before and replay cleanly.
    QVERIFY(store.create(u"c"_s, json(R"({"name": "kept"})")).ok());
    ResourceStore restarted;
    QVERIFY(restarted.setDataFile(copyAsIfKilled(path, killed)).ok());
    QCOMPARE(everything(restarted), everything(store));
}

QTEST_GUILESS_MAIN(tst_ResourceStore)
#include "tst_resourcestore.moc"
