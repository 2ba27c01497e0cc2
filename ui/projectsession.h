#pragma once

#include "core/apidocument.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QObject>
#include <QUndoStack>

#include <functional>
#include <optional>

class QFileSystemWatcher;
class QTimer;

namespace portico::ui {

// Unsaved work found in the recovery directory at start-up.
struct RecoveryEntry
{
    QString recoveryFile; // the autosaved document
    QString originalPath; // the project file it belongs to; empty for an untitled project
    QDateTime savedAt;
};

// One open project: the document, its undo stack, its file on disk and the safety nets around it (dirty
// state, external-change detection, autosave to a recovery file). Every edit from every view goes through
// here, so each one is undoable and marks the project dirty. Widgets hold a pointer; the session outlives
// them.
class ProjectSession final : public QObject
{
    Q_OBJECT

public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override;

    core::ApiDocument *document() { return &m_document; }
    const core::ApiDocument *document() const { return &m_document; }
    QUndoStack *undoStack() { return &m_undo; }

    // Opening replaces the project and clears the undo history; on error nothing changes.
    core::Result<bool> open(const QString &path);
    // The same with a document prepared off the GUI thread (see DocumentOpener); `diskBytes` is the file as read.
    void adopt(core::PreparedDocument prepared, const QByteArray &diskBytes);
    // An untitled project from a template (an example project's bytes, or an empty document).
    void newProject(const QByteArray &content = {}, core::FileFormat format = core::FileFormat::Yaml);
    // Saves atomically; an empty path saves to the current file.
    core::Result<bool> save(const QString &path = {});
    // Reloads the file from disk, dropping unsaved edits (the answer to "changed on disk: reload?").
    core::Result<bool> reload();

    QString filePath() const { return m_document.filePath(); }
    bool isUntitled() const { return m_document.filePath().isEmpty(); }
    bool isDirty() const { return m_forcedDirty || !m_undo.isClean(); }
    QString displayName() const;

    // Edits, each one undo step named `text`. A merge id makes consecutive edits of the same pointer merge.
    void setValue(const QString &pointer, const core::Json &value, const QString &text, int mergeId = -1);
    void removeValue(const QString &pointer, const QString &text);
    // Any other edit: runs `edit` on the document and records the whole change as one step. Does nothing
    // (and records nothing) when `edit` returns false or changes nothing.
    bool edit(const QString &text, const std::function<bool(core::ApiDocument &)> &edit);

    // Autosave: every `intervalMs` while dirty, the document goes to a recovery file, removed when the work
    // is saved or discarded. 0 disables it.
    void setAutosaveInterval(int intervalMs);
    QString recoveryFile() const;
    // Writes the recovery file now (the autosave timer does the same with the serialization off the GUI thread).
    bool writeRecovery();
    void discardRecovery();
    static QString recoveryDirectory();
    static QList<RecoveryEntry> pendingRecoveries();
    // Opens unsaved work; the project is dirty and saves to the original file (or asks, if untitled).
    core::Result<bool> recover(const RecoveryEntry &entry);

signals:
    void dirtyChanged(bool dirty);
    void fileChanged(const QString &path); // opened, saved as, or new
    // Another project took this one's place: opened, new or recovered (not the same file reloaded or saved as).
    void projectReplaced();
    // The file was changed by another program; the session keeps the user's version until asked.
    void externallyChanged(const QString &path);

private:
    void autosave();
    void autosaveSerialized();
    bool writeRecoveryBytes(const QByteArray &serialized);
    void watch();
    void setForcedDirty(bool dirty);
    void onDiskChanged(const QString &path);

    core::ApiDocument m_document;
    QUndoStack m_undo;
    QFileSystemWatcher *m_watcher;
    QTimer *m_autosave;
    QFutureWatcher<QByteArray> m_autosaveWatcher;
    QString m_autosaveFile; // the recovery file the running autosave is for
    QByteArray m_diskBytes; // what the file held when we last read or wrote it
    QString m_untitledId;
    bool m_forcedDirty = false;
    bool m_lastDirty = false;
};

} // namespace portico::ui
