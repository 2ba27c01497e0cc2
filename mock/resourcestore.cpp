#include "resourcestore.h"

#include "core/documentio.h"
#include "core/jsonwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QReadLocker>
#include <QUuid>
#include <QWriteLocker>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace portico::mock {

using core::Json;
using core::JsonArray;
using core::JsonObject;

struct ResourceStore::Collection
{
    mutable QReadWriteLock lock;
    QString key = u"id"_s;
    JsonArray records;
    // The highest integer key (or all-digit string key) ever stored. New keys start above it, so an id freed by a
    // delete is not handed out again while the mock runs: a client's stale URL never reaches a different record.
    qint64 highestNumber = 0;
};

namespace {

constexpr int DefaultSaveDelayMs = 200;

StoreResult unavailable(Json record, const core::Error &error)
{
    return {StoreStatus::Unavailable, std::move(record), error.message};
}

// The exact integer a number stands for, if it is one that fits; a double such as 1e300 is not one.
std::optional<qint64> integralValue(const Json &value)
{
    if (value.isInteger())
        return value.toInteger();
    if (value.isDouble() && value.isIntegral()) {
        const double d = value.toDouble();
        // 2^63 is exactly representable; converting anything at or beyond it would be undefined behaviour.
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
            return qint64(d);
    }
    return std::nullopt;
}

// "42" → 42, but not "+42", "042" or " 42": only the text QString::number would write, so that a path segment
// matches exactly one spelling of a key.
std::optional<qint64> canonicalInteger(QStringView text)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (!ok || QString::number(n) != text)
        return std::nullopt;
    return n;
}

std::optional<qint64> numericKey(const Json &key)
{
    if (key.isString())
        return canonicalInteger(key.toString());
    return integralValue(key);
}

bool isValidKey(const Json &key)
{
    return key.isString() || key.isNumber();
}

// A path segment compared with record keys; parsed once per request rather than once per record.
class IdMatcher
{
public:
    explicit IdMatcher(QStringView text) : m_text(text), m_number(canonicalInteger(text)) {}

    bool matches(const Json &key) const
    {
        switch (key.type()) {
        case Json::Type::String:
            return key.toString() == m_text;
        case Json::Type::Integer:
        case Json::Type::Double:
            if (const auto n = integralValue(key))
                return m_number && *m_number == *n;
            return ResourceStore::textOf(key) == m_text;
        default:
            return false;
        }
    }

private:
    QStringView m_text;
    std::optional<qint64> m_number;
};

qsizetype indexOfKey(const JsonArray &records, const QString &keyName, const IdMatcher &matcher)
{
    for (size_t i = 0; i < records.size(); ++i) {
        if (const Json *key = records[i].toObject().find(keyName); key && matcher.matches(*key))
            return qsizetype(i);
    }
    return -1;
}

void noteKey(qint64 &highest, const Json &record, const QString &keyName)
{
    if (const Json *key = record.toObject().find(keyName)) {
        if (const auto n = numericKey(*key); n && *n > highest)
            highest = *n;
    }
}

qint64 highestKey(const JsonArray &records, const QString &keyName)
{
    qint64 highest = 0;
    for (const Json &record : records)
        noteKey(highest, record, keyName);
    return highest;
}

// Puts `key` back as the record's key: in place if the record names it, else first, where ids usually are.
void setKey(Json &record, const QString &keyName, const Json &key, qsizetype preferredIndex = 0)
{
    JsonObject &object = record.object();
    if (object.contains(keyName))
        object.insert(keyName, key);
    else
        object.insertAt(std::clamp<qsizetype>(preferredIndex, 0, object.size()), keyName, key);
}

// --- Query language ------------------------------------------------------------------------------------------

// A field by name, or by dotted path into nested objects and arrays ("pet.species", "tags.0"). A name that
// literally contains dots wins over the path reading.
const Json *resolve(const Json &record, QStringView path)
{
    if (const Json *direct = record.toObject().find(path))
        return direct;
    if (!path.contains(u'.'))
        return nullptr;
    const Json *current = &record;
    for (QStringView segment : path.tokenize(u'.')) {
        if (current->isObject()) {
            current = current->toObject().find(segment);
        } else if (current->isArray()) {
            bool ok = false;
            const qsizetype index = segment.toLongLong(&ok);
            const JsonArray &array = current->toArray();
            current = ok && index >= 0 && index < qsizetype(array.size()) ? &array[size_t(index)] : nullptr;
        } else {
            current = nullptr;
        }
        if (!current)
            return nullptr;
    }
    return current;
}

