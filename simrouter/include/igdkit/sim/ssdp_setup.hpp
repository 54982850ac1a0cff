#pragma once
// Configures the ssdp::responder from the device layout, so SSDP advertises exactly the tree
// the description serves. Multicast (group join + NOTIFY) is off unless asked for, and even
// then refused on a loopback LAN address: tests never touch real interfaces.
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/ssdp/responder.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/url.hpp>

#include <cstdint>
#include <optional>

namespace igdkit::sim {

// How real firmware deviates from UDA 1.1 when answering searches. Defaults are the spec.
struct ssdp_quirks {
  bool answer_unicast = true;  // false: unicast M-SEARCH is ignored (firmware that only reads the group)
  ssdp::st_matching matching = ssdp::st_matching::uda;  // exact: only STs equal to an advertised NT
  // Advertise and answer every device/service type at most at this version, whatever the
  // description says (IGD:1 in SSDP, IGD:2 in the description).
  std::optional<unsigned> max_type_version;
  // Also answer WANPPPConnection:1 on the device holding WANIPConnection, which the description
  // does not list (miniupnpd's ADVERTISE_WANPPPCONN, "for buggy control points").
  bool advertise_wanppp = false;
};

struct ssdp_setup {
  boost::asio::ip::address lan;  // where M-SEARCH is answered (unicast) and HTTP is served
  std::uint16_t ssdp_port = 0;   // 0 = ephemeral (tests); 1900 for real use
  std::uint16_t http_port = 0;   // the port LOCATION names (the bound one, not 0)
  bool multicast = false;
  // IPv6 multicast joins ff02::c and ff05::c on this interface (the one holding `lan`).
  unsigned lan_interface = 0;
  std::uint32_t boot_id = 1;
  std::string server;
  ssdp_quirks quirks;
};

// http://<lan>:<http_port>/rootDesc.xml (IPv6 hosts bracketed).
boost::urls::url description_location(const boost::asio::ip::address& lan, std::uint16_t http_port);

// The device set SSDP advertises and answers for: the layout's tree after the quirks'
// deviations (max_type_version, advertise_wanppp).
ssdp::device_set advertised_set(const root_layout& layout, const ssdp_quirks& quirks);

// Options for the responder; multicast is set only for a non-loopback LAN address (IPv6: and
// a known lan_interface). An IPv6 LAN answers ff02::c and ff05::c with the same LOCATION, its
// ULA/GUA: UDA 2.0 Annex A would put a link-local literal in ff02::c answers, but such a URL
// is only usable with a zone that the receiver alone knows (RFC 6874). NOTIFY goes to ff02::c.
// setup.quirks shape the advertised set and the responder's answering rules.
ssdp::responder_options make_responder_options(const root_layout& layout, const ssdp_setup& setup);

}  // namespace igdkit::sim
