#include "yamlio.h"

#include "jsonpointer.h"
#include "jsonwriter.h"

#include <QRegularExpression>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <istream>
#include <streambuf>
#include <unordered_map>

#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

struct Failure
{
    QString message;
    YAML::Mark mark;
    QString pointer;
};

// YAML 1.2 core schema resolution of a plain (unquoted, untagged) scalar.
Json resolvePlain(const std::string &text)
{
    static const QRegularExpression intDecimal(u"^[-+]?[0-9]+$"_s);
    static const QRegularExpression intOctal(u"^0o[0-7]+$"_s);
    static const QRegularExpression intHex(u"^0x[0-9a-fA-F]+$"_s);
    static const QRegularExpression floatNumber(u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
    // Most scalars are words; only these first characters can start a null, bool or number.
    if (!text.empty() && !std::strchr("-+.0123456789~nNtTfF", text.front()))
        return Json(QString::fromStdString(text));
    const QString s = QString::fromStdString(text);
    if (s.isEmpty() || s == u"~" || s == u"null" || s == u"Null" || s == u"NULL")
        return Json();
    if (s == u"true" || s == u"True" || s == u"TRUE")
        return Json(true);
    if (s == u"false" || s == u"False" || s == u"FALSE")
        return Json(false);
    if (intDecimal.match(s).hasMatch()) {
        bool ok = false;
        const qint64 v = s.toLongLong(&ok);
        if (ok)
            return Json(v);
        return Json(s.toDouble());
    }
    if (intOctal.match(s).hasMatch())
        return Json(s.mid(2).toLongLong(nullptr, 8));
    if (intHex.match(s).hasMatch())
        return Json(s.mid(2).toLongLong(nullptr, 16));
    if (floatNumber.match(s).hasMatch())
        return Json(s.toDouble());
    static const QRegularExpression infinity(u"^[-+]?\\.(inf|Inf|INF)$"_s);
    if (infinity.match(s).hasMatch())
        return Json(s.startsWith(u'-') ? -HUGE_VAL : HUGE_VAL);
    if (s == u".nan" || s == u".NaN" || s == u".NAN")
        return Json(std::nan(""));
    return Json(s);
}

// Builds JSON values straight from yaml-cpp's parser events. YAML::Load would first build yaml-cpp's own node
// graph (62 % of the time and most of the memory of opening a large YAML spec) only for it to be converted.
// An alias shares its anchor's value (JSON values are copy-on-write), and its expanded size is counted
// before anything is materialised, so an alias bomb is refused at once.
class Builder final : public YAML::EventHandler
{
public:
    explicit Builder(const YamlReadOptions &options) : m_options(options) {}

    Json takeRoot() { return std::move(m_root); }

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        if (expectingKey()) {
            takeKey(QString(), mark); // `~: x` and `? : x` have the empty key, as yaml-cpp's nodes give it
            return;
        }
        deliver(Json(), mark, anchor, 1);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            fail(u"unknown alias"_s, mark);
        if (expectingKey()) {
            if (!it->second.value.isString() && !it->second.value.isNull())
                fail(u"mapping keys must be scalars"_s, mark);
            takeKey(it->second.value.toString(), mark);
            return;
        }
        deliver(it->second.value, mark, YAML::NullAnchor, it->second.size);
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor, const std::string &value) override
    {
        if (expectingKey()) {
            takeKey(QString::fromStdString(value), mark);
            if (anchor != YAML::NullAnchor)
                m_anchors[anchor] = {Json(QString::fromStdString(value)), 1};
            return;
        }
        deliver(scalar(mark, tag, value), mark, anchor, 1);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor, false);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor, true);
    }
    void OnMapEnd() override { close(); }

    // The pointer of the value being read, for error messages only (built when one is needed).
    QString currentPointer() const
    {
        QString pointer;
        for (const Frame &frame : m_stack) {
            if (frame.isMap && frame.hasKey)
                pointer = jsonpointer::append(pointer, frame.key);
            else if (!frame.isMap)
                pointer = jsonpointer::append(pointer, qsizetype(frame.items.size()));
        }
        return pointer;
    }

