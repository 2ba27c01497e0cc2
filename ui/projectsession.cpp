#include "projectsession.h"

#include "backgroundtask.h"
#include "undocommands.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QStandardPaths>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::ApiDocument;
using core::Json;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

ProjectSession::ProjectSession(QObject *parent)
    : QObject(parent), m_watcher(new QFileSystemWatcher(this)), m_autosave(new QTimer(this)),
      m_untitledId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this] { setForcedDirty(m_forcedDirty); });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ProjectSession::onDiskChanged);
    connect(m_autosave, &QTimer::timeout, this, &ProjectSession::autosave);
    connect(&m_autosaveWatcher, &QFutureWatcherBase::finished, this, &ProjectSession::autosaveSerialized);
    setAutosaveInterval(5000);
}

ProjectSession::~ProjectSession()
{
    // A clean exit leaves no recovery file behind; only a crash or a kill does.
    if (!isDirty())
        discardRecovery();
}

QString ProjectSession::displayName() const
{
    return isUntitled() ? tr("Untitled") : QFileInfo(filePath()).fileName();
}

core::Result<bool> ProjectSession::open(const QString &path)
{
    QByteArray bytes;
    auto prepared = core::prepareDocumentFile(path, &bytes);
    if (!prepared.ok())
        return prepared.error();
    adopt(std::move(prepared).value(), bytes);
    return true;
}

void ProjectSession::adopt(core::PreparedDocument prepared, const QByteArray &diskBytes)
{
    const QString previousRecovery = recoveryFile();
    const QString previousPath = m_document.filePath();
    m_document.install(std::move(prepared));
    QFile::remove(previousRecovery);
    m_undo.clear();
    m_diskBytes = diskBytes;
    m_forcedDirty = false;
    setForcedDirty(false);
    watch();
    emit fileChanged(m_document.filePath());
    if (previousPath.isEmpty() || QFileInfo(m_document.filePath()) != QFileInfo(previousPath))
        emit projectReplaced();
}

void ProjectSession::newProject(const QByteArray &content, core::FileFormat format)
{
    discardRecovery();
    m_untitledId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    if (!content.isEmpty())
        ok = m_document.loadFromData(content, QString(), format).ok();
    if (!ok) {
        (void)m_document.loadFromData(core::toJson(ApiDocument::emptyDocument(), core::JsonStyle::Indented), QString(),
                                      core::FileFormat::Json);
        m_document.setFormat(core::FileFormat::Yaml);
    }
    m_undo.clear();
    m_diskBytes.clear();
    setForcedDirty(false);
    watch();
    emit fileChanged(QString());
    emit projectReplaced();
}

core::Result<bool> ProjectSession::save(const QString &path)
{
    const QString previousRecovery = recoveryFile();
    if (!path.isEmpty()) {
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix == u"json")
            m_document.setFormat(core::FileFormat::Json);
        else if (suffix == u"yaml" || suffix == u"yml")
            m_document.setFormat(core::FileFormat::Yaml);
    }
    const QString before = m_document.filePath();
    auto saved = m_document.save(path);
    if (!saved.ok())
        return saved;
    QFile::remove(previousRecovery);
    m_diskBytes = m_document.serialized();
    m_undo.setClean();
    setForcedDirty(false);
    watch();
    if (before != m_document.filePath())
        emit fileChanged(m_document.filePath());
    return true;
}

core::Result<bool> ProjectSession::reload()
{
    if (isUntitled())
        return core::Error{tr("the project has no file to reload"), {}};
    return open(filePath());
}

void ProjectSession::setValue(const QString &pointer, const Json &value, const QString &text, int mergeId)
{
    if (const Json *current = core::jsonpointer::resolve(m_document.root(), pointer); current && current->identical(value))
        return;
    m_undo.push(new SetValueCommand(&m_document, pointer, value, text, mergeId));
}

void ProjectSession::removeValue(const QString &pointer, const QString &text)
{
    if (!core::jsonpointer::resolve(m_document.root(), pointer))
        return;
    m_undo.push(new SetValueCommand(&m_document, pointer, std::nullopt, text));
}

bool ProjectSession::edit(const QString &text, const std::function<bool(ApiDocument &)> &edit)
{
    const Json before = m_document.root();
    if (!edit(m_document))
        return false;
    const Json after = m_document.root();
    if (after.identical(before))
        return false;
    m_undo.push(new SnapshotCommand(&m_document, before, after, text));
    return true;
}

