#pragma once
// Value types of the igd::client facade: what discovery finds, what a mapping request asks,
// and the router's own words when it says no. Plain data, no I/O.
#include "igdkit/igd/actions.hpp"
#include "igdkit/igd/description.hpp"
#include "igdkit/igd/description_wan.hpp"
#include "igdkit/igd/selection.hpp"
#include "igdkit/igd/url_policy.hpp"
#include "igdkit/igd/workarounds.hpp"
#include "igdkit/protocol.hpp"
#include "igdkit/result.hpp"
#include "igdkit/soap/http_client.hpp"
#include "igdkit/ssdp/searcher.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace igdkit::igd {

// An answer that was accepted although an output was misspelt, absent or garbled (field.hpp
// decode_issue): the call succeeded, the named field is what the note says.
struct response_note {
  std::string action;    // "GetStatusInfo"
  std::string argument;  // the table's wire name, "NewUptime"
  decode_issue issue = decode_issue::missing;
  std::string received;  // the router's spelling (name_case) or rejected text (malformed)
  friend bool operator==(const response_note&, const response_note&) = default;
};

// The router's own errorDescription beside the upnp_errc code (Boost.MySQL-style diagnostics):
// a std::error_code can carry only the number.
struct diagnostics {
  int upnp_code = 0;         // 0 when the failure was not a router fault
  std::string description;   // errorDescription as the router sent it; or, when a required
                             // output was missing or malformed, the argument's wire name
  std::vector<response_note> notes;  // every tolerated answer of the operation, in call order
  // The fault of the latest exchange only; notes collect over one facade operation.
  void clear_fault() {
    upnp_code = 0;
    description.clear();
    notes.clear();
  }
  void clear() {
    clear_fault();
    notes.clear();
  }
};

struct discover_options {
  ssdp::search_options search;
  soap::http_options http{std::chrono::milliseconds(2000)};
  url_policy policy = url_policy::same_host;
  // Stop at the first connected IGD with a routable external address instead of waiting out
  // the search window (the common case: one router on the LAN).
  bool stop_at_connected_public = true;
};

// The IGD the client talks to: its description, the chosen WAN connection service and what the
// probes said about it.
struct gateway {
  boost::urls::url location;
  description desc;
  wan_connection connection;
  service_version version;                // WANIPConnection:2 / :1 or WANPPPConnection:1
  get_status_info_response status;        // empty status when the probe failed
  std::optional<boost::asio::ip::address> external_ip;
  igd_status rank = igd_status::not_igd;
  // From the SSDP answer that led here; empty after open(url).
  std::string st, usn, server;
};

// What AddPortMapping / AddAnyPortMapping should create, in typed form.
struct mapping_request {
  std::uint16_t external_port = 0;
  std::uint16_t internal_port = 0;
  protocol proto = protocol::tcp;
  // Unset: this host's address on the route to the IGD (local_address_towards()).
  std::optional<boost::asio::ip::address> internal_client;
  std::optional<boost::asio::ip::address> remote_host;  // unset: any remote host
  std::chrono::seconds lease{3600};
  std::string description = "igdkit";
  bool enabled = true;
  workaround_permissions workarounds;
};

struct mapping_result {
  std::uint16_t external_port = 0;          // granted (may differ after a workaround / AddAny)
  std::uint16_t internal_port = 0;
  boost::asio::ip::address internal_client;
  std::chrono::seconds lease{0};            // what was finally requested
  unsigned attempts = 0;
  std::vector<workaround> applied;          // in the order they were used
};

// Which mapping: the router's key for GetSpecificPortMappingEntry and DeletePortMapping.
struct mapping_key {
  std::uint16_t external_port = 0;
  protocol proto = protocol::tcp;
  std::optional<boost::asio::ip::address_v4> remote_host = std::nullopt;  // unset: the any-host mapping
};

// One mapping as the router reports it (GetSpecificPortMappingEntry, listings), typed: the
// wire's text forms are checked once here, so callers never parse them.
struct mapping_entry {
  std::uint16_t external_port = 0;
  protocol proto = protocol::tcp;
  std::optional<boost::asio::ip::address_v4> remote_host;  // unset: any remote host
  std::uint16_t internal_port = 0;
  boost::asio::ip::address_v4 internal_client;
  bool enabled = true;
  std::string description;
  std::chrono::seconds lease{0};  // remaining; 0 = permanent
  friend bool operator==(const mapping_entry&, const mapping_entry&) = default;
};

// Wire entry -> typed entry. errc::invalid_argument_value, with *why naming the field (issue
// not_typed, the text received), when the protocol is not TCP/UDP (any case), the internal client
// is not an IPv4 address, or the remote host is neither a wildcard ("" or "*") nor IPv4.
result<mapping_entry> to_mapping_entry(const port_mapping_entry& wire, decode_note* why = nullptr);
result<mapping_entry> to_mapping_entry(const mapping_key& key, const specific_port_mapping_entry& wire,
                                       decode_note* why = nullptr);

// One line for people: "GetStatusInfo: NewUptime missing", "…: NewInternalClient 'cam.lan' has no typed form".
std::string describe(const response_note& note);
port_mapping_key wire_key(const mapping_key& key);

struct list_options {
  std::size_t max_entries = 1024;  // cap for the v1 generic walk and the v2 listing
};

}  // namespace igdkit::igd