bool equalsText(const Json &value, const QString &text)
{
    bool ok = false;
    switch (value.type()) {
    case Json::Type::String:
        return value.toString() == text;
    case Json::Type::Integer:
        if (const qint64 n = text.toLongLong(&ok); ok)
            return n == value.toInteger();
        [[fallthrough]];
    case Json::Type::Double: {
        // Numbers compare as numbers, so price=450 finds 450.0 and 4.5e2.
        const double d = text.toDouble(&ok);
        return ok && d == value.toDouble();
    }
    case Json::Type::Array:
        for (const Json &element : value.toArray()) {
            if (!element.isArray() && !element.isObject() && equalsText(element, text))
                return true;
        }
        return ResourceStore::textOf(value) == text;
    default:
        return ResourceStore::textOf(value) == text;
    }
}

// Three-way comparison for _gt/_gte/_lt/_lte: numerically when both sides are numbers, else as text.
int compareToText(const Json &value, const QString &text)
{
    if (value.isNumber()) {
        bool ok = false;
        const double d = text.toDouble(&ok);
        if (ok) {
            const double v = value.toDouble();
            return v < d ? -1 : (v > d ? 1 : 0);
        }
    }
    return QString::compare(ResourceStore::textOf(value), text);
}

bool containsText(const Json &value, const QString &needle, int depth = 0)
{
    // Request bodies are nesting-limited by the parser; the bound here only keeps a hand-written data file from
    // exhausting the stack.
    if (depth > 512)
        return false;
    switch (value.type()) {
    case Json::Type::String:
        return value.toString().contains(needle, Qt::CaseInsensitive);
    case Json::Type::Array:
        for (const Json &element : value.toArray()) {
            if (containsText(element, needle, depth + 1))
                return true;
        }
        return false;
    case Json::Type::Object:
        for (const auto &member : value.toObject()) {
            if (containsText(member.second, needle, depth + 1))
                return true;
        }
        return false;
    default:
        return false;
    }
}

enum class Op { Equal, NotEqual, Like, Greater, GreaterOrEqual, Less, LessOrEqual };

struct Filter
{
    QString key; // as written in the query
    QStringList values; // a repeated key gathers its values here
    // Decided against the records: the field and operator the key means, if it means one.
    QString field;
    Op op = Op::Equal;
    bool active = false;

    bool matches(const Json &record) const
    {
        const Json *value = resolve(record, field);
        switch (op) {
        case Op::Equal:
            return value && std::any_of(values.cbegin(), values.cend(), [&](const QString &v) {
                       return equalsText(*value, v);
                   });
        case Op::NotEqual:
            // Not equal to any of them; json-server's "any" reading of a repeated _ne is always true.
            return !value || std::none_of(values.cbegin(), values.cend(), [&](const QString &v) {
                       return equalsText(*value, v);
                   });
        case Op::Like: {
            if (!value)
                return false;
            const QString text = ResourceStore::textOf(*value);
            return std::any_of(values.cbegin(), values.cend(), [&](const QString &v) {
                return text.contains(v, Qt::CaseInsensitive);
            });
        }
        case Op::Greater:
        case Op::GreaterOrEqual:
        case Op::Less:
        case Op::LessOrEqual:
            // Repeated bounds must all hold: price_gte=1&price_gte=5 narrows, it does not widen.
            return value && std::all_of(values.cbegin(), values.cend(), [&](const QString &v) {
                       const int c = compareToText(*value, v);
                       return op == Op::Greater ? c > 0
                           : op == Op::GreaterOrEqual ? c >= 0
                           : op == Op::Less           ? c < 0
                                                      : c <= 0;
                   });
        }
        return false;
    }
};

struct SortField
{
    QString path;
    bool descending = false;
};

