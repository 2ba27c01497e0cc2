#include "security.h"

using namespace Qt::StringLiterals;

namespace portico::mock {
namespace {

enum class Presence { Missing, Malformed, Present };

Presence credentialFor(const MockRequest &request, const SecuritySchemePlan &scheme, QString *credential)
{
    if (scheme.type == u"apiKey") {
        QString value;
        if (scheme.in == u"header")
            value = QString::fromUtf8(request.header(scheme.parameterName.toLower().toLatin1()));
        else if (scheme.in == u"query")
            value = request.queryValues(scheme.parameterName).value(0);
        else if (scheme.in == u"cookie")
            value = request.cookie(scheme.parameterName);
        *credential = value;
        return value.isEmpty() ? Presence::Missing : Presence::Present;
    }
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.isEmpty())
        return Presence::Missing;
    const qsizetype space = authorization.indexOf(' ');
    const QByteArray kind = authorization.left(space).toLower();
    const QByteArray value = space < 0 ? QByteArray() : authorization.mid(space + 1).trimmed();
    const bool basic = scheme.type == u"http" && scheme.scheme == u"basic";
    if (basic) {
        if (kind != "basic" || value.isEmpty())
            return Presence::Malformed;
        const QByteArray decoded = QByteArray::fromBase64(value, QByteArray::AbortOnBase64DecodingErrors);
        if (decoded.isEmpty() || !decoded.contains(':'))
            return Presence::Malformed;
        *credential = QString::fromUtf8(decoded);
        return Presence::Present;
    }
    // http bearer, oauth2 and openIdConnect all present a bearer token.
    if (kind != "bearer" || value.isEmpty())
        return Presence::Malformed;
    *credential = QString::fromUtf8(value);
    return Presence::Present;
}

QByteArray challenge(const SecuritySchemePlan &scheme)
{
    if (scheme.type == u"http" && scheme.scheme == u"basic")
        return "Basic realm=\"portico\"";
    if (scheme.type == u"apiKey")
        return "APIKey in=\"" + scheme.in.toLatin1() + "\", name=\"" + scheme.parameterName.toLatin1() + '"';
    return "Bearer";
}

} // namespace

SecurityOutcome checkSecurity(const MockRequest &request, const CompiledOperation &operation)
{
    SecurityOutcome out;
    if (operation.security.isEmpty())
        return out;
    bool rejected = false;
    for (const auto &requirement : operation.security) {
        if (requirement.isEmpty())
            return out; // `{}`: anonymous access allowed
        bool allPresent = true, allAccepted = true;
        QStringList credentials;
        for (const SecuritySchemePlan *scheme : requirement) {
            QString credential;
            const Presence p = credentialFor(request, *scheme, &credential);
            if (p != Presence::Present) {
                allPresent = false;
                break;
            }
            credentials.append(credential);
            if (!scheme->accepted.isEmpty() && !scheme->accepted.contains(credential))
                allAccepted = false;
        }
        if (allPresent && allAccepted) {
            out.credential = credentials.join(u'|');
            return out;
        }
        rejected = rejected || allPresent;
    }
    const SecuritySchemePlan &first = *operation.security.first().first();
    if (rejected) {
        out.status = 403;
        out.message = u"Invalid authentication credentials"_s;
    } else {
        out.status = 401;
        out.message = u"Not authenticated"_s;
        out.wwwAuthenticate = challenge(first);
    }
    return out;
}

} // namespace portico::mock
