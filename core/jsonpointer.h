#pragma once

#include "json.h"

#include <QStringList>

#include <functional>
#include <optional>

namespace portico::core {

// RFC 6901 JSON pointers, used for error locations, source maps and `$ref`s.
namespace jsonpointer {

QString escape(QStringView token);
QString append(const QString &pointer, QStringView token);
QString append(const QString &pointer, qsizetype index);
// Splits "/a/b~1c" into {"a", "b/c"}; nullopt when the pointer is malformed (no leading '/', bad escape).
std::optional<QStringList> split(QStringView pointer);
QString join(const QStringList &tokens);
// The value the pointer designates, or nullptr.
const Json *resolve(const Json &root, QStringView pointer);
// `value` itself, or what its chain of local `$ref`s ("#/components/…") ends at in `document`; a reference
// that leads nowhere, or a chain longer than 16, stops at the last value found.
const Json &followLocalRefs(const Json &value, const Json &document);
// The same, calling `step` with every value on the way: `root` first, the designated value last.
const Json *resolve(const Json &root, QStringView pointer, const std::function<void(const Json &)> &step);
// A JSON pointer built during a recursive walk: one link per level, each on the walker's stack, spelled out
// only when asked (to report a problem at it). Building a string per value visited was a fifth of
// `portico check`'s time on a 5.7 MB document. A child refers to its parent and to its key: both must
// outlive it (keys of the document walked, string literals).
class Trail
{
public:
    Trail() = default; // the document's root: ""
    explicit Trail(QString pointer) : m_pointer(std::move(pointer)) {}

    Trail child(QStringView key) const
    {
        Trail t;
        t.m_parent = this;
        t.m_key = key;
        return t;
    }
    Trail child(qsizetype index) const
    {
        Trail t;
        t.m_parent = this;
        t.m_index = index;
        return t;
    }

    QString toString() const;

    // The link above (nullptr at the top of the chain, which is spelled out).
    const Trail *parent() const { return m_parent; }
    // The member name this link adds below its parent; empty for an array index or the top.
    QStringView key() const { return m_index < 0 ? m_key : QStringView(); }
    const QString &spelled() const { return m_pointer; }

private:
    const Trail *m_parent = nullptr;
    QString m_pointer; // at the top of a chain
    QStringView m_key;
    qsizetype m_index = -1;
};

// Decodes the fragment of a URI reference ("#/a/b%20c") into a JSON pointer ("/a/b c").
QString fromUriFragment(QStringView fragment);

} // namespace jsonpointer
} // namespace portico::core
