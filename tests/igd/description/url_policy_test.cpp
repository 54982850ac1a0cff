#define BOOST_TEST_MODULE igd_description_unit
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/error.hpp"
#include "igdkit/igd/url_policy.hpp"

#include <boost/url/parse.hpp>

#include <optional>
#include <string_view>

using namespace igdkit::igd;
namespace urls = boost::urls;

namespace {

urls::url_view uv(std::string_view s) { return urls::parse_uri(s).value(); }

std::optional<std::string> base_of(std::string_view location, std::optional<std::string_view> url_base) {
  std::optional<urls::url_view> b;
  if (url_base) b = urls::parse_uri_reference(*url_base).value();
  auto r = effective_base(uv(location), b);
  if (!r) return std::nullopt;
  return std::string(r->buffer());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(effective_base_rules)

BOOST_AUTO_TEST_CASE(location_when_no_url_base) {
  BOOST_TEST(*base_of("http://192.168.1.1:5000/rootDesc.xml", std::nullopt) == "http://192.168.1.1:5000/rootDesc.xml");
}

BOOST_AUTO_TEST_CASE(url_base_wins_when_usable) {
  BOOST_TEST(*base_of("http://192.168.1.1:5000/rootDesc.xml", "http://192.168.1.1:80/upnp/") ==
             "http://192.168.1.1:80/upnp/");
}

BOOST_AUTO_TEST_CASE(loopback_or_unspecified_url_base_takes_location_host) {
  BOOST_TEST(*base_of("http://192.168.0.1:5000/d.xml", "http://127.0.0.1:5000/") == "http://192.168.0.1:5000/");
  BOOST_TEST(*base_of("http://192.168.0.1:5000/d.xml", "http://127.0.0.1") == "http://192.168.0.1");
  // The unspecified address is a bind address printed by mistake: LOCATION's host and port win.
  BOOST_TEST(*base_of("http://192.168.0.1:5000/d.xml", "http://0.0.0.0:49152/x/") == "http://192.168.0.1:5000/x/");
  BOOST_TEST(*base_of("http://127.0.0.1:5000/d.xml", "http://0.0.0.0:80/") == "http://127.0.0.1:5000/");
  BOOST_TEST(*base_of("http://192.168.0.1:5000/d.xml", "http://LocalHost:8/") == "http://192.168.0.1:8/");
  BOOST_TEST(*base_of("http://[fd00::1]:5000/d.xml", "http://[::1]:5000/") == "http://[fd00::1]:5000/");
}

BOOST_AUTO_TEST_CASE(loopback_url_base_kept_when_location_is_loopback) {
  BOOST_TEST(*base_of("http://127.0.0.1:41000/d.xml", "http://127.0.0.1:41000/") == "http://127.0.0.1:41000/");
}

BOOST_AUTO_TEST_CASE(unusable_url_base_is_ignored) {
  BOOST_TEST(*base_of("http://192.168.1.1:5000/d.xml", "ftp://192.168.1.1/") == "http://192.168.1.1:5000/d.xml");
  BOOST_TEST(*base_of("http://192.168.1.1:5000/d.xml", "/relative/") == "http://192.168.1.1:5000/d.xml");
}

BOOST_AUTO_TEST_CASE(location_must_be_absolute_http) {
  auto r = effective_base(uv("ftp://192.168.1.1/d.xml"), std::nullopt);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST(r.error() == make_error_code(errc::invalid_url));
  BOOST_TEST(!effective_base(uv("http:/d.xml"), std::nullopt).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resolution)

struct resolve_case {
  std::string_view base, ref, expected;  // expected empty = invalid_url
};

const resolve_case resolve_cases[] = {
    {"http://192.168.1.1:5000/rootDesc.xml", "/ctl/IPConn", "http://192.168.1.1:5000/ctl/IPConn"},
    {"http://192.168.1.1:5000/rootDesc.xml", "ctl/IPConn", "http://192.168.1.1:5000/ctl/IPConn"},
    {"http://192.168.1.1:5000/desc/root.xml", "ctl/IPConn", "http://192.168.1.1:5000/desc/ctl/IPConn"},
    {"http://192.168.1.1:5000/desc/root.xml", "/ctl/IPConn", "http://192.168.1.1:5000/ctl/IPConn"},
    {"http://192.168.1.1:5000/desc/root.xml", "../ctl", "http://192.168.1.1:5000/ctl"},
    {"http://10.0.0.138/upnp/", "control/x", "http://10.0.0.138/upnp/control/x"},
    {"http://192.168.1.1:1900/igd.xml", "http://192.168.1.1:5431/control/WANIPConnection",
     "http://192.168.1.1:5431/control/WANIPConnection"},
    {"http://192.168.1.1:5000/d.xml", "  \n\t/ctl/trimmed \r\n", "http://192.168.1.1:5000/ctl/trimmed"},
    {"http://192.168.1.1:5000/d.xml", "?q=1", "http://192.168.1.1:5000/d.xml?q=1"},
    {"http://192.168.1.1:5000/d.xml", "", ""},
    {"http://192.168.1.1:5000/d.xml", "   ", ""},
    {"http://192.168.1.1:5000/d.xml", "file:///etc/passwd", ""},
    {"http://192.168.1.1:5000/d.xml", "gopher://192.168.1.1/x", ""},
    {"http://192.168.1.1:5000/d.xml", "http://[::1", ""},
    {"http://192.168.1.1:5000/d.xml", "/a b", ""},
};

BOOST_AUTO_TEST_CASE(rfc3986_table) {
  for (const auto& c : resolve_cases) {
    BOOST_TEST_CONTEXT("base=" << c.base << " ref='" << c.ref << "'") {
      auto r = resolve_service_url(uv(c.base), c.ref);
      if (c.expected.empty()) {
        BOOST_TEST_REQUIRE(r.has_error());
        BOOST_TEST(r.error() == make_error_code(errc::invalid_url));
      } else {
        BOOST_TEST_REQUIRE(r.has_value());
        BOOST_TEST(r->buffer() == c.expected);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ssrf_policy)

struct policy_case {
  std::string_view target, location;
  url_policy policy;
  bool allowed;
};

constexpr auto same = url_policy::same_host;
constexpr auto any = url_policy::allow_any_host;

// Each row's target differs from LOCATION's host in the way it names: other LAN host, the cloud
// metadata address, loopback, unspecified, multicast, another spelling. With equal hosts the
// address classes are equal by construction, so the host rule is the whole URL check.
const policy_case policy_cases[] = {
    {"http://192.168.1.1:5000/ctl", "http://192.168.1.1:5000/d.xml", same, true},
    {"http://192.168.1.1:5431/ctl", "http://192.168.1.1:5000/d.xml", same, true},   // port may differ
    {"https://192.168.1.1/ctl", "http://192.168.1.1:5000/d.xml", same, true},
    {"http://192.168.1.99/ctl", "http://192.168.1.1:5000/d.xml", same, false},      // other LAN host
    {"http://169.254.169.254/latest", "http://192.168.1.1:5000/d.xml", same, false},  // cloud metadata
    {"http://127.0.0.1:8080/admin", "http://192.168.1.1:5000/d.xml", same, false},
    {"http://0.0.0.0/ctl", "http://192.168.1.1:5000/d.xml", same, false},
    {"http://239.255.255.250:1900/", "http://192.168.1.1:5000/d.xml", same, false},
    {"http://127.0.0.1:9/ctl", "http://127.0.0.1:41000/d.xml", same, true},        // tests on loopback
    {"http://127.0.0.2:9/ctl", "http://127.0.0.1:41000/d.xml", same, false},
    {"http://[::1]:9/ctl", "http://127.0.0.1:41000/d.xml", same, false},
    {"http://[fe80::1]/ctl", "http://[fe80::1]:5000/d.xml", same, true},          // link-local router
    {"http://169.254.1.1/ctl", "http://169.254.1.1:5000/d.xml", same, true},
    {"http://[FD00::0001]/ctl", "http://[fd00::1]:5000/d.xml", same, true},       // same address, other spelling
    {"http://Router.LAN/ctl", "http://router.lan:5000/d.xml", same, true},
    {"http://router.lan.evil/ctl", "http://router.lan:5000/d.xml", same, false},
    {"http://localhost/ctl", "http://192.168.1.1:5000/d.xml", same, false},
    {"http://192.168.1.99/ctl", "http://192.168.1.1:5000/d.xml", any, true},
    {"http://169.254.169.254/latest", "http://192.168.1.1:5000/d.xml", any, true},
    {"ftp://192.168.1.1/ctl", "http://192.168.1.1:5000/d.xml", any, false},       // never non-http
    {"ftp://192.168.1.1/ctl", "http://192.168.1.1:5000/d.xml", same, false},
};

BOOST_AUTO_TEST_CASE(table) {
  for (const auto& c : policy_cases) {
    BOOST_TEST_CONTEXT(c.target << " from " << c.location << " policy " << static_cast<int>(c.policy)) {
      auto ec = check_url(uv(c.target), uv(c.location), c.policy);
      if (c.allowed) BOOST_TEST(!ec, ec.message());
      else BOOST_TEST(ec == make_error_code(errc::url_not_allowed));
    }
  }
}

// LOCATION from an SSDP answer is anchored to the answer's source: the half of the guard that
// used to live in discovery, now decided by the same function.
struct location_case {
  const char* location;
  const char* sender;
  url_policy policy;
  bool allowed;
};

const location_case location_cases[] = {
    {"http://192.168.1.1:5000/d.xml", "192.168.1.1", same, true},
    {"http://169.254.169.254/latest/meta-data", "192.168.1.1", same, false},  // forged LOCATION
    {"http://127.0.0.1:8080/admin", "192.168.1.1", same, false},              // our own loopback
    {"http://192.168.1.2:5000/d.xml", "192.168.1.1", same, false},            // another LAN host
    {"http://router.lan:5000/d.xml", "192.168.1.1", same, false},             // a name resolves anywhere
    {"http://[fe80::1]:5000/d.xml", "fe80::1%2", same, true},                 // link-local sender, scoped
    {"http://[fe80::2]:5000/d.xml", "fe80::1%2", same, false},
    {"http://169.254.169.254/latest/meta-data", "192.168.1.1", any, true},    // the caller's opt-out
    {"ftp://192.168.1.1/d.xml", "192.168.1.1", any, false},
};

BOOST_AUTO_TEST_CASE(location_must_name_the_sender) {
  for (const auto& c : location_cases) {
    BOOST_TEST_CONTEXT(c.location << " announced by " << c.sender << " policy " << static_cast<int>(c.policy)) {
      auto ec = check_url(uv(c.location), uv(c.location), c.policy, boost::asio::ip::make_address(c.sender));
      if (c.allowed) BOOST_TEST(!ec, ec.message());
      else BOOST_TEST(ec == make_error_code(errc::url_not_allowed));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
