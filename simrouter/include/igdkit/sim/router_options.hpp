#pragma once
// Everything needed to bring up an embeddable simulated router. Defaults are loopback-safe:
// 127.0.0.1, ephemeral ports, no multicast.
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/gena/publisher.hpp"
#include "igdkit/http_server.hpp"
#include "igdkit/sim/http_handler.hpp"
#include "igdkit/sim/router_config.hpp"
#include "igdkit/sim/ssdp_setup.hpp"
#include "igdkit/ssdp/responder.hpp"

#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <functional>
#include <optional>

namespace igdkit::sim {

// Observer for --verbose style logging; called after each request was answered.
using request_observer =
    std::function<void(const boost::asio::ip::address& peer, const http_request&, const http_response&)>;

struct router_options {
  boost::asio::ip::address lan = boost::asio::ip::make_address("127.0.0.1");
  std::uint16_t ssdp_port = 0;  // 0 = ephemeral
  std::uint16_t http_port = 0;  // 0 = ephemeral
  // Set: also serve SSDP and HTTP on this IPv6 address (a ULA or GUA of the LAN interface;
  // LOCATION names it, see ssdp_setup.hpp). With `multicast`, answers ff02::c and ff05::c on
  // the interface holding it.
  std::optional<boost::asio::ip::address_v6> lan6;
  // Join 239.255.255.250 (and the IPv6 groups for lan6) and send NOTIFY/byebye. Ignored for a
  // loopback address (network safety).
  bool multicast = false;
  std::uint32_t boot_id = 1;

  // Semantics: IGD version, secure mode, external IP, limits, quirks. config.version also
  // picks the device tree; layout.version is overwritten with it.
  router_config config;
  // When set, config.lan and config.permissions follow `lan` (its /24, or 127.0.0.0/8 on
  // loopback), so requests from the LAN address itself are permitted by the default rules.
  bool lan_from_address = true;

  layout_params layout;  // UUIDs, identity, optional Layer3Forwarding, configId
  http_handler_options http;
  gena::publisher_options events;  // subscription limits, timeouts, moderation (gena/publisher.hpp)
  http_server_options server;  // limits/timeouts; `listen` is overwritten from lan/http_port
  ssdp::answer_budget_limits ssdp_budget;  // M-SEARCH answers per source (rate, queued)

  // Time source for leases (tests may inject a fake clock).
  std::function<clock::time_point()> now = [] { return clock::now(); };
  request_observer on_request;
  ssdp::answer_hook ssdp_hook;  // fault injection on M-SEARCH answers (the lab's SSDP faults)
  ssdp::datagram_observer ssdp_observer;  // every datagram from the LAN, before it is judged (--strict)
  ssdp_quirks discovery_quirks;  // firmware deviations in answering M-SEARCH (profiles)
  // reboot() also forgets the mapping table (profile reboot-forgets); otherwise a reboot keeps
  // it, like firmware that stores its leases.
  bool reboot_forgets = false;
};

}  // namespace igdkit::sim
