// Real routers' captured descriptions and SOAP answers (fixtures/devices/manifest.tsv) replayed
// by the loopback fake: igd::client opens each description and must pick the right service,
// POST to its control URL, and read the captured values.
#define BOOST_TEST_MODULE igd_device_replay
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/client.hpp"
#include "igdkit/igd/json.hpp"
#include "support/scripted_http_server.hpp"
#include "support/test_paths.hpp"

#include <boost/asio.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace igd = igdkit::igd;
using namespace std::chrono_literals;

namespace {

const std::string devices_dir = (igdkit::test::fixtures_dir() / "devices").string() + "/";

struct device_row {
  std::string device, firmware, source, location, service_type, control_path, connection_status, uptime, external_ip,
      captured_origin;
};

std::vector<device_row> load_manifest() {
  std::ifstream in(devices_dir + "manifest.tsv");
  BOOST_TEST_REQUIRE(in.good(), "cannot open manifest.tsv");
  std::vector<device_row> rows;
  bool header = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cols;
    std::stringstream split(line);
    for (std::string col; std::getline(split, col, '\t');) cols.push_back(col);
    BOOST_TEST_REQUIRE(cols.size() == 10u, "manifest line needs 10 columns: " << line);
    rows.push_back({cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], cols[9]});
  }
  return rows;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string http_ok(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=\"utf-8\"\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

const std::string not_found = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

struct open_outcome {
  std::error_code ec;
  igd::gateway gateway;
  igd::diagnostics diag;
};

open_outcome replay(const device_row& row, igdkit::test::scripted_http_server& server, asio::io_context& ioc) {
  // Where the capture names the router's own address, put the fake's there. libtorrent's
  // captures carry their test's own placeholders (%s:%d, %d) for the replaying server.
  const auto localise = [&](std::string text) {
    replace_all(text, "%s:%d", "127.0.0.1:" + std::to_string(server.port()));
    replace_all(text, "%d", std::to_string(server.port()));
    if (row.captured_origin.starts_with("host:"))  // the router's host on several ports: keep the ports
      replace_all(text, "//" + row.captured_origin.substr(5), "//127.0.0.1");
    else if (row.captured_origin != "-") {  // one or more spellings of the router's origin, space-separated
      std::stringstream origins(row.captured_origin);
      for (std::string origin; origins >> origin;) replace_all(text, origin, server.url(""));
    }
    return text;
  };
  // <name>.http is a whole captured HTTP response (status line, the router's headers, body),
  // served as captured (a raw description must then be close-delimited, without Content-Length);
  // <name>.xml is a body alone, served in a plain 200 OK.
  const auto captured = [&](const std::string& name, bool localised) -> std::optional<std::string> {
    const std::string stem = devices_dir + row.device + "/" + name;
    if (auto raw = read_file(stem + ".http")) return localised ? localise(*raw) : *raw;
    if (auto body = read_file(stem + ".xml")) return http_ok(localised ? localise(*body) : *body);
    return std::nullopt;
  };
  auto description = captured("description", true);
  BOOST_TEST_REQUIRE(description.has_value(), "no description.xml or description.http for " << row.device);
  server.add_route(row.location, *description);
  for (const char* action : {"GetStatusInfo", "GetExternalIPAddress"})
    if (auto answer = captured(action, false)) server.add_soap_route(row.control_path, action, *answer);

  open_outcome out;
  bool done = false;
  igd::client c(ioc.get_executor());
  const std::string location = server.url(row.location);
  auto url = boost::urls::parse_uri(location);
  BOOST_TEST_REQUIRE(url.has_value());
  c.async_open(*url, out.diag, [&](std::error_code ec, igd::gateway g) {
    out.ec = ec;
    out.gateway = std::move(g);
    done = true;
    ioc.stop();
  });
  ioc.run_for(20s);
  BOOST_TEST_REQUIRE(done, "open never completed for " << row.device);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_device_in_the_manifest) {
  const auto rows = load_manifest();
  BOOST_TEST(rows.size() >= 20u);  // issue 12 §2: at least 20 real devices
  for (const auto& row : rows) {
    BOOST_TEST_CONTEXT(row.device << " (" << row.firmware << ", " << row.source << ")") {
      asio::io_context ioc;
      igdkit::test::scripted_http_server server(ioc, not_found);
      const auto out = replay(row, server, ioc);
      BOOST_TEST_REQUIRE(!out.ec, out.ec.message());
      BOOST_TEST(out.gateway.connection.connection.service_type == row.service_type);

      // Every control request went to the chosen service's control URL, as the description names it.
      std::vector<std::string> posted;
      for (const auto& req : server.requests)
        if (req.method() == boost::beast::http::verb::post) posted.emplace_back(req.target());
      BOOST_TEST_REQUIRE(!posted.empty());
      BOOST_TEST(std::count(posted.begin(), posted.end(), row.control_path) > 0);
      BOOST_TEST(std::string(out.gateway.connection.connection.control_url.encoded_target()) == row.control_path);

      if (row.connection_status != "-") {
        BOOST_TEST(out.gateway.status.connection_status == row.connection_status);
        BOOST_TEST(igd::to_string(out.gateway.rank) == "connected_public");
      }
      if (row.uptime != "-") BOOST_TEST(std::to_string(out.gateway.status.uptime.count()) == row.uptime);
      if (row.external_ip != "-") {
        BOOST_TEST_REQUIRE(out.gateway.external_ip.has_value());
        BOOST_TEST(out.gateway.external_ip->to_string() == row.external_ip);
      }
    }
  }
}
