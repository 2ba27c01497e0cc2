// JSON Schema `format` assertions against the official test suite, and the ECMA-262 regular expression engine.
#include "core/formats.h"
#include "core/regex.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace {

QString suiteDir()
{
    return QString::fromUtf8(PORTICO_SUITE_DIR) + u"/tests/draft2020-12"_s;
}

// Formats whose suite cases must all pass. The IDN, IRI, URI template and relative pointer checks are best
// effort (QtCore's Unicode tables stand in for the IDNA2008 ones), so their counts are only reported.
const QStringList kRequiredFormats = {
    u"date-time"_s, u"date"_s, u"time"_s,          u"duration"_s, u"email"_s, u"hostname"_s,     u"ipv4"_s,
    u"ipv6"_s,      u"uri"_s,  u"uri-reference"_s, u"uuid"_s,     u"regex"_s, u"json-pointer"_s,
};

struct SuiteCase
{
    QString file;
    QString description;
    QString format;
    QString value;
    bool valid = false;
};

QJsonArray readSuiteFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

// Every string case of the optional/format directory, with the format taken from its schema (so
// ecmascript-regex.json counts as `regex`). Non-string instances are always valid for formats: skipped.
const std::vector<SuiteCase> &formatCases()
{
    static const std::vector<SuiteCase> cases = [] {
        std::vector<SuiteCase> out;
        const QDir dir(suiteDir() + u"/optional/format"_s);
        const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
        for (const QString &fileName : files) {
            const QJsonArray groups = readSuiteFile(dir.filePath(fileName));
            for (const QJsonValue &group : groups) {
                const QString format = group[u"schema"].toObject().value(u"format").toString();
                const QString groupDescription = group[u"description"].toString();
                const QJsonArray tests = group[u"tests"].toArray();
                for (const QJsonValue &test : tests) {
                    if (!test[u"data"].isString())
                        continue;
                    out.push_back({fileName, groupDescription + u": "_s + test[u"description"].toString(), format,
                                   test[u"data"].toString(), test[u"valid"].toBool()});
                }
            }
        }
        return out;
    }();
    return cases;
}

QString matchName(Regex::Match m)
{
    switch (m) {
    case Regex::Match::Yes:
        return u"Yes"_s;
    case Regex::Match::No:
        return u"No"_s;
    case Regex::Match::LimitExceeded:
        return u"LimitExceeded"_s;
    }
    return {};
}

// The `pattern`/`patternProperties` schemas of the optional regex files, evaluated with Regex::search. Only the
// keywords those files use are understood; returns nullopt for anything else.
std::optional<bool> evaluatePatternSchema(const QJsonObject &schema, const QJsonValue &data, QString *error)
{
    const QStringList known = {u"$schema"_s, u"type"_s, u"pattern"_s, u"patternProperties"_s,
                               u"additionalProperties"_s};
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        if (!known.contains(it.key()))
            return std::nullopt;
    }
    auto matches = [error](const QString &pattern, const QString &subject) -> std::optional<bool> {
        const auto regex = Regex::compile(pattern, error);
        if (!regex)
            return std::nullopt;
        const Regex::Match m = regex->search(subject);
        if (m == Regex::Match::LimitExceeded)
            return std::nullopt;
        return m == Regex::Match::Yes;
    };
    const QString type = schema.value(u"type").toString();
    if (type == u"string" && !data.isString())
        return false;
    if (type == u"object" && !data.isObject())
        return false;
    if (schema.contains(u"pattern") && data.isString()) {
        const auto m = matches(schema.value(u"pattern").toString(), data.toString());
        if (!m || !*m)
            return m;
    }
    if (schema.contains(u"patternProperties") && data.isObject()) {
        const QJsonObject properties = schema.value(u"patternProperties").toObject();
        const QJsonObject object = data.toObject();
        for (auto member = object.begin(); member != object.end(); ++member) {
            bool matchedAny = false;
            for (auto p = properties.begin(); p != properties.end(); ++p) {
                const auto m = matches(p.key(), member.key());
                if (!m)
                    return std::nullopt;
                if (!*m)
                    continue;
                matchedAny = true;
                const QJsonValue sub = p.value();
                if (sub.isBool() && !sub.toBool())
                    return false;
                if (sub.isObject()) {
                    if (sub.toObject().value(u"type").toString() != u"integer")
                        return std::nullopt;
                    const QJsonValue v = member.value();
                    if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble())))
                        return false;
                }
            }
            if (!matchedAny && schema.value(u"additionalProperties") == QJsonValue(false))
                return false;
        }
    }
    return true;
}

} // namespace

