#include "yamlio.h"

#include "jsonpointer.h"
#include "jsonwriter.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

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

class Converter
{
public:
    explicit Converter(const YamlReadOptions &options) : m_options(options) {}

    Json convert(const YAML::Node &node, const QString &pointer, int depth)
    {
        if (++m_nodes > m_options.maxNodes)
            throw Failure{u"document expands to more than %1 values (alias bomb?)"_s.arg(m_options.maxNodes), node.Mark(), pointer};
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return Json();
        case YAML::NodeType::Scalar:
            if (node.Tag() == "?")
                return resolvePlain(node.Scalar());
            if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str")
                return Json(QString::fromStdString(node.Scalar()));
            if (node.Tag() == "tag:yaml.org,2002:int" || node.Tag() == "tag:yaml.org,2002:float"
                || node.Tag() == "tag:yaml.org,2002:bool" || node.Tag() == "tag:yaml.org,2002:null")
                return resolvePlain(node.Scalar());
            throw Failure{u"unsupported YAML tag %1"_s.arg(QString::fromStdString(node.Tag())), node.Mark(), pointer};
        case YAML::NodeType::Sequence: {
            checkDepth(node, pointer, depth);
            JsonArray items;
            items.reserve(node.size());
            for (const YAML::Node &child : node) {
                const QString childPointer = jsonpointer::append(pointer, qsizetype(items.size()));
                record(childPointer, child.Mark());
                items.push_back(convert(child, childPointer, depth + 1));
            }
            return Json(std::move(items));
        }
        case YAML::NodeType::Map: {
            checkDepth(node, pointer, depth);
            JsonObject members;
            members.reserve(qsizetype(node.size()));
            for (auto it = node.begin(); it != node.end(); ++it) {
                // Copies, not references: the iterator yields a temporary pair.
                const YAML::Node keyNode = it->first;
                const YAML::Node valueNode = it->second;
                if (!keyNode.IsScalar() && !keyNode.IsNull())
                    throw Failure{u"mapping keys must be scalars"_s, keyNode.Mark(), pointer};
                const QString key = QString::fromStdString(keyNode.Scalar());
                const QString childPointer = jsonpointer::append(pointer, key);
                if (members.contains(key))
                    throw Failure{u"duplicate key \"%1\""_s.arg(key), keyNode.Mark(), childPointer};
                record(childPointer, keyNode.Mark());
                members.append(key, convert(valueNode, childPointer, depth + 1));
            }
            return Json(std::move(members));
        }
        }
        return Json();
    }

private:
    void checkDepth(const YAML::Node &node, const QString &pointer, int depth)
    {
        if (depth >= m_options.maxDepth)
            throw Failure{u"nesting deeper than %1 levels"_s.arg(m_options.maxDepth), node.Mark(), pointer};
    }

    void record(const QString &pointer, const YAML::Mark &mark)
    {
        if (m_options.sourceMap && !mark.is_null())
            m_options.sourceMap->add(pointer, mark.line + 1, mark.column + 1);
    }

    const YamlReadOptions &m_options;
    qsizetype m_nodes = 0;
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
        const YAML::Node root = YAML::Load(utf8.toStdString());
        Converter converter(options);
        if (options.sourceMap)
            options.sourceMap->add(QString(u""_s), 1, 1);
        return converter.convert(root, QString(u""_s), 0);
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
