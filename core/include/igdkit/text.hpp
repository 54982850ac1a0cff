#pragma once
// The small text helpers every parser in the tree shares: one trim, one ASCII case-insensitive
// comparison, one strict decimal parser. Protocol text (XML values, HTTP/SSDP fields) is ASCII
// where these matter, so none of them consults a locale.
#include <boost/url/grammar/ci_string.hpp>

#include <charconv>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::text {

// XML and header whitespace: indentation around an XML value, OWS around a header value.
inline constexpr std::string_view whitespace = " \t\r\n";

constexpr std::string_view trim(std::string_view s) noexcept {
  const auto b = s.find_first_not_of(whitespace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(whitespace) - b + 1);
}

inline bool iequals(std::string_view a, std::string_view b) noexcept {
  return boost::urls::grammar::ci_is_equal(a, b);
}

inline bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// XML 1.0 forbids the C0 control characters other than TAB, LF and CR, even written as
// character references (&#x1; is not well-formed): a writer must drop them, not escape them.
constexpr bool is_forbidden_in_xml(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

// `s` without the characters XML 1.0 cannot carry.
inline std::string xml_representable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s)
    if (!is_forbidden_in_xml(c)) out += c;
  return out;
}

// Digits only (no sign, no spaces, no hex, no trailing junk) and at most `max`: "-1", "+5",
// " 80" and "80abc" are all refused, unlike strtoul and friends, which wrap or stop early.
template <std::unsigned_integral T>
constexpr std::optional<T> parse_decimal(std::string_view digits, T max = std::numeric_limits<T>::max()) noexcept {
  if (digits.empty()) return std::nullopt;
  for (const char c : digits)
    if (c < '0' || c > '9') return std::nullopt;
  T v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || end != digits.data() + digits.size() || v > max) return std::nullopt;
  return v;
}

}  // namespace igdkit::text
