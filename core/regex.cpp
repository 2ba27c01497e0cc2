#include "core/regex.h"

#include <QChar>
#include <QHash>
#include <QList>

#include <algorithm>
#include <utility>
#include <vector>

// pcre2.h declares its API for the code unit width defined before it: 16 bits, QString's own, so subjects are
// matched in place without conversion.
#define PCRE2_CODE_UNIT_WIDTH 16
#include <pcre2.h>

using namespace Qt::StringLiterals;

namespace portico::core {

namespace {

// Matching budgets. The match limit counts backtracking steps (also under JIT), the depth limit bounds the
// interpreter's backtracking nesting and the heap limit its frame memory (in KiB). Real-world schema patterns
// stay far below all three; `^(a+)+$` against 28 a's and a '!' needs hundreds of millions of steps.
constexpr uint32_t kMatchLimit = 1'000'000;
constexpr uint32_t kDepthLimit = 10'000;
constexpr uint32_t kHeapLimitKiB = 64 * 1024;

// JIT-compiled matching keeps its backtracking state on a JIT stack. PCRE2's default is 32 KiB, which a pattern
// as ordinary as ^(?:[A-Za-z0-9+/]{4})*$ exhausts after a few thousand repetitions; each thread gets its own
// larger stack (address space is reserved up front, memory is only committed as it is used).
constexpr size_t kJitStackStart = 32 * 1024;
constexpr size_t kJitStackMax = 8 * 1024 * 1024;

// Our own recursion bound while parsing: PCRE2 refuses nesting deeper than 250 anyway, and an unbounded
// recursive descent over "((((..." would overflow the stack first.
constexpr int kMaxNesting = 200;

constexpr char32_t kMaxCodePoint = 0x10FFFF;

bool isSurrogate(char32_t c)
{
    return c >= 0xD800 && c <= 0xDFFF;
}

bool isDecimalDigit(char32_t c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char32_t c)
{
    return isDecimalDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(char32_t c)
{
    if (isDecimalDigit(c))
        return int(c - '0');
    if (c >= 'a' && c <= 'f')
        return int(c - 'a' + 10);
    return int(c - 'A' + 10);
}

bool isAsciiLetter(char32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ECMA-262 SyntaxCharacter: the characters a `u`-mode IdentityEscape may escape (plus '/').
bool isSyntaxCharacter(char32_t c)
{
    switch (c) {
    case '^':
    case '$':
    case '\\':
    case '.':
    case '*':
    case '+':
    case '?':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '|':
        return true;
    default:
        return false;
    }
}

// ID_Start / ID_Continue for group names. QtCore exposes no derived identifier properties, so these follow
// their definitions by general category (without the few Other_ID_Start/Other_ID_Continue code points).
bool isIdStart(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_Letter:
        return true;
    default:
        return false;
    }
}

bool isIdContinue(char32_t c)
{
    if (isIdStart(c))
        return true;
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Number_DecimalDigit:
    case QChar::Punctuation_Connector:
        return true;
    default:
        return false;
    }
}

// ECMA-262 WhiteSpace and LineTerminator, the members of \s. PCRE2's \s (ASCII, or Unicode White_Space with
// UCP) lacks U+FEFF, so \s is spelled out. Ranges are inclusive and sorted.
constexpr std::pair<char32_t, char32_t> kSpaceRanges[] = {
    {0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
    {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF},
};
constexpr std::pair<char32_t, char32_t> kDigitRanges[] = {{'0', '9'}};
constexpr std::pair<char32_t, char32_t> kWordRanges[] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};

QString hexEscape(char32_t c)
{
    return u"\\x{"_s + QString::number(uint(c), 16) + u'}';
}

// A code point as a PCRE2 class member or atom. Alphanumerics stay readable; everything else is escaped so
// that no character can take on a PCRE2 meaning the ECMA-262 pattern did not have.
QString literal(char32_t c)
{
    if (c < 0x80 && (isAsciiLetter(c) || isDecimalDigit(c)))
        return QString(QChar(char16_t(c)));
    return hexEscape(c);
}

template<size_t N> QString rangesToClassItems(const std::pair<char32_t, char32_t> (&ranges)[N], bool complement)
{
    QString out;
    auto add = [&out](char32_t lo, char32_t hi) {
        out += hexEscape(lo);
        if (hi != lo)
            out += u'-' + hexEscape(hi);
    };
    if (!complement) {
        for (const auto &[lo, hi] : ranges)
            add(lo, hi);
        return out;
    }
    char32_t next = 0;
    for (const auto &[lo, hi] : ranges) {
        if (lo > next)
            add(next, lo - 1);
        next = hi + 1;
    }
    if (next <= kMaxCodePoint)
        add(next, kMaxCodePoint);
    return out;
}

// General_Category values and their aliases (PropertyValueAliases.txt), mapped to the short names PCRE2
// 10.42 understands; it does not know the long ones.
const QHash<QString, QString> &generalCategories()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        const std::initializer_list<std::initializer_list<const char16_t *>> rows = {
            {u"C", u"Other"},
            {u"Cc", u"Control", u"cntrl"},
            {u"Cf", u"Format"},
            {u"Cn", u"Unassigned"},
            {u"Co", u"Private_Use"},
            {u"Cs", u"Surrogate"},
            {u"L", u"Letter"},
            {u"LC", u"Cased_Letter"},
            {u"Ll", u"Lowercase_Letter"},
            {u"Lm", u"Modifier_Letter"},
            {u"Lo", u"Other_Letter"},
            {u"Lt", u"Titlecase_Letter"},
            {u"Lu", u"Uppercase_Letter"},
            {u"M", u"Mark", u"Combining_Mark"},
            {u"Mc", u"Spacing_Mark"},
            {u"Me", u"Enclosing_Mark"},
            {u"Mn", u"Nonspacing_Mark"},
            {u"N", u"Number"},
            {u"Nd", u"Decimal_Number", u"digit"},
            {u"Nl", u"Letter_Number"},
            {u"No", u"Other_Number"},
            {u"P", u"Punctuation", u"punct"},
            {u"Pc", u"Connector_Punctuation"},
            {u"Pd", u"Dash_Punctuation"},
            {u"Pe", u"Close_Punctuation"},
            {u"Pf", u"Final_Punctuation"},
            {u"Pi", u"Initial_Punctuation"},
            {u"Po", u"Other_Punctuation"},
            {u"Ps", u"Open_Punctuation"},
            {u"S", u"Symbol"},
            {u"Sc", u"Currency_Symbol"},
            {u"Sk", u"Modifier_Symbol"},
            {u"Sm", u"Math_Symbol"},
            {u"So", u"Other_Symbol"},
            {u"Z", u"Separator"},
            {u"Zl", u"Line_Separator"},
            {u"Zp", u"Paragraph_Separator"},
            {u"Zs", u"Space_Separator"},
        };
        for (const auto &row : rows) {
            const QString shortName = QString::fromUtf16(*row.begin());
            for (const char16_t *alias : row)
                t.insert(QString::fromUtf16(alias), shortName == u"LC"_s ? u"L&"_s : shortName);
        }
        return t;
    }();
    return table;
}

