// The STUN pure core: RFC 5769's sample messages, build/parse round trips, and one specific
// error per kind of malformed input.
#define BOOST_TEST_MODULE stun_message
#include <boost/test/unit_test.hpp>

#include "igdkit/stun/message.hpp"

#include <cctype>
#include <string>
#include <string_view>

using namespace igdkit;
using namespace igdkit::stun;
namespace ip = boost::asio::ip;

namespace {

// Hex with spaces and line breaks, as RFC 5769 prints its samples, to bytes.
std::vector<std::uint8_t> hex(std::string_view s) {
  std::string digits;
  for (const char c : s)
    if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
  return out;
}

const transaction_id rfc5769_id{0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

// RFC 5769 section 2.1: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT.
const auto sample_request = hex(R"(
  00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
  00 24 00 04 6e 00 01 ff
  80 29 00 08 93 2f f9 b1 51 26 3b 36
  00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
  00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
  80 28 00 04 e5 7a 3b cf)");

// RFC 5769 section 2.2: SOFTWARE, XOR-MAPPED-ADDRESS 192.0.2.1:32853, MESSAGE-INTEGRITY, FINGERPRINT.
const auto sample_ipv4_response = hex(R"(
  01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
  00 20 00 08 00 01 a1 47 e1 12 a6 43
  00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
  80 28 00 04 c0 7d 4c 96)");

// RFC 5769 section 2.3: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
const auto sample_ipv6_response = hex(R"(
  01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
  00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
  00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
  80 28 00 04 c8 fb 0b 4c)");

const transaction_id test_id{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

binding_success success_of(const std::vector<std::uint8_t>& wire, const transaction_id& id) {
  auto r = parse_binding_response(wire, id);
  BOOST_REQUIRE_MESSAGE(r.has_value(), (r.has_error() ? r.error().message() : std::string()));
  BOOST_REQUIRE(std::holds_alternative<binding_success>(*r));
  return std::get<binding_success>(*r);
}

std::error_code response_error(const std::vector<std::uint8_t>& wire, const transaction_id& id = test_id) {
  auto r = parse_binding_response(wire, id);
  return r.has_error() ? r.error() : std::error_code{};
}

// Re-seals a hand-edited message: fixes the length field and recomputes a trailing FINGERPRINT.
std::vector<std::uint8_t> reseal(std::vector<std::uint8_t> m) {
  const auto body = m.size() - header_size;
  m[2] = static_cast<std::uint8_t>(body >> 8);
  m[3] = static_cast<std::uint8_t>(body);
  if (m.size() >= header_size + 8 && m[m.size() - 8] == 0x80 && m[m.size() - 7] == 0x28) {
    const auto crc = fingerprint_of(std::span<const std::uint8_t>(m).first(m.size() - 8));
    for (int i = 0; i < 4; ++i) m[m.size() - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (24 - 8 * i));
  }
  return m;
}

// Fixes only the length field (a trailing FINGERPRINT, if any, is left as it was).
std::vector<std::uint8_t> fix_length(std::vector<std::uint8_t> m) {
  const auto body = m.size() - header_size;
  m[2] = static_cast<std::uint8_t>(body >> 8);
  m[3] = static_cast<std::uint8_t>(body);
  return m;
}

// A success response header for test_id followed by `attributes` (length fixed up, no FINGERPRINT).
std::vector<std::uint8_t> response_with(std::uint16_t type, std::string_view attributes) {
  auto m = hex("00 00 00 00 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c");
  m[0] = static_cast<std::uint8_t>(type >> 8);
  m[1] = static_cast<std::uint8_t>(type);
  const auto a = hex(attributes);
  m.insert(m.end(), a.begin(), a.end());
  return reseal(m);
}

}  // namespace

BOOST_AUTO_TEST_CASE(rfc5769_ipv4_response_decodes_xor_mapped_address) {
  const auto s = success_of(sample_ipv4_response, rfc5769_id);
  BOOST_TEST(s.mapped.address() == ip::make_address("192.0.2.1"));
  BOOST_TEST(s.mapped.port() == 32853);
  BOOST_TEST((s.source == address_source::xor_mapped_address));
  BOOST_TEST(s.fingerprint);  // the sample's FINGERPRINT checks out through MESSAGE-INTEGRITY
}

BOOST_AUTO_TEST_CASE(rfc5769_ipv6_response_decodes_xor_mapped_address) {
  const auto s = success_of(sample_ipv6_response, rfc5769_id);
  BOOST_TEST(s.mapped.address() == ip::make_address("2001:db8:1234:5678:11:2233:4455:6677"));
  BOOST_TEST(s.mapped.port() == 32853);
  BOOST_TEST(s.fingerprint);
}

BOOST_AUTO_TEST_CASE(rfc5769_sample_request_parses_on_the_server_side) {
  auto r = parse_binding_request(sample_request);
  BOOST_REQUIRE_MESSAGE(r.has_value(), (r.has_error() ? r.error().message() : std::string()));
  BOOST_TEST((r->id == rfc5769_id));
  BOOST_TEST(r->fingerprint);
  // PRIORITY (ICE, 0x0024) is comprehension-required and unknown here: a server answers 420.
  BOOST_REQUIRE_EQUAL(r->unknown_required.size(), 1u);
  BOOST_TEST(r->unknown_required[0] == 0x0024);
}

BOOST_AUTO_TEST_CASE(rfc5769_response_with_another_transaction_id_is_rejected) {
  auto other = rfc5769_id;
  other[11] ^= 1;
  BOOST_TEST(response_error(sample_ipv4_response, other) == errc::transaction_mismatch);
}

BOOST_AUTO_TEST_CASE(binding_request_wire_format) {
  const auto plain = build_binding_request(test_id, request_options{false});
  BOOST_TEST((plain == hex("00 01 00 00 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c")));
  const auto with_fp = build_binding_request(test_id);
  BOOST_REQUIRE_EQUAL(with_fp.size(), 28u);
  BOOST_TEST(with_fp[3] == 8);  // length counts the FINGERPRINT attribute
  BOOST_TEST(with_fp[20] == 0x80);
  BOOST_TEST(with_fp[21] == 0x28);
  auto parsed = parse_binding_request(with_fp);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((parsed->id == test_id));
  BOOST_TEST(parsed->fingerprint);
  BOOST_TEST(parsed->unknown_required.empty());
  BOOST_TEST(parse_binding_request(plain).has_value());
}

BOOST_AUTO_TEST_CASE(success_round_trip_ipv4_and_ipv6) {
  for (const char* text : {"203.0.113.10:54321", "[2001:db8::42]:3478", "0.0.0.0:0", "[::1]:65535"}) {
    const std::string_view t(text);
    const auto colon = t.rfind(':');
    auto host = std::string(t.substr(0, colon));
    if (host.front() == '[') host = host.substr(1, host.size() - 2);
    const ip::udp::endpoint ep(ip::make_address(host),
                               static_cast<std::uint16_t>(std::stoul(std::string(t.substr(colon + 1)))));
    const auto wire = build_binding_success(test_id, ep);
    BOOST_TEST(wire.size() % 4 == 0u);
    const auto s = success_of(wire, test_id);
    BOOST_TEST(s.mapped == ep, text);
    BOOST_TEST(s.fingerprint);
  }
}

BOOST_AUTO_TEST_CASE(v4_mapped_endpoint_is_sent_as_ipv4) {
  const ip::udp::endpoint ep(ip::make_address("::ffff:198.51.100.7"), 4000);
  const auto s = success_of(build_binding_success(test_id, ep), test_id);
  BOOST_TEST(s.mapped.address() == ip::make_address("198.51.100.7"));
}

BOOST_AUTO_TEST_CASE(error_round_trip) {
  const std::uint16_t unknown[] = {0x0024, 0x0042};
  const auto wire = build_binding_error(test_id, 420, "Unknown Attribute", unknown);
  auto r = parse_binding_response(wire, test_id);
  BOOST_REQUIRE(r.has_value());
  const auto* e = std::get_if<binding_error>(&*r);
  BOOST_REQUIRE(e != nullptr);
  BOOST_TEST(e->code == 420);
  BOOST_TEST(e->reason == "Unknown Attribute");
  BOOST_REQUIRE_EQUAL(e->unknown_attributes.size(), 2u);
  BOOST_TEST(e->unknown_attributes[1] == 0x0042);
  BOOST_TEST(make_server_error(e->code) == server_errc::unknown_attribute);
  BOOST_TEST(make_server_error(e->code).message() == "STUN 420 Unknown Attribute");
}

BOOST_AUTO_TEST_CASE(unknown_attribute_lists_are_capped) {
  std::vector<std::uint16_t> many(40000, 0x0042);  // would not fit the 16-bit message length
  const auto wire = build_binding_error(test_id, 420, "Unknown Attribute", many);
  auto r = parse_binding_response(wire, test_id);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(std::get<binding_error>(*r).unknown_attributes.size() == max_unknown_attributes);
  // A request naming more distinct unknown required attributes than that reports the first ones.
  auto request = build_binding_request(test_id, request_options{false});
  for (std::uint16_t t = 0x4000; t < 0x4100; ++t) request.insert(request.end(), {std::uint8_t(t >> 8), std::uint8_t(t), 0, 0});
  request[2] = static_cast<std::uint8_t>((request.size() - header_size) >> 8);
  request[3] = static_cast<std::uint8_t>(request.size() - header_size);
  auto parsed = parse_binding_request(request);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->unknown_required.size() == max_unknown_attributes);
  BOOST_TEST(parsed->unknown_required.front() == 0x4000);
}

BOOST_AUTO_TEST_CASE(error_reason_is_cut_at_a_character_boundary) {
  std::string reason;
  for (int i = 0; i < 400; ++i) reason += "\xc3\xa9";  // "é", 2 bytes each: 800 bytes
  auto r = parse_binding_response(build_binding_error(test_id, 500, reason), test_id);
  BOOST_REQUIRE(r.has_value());
  const auto& e = std::get<binding_error>(*r);
  BOOST_TEST(e.reason.size() == 762u);
  BOOST_TEST(e.code == 500);
}

BOOST_AUTO_TEST_CASE(mapped_address_is_the_fallback_and_xor_wins) {
  // MAPPED-ADDRESS 192.0.2.9:4660 alone.
  const auto only_mapped = response_with(binding_success_type, "00 01 00 08 00 01 12 34 c0 00 02 09");
  const auto a = success_of(only_mapped, test_id);
  BOOST_TEST(a.mapped == ip::udp::endpoint(ip::make_address("192.0.2.9"), 0x1234));
  BOOST_TEST((a.source == address_source::mapped_address));
  BOOST_TEST(!a.fingerprint);
  // MAPPED-ADDRESS first, then XOR-MAPPED-ADDRESS for 192.0.2.1:32853: XOR is preferred.
  const auto both =
      response_with(binding_success_type, "00 01 00 08 00 01 12 34 c0 00 02 09  00 20 00 08 00 01 a1 47 e1 12 a6 43");
  const auto b = success_of(both, test_id);
  BOOST_TEST(b.mapped == ip::udp::endpoint(ip::make_address("192.0.2.1"), 32853));
  BOOST_TEST((b.source == address_source::xor_mapped_address));
}

BOOST_AUTO_TEST_CASE(unknown_optional_attributes_are_skipped_with_padding) {
  // 0x8055 with 5 bytes (+3 padding), SOFTWARE with 1 byte (+3), then XOR-MAPPED-ADDRESS.
  const auto wire = response_with(binding_success_type,
                                  "80 55 00 05 01 02 03 04 05 ff ff ff  80 22 00 01 41 00 00 00"
                                  "00 20 00 08 00 01 a1 47 e1 12 a6 43");
  BOOST_TEST(success_of(wire, test_id).mapped.port() == 32853);
}

BOOST_AUTO_TEST_CASE(attributes_after_message_integrity_are_ignored) {
  // An unknown comprehension-required attribute after MESSAGE-INTEGRITY does not count.
  const auto wire = response_with(binding_success_type,
                                  "00 20 00 08 00 01 a1 47 e1 12 a6 43"
                                  "00 08 00 14 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                                  "7f 00 00 00");
  BOOST_TEST(success_of(wire, test_id).mapped.port() == 32853);
}

namespace {

struct malformed_case {
  const char* name;
  std::vector<std::uint8_t> wire;
  errc expected;
};

std::vector<malformed_case> malformed_cases() {
  const auto good = build_binding_success(test_id, ip::udp::endpoint(ip::make_address("203.0.113.10"), 4000));
  std::vector<malformed_case> v;
  v.push_back({"empty", {}, errc::truncated_header});
  v.push_back({"19 bytes", std::vector<std::uint8_t>(good.begin(), good.begin() + 19), errc::truncated_header});
  {
    auto m = good;
    m[0] |= 0x80;
    v.push_back({"top bits set", m, errc::not_stun});
  }
  {
    auto m = good;
    m[3] = static_cast<std::uint8_t>(m[3] + 2);
    v.push_back({"length not a multiple of 4", m, errc::bad_length});
  }
  {
    auto m = good;
    m.insert(m.end(), {0, 0, 0, 0});
    v.push_back({"datagram longer than length", m, errc::length_mismatch});
  }
  v.push_back({"datagram shorter than length", std::vector<std::uint8_t>(good.begin(), good.end() - 4),
               errc::length_mismatch});
  {
    auto m = good;
    m[4] = 0x22;
    v.push_back({"wrong cookie (RFC 3489 server)", m, errc::bad_magic_cookie});
  }
  v.push_back({"a request, not a response", build_binding_request(test_id), errc::unexpected_message_type});
  v.push_back({"indication", response_with(0x0011, ""), errc::unexpected_message_type});
  v.push_back({"another transaction", build_binding_success(transaction_id{}, {}), errc::transaction_mismatch});
  v.push_back({"attribute header cut", response_with(binding_success_type, "00 20 00 08"),
               errc::truncated_attribute});
  v.push_back({"attribute value runs past the end", response_with(binding_success_type, "00 20 00 0c 00 01 a1 47 e1 12 a6 43"),
               errc::truncated_attribute});
  v.push_back({"padding runs past the end", response_with(binding_success_type, "80 22 00 05 41 41 41 41"),
               errc::truncated_attribute});
  v.push_back({"unknown comprehension-required attribute",
               response_with(binding_success_type, "7f 00 00 00  00 20 00 08 00 01 a1 47 e1 12 a6 43"),
               errc::unknown_required_attribute});
  v.push_back({"IPv4 address with IPv6 length",
               response_with(binding_success_type, "00 20 00 0c 00 01 a1 47 e1 12 a6 43 00 00 00 00"),
               errc::bad_address});
  v.push_back({"IPv6 family with IPv4 length", response_with(binding_success_type, "00 20 00 08 00 02 a1 47 e1 12 a6 43"),
               errc::bad_address});
  v.push_back({"address too short", response_with(binding_success_type, "00 01 00 02 00 01 00 00"),
               errc::bad_address});
  v.push_back({"address family 3", response_with(binding_success_type, "00 20 00 08 00 03 a1 47 e1 12 a6 43"),
               errc::unsupported_address_family});
  v.push_back({"success without an address", response_with(binding_success_type, "80 22 00 04 41 42 43 44"),
               errc::missing_mapped_address});
  v.push_back({"error without ERROR-CODE", response_with(binding_error_type, ""), errc::missing_error_code});
  v.push_back({"ERROR-CODE class 2", response_with(binding_error_type, "00 09 00 04 00 00 02 00"),
               errc::bad_error_code});
  v.push_back({"ERROR-CODE number 100", response_with(binding_error_type, "00 09 00 04 00 00 04 64"),
               errc::bad_error_code});
  v.push_back({"ERROR-CODE too short", response_with(binding_error_type, "00 09 00 02 00 00 00 00"),
               errc::bad_error_code});
  v.push_back({"FINGERPRINT of 8 bytes", response_with(binding_success_type, "80 28 00 08 00 00 00 00 00 00 00 00"),
               errc::bad_fingerprint});
  {
    auto m = good;
    m.back() ^= 0xff;
    v.push_back({"FINGERPRINT wrong", m, errc::fingerprint_mismatch});
  }
  {
    auto m = good;
    m.insert(m.end(), {0x80, 0x22, 0x00, 0x00});
    v.push_back({"attribute after FINGERPRINT", fix_length(m), errc::attribute_after_fingerprint});
  }
  return v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(malformed_responses_each_give_their_error) {
  for (const auto& c : malformed_cases()) {
    const auto ec = response_error(c.wire);
    BOOST_TEST((ec == c.expected), c.name << ": got " << ec.message() << ", expected " << to_string(c.expected));
  }
}

BOOST_AUTO_TEST_CASE(malformed_requests) {
  BOOST_TEST(parse_binding_request({}).error() == errc::truncated_header);
  BOOST_TEST(parse_binding_request(build_binding_success(test_id, {})).error() == errc::unexpected_message_type);
  auto m = build_binding_request(test_id);
  m.back() ^= 1;
  BOOST_TEST(parse_binding_request(m).error() == errc::fingerprint_mismatch);
}

BOOST_AUTO_TEST_CASE(every_prefix_and_every_byte_flip_is_handled) {
  // No input crashes; every rejection names a stun::errc.
  const auto wire = sample_ipv6_response;
  for (std::size_t n = 0; n < wire.size(); ++n) {
    auto r = parse_binding_response(std::span<const std::uint8_t>(wire).first(n), rfc5769_id);
    BOOST_TEST(r.has_error());
    if (r.has_error()) BOOST_TEST((r.error().category() == category()));
  }
  for (std::size_t i = 0; i < wire.size(); ++i) {
    auto m = wire;
    m[i] ^= 0x5a;
    auto r = parse_binding_response(m, rfc5769_id);
    if (r.has_error()) BOOST_TEST((r.error().category() == category()));
  }
}

BOOST_AUTO_TEST_CASE(error_names) {
  BOOST_TEST(to_string(errc::fingerprint_mismatch) == "fingerprint_mismatch");
  BOOST_TEST(to_string(errc::timeout) == "timeout");
  BOOST_TEST(std::error_code(errc::timeout).category().name() == std::string("igdkit.stun"));
  BOOST_TEST(make_server_error(699).message() == "STUN error 699");
}