private:
    struct Frame
    {
        bool isMap = false;
        JsonArray items;
        JsonObject members;
        QString key; // maps: the key whose value comes next
        bool hasKey = false;
        SourceMap::Key pointer = SourceMap::kRootKey; // this collection's
        YAML::anchor_t anchor = YAML::NullAnchor;
        qsizetype nodesBefore = 0; // for the anchored size
        YAML::Mark mark;
    };
    struct Anchored
    {
        Json value;
        qsizetype size = 1; // values an alias of it expands to
    };

    [[noreturn]] void fail(const QString &message, const YAML::Mark &mark) const
    {
        throw Failure{message, mark, currentPointer()};
    }

    bool expectingKey() const { return !m_stack.empty() && m_stack.back().isMap && !m_stack.back().hasKey; }

    void takeKey(QString key, const YAML::Mark &mark)
    {
        Frame &frame = m_stack.back();
        if (frame.members.contains(key)) {
            frame.key = key;
            frame.hasKey = true;
            fail(u"duplicate key \"%1\""_s.arg(key), mark);
        }
        frame.key = std::move(key);
        frame.hasKey = true;
        record(SourceMap::child(frame.pointer, frame.key), mark);
    }

    // The pointer a value about to be delivered to the top frame gets.
    SourceMap::Key childPointer() const
    {
        if (m_stack.empty())
            return SourceMap::kRootKey;
        const Frame &frame = m_stack.back();
        return frame.isMap ? SourceMap::child(frame.pointer, frame.key) : SourceMap::child(frame.pointer, qsizetype(frame.items.size()));
    }

    void count(qsizetype nodes, const YAML::Mark &mark)
    {
        m_nodes += nodes;
        if (m_nodes > m_options.maxNodes)
            fail(u"document expands to more than %1 values (alias bomb?)"_s.arg(m_options.maxNodes), mark);
    }

    void open(const YAML::Mark &mark, YAML::anchor_t anchor, bool isMap)
    {
        if (expectingKey())
            fail(u"mapping keys must be scalars"_s, mark);
        if (qsizetype(m_stack.size()) >= m_options.maxDepth)
            fail(u"nesting deeper than %1 levels"_s.arg(m_options.maxDepth), mark);
        if (!m_stack.empty() && !m_stack.back().isMap)
            record(childPointer(), mark);
        count(1, mark);
        Frame frame;
        frame.isMap = isMap;
        frame.pointer = childPointer();
        frame.anchor = anchor;
        frame.nodesBefore = m_nodes - 1;
        frame.mark = mark;
        m_stack.push_back(std::move(frame));
    }

    void close()
    {
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        Json value = frame.isMap ? Json(std::move(frame.members)) : Json(std::move(frame.items));
        if (frame.anchor != YAML::NullAnchor)
            m_anchors[frame.anchor] = {value, m_nodes - frame.nodesBefore};
        attach(std::move(value));
    }

    // A scalar, null or alias: counted, remembered when anchored, placed in its parent.
    void deliver(Json value, const YAML::Mark &mark, YAML::anchor_t anchor, qsizetype size)
    {
        count(size, mark);
        if (!m_stack.empty() && !m_stack.back().isMap)
            record(childPointer(), mark);
        if (anchor != YAML::NullAnchor)
            m_anchors[anchor] = {value, size};
        attach(std::move(value));
    }

    void attach(Json value)
    {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return;
        }
        Frame &frame = m_stack.back();
        if (frame.isMap) {
            frame.members.append(std::move(frame.key), std::move(value));
            frame.key = QString();
            frame.hasKey = false;
        } else {
            frame.items.push_back(std::move(value));
        }
    }

    Json scalar(const YAML::Mark &mark, const std::string &tag, const std::string &text) const
    {
        if (tag == "?")
            return resolvePlain(text);
        if (tag == "!" || tag == "tag:yaml.org,2002:str")
            return Json(QString::fromStdString(text));
        if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:bool"
            || tag == "tag:yaml.org,2002:null")
            return resolvePlain(text);
        fail(u"unsupported YAML tag %1"_s.arg(QString::fromStdString(tag)), mark);
    }

    void record(SourceMap::Key pointer, const YAML::Mark &mark)
    {
        if (m_options.sourceMap && !mark.is_null())
            m_options.sourceMap->add(pointer, {mark.line + 1, mark.column + 1});
    }

    const YamlReadOptions &m_options;
    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
    Json m_root;
    qsizetype m_nodes = 0;
};