// The binary properties ECMA-262 allows in \p{...} (its table of binary Unicode properties), long name first.
const QHash<QString, QString> &binaryProperties()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        const std::initializer_list<std::initializer_list<const char16_t *>> rows = {
            {u"ASCII"},
            {u"ASCII_Hex_Digit", u"AHex"},
            {u"Alphabetic", u"Alpha"},
            {u"Any"},
            {u"Assigned"},
            {u"Bidi_Control", u"Bidi_C"},
            {u"Bidi_Mirrored", u"Bidi_M"},
            {u"Case_Ignorable", u"CI"},
            {u"Cased"},
            {u"Changes_When_Casefolded", u"CWCF"},
            {u"Changes_When_Casemapped", u"CWCM"},
            {u"Changes_When_Lowercased", u"CWL"},
            {u"Changes_When_NFKC_Casefolded", u"CWKCF"},
            {u"Changes_When_Titlecased", u"CWT"},
            {u"Changes_When_Uppercased", u"CWU"},
            {u"Dash"},
            {u"Default_Ignorable_Code_Point", u"DI"},
            {u"Deprecated", u"Dep"},
            {u"Diacritic", u"Dia"},
            {u"Emoji"},
            {u"Emoji_Component", u"EComp"},
            {u"Emoji_Modifier", u"EMod"},
            {u"Emoji_Modifier_Base", u"EBase"},
            {u"Emoji_Presentation", u"EPres"},
            {u"Extended_Pictographic", u"ExtPict"},
            {u"Extender", u"Ext"},
            {u"Grapheme_Base", u"Gr_Base"},
            {u"Grapheme_Extend", u"Gr_Ext"},
            {u"Hex_Digit", u"Hex"},
            {u"IDS_Binary_Operator", u"IDSB"},
            {u"IDS_Trinary_Operator", u"IDST"},
            {u"ID_Continue", u"IDC"},
            {u"ID_Start", u"IDS"},
            {u"Ideographic", u"Ideo"},
            {u"Join_Control", u"Join_C"},
            {u"Logical_Order_Exception", u"LOE"},
            {u"Lowercase", u"Lower"},
            {u"Math"},
            {u"Noncharacter_Code_Point", u"NChar"},
            {u"Pattern_Syntax", u"Pat_Syn"},
            {u"Pattern_White_Space", u"Pat_WS"},
            {u"Quotation_Mark", u"QMark"},
            {u"Radical"},
            {u"Regional_Indicator", u"RI"},
            {u"Sentence_Terminal", u"STerm"},
            {u"Soft_Dotted", u"SD"},
            {u"Terminal_Punctuation", u"Term"},
            {u"Unified_Ideograph", u"UIdeo"},
            {u"Uppercase", u"Upper"},
            {u"Variation_Selector", u"VS"},
            {u"White_Space", u"space"},
            {u"XID_Continue", u"XIDC"},
            {u"XID_Start", u"XIDS"},
        };
        for (const auto &row : rows) {
            const QString longName = QString::fromUtf16(*row.begin());
            for (const char16_t *alias : row)
                t.insert(QString::fromUtf16(alias), longName);
        }
        return t;
    }();
    return table;
}

// The spelling of Unicode script names and aliases: capitalised words joined by '_' ("Old_Italic", "Grek"), with
// one camel-cased exception.
bool isScriptNameSpelling(const QString &value)
{
    if (value == u"SignWriting")
        return true;
    const QList<QStringView> words = QStringView(value).split(u'_');
    for (QStringView word : words) {
        if (word.isEmpty() || word[0] < u'A' || word[0] > u'Z')
            return false;
        for (QChar c : word.sliced(1)) {
            if (c < u'a' || c > u'z')
                return false;
        }
    }
    return true;
}

