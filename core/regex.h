#pragma once

#include <QString>
#include <QStringView>

#include <memory>

// PCRE2's types stay out of this header: including pcre2.h needs PCRE2_CODE_UNIT_WIDTH defined first, and
// callers of Regex should not have to know which engine runs their patterns.
struct pcre2_real_code_16;
struct pcre2_real_match_context_16;

namespace portico::core {

// A regular expression in JSON Schema's dialect: ECMA-262 with Unicode semantics (what a `u`-flagged
// RegExp accepts, plus ES2025 modifiers and duplicate named groups in different alternatives).
//
// Portico parses the ECMA-262 syntax itself and hands PCRE2 a translated pattern. PCRE2 alone would accept
// Perl and Python syntax that ECMA-262 rejects ((?i), (?P<n>), \a, (?#...)), and its \s, \w, \d, `.`, `$` and
// backreferences differ from ECMA-262's in details the test suite checks; the translation fixes those up.
//
// Matching is bounded: a match limit, a backtracking depth limit and a heap limit make hostile patterns
// (catastrophic backtracking) end with Match::LimitExceeded instead of hanging a validator thread.
class Regex
{
public:
    enum class Match
    {
        Yes,
        No,
        LimitExceeded
    };

    // Compiles an ECMA-262 pattern once; nullptr and *error (a message ending in "at offset N", N counted in
    // UTF-16 code units of the pattern) when it does not compile. Some valid ECMA-262 patterns cannot be run
    // by PCRE2 (variable-length lookbehind, quantifier bounds above 65535); they fail here too, but
    // isValidSyntax() still accepts them.
    static std::shared_ptr<const Regex> compile(const QString &pattern, QString *error = nullptr);

    // Whether the pattern is valid ECMA-262 syntax: what the `regex` format asserts. Unlike compile(), this is
    // true for valid patterns that the engine cannot run.
    static bool isValidSyntax(const QString &pattern, QString *error = nullptr);

    // Unanchored search, as ECMA-262's RegExp.prototype.test. Thread-safe: the compiled code is shared and
    // read-only, the per-match state is created for each call.
    Match search(QStringView subject) const;

    const QString &pattern() const { return m_pattern; }

    ~Regex();
    Regex(const Regex &) = delete;
    Regex &operator=(const Regex &) = delete;

private:
    Regex(QString pattern, pcre2_real_code_16 *code, pcre2_real_match_context_16 *context);

    QString m_pattern;
    pcre2_real_code_16 *m_code = nullptr;
    pcre2_real_match_context_16 *m_context = nullptr;
};

} // namespace portico::core
