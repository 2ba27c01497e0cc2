#include "security.h"

#include <QHash>
#include <QRandomGenerator>

#include <optional>

using namespace Qt::StringLiterals;

namespace portico::mock {
namespace {

enum class Presence { Missing, Malformed, Present };

// The auth-params of a Digest answer (RFC 7616 §3.4): `name=token` or `name="quoted"`, comma-separated;
// nullopt when they do not parse.
std::optional<QHash<QByteArray, QByteArray>> digestParameters(QByteArrayView text)
{
    QHash<QByteArray, QByteArray> params;
    qsizetype i = 0;
    const auto skipSpace = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
    };
    while (true) {
        skipSpace();
        const qsizetype nameStart = i;
        while (i < text.size() && text[i] != '=' && text[i] != ',' && text[i] != ' ' && text[i] != '"')
            ++i;
        const QByteArray name = text.sliced(nameStart, i - nameStart).toByteArray().toLower();
        skipSpace();
        if (name.isEmpty() || i >= text.size() || text[i] != '=')
            return std::nullopt;
        ++i;
        skipSpace();
        QByteArray value;
        if (i < text.size() && text[i] == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size())
                    ++i;
                value += text[i];
            }
            if (i >= text.size())
                return std::nullopt; // unterminated quoted string
            ++i;
        } else {
            const qsizetype valueStart = i;
            while (i < text.size() && text[i] != ',' && text[i] != ' ' && text[i] != '\t')
                ++i;
            value = text.sliced(valueStart, i - valueStart).toByteArray();
        }
        params.insert(name, value);
        skipSpace();
        if (i >= text.size())
            return params;
        if (text[i] != ',')
            return std::nullopt;
        ++i;
    }
}

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
    if (scheme.type == u"http" && scheme.scheme == u"digest") {
        // A mock cannot check the response hash (it knows no passwords), as with Basic: it asks for a
        // well-formed answer to its challenge, and the username is the credential.
        const auto params = kind == "digest" ? digestParameters(value) : std::nullopt;
        if (!params)
            return Presence::Malformed;
        for (const char *required : {"username", "realm", "nonce", "uri", "response"}) {
            if (params->value(required).isEmpty())
                return Presence::Malformed;
        }
        *credential = QString::fromUtf8(params->value("username"));
        return Presence::Present;
    }
    // http bearer, oauth2 and openIdConnect all present a bearer token; another http scheme its own name.
    const bool bearer = scheme.type != u"http" || scheme.scheme.isEmpty() || scheme.scheme == u"bearer";
    if (kind != (bearer ? QByteArray("bearer") : scheme.scheme.toLatin1()) || value.isEmpty())
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
    if (scheme.type == u"http" && scheme.scheme == u"digest") {
        const quint64 nonce[2] = {QRandomGenerator::system()->generate64(), QRandomGenerator::system()->generate64()};
        return "Digest realm=\"portico\", qop=\"auth\", algorithm=SHA-256, nonce=\""
            + QByteArray(reinterpret_cast<const char *>(nonce), sizeof nonce).toHex() + '"';
    }
    if (scheme.type == u"http" && !scheme.scheme.isEmpty() && scheme.scheme != u"bearer")
        return scheme.scheme.toLatin1() + " realm=\"portico\"";
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