struct ParsedQuery
{
    QList<Filter> filters;
    QStringList fullText;
    QList<SortField> sort;
    std::optional<qint64> page, underscoreLimit, start, end, limit, offset;
};

std::optional<qint64> parseCount(const QString &text)
{
    bool ok = false;
    const qint64 n = text.trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(n) : std::nullopt;
}

ParsedQuery parseQuery(const QueryItems &query)
{
    ParsedQuery parsed;
    QStringList order;
    QStringList sortFields;
    for (const auto &[key, value] : query) {
        if (key == u"_page")
            parsed.page = parseCount(value);
        else if (key == u"_limit")
            parsed.underscoreLimit = parseCount(value);
        else if (key == u"_start")
            parsed.start = parseCount(value);
        else if (key == u"_end")
            parsed.end = parseCount(value);
        else if (key == u"limit")
            parsed.limit = parseCount(value);
        else if (key == u"offset")
            parsed.offset = parseCount(value);
        else if (key == u"_sort")
            sortFields += value.split(u',', Qt::SkipEmptyParts);
        else if (key == u"_order")
            order += value.split(u',', Qt::SkipEmptyParts);
        else if (key == u"q") {
            if (!value.isEmpty()) // json-server ignores an empty q rather than matching nothing
                parsed.fullText += value;
        }
        else if (!key.isEmpty()) {
            auto it = std::find_if(parsed.filters.begin(), parsed.filters.end(),
                                   [&key = key](const Filter &f) { return f.key == key; });
            if (it == parsed.filters.end())
                parsed.filters.append(Filter{key, {value}});
            else
                it->values.append(value);
        }
    }
    for (qsizetype i = 0; i < sortFields.size(); ++i) {
        QString field = sortFields[i].trimmed();
        bool descending = false;
        if (field.startsWith(u'-')) {
            descending = true;
            field.remove(0, 1);
        } else if (i < order.size()) {
            descending = order[i].trimmed().compare(u"desc", Qt::CaseInsensitive) == 0;
        }
        if (!field.isEmpty())
            parsed.sort.append(SortField{field, descending});
    }
    return parsed;
}

bool anyRecordHas(const JsonArray &records, QStringView path)
{
    return std::any_of(records.begin(), records.end(), [&](const Json &r) { return resolve(r, path) != nullptr; });
}

// Decides what each filter key means for these records: a field as written, else a field plus an operator
// suffix, else nothing (the key is one of the API's own query parameters and is ignored).
void bindFilters(QList<Filter> &filters, const JsonArray &records)
{
    static const std::pair<QStringView, Op> suffixes[] = {
        {u"_ne", Op::NotEqual}, {u"_like", Op::Like}, {u"_gte", Op::GreaterOrEqual},
        {u"_lte", Op::LessOrEqual}, {u"_gt", Op::Greater}, {u"_lt", Op::Less},
    };
    for (Filter &filter : filters) {
        if (anyRecordHas(records, filter.key)) {
            filter.field = filter.key;
            filter.op = Op::Equal;
            filter.active = true;
            continue;
        }
        for (const auto &[suffix, op] : suffixes) {
            if (filter.key.size() > suffix.size() && filter.key.endsWith(suffix)) {
                const QString field = filter.key.left(filter.key.size() - suffix.size());
                if (anyRecordHas(records, field)) {
                    filter.field = field;
                    filter.op = op;
                    filter.active = true;
                }
                break;
            }
        }
    }
}

int typeRank(const Json *value)
{
    if (!value)
        return 6;
    switch (value->type()) {
    case Json::Type::Integer:
    case Json::Type::Double:
        return 0;
    case Json::Type::String:
        return 1;
    case Json::Type::Bool:
        return 2;
    case Json::Type::Array:
        return 3;
    case Json::Type::Object:
        return 4;
    case Json::Type::Null:
        return 5;
    }
    return 6;
}