// PCRE2 compile errors that mean "the engine cannot run this" rather than "this is not ECMA-262": the
// translator only emits syntax PCRE2 accepts, so these limits are the remaining ways compiling can fail.
bool isEngineLimitation(int pcre2Error)
{
    switch (pcre2Error) {
    case PCRE2_ERROR_QUANTIFIER_TOO_BIG:          // {n,m} above 65535
    case PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH: // ECMA-262 lookbehinds may have any length
    case PCRE2_ERROR_LOOKBEHIND_TOO_COMPLICATED:
    case PCRE2_ERROR_LOOKBEHIND_TOO_LONG:
    case PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP:
    case PCRE2_ERROR_PARENTHESES_STACK_CHECK:
    case PCRE2_ERROR_PATTERN_TOO_LARGE:
    case PCRE2_ERROR_PATTERN_TOO_COMPLICATED:
    case PCRE2_ERROR_HEAP_FAILED:
    case PCRE2_ERROR_TOO_MANY_NAMED_SUBPATTERNS:
    case PCRE2_ERROR_TOO_MANY_CAPTURES:
    case PCRE2_ERROR_SUBPATTERN_NUMBER_TOO_BIG:
        return true;
    default:
        return false;
    }
}

// Validates an ECMA-262 pattern (u-mode grammar) and rewrites it into PCRE2 syntax with the same meaning.
class EcmaTranslator
{
public:
    explicit EcmaTranslator(QStringView pattern)
    {
        // Work on code points: in u-mode a surrogate pair in the pattern is one character (so `🐲*` repeats
        // the whole dragon), and a lone surrogate is a character of its own.
        m_cps.reserve(size_t(pattern.size()));
        m_offsets.reserve(size_t(pattern.size()) + 1);
        for (qsizetype i = 0; i < pattern.size(); ++i) {
            m_offsets.push_back(i);
            const char16_t u = pattern[i].unicode();
            if (QChar::isHighSurrogate(u) && i + 1 < pattern.size() && pattern[i + 1].isLowSurrogate()) {
                m_cps.push_back(QChar::surrogateToUcs4(u, pattern[i + 1].unicode()));
                ++i;
            } else {
                m_cps.push_back(u);
            }
        }
        m_offsets.push_back(pattern.size());
    }

    bool translate()
    {
        parseDisjunction(0);
        if (failed())
            return false;
        if (!atEnd())
            return fail(peek() == ')' ? u"unmatched ')'"_s : u"unexpected character"_s);
        for (const auto &[name, position] : m_namedReferences) {
            if (!m_groupPaths.contains(name)) {
                m_pos = position;
                return fail(u"invalid named capture referenced"_s);
            }
        }
        if (m_maxBackreference > quint64(m_groupCount)) {
            m_pos = m_maxBackreferencePosition;
            return fail(u"invalid escape: there is no capturing group "_s + QString::number(m_maxBackreference));
        }
        return true;
    }

    bool failed() const { return !m_error.isEmpty(); }
    QString errorMessage() const { return m_error + u" at offset "_s + QString::number(m_errorOffset); }
    bool engineLimitation() const { return m_engineLimitation; }
    const QString &output() const { return m_out; }

    // Maps an offset in the translated pattern back to the ECMA-262 source, for PCRE2's error offsets.
    qsizetype sourceOffset(size_t outputOffset) const
    {
        if (outputOffset < m_outSource.size())
            return m_outSource[outputOffset];
        return m_offsets.back();
    }

private:
    // The modifiers that change the translation; `i` is left to PCRE2's own (?i:...).
    struct Flags
    {
        bool multiline = false;
        bool dotAll = false;
    };

    // A parsed class member: a character, or a named set (\d, \p{...}) that cannot be a range end.
    struct ClassAtom
    {
        char32_t c = 0;
        QString set; // PCRE2 class items for sets; empty for a single character
        bool isSet() const { return !set.isEmpty(); }
    };

