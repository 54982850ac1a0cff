#include "fields.hpp"

#include "igdkit/url_parse.hpp"
#include "igdkit/ssdp/error.hpp"


#include <cctype>

namespace igdkit::ssdp::detail {
namespace {

constexpr std::uint64_t max_max_age = 0x7fffffff;  // 68 years; anything larger is garbage

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

}  // namespace

std::optional<std::uint64_t> parse_decimal(std::string_view s, std::uint64_t max) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

result<std::chrono::seconds> parse_max_age(std::string_view cache_control) {
  while (!cache_control.empty()) {
    const auto comma = cache_control.find(',');
    auto directive = trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view{} : cache_control.substr(comma + 1);
    if (!iequals_prefix(directive, "max-age")) continue;
    directive = trim(directive.substr(7));
    if (directive.empty() || directive.front() != '=') return make_error_code(errc::invalid_max_age);
    directive = trim(directive.substr(1));
    if (directive.size() >= 2 && directive.front() == '"' && directive.back() == '"')
      directive = directive.substr(1, directive.size() - 2);
    const auto v = parse_decimal(directive, max_max_age);
    if (!v) return make_error_code(errc::invalid_max_age);
    return std::chrono::seconds(static_cast<std::int64_t>(*v));
  }
  return make_error_code(errc::missing_max_age);
}

result<boost::urls::url> parse_location(std::string_view text) {
  auto u = igdkit::parse_absolute_url(text);
  if (!u) return make_error_code(errc::invalid_location);
  if (u->scheme_id() != boost::urls::scheme::http && u->scheme_id() != boost::urls::scheme::https)
    return make_error_code(errc::unsupported_location_scheme);
  if (!u->has_authority() || u->encoded_host().empty()) return make_error_code(errc::invalid_location);
  return boost::urls::url(*u);
}

}  // namespace igdkit::ssdp::detail
