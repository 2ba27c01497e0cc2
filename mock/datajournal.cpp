#include "datajournal.h"

#include "core/jsonparser.h"
#include "core/jsonwriter.h"

#include <QFileInfo>
#include <QMutexLocker>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace portico::mock {

using core::Error;
using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {

QByteArray line(JsonObject entry)
{
    QByteArray out = core::toJson(Json(std::move(entry))); // compact JSON escapes every newline
    out += '\n';
    return out;
}

// One collection being replayed: its records, and where each key is, so a journal of n entries over m records
// costs n + m rather than n × m.
struct ReplayedCollection
{
    JsonArray *records = nullptr;
    QString keyProperty;
    QHash<QByteArray, qsizetype> indexOfKey; // the key's JSON text → its record's index; built on first use
    bool indexed = false;

    void index()
    {
        if (indexed)
            return;
        indexed = true;
        for (size_t i = 0; i < records->size(); ++i) {
            if (const Json *key = (*records)[i].toObject().find(keyProperty))
                indexOfKey.insert(core::toJson(*key), qsizetype(i));
        }
    }
};

} // namespace

QString DataJournal::pathFor(const QString &dataFile)
{
    return dataFile + u".journal"_s;
}

QByteArray DataJournal::putEntry(const QString &collection, const QString &keyProperty, const Json &record)
{
    return line(JsonObject{{u"collection"_s, Json(collection)}, {u"key"_s, Json(keyProperty)}, {u"put"_s, record}});
}

QByteArray DataJournal::removeEntry(const QString &collection, const QString &keyProperty, const Json &key)
{
    return line(JsonObject{{u"collection"_s, Json(collection)}, {u"key"_s, Json(keyProperty)}, {u"remove"_s, key}});
}

QByteArray DataJournal::clearEntry()
{
    return line(JsonObject{{u"clear"_s, Json(true)}});
}

core::Result<bool> DataJournal::replay(const QString &path, JsonObject &collections, QHash<QString, QString> &keys)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!QFileInfo(path).isFile())
        return Error{u"the data journal is not a regular file"_s, {path}};
    if (!file.open(QIODevice::ReadOnly))
        return Error{u"cannot read the data journal: "_s + file.errorString(), {path}};
    const QByteArray bytes = file.readAll();

    QHash<QString, ReplayedCollection> replayed;
    // Records nest as deeply as a request body may (256 by default) inside the entry's own object.
    core::JsonParser parser(core::JsonParseOptions{.maxDepth = 1024});
    qsizetype start = 0;
    int lineNumber = 0;
    while (start < bytes.size()) {
        ++lineNumber;
        const qsizetype end = bytes.indexOf('\n', start);
        if (end < 0)
            break; // cut short by a crash before the client was answered
        const QByteArrayView text(bytes.constData() + start, end - start);
        start = end + 1;
        auto parsed = parser.parse(text);
        const Json &entry = parsed.ok() ? parsed.value() : Json::null();
        const QString &name = entry[u"collection"].toString();
        const bool isClear = entry[u"clear"].toBool();
        const bool isPut = entry[u"put"].isObject();
        const bool isRemove = entry.toObject().contains(u"remove");
        if (!isClear && (name.isEmpty() || !entry[u"key"].isString() || isPut == isRemove)) {
            return Error{u"the data journal has an entry that cannot be read; move the file aside to start from the "
                         "data file alone"_s,
                         {path, lineNumber, 1}};
        }
        if (isClear) {
            collections = JsonObject{};
            replayed.clear();
            keys.clear();
            continue;
        }
        if (!collections.contains(name))
            collections.append(name, Json(JsonArray{}));
        Json &slot = *collections.find(name);
        if (!slot.isArray())
            slot = Json(JsonArray{});
        ReplayedCollection &c = replayed[name];
        const QString &keyProperty = entry[u"key"].toString();
        if (!c.records || c.records != &slot.array() || c.keyProperty != keyProperty) {
            c = ReplayedCollection{&slot.array(), keyProperty, {}};
        }
        keys.insert(name, keyProperty);
        c.index();
        if (isPut) {
            const Json &record = entry[u"put"];
            const QByteArray keyText = core::toJson(record[keyProperty]);
            if (const auto at = c.indexOfKey.constFind(keyText); at != c.indexOfKey.cend()) {
                (*c.records)[size_t(*at)] = record;
            } else {
                c.indexOfKey.insert(keyText, qsizetype(c.records->size()));
                c.records->push_back(record);
            }
        } else if (const auto at = c.indexOfKey.constFind(core::toJson(entry[u"remove"]));
                   at != c.indexOfKey.cend()) {
            (*c.records)[size_t(*at)] = Json(); // a hole that loading skips; later indexes stay valid
            c.indexOfKey.erase(at);
        }
    }
    return true;
}

core::Result<bool> DataJournal::open(const QString &path)
{
    QMutexLocker locker(&m_mutex);
    m_file.close();
    m_file.setFileName(path);
    return openForAppending();
}

core::Result<bool> DataJournal::openForAppending()
{
    // Unbuffered: every append is one write() straight to the kernel, done before the client is answered.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return Error{u"cannot write the data journal: "_s + m_file.errorString(), {m_file.fileName()}};
    m_size = m_file.size();
    return true;
}

void DataJournal::close()
{
    QMutexLocker locker(&m_mutex);
    m_file.close();
    m_size = 0;
}

core::Result<bool> DataJournal::append(const QByteArray &lines)
{
    QMutexLocker locker(&m_mutex);
    if (!m_file.isOpen())
        return true; // no data file: the store lives in memory only
    const qint64 written = m_file.write(lines);
    if (written != lines.size()) {
        // A partial line would make every later line unreadable: cut it off again.
        if (written > 0)
            (void)m_file.resize(m_size);
        return Error{u"cannot write the data journal: "_s + m_file.errorString(), {m_file.fileName()}};
    }
    m_size += written;
    return true;
}

qint64 DataJournal::size() const
{
    QMutexLocker locker(&m_mutex);
    return m_size;
}

core::Result<bool> DataJournal::dropBefore(qint64 bytes)
{
    QMutexLocker locker(&m_mutex);
    if (!m_file.isOpen() || bytes <= 0)
        return true;
    const QString path = m_file.fileName();
    // The data file that holds these lines is on disk already: QSaveFile::commit() syncs it before the rename.
    if (bytes >= m_size) {
        if (!m_file.resize(0))
            return Error{u"cannot truncate the data journal: "_s + m_file.errorString(), {path}};
        m_size = 0;
        return true;
    }
    // Lines were appended while the data file was written: keep them, in a new journal swapped in whole.
    QFile reader(path);
    if (!reader.open(QIODevice::ReadOnly) || !reader.seek(bytes))
        return Error{u"cannot read the data journal: "_s + reader.errorString(), {path}};
    const QByteArray rest = reader.read(m_size - bytes);
    QSaveFile replacement(path);
    if (!replacement.open(QIODevice::WriteOnly) || replacement.write(rest) != rest.size() || !replacement.commit())
        return Error{u"cannot rewrite the data journal: "_s + replacement.errorString(), {path}};
    m_file.close();
    return openForAppending();
}

} // namespace portico::mock
