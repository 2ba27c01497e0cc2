#pragma once

#include "datajournal.h"

#include "core/json.h"
#include "core/result.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace portico::mock {

// How create() makes a key for a record that has none. The engine derives it from the key property's schema:
// `type: integer` → Integer, `format: uuid` → Uuid, any other string → String.
enum class KeyKind { Integer, Uuid, String };

enum class StoreStatus {
    Ok,
    NotFound, // no record with that key
    Conflict, // create(): a record with the given key already exists, or the integer key space is used up
    Invalid, // the record is not a JSON object, or its key is neither a string nor a number
    Rejected, // patch(): the validator refused the merged record; nothing was stored
    Unavailable, // the change could not be written to the data journal; nothing was stored
};

// The outcome of a change. `record` is the record as stored (or removed); for Rejected it is the merged record
// that was refused, so the engine can report why.
struct StoreResult
{
    StoreStatus status = StoreStatus::Ok;
    core::Json record;
    QString message; // why, for anything but Ok; meant for a problem+json `detail`

    bool ok() const { return status == StoreStatus::Ok; }
};

struct ListResult
{
    core::JsonArray records; // the requested page
    qsizetype total = 0; // records that passed the filters, before paging (json-server's X-Total-Count)
};

using QueryItems = QList<std::pair<QString, QString>>;

// The stateful CRUD collections behind operations marked `x-portico-resource`, in the manner of json-server.
//
// Every public function may be called from any thread: the server answers on several. The collection map has a
// read-write lock, taken only to find or add a collection; each collection has its own read-write lock, so
// requests on different collections never wait for each other and reads of one collection run in parallel.
// No collection lock is ever held while a file is read or written.
//
// With a data file, every change is first appended to its journal (see DataJournal), so a change that returned
// Ok survives a kill -9. The data file itself is rewritten atomically from memory ("compacted") when changes
// pause for the save delay, or when the journal has grown to half the data file during a steady load — so the
// cost of rewriting stays proportional to what was written, however large the data. Those rewrites run on a
// thread of the store's own, never on the window's. flush() compacts at once, in the caller's thread; shutdown
// calls it.
class ResourceStore : public QObject
{
    Q_OBJECT

public:
    // Called with the merged record while the collection is locked; returning false keeps the old record.
    using Validator = std::function<bool(const core::Json &merged)>;

    explicit ResourceStore(QObject *parent = nullptr);
    ~ResourceStore() override; // flushes pending changes

    // Declares a collection and its key property. The records are stored only if the collection is new or empty,
    // so data loaded from the data file (or a previous seed) wins. Entries that are not objects are skipped.
    // Returns the number of records stored.
    qsizetype seed(const QString &name, const QString &key, const core::JsonArray &records);
    // Forgets every collection (the data file, if any, is rewritten empty on the next save).
    void clear();

    QStringList collectionNames() const; // in the order they were first seen
    QString keyProperty(const QString &name) const; // "id" for unknown collections
    qsizetype count(const QString &name) const;

    // Filters, sorts and pages a copy of the collection according to json-server's query language:
    //   field=value (nested: a.b=value; repeated keys: any of the values), field_ne, field_like (case-insensitive
    //   substring), field_gt/_gte/_lt/_lte, q (full text over every string), _sort=a,-b with _order=asc,desc,
    //   _page/_limit (limit 10 when only _page is given), _start/_end/_limit, and limit/offset as paging aliases.
    // Keys that are neither operators nor a field of any record are ignored: an API's own query parameters
    // (validated by the engine) must not empty the list.
    ListResult list(const QString &name, const QueryItems &query = {}) const;

    // `idText` is a path segment: "42" matches the integer key 42 as well as the string key "42".
    std::optional<core::Json> get(const QString &name, QStringView idText) const;
    // Stores a new record, assigning its key when it has none (or null). An unknown collection is created with
    // the key "id".
    StoreResult create(const QString &name, core::Json record, KeyKind kind = KeyKind::Integer);
    // Replaces the whole record but keeps its key, whatever the new body says.
    StoreResult replace(const QString &name, QStringView idText, core::Json record);
    // Applies an RFC 7386 JSON Merge Patch. The key is kept. When `accept` is given it sees the merged record
    // first (the engine re-validates it against the schema) and can refuse it.
    StoreResult patch(const QString &name, QStringView idText, const core::Json &mergePatch,
                      const Validator &accept = {});
    StoreResult remove(const QString &name, QStringView idText);

    // RFC 7386 section 2's MergePatch(target, patch).
    static core::Json mergePatch(core::Json target, const core::Json &patch);
    // How a key or a field value reads as text: in a path segment, a filter, a new string key.
    static QString textOf(const core::Json &value);

    // Loads the file if it exists (a JSON or YAML object {collection: [records]}) and saves there from now on.
    // Collections in the file replace collections of the same name. If the file exists but cannot be read, it is
    // not attached, so a typo in it never gets the user's data overwritten. A file that does not exist yet is
    // created at the first save; its folder must exist.
    core::Result<bool> setDataFile(const QString &path);
    QString dataFile() const;
    // How long changes must pause before the data file is rewritten (200 ms by default).
    void setSaveDelay(int ms);
    // The journal size that forces a rewrite while changes go on (at least 1 MiB, else half the data file).
    void setJournalLimit(qint64 bytes);
    // Writes the data file now if anything changed since the last write, and empties the journal. Blocks; call
    // it on shutdown.
    core::Result<bool> flush();
    // Data file writes so far; lets tests prove bursts are coalesced.
    int saveCount() const { return m_saveCount.load(); }

signals:
    // A deferred save failed (flush() returns its error instead). Emitted from the store's save thread.
    void saveFailed(const QString &message);

private:
    struct Collection;

    std::shared_ptr<Collection> find(const QString &name) const;
    std::shared_ptr<Collection> findOrCreate(const QString &name, const QString &key);
    void changed();
    void saveTimerFired();
    core::Json snapshot() const;

    mutable QReadWriteLock m_mapLock;
    QHash<QString, std::shared_ptr<Collection>> m_collections;
    QStringList m_order;

    // Savers hold m_saveMutex from snapshot to rename, so an older snapshot can never overwrite a newer one.
    // Request threads never take it.
    mutable QMutex m_saveMutex;
    QString m_dataFile; // guarded by m_saveMutex
    QThread m_saveThread;
    QTimer *m_saveTimer = nullptr; // lives in m_saveThread and is started and stopped there only
    std::atomic<bool> m_hasDataFile = false;
    std::atomic<bool> m_saveArmed = false;
    std::atomic<quint64> m_generation = 0; // bumped by every change
    quint64 m_savedGeneration = 0; // guarded by m_saveMutex
    std::atomic<int> m_saveCount = 0;
    quint64 m_generationAtTick = 0; // used by the save thread only: did anything change during the last delay?
    qint64 m_journalLimit = 1024 * 1024; // guarded by m_saveMutex, like:
    qint64 m_savedBytes = 0; // the size of the last data file written

    DataJournal m_journal;
};

} // namespace portico::mock