// Reads from a QByteArray in place: yaml-cpp's parser takes a std::istream.
class ByteArrayBuffer final : public std::streambuf
{
public:
    explicit ByteArrayBuffer(const QByteArray &bytes)
    {
        char *begin = const_cast<char *>(bytes.constData());
        setg(begin, begin, begin + bytes.size());
    }
};

// Whether a string emitted as a plain scalar would read back as something other than the same string.
bool needsQuotes(const QString &s)
{
    if (s.isEmpty())
        return true;
    const Json plain = resolvePlain(s.toStdString());
    return !plain.isString() || plain.toString() != s;
}

// A literal block scalar (|) reads back exactly only for text with one trailing newline, no trailing spaces
// and no leading space; anything else is double-quoted with escapes.
bool fitsLiteralBlock(const QString &s)
{
    if (!s.endsWith(u'\n') || s.endsWith(u"\n\n") || s.startsWith(u' ') || s.contains(u'\r') || s.contains(u'\t'))
        return false;
    for (qsizetype i = s.indexOf(u' '); i >= 0; i = s.indexOf(u' ', i + 1)) {
        if (i + 1 < s.size() && s[i + 1] == u'\n')
            return false;
    }
    for (QChar c : s) {
        if (c.unicode() < 0x20 && c != u'\n')
            return false;
    }
    return true;
}

void emitString(YAML::Emitter &out, const QString &s)
{
    if (s.contains(u'\n') && fitsLiteralBlock(s))
        out << YAML::Literal << s.toStdString();
    else if (needsQuotes(s) || s.contains(u'\n') || s.front().isSpace() || s.back().isSpace())
        out << YAML::DoubleQuoted << s.toStdString();
    else
        out << s.toStdString();
}

void emitValue(YAML::Emitter &out, const Json &v)
{
    switch (v.type()) {
    case Json::Type::Null:
        out << YAML::Null;
        return;
    case Json::Type::Bool:
        out << (v.toBool() ? "true" : "false");
        return;
    case Json::Type::Integer:
        out << QByteArray::number(v.toInteger()).toStdString();
        return;
    case Json::Type::Double: {
        const double d = v.toDouble();
        if (std::isnan(d))
            out << ".nan";
        else if (std::isinf(d))
            out << (d < 0 ? "-.inf" : ".inf");
        else
            out << formatDouble(d).toStdString();
        return;
    }
    case Json::Type::String:
        emitString(out, v.toString());
        return;
    case Json::Type::Array:
        if (v.toArray().empty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::Block << YAML::BeginSeq;
        for (const Json &item : v.toArray())
            emitValue(out, item);
        out << YAML::EndSeq;
        return;
    case Json::Type::Object:
        if (v.toObject().isEmpty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        out << YAML::Block << YAML::BeginMap;
        for (const auto &[key, value] : v.toObject()) {
            out << YAML::Key;
            emitString(out, key);
            out << YAML::Value;
            emitValue(out, value);
        }
        out << YAML::EndMap;
        return;
    }
}

} // namespace

Result<Json> readYaml(const QByteArray &utf8, const YamlReadOptions &options)
{
    try {
        ByteArrayBuffer buffer(utf8);
        std::istream in(&buffer);
        YAML::Parser parser(in);
        Builder builder(options);
        if (options.sourceMap)
            options.sourceMap->add(QString(u""_s), 1, 1);
        parser.HandleNextDocument(builder); // the first document, as YAML::Load reads it
        return builder.takeRoot();
    } catch (const Failure &failure) {
        Error error{failure.message, {}};
        error.location.pointer = failure.pointer;
        if (!failure.mark.is_null()) {
            error.location.line = failure.mark.line + 1;
            error.location.column = failure.mark.column + 1;
        }
        return error;
    } catch (const YAML::Exception &e) {
        Error error{QString::fromStdString(e.msg), {}};
        if (!e.mark.is_null()) {
            error.location.line = e.mark.line + 1;
            error.location.column = e.mark.column + 1;
        }
        return error;
    }
}

QByteArray toYaml(const Json &value)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emitValue(out, value);
    QByteArray text(out.c_str(), qsizetype(out.size()));
    text += '\n';
    return text;
}

} // namespace portico::core
