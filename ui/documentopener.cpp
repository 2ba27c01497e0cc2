#include "documentopener.h"

#include "backgroundtask.h"

namespace portico::ui {

DocumentOpener::DocumentOpener(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &DocumentOpener::finish);
}

void DocumentOpener::open(const QString &path)
{
    cancel();
    m_path = path;
    m_watcher.setFuture(runInBackground([path] {
        OpenedFile file;
        file.document = core::prepareDocumentFile(path, &file.bytes);
        return file;
    }));
    emit started(path);
}

void DocumentOpener::cancel()
{
    if (m_path.isEmpty())
        return;
    const QString path = std::exchange(m_path, QString());
    // A fresh, finished future in its place: the running one can no longer reach finish().
    m_watcher.setFuture(QFuture<OpenedFile>());
    emit cancelled(path);
}

void DocumentOpener::finish()
{
    if (m_path.isEmpty() || m_watcher.future().resultCount() == 0)
        return;
    const QString path = std::exchange(m_path, QString());
    const OpenedFile file = m_watcher.result();
    if (file.document.ok())
        emit opened(path, file);
    else
        emit failed(path, file.document.error());
}

} // namespace portico::ui