void ProjectSession::setForcedDirty(bool dirty)
{
    m_forcedDirty = dirty;
    const bool now = isDirty();
    if (now != m_lastDirty) {
        m_lastDirty = now;
        emit dirtyChanged(now);
    }
    if (!now)
        discardRecovery();
}

void ProjectSession::watch()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!isUntitled())
        m_watcher->addPath(filePath());
}

void ProjectSession::onDiskChanged(const QString &path)
{
    // Atomic writers (ours included) replace the file, which drops it from the watch list.
    if (!m_watcher->files().contains(path) && QFileInfo::exists(path))
        m_watcher->addPath(path);
    const QByteArray bytes = readAll(path);
    if (bytes == m_diskBytes || !QFileInfo::exists(path))
        return;
    m_diskBytes = bytes;
    emit externallyChanged(path);
}

void ProjectSession::setAutosaveInterval(int intervalMs)
{
    m_autosave->stop();
    if (intervalMs > 0)
        m_autosave->start(intervalMs);
}

QString ProjectSession::recoveryDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/recovery"_s;
}

QString ProjectSession::recoveryFile() const
{
    const QByteArray key = isUntitled() ? m_untitledId.toUtf8() : QFileInfo(filePath()).absoluteFilePath().toUtf8();
    const QString name = QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16));
    return recoveryDirectory() + u'/' + name + (m_document.format() == core::FileFormat::Json ? u".json"_s : u".yaml"_s);
}

bool ProjectSession::writeRecovery()
{
    return writeRecoveryBytes(m_document.serialized());
}

// The timer's autosave: serializing a large spec takes seconds, so it happens on a snapshot off the GUI thread;
// only the write comes back here, and only while the work it holds is still unsaved and still this project's.
void ProjectSession::autosave()
{
    if (!isDirty() || m_autosaveWatcher.isRunning())
        return;
    m_autosaveFile = recoveryFile();
    m_autosaveWatcher.setFuture(runInBackground([root = m_document.root(), format = m_document.format()] {
        return core::serializeDocument(root, format);
    }));
}

void ProjectSession::autosaveSerialized()
{
    if (m_autosaveWatcher.future().resultCount() == 0 || !isDirty() || recoveryFile() != m_autosaveFile)
        return; // saved, discarded or replaced meanwhile
    writeRecoveryBytes(m_autosaveWatcher.result());
}

bool ProjectSession::writeRecoveryBytes(const QByteArray &serialized)
{
    QDir().mkpath(recoveryDirectory());
    const QString file = recoveryFile();
    if (!core::writeFileAtomically(file, serialized).ok())
        return false;
    const Json meta(core::JsonObject{{u"file"_s, Json(isUntitled() ? QString() : QFileInfo(filePath()).absoluteFilePath())},
                                     {u"savedAt"_s, Json(QDateTime::currentDateTimeUtc().toString(Qt::ISODate))}});
    return core::writeFileAtomically(file + u".meta"_s, core::toJson(meta)).ok();
}

void ProjectSession::discardRecovery()
{
    const QString file = recoveryFile();
    QFile::remove(file);
    QFile::remove(file + u".meta"_s);
}

QList<RecoveryEntry> ProjectSession::pendingRecoveries()
{
    QList<RecoveryEntry> out;
    const QDir dir(recoveryDirectory());
    const auto metas = dir.entryInfoList({u"*.meta"_s}, QDir::Files, QDir::Time);
    for (const QFileInfo &meta : metas) {
        const QString file = meta.absoluteFilePath().chopped(5);
        if (!QFileInfo::exists(file))
            continue;
        const Json m = core::parseJson(readAll(meta.absoluteFilePath()));
        out.append({file, m[u"file"].toString(), QDateTime::fromString(m[u"savedAt"].toString(), Qt::ISODate)});
    }
    return out;
}

core::Result<bool> ProjectSession::recover(const RecoveryEntry &entry)
{
    const QByteArray bytes = readAll(entry.recoveryFile);
    const auto format = core::detectFormat(entry.recoveryFile, bytes);
    auto loaded = m_document.loadFromData(bytes, entry.originalPath, format);
    if (!loaded.ok())
        return loaded;
    QFile::remove(entry.recoveryFile);
    QFile::remove(entry.recoveryFile + u".meta"_s);
    m_untitledId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_undo.clear();
    m_diskBytes = entry.originalPath.isEmpty() ? QByteArray() : readAll(entry.originalPath);
    setForcedDirty(true);
    writeRecovery();
    watch();
    emit fileChanged(m_document.filePath());
    emit projectReplaced();
    return true;
}

} // namespace portico::ui