// Orders numbers numerically (exactly when both are integers), strings by code unit, then by type; missing and
// null values go last whichever the direction, as most databases' NULLS LAST does.
int compareForSort(const Json *a, const Json *b, bool descending)
{
    const int ra = typeRank(a);
    const int rb = typeRank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    int c = 0;
    switch (ra) {
    case 0:
        if (a->isInteger() && b->isInteger()) {
            c = a->toInteger() < b->toInteger() ? -1 : (a->toInteger() > b->toInteger() ? 1 : 0);
        } else {
            const double x = a->toDouble();
            const double y = b->toDouble();
            c = x < y ? -1 : (x > y ? 1 : 0);
        }
        break;
    case 1:
        c = QString::compare(a->toString(), b->toString());
        break;
    case 2:
        c = int(a->toBool()) - int(b->toBool());
        break;
    case 3:
    case 4:
        c = QString::compare(ResourceStore::textOf(*a), ResourceStore::textOf(*b));
        break;
    default:
        return 0;
    }
    return descending ? -c : c;
}

// [from, to) of `size` matches, from json-server's _page/_limit and _start/_end/_limit (limit/offset standing
// in for _limit/_start). Hostile numbers clamp rather than overflow.
std::pair<qsizetype, qsizetype> pageBounds(const ParsedQuery &q, qsizetype size)
{
    const auto clampToSize = [size](qint64 n) { return qsizetype(std::clamp<qint64>(n, 0, size)); };
    const std::optional<qint64> limit = q.underscoreLimit ? q.underscoreLimit : q.limit;
    if (q.page) {
        const qint64 page = std::max<qint64>(*q.page, 1);
        const qint64 perPage = limit && *limit > 0 ? *limit : 10;
        // (page - 1) * perPage could overflow; any page past the end is simply empty.
        if (page - 1 > qint64(size) / perPage)
            return {size, size};
        const qsizetype from = clampToSize((page - 1) * perPage);
        return {from, clampToSize(qint64(from) + std::min<qint64>(perPage, size))};
    }
    const qsizetype from = clampToSize(q.start ? *q.start : (q.offset ? *q.offset : 0));
    qsizetype to = size;
    if (q.end)
        to = clampToSize(*q.end);
    else if (limit)
        to = clampToSize(qint64(from) + std::clamp<qint64>(*limit, 0, size));
    return {from, std::max(from, to)};
}

} // namespace

// --- ResourceStore ---------------------------------------------------------------------------------------------

ResourceStore::ResourceStore(QObject *parent) : QObject(parent), m_saveTimer(new QTimer)
{
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(DefaultSaveDelayMs);
    connect(m_saveTimer, &QTimer::timeout, m_saveTimer, [this] { saveTimerFired(); });
    m_saveTimer->moveToThread(&m_saveThread);
    m_saveThread.setObjectName(u"resource-store-saver"_s);
    m_saveThread.start();
}

ResourceStore::~ResourceStore()
{
    // The timer is stopped in its own thread (a rewrite under way finishes first), then deleted here once that
    // thread has ended: deleteLater() on the thread's end leaked it when no application object was running.
    QMetaObject::invokeMethod(m_saveTimer, qOverload<>(&QTimer::stop), Qt::BlockingQueuedConnection);
    m_saveThread.quit();
    m_saveThread.wait();
    delete m_saveTimer; // a pending rewrite is done by the flush below
    // Nobody is left to tell about a failure. An emptied journal goes too: the data file says it all.
    if (const QString path = dataFile(); flush().ok() && m_journal.size() == 0 && !path.isEmpty()) {
        m_journal.close();
        QFile::remove(DataJournal::pathFor(path));
    }
}

QString ResourceStore::textOf(const Json &value)
{
    switch (value.type()) {
    case Json::Type::Null:
        return u"null"_s;
    case Json::Type::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case Json::Type::Integer:
        return QString::number(value.toInteger());
    case Json::Type::Double:
        // 42.0 reads as "42", so it matches the path segment a client would write for it.
        if (const auto n = integralValue(value))
            return QString::number(*n);
        return QString::fromLatin1(core::formatDouble(value.toDouble()));
    case Json::Type::String:
        return value.toString();
    case Json::Type::Array:
    case Json::Type::Object:
        return QString::fromUtf8(core::toJson(value));
    }
    return {};
}

