// The check registry and the pure pieces of the suite: ids, groups, spec references, evidence
// trimming and the SCPD reader, without a device.
#define BOOST_TEST_MODULE conformance_core
#include "igdkit/conformance/suite.hpp"

#include "../../conformance/src/scpd_reader.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

namespace conformance = igdkit::conformance;

BOOST_AUTO_TEST_CASE(at_least_sixty_checks_with_unique_ids_in_their_group) {
  const auto checks = conformance::all_checks();
  BOOST_TEST(checks.size() >= 60u);
  std::set<std::string_view> ids;
  std::map<conformance::group, std::size_t> per_group;
  for (const auto& c : checks) {
    BOOST_TEST(ids.insert(c.info.id).second, "duplicate id " << c.info.id);
    const auto prefix = std::string(conformance::to_string(c.info.grp)) + ".";
    BOOST_TEST(c.info.id.starts_with(prefix), c.info.id << " is not in group " << prefix);
    BOOST_TEST(!c.info.spec.empty(), c.info.id);
    BOOST_TEST(!c.info.title.empty(), c.info.id);
    BOOST_TEST(c.run != nullptr, c.info.id);
    ++per_group[c.info.grp];
  }
  for (auto g : conformance::all_groups) BOOST_TEST(per_group[g] >= 4u, conformance::to_string(g));
}

BOOST_AUTO_TEST_CASE(checks_run_in_group_order) {
  // Reports list groups in all_groups order; the registry must not interleave them.
  std::size_t last = 0;
  for (const auto& c : conformance::all_checks()) {
    std::size_t at = 0;
    while (conformance::all_groups[at] != c.info.grp) ++at;
    BOOST_TEST(at >= last, c.info.id);
    last = at;
  }
}

BOOST_AUTO_TEST_CASE(group_names_round_trip) {
  for (auto g : conformance::all_groups) {
    conformance::group back{};
    BOOST_TEST(conformance::parse_group(conformance::to_string(g), back));
    BOOST_TEST((back == g));
  }
  conformance::group none{};
  BOOST_TEST(!conformance::parse_group("nonsense", none));
}

BOOST_AUTO_TEST_CASE(evidence_is_trimmed_and_kept_printable) {
  BOOST_TEST(conformance::trim_evidence("HTTP/1.1 200 OK\r\n\r\n") == "HTTP/1.1 200 OK\r\n\r\n");
  BOOST_TEST(conformance::trim_evidence(std::string("a\x01\xff", 3)) == "a\\x01\\xff");
  const auto cut = conformance::trim_evidence(std::string(5000, 'x'), 100);
  BOOST_TEST(cut.starts_with(std::string(100, 'x')));
  BOOST_TEST(cut.ends_with("[... 4900 more bytes]"));
}

BOOST_AUTO_TEST_CASE(scpd_reader_reads_actions_arguments_and_variables) {
  const std::string xml = R"(<?xml version="1.0"?>
<scpd xmlns="urn:schemas-upnp-org:service-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
<actionList><action><name>GetExternalIPAddress</name><argumentList><argument><name>NewExternalIPAddress</name>
<direction>out</direction><relatedStateVariable>ExternalIPAddress</relatedStateVariable></argument></argumentList></action></actionList>
<serviceStateTable><stateVariable sendEvents="yes"><name>ExternalIPAddress</name><dataType>string</dataType></stateVariable>
</serviceStateTable></scpd>)";
  auto d = conformance::read_scpd(xml);
  BOOST_REQUIRE(d);
  BOOST_TEST(d->root_name == "scpd");
  BOOST_TEST(d->root_namespace == "urn:schemas-upnp-org:service-1-0");
  BOOST_TEST(d->spec_version->first == "1");
  const auto* a = d->action("GetExternalIPAddress");
  BOOST_REQUIRE(a);
  BOOST_REQUIRE_EQUAL(a->arguments.size(), 1u);
  BOOST_TEST(a->arguments[0].direction == "out");
  BOOST_TEST(a->arguments[0].related == "ExternalIPAddress");
  BOOST_TEST(d->variable("ExternalIPAddress")->send_events == "yes");
  std::string why;
  BOOST_TEST(!conformance::read_scpd("<scpd><actionList>", &why));
  BOOST_TEST(!why.empty());
}
