// Argument lists as real routers send them (fixtures/igd/actions/*.args: one "Name<TAB>Value" a line).
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/actions.hpp"
#include "support/test_paths.hpp"

#include <fstream>
#include <string>

using namespace igdkit::igd;

namespace {
igdkit::soap::argument_list load_args(const std::string& file) {
  std::ifstream in(igdkit::test::fixtures_dir() / "igd" / "actions" / file);
  BOOST_TEST_REQUIRE(in.good(), "cannot open fixture " << file);
  igdkit::soap::argument_list out;
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    BOOST_TEST_REQUIRE(tab != std::string::npos, "bad fixture line: " << line);
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

igdkit::soap::action_response response_from(const std::string& file) {
  return {"urn:schemas-upnp-org:service:WANIPConnection:1", "", load_args(file), std::nullopt};
}
}  // namespace

BOOST_AUTO_TEST_CASE(miniupnpd_generic_port_mapping_entry) {
  auto r = decode_action_response<get_generic_port_mapping_entry>(
      response_from("miniupnpd_get_generic_port_mapping_entry.args"));
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->remote_host.is_wildcard());
  BOOST_TEST(r->external_port == 51413);
  BOOST_TEST((r->protocol.strict() == igdkit::protocol::tcp));
  BOOST_TEST(r->internal_port == 51413);
  BOOST_REQUIRE(r->internal_client.ip().has_value());
  BOOST_TEST(r->internal_client.ip()->to_string() == "192.168.1.20");
  BOOST_TEST(r->enabled);
  BOOST_TEST(r->description == "Transmission at 51413");
  BOOST_TEST(r->lease.count() == 3587);
}

BOOST_AUTO_TEST_CASE(fritzbox_total_bytes_above_32_bits) {
  auto r = decode_action_response<get_total_bytes_received>(response_from("fritzbox_get_total_bytes_received.args"));
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->total_bytes_received == 6442450944ull);
  BOOST_TEST(r->total_bytes_received > 0xFFFFFFFFull);
}

BOOST_AUTO_TEST_CASE(enabled_spelled_true) {
  auto r = decode_action_response<get_specific_port_mapping_entry>(
      response_from("enabled_true_get_specific_port_mapping_entry.args"));
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->enabled);
  BOOST_TEST(r->internal_port == 8080);
  BOOST_TEST(r->lease.count() == 0);
}

BOOST_AUTO_TEST_CASE(nat_rsip_status_with_pdf_spelling) {
  auto r = decode_action_response<get_nat_rsip_status>(response_from("nateenabled_get_nat_rsip_status.args"));
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(!r->rsip_available);
  BOOST_TEST(r->nat_enabled);
  // And when neither spelling is present, the primary name is reported.
  argument_diagnostic diag;
  auto missing = decode_arguments<get_nat_rsip_status_response>({{"NewRSIPAvailable", "0"}}, &diag);
  BOOST_TEST_REQUIRE(missing.has_error());
  BOOST_TEST((missing.error() == errc::missing_argument));
  BOOST_TEST(diag.argument == "NewNATEnabled");
}
