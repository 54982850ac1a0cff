#define BOOST_TEST_MODULE igd_actions
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/actions/codec.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

using namespace igdkit::igd;
using namespace std::chrono_literals;

namespace {
struct uint_case {
  std::string_view text;
  std::optional<std::uint64_t> expected;  // nullopt: must be rejected
};

template <class T>
void check_uint_cases(std::initializer_list<uint_case> cases) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("text '" << c.text << "'") {
      T v{};
      const bool ok = decode_value(c.text, v);
      BOOST_TEST(ok == c.expected.has_value());
      if (ok && c.expected) BOOST_TEST(static_cast<std::uint64_t>(v) == *c.expected);
    }
  }
}
}  // namespace

BOOST_AUTO_TEST_CASE(ui2_is_strict_decimal_and_range_checked) {
  check_uint_cases<std::uint16_t>({{"0", 0},
                                   {"80", 80},
                                   {"65535", 65535},
                                   {" 8080\n", 8080},  // XML indentation
                                   {"0080", 80},
                                   {"65536", std::nullopt},
                                   {"70000", std::nullopt},
                                   {"-1", std::nullopt},
                                   {"+80", std::nullopt},
                                   {"abc", std::nullopt},
                                   {"80abc", std::nullopt},
                                   {"0x50", std::nullopt},
                                   {"8 0", std::nullopt},
                                   {"", std::nullopt},
                                   {"   ", std::nullopt},
                                   {"99999999999999999999999", std::nullopt}});
}

BOOST_AUTO_TEST_CASE(ui4_and_64_bit_counters) {
  check_uint_cases<std::uint32_t>({{"4294967295", 4294967295ull}, {"4294967296", std::nullopt}, {"-0", std::nullopt}});
  check_uint_cases<std::uint64_t>({{"6442450944", 6442450944ull},
                                   {"18446744073709551615", 18446744073709551615ull},
                                   {"18446744073709551616", std::nullopt},
                                   {"1e9", std::nullopt}});
}

BOOST_AUTO_TEST_CASE(boolean_spellings) {
  const struct {
    std::string_view text;
    std::optional<bool> expected;
  } cases[] = {{"1", true},   {"0", false},  {"true", true},          {"false", false},       {"TRUE", true},
               {"yes", true}, {"No", false}, {" 1 ", true},           {"2", std::nullopt},    {"", std::nullopt},
               {"on", std::nullopt}, {"truex", std::nullopt}, {"01", std::nullopt}};
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("text '" << c.text << "'") {
      bool v = !c.expected.value_or(false);
      const bool ok = decode_value(c.text, v);
      BOOST_TEST(ok == c.expected.has_value());
      if (ok) BOOST_TEST(v == *c.expected);
    }
  }
  std::string out;
  BOOST_TEST(encode_value(true, out));
  BOOST_TEST(out == "1");
  BOOST_TEST(encode_value(false, out));
  BOOST_TEST(out == "0");
}

BOOST_AUTO_TEST_CASE(lease_seconds_are_ui4) {
  std::chrono::seconds s{};
  BOOST_TEST(decode_value("3600", s));
  BOOST_TEST(s.count() == 3600);
  BOOST_TEST(!decode_value("one hour", s));
  BOOST_TEST(!decode_value("4294967296", s));
  std::string out;
  BOOST_TEST(!encode_value(std::chrono::seconds(-1), out));  // would otherwise read as "permanent"
  BOOST_TEST(!encode_value(std::chrono::seconds(4294967296), out));
  BOOST_TEST(encode_value(std::chrono::seconds(604800), out));
  BOOST_TEST(out == "604800");
}

BOOST_AUTO_TEST_CASE(hosts_keep_text_and_expose_addresses) {
  host_address h;
  BOOST_TEST(decode_value("192.168.1.10", h));
  BOOST_TEST(h.text() == "192.168.1.10");
  BOOST_REQUIRE(h.ip().has_value());
  BOOST_TEST(h.ip()->to_string() == "192.168.1.10");
  BOOST_TEST(!h.is_wildcard());

  BOOST_TEST(decode_value("my-pc.lan", h));  // hostnames survive for the router to resolve or refuse
  BOOST_TEST(h.text() == "my-pc.lan");
  BOOST_TEST(!h.ip().has_value());

  BOOST_TEST(decode_value("", h));
  BOOST_TEST(h.is_wildcard());
  BOOST_TEST(decode_value("*", h));
  BOOST_TEST(h.is_wildcard());

  const host_address v6(boost::asio::ip::make_address("2001:db8::1"));
  std::string out;
  BOOST_TEST(encode_value(v6, out));
  BOOST_TEST(out == "2001:db8::1");
}

BOOST_AUTO_TEST_CASE(external_ip_must_be_an_address_or_empty) {
  std::optional<boost::asio::ip::address> ip = boost::asio::ip::make_address("1.2.3.4");
  BOOST_TEST(decode_value("", ip));
  BOOST_TEST(!ip.has_value());
  BOOST_TEST(decode_value("203.0.113.7", ip));
  BOOST_REQUIRE(ip.has_value());
  BOOST_TEST(ip->to_string() == "203.0.113.7");
  BOOST_TEST(!decode_value("not-an-ip", ip));
  BOOST_TEST(!decode_value("300.1.1.1", ip));
}

BOOST_AUTO_TEST_CASE(protocol_keeps_raw_text) {
  wire_protocol p;
  BOOST_TEST(decode_value("tcp", p));
  BOOST_TEST(p.text() == "tcp");
  BOOST_TEST(!p.strict().has_value());
  BOOST_TEST((p.lenient() == igdkit::protocol::tcp));
  BOOST_TEST(decode_value("UDP", p));
  BOOST_TEST((p.strict() == igdkit::protocol::udp));
  BOOST_TEST(decode_value("SCTP", p));
  BOOST_TEST(!p.strict().has_value());
  BOOST_TEST(!p.lenient().has_value());
  BOOST_TEST(p.text() == "SCTP");
  std::string out;
  BOOST_TEST(encode_value(wire_protocol(igdkit::protocol::udp), out));
  BOOST_TEST(out == "UDP");
}
