// Response decoding is strict on what matters and tolerant of the rest (miniupnpc and tailscale
// read routers this way); request decoding, which simrouter uses, stays exact.
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/actions.hpp"

#include <algorithm>
#include <string>

using namespace igdkit::igd;
using igdkit::soap::action_response;
using igdkit::soap::argument_list;

namespace {
action_response answer(argument_list args) {
  return {"urn:dslforum-org:service:WANPPPConnection:1", "", std::move(args), std::nullopt};
}

bool has_note(const argument_diagnostic& diag, std::string_view argument, decode_issue issue) {
  return std::any_of(diag.notes.begin(), diag.notes.end(),
                     [&](const decode_note& n) { return n.argument == argument && n.issue == issue; });
}
}  // namespace

// tailscale net/portmapper/upnp_test.go, testLegacyGetStatusInfoResponse (Huawei HG531 V1):
// the legacy dslforum service spells the uptime NewUpTime.
BOOST_AUTO_TEST_CASE(huawei_hg531_uptime_with_capital_t) {
  argument_diagnostic diag;
  auto r = decode_action_response<get_status_info>(
      answer({{"NewConnectionStatus", "Connected"}, {"NewLastConnectionError", "ERROR_NONE"}, {"NewUpTime", "9999"}}),
      &diag);
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message());
  BOOST_TEST(r->connection_status == "Connected");
  BOOST_TEST(r->last_connection_error == "ERROR_NONE");
  BOOST_TEST(r->uptime.count() == 9999);
  BOOST_TEST(has_note(diag, "NewUptime", decode_issue::name_case));
}

BOOST_AUTO_TEST_CASE(missing_optional_output_is_left_empty_and_noted) {
  argument_diagnostic diag;
  auto r = decode_action_response<get_status_info>(answer({{"NewConnectionStatus", "Connected"}}), &diag);
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message());
  BOOST_TEST(r->connection_status == "Connected");
  BOOST_TEST(r->uptime.count() == 0);
  BOOST_TEST(has_note(diag, "NewUptime", decode_issue::missing));
  BOOST_TEST(has_note(diag, "NewLastConnectionError", decode_issue::missing));
}

BOOST_AUTO_TEST_CASE(malformed_optional_output_is_left_empty_and_noted) {
  argument_diagnostic diag;
  auto r = decode_action_response<get_status_info>(
      answer({{"NewConnectionStatus", "Connected"}, {"NewLastConnectionError", "ERROR_NONE"}, {"NewUptime", "-1"}}),
      &diag);
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message());
  BOOST_TEST(r->uptime.count() == 0);
  BOOST_TEST_REQUIRE(diag.notes.size() == 1u);
  BOOST_TEST(diag.notes[0].argument == "NewUptime");
  BOOST_TEST((diag.notes[0].issue == decode_issue::malformed));
  BOOST_TEST(diag.notes[0].received == "-1");
}

BOOST_AUTO_TEST_CASE(unknown_extra_output_is_ignored) {
  argument_diagnostic diag;
  auto r = decode_action_response<get_external_ip_address>(
      answer({{"X_AVM_DE_Extra", "1"}, {"NewExternalIPAddress", "203.0.113.9"}}), &diag);
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message());
  BOOST_TEST(r->external_ip->to_string() == "203.0.113.9");
  BOOST_TEST(diag.notes.empty());
}

BOOST_AUTO_TEST_CASE(required_output_missing_still_fails_and_names_it) {
  argument_diagnostic diag;
  auto r = decode_action_response<get_external_ip_address>(answer({}), &diag);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST((r.error() == errc::missing_argument));
  BOOST_TEST(diag.argument == "NewExternalIPAddress");
}

BOOST_AUTO_TEST_CASE(required_output_malformed_still_fails_and_names_it) {
  argument_diagnostic diag;
  auto r = decode_action_response<get_external_ip_address>(answer({{"NewExternalIPAddress", "not-an-ip"}}), &diag);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST((r.error() == errc::invalid_argument_value));
  BOOST_TEST(diag.argument == "NewExternalIPAddress");
}

BOOST_AUTO_TEST_CASE(required_output_matched_case_insensitively) {
  auto r = decode_action_response<get_external_ip_address>(answer({{"newexternalipaddress", "203.0.113.9"}}));
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message());
  BOOST_TEST(r->external_ip->to_string() == "203.0.113.9");
}

BOOST_AUTO_TEST_CASE(exact_spelling_wins_over_a_case_variant) {
  auto r = decode_action_response<get_external_ip_address>(
      answer({{"NEWEXTERNALIPADDRESS", "198.51.100.1"}, {"NewExternalIPAddress", "203.0.113.9"}}));
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message());
  BOOST_TEST(r->external_ip->to_string() == "203.0.113.9");
}

// The router side must keep answering 402 for a wrong argument name: a case variant of an
// in-argument is not accepted there.
BOOST_AUTO_TEST_CASE(request_decoding_stays_exact) {
  argument_diagnostic diag;
  auto r = decode_arguments<port_mapping_key>(
      {{"NewRemoteHost", ""}, {"NewExternalPort", "80"}, {"newprotocol", "TCP"}}, &diag);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST((r.error() == errc::missing_argument));
  BOOST_TEST(diag.argument == "NewProtocol");
}

// Request decoding ignores the optional marks: every in-argument is required on the router.
BOOST_AUTO_TEST_CASE(request_decoding_ignores_optional_marks) {
  argument_diagnostic diag;
  auto r = decode_arguments<add_port_mapping_request>({{"NewRemoteHost", ""},
                                                       {"NewExternalPort", "80"},
                                                       {"NewProtocol", "TCP"},
                                                       {"NewInternalPort", "80"},
                                                       {"NewInternalClient", "192.168.1.2"},
                                                       {"NewEnabled", "1"},
                                                       {"NewPortMappingDescription", "x"}},
                                                      &diag);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST(diag.argument == "NewLeaseDuration");
}
