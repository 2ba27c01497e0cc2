#include "tlsselfcheck.h"

#include <QEventLoop>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace portico::mock {
namespace {

// Accepts one connection as the TLS server side of the self-check.
class SelfCheckServer final : public QTcpServer
{
public:
    explicit SelfCheckServer(const QSslConfiguration &configuration) : m_configuration(configuration) {}
    std::unique_ptr<QSslSocket> accepted;
    std::function<void()> onAccepted;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        accepted = std::make_unique<QSslSocket>();
        accepted->setSslConfiguration(m_configuration);
        if (accepted->setSocketDescriptor(descriptor) && onAccepted)
            onAccepted();
    }

private:
    const QSslConfiguration m_configuration;
};

QString handshakeWithSelf(const QSslConfiguration &configuration)
{
    SelfCheckServer server(configuration);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return {}; // no loopback to try on: let the real handshakes speak
    QEventLoop loop;
    QString problem = u"the TLS handshake with itself did not finish in 5 s"_s;
    int encrypted = 0;
    const auto done = [&] {
        if (++encrypted == 2) {
            problem.clear();
            loop.quit();
        }
    };
    const auto failed = [&](const QString &why) {
        problem = why;
        loop.quit();
    };
    server.onAccepted = [&] {
        QObject::connect(server.accepted.get(), &QSslSocket::encrypted, &loop, done);
        QObject::connect(server.accepted.get(), &QSslSocket::errorOccurred, &loop,
                         [&] { failed(server.accepted->errorString()); });
        server.accepted->startServerEncryption();
    };
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    QObject::connect(&client, &QSslSocket::encrypted, &loop, done);
    QObject::connect(&client, &QSslSocket::errorOccurred, &loop, [&] {
        // The server side's reason is the useful one; the client only sees the connection go.
        if (server.accepted && !server.accepted->errorString().isEmpty() && server.accepted->error() != QAbstractSocket::UnknownSocketError)
            failed(server.accepted->errorString());
        else
            failed(client.errorString());
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    client.connectToHostEncrypted(u"127.0.0.1"_s, server.serverPort());
    loop.exec();
    return problem;
}

} // namespace

QString tlsConfigurationProblem(const QSslConfiguration &configuration)
{
    if (configuration.localCertificate().isNull())
        return u"the TLS certificate could not be read (a PEM certificate is expected)"_s;
    if (configuration.privateKey().isNull())
        return u"the TLS private key could not be read (an unencrypted PEM key is expected)"_s;
    QString problem;
    std::unique_ptr<QThread> thread(QThread::create([&] { problem = handshakeWithSelf(configuration); }));
    thread->start();
    thread->wait();
    if (problem.isEmpty())
        return {};
    // Qt says only "Unable to init SSL Context" when OpenSSL refuses the key for the certificate.
    return u"the TLS certificate and key cannot serve: does the key belong to the certificate? (%1)"_s.arg(problem.trimmed());
}

} // namespace portico::mock
