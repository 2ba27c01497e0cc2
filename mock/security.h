#pragma once

#include "mockrequest.h"
#include "routetable.h"

namespace portico::mock {

// Checks a request's credentials against an operation's security requirements (alternatives OR-ed, schemes
// within one requirement AND-ed), as FastAPI's security dependencies do.
struct SecurityOutcome
{
    int status = 0; // 0 ok, 401 missing or malformed, 403 present but not accepted
    QByteArray wwwAuthenticate;
    QString credential; // the credential that passed (rate limits count per credential)
    QString message;
};

SecurityOutcome checkSecurity(const MockRequest &request, const CompiledOperation &operation);

} // namespace portico::mock
