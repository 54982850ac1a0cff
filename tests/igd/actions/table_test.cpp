// Every action's request and response survive encode -> decode through the shared tables, and
// the tables produce the wire names and order the spec prescribes.
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/actions.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

using namespace igdkit::igd;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

namespace {

// A non-default value for every argument struct, so a round trip that drops a field fails.
no_arguments sample(std::type_identity<no_arguments>) { return {}; }
add_port_mapping_request sample(std::type_identity<add_port_mapping_request>) {
  return {host_address(ip::make_address("198.51.100.4")), 8080, igdkit::protocol::udp, 80,
          host_address(ip::make_address("192.168.1.20")), false, "web <&> \"srv\"", 3600s};
}
add_any_port_mapping_response sample(std::type_identity<add_any_port_mapping_response>) { return {49152}; }
port_mapping_key sample(std::type_identity<port_mapping_key>) { return {host_address(), 5000, igdkit::protocol::tcp}; }
specific_port_mapping_entry sample(std::type_identity<specific_port_mapping_entry>) {
  return {22, host_address::from_text("nas.lan"), false, "ssh", 120s};
}
get_generic_port_mapping_entry_request sample(std::type_identity<get_generic_port_mapping_entry_request>) { return {7}; }
delete_port_mapping_range_request sample(std::type_identity<delete_port_mapping_range_request>) {
  return {1000, 2000, igdkit::protocol::udp, true};
}
get_list_of_port_mappings_request sample(std::type_identity<get_list_of_port_mappings_request>) {
  return {1, 65535, igdkit::protocol::tcp, true, 50};
}
get_list_of_port_mappings_response sample(std::type_identity<get_list_of_port_mappings_response>) {
  return {"<p:PortMappingList/>"};
}
get_external_ip_address_response sample(std::type_identity<get_external_ip_address_response>) {
  return {ip::make_address("203.0.113.9")};
}
get_status_info_response sample(std::type_identity<get_status_info_response>) {
  return {"Connected", "ERROR_NONE", 86400s};
}
get_connection_type_info_response sample(std::type_identity<get_connection_type_info_response>) {
  return {"IP_Routed", "IP_Routed,IP_Bridged"};
}
set_connection_type_request sample(std::type_identity<set_connection_type_request>) { return {"IP_Bridged"}; }
get_nat_rsip_status_response sample(std::type_identity<get_nat_rsip_status_response>) { return {true, false}; }
get_common_link_properties_response sample(std::type_identity<get_common_link_properties_response>) {
  return {"Cable", 40000000, 250000000, "Up"};
}
total_bytes_sent_response sample(std::type_identity<total_bytes_sent_response>) { return {1ull << 40}; }
total_bytes_received_response sample(std::type_identity<total_bytes_received_response>) { return {(1ull << 33) + 5}; }
total_packets_sent_response sample(std::type_identity<total_packets_sent_response>) { return {123456789}; }
total_packets_received_response sample(std::type_identity<total_packets_received_response>) { return {5000000000ull}; }
get_firewall_status_response sample(std::type_identity<get_firewall_status_response>) { return {true, true}; }
pinhole_tuple sample(std::type_identity<pinhole_tuple>) {
  return {host_address::from_text("*"), 443, host_address(ip::make_address("2001:db8::5")), 8443,
          pinhole_protocol_udp};
}
outbound_pinhole_timeout_response sample(std::type_identity<outbound_pinhole_timeout_response>) { return {300s}; }
add_pinhole_request sample(std::type_identity<add_pinhole_request>) {
  return {host_address(), 0, host_address(ip::make_address("2001:db8::7")), 22, pinhole_protocol_tcp, 86400s};
}
pinhole_id sample(std::type_identity<pinhole_id>) { return {42}; }
update_pinhole_request sample(std::type_identity<update_pinhole_request>) { return {42, 1800s}; }
pinhole_packets_response sample(std::type_identity<pinhole_packets_response>) { return {991}; }
check_pinhole_working_response sample(std::type_identity<check_pinhole_working_response>) { return {true}; }
template <const char* Wire>
disconnect_timer<Wire> sample(std::type_identity<disconnect_timer<Wire>>) { return {600}; }
get_link_layer_max_bit_rates_response sample(std::type_identity<get_link_layer_max_bit_rates_response>) {
  return {1000000, 16000000};
}
get_enabled_for_internet_response sample(std::type_identity<get_enabled_for_internet_response>) { return {true}; }
get_maximum_active_connections_response sample(std::type_identity<get_maximum_active_connections_response>) {
  return {4};
}
default_connection_service_arguments sample(std::type_identity<default_connection_service_arguments>) {
  return {"uuid:0a1b2c3d-0000-4000-8000-00000000000f:WANConnectionDevice:1,urn:upnp-org:serviceId:WANIPConn1"};
}

// The first service (at the minimum version) on which an action exists.
service_version home_of(action_availability a) {
  for (unsigned s = 0; s < 5; ++s) {
    const service_version sv{static_cast<action_service>(s), a.min_version};
    if (a.supports(sv)) return sv;
  }
  BOOST_FAIL("action available nowhere");
  return {};
}

std::vector<std::string> names_of(const igdkit::soap::argument_list& args) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(a.name);
  return out;
}

