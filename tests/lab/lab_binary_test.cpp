// The simrouter binary as a user runs it: --list-profiles, the ready line per mode, --config,
// refusals (unknown or conflicting profiles, a bad config file) with their exit codes and
// messages, and the stdout lines that name each public endpoint, which really forward.
#define BOOST_TEST_MODULE lab_binary
#include <boost/test/unit_test.hpp>

#include "running_binary.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <atomic>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace igdkit;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

const std::array<const char*, 21> documented_profiles{
    "miniupnpd-v1",        "miniupnpd-v2",         "permanent-lease-only", "lease-402",
    "conflict-501",        "same-port-only",       "case-sensitive-protocol", "soap-env-prefix",
    "faultcode-caps",      "fault-no-faultstring", "chunked-responses",    "bogus-urlbase",
    "wanppp-only",         "two-wan-devices",      "igd1-ssdp-igd2-desc",  "multicast-only-ssdp",
    "exact-st-only",       "external-ip-zero",     "reboot-forgets",       "small-table",
    "status-up"};

std::pair<std::error_code, std::string> fetch(const boost::urls::url& url) {
  asio::io_context io;
  std::pair<std::error_code, std::string> out;
  soap::async_http_get(io.get_executor(), url, soap::http_options{},
                       [&](std::error_code ec, std::string body) { out = {ec, std::move(body)}; });
  io.run();
  return out;
}

// A LAN service in the test process, on its own thread: echoes every connection.
class echo_server {
 public:
  echo_server() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~echo_server() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  struct session : std::enable_shared_from_this<session> {
    explicit session(asio::ip::tcp::socket s) : socket(std::move(s)) {}
    void read() {
      socket.async_read_some(asio::buffer(buf), [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
        if (ec) return;
        asio::async_write(self->socket, asio::buffer(self->buf.data(), n),
                          [self](boost::system::error_code wec, std::size_t) {
                            if (!wec) self->read();
                          });
      });
    }
    asio::ip::tcp::socket socket;
    std::array<char, 4096> buf{};
  };
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, asio::ip::tcp::socket s) {
      if (ec) return;
      ++accepted_;
      std::make_shared<session>(std::move(s))->read();
      accept();
    });
  }

  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = acceptor_.local_endpoint().port();
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

bool echoes_through(const asio::ip::tcp::endpoint& ep, const std::string& text) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  boost::system::error_code ec;
  s.connect(ep, ec);
  if (ec) return false;
  asio::write(s, asio::buffer(text), ec);
  if (ec) return false;
  std::string back(text.size(), '\0');
  asio::read(s, asio::buffer(back), ec);
  return !ec && back == text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(list_profiles_names_every_documented_profile) {
  temp_dir dir;
  const auto r = run_simrouter({"--list-profiles"}, dir.path(), "list");
  BOOST_TEST(r.exit_code == 0, r.err);
  for (const char* name : documented_profiles) BOOST_TEST(r.out.find(name) != std::string::npos, "missing " << name);
}

BOOST_AUTO_TEST_CASE(cgnat_ready_line_has_carrier_addresses_and_admin_url) {
  temp_dir dir;
  running_binary b(dir, "cgnat", {"--mode", "cgnat"});
  BOOST_TEST(b.ready.find(" mode=cgnat wan=100.64.0.10 public=203.0.113.20") != std::string::npos, b.ready);
  BOOST_REQUIRE(b.fields.count("admin"));
  BOOST_TEST(b.fields.at("admin").starts_with("http://127.0.0.1:"));
  // The admin URL answers, with the same addresses.
  auto state = admin_call(parse_url(b.fields.at("admin")), http::verb::get, "/state");
  BOOST_REQUIRE_MESSAGE(!state.ec, state.ec.message());
  BOOST_TEST(state.status == 200u);
  const auto doc = state.json().as_object();
  BOOST_TEST(doc.at("mode").as_string() == "cgnat");
  BOOST_TEST(doc.at("wan_ip").as_string() == "100.64.0.10");
  // And so does the IGD: GetExternalIPAddress is the carrier-side WAN address.
  igd::client c(asio::system_executor{});
  c.open(b.location());
  const auto ip = c.external_ip();
  BOOST_REQUIRE(ip.has_value());
  BOOST_TEST(ip->to_string() == "100.64.0.10");
}

