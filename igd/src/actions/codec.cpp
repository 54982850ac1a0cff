// Value codecs for SOAP argument text. Numbers are strict: a port of "-1" or "80abc" must be
// rejected (402) rather than wrapped or truncated, as naive strtoul-based parsers do.
#include "igdkit/igd/actions/codec.hpp"

#include <charconv>
#include <limits>

namespace igdkit::igd {
namespace {

// XML text may carry indentation around a value.
std::string_view trim(std::string_view s) noexcept {
  constexpr std::string_view ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool parse_unsigned(std::string_view text, std::uint64_t max, std::uint64_t& out) noexcept {
  text = trim(text);
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;  // no sign, no hex, no embedded junk
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v > max) return false;
  out = v;
  return true;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

template <class T>
bool decode_uint(std::string_view text, T& out) noexcept {
  std::uint64_t v = 0;
  if (!parse_unsigned(text, std::numeric_limits<T>::max(), v)) return false;
  out = static_cast<T>(v);
  return true;
}

}  // namespace

bool decode_value(std::string_view text, std::uint16_t& out) noexcept { return decode_uint(text, out); }
bool decode_value(std::string_view text, std::uint32_t& out) noexcept { return decode_uint(text, out); }
bool decode_value(std::string_view text, std::uint64_t& out) noexcept { return decode_uint(text, out); }

bool decode_value(std::string_view text, bool& out) noexcept {
  text = trim(text);
  if (text == "1" || iequals(text, "true") || iequals(text, "yes")) {
    out = true;
    return true;
  }
  if (text == "0" || iequals(text, "false") || iequals(text, "no")) {
    out = false;
    return true;
  }
  return false;
}

bool decode_value(std::string_view text, std::string& out) {
  out.assign(text);
  return true;
}

bool decode_value(std::string_view text, std::chrono::seconds& out) noexcept {
  std::uint32_t v = 0;
  if (!decode_uint(text, v)) return false;
  out = std::chrono::seconds(v);
  return true;
}

bool decode_value(std::string_view text, host_address& out) {
  out = host_address::from_text(text);
  return true;
}

bool decode_value(std::string_view text, wire_protocol& out) {
  out = wire_protocol::from_text(text);
  return true;
}

bool decode_value(std::string_view text, std::optional<boost::asio::ip::address>& out) noexcept {
  text = trim(text);
  if (text.empty()) {
    out.reset();
    return true;
  }
  auto ip = host_address::from_text(text).ip();
  if (!ip) return false;
  out = *ip;
  return true;
}

bool encode_value(std::uint16_t value, std::string& out) {
  out = std::to_string(value);
  return true;
}
bool encode_value(std::uint32_t value, std::string& out) {
  out = std::to_string(value);
  return true;
}
bool encode_value(std::uint64_t value, std::string& out) {
  out = std::to_string(value);
  return true;
}
bool encode_value(bool value, std::string& out) {
  out = value ? "1" : "0";
  return true;
}
bool encode_value(const std::string& value, std::string& out) {
  out = value;
  return true;
}
bool encode_value(std::chrono::seconds value, std::string& out) {
  // A negative lease must not silently become 0, which means "permanent" in v1.
  if (value.count() < 0 || value.count() > std::numeric_limits<std::uint32_t>::max()) return false;
  out = std::to_string(value.count());
  return true;
}
bool encode_value(const host_address& value, std::string& out) {
  out = value.text();
  return true;
}
bool encode_value(const wire_protocol& value, std::string& out) {
  out = value.text();
  return true;
}
bool encode_value(const std::optional<boost::asio::ip::address>& value, std::string& out) {
  out = value ? value->to_string() : std::string();
  return true;
}

}  // namespace igdkit::igd
