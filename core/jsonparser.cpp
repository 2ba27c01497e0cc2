#include "jsonparser.h"


#include <QHash>
#include <QStringDecoder>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

class ParseFailure
{
public:
    const char *message;
    const char *at;
};

// One parse: a cursor over the bytes plus the line bookkeeping a source map needs. Whitespace is the only
// place a newline can occur outside a string, so lines are counted while skipping it.
// Request bodies repeat the same keys (and often the same short values) thousands of times. Reusing one
// implicitly shared QString per distinct short text saves an allocation and a free for each repetition.
class StringCache
{
public:
    QString get(const char *from, qsizetype length)
    {
        if (length > kMaxLength)
            return QString::fromLatin1(from, length);
        quint32 h = 2166136261u;
        for (qsizetype i = 0; i < length; ++i)
            h = (h ^ static_cast<unsigned char>(from[i])) * 16777619u;
        Entry &e = m_entries[h % kSize];
        if (e.length == length && std::memcmp(e.bytes, from, size_t(length)) == 0)
            return e.text;
        e.length = length;
        std::memcpy(e.bytes, from, size_t(length));
        e.text = QString::fromLatin1(from, length);
        return e.text;
    }

    static constexpr qsizetype kMaxLength = 24;

private:
    static constexpr size_t kSize = 512;
    struct Entry
    {
        qsizetype length = -1;
        char bytes[kMaxLength];
        QString text;
    };
    Entry m_entries[kSize];
};

} // namespace

// Kept by the JsonParser between documents, so a parser reused for many bodies allocates these once.
struct JsonParserScratch
{
    StringCache strings;
    std::vector<Json> itemStack;
    std::vector<JsonMember> memberStack;
};

namespace {

// The keys of the object being parsed, for finding duplicates: a linear scan while the object is small, a hash
// of the keys once it is not, so an object of n keys costs O(n), not O(n²) (a 1 MB request body can hold
// 100,000 keys).
class KeysSeen
{
public:
    // The position on `members` of a member named `key` among those from `base` on, or -1.
    qsizetype indexOf(const QString &key, const std::vector<JsonMember> &members, size_t base) const
    {
        if (m_positions.isEmpty()) {
            for (size_t i = base; i < members.size(); ++i) {
                if (sameKey(members[i].first, key))
                    return qsizetype(i);
            }
            return -1;
        }
        return m_positions.value(key, -1);
    }

    // Takes note of the member just appended. The views stay valid: a QString's text does not move when the
    // vector holding it grows.
    void added(const std::vector<JsonMember> &members, size_t base)
    {
        const qsizetype count = qsizetype(members.size() - base);
        if (count < JsonObject::kIndexedSize)
            return;
        if (m_positions.isEmpty()) {
            m_positions.reserve(count * 2);
            for (size_t i = base; i < members.size(); ++i)
                m_positions.insert(members[i].first, qsizetype(i));
        } else {
            m_positions.insert(members.back().first, qsizetype(members.size() - 1));
        }
    }

private:
    QHash<QStringView, qsizetype> m_positions;
};

class Reader
{
public:
    Reader(QByteArrayView text, const JsonParseOptions &options, JsonParserScratch &scratch)
        : m_begin(text.data()), m_p(text.data()), m_end(text.data() + text.size()), m_lineStart(text.data())
        , m_options(options), m_strings(scratch.strings), m_itemStack(scratch.itemStack), m_memberStack(scratch.memberStack)
    {
        m_itemStack.clear();
        m_memberStack.clear();
        if (text.size() >= kInternLongStringsFrom)
            m_longStrings.emplace();
    }

    Json document()
    {
        skipWhitespace();
        Json value = parseValue(0);
        skipWhitespace();
        if (m_p != m_end)
            fail("Extra data");
        return value;
    }

