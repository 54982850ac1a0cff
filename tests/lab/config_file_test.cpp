#define BOOST_TEST_MODULE lab_config_file
#include <boost/test/unit_test.hpp>

#include "igdkit/sim/config_file.hpp"

#include <string>

using namespace igdkit::sim;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

namespace {

lab_options parse_ok(std::string_view text, lab_options base = {}) {
  std::string message;
  auto r = parse_lab_config(text, std::move(base), &message);
  BOOST_TEST_REQUIRE(r.has_value(), "unexpected error: " << message << " for " << text);
  return *r;
}

void expect_error(std::string_view text, config_errc code, std::string_view message_part) {
  std::string message;
  const auto r = parse_lab_config(text, lab_options{}, &message);
  BOOST_TEST_REQUIRE(!r.has_value(), "parsed unexpectedly: " << text);
  BOOST_TEST((r.error() == code), text << " -> " << r.error().message() << ": " << message);
  BOOST_TEST(message.find(message_part) != std::string::npos, text << "\n message: " << message << "\n wanted:  " << message_part);
}

bool same_rules(const std::vector<permission_rule>& a, const std::vector<permission_rule>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].action != b[i].action || !(a[i].external_ports == b[i].external_ports) ||
        a[i].internal_network != b[i].internal_network || !(a[i].internal_ports == b[i].internal_ports))
      return false;
  }
  return true;
}

permission_rule rule(permission_action action, port_range ext, const char* network, port_range internal) {
  return {action, ext, ip::make_network_v4(network), internal};
}

}  // namespace

BOOST_AUTO_TEST_CASE(empty_object_keeps_the_base) {
  lab_options base;
  base.router.http_port = 1234;
  base.router.config.version = igd_version::v1;
  base.topology = default_topology(nat_mode::cgnat);
  base.profiles = {"a"};
  base.state_file = "/tmp/x.json";
  const auto out = parse_ok("{}", base);
  BOOST_TEST(out.router.http_port == 1234);
  BOOST_TEST((out.router.config.version == igd_version::v1));
  BOOST_TEST((out.topology.mode == nat_mode::cgnat));
  BOOST_TEST(out.topology.wan_ip == base.topology.wan_ip);
  BOOST_TEST(out.profiles == base.profiles, boost::test_tools::per_element());
  BOOST_TEST(out.state_file.value() == "/tmp/x.json");
  BOOST_TEST(out.router.lan_from_address);

  // Only the named fields change.
  const auto partial = parse_ok(R"({"ssdp_port": 1900})", base);
  BOOST_TEST(partial.router.ssdp_port == 1900);
  BOOST_TEST(partial.router.http_port == 1234);
}

