#include "core/formats.h"

#include "core/regex.h"

#include <QChar>
#include <QList>
#include <QString>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace portico::core {

namespace {

using Reason = QString; // why a value fails; empty when it conforms
using CodePoints = std::vector<char32_t>;

// ---------------------------------------------------------------------------------------------------------
// Small character helpers. Format grammars are ASCII: Unicode digits (a Bengali '৪', a fullwidth '１') must not
// pass as digits, which rules out QChar::isDigit().

bool isDigit(char32_t c)
{
    return c >= u'0' && c <= u'9';
}

bool isAlpha(char32_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isHex(char32_t c)
{
    return isDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

int digitsValue(QStringView s, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i)
        value = value * 10 + (s[i].unicode() - u'0');
    return value;
}

bool allDigits(QStringView s, qsizetype from, qsizetype count)
{
    if (from + count > s.size())
        return false;
    for (qsizetype i = from; i < from + count; ++i) {
        if (!isDigit(s[i].unicode()))
            return false;
    }
    return true;
}

QString codePointName(char32_t c)
{
    return u"U+"_s + QString::number(uint(c), 16).toUpper().rightJustified(4, u'0');
}

// A character for an error message: in backticks when printable ASCII, as U+XXXX otherwise (a space, a newline,
// a look-alike such as the Kelvin sign would be unreadable or misleading when quoted, a backtick confusing).
QString describe(char32_t c)
{
    if (c > 0x20 && c < 0x7F && c != u'`')
        return u'`' + QString(QChar(char16_t(c))) + u'`';
    return codePointName(c);
}

// Code points of a string; a lone surrogate stays a code point of its own so checks can reject it.
CodePoints toCodePoints(QStringView s)
{
    CodePoints out;
    out.reserve(size_t(s.size()));
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
            out.push_back(QChar::surrogateToUcs4(u, s[i + 1].unicode()));
            ++i;
        } else {
            out.push_back(u);
        }
    }
    return out;
}

QString fromCodePoints(const CodePoints &cps)
{
    return QString::fromUcs4(cps.data(), qsizetype(cps.size()));
}

qsizetype utf8Length(QStringView s)
{
    return s.toUtf8().size();
}

// ---------------------------------------------------------------------------------------------------------
// RFC 3339 date, time, date-time. Error texts are pydantic's (speedate's) where the failure is the same.

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

// full-date = date-fullyear "-" date-month "-" date-mday, in the first 10 code units of s.
Reason checkFullDate(QStringView s)
{
    if (s.size() < 10)
        return u"input is too short"_s;
    if (!allDigits(s, 0, 4))
        return u"invalid character in year"_s;
    if (s[4] != u'-')
        return u"invalid date separator, expected `-`"_s;
    if (!allDigits(s, 5, 2))
        return u"invalid character in month"_s;
    if (s[7] != u'-')
        return u"invalid date separator, expected `-`"_s;
    if (!allDigits(s, 8, 2))
        return u"invalid character in day"_s;
    const int year = digitsValue(s, 0, 4);
    const int month = digitsValue(s, 5, 2);
    const int day = digitsValue(s, 8, 2);
    if (month < 1 || month > 12)
        return u"month value is outside expected range of 1-12"_s;
    if (day < 1 || day > daysInMonth(year, month))
        return u"day value is outside expected range"_s;
    return {};
}

// full-time = partial-time time-offset, from s[from] to the end.
Reason checkFullTime(QStringView s, qsizetype from)
{
    if (s.size() - from < 8)
        return u"input is too short"_s;
    if (!allDigits(s, from, 2))
        return u"invalid character in hour"_s;
    if (s[from + 2] != u':')
        return u"invalid time separator, expected `:`"_s;
    if (!allDigits(s, from + 3, 2))
        return u"invalid character in minute"_s;
    if (s[from + 5] != u':')
        return u"invalid time separator, expected `:`"_s;
    if (!allDigits(s, from + 6, 2))
        return u"invalid character in second"_s;
    const int hour = digitsValue(s, from, 2);
    const int minute = digitsValue(s, from + 3, 2);
    const int second = digitsValue(s, from + 6, 2);
    if (hour > 23)
        return u"hour value is outside expected range of 0-23"_s;
    if (minute > 59)
        return u"minute value is outside expected range of 0-59"_s;
    // 60 is allowed for a leap second, checked once the offset is known.
    if (second > 60)
        return u"second value is outside expected range of 0-60"_s;

    qsizetype i = from + 8;
    if (i < s.size() && s[i] == u'.') {
        ++i;
        const qsizetype digitsStart = i;
        while (i < s.size() && isDigit(s[i].unicode()))
            ++i;
        // RFC 3339 puts no limit on the fraction's length (pydantic stops at 6 digits; JSON Schema does not).
        if (i == digitsStart)
            return u"second fraction digits missing after `.`"_s;
    }

    if (i >= s.size())
        return u"missing timezone offset, expected `Z` or `±HH:MM`"_s;
    int offsetMinutes = 0;
    const char16_t sign = s[i].unicode();
    if (sign == u'Z' || sign == u'z') {
        ++i;
    } else if (sign == u'+' || sign == u'-') {
        if (!allDigits(s, i + 1, 2))
            return u"invalid timezone hour"_s;
        if (i + 3 >= s.size() || s[i + 3] != u':')
            return u"invalid timezone separator, expected `:`"_s;
        if (!allDigits(s, i + 4, 2))
            return u"invalid timezone minute"_s;
        const int offsetHour = digitsValue(s, i + 1, 2);
        const int offsetMinute = digitsValue(s, i + 4, 2);
        if (offsetHour > 23)
            return u"timezone offset must be less than 24 hours"_s;
        if (offsetMinute > 59)
            return u"timezone minute value is outside expected range of 0-59"_s;
        offsetMinutes = (offsetHour * 60 + offsetMinute) * (sign == u'-' ? -1 : 1);
        i += 6;
    } else {
        return u"invalid timezone sign"_s;
    }
    if (i != s.size())
        return u"unexpected extra characters at the end of the input"_s;

    if (second == 60) {
        // A leap second is inserted at the end of a UTC day, so the local time must be 23:59 in UTC. The date
        // itself is not checked against the published list of leap seconds.
        const int utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440;
        if (utcMinutes != 23 * 60 + 59)
            return u"leap second is only valid at 23:59:60 UTC"_s;
    }
    return {};
}

Reason checkDate(QStringView s)
{
    if (Reason r = checkFullDate(s); !r.isEmpty())
        return r;
    if (s.size() > 10)
        return u"unexpected extra characters at the end of the input"_s;
    return {};
}

Reason checkDateTime(QStringView s)
{
    if (Reason r = checkFullDate(s); !r.isEmpty())
        return r;
    if (s.size() == 10)
        return u"input is too short"_s;
    // RFC 3339 allows a lower-case 't'; pydantic's `_` and space separators are not RFC 3339.
    if (s[10] != u'T' && s[10] != u't')
        return u"invalid datetime separator, expected `T`"_s;
    return checkFullTime(s, 11);
}

