#pragma once

#include "json.h"

#include <QStringList>

#include <functional>
#include <optional>

namespace portico::core {

// RFC 6901 JSON pointers, used for error locations, source maps and `$ref`s.
namespace jsonpointer {

QString escape(QStringView token);
QString append(const QString &pointer, QStringView token);
QString append(const QString &pointer, qsizetype index);
// Splits "/a/b~1c" into {"a", "b/c"}; nullopt when the pointer is malformed (no leading '/', bad escape).
std::optional<QStringList> split(QStringView pointer);
QString join(const QStringList &tokens);
// The value the pointer designates, or nullptr.
const Json *resolve(const Json &root, QStringView pointer);
// The same, calling `step` with every value on the way: `root` first, the designated value last.
const Json *resolve(const Json &root, QStringView pointer, const std::function<void(const Json &)> &step);
// Decodes the fragment of a URI reference ("#/a/b%20c") into a JSON pointer ("/a/b c").
QString fromUriFragment(QStringView fragment);

} // namespace jsonpointer
} // namespace portico::core
