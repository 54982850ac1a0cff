#include "args.hpp"

#include <charconv>
#include <limits>

namespace igdkit::sim::detail {

namespace {

std::string_view trim(std::string_view s) noexcept {
  constexpr std::string_view ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

template <class T>
std::optional<T> parse_unsigned(std::string_view s) noexcept {
  s = trim(s);
  // Digits only: from_chars would accept nothing else anyway, but a leading '+'/'-' must fail too.
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v > std::numeric_limits<T>::max()) return std::nullopt;
  return static_cast<T>(v);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::uint16_t> arg_reader::ui2(std::string_view name) const {
  auto v = soap::find_argument(args_, name);
  return v ? parse_unsigned<std::uint16_t>(*v) : std::nullopt;
}

std::optional<std::uint32_t> arg_reader::ui4(std::string_view name) const {
  auto v = soap::find_argument(args_, name);
  return v ? parse_unsigned<std::uint32_t>(*v) : std::nullopt;
}

std::optional<bool> arg_reader::boolean(std::string_view name) const {
  auto v = soap::find_argument(args_, name);
  if (!v) return std::nullopt;
  const auto t = trim(*v);
  if (t == "1" || iequals(t, "true") || iequals(t, "yes")) return true;
  if (t == "0" || iequals(t, "false") || iequals(t, "no")) return false;
  return std::nullopt;
}

std::optional<std::string> arg_reader::text(std::string_view name) const {
  auto v = soap::find_argument(args_, name);
  if (!v || v->size() > max_string_argument) return std::nullopt;
  return std::string(*v);
}

bool is_wildcard_host(std::string_view text) noexcept {
  text = trim(text);
  return text.empty() || text == "*";
}

std::optional<boost::asio::ip::address_v4> parse_v4(std::string_view text) noexcept {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address_v4(std::string(trim(text)), ec);
  if (ec) return std::nullopt;
  return a;
}

std::optional<boost::asio::ip::address_v6> parse_v6(std::string_view text) noexcept {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address_v6(std::string(trim(text)), ec);
  if (ec) return std::nullopt;
  return a;
}

}  // namespace igdkit::sim::detail
