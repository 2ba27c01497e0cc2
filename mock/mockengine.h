#pragma once

#include "mockresponse.h"
#include "routetable.h"
#include "trace.h"

#include "core/result.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace portico::mock {

class ResourceStore;
class RateLimiter;

// The mock server's brain, independent of sockets: turns a request into a response and a trace record
// according to the current compiled document. Thread-safe: server threads call handle() concurrently; the
// route table is immutable and replaced whole by setDocument() (in-flight requests keep the table they
// started with), so nothing on the request path takes a global lock.
class MockEngine : public QObject
{
    Q_OBJECT

public:
    explicit MockEngine(QObject *parent = nullptr);
    ~MockEngine() override;

    // Compiles a document version and swaps it in. On failure the running version stays and the error says why.
    core::Result<bool> setDocument(const core::Json &document, const MockSettings &settings);
    std::shared_ptr<const RouteTable> table() const { return m_table.load(std::memory_order_acquire); }
    // Increments on every successful swap; server threads compare it to refresh their cached table cheaply.
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }

    struct Outcome
    {
        MockResponse response;
        TraceRecord trace;
        bool forwardToProxy = false; // no operation matched and a proxy is configured: the server forwards
    };
    Outcome handle(const MockRequest &request, const RouteTable &table);

    ResourceStore &resources() { return *m_resources; }
    // Drops every stored record and the data file link for an empty store (another project, another data file).
    // Only while no request is being handled and no document is being compiled: both use the store unlocked.
    void resetResources();
    // Writes persisted resource data (called on shutdown).
    core::Result<bool> flush();

private:
    std::atomic<std::shared_ptr<const RouteTable>> m_table;
    std::atomic<quint64> m_generation{0};
    std::atomic<quint64> m_sequence{0};
    std::unique_ptr<ResourceStore> m_resources;
    std::unique_ptr<RateLimiter> m_rateLimiter;
};

// FastAPI-style JSON error body: {"detail": message}.
QByteArray detailMessage(QStringView message);

} // namespace portico::mock