Json ResourceStore::mergePatch(Json target, const Json &patch)
{
    if (!patch.isObject())
        return patch;
    if (!target.isObject())
        target = Json(JsonObject{});
    JsonObject &object = target.object();
    for (const auto &[name, value] : patch.toObject()) {
        if (value.isNull()) {
            object.remove(name);
        } else {
            Json member = object.value(name); // a shared copy; the recursion detaches only what it changes
            object.insert(name, mergePatch(std::move(member), value));
        }
    }
    return target;
}

std::shared_ptr<ResourceStore::Collection> ResourceStore::find(const QString &name) const
{
    QReadLocker locker(&m_mapLock);
    return m_collections.value(name);
}

std::shared_ptr<ResourceStore::Collection> ResourceStore::findOrCreate(const QString &name, const QString &key)
{
    if (auto existing = find(name))
        return existing;
    QWriteLocker locker(&m_mapLock);
    auto &slot = m_collections[name];
    if (!slot) { // another thread may have added it between the two locks
        slot = std::make_shared<Collection>();
        if (!key.isEmpty())
            slot->key = key;
        m_order.append(name);
    }
    return slot;
}

void ResourceStore::changed()
{
    m_generation.fetch_add(1);
    if (!m_hasDataFile.load() || m_saveArmed.exchange(true))
        return;
    // Called from server threads: a QTimer may only be started from the thread it lives in.
    QMetaObject::invokeMethod(m_saveTimer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
}

qsizetype ResourceStore::seed(const QString &name, const QString &key, const JsonArray &records)
{
    const auto collection = findOrCreate(name, key);
    qsizetype stored = 0;
    {
        QWriteLocker locker(&collection->lock);
        if (!key.isEmpty())
            collection->key = key;
        if (collection->records.empty()) {
            QByteArray entries;
            for (const Json &record : records) {
                if (record.isObject()) {
                    collection->records.push_back(record);
                    entries += DataJournal::putEntry(name, collection->key, record);
                    ++stored;
                }
            }
            // Seeds come from the document, so they are stored even if the journal cannot take them: the next
            // start seeds them again.
            (void)m_journal.append(entries);
        }
        // Also when nothing was stored: loaded records were read before their key property was known.
        collection->highestNumber =
            std::max(collection->highestNumber, highestKey(collection->records, collection->key));
    }
    if (stored > 0)
        changed();
    return stored;
}

void ResourceStore::clear()
{
    {
        QWriteLocker locker(&m_mapLock);
        (void)m_journal.append(DataJournal::clearEntry()); // at worst the records come back at the next start
        m_collections.clear();
        m_order.clear();
    }
    changed();
}

QStringList ResourceStore::collectionNames() const
{
    QReadLocker locker(&m_mapLock);
    return m_order;
}

QString ResourceStore::keyProperty(const QString &name) const
{
    if (const auto collection = find(name)) {
        QReadLocker locker(&collection->lock);
        return collection->key;
    }
    return u"id"_s;
}

qsizetype ResourceStore::count(const QString &name) const
{
    if (const auto collection = find(name)) {
        QReadLocker locker(&collection->lock);
        return qsizetype(collection->records.size());
    }
    return 0;
}

ListResult ResourceStore::list(const QString &name, const QueryItems &query) const
{
    const auto collection = find(name);
    if (!collection)
        return {};
    ParsedQuery parsed = parseQuery(query);

    QReadLocker locker(&collection->lock);
    const JsonArray &records = collection->records;
    bindFilters(parsed.filters, records);
    parsed.filters.removeIf([](const Filter &f) { return !f.active; });

    std::vector<const Json *> matches;
    matches.reserve(records.size());
    for (const Json &record : records) {
        const bool passes = std::all_of(parsed.filters.cbegin(), parsed.filters.cend(),
                                        [&](const Filter &f) { return f.matches(record); })
            && (parsed.fullText.isEmpty()
                || std::any_of(parsed.fullText.cbegin(), parsed.fullText.cend(),
                               [&](const QString &q) { return containsText(record, q); }));
        if (passes)
            matches.push_back(&record);
    }

    if (!parsed.sort.isEmpty()) {
        // Resolve every sort key once rather than once per comparison.
        const size_t fields = size_t(parsed.sort.size());
        std::vector<const Json *> keys(matches.size() * fields);
        for (size_t i = 0; i < matches.size(); ++i) {
            for (size_t f = 0; f < fields; ++f)
                keys[i * fields + f] = resolve(*matches[i], parsed.sort[qsizetype(f)].path);
        }
        std::vector<size_t> order(matches.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            for (size_t f = 0; f < fields; ++f) {
                if (const int c = compareForSort(keys[a * fields + f], keys[b * fields + f],
                                                 parsed.sort[qsizetype(f)].descending))
                    return c < 0;
            }
            return false;
        });
        std::vector<const Json *> sorted(matches.size());
        for (size_t i = 0; i < order.size(); ++i)
            sorted[i] = matches[order[i]];
        matches = std::move(sorted);
    }

    ListResult result;
    result.total = qsizetype(matches.size());
    const auto [from, to] = pageBounds(parsed, result.total);
    result.records.reserve(size_t(to - from));
    for (qsizetype i = from; i < to; ++i)
        result.records.push_back(*matches[size_t(i)]);
    return result;
}