using names = std::vector<std::string>;

// Where an action exists, as the digest's tables place it.
enum class defined_on { port_mapping_v1, port_mapping_v2, ppp_only, common_interface, firewall, layer3 };

// The wire names and order of every action's in and out arguments, copied by hand from the
// protocol digest (igd-protocol.md §4.1 WANIPConnection, §5.1 WANCommonInterfaceConfig, §5.2
// WANIPv6FirewallControl, §5.4 Layer3Forwarding; WANPPPConnection shares §4.1's actions and adds
// GetLinkLayerMaxBitRates, §5.3). Written
// out literally so that a field table with two fields swapped, renamed or dropped fails here;
// comparing the encoder against the field table it was built from could never fail.
struct spec_action {
  std::string_view name;
  defined_on where;
  names in;
  names out;
};

const names add_port_mapping_in = {"NewRemoteHost",     "NewExternalPort", "NewProtocol",
                                   "NewInternalPort",   "NewInternalClient", "NewEnabled",
                                   "NewPortMappingDescription", "NewLeaseDuration"};

const std::vector<spec_action>& spec_actions() {
  static const std::vector<spec_action> table = {
      // §4.1 WANIPConnection :1/:2 and WANPPPConnection :1
      {"AddPortMapping", defined_on::port_mapping_v1, add_port_mapping_in, {}},
      {"DeletePortMapping", defined_on::port_mapping_v1, {"NewRemoteHost", "NewExternalPort", "NewProtocol"}, {}},
      {"GetSpecificPortMappingEntry", defined_on::port_mapping_v1,
       {"NewRemoteHost", "NewExternalPort", "NewProtocol"},
       {"NewInternalPort", "NewInternalClient", "NewEnabled", "NewPortMappingDescription", "NewLeaseDuration"}},
      {"GetGenericPortMappingEntry", defined_on::port_mapping_v1, {"NewPortMappingIndex"},
       {"NewRemoteHost", "NewExternalPort", "NewProtocol", "NewInternalPort", "NewInternalClient", "NewEnabled",
        "NewPortMappingDescription", "NewLeaseDuration"}},
      {"GetExternalIPAddress", defined_on::port_mapping_v1, {}, {"NewExternalIPAddress"}},
      {"GetStatusInfo", defined_on::port_mapping_v1, {}, {"NewConnectionStatus", "NewLastConnectionError", "NewUptime"}},
      {"GetConnectionTypeInfo", defined_on::port_mapping_v1, {}, {"NewConnectionType", "NewPossibleConnectionTypes"}},
      {"SetConnectionType", defined_on::port_mapping_v1, {"NewConnectionType"}, {}},
      {"RequestConnection", defined_on::port_mapping_v1, {}, {}},
      {"RequestTermination", defined_on::port_mapping_v1, {}, {}},
      {"ForceTermination", defined_on::port_mapping_v1, {}, {}},
      {"SetAutoDisconnectTime", defined_on::port_mapping_v1, {"NewAutoDisconnectTime"}, {}},
      {"GetAutoDisconnectTime", defined_on::port_mapping_v1, {}, {"NewAutoDisconnectTime"}},
      {"SetIdleDisconnectTime", defined_on::port_mapping_v1, {"NewIdleDisconnectTime"}, {}},
      {"GetIdleDisconnectTime", defined_on::port_mapping_v1, {}, {"NewIdleDisconnectTime"}},
      {"SetWarnDisconnectDelay", defined_on::port_mapping_v1, {"NewWarnDisconnectDelay"}, {}},
      {"GetWarnDisconnectDelay", defined_on::port_mapping_v1, {}, {"NewWarnDisconnectDelay"}},
      // §5.3 WANPPPConnection :1 only
      {"GetLinkLayerMaxBitRates", defined_on::ppp_only, {}, {"NewUpstreamMaxBitRate", "NewDownstreamMaxBitRate"}},
      {"GetNATRSIPStatus", defined_on::port_mapping_v1, {}, {"NewRSIPAvailable", "NewNATEnabled"}},
      // §4.1 WANIPConnection :2 only
      {"AddAnyPortMapping", defined_on::port_mapping_v2, add_port_mapping_in, {"NewReservedPort"}},
      {"DeletePortMappingRange", defined_on::port_mapping_v2, {"NewStartPort", "NewEndPort", "NewProtocol", "NewManage"}, {}},
      {"GetListOfPortMappings", defined_on::port_mapping_v2,
       {"NewStartPort", "NewEndPort", "NewProtocol", "NewManage", "NewNumberOfPorts"},
       {"NewPortListing"}},
      // §5.1 WANCommonInterfaceConfig :1
      {"GetCommonLinkProperties", defined_on::common_interface, {},
       {"NewWANAccessType", "NewLayer1UpstreamMaxBitRate", "NewLayer1DownstreamMaxBitRate", "NewPhysicalLinkStatus"}},
      {"GetTotalBytesSent", defined_on::common_interface, {}, {"NewTotalBytesSent"}},
      {"GetTotalBytesReceived", defined_on::common_interface, {}, {"NewTotalBytesReceived"}},
      {"GetTotalPacketsSent", defined_on::common_interface, {}, {"NewTotalPacketsSent"}},
      {"GetTotalPacketsReceived", defined_on::common_interface, {}, {"NewTotalPacketsReceived"}},
      {"GetEnabledForInternet", defined_on::common_interface, {}, {"NewEnabledForInternet"}},
      {"GetMaximumActiveConnections", defined_on::common_interface, {}, {"NewMaximumActiveConnections"}},
      // §5.4 Layer3Forwarding :1
      {"GetDefaultConnectionService", defined_on::layer3, {}, {"NewDefaultConnectionService"}},
      {"SetDefaultConnectionService", defined_on::layer3, {"NewDefaultConnectionService"}, {}},
      // §5.2 WANIPv6FirewallControl :1
      {"GetFirewallStatus", defined_on::firewall, {}, {"FirewallEnabled", "InboundPinholeAllowed"}},
      {"GetOutboundPinholeTimeout", defined_on::firewall,
       {"RemoteHost", "RemotePort", "InternalClient", "InternalPort", "Protocol"},
       {"OutboundPinholeTimeout"}},
      {"AddPinhole", defined_on::firewall,
       {"RemoteHost", "RemotePort", "InternalClient", "InternalPort", "Protocol", "LeaseTime"},
       {"UniqueID"}},
      {"UpdatePinhole", defined_on::firewall, {"UniqueID", "NewLeaseTime"}, {}},
      {"DeletePinhole", defined_on::firewall, {"UniqueID"}, {}},
      {"GetPinholePackets", defined_on::firewall, {"UniqueID"}, {"PinholePackets"}},
      {"CheckPinholeWorking", defined_on::firewall, {"UniqueID"}, {"IsWorking"}},
  };
  return table;
}

