#pragma once

#include <QSslConfiguration>
#include <QString>

namespace portico::mock {

// Why a server TLS configuration cannot serve, or empty when it can. Qt finds a private key that does not
// belong to the certificate only inside a handshake, where it stalls every connection without a word; so
// this shakes hands once with itself over 127.0.0.1 (a few milliseconds, on a thread of its own).
QString tlsConfigurationProblem(const QSslConfiguration &configuration);

} // namespace portico::mock
