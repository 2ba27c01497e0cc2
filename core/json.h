#pragma once

#include <QString>
#include <QStringView>

#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

namespace portico::core {

class Json;
using JsonArray = std::vector<Json>;
using JsonMember = std::pair<QString, Json>;

// Key comparison for hot paths: lengths first, then shared storage (the parser reuses one QString per
// distinct short key), then the UTF-16 code units.
inline bool sameKey(QStringView a, QStringView b)
{
    // An empty key may be a null QString, whose data() is null: memcmp must not see it, even for 0 bytes.
    return a.size() == b.size()
        && (a.isEmpty() || a.data() == b.data() || std::memcmp(a.data(), b.data(), size_t(a.size()) * sizeof(char16_t)) == 0);
}

// The members of a JSON object in the order they were written. QJsonObject sorts its keys, which would
// reorder a model's properties and a document's paths on every save, so Portico keeps its own object type.
// Small objects (most of them) are searched linearly: a scan over a contiguous vector beats hashing there.
// Past kIndexedSize members an object also keeps a hash index of its keys, because large specs hold objects
// of thousands of members (paths, component schemas) and every $ref resolves through one of them, and a
// hostile request body may have a hundred thousand keys: lookups must not grow with the member count.
// Keys must not be changed through the mutable iterators or at(); use rename().
class JsonObject
{
public:
    using const_iterator = std::vector<JsonMember>::const_iterator;
    using iterator = std::vector<JsonMember>::iterator;

    JsonObject() = default;
    JsonObject(std::initializer_list<JsonMember> members);
    template<typename It>
    JsonObject(It first, It last);

    // The member count from which lookups go through the hash index.
    static constexpr qsizetype kIndexedSize = 16;

    // Defined below class Json: what touches the members needs Json complete (clang insists, and so does the
    // standard for std::vector's element type).
    qsizetype size() const;
    bool isEmpty() const;
    const_iterator begin() const;
    const_iterator end() const;
    iterator begin();
    iterator end();
    const JsonMember &at(qsizetype i) const;
    JsonMember &at(qsizetype i);

    const Json *find(QStringView key) const;
    Json *find(QStringView key);
    qsizetype indexOf(QStringView key) const;
    bool contains(QStringView key) const { return indexOf(key) >= 0; }
    // Returns the member's value, or a null Json when absent.
    const Json &value(QStringView key) const;

    // Replaces the value of an existing key in place (keeping its position) or appends a new member.
    void insert(const QString &key, Json value);
    // Inserts at a position; an existing member with the same key is removed first.
    void insertAt(qsizetype index, const QString &key, Json value);
    bool remove(QStringView key);
    bool rename(QStringView from, const QString &to);
    void move(qsizetype from, qsizetype to);
    void append(QString key, Json value);
    void reserve(qsizetype n);

    bool operator==(const JsonObject &other) const;

private:
    void reindex();
    void indexLast();
    qsizetype probe(QStringView key) const;

    std::vector<JsonMember> m_members;
    // Open addressing with linear probing: each slot holds a member's position + 1 (0 is empty). Empty while
    // the object is small; otherwise at least twice the member count, a power of two.
    std::vector<std::uint32_t> m_slots;
};

// A JSON value: null, boolean, integer (kept exact as int64 when the text had no fraction or exponent and
// fits), double, string, array or object. Arrays and objects are shared copy-on-write, so copying a whole
// document (to keep a last good version, to hand a snapshot to another thread) is cheap.
class Json
{
public:
    enum class Type : std::uint8_t { Null, Bool, Integer, Double, String, Array, Object };

