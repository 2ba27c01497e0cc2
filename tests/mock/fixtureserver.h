// A mock server on 127.0.0.1 (a free port, one thread) serving a fixture document of tests/data/mock: what
// the end-to-end mock tests start in initTestCase(); and the request helper they share.
#pragma once

#include "core/apidocument.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
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

// Sends `method` with `body` and `headers`, and waits for the whole answer. The reply is deleted at the next
// turn of the event loop.
inline QNetworkReply *sendAndWait(QNetworkAccessManager &network, QNetworkRequest request, const QByteArray &method,
                                  const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        qFatal("no answer");
    reply->deleteLater();
    return reply;
}

} // namespace portico::testing
