#include "documentio.h"

#include "canonicalorder.h"
#include "jsonparser.h"
#include "jsonwriter.h"
#include "yamlio.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace portico::core {

FileFormat detectFormat(const QString &path, QByteArrayView content)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"json")
        return FileFormat::Json;
    if (suffix == u"yaml" || suffix == u"yml")
        return FileFormat::Yaml;
    for (char c : content) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return (c == '{' || c == '[') ? FileFormat::Json : FileFormat::Yaml;
    }
    return FileFormat::Yaml;
}

Result<LoadedFile> parseDocument(const QByteArray &content, const QString &path, FileFormat format)
{
    LoadedFile file;
    file.path = path;
    file.format = format;
    if (format == FileFormat::Json) {
        JsonParseOptions options;
        options.rejectDuplicateKeys = true;
        options.sourceMap = &file.sourceMap;
        auto parsed = JsonParser(options).parse(content);
        if (!parsed.ok()) {
            Error error = parsed.error();
            error.message = u"invalid JSON: "_s + error.message;
            error.location.file = path;
            return error;
        }
        file.root = std::move(parsed).value();
    } else {
        YamlReadOptions options;
        options.sourceMap = &file.sourceMap;
        auto parsed = readYaml(content, options);
        if (!parsed.ok()) {
            Error error = parsed.error();
            error.message = u"invalid YAML: "_s + error.message;
            error.location.file = path;
            return error;
        }
        file.root = std::move(parsed).value();
    }
    return file;
}

Result<QByteArray> readDocumentBytes(const QString &path, qint64 maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{u"cannot open: "_s + f.errorString(), {path}};
    const qint64 size = f.size();
    if (size > maxBytes)
        return Error{u"file is larger than %1 MiB"_s.arg(maxBytes / (1024 * 1024)), {path}};
    if (f.isSequential() || size == 0) {
        QByteArray all = f.read(maxBytes + 1);
        if (all.size() > maxBytes)
            return Error{u"file is larger than %1 MiB"_s.arg(maxBytes / (1024 * 1024)), {path}};
        return all;
    }
    // One buffer of the file's size: readAll() grows its buffer by doubling, which left a 20 MB document
    // in a 32 MB buffer at the peak of loading it.
    QByteArray bytes(size, Qt::Uninitialized);
    qint64 done = 0;
    while (done < size) {
        const qint64 n = f.read(bytes.data() + done, size - done);
        if (n < 0)
            return Error{u"cannot read: "_s + f.errorString(), {path}};
        if (n == 0)
            break; // the file shrank while being read
        done += n;
    }
    bytes.truncate(done);
    return bytes;
}

Result<LoadedFile> readDocumentFile(const QString &path, qint64 maxBytes)
{
    const auto content = readDocumentBytes(path, maxBytes);
    if (!content.ok())
        return content.error();
    return parseDocument(*content, path, detectFormat(path, *content));
}

QByteArray serializeDocument(const Json &root, FileFormat format)
{
    const Json ordered = canonicalOpenApiOrder(root);
    return format == FileFormat::Json ? toJson(ordered, JsonStyle::Indented) : toYaml(ordered);
}

Result<bool> writeFileAtomically(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{u"cannot write: "_s + file.errorString(), {path}};
    if (file.write(content) != content.size()) {
        file.cancelWriting();
        return Error{u"cannot write: "_s + file.errorString(), {path}};
    }
    if (!file.commit())
        return Error{u"cannot save: "_s + file.errorString(), {path}};
    return true;
}

} // namespace portico::core