BOOST_AUTO_TEST_CASE(every_field) {
  const auto out = parse_ok(R"({
    "lan": "127.0.0.1", "ssdp_port": 1900, "http_port": 5000, "admin": false, "admin_port": 6000,
    "igd_version": 1, "mode": "double-nat", "wan_ip": "192.168.1.99", "public_ip": "203.0.113.99",
    "upstream_upnp": true, "profiles": ["miniupnpd-2.3", "reboot-forgets"], "secure_mode": false,
    "multicast": true, "state": "/var/tmp/sim.json", "boot_id": 41, "max_mappings": 3,
    "max_mappings_per_client": 2, "eager_endpoints": 5, "on_demand_endpoints": 7, "endpoint_idle_timeout_ms": 1500,
    "probe_timeout_ms": 250, "udp_idle_timeout_ms": 9000, "log_capacity": 16,
    "faults": {"ssdp": {"copies": 2}, "http": {"action": "reset", "times": 1}, "answering": false},
    "lan_hosts": ["127.0.0.2", "127.0.0.3"],
    "allowed_ranges": ["allow 80 10.0.0.0/8 80", "deny 0-65535 0.0.0.0/0 0-65535"]
  })");
  BOOST_TEST(out.router.lan == ip::make_address("127.0.0.1"));
  BOOST_TEST(out.router.ssdp_port == 1900);
  BOOST_TEST(out.router.http_port == 5000);
  BOOST_TEST(!out.admin);
  BOOST_TEST(out.admin_port == 6000);
  BOOST_TEST((out.router.config.version == igd_version::v1));
  BOOST_TEST((out.topology.mode == nat_mode::double_nat));
  BOOST_TEST(out.topology.wan_ip == ip::make_address_v4("192.168.1.99"));
  BOOST_TEST(out.topology.public_ip == ip::make_address_v4("203.0.113.99"));
  BOOST_TEST(out.topology.upstream_upnp);
  BOOST_TEST(out.profiles == (std::vector<std::string>{"miniupnpd-2.3", "reboot-forgets"}), boost::test_tools::per_element());
  BOOST_TEST(!out.router.config.secure_mode);
  BOOST_TEST(out.router.multicast);
  BOOST_TEST(out.state_file.value() == "/var/tmp/sim.json");
  BOOST_TEST(out.router.boot_id == 41u);
  BOOST_TEST(out.router.config.max_mappings == 3u);
  BOOST_TEST(out.router.config.max_mappings_per_client == 2u);
  BOOST_TEST(out.eager_endpoints == 5u);
  BOOST_TEST(out.on_demand_endpoints == 7u);
  BOOST_TEST(out.endpoint_idle_timeout.count() == 1500);
  BOOST_TEST(out.probe_timeout.count() == 250);
  BOOST_TEST(out.udp_idle_timeout.count() == 9000);
  BOOST_TEST(out.log_capacity == 16u);
  fault_set faults;
  faults.ssdp.copies = 2;
  faults.http.action = http_fault_action::reset;
  faults.http.times = 1u;
  faults.answering = false;
  BOOST_TEST((out.faults == faults));
  BOOST_TEST(!out.router.lan_from_address);
  BOOST_TEST(same_rules(out.router.config.permissions,
                        {rule(permission_action::allow, {1024, 65535}, "127.0.0.2/32", {1024, 65535}),
                         rule(permission_action::allow, {1024, 65535}, "127.0.0.3/32", {1024, 65535}),
                         rule(permission_action::allow, {80, 80}, "10.0.0.0/8", {80, 80}),
                         rule(permission_action::deny, {0, 65535}, "0.0.0.0/0", {0, 65535})}));
}

