#include "igdkit/gena/headers.hpp"

#include "igdkit/gena/error.hpp"
#include "igdkit/text.hpp"

#include "igdkit/url_parse.hpp"

namespace igdkit::gena {

result<std::vector<boost::urls::url>> parse_callback(std::string_view header, std::size_t max_urls) {
  std::vector<boost::urls::url> urls;
  auto rest = text::trim(header);
  if (rest.empty()) return make_error_code(errc::missing_callback);
  while (!rest.empty()) {
    if (rest.front() != '<') return make_error_code(errc::bad_callback);
    const auto close = rest.find('>');
    if (close == std::string_view::npos) return make_error_code(errc::bad_callback);
    if (urls.size() == max_urls) return make_error_code(errc::too_many_callbacks);
    auto parsed = parse_absolute_url(rest.substr(1, close - 1));
    if (!parsed || parsed->scheme_id() != boost::urls::scheme::http || !parsed->has_authority() ||
        parsed->encoded_host().empty() || parsed->has_userinfo() || (parsed->has_port() && parsed->port_number() == 0))
      return make_error_code(errc::bad_callback);
    urls.emplace_back(*parsed);
    rest = text::trim(rest.substr(close + 1));
  }
  return urls;
}

std::string format_callback(const boost::urls::url& url) { return "<" + std::string(url.buffer()) + ">"; }

std::optional<std::chrono::seconds> parse_timeout(std::string_view header) {
  constexpr std::string_view prefix = "Second-";
  const auto value = text::trim(header);
  if (!text::istarts_with(value, prefix)) return std::nullopt;
  const auto n = text::parse_decimal<std::uint32_t>(value.substr(prefix.size()));
  if (!n || *n == 0) return std::nullopt;
  return std::chrono::seconds(*n);
}

std::string format_timeout(std::chrono::seconds timeout) { return "Second-" + std::to_string(timeout.count()); }

std::optional<std::uint32_t> parse_seq(std::string_view header) {
  return text::parse_decimal<std::uint32_t>(text::trim(header));
}

}  // namespace igdkit::gena
