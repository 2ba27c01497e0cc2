#pragma once

#include "core/json.h"
#include "core/result.h"

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QString>

namespace portico::mock {

// An append-only log of the resource store's changes, one JSON object per line, kept next to the data file
// (`data.json.journal`). The store writes a change here before it applies it, so before the client gets its
// 2xx; once write() has returned the bytes belong to the kernel, and killing the process cannot lose them. The
// data file stays the readable form: a compaction rewrites it from memory and then drops the journal's lines
// that it now holds.
//
// Entries are idempotent — a record put whole, a key removed, everything cleared — so replaying one that the
// data file already holds changes nothing. Only their order matters, and the journal keeps it.
class DataJournal
{
public:
    static QString pathFor(const QString &dataFile);

    // The lines that say: store `record` (keyed by its `keyProperty`) in `collection`; remove the record whose
    // key is `key`; forget every collection. Each ends with a newline.
    static QByteArray putEntry(const QString &collection, const QString &keyProperty, const core::Json &record);
    static QByteArray removeEntry(const QString &collection, const QString &keyProperty, const core::Json &key);
    static QByteArray clearEntry();

    // Applies the journal at `path` to `collections` ({name: [records]}, as read from the data file) and records
    // in `keys` the key property each replayed collection uses. A journal that does not exist changes nothing. A
    // last line without its newline is a write that a crash cut short, and is ignored; any other line that cannot
    // be read is an error naming the file and line, so a damaged journal is never half applied. Removed records
    // are left as nulls, which loading skips. Linear in the journal and the data.
    static core::Result<bool> replay(const QString &path, core::JsonObject &collections,
                                     QHash<QString, QString> &keys);

    core::Result<bool> open(const QString &path);
    void close();
    // Appends whole lines in one write. May be called from any thread.
    core::Result<bool> append(const QByteArray &lines);
    // Bytes written so far: what a compaction that starts now will hold.
    qint64 size() const;
    // Drops the first `bytes` bytes, which a new data file now holds, keeping anything appended since.
    core::Result<bool> dropBefore(qint64 bytes);

private:
    core::Result<bool> openForAppending(); // m_file, under m_mutex

    mutable QMutex m_mutex;
    QFile m_file;
    qint64 m_size = 0;
};

} // namespace portico::mock
