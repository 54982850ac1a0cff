#pragma once
// The one fallible-value type used across igdkit's public surface: a value or a std::error_code.
#include <boost/system/result.hpp>

#include <system_error>

namespace igdkit {

template <class T>
using result = boost::system::result<T, std::error_code>;

}  // namespace igdkit
