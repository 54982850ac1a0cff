#include <boost/test/unit_test.hpp>

#include "core_rig.hpp"

using namespace simtest;
using igdkit::sim::igd_version;
using igdkit::sim::router_config;

namespace {
const std::string v6me = "2001:db8::10";
const std::string v6other = "2001:db8::20";

igdkit::soap::argument_list pinhole_args(const std::string& client, int iport, int proto, int lease,
                                         const std::string& remote = "") {
  return {{"RemoteHost", remote},          {"RemotePort", "0"},
          {"InternalClient", client},      {"InternalPort", std::to_string(iport)},
          {"Protocol", std::to_string(proto)}, {"LeaseTime", std::to_string(lease)}};
}
}  // namespace

BOOST_AUTO_TEST_CASE(connection_info_actions) {
  for (int v : {1, 2}) {
    BOOST_TEST_CONTEXT("v" << v) {
      router_config cfg;
      cfg.version = static_cast<igd_version>(v);
      rig r(cfg);
      auto st = r.call("GetStatusInfo", {}, me, 90s);
      BOOST_TEST(out(st, "NewConnectionStatus") == "Connected");
      BOOST_TEST(out(st, "NewLastConnectionError") == "ERROR_NONE");
      BOOST_TEST(out(st, "NewUptime") == "90");
      BOOST_TEST(out(r.call("GetExternalIPAddress", {}), "NewExternalIPAddress") == "203.0.113.7");
      auto nat = r.call("GetNATRSIPStatus", {});
      BOOST_TEST(out(nat, "NewRSIPAvailable") == "0");
      BOOST_TEST(out(nat, "NewNATEnabled") == "1");
      BOOST_TEST(out(r.call("GetConnectionTypeInfo", {}), "NewConnectionType") == "IP_Routed");
      BOOST_TEST(code(r.call("SetConnectionType", {{"NewConnectionType", "IP_Routed"}})) == (v == 2 ? 731 : 703));
      BOOST_TEST(code(r.call("RequestConnection", {})) == (v == 2 ? 606 : 0));
      BOOST_TEST(code(r.call("ForceTermination", {})) == (v == 2 ? 606 : 0));
      // The same actions answer on WANPPPConnection (always v1 semantics).
      BOOST_TEST(code(r.call("GetStatusInfo", {}, me, 0s, service_id::wan_ppp_connection)) == 0);
      BOOST_TEST(code(r.call("GetLinkLayerMaxBitRates", {}, me, 0s, service_id::wan_ppp_connection)) == 0);
      BOOST_TEST(code(r.call("GetLinkLayerMaxBitRates", {})) == 401);
    }
  }
}

BOOST_AUTO_TEST_CASE(v1_connection_state_changes) {
  auto r = rig::v1();
  BOOST_TEST(code(r.call("ForceTermination", {})) == 0);
  BOOST_TEST(code(r.call("ForceTermination", {})) == 711);
  BOOST_TEST(out(r.call("GetStatusInfo", {}), "NewConnectionStatus") == "Disconnected");
  BOOST_TEST(out(r.call("GetStatusInfo", {}), "NewUptime") == "0");
  BOOST_TEST(out(r.call("GetExternalIPAddress", {}), "NewExternalIPAddress") == "");
  BOOST_TEST(code(r.call("SetConnectionType", {{"NewConnectionType", "Bogus"}})) == 600);
  BOOST_TEST(code(r.call("SetConnectionType", {{"NewConnectionType", "IP_Routed"}})) == 0);
  BOOST_TEST(code(r.call("RequestConnection", {}, me, 50s)) == 0);
  BOOST_TEST(out(r.call("GetStatusInfo", {}, me, 60s), "NewUptime") == "10");
  BOOST_TEST(code(r.call("SetIdleDisconnectTime", {{"NewIdleDisconnectTime", "300"}})) == 0);
  BOOST_TEST(out(r.call("GetIdleDisconnectTime", {}), "NewIdleDisconnectTime") == "300");
  BOOST_TEST(code(r.call("SetWarnDisconnectDelay", {{"NewWarnDisconnectDelay", "x"}})) == 402);

  router_config cfg;
  cfg.external_ip.reset();
  cfg.quirks.external_ip_zeros_when_unknown = true;
  cfg.quirks.connected_status = "Up";
  rig q(cfg);
  BOOST_TEST(out(q.call("GetExternalIPAddress", {}), "NewExternalIPAddress") == "0.0.0.0");
  BOOST_TEST(out(q.call("GetStatusInfo", {}), "NewConnectionStatus") == "Up");
}