    bool atEnd() const { return m_pos >= m_cps.size(); }
    char32_t peek(size_t ahead = 0) const
    {
        return m_pos + ahead < m_cps.size() ? m_cps[m_pos + ahead] : char32_t(0xFFFFFFFF);
    }
    bool lookingAt(QStringView s) const
    {
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (peek(size_t(i)) != s[i].unicode())
                return false;
        }
        return true;
    }

    bool fail(const QString &message, bool engineLimitation = false)
    {
        if (m_error.isEmpty()) {
            m_error = message;
            m_errorOffset = m_offsets[std::min(m_pos, m_cps.size())];
            m_engineLimitation = engineLimitation;
        }
        return false;
    }

    void put(QStringView s)
    {
        m_out += s;
        m_outSource.insert(m_outSource.end(), size_t(s.size()), m_offsets[std::min(m_pos, m_cps.size())]);
    }
    void put(const QString &s) { put(QStringView(s)); }

    void parseDisjunction(int depth)
    {
        if (depth > kMaxNesting) {
            fail(u"pattern nests groups too deeply"_s, true);
            return;
        }
        // The path of (disjunction, alternative) pairs from the root identifies where a named group sits, so
        // that duplicate names can be allowed exactly when the groups are in different alternatives.
        m_path.emplace_back(m_nextDisjunction++, 0);
        parseAlternative(depth);
        while (!failed() && peek() == '|') {
            ++m_pos;
            put(u"|");
            ++m_path.back().second;
            parseAlternative(depth);
        }
        m_path.pop_back();
    }

    void parseAlternative(int depth)
    {
        while (!failed() && !atEnd() && peek() != '|' && peek() != ')')
            parseTerm(depth);
    }

    void parseTerm(int depth)
    {
        const char32_t c = peek();
        switch (c) {
        case '^':
            ++m_pos;
            put(m_flags.multiline ? u"(?:^|(?<=[\\n\\r\\x{2028}\\x{2029}]))" : u"^");
            rejectQuantifier();
            return;
        case '$':
            ++m_pos;
            // PCRE2_DOLLAR_ENDONLY makes `$` the very end, as in ECMA-262 (not before a final newline).
            put(m_flags.multiline ? u"(?:$|(?=[\\n\\r\\x{2028}\\x{2029}]))" : u"$");
            rejectQuantifier();
            return;
        case '\\':
            if (peek(1) == 'b' || peek(1) == 'B') {
                // Without PCRE2_UCP, PCRE2's word boundary uses the ASCII \w, which is ECMA-262's definition.
                put(peek(1) == 'b' ? u"\\b" : u"\\B");
                m_pos += 2;
                rejectQuantifier();
                return;
            }
            parseAtomEscape();
            break;
        case '(':
            if (!parseGroup(depth))
                return;
            break;
        case '.':
            ++m_pos;
            put(m_flags.dotAll ? u"[\\x{0}-\\x{10ffff}]" : u"[^\\n\\r\\x{2028}\\x{2029}]");
            break;
        case '[':
            parseClass();
            break;
        case '*':
        case '+':
        case '?':
            fail(u"nothing to repeat"_s);
            return;
        case '{':
            fail(tryQuantifierBraces(nullptr) ? u"nothing to repeat"_s : u"lone quantifier brackets"_s);
            return;
        case '}':
            fail(u"lone quantifier brackets"_s);
            return;
        case ']':
            fail(u"unmatched ']'"_s);
            return;
        default:
            ++m_pos;
            putCharacter(c);
            break;
        }
        if (!failed())
            parseQuantifier();
    }

    // After an assertion: in u-mode assertions (including lookarounds) cannot be quantified.
    void rejectQuantifier()
    {
        const char32_t c = peek();
        if (c == '*' || c == '+' || c == '?' || (c == '{' && tryQuantifierBraces(nullptr)))
            fail(u"nothing to repeat"_s);
    }

    // Parses "{n}", "{n,}" or "{n,m}" at m_pos without consuming; returns its length in code points, or 0.
    size_t tryQuantifierBraces(QString *pcre) const
    {
        size_t i = m_pos;
        if (i >= m_cps.size() || m_cps[i] != '{')
            return 0;
        ++i;
        auto digits = [&](QString &out) {
            const size_t start = i;
            while (i < m_cps.size() && isDecimalDigit(m_cps[i]))
                out += QChar(char16_t(m_cps[i++]));
            return i > start;
        };
        QString lo, hi;
        if (!digits(lo))
            return 0;
        bool comma = false;
        if (i < m_cps.size() && m_cps[i] == ',') {
            comma = true;
            ++i;
            digits(hi);
        }
        if (i >= m_cps.size() || m_cps[i] != '}')
            return 0;
        ++i;
        if (pcre) {
            auto strip = [](QString s) {
                while (s.size() > 1 && s.startsWith(u'0'))
                    s.remove(0, 1);
                return s;
            };
            lo = strip(lo);
            hi = strip(hi);
            *pcre = u'{' + lo + (comma ? u","_s + hi : QString()) + u'}';
            if (comma && !hi.isEmpty()) {
                // Arbitrarily long numbers: compare by length, then lexicographically.
                const bool outOfOrder = lo.size() != hi.size() ? lo.size() > hi.size() : lo > hi;
                if (outOfOrder)
                    *pcre = QString(); // signals the order error to the caller
            }
        }
        return i - m_pos;
    }

    void parseQuantifier()
    {
        const char32_t c = peek();
        if (c == '*' || c == '+' || c == '?') {
            ++m_pos;
            put(QString(QChar(char16_t(c))));
        } else if (c == '{') {
            QString pcre;
            const size_t length = tryQuantifierBraces(&pcre);
            if (length == 0) {
                fail(u"incomplete quantifier"_s);
                return;
            }
            if (pcre.isEmpty()) {
                fail(u"numbers out of order in {} quantifier"_s);
                return;
            }
            m_pos += length;
            put(pcre);
        } else {
            return;
        }
        if (peek() == '?') {
            ++m_pos;
            put(u"?");
        }
        const char32_t next = peek();
        if (next == '*' || next == '+' || next == '?' || (next == '{' && tryQuantifierBraces(nullptr)))
            fail(u"nothing to repeat"_s);
    }

    bool parseGroup(int depth)
    {
        ++m_pos; // '('
        const Flags outerFlags = m_flags;
        bool quantifiable = true;
        if (peek() != '?') {
            ++m_groupCount;
            put(u"(");
        } else if (lookingAt(u"?:")) {
            m_pos += 2;
            put(u"(?:");
        } else if (lookingAt(u"?=") || lookingAt(u"?!")) {
            put(peek(1) == '=' ? u"(?=" : u"(?!");
            m_pos += 2;
            quantifiable = false;
        } else if (lookingAt(u"?<=") || lookingAt(u"?<!")) {
            put(peek(2) == '=' ? u"(?<=" : u"(?<!");
            m_pos += 3;
            quantifiable = false;
        } else if (lookingAt(u"?<")) {
            m_pos += 2;
            QString name;
            if (!parseGroupName(&name))
                return false;
            if (!declareGroupName(name))
                return false;
            ++m_groupCount;
            put(u"(?<"_s + mangledName(name) + u'>');
        } else if (!parseModifiers()) {
            return false;
        }
        parseDisjunction(depth + 1);
        if (failed())
            return false;
        if (peek() != ')')
            return fail(u"unterminated group"_s);
        ++m_pos;
        put(u")");
        m_flags = outerFlags;
        if (!quantifiable) {
            rejectQuantifier();
            return false; // nothing more to parse for this term
        }
        return true;
    }

    // ES2025 modifiers: (?ims-ims:...). Global inline flags such as (?i) do not exist in ECMA-262.
    bool parseModifiers()
    {
        ++m_pos; // '?'
        QString seen;
        bool add = true;
        bool sawDash = false;
        QString addFlags, removeFlags;
        while (!atEnd() && peek() != ':') {
            const char32_t f = peek();
            if (f == '-' && !sawDash) {
                sawDash = true;
                add = false;
                ++m_pos;
                continue;
            }
            if ((f != 'i' && f != 'm' && f != 's') || seen.contains(QChar(char16_t(f))))
                return fail(u"invalid group"_s);
            seen += QChar(char16_t(f));
            (add ? addFlags : removeFlags) += QChar(char16_t(f));
            ++m_pos;
        }
        if (atEnd() || (addFlags.isEmpty() && removeFlags.isEmpty()))
            return fail(u"invalid group"_s);
        ++m_pos; // ':'
        auto apply = [this](const QString &flags, bool on) {
            if (flags.contains(u'm'))
                m_flags.multiline = on;
            if (flags.contains(u's'))
                m_flags.dotAll = on;
        };
        apply(addFlags, true);
        apply(removeFlags, false);
        // Only case-insensitivity is left to PCRE2; `m` and `s` change how ^, $ and . are translated.
        QString pcre = u"(?"_s;
        if (addFlags.contains(u'i'))
            pcre += u'i';
        if (removeFlags.contains(u'i'))
            pcre += u"-i"_s;
        put(pcre + u':');
        return true;
    }

    // RegExpIdentifierName between '<' (already consumed) and '>'.
    bool parseGroupName(QString *name)
    {
        bool first = true;
        while (true) {
            if (atEnd())
                return fail(u"invalid capture group name"_s);
            char32_t c = peek();
            if (c == '>') {
                ++m_pos;
                break;
            }
            if (c == '\\') {
                ++m_pos;
                if (peek() != 'u')
                    return fail(u"invalid capture group name"_s);
                ++m_pos;
                if (!parseUnicodeEscapeBody(&c))
                    return fail(u"invalid unicode escape"_s);
            } else {
                ++m_pos;
            }
            const bool ok = first ? (c == '$' || c == '_' || isIdStart(c))
                                  : (c == '$' || c == 0x200C || c == 0x200D || c == '_' || isIdContinue(c));
            if (!ok)
                return fail(u"invalid capture group name"_s);
            *name += QString::fromUcs4(&c, 1);
            first = false;
        }
        if (name->isEmpty())
            return fail(u"invalid capture group name"_s);
        return true;
    }

    bool declareGroupName(const QString &name)
    {
        auto &paths = m_groupPaths[name];
        for (const auto &other : paths) {
            // Both groups may take part in one match unless some common disjunction puts them in different
            // alternatives.
            bool exclusive = false;
            for (size_t i = 0; i < std::min(other.size(), m_path.size()); ++i) {
                if (other[i].first != m_path[i].first)
                    break;
                if (other[i].second != m_path[i].second) {
                    exclusive = true;
                    break;
                }
            }
            if (!exclusive)
                return fail(u"duplicate capture group name"_s);
        }
        paths.push_back(m_path);
        return true;
    }

    // ECMA-262 names may use any identifier characters and be long; PCRE2 10.42 takes ASCII names of at most
    // 32 code units. Duplicate ECMA names map to one PCRE2 name (PCRE2_DUPNAMES), which gives \k<name> the
    // ES2025 meaning: whichever of the groups participated.
    QString mangledName(const QString &name)
    {
        auto it = m_mangled.constFind(name);
        if (it == m_mangled.constEnd())
            it = m_mangled.insert(name, u"n"_s + QString::number(m_mangled.size()));
        return *it;
    }

    // After "\u": XXXX (joining an escaped surrogate pair), or {X...}.
    bool parseUnicodeEscapeBody(char32_t *out)
    {
        if (peek() == '{') {
            size_t i = m_pos + 1;
            char32_t value = 0;
            bool any = false;
            while (i < m_cps.size() && isHexDigit(m_cps[i])) {
                value = value * 16 + char32_t(hexValue(m_cps[i]));
                if (value > kMaxCodePoint)
                    return false;
                any = true;
                ++i;
            }
            if (!any || i >= m_cps.size() || m_cps[i] != '}')
                return false;
            m_pos = i + 1;
            *out = value;
            return true;
        }
        auto four = [this](size_t at, char32_t *value) {
            *value = 0;
            for (size_t k = 0; k < 4; ++k) {
                if (at + k >= m_cps.size() || !isHexDigit(m_cps[at + k]))
                    return false;
                *value = *value * 16 + char32_t(hexValue(m_cps[at + k]));
            }
            return true;
        };
        char32_t value;
        if (!four(m_pos, &value))
            return false;
        m_pos += 4;
        char32_t trail;
        if (QChar::isHighSurrogate(value) && peek() == '\\' && peek(1) == 'u' && four(m_pos + 2, &trail) &&
            QChar::isLowSurrogate(trail)) {
            value = QChar::surrogateToUcs4(char16_t(value), char16_t(trail));
            m_pos += 6;
        }
        *out = value;
        return true;
    }

    // CharacterEscape after the backslash (m_pos at the escape letter). Returns false after fail().
    bool parseCharacterEscape(char32_t *out, bool inClass)
    {
        const char32_t c = peek();
        switch (c) {
        case 'f':
            *out = 0x0C;
            ++m_pos;
            return true;
        case 'n':
            *out = 0x0A;
            ++m_pos;
            return true;
        case 'r':
            *out = 0x0D;
            ++m_pos;
            return true;
        case 't':
            *out = 0x09;
            ++m_pos;
            return true;
        case 'v':
            *out = 0x0B;
            ++m_pos;
            return true;
        case 'c':
            if (!isAsciiLetter(peek(1)))
                return fail(u"invalid unicode escape: \\c must be followed by an ASCII letter"_s);
            *out = peek(1) % 32;
            m_pos += 2;
            return true;
        case '0':
            if (isDecimalDigit(peek(1)))
                return fail(u"invalid decimal escape"_s);
            *out = 0;
            ++m_pos;
            return true;
        case 'x':
            if (!isHexDigit(peek(1)) || !isHexDigit(peek(2)))
                return fail(u"invalid escape: \\x must be followed by two hex digits"_s);
            *out = char32_t(hexValue(peek(1)) * 16 + hexValue(peek(2)));
            m_pos += 3;
            return true;
        case 'u':
            ++m_pos;
            if (!parseUnicodeEscapeBody(out))
                return fail(u"invalid unicode escape"_s);
            return true;
        default:
            if (isSyntaxCharacter(c) || c == '/' || (inClass && c == '-')) {
                *out = c;
                ++m_pos;
                return true;
            }
            if (atEnd())
                return fail(u"\\ at end of pattern"_s);
            // u-mode has no identity escapes for other characters: \a, \-, \_ are errors, not literals.
            return fail(u"invalid escape"_s);
        }
    }

    // \d \D \s \S \w \W \p{..} \P{..} after the backslash: the PCRE2 class items, or empty if not a set.
    bool parseSetEscape(QString *items, bool *negatedSet)
    {
        *negatedSet = false;
        switch (peek()) {
        case 'd':
            ++m_pos;
            *items = rangesToClassItems(kDigitRanges, false);
            return true;
        case 'D':
            ++m_pos;
            *items = rangesToClassItems(kDigitRanges, true);
            return true;
        case 's':
            ++m_pos;
            *items = rangesToClassItems(kSpaceRanges, false);
            return true;
        case 'S':
            ++m_pos;
            *items = rangesToClassItems(kSpaceRanges, true);
            return true;
        case 'w':
            ++m_pos;
            *items = rangesToClassItems(kWordRanges, false);
            return true;
        case 'W':
            ++m_pos;
            *items = rangesToClassItems(kWordRanges, true);
            return true;
        case 'p':
        case 'P':
            return parseProperty(items);
        default:
            return false;
        }
    }

    bool parseProperty(QString *items)
    {
        // Errors point at the backslash of \p rather than wherever the name turned out to be wrong.
        const size_t start = m_pos - 1;
        auto invalid = [this, start] {
            m_pos = start;
            return fail(u"invalid property name"_s);
        };
        const bool negated = peek() == 'P';
        ++m_pos;
        if (peek() != '{')
            return invalid();
        ++m_pos;
        QString name, value;
        bool sawEquals = false;
        while (!atEnd() && peek() != '}') {
            const char32_t c = peek();
            if (c == '=' && !sawEquals) {
                sawEquals = true;
            } else if (isAsciiLetter(c) || isDecimalDigit(c) || c == '_') {
                (sawEquals ? value : name) += QChar(char16_t(c));
            } else {
                return invalid();
            }
            ++m_pos;
        }
        if (atEnd() || name.isEmpty() || (sawEquals && value.isEmpty()))
            return invalid();
        ++m_pos; // '}'
        const QString p = negated ? u"\\P"_s : u"\\p"_s;
        if (sawEquals) {
            if (name == u"General_Category" || name == u"gc") {
                const auto it = generalCategories().constFind(value);
                if (it == generalCategories().constEnd())
                    return invalid();
                *items = p + u'{' + *it + u'}';
                return true;
            }
            if (name == u"Script" || name == u"sc" || name == u"Script_Extensions" || name == u"scx") {
                // PCRE2 knows the script names (long and four-letter) and reports unknown ones when compiling,
                // but it matches them loosely; ECMA-262 wants the exact spelling, which capitalises each word.
                if (!isScriptNameSpelling(value))
                    return invalid();
                const bool extensions = name.startsWith(u"Script_") || name == u"scx";
                *items = p + (extensions ? u"{scx:"_s : u"{sc:"_s) + value + u'}';
                return true;
            }
            return invalid();
        }
        if (const auto it = generalCategories().constFind(name); it != generalCategories().constEnd()) {
            *items = p + u'{' + *it + u'}';
            return true;
        }
        const auto it = binaryProperties().constFind(name);
        if (it == binaryProperties().constEnd())
            return invalid();
        if (*it == u"Any") {
            *items = negated ? u"\\P{Any}"_s : u"\\x{0}-\\x{10ffff}"_s;
        } else if (*it == u"Assigned") {
            *items = (negated ? u"\\p"_s : u"\\P"_s) + u"{Cn}"_s;
        } else if (*it == u"Changes_When_NFKC_Casefolded") {
            return fail(u"\\p{Changes_When_NFKC_Casefolded} is not supported by the regular expression engine"_s, true);
        } else {
            *items = p + u'{' + *it + u'}';
        }
        return true;
    }

    void parseAtomEscape()
    {
        ++m_pos; // '\'
        const char32_t c = peek();
        if (c >= '1' && c <= '9') {
            // DecimalEscape: a backreference. u-mode forbids referring to a group that does not exist, which
            // is only known at the end of the pattern.
            const size_t start = m_pos;
            quint64 n = 0;
            while (isDecimalDigit(peek())) {
                n = std::min<quint64>(n * 10 + (peek() - '0'), 1'000'000);
                ++m_pos;
            }
            if (n > m_maxBackreference) {
                m_maxBackreference = n;
                m_maxBackreferencePosition = start;
            }
            put(u"(?:\\g{"_s + QString::number(n) + u"})"_s);
            return;
        }
        if (c == 'k') {
            ++m_pos;
            if (peek() != '<') {
                fail(u"invalid named reference"_s);
                return;
            }
            ++m_pos;
            const size_t start = m_pos;
            QString name;
            if (!parseGroupName(&name))
                return;
            m_namedReferences.emplace_back(name, start);
            put(u"(?:\\k<"_s + mangledName(name) + u">)"_s);
            return;
        }
        QString items;
        bool negatedSet = false;
        if (parseSetEscape(&items, &negatedSet)) {
            if (!failed())
                put(u'[' + items + u']');
            return;
        }
        if (failed())
            return;
        char32_t cp;
        if (parseCharacterEscape(&cp, false))
            putCharacter(cp);
    }

    void putCharacter(char32_t c)
    {
        // PCRE2 in UTF mode cannot name a lone surrogate, and never matches one in the subject either
        // (PCRE2_MATCH_INVALID_UTF), so such an atom is a group that cannot match.
        put(isSurrogate(c) ? u"(?:(?!))"_s : literal(c));
    }

    bool parseClassAtom(ClassAtom *atom)
    {
        const char32_t c = peek();
        if (c != '\\') {
            ++m_pos;
            atom->c = c;
            return true;
        }
        ++m_pos;
        const char32_t e = peek();
        if (e == 'b') {
            ++m_pos;
            atom->c = 0x08;
            return true;
        }
        bool negatedSet = false;
        if (parseSetEscape(&atom->set, &negatedSet))
            return !failed();
        if (failed())
            return false;
        if (isDecimalDigit(e) && e != '0')
            return fail(u"invalid class escape"_s);
        if (e == 'k' || e == 'B')
            return fail(u"invalid class escape"_s);
        char32_t cp;
        if (!parseCharacterEscape(&cp, true))
            return false;
        atom->c = cp;
        return true;
    }

    void parseClass()
    {
        ++m_pos; // '['
        bool negated = false;
        if (peek() == '^') {
            negated = true;
            ++m_pos;
        }
        QString items;
        while (true) {
            if (atEnd()) {
                fail(u"unterminated character class"_s);
                return;
            }
            if (peek() == ']') {
                ++m_pos;
                break;
            }
            ClassAtom first;
            if (!parseClassAtom(&first))
                return;
            if (peek() == '-' && peek(1) != ']' && m_pos + 1 < m_cps.size()) {
                ++m_pos; // '-'
                ClassAtom last;
                if (!parseClassAtom(&last))
                    return;
                if (first.isSet() || last.isSet()) {
                    fail(u"invalid character class"_s);
                    return;
                }
                if (first.c > last.c) {
                    fail(u"range out of order in character class"_s);
                    return;
                }
                items += classRange(first.c, last.c);
            } else if (first.isSet()) {
                items += first.set;
            } else {
                items += classRange(first.c, first.c);
            }
        }
        if (items.isEmpty()) {
            // [] matches nothing and [^] anything; PCRE2 reads "[]" as the start of a class containing ']'.
            put(negated ? u"[\\x{0}-\\x{10ffff}]" : u"(?:(?!))");
            return;
        }
        put(u'[' + (negated ? u"^"_s : QString()) + items + u']');
    }

    // A class range without its surrogate part, which PCRE2 cannot express in UTF mode (and which never
    // matches: the subject is matched with PCRE2_MATCH_INVALID_UTF).
    static QString classRange(char32_t lo, char32_t hi)
    {
        if (isSurrogate(lo))
            lo = 0xE000;
        if (isSurrogate(hi))
            hi = 0xD7FF;
        if (lo > hi)
            return QString();
        return lo == hi ? literal(lo) : literal(lo) + u'-' + literal(hi);
    }

    std::vector<char32_t> m_cps;
    std::vector<qsizetype> m_offsets; // UTF-16 offset of each code point, plus the pattern's length
    size_t m_pos = 0;

    QString m_out;
    std::vector<qsizetype> m_outSource; // source offset of each output code unit

    QString m_error;
    qsizetype m_errorOffset = 0;
    bool m_engineLimitation = false;

    Flags m_flags;
    int m_groupCount = 0;
    int m_nextDisjunction = 0;
    std::vector<std::pair<int, int>> m_path;
    QHash<QString, std::vector<std::vector<std::pair<int, int>>>> m_groupPaths;
    QHash<QString, QString> m_mangled;
    std::vector<std::pair<QString, size_t>> m_namedReferences;
    quint64 m_maxBackreference = 0;
    size_t m_maxBackreferencePosition = 0;
};