std::optional<Json> ResourceStore::get(const QString &name, QStringView idText) const
{
    const auto collection = find(name);
    if (!collection)
        return std::nullopt;
    QReadLocker locker(&collection->lock);
    const qsizetype index = indexOfKey(collection->records, collection->key, IdMatcher(idText));
    if (index < 0)
        return std::nullopt;
    return collection->records[size_t(index)];
}

StoreResult ResourceStore::create(const QString &name, Json record, KeyKind kind)
{
    if (!record.isObject())
        return {StoreStatus::Invalid, std::move(record), u"a record must be a JSON object"_s};
    const auto collection = findOrCreate(name, {});
    {
        QWriteLocker locker(&collection->lock);
        const QString &keyName = collection->key;
        const Json *given = record.toObject().find(keyName);
        if (given && !given->isNull()) {
            if (!isValidKey(*given)) {
                return {StoreStatus::Invalid, std::move(record),
                        u"the key property \"%1\" must be a string or a number"_s.arg(keyName)};
            }
            const QString text = textOf(*given);
            if (indexOfKey(collection->records, keyName, IdMatcher(text)) >= 0) {
                return {StoreStatus::Conflict, std::move(record),
                        u"a record with %1 %2 already exists"_s.arg(keyName, text)};
            }
        } else {
            Json key;
            if (kind == KeyKind::Uuid) {
                // A clash is astronomically unlikely, but a seeded or loaded record may carry any string.
                do {
                    key = Json(QUuid::createUuid().toString(QUuid::WithoutBraces));
                } while (indexOfKey(collection->records, keyName, IdMatcher(key.toString())) >= 0);
            } else {
                if (collection->highestNumber == std::numeric_limits<qint64>::max()) {
                    return {StoreStatus::Conflict, std::move(record),
                            u"no key is left above the highest %1"_s.arg(keyName)};
                }
                const qint64 next = collection->highestNumber + 1;
                key = kind == KeyKind::Integer ? Json(next) : Json(QString::number(next));
            }
            setKey(record, keyName, key);
        }
        if (auto journaled = m_journal.append(DataJournal::putEntry(name, keyName, record)); !journaled)
            return unavailable(std::move(record), journaled.error());
        noteKey(collection->highestNumber, record, keyName);
        collection->records.push_back(record);
    }
    changed();
    return {StoreStatus::Ok, std::move(record), {}};
}

StoreResult ResourceStore::replace(const QString &name, QStringView idText, Json record)
{
    if (!record.isObject())
        return {StoreStatus::Invalid, std::move(record), u"a record must be a JSON object"_s};
    const auto collection = find(name);
    if (!collection)
        return {StoreStatus::NotFound, {}, u"no record with that key"_s};
    {
        QWriteLocker locker(&collection->lock);
        const qsizetype index = indexOfKey(collection->records, collection->key, IdMatcher(idText));
        if (index < 0)
            return {StoreStatus::NotFound, {}, u"no record with that key"_s};
        Json &stored = collection->records[size_t(index)];
        setKey(record, collection->key, stored.toObject().value(collection->key));
        if (auto journaled = m_journal.append(DataJournal::putEntry(name, collection->key, record)); !journaled)
            return unavailable(std::move(record), journaled.error());
        stored = record;
    }
    changed();
    return {StoreStatus::Ok, std::move(record), {}};
}

