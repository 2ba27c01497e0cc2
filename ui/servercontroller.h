#pragma once

#include "mock/projectsettings.h"
#include "mock/trace.h"

#include "core/json.h"
#include "core/result.h"

#include <QDateTime>
#include <QObject>
#include <QThreadPool>
#include <QUrl>

#include <functional>
#include <memory>

namespace portico::core {
class ApiDocument;
}
namespace portico::mock {
class MockEngine;
class MockServer;
} // namespace portico::mock

namespace portico::ui {

// Runs the open project as a live mock server from the window. The server has its own threads; compiling a
// document version happens on a pool thread and the result is swapped into the running engine, so the GUI
// never waits on either. Edits reach the server when the Problems check finds no errors; a document with
// errors leaves the last good version serving, and the status says so.
class ServerController final : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Failed };
    Q_ENUM(State)

    explicit ServerController(core::ApiDocument *document, QObject *parent = nullptr);
    ~ServerController() override;

    // Starts on `host`:`port` (0 picks a free port) with the project's x-portico run settings. Returns at
    // once; stateChanged() reports Running or Failed.
    void start(const QString &host, quint16 port);
    void stop();

    State state() const { return m_state; }
    QString statusText() const { return m_status; }
    bool statusIsWarning() const { return m_warning; }
    QUrl baseUrl() const; // empty unless running
    // After a start failed because the port is taken: a free port close to it, else 0.
    quint16 suggestedPort() const { return m_suggestedPort; }
    // Whether the running server has the document as it is now (false while it has errors or is compiling).
    bool servingLatest() const { return m_state == State::Running && !m_compiling && m_errorCount == 0 && !m_stale; }
    mock::MockServer *server() const { return m_server.get(); }

    // Another project was opened (or a new one started) in this window: a running server stops, writing its data
    // file, and the next run starts from an empty resource store, so no record of the old project shows up.
    void projectReplaced();

    // The Problems check finished with `errorCount` errors: apply the document if it has none.
    void documentChecked(int errorCount);

    static quint16 findFreePort(const QHostAddress &host, quint16 from);

signals:
    void stateChanged(portico::ui::ServerController::State state);
    void statusChanged(const QString &text, bool warning);
    void documentApplied(); // a new version of the document reached the running server
    void tracesRecorded(const QList<portico::mock::TraceRecord> &records);

private:
    void compile(std::function<void(const core::Result<bool> &)> done);
    void applyLatest();
    core::Result<bool> attachDataFile();
    void bind();
    void setState(State state, const QString &status, bool warning = false);

    core::ApiDocument *m_document;
    std::unique_ptr<mock::MockEngine> m_engine;
    std::unique_ptr<mock::MockServer> m_server;
    QThreadPool m_compiler; // one thread: versions are compiled in order
    State m_state = State::Stopped;
    QString m_status;
    bool m_warning = false;
    QHostAddress m_host;
    quint16 m_port = 0;
    quint16 m_suggestedPort = 0;
    int m_errorCount = 0;
    bool m_compiling = false;
    bool m_stale = false; // the document changed since the version being served or compiled
    core::Json m_compiledRoot; // the version last handed to the compiler (a shared copy)
    bool m_freshStore = false; // the resource store still holds the previous project's records
    // Counts start() and stop() calls: a compilation that finishes after its run was stopped is ignored, even when
    // a new run has started meanwhile (with, perhaps, another project's document).
    quint64 m_run = 0;
    QDateTime m_appliedAt;
};

} // namespace portico::ui
