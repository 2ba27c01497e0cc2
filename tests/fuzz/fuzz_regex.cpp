// ECMA-262 patterns as schemas' `pattern` and `patternProperties` bring them: the input is a pattern, a
// newline, and a subject. Translation to PCRE2, compilation and a bounded search; a pattern that compiles
// must also pass the syntax check.
#include "core/regex.h"

#include <cstdint>
#include <cstdlib>

using namespace portico::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = text.indexOf(u'\n');
    const QString pattern = newline < 0 ? text : text.left(newline);
    const QStringView subject = newline < 0 ? QStringView() : QStringView(text).sliced(newline + 1);
    const auto regex = Regex::compile(pattern);
    if (regex) {
        if (!Regex::isValidSyntax(pattern))
            std::abort(); // compiled, yet not ECMA-262 syntax
        (void)regex->search(subject);
    }
    return 0;
}
