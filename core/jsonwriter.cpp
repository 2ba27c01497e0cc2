#include "jsonwriter.h"

#include <charconv>
#include <cmath>

namespace portico::core {
namespace {

void appendString(QByteArray &out, const QString &s)
{
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    static const char hex[] = "0123456789abcdef";
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void newline(QByteArray &out, int indent)
{
    out += '\n';
    out.append(indent * 2, ' ');
}

void write(QByteArray &out, const Json &v, JsonStyle style, int indent)
{
    const bool pretty = style == JsonStyle::Indented;
    switch (v.type()) {
    case Json::Type::Null:
        out += "null";
        return;
    case Json::Type::Bool:
        out += v.toBool() ? "true" : "false";
        return;
    case Json::Type::Integer:
        out += QByteArray::number(v.toInteger());
        return;
    case Json::Type::Double:
        out += formatDouble(v.toDouble());
        return;
    case Json::Type::String:
        appendString(out, v.toString());
        return;
    case Json::Type::Array: {
        const JsonArray &a = v.toArray();
        if (a.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (size_t i = 0; i < a.size(); ++i) {
            if (i)
                out += ',';
            if (pretty)
                newline(out, indent + 1);
            write(out, a[i], style, indent + 1);
        }
        if (pretty)
            newline(out, indent);
        out += ']';
        return;
    }
    case Json::Type::Object: {
        const JsonObject &o = v.toObject();
        if (o.isEmpty()) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (const auto &[key, value] : o) {
            if (!first)
                out += ',';
            first = false;
            if (pretty)
                newline(out, indent + 1);
            appendString(out, key);
            out += pretty ? ": " : ":";
            write(out, value, style, indent + 1);
        }
        if (pretty)
            newline(out, indent);
        out += '}';
        return;
    }
    }
}

} // namespace

QByteArray formatDouble(double d)
{
    if (!std::isfinite(d))
        return "null";
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, d);
    QByteArray text(buffer, r.ptr - buffer);
    if (!text.contains('.') && !text.contains('e'))
        text += ".0";
    return text;
}

void appendJson(QByteArray &out, const Json &value, JsonStyle style)
{
    write(out, value, style, 0);
}

QByteArray toJson(const Json &value, JsonStyle style)
{
    QByteArray out;
    appendJson(out, value, style);
    if (style == JsonStyle::Indented)
        out += '\n';
    return out;
}

} // namespace portico::core
