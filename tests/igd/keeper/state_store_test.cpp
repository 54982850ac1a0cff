// The keeper's state file: round trip, every corrupt field named, missing = fresh start.
#define BOOST_TEST_MODULE igd_keeper_state
#include <boost/test/unit_test.hpp>

#include "igdkit/file_io.hpp"
#include "igdkit/igd/error.hpp"
#include "igdkit/igd/keeper/state_store.hpp"

#include <filesystem>
#include <unistd.h>

using namespace igdkit;
using namespace igdkit::igd::keeper;

namespace {

saved_state sample() {
  return {"uuid:1234",
          {{{"cam1", "rtsp"}, protocol::tcp, 555, boost::asio::ip::make_address_v4("192.168.1.20"), 554, false},
           {{"user:bob", "stun"}, protocol::udp, 3478, boost::asio::ip::make_address_v4("192.168.1.21"), 3478, true}}};
}

struct temp_dir {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("igdkit-keeper-" + std::to_string(::getpid()));
  temp_dir() { std::filesystem::create_directories(path); }
  ~temp_dir() { std::filesystem::remove_all(path); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip) {
  auto text = render_state(sample());
  auto back = parse_state(text);
  BOOST_REQUIRE(back);
  BOOST_TEST(back->gateway_udn == "uuid:1234");
  BOOST_TEST((back->ports == sample().ports));
}

BOOST_AUTO_TEST_CASE(every_bad_field_is_named) {
  const std::string good = render_state(sample());
  struct bad_case {
    std::string text;
    igd::errc code;
    std::string mentions;
  };
  auto replace = [&](std::string from, std::string to) {
    auto s = good;
    auto at = s.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  const bad_case cases[] = {
      {"{not json", igd::errc::state_file_corrupt, "not JSON"},
      {"[]", igd::errc::state_file_corrupt, "object"},
      {replace("igdkit-keeper-state", "other"), igd::errc::state_file_unsupported, "format"},
      {replace("\"version\":1", "\"version\":2"), igd::errc::state_file_unsupported, "version"},
      {replace("\"external_port\":555", "\"external_port\":0"), igd::errc::state_file_corrupt, "ports[0].external_port"},
      {replace("\"external_port\":555", "\"external_port\":70000"), igd::errc::state_file_corrupt, "ports[0].external_port"},
      {replace("\"protocol\":\"TCP\"", "\"protocol\":\"SCTP\""), igd::errc::state_file_corrupt, "ports[0].protocol"},
      {replace("\"192.168.1.20\"", "\"cam.lan\""), igd::errc::state_file_corrupt, "ports[0].internal_client"},
      {replace("\"permanent\":true", "\"permanent\":\"yes\""), igd::errc::state_file_corrupt, "ports[1].permanent"},
      {replace("\"set\":\"cam1\"", "\"set\":1"), igd::errc::state_file_corrupt, "ports[0].set"},
      {replace("\"ports\":[", "\"ports\":\"none\",\"old\":["), igd::errc::state_file_corrupt, "ports: expected an array"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      std::string why;
      auto r = parse_state(c.text, &why);
      BOOST_REQUIRE(!r);
      BOOST_TEST((r.error() == c.code));
      BOOST_TEST(why.find(c.mentions) != std::string::npos, why);
    }
  }
}

BOOST_AUTO_TEST_CASE(file_missing_is_fresh_and_saved_file_loads) {
  temp_dir dir;
  auto path = dir.path / "ports.json";
  auto empty = load_state(path);
  BOOST_REQUIRE(empty);
  BOOST_TEST(empty->ports.empty());
  BOOST_REQUIRE(!save_state(path, sample()));
  auto loaded = load_state(path);
  BOOST_REQUIRE(loaded);
  BOOST_TEST((loaded->ports == sample().ports));
  BOOST_REQUIRE(!write_file_atomically(path, "garbage"));
  std::string why;
  auto corrupt = load_state(path, &why);
  BOOST_REQUIRE(!corrupt);
  BOOST_TEST(why.find(path.string()) != std::string::npos);
}