const spec_action* find_spec_action(std::string_view name) {
  for (const auto& a : spec_actions())
    if (a.name == name) return &a;
  return nullptr;
}

// The (service, version) pairs an action must be accepted on, per the digest.
std::vector<service_version> spec_services(defined_on where) {
  using enum action_service;
  switch (where) {
    case defined_on::port_mapping_v1: return {{wan_ip_connection, 1}, {wan_ip_connection, 2}, {wan_ppp_connection, 1}};
    case defined_on::port_mapping_v2: return {{wan_ip_connection, 2}};
    case defined_on::ppp_only: return {{wan_ppp_connection, 1}};
    case defined_on::common_interface: return {{wan_common_interface_config, 1}};
    case defined_on::firewall: return {{wan_ipv6_firewall_control, 1}};
    case defined_on::layer3: return {{layer3_forwarding, 1}};
  }
  return {};
}

const std::vector<service_version> every_service_version = {{action_service::wan_ip_connection, 1},
                                                            {action_service::wan_ip_connection, 2},
                                                            {action_service::wan_ppp_connection, 1},
                                                            {action_service::wan_common_interface_config, 1},
                                                            {action_service::wan_ipv6_firewall_control, 1},
                                                            {action_service::layer3_forwarding, 1}};

}  // namespace

