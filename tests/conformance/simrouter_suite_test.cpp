// The whole suite against real simrouter processes on 127.0.0.1: the default router (IGD:2 and
// IGD:1) passes every check of every severity and is left with an empty mapping table, and each
// firmware profile fails exactly the checks that describe its deviation.
#define BOOST_TEST_MODULE conformance_simrouter
#include "igdkit/conformance/suite.hpp"

#include "lab/running_binary.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

namespace conformance = igdkit::conformance;
using igdkit::sim::test::running_binary;
using igdkit::sim::test::temp_dir;

namespace {

struct run {
  conformance::suite_result result;
  std::set<std::string> failed;
  int table_after = 0;  // GetGenericPortMappingEntry 0 after the run: 713 when the table is empty
};

run suite_on(const std::vector<std::string>& router_args, std::vector<conformance::group> only = {}) {
  temp_dir dir;
  running_binary router(dir, "router", router_args);
  conformance::suite_options o;
  auto ssdp = router.fields.at("ssdp");
  const auto colon = ssdp.rfind(':');
  o.ssdp_endpoint = boost::asio::ip::udp::endpoint(boost::asio::ip::make_address(ssdp.substr(0, colon)),
                                                   static_cast<std::uint16_t>(std::stoi(ssdp.substr(colon + 1))));
  o.ssdp_window = std::chrono::milliseconds(300);  // loopback answers at once; silence needs a window
  o.only = std::move(only);
  run out;
  conformance::session s(o);
  out.result = conformance::run_suite(s);
  BOOST_REQUIRE_MESSAGE(!out.result.prepare_error, out.result.prepare_error.message());
  for (const auto& r : out.result.results) {
    if (r.outcome == conformance::verdict::fail) out.failed.insert(std::string(r.info->id));
  }
  if (s.facts().wan) {
    s.record_into(nullptr);
    out.table_after = s.call(s.facts().wan->connection, "GetGenericPortMappingEntry", {{"NewPortMappingIndex", "0"}}).upnp_code();
  }
  return out;
}

std::string listed(const std::set<std::string>& ids) {
  std::string s;
  for (const auto& id : ids) s += id + " ";
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(default_router_passes_every_check_and_keeps_no_mapping) {
  for (std::string version : {"2", "1"}) {
    auto r = suite_on({"--igd-version", version});
    BOOST_TEST(r.failed.empty(), "IGD:" << version << " failed " << listed(r.failed));
    BOOST_TEST(r.result.conformant());
    const auto c = conformance::count(r.result.results);
    BOOST_TEST(c.pass >= (version == "2" ? 100u : 85u), "IGD:" << version << " passed only " << c.pass);
    BOOST_TEST(r.table_after == 713, "IGD:" << version << ": the suite left mappings behind");
    BOOST_TEST(r.result.cleanup_failures == 0u);
  }
}

BOOST_AUTO_TEST_CASE(each_profile_fails_exactly_its_deviation) {
  using g = conformance::group;
  struct row {
    std::vector<std::string> args;
    std::vector<g> groups;
    std::set<std::string> failing;
  };
  const std::vector<row> rows = {
      {{"--profile", "lease-402"}, {g::wanip}, {"wanip.lease-returned"}},
      {{"--profile", "permanent-lease-only"}, {g::wanip}, {}},  // 725 is WANIPConnection:1's own answer
      {{"--profile", "same-port-only"}, {g::wanip}, {"wanip.v1-port-translation"}},
      {{"--profile", "status-up"}, {g::wanip}, {"wanip.status-info"}},
      {{"--profile", "miniupnpd-v2"}, {g::soap, g::wanip},
       {"wanip.delete-absent", "wanip.protocol-invalid", "wanip.protocol-case", "wanip.v2-list-empty"}},
      {{"--profile", "conflict-501", "--no-secure-mode"}, {g::wanip, g::security}, {"wanip.conflict", "security.secure-mode"}},
      {{"--profile", "faultcode-caps"}, {g::soap}, {"soap.fault-format"}},
      {{"--profile", "fault-no-faultstring"}, {g::soap}, {"soap.fault-format"}},
      {{"--profile", "soap-env-prefix"}, {g::soap}, {}},  // any prefix is legal XML
      {{"--profile", "igd1-ssdp-igd2-desc"}, {g::ssdp}, {"ssdp.igd-answer", "ssdp.service-answer"}},
      {{"--profile", "exact-st-only"}, {g::ssdp}, {"ssdp.version-echo", "ssdp.all-answers"}},
      {{"--profile", "no-eventing"}, {g::gena}, {"gena.subscribe"}},
      {{"--profile", "no-initial-event"}, {g::gena}, {"gena.initial-event"}},
      {{"--profile", "event-content-type-plain"}, {g::gena}, {"gena.notify-format"}},
      {{"--profile", "wanppp-only"}, {g::description, g::wanip}, {}},
  };
  for (const auto& row : rows) {
    auto r = suite_on(row.args, row.groups);
    BOOST_TEST(r.failed == row.failing, row.args[1] << ": failed " << listed(r.failed) << "expected " << listed(row.failing));
    BOOST_TEST(r.table_after == 713, row.args[1] << ": the suite left mappings behind");
  }
}
