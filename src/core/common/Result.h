#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace Breezee {

// A failure that a caller can show to a person: `code` is a stable
// machine-readable kind ("invalid_grant", "db_open_failed"), `message` a
// translated sentence that names the value and what to do next.
struct Error {
    QString code;
    QString message;
};

// A value or an Error. Small on purpose: Qt 6.4 and C++17 have no
// std::expected, and the project throws no exceptions across Qt boundaries.
template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }

    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

// Outcome of an operation that returns nothing on success.
using Status = std::optional<Error>;

} // namespace Breezee
