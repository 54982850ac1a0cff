#include "igdkit/stun/message.hpp"
#include "igdkit/address.hpp"

#include <boost/crc.hpp>

#include <algorithm>
#include <optional>

namespace igdkit::stun {
namespace {

namespace ip = boost::asio::ip;
using bytes = std::span<const std::uint8_t>;

constexpr std::size_t max_reason_bytes = 763;

std::uint16_t get16(bytes b, std::size_t at) noexcept {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::uint32_t get32(bytes b, std::size_t at) noexcept {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
         std::uint32_t{b[at + 3]};
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}

void set_length(std::vector<std::uint8_t>& m, std::size_t body) {
  m[2] = static_cast<std::uint8_t>(body >> 8);
  m[3] = static_cast<std::uint8_t>(body);
}

std::vector<std::uint8_t> start_message(std::uint16_t type, const transaction_id& id) {
  std::vector<std::uint8_t> m;
  m.reserve(64);
  put16(m, type);
  put16(m, 0);  // length, set as attributes are added
  put32(m, magic_cookie);
  m.insert(m.end(), id.begin(), id.end());
  return m;
}

void append_attribute(std::vector<std::uint8_t>& m, std::uint16_t type, bytes value) {
  put16(m, type);
  put16(m, static_cast<std::uint16_t>(value.size()));
  m.insert(m.end(), value.begin(), value.end());
  while (m.size() % 4 != 0) m.push_back(0);
  set_length(m, m.size() - header_size);
}

// The CRC covers the header with a length that already counts the FINGERPRINT attribute.
void append_fingerprint(std::vector<std::uint8_t>& m) {
  set_length(m, m.size() - header_size + 8);
  const auto crc = fingerprint_of(m);
  put16(m, attribute::fingerprint);
  put16(m, 4);
  put32(m, crc);
}

bool comprehension_required(std::uint16_t type) noexcept { return type < 0x8000; }

// Comprehension-required attributes this core understands, or knowingly passes over (the
// integrity and authentication attributes: this client uses no credentials).
bool known_required(std::uint16_t type) noexcept {
  using namespace attribute;
  switch (type) {
    case mapped_address:
    case username:
    case message_integrity:
    case error_code:
    case unknown_attributes:
    case realm:
    case nonce:
    case message_integrity_sha256:
    case password_algorithm:
    case userhash:
    case xor_mapped_address: return true;
    default: return false;
  }
}

struct header_view {
  std::uint16_t type = 0;
  transaction_id id{};
};

result<header_view> read_header(bytes d) {
  if (d.size() < header_size) return make_error_code(errc::truncated_header);
  if ((d[0] & 0xC0) != 0) return make_error_code(errc::not_stun);
  const std::size_t length = get16(d, 2);
  if (length % 4 != 0) return make_error_code(errc::bad_length);
  if (header_size + length != d.size()) return make_error_code(errc::length_mismatch);
  if (get32(d, 4) != magic_cookie) return make_error_code(errc::bad_magic_cookie);
  header_view h;
  h.type = get16(d, 0);
  std::copy_n(d.begin() + 8, h.id.size(), h.id.begin());
  return h;
}

// Walks the attributes after the header: `visit(type, value)` sees each one up to
// MESSAGE-INTEGRITY(-SHA256) (later ones are ignored, RFC 8489 section 14.5), then FINGERPRINT
// is checked (length, last, CRC). Sets `fingerprint` when one was present and matched.
template <class Visit>
std::error_code walk_attributes(bytes msg, bool& fingerprint, Visit&& visit) {
  std::size_t pos = header_size;
  bool after_integrity = false;
  fingerprint = false;
  while (pos < msg.size()) {
    if (fingerprint) return errc::attribute_after_fingerprint;
    if (msg.size() - pos < 4) return errc::truncated_attribute;
    const auto type = get16(msg, pos);
    const std::size_t length = get16(msg, pos + 2);
    const std::size_t padded = (length + 3) & ~std::size_t{3};
    if (msg.size() - pos - 4 < padded) return errc::truncated_attribute;
    const auto value = msg.subspan(pos + 4, length);
    if (type == attribute::fingerprint) {
      if (length != 4) return errc::bad_fingerprint;
      if (pos + 8 != msg.size()) return errc::attribute_after_fingerprint;
      if (get32(value, 0) != fingerprint_of(msg.first(pos))) return errc::fingerprint_mismatch;
      fingerprint = true;
    } else if (!after_integrity) {
      if (auto ec = visit(type, value)) return ec;
      if (type == attribute::message_integrity || type == attribute::message_integrity_sha256) after_integrity = true;
    }
    pos += 4 + padded;
  }
  return {};
}

result<ip::udp::endpoint> decode_address(bytes value, bool xored, const transaction_id& id) {
  if (value.size() < 4) return make_error_code(errc::bad_address);
  const auto family = value[1];  // value[0] is reserved: ignored on receipt
  auto port = get16(value, 2);
  if (xored) port = static_cast<std::uint16_t>(port ^ (magic_cookie >> 16));
  if (family == 0x01) {
    if (value.size() != 8) return make_error_code(errc::bad_address);
    auto a = get32(value, 4);
    if (xored) a ^= magic_cookie;
    return ip::udp::endpoint(ip::address_v4(a), port);
  }
  if (family == 0x02) {
    if (value.size() != 20) return make_error_code(errc::bad_address);
    ip::address_v6::bytes_type a{};
    std::copy_n(value.begin() + 4, a.size(), a.begin());
    if (xored) {
      std::array<std::uint8_t, 16> mask{};
      for (int i = 0; i < 4; ++i) mask[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(magic_cookie >> (24 - 8 * i));
      std::copy(id.begin(), id.end(), mask.begin() + 4);
      for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<unsigned char>(a[i] ^ mask[i]);
    }
    return ip::udp::endpoint(ip::address_v6(a), port);
  }
  return make_error_code(errc::unsupported_address_family);
}

std::vector<std::uint8_t> encode_xor_address(const ip::udp::endpoint& ep, const transaction_id& id) {
  std::vector<std::uint8_t> v;
  const auto address = unmapped(ep.address());
  v.push_back(0);
  v.push_back(address.is_v4() ? 0x01 : 0x02);
  put16(v, static_cast<std::uint16_t>(ep.port() ^ (magic_cookie >> 16)));
  if (address.is_v4()) {
    put32(v, address.to_v4().to_uint() ^ magic_cookie);
  } else {
    auto a = address.to_v6().to_bytes();
    std::array<std::uint8_t, 16> mask{};
    for (int i = 0; i < 4; ++i) mask[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(magic_cookie >> (24 - 8 * i));
    std::copy(id.begin(), id.end(), mask.begin() + 4);
    for (std::size_t i = 0; i < a.size(); ++i) v.push_back(static_cast<std::uint8_t>(a[i] ^ mask[i]));
  }
  return v;
}

result<binding_error> decode_error_code(bytes value) {
  if (value.size() < 4) return make_error_code(errc::bad_error_code);
  const int cls = value[2] & 0x07;
  const int number = value[3];
  if (cls < 3 || cls > 6 || number > 99) return make_error_code(errc::bad_error_code);
  binding_error e;
  e.code = cls * 100 + number;
  e.reason.assign(reinterpret_cast<const char*>(value.data()) + 4, value.size() - 4);
  return e;
}

// The longest prefix of at most `limit` bytes that does not split a UTF-8 sequence.
std::string_view cut_utf8(std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

std::uint32_t fingerprint_of(std::span<const std::uint8_t> data) noexcept {
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  return crc.checksum() ^ fingerprint_xor;
}

std::vector<std::uint8_t> build_binding_request(const transaction_id& id, const request_options& options) {
  auto m = start_message(binding_request_type, id);
  if (options.fingerprint) append_fingerprint(m);
  return m;
}

std::vector<std::uint8_t> build_binding_success(const transaction_id& id, const ip::udp::endpoint& mapped) {
  auto m = start_message(binding_success_type, id);
  append_attribute(m, attribute::xor_mapped_address, encode_xor_address(mapped, id));
  append_fingerprint(m);
  return m;
}

std::vector<std::uint8_t> build_binding_error(const transaction_id& id, int code, std::string_view reason,
                                              std::span<const std::uint16_t> unknown) {
  code = std::clamp(code, 300, 699);
  auto m = start_message(binding_error_type, id);
  std::vector<std::uint8_t> v{0, 0, static_cast<std::uint8_t>(code / 100), static_cast<std::uint8_t>(code % 100)};
  const auto text = cut_utf8(reason, max_reason_bytes);
  v.insert(v.end(), text.begin(), text.end());
  append_attribute(m, attribute::error_code, v);
  if (!unknown.empty()) {
    std::vector<std::uint8_t> list;
    for (const auto t : unknown.first(std::min(unknown.size(), max_unknown_attributes))) put16(list, t);
    append_attribute(m, attribute::unknown_attributes, list);
  }
  append_fingerprint(m);
  return m;
}

result<binding_response> parse_binding_response(std::span<const std::uint8_t> d, const transaction_id& expected) {
  auto h = read_header(d);
  if (!h) return h.error();
  if (h->type != binding_success_type && h->type != binding_error_type)
    return make_error_code(errc::unexpected_message_type);
  if (h->id != expected) return make_error_code(errc::transaction_mismatch);

  std::optional<ip::udp::endpoint> xor_mapped, mapped;
  std::optional<binding_error> error;
  std::vector<std::uint16_t> unknown;
  bool fingerprint = false;
  const auto ec = walk_attributes(d, fingerprint, [&](std::uint16_t type, bytes value) -> std::error_code {
    // Only the first of each attribute counts (RFC 8489 section 14).
    if (type == attribute::xor_mapped_address && !xor_mapped) {
      auto a = decode_address(value, true, expected);
      if (!a) return a.error();
      xor_mapped = *a;
    } else if (type == attribute::mapped_address && !mapped) {
      auto a = decode_address(value, false, expected);
      if (!a) return a.error();
      mapped = *a;
    } else if (type == attribute::error_code && !error) {
      auto e = decode_error_code(value);
      if (!e) return e.error();
      error = std::move(*e);
    } else if (type == attribute::unknown_attributes && unknown.empty()) {
      for (std::size_t i = 0; i + 1 < value.size() && unknown.size() < max_unknown_attributes; i += 2)
        unknown.push_back(get16(value, i));
    } else if (comprehension_required(type) && !known_required(type)) {
      return errc::unknown_required_attribute;
    }
    return {};
  });
  if (ec) return ec;

  if (h->type == binding_error_type) {
    if (!error) return make_error_code(errc::missing_error_code);
    error->unknown_attributes = std::move(unknown);
    return binding_response(std::move(*error));
  }
  binding_success s;
  if (xor_mapped) {
    s.mapped = *xor_mapped;
  } else if (mapped) {
    s.mapped = *mapped;
    s.source = address_source::mapped_address;
  } else {
    return make_error_code(errc::missing_mapped_address);
  }
  s.fingerprint = fingerprint;
  return binding_response(s);
}

result<binding_request> parse_binding_request(std::span<const std::uint8_t> d) {
  auto h = read_header(d);
  if (!h) return h.error();
  if (h->type != binding_request_type) return make_error_code(errc::unexpected_message_type);
  binding_request r;
  r.id = h->id;
  const auto ec = walk_attributes(d, r.fingerprint, [&](std::uint16_t type, bytes) -> std::error_code {
    if (comprehension_required(type) && !known_required(type) && r.unknown_required.size() < max_unknown_attributes &&
        std::find(r.unknown_required.begin(), r.unknown_required.end(), type) == r.unknown_required.end())
      r.unknown_required.push_back(type);
    return {};
  });
  if (ec) return ec;
  return r;
}

}  // namespace igdkit::stun
