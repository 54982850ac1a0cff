#include "igdkit/ssdp/error.hpp"

#include <iterator>
#include <string>

namespace igdkit::ssdp {
namespace {

struct entry {
  std::string_view name;
  std::string_view message;
};

// Indexed by enumerator value; keep in declaration order.
constexpr entry entries[] = {
    {"unknown", "unknown SSDP error"},
    {"datagram_too_large", "datagram exceeds the SSDP size cap"},
    {"empty_datagram", "empty datagram"},
    {"binary_garbage", "datagram contains binary data, not SSDP text"},
    {"not_http", "datagram is not an HTTP-over-UDP message"},
    {"bad_start_line", "start line is not M-SEARCH, NOTIFY or an HTTP response"},
    {"unexpected_status", "search response status is not 200"},
    {"truncated", "datagram ends in the middle of the header block"},
    {"malformed_headers", "header block is malformed"},
    {"missing_location", "LOCATION header is missing"},
    {"unsupported_location_scheme", "LOCATION is not an http or https URL"},
    {"invalid_location", "LOCATION is not a valid absolute URL with a host"},
    {"missing_st", "ST header is missing"},
    {"invalid_st", "ST/NT value is malformed"},
    {"missing_usn", "USN header is missing"},
    {"missing_nt", "NT header is missing"},
    {"missing_nts", "NTS header is missing"},
    {"unknown_nts", "NTS is not ssdp:alive, ssdp:byebye or ssdp:update"},
    {"missing_man", "MAN header is missing"},
    {"bad_man", "MAN is not exactly \"ssdp:discover\""},
    {"missing_mx", "multicast M-SEARCH without MX"},
    {"invalid_mx", "MX is not a non-negative integer"},
    {"missing_max_age", "CACHE-CONTROL max-age is missing"},
    {"invalid_max_age", "CACHE-CONTROL max-age is not a valid number of seconds"},
    {"invalid_boot_id", "BOOTID.UPNP.ORG is not a 31-bit non-negative integer"},
    {"invalid_config_id", "CONFIGID.UPNP.ORG is not in 0..16777215"},
    {"invalid_search_port", "SEARCHPORT.UPNP.ORG is not a port number"},
    {"invalid_header_value", "header value contains control characters"},
    {"source_not_allowed", "source address is outside the allowed LAN prefixes"},
    {"no_response", "no device answered before the deadline"},
    {"search_finished", "search deadline reached; no further answers"},
};

class category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.ssdp"; }
  std::string message(int ev) const override {
    const bool known = ev > 0 && static_cast<std::size_t>(ev) < std::size(entries);
    return std::string(entries[known ? static_cast<std::size_t>(ev) : 0].message);
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const category_impl instance;
  return instance;
}

std::string_view to_string(errc e) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < std::size(entries) ? entries[i].name : entries[0].name;
}

}  // namespace igdkit::ssdp
