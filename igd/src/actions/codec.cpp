// Value codecs for SOAP argument text. Numbers are strict: a port of "-1" or "80abc" must be
// rejected (402) rather than wrapped or truncated, as naive strtoul-based parsers do.
#include "igdkit/igd/actions/codec.hpp"
#include "igdkit/text.hpp"

#include <limits>

namespace igdkit::igd {
namespace {

// XML text may carry indentation around a value; the digits themselves are strict.
template <class T>
bool decode_uint(std::string_view text, T& out) noexcept {
  const auto v = igdkit::text::parse_decimal<T>(igdkit::text::trim(text));
  if (!v) return false;
  out = *v;
  return true;
}

}  // namespace

bool decode_value(std::string_view text, std::uint16_t& out) noexcept { return decode_uint(text, out); }
bool decode_value(std::string_view text, std::uint32_t& out) noexcept { return decode_uint(text, out); }
bool decode_value(std::string_view text, std::uint64_t& out) noexcept { return decode_uint(text, out); }

bool decode_value(std::string_view text, bool& out) noexcept {
  text = igdkit::text::trim(text);
  if (text == "1" || igdkit::text::iequals(text, "true") || igdkit::text::iequals(text, "yes")) {
    out = true;
    return true;
  }
  if (text == "0" || igdkit::text::iequals(text, "false") || igdkit::text::iequals(text, "no")) {
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
  text = igdkit::text::trim(text);
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