// The match context's JIT stack callback. It runs on the matching thread, so a thread_local stack gives every
// thread its own while the match context stays shared. Returning nullptr falls back to PCRE2's default stack.
pcre2_jit_stack *threadJitStack(void *)
{
    struct Holder
    {
        pcre2_jit_stack *stack = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
        ~Holder() { pcre2_jit_stack_free(stack); }
    };
    thread_local Holder holder;
    return holder.stack;
}

QString pcre2Message(int code)
{
    PCRE2_UCHAR buffer[256];
    const int length = pcre2_get_error_message(code, buffer, sizeof buffer / sizeof buffer[0]);
    if (length < 0)
        return u"PCRE2 error "_s + QString::number(code);
    return QString::fromUtf16(reinterpret_cast<const char16_t *>(buffer), length);
}

struct CompileOutcome
{
    pcre2_code *code = nullptr;
    QString error;
    bool engineLimitation = false;
};

CompileOutcome compileEcma(const QString &pattern)
{
    CompileOutcome outcome;
    EcmaTranslator translator(pattern);
    if (!translator.translate()) {
        outcome.error = translator.errorMessage();
        outcome.engineLimitation = translator.engineLimitation();
        return outcome;
    }
    const QString &translated = translator.output();
    // No PCRE2_UCP: \b and the (already spelled-out) \d, \w stay ASCII as in ECMA-262. DUPNAMES carries ES2025
    // duplicate named groups; MATCH_UNSET_BACKREF gives ECMA-262's "a backreference to a group that did not
    // participate matches empty"; MATCH_INVALID_UTF lets subjects with lone surrogates (valid in a QString)
    // be searched instead of failing the match.
    const uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_DUPNAMES |
                             PCRE2_MATCH_UNSET_BACKREF | PCRE2_NEVER_BACKSLASH_C;
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    outcome.code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.utf16()), PCRE2_SIZE(translated.size()),
                                 options, &errorCode, &errorOffset, nullptr);
    if (!outcome.code) {
        outcome.error =
            pcre2Message(errorCode) + u" at offset "_s + QString::number(translator.sourceOffset(size_t(errorOffset)));
        outcome.engineLimitation = isEngineLimitation(errorCode);
    }
    return outcome;
}

} // namespace

