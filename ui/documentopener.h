#pragma once

#include "core/apidocument.h"

#include <QFutureWatcher>
#include <QObject>

namespace portico::ui {

// A document file read, parsed, converted and bundled off the GUI thread: a large spec takes seconds, and the
// window must stay responsive (and cancellable) meanwhile.
struct OpenedFile
{
    core::Result<core::PreparedDocument> document = core::Error{};
    QByteArray bytes; // the file as read, to notice later changes on disk
};

// Opens one file at a time in the background; a new open or cancel() drops the result of the previous one
// (its worker finishes on its own, nothing waits for it).
class DocumentOpener final : public QObject
{
    Q_OBJECT

public:
    explicit DocumentOpener(QObject *parent = nullptr);

    void open(const QString &path);
    void cancel();
    bool isBusy() const { return !m_path.isEmpty(); }
    const QString &path() const { return m_path; }

signals:
    void started(const QString &path);
    // On the GUI thread, when the file is ready to install.
    void opened(const QString &path, const OpenedFile &file);
    void failed(const QString &path, const core::Error &error);
    void cancelled(const QString &path);

private:
    void finish();

    QFutureWatcher<OpenedFile> m_watcher;
    QString m_path;
};

} // namespace portico::ui