    const char *begin() const { return m_begin; }
    const char *lineStartBefore(const char *at, int *line) const
    {
        *line = 1;
        const char *start = m_begin;
        for (const char *q = m_begin; q < at && q < m_end; ++q) {
            if (*q == '\n') {
                ++*line;
                start = q + 1;
            }
        }
        return start;
    }

private:
    [[noreturn]] void fail(const char *message) const { throw ParseFailure{message, m_p}; }
    [[noreturn]] void failAt(const char *message, const char *at) const { throw ParseFailure{message, at}; }

    void skipWhitespace()
    {
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == '\n') {
                ++m_line;
                m_lineStart = m_p + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            ++m_p;
        }
    }

    // The line and column of `at`, which is never before the previous call's: the column is counted on from
    // where the last one ended, so a document on one line (minified JSON) costs linear time, not quadratic.
    SourceMap::Position position(const char *at)
    {
        if (m_columnFrom < m_lineStart) {
            m_columnFrom = m_lineStart;
            m_column = 1;
        }
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        for (const char *q = m_columnFrom; q < at; ++q) {
            if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80)
                ++m_column;
        }
        m_columnFrom = at;
        return {m_line, m_column};
    }

    void record(SourceMap::Position at) { m_options.sourceMap->add(m_pointer, at); }

    Json parseValue(int depth)
    {
        if (m_p >= m_end)
            fail("Expecting value");
        switch (*m_p) {
        case '{':
            return parseObject(depth + 1);
        case '[':
            return parseArray(depth + 1);
        case '"':
            return Json(parseString());
        case 't':
            return literal("true", Json(true));
        case 'f':
            return literal("false", Json(false));
        case 'n':
            return literal("null", Json());
        default:
            return parseNumber();
        }
    }

    Json literal(const char *word, Json value)
    {
        const size_t n = std::strlen(word);
        if (size_t(m_end - m_p) < n || std::memcmp(m_p, word, n) != 0)
            fail("Expecting value");
        m_p += n;
        return value;
    }

    Json parseNumber()
    {
        const char *start = m_p;
        const char *q = m_p;
        if (q < m_end && *q == '-')
            ++q;
        if (q >= m_end || *q < '0' || *q > '9')
            fail("Expecting value");
        if (*q == '0') {
            ++q;
        } else {
            while (q < m_end && *q >= '0' && *q <= '9')
                ++q;
        }
        bool integral = true;
        if (q < m_end && *q == '.') {
            integral = false;
            ++q;
            if (q >= m_end || *q < '0' || *q > '9')
                failAt("Expecting ',' delimiter", q - 1);
            while (q < m_end && *q >= '0' && *q <= '9')
                ++q;
        }
        if (q < m_end && (*q == 'e' || *q == 'E')) {
            const char *e = q;
            ++q;
            if (q < m_end && (*q == '+' || *q == '-'))
                ++q;
            if (q >= m_end || *q < '0' || *q > '9') {
                m_p = e;
                fail("Expecting ',' delimiter");
            }
            integral = false;
            while (q < m_end && *q >= '0' && *q <= '9')
                ++q;
        }
        m_p = q;
        if (integral) {
            qint64 v = 0;
            const auto r = std::from_chars(start, q, v);
            if (r.ec == std::errc() && r.ptr == q)
                return Json(v);
            // Too large for int64: fall through to double, as JavaScript and most JSON tools do.
        }
        double d = 0;
        const auto r = std::from_chars(start, q, d);
        if (r.ec == std::errc::result_out_of_range) {
            // Too large is ±infinity, as in Python (and written back as null); too small is a zero or a
            // denormal, not an infinity: strtod tells them apart (from_chars leaves d untouched either way).
            d = std::strtod(std::string(start, q).c_str(), nullptr);
        }
        return Json(d);
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    QString decodeUtf8(const char *from, const char *to, bool ascii)
    {
        if (ascii && (to - from <= StringCache::kMaxLength || !m_longStrings))
            return m_strings.get(from, to - from);
        if (m_longStrings) {
            const QByteArrayView bytes(from, to - from);
            if (const auto it = m_longStrings->constFind(bytes); it != m_longStrings->cend())
                return *it;
            QString s = ascii ? QString::fromLatin1(bytes) : decodeUtf8Checked(from, to);
            m_longStrings->insert(bytes, s);
            return s;
        }
        return decodeUtf8Checked(from, to);
    }

    QString decodeUtf8Checked(const char *from, const char *to)
    {
        // ConvertInitialBom: a string that starts with U+FEFF keeps it (the decoder drops it by default).
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
        QString s = decoder(QByteArrayView(from, to - from));
        if (decoder.hasError())
            failAt("Invalid UTF-8 in string", from);
        return s;
    }

    QString parseString()
    {
        const char *quote = m_p;
        ++m_p;
        const char *runStart = m_p;
        unsigned char seen = 0; // OR of all bytes: bit 7 set means non-ASCII text
        // Fast path: no escapes.
        while (m_p < m_end) {
            const unsigned char c = static_cast<unsigned char>(*m_p);
            seen |= c;
            if (c == '"') {
                QString s = decodeUtf8(runStart, m_p, seen < 0x80);
                ++m_p;
                return s;
            }
            if (c == '\\')
                break;
            if (c < 0x20)
                fail("Invalid control character at");
            ++m_p;
        }
        if (m_p >= m_end)
            failAt("Unterminated string starting at", quote);
        QString out = decodeUtf8(runStart, m_p, seen < 0x80);
        while (m_p < m_end) {
            const unsigned char c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return out;
            }
            if (c < 0x20)
                fail("Invalid control character at");
            if (c != '\\') {
                const char *run = m_p;
                unsigned char runSeen = 0;
                while (m_p < m_end && *m_p != '"' && *m_p != '\\' && static_cast<unsigned char>(*m_p) >= 0x20)
                    runSeen |= static_cast<unsigned char>(*m_p++);
                out += decodeUtf8(run, m_p, runSeen < 0x80);
                continue;
            }
            const char *escape = m_p;
            ++m_p;
            if (m_p >= m_end)
                failAt("Unterminated string starting at", quote);
            switch (*m_p++) {
            case '"': out += u'"'; break;
            case '\\': out += u'\\'; break;
            case '/': out += u'/'; break;
            case 'b': out += u'\b'; break;
            case 'f': out += u'\f'; break;
            case 'n': out += u'\n'; break;
            case 'r': out += u'\r'; break;
            case 't': out += u'\t'; break;
            case 'u': {
                if (m_end - m_p < 4)
                    failAt("Invalid \\uXXXX escape", escape);
                int code = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(m_p[i]);
                    if (h < 0)
                        failAt("Invalid \\uXXXX escape", escape);
                    code = code * 16 + h;
                }
                m_p += 4;
                // Surrogate pairs arrive as two escapes; UTF-16 storage takes each half as is.
                out += QChar(char16_t(code));
                break;
            }
            default:
                failAt("Invalid \\escape", escape);
            }
        }
        failAt("Unterminated string starting at", quote);
    }

    void checkDepth(int depth)
    {
        if (depth > m_options.maxDepth)
            fail("Maximum nesting depth exceeded");
    }

    Json parseArray(int depth)
    {
        checkDepth(depth);
        ++m_p; // '['
        skipWhitespace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return Json(JsonArray{});
        }
        // Elements collect on a shared scratch stack and move into an exactly sized vector at the end: one
        // allocation per array instead of one per growth step.
        const size_t base = m_itemStack.size();
        while (true) {
            skipWhitespace();
            const SourceMap::Key parent = m_pointer;
            if (m_options.sourceMap) {
                m_pointer = SourceMap::child(parent, qsizetype(m_itemStack.size() - base));
                record(position(m_p));
            }
            Json item = parseValue(depth);
            m_itemStack.push_back(std::move(item));
            m_pointer = parent;
            skipWhitespace();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == ']') {
                ++m_p;
                JsonArray items(std::make_move_iterator(m_itemStack.begin() + base), std::make_move_iterator(m_itemStack.end()));
                m_itemStack.resize(base);
                return Json(std::move(items));
            }
            fail("Expecting ',' delimiter");
        }
    }

    Json parseObject(int depth)
    {
        checkDepth(depth);
        ++m_p; // '{'
        skipWhitespace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return Json(JsonObject{});
        }
        const size_t base = m_memberStack.size();
        KeysSeen seen;
        while (true) {
            skipWhitespace();
            if (m_p >= m_end || *m_p != '"')
                fail("Expecting property name enclosed in double quotes");
            const char *keyStart = m_p;
            const SourceMap::Position keyPosition = m_options.sourceMap ? position(keyStart) : SourceMap::Position{};
            QString key = parseString();
            skipWhitespace();
            if (m_p >= m_end || *m_p != ':')
                fail("Expecting ':' delimiter");
            ++m_p;
            skipWhitespace();
            const SourceMap::Key parent = m_pointer;
            if (m_options.sourceMap) {
                m_pointer = SourceMap::child(parent, key);
                record(keyPosition);
            }
            Json value = parseValue(depth);
            m_pointer = parent;
            if (const qsizetype existing = seen.indexOf(key, m_memberStack, base); existing >= 0) {
                if (m_options.rejectDuplicateKeys)
                    failAt("Duplicate key", keyStart);
                m_memberStack[size_t(existing)].second = std::move(value);
            } else {
                m_memberStack.emplace_back(std::move(key), std::move(value));
                seen.added(m_memberStack, base);
            }
            skipWhitespace();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == '}') {
                ++m_p;
                JsonObject members(std::make_move_iterator(m_memberStack.begin() + base), std::make_move_iterator(m_memberStack.end()));
                m_memberStack.resize(base);
                return Json(std::move(members));
            }
            fail("Expecting ',' delimiter");
        }
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    const char *m_lineStart;
    int m_line = 1;
    const char *m_columnFrom = nullptr;
    int m_column = 1;
    const JsonParseOptions &m_options;
    SourceMap::Key m_pointer = SourceMap::kRootKey; // the value being read
    StringCache &m_strings;
    std::vector<Json> &m_itemStack;
    std::vector<JsonMember> &m_memberStack;
    // A large document repeats its long strings too (descriptions, `$ref`s): Microsoft Graph's 148k strings
    // over 24 characters are 33k distinct texts, and sharing them saved 18 MB of its 123 MB peak. Keyed by
    // the bytes of the text being parsed, so it lives for one parse; small documents (request bodies) skip it.
    static constexpr qsizetype kInternLongStringsFrom = 64 * 1024;
    std::optional<QHash<QByteArrayView, QString>> m_longStrings;
};

} // namespace