class tst_Formats : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void requiredFormats_data();
    void requiredFormats();
    void bestEffortFormats();
    void unknownFormatsAreAnnotations();
    void longInputsAreLinear();
    void pydanticStyleErrors_data();
    void pydanticStyleErrors();

    void regexSemantics_data();
    void regexSemantics();
    void regexSyntax_data();
    void regexSyntax();
    void regexSuitePatterns_data();
    void regexSuitePatterns();
    void regexCatastrophicBacktrackingIsBounded();
    void regexIsThreadSafe();
};

void tst_Formats::initTestCase()
{
    QVERIFY2(QDir(suiteDir() + u"/optional/format"_s).exists(), qPrintable(u"no test suite at "_s + suiteDir()));
    QVERIFY(!formatCases().empty());
}

void tst_Formats::requiredFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    for (const SuiteCase &c : formatCases()) {
        if (kRequiredFormats.contains(c.format)) {
            QTest::addRow("%s: %s", qPrintable(c.file), qPrintable(c.description)) << c.format << c.value << c.valid;
        }
    }
}

void tst_Formats::requiredFormats()
{
    QFETCH(QString, format);
    QFETCH(QString, value);
    QFETCH(bool, valid);
    const auto failure = checkFormat(format, value);
    QVERIFY(isKnownFormat(format));
    if (valid) {
        QVERIFY2(!failure, qPrintable(u"unexpected failure: "_s + (failure ? failure->message : QString())));
    } else {
        QVERIFY2(failure.has_value(), "an invalid value was accepted");
        // Every failure explains itself.
        QVERIFY(!failure->type.isEmpty());
        QVERIFY(!failure->message.isEmpty());
        QCOMPARE(failure->ctxKey.isEmpty(), failure->reason.isEmpty());
    }
}

void tst_Formats::bestEffortFormats()
{
    // Pass counts for every format, failures listed for the best-effort ones. Not a pass/fail criterion.
    QMap<QString, std::pair<int, int>> counts;
    for (const SuiteCase &c : formatCases()) {
        const bool passed = checkFormat(c.format, c.value).has_value() != c.valid;
        auto &[pass, total] = counts[c.format];
        pass += passed ? 1 : 0;
        ++total;
        if (!passed && !kRequiredFormats.contains(c.format)) {
            qInfo().noquote() << u"  best effort miss: %1 %2: %3"_s.arg(c.format, c.file, c.description);
        }
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        qInfo().noquote() << u"%1: %2/%3 passed%4"_s.arg(it.key())
                                 .arg(it->first)
                                 .arg(it->second)
                                 .arg(kRequiredFormats.contains(it.key()) ? u" (required)"_s : QString());
    }
}

void tst_Formats::unknownFormatsAreAnnotations()
{
    QVERIFY(!isKnownFormat(u"unknown"));
    QVERIFY(!checkFormat(u"unknown", u"anything at all"));
    QVERIFY(!checkFormat(u"int32", u"not a number"));
    QVERIFY(isKnownFormat(u"idn-hostname"));
}

