#include "inspectionaccess.h"

#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::mock {
namespace {

// A name no other site can make resolve to this machine: an IP literal, or localhost (RFC 6761 reserves it,
// and *.localhost, for loopback).
bool isLocalName(const QString &host)
{
    const QString lower = host.toLower();
    return !QHostAddress(host).isNull() || lower == u"localhost" || lower.endsWith(u".localhost");
}

} // namespace

QString inspectionRefusal(const MockRequest &request, bool loopbackPeer)
{
    if (!loopbackPeer)
        return u"Traces are only served to this machine"_s;
    const QByteArray hostHeader = request.header("host");
    const QUrl host(u"http://"_s + QString::fromLatin1(hostHeader));
    if (hostHeader.isEmpty() || !host.isValid() || !isLocalName(host.host()))
        return u"Traces are only served to a Host that is an IP address or localhost"_s;
    const QByteArray fetchSite = request.header("sec-fetch-site");
    if (fetchSite == "cross-site" || fetchSite == "same-site")
        return u"Traces are not served to other sites"_s;
    if (request.hasHeader("origin")) {
        const QUrl origin(QString::fromLatin1(request.header("origin")));
        const int defaultPort = origin.scheme() == u"https" ? 443 : 80;
        if (!origin.isValid() || origin.host().compare(host.host(), Qt::CaseInsensitive) != 0
            || origin.port(defaultPort) != host.port(defaultPort))
            return u"Traces are not served to other origins"_s;
    }
    return {};
}

} // namespace portico::mock
