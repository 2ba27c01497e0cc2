#include "json.h"

#include <QHashFunctions>

#include <bit>
#include <cmath>
#include <limits>

namespace portico::core {

JsonObject::JsonObject(std::initializer_list<JsonMember> members) : m_members(members)
{
    reindex();
}

qsizetype JsonObject::probe(QStringView key) const
{
    const size_t mask = m_slots.size() - 1;
    for (size_t slot = qHash(key) & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t entry = m_slots[slot];
        if (entry == 0)
            return -1;
        if (sameKey(m_members[entry - 1].first, key))
            return qsizetype(entry - 1);
    }
}

qsizetype JsonObject::indexOf(QStringView key) const
{
    if (!m_slots.empty())
        return probe(key);
    for (size_t i = 0; i < m_members.size(); ++i) {
        if (sameKey(m_members[i].first, key))
            return qsizetype(i);
    }
    return -1;
}

// Rebuilds the index from the members (after a change that moved positions). A repeated key keeps pointing
// at its first member, as the linear search finds it.
void JsonObject::reindex()
{
    m_slots.clear();
    if (size() < kIndexedSize)
        return;
    m_slots.assign(std::bit_ceil(m_members.size() * 2), 0);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = 0; i < m_members.size(); ++i) {
        const QString &key = m_members[i].first;
        for (size_t slot = qHash(key) & mask;; slot = (slot + 1) & mask) {
            std::uint32_t &entry = m_slots[slot];
            if (entry == 0) {
                entry = std::uint32_t(i + 1);
                break;
            }
            if (sameKey(m_members[entry - 1].first, key))
                break;
        }
    }
}

// Indexes a member just appended: one probe, or a rebuild when the table is due to grow.
void JsonObject::indexLast()
{
    if (m_slots.empty() || m_members.size() * 2 > m_slots.size()) {
        reindex();
        return;
    }
    const size_t mask = m_slots.size() - 1;
    const QString &key = m_members.back().first;
    for (size_t slot = qHash(key) & mask;; slot = (slot + 1) & mask) {
        std::uint32_t &entry = m_slots[slot];
        if (entry == 0) {
            entry = std::uint32_t(m_members.size());
            return;
        }
        if (sameKey(m_members[entry - 1].first, key))
            return;
    }
}

const Json *JsonObject::find(QStringView key) const
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_members[size_t(i)].second;
}

Json *JsonObject::find(QStringView key)
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_members[size_t(i)].second;
}

const Json &JsonObject::value(QStringView key) const
{
    const Json *v = find(key);
    return v ? *v : Json::null();
}

void JsonObject::insert(const QString &key, Json value)
{
    if (Json *existing = find(key))
        *existing = std::move(value);
    else
        append(key, std::move(value));
}

void JsonObject::insertAt(qsizetype index, const QString &key, Json value)
{
    remove(key);
    index = std::clamp<qsizetype>(index, 0, size());
    m_members.emplace(m_members.begin() + index, key, std::move(value));
    reindex();
}

bool JsonObject::remove(QStringView key)
{
    const qsizetype i = indexOf(key);
    if (i < 0)
        return false;
    m_members.erase(m_members.begin() + i);
    reindex();
    return true;
}

bool JsonObject::rename(QStringView from, const QString &to)
{
    const qsizetype i = indexOf(from);
    if (i < 0 || (from != to && contains(to)))
        return false;
    m_members[size_t(i)].first = to;
    reindex();
    return true;
}

void JsonObject::move(qsizetype from, qsizetype to)
{
    if (from < 0 || from >= size() || to < 0 || to >= size() || from == to)
        return;
    JsonMember m = std::move(m_members[size_t(from)]);
    m_members.erase(m_members.begin() + from);
    m_members.insert(m_members.begin() + to, std::move(m));
    reindex();
}

void JsonObject::append(QString key, Json value)
{
    m_members.emplace_back(std::move(key), std::move(value));
    if (!m_slots.empty() || size() >= kIndexedSize)
        indexLast();
}

bool JsonObject::operator==(const JsonObject &other) const
{
    if (size() != other.size())
        return false;
    for (const auto &[key, value] : m_members) {
        const Json *o = other.find(key);
        if (!o || !(*o == value))
            return false;
    }
    return true;
}

Json::Json(JsonArray a) : m_type(Type::Array), m_array(std::make_shared<JsonArray>(std::move(a))) {}
Json::Json(JsonObject o) : m_type(Type::Object), m_object(std::make_shared<JsonObject>(std::move(o))) {}

void Json::destroy() noexcept
{
    switch (m_type) {
    case Type::String:
        m_string.~QString();
        break;
    case Type::Array:
        m_array.~shared_ptr();
        break;
    case Type::Object:
        m_object.~shared_ptr();
        break;
    default:
        break;
    }
    m_type = Type::Null;
    m_int = 0;
}

void Json::copyFrom(const Json &other)
{
    m_type = other.m_type;
    switch (m_type) {
    case Type::String:
        new (&m_string) QString(other.m_string);
        break;
    case Type::Array:
        new (&m_array) std::shared_ptr<JsonArray>(other.m_array);
        break;
    case Type::Object:
        new (&m_object) std::shared_ptr<JsonObject>(other.m_object);
        break;
    case Type::Bool:
        m_bool = other.m_bool;
        break;
    case Type::Double:
        m_double = other.m_double;
        break;
    case Type::Null:
    case Type::Integer:
        m_int = other.m_int;
        break;
    }
}

