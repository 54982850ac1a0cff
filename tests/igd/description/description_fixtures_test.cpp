// Walks fixtures/igd/descriptions: every <name>.json sidecar names a document (its own <name>.xml
// or "xml"), the LOCATION it was fetched from, optional limits/policy, and either the expected
// error or the expected parsed values, WAN connections and (optionally) the IGD selection.
#define BOOST_TEST_MODULE igd_description_fixtures
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/description.hpp"
#include "igdkit/igd/description_wan.hpp"
#include "igdkit/igd/selection.hpp"
#include "support/test_paths.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace igdkit::igd;

namespace {

const fs::path dir = igdkit::test::fixtures_dir() / "igd" / "descriptions";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << p);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::map<std::string, errc> error_names{
    {"xml_malformed", errc::xml_malformed},
    {"xml_too_large", errc::xml_too_large},
    {"xml_too_deep", errc::xml_too_deep},
    {"not_a_device_description", errc::not_a_device_description},
    {"missing_device_field", errc::missing_device_field},
    {"missing_service_field", errc::missing_service_field},
    {"too_many_devices", errc::too_many_devices},
    {"too_many_services", errc::too_many_services},
    {"invalid_url", errc::invalid_url},
    {"url_not_allowed", errc::url_not_allowed},
};

const std::map<std::string, service_kind> kind_names{
    {"wan_ip_connection", service_kind::wan_ip_connection},
    {"wan_ppp_connection", service_kind::wan_ppp_connection},
};

const std::map<std::string, igd_status> status_names{
    {"connected_public", igd_status::connected_public},
    {"connected_reserved", igd_status::connected_reserved},
    {"disconnected", igd_status::disconnected},
    {"not_igd", igd_status::not_igd},
};

std::size_t count_devices(const device& d) {
  std::size_t n = 1;
  for (const auto& sub : d.devices) n += count_devices(sub);
  return n;
}

