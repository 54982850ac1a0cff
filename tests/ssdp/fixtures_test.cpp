// Walks fixtures/ssdp: every NAME.ssdp datagram must parse to what NAME.expect says.
#define BOOST_TEST_MODULE ssdp_fixtures
#include <boost/test/unit_test.hpp>

#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/parse.hpp"
#include "support/test_paths.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
namespace ssdp = igdkit::ssdp;

namespace {

const fs::path dir = igdkit::test::fixtures_dir() / "ssdp";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class T>
std::string opt(const std::optional<T>& v) {
  return v ? std::to_string(*v) : std::string();
}
std::string opt(const std::optional<std::chrono::seconds>& v) { return v ? std::to_string(v->count()) : ""; }

// Flattens a parsed message into the sidecar's key=value vocabulary.
std::map<std::string, std::string> fields_of(const ssdp::message& m, std::string& kind) {
  std::map<std::string, std::string> f;
  if (auto* r = std::get_if<ssdp::search_request>(&m)) {
    kind = "search";
    f = {{"host", r->host}, {"man", r->man}, {"mx", opt(r->mx)}, {"st", r->st.to_string()},
         {"user_agent", r->user_agent}, {"cpfn", r->cpfn}};
  } else if (auto* s = std::get_if<ssdp::search_response>(&m)) {
    kind = "response";
    f = {{"location", std::string(s->location.buffer())}, {"st", s->st.to_string()}, {"usn", s->usn},
         {"server", s->server}, {"max_age", std::to_string(s->max_age.count())}, {"ext", s->ext ? "1" : "0"},
         {"boot_id", opt(s->boot_id)}, {"config_id", opt(s->config_id)}, {"search_port", opt(s->search_port)}};
  } else {
    const auto& n = std::get<ssdp::notify_message>(m);
    kind = "notify";
    f = {{"host", n.host}, {"nt", n.nt.to_string()}, {"nts", std::string(ssdp::to_string(n.kind))},
         {"usn", n.usn}, {"location", n.location ? std::string(n.location->buffer()) : ""},
         {"max_age", std::to_string(n.max_age.count())}, {"server", n.server}, {"boot_id", opt(n.boot_id)},
         {"config_id", opt(n.config_id)}, {"next_boot_id", opt(n.next_boot_id)},
         {"search_port", opt(n.search_port)}};
  }
  return f;
}

void check_fixture(const fs::path& datagram) {
  const auto name = datagram.stem().string();
  BOOST_TEST_CONTEXT("fixture " << name) {
    auto expect_path = datagram;
    expect_path.replace_extension(".expect");
    BOOST_REQUIRE_MESSAGE(fs::exists(expect_path), "missing sidecar " << expect_path);
    std::istringstream expect(slurp(expect_path));
    std::string verdict, what;
    expect >> verdict >> what;
    const auto parsed = ssdp::parse_message(slurp(datagram));
    if (verdict == "error") {
      BOOST_REQUIRE_MESSAGE(parsed.has_error(), "parsed, but expected error " << what);
      BOOST_TEST((parsed.error().category() == ssdp::category()));
      BOOST_TEST(std::string(ssdp::to_string(static_cast<ssdp::errc>(parsed.error().value()))) == what);
      return;
    }
    BOOST_REQUIRE_EQUAL(verdict, "ok");
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), "expected success, got " << parsed.error().message());
    std::string kind;
    const auto actual = fields_of(*parsed, kind);
    BOOST_TEST(kind == what);
    std::string line;
    std::getline(expect, line);
    while (std::getline(expect, line)) {
      if (line.empty()) continue;
      const auto eq = line.find('=');
      BOOST_REQUIRE_MESSAGE(eq != std::string::npos, "bad sidecar line " << line);
      const auto key = line.substr(0, eq);
      const auto it = actual.find(key);
      BOOST_REQUIRE_MESSAGE(it != actual.end(), "unknown key " << key << " for kind " << kind);
      BOOST_TEST(it->second == line.substr(eq + 1), key);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_fixture_matches_its_sidecar) {
  std::size_t count = 0, errors = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".ssdp") continue;
    check_fixture(e.path());
    ++count;
    if (e.path().stem().string().starts_with("err_")) ++errors;
  }
  BOOST_TEST(count >= 25u);
  BOOST_TEST(errors >= 10u);
}

// Whatever the bytes, the parser answers with a value or an igdkit.ssdp error.
BOOST_AUTO_TEST_CASE(every_prefix_of_every_fixture_is_handled) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".ssdp") continue;
    const auto data = slurp(e.path());
    for (std::size_t n = 0; n <= data.size(); n += 7) {
      const auto r = ssdp::parse_message(std::string_view(data).substr(0, n));
      if (r.has_error()) BOOST_TEST((r.error().category() == ssdp::category()));
    }
  }
}