// Each instance has its own identity (not the nil UUID every simrouter used to announce); with
// --state it survives a restart; --uuid-seed makes it reproducible; a bad --uuid is refused.
BOOST_AUTO_TEST_CASE(device_uuid_is_per_instance_and_kept_across_restarts_with_state) {
  temp_dir dir;
  const auto state = (dir / "state.json").string();
  std::string first;
  {
    running_binary a(dir, "uuid-a", {"--state", state});
    running_binary b(dir, "uuid-b", {});
    first = a.fields.at("uuid");
    BOOST_TEST(first.size() == 36u, a.ready);
    BOOST_TEST(first != b.fields.at("uuid"));
    BOOST_TEST(first != "00000000-0000-0000-0000-000000000000");
    const auto [ec, body] = fetch(a.location());
    BOOST_REQUIRE(!ec);
    BOOST_TEST(body.find("<UDN>uuid:" + first + "</UDN>") != std::string::npos);
  }
  {
    running_binary again(dir, "uuid-again", {"--state", state});
    BOOST_TEST(again.fields.at("uuid") == first, again.ready);
  }
  {
    running_binary s1(dir, "seed-1", {"--uuid-seed", "lab-a"});
    running_binary s2(dir, "seed-2", {"--uuid-seed", "lab-a"});
    BOOST_TEST(s1.fields.at("uuid") == s2.fields.at("uuid"));
    BOOST_TEST(s1.fields.at("uuid") != first);
  }
  const auto r = run_simrouter({"--uuid", "not-a-uuid"}, dir.path(), "bad-uuid");
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(r.err.find("--uuid: not a UUID") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(no_admin_leaves_admin_out_of_the_ready_line) {
  temp_dir dir;
  running_binary b(dir, "noadmin", {"--no-admin"});
  BOOST_TEST(b.fields.count("admin") == 0u, b.ready);
  BOOST_TEST(b.fields.at("mode") == "nat");
}

BOOST_AUTO_TEST_CASE(unknown_profile_is_refused_by_name) {
  temp_dir dir;
  const auto r = run_simrouter({"--profile", "nope"}, dir.path(), "nope");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.exit_code != -1);  // exited by itself, did not hang or crash
  BOOST_TEST(r.err.find("nope") != std::string::npos, r.err);
  BOOST_TEST(r.out.find("simrouter ready") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(conflicting_profiles_are_refused) {
  // The profile table states this pair on purpose: spec-strict protocol names against
  // miniupnpd's any-case ones.
  const char* const conflict_a = "case-sensitive-protocol";
  const char* const conflict_b = "miniupnpd-v2";
  temp_dir dir;
  const auto r = run_simrouter({"--profile", conflict_a, "--profile", conflict_b}, dir.path(), "conflict");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.exit_code != -1);
  BOOST_TEST(r.out.find("simrouter ready") == std::string::npos);
  BOOST_TEST(r.err.find(conflict_a) != std::string::npos, r.err);
  BOOST_TEST(r.err.find(conflict_b) != std::string::npos, r.err);
  // Each one alone is fine.
  for (const char* p : {conflict_a, conflict_b}) {
    running_binary b(dir, std::string("alone-") + p, {"--profile", p});
    BOOST_TEST(b.ready.starts_with("simrouter ready "));
  }
}

BOOST_AUTO_TEST_CASE(config_file_is_honoured) {
  temp_dir dir;
  const auto config = dir / "lab.json";
  write_text(config, R"({"mode":"double-nat","igd_version":1})");
  running_binary b(dir, "config", {"--config", config.string()});
  BOOST_TEST(b.ready.find(" mode=double-nat wan=192.168.1.10 public=203.0.113.30") != std::string::npos, b.ready);
  auto [ec, body] = fetch(b.location());
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  BOOST_TEST(body.find("urn:schemas-upnp-org:device:InternetGatewayDevice:1") != std::string::npos);
  BOOST_TEST(body.find("InternetGatewayDevice:2") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(flags_override_the_config_file) {
  temp_dir dir;
  const auto config = dir / "lab.json";
  write_text(config, R"({"mode":"double-nat","igd_version":1})");
  running_binary b(dir, "override", {"--config", config.string(), "--mode", "no-nat"});
  BOOST_TEST(b.fields.at("mode") == "no-nat");
  auto [ec, body] = fetch(b.location());
  BOOST_REQUIRE(!ec);
  BOOST_TEST(body.find("InternetGatewayDevice:1") != std::string::npos);  // igd_version still from the file
}

BOOST_AUTO_TEST_CASE(bad_config_exits_2_naming_the_field) {
  temp_dir dir;
  const auto config = dir / "bad.json";
  write_text(config, R"({"mode":"nat","http_port":70000})");
  auto r = run_simrouter({"--config", config.string()}, dir.path(), "badconfig");
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(r.err.find("http_port") != std::string::npos, r.err);
  BOOST_TEST(r.out.find("simrouter ready") == std::string::npos);

  write_text(config, R"({"mode":"triple-nat"})");
  r = run_simrouter({"--config", config.string()}, dir.path(), "badmode");
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(r.err.find("mode") != std::string::npos, r.err);

  write_text(config, R"({"mdoe":"nat"})");  // typos are not ignored
  r = run_simrouter({"--config", config.string()}, dir.path(), "typo");
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(r.err.find("mdoe") != std::string::npos, r.err);

  r = run_simrouter({"--config", (dir / "missing.json").string()}, dir.path(), "missing");
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(r.err.find("missing.json") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(mapping_prints_its_public_endpoint_which_reaches_the_lan_service) {
  temp_dir dir;
  echo_server lan_service;
  running_binary b(dir, "datapath", {"--mode", "nat"});
  igd::client c(asio::system_executor{});
  c.open(b.location());
  igd::mapping_request m;
  m.external_port = 43210;
  m.internal_port = lan_service.port();
  m.internal_client = asio::ip::make_address("127.0.0.1");
  m.description = "lab-binary";
  c.add_port_mapping(m);

  const std::string lan = "(LAN 127.0.0.1:" + std::to_string(lan_service.port()) + ")";
  auto line = b.process.wait_for_line("public TCP 203.0.113.10:43210 -> ", 5s);
  BOOST_REQUIRE_MESSAGE(line.has_value(), "no endpoint line; stdout: " << b.process.out());
  BOOST_TEST(line->find(lan) != std::string::npos, *line);
  // "public TCP 203.0.113.10:43210 -> 127.0.0.1:PORT (LAN ...)"
  const auto arrow = line->find(" -> ");
  const auto space = line->find(' ', arrow + 4);
  const std::string loopback = line->substr(arrow + 4, space - arrow - 4);
  BOOST_TEST_MESSAGE("loopback endpoint " << loopback);
  BOOST_REQUIRE(loopback.starts_with("127.0.0.1:"));
  const auto port = static_cast<std::uint16_t>(std::stoul(loopback.substr(10)));
  const asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
  BOOST_TEST(echoes_through(ep, "from the simulated Internet"));
  BOOST_TEST(lan_service.accepted() >= 1);

  c.invoke<igd::delete_port_mapping>({{}, 43210, protocol::tcp});
  auto gone = b.process.wait_for_line("withdrawn TCP 203.0.113.10:43210", 5s);
  BOOST_REQUIRE_MESSAGE(gone.has_value(), "no withdrawn line; stdout: " << b.process.out());
  BOOST_TEST(!echoes_through(ep, "nobody home"));
}
