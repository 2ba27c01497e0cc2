#pragma once

#include <QString>

namespace portico::core {

class ApiDocument;

// Renames that follow every place the name is used, so a rename never leaves a dangling reference behind.
// Each returns false (and changes nothing) when `from` is not declared, `to` is empty or already declared.
// Operations are looked up under `paths`, `webhooks`, `components/pathItems`, `components/callbacks` and
// the callbacks of operations.

// The tag in `tags`, every operation's `tags` and Redoc's `x-tagGroups`.
bool renameTag(ApiDocument &document, const QString &from, const QString &to);

// The scheme in `components/securitySchemes` (keeping its position) and every security requirement naming
// it: the document's default `security` and each operation's.
bool renameSecurityScheme(ApiDocument &document, const QString &from, const QString &to);

} // namespace portico::core
