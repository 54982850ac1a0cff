// miniupnpd permission lines ("allow 1024-65535 192.168.1.0/24 1024-65535") -> permission_rule.
#include "igdkit/sim/config_file.hpp"
#include "igdkit/text.hpp"

#include <boost/asio/ip/network_v4.hpp>

#include <optional>
#include <string>
#include <vector>

namespace igdkit::sim {

namespace {

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

template <class T>
std::optional<T> parse_number(std::string_view s) {
  return igdkit::text::parse_decimal<T>(s);
}

// "N" or "N-M" with N <= M.
std::optional<port_range> parse_ports(std::string_view s) {
  const auto dash = s.find('-');
  const auto first = parse_number<std::uint16_t>(s.substr(0, dash));
  const auto last = dash == std::string_view::npos ? first : parse_number<std::uint16_t>(s.substr(dash + 1));
  if (!first || !last || *first > *last) return std::nullopt;
  return port_range{*first, *last};
}

std::optional<boost::asio::ip::address_v4> parse_address(std::string_view s) {
  if (s.empty() || s.find('\0') != std::string_view::npos) return std::nullopt;
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address_v4(std::string(s), ec);
  if (ec) return std::nullopt;
  return a;
}

// The prefix length of a contiguous netmask ("255.255.255.0" -> 24).
std::optional<unsigned short> mask_prefix(const boost::asio::ip::address_v4& mask) {
  const std::uint32_t m = mask.to_uint();
  unsigned short length = 0;
  while (length < 32 && (m & (0x80000000u >> length))) ++length;
  const std::uint32_t expected = length == 0 ? 0u : ~std::uint32_t{0} << (32 - length);
  if (m != expected) return std::nullopt;
  return length;
}

// "a.b.c.d", "a.b.c.d/n" or "a.b.c.d/m.m.m.m" (miniupnpd accepts all three).
std::optional<boost::asio::ip::network_v4> parse_network(std::string_view s) {
  const auto slash = s.find('/');
  const auto address = parse_address(s.substr(0, slash));
  if (!address) return std::nullopt;
  if (slash == std::string_view::npos) return boost::asio::ip::network_v4(*address, 32);
  const auto suffix = s.substr(slash + 1);
  std::optional<unsigned short> prefix;
  if (suffix.find('.') != std::string_view::npos) {
    if (const auto mask = parse_address(suffix)) prefix = mask_prefix(*mask);
  } else if (const auto n = parse_number<unsigned short>(suffix); n && *n <= 32) {
    prefix = n;
  }
  if (!prefix) return std::nullopt;
  return boost::asio::ip::network_v4(*address, *prefix);
}

result<permission_rule> fail(std::string text, std::string* message) {
  if (message) *message = std::move(text);
  return make_error_code(config_errc::bad_field);
}

}  // namespace

result<permission_rule> parse_permission_rule(std::string_view line, std::string* message) {
  const auto words = split_words(line);
  if (words.size() != 4) {
    return fail("permission rule must have 4 words \"allow|deny <ext ports> <address>/<prefix> <int ports>\", got " +
                    std::to_string(words.size()),
                message);
  }
  permission_rule rule;
  if (words[0] == "allow") {
    rule.action = permission_action::allow;
  } else if (words[0] == "deny") {
    rule.action = permission_action::deny;
  } else {
    return fail("permission rule must start with \"allow\" or \"deny\"", message);
  }
  const auto external = parse_ports(words[1]);
  if (!external) return fail("external ports must be \"N\" or \"N-M\" within 0..65535 with N <= M", message);
  const auto network = parse_network(words[2]);
  if (!network) return fail("address must be \"a.b.c.d\", \"a.b.c.d/0..32\" or \"a.b.c.d/m.m.m.m\"", message);
  const auto internal = parse_ports(words[3]);
  if (!internal) return fail("internal ports must be \"N\" or \"N-M\" within 0..65535 with N <= M", message);
  rule.external_ports = *external;
  // Canonical, so "192.168.1.7/24" matches what the rule means: the whole /24.
  rule.internal_network = network->canonical();
  rule.internal_ports = *internal;
  return rule;
}

}  // namespace igdkit::sim
