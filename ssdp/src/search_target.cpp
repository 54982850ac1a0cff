#include "igdkit/ssdp/search_target.hpp"

#include "igdkit/ssdp/error.hpp"
#include "igdkit/text.hpp"

#include <vector>

namespace igdkit::ssdp {
namespace {

constexpr unsigned max_version = 1000;  // real versions are 1..2; anything huge is garbage

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto p = s.find(sep);
    out.push_back(s.substr(0, p));
    if (p == std::string_view::npos) return out;
    s.remove_prefix(p + 1);
  }
}

bool printable(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string search_target::to_string() const {
  switch (kind) {
    case target_kind::all: return "ssdp:all";
    case target_kind::root_device: return "upnp:rootdevice";
    case target_kind::uuid: return "uuid:" + value;
    case target_kind::device_type: return "urn:" + domain + ":device:" + value + ":" + std::to_string(version);
    case target_kind::service_type: return "urn:" + domain + ":service:" + value + ":" + std::to_string(version);
    case target_kind::other: return value;
  }
  return value;
}

result<search_target> parse_search_target(std::string_view text) {
  if (text.empty() || !printable(text)) return make_error_code(errc::invalid_st);
  if (text == "ssdp:all") return search_target::all();
  if (text == "upnp:rootdevice") return search_target::root_device();
  if (text.starts_with("uuid:")) {
    text.remove_prefix(5);
    if (text.empty()) return make_error_code(errc::invalid_st);
    return search_target::uuid(std::string(text));
  }
  if (text.starts_with("urn:")) {
    const auto parts = split(text, ':');
    if (parts.size() >= 3 && (parts[2] == "device" || parts[2] == "service")) {
      if (parts.size() != 5 || parts[1].empty() || parts[3].empty()) return make_error_code(errc::invalid_st);
      const auto parsed = igdkit::text::parse_decimal<unsigned>(parts[4], max_version);
      if (!parsed || *parsed == 0) return make_error_code(errc::invalid_st);
      const unsigned v = *parsed;
      search_target t{parts[2] == "device" ? target_kind::device_type : target_kind::service_type,
                      std::string(parts[3]), std::string(parts[1]), v};
      return t;
    }
  }
  return search_target{target_kind::other, std::string(text), {}, 0};
}

}  // namespace igdkit::ssdp
