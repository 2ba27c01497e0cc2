#pragma once

#include "mockrequest.h"

#include <QString>

namespace portico::mock {

// Whether a request may read the server's traces (/_portico/traces and its live stream), which show every
// exchange's headers and bodies. Empty when it may; otherwise why not, for a 403.
//
// Only this machine may: the peer must be a loopback address even when the server listens on the network.
// A web page the developer has open must not read them either: the Host must be an IP address or localhost
// (a page on a domain that resolves to 127.0.0.1, DNS rebinding, names its own domain there); a browser's
// request from another origin is refused (Origin, Sec-Fetch-Site); and no CORS header is ever sent.
QString inspectionRefusal(const MockRequest &request, bool loopbackPeer);

} // namespace portico::mock
