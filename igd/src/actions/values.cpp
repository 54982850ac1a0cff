#include "igdkit/igd/actions/values.hpp"

namespace igdkit::igd {

host_address::host_address(const boost::asio::ip::address& address) : text_(address.to_string()) {}

std::optional<boost::asio::ip::address> host_address::ip() const noexcept {
  constexpr std::string_view ws = " \t\r\n";
  std::string_view s = text_;
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return std::nullopt;
  s = s.substr(b, s.find_last_not_of(ws) - b + 1);
  boost::system::error_code ec;
  // make_address needs a NUL-terminated string; an address is short, so copy on the stack path.
  auto a = boost::asio::ip::make_address(std::string(s), ec);
  if (ec) return std::nullopt;
  return a;
}

}  // namespace igdkit::igd
