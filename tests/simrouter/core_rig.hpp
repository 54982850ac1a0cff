#pragma once
// A simulated router driven directly through its pure handler, for the core tests.
#include "igdkit/sim/igd_handler.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <string>
#include <utility>

namespace simtest {

using namespace std::chrono_literals;
using igdkit::sim::clock;
using igdkit::sim::service_id;

inline const clock::time_point t0 = clock::time_point{} + 1000h;
inline const std::string me = "192.168.1.10";
inline const std::string other = "192.168.1.20";

inline std::string urn(service_id s, int v) {
  switch (s) {
    case service_id::wan_ip_connection: return "urn:schemas-upnp-org:service:WANIPConnection:" + std::to_string(v);
    case service_id::wan_ppp_connection: return "urn:schemas-upnp-org:service:WANPPPConnection:1";
    case service_id::wan_common_interface_config: return "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1";
    case service_id::wan_ipv6_firewall_control: return "urn:schemas-upnp-org:service:WANIPv6FirewallControl:1";
    case service_id::layer3_forwarding: return "urn:schemas-upnp-org:service:Layer3Forwarding:1";
  }
  return {};
}

struct rig {
  explicit rig(igdkit::sim::router_config cfg = {}) : version(static_cast<int>(cfg.version)), handler(std::move(cfg), t0) {}
  static rig v1() { igdkit::sim::router_config c; c.version = igdkit::sim::igd_version::v1; return rig(c); }
  static rig v2() { return rig(); }

  igdkit::soap::action_response call(const std::string& action, igdkit::soap::argument_list args,
                                     const std::string& client = me, clock::duration at = 0s,
                                     service_id s = service_id::wan_ip_connection) {
    igdkit::soap::action_request req{urn(s, version), action, std::move(args)};
    igdkit::sim::request_context ctx{boost::asio::ip::make_address(client), t0 + at, s};
    return handler.handle(req, ctx);
  }

  igdkit::soap::action_response add(int eport, const std::string& proto = "TCP", const std::string& client = me,
                                    int lease = 0, int iport = -1, const std::string& remote = "",
                                    clock::duration at = 0s, const std::string& action = "AddPortMapping",
                                    const std::string& requester = "") {
    return call(action,
                {{"NewRemoteHost", remote}, {"NewExternalPort", std::to_string(eport)}, {"NewProtocol", proto},
                 {"NewInternalPort", std::to_string(iport < 0 ? eport : iport)}, {"NewInternalClient", client},
                 {"NewEnabled", "1"}, {"NewPortMappingDescription", "test"}, {"NewLeaseDuration", std::to_string(lease)}},
                requester.empty() ? client : requester, at);
  }

  igdkit::soap::action_response get(int eport, const std::string& proto = "TCP", clock::duration at = 0s,
                                    const std::string& remote = "") {
    return call("GetSpecificPortMappingEntry",
                {{"NewRemoteHost", remote}, {"NewExternalPort", std::to_string(eport)}, {"NewProtocol", proto}}, me, at);
  }

  igdkit::soap::action_response del(int eport, const std::string& proto = "TCP", const std::string& requester = me,
                                    clock::duration at = 0s) {
    return call("DeletePortMapping",
                {{"NewRemoteHost", ""}, {"NewExternalPort", std::to_string(eport)}, {"NewProtocol", proto}}, requester, at);
  }

  int version;
  igdkit::sim::igd_handler handler;
};

// 0 for success, else the UPnP error code.
inline int code(const igdkit::soap::action_response& r) { return r.fault ? r.fault->code : 0; }

inline std::string out(const igdkit::soap::action_response& r, std::string_view name) {
  auto v = igdkit::soap::find_argument(r.arguments, name);
  return v ? std::string(*v) : std::string("<missing>");
}

}  // namespace simtest
