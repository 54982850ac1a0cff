#include "args.hpp"
#include "igdkit/text.hpp"


namespace igdkit::sim::detail {

bool is_wildcard_host(std::string_view text) noexcept {
  text = igdkit::text::trim(text);
  return text.empty() || text == "*";
}

std::optional<boost::asio::ip::address_v4> parse_v4(std::string_view text) noexcept {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address_v4(std::string(igdkit::text::trim(text)), ec);
  if (ec) return std::nullopt;
  return a;
}

std::optional<boost::asio::ip::address_v6> parse_v6(std::string_view text) noexcept {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address_v6(std::string(igdkit::text::trim(text)), ec);
  if (ec) return std::nullopt;
  return a;
}

}  // namespace igdkit::sim::detail
