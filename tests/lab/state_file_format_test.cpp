#define BOOST_TEST_MODULE lab_state_file
#include <boost/test/unit_test.hpp>

#include "igdkit/sim/state_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace igdkit::sim;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;
namespace json = boost::json;

namespace {

// Whole-second wall clock so expiries round-trip exactly.
const state_clocks t0{clock::time_point{} + 100h, std::chrono::system_clock::time_point{} + 1'800'000'000s};

port_mapping mapping(std::uint16_t port, std::optional<clock::duration> lease, igdkit::protocol proto = igdkit::protocol::tcp) {
  port_mapping m;
  m.key = {std::nullopt, port, proto};
  m.internal_client = ip::make_address_v4("127.0.0.1");
  m.internal_port = static_cast<std::uint16_t>(port + 1);
  m.description = "svc " + std::to_string(port);
  if (lease) m.expires_at = t0.steady + *lease;
  return m;
}

persisted_state sample() {
  persisted_state s;
  s.boot_id = 7;
  s.wan_ip = ip::make_address_v4("100.64.0.10");
  s.public_ip = ip::make_address_v4("203.0.113.20");
  s.home.push_back(mapping(8080, std::nullopt));
  s.home.push_back(mapping(8080, 3600s, igdkit::protocol::udp));  // same port, other protocol
  auto restricted = mapping(9000, 60s);
  restricted.key.remote_host = ip::make_address_v4("198.51.100.7");
  restricted.enabled = false;
  restricted.description = "quotes \" and \\ and unicode \xc3\xa9 and \n newline";
  s.home.push_back(restricted);
  s.upstream.push_back(mapping(8080, std::nullopt));
  return s;
}

// parse_state on text built from a valid document with one field replaced.
std::string with(std::string_view pointer_key, const json::value& replacement) {
  auto doc = json::parse(serialize_state(sample(), t0));
  auto& o = doc.as_object();
  if (pointer_key.starts_with("home0.")) {
    o["home"].as_array()[0].as_object()[pointer_key.substr(6)] = replacement;
  } else {
    o[pointer_key] = replacement;
  }
  return json::serialize(doc);
}

struct failure {
  std::error_code code;
  std::string message;
};

failure fails(std::string_view text) {
  std::string message;
  auto r = parse_state(text, t0, &message);
  BOOST_TEST_REQUIRE(!r.has_value(), "parsed unexpectedly: " << text);
  return {r.error(), message};
}

void expect_corrupt(std::string_view text, std::string_view message_part) {
  const auto f = fails(text);
  BOOST_TEST((f.code == state_file_errc::corrupt), f.code.message());
  BOOST_TEST(f.message.find(message_part) != std::string::npos, "message: " << f.message << " / wanted: " << message_part);
}

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_is_exact) {
  const auto text = serialize_state(sample(), t0);
  std::string message;
  const auto back = parse_state(text, t0, &message);
  BOOST_REQUIRE_MESSAGE(back.has_value(), message);
  BOOST_TEST((*back == sample()));

  persisted_state empty;
  const auto fresh = parse_state(serialize_state(empty, t0), t0);
  BOOST_REQUIRE(fresh.has_value());
  BOOST_TEST((*fresh == empty));
}

BOOST_AUTO_TEST_CASE(description_bytes_that_are_not_utf8_are_replaced_so_the_file_stays_readable) {
  // SOAP descriptions reach the table unvalidated; JSON must be UTF-8.
  persisted_state s;
  s.home.push_back(mapping(8080, std::nullopt));
  s.home[0].description = "cam\xCA\xFF \xC3\xA9";
  std::string message;
  const auto back = parse_state(serialize_state(s, t0), t0, &message);
  BOOST_REQUIRE_MESSAGE(back.has_value(), message);
  BOOST_TEST(back->home.at(0).description == "cam\xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA9");
}

BOOST_AUTO_TEST_CASE(document_format) {
  const auto doc = json::parse(serialize_state(sample(), t0));
  BOOST_TEST(doc.at("format") == "igdkit-simrouter-state");
  BOOST_TEST(doc.at("version") == 1);
  BOOST_TEST(doc.at("boot_id") == 7);
  BOOST_TEST(doc.at("wan_ip") == "100.64.0.10");
  BOOST_TEST(doc.at("public_ip") == "203.0.113.20");
  const auto& home = doc.at("home").as_array();
  BOOST_REQUIRE(home.size() == 3u);
  BOOST_TEST(home[0] == json::parse(R"({"protocol":"TCP","external_port":8080,"remote_host":null,
      "internal_client":"127.0.0.1","internal_port":8081,"enabled":true,"description":"svc 8080","expires":null})"));
  // Wall-clock expiry in unix seconds: system "now" plus the steady time left.
  BOOST_TEST(home[1].at("expires") == 1'800'000'000 + 3600);
  BOOST_TEST(home[2].at("remote_host") == "198.51.100.7");
  BOOST_TEST(doc.at("upstream").as_array().size() == 1u);

  persisted_state no_addresses;
  const auto bare = json::parse(serialize_state(no_addresses, t0));
  BOOST_TEST(bare.at("wan_ip").is_null());
  BOOST_TEST(bare.at("public_ip").is_null());
}

BOOST_AUTO_TEST_CASE(leases_survive_a_restart_on_the_wall_clock) {
  const auto text = serialize_state(sample(), t0);
  // The host rebooted: the steady clock starts again near zero, 30 s of wall time have passed.
  const state_clocks later{clock::time_point{} + 5s, t0.system + 30s};
  const auto back = parse_state(text, later);
  BOOST_REQUIRE(back.has_value());
  BOOST_REQUIRE(back->home.size() == 3u);
  BOOST_TEST(!back->home[0].expires_at.has_value());
  BOOST_TEST((*back->home[1].expires_at == later.steady + 3570s));
  BOOST_TEST((*back->home[2].expires_at == later.steady + 30s));

  // 60 s later the one-minute lease is gone; exactly at expiry counts as gone too.
  const auto at_expiry = parse_state(text, {clock::time_point{} + 5s, t0.system + 60s});
  BOOST_REQUIRE(at_expiry.has_value());
  BOOST_TEST(at_expiry->home.size() == 2u);
  BOOST_TEST(at_expiry->home[1].key.external_port == 8080);
}

BOOST_AUTO_TEST_CASE(expired_mappings_are_not_written_and_live_ones_round_up) {
  auto s = sample();
  s.home.push_back(mapping(7000, 0s));          // expires exactly now
  s.home.push_back(mapping(7001, -5s));         // already gone
  s.home.push_back(mapping(7002, 300ms));       // alive for 0.3 s more
  const auto doc = json::parse(serialize_state(s, t0));
  const auto& home = doc.at("home").as_array();
  BOOST_REQUIRE(home.size() == 4u);
  BOOST_TEST(home[3].at("external_port") == 7002);
  BOOST_TEST(home[3].at("expires") == 1'800'000'000 + 1);  // rounded up, never shortened

  // A wall clock with a fraction: the stored second is the next one up.
  const state_clocks fractional{t0.steady, t0.system + 250ms};
  const auto doc2 = json::parse(serialize_state(sample(), fractional));
  BOOST_TEST(doc2.at("home").as_array()[1].at("expires") == 1'800'000'000 + 3601);
}

BOOST_AUTO_TEST_CASE(every_truncation_is_rejected) {
  const auto text = serialize_state(sample(), t0);
  BOOST_REQUIRE(text.back() == '\n');
  for (std::size_t n = 0; n + 1 < text.size(); ++n) {
    std::string message;
    auto r = parse_state(std::string_view(text).substr(0, n), t0, &message);
    BOOST_TEST_REQUIRE(!r.has_value(), "prefix " << n);
    BOOST_TEST_REQUIRE((r.error() == state_file_errc::corrupt || r.error() == state_file_errc::wrong_format));
    BOOST_TEST_REQUIRE(!message.empty());
  }
  BOOST_TEST(parse_state(std::string_view(text).substr(0, text.size() - 1), t0).has_value());  // only the newline cut
}

BOOST_AUTO_TEST_CASE(identity_and_version) {
  auto f = fails(with("format", "something-else"));
  BOOST_TEST((f.code == state_file_errc::wrong_format));
  BOOST_TEST(f.message == R"(field "format": must be "igdkit-simrouter-state", got "something-else")");
  f = fails(R"({"version":1})");
  BOOST_TEST((f.code == state_file_errc::wrong_format));
  BOOST_TEST(f.message == R"(field "format": required)");
  f = fails(R"({"name":"igdctl config"})");
  BOOST_TEST((f.code == state_file_errc::wrong_format));

  f = fails(with("version", 2));
  BOOST_TEST((f.code == state_file_errc::unsupported_version));
  BOOST_TEST(f.message == "version 2 is not supported (this build reads version 1)");
  BOOST_TEST((fails(with("version", -1)).code == state_file_errc::unsupported_version));
  expect_corrupt(with("version", "1"), R"(field "version": must be an integer, got "1")");
  expect_corrupt(R"({"format":"igdkit-simrouter-state"})", R"(field "version": required)");
}

BOOST_AUTO_TEST_CASE(corrupt_content_names_the_field) {
  expect_corrupt("", "invalid JSON at byte 0");
  expect_corrupt("\x00\x01garbage", "invalid JSON");
  expect_corrupt("[1,2]", "document: must be an object, got an array");
  expect_corrupt(std::string(10000, '[') + std::string(10000, ']'), "invalid JSON");  // too deep, no stack blow-up
  expect_corrupt(with("boot_id", "7"), R"(field "boot_id": must be an integer 1..2147483647, got "7")");
  expect_corrupt(with("boot_id", 0), R"(field "boot_id": must be an integer 1..2147483647, got 0)");
  expect_corrupt(with("wan_ip", "300.1.1.1"), R"(field "wan_ip": must be an IPv4 address)");
  expect_corrupt(with("public_ip", 5), R"(field "public_ip": must be an IPv4 address)");
  expect_corrupt(with("home", json::object{}), R"(field "home": must be an array of mappings, got an object)");
  expect_corrupt(with("upstream", nullptr), R"(field "upstream": must be an array of mappings, got null)");
  expect_corrupt(with("extra", true), R"(unknown field "extra")");
  expect_corrupt(with("home0.external_port", 0), R"(field "home[0].external_port": must be an integer 1..65535, got 0)");
  expect_corrupt(with("home0.external_port", 65536), R"(field "home[0].external_port": must be an integer 1..65535)");
  expect_corrupt(with("home0.internal_port", -80), R"(field "home[0].internal_port": must be an integer 1..65535)");
  expect_corrupt(with("home0.protocol", "tcp"), R"(field "home[0].protocol": must be "TCP" or "UDP", got "tcp")");
  expect_corrupt(with("home0.internal_client", "::1"), R"(field "home[0].internal_client": must be an IPv4 address)");
  expect_corrupt(with("home0.internal_client", json::string_view("1.2.3.4\0x", 9)), R"(field "home[0].internal_client")");
  expect_corrupt(with("home0.remote_host", ""), R"(field "home[0].remote_host": must be an IPv4 address)");
  expect_corrupt(with("home0.enabled", "yes"), R"(field "home[0].enabled": must be true or false)");
  expect_corrupt(with("home0.description", 3), R"(field "home[0].description": must be a string, got 3)");
  expect_corrupt(with("home0.expires", -5), R"(field "home[0].expires": must be null (permanent) or unix seconds)");
  expect_corrupt(with("home0.expires", 1.5), R"(field "home[0].expires": must be null (permanent) or unix seconds)");
  expect_corrupt(with("home0.expires", "soon"), R"(field "home[0].expires")");
  expect_corrupt(with("home0.expires", 1e300), R"(field "home[0].expires")");
  expect_corrupt(with("home0.color", "red"), R"(unknown field "home[0].color")");

  auto doc = json::parse(serialize_state(sample(), t0));
  doc.at("home").as_array()[1].as_object().erase("description");
  expect_corrupt(json::serialize(doc), R"(field "home[1].description": required)");
  doc.at("home").as_array()[1] = 42;
  expect_corrupt(json::serialize(doc), R"(field "home[1]": must be an object, got 42)");

  // The same key twice would lose a mapping when loaded; refuse instead.
  doc = json::parse(serialize_state(sample(), t0));
  auto& home = doc.at("home").as_array();
  home.push_back(home[0]);
  home.back().as_object()["internal_port"] = 1234;
  expect_corrupt(json::serialize(doc), R"(field "home[3]": duplicates an earlier mapping)");
}

BOOST_AUTO_TEST_CASE(error_category) {
  const std::error_code ec = state_file_errc::unsupported_version;
  BOOST_TEST(ec.category().name() == std::string("igdkit.lab.state_file"));
  BOOST_TEST(ec.message() == "state file version not supported");
  BOOST_TEST(std::error_code(state_file_errc::corrupt).message() == "state file is corrupt");
}

// The home router's identity is kept so a restart announces the same UUID; files written before
// it was kept (no "device_uuid") still load, and a malformed one is refused by name.
BOOST_AUTO_TEST_CASE(device_uuid_is_kept_and_checked) {
  auto s = sample();
  s.device_uuid = "0a1b2c3d-0000-4000-8000-00000000000f";
  const auto back = parse_state(serialize_state(s, t0), t0);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->device_uuid == s.device_uuid);

  auto doc = json::parse(serialize_state(s, t0));
  doc.as_object().erase("device_uuid");
  const auto older = parse_state(json::serialize(doc), t0);
  BOOST_REQUIRE(older.has_value());
  BOOST_TEST(older->device_uuid.empty());

  expect_corrupt(with("device_uuid", "not-a-uuid"), "field \"device_uuid\": must be a UUID string");
  expect_corrupt(with("device_uuid", 7), "field \"device_uuid\": must be a UUID string");
}
