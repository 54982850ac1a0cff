#pragma once
// Configures the ssdp::responder from the device layout, so SSDP advertises exactly the tree
// the description serves. Multicast (group join + NOTIFY) is off unless asked for, and even
// then refused on a loopback LAN address: tests never touch real interfaces.
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/ssdp/responder.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/url.hpp>

#include <cstdint>

namespace igdkit::sim {

struct ssdp_setup {
  boost::asio::ip::address lan;  // where M-SEARCH is answered (unicast) and HTTP is served
  std::uint16_t ssdp_port = 0;   // 0 = ephemeral (tests); 1900 for real use
  std::uint16_t http_port = 0;   // the port LOCATION names (the bound one, not 0)
  bool multicast = false;
  std::uint32_t boot_id = 1;
  std::string server;
};

// http://<lan>:<http_port>/rootDesc.xml (IPv6 hosts bracketed).
boost::urls::url description_location(const boost::asio::ip::address& lan, std::uint16_t http_port);

// Options for the responder; multicast is set only for a non-loopback IPv4 LAN address.
ssdp::responder_options make_responder_options(const root_layout& layout, const ssdp_setup& setup);

}  // namespace igdkit::sim
