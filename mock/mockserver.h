#pragma once

#include "trace.h"

#include "core/result.h"

#include <QHostAddress>
#include <QObject>
#include <QReadWriteLock>
#include <QSslConfiguration>

#include <atomic>
#include <memory>
#include <vector>

namespace portico::mock {

class MockEngine;
class TraceBuffer;
class WorkerThread;

struct ServerLimits
{
    qint64 maxBodyBytes = 10 * 1024 * 1024; // 413 beyond
    int maxHeaderBytes = 16 * 1024; // 431 beyond
    int maxConnections = 20000; // per worker thread
    int headerTimeoutMs = 10000; // a request head must arrive whole within this (slowloris)
    // A body has headerTimeoutMs plus one second per this many bytes received (Apache's mod_reqtimeout
    // MinRate): a large upload on a slow link goes through, 1 byte a second does not hold a connection.
    int minBodyBytesPerSecond = 500;
    int idleTimeoutMs = 120000; // an idle keep-alive connection is closed after this
};

struct ServerOptions
{
    QHostAddress host = QHostAddress::LocalHost; // secure default: loopback only
    quint16 port = 8000; // 0 picks a free port
    int threads = 0; // 0: one per core
    ServerLimits limits;
    int traceCapacity = 10000;
    qsizetype traceBytes = 64 * 1024 * 1024; // all workers together
    bool traceSecrets = false; // keep credentials in traces (off: they are redacted)
    std::optional<QSslConfiguration> tls;
};

// Runs the engine on real sockets: N worker threads, each with its own event loop, QAbstractHttpServer and
// SO_REUSEPORT listening socket on the same port (the kernel spreads connections), so requests on different
// threads share nothing but the immutable route table. Lives in the thread that creates it (GUI or main).
class MockServer : public QObject
{
    Q_OBJECT

public:
    explicit MockServer(MockEngine *engine, QObject *parent = nullptr);
    ~MockServer() override;

    // Binds and starts the workers; the error names the address when the port is taken.
    core::Result<quint16> start(const ServerOptions &options);
    // Stops accepting, lets in-flight responses finish (up to `graceMs`), then stops the threads. Never waits
    // longer than the grace period (at least a second): a worker still busy then is left to finish on its own
    // and false is returned; a process about to exit should not wait for it (portico serve saves, then exits).
    bool stop(int graceMs = 2000);
    bool isRunning() const { return !m_workers.empty(); }
    quint16 port() const { return m_port; }
    QString baseUrl() const;

    // Retained traces (every worker's ring buffer) with an id above afterId, oldest first; with a limit, the
    // first `limit` of them.
    QList<TraceRecord> traces(quint64 afterId = 0, qsizetype limit = -1) const;
    void clearTraces();
    qint64 requestCount() const;

signals:
    // Batched (every few tens of milliseconds per worker thread, oldest first) so that thousands of requests
    // per second cost the receiving thread a handful of events, not one each.
    void tracesRecorded(const QList<portico::mock::TraceRecord> &records);

private:
    friend class WorkerHttpServer;
    MockEngine *m_engine;
    std::atomic<qint64> m_requestCount{0};
    // Workers take it shared to number and store a trace, snapshots exclusively: a poller of
    // /_portico/traces?after=N then never sees id N+2 before N+1 is stored, and workers never wait on each other.
    mutable QReadWriteLock m_traceLock;
    std::atomic<quint64> m_nextTraceId{0};
    std::vector<std::unique_ptr<WorkerThread>> m_workers;
    // Workers that were still busy when stop() gave up; they use this server until they end.
    std::vector<std::unique_ptr<WorkerThread>> m_abandoned;
    quint16 m_port = 0;
    ServerOptions m_options;
};

} // namespace portico::mock