    Json() : m_int(0) {}
    Json(std::nullptr_t) : m_int(0) {}
    Json(bool b) : m_type(Type::Bool), m_bool(b) {}
    Json(int i) : m_type(Type::Integer), m_int(i) {}
    Json(qint64 i) : m_type(Type::Integer), m_int(i) {}
    Json(double d) : m_type(Type::Double), m_double(d) {}
    Json(QString s) : m_type(Type::String), m_string(std::move(s)) {}
    Json(const Json &other) { copyFrom(other); }
    Json(Json &&other) noexcept { moveFrom(std::move(other)); }
    Json &operator=(const Json &other)
    {
        if (this != &other) {
            Json copy(other);
            destroy();
            moveFrom(std::move(copy));
        }
        return *this;
    }
    Json &operator=(Json &&other) noexcept
    {
        if (this != &other) {
            destroy();
            moveFrom(std::move(other));
        }
        return *this;
    }
    ~Json() { destroy(); }
    Json(const char *) = delete; // be explicit about encodings: use QStringLiteral or u""_s
    Json(JsonArray a);
    Json(JsonObject o);

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isInteger() const { return m_type == Type::Integer; }
    bool isDouble() const { return m_type == Type::Double; }
    bool isNumber() const { return m_type == Type::Integer || m_type == Type::Double; }
    // True for integers and for doubles without a fractional part (JSON Schema's "integer").
    bool isIntegral() const;
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    bool toBool(bool fallback = false) const { return m_type == Type::Bool ? m_bool : fallback; }
    qint64 toInteger(qint64 fallback = 0) const;
    double toDouble(double fallback = 0) const;
    const QString &toString() const; // empty for non-strings
    const JsonArray &toArray() const; // empty for non-arrays
    const JsonObject &toObject() const; // empty for non-objects

    // Mutable access detaches shared storage first. Calling them on a value of another type converts it.
    JsonArray &array();
    JsonObject &object();

    // Object member or array element access; null when absent.
    const Json &operator[](QStringView key) const { return toObject().value(key); }
    const Json &operator[](qsizetype index) const;

    // Structural equality as JSON Schema defines it (1 == 1.0, key order ignored).
    bool operator==(const Json &other) const;
    bool operator!=(const Json &other) const { return !(*this == other); }
    // A hash that agrees with operator== (equal values hash alike), so that sets of values cost linear time.
    size_t hash(size_t seed = 0) const;
    // Equality that also requires the same key order; used to prove round trips exact.
    bool identical(const Json &other) const;
    // Whether both are the same array or object, not merely equal: a copy that neither side has edited since
    // (a constant-time "has this document changed since I copied it").
    bool sharesStorageWith(const Json &other) const
    {
        return m_type == other.m_type
            && ((m_type == Type::Array && m_array == other.m_array) || (m_type == Type::Object && m_object == other.m_object));
    }

    static const Json &null();

private:
    void destroy() noexcept;
    void copyFrom(const Json &other);
    void moveFrom(Json &&other) noexcept;

    // One tagged union keeps a value at 32 bytes: request bodies hold many of them, and moving them is what
    // building arrays and objects mostly does.
    Type m_type = Type::Null;
    union {
        bool m_bool;
        qint64 m_int;
        double m_double;
        QString m_string;
        std::shared_ptr<JsonArray> m_array;
        std::shared_ptr<JsonObject> m_object;
    };
};

QString typeName(Json::Type type);

template<typename It>
JsonObject::JsonObject(It first, It last) : m_members(first, last)
{
    reindex();
}
inline qsizetype JsonObject::size() const { return qsizetype(m_members.size()); }
inline bool JsonObject::isEmpty() const { return m_members.empty(); }
inline JsonObject::const_iterator JsonObject::begin() const { return m_members.begin(); }
inline JsonObject::const_iterator JsonObject::end() const { return m_members.end(); }
inline JsonObject::iterator JsonObject::begin() { return m_members.begin(); }
inline JsonObject::iterator JsonObject::end() { return m_members.end(); }
inline const JsonMember &JsonObject::at(qsizetype i) const { return m_members[size_t(i)]; }
inline JsonMember &JsonObject::at(qsizetype i) { return m_members[size_t(i)]; }
inline void JsonObject::reserve(qsizetype n) { m_members.reserve(size_t(n)); }

} // namespace portico::core
