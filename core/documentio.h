#pragma once

#include "json.h"
#include "result.h"
#include "sourcemap.h"

#include <QByteArray>
#include <QString>

namespace portico::core {

enum class FileFormat { Json, Yaml };

// A parsed document file: its tree, where each value was written, and the syntax it was written in.
struct LoadedFile
{
    QString path;
    FileFormat format = FileFormat::Yaml;
    Json root;
    SourceMap sourceMap;
};

// By extension (.json / .yaml / .yml), else by content (JSON starts with '{' or '[').
FileFormat detectFormat(const QString &path, QByteArrayView content);

// A document file's bytes; errors name the file (cannot open, larger than maxBytes).
Result<QByteArray> readDocumentBytes(const QString &path, qint64 maxBytes = 256LL * 1024 * 1024);
// Reads and parses a JSON or YAML file, keeping key order and positions. Errors carry file, line and column.
Result<LoadedFile> readDocumentFile(const QString &path, qint64 maxBytes = 256LL * 1024 * 1024);
Result<LoadedFile> parseDocument(const QByteArray &content, const QString &path, FileFormat format);

// The canonical bytes of an OpenAPI document: OpenAPI's key order for known objects, the author's order for
// everything they ordered, 2-space indentation. Deterministic: equal documents give equal bytes.
QByteArray serializeDocument(const Json &root, FileFormat format);

// Writes atomically (QSaveFile): a crash or a full disk leaves the previous file intact.
Result<bool> writeFileAtomically(const QString &path, const QByteArray &content);

} // namespace portico::core