BOOST_AUTO_TEST_CASE(mode_resets_the_topology_before_address_overrides) {
  lab_options base;
  base.topology.wan_ip = ip::make_address_v4("198.51.100.1");
  auto out = parse_ok(R"({"mode":"cgnat"})", base);
  const auto cgnat = default_topology(nat_mode::cgnat);
  BOOST_TEST((out.topology.mode == nat_mode::cgnat));
  BOOST_TEST(out.topology.wan_ip == cgnat.wan_ip);
  BOOST_TEST(out.topology.public_ip == cgnat.public_ip);

  // Key order in the file does not matter: the overrides land on the new mode's defaults.
  out = parse_ok(R"({"public_ip":"203.0.113.77","wan_ip":"100.64.0.77","mode":"cgnat"})", base);
  BOOST_TEST(out.topology.wan_ip == ip::make_address_v4("100.64.0.77"));
  BOOST_TEST(out.topology.public_ip == ip::make_address_v4("203.0.113.77"));

  // nat / no-nat: the Internet sees the WAN address, so public_ip follows wan_ip.
  for (const char* mode : {"nat", "no-nat"}) {
    BOOST_TEST_CONTEXT(mode) {
      out = parse_ok(std::string(R"({"mode":")") + mode + R"(","wan_ip":"198.51.100.50"})");
      BOOST_TEST(out.topology.public_ip == ip::make_address_v4("198.51.100.50"));
      out = parse_ok(std::string(R"({"mode":")") + mode + R"(","wan_ip":"198.51.100.50","public_ip":"198.51.100.50"})");
      BOOST_TEST(out.topology.public_ip == ip::make_address_v4("198.51.100.50"));
    }
  }
  expect_error(R"({"mode":"nat","wan_ip":"198.51.100.50","public_ip":"203.0.113.1"})", config_errc::bad_field,
               R"(field "public_ip": in mode "nat" the public address is the WAN address 198.51.100.50; set "wan_ip" instead)");
  // With no "mode" the base's mode decides.
  base.topology = default_topology(nat_mode::double_nat);
  out = parse_ok(R"({"public_ip":"203.0.113.31","upstream_upnp":true})", base);
  BOOST_TEST(out.topology.public_ip == ip::make_address_v4("203.0.113.31"));
  BOOST_TEST(out.topology.upstream_upnp);
  expect_error(R"({"mode":"cgnat","upstream_upnp":true})", config_errc::bad_field,
               R"(field "upstream_upnp": only applies to mode "double-nat" (mode is "cgnat"))");
  BOOST_TEST(!parse_ok(R"({"mode":"nat","upstream_upnp":false})").topology.upstream_upnp);
}

BOOST_AUTO_TEST_CASE(lan_hosts_allow_each_host_itself_and_deny_the_rest) {
  const auto out = parse_ok(R"({"lan_hosts":["127.0.0.2","127.0.0.3"]})");
  BOOST_TEST(!out.router.lan_from_address);
  const auto& rules = out.router.config.permissions;
  BOOST_TEST(same_rules(rules, {rule(permission_action::allow, {1024, 65535}, "127.0.0.2/32", {1024, 65535}),
                                rule(permission_action::allow, {1024, 65535}, "127.0.0.3/32", {1024, 65535}),
                                rule(permission_action::deny, {0, 65535}, "0.0.0.0/0", {0, 65535})}));
  BOOST_TEST(is_permitted(rules, 8080, ip::make_address_v4("127.0.0.2"), 8080));
  BOOST_TEST(is_permitted(rules, 8080, ip::make_address_v4("127.0.0.3"), 9000));
  BOOST_TEST(!is_permitted(rules, 8080, ip::make_address_v4("127.0.0.4"), 8080));
  BOOST_TEST(!is_permitted(rules, 80, ip::make_address_v4("127.0.0.2"), 8080));

  // allowed_ranges alone replace the defaults; an empty list leaves no rule (miniupnpd: no match allows).
  auto ranges = parse_ok(R"({"allowed_ranges":["allow 1024-65535 127.0.0.0/8 1024-65535","deny 0-65535 0.0.0.0/0 0-65535"]})");
  BOOST_TEST(same_rules(ranges.router.config.permissions,
                        {rule(permission_action::allow, {1024, 65535}, "127.0.0.0/8", {1024, 65535}),
                         rule(permission_action::deny, {0, 65535}, "0.0.0.0/0", {0, 65535})}));
  BOOST_TEST(!ranges.router.lan_from_address);
  ranges = parse_ok(R"({"allowed_ranges":[]})");
  BOOST_TEST(ranges.router.config.permissions.empty());
  BOOST_TEST(!ranges.router.lan_from_address);
}

BOOST_AUTO_TEST_CASE(permission_lines) {
  auto parse_rule = [](std::string_view line) {
    std::string message;
    auto r = parse_permission_rule(line, &message);
    BOOST_TEST_REQUIRE(r.has_value(), line << ": " << message);
    return *r;
  };
  auto r = parse_rule("allow 80 192.168.1.7 8080");
  BOOST_TEST((r.action == permission_action::allow));
  BOOST_TEST((r.external_ports == port_range{80, 80}));
  BOOST_TEST(r.internal_network == ip::make_network_v4("192.168.1.7/32"));
  BOOST_TEST((r.internal_ports == port_range{8080, 8080}));
  r = parse_rule("  deny\t0-1023  192.168.1.7/24 0-65535 ");
  BOOST_TEST((r.action == permission_action::deny));
  BOOST_TEST((r.external_ports == port_range{0, 1023}));
  BOOST_TEST(r.internal_network == ip::make_network_v4("192.168.1.0/24"));  // canonical
  r = parse_rule("allow 1024-65535 10.1.2.3/255.255.0.0 1024-65535");
  BOOST_TEST(r.internal_network == ip::make_network_v4("10.1.0.0/16"));
  r = parse_rule("allow 1-2 0.0.0.0/0.0.0.0 3-4");
  BOOST_TEST(r.internal_network.prefix_length() == 0);

  const auto bad = [](std::string_view line, std::string_view part) {
    std::string message;
    const auto result = parse_permission_rule(line, &message);
    BOOST_TEST_REQUIRE(!result.has_value(), line);
    BOOST_TEST((result.error() == config_errc::bad_field));
    BOOST_TEST(message.find(part) != std::string::npos, line << ": " << message);
  };
  bad("allow 80 1.2.3.4", "must have 4 words");
  bad("", "must have 4 words");
  bad("allow 80 1.2.3.4 80 extra", "must have 4 words");
  bad("permit 80 1.2.3.4 80", "must start with \"allow\" or \"deny\"");
  bad("Allow 80 1.2.3.4 80", "must start with \"allow\" or \"deny\"");
  bad("allow 90-80 1.2.3.4 80", "external ports must be");
  bad("allow 70000 1.2.3.4 80", "external ports must be");
  bad("allow -80 1.2.3.4 80", "external ports must be");
  bad("allow 80- 1.2.3.4 80", "external ports must be");
  bad("allow 80 1.2.3.4 +80", "internal ports must be");
  bad("allow 80 1.2.3.4/33 80", "address must be");
  bad("allow 80 1.2.3/8 80", "address must be");
  bad("allow 80 1.2.3.4/255.0.255.0 80", "address must be");  // not a contiguous mask
  bad("allow 80 1.2.3.4/ 80", "address must be");
  bad("allow 80 ::1/128 80", "address must be");
}

BOOST_AUTO_TEST_CASE(document_errors) {
  expect_error("", config_errc::invalid_json, "invalid JSON at byte 0");
  expect_error(R"({"http_port": 80,})", config_errc::invalid_json, "invalid JSON at byte 17");
  expect_error("{} {}", config_errc::invalid_json, "invalid JSON at byte 3");
  expect_error("[1]", config_errc::not_an_object, "document: must be an object, got an array");
  expect_error("null", config_errc::not_an_object, "document: must be an object, got null");
  expect_error(R"({"htpp_port": 80})", config_errc::unknown_field, R"(unknown field "htpp_port")");
  expect_error(R"({"faults":[]})", config_errc::not_an_object, R"(field "faults": must be an object, got an array)");
  expect_error(R"({"faults":{"http":7}})", config_errc::not_an_object, R"(field "faults.http": must be an object, got 7)");
  expect_error(R"({"faults":{"ssdp":{"dorp":true}}})", config_errc::unknown_field, R"(unknown field "faults.ssdp.dorp")");
}

BOOST_AUTO_TEST_CASE(every_field_checks_its_type_and_range) {
  struct bad_case {
    const char* json;
    const char* message;
  };
  const bad_case cases[] = {
      {R"({"lan":"localhost"})", R"(field "lan": must be an IP address, got "localhost")"},
      {R"({"lan":7})", R"(field "lan": must be an IP address, got 7)"},
      {R"({"ssdp_port":65536})", R"(field "ssdp_port": must be an integer 0..65535, got 65536)"},
      {R"({"http_port":-1})", R"(field "http_port": must be an integer 0..65535, got -1)"},
      {R"({"http_port":"80"})", R"(field "http_port": must be an integer 0..65535, got "80")"},
      {R"({"admin":1})", R"(field "admin": must be true or false, got 1)"},
      {R"({"admin_port":80.0})", R"(field "admin_port": must be an integer 0..65535, got 80)"},
      {R"({"igd_version":3})", R"(field "igd_version": must be an integer 1..2, got 3)"},
      {R"({"mode":"NAT"})", R"(field "mode": must be one of "nat", "cgnat", "double-nat", "no-nat", got "NAT")"},
      {R"({"mode":null})", R"(field "mode": must be one of)"},
      {R"({"wan_ip":"203.0.113.256"})", R"(field "wan_ip": must be an IPv4 address ("a.b.c.d"), got "203.0.113.256")"},
      {R"({"public_ip":"::1"})", R"(field "public_ip": must be an IPv4 address)"},
      {R"({"upstream_upnp":"yes"})", R"(field "upstream_upnp": must be true or false, got "yes")"},
      {R"({"profiles":"a"})", R"(field "profiles": must be an array of profile names, got "a")"},
      {R"({"profiles":["a",""]})", R"(field "profiles[1]": must be a profile name (non-empty string), got "")"},
      {R"({"profiles":["a",{}]})", R"(field "profiles[1]": must be a profile name (non-empty string), got an object)"},
      {R"({"secure_mode":null})", R"(field "secure_mode": must be true or false, got null)"},
      {R"({"multicast":"true"})", R"(field "multicast": must be true or false, got "true")"},
      {R"({"state":""})", R"(field "state": must be a file path (non-empty string) or null, got "")"},
      {R"({"state":["a"]})", R"(field "state": must be a file path (non-empty string) or null, got an array)"},
      {R"({"boot_id":0})", R"(field "boot_id": must be an integer 1..2147483647, got 0)"},
      {R"({"boot_id":2147483648})", R"(field "boot_id": must be an integer 1..2147483647, got 2147483648)"},
      {R"({"max_mappings":1000001})", R"(field "max_mappings": must be an integer 0..1000000, got 1000001)"},
      {R"({"on_demand_endpoints":0})", R"(field "on_demand_endpoints": must be an integer 1..1000000, got 0)"},
      {R"({"probe_timeout_ms":0})", R"(field "probe_timeout_ms": must be an integer 1..60000, got 0)"},
      {R"({"udp_idle_timeout_ms":3600001})", R"(field "udp_idle_timeout_ms": must be an integer 1..3600000)"},
      {R"({"log_capacity":-5})", R"(field "log_capacity": must be an integer 0..1000000, got -5)"},
      {R"({"faults":{"http":{"action":"boom"}}})", R"(field "faults.http.action": must be one of)"},
      {R"({"faults":{"ssdp":{"delay_ms":600001}}})", R"(field "faults.ssdp.delay_ms": must be an integer 0..600000)"},
      {R"({"lan_hosts":"127.0.0.2"})", R"(field "lan_hosts": must be an array of IPv4 addresses, got "127.0.0.2")"},
      {R"({"lan_hosts":["127.0.0.2","127.0.0"]})", R"(field "lan_hosts[1]": must be an IPv4 address)"},
      {R"({"allowed_ranges":{}})", R"(field "allowed_ranges": must be an array of permission lines, got an object)"},
      {R"({"allowed_ranges":[5]})", R"(field "allowed_ranges[0]": must be a string, got 5)"},
      {R"({"allowed_ranges":["allow 80 1.2.3.4 80","allow 80 1.2.3.4/40 80"]})",
       R"(field "allowed_ranges[1]": address must be)"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.json) { expect_error(c.json, config_errc::bad_field, c.message); }
  }
}

BOOST_AUTO_TEST_CASE(state_null_clears_and_message_is_optional) {
  lab_options base;
  base.state_file = "/tmp/old.json";
  BOOST_TEST(!parse_ok(R"({"state":null})", base).state_file.has_value());
  BOOST_TEST(parse_ok(R"({"lan":"::1"})").router.lan == ip::make_address("::1"));
  const auto r = parse_lab_config("{", lab_options{});  // no message pointer
  BOOST_TEST((r.error() == config_errc::invalid_json));
  const std::error_code ec = config_errc::unknown_field;
  BOOST_TEST(ec.category().name() == std::string("igdkit.lab.config"));
  BOOST_TEST(ec.message() == "unknown field");
}