Regex::Regex(QString pattern, pcre2_code *code, pcre2_match_context *context)
    : m_pattern(std::move(pattern))
    , m_code(code)
    , m_context(context)
{}

Regex::~Regex()
{
    pcre2_match_context_free(m_context);
    pcre2_code_free(m_code);
}

std::shared_ptr<const Regex> Regex::compile(const QString &pattern, QString *error)
{
    CompileOutcome outcome = compileEcma(pattern);
    if (!outcome.code) {
        if (error)
            *error = outcome.error;
        return nullptr;
    }
    // JIT is an optimisation: when it is unavailable or fails (no executable memory), the interpreter runs the
    // same code with the same results.
    pcre2_jit_compile(outcome.code, PCRE2_JIT_COMPLETE);
    pcre2_match_context *context = pcre2_match_context_create(nullptr);
    if (!context) {
        pcre2_code_free(outcome.code);
        if (error)
            *error = u"out of memory"_s;
        return nullptr;
    }
    // The match limit also applies to JIT-compiled code; the depth and heap limits only to the interpreter,
    // whose JIT counterpart is the bounded JIT stack.
    pcre2_set_match_limit(context, kMatchLimit);
    pcre2_set_depth_limit(context, kDepthLimit);
    pcre2_set_heap_limit(context, kHeapLimitKiB);
    pcre2_jit_stack_assign(context, threadJitStack, nullptr);
    if (error)
        error->clear();
    return std::shared_ptr<const Regex>(new Regex(pattern, outcome.code, context));
}

