#pragma once
// Strict readers for the lab's JSON inputs (config file, admin API bodies, state file). Each
// failure carries a one-line message naming the field by its path ("faults.http.delay_ms",
// "home[2].internal_port") and what it must be, plus what was found.
#include "igdkit/sim/config_file.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::sim::json_input {

struct problem {
  config_errc code = config_errc::bad_field;
  std::string message;
};

template <class T>
using parsed = boost::system::result<T, problem>;

// Whole-document parse; a syntax error reports its byte offset. Documents nest at most 32 deep.
parsed<boost::json::value> parse_text(std::string_view text);

// Paths: child("faults", "http") == "faults.http"; element("lan_hosts", 1) == "lan_hosts[1]".
std::string child(std::string_view path, std::string_view key);
std::string element(std::string_view path, std::size_t index);

// `field "<path>": must be <requirement>, got <found>` (the document itself when path is empty).
problem bad_field(std::string_view path, std::string_view requirement, const boost::json::value& found);
problem bad_field(std::string_view path, std::string_view requirement);
problem missing_field(std::string_view path);

parsed<const boost::json::object*> read_object(const boost::json::value& v, std::string_view path);
// The first key of `object` not in `known`, as an unknown_field problem.
std::optional<problem> reject_unknown(const boost::json::object& object, std::initializer_list<std::string_view> known,
                                      std::string_view path);

parsed<bool> read_bool(const boost::json::value& v, std::string_view path);
// A JSON integer (not 1.0, not "1") in min..max.
parsed<std::uint64_t> read_uint(const boost::json::value& v, std::string_view path, std::uint64_t min, std::uint64_t max);
parsed<std::string_view> read_string(const boost::json::value& v, std::string_view path);
parsed<boost::asio::ip::address_v4> read_ipv4(const boost::json::value& v, std::string_view path);
parsed<boost::asio::ip::address> read_ip(const boost::json::value& v, std::string_view path);

// Narrowing after a range-checked read.
template <class T>
parsed<T> read_uint_as(const boost::json::value& v, std::string_view path, std::uint64_t min, std::uint64_t max) {
  auto r = read_uint(v, path, min, max);
  if (!r) return r.error();
  return static_cast<T>(*r);
}

// Records a problem for a public API that reports (error_code, message).
std::error_code report(const problem& p, std::string* message);

}  // namespace igdkit::sim::json_input
