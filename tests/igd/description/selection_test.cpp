#include <boost/test/unit_test.hpp>

#include "igdkit/igd/selection.hpp"

#include <vector>

using namespace igdkit::igd;
using boost::asio::ip::make_address;

namespace {

struct address_case {
  std::string_view address;
  bool reserved;
};

const address_case address_cases[] = {
    {"0.0.0.0", true},         {"0.255.255.255", true},   {"10.0.0.1", true},
    {"10.255.255.255", true},  {"11.0.0.1", false},       {"100.63.255.255", false},
    {"100.64.0.1", true},      {"100.127.255.255", true}, {"100.128.0.0", false},
    {"127.0.0.1", true},       {"169.254.1.1", true},     {"169.255.0.1", false},
    {"172.15.255.255", false}, {"172.16.0.1", true},      {"172.31.255.255", true},
    {"172.32.0.0", false},     {"192.0.0.8", true},       {"192.0.1.1", false},
    {"192.0.2.1", true},       {"192.88.99.1", true},     {"192.167.255.255", false},
    {"192.168.1.1", true},     {"192.169.0.0", false},    {"198.17.255.255", false},
    {"198.18.0.1", true},      {"198.19.255.255", true},  {"198.20.0.0", false},
    {"198.51.100.7", true},    {"203.0.113.9", true},     {"203.0.114.20", false},
    {"224.0.0.1", true},       {"239.255.255.250", true}, {"240.0.0.1", true},
    {"255.255.255.255", true}, {"8.8.8.8", false},        {"1.1.1.1", false},
    {"81.2.69.142", false},    {"223.255.255.255", false},
    {"::", true},              {"::1", true},             {"fe80::1", true},
    {"fd12:3456::1", true},    {"ff02::1", true},         {"2001:db8::1", true},
    {"2a00:1450::1", false},   {"::ffff:192.168.0.1", true}, {"::ffff:8.8.8.8", false},
};

}  // namespace

BOOST_AUTO_TEST_CASE(reserved_address_table) {
  for (const auto& c : address_cases) {
    BOOST_TEST_CONTEXT(c.address) { BOOST_TEST(is_reserved_address(make_address(c.address)) == c.reserved); }
  }
}

BOOST_AUTO_TEST_CASE(ipv4_scope_tells_cgnat_from_private) {
  auto scope = [](const char* a) { return classify_ipv4(boost::asio::ip::make_address_v4(a)); };
  BOOST_TEST((scope("100.64.0.1") == ipv4_scope::shared));
  BOOST_TEST((scope("100.127.255.255") == ipv4_scope::shared));
  BOOST_TEST((scope("100.128.0.0") == ipv4_scope::global));
  BOOST_TEST((scope("10.1.2.3") == ipv4_scope::private_use));
  BOOST_TEST((scope("172.16.0.1") == ipv4_scope::private_use));
  BOOST_TEST((scope("192.168.1.1") == ipv4_scope::private_use));
  BOOST_TEST((scope("0.0.0.0") == ipv4_scope::unspecified));
  BOOST_TEST((scope("169.254.1.1") == ipv4_scope::link_local));
  BOOST_TEST((scope("203.0.113.7") == ipv4_scope::documentation));
  BOOST_TEST((scope("255.255.255.255") == ipv4_scope::future_use));
  BOOST_TEST((scope("93.184.216.34") == ipv4_scope::global));
  BOOST_TEST(to_string(ipv4_scope::shared) == "shared (CGNAT)");
}

BOOST_AUTO_TEST_CASE(connected_status_spellings) {
  BOOST_TEST(is_connected_status("Connected"));
  BOOST_TEST(is_connected_status("Up"));
  BOOST_TEST(is_connected_status(" connected\r\n"));
  BOOST_TEST(is_connected_status("UP"));
  BOOST_TEST(!is_connected_status("Disconnected"));
  BOOST_TEST(!is_connected_status("Connecting"));
  BOOST_TEST(!is_connected_status("PendingDisconnect"));
  BOOST_TEST(!is_connected_status(""));
  BOOST_TEST(!is_connected_status("Connected2"));
}

namespace {

constexpr auto ip = service_kind::wan_ip_connection;
constexpr auto ppp = service_kind::wan_ppp_connection;

candidate make(service_kind kind, std::uint32_t version, std::string_view status, std::string_view addr = {}) {
  candidate c{kind, version, status, std::nullopt};
  if (!addr.empty()) c.external_ip = make_address(addr);
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(empty_or_non_wan_is_not_igd) {
  BOOST_TEST((select_connection({}).status == igd_status::not_igd));
  BOOST_TEST(!select_connection({}).index.has_value());
  std::vector<candidate> c{make(service_kind::wan_common_interface_config, 1, "Connected", "8.8.8.8"),
                           make(service_kind::other, 1, "Connected", "8.8.8.8")};
  auto s = select_connection(c);
  BOOST_TEST((s.status == igd_status::not_igd));
  BOOST_TEST(!s.index.has_value());
}

BOOST_AUTO_TEST_CASE(public_beats_reserved_beats_disconnected) {
  std::vector<candidate> c{make(ip, 2, "Disconnected", "81.2.69.142"), make(ip, 2, "Connected", "100.64.1.1"),
                           make(ppp, 1, "Up", "81.2.69.142")};
  auto s = select_connection(c);
  BOOST_TEST((s.status == igd_status::connected_public));
  BOOST_TEST(s.index.value() == 2u);  // a public PPP link beats a CGNAT'd IP:2 link

  c.pop_back();
  s = select_connection(c);
  BOOST_TEST((s.status == igd_status::connected_reserved));
  BOOST_TEST(s.index.value() == 1u);

  c.pop_back();
  s = select_connection(c);
  BOOST_TEST((s.status == igd_status::disconnected));
  BOOST_TEST(s.index.value() == 0u);
}

BOOST_AUTO_TEST_CASE(connected_without_address_counts_as_reserved) {
  std::vector<candidate> c{make(ip, 1, "Connected")};
  BOOST_TEST((select_connection(c).status == igd_status::connected_reserved));
}

BOOST_AUTO_TEST_CASE(within_rank_ip2_then_ip1_then_ppp) {
  std::vector<candidate> c{make(ppp, 2, "Connected", "81.2.69.142"), make(ip, 1, "Connected", "81.2.69.143"),
                           make(ip, 2, "Connected", "81.2.69.144"), make(ip, 1, "Connected", "81.2.69.145")};
  auto s = select_connection(c);
  BOOST_TEST((s.status == igd_status::connected_public));
  BOOST_TEST(s.index.value() == 2u);
  c.erase(c.begin() + 2);
  BOOST_TEST(select_connection(c).index.value() == 1u);  // ties keep document order
  c.erase(c.begin() + 1, c.end());
  BOOST_TEST(select_connection(c).index.value() == 0u);
}

BOOST_AUTO_TEST_CASE(disconnected_candidates_still_prefer_ip) {
  std::vector<candidate> c{make(ppp, 1, "Disconnected"), make(ip, 1, "Unconfigured")};
  auto s = select_connection(c);
  BOOST_TEST((s.status == igd_status::disconnected));
  BOOST_TEST(s.index.value() == 1u);
}
