#pragma once
// Typed message -> datagram, in exactly the digest's wire formats (§1.2, §1.4, §1.5).
// Fails with invalid_header_value when a text field would break the header block (CR, LF,
// control characters), and datagram_too_large past max_datagram_size.
#include "igdkit/result.hpp"
#include "igdkit/ssdp/messages.hpp"

#include <string>

namespace igdkit::ssdp {

result<std::string> build(const search_request& m);
result<std::string> build(const search_response& m);
result<std::string> build(const notify_message& m);

}  // namespace igdkit::ssdp