void tst_Formats::longInputsAreLinear()
{
    // Values come from request bodies, so a format check must not turn a large value into a long stall.
    QString distinct;
    for (char32_t c = 0x4E00; c < 0x4E00 + 200'000; ++c)
        distinct += QString::fromUcs4(&c, 1);
    const QString as = QString(1'000'000, u'a');
    const std::pair<const char16_t *, QString> inputs[] = {
        {u"hostname", u"xn--"_s + as},
        {u"idn-hostname", distinct},
        {u"idn-hostname", u"a."_s.repeated(500'000) + u'a'},
        {u"email", distinct + u"@example.com"_s},
        {u"idn-email", u"a@"_s + distinct},
        {u"uri", u"http://example.com/"_s + as},
        {u"uri-template", u"{"_s + as + u'}'},
        {u"duration", u"P"_s + as},
        {u"regex", u"(?:a|b)"_s.repeated(100'000)},
        {u"json-pointer", u"/a~0"_s.repeated(250'000)},
    };
    for (const auto &[format, value] : inputs) {
        QElapsedTimer timer;
        timer.start();
        checkFormat(QStringView(format), value);
        QVERIFY2(timer.elapsed() < 2000,
                 qPrintable(QStringView(format) + u" took "_s + QString::number(timer.elapsed()) + u" ms"_s));
    }
}

void tst_Formats::pydanticStyleErrors_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("ctxKey");

    QTest::addRow("date-time separator") << u"date-time"_s << u"2024-04-01 12:00:00Z"_s << u"datetime_parsing"_s
                                         << u"Input should be a valid datetime, invalid datetime separator, "
                                            "expected `T`"_s
                                         << u"error"_s;
    QTest::addRow("date-time month") << u"date-time"_s << u"2024-13-01T12:00:00Z"_s << u"datetime_parsing"_s
                                     << u"Input should be a valid datetime, month value is outside expected "
                                        "range of 1-12"_s
                                     << u"error"_s;
    QTest::addRow("date year") << u"date"_s << u"+2020-01-01"_s << u"date_parsing"_s
                               << u"Input should be a valid date in the format YYYY-MM-DD, invalid character in "
                                  "year"_s
                               << u"error"_s;
    QTest::addRow("date short") << u"date"_s << u"2020-1-1"_s << u"date_parsing"_s
                                << u"Input should be a valid date in the format YYYY-MM-DD, input is too short"_s
                                << u"error"_s;
    QTest::addRow("date day") << u"date"_s << u"2021-02-29"_s << u"date_parsing"_s
                              << u"Input should be a valid date in the format YYYY-MM-DD, day value is outside "
                                 "expected range"_s
                              << u"error"_s;
    QTest::addRow("time hour") << u"time"_s << u"24:00:00Z"_s << u"time_parsing"_s
                               << u"Input should be in a valid time format, hour value is outside expected range "
                                  "of 0-23"_s
                               << u"error"_s;
    QTest::addRow("time offset") << u"time"_s << u"01:02:03+24:00"_s << u"time_parsing"_s
                                 << u"Input should be in a valid time format, timezone offset must be less than 24 "
                                    "hours"_s
                                 << u"error"_s;
    QTest::addRow("duration") << u"duration"_s << u"PT0.5S"_s << u"time_delta_parsing"_s
                              << u"Input should be a valid timedelta, quantity fraction invalid in duration"_s
                              << u"error"_s;
    QTest::addRow("uuid") << u"uuid"_s << u"2eb8aa08-aa98-11ea-b4aa-73b441d1638"_s << u"uuid_parsing"_s
                          << u"Input should be a valid UUID, invalid group length in group 4: expected 12, found "
                             "11"_s
                          << u"error"_s;
    QTest::addRow("uri") << u"uri"_s << u"/abc"_s << u"url_parsing"_s
                         << u"Input should be a valid URL, relative URL without a base"_s << u"error"_s;
    QTest::addRow("uri port") << u"uri"_s << u"http://example.com:abc/path"_s << u"url_parsing"_s
                              << u"Input should be a valid URL, invalid port number"_s << u"error"_s;
    QTest::addRow("email") << u"email"_s << u"2962"_s << u"value_error"_s
                           << u"value is not a valid email address: An email address must have an @-sign."_s
                           << u"reason"_s;
    QTest::addRow("email dots") << u"email"_s << u"te..st@example.com"_s << u"value_error"_s
                                << u"value is not a valid email address: An email address cannot have two "
                                   "periods in a row."_s
                                << u"reason"_s;
    QTest::addRow("ipv4") << u"ipv4"_s << u"127.0.0.01"_s << u"ip_v4_address"_s
                          << u"Input is not a valid IPv4 address"_s << QString();
    QTest::addRow("ipv6") << u"ipv6"_s << u"fe80::a%eth1"_s << u"ip_v6_address"_s
                          << u"Input is not a valid IPv6 address"_s << QString();
    QTest::addRow("hostname") << u"hostname"_s << u"host_name"_s << u"hostname_parsing"_s
                              << u"Input should be a valid hostname, invalid character `_` in label"_s << u"error"_s;
    QTest::addRow("json-pointer") << u"json-pointer"_s << u"/~2"_s << u"json_pointer_parsing"_s
                                  << u"Input should be a valid JSON pointer, `~` must be followed by `0` or `1`"_s
                                  << u"error"_s;
    QTest::addRow("regex") << u"regex"_s << u"^(abc]"_s << u"regex_parsing"_s
                           << u"Input should be a valid regular expression, unmatched ']' at offset 5"_s << u"error"_s;
}

void tst_Formats::pydanticStyleErrors()
{
    QFETCH(QString, format);
    QFETCH(QString, value);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(QString, ctxKey);
    const auto failure = checkFormat(format, value);
    QVERIFY(failure.has_value());
    QCOMPARE(failure->type, type);
    QCOMPARE(failure->message, message);
    QCOMPARE(failure->ctxKey, ctxKey);
    QVERIFY(failure->message.endsWith(failure->reason));
}

void tst_Formats::regexSemantics_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<bool>("matches");

    QTest::addRow("unanchored search") << u"b+"_s << u"abbc"_s << true;
    QTest::addRow("$ is the very end") << u"^abc$"_s << u"abc\n"_s << false;
    QTest::addRow("\\d is ASCII") << u"^\\d+$"_s << u"\u0661\u0662"_s << false;
    QTest::addRow("\\d ASCII digits") << u"^\\d+$"_s << u"0123456789"_s << true;
    QTest::addRow("\\w is ASCII") << u"^\\w$"_s << u"\u00e9"_s << false;
    QTest::addRow("\\W non-ASCII") << u"^\\W$"_s << u"\u00e9"_s << true;
    QTest::addRow("\\s BOM") << u"^\\s$"_s << u"\ufeff"_s << true;
    QTest::addRow("\\s em space") << u"^\\s$"_s << u"\u2003"_s << true;
    QTest::addRow("\\S in class") << u"^[\\S]$"_s << u" "_s << false;
    QTest::addRow("\\S\\s in class") << u"^[\\S\\s]$"_s << u"\u2003"_s << true;
    QTest::addRow("\\W\\d in class digit") << u"^[\\W\\d]$"_s << u"5"_s << true;
    QTest::addRow("\\W\\d in class letter") << u"^[\\W\\d]$"_s << u"a"_s << false;
    QTest::addRow("negated class of sets") << u"^[^\\d\\s]+$"_s << u"abc"_s << true;
    QTest::addRow("\\b is ASCII") << u"\\bfoo\\b"_s << u"\u00e9foo\u00e9"_s << true;
    QTest::addRow("\\p{Letter}") << u"^\\p{Letter}+$"_s << u"\u00e9t\u00e9"_s << true;
    QTest::addRow("\\p{L}") << u"^\\p{L}$"_s << u"1"_s << false;
    QTest::addRow("\\p{Lu} case-sensitive") << u"^\\p{Lu}$"_s << u"a"_s << false;
    QTest::addRow("\\P{Lu}") << u"^\\P{Lu}$"_s << u"a"_s << true;
    QTest::addRow("\\p{digit}") << u"^\\p{digit}+$"_s << u"\u09ea\u09e8"_s << true;
    QTest::addRow("\\p{Script=Greek}") << u"^\\p{Script=Greek}+$"_s << u"\u03b1\u03b2"_s << true;
    QTest::addRow("\\p{sc=Grek} latin") << u"^\\p{sc=Grek}$"_s << u"a"_s << false;
    QTest::addRow("\\p{gc=Nd}") << u"^\\p{gc=Nd}$"_s << u"\u0663"_s << true;
    QTest::addRow("\\p{Any}") << u"^\\p{Any}$"_s << u"\U0001F600"_s << true;
    QTest::addRow("\\p{ASCII}") << u"^\\p{ASCII}+$"_s << u"abc~"_s << true;
    QTest::addRow("dot excludes line terminators") << u"^.$"_s << u"\u2028"_s << false;
    QTest::addRow("dot is a code point") << u"^.$"_s << u"\U0001F432"_s << true;
    QTest::addRow("astral atom repeats whole") << u"^\U0001F432*$"_s << u"\U0001F432\U0001F432"_s << true;
    QTest::addRow("astral atom mismatch") << u"^\U0001F432*$"_s << u"\U0001F409"_s << false;
    QTest::addRow("\\u{...}") << u"^\\u{1F432}$"_s << u"\U0001F432"_s << true;
    QTest::addRow("escaped surrogate pair") << u"^\\uD83D\\uDC32$"_s << u"\U0001F432"_s << true;
    QTest::addRow("\\x41") << u"^\\x41$"_s << u"A"_s << true;
    QTest::addRow("\\cJ") << u"^\\cJ$"_s << u"\n"_s << true;
    QTest::addRow("\\0") << u"^\\0$"_s << QString(QChar(u'\0')) << true;
    QTest::addRow("\\t") << u"^\\t$"_s << u"\t"_s << true;
    QTest::addRow("[] matches nothing") << u"[]"_s << u"abc"_s << false;
    QTest::addRow("[^] matches newline") << u"^[^]$"_s << u"\n"_s << true;
    QTest::addRow("class with literal dash") << u"^[a-]+$"_s << u"a-a"_s << true;
    QTest::addRow("class escapes") << u"^[\\]\\\\\\-\\b]+$"_s << u"]\\-\b"_s << true;
    QTest::addRow("named backreference") << u"^(?<y>\\d{2})-\\k<y>$"_s << u"12-12"_s << true;
    QTest::addRow("named backreference mismatch") << u"^(?<y>\\d{2})-\\k<y>$"_s << u"12-13"_s << false;
    QTest::addRow("unset backreference matches empty") << u"^(?:(a)|b)\\1c$"_s << u"bc"_s << true;
    QTest::addRow("forward reference matches empty") << u"^\\1(a)$"_s << u"a"_s << true;
    QTest::addRow("duplicate names in alternatives") << u"^(?:(?<n>a)|(?<n>b))\\k<n>$"_s << u"bb"_s << true;
    QTest::addRow("lookahead") << u"^a(?=b)"_s << u"ab"_s << true;
    QTest::addRow("negative lookahead") << u"^a(?!b)"_s << u"ab"_s << false;
    QTest::addRow("lookbehind") << u"(?<=\\$)\\d+"_s << u"$42"_s << true;
    QTest::addRow("negative lookbehind") << u"(?<!\\$)\\b\\d+"_s << u"$42"_s << false;
    QTest::addRow("modifier i") << u"^(?i:abc)d$"_s << u"ABCd"_s << true;
    QTest::addRow("modifier i scoped") << u"^(?i:abc)d$"_s << u"ABCD"_s << false;
    QTest::addRow("modifier s") << u"^(?s:.)$"_s << u"\n"_s << true;
    QTest::addRow("modifier m") << u"(?m:^b$)"_s << u"a\nb\nc"_s << true;
    QTest::addRow("no multiline by default") << u"^b$"_s << u"a\nb\nc"_s << false;
    QTest::addRow("lazy quantifier") << u"^a+?b$"_s << u"aaab"_s << true;
    QTest::addRow("counted quantifier") << u"^a{2,3}$"_s << u"aaaa"_s << false;
    QTest::addRow("quantifier with leading zeros") << u"^a{02}$"_s << u"aa"_s << true;
    QTest::addRow("escaped slash") << u"^a\\/b$"_s << u"a/b"_s << true;
    QTest::addRow("lone surrogate in subject") << u"a$"_s << QString(QChar(0xD800) + u"a"_s) << true;
    QTest::addRow("POSIX class syntax is literal") << u"^[[:a]+$"_s << u":a["_s << true;
    QTest::addRow("PCRE metacharacters are literal") << u"^[#]\\x23 $"_s << u"## "_s << true;
}

void tst_Formats::regexSemantics()
{
    QFETCH(QString, pattern);
    QFETCH(QString, subject);
    QFETCH(bool, matches);
    QString error;
    const auto regex = Regex::compile(pattern, &error);
    QVERIFY2(regex, qPrintable(error));
    QCOMPARE(regex->pattern(), pattern);
    QCOMPARE(matchName(regex->search(subject)), matchName(matches ? Regex::Match::Yes : Regex::Match::No));
}

void tst_Formats::regexSyntax_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("validSyntax");
    QTest::addColumn<bool>("compiles");

    QTest::addRow("plain") << u"^[a-z0-9_-]+$"_s << true << true;
    QTest::addRow("empty") << QString() << true << true;
    QTest::addRow("unclosed group") << u"^(abc]"_s << false << false;
    QTest::addRow("unmatched )") << u"a)"_s << false << false;
    QTest::addRow("\\a") << u"\\a"_s << false << false;
    QTest::addRow("identity escape of letter") << u"\\q"_s << false << false;
    QTest::addRow("\\- outside class") << u"a\\-b"_s << false << false;
    QTest::addRow("\\- inside class") << u"[a\\-b]"_s << true << true;
    QTest::addRow("trailing backslash") << u"a\\"_s << false << false;
    QTest::addRow("python named group") << u"(?P<name>x)"_s << false << false;
    QTest::addRow("python named backreference") << u"(?<n>a)(?P=n)"_s << false << false;
    QTest::addRow("comment group") << u"(?#comment)a"_s << false << false;
    QTest::addRow("global inline flags") << u"(?i)abc"_s << false << false;
    QTest::addRow("modifiers") << u"(?i-s:abc)"_s << true << true;
    QTest::addRow("repeated modifier") << u"(?ii:abc)"_s << false << false;
    QTest::addRow("empty modifiers") << u"(?-:abc)"_s << false << false;
    QTest::addRow("atomic group") << u"(?>a)"_s << false << false;
    QTest::addRow("possessive quantifier") << u"a++"_s << false << false;
    QTest::addRow("nothing to repeat") << u"*a"_s << false << false;
    QTest::addRow("quantified lookahead") << u"(?=a)*"_s << false << false;
    QTest::addRow("quantified anchor") << u"^*"_s << false << false;
    QTest::addRow("lone {") << u"a{"_s << false << false;
    QTest::addRow("lone }") << u"a}"_s << false << false;
    QTest::addRow("lone ]") << u"a]"_s << false << false;
    QTest::addRow("incomplete quantifier") << u"a{2"_s << false << false;
    QTest::addRow("quantifier out of order") << u"a{3,2}"_s << false << false;
    QTest::addRow("quantifier too big for PCRE2") << u"a{70000}"_s << true << false;
    QTest::addRow("range out of order") << u"[z-a]"_s << false << false;
    QTest::addRow("range from a set") << u"[\\d-z]"_s << false << false;
    QTest::addRow("unterminated class") << u"[abc"_s << false << false;
    QTest::addRow("POSIX class is not special") << u"[[:alpha:]]"_s << false << false;
    QTest::addRow("empty class") << u"[]"_s << true << true;
    QTest::addRow("negated empty class") << u"[^]"_s << true << true;
    QTest::addRow("\\cA") << u"\\cA"_s << true << true;
    QTest::addRow("\\c1") << u"\\c1"_s << false << false;
    QTest::addRow("\\01") << u"\\01"_s << false << false;
    QTest::addRow("\\x4") << u"\\x4"_s << false << false;
    QTest::addRow("\\u12") << u"\\u12"_s << false << false;
    QTest::addRow("\\u{110000}") << u"\\u{110000}"_s << false << false;
    QTest::addRow("backreference without group") << u"\\1"_s << false << false;
    QTest::addRow("backreference beyond groups") << u"(a)\\2"_s << false << false;
    QTest::addRow("backreference") << u"(a)\\1"_s << true << true;
    QTest::addRow("decimal escape in class") << u"(a)[\\1]"_s << false << false;
    QTest::addRow("named group") << u"(?<name>x)"_s << true << true;
    QTest::addRow("named backreference") << u"(?<n>a)\\k<n>"_s << true << true;
    QTest::addRow("unicode group name") << u"(?<\u00e9t\u00e9>a)\\k<\u00e9t\u00e9>"_s << true << true;
    QTest::addRow("long group name") << u"(?<aVeryLongGroupNameThatExceedsThirtyTwoCharacters>a)"_s << true << true;
    QTest::addRow("\\k without group") << u"\\k<n>"_s << false << false;
    QTest::addRow("bare \\k") << u"\\k"_s << false << false;
    QTest::addRow("invalid group name") << u"(?<1a>x)"_s << false << false;
    QTest::addRow("duplicate group name") << u"(?<n>a)(?<n>b)"_s << false << false;
    QTest::addRow("duplicate name in alternatives") << u"(?<n>a)|(?<n>b)"_s << true << true;
    QTest::addRow("duplicate name nested alternatives") << u"((?<n>a)|b)(?<n>c)"_s << false << false;
    QTest::addRow("variable-width lookbehind") << u"(?<=a+)b"_s << true << false;
    QTest::addRow("fixed alternatives lookbehind") << u"(?<=ab|c)d"_s << true << true;
    QTest::addRow("\\p{Letter}") << u"\\p{Letter}"_s << true << true;
    QTest::addRow("\\p{Script=Greek}") << u"\\p{Script=Greek}"_s << true << true;
    QTest::addRow("\\p{Script_Extensions=Latn}") << u"\\p{Script_Extensions=Latn}"_s << true << true;
    QTest::addRow("\\p{Script=Klingon}") << u"\\p{Script=Klingon}"_s << false << false;
    QTest::addRow("\\p{Foo}") << u"\\p{Foo}"_s << false << false;
    QTest::addRow("\\p{letter} is case-sensitive") << u"\\p{letter}"_s << false << false;
    QTest::addRow("\\p without braces") << u"\\pL"_s << false << false;
    QTest::addRow("\\p{Greek} needs Script=") << u"\\p{Greek}"_s << false << false;
    QTest::addRow("\\P{Assigned}") << u"\\P{Assigned}"_s << true << true;
    QTest::addRow("deep nesting") << QString(300, u'(') + QString(300, u')') << true << false;
}

void tst_Formats::regexSyntax()
{
    QFETCH(QString, pattern);
    QFETCH(bool, validSyntax);
    QFETCH(bool, compiles);
    QString syntaxError;
    QCOMPARE(Regex::isValidSyntax(pattern, &syntaxError), validSyntax);
    QString compileError;
    const auto regex = Regex::compile(pattern, &compileError);
    QCOMPARE(bool(regex), compiles);
    if (!compiles) {
        // Errors name the place in the ECMA-262 source, not in the translated PCRE2 pattern.
        QVERIFY2(compileError.contains(u" at offset "), qPrintable(compileError));
        const qsizetype offset = compileError.sliced(compileError.lastIndexOf(u' ') + 1).toLongLong();
        QVERIFY2(offset >= 0 && offset <= pattern.size(), qPrintable(compileError));
    }
    QCOMPARE(checkFormat(u"regex", pattern).has_value(), !validSyntax);
}

void tst_Formats::regexSuitePatterns_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<bool>("valid");
    for (const QString &file : {u"ecmascript-regex.json"_s, u"non-bmp-regex.json"_s}) {
        const QJsonArray groups = readSuiteFile(suiteDir() + u"/optional/"_s + file);
        QVERIFY2(!groups.isEmpty(), qPrintable(file));
        for (const QJsonValue &group : groups) {
            const QJsonArray tests = group[u"tests"].toArray();
            for (const QJsonValue &test : tests) {
                QTest::addRow("%s: %s: %s", qPrintable(file), qPrintable(group[u"description"].toString()),
                              qPrintable(test[u"description"].toString()))
                    << group[u"schema"].toObject() << test[u"data"] << test[u"valid"].toBool();
            }
        }
    }
}

void tst_Formats::regexSuitePatterns()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QJsonValue, data);
    QFETCH(bool, valid);
    QString error;
    const std::optional<bool> result = evaluatePatternSchema(schema, data, &error);
    if (!result && error.isEmpty())
        QSKIP("schema uses keywords beyond pattern/patternProperties");
    QVERIFY2(result.has_value(), qPrintable(error));
    QCOMPARE(*result, valid);
}

void tst_Formats::regexCatastrophicBacktrackingIsBounded()
{
    const auto regex = Regex::compile(u"^(a+)+$"_s);
    QVERIFY(regex);
    QElapsedTimer timer;
    timer.start();
    const Regex::Match result = regex->search(u"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(matchName(result), matchName(Regex::Match::LimitExceeded));
    QVERIFY2(elapsed < 2000, qPrintable(u"took %1 ms"_s.arg(elapsed)));

    // Another classic, with alternation, and a much longer subject: still bounded.
    const auto alternation = Regex::compile(u"^(\\w|\\w\\w)*$"_s);
    QVERIFY(alternation);
    timer.restart();
    QCOMPARE(matchName(alternation->search(QString(QString(5000, u'a') + u'!'))),
             matchName(Regex::Match::LimitExceeded));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));

    // Long but ordinary work stays within the limits: a megabyte of base64 against a typical pattern.
    const auto base64 = Regex::compile(u"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"_s);
    QVERIFY(base64);
    QCOMPARE(matchName(base64->search(QString(u"QUJD"_s.repeated(250'000) + u"QQ=="_s))),
             matchName(Regex::Match::Yes));
    const auto alternatives = Regex::compile(u"^(?:a|b)*$"_s);
    QVERIFY(alternatives);
    QCOMPARE(matchName(alternatives->search(u"ab"_s.repeated(50'000))), matchName(Regex::Match::Yes));

    // The same regex still answers ordinary subjects.
    QCOMPARE(matchName(regex->search(u"aaaa")), matchName(Regex::Match::Yes));
    QCOMPARE(matchName(regex->search(u"aab")), matchName(Regex::Match::No));
}

void tst_Formats::regexIsThreadSafe()
{
    struct Probe
    {
        std::shared_ptr<const Regex> regex;
        QString subject;
        Regex::Match expected;
    };
    const std::vector<Probe> probes = {
        {Regex::compile(u"^(?<user>[\\w.]+)@(?<host>[\\w.-]+)$"_s), u"joe.bloggs@example.com"_s, Regex::Match::Yes},
        {Regex::compile(u"^\\p{L}+\\d*$"_s), u"\u00e9t\u00e9123"_s, Regex::Match::Yes},
        {Regex::compile(u"(\\d+)-\\1"_s), u"12-13"_s, Regex::Match::No},
        {Regex::compile(u"^(a+)+$"_s), u"aaaaaaaaaaaaaaaaaaaaaaaaa!"_s, Regex::Match::LimitExceeded},
        {Regex::compile(u"(?<=\\$)\\d+"_s), QString(2000, u'x') + u"$5"_s, Regex::Match::Yes},
    };
    for (const Probe &p : probes)
        QVERIFY(p.regex);

    std::atomic<int> mismatches = 0;
    std::atomic<int> searches = 0;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back(QThread::create([&probes, &mismatches, &searches, t] {
            for (int round = 0; round < 60; ++round) {
                for (size_t i = 0; i < probes.size(); ++i) {
                    const Probe &p = probes[(i + size_t(t)) % probes.size()];
                    if (p.regex->search(p.subject) != p.expected)
                        ++mismatches;
                    ++searches;
                }
            }
        }));
    }
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        QVERIFY(thread->wait(QDeadlineTimer(60'000)));
    QCOMPARE(mismatches.load(), 0);
    QCOMPARE(searches.load(), 4 * 60 * int(probes.size()));
}

QTEST_GUILESS_MAIN(tst_Formats)
#include "tst_formats.moc"
