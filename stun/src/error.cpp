#include "igdkit/stun/error.hpp"

#include <iterator>
#include <string>

namespace igdkit::stun {
namespace {

struct entry {
  std::string_view name;
  std::string_view message;
};

// Indexed by enumerator value; keep in declaration order.
constexpr entry entries[] = {
    {"unknown", "unknown STUN error"},
    {"truncated_header", "datagram is shorter than the 20-byte STUN header"},
    {"not_stun", "the two most significant bits of the message type are not zero"},
    {"bad_length", "message length is not a multiple of 4"},
    {"length_mismatch", "message length does not match the datagram size"},
    {"bad_magic_cookie", "magic cookie is not 0x2112A442"},
    {"unexpected_message_type", "message is not the expected Binding request or response"},
    {"transaction_mismatch", "transaction ID does not match the request"},
    {"truncated_attribute", "attribute runs past the end of the message"},
    {"unknown_required_attribute", "message carries an unknown comprehension-required attribute"},
    {"bad_address", "MAPPED-ADDRESS or XOR-MAPPED-ADDRESS is malformed"},
    {"unsupported_address_family", "address family is neither IPv4 (0x01) nor IPv6 (0x02)"},
    {"missing_mapped_address", "success response has no XOR-MAPPED-ADDRESS or MAPPED-ADDRESS"},
    {"bad_error_code", "ERROR-CODE is malformed (class 3-6, number 0-99)"},
    {"missing_error_code", "error response has no ERROR-CODE"},
    {"bad_fingerprint", "FINGERPRINT attribute is not 4 bytes long"},
    {"fingerprint_mismatch", "FINGERPRINT does not match the message's CRC-32"},
    {"attribute_after_fingerprint", "an attribute follows FINGERPRINT"},
    {"timeout", "no STUN answer before the deadline"},
};

class category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.stun"; }
  std::string message(int ev) const override {
    const bool known = ev > 0 && static_cast<std::size_t>(ev) < std::size(entries);
    return std::string(entries[known ? static_cast<std::size_t>(ev) : 0].message);
  }
};

class server_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.stun.server"; }
  std::string message(int ev) const override {
    switch (ev) {
      case 300: return "STUN 300 Try Alternate";
      case 400: return "STUN 400 Bad Request";
      case 401: return "STUN 401 Unauthenticated";
      case 403: return "STUN 403 Forbidden";
      case 420: return "STUN 420 Unknown Attribute";
      case 438: return "STUN 438 Stale Nonce";
      case 500: return "STUN 500 Server Error";
      default: return "STUN error " + std::to_string(ev);
    }
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const category_impl instance;
  return instance;
}

const std::error_category& server_category() noexcept {
  static const server_category_impl instance;
  return instance;
}

std::string_view to_string(errc e) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < std::size(entries) ? entries[i].name : entries[0].name;
}

}  // namespace igdkit::stun