BOOST_AUTO_TEST_CASE(common_interface_counters_exceed_ui4) {
  const auto svc = service_id::wan_common_interface_config;
  for (bool full : {false, true}) {
    router_config cfg;
    cfg.quirks.full_width_counters = full;
    rig r(cfg);
    r.handler.model().counters.add_sent((1ull << 32) + 5, (1ull << 32) + 6);
    r.handler.model().counters.add_received((1ull << 33) + 7, 8);
    BOOST_TEST(out(r.call("GetTotalBytesSent", {}, me, 0s, svc), "NewTotalBytesSent") == (full ? "4294967301" : "5"));
    BOOST_TEST(out(r.call("GetTotalPacketsSent", {}, me, 0s, svc), "NewTotalPacketsSent") == (full ? "4294967302" : "6"));
    BOOST_TEST(out(r.call("GetTotalBytesReceived", {}, me, 0s, svc), "NewTotalBytesReceived") == (full ? "8589934599" : "7"));
    BOOST_TEST(out(r.call("GetTotalPacketsReceived", {}, me, 0s, svc), "NewTotalPacketsReceived") == "8");
  }
  auto r = rig::v2();
  auto link = r.call("GetCommonLinkProperties", {}, me, 0s, svc);
  BOOST_TEST(out(link, "NewWANAccessType") == "Ethernet");
  BOOST_TEST(out(link, "NewPhysicalLinkStatus") == "Up");
  BOOST_TEST(out(link, "NewLayer1UpstreamMaxBitRate") == "100000000");
  BOOST_TEST(code(r.call("AddPortMapping", {}, me, 0s, svc)) == 401);  // not on this service
}