std::size_t count_services(const device& d) {
  std::size_t n = d.services.size();
  for (const auto& sub : d.devices) n += count_services(sub);
  return n;
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

void check_optional_url(const json::object& expect, const char* key, const std::optional<boost::urls::url>& got) {
  if (!expect.contains(key)) return;
  const auto& v = expect.at(key);
  if (v.is_null()) {
    BOOST_TEST(!got.has_value(), key << " should be absent");
  } else {
    BOOST_TEST_REQUIRE(got.has_value(), key << " missing");
    BOOST_TEST(got->buffer() == str(v), key);
  }
}

void check_optional_service(const json::object& expect, const char* key, const std::optional<service>& got) {
  if (!expect.contains(key)) return;
  if (expect.at(key).is_null()) {
    BOOST_TEST(!got.has_value(), key << " should be absent");
  } else {
    BOOST_TEST_REQUIRE(got.has_value(), key << " missing");
    BOOST_TEST(got->control_url.buffer() == str(expect.at(key)), key);
  }
}

void check_success(const json::object& expect, const description& desc) {
  BOOST_TEST(desc.root.device_type == str(expect.at("device_type")));
  BOOST_TEST(desc.root.udn == str(expect.at("udn")));
  if (expect.contains("friendly_name")) BOOST_TEST(desc.root.friendly_name == str(expect.at("friendly_name")));
  if (expect.contains("url_base")) {
    const auto& v = expect.at("url_base");
    if (v.is_null()) BOOST_TEST(!desc.url_base.has_value());
    else BOOST_TEST((desc.url_base && desc.url_base->buffer() == str(v)));
  }
  if (expect.contains("config_id")) {
    BOOST_TEST_REQUIRE(desc.config_id.has_value());
    BOOST_TEST(*desc.config_id == expect.at("config_id").to_number<std::uint32_t>());
  }
  if (expect.contains("spec_version")) {
    const auto& sv = expect.at("spec_version").as_array();
    BOOST_TEST_REQUIRE(desc.version.has_value());
    BOOST_TEST(desc.version->major == sv.at(0).to_number<std::uint32_t>());
    BOOST_TEST(desc.version->minor == sv.at(1).to_number<std::uint32_t>());
  }
  check_optional_url(expect, "presentation_url", desc.root.presentation_url);
  BOOST_TEST(count_devices(desc.root) == expect.at("device_count").to_number<std::size_t>());
  BOOST_TEST(count_services(desc.root) == expect.at("service_count").to_number<std::size_t>());
  BOOST_TEST(is_igd(desc) == expect.at("is_igd").as_bool());

  auto found = find_wan_connections(desc);
  const auto& want = expect.at("wan_connections").as_array();
  BOOST_TEST_REQUIRE(found.size() == want.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    BOOST_TEST_CONTEXT("wan connection " << i) {
      const auto& w = want[i].as_object();
      const auto& c = found[i];
      BOOST_TEST((c.connection.kind == kind_names.at(str(w.at("kind")))));
      BOOST_TEST(c.connection.version == w.at("version").to_number<std::uint32_t>());
      BOOST_TEST(c.connection.control_url.buffer() == str(w.at("control_url")));
      check_optional_url(w, "scpd_url", c.connection.scpd_url);
      check_optional_url(w, "event_url", c.connection.event_url);
      BOOST_TEST(c.connection_device_udn == str(w.at("connection_device_udn")));
      BOOST_TEST(c.wan_device_udn == str(w.at("wan_device_udn")));
      check_optional_service(w, "common_interface_config", c.common_interface_config);
      check_optional_service(w, "ipv6_firewall", c.ipv6_firewall);
    }
  }

  if (expect.contains("selection")) {
    std::vector<candidate> candidates;
    std::vector<std::string> statuses;  // keeps the string_views alive
    const json::array empty;
    const auto& probes = expect.contains("probes") ? expect.at("probes").as_array() : empty;
    BOOST_TEST_REQUIRE(probes.size() == found.size());
    statuses.reserve(probes.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
      const auto& p = probes[i].as_object();
      statuses.push_back(str(p.at("status")));
      candidate cand{found[i].connection.kind, found[i].connection.version, statuses.back(), std::nullopt};
      if (!p.at("external_ip").is_null())
        cand.external_ip = boost::asio::ip::make_address(str(p.at("external_ip")));
      candidates.push_back(cand);
    }
    const auto& sel = expect.at("selection").as_object();
    auto got = select_connection(candidates);
    BOOST_TEST((got.status == status_names.at(str(sel.at("status")))));
    if (sel.at("index").is_null()) BOOST_TEST(!got.index.has_value());
    else BOOST_TEST((got.index && *got.index == sel.at("index").to_number<std::size_t>()));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_fixture_matches_its_sidecar) {
  BOOST_TEST_REQUIRE(fs::is_directory(dir));
  std::set<std::string> xml_files, referenced;
  std::size_t ok_cases = 0, error_cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") xml_files.insert(entry.path().filename().string());
    if (entry.path().extension() != ".json") continue;
    auto name = entry.path().stem().string();
    BOOST_TEST_CONTEXT("fixture " << name) {
      auto expect = json::parse(slurp(entry.path())).as_object();
      std::string xml_name = expect.contains("xml") ? str(expect.at("xml")) : name + ".xml";
      referenced.insert(xml_name);
      auto xml = slurp(dir / xml_name);
      const std::string location_text = str(expect.at("location"));  // the url_view refers to it
      auto location = boost::urls::parse_uri(location_text);
      BOOST_TEST_REQUIRE(location.has_value());

      description_limits limits;
      if (expect.contains("limits")) {
        const auto& l = expect.at("limits").as_object();
        if (l.contains("max_size")) limits.max_size = l.at("max_size").to_number<std::size_t>();
        if (l.contains("max_depth")) limits.max_depth = l.at("max_depth").to_number<std::size_t>();
        if (l.contains("max_devices")) limits.max_devices = l.at("max_devices").to_number<std::size_t>();
        if (l.contains("max_services")) limits.max_services = l.at("max_services").to_number<std::size_t>();
      }
      auto policy = url_policy::same_host;
      if (expect.contains("policy") && str(expect.at("policy")) == "allow_any_host") policy = url_policy::allow_any_host;

      auto parsed = parse_description(xml, *location, limits, policy);
      if (expect.contains("error")) {
        ++error_cases;
        auto want = make_error_code(error_names.at(str(expect.at("error"))));
        BOOST_TEST_REQUIRE(parsed.has_error(), "expected " << want.message());
        BOOST_TEST(parsed.error() == want, parsed.error().message() << " != " << want.message());
      } else {
        ++ok_cases;
        BOOST_TEST_REQUIRE(parsed.has_value(), "unexpected error: " << parsed.error().message());
        check_success(expect, *parsed);
      }
    }
  }
  // Every document is exercised by some sidecar, and the corpus has not silently shrunk.
  for (const auto& x : xml_files) BOOST_TEST(referenced.count(x) == 1u, x << " has no sidecar");
  BOOST_TEST(ok_cases >= 12u);
  BOOST_TEST(error_cases >= 10u);
}
