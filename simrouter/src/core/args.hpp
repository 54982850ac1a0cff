#pragma once
// Host arguments as the router reads them. Everything else is decoded through the typed action
// table (igdkit/igd/actions), the same one the client encodes with.

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::sim::detail {

inline constexpr std::size_t max_string_argument = 1024;  // descriptions, connection types, services


// Wildcard spelling of a host argument: empty or "*".
bool is_wildcard_host(std::string_view text) noexcept;
std::optional<boost::asio::ip::address_v4> parse_v4(std::string_view text) noexcept;
std::optional<boost::asio::ip::address_v6> parse_v6(std::string_view text) noexcept;

}  // namespace igdkit::sim::detail