StoreResult ResourceStore::patch(const QString &name, QStringView idText, const Json &patchDocument,
                                 const Validator &accept)
{
    const auto collection = find(name);
    if (!collection)
        return {StoreStatus::NotFound, {}, u"no record with that key"_s};
    Json merged;
    {
        QWriteLocker locker(&collection->lock);
        const qsizetype index = indexOfKey(collection->records, collection->key, IdMatcher(idText));
        if (index < 0)
            return {StoreStatus::NotFound, {}, u"no record with that key"_s};
        Json &stored = collection->records[size_t(index)];
        merged = mergePatch(stored, patchDocument);
        if (!merged.isObject()) {
            return {StoreStatus::Invalid, std::move(merged),
                    u"a merge patch that is not an object would replace the record with a non-object"_s};
        }
        // The key identifies the record; a patch that changes or nulls it still leaves it where it was.
        const JsonObject &before = stored.toObject();
        setKey(merged, collection->key, before.value(collection->key), before.indexOf(collection->key));
        if (accept && !accept(merged))
            return {StoreStatus::Rejected, std::move(merged), u"the patched record is not valid"_s};
        if (auto journaled = m_journal.append(DataJournal::putEntry(name, collection->key, merged)); !journaled)
            return unavailable(std::move(merged), journaled.error());
        stored = merged;
    }
    changed();
    return {StoreStatus::Ok, std::move(merged), {}};
}

StoreResult ResourceStore::remove(const QString &name, QStringView idText)
{
    const auto collection = find(name);
    if (!collection)
        return {StoreStatus::NotFound, {}, u"no record with that key"_s};
    Json removed;
    {
        QWriteLocker locker(&collection->lock);
        const qsizetype index = indexOfKey(collection->records, collection->key, IdMatcher(idText));
        if (index < 0)
            return {StoreStatus::NotFound, {}, u"no record with that key"_s};
        const Json &key = collection->records[size_t(index)].toObject().value(collection->key);
        if (auto journaled = m_journal.append(DataJournal::removeEntry(name, collection->key, key)); !journaled)
            return unavailable({}, journaled.error());
        removed = std::move(collection->records[size_t(index)]);
        collection->records.erase(collection->records.begin() + index);
    }
    changed();
    return {StoreStatus::Ok, std::move(removed), {}};
}

// --- Persistence -----------------------------------------------------------------------------------------------

Json ResourceStore::snapshot() const
{
    QStringList names;
    QList<std::shared_ptr<Collection>> collections;
    {
        QReadLocker locker(&m_mapLock);
        names = m_order;
        for (const QString &name : std::as_const(names))
            collections.append(m_collections.value(name));
    }
    JsonObject root;
    root.reserve(names.size());
    for (qsizetype i = 0; i < names.size(); ++i) {
        QReadLocker locker(&collections[i]->lock);
        // Copying shares every record's storage; only the vector itself is new.
        root.append(names[i], Json(collections[i]->records));
    }
    return Json(std::move(root));
}

