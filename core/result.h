#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace portico::core {

// Where something is in a source file: 1-based line and column (0 when unknown) and the JSON pointer of
// the value concerned ("" for the document root).
struct Location
{
    QString file;
    int line = 0;
    int column = 0;
    QString pointer;
};

// An error that stops an operation, with where it happened. Formats as the compiler-style
// `FILE:LINE:COL: error: MESSAGE [at /json/pointer]` that editors and CI logs understand.
struct Error
{
    QString message;
    Location location;

    QString toString(QStringView severity = u"error") const;
};

// A value or the error that prevented it (C++20 has no std::expected yet). Core never throws across its API.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

} // namespace portico::core
