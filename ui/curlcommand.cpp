#include "curlcommand.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace portico::ui {

using mock::firstHeader;
using mock::headerText;

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

bool isConnectionHeader(QByteArrayView name)
{
    static const QByteArrayView kHeaders[] = {
        "host", "content-length", "connection", "keep-alive",       "transfer-encoding",
        "te",   "trailer",        "upgrade",    "proxy-connection", "expect"};
    for (QByteArrayView header : kHeaders) {
        if (name.compare(header, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QUrl replayUrl(const mock::TraceRecord &record, const QUrl &base)
{
    const QString target = headerText(record.target);
    QString path = target;
    if (target.startsWith(u"http://", Qt::CaseInsensitive) || target.startsWith(u"https://", Qt::CaseInsensitive)) {
        // absolute-form (a request through a proxy): keep only path and query
        const QUrl absolute(target);
        path = absolute.path(QUrl::FullyEncoded) +
               (absolute.hasQuery() ? u"?"_s + absolute.query(QUrl::FullyEncoded) : QString());
    }
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    QString root;
    if (base.isValid() && !base.isEmpty()) {
        root = base.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash | QUrl::FullyEncoded);
    } else {
        const QByteArray host = firstHeader(record.requestHeaders, "host").trimmed();
        root = u"http://"_s + (host.isEmpty() ? u"127.0.0.1"_s : headerText(host));
    }
    // TolerantMode keeps the recorded percent-encoding as it was sent.
    return QUrl(root + path, QUrl::TolerantMode);
}

QString curlCommand(const mock::TraceRecord &record, const QUrl &base)
{
    QStringList parts{u"curl"_s};
    const QString method = QString::fromLatin1(record.method);
    const bool hasBody = !record.requestBody.isEmpty();
    if (method == u"HEAD")
        parts << u"--head"_s;
    else if (!(method == u"GET" && !hasBody) && !(method == u"POST" && hasBody))
        parts << u"-X"_s << shellQuote(method);
    parts << shellQuote(replayUrl(record, base).toString(QUrl::FullyEncoded));
    for (const auto &[name, value] : record.requestHeaders) {
        if (!isConnectionHeader(name))
            parts << u"-H"_s << shellQuote(headerText(name) + u": "_s + headerText(value));
    }
    if (!hasBody)
        return parts.join(u' ');
    if (!record.requestHeaders.isEmpty() && firstHeader(record.requestHeaders, "content-type").isEmpty())
        parts << u"-H"_s << shellQuote(u"Content-Type:"_s); // else curl would add a form media type
    if (record.requestBody.isValidUtf8() && !record.requestBody.contains('\0')) {
        // --data-raw sends the text as is (--data would read "@file" and strip newlines)
        parts << u"--data-raw"_s << shellQuote(QString::fromUtf8(record.requestBody));
        return parts.join(u' ');
    }
    parts << u"--data-binary"_s << u"@-"_s;
    return u"printf '%s' "_s + shellQuote(QString::fromLatin1(record.requestBody.toBase64())) + u" | base64 -d | "_s +
           parts.join(u' ');
}

} // namespace portico::ui