core::Result<bool> ResourceStore::setDataFile(const QString &path)
{
    const bool exists = QFileInfo::exists(path);
    // Refused now rather than at the first save, which happens in the background where a user may not look.
    if (const QFileInfo folder(QFileInfo(path).absolutePath()); !exists && !folder.isDir())
        return core::Error{u"the folder %1 does not exist"_s.arg(QDir::toNativeSeparators(folder.filePath())), {path}};
    Json root = Json(JsonObject{});
    qint64 fileBytes = 0;
    if (exists) {
        auto loaded = core::readDocumentFile(path);
        if (!loaded)
            return loaded.error();
        if (!loaded->root.isObject() && !loaded->root.isNull()) {
            return core::Error{u"a resource data file must hold an object of collections: {name: [records]}"_s,
                               {path}};
        }
        if (loaded->root.isObject())
            root = loaded->root;
        fileBytes = QFileInfo(path).size();
    }
    // Changes acknowledged after the data file was last written: a crash, or a kill, stopped the last save.
    const QString journalPath = DataJournal::pathFor(path);
    const bool journalHasEntries = QFileInfo(journalPath).size() > 0;
    QHash<QString, QString> journalKeys;
    if (auto replayed = DataJournal::replay(journalPath, root.object(), journalKeys); !replayed)
        return replayed.error();
    if (auto opened = m_journal.open(journalPath); !opened)
        return opened.error();

    for (const auto &[name, value] : root.toObject()) {
        if (!value.isArray())
            continue;
        const auto collection = findOrCreate(name, {});
        QWriteLocker locker(&collection->lock);
        if (journalKeys.contains(name))
            collection->key = journalKeys.value(name);
        collection->records.clear();
        for (const Json &record : value.toArray()) {
            if (record.isObject())
                collection->records.push_back(record);
        }
        collection->highestNumber = highestKey(collection->records, collection->key);
    }
    const QStringList names = collectionNames();
    const bool storeHasOthers = std::any_of(names.cbegin(), names.cend(), [&](const QString &n) {
        return !root.toObject().value(n).isArray();
    });
    // The file already says what the store holds unless it had to be created, lacks some collection, or the
    // journal had more.
    const bool upToDate = exists && !storeHasOthers && !journalHasEntries;
    {
        QMutexLocker locker(&m_saveMutex);
        m_dataFile = path;
        m_savedBytes = fileBytes;
        if (upToDate)
            m_savedGeneration = m_generation.load();
    }
    m_hasDataFile = true;
    if (!upToDate)
        changed();
    return true;
}

QString ResourceStore::dataFile() const
{
    QMutexLocker locker(&m_saveMutex);
    return m_dataFile;
}

void ResourceStore::setSaveDelay(int ms)
{
    QMetaObject::invokeMethod(m_saveTimer, [timer = m_saveTimer, ms] { timer->setInterval(std::max(ms, 0)); },
                              Qt::QueuedConnection); // ahead of any start() queued after it
}

void ResourceStore::setJournalLimit(qint64 bytes)
{
    QMutexLocker locker(&m_saveMutex);
    m_journalLimit = std::max<qint64>(bytes, 0);
}

void ResourceStore::saveTimerFired()
{
    // Rewrite the data file once changes pause; during a steady load only when the journal has grown enough that
    // the rewrite costs at most twice what was appended since the last one.
    const quint64 generation = m_generation.load();
    const bool quiet = generation == m_generationAtTick;
    m_generationAtTick = generation;
    qint64 limit = 0;
    {
        QMutexLocker locker(&m_saveMutex);
        limit = std::max(m_journalLimit, m_savedBytes / 2);
    }
    if (!quiet && m_journal.size() < limit) {
        m_saveTimer->start();
        return;
    }
    // Disarm before saving: a change made while the file is written arms the next save.
    m_saveArmed = false;
    if (const auto r = flush(); !r)
        emit saveFailed(r.error().toString());
}

core::Result<bool> ResourceStore::flush()
{
    QMutexLocker locker(&m_saveMutex);
    if (m_dataFile.isEmpty())
        return true;
    // Read before the snapshot: a change racing with it either is in the snapshot or bumps the generation past
    // this value and gets saved next time.
    const quint64 generation = m_generation.load();
    if (generation == m_savedGeneration)
        return true;
    // Read before the snapshot too. A line is appended under its collection's write lock, and the change applied
    // under the same lock, so every line before this offset is in the snapshot; lines after it may be as well,
    // which replaying them again would not change.
    const qint64 journaled = m_journal.size();
    const QByteArray bytes = core::toJson(snapshot(), core::JsonStyle::Indented);
    if (auto written = core::writeFileAtomically(m_dataFile, bytes); !written)
        return written; // the generation stays unsaved, so the next change or flush tries again
    m_savedGeneration = generation;
    m_savedBytes = bytes.size();
    m_saveCount.fetch_add(1);
    return m_journal.dropBefore(journaled);
}

} // namespace portico::mock