Result<Json> JsonParser::parse(QByteArrayView utf8)
{
    // A UTF-8 byte order mark is not JSON, but editors on some platforms write one; accept and skip it.
    if (utf8.startsWith("\xEF\xBB\xBF"))
        utf8 = utf8.sliced(3);
    // One scratch per thread serves every parser on it: a server parses a body per request with a fresh
    // parser, and building the string cache each time would cost more than the parse.
    thread_local JsonParserScratch threadScratch;
    Reader reader(utf8, m_options, threadScratch);
    try {
        return reader.document();
    } catch (const ParseFailure &failure) {
        int line = 1;
        const char *lineStart = reader.lineStartBefore(failure.at, &line);
        auto characters = [](const char *from, const char *to) {
            qsizetype n = 0;
            for (const char *q = from; q < to; ++q)
                n += (static_cast<unsigned char>(*q) & 0xC0) != 0x80;
            return n;
        };
        m_error.message = QString::fromLatin1(failure.message);
        m_error.characterOffset = characters(reader.begin(), failure.at);
        m_error.line = line;
        m_error.column = int(characters(lineStart, failure.at)) + 1;
        Error error{m_error.message, {}};
        error.location.line = m_error.line;
        error.location.column = m_error.column;
        return error;
    }
}

Json parseJson(QByteArrayView utf8)
{
    auto result = JsonParser().parse(utf8);
    return result.ok() ? std::move(result).value() : Json();
}

} // namespace portico::core
