#include "credentialredaction.h"

#include "routetable.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::mock {
namespace {

const QByteArray kRedacted = "REDACTED";

// "Bearer abc" → "Bearer REDACTED"; a value without a scheme is replaced whole.
QByteArray redactAuthorization(const QByteArray &value)
{
    const qsizetype space = value.indexOf(' ');
    return space > 0 ? value.left(space + 1) + kRedacted : kRedacted;
}

// "a=1; b=2" → "a=REDACTED; b=REDACTED"
QByteArray redactCookieHeader(const QByteArray &value)
{
    QByteArrayList pairs = value.split(';');
    for (QByteArray &pair : pairs) {
        const qsizetype equals = pair.indexOf('=');
        if (equals >= 0)
            pair = pair.left(equals + 1) + kRedacted;
    }
    return pairs.join(';');
}

// "id=abc; Path=/; HttpOnly" → "id=REDACTED; Path=/; HttpOnly": the attributes are not secret.
QByteArray redactSetCookie(const QByteArray &value)
{
    const qsizetype equals = value.indexOf('=');
    if (equals < 0)
        return value;
    const qsizetype end = value.indexOf(';', equals);
    return value.left(equals + 1) + kRedacted + (end < 0 ? QByteArray() : value.mid(end));
}

// The request target with the values of credential query parameters replaced.
QByteArray redactTarget(const QByteArray &target, const QSet<QString> &names)
{
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return target;
    QByteArrayList pairs = target.mid(question + 1).split('&');
    bool changed = false;
    for (QByteArray &pair : pairs) {
        const qsizetype equals = pair.indexOf('=');
        const QByteArray rawName = equals < 0 ? pair : pair.left(equals);
        QByteArray decoded = rawName;
        decoded.replace('+', ' ');
        if (!names.contains(QUrl::fromPercentEncoding(decoded)))
            continue;
        pair = rawName + '=' + kRedacted;
        changed = true;
    }
    return changed ? target.left(question + 1) + pairs.join('&') : target;
}

// A validation error's `input` at a credential (a malformed API key) is the credential.
void redactErrorInputs(core::Json &errors, const CredentialPlaces &places)
{
    if (!errors.isArray())
        return;
    for (core::Json &error : errors.array()) {
        const core::JsonArray &loc = error[u"loc"].toArray();
        if (loc.size() < 2 || !error.toObject().contains(u"input"))
            continue;
        const QString where = loc[0].toString(), name = loc[1].toString();
        const bool secret = (where == u"header" && places.headers.contains(name.toLower().toUtf8()))
            || (where == u"query" && places.queryParameters.contains(name))
            || (where == u"cookie");
        if (secret)
            error.object().insert(u"input"_s, core::Json(QString::fromLatin1(kRedacted)));
    }
}

} // namespace

CredentialPlaces::CredentialPlaces()
    : headers{"authorization", "proxy-authorization", "cookie", "set-cookie"},
      queryParameters{u"access_token"_s} // RFC 6750 §2.3
{
}

void CredentialPlaces::add(const SecuritySchemePlan &scheme)
{
    if (scheme.type != u"apiKey" || scheme.parameterName.isEmpty())
        return;
    if (scheme.in == u"header")
        headers.insert(scheme.parameterName.toLower().toUtf8());
    else if (scheme.in == u"query")
        queryParameters.insert(scheme.parameterName);
}

void redactCredentials(TraceRecord &trace, const CredentialPlaces &places)
{
    for (HeaderList *headers : {&trace.requestHeaders, &trace.responseHeaders}) {
        for (auto &[name, value] : *headers) {
            if (!places.headers.contains(name))
                continue;
            if (name == "authorization" || name == "proxy-authorization")
                value = redactAuthorization(value);
            else if (name == "cookie")
                value = redactCookieHeader(value);
            else if (name == "set-cookie")
                value = redactSetCookie(value);
            else
                value = kRedacted;
        }
    }
    trace.target = redactTarget(trace.target, places.queryParameters);
    redactErrorInputs(trace.requestErrors, places);
}

} // namespace portico::mock
