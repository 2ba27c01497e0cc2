// Strings that match a regex, for generated sample data (`pattern`).
#pragma once

#include <QString>

#include <optional>

namespace portico::core {

// A string `pattern` matches, for the common regex subset (classes, escapes, groups, alternation,
// quantifiers; lookarounds skipped), checked against the real regex engine; nullopt when none was found.
// The same pattern and seed give the same string.
std::optional<QString> stringMatching(const QString &pattern, quint64 seed);

} // namespace portico::core