BOOST_AUTO_TEST_CASE(every_action_round_trips_request_and_response) {
  std::size_t count = 0;
  std::apply(
      [&](auto... tags) {
        auto one = [&](auto tag) {
          using A = decltype(tag);
          using Req = typename A::request;
          using Resp = typename A::response;
          BOOST_TEST_CONTEXT(A::name) {
            const spec_action* spec = find_spec_action(A::name);
            BOOST_TEST_REQUIRE(spec != nullptr, "not in the digest's tables");
            for (const auto& sv : every_service_version)
              BOOST_TEST_CONTEXT(action_service_type(sv)) {
                const auto on = spec_services(spec->where);
                BOOST_TEST(A::availability.supports(sv) == (std::find(on.begin(), on.end(), sv) != on.end()));
              }
            const auto sv = home_of(A::availability);
            const Req req = sample(std::type_identity<Req>{});
            if constexpr (std::tuple_size_v<decltype(Req::fields())> > 0) BOOST_TEST(!(req == Req{}));
            auto wire = make_action_request<A>(sv, req);
            BOOST_TEST_REQUIRE(wire.has_value());
            BOOST_TEST(wire->action == A::name);
            BOOST_TEST(wire->service_type == action_service_type(sv));
            BOOST_TEST(names_of(wire->arguments) == spec->in, boost::test_tools::per_element());
            auto back = decode_action_request<A>(*wire);
            BOOST_TEST_REQUIRE(back.has_value());
            BOOST_TEST((*back == req));

            const Resp resp = sample(std::type_identity<Resp>{});
            if constexpr (std::tuple_size_v<decltype(Resp::fields())> > 0) BOOST_TEST(!(resp == Resp{}));
            auto wire_resp = make_action_response<A>(wire->service_type, resp);
            BOOST_TEST_REQUIRE(wire_resp.has_value());
            BOOST_TEST(wire_resp->action == A::name);
            BOOST_TEST(!wire_resp->fault.has_value());
            BOOST_TEST(names_of(wire_resp->arguments) == spec->out, boost::test_tools::per_element());
            auto resp_back = decode_action_response<A>(*wire_resp);
            BOOST_TEST_REQUIRE(resp_back.has_value());
            BOOST_TEST((*resp_back == resp));
          }
          ++count;
        };
        (one(tags), ...);
      },
      all_actions{});
  BOOST_TEST(count == 38u);
  BOOST_TEST(count == spec_actions().size());  // and every action of the digest's tables is in ours
}

BOOST_AUTO_TEST_CASE(add_port_mapping_wire_form_is_exact) {
  auto wire = make_action_request<add_port_mapping>({action_service::wan_ip_connection, 1},
                                                    sample(std::type_identity<add_port_mapping_request>{}));
  BOOST_TEST_REQUIRE(wire.has_value());
  const igdkit::soap::argument_list expected = {
      {"NewRemoteHost", "198.51.100.4"},   {"NewExternalPort", "8080"},
      {"NewProtocol", "UDP"},              {"NewInternalPort", "80"},
      {"NewInternalClient", "192.168.1.20"}, {"NewEnabled", "0"},
      {"NewPortMappingDescription", "web <&> \"srv\""}, {"NewLeaseDuration", "3600"}};
  BOOST_TEST((wire->arguments == expected));
  BOOST_TEST(wire->service_type == "urn:schemas-upnp-org:service:WANIPConnection:1");
}

BOOST_AUTO_TEST_CASE(special_wire_names) {
  // GetNATRSIPStatus emits NewNATEnabled (not the PDF's NewNATEEnabled).
  auto nat = encode_arguments(get_nat_rsip_status_response{false, true});
  BOOST_TEST_REQUIRE(nat.has_value());
  BOOST_TEST((names_of(*nat) == std::vector<std::string>{"NewRSIPAvailable", "NewNATEnabled"}));
  // Firewall arguments have no New prefix, except UpdatePinhole's NewLeaseTime.
  auto add = encode_arguments(sample(std::type_identity<add_pinhole_request>{}));
  BOOST_TEST_REQUIRE(add.has_value());
  BOOST_TEST((names_of(*add) == std::vector<std::string>{"RemoteHost", "RemotePort", "InternalClient",
                                                               "InternalPort", "Protocol", "LeaseTime"}));
  auto upd = encode_arguments(update_pinhole_request{3, 60s});
  BOOST_TEST_REQUIRE(upd.has_value());
  BOOST_TEST((names_of(*upd) == std::vector<std::string>{"UniqueID", "NewLeaseTime"}));
  BOOST_TEST((*upd)[1].value == "60");
}

