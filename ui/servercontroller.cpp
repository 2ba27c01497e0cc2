#include "servercontroller.h"

#include "core/apidocument.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"
#include "mock/resourcestore.h"

#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace portico::ui {

ServerController::ServerController(core::ApiDocument *document, QObject *parent)
    : QObject(parent), m_document(document), m_engine(std::make_unique<mock::MockEngine>()),
      m_server(std::make_unique<mock::MockServer>(m_engine.get()))
{
    m_compiler.setMaxThreadCount(1);
    connect(m_server.get(), &mock::MockServer::tracesRecorded, this, &ServerController::tracesRecorded);
}

ServerController::~ServerController()
{
    m_compiler.waitForDone();
    m_server->stop(0);
    (void)m_engine->flush(); // nobody is left to tell; stop() reports a failed write while the window lives
}

QUrl ServerController::baseUrl() const
{
    return m_state == State::Running ? QUrl(m_server->baseUrl()) : QUrl();
}

void ServerController::start(const QString &host, quint16 port)
{
    if (m_state == State::Starting || m_state == State::Running)
        return;
    m_host = QHostAddress(host.trimmed() == u"localhost" ? u"127.0.0.1"_s : host.trimmed());
    m_port = port;
    m_suggestedPort = 0;
    if (m_host.isNull()) {
        setState(State::Failed, tr("“%1” is not an IP address (try 127.0.0.1, or 0.0.0.0 for every interface).").arg(host), true);
        return;
    }
    if (const auto attached = attachDataFile(); !attached.ok()) {
        setState(State::Failed, tr("Data file: %1").arg(attached.error().toString()), true);
        return;
    }
    ++m_run;
    setState(State::Starting, tr("Starting…"));
    m_stale = false;
    compile([this](const core::Result<bool> &compiled) {
        if (m_state != State::Starting)
            return; // stopped meanwhile
        if (!compiled.ok()) {
            setState(State::Failed, tr("The document cannot be served: %1").arg(compiled.error().toString()), true);
            return;
        }
        bind();
    });
}

core::Result<bool> ServerController::attachDataFile()
{
    const QString path = mock::readProjectSettings(m_document->root()).dataFilePath(m_document->filePath());
    // Records belong to their data file (or to the project when there is none): another file, another store, or
    // the old records would be written into the new file.
    if (m_freshStore || path != m_engine->resources().dataFile()) {
        m_compiler.waitForDone(); // a compilation of an earlier run may still be seeding the old store
        m_engine->resetResources();
        m_freshStore = false;
    }
    if (path.isEmpty() || path == m_engine->resources().dataFile())
        return true;
    return m_engine->resources().setDataFile(path);
}

void ServerController::bind()
{
    mock::ServerOptions options;
    options.host = m_host;
    options.port = m_port;
    options.threads = mock::readProjectSettings(m_document->root()).threads;
    const auto started = m_server->start(options);
    if (!started.ok()) {
        QString message = tr("Cannot listen on %1:%2 — the port is in use or not allowed.").arg(m_host.toString()).arg(m_port);
        if (m_port != 0 && (m_suggestedPort = findFreePort(m_host, quint16(m_port + 1))) != 0)
            message += u' ' + tr("Port %1 is free.").arg(m_suggestedPort);
        setState(State::Failed, message, true);
        return;
    }
    m_appliedAt = QDateTime::currentDateTime();
    setState(State::Running, tr("Running at %1").arg(m_server->baseUrl()));
    if (m_stale || m_errorCount > 0)
        documentChecked(m_errorCount); // edited while starting
}

void ServerController::stop()
{
    if (m_state == State::Stopped)
        return;
    ++m_run;
    m_server->stop(200);
    if (const auto flushed = m_engine->flush(); !flushed.ok())
        setState(State::Stopped, tr("Stopped, but the data file was not written: %1").arg(flushed.error().toString()), true);
    else
        setState(State::Stopped, tr("Stopped"));
}

void ServerController::projectReplaced()
{
    m_freshStore = true;
    if (m_state == State::Running || m_state == State::Starting) {
        stop();
        if (!m_warning)
            setState(State::Stopped, tr("Stopped: another project was opened"));
    }
}

void ServerController::documentChecked(int errorCount)
{
    m_errorCount = errorCount;
    m_stale = true;
    if (m_state != State::Running)
        return; // start() compiles the document as it is then
    if (errorCount == 0 && m_document->root().sharesStorageWith(m_compiledRoot)) {
        m_stale = false; // a check of the version already compiled (it finished while the server started)
        return;
    }
    if (errorCount > 0) {
        const QString errors = errorCount == 1 ? tr("1 error") : tr("%1 errors").arg(errorCount);
        setState(State::Running,
                 tr("The document has %1: still serving the version of %2")
                     .arg(errors, QLocale().toString(m_appliedAt.time(), QLocale::ShortFormat)),
                 true);
        return;
    }
    applyLatest();
}

void ServerController::applyLatest()
{
    if (m_compiling)
        return; // the running compilation's completion comes back here
    m_stale = false;
    compile([this](const core::Result<bool> &compiled) {
        if (m_state != State::Running)
            return;
        if (compiled.ok()) {
            m_appliedAt = QDateTime::currentDateTime();
            setState(State::Running, tr("Running at %1").arg(m_server->baseUrl()));
            emit documentApplied();
        } else {
            setState(State::Running, tr("Still serving the previous version: %1").arg(compiled.error().toString()), true);
        }
        if (m_stale && m_errorCount == 0)
            applyLatest();
    });
}

void ServerController::compile(std::function<void(const core::Result<bool> &)> done)
{
    m_compiling = true;
    // Json is copy-on-write: the pool thread reads this version while the user goes on editing theirs.
    const core::Json root = m_document->root();
    m_compiledRoot = root;
    const mock::MockSettings settings = mock::readProjectSettings(root).mock;
    m_compiler.start([this, engine = m_engine.get(), root, settings, run = m_run, done = std::move(done)] {
        const core::Result<bool> compiled = engine->setDocument(root, settings);
        QMetaObject::invokeMethod(this, [this, compiled, run, done] {
            if (run != m_run)
                return; // its run was stopped; a later run's compilation is queued behind it, if any
            m_compiling = false;
            done(compiled);
        }, Qt::QueuedConnection);
    });
}

void ServerController::setState(State state, const QString &status, bool warning)
{
    const bool changed = state != m_state;
    m_state = state;
    m_status = status;
    m_warning = warning;
    if (changed)
        emit stateChanged(state);
    emit statusChanged(status, warning);
}

quint16 ServerController::findFreePort(const QHostAddress &host, quint16 from)
{
    for (quint32 port = from; port < quint32(from) + 100 && port < 65536; ++port) {
        QTcpServer probe;
        if (probe.listen(host, quint16(port)))
            return quint16(port);
    }
    return 0;
}

} // namespace portico::ui