// ---------------------------------------------------------------------------------------------------------
// RFC 3339 appendix A duration:
//   duration = "P" (dur-date / dur-time / dur-week); dur-date = (dur-day / dur-month / dur-year) [dur-time]
//   dur-year = 1*DIGIT "Y" [dur-month], dur-month = 1*DIGIT "M" [dur-day], and likewise H [M [S]] after "T".
// So units come in order without gaps (P1Y2D is invalid), weeks stand alone, and there are no fractions.

Reason checkDuration(QStringView s)
{
    if (s.isEmpty())
        return u"input is too short"_s;
    if (s[0] != u'P')
        return u"duration must start with `P`"_s;
    qsizetype i = 1;
    const qsizetype n = s.size();

    // Reads 1*DIGIT and its unit; returns the unit, or a reason in *error.
    auto element = [&](Reason *error) -> char16_t {
        const qsizetype start = i;
        while (i < n && isDigit(s[i].unicode()))
            ++i;
        if (i == start) {
            *error = u"invalid digit in duration"_s;
            return 0;
        }
        if (i == n || s[i] == u'T') {
            *error = u"number without unit in duration"_s;
            return 0;
        }
        if (s[i] == u'.' || s[i] == u',') {
            *error = u"quantity fraction invalid in duration"_s;
            return 0;
        }
        return s[i++].unicode();
    };

    int dateElements = 0;
    int lastDateUnit = -1;
    while (i < n && s[i] != u'T') {
        Reason error;
        const char16_t unit = element(&error);
        if (!error.isEmpty())
            return error;
        if (unit == u'W') {
            if (dateElements > 0 || i != n)
                return u"weeks cannot be combined with other units in duration"_s;
            return {};
        }
        const int index = unit == u'Y' ? 0 : unit == u'M' ? 1 : unit == u'D' ? 2 : -1;
        if (index < 0) {
            if (unit == u'H' || unit == u'S')
                return u"time units must follow `T` in duration"_s;
            return u"invalid unit in duration, expected `Y`, `M`, `W` or `D`"_s;
        }
        if (index <= lastDateUnit)
            return u"date units out of order in duration, expected `Y`, `M`, `D`"_s;
        if (lastDateUnit >= 0 && index != lastDateUnit + 1)
            return u"date units must be consecutive in duration, expected `Y`, `M`, `D`"_s;
        lastDateUnit = index;
        ++dateElements;
    }
    if (i == n) {
        if (dateElements == 0)
            return u"duration has no elements"_s;
        return {};
    }
    ++i; // 'T'
    if (i == n)
        return u"missing time element after `T` in duration"_s;
    int lastTimeUnit = -1;
    while (i < n) {
        if (s[i] == u'T')
            return u"`T` character repeated in duration"_s;
        Reason error;
        const char16_t unit = element(&error);
        if (!error.isEmpty())
            return error;
        const int index = unit == u'H' ? 0 : unit == u'M' ? 1 : unit == u'S' ? 2 : -1;
        if (index < 0) {
            if (unit == u'Y' || unit == u'D' || unit == u'W')
                return u"date units must precede `T` in duration"_s;
            return u"invalid unit in duration, expected `H`, `M` or `S`"_s;
        }
        if (index <= lastTimeUnit)
            return u"time units out of order in duration, expected `H`, `M`, `S`"_s;
        if (lastTimeUnit >= 0 && index != lastTimeUnit + 1)
            return u"time units must be consecutive in duration, expected `H`, `M`, `S`"_s;
        lastTimeUnit = index;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------
// RFC 4122 UUID in its hyphenated form. Texts follow the uuid crate that pydantic reports.

Reason checkUuid(QStringView s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (!isHex(c) && c != u'-') {
            return u"invalid character: expected [0-9a-fA-F-], found "_s + describe(c) + u" at "_s +
                   QString::number(i + 1);
        }
    }
    static constexpr qsizetype groupLengths[] = {8, 4, 4, 4, 12};
    const QList<QStringView> groups = s.split(u'-');
    if (groups.size() != 5)
        return u"invalid group count: expected 5, found "_s + QString::number(groups.size());
    for (qsizetype g = 0; g < 5; ++g) {
        if (groups[g].size() != groupLengths[g]) {
            return u"invalid group length in group "_s + QString::number(g) + u": expected "_s +
                   QString::number(groupLengths[g]) + u", found "_s + QString::number(groups[g].size());
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------
// IP addresses.

// Dotted-quad only: no leading zeros (they read as octal to inet_aton), no shorthand, no other bases.
bool isIpv4(QStringView s)
{
    const QList<QStringView> parts = s.split(u'.');
    if (parts.size() != 4)
        return false;
    for (QStringView part : parts) {
        if (part.isEmpty() || part.size() > 3 || !allDigits(part, 0, part.size()))
            return false;
        if (part.size() > 1 && part[0] == u'0')
            return false;
        if (digitsValue(part, 0, part.size()) > 255)
            return false;
    }
    return true;
}

// RFC 4291 section 2.2 text forms, with an optional trailing dotted quad. Zone ids (RFC 6874) and prefixes are
// not part of an address.
bool isIpv6(QStringView s)
{
    const qsizetype n = s.size();
    int groups = 0;
    bool compressed = false;
    qsizetype i = 0;
    if (n >= 2 && s[0] == u':' && s[1] == u':') {
        compressed = true;
        i = 2;
        if (i == n)
            return true;
    } else if (n == 0 || s[0] == u':') {
        return false;
    }
    while (i < n) {
        const qsizetype start = i;
        while (i < n && isHex(s[i].unicode()))
            ++i;
        if (i < n && s[i] == u'.') {
            if (!isIpv4(s.mid(start)))
                return false;
            groups += 2;
            break;
        }
        const qsizetype length = i - start;
        if (length == 0 || length > 4)
            return false;
        ++groups;
        if (i == n)
            break;
        if (s[i] != u':')
            return false;
        ++i;
        if (i == n)
            return false; // a single trailing colon
        if (s[i] == u':') {
            if (compressed)
                return false;
            compressed = true;
            ++i;
        }
    }
    return compressed ? groups <= 7 : groups == 8;
}

// ---------------------------------------------------------------------------------------------------------
// Punycode (RFC 3492), for A-labels.

namespace punycode {

constexpr quint32 kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700, kInitialBias = 72, kInitialN = 128;
constexpr quint64 kMaxValue = 0xFFFFFFFF;

quint32 adapt(quint64 delta, quint64 points, bool first)
{
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    quint32 k = 0;
    while (delta > ((kBase - kTMin) * kTMax) / 2) {
        delta /= kBase - kTMin;
        k += kBase;
    }
    return quint32(k + (kBase - kTMin + 1) * delta / (delta + kSkew));
}

quint32 threshold(quint32 k, quint32 bias)
{
    return k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
}

bool decode(QStringView input, CodePoints *out)
{
    out->clear();
    const qsizetype delimiter = input.lastIndexOf(u'-');
    qsizetype in = 0;
    if (delimiter > 0) {
        for (qsizetype j = 0; j < delimiter; ++j) {
            if (input[j].unicode() >= 0x80)
                return false;
            out->push_back(input[j].unicode());
        }
        in = delimiter + 1;
    } else if (delimiter == 0) {
        in = 1;
    }
    quint64 n = kInitialN, i = 0;
    quint32 bias = kInitialBias;
    while (in < input.size()) {
        const quint64 oldI = i;
        quint64 w = 1;
        for (quint32 k = kBase;; k += kBase) {
            if (in >= input.size())
                return false;
            const char16_t c = input[in++].unicode();
            quint64 digit;
            if (c >= u'a' && c <= u'z')
                digit = c - u'a';
            else if (c >= u'A' && c <= u'Z')
                digit = c - u'A';
            else if (c >= u'0' && c <= u'9')
                digit = c - u'0' + 26;
            else
                return false;
            i += digit * w;
            if (i > kMaxValue)
                return false;
            const quint32 t = threshold(k, bias);
            if (digit < t)
                break;
            w *= kBase - t;
            if (w > kMaxValue)
                return false;
        }
        const quint64 points = out->size() + 1;
        bias = adapt(i - oldI, points, oldI == 0);
        n += i / points;
        i %= points;
        if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
            return false;
        out->insert(out->begin() + qsizetype(i), char32_t(n));
        ++i;
    }
    return true;
}

QString encode(const CodePoints &input)
{
    QString out;
    for (char32_t c : input) {
        if (c < 0x80)
            out += QChar(char16_t(c));
    }
    const quint64 basic = quint64(out.size());
    quint64 handled = basic;
    if (basic > 0)
        out += u'-';
    quint64 n = kInitialN, delta = 0;
    quint32 bias = kInitialBias;
    auto digit = [](quint64 d) { return QChar(char16_t(d < 26 ? u'a' + d : u'0' + (d - 26))); };
    while (handled < input.size()) {
        quint64 m = 0x10FFFF + 1;
        for (char32_t c : input) {
            if (c >= n && c < m)
                m = c;
        }
        delta += (m - n) * (handled + 1);
        n = m;
        for (char32_t c : input) {
            if (c < n)
                ++delta;
            if (c == n) {
                quint64 q = delta;
                for (quint32 k = kBase;; k += kBase) {
                    const quint32 t = threshold(k, bias);
                    if (q < t)
                        break;
                    out += digit(t + (q - t) % (kBase - t));
                    q = (q - t) / (kBase - t);
                }
                out += digit(q);
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                ++handled;
            }
        }
        ++delta;
        ++n;
    }
    return out;
}

} // namespace punycode

// ---------------------------------------------------------------------------------------------------------
// IDNA2008 (RFC 5890-5893), on top of QtCore's Unicode tables. The derived property follows RFC 5892 section 3
// step by step; Qt's Unicode version (not the IANA tables' 6.x) decides what is assigned.

enum class IdnaProperty
{
    PValid,
    ContextJ,
    ContextO,
    Disallowed,
    Unassigned
};

bool inRange(char32_t c, char32_t lo, char32_t hi)
{
    return c >= lo && c <= hi;
}

IdnaProperty idnaProperty(char32_t c)
{
    // F: exceptions (RFC 5892 section 2.6).
    switch (c) {
    case 0x00DF:
    case 0x03C2:
    case 0x06FD:
    case 0x06FE:
    case 0x0F0B:
    case 0x3007:
        return IdnaProperty::PValid;
    case 0x00B7:
    case 0x0375:
    case 0x05F3:
    case 0x05F4:
    case 0x30FB:
        return IdnaProperty::ContextO;
    case 0x0640:
    case 0x07FA:
    case 0x302E:
    case 0x302F:
    case 0x3031:
    case 0x3032:
    case 0x3033:
    case 0x3034:
    case 0x3035:
    case 0x303B:
        return IdnaProperty::Disallowed;
    default:
        break;
    }
    if (inRange(c, 0x0660, 0x0669) || inRange(c, 0x06F0, 0x06F9))
        return IdnaProperty::ContextO;
    // J: unassigned. K: LDH. H: join controls.
    if (c > 0x10FFFF || QChar::category(c) == QChar::Other_NotAssigned)
        return IdnaProperty::Unassigned;
    if (inRange(c, u'a', u'z') || isDigit(c) || c == u'-')
        return IdnaProperty::PValid;
    if (c == 0x200C || c == 0x200D)
        return IdnaProperty::ContextJ;
    // B: unstable under NFKC and case folding (upper case, compatibility characters, ...).
    const QString single = QString::fromUcs4(&c, 1);
    if (single.normalized(QString::NormalizationForm_KC).toCaseFolded().normalized(QString::NormalizationForm_KC) !=
        single) {
        return IdnaProperty::Disallowed;
    }
    // C: ignorable properties. Default_Ignorable_Code_Point only matters for the code points that would
    // otherwise be letters or marks; the rest of it is Cf and falls to the last rule anyway.
    if (QChar::isSpace(c) || inRange(c, 0xFDD0, 0xFDEF) || (c & 0xFFFE) == 0xFFFE || c == 0x034F ||
        inRange(c, 0x115F, 0x1160) || inRange(c, 0x17B4, 0x17B5) || inRange(c, 0x180B, 0x180F) || c == 0x3164 ||
        inRange(c, 0xFE00, 0xFE0F) || c == 0xFFA0 || inRange(c, 0xE0100, 0xE01EF)) {
        return IdnaProperty::Disallowed;
    }
    // D: ignorable blocks (combining marks for symbols, musical notation). I: old Hangul jamo.
    if (inRange(c, 0x20D0, 0x20FF) || inRange(c, 0x1D100, 0x1D24F) || inRange(c, 0x1100, 0x11FF) ||
        inRange(c, 0xA960, 0xA97F) || inRange(c, 0xD7B0, 0xD7FF)) {
        return IdnaProperty::Disallowed;
    }
    // A: letters and digits.
    switch (QChar::category(c)) {
    case QChar::Letter_Lowercase:
    case QChar::Letter_Uppercase:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Letter_Modifier:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
        return IdnaProperty::PValid;
    default:
        return IdnaProperty::Disallowed;
    }
}

bool isVirama(char32_t c)
{
    return c != char32_t(-1) && QChar::combiningClass(c) == 9;
}

// RFC 5892 appendix A.1 and A.2.
Reason checkContextJ(const CodePoints &label, size_t i)
{
    const char32_t before = i > 0 ? label[i - 1] : char32_t(-1);
    if (isVirama(before))
        return {};
    if (label[i] == 0x200D)
        return u"ZERO WIDTH JOINER U+200D must follow a virama"_s;
    // (Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})
    bool leftOk = false;
    for (size_t j = i; j-- > 0;) {
        const QChar::JoiningType t = QChar::joiningType(label[j]);
        if (t == QChar::Joining_Transparent)
            continue;
        leftOk = t == QChar::Joining_Left || t == QChar::Joining_Dual;
        break;
    }
    bool rightOk = false;
    for (size_t j = i + 1; j < label.size(); ++j) {
        const QChar::JoiningType t = QChar::joiningType(label[j]);
        if (t == QChar::Joining_Transparent)
            continue;
        rightOk = t == QChar::Joining_Right || t == QChar::Joining_Dual;
        break;
    }
    if (leftOk && rightOk)
        return {};
    return u"ZERO WIDTH NON-JOINER U+200C must follow a virama or sit between joining characters"_s;
}

// RFC 5892 appendix A.3 to A.9.
Reason checkContextO(const CodePoints &label, size_t i)
{
    const char32_t c = label[i];
    const char32_t before = i > 0 ? label[i - 1] : 0;
    const char32_t after = i + 1 < label.size() ? label[i + 1] : 0;
    switch (c) {
    case 0x00B7:
        if (before == u'l' && after == u'l')
            return {};
        return u"MIDDLE DOT U+00B7 must be between two `l`s"_s;
    case 0x0375:
        if (after != 0 && QChar::script(after) == QChar::Script_Greek)
            return {};
        return u"GREEK LOWER NUMERAL SIGN U+0375 must be followed by a Greek character"_s;
    case 0x05F3:
    case 0x05F4:
        if (before != 0 && QChar::script(before) == QChar::Script_Hebrew)
            return {};
        return codePointName(c) + u" must follow a Hebrew character"_s;
    case 0x30FB:
        for (char32_t other : label) {
            if (other == 0x30FB)
                continue;
            const QChar::Script script = QChar::script(other);
            if (script == QChar::Script_Hiragana || script == QChar::Script_Katakana || script == QChar::Script_Han)
                return {};
        }
        return u"KATAKANA MIDDLE DOT U+30FB needs a Hiragana, Katakana or Han character in its label"_s;
    default:
        break;
    }
    const bool arabicIndic = inRange(c, 0x0660, 0x0669);
    for (char32_t other : label) {
        if (arabicIndic ? inRange(other, 0x06F0, 0x06F9) : inRange(other, 0x0660, 0x0669))
            return u"Arabic-Indic digits cannot be mixed with Extended Arabic-Indic digits"_s;
    }
    return {};
}

// RFC 5891 section 5.4 / 4.2 for a label that has non-ASCII characters (written as such or as an A-label).
Reason checkULabel(const CodePoints &label)
{
    const QString text = fromCodePoints(label);
    if (text.normalized(QString::NormalizationForm_C) != text)
        return u"label is not in Unicode normalization form C"_s;
    if (label.size() >= 4 && label[2] == u'-' && label[3] == u'-')
        return u"label has `--` in the third and fourth positions"_s;
    if (label.front() == u'-')
        return u"label cannot start with a hyphen"_s;
    if (label.back() == u'-')
        return u"label cannot end with a hyphen"_s;
    switch (QChar::category(label.front())) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return u"label cannot start with a combining mark"_s;
    default:
        break;
    }
    for (size_t i = 0; i < label.size(); ++i) {
        switch (idnaProperty(label[i])) {
        case IdnaProperty::PValid:
            break;
        case IdnaProperty::ContextJ:
            if (Reason r = checkContextJ(label, i); !r.isEmpty())
                return r;
            break;
        case IdnaProperty::ContextO:
            if (Reason r = checkContextO(label, i); !r.isEmpty())
                return r;
            break;
        case IdnaProperty::Disallowed:
            return u"disallowed character "_s + codePointName(label[i]) + u" in label"_s;
        case IdnaProperty::Unassigned:
            return u"unassigned code point "_s + codePointName(label[i]) + u" in label"_s;
        }
    }
    return {};
}

bool isRtlClass(QChar::Direction d)
{
    return d == QChar::DirR || d == QChar::DirAL || d == QChar::DirAN;
}

// The Bidi rule (RFC 5893 section 2), for every label of a domain that has right-to-left characters.
bool satisfiesBidiRule(const CodePoints &label)
{
    using D = QChar::Direction;
    const D first = QChar::direction(label.front());
    if (first != QChar::DirL && first != QChar::DirR && first != QChar::DirAL)
        return false;
    const bool rtl = first != QChar::DirL;
    bool hasEn = false, hasAn = false;
    for (char32_t c : label) {
        const D d = QChar::direction(c);
        if (rtl) {
            switch (d) {
            case QChar::DirR:
            case QChar::DirAL:
            case QChar::DirES:
            case QChar::DirCS:
            case QChar::DirET:
            case QChar::DirON:
            case QChar::DirBN:
            case QChar::DirNSM:
                break;
            case QChar::DirEN:
                hasEn = true;
                break;
            case QChar::DirAN:
                hasAn = true;
                break;
            default:
                return false;
            }
        } else {
            switch (d) {
            case QChar::DirL:
            case QChar::DirEN:
            case QChar::DirES:
            case QChar::DirCS:
            case QChar::DirET:
            case QChar::DirON:
            case QChar::DirBN:
            case QChar::DirNSM:
                break;
            default:
                return false;
            }
        }
    }
    if (rtl && hasEn && hasAn)
        return false;
    // The last character that is not a non-spacing mark decides how the label ends.
    for (size_t j = label.size(); j-- > 0;) {
        const D d = QChar::direction(label[j]);
        if (d == QChar::DirNSM)
            continue;
        if (rtl)
            return d == QChar::DirR || d == QChar::DirAL || d == QChar::DirEN || d == QChar::DirAN;
        return d == QChar::DirL || d == QChar::DirEN;
    }
    return false;
}

// RFC 1123 host names, with IDNA2008 A-labels checked as such; with `idn`, U-labels too (RFC 5890), and the
// full stops of RFC 3490 section 3.1 as separators.
Reason checkHostname(QStringView host, bool idn)
{
    if (host.isEmpty())
        return u"hostname is empty"_s;
    // The ASCII form has at least one character per code point, and a code point takes at most two UTF-16 code
    // units: longer values fail without looking at their labels.
    if (host.size() > (idn ? 2 * 253 : 253))
        return u"hostname is longer than 253 characters"_s;
    auto isSeparator = [idn](char16_t c) { return c == u'.' || (idn && (c == 0x3002 || c == 0xFF0E || c == 0xFF61)); };
    std::vector<QStringView> labels;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= host.size(); ++i) {
        if (i == host.size() || isSeparator(host[i].unicode())) {
            labels.push_back(host.sliced(start, i - start));
            start = i + 1;
        }
    }

    qsizetype asciiLength = qsizetype(labels.size()) - 1; // the dots
    bool bidiDomain = false;
    std::vector<CodePoints> unicodeLabels;
    for (size_t index = 0; index < labels.size(); ++index) {
        const QStringView label = labels[index];
        if (label.isEmpty()) {
            if (index == 0)
                return u"hostname cannot start with a dot"_s;
            if (index + 1 == labels.size())
                return u"hostname cannot end with a dot"_s;
            return u"hostname cannot contain consecutive dots"_s;
        }
        const CodePoints cps = toCodePoints(label);
        bool ascii = true;
        for (char32_t c : cps) {
            if (c >= 0x80) {
                ascii = false;
                if (!idn)
                    return u"invalid character "_s + describe(c) + u" in label"_s;
            } else if (!isAlpha(c) && !isDigit(c) && c != u'-') {
                return u"invalid character "_s + describe(c) + u" in label"_s;
            }
        }
        // Punycode takes quadratic time, so overlong labels are rejected before decoding or encoding them. A
        // U-label of more than 59 code points cannot have an A-label of 63 characters: "xn--" plus at least one
        // character per code point.
        if (label.size() > 63 || (!ascii && cps.size() > 59))
            return u"label is longer than 63 characters"_s;
        CodePoints ulabel;
        qsizetype labelAsciiLength = label.size();
        if (ascii && label.startsWith(u"xn--", Qt::CaseInsensitive)) {
            if (!punycode::decode(label.sliced(4), &ulabel))
                return u"label `"_s + label.toString() + u"` is not valid Punycode"_s;
            if (std::all_of(ulabel.begin(), ulabel.end(), [](char32_t c) { return c < 0x80; }))
                return u"A-label `"_s + label.toString() + u"` decodes to ASCII only"_s;
            if (punycode::encode(ulabel).compare(label.sliced(4), Qt::CaseInsensitive) != 0)
                return u"A-label `"_s + label.toString() + u"` is not in canonical Punycode form"_s;
        } else if (ascii) {
            if (label.front() == u'-')
                return u"label cannot start with a hyphen"_s;
            if (label.back() == u'-')
                return u"label cannot end with a hyphen"_s;
            // Labels with "--" in the third and fourth positions are reserved for encodings such as "xn--"
            // (RFC 5891 section 4.2.3.1); plain RFC 1123 host names predate that rule.
            if (idn && label.size() >= 4 && label[2] == u'-' && label[3] == u'-')
                return u"label has `--` in the third and fourth positions"_s;
        } else {
            ulabel = cps;
            labelAsciiLength = 4 + punycode::encode(ulabel).size();
        }
        if (!ulabel.empty()) {
            if (Reason r = checkULabel(ulabel); !r.isEmpty())
                return r;
            for (char32_t c : ulabel)
                bidiDomain = bidiDomain || isRtlClass(QChar::direction(c));
        }
        if (labelAsciiLength > 63)
            return u"label is longer than 63 characters"_s;
        asciiLength += labelAsciiLength;
        unicodeLabels.push_back(ulabel.empty() ? cps : std::move(ulabel));
    }
    if (asciiLength > 253)
        return u"hostname is longer than 253 characters"_s;
    if (bidiDomain) {
        for (const CodePoints &label : unicodeLabels) {
            if (!satisfiesBidiRule(label))
                return u"label `"_s + fromCodePoints(label) + u"` does not satisfy the Bidi rule"_s;
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------
// E-mail addresses: RFC 5321 Mailbox, and RFC 6531's UTF-8 extension for idn-email. Texts follow
// email-validator, which pydantic reports.

bool isAtext(char32_t c)
{
    if (isAlpha(c) || isDigit(c))
        return true;
    switch (c) {
    case u'!':
    case u'#':
    case u'$':
    case u'%':
    case u'&':
    case u'\'':
    case u'*':
    case u'+':
    case u'-':
    case u'/':
    case u'=':
    case u'?':
    case u'^':
    case u'_':
    case u'`':
    case u'{':
    case u'|':
    case u'}':
    case u'~':
        return true;
    default:
        return false;
    }
}

QString listCharacters(const CodePoints &chars)
{
    QString out;
    for (char32_t c : chars) {
        if (!out.isEmpty())
            out += u", "_s;
        out += c > 0x20 && c < 0x7F ? u'\'' + QString(QChar(char16_t(c))) + u'\'' : codePointName(c);
    }
    return out + u'.';
}

// Collects the distinct invalid characters for a message; a handful is enough to show what is wrong (and keeps
// hostile input from making this quadratic).
void addUnique(CodePoints *list, char32_t c)
{
    if (list->size() < 8 && std::find(list->begin(), list->end(), c) == list->end())
        list->push_back(c);
}

Reason checkLocalPart(QStringView local, bool idn)
{
    const CodePoints cps = toCodePoints(local);
    if (cps.size() >= 2 && cps.front() == u'"' && cps.back() == u'"') {
        // Quoted-string: qtextSMTP and quoted-pairSMTP, both printable ASCII (or any non-ASCII for idn).
        CodePoints invalid;
        for (size_t i = 1; i + 1 < cps.size(); ++i) {
            char32_t c = cps[i];
            if (c == u'\\') {
                if (i + 2 >= cps.size())
                    return u"The quoted part before the @-sign ends with a backslash."_s;
                c = cps[++i];
                if ((c < 32 || c > 126) && !(idn && c >= 0x80 && !QChar::isSurrogate(c)))
                    addUnique(&invalid, c);
                continue;
            }
            const bool qtext = (c >= 32 && c <= 126 && c != u'"') || (idn && c >= 0x80 && !QChar::isSurrogate(c));
            if (!qtext)
                addUnique(&invalid, c);
        }
        if (!invalid.empty())
            return u"The quoted part before the @-sign contains invalid characters: "_s + listCharacters(invalid);
    } else {
        CodePoints invalid;
        for (char32_t c : cps) {
            if (!isAtext(c) && c != u'.' && !(idn && c >= 0x80 && !QChar::isSurrogate(c)))
                addUnique(&invalid, c);
        }
        if (!invalid.empty())
            return u"The email address contains invalid characters before the @-sign: "_s + listCharacters(invalid);
        if (local.startsWith(u'.'))
            return u"An email address cannot start with a period."_s;
        if (local.endsWith(u'.'))
            return u"An email address cannot have a period immediately before the @-sign."_s;
        if (local.contains(u".."))
            return u"An email address cannot have two periods in a row."_s;
    }
    if (const qsizetype octets = utf8Length(local); octets > 64) {
        return u"The email address is too long before the @-sign ("_s + QString::number(octets - 64) +
               (octets - 64 == 1 ? u" character too many)."_s : u" characters too many)."_s);
    }
    return {};
}

Reason checkEmailDomain(QStringView domain, bool idn)
{
    if (domain.startsWith(u'[')) {
        if (!domain.endsWith(u']') || domain.size() < 2)
            return u"The part after the @-sign contains invalid characters: '['."_s;
        const QStringView literal = domain.sliced(1, domain.size() - 2);
        if (literal.startsWith(u"IPv6:", Qt::CaseInsensitive)) {
            if (!isIpv6(literal.sliced(5)))
                return u"The part after the @-sign is not a valid IPv6 address."_s;
            return {};
        }
        const qsizetype colon = literal.indexOf(u':');
        if (colon < 0) {
            if (!isIpv4(literal))
                return u"The part after the @-sign is not a valid IPv4 address."_s;
            return {};
        }
        // General-address-literal = Standardized-tag ":" 1*dcontent, the tag an Ldh-str.
        const QStringView tag = literal.first(colon);
        const QStringView content = literal.sliced(colon + 1);
        bool ok = !tag.isEmpty() && !content.isEmpty() && tag.back() != u'-';
        for (QChar c : tag)
            ok = ok && (isAlpha(c.unicode()) || isDigit(c.unicode()) || c == u'-');
        for (QChar c : content)
            ok = ok && c.unicode() >= 33 && c.unicode() <= 126 && c != u'[' && c != u'\\' && c != u']';
        if (!ok)
            return u"The part after the @-sign contains an invalid address literal."_s;
        return {};
    }
    CodePoints invalid;
    for (char32_t c : toCodePoints(domain)) {
        const bool separator = c == u'.' || (idn && (c == 0x3002 || c == 0xFF0E || c == 0xFF61));
        if (!isAlpha(c) && !isDigit(c) && c != u'-' && !separator && !(idn && c >= 0x80))
            addUnique(&invalid, c);
    }
    if (!invalid.empty())
        return u"The part after the @-sign contains invalid characters: "_s + listCharacters(invalid);
    if (domain.startsWith(u'.'))
        return u"An email address cannot have a period immediately after the @-sign."_s;
    if (domain.endsWith(u'.'))
        return u"An email address cannot end with a period."_s;
    if (domain.contains(u".."))
        return u"An email address cannot have two periods in a row."_s;
    if (utf8Length(domain) > 255)
        return u"The email address is too long after the @-sign."_s;
    // Mail software normalises internationalised domains (RFC 6531 / UTS #46) before looking them up, so an
    // idn-email domain is checked in normalization form C.
    const QString normalized = idn ? domain.toString().normalized(QString::NormalizationForm_C) : domain.toString();
    if (Reason r = checkHostname(normalized, idn); !r.isEmpty())
        return u"The part after the @-sign is not a valid domain name: "_s + r + u'.';
    return {};
}

Reason checkEmail(QStringView s, bool idn)
{
    const qsizetype at = s.lastIndexOf(u'@');
    if (at < 0)
        return u"An email address must have an @-sign."_s;
    const QStringView local = s.first(at);
    const QStringView domain = s.sliced(at + 1);
    if (local.isEmpty())
        return u"There must be something before the @-sign."_s;
    if (domain.isEmpty())
        return u"There must be something after the @-sign."_s;
    if (Reason r = checkLocalPart(local, idn); !r.isEmpty())
        return r;
    if (Reason r = checkEmailDomain(domain, idn); !r.isEmpty())
        return r;
    // RFC 5321 section 4.5.3.1.3: a path is at most 256 octets including the angle brackets.
    if (const qsizetype octets = utf8Length(s); octets > 254) {
        return u"The email address is too long ("_s + QString::number(octets - 254) +
               (octets - 254 == 1 ? u" character too many)."_s : u" characters too many)."_s);
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------
// URIs (RFC 3986) and IRIs (RFC 3987). Texts follow the WHATWG URL parser's that pydantic reports where the
// failure is the same ("relative URL without a base", "invalid port number", ...).

bool isUnreservedAscii(char32_t c)
{
    return isAlpha(c) || isDigit(c) || c == u'-' || c == u'.' || c == u'_' || c == u'~';
}

bool isSubDelim(char32_t c)
{
    switch (c) {
    case u'!':
    case u'$':
    case u'&':
    case u'\'':
    case u'(':
    case u')':
    case u'*':
    case u'+':
    case u',':
    case u';':
    case u'=':
        return true;
    default:
        return false;
    }
}

bool isUcschar(char32_t c)
{
    if (inRange(c, 0xA0, 0xD7FF) || inRange(c, 0xF900, 0xFDCF) || inRange(c, 0xFDF0, 0xFFEF))
        return true;
    // %x10000-1FFFD / %x20000-2FFFD / ... / %xE1000-EFFFD: every plane 1-14 except its last two code points
    // (and the first 0x1000 of plane 14).
    if (c >= 0x10000 && c <= 0xEFFFD && (c & 0xFFFF) <= 0xFFFD)
        return c < 0xE0000 || c >= 0xE1000;
    return false;
}

bool isIprivate(char32_t c)
{
    return inRange(c, 0xE000, 0xF8FF) || inRange(c, 0xF0000, 0xFFFFD) || inRange(c, 0x100000, 0x10FFFD);
}

enum class Part
{
    Userinfo,
    Host,
    Path,
    Query,
    Fragment
};

// Checks that s[from, to) consists of the characters a URI/IRI component allows, percent-encodings included.
Reason checkComponent(QStringView s, qsizetype from, qsizetype to, Part part, bool iri)
{
    static const QString names[] = {u"userinfo"_s, u"domain"_s, u"path"_s, u"query"_s, u"fragment"_s};
    for (qsizetype i = from; i < to; ++i) {
        char32_t c = s[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < to && s[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(s[i].unicode(), s[i + 1].unicode());
            ++i;
        }
        if (c == u'%') {
            if (i + 2 >= to || !isHex(s[i + 1].unicode()) || !isHex(s[i + 2].unicode()))
                return u"invalid percent-encoding"_s;
            i += 2;
            continue;
        }
        bool ok = isUnreservedAscii(c) || isSubDelim(c) || (iri && isUcschar(c));
        switch (part) {
        case Part::Userinfo:
            ok = ok || c == u':';
            break;
        case Part::Host:
            break;
        case Part::Path:
            ok = ok || c == u':' || c == u'@' || c == u'/';
            break;
        case Part::Query:
            ok = ok || c == u':' || c == u'@' || c == u'/' || c == u'?' || (iri && isIprivate(c));
            break;
        case Part::Fragment:
            ok = ok || c == u':' || c == u'@' || c == u'/' || c == u'?';
            break;
        }
        if (!ok) {
            if (part == Part::Host)
                return u"invalid domain character"_s;
            return u"invalid character "_s + describe(c) + u" in "_s + names[int(part)];
        }
    }
    return {};
}

Reason checkAuthority(QStringView s, qsizetype from, qsizetype to, bool iri)
{
    // userinfo cannot contain '@', so the first one ends it (and a second one is an invalid host character).
    const qsizetype at = s.sliced(from, to - from).indexOf(u'@');
    if (at >= 0) {
        if (Reason r = checkComponent(s, from, from + at, Part::Userinfo, iri); !r.isEmpty())
            return r;
        from += at + 1;
    }
    qsizetype hostEnd;
    if (from < to && s[from] == u'[') {
        const qsizetype close = s.sliced(from, to - from).indexOf(u']');
        if (close < 0)
            return u"invalid IPv6 address"_s;
        const QStringView literal = s.sliced(from + 1, close - 1);
        if (!literal.isEmpty() && (literal[0] == u'v' || literal[0] == u'V')) {
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            const qsizetype dot = literal.indexOf(u'.');
            bool ok = dot > 1 && dot + 1 < literal.size();
            for (qsizetype i = 1; ok && i < dot; ++i)
                ok = isHex(literal[i].unicode());
            for (qsizetype i = dot + 1; ok && i < literal.size(); ++i) {
                const char32_t c = literal[i].unicode();
                ok = isUnreservedAscii(c) || isSubDelim(c) || c == u':';
            }
            if (!ok)
                return u"invalid IP address literal"_s;
        } else if (!isIpv6(literal)) {
            return u"invalid IPv6 address"_s;
        }
        hostEnd = from + close + 1;
        if (hostEnd < to && s[hostEnd] != u':')
            return u"invalid domain character"_s;
    } else {
        const qsizetype colon = s.sliced(from, to - from).indexOf(u':');
        hostEnd = colon < 0 ? to : from + colon;
        if (Reason r = checkComponent(s, from, hostEnd, Part::Host, iri); !r.isEmpty())
            return r;
    }
    if (hostEnd < to) {
        for (qsizetype i = hostEnd + 1; i < to; ++i) {
            if (!isDigit(s[i].unicode()))
                return u"invalid port number"_s;
        }
    }
    return {};
}

Reason checkUriLike(QStringView s, bool iri, bool reference)
{
    const qsizetype n = s.size();
    // The scheme is everything before the first ':' that comes before any '/', '?' or '#'.
    qsizetype colon = -1;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i].unicode();
        if (c == u':') {
            colon = i;
            break;
        }
        if (c == u'/' || c == u'?' || c == u'#')
            break;
    }
    bool hasScheme = colon > 0 && isAlpha(s[0].unicode());
    for (qsizetype i = 1; hasScheme && i < colon; ++i) {
        const char16_t c = s[i].unicode();
        hasScheme = isAlpha(c) || isDigit(c) || c == u'+' || c == u'-' || c == u'.';
    }
    if (!hasScheme) {
        if (!reference) {
            if (colon < 0)
                return u"relative URL without a base"_s;
            if (colon == 0)
                return u"missing scheme"_s;
            return isAlpha(s[0].unicode()) ? u"invalid character in scheme"_s : u"scheme must start with a letter"_s;
        }
        // A relative reference's first path segment cannot contain ':' (it would read as a scheme).
        if (colon >= 0)
            return u"a relative reference cannot have `:` in its first path segment"_s;
    }
    qsizetype i = hasScheme ? colon + 1 : 0;

    auto findAny = [&](qsizetype from, QStringView stops) {
        for (qsizetype j = from; j < n; ++j) {
            if (stops.contains(s[j]))
                return j;
        }
        return n;
    };

    if (s.sliced(i).startsWith(u"//")) {
        const qsizetype authorityEnd = findAny(i + 2, u"/?#");
        if (Reason r = checkAuthority(s, i + 2, authorityEnd, iri); !r.isEmpty())
            return r;
        i = authorityEnd;
    }
    const qsizetype pathEnd = findAny(i, u"?#");
    if (Reason r = checkComponent(s, i, pathEnd, Part::Path, iri); !r.isEmpty())
        return r;
    i = pathEnd;
    if (i < n && s[i] == u'?') {
        const qsizetype queryEnd = findAny(i + 1, u"#");
        if (Reason r = checkComponent(s, i + 1, queryEnd, Part::Query, iri); !r.isEmpty())
            return r;
        i = queryEnd;
    }
    if (i < n && s[i] == u'#') {
        if (Reason r = checkComponent(s, i + 1, n, Part::Fragment, iri); !r.isEmpty())
            return r;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------
// RFC 6570 URI templates (level 4 syntax).

bool isTemplateLiteral(char32_t c)
{
    // literals = %x21 / %x23-24 / %x26-3B / %x3D / %x3F-5B / %x5D / %x5F / %x61-7A / %x7E / ucschar / iprivate
    // (the apostrophe %x27 included, as in the RFC's errata and the test suite).
    return c == 0x21 || inRange(c, 0x23, 0x24) || inRange(c, 0x26, 0x3B) || c == 0x3D || inRange(c, 0x3F, 0x5B) ||
           c == 0x5D || c == 0x5F || inRange(c, 0x61, 0x7A) || c == 0x7E || isUcschar(c) || isIprivate(c);
}

Reason checkUriTemplate(QStringView s)
{
    const CodePoints cps = toCodePoints(s);
    const size_t n = cps.size();
    auto pct = [&](size_t i) { return i + 2 < n && cps[i] == u'%' && isHex(cps[i + 1]) && isHex(cps[i + 2]); };
    size_t i = 0;
    while (i < n) {
        const char32_t c = cps[i];
        if (c == u'%') {
            if (!pct(i))
                return u"invalid percent-encoding"_s;
            i += 3;
            continue;
        }
        if (c == u'}')
            return u"unmatched `}`"_s;
        if (c != u'{') {
            if (!isTemplateLiteral(c))
                return u"invalid character "_s + describe(c) + u" in literal"_s;
            ++i;
            continue;
        }
        ++i; // '{'
        const bool ascii = i < n && cps[i] < 0x80;
        if (ascii && QStringView(u"+#./;?&").contains(QChar(char16_t(cps[i])))) {
            ++i;
        } else if (ascii && QStringView(u"=,!@|").contains(QChar(char16_t(cps[i])))) {
            return u"operator "_s + describe(cps[i]) + u" is reserved for future extensions"_s;
        }
        // variable-list = varspec *( "," varspec ); varspec = varname [ ":" max-length / "*" ]
        while (true) {
            // varname = varchar *( ["."] varchar ); varchar = ALPHA / DIGIT / "_" / pct-encoded
            bool expectVarchar = true;
            size_t nameLength = 0;
            while (i < n) {
                if (isAlpha(cps[i]) || isDigit(cps[i]) || cps[i] == u'_') {
                    ++i;
                } else if (pct(i)) {
                    i += 3;
                } else if (cps[i] == u'.' && !expectVarchar) {
                    ++i;
                    expectVarchar = true;
                    continue;
                } else {
                    break;
                }
                expectVarchar = false;
                ++nameLength;
            }
            if (i >= n)
                return u"unterminated expression, expected `}`"_s;
            if (nameLength == 0)
                return u"expression has an empty variable name"_s;
            if (expectVarchar)
                return u"`.` in a variable name must be between variable characters"_s;
            if (cps[i] == u':') {
                ++i;
                const size_t start = i;
                while (i < n && isDigit(cps[i]))
                    ++i;
                if (i == start || cps[start] == u'0' || i - start > 4)
                    return u"prefix length must be an integer from 1 to 9999"_s;
            } else if (cps[i] == u'*') {
                ++i;
            }
            if (i >= n)
                return u"unterminated expression, expected `}`"_s;
            if (cps[i] == u',') {
                ++i;
                continue;
            }
            if (cps[i] == u'}') {
                ++i;
                break;
            }
            return u"invalid character "_s + describe(cps[i]) + u" in expression"_s;
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------
// JSON pointers: RFC 6901, and draft-bhutton-relative-json-pointer-00 (the one JSON Schema 2020-12 cites).

Reason checkJsonPointer(QStringView s)
{
    if (!s.isEmpty() && s[0] != u'/')
        return u"must be empty or start with `/`"_s;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == u'~' && (i + 1 >= s.size() || (s[i + 1] != u'0' && s[i + 1] != u'1')))
            return u"`~` must be followed by `0` or `1`"_s;
    }
    return {};
}

Reason checkRelativeJsonPointer(QStringView s)
{
    // non-negative-integer [index-manipulation] ( "#" / json-pointer )
    auto integer = [&s](qsizetype *i) -> Reason {
        const qsizetype start = *i;
        while (*i < s.size() && isDigit(s[*i].unicode()))
            ++*i;
        if (*i == start)
            return u"must start with a non-negative integer"_s;
        if (s[start] == u'0' && *i - start > 1)
            return u"integer cannot have leading zeros"_s;
        return {};
    };
    qsizetype i = 0;
    if (Reason r = integer(&i); !r.isEmpty())
        return r;
    if (i < s.size() && (s[i] == u'+' || s[i] == u'-')) {
        ++i;
        if (Reason r = integer(&i); !r.isEmpty())
            return u"index manipulation must be followed by a non-negative integer"_s;
    }
    if (i < s.size() && s[i] == u'#') {
        if (i + 1 != s.size())
            return u"`#` must end the pointer"_s;
        return {};
    }
    if (i < s.size() && s[i] != u'/')
        return u"integer must be followed by `#` or a JSON pointer"_s;
    return checkJsonPointer(s.sliced(i));
}

// OpenAPI's `byte`: base64 (RFC 4648 §4), or its URL-safe alphabet (§5), which clients also send. Padding
// is optional, but a lone last character (length ≡ 1 mod 4) encodes no whole byte.
Reason checkBase64(QStringView s)
{
    qsizetype end = s.size();
    while (end > 0 && s[end - 1] == u'=' && s.size() - end < 2)
        --end;
    bool standard = false, urlSafe = false;
    for (qsizetype i = 0; i < end; ++i) {
        const char16_t c = s[i].unicode();
        const bool alnum = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
        standard |= c == u'+' || c == u'/';
        urlSafe |= c == u'-' || c == u'_';
        if (!alnum && c != u'+' && c != u'/' && c != u'-' && c != u'_')
            return u"invalid character '%1' at offset %2"_s.arg(s[i]).arg(i);
        if (standard && urlSafe)
            return u"mixes the standard and URL-safe alphabets at offset %1"_s.arg(i);
    }
    if (end % 4 == 1)
        return u"%1 characters cannot encode whole bytes"_s.arg(end);
    if (end < s.size() && s.size() % 4 != 0)
        return u"incorrect padding"_s;
    return {};
}

// ---------------------------------------------------------------------------------------------------------

FormatFailure failure(QString type, QStringView prefix, const QString &reason, QString ctxKey = u"error"_s)
{
    FormatFailure f;
    f.type = std::move(type);
    f.message = prefix + reason;
    f.ctxKey = std::move(ctxKey);
    f.reason = reason;
    return f;
}

std::optional<FormatFailure> wrap(const Reason &reason, const QString &type, QStringView prefix,
                                  const QString &ctxKey = u"error"_s)
{
    if (reason.isEmpty())
        return std::nullopt;
    return failure(type, prefix, reason, ctxKey);
}

std::optional<FormatFailure> noContextFailure(bool ok, QString type, QString message)
{
    if (ok)
        return std::nullopt;
    FormatFailure f;
    f.type = std::move(type);
    f.message = std::move(message);
    return f;
}

const QStringView kKnownFormats[] = {
    u"date-time",
    u"date",
    u"time",
    u"duration",
    u"email",
    u"idn-email",
    u"hostname",
    u"idn-hostname",
    u"ipv4",
    u"ipv6",
    u"uri",
    u"uri-reference",
    u"iri",
    u"iri-reference",
    u"uri-template",
    u"uuid",
    u"regex",
    u"json-pointer",
    u"relative-json-pointer",
    u"byte",
};

} // namespace

Format formatFromName(QStringView name)
{
    if (name == u"date-time")
        return Format::DateTime;
    if (name == u"date")
        return Format::Date;
    if (name == u"time")
        return Format::Time;
    if (name == u"duration")
        return Format::Duration;
    if (name == u"email")
        return Format::Email;
    if (name == u"idn-email")
        return Format::IdnEmail;
    if (name == u"hostname")
        return Format::Hostname;
    if (name == u"idn-hostname")
        return Format::IdnHostname;
    if (name == u"ipv4")
        return Format::Ipv4;
    if (name == u"ipv6")
        return Format::Ipv6;
    if (name == u"uri")
        return Format::Uri;
    if (name == u"uri-reference")
        return Format::UriReference;
    if (name == u"iri")
        return Format::Iri;
    if (name == u"iri-reference")
        return Format::IriReference;
    if (name == u"uri-template")
        return Format::UriTemplate;
    if (name == u"uuid")
        return Format::Uuid;
    if (name == u"regex")
        return Format::Regex;
    if (name == u"json-pointer")
        return Format::JsonPointer;
    if (name == u"relative-json-pointer")
        return Format::RelativeJsonPointer;
    if (name == u"byte")
        return Format::Byte;
    return Format::Unknown;
}

bool isKnownFormat(QStringView format)
{
    return std::find(std::begin(kKnownFormats), std::end(kKnownFormats), format) != std::end(kKnownFormats);
}

std::optional<FormatFailure> checkFormat(Format format, QStringView value)
{
    static const QString url = u"url_parsing"_s;
    static constexpr QStringView urlPrefix = u"Input should be a valid URL, ";
    static constexpr QStringView emailPrefix = u"value is not a valid email address: ";
    static constexpr QStringView hostnamePrefix = u"Input should be a valid hostname, ";

    switch (format) {
    case Format::DateTime:
        return wrap(checkDateTime(value), u"datetime_parsing"_s, u"Input should be a valid datetime, ");
    case Format::Date:
        return wrap(checkDate(value), u"date_parsing"_s, u"Input should be a valid date in the format YYYY-MM-DD, ");
    case Format::Time: {
        return wrap(checkFullTime(value, 0), u"time_parsing"_s, u"Input should be in a valid time format, ");
    }
    case Format::Duration:
        return wrap(checkDuration(value), u"time_delta_parsing"_s, u"Input should be a valid timedelta, ");
    case Format::Email:
        return wrap(checkEmail(value, false), u"value_error"_s, emailPrefix, u"reason"_s);
    case Format::IdnEmail:
        return wrap(checkEmail(value, true), u"value_error"_s, emailPrefix, u"reason"_s);
    case Format::Hostname:
        return wrap(checkHostname(value, false), u"hostname_parsing"_s, hostnamePrefix);
    case Format::IdnHostname:
        return wrap(checkHostname(value, true), u"hostname_parsing"_s, hostnamePrefix);
    case Format::Ipv4:
        return noContextFailure(isIpv4(value), u"ip_v4_address"_s, u"Input is not a valid IPv4 address"_s);
    case Format::Ipv6:
        return noContextFailure(isIpv6(value), u"ip_v6_address"_s, u"Input is not a valid IPv6 address"_s);
    case Format::Uri:
        return wrap(checkUriLike(value, false, false), url, urlPrefix);
    case Format::UriReference:
        return wrap(checkUriLike(value, false, true), url, urlPrefix);
    case Format::Iri:
        return wrap(checkUriLike(value, true, false), url, urlPrefix);
    case Format::IriReference:
        return wrap(checkUriLike(value, true, true), url, urlPrefix);
    case Format::UriTemplate: {
        return wrap(checkUriTemplate(value), u"uri_template_parsing"_s, u"Input should be a valid URI template, ");
    }
    case Format::Uuid:
        return wrap(checkUuid(value), u"uuid_parsing"_s, u"Input should be a valid UUID, ");
    case Format::Regex: {
        // The format asserts ECMA-262 syntax; isValidSyntax() also accepts valid patterns PCRE2 cannot run.
        QString error;
        if (Regex::isValidSyntax(value.toString(), &error))
            return std::nullopt;
        return failure(u"regex_parsing"_s, u"Input should be a valid regular expression, ", error);
    }
    case Format::JsonPointer:
        return wrap(checkJsonPointer(value), u"json_pointer_parsing"_s, u"Input should be a valid JSON pointer, ");
    case Format::RelativeJsonPointer: {
        return wrap(checkRelativeJsonPointer(value), u"relative_json_pointer_parsing"_s,
                    u"Input should be a valid relative JSON pointer, ");
    }
    case Format::Byte:
        // pydantic's error for bytes that do not decode.
        return wrap(checkBase64(value), u"bytes_invalid_encoding"_s, u"Data should be valid base64: ", u"encoding_error"_s);
    case Format::Unknown:
        break;
    }
    return std::nullopt;
}

std::optional<FormatFailure> checkFormat(QStringView format, QStringView value)
{
    return checkFormat(formatFromName(format), value);
}

} // namespace portico::core