BOOST_AUTO_TEST_CASE(bad_external_port_is_invalid_argument_value_naming_it) {
  for (std::string_view bad : {"70000", "abc", "-1", "", "65536", "80 80", "0x1F"}) {
    BOOST_TEST_CONTEXT("NewExternalPort='" << bad << "'") {
      auto args = encode_arguments(sample(std::type_identity<add_port_mapping_request>{}));
      BOOST_TEST_REQUIRE(args.has_value());
      (*args)[1].value = std::string(bad);
      argument_diagnostic diag;
      auto r = decode_arguments<add_port_mapping_request>(*args, &diag);
      BOOST_TEST_REQUIRE(r.has_error());
      BOOST_TEST((r.error() == errc::invalid_argument_value));
      BOOST_TEST(diag.argument == "NewExternalPort");
    }
  }
}

BOOST_AUTO_TEST_CASE(bad_lease_is_invalid_argument_value_naming_it) {
  for (std::string_view bad : {"forever", "-5", "4294967296", "1.5"}) {
    BOOST_TEST_CONTEXT("NewLeaseDuration='" << bad << "'") {
      auto args = encode_arguments(sample(std::type_identity<add_port_mapping_request>{}));
      BOOST_TEST_REQUIRE(args.has_value());
      (*args)[7].value = std::string(bad);
      argument_diagnostic diag;
      auto r = decode_arguments<add_port_mapping_request>(*args, &diag);
      BOOST_TEST_REQUIRE(r.has_error());
      BOOST_TEST((r.error() == errc::invalid_argument_value));
      BOOST_TEST(diag.argument == "NewLeaseDuration");
    }
  }
  argument_diagnostic diag;
  auto req = sample(std::type_identity<add_port_mapping_request>{});
  req.lease = -1s;
  auto enc = make_action_request<add_port_mapping>({action_service::wan_ip_connection, 2}, req, &diag);
  BOOST_TEST_REQUIRE(enc.has_error());
  BOOST_TEST((enc.error() == errc::invalid_argument_value));
  BOOST_TEST(diag.argument == "NewLeaseDuration");
}

BOOST_AUTO_TEST_CASE(each_missing_argument_is_named) {
  const auto full = encode_arguments(sample(std::type_identity<add_port_mapping_request>{}));
  BOOST_TEST_REQUIRE(full.has_value());
  for (std::size_t drop = 0; drop < full->size(); ++drop) {
    auto args = *full;
    const std::string name = args[drop].name;
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(drop));
    BOOST_TEST_CONTEXT("without " << name) {
      argument_diagnostic diag;
      auto r = decode_arguments<add_port_mapping_request>(args, &diag);
      BOOST_TEST_REQUIRE(r.has_error());
      BOOST_TEST((r.error() == errc::missing_argument));
      BOOST_TEST(diag.argument == name);
    }
  }
}

BOOST_AUTO_TEST_CASE(order_and_extra_arguments_are_tolerated_on_decode) {
  igdkit::soap::argument_list args = {{"NewProtocol", "TCP"}, {"Junk", "x"}, {"NewExternalPort", "443"},
                                      {"NewRemoteHost", ""}, {"NewExternalPort", "1"}};
  auto r = decode_arguments<port_mapping_key>(args);
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->external_port == 443);  // first occurrence wins
  BOOST_TEST(r->remote_host.is_wildcard());
}