BOOST_AUTO_TEST_CASE(pinholes) {
  const auto fw = service_id::wan_ipv6_firewall_control;
  auto r = rig::v2();
  auto st = r.call("GetFirewallStatus", {}, v6me, 0s, fw);
  BOOST_TEST(out(st, "FirewallEnabled") == "1");
  BOOST_TEST(out(st, "InboundPinholeAllowed") == "1");
  auto a = r.call("AddPinhole", pinhole_args(v6me, 8080, 6, 100), v6me, 0s, fw);
  BOOST_REQUIRE(code(a) == 0);
  const auto id = out(a, "UniqueID");
  auto again = r.call("AddPinhole", pinhole_args(v6me, 8080, 6, 500), v6me, 50s, fw);
  BOOST_TEST(out(again, "UniqueID") == id);  // same 5-tuple: extended, same id
  auto b = r.call("AddPinhole", pinhole_args(v6me, 8080, 17, 100), v6me, 0s, fw);
  BOOST_TEST(out(b, "UniqueID") != id);
  BOOST_TEST(code(r.call("GetPinholePackets", {{"UniqueID", id}}, v6me, 400s, fw)) == 0);  // alive thanks to the extension
  BOOST_TEST(out(r.call("GetPinholePackets", {{"UniqueID", id}}, v6me, 400s, fw), "PinholePackets") == "0");
  BOOST_TEST(code(r.call("CheckPinholeWorking", {{"UniqueID", id}}, v6me, 400s, fw)) == 709);
  r.handler.model().pinholes.record_packets(static_cast<std::uint16_t>(std::stoi(id)), 3, t0 + 400s);
  BOOST_TEST(out(r.call("CheckPinholeWorking", {{"UniqueID", id}}, v6me, 400s, fw), "IsWorking") == "1");
  BOOST_TEST(code(r.call("UpdatePinhole", {{"UniqueID", id}, {"NewLeaseTime", "1000"}}, v6me, 400s, fw)) == 0);
  BOOST_TEST(code(r.call("UpdatePinhole", {{"UniqueID", id}, {"NewLeaseTime", "1000"}}, v6other, 400s, fw)) == 606);
  BOOST_TEST(code(r.call("UpdatePinhole", {{"UniqueID", id}, {"NewLeaseTime", "0"}}, v6me, 400s, fw)) == 402);
  BOOST_TEST(code(r.call("DeletePinhole", {{"UniqueID", id}}, v6me, 1399s, fw)) == 0);
  BOOST_TEST(code(r.call("DeletePinhole", {{"UniqueID", id}}, v6me, 1399s, fw)) == 704);
  BOOST_TEST(code(r.call("GetPinholePackets", {{"UniqueID", "999"}}, v6me, 0s, fw)) == 704);
  BOOST_TEST(code(r.call("GetPinholePackets", {{"UniqueID", out(b, "UniqueID")}}, v6me, 100s, fw)) == 704);  // expired

  struct row { std::string client; int iport; int proto; int lease; std::string remote; int expected; };
  const row rows[] = {
      {v6me, 80, 6, 0, "", 402},        {v6me, 80, 6, 86401, "", 402},   {v6me, 80, 6, 86400, "", 0},
      {"", 80, 6, 10, "", 708},         {v6me, 0, 6, 10, "", 706},       {v6me, 80, 65535, 10, "", 707},
      {v6me, 80, 1, 10, "", 705},       {v6other, 80, 6, 10, "", 606},   {"192.168.1.10", 80, 6, 10, "", 402},
      {v6me, 80, 136, 10, "2001:db8::99", 0}, {v6me, 80, 6, 10, "bogus", 402},
  };
  for (const auto& x : rows) {
    BOOST_TEST_CONTEXT(x.client << " " << x.iport << " " << x.proto << " " << x.lease << " " << x.remote) {
      auto fresh = rig::v2();
      BOOST_TEST(code(fresh.call("AddPinhole", pinhole_args(x.client, x.iport, x.proto, x.lease, x.remote), v6me, 0s, fw)) == x.expected);
    }
  }
  router_config off;
  off.firewall_enabled = false;
  rig disabled(off);
  BOOST_TEST(code(disabled.call("AddPinhole", pinhole_args(v6me, 80, 6, 10), v6me, 0s, fw)) == 702);
  BOOST_TEST(code(disabled.call("GetFirewallStatus", {}, v6me, 0s, fw)) == 0);
  router_config closed;
  closed.inbound_pinhole_allowed = false;
  rig no_inbound(closed);
  BOOST_TEST(code(no_inbound.call("AddPinhole", pinhole_args(v6me, 80, 6, 10), v6me, 0s, fw)) == 703);
}

BOOST_AUTO_TEST_CASE(layer3_forwarding) {
  const auto l3 = service_id::layer3_forwarding;
  auto r = rig::v2();
  const std::string good = "uuid:1234:WANConnectionDevice:1,urn:upnp-org:serviceId:WANPPPConn1";
  BOOST_TEST(code(r.call("SetDefaultConnectionService", {{"NewDefaultConnectionService", good}}, me, 0s, l3)) == 0);
  BOOST_TEST(out(r.call("GetDefaultConnectionService", {}, me, 0s, l3), "NewDefaultConnectionService") == good);
  BOOST_TEST(code(r.call("SetDefaultConnectionService", {{"NewDefaultConnectionService", "x,urn:upnp-org:serviceId:WANIPConn1"}}, me, 0s, l3)) == 720);
  BOOST_TEST(code(r.call("SetDefaultConnectionService", {{"NewDefaultConnectionService", "uuid:1:WANConnectionDevice:1,urn:x"}}, me, 0s, l3)) == 721);
  BOOST_TEST(code(r.call("SetDefaultConnectionService", {}, me, 0s, l3)) == 402);
}
