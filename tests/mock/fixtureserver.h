// A mock server on 127.0.0.1 (a free port, one thread) serving a fixture document of tests/data/mock: what
// the end-to-end mock tests start in initTestCase().
#pragma once

#include "core/apidocument.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"

#include <QTest>

namespace portico::testing {

class FixtureServer
{
public:
    // Loads and serves `path`; false (with a test failure recorded) when either fails.
    bool start(const QString &path, QObject *parent)
    {
        core::ApiDocument doc;
        const auto loaded = doc.load(path);
        if (!loaded.ok() || !m_engine.setDocument(doc.root(), {}).ok()) {
            QTest::qFail(qPrintable(QStringLiteral("cannot serve ") + path), __FILE__, __LINE__);
            return false;
        }
        m_server = new mock::MockServer(&m_engine, parent);
        mock::ServerOptions options;
        options.port = 0;
        options.threads = 1;
        return m_server->start(options).ok();
    }
    void stop() { m_server->stop(0); }
    QString baseUrl() const { return m_server->baseUrl(); }

private:
    mock::MockEngine m_engine;
    mock::MockServer *m_server = nullptr;
};

} // namespace portico::testing
