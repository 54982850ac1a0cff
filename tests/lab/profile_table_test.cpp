// Firmware profiles as data: the list, the --list-profiles text, and the combining rules
// (compatible profiles merge, a knob set two ways is a conflict naming both, unknown names fail,
// and a failure leaves the options untouched).
#define BOOST_TEST_MODULE lab_profiles_combine
#include "igdkit/sim/profiles.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

using namespace igdkit::sim;

namespace {

const std::vector<std::string> required = {
    "miniupnpd-v2",       "miniupnpd-v1",    "permanent-lease-only", "lease-402",
    "conflict-501",       "same-port-only",  "case-sensitive-protocol", "soap-env-prefix",
    "faultcode-caps",     "fault-no-faultstring", "chunked-responses", "bogus-urlbase",
    "wanppp-only",        "two-wan-devices", "igd1-ssdp-igd2-desc",  "multicast-only-ssdp",
    "exact-st-only",      "external-ip-zero", "reboot-forgets",      "small-table",
    "status-up"};

profile_outcome apply(std::vector<std::string> names, router_options& o) { return apply_profiles(names, o); }

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(every_required_profile_is_listed_once_with_its_texts) {
  std::set<std::string_view> names;
  for (const auto& p : all_profiles()) {
    BOOST_TEST(names.insert(p.name).second, "duplicate profile " << p.name);
    BOOST_TEST(!p.summary.empty(), p.name);
    BOOST_TEST(!p.imitates.empty(), p.name);
  }
  for (const auto& name : required) BOOST_TEST(names.count(name) == 1u, name);
}

BOOST_AUTO_TEST_CASE(describe_profiles_has_one_block_per_profile) {
  const auto text = describe_profiles();
  for (const auto& p : all_profiles()) {
    // Each block starts with the name on its own line and carries summary, imitates and knobs.
    const auto at = text.find(std::string(p.name) + "\n  " + std::string(p.summary) + "\n  imitates: " +
                              std::string(p.imitates) + "\n  sets: ");
    BOOST_TEST(at != std::string::npos, p.name);
  }
  std::size_t blocks = 0;
  for (std::size_t pos = 0; (pos = text.find("\n  sets: ", pos)) != std::string::npos; ++pos) ++blocks;
  BOOST_TEST(blocks == all_profiles().size());
  // The knob values are printed, not just their names.
  BOOST_TEST(contains(text, "max_mappings=4"));
  BOOST_TEST(contains(text, "lease_policy=permanent-only (725)"));
  BOOST_TEST(contains(text, "connect_delay=2s"));
}

BOOST_AUTO_TEST_CASE(each_profile_alone_changes_the_options) {
  // Two routers' options differ if any knob a profile can set differs; every profile must move one.
  const auto knobs = [](const router_options& o) {
    const auto& q = o.config.quirks;
    return std::vector<std::string>{std::to_string(static_cast<int>(o.config.version)),
                                    std::to_string(o.config.max_mappings),
                                    std::to_string(static_cast<int>(q.lease)),
                                    std::to_string(static_cast<int>(q.conflict)),
                                    std::to_string(q.same_port_only),
                                    std::to_string(q.protocol_case_sensitive),
                                    std::to_string(q.unknown_protocol_is_tcp),
                                    std::to_string(q.ignore_remote_host),
                                    std::to_string(q.foreign_client_is_718),
                                    std::to_string(q.delete_missing_succeeds),
                                    std::to_string(q.empty_list_is_730),
                                    q.connected_status,
                                    std::to_string(q.external_ip_zeros_when_unknown),
                                    std::to_string(q.connect_delay.count()),
                                    std::to_string(static_cast<int>(o.layout.connection)),
                                    std::to_string(o.layout.wan_devices),
                                    o.layout.url_base.value_or("-"),
                                    o.http.envelope.prefix,
                                    std::to_string(o.http.fault_xml_declaration),
                                    std::to_string(o.http.envelope.fault_code_camel_case),
                                    std::to_string(o.http.envelope.fault_string),
                                    std::to_string(o.http.chunked),
                                    std::to_string(o.discovery_quirks.answer_unicast),
                                    std::to_string(static_cast<int>(o.discovery_quirks.matching)),
                                    std::to_string(o.discovery_quirks.max_type_version.value_or(0)),
                                    std::to_string(o.discovery_quirks.advertise_wanppp),
                                    std::to_string(o.http.eventing),
                                    std::to_string(o.events.initial_event),
                                    o.events.content_type,
                                    std::to_string(o.reboot_forgets)};
  };
  const auto defaults = knobs(router_options{});
  for (const auto& p : all_profiles()) {
    if (p.name == "case-sensitive-protocol") continue;  // the spec rule made explicit: the default already
    router_options o;
    BOOST_REQUIRE(!apply({std::string(p.name)}, o).ec);
    BOOST_TEST((knobs(o) != defaults), p.name << " changes nothing");
  }
}

BOOST_AUTO_TEST_CASE(compatible_profiles_combine) {
  router_options o;
  const auto r = apply({"miniupnpd-v1", "small-table", "status-up"}, o);
  BOOST_TEST(!r.ec, r.detail);
  BOOST_TEST((o.config.version == igd_version::v1));
  BOOST_TEST(o.config.max_mappings == 4u);
  BOOST_TEST(o.config.quirks.connected_status == "Up");
  BOOST_TEST(o.config.quirks.delete_missing_succeeds);
  BOOST_TEST(!o.http.fault_xml_declaration);

  // Profiles that set the same knob to the same value agree (both want IGD:1), as does a repeat.
  router_options same;
  BOOST_TEST(!apply({"miniupnpd-v1", "permanent-lease-only", "same-port-only", "miniupnpd-v1"}, same).ec);
  BOOST_TEST((same.config.quirks.lease == lease_policy::permanent_only_725));
  BOOST_TEST(same.config.quirks.same_port_only);

  // Knobs no profile sets keep what the caller had.
  router_options mine;
  mine.config.max_mappings = 9;
  mine.reboot_forgets = true;
  BOOST_TEST(!apply({"status-up"}, mine).ec);
  BOOST_TEST(mine.config.max_mappings == 9u);
  BOOST_TEST(mine.reboot_forgets);
}

BOOST_AUTO_TEST_CASE(conflicting_profiles_name_both_and_the_knob) {
  struct conflict_case {
    std::vector<std::string> names;
    std::string knob;
  };
  const std::vector<conflict_case> cases = {
      {{"miniupnpd-v2", "case-sensitive-protocol"}, "protocol_case_sensitive"},
      {{"miniupnpd-v2", "permanent-lease-only"}, "igd_version"},
      {{"permanent-lease-only", "lease-402"}, "lease_policy"},
      {{"wanppp-only", "igd1-ssdp-igd2-desc"}, "igd_version"},
  };
  for (const auto& c : cases) {
    router_options o;
    o.config.max_mappings = 7;
    const auto r = apply(c.names, o);
    BOOST_TEST((r.ec == profile_errc::conflicting_profiles), c.knob);
    BOOST_TEST(contains(r.detail, "'" + c.names[0] + "'"), r.detail);
    BOOST_TEST(contains(r.detail, "'" + c.names[1] + "'"), r.detail);
    BOOST_TEST(contains(r.detail, c.knob), r.detail);
    // Untouched: not even the knobs of the profile before the conflict were written.
    BOOST_TEST((o.config.version == igd_version::v2));
    BOOST_TEST(o.config.quirks.protocol_case_sensitive);
    BOOST_TEST(o.config.max_mappings == 7u);
    BOOST_TEST(!o.config.quirks.delete_missing_succeeds);
  }
  // The conflict names the profile that set the knob first, even with others in between.
  router_options o;
  const auto r = apply({"lease-402", "status-up", "small-table", "permanent-lease-only"}, o);
  BOOST_TEST((r.ec == profile_errc::conflicting_profiles));
  BOOST_TEST(contains(r.detail, "'lease-402' and 'permanent-lease-only'"), r.detail);
}

BOOST_AUTO_TEST_CASE(unknown_profile_fails_and_leaves_options_untouched) {
  router_options o;
  const auto r = apply({"status-up", "no-such-firmware"}, o);
  BOOST_TEST((r.ec == profile_errc::unknown_profile));
  BOOST_TEST(contains(r.detail, "no-such-firmware"), r.detail);
  BOOST_TEST(o.config.quirks.connected_status == "Connected");
  BOOST_TEST(r.ec.category().name() == std::string("igdkit.sim.profile"));
  BOOST_TEST(!r.ec.message().empty());

  router_options none;
  BOOST_TEST(!apply({}, none).ec);  // no profile: the spec-exact defaults
  BOOST_TEST((none.config.version == igd_version::v2));
}