bool Regex::isValidSyntax(const QString &pattern, QString *error)
{
    CompileOutcome outcome = compileEcma(pattern);
    if (outcome.code) {
        pcre2_code_free(outcome.code);
        if (error)
            error->clear();
        return true;
    }
    if (error)
        *error = outcome.error;
    return outcome.engineLimitation;
}

Regex::Match Regex::search(QStringView subject) const
{
    // One pair in the ovector is enough for a yes/no answer. The match data holds the interpreter's
    // backtracking frames, so it cannot be shared between threads; one per thread is reused for every search
    // (creating it per call cost an allocation per validated string).
    struct ThreadMatchData
    {
        pcre2_match_data *data = pcre2_match_data_create(1, nullptr);
        ~ThreadMatchData() { pcre2_match_data_free(data); }
    };
    thread_local ThreadMatchData perThread;
    pcre2_match_data *data = perThread.data;
    if (!data)
        return Match::LimitExceeded;
    const auto text = reinterpret_cast<PCRE2_SPTR>(subject.utf16());
    int rc = pcre2_match(m_code, text, PCRE2_SIZE(subject.size()), 0, 0, data, m_context);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
        // Out of JIT stack (or none could be allocated): the interpreter gets a second chance, bounded by the
        // depth and heap limits instead.
        rc = pcre2_match(m_code, text, PCRE2_SIZE(subject.size()), 0, PCRE2_NO_JIT, data, m_context);
    }
    if (rc >= 0)
        return Match::Yes;
    if (rc == PCRE2_ERROR_NOMATCH)
        return Match::No;
    // Match, depth, heap and JIT stack limits, and out-of-memory: the engine gave up, so there is no answer.
    return Match::LimitExceeded;
}

} // namespace portico::core