void Json::moveFrom(Json &&other) noexcept
{
    m_type = other.m_type;
    switch (m_type) {
    case Type::String:
        new (&m_string) QString(std::move(other.m_string));
        break;
    case Type::Array:
        new (&m_array) std::shared_ptr<JsonArray>(std::move(other.m_array));
        break;
    case Type::Object:
        new (&m_object) std::shared_ptr<JsonObject>(std::move(other.m_object));
        break;
    case Type::Bool:
        m_bool = other.m_bool;
        break;
    case Type::Double:
        m_double = other.m_double;
        break;
    case Type::Null:
    case Type::Integer:
        m_int = other.m_int;
        break;
    }
    other.destroy();
}

const Json &Json::null()
{
    static const Json n;
    return n;
}

bool Json::isIntegral() const
{
    if (m_type == Type::Integer)
        return true;
    return m_type == Type::Double && std::isfinite(m_double) && std::trunc(m_double) == m_double;
}

qint64 Json::toInteger(qint64 fallback) const
{
    if (m_type == Type::Integer)
        return m_int;
    if (m_type == Type::Double) {
        // Saturating: converting a double beyond qint64's range (`minItems: 1e300`) is undefined behaviour
        // (found by fuzz_schema), and NaN has no integer at all.
        if (std::isnan(m_double))
            return fallback;
        if (m_double >= 9223372036854775808.0)
            return std::numeric_limits<qint64>::max();
        if (m_double < -9223372036854775808.0)
            return std::numeric_limits<qint64>::min();
        return qint64(m_double);
    }
    return fallback;
}

double Json::toDouble(double fallback) const
{
    if (m_type == Type::Double)
        return m_double;
    if (m_type == Type::Integer)
        return double(m_int);
    return fallback;
}

const QString &Json::toString() const
{
    static const QString empty;
    return m_type == Type::String ? m_string : empty;
}

const JsonArray &Json::toArray() const
{
    static const JsonArray empty;
    return m_type == Type::Array ? *m_array : empty;
}

const JsonObject &Json::toObject() const
{
    static const JsonObject empty;
    return m_type == Type::Object ? *m_object : empty;
}

JsonArray &Json::array()
{
    if (m_type != Type::Array) {
        *this = Json(JsonArray{});
    } else if (m_array.use_count() > 1) {
        m_array = std::make_shared<JsonArray>(*m_array);
    }
    return *m_array;
}

JsonObject &Json::object()
{
    if (m_type != Type::Object) {
        *this = Json(JsonObject{});
    } else if (m_object.use_count() > 1) {
        m_object = std::make_shared<JsonObject>(*m_object);
    }
    return *m_object;
}

const Json &Json::operator[](qsizetype index) const
{
    const JsonArray &a = toArray();
    return index >= 0 && index < qsizetype(a.size()) ? a[size_t(index)] : null();
}

bool Json::operator==(const Json &other) const
{
    if (isNumber() && other.isNumber()) {
        if (m_type == Type::Integer && other.m_type == Type::Integer)
            return m_int == other.m_int;
        return toDouble() == other.toDouble();
    }
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == other.m_bool;
    case Type::String:
        return m_string == other.m_string;
    case Type::Array:
        return m_array == other.m_array || *m_array == *other.m_array;
    case Type::Object:
        return m_object == other.m_object || *m_object == *other.m_object;
    case Type::Integer:
    case Type::Double:
        break;
    }
    return false;
}

size_t Json::hash(size_t seed) const
{
    switch (m_type) {
    case Type::Null:
        return qHash(0, seed);
    case Type::Bool:
        return qHash(m_bool ? 1 : 2, seed);
    case Type::Integer:
    case Type::Double:
        // Numbers compare by value across both kinds (1 == 1.0), and -0.0 == 0.0.
        return qHash(toDouble() + 0.0, seed);
    case Type::String:
        return qHash(m_string, seed);
    case Type::Array: {
        size_t h = seed ^ 0x9e3779b9u;
        for (const Json &item : *m_array)
            h = qHashMulti(seed, h, item.hash(seed));
        return h;
    }
    case Type::Object: {
        // Key order does not matter to equality, so members combine by a commutative sum.
        size_t h = seed ^ 0x85ebca6bu;
        for (const auto &[key, value] : *m_object)
            h += qHashMulti(seed, key, value.hash(seed));
        return h;
    }
    }
    return seed;
}

bool Json::identical(const Json &other) const
{
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Array: {
        const JsonArray &a = *m_array, &b = *other.m_array;
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (!a[i].identical(b[i]))
                return false;
        }
        return true;
    }
    case Type::Object: {
        const JsonObject &a = *m_object, &b = *other.m_object;
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a.at(i).first != b.at(i).first || !a.at(i).second.identical(b.at(i).second))
                return false;
        }
        return true;
    }
    case Type::Double:
        return m_double == other.m_double || (std::isnan(m_double) && std::isnan(other.m_double));
    default:
        return *this == other;
    }
}

QString typeName(Json::Type type)
{
    switch (type) {
    case Json::Type::Null:
        return QStringLiteral("null");
    case Json::Type::Bool:
        return QStringLiteral("boolean");
    case Json::Type::Integer:
        return QStringLiteral("integer");
    case Json::Type::Double:
        return QStringLiteral("number");
    case Json::Type::String:
        return QStringLiteral("string");
    case Json::Type::Array:
        return QStringLiteral("array");
    case Json::Type::Object:
        return QStringLiteral("object");
    }
    return {};
}

} // namespace portico::core
