#pragma once
// The NewPortListing XML fragment of GetListOfPortMappings (digest §4.5), built with pugixml and
// parsed by local name (prefixes are arbitrary; miniupnpd uses "p:").
#include "igdkit/igd/actions/field.hpp"
#include "igdkit/igd/actions/values.hpp"
#include "igdkit/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace igdkit::igd {

inline constexpr std::string_view port_listing_namespace = "urn:schemas-upnp-org:gw:WANIPConnection";
// miniupnpd answers at most 1000 entries; leave headroom without letting a peer exhaust memory.
inline constexpr std::size_t max_port_listing_bytes = std::size_t{1024} * 1024;
inline constexpr std::size_t max_port_listing_entries = 4096;

struct port_mapping_entry {
  host_address remote_host;
  std::uint16_t external_port = 0;
  wire_protocol protocol;
  std::uint16_t internal_port = 0;
  host_address internal_client;
  bool enabled = true;
  std::string description;
  std::chrono::seconds lease{0};

  using S = port_mapping_entry;
  // The listing spells them NewDescription / NewLeaseTime; the action spellings are accepted too.
  static constexpr auto fields() {
    // As for GetGenericPortMappingEntry: port, protocol and target make an entry.
    return std::tuple{field{"NewRemoteHost", &S::remote_host, presence::optional},
                      field{"NewExternalPort", &S::external_port},
                      field{"NewProtocol", &S::protocol},
                      field{"NewInternalPort", &S::internal_port},
                      field{"NewInternalClient", &S::internal_client},
                      field{"NewEnabled", &S::enabled, presence::optional},
                      field{"NewDescription", &S::description, presence::optional, "NewPortMappingDescription"},
                      field{"NewLeaseTime", &S::lease, presence::optional, "NewLeaseDuration"}};
  }
  friend bool operator==(const S&, const S&) = default;
};

// <p:PortMappingList xmlns:p="urn:schemas-upnp-org:gw:WANIPConnection" ...> with one
// <p:PortMappingEntry> per entry. Fails (errc::invalid_argument_value, diag names the field) only
// for values the wire cannot carry; errc::xml_too_large above max_port_listing_entries.
result<std::string> build_port_listing(const std::vector<port_mapping_entry>& entries,
                                       argument_diagnostic* diag = nullptr);

// Empty or whitespace-only text is an empty list (miniupnpd answers an empty range that way).
// A whole-fragment CDATA wrapper left by a lenient SOAP reader is tolerated.
// Errors: errc::xml_too_large (bytes or entries over the caps), errc::xml_malformed (not XML, or
// the root is not PortMappingList), errc::missing_argument / invalid_argument_value (diag names it).
result<std::vector<port_mapping_entry>> parse_port_listing(std::string_view xml, argument_diagnostic* diag = nullptr);

}  // namespace igdkit::igd
