#pragma once
// Reads typed in-arguments of one request. Every failure is a ready 402 (or the code the
// caller chooses) so handlers stay a straight line: `auto p = a.ui2("NewExternalPort"); if (!p) return fault...`.
#include "igdkit/soap/action.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::sim::detail {

inline constexpr std::size_t max_string_argument = 1024;  // descriptions, connection types

class arg_reader {
 public:
  explicit arg_reader(const soap::argument_list& args) : args_(args) {}

  std::optional<std::uint16_t> ui2(std::string_view name) const;
  std::optional<std::uint32_t> ui4(std::string_view name) const;
  std::optional<bool> boolean(std::string_view name) const;
  // Present and at most max_string_argument long.
  std::optional<std::string> text(std::string_view name) const;

 private:
  const soap::argument_list& args_;
};

// Wildcard spelling of a host argument: empty or "*".
bool is_wildcard_host(std::string_view text) noexcept;
std::optional<boost::asio::ip::address_v4> parse_v4(std::string_view text) noexcept;
std::optional<boost::asio::ip::address_v6> parse_v6(std::string_view text) noexcept;

}  // namespace igdkit::sim::detail
