// The three reports of a run built by hand: the table's counts, JSON's fields, and JUnit XML
// that parses, with a testcase per check, failure evidence and skip reasons.
#include "igdkit/conformance/report.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <pugixml.hpp>

namespace conformance = igdkit::conformance;

namespace {

const conformance::check_info must_check{"soap.fault-status", conformance::group::soap, conformance::severity::must,
                                          "UDA 2.0 §3.2.2", "faults come with HTTP 500"};
const conformance::check_info should_check{"ssdp.date", conformance::group::ssdp, conformance::severity::should,
                                            "UDA 2.0 §1.3.3", "the DATE header is present"};
const conformance::check_info skipped_check{"gena.renew", conformance::group::gena, conformance::severity::must,
                                             "UDA 2.0 §4.1.3", "a renewal is granted"};

conformance::suite_result sample() {
  conformance::suite_result r;
  r.results.push_back({&should_check, conformance::verdict::pass, {}, {}});
  r.results.push_back({&must_check, conformance::verdict::fail, "a fault came with HTTP 200, expected 500",
                       {{"POST /ctl/IPConn HTTP/1.1\r\n\r\n<x & y>", "HTTP/1.1 200 OK\r\n\r\n", ""}}});
  r.results.push_back({&skipped_check, conformance::verdict::skip, "SUBSCRIBE was not granted", {}});
  return r;
}

conformance::device_facts device() {
  conformance::device_facts d;
  d.location = boost::urls::url("http://127.0.0.1:5000/rootDesc.xml");
  d.igd_version = 2;
  return d;
}

}  // namespace

BOOST_AUTO_TEST_CASE(counts_per_group_and_severity) {
  const auto r = sample();
  const auto all = conformance::count(r.results);
  BOOST_TEST(all.pass == 1u);
  BOOST_TEST(all.fail == 1u);
  BOOST_TEST(all.skip == 1u);
  BOOST_TEST(all.must_failed == 1u);
  BOOST_TEST(!r.conformant());
  BOOST_TEST(conformance::count(r.results, conformance::group::soap, conformance::severity::must).fail == 1u);
  BOOST_TEST(conformance::count(r.results, conformance::group::ssdp, conformance::severity::must).pass == 0u);
}

BOOST_AUTO_TEST_CASE(text_report_shows_failures_with_evidence_and_totals) {
  const auto text = conformance::render_text(sample(), device());
  BOOST_TEST(text.find("FAIL  must   soap.fault-status") != std::string::npos, text);
  BOOST_TEST(text.find("      > POST /ctl/IPConn HTTP/1.1") != std::string::npos, text);
  BOOST_TEST(text.find("      < HTTP/1.1 200 OK") != std::string::npos, text);
  BOOST_TEST(text.find("total: 1 passed, 1 failed (1 must), 1 skipped") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(json_report_carries_every_check) {
  const auto v = conformance::render_json(sample(), device());
  const auto& o = v.as_object();
  BOOST_TEST(o.at("target").at("igd_version").to_number<int>() == 2);
  BOOST_TEST(o.at("counts").at("must_failed").to_number<int>() == 1);
  BOOST_TEST(o.at("conformant").as_bool() == false);
  const auto& checks = o.at("checks").as_array();
  BOOST_REQUIRE_EQUAL(checks.size(), 3u);
  BOOST_TEST(checks[1].at("verdict").as_string() == "fail");
  BOOST_TEST(checks[1].at("severity").as_string() == "must");
  BOOST_TEST(checks[1].at("evidence").as_array().size() == 1u);
  BOOST_TEST(checks[2].at("message").as_string() == "SUBSCRIBE was not granted");
}

BOOST_AUTO_TEST_CASE(junit_report_parses_with_a_testcase_per_check) {
  const auto xml = conformance::render_junit(sample(), device());
  pugi::xml_document doc;
  BOOST_REQUIRE_MESSAGE(doc.load_string(xml.c_str()), xml);
  auto suites = doc.child("testsuites");
  BOOST_TEST(suites.attribute("tests").as_int() == 3);
  BOOST_TEST(suites.attribute("failures").as_int() == 1);
  BOOST_TEST(suites.attribute("skipped").as_int() == 1);
  std::size_t cases = 0;
  for (auto s : suites.children("testsuite")) {
    for (auto tc : s.children("testcase")) {
      ++cases;
      const std::string name = tc.attribute("name").value();
      if (name == "soap.fault-status") {
        BOOST_TEST(std::string(tc.child("failure").attribute("type").value()) == "must");
        BOOST_TEST(std::string(tc.child("failure").child_value()).find("<x & y>") != std::string::npos);
      }
      if (name == "gena.renew") BOOST_TEST(std::string(tc.child("skipped").attribute("message").value()) == "SUBSCRIBE was not granted");
    }
  }
  BOOST_TEST(cases == 3u);
}