BOOST_AUTO_TEST_CASE(actions_are_refused_on_services_that_lack_them) {
  const struct {
    std::string_view action;
    service_version sv;
    bool supported;
  } cases[] = {
      {"AddAnyPortMapping", {action_service::wan_ip_connection, 1}, false},
      {"AddAnyPortMapping", {action_service::wan_ip_connection, 2}, true},
      {"AddAnyPortMapping", {action_service::wan_ppp_connection, 1}, false},
      {"GetListOfPortMappings", {action_service::wan_ip_connection, 1}, false},
      {"DeletePortMappingRange", {action_service::wan_ip_connection, 2}, true},
      {"AddPortMapping", {action_service::wan_ppp_connection, 1}, true},
      {"AddPortMapping", {action_service::wan_ip_connection, 2}, true},
      {"AddPortMapping", {action_service::wan_common_interface_config, 1}, false},
      {"GetTotalBytesReceived", {action_service::wan_common_interface_config, 1}, true},
      {"GetTotalBytesReceived", {action_service::wan_ip_connection, 2}, false},
      {"AddPinhole", {action_service::wan_ipv6_firewall_control, 1}, true},
      {"AddPinhole", {action_service::wan_ip_connection, 2}, false},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.action << " on " << action_service_type(c.sv)) {
      const auto a = find_action_availability(c.action);
      BOOST_TEST_REQUIRE(a.has_value());
      BOOST_TEST(a->supports(c.sv) == c.supported);
      BOOST_TEST((check_supported(*a, c.sv) == std::error_code(errc::not_supported_by_service)) == !c.supported);
    }
  }
  auto r = make_action_request<add_any_port_mapping>({action_service::wan_ip_connection, 1},
                                                      sample(std::type_identity<add_port_mapping_request>{}));
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST((r.error() == errc::not_supported_by_service));
  BOOST_TEST(add_any_port_mapping::availability.v2_only());
  BOOST_TEST(!add_port_mapping::availability.v2_only());
  BOOST_TEST(!find_action_availability("AddPortmapping").has_value());  // exact names only
}

BOOST_AUTO_TEST_CASE(service_type_strings) {
  const struct {
    service_version sv;
    std::string_view text;
  } cases[] = {
      {{action_service::wan_ip_connection, 1}, "urn:schemas-upnp-org:service:WANIPConnection:1"},
      {{action_service::wan_ip_connection, 2}, "urn:schemas-upnp-org:service:WANIPConnection:2"},
      {{action_service::wan_ppp_connection, 1}, "urn:schemas-upnp-org:service:WANPPPConnection:1"},
      {{action_service::wan_common_interface_config, 1}, "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1"},
      {{action_service::wan_ipv6_firewall_control, 1}, "urn:schemas-upnp-org:service:WANIPv6FirewallControl:1"},
  };
  for (const auto& c : cases) {
    BOOST_TEST(action_service_type(c.sv) == c.text);
    const auto back = parse_action_service_type(c.text);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == c.sv));
  }
  for (std::string_view bad : {"urn:schemas-upnp-org:service:WANIPConnection:", "urn:schemas-upnp-org:service:WANIPConnection:x",
                               "urn:schemas-upnp-org:service:OSInfo:1", "WANIPConnection:1",
                               "urn:schemas-upnp-org:service:WANIPConnection:0", ""})
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_action_service_type(bad).has_value()); }
}

BOOST_AUTO_TEST_CASE(dispatch_by_wire_name) {
  std::set<std::string_view> names;
  std::apply([&](auto... tags) { (names.insert(decltype(tags)::name), ...); }, all_actions{});
  BOOST_TEST(names.size() == std::tuple_size_v<all_actions>);  // names are unique
  for (auto n : names) {
    std::string_view seen;
    BOOST_TEST(visit_action(n, [&](auto tag) { seen = decltype(tag)::type::name; }));
    BOOST_TEST(seen == n);
  }
  BOOST_TEST(!visit_action("GetSecretPassword", [](auto) { BOOST_FAIL("must not be called"); }));
}

BOOST_AUTO_TEST_CASE(fault_becomes_upnp_error_code) {
  igdkit::soap::action_response resp;
  resp.action = "AddPortMapping";
  resp.fault = igdkit::soap::upnp_fault{718, "ConflictInMappingEntry"};
  auto r = decode_action_response<add_port_mapping>(resp);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST((r.error() == igdkit::soap::upnp_errc::conflict_in_mapping_entry));
  resp.fault = igdkit::soap::upnp_fault{899, "vendor"};  // unknown codes survive
  auto r2 = decode_action_response<get_status_info>(resp);
  BOOST_TEST_REQUIRE(r2.has_error());
  BOOST_TEST(r2.error().value() == 899);
  BOOST_TEST((r2.error().category() == igdkit::soap::upnp_category()));
}
