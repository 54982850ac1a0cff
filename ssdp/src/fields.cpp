#include "fields.hpp"

#include "igdkit/url_parse.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/text.hpp"


#include <cctype>

namespace igdkit::ssdp::detail {
namespace {

constexpr std::uint64_t max_max_age = 0x7fffffff;  // 68 years; anything larger is garbage

}  // namespace

result<std::chrono::seconds> parse_max_age(std::string_view cache_control) {
  while (!cache_control.empty()) {
    const auto comma = cache_control.find(',');
    auto directive = igdkit::text::trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view{} : cache_control.substr(comma + 1);
    if (!igdkit::text::istarts_with(directive, "max-age")) continue;
    directive = igdkit::text::trim(directive.substr(7));
    if (directive.empty() || directive.front() != '=') return make_error_code(errc::invalid_max_age);
    directive = igdkit::text::trim(directive.substr(1));
    if (directive.size() >= 2 && directive.front() == '"' && directive.back() == '"')
      directive = directive.substr(1, directive.size() - 2);
    const auto v = igdkit::text::parse_decimal<std::uint64_t>(directive, max_max_age);
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
