// Names of the vocabulary in check.hpp, and evidence trimming.
#include "igdkit/conformance/check.hpp"

#include <algorithm>

namespace igdkit::conformance {

std::string_view to_string(group g) noexcept {
  switch (g) {
    case group::ssdp: return "ssdp";
    case group::description: return "description";
    case group::soap: return "soap";
    case group::wanip: return "wanip";
    case group::wancommon: return "wancommon";
    case group::firewall: return "firewall";
    case group::gena: return "gena";
    case group::security: return "security";
  }
  return "?";
}

std::string_view to_string(severity s) noexcept {
  switch (s) {
    case severity::must: return "must";
    case severity::should: return "should";
    case severity::quirk: return "quirk";
  }
  return "?";
}

std::string_view to_string(verdict v) noexcept {
  switch (v) {
    case verdict::pass: return "pass";
    case verdict::fail: return "fail";
    case verdict::skip: return "skip";
  }
  return "?";
}

bool parse_group(std::string_view name, group& out) noexcept {
  for (auto g : all_groups) {
    if (to_string(g) == name) {
      out = g;
      return true;
    }
  }
  return false;
}

std::string trim_evidence(std::string_view text, std::size_t limit) {
  // Bytes that are not printable ASCII become \xNN, so JSON and JUnit XML stay valid whatever
  // the device sent.
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  const auto kept = std::min(text.size(), limit);
  for (std::size_t i = 0; i < kept; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
  }
  if (kept < text.size()) out += "\n[... " + std::to_string(text.size() - kept) + " more bytes]";
  return out;
}

}  // namespace igdkit::conformance
